"""The fetcher against real loopback servers: every case ends as a page or a clear Failure."""

from __future__ import annotations

import gzip
import socket
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from fetch_helpers import Recorder, html, page_bytes, requested
from pytest_httpserver import HTTPServer
from werkzeug import Response

from cwnlp.model import Failure, RawPage
from cwnlp.scrape.fetch import FetchSettings, fetch_urls, iter_fetch, parse_retry_after
from cwnlp.scrape.urls import url_id


def fast(**changes: object) -> FetchSettings:
    """Settings with tiny waits so the suite stays quick."""
    base: dict[str, object] = {"per_host_delay": 0.01, "backoff_base": 0.01, "timeout": 3.0, "max_retries": 2}
    base.update(changes)
    return FetchSettings(**base)  # type: ignore[arg-type]


def one(url: str, settings: FetchSettings) -> RawPage | Failure:
    results = list(iter_fetch([url], settings))
    assert len(results) == 1
    return results[0]


def failure(url: str, settings: FetchSettings) -> Failure:
    result = one(url, settings)
    assert isinstance(result, Failure), result
    assert result.stage == "fetch" and result.input == url
    return result


# -- pages that work --------------------------------------------------------------


def test_utf8_page_arrives_as_raw_page(site: HTTPServer) -> None:
    body = page_bytes("city/news_utf8.html")
    site.expect_request("/lzxw/202104/t2.html").respond_with_response(html(body))
    url = site.url_for("/lzxw/202104/t2.html")
    page = one(url, fast())
    assert isinstance(page, RawPage)
    assert page.content == body
    assert page.id == url_id(url) and len(page.id) == 16
    assert page.url == url and page.status == 200 and not page.from_cache
    assert page.content_type == "text/html; charset=utf-8" and page.fetched_at


def test_gbk_page_with_wrong_header_keeps_its_bytes(site: HTTPServer) -> None:
    body = page_bytes("county/news_gbk.html")
    site.expect_request("/art/2030/9/3/art_1.html").respond_with_response(html(body))
    page = one(site.url_for("/art/2030/9/3/art_1.html"), fast())
    assert isinstance(page, RawPage)
    assert page.content == body  # decoding is the cleaner's job: bytes must be untouched
    assert "国家卫生县城" in page.content.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        page.content.decode("utf-8")


def test_gzip_page_is_inflated(site: HTTPServer) -> None:
    body = page_bytes("city/news_utf8.html")
    site.expect_request("/gz.html").respond_with_response(
        html(gzip.compress(body), **{"Content-Encoding": "gzip"})
    )
    page = one(site.url_for("/gz.html"), fast())
    assert isinstance(page, RawPage) and page.content == body


def test_repost_on_second_host(site: HTTPServer, second_site: HTTPServer) -> None:
    original, repost = page_bytes("city/news_utf8.html"), page_bytes("portal/repost.html")
    site.expect_request("/lzxw/t2.html").respond_with_response(html(original))
    second_site.expect_request("/wmw/t9.html").respond_with_response(html(repost))
    urls = [site.url_for("/lzxw/t2.html"), second_site.url_for("/wmw/t9.html")]
    batch = fetch_urls(urls, fast())
    assert not batch.failures
    assert {p.url for p in batch.records} == set(urls)
    assert len({p.id for p in batch.records}) == 2
    shared = "市财政安排专项资金1200万元"
    assert all(shared in p.content.decode("utf-8") for p in batch.records)


def test_hosts_do_not_wait_for_each_other(site: HTTPServer, second_site: HTTPServer) -> None:
    delay = 0.25
    recorders = []
    urls = []
    for server in (site, second_site):
        recorder = Recorder([html("<html><p>创卫简讯</p></html>")])
        server.expect_request("/news").respond_with_handler(recorder)
        recorders.append(recorder)
        urls += [server.url_for(f"/news?id={i}") for i in range(3)]
    started = time.monotonic()
    results = list(iter_fetch(urls, fast(per_host_delay=delay)))
    elapsed = time.monotonic() - started
    assert all(isinstance(r, RawPage) for r in results)
    for recorder in recorders:
        gaps = [b - a for a, b in zip(recorder.times, recorder.times[1:], strict=False)]
        assert len(gaps) == 2 and min(gaps) >= delay
    # Per host: robots.txt + 3 pages = 3 waits.  Serialising both hosts would need 7.
    assert 3 * delay <= elapsed < 5 * delay


