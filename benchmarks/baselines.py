"""Two off-the-shelf baselines for entity extraction, in the scorer's PRED format.

* ``jieba``: jieba's part-of-speech tags, read as entities.  ``nr*`` → PERSON,
  ``ns*`` → PLACE, ``nt*`` → UNIT.  jieba tags digits, 年/月/日 and units such
  as 万元 all as ``m``, so a run of ``m`` tokens (plus a following ``q``
  measure word) becomes a DATE when it holds a 年/月/日 token and an AMOUNT
  when it holds a digit and ends in a unit; runs starting with 第 are
  ordinals and are dropped.  ``t`` words (近日, 上午) are not dates to a
  researcher and are ignored.
* ``jiagu``: jiagu's perceptron NER over jiagu's own segmentation, sentence by
  sentence.  PER/LOC/ORG → PERSON/PLACE/UNIT; BIO tags are merged into spans
  (an ``I-`` after a different type starts a new span, as jiagu often omits
  ``B-``).  jiagu ships its models inside the package and reads no network.

Neither gives titles, amount values or date norms.  Each predict function
takes gold-style records (``id``, ``text``) and returns one
``{"id", "entities", "measures", "relations"}`` record per article.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import jieba
import jieba.posseg

from cwnlp.text.sentences import sentence_spans

jieba.setLogLevel(logging.WARNING)  # the dictionary-loading chatter would garble the tables

Prediction = dict[str, Any]

JIEBA_TYPES = (("nr", "PERSON"), ("ns", "PLACE"), ("nt", "UNIT"))
JIAGU_TYPES = {"PER": "PERSON", "LOC": "PLACE", "ORG": "UNIT"}
_DATE_TOKENS = {"年", "月", "日", "号"}
_DIGIT = re.compile(r"[0-9０-９一二三四五六七八九十百千万亿两〇零]")


class BaselineUnavailable(RuntimeError):
    """A baseline's package is not installed."""


@lru_cache(maxsize=1)
def jieba_tagger() -> jieba.posseg.POSTokenizer:
    """A private jieba POS tagger with the default dictionary (jieba's global one stays untouched)."""
    tagger = jieba.posseg.POSTokenizer(jieba.Tokenizer())
    tagger.tokenizer.initialize()
    return tagger


def _entity_type(flag: str) -> str | None:
    for prefix, etype in JIEBA_TYPES:
        if flag.startswith(prefix):
            return etype
    return None


def _number_run(run: list[tuple[str, str]]) -> tuple[str, str] | None:
    """Type and text of a run of ``m`` (and trailing ``q``) tokens, or None."""
    words = [w for w, _ in run]
    text = "".join(words)
    if not _DIGIT.search(text) or text.startswith("第"):
        return None
    if _DATE_TOKENS & set(words):
        return "DATE", text
    if not _DIGIT.fullmatch(text[-1]) and not text[-1].isdigit():
        return "AMOUNT", text
    return None  # a bare number: no unit, nothing a researcher could use


def jieba_entities(text: str) -> list[dict[str, str]]:
    """Entities of one text from jieba's POS tags (see the module docstring)."""
    found: list[tuple[str, str]] = []
    run: list[tuple[str, str]] = []
    for pair in jieba_tagger().cut(text):
        word, flag = pair.word, pair.flag
        if flag == "m" or (flag == "q" and run):
            run.append((word, flag))
            if flag == "q":  # a measure word closes the number
                found.extend(filter(None, [_number_run(run)]))
                run = []
            continue
        if run:
            found.extend(filter(None, [_number_run(run)]))
            run = []
        etype = _entity_type(flag)
        if etype:
            found.append((etype, word))
    if run:
        found.extend(filter(None, [_number_run(run)]))
    return _distinct(found)


@lru_cache(maxsize=1)
def _jiagu() -> Any:
    try:
        import jiagu
    except ImportError as exc:
        raise BaselineUnavailable("jiagu is not installed (pip install jiagu)") from exc
    return jiagu


def merge_bio(words: list[str], tags: list[str]) -> list[tuple[str, str]]:
    """Spans (tag type, text) from word-level BIO tags; a stray ``I-`` starts a span."""
    spans: list[tuple[str, str]] = []
    current: list[str] = []
    kind = ""
    for word, tag in zip(words, tags, strict=False):
        prefix, _, label = tag.partition("-")
        if prefix == "I" and label == kind and current:
            current.append(word)
            continue
        if current:
            spans.append((kind, "".join(current)))
        current, kind = ([word], label) if prefix in {"B", "I"} else ([], "")
    if current:
        spans.append((kind, "".join(current)))
    return spans


def jiagu_entities(text: str) -> list[dict[str, str]]:
    """Entities of one text from jiagu's NER, sentence by sentence."""
    jiagu = _jiagu()
    found: list[tuple[str, str]] = []
    for start, end in sentence_spans(text):
        words = [w for w in jiagu.seg(text[start:end]) if w.strip()]
        if not words:
            continue
        for label, span in merge_bio(words, jiagu.ner(words)):
            if label in JIAGU_TYPES:
                found.append((JIAGU_TYPES[label], span))
    return _distinct(found)


def _distinct(found: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    # the scorer counts each (type, text) once per article
    return [{"type": t, "text": s} for t, s in dict.fromkeys(found)]


def predict(records: Iterable[dict], entities: Callable[[str], list[dict[str, str]]]) -> list[Prediction]:
    """Scorer-format predictions for gold-style records, using one entity function."""
    return [
        {"id": r["id"], "entities": entities(r.get("text") or ""), "measures": [], "relations": []}
        for r in records
    ]


def jieba_predict(records: Iterable[dict]) -> list[Prediction]:
    """The jieba POS baseline over gold-style records."""
    return predict(records, jieba_entities)


def jiagu_predict(records: Iterable[dict]) -> list[Prediction]:
    """The jiagu NER baseline over gold-style records; BaselineUnavailable without jiagu."""
    return predict(records, jiagu_entities)


BASELINES: dict[str, Callable[[Iterable[dict]], list[Prediction]]] = {
    "jieba": jieba_predict,
    "jiagu": jiagu_predict,
}
