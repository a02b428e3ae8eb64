"""Render the demo corpus: article sources + fictional site templates -> pages, gold bodies, manifest.

Run from the repository root with ``.venv/bin/python corpora/demo/source/build.py``.
Each ``articles/*.article`` file holds a YAML header, a ``---`` line and the body, one
paragraph a line.  Lines starting with ``!img`` (``src | caption | keep|bare | credit``)
and ``!byline`` mark photos and the closing byline.  Page, gold body and manifest row
all come from the same source, so the gold cannot drift from the page.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from string import Template
from typing import Any

import yaml

SOURCE = Path(__file__).resolve().parent
DEMO = SOURCE.parent
MANIFEST_FIELDS = [
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


@dataclass
class Block:
    """One body element: a paragraph, a photo or the closing byline."""

    kind: str  # "p", "img" or "byline"
    text: str = ""
    src: str = ""
    keep: bool = False
    credit: str = ""


@dataclass
class Article:
    """An article source: its header fields and body blocks."""

    meta: dict[str, Any]
    blocks: list[Block] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.meta["id"]

    def gold_paragraphs(self) -> list[str]:
        """The body a careful reader keeps: paragraphs, action captions, byline."""
        kept = []
        for block in self.blocks:
            if block.kind in ("p", "byline") or (block.kind == "img" and block.keep):
                kept.append(block.text)
        return kept


def to_traditional(text: str) -> str:
    """Convert simplified to Taiwan-style traditional characters and corner-bracket quotes."""
    import opencc  # only the traditional page needs it

    converted = opencc.OpenCC("s2tw").convert(text)
    return converted.replace("“", "「").replace("”", "」")


def parse_article(path: Path) -> Article:
    """Read one ``.article`` source file."""
    raw = path.read_text(encoding="utf-8")
    if "script: hant" in raw.split("\n---\n", 1)[0]:
        raw = to_traditional(raw)
    header, body = raw.split("\n---\n", 1)
    article = Article(meta=yaml.safe_load(header))
    for line in body.splitlines():
        if line.strip():
            article.blocks.append(parse_block(line.strip()))
    return article


def parse_block(line: str) -> Block:
    """Turn one body line into a Block."""
    if line.startswith("!img "):
        src, caption, mode, credit = (part.strip() for part in line[5:].split("|"))
        return Block("img", caption, src=src, keep=mode == "keep", credit=credit)
    if line.startswith("!byline "):
        return Block("byline", line[8:].strip())
    return Block("p", line)


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def esc_entities(text: str) -> str:
    """Escape like older government CMSs, which write curly quotes as entities."""
    return esc(text).replace("“", "&ldquo;").replace("”", "&rdquo;")


# --- body renderers, one per template: each site marks up paragraphs its own way ---


def body_citydaily(article: Article) -> str:
    out = []
    for b in article.blocks:
        if b.kind == "p":
            text = esc(b.text).replace("本报讯", "<strong>本报讯</strong>", 1)
            out.append(f"<p>　　{text}</p>")
        elif b.kind == "img":
            out.append(
                f'<p style="text-align: center;"><img src="{b.src}" border="0" style="max-width:600px;"></p>'
            )
            out.append(
                f'<p style="text-align: center; font-family: 楷体, KaiTi;">{esc(b.text)}　{esc(b.credit)}</p>'
            )
        else:
            out.append(f'<p style="text-align: right;">{esc(b.text)}</p>')
    return "\n".join(out)


def body_countymedia(article: Article) -> str:
    out = []
    for b in article.blocks:
        if b.kind == "p":
            out.append(f'<p style="text-indent: 2em; line-height: 1.8;">{esc(b.text)}</p>')
        elif b.kind == "img":
            out.append(
                f'<p style="text-align: center;"><img class="img_vsb_content" src="{b.src}" width="600" /></p>'
            )
            out.append(
                f'<p style="text-align: center;"><span style="color: #666666;">{esc(b.text)}</span></p>'
            )
            out.append(f'<p style="text-align: right;">（{esc(b.credit)}）</p>')
        else:
            out.append(f'<p style="text-align: right;">{esc(b.text)}</p>')
    return "\n".join(out)


def body_govportal(article: Article) -> str:
    out = []
    for b in article.blocks:
        if b.kind == "p":
            out.append(
                '<p style="text-indent: 2em; line-height: 2em;">'
                f'<span style="font-family: 仿宋_GB2312; font-size: 16pt;">{esc_entities(b.text)}</span></p>'
            )
        elif b.kind == "img":
            out.append(f'<p align="center"><img src="{b.src}" border="0" /></p>')
            out.append(
                f'<p align="center"><span style="font-family: 楷体_GB2312;">{esc_entities(b.text)}</span></p>'
            )
            out.append(f'<p align="right">{esc(b.credit)}</p>')
        else:
            out.append(f'<p align="right">{esc(b.text)}</p>')
    return "\n".join(out)


def body_platform(article: Article) -> str:
    """Platform posts are one text block with <br/> breaks, as on 澎湃号-style sites."""
    out = []
    for b in article.blocks:
        if b.kind == "img":
            out.append(
                '<div class="contheight"></div><div style="text-align:center;">'
                f'<img src="{b.src}" width="600" style="max-width:100%;"></div>'
                f'<p class="image_desc" style="text-align:center;color:#999;">{esc(b.text)}</p>'
            )
        else:
            out.append(esc(b.text) + "<br/><br/>")
    meta = article.meta
    if meta.get("original_title"):
        out.append(f"原标题：《{esc(meta['original_title'])}》<br/><br/>")
    if meta.get("repost_note"):
        out.append(f'<p style="color:#999;font-size:14px;">{esc(meta["repost_note"])}</p>')
    return "\n".join(out)


def body_aggregator(article: Article) -> str:
    out = []
    for b in article.blocks:
        if b.kind == "p":
            out.append(f"<p>{esc(b.text)}</p>")
        elif b.kind == "img":
            out.append(
                f'<figure class="post-image"><img src="{b.src}" alt="" loading="lazy">'
                f"<figcaption>{esc(b.text)}（{esc(b.credit)}）</figcaption></figure>"
            )
        else:
            out.append(f'<p class="byline">{esc(b.text)}</p>')
    return "\n".join(out)


BODY = {
    "citydaily": body_citydaily,
    "countymedia": body_countymedia,
    "govportal": body_govportal,
    "platform": body_platform,
    "aggregator": body_aggregator,
}


def date_text(template: str, meta: dict[str, Any]) -> str:
    """Each site writes its date differently; that variety is part of the test."""
    y, m, d = (int(x) for x in str(meta["date"]).split("-"))
    time = str(meta.get("time") or "")
    if template == "citydaily" or template == "platform":
        return f"{y}-{m:02d}-{d:02d} {time}".strip()
    if template == "countymedia":
        return f"{y}年{m:02d}月{d:02d}日"
    if template == "govportal":
        return f"{y}/{m}/{d}"
    hour, minute = (int(x) for x in time.split(":"))
    half = "下午" if hour >= 12 else "上午"
    return f"{y}年{m}月{d}日 {half}{hour - 12 if hour > 12 else hour}:{minute:02d}"


def editor_line(template: str, editors: dict[str, str]) -> str:
    parts = "　".join(f"{role}：{name}" for role, name in editors.items())
    if not parts:
        return ""
    return f"【{parts}】" if template in ("countymedia", "govportal") else parts


def pick(pool: list[str], start: int, count: int) -> list[str]:
    return [pool[(start + i) % len(pool)] for i in range(min(count, len(pool)))]


def fill(article: Article, site: dict[str, Any], number: int) -> dict[str, str]:
    """Template values for one page."""
    meta, template = article.meta, site["template"]
    related = pick(site["related"], number, 5)
    items = "\n".join(
        f'<li><a href="/content/rel_{number}_{i}.html">{esc(t)}</a></li>' for i, t in enumerate(related)
    )
    hot = "\n".join(
        f'<li><a href="/content/hot_{i}.html">{esc(t)}</a></li>' for i, t in enumerate(site.get("hot", []))
    )
    first = next(b.text for b in article.blocks if b.kind == "p")
    section_key = re.search(r"/news/(\w+)/", meta["url"])
    sections = site.get("sections", {})
    values = {
        "title": esc(meta["title"]),
        "description": esc(first[:60]),
        "date_iso": str(meta["date"]),
        "date_text": date_text(template, meta),
        "source": esc(meta["source"]),
        "author": esc(meta.get("author") or ""),
        "views": str(meta.get("views", 0)),
        "editor_line": esc(editor_line(template, meta.get("editors") or {})),
        "prev": esc(pick(site["related"], number + 5, 1)[0]),
        "next": esc(pick(site["related"], number + 6, 1)[0]),
        "related": items,
        "hot": hot,
        "body": BODY[template](article),
        "page_no": str(10480 + number * 37),
        "url": meta["url"],
        "declared_charset": meta.get("declared_charset", meta["encoding"]),
        "account": esc(meta.get("account", "")),
        "account_desc": esc(site.get("accounts", {}).get(meta.get("account", ""), "")),
        "channel": esc(meta.get("channel", "")),
        "likes": str(meta.get("views", 0) // 23),
        "comments": str(meta.get("views", 0) // 311),
        "section": sections.get(section_key.group(1), "本地新闻") if section_key else "本地新闻",
        "section_url": f"/news/{section_key.group(1)}/" if section_key else "/news/",
        "index_no": f"{site.get('index_prefix', '')}{number:05d}",
    }
    for key in (
        "name",
        "domain",
        "site_code",
        "greeting",
        "column",
        "host",
        "operator",
        "icp",
        "police",
        "phone",
    ):
        values[key] = esc(str(site.get(key, "")))
    values["portal_name"], values["region_greeting"] = values["name"], values["greeting"]
    return values


def render(article: Article, site: dict[str, Any], number: int) -> bytes:
    """The page bytes, in the article's real encoding (strict: unencodable text is an error)."""
    text = Template((SOURCE / "templates" / f"{site['template']}.html").read_text(encoding="utf-8"))
    page = text.substitute(fill(article, site, number))
    return page.encode(article.meta["encoding"])


