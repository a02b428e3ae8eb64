"""Benchmark body extraction and dates: cwnlp vs plain trafilatura vs readability-lxml.

Pages: the real pages in ../shared/pages/readability-zh (expected body =
Readability's kept HTML) and the project demo pages in corpora/demo
(manifest.csv with expected title/date, bodies in corpora/demo/expected/<id>.txt).

    .venv/bin/python benchmarks/bench_clean.py --out bench_clean.json

Prints a Markdown table; body score is character-4-gram F1 after removing
whitespace; date accuracy counts pages whose expected date is known.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import trafilatura
from readability import Document as ReadabilityDocument

from cwnlp.model import RawPage
from cwnlp.text.clean import CleanSettings, clean_html
from cwnlp.text.encoding import decode_html

REPO = Path(__file__).resolve().parents[1]
SHARED_PAGES = REPO.parent / "shared" / "pages" / "readability-zh"
DEMO = REPO / "corpora" / "demo"
SYSTEMS = ("cwnlp", "trafilatura", "readability")


@dataclass
class Case:
    """One benchmark page: its bytes, expected body and (maybe) expected date."""

    id: str
    content: bytes
    expected: str
    date: str | None = None


def f1(pred: str, gold: str) -> float:
    """Character-4-gram F1 of two texts, whitespace removed."""

    def grams(text: str) -> Counter[str]:
        text = "".join(text.split())
        return Counter(text[i : i + 4] for i in range(len(text) - 3))

    p, g = grams(pred), grams(gold)
    overlap = sum((p & g).values())
    return 0.0 if not overlap else 2 * overlap / (sum(p.values()) + sum(g.values()))


def shared_cases() -> list[Case]:
    cases = []
    for folder in sorted(SHARED_PAGES.glob("*/")):
        src, exp = folder / "source.html", folder / "expected.html"
        if src.is_file() and exp.is_file():
            expected = lxml.html.fromstring(exp.read_text(encoding="utf-8")).text_content()
            cases.append(Case(f"shared/{folder.name}", src.read_bytes(), expected))
    return cases


def demo_cases() -> list[Case]:
    manifest = DEMO / "manifest.csv"
    if not manifest.is_file():
        return []
    cases = []
    with manifest.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            page_id = row.get("id") or ""
            name = row.get("file") or row.get("path") or row.get("html") or f"{page_id}.html"
            html = DEMO / name if (DEMO / name).is_file() else DEMO / Path(name).name
            body = DEMO / "expected" / f"{page_id}.txt"
            if html.is_file() and body.is_file():
                date = (row.get("date") or "").strip() or None
                cases.append(
                    Case(f"demo/{page_id}", html.read_bytes(), body.read_text(encoding="utf-8"), date)
                )
    return cases


def run_system(name: str, case: Case) -> tuple[str, str | None]:
    """Body text and ISO date (or None) from one system."""
    if name == "cwnlp":
        doc = clean_html(RawPage(id=case.id, content=case.content), CleanSettings())
        return doc.text, doc.date
    html, _ = decode_html(case.content)
    if name == "trafilatura":
        text = trafilatura.extract(html) or ""
        meta = trafilatura.extract_metadata(html)
        return text, (meta.date if meta is not None else None)
    summary = ReadabilityDocument(html).summary(html_partial=True)
    return lxml.html.fromstring(summary).text_content() if summary.strip() else "", None


def evaluate(cases: list[Case]) -> dict:
    rows = []
    for case in cases:
        row: dict = {"id": case.id, "expected_date": case.date}
        for system in SYSTEMS:
            start = time.perf_counter()
            try:
                text, date = run_system(system, case)
            except Exception as exc:  # noqa: BLE001 - a crash scores zero, the run goes on
                text, date = "", None
                row[f"{system}_error"] = f"{type(exc).__name__}: {exc}"
            row[f"{system}_f1"] = round(f1(text, case.expected), 4)
            row[f"{system}_date"] = date
            row[f"{system}_seconds"] = round(time.perf_counter() - start, 3)
        rows.append(row)
    return {"pages": rows, "summary": summarise(rows)}


def summarise(rows: list[dict]) -> dict:
    out: dict = {"pages": len(rows)}
    dated = [r for r in rows if r["expected_date"]]
    for system in SYSTEMS:
        out[f"{system}_f1"] = round(sum(r[f"{system}_f1"] for r in rows) / len(rows), 4) if rows else None
        hits = sum(1 for r in dated if r[f"{system}_date"] == r["expected_date"])
        out[f"{system}_date_acc"] = round(hits / len(dated), 4) if dated else None
    out["dated_pages"] = len(dated)
    return out


def markdown(result: dict) -> str:
    def cell(value: object) -> str:
        return "–" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))

    lines = [
        "| page | cwnlp F1 | trafilatura F1 | readability F1 | cwnlp date | trafilatura date | readability date |",
        "| --- | ---: | ---: | ---: | :---: | :---: | :---: |",
    ]
    for r in result["pages"]:
        marks = [
            ("✓" if r[f"{s}_date"] == r["expected_date"] else "✗") if r["expected_date"] else "–"
            for s in SYSTEMS
        ]
        lines.append(
            f"| {r['id']} | {r['cwnlp_f1']:.3f} | {r['trafilatura_f1']:.3f} | {r['readability_f1']:.3f} | "
            + " | ".join(marks)
            + " |"
        )
    s = result["summary"]
    lines.append(
        f"| **mean ({s['pages']} pages; dates on {s['dated_pages']})** | **{cell(s['cwnlp_f1'])}** | "
        f"{cell(s['trafilatura_f1'])} | {cell(s['readability_f1'])} | {cell(s['cwnlp_date_acc'])} | "
        f"{cell(s['trafilatura_date_acc'])} | {cell(s['readability_date_acc'])} |"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="write the per-page and summary results as JSON here")
    args = parser.parse_args(argv)
    cases = shared_cases()
    demo = demo_cases()
    if not cases:
        print(f"note: no shared pages found in {SHARED_PAGES}", file=sys.stderr)
    if not demo:
        print(f"note: no demo pages found ({DEMO / 'manifest.csv'} missing or empty)", file=sys.stderr)
    cases += demo
    if not cases:
        print("error: no pages to benchmark", file=sys.stderr)
        return 1
    result = evaluate(cases)
    print(markdown(result))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
