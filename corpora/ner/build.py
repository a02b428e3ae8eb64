#!/usr/bin/env python3
"""Build ``train.jsonl`` from the inline-markup source files, checking every record.

usage: python corpora/ner/build.py            # check, then (re)write train.jsonl
       python corpora/ner/build.py --check    # check, and fail if train.jsonl is stale

The markup is described in README.md beside this file.  Standard library only, so
the corpus can be rebuilt anywhere.  Every problem found is reported with its
article id; nothing is written while any problem remains.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cwnlp.extract.titles import title_words

HERE = Path(__file__).resolve().parent
SOURCE_DIR = HERE / "source"
TRAIN_PATH = HERE / "train.jsonl"

ENTITY_TYPES = ("PERSON", "UNIT", "PLACE", "AMOUNT", "DATE")
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
MEASURE_CODES = (
    "ORG_LEAD",
    "RESP",
    "SUPERVISE",
    "PUBLICITY",
    "PARTICIPATE",
    "CLEANUP",
    "ORDER",
    "MARKET_FOOD",
    "INFRA",
    "FUNDING",
    "COORD",
    "CAPACITY",
    "LONGTERM",
)
ARTICLE_LEVELS = ("city", "county", "district", "township")
CAMPAIGNS = ("创卫", "巩卫", "复审", "卫生县城", "其他")
UNIT_LEVELS = (
    "province",
    "city",
    "county",
    "district",
    "township",
    "community",
    "enterprise",
    "social",
    "team",
)
PLACE_LEVELS = (
    "province",
    "city",
    "county",
    "district",
    "township",
    "street",
    "community",
    "compound",
    "facility",
    "road",
    "other",
)
ROLES = {
    "o": "official",
    "s": "staff",
    "c": "citizen",
    "j": "journalist",
    "e": "editor",
    "x": "expert",
}
AMOUNT_KINDS = ("money", "count", "people", "area", "length", "percent", "other")
TYPE_ALIASES = {
    "P": "PERSON",
    "U": "UNIT",
    "L": "PLACE",
    "A": "AMOUNT",
    "D": "DATE",
    "T": "TITLE",
    "-": "NONE",
}
# Relation argument types; "POST" is a title phrase, "GROUP" any named string in the text.
REL_ARGS: dict[str, tuple[set[str], set[str]]] = {
    "LEADS": ({"PERSON", "POST"}, {"UNIT"}),
    "HOLDS_POST": ({"PERSON"}, {"POST"}),
    "RESPONSIBLE_FOR": ({"UNIT", "PERSON"}, {"PLACE", "UNIT"}),
    "LIAISES_WITH": ({"UNIT"}, {"PLACE", "UNIT"}),
    "FUNDS": ({"UNIT"}, {"PLACE", "UNIT"}),
    "INSPECTS": ({"PERSON", "UNIT", "PLACE"}, {"PLACE", "UNIT"}),
    "COORDINATES": ({"UNIT"}, {"UNIT"}),
    "SUBUNIT_OF": ({"UNIT", "PLACE"}, {"UNIT", "PLACE"}),
    "PARTICIPATES_IN": ({"PERSON", "UNIT"}, {"UNIT", "GROUP"}),
}
# Generic posts that never become HOLDS_POST (SCHEMA section 4).
GENERIC_TITLE_END = "领导"
LIST_JOINERS = "、和及与"
# Post words that, written right before a name, belong in its title (proof-reading aid).
POST_BEFORE_NAME = re.compile(r"(主任|局长|书记|主席|委员|长|员|记者|编辑|市民|居民|村民|经理|专家|教授)\s*$")
SENTENCE_ENDS = "。！？"
# Targets may lie a few years ahead of the article ("力争2025年通过"); more is a typo.
MAX_YEARS_AHEAD = 5

# ---------------------------------------------------------------- numbers

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
MULTIPLIERS = {"万": 10_000, "亿": 100_000_000}
APPROX_PREFIXES = ("将近", "大约", "超过", "近", "约", "逾", "超")
APPROX_INFIXES = ("多", "余", "来", "几")  # 十几家: ten-odd
APPROX_SUFFIXES = ("左右", "上下", "以上")  # 以上 (or more) is approximate like 余 and 多
AMOUNT_UNITS = {
    "元": "money",
    "人次": "people",
    "人": "people",
    "名": "people",
    "位": "people",
    "%": "percent",
    "平方米": "area",
    "平方公里": "area",
    "亩": "area",
    "公顷": "area",
    "公里": "length",
    "千米": "length",
    "米": "length",
    "吨": "other",
    "立方米": "other",
    "方": "other",
    "公斤": "other",
    "千克": "other",
}
COUNT_UNITS = "户个家处条所台辆盏座份场次支块间棵株只张套批项本面期桶组箱袋把顶根车片栋幢艘起轮类宗件头羽副篇"
NUMBER_RE = re.compile(r"[0-9]+(?:\.[0-9]+)?|[零〇一二两三四五六七八九十百千]+")


def cn_to_int(text: str) -> int:
    """Value of a Chinese numeral below 万 (``三千二百``, ``十五``, ``百``)."""
    total, digit = 0, None
    for ch in text:
        if ch in CN_DIGITS:
            if digit is not None and digit != 0:
                raise ValueError(f"unparseable Chinese numeral {text!r}")
            digit = CN_DIGITS[ch]
        elif ch in CN_SMALL_UNITS:
            total += (1 if digit is None else digit) * CN_SMALL_UNITS[ch]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + (digit or 0)


def _number(text: str) -> float:
    return float(text) if text[0].isdigit() else float(cn_to_int(text))


def _tidy(value: float) -> int | float:
    # Whole values are written as JSON integers, like the gold files.
    return int(round(value)) if abs(value - round(value)) < 1e-9 else round(value, 6)


def parse_amount(text: str) -> tuple[int | float, str, bool]:
    """``(value, unit, approx)`` of an amount string such as ``1200多万元`` or ``近500人次``.

    Shares are percentages: ``百分之九十五`` (95), ``三分之一`` (33.3…), ``两成`` (20).
    Full-width digits read like ASCII ones."""
    rest, approx = unicodedata.normalize("NFKC", text), False
    for prefix in APPROX_PREFIXES:
        if rest.startswith(prefix):
            rest, approx = rest[len(prefix) :], True
            break
    for suffix in APPROX_SUFFIXES:
        if rest.endswith(suffix):
            rest, approx = rest[: -len(suffix)].rstrip(), True
            break
    share = _share(rest)
    if share is not None:
        return _tidy(share), "%", approx
    match = NUMBER_RE.match(rest)
    if not match:
        raise ValueError(f"amount {text!r} does not start with a number")
    value = _number(match.group())
    rest = rest[match.end() :].lstrip(" ")
    while rest and (rest[0] in MULTIPLIERS or rest.startswith(APPROX_INFIXES)):
        if rest[0] in MULTIPLIERS:
            value *= MULTIPLIERS[rest[0]]
        else:
            approx = True
        rest = rest[1:]
    unit = rest.strip()
    if not unit or (unit not in AMOUNT_UNITS and unit not in COUNT_UNITS):
        raise ValueError(f"amount {text!r} has no known unit (got {unit!r})")
    return _tidy(value), unit, approx


SHARE_RE = re.compile(
    r"(?:(百)分之|([0-9]+|[一二两三四五六七八九十]+)分之)([0-9.]+|[零〇一二两三四五六七八九十百]+)$|([0-9]|[一二两三四五六七八九十])成$"
)


def _share(text: str) -> float | None:
    """A written share as a percentage, or None when the text is not one."""
    match = SHARE_RE.match(text)
    if not match:
        return None
    hundred, denominator, part, tenths = match.groups()
    if tenths:
        return _number(tenths.replace("两", "二")) * 10
    part_value = _number(part)
    return part_value if hundred else part_value * 100 / _number(denominator.replace("两", "二"))


def kind_of_unit(unit: str) -> str:
    """Default ``kind`` for a unit: money, people, percent, area, length, other or count."""
    return AMOUNT_UNITS.get(unit, "count")


# ---------------------------------------------------------------- dates

CN_MONTH = r"十[一二]|[一二三四五六七八九十]"
DATE_RE = re.compile(
    rf"^(?:(?P<year>\d{{4}})年|(?P<rel>今年|去年|前年))?"
    rf"(?:(?P<month>\d{{1,2}}|{CN_MONTH})(?P<month2>{CN_MONTH})?月(?:份|(?P<day>\d{{1,2}})日)?)?$"
)


def _month(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def parse_date(text: str, year: int | None) -> str | None:
    """ISO norm of a date string; ``year`` is the article's year (None when unknown)."""
    match = DATE_RE.match(text)
    if not match or not text or not (match["year"] or match["month"]):
        raise ValueError(f"unparseable date {text!r}")
    if match["year"]:
        y: int | None = int(match["year"])
    elif match["rel"]:
        offset = {"今年": 0, "去年": 1, "前年": 2}[match["rel"]]
        y = None if year is None else year - offset
    else:
        y = year
    if y is None:
        return None
    if not match["month"]:
        return f"{y:04d}"
    month = _month(match["month"])  # a month range (四五月) takes its first month
    if not 1 <= month <= 12:
        raise ValueError(f"bad month in {text!r}")
    if not match["day"]:
        return f"{y:04d}-{month:02d}"
    day = int(match["day"])
    if not 1 <= day <= 31:
        raise ValueError(f"bad day in {text!r}")
    return f"{y:04d}-{month:02d}-{day:02d}"