def manifest_row(article: Article, site: dict[str, Any]) -> dict[str, str]:
    meta = article.meta
    return {
        "id": article.id,
        "file": f"{article.id}.html",
        "url": meta["url"],
        "site": site["name"],
        "encoding": meta["encoding"],
        "campaign": meta["campaign"],
        "place": meta["place"],
        "title": meta["title"],
        "date": str(meta["date"]),
        "source": meta["source"],
        "reporters": ";".join(meta.get("reporters") or []),
        "editors": ";".join((meta.get("editors") or {}).values()),
        "duplicate_of": meta.get("duplicate_of") or "",
        "correspondents": ";".join(meta.get("correspondents") or []),
    }


def readme_table(articles: list[Article], sites: dict[str, Any]) -> str:
    """Markdown table of the pages for the README."""
    lines = [
        "| id | site | encoding | campaign | date | title | notes |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for a in articles:
        m = a.meta
        row = [
            a.id,
            sites[m["site"]]["name"],
            m["encoding"],
            m["campaign"],
            str(m["date"]),
            m["title"],
            m.get("note", ""),
        ]
        lines.append("| " + " | ".join(cell.replace("|", "/") for cell in row) + " |")
    return "\n".join(lines)


def write_readme_table(table: str) -> None:
    """Replace the table between the README markers, leaving the prose alone."""
    path = DEMO / "README.md"
    text = path.read_text(encoding="utf-8")
    start, end = "<!-- table:start -->", "<!-- table:end -->"
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    path.write_text(f"{head}{start}\n{table}\n{end}{tail}", encoding="utf-8")


def load() -> tuple[list[Article], dict[str, Any]]:
    """All article sources, in id order, and the site definitions."""
    sites = yaml.safe_load((SOURCE / "sites.yaml").read_text(encoding="utf-8"))
    articles = [parse_article(path) for path in sorted((SOURCE / "articles").glob("*.article"))]
    return articles, sites


def manifest_bytes(rows: list[dict[str, str]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=MANIFEST_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def generate() -> dict[str, bytes]:
    """Every generated file (path relative to corpora/demo -> bytes), without writing anything."""
    articles, sites = load()
    files, rows = {}, []
    for number, article in enumerate(articles, start=1):
        site = sites[article.meta["site"]]
        files[f"{article.id}.html"] = render(article, site, number)
        gold = "\n".join(article.gold_paragraphs()) + "\n"
        files[f"expected/{article.id}.txt"] = gold.encode("utf-8")
        rows.append(manifest_row(article, site))
    files["manifest.csv"] = manifest_bytes(rows)
    return files


def build() -> list[str]:
    """Write pages, gold bodies, manifest and the README table; return the paths written."""
    files = generate()
    for rel, data in files.items():
        (DEMO / rel).parent.mkdir(parents=True, exist_ok=True)
        (DEMO / rel).write_bytes(data)
    articles, sites = load()
    write_readme_table(readme_table(articles, sites))
    return sorted(files)


if __name__ == "__main__":
    for rel in build():
        if rel.startswith("expected/"):
            paragraphs = (DEMO / rel).read_text(encoding="utf-8").strip().split("\n")
            print(rel, len("".join(paragraphs)), "chars", len(paragraphs), "paragraphs")
