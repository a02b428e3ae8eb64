"""Helpers shared by the fetcher tests: a recording handler and fixture-page access."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

SITES = Path(__file__).parent / "sites"


@dataclass
class Recorder:
    """A handler that notes when each request arrived and which headers it carried."""

    responses: list[Response]  # served in turn; the last one repeats
    times: list[float] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, request: Request) -> Response:
        with self.lock:
            self.times.append(time.monotonic())
            self.headers.append(dict(request.headers))
            index = min(len(self.times), len(self.responses)) - 1
        return self.responses[index]


def html(body: bytes | str, status: int = 200, **headers: str) -> Response:
    """An HTML response with exactly the given bytes."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    response = Response(data, status=status, content_type="text/html; charset=utf-8")
    response.headers.update(headers)
    return response


def page_bytes(name: str) -> bytes:
    """Raw bytes of a fixture page under sites/."""
    return (SITES / name).read_bytes()


def requested(server: HTTPServer) -> list[str]:
    """Paths the server was asked for, in order."""
    return [request.path for request, _ in server.log]
