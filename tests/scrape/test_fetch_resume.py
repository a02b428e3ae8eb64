"""A crawl killed halfway resumes from the cache and requests only what is missing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from fetch_helpers import Recorder, html
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from cwnlp.model import RawPage
from cwnlp.scrape.fetch import FetchSettings, iter_fetch

CHILD = Path(__file__).with_name("crawl_child.py")
REPO = Path(__file__).resolve().parents[2]


def wait_until(condition, timeout: float = 10.0) -> None:  # noqa: ANN001
    """Poll ``condition`` until it holds; fail the test if it never does."""
    stop = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < stop, "condition not met in time"
        time.sleep(0.02)


def requests_made(server: HTTPServer) -> list[str]:
    return [request.full_path.rstrip("?") for request, _ in server.log]


def test_killed_crawl_resumes_where_it_stopped(site: HTTPServer, tmp_path: Path) -> None:
    release = threading.Event()
    slow_calls = Recorder([html("<p>慢页面</p>")])

    def slow(request: Request) -> Response:
        first = not slow_calls.times
        response = slow_calls(request)
        if first:
            release.wait(timeout=10)  # hold the first visit until the child is dead
        return response

    site.expect_request("/news").respond_with_handler(lambda _r: html("<p>创卫工作简报</p>"))
    site.expect_request("/slow").respond_with_handler(slow)
    urls = [site.url_for(f"/news?id={i}") for i in range(3)]
    urls += [site.url_for("/slow"), site.url_for("/news?id=3"), site.url_for("/news?id=4")]
    cache_dir = tmp_path / "cache"

    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, str(CHILD), str(cache_dir), "0.01", *urls],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    try:
        assert child.stdout is not None
        done = [json.loads(child.stdout.readline()) for _ in range(3)]
        wait_until(lambda: len(slow_calls.times) == 1)  # the child is now stuck on /slow
    finally:
        child.kill()
        child.wait(timeout=10)
        release.set()
    assert [d["url"] for d in done] == urls[:3] and all(d["ok"] for d in done)
    wait_until(lambda: "/slow" in requests_made(site))  # the held request has finished
    site.clear_log()

    results = list(iter_fetch(urls, FetchSettings(cache_dir=cache_dir, per_host_delay=0.01)))

    assert sorted(r.url for r in results if isinstance(r, RawPage)) == sorted(urls)
    assert {r.url for r in results if r.from_cache} == set(urls[:3])
    # robots.txt came from the disk cache too: only the three missing pages were asked for.
    assert requests_made(site) == ["/slow", "/news?id=3", "/news?id=4"]
