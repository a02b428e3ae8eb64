"""``cwnlp measures``: train, rebuild, discover categories, and export sentences to label.

Every command turns a failure into a one-line ``Error: ...`` message and a non-zero
exit status; no traceback reaches the researcher.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import click

__all__ = ["measures"]


def _friendly(func: Callable[..., Any]) -> Callable[..., Any]:
    """Report any exception as a one-line click error (exit status 1)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:
            message = " ".join(str(exc).split()) or type(exc).__name__
            raise click.ClickException(message) from None

    return wrapper


@click.group(name="measures", invoke_without_command=True)
@click.option("--db", default=None, type=click.Path(dir_okay=False), help="Classify the store's documents.")
@click.option(
    "--model", "model_path", default=None, type=click.Path(dir_okay=False), help="default: shipped model"
)
@click.pass_context
def measures(ctx: click.Context, db: str | None, model_path: str | None) -> int | None:
    """Classify campaign-measure sentences and build measure models.

    With --db (and no sub-command) every canonical document of the store is
    classified and the ``measures`` table is replaced document by document.
    """
    if ctx.invoked_subcommand is not None:
        return None
    if db is None:
        click.echo(ctx.get_help())
        return 0
    from cwnlp.api import classify_measures

    summary = classify_measures(db, model_path)
    click.echo(
        f"classified {summary.counts['documents']} documents: {summary.counts['measure sentences']} measure sentences"
    )
    for failure in summary.failures[:5]:
        click.echo(f"  {failure.input} ({failure.stage}): {failure.error}", err=True)
    return summary.exit_code


@measures.command("train")
@click.option(
    "--taxonomy", "taxonomy_path", required=True, type=click.Path(dir_okay=False), help="taxonomy YAML"
)
@click.option(
    "--labels", "labels_path", required=True, type=click.Path(dir_okay=False), help="CSV: sentence,labels"
)
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="model file (.skops)")
@click.option("--folds", default=5, show_default=True, help="cross-validation folds for the report")
@click.option("--no-report", is_flag=True, help="skip the cross-validated report")
@_friendly
def train_cmd(taxonomy_path: str, labels_path: str, out_path: str, folds: int, no_report: bool) -> None:
    """Train a model on your own taxonomy and labelled sentences."""
    from cwnlp.measures.classifier import MeasureClassifier
    from cwnlp.measures.data import read_labelled_csv
    from cwnlp.measures.taxonomy import Taxonomy

    taxonomy = Taxonomy.load(taxonomy_path)
    sentences, labels = read_labelled_csv(labels_path, taxonomy)
    taxonomy.check_labels(labels, where=labels_path)
    click.echo(f"{len(sentences)} sentences, {len(taxonomy.codes)} categories")
    if not no_report:
        _print_report(sentences, labels, taxonomy, folds)
    model = MeasureClassifier(taxonomy=taxonomy).fit(sentences, labels)
    click.echo(f"model written to {_save_atomic(model, out_path)}")


def _print_report(sentences: list[str], labels: list[list[str]], taxonomy: Any, folds: int) -> None:
    from cwnlp.measures.evaluate import cross_validate, format_report

    if len(sentences) < 2 * folds:
        click.echo(f"(too few sentences for a {folds}-fold report; skipped)")
        return
    table = cross_validate(sentences, labels, taxonomy, n_splits=folds)
    click.echo(f"cross-validated scores ({folds} folds, iterative stratification):")
    click.echo(format_report(table))


