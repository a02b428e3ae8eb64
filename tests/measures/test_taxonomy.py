"""Taxonomy loading and validation."""

import pytest

from cwnlp.measures.taxonomy import Taxonomy, TaxonomyError

CODES = [
    "ORG_LEAD", "RESP", "SUPERVISE", "PUBLICITY", "PARTICIPATE", "CLEANUP", "ORDER",
    "MARKET_FOOD", "INFRA", "FUNDING", "COORD", "CAPACITY", "LONGTERM",
]  # fmt: skip


def test_default_taxonomy_has_13_complete_categories() -> None:
    tax = Taxonomy.default()
    assert tax.codes == CODES
    for cat in tax.categories:
        assert cat.name_zh and cat.name_en and cat.definition
        assert 10 <= len(cat.keywords) <= 30, cat.code
        assert len(set(cat.keywords)) == len(cat.keywords), cat.code


def entry(code: str, extra: str = "") -> str:
    return f"  - code: {code}\n    name_zh: 名\n    name_en: name\n    definition: d\n{extra}"


def test_duplicate_code_names_both_lines(tmp_path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("categories:\n" + entry("A") + entry("B") + entry("A"), encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"duplicate code 'A' at line 10 \(first defined at line 2\)"):
        Taxonomy.load(path)


def test_missing_field_names_entry_and_line() -> None:
    text = "categories:\n" + entry("A") + "  - code: B\n    name_zh: 名\n    definition: d\n"
    with pytest.raises(TaxonomyError, match=r"category #2 \(line 6\) 'B': missing field name_en"):
        Taxonomy.from_text(text)


def test_empty_category_is_refused() -> None:
    text = "categories:\n  - code: A\n    name_zh: 名\n    name_en: n\n    keywords: []\n"
    with pytest.raises(TaxonomyError, match="empty category"):
        Taxonomy.from_text(text)


def test_keywords_alone_are_enough() -> None:
    tax = Taxonomy.from_text(
        "categories:\n  - code: A\n    name_zh: 名\n    name_en: n\n    keywords: [清扫]\n"
    )
    assert tax.get("A").keywords == ("清扫",)


@pytest.mark.parametrize(
    "text, message",
    [
        ("categories: [\n", "not valid YAML"),
        ("- just a list of strings\n", "expected a mapping"),
        ("other: 1\n", "'categories' list"),
        ("categories: []\n", "non-empty list"),
        ("categories:\n" + entry("lower"), "upper-case"),
        ("categories:\n" + entry("A", "    keywords: 清扫\n"), "keywords must be a list"),
    ],
)
def test_malformed_files(text: str, message: str) -> None:
    with pytest.raises(TaxonomyError, match=message):
        Taxonomy.from_text(text)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(TaxonomyError, match="not found"):
        Taxonomy.load(tmp_path / "nope.yaml")


def test_check_labels_unknown_and_empty() -> None:
    tax = Taxonomy.from_text("categories:\n" + entry("A") + entry("B"))
    tax.check_labels([["A"], ["B", "A"], []])
    with pytest.raises(TaxonomyError, match="example 2 has unknown label 'C'"):
        tax.check_labels([["A"], ["C"]])
    with pytest.raises(TaxonomyError, match="empty category with no examples: B"):
        tax.check_labels([["A"], []])
