"""The ``cwnlp`` command line.  Every command calls the function of the same name in
:mod:`cwnlp.api`, so what the CLI does the Python API does too.

Exit codes: 0 everything handled; 1 some inputs failed (see the failures table or
file); 2 wrong usage; 3 the command could not run at all (message on stderr).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cwnlp import api

T = TypeVar("T")
EXIT_FATAL = 3
err_console = Console(stderr=True)
out_console = Console()


def progress_bar(items: Iterable[T], description: str, total: int | None = None) -> Iterable[T]:
    """A rich progress bar on stderr around any loop over documents."""
    columns = [TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn()]
    with Progress(*columns, console=err_console, transient=False, disable=not err_console.is_terminal) as bar:
        task = bar.add_task(description, total=total)
        for item in items:
            yield item
            bar.advance(task)


def print_summary(summary: api.RunSummary) -> None:
    table = Table(title=f"cwnlp {summary.command}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in summary.counts.items():
        table.add_row(str(key), str(value))
    table.add_row("seconds", f"{summary.seconds:.2f}")
    out_console.print(table)
    for path in summary.outputs:
        out_console.print(f"wrote {path}")
    if summary.failures:
        err_console.print(f"[yellow]{len(summary.failures)} input(s) failed; first ones:[/yellow]")
        for failure in summary.failures[:5]:
            err_console.print(f"  {failure.input} ({failure.stage}): {failure.error}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", count=True, help="More logging (-v info, -vv debug).")
@click.version_option(package_name="cwnlp")
@click.pass_context
def cli(ctx: click.Context, verbose: int) -> None:
    """cwnlp: turn Chinese campaign news into research data."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.obj = {"verbose": verbose}


db_option = click.option(
    "--db",
    default="cwnlp.duckdb",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="DuckDB store file.",
)


@cli.command()
@click.argument("urls", nargs=-1)
@click.option(
    "--urls", "url_file", type=click.Path(exists=True, dir_okay=False), help="File with one URL per line."
)
@click.option(
    "--html", "html_dir", type=click.Path(exists=True), help="Folder of saved HTML pages instead of URLs."
)
@db_option
@click.option("--cache", default=".cwnlp-cache", show_default=True, help="On-disk cache of raw responses.")
@click.option("--delay", default=1.0, show_default=True, help="Seconds between two requests to one host.")
@click.option("--timeout", default=20.0, show_default=True, help="Seconds per request.")
@click.option("--retries", default=3, show_default=True, help="Retries on 5xx, 429 and connection errors.")
@click.option("--user-agent", default=None, help="User-Agent header.")
@click.option("--time-limit", default=None, type=float, help="Stop the crawl after this many seconds.")
@click.option("--to-simplified", is_flag=True, help="Convert traditional characters to simplified.")
@click.option("--refresh", is_flag=True, help="Fetch again pages already in the store.")
def scrape(
    urls,
    url_file,
    html_dir,
    db,
    cache,
    delay,
    timeout,
    retries,
    user_agent,
    time_limit,
    to_simplified,
    refresh,
):
    """Fetch news pages (URLs, --urls FILE) or read saved ones (--html DIR) into the store."""
    from cwnlp.text.clean import CleanSettings

    clean_settings = CleanSettings(to_simplified=to_simplified)
    if html_dir:
        from cwnlp.scrape.ingest import IngestSettings

        summary = api.ingest([html_dir], db, IngestSettings(clean=clean_settings), progress=progress_bar)
    else:
        from cwnlp.scrape.fetch import FetchSettings

        all_urls = list(urls)
        if url_file:
            all_urls += [line.strip() for line in Path(url_file).read_text(encoding="utf-8").splitlines()]
        all_urls = [u for u in all_urls if u and not u.startswith("#")]
        if not all_urls:
            raise click.UsageError("give URLs, --urls FILE or --html DIR")
        settings = FetchSettings(
            cache_dir=Path(cache) if cache else None,
            per_host_delay=delay,
            timeout=timeout,
            max_retries=retries,
            crawl_time_limit=time_limit,
        )
        if user_agent:
            settings.user_agent = user_agent
        summary = api.scrape(all_urls, db, settings, clean_settings, refresh=refresh, progress=progress_bar)
    print_summary(summary)
    return summary.exit_code


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="JSONL file to write.")
@click.option("--to-simplified", is_flag=True, help="Convert traditional characters to simplified.")
def clean(paths, output, to_simplified):
    """Clean saved HTML pages (files or folders) into one JSON record per page, without a store."""
    from cwnlp.text.clean import CleanSettings

    summary = api.clean(paths, output, CleanSettings(to_simplified=to_simplified), progress=progress_bar)
    print_summary(summary)
    return summary.exit_code


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option(
    "--text-column", default="text", show_default=True, help="CSV/JSONL column holding the article text."
)
@click.option("--id-column", default="id", show_default=True, help="CSV/JSONL column holding the article id.")
@click.option("--to-simplified", is_flag=True, help="Convert traditional characters to simplified.")
def ingest(paths, db, text_column, id_column, to_simplified):
    """Read corpora you already hold (.html, .txt page captures, .jsonl, .csv) into the store."""
    from cwnlp.scrape.ingest import IngestSettings
    from cwnlp.text.clean import CleanSettings

    settings = IngestSettings(
        text_column=text_column, id_column=id_column, clean=CleanSettings(to_simplified=to_simplified)
    )
    summary = api.ingest(paths, db, settings, progress=progress_bar)
    print_summary(summary)
    return summary.exit_code