# ---------------------------------------------------------------- markup


@dataclass
class Span:
    """One bracketed span of the markup, with offsets into the clean text."""

    start: int
    end: int
    kind: str  # an entity type, TITLE or NONE
    sub: str | None = None
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class Article:
    """One article as read from the source, before conversion."""

    header: dict[str, str]
    body: str
    relations: list[tuple[str, str, str]]
    origin: str


def split_articles(source: str, origin: str) -> tuple[list[Article], list[str]]:
    """Articles of one source file: ``###`` header lines, body lines, then ``REL`` lines."""
    articles: list[Article] = []
    errors: list[str] = []
    current: Article | None = None
    body: list[str] = []
    for number, raw in enumerate(source.splitlines(), 1):
        line = raw.strip()
        if line.startswith("###"):
            if current:
                current.body = "\n".join(body)
                articles.append(current)
            header = dict(tok.split("=", 1) for tok in line[3:].split() if "=" in tok)
            current, body = Article(header, "", [], f"{origin}:{number}"), []
        elif not line or line.startswith("//"):
            continue
        elif current is None:
            errors.append(f"{origin}:{number}: text before the first ### header")
        elif line.startswith("REL "):
            parts = line.split()
            if len(parts) != 4:
                errors.append(f"{origin}:{number}: REL needs head, relation and tail: {line!r}")
            else:
                current.relations.append((parts[1], parts[2], parts[3]))
        elif current.relations:
            errors.append(f"{origin}:{number}: body text after REL lines")
        else:
            body.append(line)
    if current:
        current.body = "\n".join(body)
        articles.append(current)
    return articles, errors


