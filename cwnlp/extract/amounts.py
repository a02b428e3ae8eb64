"""Rule extractor for AMOUNT entities: a number with its unit or measure word.

Grammar, read left to right around every numeral in the text::

    [block] [approx_before] NUMBER [range] [approx | multiplier]* UNIT [approx_unit]

* NUMBER is Arabic (ASCII or full-width, ``1,200``, ``2854.2``), Chinese
  (``三千五百``, ``二十``) or ``百分之`` + numeral.  Shares are percentages too:
  fractions (``三分之一`` → 33.3 %) and tenths (``近两成`` → 20 %, only where the
  character before is a verb or punctuation: 统一成立 holds no share).  Multipliers (万/亿/千/百) are folded
  into ``value`` (base units).
* UNIT comes from ``data/measure_words.tsv`` (longest match).  Units of kind
  ``duration`` or ``position`` (两个月, 3天, 四层楼) mean "not an amount".
* When no unit is written but a people noun follows (``300万某某人民``) the amount is
  people with unit 人; the text stays as written (number only).

Things that look like amounts but are not: ordinals and rates (``第35个``, ``每100人``),
numbers in short quoted slogans and 《titles》 (``“7个专项行动”``), single Chinese
digits with a measure word (``一排排``, ``三个想不到``, ``六项重点工作``: stated facts are
written with Arabic or multi-character numerals), bare ``百/千/万`` (``千名干部``), digit
runs (``二〇二〇``), IDs and phone numbers (a letter, ``-`` or ``/`` glued before),
ranks (``排名前3名``), addresses (``某某村3组``) and
programme names (``7个专项行动``).  All marker words live in ``data/amount_markers.tsv``.
A frequency states a count of times (``每周开展2次``: the schema's counts include times).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cwnlp.extract.numerals import (
    BIG_UNITS,
    CN_NUMERAL_CHARS,
    DIGITS,
    SMALL_UNITS,
    parse_number,
    to_halfwidth,
)
from cwnlp.model import Entity

DATA = Path(__file__).parent / "data"
NOT_AMOUNT_KINDS = frozenset({"duration", "position"})
MAX_DIGITS = 12  # longer digit runs are IDs, phone numbers or junk
MAX_CN_LEN = 12

_NUMBER = re.compile(rf"\d{{1,3}}(?:,\d{{3}}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?|[{CN_NUMERAL_CHARS}]+")
_RANGE_SEPARATORS = "-~～—–至到"
_MULTIPLIERS = {**SMALL_UNITS, **BIG_UNITS}
_BARE_LEADS = frozenset("百佰千仟万萬亿億")  # a numeral that starts with these has no digit
_GLUED_BEFORE = re.compile(r"[A-Za-z0-9.:/_\-]")  # also `,` after a digit (see _plausible_number)
# Quoted segments and titles: numbers inside short ones belong to slogans and names.
_QUOTES = re.compile(r"“[^“”\n]*”|「[^「」\n]*」|『[^『』\n]*』|‘[^‘’\n]*’|\"[^\"\n]*\"")
_TITLES = re.compile(r"《[^《》\n]*》|<[^<>\n]{0,300}>")
_SENTENCE_END = re.compile(r"[。！？!?]")
MAX_SLOGAN_LEN = 30


@dataclass(frozen=True)
class AmountLexicon:
    """Units and marker words read from the data files."""

    units: dict[str, str]
    max_unit_len: int
    approx_before: tuple[str, ...]  # longest first
    approx_number: frozenset[str]
    approx_unit: tuple[str, ...]
    block_before: frozenset[str]
    people_nouns: tuple[str, ...]
    share_before: frozenset[str]
    share_block_after: frozenset[str]
    address_units: frozenset[str]
    address_before: frozenset[str]
    programme_after: tuple[str, ...]
    rank_before: frozenset[str]
    rank_units: frozenset[str]


def _read_tsv(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, comments and blank lines skipped."""
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=1)
def load_lexicon() -> AmountLexicon:
    """The amount lexicon (cached: the files are read once per process)."""
    units = {row[0]: row[1] for row in _read_tsv("measure_words.tsv")}
    markers: dict[str, list[str]] = {}
    for role, marker in _read_tsv("amount_markers.tsv"):
        markers.setdefault(role, []).append(marker)
    by_length = lambda words: tuple(sorted(words, key=len, reverse=True))  # noqa: E731
    return AmountLexicon(
        units=units,
        max_unit_len=max(map(len, units)),
        approx_before=by_length(markers.get("approx_before", [])),
        approx_number=frozenset(markers.get("approx_number", [])),
        approx_unit=by_length(markers.get("approx_unit", [])),
        block_before=frozenset(markers.get("block_before", [])),
        people_nouns=by_length(markers.get("people_noun", [])),
        share_before=frozenset(markers.get("share_before", [])),
        share_block_after=frozenset(markers.get("share_block_after", [])),
        address_units=frozenset(markers.get("address_unit", [])),
        address_before=frozenset(markers.get("address_before", [])),
        programme_after=by_length(markers.get("programme_after", [])),
        rank_before=frozenset(markers.get("rank_before", [])),
        rank_units=frozenset(markers.get("rank_unit", [])),
    )


