"""Benchmark entity extraction: cwnlp against jieba POS tags and jiagu NER, quality and speed.

Quality: ``cwnlp extract`` and the two baselines of ``baselines.py`` run over the
gold articles in ../shared/eval (dev.gold.jsonl, seeds.gold.jsonl, read at run
time) and are scored with ``cwnlp.evaluate.score``.  Speed: characters per second
of ``extract_documents`` over the dev texts repeated to at least 1 MiB of UTF-8,
the model loaded once and warmed up, against ``jieba.posseg`` over the same
documents in the same run; peak memory as tracemalloc peak and ru_maxrss.

    .venv/bin/python benchmarks/bench_extract.py [--quick] [--no-measures] [--out bench_extract.json]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from baselines import BASELINES, BaselineUnavailable, jieba_tagger

from cwnlp import api
from cwnlp.evaluate import ENTITY_TYPES, Report, score
from cwnlp.extract.pipeline import ExtractSettings, extract_documents
from cwnlp.model import Document
from cwnlp.pipeline import chunks

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD_FILES = {"dev": "dev.gold.jsonl", "seeds": "seeds.gold.jsonl"}
SYSTEMS = ("cwnlp", *BASELINES)
ATTRIBUTES = ("PERSON.title", "AMOUNT.value", "DATE.norm")
MIB = 1 << 20
MEMORY_SAMPLE_BYTES = 100_000  # tracemalloc slows Python ~5x; the peak per batch does not grow with text
BATCH_SIZE = 16  # as in `cwnlp extract`
Runner = Callable[[list[Document]], int]  # runs a system over documents, returns failures


# -- quality -----------------------------------------------------------------
def report_record(report: Report) -> dict[str, Any]:
    """The scorer's report as JSON, plus the attribute counts behind each accuracy."""
    out = report.as_dict()
    out["attribute_counts"] = {k: {"correct": c, "total": n} for k, (c, n) in report.attributes.items()}
    return out


def run_cwnlp(gold: Path, settings: ExtractSettings, notes: list[str]) -> tuple[list[dict], bool]:
    """Predictions of ``cwnlp extract`` on a gold file, and whether measures were produced.

    When every article fails with measures on (e.g. no measures model yet), the
    run is repeated with measures off, so the entity scores still count.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "pred.jsonl"
        summary = api.extract(input=gold, output=out, settings=settings)
        predictions = list(api.read_jsonl(out))
        if not predictions and summary.failures and settings.measures:
            notes.append(
                f"cwnlp on {gold.name}: every article failed with measures on "
                f"({summary.failures[0].error}); scored again with measures off"
            )
            return run_cwnlp(gold, dataclasses.replace(settings, measures=False), notes)
    for failure in summary.failures:
        notes.append(f"cwnlp failed on {failure.input}: {failure.error}")
    return predictions, settings.measures


def quality(shared: Path, settings: ExtractSettings, notes: list[str]) -> dict[str, Any]:
    """Scores of cwnlp and both baselines on each gold file found in ``shared/eval``."""
    result: dict[str, Any] = {}
    for name, filename in GOLD_FILES.items():
        path = shared / "eval" / filename
        if not path.is_file():
            notes.append(f"{path} not found; skipped")
            continue
        gold = list(api.read_jsonl(path))
        predictions, measures = run_cwnlp(path, settings, notes)
        systems: dict[str, Any] = {"cwnlp": report_record(score(gold, predictions))}
        for baseline, predict in BASELINES.items():
            try:
                systems[baseline] = report_record(score(gold, predict(gold)))
            except BaselineUnavailable as exc:
                notes.append(f"{baseline}: {exc}")
                systems[baseline] = None
        result[name] = {"file": filename, "articles": len(gold), "measures": measures, "systems": systems}
    return result


def _prf(counts: dict[str, float] | None) -> list[str]:
    if counts is None:
        return ["–", "–", "–"]
    return [f"{counts['p']:.3f}", f"{counts['r']:.3f}", f"{counts['f1']:.3f}"]


def _accuracy(record: dict[str, Any] | None, name: str) -> str:
    counts = (record or {}).get("attribute_counts", {}).get(name)
    if not counts or not counts["total"]:
        return "–"
    return f"{counts['correct'] / counts['total']:.3f} ({counts['correct']}/{counts['total']})"


def markdown_quality(part: dict[str, Any]) -> str:
    """Side-by-side P/R/F1 per entity type, then attribute accuracy, for one gold file."""
    systems = part["systems"]
    header = "| | " + " | ".join(f"{s} P | {s} R | {s} F1" for s in SYSTEMS) + " |"
    lines = [
        f"**{part['file']}** ({part['articles']} articles)",
        "",
        header,
        "| --- |" + " ---: |" * (3 * len(SYSTEMS)),
    ]
    for etype in (*ENTITY_TYPES, "ALL"):
        cells = [c for s in SYSTEMS for c in _prf((systems[s] or {}).get("entities", {}).get(etype))]
        name = "**ALL entities**" if etype == "ALL" else etype
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    # the baselines predict no measures or relations: their zeros would say nothing
    for key, label in (("measures", "measure labels"), ("relations", "relations")):
        shown = systems["cwnlp"][key] if (key != "measures" or part["measures"]) else None
        cells = _prf(shown) + ["–"] * (3 * (len(SYSTEMS) - 1))
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "| attribute accuracy (matched entities) | " + " | ".join(SYSTEMS) + " |"]
    lines.append("| --- |" + " ---: |" * len(SYSTEMS))
    for attr in ATTRIBUTES:
        # the baselines give no titles, values or norms
        cells = [_accuracy(systems["cwnlp"], attr)] + ["–"] * (len(SYSTEMS) - 1)
        lines.append(f"| {attr} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# -- speed -------------------------------------------------------------------
def repeat_documents(records: list[dict], target_bytes: int) -> list[Document]:
    """The records' texts as Documents, repeated until they hold ``target_bytes`` of UTF-8."""
    usable = [r for r in records if isinstance(r.get("text"), str) and r["text"].strip()]
    if not usable:
        raise ValueError("no article texts to time")
    docs: list[Document] = []
    size = 0
    while size < target_bytes:
        record = usable[len(docs) % len(usable)]
        date = record.get("date") if isinstance(record.get("date"), str) else None
        docs.append(Document(id=f"{record['id']}#{len(docs)}", text=record["text"], date=date))
        size += len(record["text"].encode("utf-8"))
    return docs