def parse_spec(spec: str) -> Span:
    """The ``{...}`` part of a span: ``TYPE[:sub] key=value …``."""
    tokens = spec.split()
    if not tokens:
        raise ValueError("empty {} spec")
    head, _, sub = tokens[0].partition(":")
    kind = TYPE_ALIASES.get(head, head)
    if kind not in (*ENTITY_TYPES, "TITLE", "NONE"):
        raise ValueError(f"unknown span type {head!r}")
    attrs = {}
    for tok in tokens[1:]:
        if "=" not in tok:
            raise ValueError(f"attribute without '=': {tok!r}")
        key, value = tok.split("=", 1)
        attrs[key] = value
    return Span(0, 0, kind, sub or None, attrs)


def parse_markup(body: str) -> tuple[str, list[Span], list[tuple[int, list[str]]]]:
    """Clean text, spans and measure markers (offset of sentence end, labels) of a body."""
    out: list[str] = []
    stack: list[int] = []
    spans: list[Span] = []
    markers: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "[":
            stack.append(len(out))
            i += 1
        elif ch == "]":
            if not stack:
                raise ValueError(f"unmatched ']' near {body[max(0, i - 15) : i + 5]!r}")
            close = body.find("}", i)
            if not body.startswith("{", i + 1) or close < 0:
                raise ValueError(f"']' not followed by a {{spec}} near {body[max(0, i - 15) : i + 5]!r}")
            span = parse_spec(body[i + 2 : close])
            span.start, span.end = stack.pop(), len(out)
            spans.append(span)
            i = close + 1
        elif body.startswith("<<", i):
            close = body.find(">>", i)
            if close < 0:
                raise ValueError("unclosed '<<' measure marker")
            labels = [x for x in re.split(r"[,\s]+", body[i + 2 : close]) if x]
            markers.append((len(out), labels))
            i = close + 2
        elif ch in "{}<>":
            raise ValueError(f"stray {ch!r} near {body[max(0, i - 15) : i + 5]!r}")
        else:
            out.append(ch)
            i += 1
    if stack:
        raise ValueError("unclosed '['")
    return "".join(out), spans, markers


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans per SCHEMA section 3: up to 。！？ or the end of a line."""
    spans, start = [], 0
    for i, ch in enumerate(text):
        if ch in SENTENCE_ENDS or ch == "\n":
            end = i + 1 if ch != "\n" else i
            spans.append((start, end))
            start = i + 1
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s] in " \u3000":
            s += 1
        if s < e:
            out.append((s, e))
    return out


# ---------------------------------------------------------------- conversion


class Problems(list):
    """Error messages of one article, each prefixed with the article id."""

    def __init__(self, art_id: str) -> None:
        super().__init__()
        self.art_id = art_id

    def add(self, message: str) -> None:
        self.append(f"{self.art_id}: {message}")


BYLINE_ROLES = frozenset({"journalist", "editor"})


def _title_before(span: Span, text: str, spans: list[Span]) -> str | None:
    """Title phrase written before a name, carried across lists such as ``县领导甲、乙``."""
    ends = {s.end: s for s in spans if s.kind in ("TITLE", "PERSON")}
    pos = span.start
    while True:
        while pos > 0 and text[pos - 1] in " \u3000：:":
            pos -= 1
        prev = ends.get(pos)
        if prev is not None and prev.kind == "TITLE":
            return text[prev.start : prev.end]
        if prev is not None and prev.kind == "PERSON":
            pos = prev.start
            continue
        if pos > 0 and text[pos - 1] in LIST_JOINERS and pos - 1 in ends:
            pos -= 1
            continue
        return None


def _byline_word(title: str) -> str:
    """A reporter's or editor's title is the byline word: the outlet before it is a UNIT.

    The real annotations write 某某日报全媒体记者 as title 全媒体记者 (SCHEMA: 记者,
    全媒体记者, 通讯员): the longest byline word the title ends with; the outlet
    stays a UNIT entity of its own.
    """
    bylines = [w for w, entry in title_words().items() if entry.kind == "byline"]
    word = max((w for w in bylines if title.endswith(w)), key=len, default=None)
    return word or title


def _person(span: Span, text: str, spans: list[Span], probs: Problems) -> dict[str, Any]:
    role = ROLES.get(span.sub or "", span.sub) or span.attrs.get("role")
    if role not in ROLES.values():
        probs.add(f"PERSON {text[span.start : span.end]!r} has no valid role ({span.sub!r})")
    title = span.attrs.get("title") or _title_before(span, text, spans)
    if title and title != "null" and role in BYLINE_ROLES:
        title = _byline_word(title)
    if title == "null":
        title = None
    elif title is None and POST_BEFORE_NAME.search(text[: span.start]) and "title" not in span.attrs:
        probs.add(
            f"PERSON {text[span.start : span.end]!r}: a post word stands before it but is not marked {{T}}"
        )
    if title and title not in text:
        probs.add(f"title {title!r} does not occur in the text")
    return {"title": title, "role": role}


APPROX_BEFORE = ("约", "近", "逾")  # SCHEMA: approximation markers are part of the amount's text


def _amount(span: Span, surface: str, probs: Problems) -> dict[str, Any]:
    try:
        value, unit, approx = parse_amount(surface)
    except ValueError as exc:
        probs.add(str(exc))
        return {}
    if "value" in span.attrs and abs(float(span.attrs["value"]) - value) > 1e-6 * max(1.0, abs(value)):
        probs.add(f"AMOUNT {surface!r}: written value {span.attrs['value']} != parsed {value}")
    kind = span.sub or span.attrs.get("kind") or kind_of_unit(unit)
    if kind not in AMOUNT_KINDS:
        probs.add(f"AMOUNT {surface!r}: bad kind {kind!r}")
    if kind_of_unit(unit) in ("money", "percent", "area", "length") and kind != kind_of_unit(unit):
        probs.add(f"AMOUNT {surface!r}: kind {kind!r} contradicts unit {unit!r}")
    return {"value": value, "unit": unit, "approx": approx, "kind": kind}


def _date(span: Span, surface: str, year: int | None, date: str | None, probs: Problems) -> dict[str, Any]:
    try:
        norm = parse_date(surface, year)
    except ValueError as exc:
        probs.add(str(exc))
        return {}
    if "norm" in span.attrs:
        written = None if span.attrs["norm"] == "null" else span.attrs["norm"]
        if written != norm:
            probs.add(f"DATE {surface!r}: written norm {written} != derived {norm}")
    if norm and date and int(norm[:4]) > int(date[:4]) + MAX_YEARS_AHEAD:
        probs.add(f"DATE {surface!r}: norm {norm} lies too far after the article year {date[:4]}")
    if surface[:1] in "今去前" and year is None:
        probs.add(f"DATE {surface!r} is relative but the article has no date or year")
    return {"norm": norm}


def _level(span: Span, allowed: tuple[str, ...], surface: str, probs: Problems) -> dict[str, Any]:
    level = span.sub or span.attrs.get("level")
    if level not in allowed:
        probs.add(f"{span.kind} {surface!r}: bad level {level!r}")
    return {"level": level}


def _entities(
    text: str, spans: list[Span], year: int | None, date: str | None, probs: Problems
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Distinct (type, text) entities with first offsets, and every mention."""
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    mentions = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.kind not in ENTITY_TYPES:
            continue
        surface = text[span.start : span.end]
        if not surface or surface != surface.strip():
            probs.add(f"{span.kind} span {surface!r} is empty or has outer spaces")
            continue
        if span.kind == "PERSON":
            attrs = _person(span, text, spans, probs)
        elif span.kind == "UNIT":
            attrs = _level(span, UNIT_LEVELS, surface, probs)
        elif span.kind == "PLACE":
            attrs = _level(span, PLACE_LEVELS, surface, probs)
        elif span.kind == "AMOUNT":
            attrs = _amount(span, surface, probs)
            if text[max(0, span.start - 1) : span.start] in APPROX_BEFORE:
                probs.add(
                    f"AMOUNT {surface!r}: the marker {text[span.start - 1]!r} before it belongs inside the span"
                )
        else:
            attrs = _date(span, surface, year, date, probs)
        entity = {"type": span.kind, "text": surface, "start": span.start, "end": span.end, **attrs}
        key = (span.kind, surface)
        if key in entities and span.kind == "PERSON":
            # A name repeated without its post keeps the post written at another mention.
            if entity["title"] is None:
                entity["title"] = entities[key]["title"]
            elif entities[key]["title"] is None:
                entities[key]["title"] = entity["title"]
        if key in entities:
            old = {k: v for k, v in entities[key].items() if k not in ("start", "end")}
            new = {k: v for k, v in entity.items() if k not in ("start", "end")}
            if old != new:
                probs.add(f"{key} annotated twice with different attributes: {old} vs {new}")
        else:
            entities[key] = entity
        mentions.append({"type": span.kind, "text": surface, "start": span.start, "end": span.end})
    return list(entities.values()), mentions