# -- HTTP errors and retries ------------------------------------------------------


def test_404_fails_at_once(site: HTTPServer) -> None:
    site.expect_request("/gone.html").respond_with_data("找不到页面", status=404)
    result = failure(site.url_for("/gone.html"), fast())
    assert result.error.startswith("HTTP 404")
    assert requested(site).count("/gone.html") == 1


def test_500_then_200_is_retried(site: HTTPServer) -> None:
    recorder = Recorder([html("服务器忙", status=500), html("<html><p>巩卫复审迎检</p></html>")])
    site.expect_request("/busy.html").respond_with_handler(recorder)
    page = one(site.url_for("/busy.html"), fast())
    assert isinstance(page, RawPage) and "巩卫".encode() in page.content
    assert len(recorder.times) == 2


def test_500_forever_gives_up(site: HTTPServer) -> None:
    site.expect_request("/down.html").respond_with_data("维护中", status=503)
    result = failure(site.url_for("/down.html"), fast(max_retries=2))
    assert "HTTP 503" in result.error and "3 attempts" in result.error
    assert requested(site).count("/down.html") == 3


def test_429_honours_retry_after(site: HTTPServer) -> None:
    recorder = Recorder(
        [html("请求过于频繁", status=429, **{"Retry-After": "1"}), html("<html><p>创卫动员会</p></html>")]
    )
    site.expect_request("/rate.html").respond_with_handler(recorder)
    page = one(site.url_for("/rate.html"), fast(backoff_base=0.01))
    assert isinstance(page, RawPage)
    assert len(recorder.times) == 2 and recorder.times[1] - recorder.times[0] >= 1.0


def test_hostile_retry_after_is_capped(site: HTTPServer) -> None:
    site.expect_request("/slowdown.html").respond_with_data("", status=429, headers={"Retry-After": "86400"})
    started = time.monotonic()
    result = failure(site.url_for("/slowdown.html"), fast(max_retries=1, max_retry_after=0.2))
    assert "HTTP 429" in result.error and time.monotonic() - started < 2


