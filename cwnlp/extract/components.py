"""Registered spaCy components, one job each.

Each finder component appends :class:`~cwnlp.model.Entity` records to
``doc._.entities``; ``cwnlp_resolve`` settles overlaps and exposes the result as
``doc.spans["cwnlp"]`` with attributes on ``span._`` (``title``, ``level``,
``value``, ``norm`` ...).  Character offsets in the Entity records are exact;
spans are aligned to tokens (expanded where a mention ends inside a token).

Document context that rules need (publication date, the campaign's place) is
set on ``doc._.pub_date`` and ``doc._.place`` before the pipeline runs; see
:func:`cwnlp.extract.pipeline.make_docs`.
"""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from cwnlp.extract.resolve import resolve_overlaps
from cwnlp.lang.zh import TEXT_KEY, TOKENS_KEY, Token
from cwnlp.model import Entity

SPAN_KEY = "cwnlp"
ENTITY_ATTRS = ("title", "role", "level", "canonical", "value", "unit", "approx", "kind", "norm", "source")


def _span_entity(span: Span) -> Entity | None:
    index = span.doc._.entity_index or {}
    return index.get((span.start, span.end, span.label_))


def _span_attr(name: str):
    def getter(span: Span):
        ent = _span_entity(span)
        return getattr(ent, name) if ent is not None else None

    return getter


def register_extensions() -> None:
    """Doc and Span extensions used by the components (safe to call twice)."""
    for name in ("doc_id", "pub_date", "place", "entities", "relations", "measures", "entity_index"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("entity"):
        Span.set_extension("entity", getter=_span_entity)
    for name in ENTITY_ATTRS:
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_span_attr(name))


register_extensions()


def entities_of(doc: Doc) -> list[Entity]:
    if doc._.entities is None:
        doc._.entities = []
    return doc._.entities


def text_of(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token on each access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def tokens_of(doc: Doc) -> tuple[Token, ...] | None:
    """The tagged words the tokenizer left on the Doc, or None (then finders segment)."""
    return doc.user_data.get(TOKENS_KEY)


def _lexicon(lexicon_dir: str | None) -> Path | None:
    return Path(lexicon_dir) if lexicon_dir else None


class DateFinder:
    """Dates with ISO ``norm``; relative dates resolved with ``doc._.pub_date``."""

    def __call__(self, doc: Doc) -> Doc:
        from cwnlp.extract.dates import find_dates

        entities_of(doc).extend(find_dates(text_of(doc), doc._.pub_date))
        return doc


class AmountFinder:
    """Money, counts, people, areas and percentages with values in base units."""

    def __call__(self, doc: Doc) -> Doc:
        from cwnlp.extract.amounts import find_amounts

        entities_of(doc).extend(find_amounts(text_of(doc)))
        return doc


class PlaceFinder:
    """Administrative areas from the gazetteer and named sites by suffix grammar."""

    def __init__(self, lexicon_dir: str | None = None) -> None:
        self.lexicon_dir = lexicon_dir

    def __call__(self, doc: Doc) -> Doc:
        from cwnlp.extract.places import find_places

        places = find_places(
            text_of(doc), place=doc._.place, lexicon_dir=_lexicon(self.lexicon_dir), tokens=tokens_of(doc)
        )
        entities_of(doc).extend(places)
        return doc


class UnitFinder:
    """Organisations and their abbreviations, with level and canonical full name."""

    def __init__(self, lexicon_dir: str | None = None) -> None:
        self.lexicon_dir = lexicon_dir

    def __call__(self, doc: Doc) -> Doc:
        from cwnlp.extract.units import find_units

        units = find_units(
            text_of(doc), place=doc._.place, lexicon_dir=_lexicon(self.lexicon_dir), tokens=tokens_of(doc)
        )
        entities_of(doc).extend(units)
        return doc


class PersonFinder:
    """Named people with their post as written and a role."""

    def __call__(self, doc: Doc) -> Doc:
        from cwnlp.extract.persons import find_persons

        entities_of(doc).extend(find_persons(text_of(doc)))
        return doc


class OverlapResolver:
    """Settles overlaps and publishes entities as ``doc.spans['cwnlp']``."""

    def __call__(self, doc: Doc) -> Doc:
        kept = resolve_overlaps(entities_of(doc))
        doc._.entities = kept
        spans, index = [], {}
        for ent in kept:
            span = doc.char_span(ent.start, ent.end, label=ent.type, alignment_mode="expand")
            if span is None:
                continue
            spans.append(span)
            index[(span.start, span.end, ent.type)] = ent
        doc._.entity_index = index
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("cwnlp_dates")
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    return DateFinder()


@Language.factory("cwnlp_amounts")
def make_amount_finder(nlp: Language, name: str) -> AmountFinder:
    return AmountFinder()


@Language.factory("cwnlp_places", default_config={"lexicon_dir": None})
def make_place_finder(nlp: Language, name: str, lexicon_dir: str | None) -> PlaceFinder:
    return PlaceFinder(lexicon_dir)


@Language.factory("cwnlp_units", default_config={"lexicon_dir": None})
def make_unit_finder(nlp: Language, name: str, lexicon_dir: str | None) -> UnitFinder:
    return UnitFinder(lexicon_dir)


@Language.factory("cwnlp_persons")
def make_person_finder(nlp: Language, name: str) -> PersonFinder:
    return PersonFinder()


@Language.factory("cwnlp_resolve")
def make_overlap_resolver(nlp: Language, name: str) -> OverlapResolver:
    return OverlapResolver()
