"""``cwnlp train``: rebuild the statistical models shipped in ``models/`` from the repository.

Register it in the main CLI with ``cli.add_command(train)``; further model
commands (``measures``) join the same group.  Errors print one line on stderr
and exit with 3 (the command could not run).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

EXIT_FATAL = 3
SPAN_FILTER_FILE = "span_filter.skops"


class TrainCommandError(click.ClickException):
    """Training could not run (missing or malformed corpus, unwritable output)."""

    exit_code = EXIT_FATAL


@click.group("train")
def train() -> None:
    """Train the statistical models shipped in models/."""


@train.command("ner")
@click.option(
    "--corpus",
    type=click.Path(dir_okay=False),
    default=None,
    help="Annotated corpus in the gold format with mentions [default: corpora/ner/train.jsonl].",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default=None,
    help="Folder for the model files [default: models/ner].",
)
@click.option(
    "--folds", default=5, show_default=True, type=click.IntRange(min=2), help="Cross-validation folds."
)
@click.option("--seed", default=0, show_default=True, help="Seed of the fold split and the solver.")
@click.option("--c", "c", default=0.5, show_default=True, type=float, help="Inverse regularisation strength.")
def ner(corpus: str | None, out: str | None, folds: int, seed: int, c: float) -> None:
    """Train the candidate filter of the entity extractor and print cross-validated P/R/F1."""
    from cwnlp.extract.learn.span_filter import default_model_path
    from cwnlp.extract.learn.training import TrainSettings, train_span_filter

    out_dir = Path(out) if out else default_model_path().parent
    settings = TrainSettings(folds=folds, seed=seed, C=c)
    try:
        result = train_span_filter(corpus, out_dir / SPAN_FILTER_FILE, settings)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TrainCommandError(f"cannot train the NER filter: {exc}") from None
    click.echo(format_cv(result.cv))
    click.echo(f"wrote {result.path}")


def format_cv(cv: dict[str, Any]) -> str:
    """The cross-validated scores of rules alone and rules + filter, one line per type."""
    lines = [
        f"{cv['articles']} articles, {cv['candidates']} candidates ({cv['positives']} gold), "
        f"{cv['folds']}-fold cross-validation, seed {cv['seed']}",
        "thresholds: " + ", ".join(f"{t} {v:.2f}" for t, v in cv["thresholds"].items()),
        f"{'':8}{'rules P':>9}{'R':>7}{'F1':>7}{'filter P':>10}{'R':>7}{'F1':>7}",
    ]
    for etype, before in cv["rules"].items():
        after = cv["filtered"][etype]
        lines.append(
            f"{etype:8}{before['p']:>9.3f}{before['r']:>7.3f}{before['f1']:>7.3f}"
            f"{after['p']:>10.3f}{after['r']:>7.3f}{after['f1']:>7.3f}"
        )
    return "\n".join(lines)


@train.command("measures")
@click.pass_context
@click.option(
    "--out",
    "out_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="default: models/measures/default.skops",
)
def measures_model(ctx: click.Context, out_path: str | None) -> None:
    """Rebuild the default measure classifier from corpora/measures/labelled.csv."""
    from cwnlp.cli.measures import train_default_cmd

    ctx.invoke(train_default_cmd, out_path=out_path)
