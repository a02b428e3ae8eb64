"""Fixtures for the fetcher tests: real loopback HTTP servers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer


@pytest.fixture
def site(httpserver: HTTPServer) -> HTTPServer:
    """The main test host (``localhost``), with no robots.txt (404: all allowed)."""
    httpserver.expect_request("/robots.txt").respond_with_data("not found", status=404)
    return httpserver


@pytest.fixture
def second_site() -> Iterator[HTTPServer]:
    """A second host (``127.0.0.1``, its own port) for reposts and cross-host checks."""
    server = HTTPServer(host="127.0.0.1")
    server.start()
    server.expect_request("/robots.txt").respond_with_data("not found", status=404)
    yield server
    server.clear()
    if server.is_running():
        server.stop()
