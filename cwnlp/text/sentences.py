"""Split Chinese news text into sentences with exact character offsets.

A sentence runs up to and including 。！？ (or ASCII ! ?), or an ellipsis (……)
that ends a clause, or to the end of a line.  Closing quotes and brackets
written right after the terminator belong to the sentence (。” 。」 ！）).
Semicolons do not split: campaign articles list measures with ；, and the
annotation keeps such a list in one sentence.
"""

from __future__ import annotations

import re

from cwnlp.model import Sentence

__all__ = ["split_sentences", "sentence_spans"]

_CLOSERS = "”’」』）)】》〉］]\"'"
# An ellipsis ends a sentence only where the line ends or a closer follows;
# inside a clause ("扫地……都做了") it is an ordinary pause.
_ELLIPSIS_END = re.compile(r"(?:……|…|\.{3,6})[" + re.escape(_CLOSERS) + r"]*(?=\s*$)")
# ASCII ! ? inside a URL or code ("a.php?id=3") do not end a sentence.
_END = re.compile(r"(?:[。！？]|[!?](?![A-Za-z0-9=&_/%]))+[" + re.escape(_CLOSERS) + r"]*")
# Whitespace that may be trimmed from a sentence's edges (full-width space included).
_SPACE = " \t\r\n\u3000\u00a0\ufeff"


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``, whitespace trimmed."""
    if not isinstance(text, str):
        raise TypeError(f"split_sentences expects str, got {type(text).__name__}")
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        _split_line(line, pos, spans)
        pos += len(line)
    return spans


def _split_line(line: str, offset: int, spans: list[tuple[int, int]]) -> None:
    """Append the trimmed sentence spans of one line to ``spans``."""
    cuts = sorted({m.end() for m in _END.finditer(line)} | {m.end() for m in _ELLIPSIS_END.finditer(line)})
    start = 0
    for cut in [*cuts, len(line)]:
        if cut <= start:
            continue
        _add_trimmed(line, start, cut, offset, spans)
        start = cut


def _add_trimmed(line: str, start: int, end: int, offset: int, spans: list[tuple[int, int]]) -> None:
    """Append ``line[start:end]`` without edge whitespace, unless it is empty."""
    while start < end and line[start] in _SPACE:
        start += 1
    while end > start and line[end - 1] in _SPACE:
        end -= 1
    if end > start:
        spans.append((offset + start, offset + end))


def split_sentences(text: str, doc_id: str | None = None) -> list[Sentence]:
    """Sentences of ``text``; ``text[s.start:s.end] == s.text`` for each one."""
    return [
        Sentence(doc_id=doc_id or "", index=i, start=s, end=e, text=text[s:e])
        for i, (s, e) in enumerate(sentence_spans(text))
    ]
