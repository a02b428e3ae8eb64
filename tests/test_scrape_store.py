"""`cwnlp scrape` end to end: loopback server -> fetcher -> cleaner -> DuckDB store."""

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from cwnlp.cli.main import main
from cwnlp.store.duck import Store

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"


def run(args: list[str]) -> int:
    with pytest.raises(SystemExit) as exc:
        main(args)
    return exc.value.code


def _serve(server: HTTPServer, path: str, page: str, charset: str = "utf-8") -> None:
    server.expect_request(path).respond_with_data(
        (DEMO / page).read_bytes(), content_type=f"text/html; charset={charset}"
    )


def test_scrape_stores_documents_failures_and_groups_reposts(httpserver: HTTPServer, tmp_path):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    _serve(httpserver, "/news/1.html", "demo01.html")
    _serve(httpserver, "/news/3.html", "demo03.html", charset="utf-8")  # GBK bytes, lying header
    _serve(httpserver, "/repost/6.html", "demo06.html")
    httpserver.expect_request("/news/gone.html").respond_with_data("missing", status=404)
    urls = [
        httpserver.url_for("/news/1.html"),
        httpserver.url_for("/news/3.html"),
        httpserver.url_for("/repost/6.html"),
        httpserver.url_for("/news/gone.html"),
        httpserver.url_for("/private/secret.html"),
        "file:///etc/passwd",
    ]
    url_file = tmp_path / "urls.txt"
    url_file.write_text("\n".join(urls) + "\n# a comment line\n", encoding="utf-8")
    db, cache = tmp_path / "c.duckdb", tmp_path / "cache"
    args = ["scrape", "--urls", str(url_file), "--db", str(db), "--cache", str(cache), "--delay", "0"]
    assert run(args) == 1  # some inputs failed

    with Store(db) as store:
        docs = {d.url: d for d in store.documents()}
        failures = {f.input: f for f in store.read("failures")}
    assert set(docs) == set(urls[:3])
    first = docs[urls[0]]
    assert first.title and first.date == "2022-03-15" and first.reporters
    assert "ICP" not in first.text and "上一篇" not in first.text
    assert "督查暗访" in docs[urls[1]].text  # GBK page decoded despite its header
    assert docs[urls[2]].dup_group == first.id and not docs[urls[2]].is_canonical
    assert "404" in failures[urls[3]].error
    assert "robots" in failures[urls[4]].error
    assert failures["file:///etc/passwd"].stage == "fetch"

    requests_before = len(httpserver.log)
    assert run(args) == 1  # the same failures again, but no page is fetched twice
    fetched_again = [req.path for req, _ in httpserver.log[requests_before:]]
    assert not any(path in fetched_again for path in ("/news/1.html", "/news/3.html", "/repost/6.html"))
    with Store(db) as store:
        assert store.count("documents") == 3