@cli.command()
@db_option
@click.option("--threshold", default=0.7, show_default=True, help="Jaccard similarity that makes a repost.")
def dedup(db, threshold):
    """Group reposts of one article (exact and near duplicates) and mark a canonical copy."""
    from cwnlp.text.dedup import DedupSettings

    summary = api.dedup(_existing_db(db), DedupSettings(threshold=threshold))
    print_summary(summary)
    return summary.exit_code


@cli.command()
@db_option
@click.option(
    "--table",
    default="documents",
    show_default=True,
    type=click.Choice(["documents", "failures", "sentences", "entities", "relations", "measures"]),
)
@click.option(
    "--format", "fmt", default="jsonl", show_default=True, type=click.Choice(["parquet", "csv", "jsonl"])
)
@click.option("--out", "-o", type=click.Path(dir_okay=False), help="Output file (default TABLE.FORMAT).")
def export(db, table, fmt, out):
    """Export a store table as parquet, csv or jsonl."""
    summary = api.export(_existing_db(db), table, fmt, out)
    print_summary(summary)
    return summary.exit_code


@cli.command()
@click.option(
    "--input",
    "-i",
    "input_path",
    type=click.Path(exists=True, dir_okay=False),
    help="JSONL with id and text.",
)
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False), help="JSONL to write, one record per article."
)
@click.option(
    "--db", default=None, type=click.Path(dir_okay=False), help="Run over the store instead of files."
)
@click.option(
    "--lexicon", "lexicon_dir", type=click.Path(exists=True, file_okay=False), help="Folder of user lexicons."
)
@click.option("--no-measures", is_flag=True, help="Skip measure classification.")
@click.option(
    "--span-filter", is_flag=True, help="Also run the trained unit/place candidate filter (models/ner)."
)
def extract(input_path, output, db, lexicon_dir, no_measures, span_filter):
    """Extract people, units, places, amounts, dates, relations and measures."""
    from cwnlp.extract.pipeline import DEFAULT_PIPES, ExtractSettings, with_span_filter

    pipes = with_span_filter(DEFAULT_PIPES) if span_filter else DEFAULT_PIPES
    settings = ExtractSettings(lexicon_dir=lexicon_dir, measures=not no_measures, pipes=pipes)
    if db:
        summary = api.extract(db=_existing_db(db), settings=settings, progress=progress_bar)
    elif input_path and output:
        summary = api.extract(input=input_path, output=output, settings=settings, progress=progress_bar)
    else:
        raise click.UsageError("give --input and --output, or --db")
    print_summary(summary)
    return summary.exit_code


@cli.command("eval")
@click.option(
    "--gold", required=True, type=click.Path(exists=True, dir_okay=False), help="Gold JSONL (schema format)."
)
@click.option(
    "--pred",
    type=click.Path(exists=True, dir_okay=False),
    help="Predictions; default: extract the gold texts.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def eval_command(gold, pred, as_json):
    """Per-type precision/recall/F1 and attribute accuracies against a gold file."""
    import json

    from cwnlp.evaluate import format_report

    report = api.evaluate(gold, pred)
    if as_json:
        click.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        click.echo(format_report(report))
    return 0


@cli.command()
@click.option(
    "--out", default="out", show_default=True, type=click.Path(file_okay=False), help="Output folder."
)
@click.option("--corpus", default=str(api.DEMO_CORPUS), show_default=True, type=click.Path(file_okay=False))
def demo(out, corpus):
    """Run the main job (ingest, dedup, extract, export) on the bundled demo corpus."""
    summary = api.demo(out, corpus, progress=progress_bar)
    print_summary(summary)
    return summary.exit_code


def _register_subcommands() -> None:
    # command groups that live in their own modules
    from cwnlp.cli.graph import graph
    from cwnlp.cli.measures import measures
    from cwnlp.cli.train import train

    cli.add_command(graph)
    cli.add_command(measures)
    cli.add_command(train)


_register_subcommands()


def _existing_db(db: str) -> str:
    if not Path(db).exists():
        raise click.UsageError(f"no store at {db}; create one with `cwnlp ingest` or `cwnlp scrape`")
    return db


def main(argv: list[str] | None = None) -> None:
    """Console entry point: turns every error into a message and an exit code."""
    verbose = any(a in ("-v", "-vv", "--verbose") for a in (argv or sys.argv[1:]))
    try:
        code = cli.main(args=argv, prog_name="cwnlp", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.ClickException as exc:
        exc.show()
        code = exc.exit_code
    except (click.Abort, KeyboardInterrupt):
        err_console.print("interrupted; what was stored so far is kept, re-run to continue")
        code = 130
    except Exception as exc:  # the user gets a message, not a traceback
        if verbose:
            logging.getLogger("cwnlp").exception("command failed")
        err_console.print(f"[red]error:[/red] {type(exc).__name__}: {exc}")
        code = EXIT_FATAL
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
