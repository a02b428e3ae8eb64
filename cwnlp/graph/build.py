"""Build the corpus network: units, people, places and measure categories.

A pure function of records (:func:`build_graph`): documents give each article's
place and date, entities give the nodes, relations and measures give the edges.

Merging rules (why: the same office is written many ways, and the same
abbreviation means a different office in every city):

* a node is keyed on ``Entity.canonical`` when present, else on its text;
* a name that does not name its own place (``市住建局``, ``城管局``, ``人民广场``)
  is qualified by the article's place, so ``市住建局`` in 甲市 and in 乙市 stay
  two nodes while ``市住建局`` and ``甲市住建局`` in 甲市 become one;
* a name that does name its place (``甲市住建局``, ``某省爱卫办``) is kept as written
  and merges across all articles;
* people, posts and named groups are always qualified by the article's place.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import networkx as nx

from cwnlp.model import Document, Entity, Measure, Relation

T = TypeVar("T")

#: entity types that become nodes, in the order a bare relation string is looked up
NODE_ENTITY_TYPES = ("UNIT", "PERSON", "PLACE")
#: the edge type linking an actor to a measure category it appears with
MEASURE_REL = "CARRIES_OUT"
#: one-character level prefixes that make a name relative to the article's place
LEVEL_PREFIXES = ("省", "市", "州", "县", "区", "镇", "乡")
#: administrative suffixes that end an explicit place name at the start of a name
_SUFFIX = re.compile(r"自治州|自治县|自治区|特别行政区|省|市|州|县|区")
_PLACE_SUFFIX = re.compile(r"(?:自治州|自治县|自治区|省|市|州|县|区)$")
_CJK = re.compile(r"^[\u4e00-\u9fff]+$")
DATA = Path(__file__).parent / "data"


@lru_cache(maxsize=1)
def _not_place_words() -> tuple[str, ...]:
    """Words like 超市, 社区, 市场 that contain a suffix but make no place name."""
    lines = (DATA / "not_place_endings.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def explicit_place_prefix(name: str) -> str | None:
    """The place name a unit name starts with (``甲乙市`` of ``甲乙市住建局``), if any.

    A prefix is 2-7 Chinese characters ending in an administrative suffix, with
    text after it, and not part of a word such as 超市, 社区 or 市场.
    """
    stops = _not_place_words()
    for match in _SUFFIX.finditer(name, 2, 10):
        end = match.end()
        prefix, rest = name[:end], name[match.start() :]
        if end >= len(name) or not _CJK.match(prefix):
            continue
        if any(prefix.endswith(w) or rest.startswith(w) for w in stops):
            continue
        return prefix
    return None


def _is_place_itself(name: str) -> bool:
    """A bare place name such as ``甲乙县`` (not ``县委``, not ``幸福社区``)."""
    if not (2 <= len(name) <= 8 and _PLACE_SUFFIX.search(name) and _CJK.match(name)):
        return False
    return name[0] not in LEVEL_PREFIXES and not any(name.endswith(w) for w in _not_place_words())


def _attach(place: str, rest: str) -> str:
    """``place`` + a name relative to it; a repeated level character is dropped."""
    if rest[:1] == place[-1] and not any(rest.startswith(w) for w in _not_place_words()):
        rest = rest[1:]
    return place + rest


@lru_cache(maxsize=200_000)
def qualified_name(name: str, place: str | None) -> tuple[str, bool]:
    """The merge name of a unit/place and whether it is absolute (names its own place).

    >>> qualified_name("市住建局", "甲乙市")
    ('甲乙市住建局', True)
    >>> qualified_name("县住建局", "甲乙市")
    ('甲乙市/县住建局', True)
    """
    name = name.strip()
    if place:
        short = _PLACE_SUFFIX.sub("", place)
        short = short if len(short) >= 2 else place
        at = name.find(short)
        # 某省甲乙市住建局 in a 甲乙市 article: the province prefix adds nothing
        if at > 0 and _is_place_itself(name[:at]):
            name = name[at:]
        if name.startswith(short) and len(name) > len(short):
            return _attach(place, name[len(short) :]), True
    if _is_place_itself(name) or explicit_place_prefix(name):
        return name, True
    if place is None:
        return name, False
    if name[:1] in LEVEL_PREFIXES and name[:1] != place[-1]:
        # 县住建局 in a 市 article is some county's bureau, not the city's
        return f"{place}/{name}", True
    return _attach(place, name), True


def node_id(kind: str, name: str) -> str:
    """A node id: its type and its merge name (``UNIT:甲市住建局``)."""
    return f"{kind}:{name}"


@dataclass
class GraphSettings:
    """How records become a graph.

    place_levels: PLACE entity levels that may stand for an article's place.
    include_isolated: keep units/people/places that take part in no relation.
    merge_unplaced: merge place-relative names across articles whose place is
        unknown (off by default: an unknown place must not merge two cities).
    canonical_only: ignore reposts (``Document.is_canonical`` false) so one
        article copied by five sites does not count five times.
    measure_edges: link the units and people named in a measure sentence to
        the sentence's measure categories (edge type ``CARRIES_OUT``).
    """

    place_levels: tuple[str, ...] = ("city", "county", "district")
    include_isolated: bool = True
    merge_unplaced: bool = False
    canonical_only: bool = True
    measure_edges: bool = True
    node_types: tuple[str, ...] = NODE_ENTITY_TYPES


@dataclass
class _DocInfo:
    place: str | None
    date: str | None


@dataclass
class _NodeAcc:
    """Accumulates what a node's attributes are computed from."""

    type: str
    canonical: str
    texts: Counter = field(default_factory=Counter)
    levels: Counter = field(default_factory=Counter)
    titles: Counter = field(default_factory=Counter)
    roles: Counter = field(default_factory=Counter)
    docs: set = field(default_factory=set)
    places: set = field(default_factory=set)
    mentions: int = 0


