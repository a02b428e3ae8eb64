"""Bylines, sources and dates written in Chinese news text.

Header and footer lines such as ``来源:某某网  作者:张三  发布时间:2020-10-25``
or ``全媒体记者:甲 通讯员:乙 丙`` become structured fields; dates in the usual
Chinese forms become ISO strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Role words and the Document field they fill.  Longest first so that
# 责任编辑 wins over 编辑 and 发布时间 over 时间.
_ROLES = {
    "原标题": "original_title",
    "文章来源": "source",
    "信息来源": "source",
    "稿件来源": "source",
    "新闻来源": "source",
    "稿源": "source",
    "来源": "source",
    "责任编辑": "editors",
    "值班编辑": "editors",
    "网络编辑": "editors",
    "编辑": "editors",
    "责编": "editors",
    "审核": "editors",
    "审校": "editors",
    "校对": "editors",
    "终审": "editors",
    "监制": "editors",
    "记者": "reporters",
    "作者": "reporters",
    "撰稿": "reporters",
    "撰文": "reporters",
    "通讯员": "correspondents",
    "摄影": "photo_credits",
    "图片": "photo_credits",
    "发布时间": "date",
    "发布日期": "date",
    "发表时间": "date",
    "发稿时间": "date",
    "更新时间": "date",
    "时间": "date",
    "日期": "date",
    "浏览次数": "ignore",
    "浏览量": "ignore",
    "阅读量": "ignore",
    "点击数": "ignore",
    "阅读次数": "ignore",
    "访问次数": "ignore",
    "访问量": "ignore",
    "字体": "ignore",
    "点击量": "ignore",
    "浏览": "ignore",
    "字号": "ignore",
}


def _with_traditional(words: dict[str, str]) -> dict[str, str]:
    """The role words plus their traditional-script forms (記者, 編輯, 來源 ...)."""
    from opencc import OpenCC

    s2t = OpenCC("s2t")
    out = dict(words)
    for word, role in words.items():
        out.setdefault(s2t.convert(word), role)
    return out


_ROLES = _with_traditional(_ROLES)
_ROLE_ALT = "|".join(sorted(_ROLES, key=len, reverse=True))
_ROLE_COLON = re.compile(rf"({_ROLE_ALT})\s*[:：]\s*")
# "(记者 张三)", "（通讯员 李四 王五）", "本报讯(通讯员思创)": credits inside a paragraph.
_INLINE = re.compile(
    r"[(（]\s*((?:[^()（）]{0,12}?(?:记者|通讯员|作者|記者|通訊員)\s*[:：]?\s*[^()（）:：]{1,30}?)+)\s*[)）]"
)
_INLINE_ROLE = re.compile(r"(记者|通讯员|作者|記者|通訊員)\s*[:：]?\s*")
_NAME_SPLIT = re.compile(r"[\s、，,/／;；|｜]+")
_NAME_OK = re.compile(r"^[\u3400-\u9fff·•A-Za-z.\-]{2,20}$")
_PREFIX_MAX = 14
_BRACKETS = "[]【】()（）《》<>「」\"'“”"

DATE_RE = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:\s*(?:[T ]|\s)?\s*(\d{1,2})\s*[:：时]\s*(\d{2}))?"
)


@dataclass
class Byline:
    """Metadata found in byline lines; lists keep the order of appearance."""

    source: str | None = None
    original_title: str | None = None
    reporters: list[str] = field(default_factory=list)
    correspondents: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    photo_credits: list[str] = field(default_factory=list)
    date: str | None = None
    datetime: str | None = None

    def merge(self, other: Byline) -> None:
        """Add another byline's fields; first values win for single fields."""
        self.source = self.source or other.source
        self.original_title = self.original_title or other.original_title
        self.date = self.date or other.date
        self.datetime = self.datetime or other.datetime
        for name in ("reporters", "correspondents", "editors", "photo_credits"):
            mine = getattr(self, name)
            mine.extend(x for x in getattr(other, name) if x not in mine)

    def roles(self) -> set[str]:
        """Names of the fields that hold a value."""
        return {k for k, v in vars(self).items() if v}


