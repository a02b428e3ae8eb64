"""The Python API: one function per CLI command, with the same names and options.

Each function streams its inputs through the stage functions and writes every
result to the store as soon as it exists, so an interrupted run keeps what it
already did and a re-run does only what is missing.
"""

from __future__ import annotations

import json
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from cwnlp.model import Document, Failure, to_record
from cwnlp.store.duck import Store

log = logging.getLogger("cwnlp")
T = TypeVar("T")

#: progress(iterable, description, total) -> iterable; the CLI passes a rich bar
Progress = Callable[[Iterable[T], str, int | None], Iterable[T]]

REPO_ROOT = Path(__file__).resolve().parents[1]
DEMO_CORPUS = REPO_ROOT / "corpora" / "demo"

#: fields of a `cwnlp clean` output record, in order
CLEAN_FIELDS = (
    "id",
    "url",
    "title",
    "date",
    "text",
    "source",
    "reporters",
    "editors",
    "captions",
    "correspondents",
    "photo_credits",
    "original_title",
    "datetime",
    "encoding",
)


def _no_progress(items: Iterable[T], description: str, total: int | None = None) -> Iterable[T]:
    return items


@dataclass
class RunSummary:
    """What a command did: counts, failures and time taken."""

    command: str
    counts: Counter = field(default_factory=Counter)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """0 when every input was handled, 1 when some became failures rows."""
        return 1 if self.failures else 0


def _record_failure(store: Store | None, summary: RunSummary, failure: Failure) -> None:
    summary.failures.append(failure)
    summary.counts["failures"] += 1
    log.warning("%s failed at %s: %s", failure.input, failure.stage, failure.error)
    if store is not None:
        store.write("failures", [failure])


# -- scrape ------------------------------------------------------------------
def scrape(
    urls: Iterable[str] = (),
    db: str | Path = "cwnlp.duckdb",
    fetch_settings: Any = None,
    clean_settings: Any = None,
    refresh: bool = False,
    progress: Progress = _no_progress,
) -> RunSummary:
    """Fetch URLs politely, clean each page and store it; re-runs skip stored pages."""
    from cwnlp.scrape.fetch import FetchSettings, iter_fetch, url_id
    from cwnlp.text.clean import CleanSettings, clean_html

    fetch_settings = fetch_settings or FetchSettings()
    clean_settings = clean_settings or CleanSettings()
    summary = RunSummary("scrape")
    started = time.perf_counter()
    urls = list(dict.fromkeys(u.strip() for u in urls if u and u.strip()))
    with Store(db) as store:
        known = set() if refresh else store.document_ids()
        todo = [u for u in urls if url_id(u) not in known]
        summary.counts["skipped (already stored)"] = len(urls) - len(todo)
        for item in progress(iter_fetch(todo, fetch_settings), "fetching", len(todo)):
            if isinstance(item, Failure):
                _record_failure(store, summary, item)
                continue
            summary.counts["fetched from cache" if item.from_cache else "fetched"] += 1
            try:
                doc = clean_html(item, clean_settings)
            except Exception as exc:  # one bad page must not end the crawl
                _record_failure(
                    store, summary, Failure(item.url or item.id, "clean", f"{type(exc).__name__}: {exc}")
                )
                continue
            doc.url = doc.url or item.url
            if item.final_url and item.final_url != item.url:
                doc.extra["final_url"] = item.final_url
            doc.input = item.url
            if not doc.text.strip():
                _record_failure(
                    store, summary, Failure(item.url or item.id, "clean", "no article text found")
                )
                continue
            store.write("documents", [doc])
            summary.counts["documents"] += 1
        _dedup_store(store, summary)
    summary.seconds = time.perf_counter() - started
    return summary


