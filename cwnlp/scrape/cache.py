"""On-disk cache of raw responses, so a re-run never fetches a page twice.

Layout under ``root``::

    pages/<id[:2]>/<id>.gz     one successful HTML response per requested URL
    robots/<key[:2]>/<key>.gz  one robots.txt answer per origin

Each entry is a gzip stream holding one JSON line of metadata (url, final_url,
status, content_type, fetched_at, ...) followed by the raw body bytes, exactly
as the server sent them after transfer decoding.  File names come only from a
hash of the URL, never from its path, so no URL can name a file outside the
cache.  Entries are written to a temporary file and renamed into place: a kill
mid-write leaves either the old state or the complete entry, never half a file.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import tempfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cwnlp.model import RawPage
from cwnlp.scrape.urls import url_id


@dataclass
class PageCache:
    """Raw responses stored under ``root`` (created on first write)."""

    root: Path

    def page_path(self, url: str) -> Path:
        """Where the cache entry for ``url`` lives (whether or not it exists)."""
        key = url_id(url)
        return Path(self.root) / "pages" / key[:2] / f"{key}.gz"

    def robots_path(self, origin: str) -> Path:
        """Where the robots.txt entry for an origin lives."""
        key = hashlib.sha1(origin.encode("utf-8")).hexdigest()[:16]
        return Path(self.root) / "robots" / key[:2] / f"{key}.gz"

    def get(self, url: str) -> RawPage | None:
        """The cached page for ``url`` (``from_cache=True``), or None on a miss."""
        entry = read_entry(self.page_path(url))
        if entry is None:
            return None
        meta, body = entry
        return RawPage(
            id=url_id(url),
            content=body,
            url=url,
            final_url=meta.get("final_url"),
            status=meta.get("status"),
            content_type=meta.get("content_type"),
            fetched_at=meta.get("fetched_at"),
            from_cache=True,
        )

    def get_meta(self, url: str) -> dict[str, Any] | None:
        """The metadata stored with a cached page (final URL, redirects), or None."""
        entry = read_entry(self.page_path(url))
        return None if entry is None else entry[0]

    def put(self, page: RawPage, **extra: Any) -> Path:
        """Store a fetched page under its requested URL; ``extra`` joins the metadata."""
        if not page.url:
            raise ValueError("only pages with a URL can be cached")
        meta = {
            "url": page.url,
            "status": page.status,
            "content_type": page.content_type,
            "fetched_at": page.fetched_at,
            **extra,
        }
        path = self.page_path(page.url)
        write_entry(path, meta, page.content)
        return path

    def get_robots(self, origin: str, max_age: float) -> tuple[int, bytes] | None:
        """The stored (status, body) of an origin's robots.txt if younger than ``max_age`` s."""
        path = self.robots_path(origin)
        entry = read_entry(path)
        if entry is None:
            return None
        meta, body = entry
        if time.time() - float(meta.get("stored", 0)) > max_age:
            return None
        return int(meta.get("status", 0)), body

    def put_robots(self, origin: str, status: int, body: bytes) -> None:
        """Store an origin's robots.txt answer."""
        meta = {"origin": origin, "status": status, "stored": time.time()}
        write_entry(self.robots_path(origin), meta, body)


def write_entry(path: Path, meta: dict[str, Any], body: bytes) -> None:
    """Write metadata and body atomically: temp file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".gz", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
            gz.write(json.dumps(meta, ensure_ascii=False).encode("utf-8") + b"\n")
            gz.write(body)
        # fsync after the gzip trailer is written, so a power cut cannot leave
        # a renamed but empty file behind.
        with open(tmp, "rb") as done:
            os.fsync(done.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_entry(path: Path) -> tuple[dict[str, Any], bytes] | None:
    """Metadata and body of a cache entry, or None if missing or unreadable."""
    try:
        with gzip.open(path, "rb") as gz:
            data = gz.read()
    except FileNotFoundError:
        return None
    except (OSError, EOFError, zlib.error):
        return None  # damaged entry: treat as a miss, the page is fetched again
    head, sep, body = data.partition(b"\n")
    if not sep:
        return None
    try:
        meta = json.loads(head)
    except ValueError:
        return None
    return (meta, body) if isinstance(meta, dict) else None
