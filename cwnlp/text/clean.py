"""Turn fetched Chinese news pages into clean :class:`~cwnlp.model.Document` records.

Body text comes from several extractors (trafilatura in three modes,
readability-lxml and a text-density rule of our own); the candidate that agrees
most with the others wins, and Chinese-news rules then strip site chrome, move
bylines into fields and set picture captions aside.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from dataclasses import dataclass, field

import lxml.html
import trafilatura
from lxml import etree
from readability import Document as ReadabilityDocument

from cwnlp.model import Document, Failure, RawPage
from cwnlp.pipeline import Batch
from cwnlp.text.bylines import DATE_RE, Byline, inline_bylines, parse_byline, parse_date
from cwnlp.text.chrome import is_chrome, is_end_marker, is_sentence
from cwnlp.text.convert import to_simplified
from cwnlp.text.encoding import decode_html

EXTRACTORS = ("trafilatura", "trafilatura_precision", "trafilatura_recall", "readability", "density")


@dataclass
class CleanSettings:
    """How pages are cleaned; plain attributes so settings pickle to worker processes."""

    to_simplified: bool = False  # convert traditional characters in title and text
    keep_captions: bool = True  # keep captions that say something in text (gold convention)
    favour_precision: bool = False  # drop body lines that no other extractor found
    extractors: tuple[str, ...] = EXTRACTORS
    min_chars: int = 20  # a body with fewer CJK/word characters is a failure
    header_window: int = 12  # lines after the title searched for date/来源/作者
    footer_window: int = 6  # lines after the body searched for 编辑/责任编辑/记者 lines


# ---------------------------------------------------------------- line rules

_CJK = re.compile(r"[\u3400-\u9fff]")
_CAPTION_START = re.compile(
    r"^\s*(?:图为|图注|图片说明|上图|下图|左图|右图|图\s*[:：]|图\d+\s*[:：]?|[▲△▼↑↓])"
)
_POSITION = re.compile(r"[(（](?:左|右|中|前|后)[一二三四五六七八九十\d]*[)）]")
_CREDIT_INLINE = re.compile(
    r"[(（]\s*(?:图片来源|图片来自|图源|图片|摄影|图)\s*[:：/]?\s*([^()（）]{1,20}?)\s*[)）]"
    r"|[(（]\s*([^()（）]{1,20}?)\s*(?:摄|供图|摄影)\s*[)）]"
)
_CREDIT_LINE = re.compile(
    r"^\s*(?:未署名)?(?:图片|照片|图)(?:均)?由\s*(.+?)\s*(?:提供|拍摄)\s*[。.]?\s*$"
    r"|^\s*(?:图片来源|图片来自|图源|摄影|图片)\s*[:：]\s*(.+?)\s*$"
    r"|^\s*[(（]?\s*([^\s()（）]{2,16}?)\s*(?:/\s*)?(?:摄|供图)\s*[)）]?\s*$"
)
_HEADING = re.compile(
    r"^(?:编者按|编后|编后语|记者手记|短评|点评|链接|背景|小贴士|相关链接)"
    r"|^[一二三四五六七八九十]+[、.]|^[(（][一二三四五六七八九十\d]+[)）]|^\d+[、.]|^第[一二三四五六七八九十\d]+"
)
_BODY_ROLES = {"reporters", "correspondents"}
_BARE_CAPTION_MAX = 16
_INFORMATIVE_MIN = 15


@dataclass
class Tidied:
    """Body lines and the metadata set aside while tidying them."""

    lines: list[str] = field(default_factory=list)
    meta: Byline = field(default_factory=Byline)
    captions: list[str] = field(default_factory=list)
    title: str | None = None


def _norm(text: str) -> str:
    """Text without whitespace and quote marks, for containment tests."""
    return re.sub(r"[\s“”\"'‘’「」]", "", text)


def _cjk_len(text: str) -> int:
    return len(_CJK.findall(text))


def _credits(line: str) -> list[str]:
    """Photo credits written inside a caption line."""
    return [next(g for g in m.groups() if g) for m in _CREDIT_INLINE.finditer(line)]


def _credit_line(line: str) -> str | None:
    """The credited name when the whole line is a photo credit."""
    match = _CREDIT_LINE.match(line)
    return next((g for g in match.groups() if g), None) if match else None


def _is_header_line(line: str) -> bool:
    """A date line or a 来源/作者/时间 line of the article header."""
    byline = parse_byline(line)
    if byline is not None and byline.roles() & {"source", "date", "reporters", "editors"}:
        return True
    return _is_date_line(line)


def _is_date_line(line: str) -> bool:
    """A line that is mostly a date ("2020-10-25 11:37", "2020年10月25日 星期日")."""
    match = DATE_RE.search(line)
    if match is None or parse_date(line)[0] is None:
        return False
    rest = line[: match.start()] + line[match.end() :]
    return _cjk_len(rest) <= 12 and not re.search(r"[,，。；;]", rest)


def _looks_like_caption(line: str, bare: bool) -> bool:
    if _CAPTION_START.match(line) or _POSITION.search(line) or _credits(line):
        return True
    cjk = _cjk_len(line)
    short = 2 <= cjk <= _BARE_CAPTION_MAX and not re.search(r"[。！？!?：:；;]", line)
    return bare and short and not _HEADING.match(line)


def _is_repeat(line: str, others: list[str]) -> bool:
    """True when a caption only repeats words of a body paragraph."""
    key = _norm(line)
    return len(key) >= 8 and any(key in _norm(o) for o in others if o is not line and len(o) > len(line))


def split_header(lines: list[str], window: int) -> tuple[list[str], list[str]]:
    """Split captured page lines into (header, rest) at the last header meta line."""
    last = -1
    for i, line in enumerate(lines[:window]):
        if _is_header_line(line):
            last = i
        elif is_sentence(line) and _cjk_len(line) >= 20:
            break  # the body has begun; later bylines are footer lines
    return lines[: last + 1], lines[last + 1 :]


def header_meta(header: list[str]) -> Tidied:
    """Title, date and 来源/作者 from the header lines of a page.

    The title is the last headline-like line before the first date/来源 line:
    site names and menus come earlier.
    """
    out = Tidied()
    candidate: str | None = None
    for line in header:
        byline = parse_byline(line)
        is_meta = byline is not None or _is_date_line(line)
        if byline is not None:
            out.meta.merge(byline)
        elif is_meta:
            date, stamp = parse_date(line)
            out.meta.merge(Byline(date=date, datetime=stamp))
        elif not is_chrome(line) and not is_sentence(line) and _cjk_len(line) >= 4:
            candidate = line
        if is_meta and out.title is None:
            out.title = candidate
    return out


def tidy_lines(
    lines: list[str], settings: CleanSettings, captions: set[str] | None = None, bare_captions: bool = False
) -> Tidied:
    """Remove chrome, move bylines and captions out of body lines.

    ``captions`` are caption texts found in the page structure; with
    ``bare_captions`` short unpunctuated lines count as captions too (page
    captures have no structure to tell them apart).
    """
    out = Tidied()
    ended = False
    body: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        byline = parse_byline(line)
        if is_end_marker(line) and body:
            ended = True
        if byline is not None:
            out.meta.merge(byline)
            if not ended and byline.roles() and byline.roles() <= _BODY_ROLES:
                body.append(line)  # the gold keeps a final 记者/通讯员 line in text
            continue
        credit = _credit_line(line)
        if credit:
            if credit not in out.meta.photo_credits:
                out.meta.photo_credits.append(credit)
            continue
        if ended or is_chrome(line):
            continue
        out.meta.photo_credits.extend(c for c in _credits(line) if c not in out.meta.photo_credits)
        body.append(line)
    _set_captions(body, out, settings, captions or set(), bare_captions)
    for line in out.lines:
        out.meta.merge(inline_bylines(line))
    return out


def _set_captions(body: list[str], out: Tidied, settings: CleanSettings, known: set[str], bare: bool) -> None:
    """Fill ``out.lines`` and ``out.captions``: captions leave the text unless informative."""
    known_keys = {_norm(c) for c in known if c.strip()}
    for line in body:
        structural = _norm(line) in known_keys
        repeat = not is_sentence(line) and _is_repeat(line, body)
        if not (structural or repeat or _looks_like_caption(line, bare)) or parse_byline(line) is not None:
            out.lines.append(line)
            continue
        if structural and not bare and is_sentence(line) and _cjk_len(line) > 60:
            out.lines.append(line)  # a long sentence next to a picture is body text
            continue
        out.captions.append(line)
        informative = bool(_credits(line)) or _cjk_len(line) >= _INFORMATIVE_MIN
        if settings.keep_captions and informative and not repeat:
            out.lines.append(line)


# ---------------------------------------------------------------- HTML side

_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "header", "footer", "blockquote", "figure", "figcaption", "pre", "dd", "dt", "center",
}  # fmt: skip
_DROP_TAGS = ("script", "style", "noscript", "iframe", "template", "svg", "select", "textarea")
_CAPTION_CLASS = re.compile(
    r"caption|pic_?(?:info|txt|text|desc|note|title)|img_?(?:desc|txt|text|note|title)|tuzhu|picintro|photo_?desc",
    re.I,
)
_GLUED_SITE = re.compile(r"^(.*\S)-([^-\d\s]{2,12})$")
_TITLE_SPLIT = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s|::|--)\s*")
_META_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "publishdate", "pubdate", "publish_date",
    "publishtime", "publish-date", "datepublished", "dc.date", "dc.date.issued", "dcterms.created",
    "og:release_date", "firstpublishedtime", "weibo:article:create_at", "article:published",
)  # fmt: skip
_SITE_WORD = re.compile(
    r"(?:网|新闻|频道|报|网站|门户|政府|在线|客户端|日报|晚报|电视台|融媒|PIXNET|\.com|\.cn)\s*:*$", re.I
)


def _parse(html: str) -> etree._Element:
    # lxml refuses str input that still carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    return lxml.html.document_fromstring(html)


def element_lines(root: etree._Element) -> list[str]:
    """Visible text of an element as lines, one per block element."""
    root = copy.deepcopy(root)
    for bad in root.xpath("|".join(f".//{t}" for t in _DROP_TAGS)):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    text = root.text_content() if hasattr(root, "text_content") else "".join(root.itertext())
    lines = (re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in text.split("\n"))
    return [line for line in lines if line]


def _meta(tree: etree._Element) -> dict[str, str]:
    """``<meta>`` name/property -> content, keys lowercased, first value wins."""
    out: dict[str, str] = {}
    for el in tree.iter("meta"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        value = (el.get("content") or "").strip()
        if key and value and key not in out:
            out[key] = value
    return out


def _split_title(full: str) -> tuple[str, str | None]:
    """A page title without its site-name suffix, and that site name if any."""
    parts = [p for p in _TITLE_SPLIT.split(full.strip()) if p]
    if len(parts) < 2:
        # a bare hyphen separates only a short site name ("标题-某某融媒网"), not "2021-2022"
        glued = _GLUED_SITE.match(full.strip())
        if glued and _SITE_WORD.search(glued.group(2)):
            return glued.group(1), glued.group(2)
        return full.strip(), None
    site = parts[-1]
    # Keep the longest leading run; suffix parts are short channel / site names.
    while len(parts) > 1 and (len(parts[-1]) <= 12 or _SITE_WORD.search(parts[-1])):
        parts.pop()
    return " ".join(parts) if len(parts) > 1 else parts[0], site


def find_title(tree: etree._Element, meta: dict[str, str]) -> tuple[str | None, str | None]:
    """The headline (og:title, h1/h2 or <title> minus suffixes) and the site name."""
    full = meta.get("og:title") or (tree.findtext(".//title") or "").strip()
    stripped, site = _split_title(full) if full else (None, None)
    headings = [" ".join(h.text_content().split()) for h in tree.xpath("//h1|//h2|//h3")]
    matching = [h for h in headings if len(h) >= 4 and full and (full.startswith(h) or h in full)]
    if matching:
        return max(matching, key=len), meta.get("og:site_name") or site
    if stripped:
        return stripped, meta.get("og:site_name") or site
    first = next((h for h in headings if _cjk_len(h) >= 4), None)
    return first, meta.get("og:site_name") or site


def _meta_date(meta: dict[str, str]) -> tuple[str | None, str | None]:
    for key in _META_DATE_KEYS:
        if key in meta:
            date, stamp = parse_date(meta[key])
            if date:
                return date, stamp
    return None, None


def _footer_window(page: list[str], body: list[str], window: int) -> list[str]:
    """Page lines just after the body's last line, where editor credits sit.

    Extractors often stop before a separate 编辑/责任编辑 block; only a short
    window is read so bylines of related-article lists further down are not.
    """
    if not body:
        return []
    key = _norm(body[-1])
    for i in range(len(page) - 1, -1, -1):
        if key and key in _norm(page[i]):
            return page[i + 1 : i + 1 + window]
    return []


def footer_meta(footer: list[str]) -> Byline:
    """Editor, reporter and original-title credits in footer lines."""
    out = Byline()
    for line in footer:
        byline = parse_byline(line.strip())
        if byline is not None:
            out.merge(
                Byline(
                    reporters=byline.reporters,
                    correspondents=byline.correspondents,
                    editors=byline.editors,
                    original_title=byline.original_title,
                )
            )
    return out


def _header_window(page: list[str], title: str | None, window: int) -> list[str]:
    """Page lines just after the headline, where date/来源/作者 are written."""
    if not title:
        return []
    key = _norm(title)
    for i, line in enumerate(page):
        if _norm(line) == key or (len(key) >= 6 and key in _norm(line) and len(line) <= 2 * len(title)):
            return page[i + 1 : i + 1 + window]
    return []


def structural_captions(tree: etree._Element) -> set[str]:
    """Caption texts found by page structure: figcaption, caption classes, text beside a picture."""
    found: set[str] = set()
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        cls = f"{el.get('class') or ''} {el.get('id') or ''}"
        if el.tag == "figcaption" or (cls.strip() and _CAPTION_CLASS.search(cls)):
            found.add(" ".join(el.text_content().split()))
        elif el.tag == "img":
            _caption_after_image(el, found)
    return {c for c in found if c and len(c) <= 120}


def _centred(el: etree._Element) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "text-align:center" in style or (el.get("align") or "").lower() == "center" or el.tag == "center"


def _caption_after_image(img: etree._Element, found: set[str]) -> None:
    """Centred short text beside a picture: in the picture's own block or the next one.

    Chinese news CMSs centre captions under pictures; requiring the centring
    keeps blog text that merely alternates with photos in the body.
    """
    block = img.getparent()
    while block is not None and block.tag not in ("p", "div", "figure", "td", "center"):
        block = block.getparent()
    if block is None:
        return
    own = " ".join(block.text_content().split())
    if own:
        if _centred(block) and _cjk_len(own) <= 60:
            found.add(own)
        return
    nxt = block.getnext()
    if (
        nxt is not None
        and isinstance(nxt.tag, str)
        and not nxt.xpath(".//img")
        and (_centred(nxt) or _centred(block))
    ):
        text = " ".join(nxt.text_content().split())
        if text and _cjk_len(text) <= 60 and not is_sentence(text):
            found.add(text)


# ---------------------------------------------------------------- extractors


def _trafilatura(html: str, **options: bool) -> list[str]:
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, deduplicate=False, **options
    )
    return [line.strip() for line in (text or "").split("\n") if line.strip()]


def _readability(html: str) -> list[str]:
    summary = ReadabilityDocument(html).summary(html_partial=True)
    return element_lines(lxml.html.fragment_fromstring(summary, create_parent="div")) if summary else []


def _density(tree: etree._Element) -> list[str]:
    """Lines of the block with the most Chinese text in paragraphs outside links."""
    best, best_score = None, 0.0
    for el in tree.iter("div", "article", "section", "td"):
        text = _cjk_len(el.text_content())
        if text < 50:
            continue
        links = sum(_cjk_len(a.text_content()) for a in el.iter("a"))
        paras = sum(1 for _ in el.iterchildren("p"))
        # Favour blocks whose own children are paragraphs and that hold few links.
        score = (text - 2 * links) * (1 + min(paras, 10) / 10) * (1 - links / text)
        if score > best_score:
            best, best_score = el, score
    return element_lines(best) if best is not None else []


def run_extractors(html: str, tree: etree._Element, names: tuple[str, ...]) -> dict[str, list[str]]:
    """Body lines from each named extractor; an extractor that breaks gives no lines."""
    jobs = {
        "trafilatura": lambda: _trafilatura(html),
        "trafilatura_precision": lambda: _trafilatura(html, favor_precision=True),
        "trafilatura_recall": lambda: _trafilatura(html, favor_recall=True),
        "readability": lambda: _readability(html),
        "density": lambda: _density(tree),
    }
    out: dict[str, list[str]] = {}
    for name in names:
        if name not in jobs:
            raise ValueError(f"unknown extractor {name!r}; choose from {', '.join(jobs)}")
        try:
            out[name] = jobs[name]()
        except Exception:  # noqa: BLE001 - one extractor failing must not lose the page
            out[name] = []
    return out


def _grams(lines: list[str]) -> Counter[str]:
    text = "".join("".join(lines).split())
    return Counter(text[i : i + 4] for i in range(len(text) - 3))


def _f1(a: Counter[str], b: Counter[str]) -> float:
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    return 2 * overlap / (sum(a.values()) + sum(b.values()))


def choose_body(candidates: dict[str, list[str]]) -> tuple[str, list[str]]:
    """The candidate that agrees most with the others (mean 4-gram F1), with its lines.

    Chrome is stripped before comparing, so an extractor is not rewarded for
    footers the others also kept.
    """
    cleaned = {k: [line for line in v if not is_chrome(line)] for k, v in candidates.items()}
    cleaned = {k: v for k, v in cleaned.items() if _cjk_len("".join(v)) >= 10}
    if not cleaned:
        return "", []
    grams = {k: _grams(v) for k, v in cleaned.items()}
    if len(grams) == 1:
        name = next(iter(grams))
        return name, candidates[name]
    scores = {
        k: sum(_f1(g, o) for j, o in grams.items() if j != k) / (len(grams) - 1) for k, g in grams.items()
    }
    name = max(scores, key=lambda k: (round(scores[k], 3), -list(candidates).index(k)))
    return name, candidates[name]


def _supported(lines: list[str], others: list[list[str]], strict: bool) -> list[str]:
    """Drop lines no other extractor found: all of them when strict, else short non-sentences."""
    pool = _norm("".join(line for other in others for line in other))
    kept = []
    for line in lines:
        key = _norm(line)
        if key in pool or (not strict and (is_sentence(line) or _cjk_len(line) > 30)):
            kept.append(line)
    return kept


# ---------------------------------------------------------------- the stage


def _plausible_captions(captions: set[str], lines: list[str]) -> set[str]:
    """Structural captions, unless they cover much of the body (blogs centre all text)."""
    keys = {_norm(c) for c in captions}
    hits = sum(1 for line in lines if _norm(line) in keys)
    return set() if hits > max(3, len(lines) // 4) else captions


class CleanError(ValueError):
    """A page that cannot be turned into a document (empty, not HTML, no body)."""


def clean_html(page: RawPage, settings: CleanSettings | None = None) -> Document:
    """Clean one fetched page into a Document; raises :class:`CleanError` on unusable pages."""
    settings = settings or CleanSettings()
    if not page.content or not page.content.strip():
        raise CleanError("empty page")
    html, encoding = decode_html(page.content, page.content_type)
    try:
        tree = _parse(html)
    except (etree.ParserError, ValueError) as exc:
        raise CleanError(f"not parseable as HTML: {exc}") from exc
    meta = _meta(tree)
    title, site_name = find_title(tree, meta)
    candidates = run_extractors(html, tree, settings.extractors)
    chosen, lines = choose_body(candidates)
    if not lines:
        raise CleanError("no article body found")
    others = [v for k, v in candidates.items() if k != chosen and v]
    if others:
        lines = _supported(lines, others, strict=settings.favour_precision)
    if title and lines and _norm(lines[0]) == _norm(title):
        lines = lines[1:]
    body = tidy_lines(lines, settings, captions=_plausible_captions(structural_captions(tree), lines))
    text = "\n".join(body.lines)
    if _cjk_len(text) + len(re.findall(r"[A-Za-z]+", text)) < settings.min_chars:
        raise CleanError(f"article body too short ({len(text)} characters)")
    return _document(page, settings, tree, meta, title, site_name, body, text, encoding, chosen)


def _document(
    page: RawPage,
    settings: CleanSettings,
    tree: etree._Element,
    meta: dict[str, str],
    title: str | None,
    site_name: str | None,
    body: Tidied,
    text: str,
    encoding: str,
    chosen: str,
) -> Document:
    root = tree.find("body")
    page_lines = element_lines(root if root is not None else tree)
    header = header_meta(_header_window(page_lines, title, settings.header_window))
    info = header.meta
    info.merge(body.meta)
    info.merge(footer_meta(_footer_window(page_lines, body.lines, settings.footer_window)))
    date, stamp = _meta_date(meta)
    if date is None or (info.date == date and info.datetime):
        date, stamp = info.date, info.datetime
    source = info.source or meta.get("source") or meta.get("og:site_name")
    reporters = info.reporters or ([meta["author"]] if meta.get("author") else [])
    # a generic 作者 line often repeats people a footer names more precisely as 通讯员
    reporters = [r for r in reporters if r not in info.correspondents]
    if settings.to_simplified:
        title, text = to_simplified(title), to_simplified(text) or ""
    return Document(
        id=page.id,
        text=text,
        title=title,
        url=page.url,
        date=date,
        datetime=stamp if stamp and date and stamp.startswith(date) else None,
        source=source,
        site_name=site_name,
        reporters=reporters,
        correspondents=info.correspondents,
        editors=info.editors,
        original_title=info.original_title,
        captions=body.captions,
        photo_credits=info.photo_credits,
        input=page.path or page.url,
        encoding=encoding,
        extra={"extractor": chosen},
    )


def clean_pages(pages: list[RawPage], settings: CleanSettings | None = None) -> Batch[Document]:
    """The clean stage: one Document per usable page, a Failure row for each bad one."""
    settings = settings or CleanSettings()
    batch: Batch[Document] = Batch()
    for page in pages:
        try:
            batch.records.append(clean_html(page, settings))
        except Exception as exc:  # noqa: BLE001 - a bad page must never stop the stage
            batch.failures.append(
                Failure(
                    input=page.path or page.url or page.id,
                    stage="clean",
                    error=f"{type(exc).__name__}: {exc}",
                )
            )
    return batch
