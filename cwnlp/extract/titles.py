"""Post phrases written around a person's name (市委副书记、市长王某; 记者 某某).

The lexicon lives in ``data/person_titles.tsv`` (post word, role, kind, whether it may
follow the name).  This module finds title words in a text, grows a post word to the
left over the organisation words that belong to it (``市卫健委`` + ``主任``), drops a
leading place name (``某某县卫健局局长`` → ``卫健局局长``, ``某某县委书记`` → ``县委书记``)
and joins posts written together with ``、``.  It knows nothing about names; see
:mod:`cwnlp.extract.persons`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cwnlp.extract.gazetteer import is_common_word

DATA = Path(__file__).parent / "data"

# Prefixes that turn a post into its deputy / acting form (副市长, 常务副市长, 代县长).
POST_PREFIXES = ("常务副", "第一副", "副", "代")
# Level words that end a place name; the longer ones first so 自治县 wins over 县.
PLACE_LEVELS = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "新区",
    "街道",
    "省",
    "市",
    "县",
    "区",
    "州",
    "旗",
    "镇",
    "乡",
    "苏木",
    "社区",
    "小区",
    "嘎查",
    "村",
)
# After a place, these start a standing body whose level character stays in the title
# (金平县委书记 → 县委书记, 某某市政府副市长 → 市政府副市长).
STANDING_BODIES = ("委", "政府", "人民政府", "政协", "人大", "纪委", "监委")
# Media whose names open with a place (台州日报, 萍乡电视台): the place stays in the title.
MEDIA_NAMES = ("日报", "晚报", "都市报", "电视台", "广播电视台", "新闻网")
# Characters that cannot be part of the place name in front of a title: they belong to
# organisation names or posts (市政府副市长 must not read 市政府副市 as a place).
ORG_CHARS = set("委府局办协部厅处科院所站队组会长副主书记员心司厂团党支总、")
# Characters that end an organisation name (卫健局, 党工委, 办事处); used to accept verbs
# inside a name (市场监督管理局, 城管执法支队) and elliptical posts (党工委副、).
ORG_SUFFIX_CHARS = set("委局办府协部厅处科股院所站队组会司厂中心室团社")
# jieba flags that end the organisation part of a title on its left.
EXT_STOP_FLAGS = ("r", "d", "p", "c", "u", "m", "t", "y", "e", "o", "q", "f", "x", "w")
# Characters joining posts held together (市委副书记、市长; 居委会主任兼网格长).
POST_JOINERS = "、兼"
# Place level words jieba may leave at the front of a title when it cuts the place name
# before them oddly (大|畈|社区党委书记), and characters before them that are no name.
LEFTOVER_LEVELS = frozenset({"社区", "街道", "村", "镇", "乡", "嘎查"})
NOT_NAME_CHARS = set("该本各全每此这那其与和及在由向对从为是到据经请")
MAX_EXTENSION = 16
MAX_CHAIN = 4
_CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class TitleWord:
    """One lexicon entry: a post, byline or description word."""

    word: str
    role: str
    kind: str  # post | leader | byline | person
    after: bool


@dataclass(frozen=True)
class TitleMatch:
    """A title phrase found in a text: its span and the title as the schema writes it."""

    start: int
    end: int
    title: str
    role: str
    kind: str


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph."""
    return bool(_CJK.match(ch))


def data_words(name: str) -> list[str]:
    """Whitespace-separated words of a data file, comments skipped."""
    words: list[str] = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            words.extend(line.split())
    return words


