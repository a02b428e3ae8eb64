"""Hand-made records for the graph tests: two invented cities and some hostile names.

Every name here is made up (甲江市, 乙山市, 赵明 ...); nothing comes from real articles.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from cwnlp.model import Document, Entity, Measure, Relation

HOSTILE = {
    "quote": "He said \"hi\" and 'bye' \\ back\\slash",
    "script": '<script>document.title="pwned"</script>',
    "img": "<img src=x onerror=\"document.title='pwned'\">",
    "formula": "=cmd|' /C calc'!A0",
    "newline": "第一行\n第二行",
    "plus": "+86热线办",
    "at": "@市民办",
    "minus": "-1局",
}


@dataclass
class Corpus:
    documents: list[Document] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)

    def add_doc(self, doc_id: str, place: str | None, date: str | None, canonical: bool = True) -> Document:
        doc = Document(id=doc_id, text=f"正文{doc_id}", place=place, date=date, is_canonical=canonical)
        self.documents.append(doc)
        return doc

    def ent(self, doc_id: str, kind: str, text: str, start: int = 0, **attrs) -> Entity:
        ent = Entity(kind, text, start, start + len(text), doc_id=doc_id, **attrs)
        self.entities.append(ent)
        return ent

    def rel(
        self, doc_id: str, head: str, rel: str, tail: str, start: int = 0, end: int = 20, **attrs
    ) -> None:
        self.relations.append(Relation(head, rel, tail, doc_id=doc_id, start=start, end=end, **attrs))

    def args(self) -> tuple:
        return self.documents, self.entities, self.relations, self.measures


def two_cities() -> Corpus:
    """甲江市 (two articles, one without a place) and 乙山市 (one article and a repost)."""
    c = Corpus()
    c.add_doc("a1", "甲江市", "2021-04-10")
    c.ent("a1", "PERSON", "赵明", 0, title="市委书记", role="official")
    c.ent("a1", "UNIT", "市住建局", 10, level="city", canonical="市住房和城乡建设局")
    c.ent("a1", "UNIT", "市创卫办", 20, level="city")
    c.ent("a1", "UNIT", "市城管局", 30, level="city")
    c.ent("a1", "PLACE", "东湖街道", 40, level="township")
    c.rel("a1", "赵明", "LEADS", "市创卫办", 0, 25, head_type="PERSON", tail_type="UNIT", trigger="带领")
    c.rel("a1", "市创卫办", "COORDINATES", "市住建局", 0, 25)
    c.rel("a1", "市创卫办", "COORDINATES", "市城管局", 26, 50)
    c.rel("a1", "市城管局", "RESPONSIBLE_FOR", "东湖街道", 26, 50, trigger="负责")
    c.rel("a1", "赵明", "HOLDS_POST", "市委书记", 0, 25)
    c.measures.append(Measure(26, 50, "（句子）", labels=["环境整治"], doc_id="a1"))

    c.add_doc("a2", None, "2022-06-01")  # place comes from its PLACE entities
    c.ent("a2", "PLACE", "甲江市", 0, level="city")
    c.ent("a2", "PLACE", "甲江市", 50, level="city")
    c.ent("a2", "PLACE", "丙河县", 30, level="county")
    c.ent("a2", "UNIT", "市住房和城乡建设局", 5, level="city", canonical="市住房和城乡建设局")
    c.ent("a2", "UNIT", "市财政局", 60, level="city")
    c.rel("a2", "市财政局", "FUNDS", "市住房和城乡建设局", 60, 90, amount="300万元", date="2022-05")
    c.rel("a2", "市创卫办", "COORDINATES", "市住房和城乡建设局", 0, 40, date="2022-05-20")

    c.add_doc("b1", "乙山市", "2021-05-01")
    c.ent("b1", "PERSON", "钱红", 0, title="市长", role="official")
    c.ent("b1", "UNIT", "市住建局", 8, level="city", canonical="市住房和城乡建设局")
    c.rel("b1", "钱红", "LEADS", "市住建局", 0, 20)
    c.add_doc("b2", "乙山市", "2021-05-02", canonical=False)  # a repost: ignored
    c.ent("b2", "PERSON", "钱红", 0, title="市长", role="official")
    c.ent("b2", "UNIT", "市住建局", 8, level="city", canonical="市住房和城乡建设局")
    c.rel("b2", "钱红", "LEADS", "市住建局", 0, 20)
    return c


def hostile() -> Corpus:
    """Two cities plus an article whose units and people have hostile names."""
    c = two_cities()
    c.add_doc("h1", "甲江市", "2023-01-05")
    names = list(HOSTILE.values())
    for i, name in enumerate(names):
        c.ent("h1", "PERSON" if i % 2 else "UNIT", name, i * 60)
    c.ent("h1", "UNIT", "市创卫办", 900)
    for i, name in enumerate(names):
        c.rel("h1", "市创卫办", "COORDINATES", name, i * 60, i * 60 + 50)
    return c


@pytest.fixture()
def corpus() -> Corpus:
    return two_cities()


@pytest.fixture()
def hostile_corpus() -> Corpus:
    return hostile()


@pytest.fixture(scope="session")
def hostile_names() -> dict[str, str]:
    return dict(HOSTILE)


@pytest.fixture(scope="session")
def hostile_graph():
    from cwnlp.graph import build_graph

    return build_graph(*hostile().args())
