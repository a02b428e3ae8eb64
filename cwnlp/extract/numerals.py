"""Chinese and Arabic numeral parsing shared by the amount and date extractors.

Handles Arabic digits (ASCII or full-width, with ``,`` thousands separators and
decimals), Chinese numerals (``三千五百``, ``十二``, ``两百``, ``二〇二〇``, the
colloquial ``三千五`` = 3500), financial capitals (``壹贰叁``), mixed forms with a
multiplier (``1.2万``, ``2854.2万``) and ``百分之N`` (the number N).  Everything is
a small hand-written parser: linear in the input, no regex backtracking.
"""

from __future__ import annotations

import re

# Full-width digits and punctuation that occur inside numbers.
_HALFWIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")

DIGITS: dict[str, int] = {
    "〇": 0,
    "零": 0,
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
    "壹": 1,
    "贰": 2,
    "叁": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
# Small units multiply the digit before them; big units close a section.
SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS: dict[str, int] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

#: Every character that can be part of a Chinese numeral.
CN_NUMERAL_CHARS = "".join(DIGITS) + "".join(SMALL_UNITS) + "".join(BIG_UNITS)

_ARABIC = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def to_halfwidth(text: str) -> str:
    """Full-width digits, ``．`` and ``％`` as ASCII (same length, offsets kept).

    ``，`` stays: in Chinese text it separates clauses, never thousands.
    """
    return text.translate(_HALFWIDTH)


def parse_number(s: str) -> float | None:
    """The value of a numeral string, or None when it is not one.

    >>> parse_number("1.2万"), parse_number("三千五百"), parse_number("百分之九十五")
    (12000.0, 3500.0, 95.0)
    """
    if not isinstance(s, str):
        return None
    s = to_halfwidth(s.strip()).replace(" ", "")
    if not s:
        return None
    if s.startswith("百分之"):
        return parse_number(s[3:]) if len(s) > 3 else None
    if s.endswith("%"):
        return parse_number(s[:-1]) if len(s) > 1 else None
    arabic = _ARABIC.match(s)
    if arabic:
        return _arabic_with_multiplier(arabic.group(0), s[arabic.end() :])
    return parse_chinese(s)


def _arabic_with_multiplier(number: str, rest: str) -> float | None:
    """``2854.2`` followed by an optional run of multipliers (``万``, ``亿``, ``千万``)."""
    value = float(number.replace(",", ""))
    for char in rest:
        factor = BIG_UNITS.get(char) or SMALL_UNITS.get(char)
        if factor is None:
            return None
        value *= factor
    return round(value, 6)  # 2854.2 × 10⁴ should not print as 28542000.000000004


def parse_chinese(s: str) -> float | None:
    """The value of a pure Chinese numeral (``二十余`` is not one: no markers here)."""
    if not s or any(c not in CN_NUMERAL_CHARS for c in s):
        return None
    if all(c in DIGITS for c in s):
        # A run of digits is read digit by digit (二〇二〇 → 2020), as in years.
        return float(int("".join(str(DIGITS[c]) for c in s)))
    total = 0  # sections already closed by 亿 / 万
    section = 0  # value inside the current section
    digit: int | None = None
    last_unit = 0  # the small unit just seen, for 三千五 → 3500
    prev_zero = False
    for char in s:
        if char in DIGITS:
            if digit is not None and not (prev_zero or DIGITS[char] == 0):
                return None  # two digits in a row (三五百) is not a numeral
            prev_zero = DIGITS[char] == 0
            digit = DIGITS[char]
            if prev_zero:
                last_unit = 0
        elif char in SMALL_UNITS:
            unit = SMALL_UNITS[char]
            section += (1 if digit is None else digit) * unit
            digit, last_unit, prev_zero = None, unit, False
        else:
            unit = BIG_UNITS[char]
            section += digit or 0
            if section == 0 and total == 0:
                section = 1
            # 亿 multiplies everything before it; 万 only the current section.
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section, digit, last_unit, prev_zero = 0, None, unit, False
    if digit is not None:
        # A trailing digit right after a unit is colloquial: 三千五 = 3500, 一万二 = 12000.
        section += digit * (last_unit // 10) if last_unit >= 100 else digit
    return float(total + section)