# -- clean -------------------------------------------------------------------
def clean(
    paths: Iterable[str | Path],
    output: str | Path,
    clean_settings: Any = None,
    progress: Progress = _no_progress,
) -> RunSummary:
    """Clean HTML files without a store: one JSON record per page in ``output``.

    Pages that cannot be cleaned are listed in ``<output stem>.failures.jsonl``.
    """
    from cwnlp.model import RawPage
    from cwnlp.scrape.ingest import HTML_SUFFIXES, expand_paths
    from cwnlp.text.clean import CleanSettings, clean_html

    clean_settings = clean_settings or CleanSettings()
    summary = RunSummary("clean")
    started = time.perf_counter()
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    files = [p for p in expand_paths(paths) if p.suffix.lower() in HTML_SUFFIXES or not p.exists()]
    with output.open("w", encoding="utf-8") as out:
        for path in progress(files, "cleaning", len(files)):
            try:
                page = RawPage(id=path.stem, content=path.read_bytes(), path=str(path))
                doc = clean_html(page, clean_settings)
                if not doc.text.strip():
                    raise ValueError("no article text found")
            except Exception as exc:  # a bad file becomes a failures row
                _record_failure(None, summary, Failure(str(path), "clean", f"{type(exc).__name__}: {exc}"))
                continue
            record = {name: getattr(doc, name) for name in CLEAN_FIELDS}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            summary.counts["documents"] += 1
    summary.outputs.append(str(output))
    if summary.failures:
        failures_path = output.with_name(output.stem + ".failures.jsonl")
        _write_jsonl(failures_path, (to_record(f) for f in summary.failures))
        summary.outputs.append(str(failures_path))
    summary.seconds = time.perf_counter() - started
    return summary


# -- ingest ------------------------------------------------------------------
def ingest(
    paths: Iterable[str | Path],
    db: str | Path = "cwnlp.duckdb",
    ingest_settings: Any = None,
    progress: Progress = _no_progress,
) -> RunSummary:
    """Read HTML, text captures, JSONL or CSV into the store, then group reposts."""
    from cwnlp.scrape.ingest import IngestSettings, iter_ingest

    ingest_settings = ingest_settings or IngestSettings()
    summary = RunSummary("ingest")
    started = time.perf_counter()
    with Store(db) as store:
        for item in progress(iter_ingest(paths, ingest_settings), "ingesting", None):
            if isinstance(item, Failure):
                _record_failure(store, summary, item)
            else:
                store.write("documents", [item])
                summary.counts["documents"] += 1
        _dedup_store(store, summary)
    summary.seconds = time.perf_counter() - started
    return summary


# -- dedup -------------------------------------------------------------------
def dedup(db: str | Path = "cwnlp.duckdb", settings: Any = None) -> RunSummary:
    """Group near-duplicate documents in the store and mark one canonical copy each."""
    summary = RunSummary("dedup")
    started = time.perf_counter()
    with Store(db) as store:
        _dedup_store(store, summary, settings)
    summary.seconds = time.perf_counter() - started
    return summary


def _dedup_store(store: Store, summary: RunSummary, settings: Any = None) -> None:
    from cwnlp.text.dedup import find_duplicates

    docs = store.documents()
    if not docs:
        return
    marked = find_duplicates(docs, settings).records
    changed = [
        new
        for old, new in zip(docs, marked, strict=True)
        if (old.dup_group, old.is_canonical) != (new.dup_group, new.is_canonical)
    ]
    store.write("documents", changed)
    summary.counts["duplicates (non-canonical copies)"] = sum(not d.is_canonical for d in marked)


# -- export ------------------------------------------------------------------
def export(
    db: str | Path, table: str = "documents", fmt: str = "jsonl", out: str | Path | None = None
) -> RunSummary:
    """Write one store table as parquet, csv or jsonl."""
    summary = RunSummary("export")
    started = time.perf_counter()
    out = Path(out) if out else Path(f"{table}.{fmt}")
    with Store(db) as store:
        store.export(table, fmt, out)
        summary.counts[f"{table} rows"] = store.count(table)
    summary.outputs.append(str(out))
    summary.seconds = time.perf_counter() - started
    return summary


