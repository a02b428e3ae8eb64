"""Scoring extraction output against hand-annotated gold articles.

Implements the metrics of the annotation schema (``SCHEMA.md`` section 5):
entities as distinct (type, text) pairs per article; PERSON title, AMOUNT
value and DATE norm accuracy on matched pairs; measure labels per gold
sentence, matched by overlapping predicted spans; relations as exact triples.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

ENTITY_TYPES = ("PERSON", "UNIT", "PLACE", "AMOUNT", "DATE")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: set, pred: set) -> None:
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def as_dict(self) -> dict[str, float]:
        return {
            "p": round(self.precision, 4),
            "r": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass
class Report:
    entities: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in ENTITY_TYPES})
    attributes: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    measures: Counts = field(default_factory=Counts)
    measure_labels: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    relations: Counts = field(default_factory=Counts)
    relation_types: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    articles: int = 0
    predicted: int = 0

    def entity_total(self) -> Counts:
        total = Counts()
        for c in self.entities.values():
            total.tp, total.fp, total.fn = total.tp + c.tp, total.fp + c.fp, total.fn + c.fn
        return total

    def attribute_accuracy(self) -> dict[str, float | None]:
        return {k: (c / n if n else None) for k, (c, n) in sorted(self.attributes.items())}

    def as_dict(self) -> dict[str, Any]:
        return {
            "entities": {
                **{t: c.as_dict() for t, c in self.entities.items()},
                "ALL": self.entity_total().as_dict(),
            },
            "attributes": self.attribute_accuracy(),
            "measures": self.measures.as_dict(),
            "measure_labels": {k: v.as_dict() for k, v in sorted(self.measure_labels.items())},
            "relations": self.relations.as_dict(),
            "relation_types": {k: v.as_dict() for k, v in sorted(self.relation_types.items())},
            "articles": {"gold": self.articles, "predicted": self.predicted},
        }


def _close(a: Any, b: Any) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _score_entities(report: Report, gold: dict, pred: dict) -> None:
    gmap = {(e["type"], e["text"]): e for e in gold.get("entities", [])}
    pmap: dict[tuple, dict] = {}
    for e in pred.get("entities", []):
        pmap.setdefault((e.get("type"), e.get("text")), e)
    for etype in ENTITY_TYPES:
        report.entities[etype].add({k for k in gmap if k[0] == etype}, {k for k in pmap if k[0] == etype})
    for key in set(gmap) & set(pmap):
        g, p = gmap[key], pmap[key]
        if key[0] == "PERSON" and g.get("title"):
            _tally(report, "PERSON.title", p.get("title") == g["title"])
        if key[0] == "AMOUNT" and g.get("value") is not None:
            _tally(report, "AMOUNT.value", _close(p.get("value"), g["value"]))
        if key[0] == "DATE" and g.get("norm"):
            _tally(report, "DATE.norm", p.get("norm") == g["norm"])


def _tally(report: Report, name: str, correct: bool) -> None:
    report.attributes[name][0] += int(correct)
    report.attributes[name][1] += 1


def _score_measures(report: Report, gold: dict, pred: dict) -> None:
    text = gold.get("text", "")
    spans = []
    for m in gold.get("measures", []):
        start = text.find(m["sentence"])
        if start >= 0:
            spans.append((start, start + len(m["sentence"]), set(m["labels"])))
    predicted = [
        (m.get("start", -1), m.get("end", -1), set(m.get("labels", []))) for m in pred.get("measures", [])
    ]
    used: set[int] = set()
    for start, end, labels in spans:
        got: set[str] = set()
        for i, (ps, pe, pl) in enumerate(predicted):
            if ps < end and pe > start:
                got |= pl
                used.add(i)
        report.measures.add(labels, got)
        for label in labels | got:
            report.measure_labels[label].add(labels & {label}, got & {label})
    for i, (_, _, pl) in enumerate(predicted):
        if i not in used:
            report.measures.fp += len(pl)
            for label in pl:
                report.measure_labels[label].fp += 1


def _score_relations(report: Report, gold: dict, pred: dict) -> None:
    g = {(r["head"], r["rel"], r["tail"]) for r in gold.get("relations", [])}
    p = {(r.get("head"), r.get("rel"), r.get("tail")) for r in pred.get("relations", [])}
    report.relations.add(g, p)
    for rel in {t[1] for t in g | p}:
        report.relation_types[rel].add({t for t in g if t[1] == rel}, {t for t in p if t[1] == rel})


def score(gold: Iterable[dict], pred: Iterable[dict]) -> Report:
    """Compare predicted article records with gold ones (matched by ``id``)."""
    predictions = {p["id"]: p for p in pred}
    report = Report()
    for g in gold:
        report.articles += 1
        p = predictions.get(g["id"], {})
        report.predicted += bool(p)
        _score_entities(report, g, p)
        _score_measures(report, g, p)
        _score_relations(report, g, p)
    return report


def format_report(report: Report) -> str:
    """A plain-text table of the report, for the terminal and notes."""
    lines = [f"{'':12}{'P':>8}{'R':>8}{'F1':>8}{'TP':>6}{'FP':>6}{'FN':>6}"]

    def row(name: str, c: Counts) -> None:
        lines.append(f"{name:12}{c.precision:8.3f}{c.recall:8.3f}{c.f1:8.3f}{c.tp:6d}{c.fp:6d}{c.fn:6d}")

    for etype, counts in report.entities.items():
        row(etype, counts)
    row("ALL", report.entity_total())
    row("measures", report.measures)
    row("relations", report.relations)
    for name, acc in report.attribute_accuracy().items():
        lines.append(f"{name:14} accuracy {acc:.3f}" if acc is not None else f"{name:14} accuracy n/a")
    if report.measure_labels:
        lines.append("measure labels:")
        for label, counts in sorted(report.measure_labels.items()):
            row("  " + label, counts)
    if report.relation_types:
        lines.append("relation types:")
        for rel, counts in sorted(report.relation_types.items()):
            row("  " + rel, counts)
    lines.append(f"articles scored: {report.predicted}/{report.articles}")
    return "\n".join(lines)
