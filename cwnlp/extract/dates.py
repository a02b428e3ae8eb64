"""Rule extractor for DATE entities: calendar dates, months and years.

Finds ``2020年4月14日``, ``2020年4月``, ``2019年``, ``二〇二〇年四月``, ``5月9日``,
``四月``, ``2020-10-25`` / ``2020.10.25`` / ``2020/10/25`` and relative months such as
``今年7月``, ``去年四五月`` (a month range: the first month is the norm).  Modifiers
(上午, 中旬, 底, 前, 以来) are left out of the text because the grammar stops at the
last date part.  For a range (``7月18日-19日``, ``2018年至2020年``) only the first date is
a mention.  Vague references (近日, 第一季度), durations (两个月, 近一月) and years in
names (2020年版) are not dates.

Normalisation (``norm``, ISO ``YYYY``/``YYYY-MM``/``YYYY-MM-DD``) of dates without a
written year uses the *article year*:

* the year of ``ref_date`` (the publication date) when it is given;
* otherwise the latest explicit year written *before* the mention, leaving out
  target years (``力争2020年``, ``预计2025年``); news recaps earlier years and then
  reports "今年" events, so later years are usually plans;
* otherwise unknown: ``norm`` is None.

``同年``/``当年`` take the most recent explicit year before the mention, ``次年`` the year
after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cwnlp.extract.numerals import DIGITS, parse_number, to_halfwidth
from cwnlp.model import Entity

_CN_YEAR = "〇零一二三四五六七八九"
_CN_SMALL = "一二三四五六七八九十"
_RELATIVE = "今年|本年|去年|前年|明年|同年|当年|次年"
_DATE = re.compile(
    rf"(?:(?P<rel>{_RELATIVE})|(?P<y>\d{{4}}|[{_CN_YEAR}]{{4}})年)?"
    rf"(?P<m>\d{{1,2}}|[{_CN_SMALL}]{{1,3}})月(?P<mf>份)?"
    rf"(?:(?P<d>\d{{1,2}}|[{_CN_SMALL}]{{1,3}})[日号])?"
    rf"|(?P<y2>\d{{4}}|[{_CN_YEAR}]{{4}})年"
    r"|(?P<iy>\d{4})(?P<sep>[-./])(?P<im>\d{1,2})(?P=sep)(?P<id>\d{1,2})"
)
_RANGE_SEPARATORS = "-~～—–至到"
_GLUED = re.compile(r"[0-9A-Za-z./_\-]")
# Before a month with no year or day, these make it a duration or a word (近一月, 统一月).
_NOT_MONTH_BEFORE = "近约多每几数这那个半一统单整"
_TARGET_BEFORE = ("力争", "争取", "预计", "计划", "目标")
_NOT_YEAR_AFTER = ("版", "年")  # 2020年版 (an edition); 年年 is reduplication
MIN_YEAR, MAX_YEAR = 1900, 2099


@dataclass
class _KnownYears:
    """Explicit, non-target years written so far: the latest one and the largest one."""

    latest: int | None = None
    largest: int | None = None

    def add(self, year: int) -> None:
        self.latest = year
        self.largest = year if self.largest is None else max(self.largest, year)


@dataclass
class _Parts:
    """One date mention as numbers; year may still be unknown."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    explicit_year: bool
    relative: str | None


def find_dates(text: str, ref_date: str | None = None) -> list[Entity]:
    """DATE mentions in ``text`` in order; ``ref_date`` is the ISO publication date."""
    if not isinstance(text, str):
        raise TypeError(f"find_dates expects str, got {type(text).__name__}")
    norm = to_halfwidth(text)
    ref_year = _ref_year(ref_date)
    found: list[Entity] = []
    known = _KnownYears()
    last_end = -2
    for match in _DATE.finditer(norm):
        parts = _parts(norm, match)
        if parts is None:
            continue
        if _continues_range(norm, last_end, parts.start):
            last_end = parts.end
            continue
        year = _resolve_year(parts, ref_year, known)
        if parts.year is not None and parts.explicit_year and not _is_target(norm, parts.start):
            known.add(parts.year)
        found.append(_entity(text, parts, year))
        last_end = parts.end
    return found