def document_place(doc: Document | None, entities: Iterable[Entity], levels: Sequence[str]) -> str | None:
    """The city/county an article is about: ``Document.place``, else its most frequent one.

    The fallback counts PLACE entities of the given levels (by canonical name
    when known); ties go to the one mentioned first.
    """
    if doc is not None and doc.place:
        return doc.place
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for ent in entities:
        if ent.type != "PLACE" or ent.level not in levels:
            continue
        name = ent.canonical or ent.text
        counts[name] += 1
        first[name] = min(first.get(name, ent.start), ent.start)
    if not counts:
        return None
    return max(counts, key=lambda name: (counts[name], -first[name]))


class _Builder:
    """Collects nodes and edges for one :func:`build_graph` call (no state beyond it)."""

    def __init__(self, settings: GraphSettings) -> None:
        self.settings = settings
        self.nodes: dict[str, _NodeAcc] = {}
        self.edges: dict[tuple[str, str, str], dict[tuple, dict[str, Any]]] = defaultdict(dict)

    def key(self, kind: str, name: str, doc_id: str | None, place: str | None) -> str:
        if kind in ("UNIT", "PLACE"):
            merged, absolute = qualified_name(name, place)
        else:
            merged, absolute = (f"{place}/{name}", True) if place else (name, False)
        if not absolute and not self.settings.merge_unplaced:
            merged = f"{merged}@{doc_id}"
        return node_id(kind, merged)

    def known_type(self, name: str, doc_id: str | None, place: str | None) -> str | None:
        """The entity type of an existing node that ``name`` would merge into."""
        for kind in NODE_ENTITY_TYPES:
            if self.key(kind, name, doc_id, place) in self.nodes:
                return kind
        return None

    def add_mention(
        self, kind: str, ent: Entity | None, text: str, info: _DocInfo, doc_id: str | None
    ) -> str:
        name = (ent.canonical if ent is not None and ent.canonical else None) or text
        nid = self.key(kind, name, doc_id, info.place)
        acc = self.nodes.get(nid)
        if acc is None:
            # a name kept apart per article shows without its article suffix
            canonical = nid.split(":", 1)[1].removesuffix(f"@{doc_id}")
            acc = self.nodes[nid] = _NodeAcc(type=kind, canonical=canonical)
        acc.texts[text] += 1
        acc.mentions += 1
        if doc_id is not None:
            acc.docs.add(doc_id)
        if info.place:
            acc.places.add(info.place)
        if ent is not None:
            for counter, value in (
                (acc.levels, ent.level),
                (acc.titles, ent.title),
                (acc.roles, ent.role),
            ):
                if value:
                    counter[value] += 1
        return nid

    def touch(self, nid: str, info: _DocInfo, doc_id: str | None) -> None:
        """Record that a node takes part in an article without a new mention."""
        acc = self.nodes[nid]
        if doc_id is not None:
            acc.docs.add(doc_id)
        if info.place:
            acc.places.add(info.place)

    def add_evidence(self, head: str, tail: str, rel: str, evidence: dict[str, Any]) -> None:
        sentence = (evidence["doc_id"], evidence["start"], evidence["end"])
        if evidence["start"] is None:
            sentence = (*sentence, len(self.edges[(head, tail, rel)]))
        self.edges[(head, tail, rel)].setdefault(sentence, evidence)