def _prefix(docs: list[Document], max_bytes: int) -> list[Document]:
    out, size = [], 0
    for doc in docs:
        if out and size >= max_bytes:
            break
        out.append(doc)
        size += len(doc.text.encode("utf-8"))
    return out


def _maxrss_mb() -> float:
    # Linux reports kilobytes; a process-wide high-water mark
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _rate(seconds: float, docs: list[Document]) -> float:
    return round(sum(len(d.text) for d in docs) / seconds, 1) if seconds > 0 else 0.0


def _cwnlp_runner(settings: ExtractSettings) -> Runner:
    def run(docs: list[Document]) -> int:
        # results are dropped per batch, as `cwnlp extract` writes them out per batch
        return sum(len(extract_documents(part, settings).failures) for part in chunks(docs, BATCH_SIZE))

    return run


def _jieba_run(docs: list[Document]) -> int:
    tagger = jieba_tagger()
    for doc in docs:
        list(tagger.cut(doc.text))
    return 0


def warm_cwnlp(docs: list[Document], settings: ExtractSettings, notes: list[str]) -> ExtractSettings:
    """Load and warm the pipeline (and measures model); without measures if they cannot run."""
    warm = extract_documents(docs[:2], settings)
    if warm.failures and settings.measures:
        notes.append(f"speed: measures failed ({warm.failures[0].error}); timed without measures")
        settings = dataclasses.replace(settings, measures=False)
        warm = extract_documents(docs[:2], settings)
    if warm.failures:
        notes.append(f"speed: cwnlp failed on warm-up documents ({warm.failures[0].error})")
    return settings


def time_system(run: Runner, docs: list[Document], warm: Callable[[], Any]) -> dict[str, Any]:
    """Load/warm-up time, characters per second and ru_maxrss around each step."""
    started = time.perf_counter()
    warm()
    loaded = time.perf_counter()
    rss_loaded = _maxrss_mb()
    failures = run(docs)
    seconds = time.perf_counter() - loaded
    return {
        "load_seconds": round(loaded - started, 3),
        "seconds": round(seconds, 3),
        "chars_per_second": _rate(seconds, docs),
        "failures": failures,
        "ru_maxrss_mb_after_load": rss_loaded,
        "ru_maxrss_mb_after_run": _maxrss_mb(),
    }


def traced_peak_mb(run: Runner, docs: list[Document]) -> float:
    """tracemalloc peak (MB) of one run over already-loaded models: the working memory."""
    tracemalloc.start()
    try:
        run(docs)
        return round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
    finally:
        tracemalloc.stop()


