"""Optional traditional -> simplified Chinese conversion (OpenCC 't2s')."""

from __future__ import annotations

from functools import lru_cache

from opencc import OpenCC


@lru_cache(maxsize=1)
def _converter() -> OpenCC:
    # Building the converter reads its dictionaries: do it once per process.
    return OpenCC("t2s")


def to_simplified(text: str | None) -> str | None:
    """``text`` in simplified characters; None and empty strings pass through."""
    if not text:
        return text
    return _converter().convert(text)
