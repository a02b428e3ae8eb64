"""Registered spaCy components, one job each.

Each finder component appends :class:`~cwnlp.model.Entity` records to
``doc._.entities``; ``cwnlp_resolve`` settles overlaps and exposes the result as
``doc.spans["cwnlp"]`` with attributes on ``span._`` (``title``, ``level``,
``value``, ``norm`` ...).  Character offsets in the Entity records are exact;
tokens an entity starts or ends inside are split, so spans match the records.

Document context that rules need (publication date, the campaign's place) is
set on ``doc._.pub_date`` and ``doc._.place`` before the pipeline runs; see
:func:`cwnlp.extract.pipeline.make_docs`.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.tokens import Token as SpacyToken

from cwnlp.extract.resolve import resolve_overlaps
from cwnlp.lang.zh import TEXT_KEY, TOKENS_KEY, Token
from cwnlp.model import Entity, Measure, Relation, to_record

SPAN_KEY = "cwnlp"
ENTITY_ATTRS = ("title", "role", "level", "canonical", "value", "unit", "approx", "kind", "norm", "source")


def _span_entity(span: Span) -> Entity | None:
    for ent in span.doc._.entities or ():
        if ent.start == span.start_char and ent.end == span.end_char and ent.type == span.label_:
            return ent
    return None


def _span_attr(name: str):
    def getter(span: Span):
        ent = _span_entity(span)
        return getattr(ent, name) if ent is not None else None

    return getter


def register_extensions() -> None:
    """Doc and Span extensions used by the components (safe to call twice)."""
    for name in ("doc_id", "pub_date", "place", "entities", "relations", "measures"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    if not Span.has_extension("entity"):
        Span.set_extension("entity", getter=_span_entity)
    for name in ENTITY_ATTRS:
        if not Span.has_extension(name):
            Span.set_extension(name, getter=_span_attr(name))


register_extensions()

# Records kept on a Doc travel with Doc.to_bytes()/DocBin: spaCy packs user data with
# srsly's msgpack, which asks its registered encoders about objects it does not know.
_RECORD_TYPES = {cls.__name__: cls for cls in (Entity, Relation, Measure)}
_RECORD_TAG = "__cwnlp_record__"


def _encode_record(obj: object, chain=None):
    name = type(obj).__name__
    if _RECORD_TYPES.get(name) is type(obj):
        return {_RECORD_TAG: name, **to_record(obj)}
    return chain(obj) if chain else obj


def _decode_record(obj: object, chain=None):
    if isinstance(obj, dict) and _RECORD_TAG in obj:
        fields = {k: v for k, v in obj.items() if k != _RECORD_TAG}
        return _RECORD_TYPES[obj[_RECORD_TAG]].from_record(fields)
    return chain(obj) if chain else obj


srsly.msgpack.msgpack_encoders.register("cwnlp_records", func=_encode_record)
srsly.msgpack.msgpack_decoders.register("cwnlp_records", func=_decode_record)


def entities_of(doc: Doc) -> list[Entity]:
    if not isinstance(doc._.entities, list):  # None, or a tuple read back by DocBin
        doc._.entities = list(doc._.entities or ())
    return doc._.entities


def text_of(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token on each access."""
    text = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


def tokens_of(doc: Doc) -> tuple[Token, ...] | None:
    """The tagged words the tokenizer left on the Doc, or None (then finders segment)."""
    tokens = doc.user_data.get(TOKENS_KEY)
    if tokens and not isinstance(tokens[0], Token):  # read back from bytes: plain lists
        tokens = doc.user_data[TOKENS_KEY] = tuple(Token(*t) for t in tokens)
    return tokens


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
            text_of(doc),
            place=doc._.place,
            lexicon_dir=_lexicon(self.lexicon_dir),
            tokens=tokens_of(doc),
            places=[e for e in entities_of(doc) if e.type == "PLACE"],
        )
        entities_of(doc).extend(units)
        return doc


class PersonFinder:
    """Named people with their post as written and a role."""

    def __call__(self, doc: Doc) -> Doc:
        from cwnlp.extract.persons import find_persons

        units = [e for e in entities_of(doc) if e.type == "UNIT"]
        entities_of(doc).extend(find_persons(text_of(doc), units=units))
        return doc


def split_at_boundaries(doc: Doc, boundaries: set[int]) -> None:
    """Split tokens that an entity starts or ends inside, so spans match entities exactly.

    jieba sometimes glues a name to the word after it (刘|明说); the entity records
    are exact, and after this the token-based spans are too.
    """
    cuts: list[tuple[SpacyToken, list[str]]] = []
    for token in doc:
        start, end = token.idx, token.idx + len(token.text)
        inner = sorted(b - start for b in boundaries if start < b < end)
        if inner:
            edges = [0, *inner, end - start]
            cuts.append((token, [token.text[a:b] for a, b in itertools.pairwise(edges)]))
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for token, orths in cuts:
            # No parser runs here; each piece hangs on the first one.
            retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))


class OverlapResolver:
    """Settles overlaps and publishes entities as ``doc.spans['cwnlp']``."""

    def __call__(self, doc: Doc) -> Doc:
        kept = resolve_overlaps(entities_of(doc))
        doc._.entities = kept
        split_at_boundaries(doc, {b for ent in kept for b in (ent.start, ent.end)})
        spans = []
        for ent in kept:
            span = doc.char_span(ent.start, ent.end, label=ent.type, alignment_mode="expand")
            if span is not None:
                spans.append(span)
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
