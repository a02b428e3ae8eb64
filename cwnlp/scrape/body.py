"""Reading a response body safely: size cap after decompression, time limit,
truncation detection, and a sniff for binary files.

We ask servers for ``gzip, deflate`` only and inflate the raw stream ourselves
with ``zlib`` and an output limit, so a gzip bomb stops at ``max_bytes`` of
output instead of filling memory.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Mapping

import requests
import urllib3.exceptions

ACCEPT_ENCODING = "gzip, deflate"
CHUNK = 64 * 1024

# Declared types we read and sniff; anything else is "not an HTML page" at once.
READABLE_TYPES = {
    "",
    "text/html",
    "application/xhtml+xml",
    "application/vnd.wap.xhtml+xml",
    "text/plain",
    "text/xml",
    "application/xml",
    "application/octet-stream",
}

# File signatures of the binaries news sites link to (PDF, Office, images, archives).
MAGIC = {
    b"%PDF": "PDF",
    b"PK\x03\x04": "zip/Office",
    b"\xd0\xcf\x11\xe0": "MS Office",
    b"\x89PNG": "PNG",
    b"GIF8": "GIF",
    b"\xff\xd8\xff": "JPEG",
    b"RIFF": "RIFF media",
    b"\x1f\x8b": "gzip",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7z",
    b"ID3": "MP3",
}


class FetchError(Exception):
    """A request that failed; ``retryable`` says whether trying again may help."""

    def __init__(self, message: str, retryable: bool = False) -> None:
        super().__init__(message)
        self.retryable = retryable


def media_type(content_type: str | None) -> str:
    """``text/html`` from ``text/html; charset=utf-8`` (lower case, '' if absent)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def binary_reason(content_type: str | None) -> str | None:
    """Why a declared Content-Type is not worth reading, or None."""
    kind = media_type(content_type)
    if kind in READABLE_TYPES or "html" in kind:
        return None
    return f"not an HTML page (Content-Type: {kind})"


def sniff_binary(body: bytes) -> str | None:
    """Why a body looks like a binary file rather than a page, or None."""
    head = body[:4096]
    for magic, name in MAGIC.items():
        if head.startswith(magic):
            return f"not an HTML page (looks like {name})"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None  # UTF-16 text with a BOM contains NUL bytes legitimately
    if b"\x00" in head:
        return "not an HTML page (binary data: NUL bytes)"
    return None


class Inflater:
    """Incremental gzip/deflate decoder that never returns more than asked for."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._raw_deflate = False
        self._d = self._new()

    def _new(self) -> zlib._Decompress:
        if self.encoding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if self._raw_deflate else zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes, room: int) -> bytes:
        """Inflate ``data``; stops once more than ``room`` bytes were produced."""
        out: list[bytes] = []
        while data and room >= 0:
            if self._d.eof:
                if not data.startswith(b"\x1f\x8b"):
                    break  # trailing padding after the last gzip member: ignore
                self._d = self._new()  # next member of a multi-member gzip
            chunk = self._decompress(data, room + 1)
            out.append(chunk)
            room -= len(chunk)
            data = self._d.unused_data if self._d.eof else self._d.unconsumed_tail
        return b"".join(out)

    def _decompress(self, data: bytes, limit: int) -> bytes:
        try:
            return self._d.decompress(data, limit)
        except zlib.error as exc:
            # Some servers send raw deflate while saying "deflate" (zlib format).
            if self.encoding == "deflate" and not self._raw_deflate:
                self._raw_deflate = True
                self._d = self._new()
                return self._decompress(data, limit)
            raise FetchError(f"broken {self.encoding} body: {exc}") from exc

    def finish(self) -> None:
        """Raise if the compressed stream ended before its end marker."""
        if not self._d.eof:
            raise FetchError(f"truncated body: {self.encoding} stream ended early", retryable=True)


def make_inflater(headers: Mapping[str, str]) -> Inflater | None:
    """The decoder a response's Content-Encoding calls for (None for identity)."""
    coding = headers.get("Content-Encoding", "").strip().lower()
    if coding in ("", "identity"):
        return None
    if coding in ("gzip", "x-gzip"):
        return Inflater("gzip")
    if coding == "deflate":
        return Inflater("deflate")
    raise FetchError(f"unsupported Content-Encoding {coding!r}")


def read_body(resp: requests.Response, max_bytes: int, deadline: float, late: str) -> bytes:
    """Stream a response body: at most ``max_bytes`` decoded bytes, before ``deadline``.

    ``late`` is the error message used when the deadline passes mid-body.
    Raises :class:`FetchError` on overflow, timeout, truncation or bad encoding.
    """
    inflater = make_inflater(resp.headers)
    declared = resp.headers.get("Content-Length", "")
    if inflater is None and declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(f"body larger than {max_bytes} bytes (Content-Length {declared})")
    parts: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise FetchError(late)
        data = _read_chunk(resp)
        if not data:
            break
        if inflater is not None:
            data = inflater.feed(data, max_bytes - total)
        total += len(data)
        if total > max_bytes:
            raise FetchError(f"body larger than {max_bytes} bytes")
        parts.append(data)
    if inflater is not None and total:
        inflater.finish()
    return b"".join(parts)


def _read_chunk(resp: requests.Response) -> bytes:
    """Whatever bytes are available now (one socket read), undecoded."""
    try:
        # read1 returns after one socket read, so the deadline is checked even
        # when a server drips the page a byte at a time.
        return resp.raw.read1(CHUNK, decode_content=False)
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise FetchError(f"read timed out: {exc}", retryable=True) from exc
    except (urllib3.exceptions.ProtocolError, urllib3.exceptions.IncompleteRead) as exc:
        raise FetchError(f"truncated body: {_incomplete(exc)}", retryable=True) from exc
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise FetchError(f"connection error while reading body: {_short(exc)}", retryable=True) from exc


def _incomplete(exc: BaseException) -> str:
    """``1006 bytes read, 3994 more expected`` from urllib3's nested IncompleteRead."""
    for part in (exc, *exc.args):
        if isinstance(part, urllib3.exceptions.IncompleteRead):
            return f"{part.partial} bytes read, {part.expected} more expected"
    return _short(exc)


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "..."
