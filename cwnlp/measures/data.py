"""Read and write labelled-sentence CSV files (columns ``sentence,labels``).

Researchers edit these files in spreadsheet programs, which on Chinese Windows
often save GBK.  The reader accepts UTF-8 (with or without BOM) and GBK/GB18030,
checks every row against the taxonomy, and raises :class:`LabelFileError` naming
the CSV line at the first problem, so nothing is ever trained on half-read data.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from pathlib import Path

from cwnlp.measures.taxonomy import Taxonomy

__all__ = [
    "LabelFileError",
    "decode_bytes",
    "read_annotated_articles",
    "read_labelled_csv",
    "write_labelled_csv",
]

_LABEL_SEP = re.compile(r"[;；]")
_WORD_CHAR = re.compile(r"[\w\u4e00-\u9fff]")
ENCODINGS = ("utf-8-sig", "gb18030")


class LabelFileError(ValueError):
    """A labelled CSV file cannot be used as it is."""


def decode_bytes(data: bytes, source: str = "<data>") -> tuple[str, str]:
    """Text and encoding name of ``data`` (UTF-8 first, then GBK/GB18030)."""
    for enc in ENCODINGS:
        try:
            return data.decode(enc), ("gbk" if enc == "gb18030" else "utf-8")
        except UnicodeDecodeError:
            continue
    raise LabelFileError(f"{source}: not UTF-8 or GBK text; save the CSV as UTF-8 and try again")


def read_labelled_csv(
    path: str | Path, taxonomy: Taxonomy | None = None
) -> tuple[list[str], list[list[str]]]:
    """Sentences and their label lists; LabelFileError on the first bad line."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise LabelFileError(f"label file not found: {path}") from None
    except OSError as exc:
        raise LabelFileError(f"cannot read {path}: {exc}") from None
    text, _ = decode_bytes(data, str(path))
    return parse_labelled_csv(text, taxonomy, source=str(path))


def parse_labelled_csv(
    text: str, taxonomy: Taxonomy | None = None, source: str = "<csv>"
) -> tuple[list[str], list[list[str]]]:
    """Parse CSV text with a ``sentence`` and a ``labels`` column."""
    if "\x00" in text:
        raise LabelFileError(f"{source}: contains NUL bytes; is it really a CSV text file?")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        raise LabelFileError(f"{source}: empty file (expected a header line 'sentence,labels')")
    cols = [h.strip().lower() for h in header]
    if "sentence" not in cols or "labels" not in cols:
        raise LabelFileError(
            f"{source}: line 1: header must name 'sentence' and 'labels' columns, got {header}"
        )
    s_col, l_col = cols.index("sentence"), cols.index("labels")
    known = set(taxonomy.codes) if taxonomy else None
    sentences: list[str] = []
    labels: list[list[str]] = []
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            sentence, row_labels = _parse_row(row, s_col, l_col, known, f"{source}: line {line}")
            sentences.append(sentence)
            labels.append(row_labels)
    except csv.Error as exc:
        raise LabelFileError(f"{source}: line {reader.line_num}: malformed CSV ({exc})") from None
    if not sentences:
        raise LabelFileError(f"{source}: no labelled sentences")
    return sentences, labels


def _parse_row(
    row: list[str], s_col: int, l_col: int, known: set[str] | None, where: str
) -> tuple[str, list[str]]:
    if len(row) <= s_col or not row[s_col].strip():
        raise LabelFileError(f"{where}: empty sentence")
    cell = row[l_col] if len(row) > l_col else ""
    row_labels = list(dict.fromkeys(x.strip() for x in _LABEL_SEP.split(cell) if x.strip()))
    unknown = [x for x in row_labels if known is not None and x not in known]
    if unknown:
        raise LabelFileError(
            f"{where}: unknown label {unknown[0]!r} (known: {', '.join(sorted(known or ()))})"
        )
    return row[s_col].strip(), row_labels


def write_labelled_csv(
    path: str | Path,
    sentences: Sequence[str],
    labels: Sequence[Sequence[str]],
    scores: Sequence[float] | None = None,
) -> Path:
    """Write a UTF-8 ``sentence,labels[,score]`` CSV that :func:`read_labelled_csv` reads back."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["sentence", "labels"] + (["score"] if scores is not None else []))
        for i, (sentence, row_labels) in enumerate(zip(sentences, labels, strict=True)):
            extra = [f"{scores[i]:.4f}"] if scores is not None else []
            writer.writerow([sentence, ";".join(row_labels), *extra])
    return path


def read_annotated_articles(
    path: str | Path, taxonomy: Taxonomy | None = None
) -> tuple[list[str], list[list[str]], list[str]]:
    """Sentences, label lists and article ids from annotated articles (JSON lines).

    Each line is an article in the annotation format (``id``, ``text``, ``measures``
    with ``sentence`` and ``labels``, optionally ``start``/``end``), as in
    ``../shared/eval`` and ``corpora/ner/train.jsonl``.  Every sentence of the text
    (as :func:`~cwnlp.text.sentences.split_sentences` cuts it) becomes an example:
    annotated ones with their labels, the others as sentences without a measure, so
    whole articles teach what background and problem reports look like.  An annotated
    sentence that the splitter cuts differently is kept as annotated, and the split
    sentences it overlaps are left out.  The article ids allow cross-validation by
    article.
    """
    from cwnlp.text.sentences import split_sentences

    path = Path(path)
    try:
        text, _ = decode_bytes(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise LabelFileError(f"article file not found: {path}") from None
    except OSError as exc:
        raise LabelFileError(f"cannot read {path}: {exc}") from None
    known = set(taxonomy.codes) if taxonomy is not None else None
    sentences: list[str] = []
    labels: list[list[str]] = []
    ids: list[str] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}, line {number}"
        try:
            article = json.loads(line)
            body, ident = article["text"], str(article["id"])
            annotated = _annotated_spans(body, article.get("measures", []), known, where)
        except (ValueError, KeyError, TypeError) as exc:
            raise LabelFileError(f"{where}: {exc}") from None
        taken = [(a, b) for a, b, _ in annotated]
        for a, b, row_labels in annotated:
            sentences.append(body[a:b].strip())
            labels.append(row_labels)
            ids.append(ident)
        for sent in split_sentences(body):
            if any(a < sent.end and sent.start < b for a, b in taken):
                continue
            if len(_WORD_CHAR.findall(sent.text)) >= 4:  # not a lone quote mark or bullet
                sentences.append(sent.text)
                labels.append([])
                ids.append(ident)
    if not sentences:
        raise LabelFileError(f"{path}: no articles")
    return sentences, labels, ids


def _annotated_spans(
    body: str, measures: list[dict], known: set[str] | None, where: str
) -> list[tuple[int, int, list[str]]]:
    spans = []
    for m in measures:
        row_labels = list(dict.fromkeys(m.get("labels", [])))
        unknown = [x for x in row_labels if known is not None and x not in known]
        if unknown:
            raise ValueError(f"unknown label {unknown[0]!r}")
        start = m.get("start")
        if start is None:
            start = body.find(m["sentence"])
            if start < 0:
                raise ValueError(f"measure sentence not in the text: {m['sentence'][:30]!r}")
            end = start + len(m["sentence"])
        else:
            end = m["end"]
        if row_labels:
            spans.append((start, end, row_labels))
    return spans