def _ref_year(ref_date: str | None) -> int | None:
    """The year of an ISO date string, or None when it is missing or malformed."""
    if not isinstance(ref_date, str) or not re.match(r"\d{4}(?:\D|$)", ref_date.strip()):
        return None
    year = int(ref_date.strip()[:4])
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def _entity(text: str, parts: _Parts, year: int | None) -> Entity:
    norm = None
    if year is not None:
        norm = f"{year:04d}"
        if parts.month is not None:
            norm += f"-{parts.month:02d}"
            if parts.day is not None:
                norm += f"-{parts.day:02d}"
    return Entity(
        type="DATE",
        text=text[parts.start : parts.end],
        start=parts.start,
        end=parts.end,
        norm=norm,
        source="rule",
    )


def _number(s: str | None) -> int | None:
    """An Arabic or Chinese numeral as int (month/day/year sized), None if absent or bad."""
    if not s:
        return None
    if s.isascii() and s.isdigit():
        return int(s)  # the common case, without the general parser
    value = parse_number(s)
    return int(value) if value is not None and value == int(value) else None


def _parts(norm: str, m: re.Match[str]) -> _Parts | None:
    """Read and validate one regex match; None when it is not a date."""
    start, end = m.span()
    if start > 0 and _GLUED.match(norm[start - 1]) and not m.group("rel"):
        return None  # inside a longer number, an ID or a URL
    if m.group("iy"):
        return _iso_parts(norm, m)
    year_text = m.group("y") or m.group("y2")
    year = _number(year_text)
    if year_text and not (year is not None and MIN_YEAR <= year <= MAX_YEAR):
        return None
    if m.group("y2"):
        if norm.startswith(_NOT_YEAR_AFTER, end):
            return None
        return _Parts(start, end, year, None, None, True, None)
    month, day = _month(m.group("m")), _number(m.group("d"))
    if month is None or (day is not None and not 1 <= day <= _days_in(month)):
        return None
    if not (year_text or m.group("rel") or day) and _bare_month_is_word(norm, m):
        return None
    return _Parts(start, end, year, month, day, year is not None, m.group("rel"))


def _iso_parts(norm: str, m: re.Match[str]) -> _Parts | None:
    """``2020-10-25``, ``2020.10.25``, ``2020/10/25``: all three parts must be valid."""
    year, month, day = int(m.group("iy")), int(m.group("im")), int(m.group("id"))
    if _GLUED.match(norm[m.end() : m.end() + 1] or " "):
        return None  # 2020.10.25.1 or a longer number
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= _days_in(month)):
        return None
    return _Parts(m.start(), m.end(), year, month, day, True, None)


def _month(s: str) -> int | None:
    """Month number; a run of two consecutive Chinese digits (四五月) gives the first."""
    if len(s) == 2 and all(c in DIGITS for c in s) and DIGITS[s[1]] == DIGITS[s[0]] + 1:
        return DIGITS[s[0]]
    month = _number(s)
    return month if month is not None and 1 <= month <= 12 else None


def _days_in(month: int) -> int:
    return 29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31


def _bare_month_is_word(norm: str, m: re.Match[str]) -> bool:
    """A month with no year or day that is really a duration or part of a word."""
    start, end = m.span()
    before = norm[start - 1 : start]
    if before and before in _NOT_MONTH_BEFORE:
        return True  # 近一月, 每3月, 统一月度
    if m.group("m")[0] in _CN_SMALL and before and before in _CN_SMALL:
        return True  # inside a longer Chinese numeral
    return norm.startswith(("度", "一"), end) and not m.group("mf")  # 月度, 一月一次


def _continues_range(norm: str, last_end: int, start: int) -> bool:
    """Whether a date is the second half of a range (7月18日至8月2日)."""
    return start == last_end + 1 and norm[last_end] in _RANGE_SEPARATORS


def _is_target(norm: str, start: int) -> bool:
    """A year written as a goal (力争2020年, 预计2025年) does not date the article."""
    return any(norm.startswith(word, start - len(word)) for word in _TARGET_BEFORE if start >= len(word))


def _resolve_year(parts: _Parts, ref_year: int | None, known: _KnownYears) -> int | None:
    """The year a mention normalises to (see the module docstring for the rule)."""
    if parts.year is not None:
        return parts.year
    if parts.relative in ("同年", "当年"):
        return known.latest if known.latest is not None else ref_year
    if parts.relative == "次年":
        return known.latest + 1 if known.latest is not None else None
    base = ref_year if ref_year is not None else known.largest
    if base is None:
        return None
    offsets = {"去年": -1, "前年": -2, "明年": 1}
    return base + offsets.get(parts.relative or "", 0)
