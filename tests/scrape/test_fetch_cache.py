"""The on-disk cache, URL ids and robots rules."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path

import pytest
from fetch_helpers import Recorder, html, page_bytes, requested
from pytest_httpserver import HTTPServer

from cwnlp.model import Failure, RawPage
from cwnlp.scrape.cache import PageCache, read_entry, write_entry
from cwnlp.scrape.fetch import FetchSettings, fetch_urls, iter_fetch
from cwnlp.scrape.robots import MAX_CRAWL_DELAY, agent_token, rules_from_answer
from cwnlp.scrape.urls import host_key, normalise_url, origin, url_id


def cached(tmp_path: Path, **changes: object) -> FetchSettings:
    base: dict[str, object] = {"per_host_delay": 0.01, "backoff_base": 0.01, "timeout": 3.0}
    base.update(changes)
    return FetchSettings(cache_dir=tmp_path / "cache", **base)  # type: ignore[arg-type]


def test_rerun_reads_pages_from_cache(site: HTTPServer, tmp_path: Path) -> None:
    site.expect_request("/a.html").respond_with_response(html(page_bytes("city/news_utf8.html")))
    site.expect_request("/b.html").respond_with_response(html(page_bytes("county/news_gbk.html")))
    site.expect_request("/gone.html").respond_with_data("", status=404)
    urls = [site.url_for(p) for p in ("/a.html", "/b.html", "/gone.html")]
    first = fetch_urls(urls, cached(tmp_path))
    site.clear_log()
    second = fetch_urls(urls, cached(tmp_path))
    assert requested(site) == ["/gone.html"]  # failures are not cached; robots.txt is
    assert all(p.from_cache for p in second.records)
    assert [(p.id, p.url, p.content, p.status, p.content_type, p.fetched_at) for p in first.records] == [
        (p.id, p.url, p.content, p.status, p.content_type, p.fetched_at) for p in second.records
    ]
    assert len(second.failures) == 1


def test_cache_keeps_final_url_after_redirect(site: HTTPServer, tmp_path: Path) -> None:
    site.expect_request("/old").respond_with_data("", status=302, headers={"Location": "/new?page=1"})
    site.expect_request("/new").respond_with_response(html("<p>迁移</p>"))
    url = site.url_for("/old")
    fetch_urls([url], cached(tmp_path))
    meta = PageCache(tmp_path / "cache").get_meta(url)
    assert meta is not None and meta["final_url"] == site.url_for("/new?page=1")
    assert meta["redirects"] == [normalise_url(site.url_for("/new?page=1"))]


def test_cache_file_names_come_from_the_hash_only(site: HTTPServer, tmp_path: Path) -> None:
    site.expect_request(re.compile(".*")).respond_with_response(html("<p>创卫</p>"))
    urls = [
        site.url_for("/%2e%2e/%2e%2e/etc/passwd"),
        site.url_for("/news.html?f=../../x"),
        site.url_for("/新闻/一.html"),
    ]
    batch = fetch_urls(urls, cached(tmp_path))
    assert len(batch.records) == 3
    root = tmp_path / "cache"
    files = [p for p in root.rglob("*") if p.is_file()]
    assert files and all(re.fullmatch(r"[0-9a-f]{16}\.gz", p.name) for p in files)
    assert all(p.parent.parent.parent == root for p in files)
    assert not list(root.rglob(".tmp-*"))


def test_failures_and_binaries_are_not_cached(site: HTTPServer, tmp_path: Path) -> None:
    site.expect_request("/f.pdf").respond_with_data(b"%PDF-1.7\n", content_type="application/pdf")
    site.expect_request("/e.html").respond_with_data(b"", content_type="text/html")
    fetch_urls([site.url_for("/f.pdf"), site.url_for("/e.html")], cached(tmp_path))
    assert not (tmp_path / "cache" / "pages").exists()


def test_damaged_entry_is_fetched_again(site: HTTPServer, tmp_path: Path) -> None:
    site.expect_request("/a.html").respond_with_response(html("<p>创卫</p>"))
    url = site.url_for("/a.html")
    store = PageCache(tmp_path / "cache")
    store.page_path(url).parent.mkdir(parents=True)
    store.page_path(url).write_bytes(b"\x1f\x8b\x08\x00half a file")
    [page] = list(iter_fetch([url], cached(tmp_path)))
    assert isinstance(page, RawPage) and not page.from_cache
    assert store.get(url) is not None and store.get(url).content == page.content


def test_failed_write_leaves_no_file(tmp_path: Path) -> None:
    target = tmp_path / "pages" / "ab" / "ab00000000000000.gz"
    with pytest.raises(TypeError):
        write_entry(target, {"url": "http://x.example/"}, "not bytes")  # type: ignore[arg-type]
    assert not target.exists() and not list(target.parent.iterdir())
    write_entry(target, {"url": "http://x.example/"}, b"<p>ok</p>")
    assert read_entry(target) == ({"url": "http://x.example/"}, b"<p>ok</p>")


def test_duplicate_input_is_fetched_once(site: HTTPServer, tmp_path: Path) -> None:
    site.expect_request("/a.html").respond_with_response(html("<p>创卫</p>"))
    url = site.url_for("/a.html")
    variant = url.replace("http://localhost", "HTTP://LOCALHOST") + "#top"
    results = list(iter_fetch([url, variant], cached(tmp_path)))
    assert [r.from_cache for r in results if isinstance(r, RawPage)] == [False, True]
    assert requested(site).count("/a.html") == 1


def test_stale_robots_is_read_again(site: HTTPServer, tmp_path: Path) -> None:
    site.expect_request("/news").respond_with_response(html("<p>创卫</p>"))
    for i in range(2):
        fetch_urls([site.url_for(f"/news?id={i}")], cached(tmp_path, robots_max_age=0.0))
    assert requested(site).count("/robots.txt") == 2


def test_crawl_delay_from_robots_is_honoured(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nCrawl-delay: 0.3\n")
    recorder = Recorder([html("<p>巩卫</p>")])
    httpserver.expect_request("/news").respond_with_handler(recorder)
    urls = [httpserver.url_for(f"/news?id={i}") for i in range(2)]
    started = time.monotonic()
    assert not fetch_urls(urls, FetchSettings(per_host_delay=0.01)).failures
    assert recorder.times[1] - recorder.times[0] >= 0.3 and time.monotonic() - started < 2


# -- URL ids and robots rules (no server) -------------------------------------------


def test_url_normalisation_and_ids() -> None:
    same = [
        "HTTP://News.Example.GOV.cn:80/lzxw/t2.html#top",
        "http://news.example.gov.cn/lzxw/t2.html",
        " http://news.example.gov.cn/lzxw/t2.html ",
    ]
    assert len({url_id(u) for u in same}) == 1
    assert normalise_url("http://example.org") == "http://example.org/"
    assert normalise_url("http://example.org/新闻.html") == "http://example.org/%E6%96%B0%E9%97%BB.html"
    assert url_id("http://example.org/新闻.html") == url_id("http://example.org/%E6%96%B0%E9%97%BB.html")
    assert url_id("http://example.org/a?x=1") != url_id("http://example.org/a?x=2")
    assert re.fullmatch(r"[0-9a-f]{16}", url_id("https://example.org/"))
    assert origin("HTTPS://Example.org:443/a/b") == "https://example.org"
    assert host_key("http://example.org:8080/a") == "example.org:8080"


def test_robots_rules_from_answers() -> None:
    site = "http://example.org"
    assert rules_from_answer(site, 404, b"").why_not(site + "/a", "cwnlp/0.1") is None
    assert "unavailable" in (rules_from_answer(site, 500, b"").why_not(site + "/a", "cwnlp/0.1") or "")
    slow = rules_from_answer(site, 200, b"User-agent: *\nCrawl-delay: 3600\nDisallow: /tmp/\n")
    assert slow.crawl_delay("cwnlp/0.1") == MAX_CRAWL_DELAY
    assert slow.why_not(site + "/tmp/x.html", "cwnlp/0.1") and slow.why_not(site + "/ok", "cwnlp/0.1") is None
    assert agent_token("cwnlp/0.1 (research crawler)") == "cwnlp"


def test_cache_hit_needs_no_server(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}/news/t1.html"
    page = RawPage(
        id=url_id(url), content="<p>创卫</p>".encode(), url=url, status=200, fetched_at="2031-01-01"
    )
    PageCache(tmp_path / "cache").put(page)
    [result] = list(iter_fetch([url], cached(tmp_path)))
    assert isinstance(result, RawPage) and result.from_cache and result.content == page.content
    [miss] = list(iter_fetch([url.replace("t1", "t2")], cached(tmp_path, max_retries=0)))
    assert isinstance(miss, Failure)