def _most_common(counter: Counter) -> str | None:
    return counter.most_common(1)[0][0] if counter else None


def _index_entities(entities: Iterable[Entity]) -> dict[str | None, list[Entity]]:
    by_doc: dict[str | None, list[Entity]] = defaultdict(list)
    for ent in entities:
        by_doc[ent.doc_id].append(ent)
    return by_doc


def _doc_infos(
    documents: Iterable[Document], by_doc: dict[str | None, list[Entity]], settings: GraphSettings
) -> tuple[dict[str | None, _DocInfo], set[str]]:
    infos: dict[str | None, _DocInfo] = {}
    skipped: set[str] = set()
    for doc in documents:
        if settings.canonical_only and not doc.is_canonical:
            skipped.add(doc.id)
            continue
        infos[doc.id] = _DocInfo(document_place(doc, by_doc.get(doc.id, ()), settings.place_levels), doc.date)
    for doc_id, ents in by_doc.items():
        if doc_id not in infos and doc_id not in skipped:
            infos[doc_id] = _DocInfo(document_place(None, ents, settings.place_levels), None)
    return infos, skipped


def _lookup(
    index: dict[str, dict[str, Entity]], text: str, wanted: str | None
) -> tuple[str | None, Entity | None]:
    """The node type and entity of a relation argument written as ``text``."""
    if wanted in index and text in index[wanted]:
        return wanted, index[wanted][text]
    if wanted:
        return wanted, None
    for kind in NODE_ENTITY_TYPES:
        if text in index.get(kind, {}):
            return kind, index[kind][text]
    return None, None


def _argument_type(rel: str, is_tail: bool, found: str | None) -> str:
    if found in NODE_ENTITY_TYPES:
        return found
    if rel == "HOLDS_POST" and is_tail:
        return "POST"
    return "GROUP"


def _add_relations(builder: _Builder, relations: Iterable[Relation], infos, by_doc, skipped) -> None:
    indexes: dict[str | None, dict[str, dict[str, Entity]]] = {}
    for rel in relations:
        if rel.doc_id in skipped or not (rel.head and rel.tail and rel.rel):
            continue
        info = infos.get(rel.doc_id) or _DocInfo(None, None)
        index = indexes.get(rel.doc_id)
        if index is None:
            index = indexes[rel.doc_id] = defaultdict(dict)
            for ent in by_doc.get(rel.doc_id, ()):
                index[ent.type].setdefault(ent.text, ent)
        ends = []
        for text, wanted, is_tail in ((rel.head, rel.head_type, False), (rel.tail, rel.tail_type, True)):
            found, ent = _lookup(index, text, wanted)
            if found is None:
                # not an entity of this article: maybe a node another article named
                found = builder.known_type(text, rel.doc_id, info.place)
            kind = _argument_type(rel.rel, is_tail, found)
            name = (ent.canonical if ent is not None and ent.canonical else None) or text
            nid = builder.key(kind, name, rel.doc_id, info.place)
            if nid not in builder.nodes:
                nid = builder.add_mention(kind, ent, text, info, rel.doc_id)
            else:
                builder.touch(nid, info, rel.doc_id)
            ends.append(nid)
        evidence = {
            "doc_id": rel.doc_id,
            "start": rel.start,
            "end": rel.end,
            "trigger": rel.trigger,
            "amount": rel.amount,
            "date": rel.date,
            "doc_date": info.date,
            "place": info.place,
        }
        builder.add_evidence(ends[0], ends[1], rel.rel, evidence)


def _measure_node(builder: _Builder, label: str, info: _DocInfo, doc_id: str | None) -> str:
    """The node of a measure category, counting one more sentence for it."""
    nid = node_id("MEASURE", label)
    acc = builder.nodes.get(nid)
    if acc is None:
        acc = builder.nodes[nid] = _NodeAcc(type="MEASURE", canonical=label)
    acc.texts[label] += 1
    acc.mentions += 1
    builder.touch(nid, info, doc_id)
    return nid


