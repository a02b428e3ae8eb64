"""Recognise site chrome lines (buttons, footers, licence numbers) in page text.

The patterns live in ``data/chrome.yaml`` so they can grow without code
changes; they are compiled once per process.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml

# A line that ends like a sentence is body text even if it mentions 热线 or 电话.
# List bullets that captured page text keeps before buttons ("• +1").
_BULLETS = " \t\u3000•·●■▪◆◇○►▶*-"
_SENTENCE_END = re.compile(r"[。！？!?；;][”’」』\"')）]*$")


@dataclass(frozen=True)
class ChromePatterns:
    """Compiled chrome patterns, one regex per group of ``data/chrome.yaml``."""

    exact: re.Pattern[str]
    contains: re.Pattern[str]
    always: re.Pattern[str]
    end: re.Pattern[str]


def _join(patterns: list[str]) -> re.Pattern[str]:
    # Inline flags such as (?i) must be scoped when patterns are joined.
    parts = [f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})" for p in patterns]
    return re.compile("|".join(parts))


@lru_cache(maxsize=1)
def patterns() -> ChromePatterns:
    """The chrome patterns from ``data/chrome.yaml`` (loaded once)."""
    text = resources.files("cwnlp.text").joinpath("data/chrome.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    return ChromePatterns(
        exact=re.compile(f"(?:{_join(data['exact']).pattern})"),
        contains=_join(data["contains"]),
        always=_join(data["always"]),
        end=_join(data["end"]),
    )


def is_sentence(line: str) -> bool:
    """True when a line ends like a sentence (。！？ possibly before a closing quote)."""
    return bool(_SENTENCE_END.search(line.strip()))


def is_chrome(line: str) -> bool:
    """True when a line is site chrome rather than article text."""
    text = line.strip().lstrip(_BULLETS).strip()
    if not text:
        return True
    pats = patterns()
    if pats.exact.fullmatch(text) or pats.always.search(text):
        return True
    if pats.contains.search(text):
        return not is_sentence(text)
    return False


def is_end_marker(line: str) -> bool:
    """True when a line marks the end of the article body (上一篇, 责任编辑, 声明 ...)."""
    return bool(patterns().end.search(line.strip()))


def strip_chrome(lines: list[str]) -> list[str]:
    """The lines that are not chrome, in order."""
    return [line for line in lines if not is_chrome(line)]