def _check_unmarked(text: str, spans: list[Span], entities: list[dict[str, Any]], probs: Problems) -> None:
    """Every occurrence of a name must lie inside some span (forgotten markup shows here)."""
    covered = [(s.start, s.end) for s in spans]
    for ent in entities:
        if ent["type"] not in ("PERSON", "UNIT", "PLACE"):
            continue
        name = ent["text"]
        for match in re.finditer(re.escape(name), text):
            s, e = match.span()
            if not any(a <= s and e <= b for a, b in covered):
                probs.add(f"unmarked occurrence of {ent['type']} {name!r} at {s}")


def _check_titles(spans: list[Span], probs: Problems) -> None:
    """Organisation words written before a post belong inside the title span."""
    unit_ends = {s.end for s in spans if s.kind == "UNIT"}
    for span in spans:
        if span.kind == "TITLE" and span.start in unit_ends:
            probs.add(f"title at {span.start} follows a UNIT directly: nest the UNIT inside the {{T}} span")


def _check_digits(text: str, spans: list[Span], probs: Problems) -> None:
    """Every Arabic number must sit in a span: an AMOUNT, a DATE, or a {-} non-entity."""
    covered = [(s.start, s.end) for s in spans]
    for match in re.finditer(r"[0-9]+(?:\.[0-9]+)?", text):
        s, e = match.span()
        if not any(a <= s and e <= b for a, b in covered):
            probs.add(f"number {text[s : e + 3]!r} at {s} is not marked (AMOUNT, DATE or {{-}})")