@dataclass
class _Reading:
    """An amount being read; offsets into the text."""

    start: int
    end: int
    value: float
    unit: str
    kind: str
    approx: bool


def find_amounts(text: str) -> list[Entity]:
    """AMOUNT mentions in ``text``, in order, without overlaps."""
    if not isinstance(text, str):
        raise TypeError(f"find_amounts expects str, got {type(text).__name__}")
    norm = to_halfwidth(text)  # same length, so offsets carry over
    lex = load_lexicon()
    shields = _shielded_spans(norm)
    found: list[Entity] = []
    last_end = 0
    for match in _NUMBER.finditer(norm):
        if match.start() < last_end:
            continue
        reading = _read_amount(norm, match, lex)
        if reading is None or _inside(shields, reading.start, reading.end):
            continue
        found.append(_entity(text, reading))
        last_end = reading.end
    return found


def _entity(text: str, r: _Reading) -> Entity:
    value = float(round(r.value)) if abs(r.value - round(r.value)) < 1e-6 else r.value
    return Entity(
        type="AMOUNT",
        text=text[r.start : r.end],
        start=r.start,
        end=r.end,
        value=value,
        unit=r.unit,
        approx=r.approx,
        kind=r.kind,
        source="rule",
    )


def _shielded_spans(norm: str) -> list[tuple[int, int]]:
    """Disjoint sorted spans of short quotes (slogans, names), 《titles》 and HTML tags."""
    spans = [m.span() for m in _TITLES.finditer(norm)]
    for m in _QUOTES.finditer(norm):
        inner = m.group()[1:-1]
        if len(inner) <= MAX_SLOGAN_LEN and not _SENTENCE_END.search(inner):
            spans.append(m.span())
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the disjoint sorted spans."""
    i = bisect.bisect_right(spans, (start, 1 << 62)) - 1
    return any(0 <= j < len(spans) and spans[j][0] < end and start < spans[j][1] for j in (i, i + 1))


def _read_amount(norm: str, match: re.Match[str], lex: AmountLexicon) -> _Reading | None:
    """Read one amount around a numeral match, or None when it is not one."""
    core, start, end = match.group(), match.start(), match.end()
    percent = start >= 3 and norm.startswith("百分之", start - 3)
    prefix_start, approx = _read_prefix(norm, start - 3 if percent else start, lex)
    if prefix_start is None:
        return None
    if not percent:
        share = _read_share(norm, core, start, end, prefix_start, lex)
        if share is not None:
            share.approx = share.approx or approx
            return _with_unit_approx(norm, share, lex)
    if not percent and not _plausible_number(norm, core, start, lex):
        return None
    if not percent and norm[prefix_start] == "上" and core[0] not in _BARE_LEADS:
        prefix_start, approx = start, False  # 上 is a marker only in 上万 / 上千 / 上百
    value = parse_number(core)
    if value is None:
        return None
    end, range_approx = _read_range(norm, core, end)
    end, factor, number_approx = _read_number_suffix(norm, end, lex)
    reading = _Reading(prefix_start, end, value * factor, "", "", approx or range_approx or number_approx)
    if percent:
        reading.unit, reading.kind = "%", "percent"
        return _with_unit_approx(norm, reading, lex)
    return _read_unit(norm, reading, lex)


_SHARE_DIGITS = "一二两三四五六七八九十"


def _read_share(
    norm: str, core: str, start: int, end: int, prefix_start: int, lex: AmountLexicon
) -> _Reading | None:
    """A fraction (三分之一) or tenths (两成) as a percentage, else None."""
    if norm.startswith("分之", end):
        numerator = _NUMBER.match(norm, end + 2)
        if numerator is None or numerator.group()[0].isdigit() != core[0].isdigit():
            return None
        denominator, part = parse_number(core), parse_number(numerator.group())
        if not denominator or part is None or part > denominator or denominator in (100, 1000):
            return None  # 百分之 is read elsewhere; 千分之 is too rare to guess a unit for
        return _Reading(prefix_start, numerator.end(), part * 100 / denominator, "%", "percent", False)
    if norm[end : end + 1] != "成" or len(core) != 1 or core not in _SHARE_DIGITS + "123456789":
        return None
    if norm[end + 1 : end + 2] in lex.share_block_after:
        return None  # 一成不变, 三成立: a word, not a share
    before = norm[prefix_start - 1] if prefix_start > 0 else ""
    if prefix_start == start and before and "\u4e00" <= before <= "\u9fff" and before not in lex.share_before:
        return None  # 统一成立
    value = parse_number(core)
    if value is None:
        return None
    return _Reading(prefix_start, end + 1, value * 10, "%", "percent", False)


def _read_prefix(norm: str, start: int, lex: AmountLexicon) -> tuple[int | None, bool]:
    """Where the amount text starts (an approx marker may precede), or None if blocked."""
    for marker in lex.approx_before:
        begin = start - len(marker)
        if begin >= 0 and norm.startswith(marker, begin):
            if begin > 0 and norm[begin - 1] in lex.block_before:
                return None, False
            return begin, True
    if start > 0 and norm[start - 1] in lex.block_before:
        return None, False
    return start, False


def _plausible_number(norm: str, core: str, start: int, lex: AmountLexicon) -> bool:
    """Reject IDs, digit runs and Chinese numerals used as words rather than counts."""
    if core[0].isdigit():
        glued = start > 0 and _GLUED_BEFORE.match(norm[start - 1])
        # ASCII `,` also separates clauses (`共246个,115盏`); after a digit it is a number's.
        glued = glued or (start > 1 and norm[start - 1] == "," and norm[start - 2].isdigit())
        return not glued and len(core.split(".")[0].replace(",", "")) <= MAX_DIGITS
    if len(core) > MAX_CN_LEN:
        return False
    rough = norm[start + len(core) : start + len(core) + 1] in lex.approx_number
    if core[0] in _BARE_LEADS:
        # 千名干部, 万众一心 have no digit; 上万人, 近千名 and 万余人 state a (rough) number.
        return rough or any(norm.startswith(m, start - len(m)) for m in lex.approx_before if start >= len(m))
    if len(core) == 1:
        return core in "十拾" and rough  # 十余人; but 一排排, 三个想不到
    return not all(c in DIGITS for c in core)  # 二〇二〇 is a year, 五六 a guess


def _read_range(norm: str, core: str, end: int) -> tuple[int, bool]:
    """Skip a second number of a range (3-5人, 二十至三十名); the value stays the first."""
    if end >= len(norm) or norm[end] not in _RANGE_SEPARATORS:
        return end, False
    second = _NUMBER.match(norm, end + 1)
    if second is None or second.group()[0].isdigit() != core[0].isdigit():
        return end, False
    return second.end(), True


def _read_number_suffix(norm: str, end: int, lex: AmountLexicon) -> tuple[int, float, bool]:
    """Approximation marker and multipliers after the number (多万, 万余, 1.2万)."""
    factor, approx = 1.0, False
    if norm.startswith((" ", "\u3000"), end) and end + 1 < len(norm) and not norm[end + 1].isspace():
        end += 1  # `600 多个`: one space is kept in the text
    for _ in range(3):
        char = norm[end : end + 1]
        if char and char in lex.approx_number and not approx:
            approx, end = True, end + 1
        elif char and char in _MULTIPLIERS and len(_match_unit(norm, end, lex) or "") < 2:
            factor, end = factor * _MULTIPLIERS[char], end + 1  # but 千米, 千克 are units
        else:
            break
    return end, factor, approx


def _match_unit(norm: str, pos: int, lex: AmountLexicon) -> str | None:
    """The longest unit or measure word starting at pos."""
    for length in range(min(lex.max_unit_len, len(norm) - pos), 0, -1):
        word = norm[pos : pos + length]
        if word in lex.units:
            return word
    return None


def _read_unit(norm: str, r: _Reading, lex: AmountLexicon) -> _Reading | None:
    """Attach the unit (or an inferred people unit) and decide if this is an amount."""
    unit = _match_unit(norm, r.end, lex)
    if unit is None:
        return _implicit_people(norm, r, lex)
    if lex.units[unit] in NOT_AMOUNT_KINDS:
        return None
    if unit in lex.address_units and r.start > 0 and norm[r.start - 1] in lex.address_before:
        return None  # 某某村3组: an address
    if unit in lex.rank_units and r.start > 0 and norm[r.start - 1] in lex.rank_before:
        return None  # 排名后3位: a rank
    after = r.end + len(unit)
    if unit == "个" and norm.startswith(lex.programme_after, after):
        return None  # 7个专项行动: the name of a programme
    if unit == "人" and any(norm.startswith(noun, r.end) for noun in lex.people_nouns):
        return _implicit_people(norm, r, lex)  # 300万人民: 人 belongs to the noun
    if norm[after : after + 1] in ("多", "余", "半"):
        tail = _match_unit(norm, after + 1, lex)
        if tail and lex.units[tail] == "duration":
            return None  # 3个多月, 2个半小时
    r.end, r.unit, r.kind = after, unit, lex.units[unit]
    return _with_unit_approx(norm, r, lex)


def _with_unit_approx(norm: str, r: _Reading, lex: AmountLexicon) -> _Reading:
    """Extend over an approximation marker written after the unit (3000人左右)."""
    for marker in lex.approx_unit:
        if norm.startswith(marker, r.end):
            r.end, r.approx = r.end + len(marker), True
            break
    return r


def _implicit_people(norm: str, r: _Reading, lex: AmountLexicon) -> _Reading | None:
    """`300万某某人民`: no measure word, a people noun within a few characters."""
    if norm[r.end - 1 : r.end] == " ":
        return None
    for gap in range(0, 5):
        between = norm[r.end : r.end + gap]
        if not all("\u4e00" <= c <= "\u9fff" and c not in CN_NUMERAL_CHARS for c in between):
            return None
        if any(norm.startswith(noun, r.end + gap) for noun in lex.people_nouns):
            r.unit, r.kind = "人", "people"
            return r
    return None
