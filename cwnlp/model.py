"""The one data model shared by every stage, the store and the exports.

Records are plain dataclasses: cheap to build, picklable for process pools and
Dask, and turned into dicts / table rows by :func:`to_record` and back by the
``from_record`` class methods.  No stage re-parses another stage's output: a
stage receives these objects and returns these objects.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

T = TypeVar("T")


def now_iso() -> str:
    """Current UTC time as an ISO string with seconds precision."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def content_hash(text: str) -> str:
    """Stable hash of a body text, used for exact-duplicate detection."""
    normalised = "".join(text.split())
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


@dataclass
class RawPage:
    """A page as fetched or read from disk, before cleaning."""

    id: str
    content: bytes
    url: str | None = None  # as requested
    final_url: str | None = None  # after redirects
    path: str | None = None
    status: int | None = None
    content_type: str | None = None
    fetched_at: str | None = None
    from_cache: bool = False


@dataclass
class Document:
    """A cleaned news article with its metadata."""

    id: str
    text: str = ""
    title: str | None = None
    url: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    datetime: str | None = None  # ISO YYYY-MM-DDTHH:MM when the page gives a time
    source: str | None = None  # 来源 line or publishing outlet
    site_name: str | None = None
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    original_title: str | None = None
    captions: list[str] = field(default_factory=list)
    photo_credits: list[str] = field(default_factory=list)
    place: str | None = None  # the city/county the campaign is about, when known
    input: str | None = None  # path or URL the document came from
    encoding: str | None = None
    content_hash: str | None = None
    dup_group: str | None = None  # id of the canonical copy of its near-duplicate group
    is_canonical: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.content_hash is None and self.text:
            self.content_hash = content_hash(self.text)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Document:
        return _from_record(cls, record)


@dataclass
class Sentence:
    """A sentence of a document, with character offsets into ``Document.text``."""

    doc_id: str
    index: int
    start: int
    end: int
    text: str

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Sentence:
        return _from_record(cls, record)


ENTITY_TYPES = ("PERSON", "UNIT", "PLACE", "AMOUNT", "DATE")


@dataclass
class Entity:
    """An entity mention; attributes that do not apply to its type stay None."""

    type: str
    text: str
    start: int
    end: int
    doc_id: str | None = None
    # PERSON
    title: str | None = None
    role: str | None = None
    # UNIT / PLACE
    level: str | None = None
    canonical: str | None = None
    # AMOUNT
    value: float | None = None
    unit: str | None = None
    approx: bool | None = None
    kind: str | None = None
    # DATE
    norm: str | None = None
    # provenance: which component found it, and how sure it is
    source: str | None = None
    score: float | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Entity:
        return _from_record(cls, record)


RELATION_TYPES = (
    "LEADS",
    "HOLDS_POST",
    "RESPONSIBLE_FOR",
    "LIAISES_WITH",
    "FUNDS",
    "INSPECTS",
    "COORDINATES",
    "SUBUNIT_OF",
    "PARTICIPATES_IN",
)


@dataclass
class Relation:
    """A typed relation stated in one sentence, with its evidence."""

    head: str
    rel: str
    tail: str
    doc_id: str | None = None
    head_type: str | None = None
    tail_type: str | None = None
    start: int | None = None  # sentence offsets into Document.text
    end: int | None = None
    trigger: str | None = None
    amount: str | None = None
    date: str | None = None
    score: float | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Relation:
        return _from_record(cls, record)


@dataclass
class Measure:
    """A sentence that describes a campaign measure, with its taxonomy labels."""

    start: int
    end: int
    sentence: str
    labels: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    doc_id: str | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Measure:
        return _from_record(cls, record)


@dataclass
class Extraction:
    """Everything extracted from one document."""

    doc_id: str
    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)

    def to_prediction(self) -> dict[str, Any]:
        """The article record of ``cwnlp extract`` (the scorer's PRED format).

        Entities are listed once per distinct (type, text), at their first
        mention, with every mention's offsets in ``mentions``.
        """
        first: dict[tuple[str, str], dict[str, Any]] = {}
        for ent in sorted(self.entities, key=lambda e: (e.start, -e.end)):
            key = (ent.type, ent.text)
            if key not in first:
                record = to_record(ent, drop_none=True)
                record.pop("doc_id", None)
                record["mentions"] = []
                first[key] = record
            first[key]["mentions"].append([ent.start, ent.end])
        return {
            "id": self.doc_id,
            "entities": list(first.values()),
            "measures": [_without_doc_id(m) for m in self.measures],
            "relations": [_without_doc_id(r) for r in self.relations],
        }


def _without_doc_id(obj: Any) -> dict[str, Any]:
    record = to_record(obj, drop_none=True)
    record.pop("doc_id", None)
    return record


@dataclass
class Failure:
    """One input that a stage could not handle; the run goes on without it."""

    input: str
    stage: str
    error: str
    time: str = field(default_factory=now_iso)
    detail: str | None = None

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Failure:
        return _from_record(cls, record)


def to_record(obj: Any, drop_none: bool = False) -> dict[str, Any]:
    """A dataclass record as a plain dict (JSON-ready apart from bytes)."""
    out = dataclasses.asdict(obj)
    if drop_none:
        out = {k: v for k, v in out.items() if v is not None}
    return out


def _from_record(cls: type[T], record: dict[str, Any]) -> T:
    """Build a dataclass from a dict, ignoring unknown keys and decoding JSON strings.

    Stores and CSV files may hand back lists and dicts as JSON text; those are
    decoded here so every reader gets the same objects.
    """
    names = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    kwargs: dict[str, Any] = {}
    for key, value in record.items():
        if key not in names:
            continue
        ftype = str(names[key].type)
        if isinstance(value, str) and (ftype.startswith("list") or ftype.startswith("dict")):
            value = json.loads(value) if value else ([] if ftype.startswith("list") else {})
        if value is None and (ftype.startswith("list") or ftype.startswith("dict")):
            continue
        kwargs[key] = value
    return cls(**kwargs)