def parse_date(text: str) -> tuple[str | None, str | None]:
    """The first valid date in ``text`` as ``(YYYY-MM-DD, YYYY-MM-DDTHH:MM or None)``."""
    for match in DATE_RE.finditer(text):
        year, month, day, hour, minute = match.groups()
        if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
            continue
        date = f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
        if hour is not None and int(hour) < 24 and int(minute) < 60:
            return date, f"{date}T{int(hour):02d}:{int(minute):02d}"
        return date, None
    return None, None


def split_names(value: str) -> list[str]:
    """Person names in a byline value such as ``甲 乙、丙``."""
    names = []
    for token in _NAME_SPLIT.split(value.strip(_BRACKETS + " ")):
        token = token.strip(_BRACKETS + " ")
        if _NAME_OK.match(token) and token not in names:
            names.append(token)
    return names


# Roles that may stand without a colon before space-separated names ("记者 甲 乙 通讯员 丙").
_SPACED_ROLES = ("责任编辑", "記者", "记者", "通讯员", "通訊員", "编辑", "編輯", "责编", "实习生", "作者")
_SPACED_ROLE = re.compile(rf"^[\u4e00-\u9fff]{{0,8}}?({'|'.join(_SPACED_ROLES)})$")
_SPACED_NAME = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")


def _spaced_segments(line: str) -> list[tuple[str, str]] | None:
    """Pairs for a line made only of role words and space-separated names.

    The whole line must be consumed, so a sentence that starts with a role
    word (记者从市卫健委获悉) is never taken for a byline.
    """
    tokens = [t for t in re.split(r"[\s\u3000、]+", line.strip(_BRACKETS + " \u3000")) if t]
    pairs: list[tuple[str, list[str]]] = []
    for token in tokens:
        role = _SPACED_ROLE.match(token)
        if role:
            # an intern (实习生) writes, like a reporter
            pairs.append((_ROLES.get(role.group(1), "reporters"), []))
        elif pairs and _SPACED_NAME.match(token):
            pairs[-1][1].append(token)
        else:
            return None
    if not pairs or not all(names for _, names in pairs):
        return None
    return [(role, " ".join(names)) for role, names in pairs]


def _segments(line: str) -> list[tuple[str, str]] | None:
    """``(role, value)`` pairs when the whole line is a byline, else None."""
    matches = list(_ROLE_COLON.finditer(line))
    if not matches:
        return _spaced_segments(line)
    head = line[: matches[0].start()].strip(_BRACKETS + " \u3000")
    if len(head) > _PREFIX_MAX or re.search(r"[。！？，,]", head):
        return None
    pairs = []
    for i, match in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(line)
        value = line[match.end() : end]
        if i + 1 < len(matches) and end > 0 and not line[end - 1].isspace():
            # A prefix glued to the next role ("本报通讯员") is not part of this value.
            cut = max(value.rfind(" "), value.rfind("\u3000"))
            value = value[:cut] if cut >= 0 else value
        pairs.append((_ROLES[match.group(1)], value.strip(" \u3000\t" + _BRACKETS)))
    return pairs


def parse_byline(line: str) -> Byline | None:
    """Parse a standalone byline / header line; None when the line is not one."""
    pairs = _segments(line.strip())
    if pairs is None:
        return None
    out = Byline()
    for role, value in pairs:
        if role in ("source", "original_title"):
            if value and getattr(out, role) is None:
                setattr(out, role, value.strip("《》 "))
        elif role == "date":
            date, stamp = parse_date(value)
            out.date, out.datetime = out.date or date, out.datetime or stamp
        elif role != "ignore":
            getattr(out, role).extend(n for n in split_names(value) if n not in getattr(out, role))
    return out


def inline_bylines(paragraph: str) -> Byline:
    """Reporter and correspondent credits written in brackets inside a paragraph."""
    out = Byline()
    for match in _INLINE.finditer(paragraph):
        inner = match.group(1)
        parts = _INLINE_ROLE.split(inner)
        # parts = [prefix, role, value, role, value, ...]
        for role, value in zip(parts[1::2], parts[2::2], strict=False):
            target = out.correspondents if role in ("通讯员", "通訊員") else out.reporters
            target.extend(n for n in split_names(value) if n not in target)
    return out
