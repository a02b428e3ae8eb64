"""Decode fetched HTML bytes whose declared charset may be wrong.

Chinese sites often declare gb2312 while serving UTF-8 (or the reverse), and
real "gb2312" pages use GBK-only characters, so a declaration is only a hint:
we trust a BOM, then try the declared and meta charsets and keep the first one
that decodes cleanly into plausible text, then ask charset-normalizer.
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

# GB2312 and GBK are subsets of GB18030; decoding as the superset never loses text.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "cp936": "gb18030",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_META_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HEADER_RE = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)
_CJK_RE = re.compile(r"[\u3400-\u9fff]")
# Characters that appear when bytes are decoded with the wrong legacy codec.
_MOJIBAKE_RE = re.compile(r"[\ufffd\u00c0-\u00ff\u0400-\u04ff\ue000-\uf8ff]")


def normalise_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, widened to its superset; None if unknown."""
    if not name:
        return None
    match = _HEADER_RE.search(name)
    label = (match.group(1) if match else name).strip().strip("\"'").lower()
    try:
        codec = codecs.lookup(label).name
    except LookupError:
        return None
    return _SUPERSETS.get(label, _SUPERSETS.get(codec, codec))


def _common_ratio(text: str) -> float:
    """Share of CJK characters inside GB2312 (the common simplified set)."""
    chars = _CJK_RE.findall(text[:50_000])
    if not chars:
        return 1.0
    common = sum(1 for ch in chars if _in_gb2312(ch))
    return common / len(chars)


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _plausible(text: str, codec: str) -> bool:
    """True when decoded text has no replacement characters and little mojibake.

    GB18030 decodes almost any byte string, so for GB codecs we also require
    that most Chinese characters are common ones: Big5 or UTF-8 bytes read as
    GBK give rare characters.
    """
    if "\ufffd" in text:
        return False
    sample = text[:200_000]
    cjk = len(_CJK_RE.findall(sample))
    odd = len(_MOJIBAKE_RE.findall(sample))
    if odd > max(3, cjk // 20):
        return False
    return not codec.startswith("gb") or _common_ratio(sample) >= 0.9


def _try(content: bytes, codec: str) -> str | None:
    try:
        text = content.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if _plausible(text, codec) else None


def _candidates(content: bytes, declared: str | None) -> list[str]:
    """Codecs to try in order: declared header, meta tags, then the usual Chinese ones."""
    names = [normalise_charset(declared)]
    names += [normalise_charset(m.decode("ascii", "ignore")) for m in _META_RE.findall(content[:8192])]
    names += ["utf-8", "gb18030"]
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return seen


def decode_html(content: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode page bytes into text; returns ``(text, encoding_used)``.

    ``declared`` is the HTTP Content-Type header or a bare charset name.
    Never raises on bad bytes: the last resort decodes UTF-8 with replacement.
    """
    if not isinstance(content, bytes | bytearray):
        raise TypeError(f"content must be bytes, got {type(content).__name__}")
    for bom, codec in _BOMS:
        if content.startswith(bom):
            return content.decode(codec, errors="replace"), codec
    # Valid UTF-8 with non-ASCII bytes is almost never another encoding, so it
    # wins over a declaration (a common lie is "gb2312" on a UTF-8 page).
    if not content.isascii():
        text = _try(content, "utf-8")
        if text is not None:
            return text, "utf-8"
    for codec in _candidates(content, declared):
        text = _try(content, codec)
        if text is not None:
            return text, codec
    best = from_bytes(content).best()
    if best is not None and best.encoding:
        codec = normalise_charset(best.encoding) or best.encoding
        return content.decode(codec, errors="replace"), codec
    return content.decode("utf-8", errors="replace"), "utf-8"