def test_parse_retry_after() -> None:
    now = datetime(2031, 4, 12, 8, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now) == 90.0
    assert parse_retry_after(format_datetime(now - timedelta(hours=1), usegmt=True), now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_connection_refused_is_retried_then_fails() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/news.html"
    result = failure(url, fast(respect_robots=False, max_retries=1))
    assert result.error.startswith("connection error") and "2 attempts" in result.error


# -- robots.txt -------------------------------------------------------------------


def test_robots_disallow_is_obeyed_and_read_once(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /admin/\n")
    httpserver.expect_request("/news/a.html").respond_with_response(html("<p>创卫</p>"))
    httpserver.expect_request("/news/b.html").respond_with_response(html("<p>巩卫</p>"))
    urls = [httpserver.url_for(p) for p in ("/news/a.html", "/admin/login.html", "/news/b.html")]
    batch = fetch_urls(urls, fast())
    assert len(batch.records) == 2 and len(batch.failures) == 1
    assert batch.failures[0].error.startswith("robots.txt disallows")
    assert batch.failures[0].input == urls[1]
    assert "/admin/login.html" not in requested(httpserver)
    assert requested(httpserver).count("/robots.txt") == 1


def test_robots_group_for_our_agent(httpserver: HTTPServer) -> None:
    rules = "User-agent: cwnlp\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    httpserver.expect_request("/robots.txt").respond_with_data(rules)
    result = failure(httpserver.url_for("/news/a.html"), fast())
    assert "robots.txt disallows" in result.error


def test_robots_server_error_refuses_the_site(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("", status=503)
    result = failure(httpserver.url_for("/news/a.html"), fast())
    assert "robots.txt" in result.error and "unavailable" in result.error
    assert "/news/a.html" not in requested(httpserver)


def test_robots_can_be_ignored_when_asked(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /\n")
    httpserver.expect_request("/a.html").respond_with_response(html("<p>创卫</p>"))
    assert isinstance(one(httpserver.url_for("/a.html"), fast(respect_robots=False)), RawPage)
    assert "/robots.txt" not in requested(httpserver)


# -- redirects --------------------------------------------------------------------


def test_redirect_is_followed_and_requested_url_kept(site: HTTPServer) -> None:
    site.expect_request("/old.html").respond_with_data("", status=301, headers={"Location": "/new.html"})
    site.expect_request("/new.html").respond_with_response(html("<p>新址</p>"))
    url = site.url_for("/old.html")
    page = one(url, fast())
    assert isinstance(page, RawPage) and page.url == url and page.id == url_id(url)
    assert page.final_url == site.url_for("/new.html")


def test_redirect_loop_fails_naming_the_loop(site: HTTPServer) -> None:
    site.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    site.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    result = failure(site.url_for("/a"), fast())
    assert result.error.startswith("redirect loop:")
    assert "/a -> " in result.error and "/b -> " in result.error


def test_too_many_redirects(site: HTTPServer) -> None:
    for i in range(10):
        site.expect_request(f"/r{i}").respond_with_data("", status=302, headers={"Location": f"/r{i + 1}"})
    result = failure(site.url_for("/r0"), fast(max_redirects=3))
    assert result.error.startswith("more than 3 redirects")
    assert "/r4" not in requested(site)


def test_redirect_to_file_url_is_refused(site: HTTPServer) -> None:
    site.expect_request("/trap").respond_with_data("", status=302, headers={"Location": "file:///etc/passwd"})
    result = failure(site.url_for("/trap"), fast())
    assert "refused URL" in result.error and "file" in result.error


# -- hostile or broken bodies -----------------------------------------------------


def test_truncated_page_fails(site: HTTPServer) -> None:
    def truncated(_request: object) -> Response:
        response = Response(iter([b"<html><p>" + "创卫".encode() * 100]), direct_passthrough=True)
        response.headers["Content-Type"] = "text/html"
        response.headers["Content-Length"] = "5000"  # promises more than it sends
        return response

    site.expect_request("/cut.html").respond_with_handler(truncated)
    result = failure(site.url_for("/cut.html"), fast(max_retries=1))
    assert result.error.startswith("truncated body") and "more expected" in result.error


def test_truncated_gzip_stream_fails(site: HTTPServer) -> None:
    packed = gzip.compress(page_bytes("city/news_utf8.html"))
    cut = Response(packed[: len(packed) // 2], content_type="text/html", headers={"Content-Encoding": "gzip"})
    site.expect_request("/cutgz.html").respond_with_response(cut)
    result = failure(site.url_for("/cutgz.html"), fast(max_retries=0))
    assert result.error.startswith("truncated body") and "gzip" in result.error


def test_gzip_bomb_stops_at_the_cap(site: HTTPServer) -> None:
    bomb = gzip.compress(b"<html>" + b" " * 50_000_000, compresslevel=9)
    assert len(bomb) < 100_000
    site.expect_request("/bomb.html").respond_with_response(
        Response(bomb, content_type="text/html", headers={"Content-Encoding": "gzip"})
    )
    result = failure(site.url_for("/bomb.html"), fast(max_bytes=200_000))
    assert result.error == "body larger than 200000 bytes"


def test_declared_large_body_is_not_read(site: HTTPServer) -> None:
    site.expect_request("/big.html").respond_with_response(html(b"<p>" + b"x" * 5000))
    result = failure(site.url_for("/big.html"), fast(max_bytes=1000))
    assert result.error.startswith("body larger than 1000 bytes")


@pytest.mark.parametrize(
    ("content_type", "body"),
    [
        ("image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
        ("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"),
        ("application/octet-stream", b"PK\x03\x04" + b"\x00" * 64),  # a zip served as octet-stream
        ("text/html", b"<html>\x00\x01\x02\x00</html>"),  # lies about its type
    ],
)
def test_binary_content_is_not_a_page(site: HTTPServer, content_type: str, body: bytes) -> None:
    site.expect_request("/file").respond_with_data(body, content_type=content_type)
    result = failure(site.url_for("/file"), fast())
    assert result.error.startswith("not an HTML page")


@pytest.mark.parametrize("body", [b"", b" \r\n\t "])
def test_empty_body_fails(site: HTTPServer, body: bytes) -> None:
    site.expect_request("/blank.html").respond_with_data(body, content_type="text/html")
    assert failure(site.url_for("/blank.html"), fast()).error.startswith("empty body")


def test_slow_drip_hits_the_request_time_limit(site: HTTPServer) -> None:
    def drip(_request: object) -> Response:
        def chunks():  # noqa: ANN202 - a generator the server streams
            for _ in range(40):
                time.sleep(0.05)
                yield b"<p>"

        return Response(chunks(), content_type="text/html")

    site.expect_request("/drip.html").respond_with_handler(drip)
    started = time.monotonic()
    result = failure(site.url_for("/drip.html"), fast(timeout=0.5))
    assert result.error == "request took longer than 0.5 s"
    assert time.monotonic() - started < 1.5


# -- bad input and crawl-level limits ---------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("file:///etc/passwd", "unsupported URL scheme 'file'"),
        ("ftp://files.example.org/notice.doc", "unsupported URL scheme 'ftp'"),
        ("javascript:alert(1)", "unsupported URL scheme"),
        ("/lzxw/t2.html", "unsupported URL scheme 'none'"),
        ("http://", "no host"),
        ("http://[::1", "malformed URL"),
        ("http://host:99999/", "malformed URL"),
        ("http://exa mple.org/", "malformed URL"),
        ("http://user:secret@example.org/", "credentials"),
        ("", "malformed URL"),
    ],
)
def test_unsafe_or_malformed_urls_fail_without_a_request(url: str, message: str) -> None:
    [result] = list(iter_fetch([url], fast()))
    assert isinstance(result, Failure) and message in result.error and result.input == url


def test_non_string_input_fails_cleanly() -> None:
    [result] = list(iter_fetch([None], fast()))  # type: ignore[list-item]
    assert isinstance(result, Failure) and "malformed URL" in result.error


def test_mixed_crawl_never_crashes(site: HTTPServer) -> None:
    site.expect_request("/ok.html").respond_with_response(html(page_bytes("city/news_utf8.html")))
    site.expect_request("/missing.html").respond_with_data("", status=404)
    site.expect_request("/img.png").respond_with_data(b"\x89PNG\r\n", content_type="image/png")
    urls = [
        site.url_for("/ok.html"),
        "file:///etc/passwd",
        site.url_for("/missing.html"),
        site.url_for("/img.png"),
        "not a url",
    ]
    results = list(iter_fetch(urls, fast()))
    assert sorted(r.url if isinstance(r, RawPage) else r.input for r in results) == sorted(urls)
    assert [r.url for r in results if isinstance(r, RawPage)] == [site.url_for("/ok.html")]


def test_crawl_time_limit_fails_the_rest(site: HTTPServer) -> None:
    site.expect_request("/news").respond_with_response(html("<p>创卫</p>"))
    urls = [site.url_for(f"/news?id={i}") for i in range(20)]
    started = time.monotonic()
    results = list(iter_fetch(urls, fast(per_host_delay=0.1, crawl_time_limit=0.5)))
    assert time.monotonic() - started < 1.5
    assert len(results) == 20
    late = [r for r in results if isinstance(r, Failure)]
    assert late and all("crawl time limit" in r.error for r in late)
    assert any(isinstance(r, RawPage) for r in results)


def test_cookies_and_credentials_stay_on_their_host(site: HTTPServer, second_site: HTTPServer) -> None:
    site.expect_request("/login").respond_with_response(
        html("<p>欢迎</p>", **{"Set-Cookie": "sid=abc123; Path=/"})
    )
    again = Recorder([html("<p>再来</p>")])
    site.expect_request("/again").respond_with_handler(again)
    other = Recorder([html("<p>转载</p>")])
    second_site.expect_request("/news").respond_with_handler(other)
    urls = [site.url_for("/login"), second_site.url_for("/news"), site.url_for("/again")]
    assert not fetch_urls(urls, fast()).failures
    assert again.headers[0].get("Cookie") == "sid=abc123"  # one jar per host
    assert "Cookie" not in other.headers[0] and "Authorization" not in other.headers[0]
    assert other.headers[0]["User-Agent"].startswith("cwnlp/")


@pytest.mark.parametrize(
    "changes",
    [
        {"max_bytes": 0},
        {"timeout": -1},
        {"per_host_delay": -0.5},
        {"crawl_time_limit": 0},
        {"user_agent": " "},
    ],
)
def test_bad_settings_raise_value_error(changes: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="FetchSettings"):
        list(iter_fetch(["http://example.org/"], fast(**changes)))
