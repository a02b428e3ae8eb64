"""Benchmark building the corpus network from synthetic records.

Generates ARTICLES synthetic articles (default 10,000) over 20 invented cities
with ~300 units, people and places and ~15 relations per article, then times
:func:`cwnlp.graph.build_graph` against a baseline measured in the same
process: a plain ``nx.MultiDiGraph`` built from the same edge list without
attributes.  Peak memory is measured with tracemalloc (Python allocations, in
a separate run so it does not slow the timing) and ``ru_maxrss`` (the whole
process).  Exits 1 when the process peak exceeds 2 GiB.

    .venv/bin/python benchmarks/bench_graph.py [--articles 10000] [--out bench_graph.json]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import networkx as nx

from cwnlp.graph import build_graph, place_metrics
from cwnlp.model import RELATION_TYPES, Document, Entity, Measure, Relation

LIMIT_BYTES = 2 * 1024**3
CITY_CHARS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"
BUREAUS = ["住建局", "城管局", "卫健委", "财政局", "创卫办", "爱卫办", "市场监管局", "生态环境局"]
BUREAUS += ["交通运输局", "教育局", "商务局", "水利局", "农业农村局", "疾控中心", "团委"]
SURNAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨"
GIVEN = "明红华伟芳军平刚静丽强磊洋艳勇杰"
PLACES = ["东湖街道", "西山街道", "南门社区", "北关村", "人民广场", "中心农贸市场", "滨河路", "城南小区"]


def synthetic(articles: int, seed: int = 1) -> tuple[list, list, list, list]:
    """Records of ``articles`` invented articles: 20 cities x 15 units = 300 units."""
    rng = random.Random(seed)
    cities = [f"{c}{c}市" for c in CITY_CHARS]
    docs, ents, rels, measures = [], [], [], []
    for i in range(articles):
        doc_id = f"s{i:06d}"
        city = cities[i % len(cities)]
        month = 1 + i % 12
        docs.append(Document(id=doc_id, place=city if i % 5 else None, date=f"{2018 + i % 6}-{month:02d}-15"))
        units = [("市" + b) for b in rng.sample(BUREAUS, 6)]
        people = [rng.choice(SURNAMES) + rng.choice(GIVEN) for _ in range(3)]
        places = rng.sample(PLACES, 3)
        pos = 0
        for kind, names in (("UNIT", units), ("PERSON", people), ("PLACE", [city, *places])):
            for name in names:
                ents.append(Entity(kind, name, pos, pos + len(name), doc_id=doc_id, level="city"))
                pos += len(name) + 5
        for k in range(15):
            rel = RELATION_TYPES[k % len(RELATION_TYPES)]
            head = rng.choice(people) if rel in ("LEADS", "HOLDS_POST") else rng.choice(units)
            tail = "市长" if rel == "HOLDS_POST" else rng.choice(units + places)
            rels.append(
                Relation(head, rel, tail, doc_id=doc_id, start=k * 40, end=k * 40 + 39, trigger="带领")
            )
        measures.append(
            Measure(
                0, 200, "（句子）", labels=[rng.choice(["环境整治", "健康教育", "病媒防制"])], doc_id=doc_id
            )
        )
    return docs, ents, rels, measures


def baseline(rels: list[Relation], docs: list[Document]) -> nx.MultiDiGraph:
    """The same edges, keyed by place-qualified names, without any attributes."""
    place = {d.id: d.place or d.id for d in docs}
    g = nx.MultiDiGraph()
    g.add_edges_from((place[r.doc_id] + r.head, place[r.doc_id] + r.tail, r.rel) for r in rels)
    return g


def timed(fn: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def traced_peak(fn: Callable[[], Any]) -> int:
    gc.collect()
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def maxrss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default=None, help="Write the numbers as JSON here.")
    args = parser.parse_args(argv)

    docs, ents, rels, measures = synthetic(args.articles)
    base_time, base_graph = timed(lambda: baseline(rels, docs), args.repeat)
    build_time, graph = timed(lambda: build_graph(docs, ents, rels, measures), args.repeat)
    metrics_time, table = timed(lambda: place_metrics(graph), 1)
    base_peak = traced_peak(lambda: baseline(rels, docs))
    build_peak = traced_peak(lambda: build_graph(docs, ents, rels, measures))
    rss = maxrss_bytes()
    report = {
        "articles": args.articles,
        "relations": len(rels),
        "entities": len(ents),
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "units": sum(1 for _, d in graph.nodes(data=True) if d["type"] == "UNIT"),
        "places_measured": len(table),
        "baseline_nodes": base_graph.number_of_nodes(),
        "build_seconds": round(build_time, 3),
        "baseline_seconds": round(base_time, 3),
        "time_ratio": round(build_time / base_time, 2),
        "place_metrics_seconds": round(metrics_time, 3),
        "build_peak_mib": round(build_peak / 2**20, 1),
        "baseline_peak_mib": round(base_peak / 2**20, 1),
        "memory_ratio": round(build_peak / base_peak, 2),
        "process_maxrss_mib": round(rss / 2**20, 1),
        "within_2gib": rss < LIMIT_BYTES,
    }
    print("| measure | value |\n| --- | --- |")
    for key, value in report.items():
        print(f"| {key} | {value} |")
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            json.dump(report, fh, ensure_ascii=False, indent=1)
    return 0 if report["within_2gib"] else 1


if __name__ == "__main__":
    sys.exit(main())
