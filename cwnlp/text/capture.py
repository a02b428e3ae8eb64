"""Clean page captures that are already text (copy-pasted pages with their chrome)."""

from __future__ import annotations

from cwnlp.model import Document
from cwnlp.text.chrome import is_chrome
from cwnlp.text.clean import CleanSettings, header_meta, split_header, tidy_lines
from cwnlp.text.convert import to_simplified


def clean_capture(text: str, doc_id: str, settings: CleanSettings | None = None) -> Document:
    """A Document from captured page text: chrome removed, header and bylines as fields.

    The header (title, date, 来源 lines before the body) becomes metadata; a
    final 记者/通讯员 line stays as the last paragraph, as the gold data does.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    settings = settings or CleanSettings()
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line for line in lines if line and not is_chrome(line)]
    header, rest = split_header(lines, settings.header_window)
    head = header_meta(header)
    body = tidy_lines(rest, settings, bare_captions=True)
    meta = head.meta
    meta.merge(body.meta)
    title = head.title
    text_out = "\n".join(body.lines)
    if settings.to_simplified:
        title, text_out = to_simplified(title), to_simplified(text_out) or ""
    return Document(
        id=doc_id,
        text=text_out,
        title=title,
        date=meta.date,
        datetime=meta.datetime,
        source=meta.source,
        reporters=meta.reporters,
        correspondents=meta.correspondents,
        editors=meta.editors,
        original_title=meta.original_title,
        captions=body.captions,
        photo_credits=meta.photo_credits,
        extra={"cleaner": "capture"},
    )
