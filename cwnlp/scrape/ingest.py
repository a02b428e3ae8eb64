"""Read corpora researchers already hold: HTML files, text captures, JSONL, CSV.

``iter_ingest`` yields one Document or Failure per article as soon as it is
read, so a caller can store each immediately; ``ingest_paths`` collects them
into a Batch (the stage convention).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cwnlp.model import Document, Failure, RawPage
from cwnlp.pipeline import Batch
from cwnlp.text.capture import clean_capture
from cwnlp.text.clean import CleanSettings, clean_html
from cwnlp.text.encoding import decode_html

HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SUFFIXES = HTML_SUFFIXES | {".txt", ".jsonl", ".csv"}


@dataclass
class IngestSettings:
    """How to read files: which CSV/JSONL columns hold the id and the text."""

    text_column: str = "text"
    id_column: str = "id"
    clean: CleanSettings = field(default_factory=CleanSettings)


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named directly, and files with a known suffix inside folders (sorted)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        else:
            yield path


def decode_text_file(content: bytes) -> str:
    """Text of a .txt or .csv file in UTF-8, GBK/GB18030 or Big5."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8")
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        text, _ = decode_html(content, None)
        return text


def _fail(path: Path, error: str, where: str = "") -> Failure:
    return Failure(input=f"{path}{where}", stage="ingest", error=error)


def _read_html(path: Path, settings: IngestSettings) -> Iterator[Document | Failure]:
    page = RawPage(id=path.stem, content=path.read_bytes(), path=str(path))
    doc = clean_html(page, settings.clean)
    doc.input = str(path)
    yield doc


def _read_capture(path: Path, settings: IngestSettings) -> Iterator[Document | Failure]:
    doc = clean_capture(decode_text_file(path.read_bytes()), path.stem, settings.clean)
    doc.input = str(path)
    yield doc


def _record_to_document(record: dict, default_id: str, path: Path, settings: IngestSettings) -> Document:
    text = record.get(settings.text_column)
    if not isinstance(text, str):
        raise ValueError(f"no text in column {settings.text_column!r}")
    fields = dict(record)
    fields["id"] = str(record.get(settings.id_column) or default_id)
    fields["text"] = text.replace("\r\n", "\n").strip()
    fields.pop("content_hash", None)
    doc = Document.from_record(fields)
    doc.input = str(path)
    known = {f for f in Document.__dataclass_fields__}
    doc.extra.update({k: v for k, v in record.items() if k not in known and k != settings.text_column})
    return doc


def _read_jsonl(path: Path, settings: IngestSettings) -> Iterator[Document | Failure]:
    raw = decode_text_file(path.read_bytes())
    for lineno, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("line is not a JSON object")
            yield _record_to_document(record, f"{path.stem}-{lineno}", path, settings)
        except (ValueError, TypeError) as exc:
            yield _fail(path, f"line {lineno}: {exc}", f":{lineno}")


def _read_csv(path: Path, settings: IngestSettings) -> Iterator[Document | Failure]:
    reader = csv.DictReader(io.StringIO(decode_text_file(path.read_bytes())))
    if not reader.fieldnames or settings.text_column not in reader.fieldnames:
        yield _fail(path, f"CSV has no {settings.text_column!r} column (columns: {reader.fieldnames})")
        return
    for rowno, row in enumerate(reader, start=2):  # header is line 1
        try:
            yield _record_to_document(row, f"{path.stem}-{rowno}", path, settings)
        except (ValueError, TypeError) as exc:
            yield _fail(path, f"line {rowno}: {exc}", f":{rowno}")


def iter_ingest(
    paths: Iterable[str | Path], settings: IngestSettings | None = None
) -> Iterator[Document | Failure]:
    """Yield a Document or a Failure for every article in the given files and folders."""
    settings = settings or IngestSettings()
    seen: set[str] = set()
    for path in expand_paths(paths):
        suffix = path.suffix.lower()
        if not path.exists():
            yield _fail(path, "no such file or folder")
            continue
        if suffix in HTML_SUFFIXES:
            reader = _read_html
        elif suffix == ".txt":
            reader = _read_capture
        elif suffix == ".jsonl":
            reader = _read_jsonl
        elif suffix == ".csv":
            reader = _read_csv
        else:
            yield _fail(path, f"unsupported file type {suffix or '(none)'}; use .html, .txt, .jsonl or .csv")
            continue
        try:
            for item in reader(path, settings):
                if isinstance(item, Document):
                    item.id = _unique_id(item.id, str(path), seen)
                    if not item.text.strip():
                        yield _fail(path, "no article text found")
                        continue
                yield item
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            yield _fail(path, f"{type(exc).__name__}: {exc}")


def _unique_id(doc_id: str, where: str, seen: set[str]) -> str:
    """Keep ids stable but distinct when two files in one run share a name."""
    if doc_id in seen:
        doc_id = f"{doc_id}-{hashlib.sha1(f'{where}#{len(seen)}'.encode()).hexdigest()[:6]}"
    seen.add(doc_id)
    return doc_id


def ingest_paths(paths: Iterable[str | Path], settings: IngestSettings | None = None) -> Batch[Document]:
    """The ingest stage: every article in the given paths, with failures kept apart."""
    batch: Batch[Document] = Batch()
    for item in iter_ingest(paths, settings):
        if isinstance(item, Failure):
            batch.failures.append(item)
        else:
            batch.records.append(item)
    return batch