# -- helpers -----------------------------------------------------------------
def _write_jsonl(path: Path, records: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")


def read_jsonl(path: str | Path) -> Iterator[dict]:
    """Records of a JSONL file; blank lines are skipped."""
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


# -- extract -----------------------------------------------------------------
def _read_article_lines(path: Path, summary: RunSummary) -> Iterator[Document]:
    """Articles of a JSONL file (``id`` and ``text``; ``date`` and ``title`` used as context).

    Every other key is ignored, so a gold file is valid input.  A line that is not
    UTF-8, not JSON, or has no text becomes a failure naming the line.
    """
    with path.open("rb") as fh:
        for lineno, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError as exc:
                _record_failure(
                    None, summary, Failure(where, "read", f"line {lineno} is not valid UTF-8 ({exc.reason})")
                )
                continue
            except json.JSONDecodeError as exc:
                _record_failure(
                    None, summary, Failure(where, "read", f"line {lineno} is not JSON: {exc.msg}")
                )
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                _record_failure(None, summary, Failure(where, "read", f"line {lineno} has no string 'text'"))
                continue
            date = record.get("date")
            yield Document(
                id=str(record.get("id") or f"{path.stem}-{lineno}"),
                text=record["text"],
                title=record.get("title") if isinstance(record.get("title"), str) else None,
                date=date if isinstance(date, str) and len(date) >= 4 else None,
                input=where,
            )


def extract(
    input: str | Path | None = None,
    output: str | Path | None = None,
    db: str | Path | None = None,
    settings: Any = None,
    batch_size: int = 16,
    progress: Progress = _no_progress,
) -> RunSummary:
    """Extract entities, relations and measures from a JSONL file or from the store.

    With ``input``/``output``: one record per article in ``output``
    (``{"id", "entities", "measures", "relations"}``).  With ``db``: the
    ``entities``, ``relations`` and ``measures`` tables of the store are replaced
    for every canonical document.
    """
    from cwnlp.extract.pipeline import ExtractSettings, extract_documents
    from cwnlp.pipeline import chunks

    settings = settings or ExtractSettings()
    summary = RunSummary("extract")
    started = time.perf_counter()
    if db is not None:
        with Store(db) as store:
            docs = store.documents(canonical_only=True)
            for part in chunks(progress(docs, "extracting", len(docs)), batch_size):
                batch = extract_documents(part, settings)
                _store_extractions(store, batch.records, summary)
                for failure in batch.failures:
                    _record_failure(store, summary, failure)
    elif input is not None and output is not None:
        output = Path(output)
        output.parent.mkdir(parents=True, exist_ok=True)
        docs_iter = _read_article_lines(Path(input), summary)
        with output.open("w", encoding="utf-8") as out:
            for part in chunks(progress(docs_iter, "extracting", None), batch_size):
                batch = extract_documents(part, settings)
                for result in batch.records:
                    out.write(json.dumps(result.to_prediction(), ensure_ascii=False) + "\n")
                    _count_extraction(summary, result)
                for failure in batch.failures:
                    _record_failure(None, summary, failure)
        summary.outputs.append(str(output))
        if summary.failures:
            failures_path = output.with_name(output.stem + ".failures.jsonl")
            _write_jsonl(failures_path, (to_record(f) for f in summary.failures))
            summary.outputs.append(str(failures_path))
    else:
        raise ValueError("extract needs input and output files, or a store (db)")
    summary.seconds = time.perf_counter() - started
    return summary


def _count_extraction(summary: RunSummary, result: Any) -> None:
    summary.counts["documents"] += 1
    for ent in result.entities:
        summary.counts[f"entities: {ent.type}"] += 1
    summary.counts["relations"] += len(result.relations)
    summary.counts["measure sentences"] += len(result.measures)


def _store_extractions(store: Store, results: list, summary: RunSummary) -> None:
    ids = [r.doc_id for r in results]
    store.replace_for_documents("entities", ids, [e for r in results for e in r.entities])
    store.replace_for_documents("relations", ids, [x for r in results for x in r.relations])
    store.replace_for_documents("measures", ids, [m for r in results for m in r.measures])
    for result in results:
        _count_extraction(summary, result)


# -- measures ----------------------------------------------------------------
def classify_measures(db: str | Path, model: str | Path | None = None, batch_size: int = 64) -> RunSummary:
    """Label the measure sentences of every canonical document in the store."""
    from cwnlp.measures.classifier import classify_documents
    from cwnlp.measures.persist import default_model_path, load_model_cached
    from cwnlp.pipeline import chunks

    if not Path(db).exists():
        raise FileNotFoundError(f"no store at {db}")
    summary = RunSummary("measures")
    started = time.perf_counter()
    classifier = load_model_cached(str(model or default_model_path()))
    with Store(db) as store:
        docs = store.documents(canonical_only=True)
        for part in chunks(docs, batch_size):
            batch = classify_documents(part, classifier)
            failed = {f.input for f in batch.failures}
            done = [d.id for d in part if d.id not in failed]
            store.replace_for_documents("measures", done, [m for m in batch.records if m.doc_id in set(done)])
            summary.counts["documents"] += len(done)
            summary.counts["measure sentences"] += len(batch.records)
            for failure in batch.failures:
                _record_failure(store, summary, failure)
    summary.seconds = time.perf_counter() - started
    return summary


# -- eval --------------------------------------------------------------------
def evaluate(gold: str | Path, pred: str | Path | None = None, settings: Any = None) -> Any:
    """Score predictions (or a fresh extraction of the gold texts) against a gold file."""
    import tempfile

    from cwnlp.evaluate import score

    gold_records = list(read_jsonl(gold))
    if pred is None:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "pred.jsonl"
            extract(input=gold, output=out, settings=settings)
            predictions = list(read_jsonl(out))
    else:
        predictions = list(read_jsonl(pred))
    return score(gold_records, predictions)


# -- demo --------------------------------------------------------------------
def demo(
    out: str | Path = "out", corpus: str | Path = DEMO_CORPUS, progress: Progress = _no_progress
) -> RunSummary:
    """The main job on a corpus of saved pages: ingest, group reposts, extract, graph, export.

    Writes ``out/demo.duckdb``, per table ``out/<table>.csv`` (plus the documents
    as JSONL and parquet), and the network in every export format under ``out/graph``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise FileNotFoundError(f"demo corpus not found at {corpus}")
    db = out / "demo.duckdb"
    summary = RunSummary("demo")
    started = time.perf_counter()
    pages = sorted(p for p in corpus.iterdir() if p.suffix.lower() in {".html", ".htm"})
    for step in (ingest(pages, db, progress=progress), extract(db=db, progress=progress)):
        summary.counts.update({f"{step.command}: {k}": v for k, v in step.counts.items()})
        summary.failures.extend(step.failures)
    with Store(db) as store:
        from cwnlp.graph import export_graph, graph_from_store

        graph = graph_from_store(store)
        summary.counts["graph: nodes"] = graph.number_of_nodes()
        summary.counts["graph: edges"] = graph.number_of_edges()
        export_graph(graph, out / "graph")
        store.export("documents", "jsonl", out / "documents.jsonl")
        store.export("documents", "parquet", out / "documents.parquet")
        for table in ("documents", "entities", "relations", "measures", "failures"):
            store.export(table, "csv", out / f"{table}.csv")
    summary.outputs = [str(db), str(out / "documents.jsonl"), str(out / "documents.parquet")] + [
        str(out / f"{t}.csv") for t in ("documents", "entities", "relations", "measures", "failures")
    ]
    summary.outputs.append(f"{out / 'graph'}/ (GraphML, GEXF, JSON, Cytoscape, CSV, Neo4j, HTML)")
    summary.seconds = time.perf_counter() - started
    return summary