def _add_measures(builder: _Builder, measures: Iterable[Measure], infos, by_doc, skipped) -> None:
    for measure in measures:
        if measure.doc_id in skipped or not measure.labels:
            continue
        info = infos.get(measure.doc_id) or _DocInfo(None, None)
        tails = [
            _measure_node(builder, label, info, measure.doc_id) for label in dict.fromkeys(measure.labels)
        ]
        heads = {
            builder.key(e.type, e.canonical or e.text, measure.doc_id, info.place)
            for e in by_doc.get(measure.doc_id, ())
            if e.type in ("UNIT", "PERSON") and measure.start <= e.start and e.end <= measure.end
        }
        evidence = {
            "doc_id": measure.doc_id,
            "start": measure.start,
            "end": measure.end,
            "trigger": None,
            "amount": None,
            "date": None,
            "doc_date": info.date,
            "place": info.place,
        }
        for head in sorted(h for h in heads if h in builder.nodes):
            for tail in tails:
                builder.add_evidence(head, tail, MEASURE_REL, dict(evidence))


def _assemble(builder: _Builder) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for nid, acc in builder.nodes.items():
        g.add_node(
            nid,
            type=acc.type,
            label=_most_common(acc.texts) or acc.canonical,
            canonical=acc.canonical,
            level=_most_common(acc.levels),
            title=_most_common(acc.titles),
            role=_most_common(acc.roles),
            aliases=sorted(acc.texts),
            mention_count=acc.mentions,
            doc_count=len(acc.docs),
            places=sorted(acc.places),
        )
    for (head, tail, rel), sentences in builder.edges.items():
        evidence = list(sentences.values())
        g.add_edge(
            head,
            tail,
            key=rel,
            rel=rel,
            weight=len(evidence),
            doc_count=len({e["doc_id"] for e in evidence}),
            evidence=evidence,
        )
    return g


def build_graph(
    documents: Iterable[Document],
    entities: Iterable[Entity],
    relations: Iterable[Relation],
    measures: Iterable[Measure] | None = None,
    settings: GraphSettings | None = None,
) -> nx.MultiDiGraph:
    """The corpus network of a set of records.

    Nodes carry type, label, canonical, level, title, role, aliases,
    mention_count, doc_count and places; edges are keyed by relation type and
    carry rel, weight (supporting sentences), doc_count and evidence (a list of
    dicts with doc_id, start, end, trigger, amount, date, doc_date, place).
    """
    settings = settings or GraphSettings()
    by_doc = _index_entities(_records(entities, Entity))
    infos, skipped = _doc_infos(_records(documents, Document), by_doc, settings)
    builder = _Builder(settings)
    for doc_id, ents in by_doc.items():
        if doc_id in skipped:
            continue
        for ent in ents:
            if ent.type in settings.node_types and ent.text:
                builder.add_mention(ent.type, ent, ent.text, infos[doc_id], doc_id)
    _add_relations(builder, _records(relations, Relation), infos, by_doc, skipped)
    if settings.measure_edges and measures:
        _add_measures(builder, _records(measures, Measure), infos, by_doc, skipped)
    g = _assemble(builder)
    if not settings.include_isolated:
        g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    return g


def _records(items: Iterable[Any], cls: type[T]) -> list[T]:
    """Records of ``cls``; dicts (store rows, JSON) are converted, anything else is refused."""
    out: list[T] = []
    for item in items:
        if isinstance(item, cls):
            out.append(item)
        elif isinstance(item, dict):
            out.append(cls.from_record(item))  # type: ignore[attr-defined]
        else:
            raise TypeError(f"expected {cls.__name__} records or dicts, got {type(item).__name__}")
    return out


def graph_from_store(store: Any, settings: GraphSettings | None = None) -> nx.MultiDiGraph:
    """The corpus network of everything in a store (a ``Store`` or a path to one)."""
    from cwnlp.store.duck import Store

    if isinstance(store, str | Path):
        path = Path(store)
        if not path.exists():
            raise FileNotFoundError(f"no store at {path}")
        with Store(path, read_only=True) as opened:
            return graph_from_store(opened, settings)
    return build_graph(
        store.read("documents"),
        store.read("entities"),
        store.read("relations"),
        store.read("measures"),
        settings,
    )