def speed(records: list[dict], target_bytes: int, settings: ExtractSettings, notes: list[str]) -> dict:
    """Characters per second and memory of cwnlp and of jieba.posseg on the same documents.

    Order matters: ru_maxrss is a high-water mark, so both timed runs come before
    the tracemalloc passes (whose bookkeeping costs memory), and tracemalloc only
    watches a sample after loading (loading under it takes over a minute).
    """
    docs = repeat_documents(records, target_bytes)
    rss_start = _maxrss_mb()
    state = {"settings": settings}

    def warm() -> None:
        state["settings"] = warm_cwnlp(docs, settings, notes)

    cwnlp = time_system(lambda d: _cwnlp_runner(state["settings"])(d), docs, warm)
    jieba = time_system(_jieba_run, docs, lambda: _jieba_run(docs[:2]))
    sample = _prefix(docs, MEMORY_SAMPLE_BYTES)
    cwnlp["tracemalloc_peak_mb"] = traced_peak_mb(_cwnlp_runner(state["settings"]), sample)
    jieba["tracemalloc_peak_mb"] = traced_peak_mb(_jieba_run, sample)
    ratio = cwnlp["chars_per_second"] / jieba["chars_per_second"] if jieba["chars_per_second"] else None
    return {
        "documents": len(docs),
        "text_chars": sum(len(d.text) for d in docs),
        "text_bytes": sum(len(d.text.encode("utf-8")) for d in docs),
        "memory_sample_chars": sum(len(d.text) for d in sample),
        "batch_size": BATCH_SIZE,
        "measures": state["settings"].measures,
        "relations": state["settings"].relations,
        "ru_maxrss_mb_at_start": rss_start,
        "cwnlp": cwnlp,
        "jieba_posseg": jieba,
        "ratio_cwnlp_over_jieba": round(ratio, 3) if ratio is not None else None,
    }


def markdown_speed(result: dict) -> str:
    """A small table of the speed run."""
    steps = "entities" + (" + relations" if result["relations"] else "")
    steps += " + measures" if result["measures"] else ""
    lines = [
        f"**speed** ({result['text_chars']:,} characters = {result['text_bytes']:,} bytes "
        f"in {result['documents']} documents; cwnlp runs {steps})",
        "",
        "| | chars/s | seconds | load s | ru_maxrss MB after load / run | tracemalloc peak MB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, key in (("cwnlp extract_documents", "cwnlp"), ("jieba.posseg", "jieba_posseg")):
        r = result[key]
        lines.append(
            f"| {name} | {r['chars_per_second']:,.0f} | {r['seconds']:.2f} | {r['load_seconds']:.2f} | "
            f"{r['ru_maxrss_mb_after_load']} / {r['ru_maxrss_mb_after_run']} | {r['tracemalloc_peak_mb']} |"
        )
    lines += [
        "",
        f"cwnlp / jieba speed ratio: **{result['ratio_cwnlp_over_jieba']}**.  ru_maxrss is the process "
        f"high-water mark ({result['ru_maxrss_mb_at_start']} MB after imports; jieba runs after cwnlp); "
        f"tracemalloc peak is the working memory of a {result['memory_sample_chars']:,}-character "
        "sample with the models already loaded.",
    ]
    return "\n".join(lines)


# -- main --------------------------------------------------------------------
def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="time a small text (for the smoke test)")
    parser.add_argument(
        "--no-measures", action="store_true", help="skip measures and relations: time entity finding alone"
    )
    parser.add_argument("--out", type=Path, help="write all results as JSON here")
    parser.add_argument(
        "--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)"
    )
    parser.add_argument("--size-mb", type=float, default=1.0, help="MiB of UTF-8 text to time (default 1)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    dev = args.shared / "eval" / GOLD_FILES["dev"]
    if not dev.is_file():
        print(f"error: gold file not found: {dev} (is ../shared beside the repository?)", file=sys.stderr)
        return 2
    settings = ExtractSettings(measures=not args.no_measures, relations=not args.no_measures)
    target = int((0.03 if args.quick else args.size_mb) * MIB)
    notes: list[str] = []
    logging.getLogger("cwnlp").setLevel(logging.ERROR)  # failures are summarised in the notes instead
    # speed before quality, so ru_maxrss is not raised by the baselines' models
    speed_result = speed(list(api.read_jsonl(dev)), target, settings, notes)
    quality_result = quality(args.shared, settings, notes)
    text = "\n\n".join(
        [*(markdown_quality(part) for part in quality_result.values()), markdown_speed(speed_result)]
    )
    if notes:
        text += "\n\nNotes:\n" + "\n".join(f"- {n}" for n in notes)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        result = {
            "settings": {"quick": args.quick, "measures": settings.measures, "target_bytes": target},
            "quality": quality_result,
            "speed": speed_result,
            "notes": notes,
            "markdown": text,
        }
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
