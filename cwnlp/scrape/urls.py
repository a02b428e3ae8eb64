"""URL checks, normalisation and the stable page id derived from a URL.

The id of a fetched page depends only on its normalised URL, so the same URL
always maps to the same cache entry and the same store row, whatever spelling
(upper-case host, default port, fragment, raw or percent-encoded Chinese) the
seed list used.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import SplitResult, urlsplit, urlunsplit

from requests.utils import requote_uri

DEFAULT_PORTS = {"http": 80, "https": 443}
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def check_url(url: object, schemes: tuple[str, ...] = ("http", "https")) -> str | None:
    """Why ``url`` must not be fetched, or None when it is a safe absolute URL."""
    if not isinstance(url, str) or not url.strip():
        return "malformed URL: not a non-empty string"
    url = url.strip()
    if _CONTROL.search(url):
        return "malformed URL: contains spaces or control characters"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError as exc:
        return f"malformed URL: {exc}"
    scheme = parts.scheme.lower()
    if scheme not in schemes:
        shown = scheme or "none"
        return f"unsupported URL scheme {shown!r} (allowed: {', '.join(schemes)})"
    if not parts.hostname:
        return "malformed URL: no host"
    if parts.username is not None or parts.password is not None:
        # Credentials in a seed list would be sent to a server we do not control.
        return "URL contains credentials (user:password@); refusing to send them"
    return None


def _host(parts: SplitResult) -> str:
    """Lower-case host name in its ASCII (punycode) spelling."""
    host = (parts.hostname or "").lower().rstrip(".")
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return host


def _netloc(parts: SplitResult) -> str:
    host = _host(parts)
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    port = parts.port
    scheme = parts.scheme.lower()
    if port is None or DEFAULT_PORTS.get(scheme) == port:
        return host
    return f"{host}:{port}"


def normalise_url(url: str) -> str:
    """Canonical spelling of a checked URL: lower-case scheme and host, no default
    port, no fragment, ``/`` for an empty path, percent-encoded non-ASCII."""
    parts = urlsplit(url.strip())
    path = parts.path or "/"
    joined = urlunsplit((parts.scheme.lower(), _netloc(parts), path, parts.query, ""))
    return requote_uri(joined)


def url_id(url: str) -> str:
    """Stable page id: the first 16 hex digits of the SHA-1 of the normalised URL."""
    return hashlib.sha1(normalise_url(url).encode("utf-8")).hexdigest()[:16]


def origin(url: str) -> str:
    """``scheme://host[:port]``: the scope of one robots.txt (RFC 9309)."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme.lower()}://{_netloc(parts)}"


def host_key(url: str) -> str:
    """``host[:port]``: the unit the polite per-host delay applies to."""
    return _netloc(urlsplit(url.strip()))
