"""The bundled demo corpus: manifest, page bytes and gold bodies agree with each other."""

from __future__ import annotations

import csv
import html
import importlib.util
import re
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

DEMO = Path(__file__).resolve().parents[1] / "corpora" / "demo"
FIELDS = [
    "id",
    "file",
    "url",
    "site",
    "encoding",
    "campaign",
    "place",
    "title",
    "date",
    "source",
    "reporters",
    "editors",
    "duplicate_of",
    "correspondents",
]
# Strings that only chrome or metadata lines carry; a gold body must not contain them.
CHROME = [
    "ICP",
    "公网安备",
    "责任编辑",
    "責任編輯",
    "编辑：",
    "編輯：",
    "上一篇",
    "下一篇",
    "来源：",
    "來源：",
    "原标题",
    "原標題",
    "转载",
    "轉載",
    "图片来源",
    "圖片來源",
    "浏览次数",
    "版权所有",
    "版權所有",
    "扫码关注",
    "分享到",
]


def read_manifest() -> list[dict[str, str]]:
    with (DEMO / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = read_manifest()
IDS = [row["id"] for row in ROWS]


def page_text(row: dict[str, str]) -> str:
    """Decoded page with tags removed and entities unescaped."""
    decoded = (DEMO / row["file"]).read_bytes().decode(row["encoding"])
    return html.unescape(re.sub(r"<[^>]+>", "", decoded))


def gold(row: dict[str, str]) -> list[str]:
    return (DEMO / "expected" / f"{row['id']}.txt").read_text(encoding="utf-8").rstrip("\n").split("\n")


def test_manifest_header_and_files_match() -> None:
    with (DEMO / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == FIELDS
    assert len(set(IDS)) == len(IDS)
    assert {row["file"] for row in ROWS} == {p.name for p in DEMO.glob("*.html")}
    assert all(row["file"] == f"{row['id']}.html" for row in ROWS)
    assert {p.stem for p in (DEMO / "expected").glob("*.txt")} == set(IDS)


def test_corpus_covers_city_and_county() -> None:
    assert len(ROWS) >= 8
    assert {row["campaign"] for row in ROWS} == {"city", "county"}
    for row in ROWS:
        assert re.fullmatch(r"202[123]-\d\d-\d\d", row["date"]), row["date"]
        assert urlparse(row["url"]).hostname.endswith(".example"), row["url"]
        assert row["place"].endswith(("市", "县")), row["place"]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_page_decodes_in_stated_encoding(row: dict[str, str]) -> None:
    text = (DEMO / row["file"]).read_bytes().decode(row["encoding"])  # strict: raises on a wrong encoding
    assert row["title"] in html.unescape(text)


def test_encoding_traps_are_real() -> None:
    """One page lies about its charset (and the lie breaks decoding); one is honest GB2312."""
    liars = []
    for row in ROWS:
        raw = (DEMO / row["file"]).read_bytes()
        declared = re.search(rb"charset=[\"']?([\w-]+)", raw).group(1).decode().lower()
        if declared != row["encoding"]:
            with pytest.raises(UnicodeDecodeError):
                raw.decode(declared)
            liars.append(row["id"])
    assert liars
    assert "gb2312" in {row["encoding"] for row in ROWS}


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_gold_paragraphs_occur_in_page(row: dict[str, str]) -> None:
    text = page_text(row)
    for paragraph in gold(row):
        assert paragraph and paragraph == paragraph.strip()
        assert paragraph in text, paragraph[:30]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_gold_body_is_article_sized_and_clean(row: dict[str, str]) -> None:
    paragraphs = gold(row)
    assert 6 <= len(paragraphs) <= 15
    assert 500 <= len("".join(paragraphs)) <= 1500
    assert row["title"] not in paragraphs
    body = "\n".join(paragraphs)
    assert not [word for word in CHROME if word in body]


def test_repost_is_a_near_duplicate_of_its_original() -> None:
    by_id = {row["id"]: row for row in ROWS}
    reposts = [row for row in ROWS if row["duplicate_of"]]
    assert reposts
    for row in reposts:
        original = by_id[row["duplicate_of"]]
        copy, first = gold(row), gold(original)
        assert copy != first and row["site"] != original["site"]
        shared = sum(paragraph in copy for paragraph in first)
        assert shared >= 0.7 * len(first)


def test_one_page_is_in_traditional_script() -> None:
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    traditional = [
        row["id"] for row in ROWS if to_simplified.convert("".join(gold(row))) != "".join(gold(row))
    ]
    assert len(traditional) == 1


def test_readme_marks_corpus_as_written_for_the_project() -> None:
    readme = (DEMO / "README.md").read_text(encoding="utf-8")
    assert "written for the cwnlp project" in readme
    assert "fictional" in readme
    assert all(f"| {page_id} |" in readme for page_id in IDS)


def test_generated_files_match_their_sources() -> None:
    """Pages, gold and manifest are exactly what source/build.py renders (no hand edits)."""
    spec = importlib.util.spec_from_file_location("demo_build", DEMO / "source" / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file runs
    try:
        spec.loader.exec_module(module)
        files = module.generate()
    finally:
        del sys.modules[spec.name]
    for rel, data in files.items():
        assert (DEMO / rel).read_bytes() == data, rel