def _save_atomic(model: Any, out_path: str | Path) -> Path:
    """Save to a temporary file first so a failed run never leaves half a model."""
    from cwnlp.measures.persist import save_model

    out = Path(out_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(suffix=".skops", dir=out.parent)
    os.close(fd)
    try:
        save_model(model, tmp)
        os.replace(tmp, out)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return out


@measures.command("train-default")
@click.option(
    "--out",
    "out_path",
    default=None,
    type=click.Path(dir_okay=False),
    help="default: models/measures/default.skops",
)
@_friendly
def train_default_cmd(out_path: str | None) -> None:
    """Rebuild the default model from corpora/measures/labelled.csv."""
    from cwnlp.measures.persist import default_model_path, train_default

    path = Path(out_path) if out_path else default_model_path()
    model = train_default(path)
    click.echo(f"trained on the default corpus ({len(model.classes_)} categories); model written to {path}")


def _read_jsonl_texts(path: str | Path) -> list[tuple[str, str]]:
    """(id, text) of each JSONL record with a non-empty ``text``; errors name the line."""
    from cwnlp.measures.data import decode_bytes

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"input file not found: {path}")
    text, _ = decode_bytes(path.read_bytes(), str(path))
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}: line {n}: not valid JSON ({exc.msg})") from None
        if isinstance(record, dict) and isinstance(record.get("text"), str) and record["text"].strip():
            out.append((str(record.get("id", n)), record["text"]))
    if not out:
        raise ValueError(f"{path}: no records with a 'text' field")
    return out


def _sentences_of(docs: list[tuple[str, str]]) -> list[str]:
    """Distinct sentences of the documents, in order."""
    from cwnlp.text.sentences import split_sentences

    seen: dict[str, None] = {}
    for doc_id, text in docs:
        for sent in split_sentences(text, doc_id):
            seen.setdefault(sent.text, None)
    return list(seen)


@lru_cache(maxsize=1)
def _action_words() -> tuple[str, ...]:
    path = Path(__file__).resolve().parents[1] / "measures" / "action_words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@measures.command("discover")
@click.option(
    "--input", "input_path", required=True, type=click.Path(dir_okay=False), help="JSONL with 'text'"
)
@click.option("--k", "n_topics", default=8, show_default=True, help="number of candidate categories")
@click.option("--method", type=click.Choice(["nmf", "kmeans"]), default="nmf", show_default=True)
@click.option("--terms", "n_terms", default=10, show_default=True, help="top terms per category")
@click.option("--examples", "n_examples", default=3, show_default=True, help="example sentences per category")
@click.option(
    "--out", "out_path", default=None, type=click.Path(dir_okay=False), help="write a YAML taxonomy skeleton"
)
@_friendly
def discover_cmd(
    input_path: str, n_topics: int, method: str, n_terms: int, n_examples: int, out_path: str | None
) -> None:
    """Propose candidate categories from measure-like sentences."""
    from cwnlp.measures.discover import discover, skeleton_yaml

    sentences = _sentences_of(_read_jsonl_texts(input_path))
    measure_like = [s for s in sentences if any(w in s for w in _action_words())]
    click.echo(f"{len(measure_like)} measure-like sentences of {len(sentences)}")
    topics = discover(measure_like, n_topics=n_topics, method=method, n_terms=n_terms, n_examples=n_examples)
    for i, topic in enumerate(topics, 1):
        click.echo(f"\n[{i}] {len(topic.members)} sentences | " + " ".join(topic.terms))
        for example in topic.examples:
            click.echo(f"    - {example}")
    if out_path:
        Path(out_path).write_text(skeleton_yaml(topics), encoding="utf-8")
        click.echo(f"\nskeleton written to {out_path}")


@measures.command("label")
@click.option(
    "--input", "input_path", required=True, type=click.Path(dir_okay=False), help="JSONL with 'text'"
)
@click.option(
    "--model", "model_path", default=None, type=click.Path(dir_okay=False), help="default: shipped model"
)
@click.option("--out", "out_path", required=True, type=click.Path(dir_okay=False), help="CSV to label")
@click.option("--n", "n", default=50, show_default=True, help="number of sentences to export")
@_friendly
def label_cmd(input_path: str, model_path: str | None, out_path: str, n: int) -> None:
    """Export the sentences the model is least sure about, for labelling."""
    from cwnlp.measures.active import least_certain
    from cwnlp.measures.data import write_labelled_csv
    from cwnlp.measures.persist import default_model_path, load_model

    model = load_model(model_path or default_model_path())
    sentences = _sentences_of(_read_jsonl_texts(input_path))
    picked = least_certain(model, sentences, n)
    write_labelled_csv(out_path, [p[0] for p in picked], [p[1] for p in picked], [p[2] for p in picked])
    click.echo(
        f"{len(picked)} sentences written to {out_path} (labels are the model's guesses: correct them)"
    )