@lru_cache(maxsize=1)
def title_words() -> dict[str, TitleWord]:
    """Every surface form of a title word (prefixed posts included) → its entry."""
    table: dict[str, TitleWord] = {}
    for line in (DATA / "person_titles.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        word, role, kind, after = (line.split("\t") + ["n"])[:4]
        entry = TitleWord(word, role, kind, after.strip() == "y")
        table.setdefault(word, entry)
        if kind == "post":
            for prefix in POST_PREFIXES:
                table.setdefault(prefix + word, entry)
    return table


@lru_cache(maxsize=1)
def title_regex() -> re.Pattern[str]:
    """One alternation of all title forms, longest first so 副市长 beats 市长."""
    forms = sorted(title_words(), key=len, reverse=True)
    return re.compile("|".join(map(re.escape, forms)))


@lru_cache(maxsize=1)
def _title_stops() -> tuple[str, ...]:
    return tuple(sorted(set(data_words("person_title_stops.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def _generic_places() -> frozenset[str]:
    return frozenset(data_words("person_generic_places.txt"))


@lru_cache(maxsize=1)
def _place_regex() -> re.Pattern[str]:
    levels = "|".join(PLACE_LEVELS)
    first = "".join(sorted({lv[0] for lv in PLACE_LEVELS if len(lv) == 1} | ORG_CHARS))
    rest = "".join(sorted(ORG_CHARS))
    # A place name: 1-8 ideographs that are not organisation characters, not starting
    # with a level character itself (县市场监管局 is a county body, not a place 县市).
    return re.compile(rf"[^\W\d_{first}][^\W\d_{rest}]{{0,7}}(?:{levels})")


# a community or street named after a factory (电瓷厂社区) or opening with a level character
# (镇东街道), which the general place pattern refuses
_COMMUNITY_NAME = re.compile(r"[^\W\d_局委办部院所处科队站会组]{2,6}?(?:社区|街道)(?!办)")


@lru_cache(maxsize=4096)
def pos_tags(fragment: str) -> tuple[tuple[str, str], ...]:
    """jieba part-of-speech tokens of a short fragment (cached: titles repeat)."""
    import logging

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    return tuple((w.word, w.flag) for w in pseg.cut(fragment))


def find_title_words(text: str) -> list[tuple[re.Match[str], TitleWord]]:
    """All title words in ``text``, left to right, without overlaps."""
    table = title_words()
    return [(m, table[m.group()]) for m in title_regex().finditer(text)]


def _leading_place_end(title: str) -> int:
    """End of the place name opening ``title``, or 0.

    Readings that end on a jieba word boundary come first, the longest of them
    (涿州市|融媒体中心, not 涿州|市; 金平县|市场监督管理局, not 金平县市|场); a level
    word must not open another place or a post (某某县|县长).  With no such
    reading the shortest match is taken.
    """
    regex = _place_regex()
    bounds, pos = set(), 0
    for word, _flag in pos_tags(title):
        pos += len(word)
        bounds.add(pos)
    readings = []
    for end in range(2, min(len(title) - 1, 10) + 1):
        if not regex.fullmatch(title, 0, end) or title[:end] in PLACE_LEVELS:
            continue  # 社区卫生服务中心: a level word alone is no place
        if title[end - 1] == "村" and end < 3:
            continue  # 包村干部, 驻村第一书记: a duty, not a village
        rest = title[end:]
        if rest.startswith(MEDIA_NAMES):
            continue  # 台州日报记者: the place belongs to the paper's name
        level = next((lv for lv in PLACE_LEVELS if rest.startswith(lv) and end + len(lv) in bounds), None)
        if rest.startswith("长") or (
            level is not None and not rest.startswith(tuple(level + b for b in STANDING_BODIES + ("长",)))
        ):
            continue
        readings.append(end)
    on_bounds = [end for end in readings if end in bounds]
    if on_bounds:
        return max(on_bounds)
    community = _COMMUNITY_NAME.match(title)
    if community and community.end() < len(title):
        return community.end()  # 绢纺厂社区, 镇东街道: a factory or a level word may name one
    # jieba glued the level to what follows (金平|县委|书记, 南平|县卫|健|局局长); refuse only a
    # level that opens a frequent word (兴隆|市场)
    kept = [
        end
        for end in readings
        if title.startswith(STANDING_BODIES, end) or not is_common_word(title[end - 1 : end + 1])
    ]
    return min(kept, default=0)


def strip_place(title: str) -> str:
    """Drop leading place names from a title, keeping a level that opens a standing body."""
    generic = _generic_places()
    for _ in range(4):  # 江西省萍乡市卫健委主任: at most a few nested places
        end = _leading_place_end(title)
        if not end or title.startswith(tuple(generic)):
            return title
        rest = title[end:]
        if rest.startswith(STANDING_BODIES):
            level = next(lv for lv in PLACE_LEVELS if title[:end].endswith(lv))
            return level + rest
        title = rest
    return title


def _cut_at_stop_words(region: str) -> str:
    """The part of ``region`` after the last stop word (会议听取 → '')."""
    cut = 0
    for word in _title_stops():
        pos = region.rfind(word)
        if pos >= 0:
            cut = max(cut, pos + len(word))
    return region[cut:]


def _org_prefix_start(text: str, start: int) -> int:
    """Leftmost start of the organisation words that belong to the post at ``start``."""
    j = start
    while j > max(0, start - MAX_EXTENSION) and is_cjk(text[j - 1]):
        j -= 1
    region = _cut_at_stop_words(text[j:start])
    if not region:
        return start
    accepted = 0
    right = ""
    for word, flag in reversed(pos_tags(region)):
        if flag.startswith(EXT_STOP_FLAGS):
            break
        # A verb belongs to an organisation name only inside it (监督 in 市场监督管理局).
        if flag.startswith("v") and not (right and right[-1] in ORG_SUFFIX_CHARS):
            break
        accepted += len(word)
        right = word
    return start - accepted


def _segment(
    text: str, start: int, end: int, kind: str, unit_starts: Mapping[int, int] | None = None
) -> tuple[int, str]:
    """One post phrase ending at ``end``: (phrase start, title with place dropped).

    ``unit_starts`` maps the end of each UNIT found in the text to its start: a unit
    written right before the post word is part of the phrase (市创卫办|主任), however
    jieba cuts its name.
    """
    if kind not in ("post", "leader"):
        return start, text[start:end]
    seg_start = _org_prefix_start(text, start)
    unit_start = (unit_starts or {}).get(start)
    if unit_start is not None and unit_start < seg_start:
        seg_start = unit_start
    title = strip_place(text[seg_start:end])
    tokens = pos_tags(title)
    if (
        len(tokens) > 1
        and tokens[0][0] in LEFTOVER_LEVELS
        and seg_start > 0
        and is_cjk(text[seg_start - 1])
        and text[seg_start - 1] not in NOT_NAME_CHARS
    ):
        title = title[len(tokens[0][0]) :]
    return seg_start, title


def _previous_post(
    text: str, sep: int, unit_starts: Mapping[int, int] | None = None
) -> tuple[int, str] | None:
    """The post written just before the ``、`` at ``sep`` (市委副书记、市长), if any."""
    table = title_words()
    for length in range(min(7, sep), 0, -1):
        entry = table.get(text[sep - length : sep])
        if entry and entry.kind == "post":
            return _segment(text, sep - length, sep, "post", unit_starts)
    # An elliptical deputy post after an organisation (e.g. 镇党委副、镇长).
    if sep >= 2 and text[sep - 1] == "副" and text[sep - 2] in ORG_SUFFIX_CHARS:
        return _segment(text, sep - 1, sep, "post", unit_starts)
    return None


def title_before(
    text: str, start: int, end: int, entry: TitleWord, unit_starts: Mapping[int, int] | None = None
) -> TitleMatch:
    """The full title phrase whose last word spans ``text[start:end]``.

    ``unit_starts`` (end → start of the UNIT mentions in ``text``) lets a unit written
    right before a post join the phrase.
    """
    seg_start, title = _segment(text, start, end, entry.kind, unit_starts)
    if entry.kind == "post":
        for _ in range(MAX_CHAIN):
            if seg_start < 2 or text[seg_start - 1] not in POST_JOINERS:
                break
            previous = _previous_post(text, seg_start - 1, unit_starts)
            if previous is None:
                break
            seg_start, title = previous[0], previous[1] + text[seg_start - 1] + title
    return TitleMatch(seg_start, end, title, entry.role, entry.kind)


def split_posts(title: str) -> list[str]:
    """The separate posts of a title written together (市委副书记、市长 → two posts)."""
    parts = re.split(f"[{POST_JOINERS}]", title)
    return [part for part in (p.strip() for p in parts) if part]


def is_generic_leader(title: str) -> bool:
    """True for 县领导 / 市领导 and similar titles that name no post."""
    return title.endswith("领导")


def title_role(title: str) -> str | None:
    """The role implied by the last word of a title, when the lexicon knows it."""
    table = title_words()
    for length in range(min(7, len(title)), 0, -1):
        entry = table.get(title[-length:])
        if entry:
            return entry.role
    return None