def _hold_posts(entities: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """HOLDS_POST triples: one per post in an official's title, split at 、."""
    out = []
    for ent in entities:
        title = ent.get("title")
        if ent["type"] != "PERSON" or ent.get("role") != "official" or not title:
            continue
        if title.endswith(GENERIC_TITLE_END):
            continue
        out.extend((ent["text"], "HOLDS_POST", post) for post in title.split("、") if post)
    return out


def _arg_types(name: str, entities: list[dict[str, Any]], posts: set[str], text: str) -> set[str]:
    kinds = {e["type"] for e in entities if e["text"] == name}
    if name in posts:
        kinds.add("POST")
    if name in text:
        kinds.add("GROUP")
    return kinds


def _relations(
    written: list[tuple[str, str, str]],
    entities: list[dict[str, Any]],
    titles: set[str],
    text: str,
    probs: Problems,
) -> list[dict[str, str]]:
    """Written relations checked against argument types, plus the derived HOLDS_POST ones."""
    derived = _hold_posts(entities)
    posts = {p for _, _, p in derived} | titles
    seen: set[tuple[str, str, str]] = set()
    out = []
    for head, rel, tail in written + derived:
        if rel not in RELATION_TYPES:
            probs.add(f"unknown relation {rel!r}")
            continue
        if (head, rel, tail) in seen:
            if (head, rel, tail) not in derived:
                probs.add(f"relation written twice: {head} {rel} {tail}")
            continue
        seen.add((head, rel, tail))
        heads, tails = REL_ARGS[rel]
        if rel == "HOLDS_POST" and (head, rel, tail) not in derived:
            probs.add(f"HOLDS_POST {head}->{tail}: tail is not a post in an official's title")
        if not _arg_types(head, entities, posts, text) & heads:
            probs.add(f"{rel}: head {head!r} is not a {'/'.join(sorted(heads))} of this article")
        if not _arg_types(tail, entities, posts, text) & tails:
            probs.add(f"{rel}: tail {tail!r} is not a {'/'.join(sorted(tails))} of this article")
        out.append({"head": head, "rel": rel, "tail": tail})
    return out


def _measures(text: str, markers: list[tuple[int, list[str]]], probs: Problems) -> list[dict[str, Any]]:
    by_end = {e: (s, e) for s, e in sentences(text)}
    out = []
    for end, labels in markers:
        if end not in by_end:
            probs.add(f"measure marker at {end} is not at the end of a sentence")
            continue
        bad = [x for x in labels if x not in MEASURE_CODES]
        if bad or not labels:
            probs.add(f"bad measure labels {labels}")
        s, e = by_end[end]
        out.append({"sentence": text[s:e], "labels": labels, "start": s, "end": e})
    return out


def _check_header(art: Article, probs: Problems) -> None:
    h = art.header
    for key in ("id", "place", "level", "campaign", "date"):
        if key not in h:
            probs.add(f"header lacks {key}=")
    if h.get("level") not in ARTICLE_LEVELS:
        probs.add(f"bad article level {h.get('level')!r}")
    if h.get("campaign") not in CAMPAIGNS:
        probs.add(f"bad campaign {h.get('campaign')!r}")
    date = h.get("date", "null")
    if date != "null" and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        probs.add(f"bad date {date!r}")


def _check_shape(text: str, place: str, probs: Problems) -> None:
    """Length and sentence count of the brief; the campaign place must be named."""
    count = len(sentences(text))
    if not 150 <= len(text) <= 2000:
        probs.add(f"text has {len(text)} characters (want 150-2000)")
    if not 3 <= count <= 40:
        probs.add(f"text has {count} sentences (want 3-40)")
    short = re.sub(r"(市|县|区|镇|乡|街道)$", "", place)
    if short not in text:
        probs.add(f"place {place!r} is not named in the text")


def convert(art: Article) -> tuple[dict[str, Any] | None, list[str]]:
    """One gold-format record from a source article, with the problems found in it."""
    probs = Problems(art.header.get("id", art.origin))
    _check_header(art, probs)
    try:
        text, spans, markers = parse_markup(art.body)
    except ValueError as exc:
        probs.add(str(exc))
        return None, list(probs)
    date = None if art.header.get("date", "null") == "null" else art.header["date"]
    year = int(art.header["year"]) if "year" in art.header else (int(date[:4]) if date else None)
    entities, mentions = _entities(text, spans, year, date, probs)
    _check_unmarked(text, spans, entities, probs)
    _check_digits(text, spans, probs)
    titles = {text[s.start : s.end] for s in spans if s.kind == "TITLE"}
    _check_titles(spans, probs)
    relations = _relations(art.relations, entities, titles, text, probs)
    _check_shape(text, art.header.get("place", ""), probs)
    record = {
        "id": art.header.get("id"),
        "source": "cwnlp fictional training corpus",
        "date": date,
        "place": art.header.get("place"),
        "level": art.header.get("level"),
        "campaign": art.header.get("campaign"),
        "text": text,
        "entities": entities,
        "measures": _measures(text, markers, probs),
        "relations": relations,
        "mentions": mentions,
    }
    return record, list(probs)


def build(source_dir: Path = SOURCE_DIR) -> tuple[list[dict[str, Any]], list[str]]:
    """All records of the source folder (sorted by id) and every problem found."""
    records, errors = [], []
    for path in sorted(source_dir.glob("*.txt")):
        articles, errs = split_articles(path.read_text(encoding="utf-8"), path.name)
        errors.extend(errs)
        for art in articles:
            record, probs = convert(art)
            errors.extend(probs)
            if record:
                records.append(record)
    ids = [r["id"] for r in records]
    errors.extend(f"duplicate article id {i}" for i in sorted({i for i in ids if ids.count(i) > 1}))
    return sorted(records, key=lambda r: str(r["id"])), errors


def render(records: list[dict[str, Any]]) -> str:
    """The JSONL text of the records (one object per line, UTF-8, not ASCII-escaped)."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def stats(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Counts used by the tests and printed after a build."""
    ents: dict[str, int] = {t: 0 for t in ENTITY_TYPES}
    rels: dict[str, int] = {r: 0 for r in RELATION_TYPES}
    for rec in records:
        for ent in rec["entities"]:
            ents[ent["type"]] += 1
        for rel in rec["relations"]:
            rels[rel["rel"]] += 1
    return {
        "articles": len(records),
        "places": len({r["place"] for r in records}),
        "entities": ents,
        "relations": rels,
        "measures": sum(len(r["measures"]) for r in records),
        "characters": sum(len(r["text"]) for r in records),
    }


def _option(argv: list[str], name: str) -> str | None:
    """The value after `name` in argv, if given."""
    if name in argv and argv.index(name) + 1 < len(argv):
        return argv[argv.index(name) + 1]
    return None


def main(argv: list[str]) -> int:
    # --source DIR and --out FILE let a writer check a draft batch on its own.
    source = _option(argv, "--source")
    out_path = Path(_option(argv, "--out") or TRAIN_PATH)
    records, errors = build(Path(source) if source else SOURCE_DIR)
    for err in errors:
        print("ERROR", err, file=sys.stderr)
    if errors:
        print(f"{len(errors)} problem(s); train.jsonl not written", file=sys.stderr)
        return 1
    out = render(records)
    if "--check" in argv:
        current = out_path.read_text(encoding="utf-8") if out_path.exists() else ""
        if current != out:
            print("train.jsonl is out of date: run python corpora/ner/build.py", file=sys.stderr)
            return 1
    else:
        out_path.write_text(out, encoding="utf-8")
    print(json.dumps(stats(records), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
