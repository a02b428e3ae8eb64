"""Fixtures for the measure tests: a small taxonomy and training set for fast fits."""

from pathlib import Path

import pytest

from cwnlp.measures.data import read_labelled_csv
from cwnlp.measures.persist import default_corpus_path
from cwnlp.measures.taxonomy import Taxonomy

SMALL_CODES = ("ORDER", "MARKET_FOOD", "FUNDING")

SMALL_YAML = """\
categories:
  - code: ORDER
    name_zh: 市容秩序
    name_en: Order
    definition: enforcement against street occupation and illegal structures
    keywords: [占道经营, 违章搭建, 执法]
  - code: MARKET_FOOD
    name_zh: 农贸市场
    name_en: Markets
    definition: market upgrades and food safety
    keywords: [农贸市场, 食品安全, 餐饮]
  - code: FUNDING
    name_zh: 资金保障
    name_en: Funding
    definition: money for the campaign
    keywords: [资金, 投入, 经费]
"""


@pytest.fixture(scope="session")
def small_taxonomy_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("tax") / "small.yaml"
    path.write_text(SMALL_YAML, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def small_taxonomy(small_taxonomy_path) -> Taxonomy:
    return Taxonomy.load(small_taxonomy_path)


@pytest.fixture(scope="session")
def small_data() -> tuple[list[str], list[list[str]]]:
    """Project-corpus sentences with labels cut down to the three small codes (every 2nd negative)."""
    sentences, labels = read_labelled_csv(default_corpus_path(), Taxonomy.default())
    out_s, out_l = [], []
    for i, (s, lab) in enumerate(zip(sentences, labels, strict=True)):
        kept = [x for x in lab if x in SMALL_CODES]
        if kept or i % 2 == 0:
            out_s.append(s)
            out_l.append(kept)
    return out_s, out_l
