"""PLACE mentions: administrative areas from the gazetteer, named sites by suffix grammar.

County level and above comes from :mod:`cwnlp.extract.gazetteer` (full and short
names).  Below county level a suffix grammar reads a name of a few characters
before 街道/镇/乡/社区/村/小区/市场/广场/路/街/巷/... walking left over jieba
tokens until a verb, preposition, determiner, punctuation, number, generic word
or an administrative name stops it, so ``走进鼎城区玉霞街道桃林社区3组`` gives
鼎城区, 玉霞街道 and 桃林社区 as three entities (see :func:`nested_places`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cwnlp.extract import gazetteer
from cwnlp.extract.gazetteer import DATA, Division, Token
from cwnlp.model import Entity

LEVEL_RANK = {
    "national": 0,
    "province": 1,
    "city": 2,
    "county": 3,
    "district": 3,
    "township": 4,
    "street": 4,
    "community": 5,
    "compound": 6,
    "facility": 6,
    "road": 6,
    "other": 6,
}
ADMIN_LEVELS = frozenset({"province", "city", "county", "district", "township", "street", "community"})
# POS tags that end a name (jieba tags: verbs, prepositions, conjunctions, particles, pronouns ...)
STOP_POS = ("v", "p", "c", "u", "r", "m", "q", "d", "t", "x", "y", "e", "o", "eng", "zg", "b")
SINGLE_STOP_POS = ("p", "c", "u", "r", "m", "q", "d", "t", "v")
FUNCTION_POS = ("p", "c", "u", "r", "m", "q", "d", "t")
LEVEL_CHARS = {
    "省": "province",
    "市": "city",
    "州": "city",
    "县": "county",
    "区": "district",
    "镇": "township",
}
NAME_POS = ("ns", "nz", "nr", "nt")
TOWN_LEFT_EDGE = frozenset("的在到于至和与及、")
CONNECTOR_CHARS = frozenset("和与及同")
TOWN_CHARS = frozenset("镇乡村")
# a river word followed by what is said of rivers (綦河沿线, 资江北岸, 清漳河县城段)
_RIVER = re.compile(
    r"[\u4e00-\u9fff]([河江溪渠沟])"
    r"(?=沿岸|两岸|沿线|[东西南北]岸|岸边|流域|河段|河道|县城段|城区段|市区段|城段|支流|滨河|上游|下游|水质|穿城|穿镇|穿村)"
)
# G210国道, 318国道, 国道312线, 县道X031, S203省道 (not inside a longer code or number)
_ROAD_CODE = re.compile(
    r"(?<![A-Za-z0-9])(?:"
    r"(?:[GSXYZC]\d{2,4}|\d{3})(?:国道|省道|县道|乡道)"
    r"|(?:国道|省道|县道|乡道) ?[GSXYZC]?\d{2,4}线?"
    r"|[GSXYZC]\d{2,4}线"
    r")(?![A-Za-z0-9])"
)
ADMIN_TAIL_CHARS = frozenset("省市县区旗盟州镇乡村道")
NOT_RIVER_NAME_CHARS = frozenset("沿两各全该本此一条段了着过的地得")
GENERIC_RIVER_HEADS = frozenset("大小护内外界干支主山水河江沟")  # 大河, 内河, 干渠 alone name no river
SITE_LEFT_EDGE = TOWN_LEFT_EDGE | frozenset("对从经由向往赴将把")
# Suffixes of stations and ports; a city or county right before one names it (长沙南站).
BARE_STATION = "站"
TRANSPORT_SUFFIXES = frozenset(
    [
        "火车站",
        "汽车站",
        "客运站",
        "汽车客运站",
        "长途汽车站",
        "汽车总站",
        "车站",
        BARE_STATION,
        "高铁站",
        "动车站",
        "客站",
        "东客站",
        "西客站",
        "南客站",
        "北客站",
        "东站",
        "西站",
        "南站",
        "北站",
        "码头",
        "客运码头",
        "机场",
        # 格尔木南收费站, 铜梁东高速出口: a direction may come between name and suffix
        *(d + base for base in ("收费站", "高速出口") for d in ("", "东", "西", "南", "北")),
    ]
)
CITY_LEVELS = frozenset({"city", "county", "district"})
TOWN_LEVELS = frozenset({"township", "street"})
# site suffixes whose coined names may be read from a left edge (宣和门, 木树街, 玉都大街)
EDGE_SUFFIXES = frozenset({"门", "寺", "塔", "庙", "渡口", "老街", "古街", "街", "巷", "大街", "大道"})
BUILDING_TAIL = frozenset("院道栋层顶梯下上前里内长房盘宇")
WATER_SUFFIXES = frozenset({"河", "江", "湖", "溪"})
ALONG_CHARS = frozenset("沿跨临傍环")
# housing named after the body that built it (粮食局宿舍, 电力公司小区): the body's trade
# word belongs to the name, a road before it is its address (文化路|农资公司宿舍)
HOUSING_BODY_WORDS = ("公司", "厂", "局", "站", "所", "社", "矿", "场", "院")
PLAIN_ROAD_SUFFIXES = frozenset({"路", "大道", "大街", "街", "巷"})  # 胜利路; not 发展公路
# characters that turn a site suffix into another word (楼长, 河长, 湖长, 巷长)
SUFFIX_TAILS = {
    "楼": BUILDING_TAIL,
    "宿舍楼": frozenset("道"),  # 宿舍楼道: the stairwell
    "河": frozenset("长"),
    "湖": frozenset("长"),
    "巷": frozenset("长"),
    BARE_STATION: frozenset("前内口区台点长"),  # 站前街道, 站内, 站长
}
# Number words that open town and village names (三里屯, 二道河, 两河口, 双河), and what may
# not stand before them for that reading (第三里, 十五里).
NUMERAL_HEAD = re.compile(r"[一二三四五六七八九十两双]{1,2}[里道]?|[百千万]")
NUMBER_LEFT = frozenset("第几数每约近一二三四五六七八九十百千万两0123456789")
RARE_PLACE_WORD = 20  # jieba frequency below which a word ending in 村/乡/镇 may be a name
# One-character verbs of duty written before 村/乡/街道 (包村, 下村, 驻村, 联乡).
DUTY_VERBS = frozenset("包下进驻联挂")
# What opens an organisation right after a level word (镇综合行政执法队, 村党支部, 乡政府).
ORG_BODY_STARTS = (
    "党",
    "政府",
    "人民政府",
    "卫生院",
    "综合",
    "派出所",
    "中心",
    "执法",
    "村委",
    "居委",
    "两委",
    "干部",
)
DETERMINERS = frozenset("各全每该本这那此其某诸")
ADMIN_SUFFIX_WORDS = frozenset({"镇", "乡", "街道", "社区", "村", "区", "县"})
CJK = re.compile(r"[\u4e00-\u9fff]")
# 龙头、范庄等19个村: short village names listed before a count of villages
_LIST_COUNT = re.compile(
    r"等(?:[0-9０-９]+|[一二三四五六七八九十两几百]+)(?:个|座)?(村|社区|镇|乡|街道|小区)"
)
_LIST_LEVEL = {
    "村": "community",
    "社区": "community",
    "镇": "township",
    "乡": "township",
    "街道": "street",
    "小区": "compound",
}


@dataclass(frozen=True)
class Suffix:
    text: str
    level: str
    kind: str  # admin | site | generic
    max_name: int
    min_name: int


@dataclass(frozen=True)
class PlaceLexicon:
    suffixes: dict[str, Suffix]
    max_suffix: int
    lengths_by_last: dict[str, tuple[int, ...]]  # suffix lengths by last character, shortest first
    stop: frozenset[str]
    generic: frozenset[str]
    plain: frozenset[str]  # division short names mostly met as ordinary words (沿河, 古城)


def _lengths_by_last(suffixes: dict[str, Suffix]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for text in suffixes:
        lengths.setdefault(text[-1], set()).add(len(text))
    return {ch: tuple(sorted(ls)) for ch, ls in lengths.items()}


@lru_cache(maxsize=4)
def load_lexicon(lexicon_dir: Path | None = None) -> PlaceLexicon:
    """Suffixes and stop words, shipped ones merged with ``lexicon_dir`` (cached)."""
    suffixes = {}
    for row in gazetteer.read_table("place_suffixes.tsv", lexicon_dir):
        suffixes[row[0]] = Suffix(row[0], row[1], row[2], int(row[3]), int(row[4]))
    words: dict[str, str] = {}
    for row in gazetteer.read_table("place_stopwords.tsv", lexicon_dir):
        words[row[0]] = row[1] if len(row) > 1 else "stop"
    return PlaceLexicon(
        suffixes=suffixes,
        max_suffix=max(map(len, suffixes)),
        lengths_by_last=_lengths_by_last(suffixes),
        stop=frozenset(w for w, k in words.items() if k == "stop"),
        generic=frozenset(w for w, k in words.items() if k == "generic"),
        plain=frozenset(w for w, k in words.items() if k == "plain"),
    )


# ---------------------------------------------------------------- public API


def find_places(
    text: str,
    place: str | None = None,
    unit_spans: list[tuple[int, int]] | None = None,
    lexicon_dir: Path | None = None,
    tokens: Sequence[Token] | None = None,
) -> list[Entity]:
    """PLACE entities in ``text`` (type, text, offsets, level, canonical, source="rule").

    ``tokens`` are the tagged words of ``text`` when the caller has them already
    (the pipeline's tokenizer); otherwise the text is segmented here.

    ``place`` is the article's campaign place (``石桥镇（连云港市赣榆区）``): its name
    and short form are known names.  Places inside ``unit_spans`` (offsets of UNIT
    mentions) are dropped, since a place inside a unit name is not a place.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    lex = load_lexicon(lexicon_dir)
    text = gazetteer.blank_runs(text)  # degenerate repeats hold no names; offsets stay the same
    ctx = _Context(text, tokens if tokens is not None else gazetteer.segment(text), lex, lexicon_dir)
    found = _gazetteer_places(ctx, place)
    found = _suffix_places(ctx, found)
    found += _listed_places(ctx, found)
    found = _river_places(ctx, found)
    found = _coded_roads(ctx, found)
    found = sorted(found, key=lambda e: (e.start, -(e.end - e.start)))
    if unit_spans:
        found = drop_inside_units(found, unit_spans)
    return found


def drop_inside_units(places: list[Entity], unit_spans: list[tuple[int, int]]) -> list[Entity]:
    """Places not contained in any unit span (市住建局 holds no place 市)."""
    return [p for p in places if not any(s <= p.start and p.end <= e for s, e in unit_spans)]


def nested_places(entities: list[Entity]) -> list[tuple[Entity, Entity]]:
    """(child, parent) pairs of places written adjacent, larger area first (鼎城区玉霞街道)."""
    places = sorted((e for e in entities if e.type == "PLACE"), key=lambda e: e.start)
    pairs = []
    for left, right in zip(places, places[1:], strict=False):
        if left.end == right.start and _rank(left) < _rank(right):
            pairs.append((right, left))
    return pairs


def place_level(name: str, lexicon_dir: Path | None = None) -> str | None:
    """Level of a place name: the gazetteer's, else from its suffix (东湖街道 → street)."""
    divisions = gazetteer.lookup(name, lexicon_dir)
    if divisions:
        return divisions[0].level
    lex = load_lexicon(lexicon_dir)
    for n in range(min(len(name) - 1, lex.max_suffix), 0, -1):
        suffix = lex.suffixes.get(name[-n:])
        if suffix:
            return suffix.level
    return None


# ---------------------------------------------------------------- internals


@dataclass
class _Context:
    text: str
    tokens: Sequence[Token]
    lex: PlaceLexicon
    lexicon_dir: Path | None

    def __post_init__(self) -> None:
        self.article_full_names: set[str] = set()
        self.starts = {t.start for t in self.tokens} | {len(self.text)}
        self.ends = {t.end for t in self.tokens} | {0}
        self.token_at = {}
        for tok in self.tokens:
            for i in range(tok.start, tok.end):
                self.token_at[i] = tok
        self.token_ending = {t.end: t for t in self.tokens}


def _rank(ent: Entity) -> int:
    return LEVEL_RANK.get(ent.level or "other", 6)


def _entity(ctx: _Context, start: int, end: int, level: str, canonical: str | None) -> Entity:
    return Entity("PLACE", ctx.text[start:end], start, end, level=level, canonical=canonical, source="rule")


def _gazetteer_places(ctx: _Context, place: str | None) -> list[Entity]:
    """Divisions named in the text, with ambiguous short names checked against context."""
    text = ctx.text
    extra = {**_known_sites(ctx.lexicon_dir), **_article_names(place, ctx.lexicon_dir)}
    ctx.article_full_names = _article_full_names(place, ctx.lexicon_dir)
    full_names = _full_names_in(ctx) | ctx.article_full_names
    out = []
    for start, end, divisions in _scan(text, extra, ctx.lexicon_dir):
        if text[start:end] in ctx.lex.stop or text[start:end] in ctx.lex.generic:
            continue  # 城区, 新建: division names that are mostly common words
        if _town_tail(ctx, start, divisions):
            ctx.starts.add(start + 1)  # 四团镇|平海路: the town ends where jieba did not cut
            continue
        if not _accept_division_hit(ctx, start, end, divisions, full_names):
            continue
        chosen = _choose(divisions, full_names | {d.full for d in extra.get(text[start:end], [])})
        if _became_district(ctx, end, divisions):
            out.append(_entity(ctx, start, end + 1, "district", None))
            continue
        out.append(_entity(ctx, start, end, chosen.level, chosen.full if chosen.adcode else None))
    return out


def _became_district(ctx: _Context, end: int, divisions: list[Division]) -> bool:
    """茌平区, 屯留区: a county's short name with 区 is the district it was turned into.

    Many counties became districts after the gazetteer's data were fixed, keeping
    their names; the short name followed by a lone 区 is then that district.
    """
    return (
        ctx.text[end : end + 1] == "区"
        and end + 1 in ctx.starts
        and all(d.short and d.level == "county" for d in divisions)
        and not any(d.ambiguous and not d.namelike for d in divisions)
    )


def _scan(text: str, extra: dict[str, list[Division]], lexicon_dir: Path | None):
    """Gazetteer hits plus the article's own place names, leftmost-longest."""
    hits = gazetteer.scan(text, lexicon_dir)
    for name, divisions in extra.items():
        for m in re.finditer(re.escape(name), text):
            hits.append((m.start(), m.end(), divisions))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out, last_end = [], 0
    for start, end, divisions in hits:
        if start >= last_end:
            out.append((start, end, divisions))
            last_end = end
    return out


@lru_cache(maxsize=4)
def _known_sites(lexicon_dir: Path | None) -> dict[str, list[Division]]:
    """Rivers, lakes and other named places listed in ``place_names.tsv``."""
    return {
        row[0]: [Division(row[0], row[0], row[1] if len(row) > 1 else "other", "")]
        for row in gazetteer.read_table("place_names.tsv", lexicon_dir)
    }


def _article_names(place: str | None, lexicon_dir: Path | None) -> dict[str, list[Division]]:
    """Names of the article's place below county level, and their short forms (云岭镇 → 云岭)."""
    if not place:
        return {}
    names = re.split(r"[（）()、,，\s]+", place)
    out: dict[str, list[Division]] = {}
    for name in filter(None, names):
        known = gazetteer.lookup(name, lexicon_dir)
        if known and not all(d.level in TOWN_LEVELS for d in known):
            continue
        level = place_level(name, lexicon_dir) or "other"
        if not known:
            out[name] = [Division(name, name, level, "")]
        for suffix in ("街道", "镇", "乡", "社区", "村"):
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out[name[: -len(suffix)]] = [Division(name[: -len(suffix)], name, level, "", short=True)]
    return out


def _article_full_names(place: str | None, lexicon_dir: Path | None) -> set[str]:
    """Full names of the divisions named in the article's place field."""
    names = set()
    for name in re.split(r"[（）()、,，\s]+", place or ""):
        divisions = gazetteer.lookup(name, lexicon_dir) if name else []
        if len(divisions) == 1 or any(not d.short for d in divisions):
            names |= {d.full for d in divisions}
    return names


def _full_names_in(ctx: _Context) -> set[str]:
    """Full names of divisions written in full anywhere in the text (for short-name checks)."""
    names = set()
    for start, end, divisions in gazetteer.scan(ctx.text, ctx.lexicon_dir):
        for div in divisions:
            if div.level in TOWN_LEVELS and div.ambiguous:
                continue  # 建设镇 names no county: it would support itself
            if not div.short:
                names.add(div.full)
                parent = gazetteer.parent_of(div, ctx.lexicon_dir)
                if parent:
                    names.add(parent.full)
            elif len(divisions) == 1 and not div.ambiguous:
                names.add(div.full)
        del start, end
    return names


def _accept_division_hit(
    ctx: _Context, start: int, end: int, divisions: list[Division], full_names: set[str]
) -> bool:
    """Reject short names that are part of a longer word or a sub-county name."""
    short = all(d.short for d in divisions)
    if all(d.level in TOWN_LEVELS for d in divisions):
        return _accept_township(ctx, start, end, divisions, full_names)
    if not short and end - start >= 3:
        return not _common_word_across(ctx, start)  # 镇财|政和县|级: 财政 crosses the name
    if _joined_by_connector(ctx, start, end):
        return False
    if start not in ctx.starts or end not in ctx.starts:
        return False  # a word crosses the name (重大安全 holds no 大安)
    if _followed_by_transport(ctx, end):
        return True  # 大同火车站: a city's name before its station, however common the word
    if _followed_by_suffix(ctx, end):
        return False  # 东湖街道 is a street, not a county named 东湖
    if _inside_town_name(ctx, start, end):
        return False  # 胜|丰镇, 尖山|子乡: part of a town's name
    if ctx.text[start:end] in ctx.lex.plain:
        # 沿河 (along the river) unless 沿河县 is written or is the article's place
        return any(d.full in ctx.text or d.full in ctx.article_full_names for d in divisions)
    if all(d.ambiguous for d in divisions):
        if any(d.full in full_names for d in divisions):
            return True
        # a rare name-like short form: the article repeats it, or names its province or prefecture
        return all(d.namelike for d in divisions) and (
            ctx.text.count(ctx.text[start:end]) >= 2
            or any(_ancestors(d, ctx.lexicon_dir) & full_names for d in divisions)
        )
    return True


def _accept_township(
    ctx: _Context, start: int, end: int, divisions: list[Division], full_names: set[str]
) -> bool:
    """A township of the gazetteer, written in full (陬市镇, 喀赞其街道).

    城郊乡|镇 and 沿江乡|镇 are "townships near the city / along the river"; a name
    that is a common word (先进街道, 建设镇) is taken only when its county or city is
    written in the text or is the article's place, and otherwise left to the suffix
    grammar, which reads the context.
    """
    if ctx.text[end - 1] == "乡" and ctx.text[end : end + 1] == "镇":
        return False
    if _word_across(ctx, start) or _name_goes_on(ctx, start):
        return False
    return any(not d.ambiguous or _county_named(d, ctx, full_names) for d in divisions)


def _word_across(ctx: _Context, start: int) -> bool:
    """东塘|河镇: a word runs into the name, unless it ends in a level character (县城|关镇)."""
    tok = ctx.token_at.get(start)
    return tok is not None and tok.start < start and ctx.text[start - 1] not in ADMIN_TAIL_CHARS


def _name_goes_on(ctx: _Context, start: int) -> bool:
    """三|岔沟乡, 东|塘河镇: a lone character before the name makes a longer one."""
    before = ctx.token_ending.get(start)
    return (
        before is not None
        and len(before.text) == 1
        and CJK.match(before.text) is not None
        and before.text not in SITE_LEFT_EDGE
        and before.text not in ADMIN_TAIL_CHARS
        and not gazetteer.is_function_char(before, ("p", "c", "u", "r", "d"))
    )


def _county_named(division: Division, ctx: _Context, full_names: set[str]) -> bool:
    """The township's own county is written in the text or is the article's place."""
    county = gazetteer.parent_of(division, ctx.lexicon_dir)
    return county is not None and county.full in full_names


def _common_word_across(ctx: _Context, start: int) -> bool:
    """A common word, or a longer place word, runs into the name (南渡江|城区 holds no 江城区)."""
    tok = ctx.token_at.get(start)
    if tok is None or tok.start >= start:
        return False
    return _is_common(tok) or (tok.pos.startswith("ns") and len(tok.text) >= 3)


def _joined_by_connector(ctx: _Context, start: int, end: int) -> bool:
    """和县 in 镇和县直部门: a connector glued to a level word inside a clause.

    A county really named so (和县) is written after its city or at the start
    of a clause; inside running text the first character joins two nouns.
    """
    if end - start != 2 or ctx.text[start] not in CONNECTOR_CHARS or start == 0:
        return False
    # a place right before it (马鞍山市和县) makes it a name; any other character joins
    return CJK.match(ctx.text[start - 1]) is not None and ctx.text[start - 1] not in "市省州盟"


def _town_tail(ctx: _Context, start: int, divisions: list[Division]) -> bool:
    """镇平 in 四团|镇平|海路: the first character closes a town jieba cut off.

    A short name opening with 镇 or 乡 right after a name-like word that is no
    division and no common word belongs to that word (江苏|镇江 is the city).
    """
    if not all(d.short for d in divisions) or ctx.text[start] not in TOWN_CHARS - {"村"}:
        return False
    before = ctx.token_ending.get(start)
    return (
        before is not None
        and len(before.text) >= 2
        and all(CJK.match(ch) for ch in before.text)
        and not gazetteer.lookup(before.text, ctx.lexicon_dir)
        and not _is_common(before)
        and before.text not in ctx.lex.stop
        and before.text not in ctx.lex.generic
    )


def _inside_town_name(ctx: _Context, start: int, end: int) -> bool:
    """A short name read inside a longer town or village name.

    丰镇 after 胜 (胜丰镇) ends in a level character with a name character before it;
    尖山 before 子乡 (尖山子乡) leaves one character before the town suffix.
    """
    text = ctx.text
    if text[end - 1] in TOWN_CHARS and start > 0 and CJK.match(text[start - 1]):
        before = ctx.token_ending.get(start)
        if before is None or (
            len(before.text) == 1
            and before.text not in SITE_LEFT_EDGE
            and before.text not in ADMIN_TAIL_CHARS
            and not gazetteer.is_function_char(before, FUNCTION_POS)
        ):
            return True
    tail = text[end + 1 : end + 3]
    return (
        CJK.match(text[end : end + 1] or " ") is not None
        and end + 1 in ctx.starts
        and any(tail.startswith(s) for s in ("乡", "镇", "村", "街道"))
        and text[end] not in SITE_LEFT_EDGE
        and text[end] not in TOWN_CHARS
    )


def _ancestors(division: Division, lexicon_dir: Path | None) -> set[str]:
    names = set()
    parent = gazetteer.parent_of(division, lexicon_dir)
    while parent is not None:
        names.add(parent.full)
        parent = gazetteer.parent_of(parent, lexicon_dir)
    return names


def _followed_by_transport(ctx: _Context, end: int) -> bool:
    return any(
        ctx.text.startswith(suffix, end) and end + len(suffix) in ctx.starts for suffix in TRANSPORT_SUFFIXES
    )


def _followed_by_suffix(ctx: _Context, end: int) -> bool:
    for n in range(ctx.lex.max_suffix, 0, -1):
        suffix = ctx.lex.suffixes.get(ctx.text[end : end + n])
        if suffix and suffix.kind != "generic" and end + n in ctx.starts:
            return True
    return False


def _choose(divisions: list[Division], context: set[str]) -> Division:
    """The division meant: one named in full in the text, else the highest level."""
    for div in divisions:
        if div.full in context:
            return div
    return min(divisions, key=lambda d: LEVEL_RANK.get(d.level, 6))


# ---------------------------------------------------------------- suffix grammar


def _suffix_places(ctx: _Context, found: list[Entity]) -> list[Entity]:
    """Add sub-county places read by the suffix grammar, left to right."""
    entities = sorted(found, key=lambda e: e.start)
    suffixes = _suffixes_by_start(ctx)
    resume = 0  # a matched suffix is not read again from inside
    for i in sorted(suffixes):
        if i < resume:
            continue
        suffix = suffixes[i]
        ent = _read_name(ctx, i, suffix, entities)
        if ent is None:
            continue  # a shorter suffix inside may still end a name (大|北路: 北 is the name's)
        resume = i + len(suffix.text)
        # a longer site name absorbs the site names inside it (阳光家园后巷)
        entities = [e for e in entities if not (ent.start <= e.start and e.end <= ent.end)]
        entities.append(ent)
        entities.sort(key=lambda e: e.start)
    return entities


def _suffixes_by_start(ctx: _Context) -> dict[int, Suffix]:
    """The longest place suffix starting at each position that ends on a token boundary.

    Suffixes are looked up backwards from token boundaries, which are far fewer than
    characters.
    """
    found: dict[int, Suffix] = {}
    by_last = ctx.lex.lengths_by_last
    for end in ctx.starts:
        if end == 0:
            continue
        for n in by_last.get(ctx.text[end - 1], ()):
            if n > end:
                break
            suffix = ctx.lex.suffixes.get(ctx.text[end - n : end])
            if suffix is None or len(suffix.text) != n or not CJK.match(ctx.text, end - n):
                continue
            best = found.get(end - n)
            if best is None or n > len(best.text):
                found[end - n] = suffix
    return found


def _read_name(ctx: _Context, i: int, suffix: Suffix, entities: list[Entity]) -> Entity | None:
    """The place ending with the suffix at ``i``, or None when no name stands before it."""
    end = i + len(suffix.text)
    if any(e.start <= i < e.end for e in entities):
        return None  # inside a gazetteer name already found (湖北省 holds no 湖)
    if suffix.kind == "generic":
        return _generic_site(ctx, i, end, suffix, entities)
    if suffix.text == BARE_STATION:
        # 横州站, 咸宁站: a bare 站 names a railway station only after a city or county
        # (卫生站, 农机站 are bodies or kinds of station)
        before = next((e for e in entities if e.end == i and e.level in CITY_LEVELS), None)
        if before is None or ctx.text[end : end + 1] in SUFFIX_TAILS[BARE_STATION]:
            return None
        return _entity(ctx, before.start, end, suffix.level, None)
    start = _name_start(ctx, i, suffix, entities)
    if ctx.text[end : end + 1] in SUFFIX_TAILS.get(suffix.text, frozenset()):
        return None  # 楼院, 楼长, 河长制: the character starts another word
    if start is None or i - start < max(suffix.min_name, 1):
        if _direction_street(ctx, i, suffix, entities):
            return _entity(ctx, i - 1, end, suffix.level, None)
        if suffix.kind == "site":
            start = _edge_start(ctx, i, suffix, entities)
        elif suffix.kind == "admin":
            start = _town_edge_start(ctx, i, suffix, entities)
    if start is None:
        return None
    name = ctx.text[start:i]
    if len(name) < max(suffix.min_name, 1):
        return None
    if suffix.level == "facility" and all(ch in gazetteer.DIRECTION_CHARS for ch in name):
        # 某县城北污水处理厂: the county before a part-of-town name belongs to the name
        before = next((e for e in entities if e.end == start and e.level in CITY_LEVELS | TOWN_LEVELS), None)
        if before is not None:
            return _entity(ctx, before.start, end, suffix.level, None)
    if _all_generic(ctx, name) and not (suffix.level == "road" and name in _plain_place_names()):
        return None  # 重点路段; but 文明路, 平安大道 are roads
    if suffix.text in WATER_SUFFIXES and name[-1] in ALONG_CHARS:
        return None  # 游客沿河散步: along the river, not a river named 游客沿
    if ctx.text[start:end] in ctx.lex.generic or ctx.text[start:end] in ctx.lex.stop:
        return None  # 小城镇: the whole is listed as a kind of place
    whole = gazetteer.word_info(ctx.text[start:end])
    if whole[0] >= RARE_PLACE_WORD and not (whole[1] or "").startswith(NAME_POS):
        return None  # 部门, 大门, 道路: the whole is an ordinary word
    return _entity(ctx, start, end, suffix.level, None)


def _direction_street(ctx: _Context, i: int, suffix: Suffix, entities: list[Entity]) -> bool:
    """东大街, 西街: an old town's streets named by a direction alone, at a clear left edge.

    The name is one character, under every length rule; jieba knowing the whole as
    a place word (ns) and the edge keep 城东街道 and 关中街 out.
    """
    tok = ctx.token_at.get(i)
    if suffix.text not in ("大街", "街") or tok is None or tok.start != i - 1:
        return False
    if tok.end != i + len(suffix.text) or not tok.pos.startswith("ns") or ctx.text[i - 1] not in "东西南北中":
        return False
    left = ctx.text[i - 2] if i >= 2 else ""
    admin_end = any(e.end == i - 1 and e.level in ADMIN_LEVELS for e in entities)
    return not left or not CJK.match(left) or left in SITE_LEFT_EDGE | ALONG_CHARS or admin_end


def _edge_start(ctx: _Context, i: int, suffix: Suffix, entities: list[Entity]) -> int | None:
    """Start of a coined site name that jieba cuts into odd words (在宣和门, 对玉都大街).

    Coined names are tagged as verbs or numbers, so the token walk refuses them.
    Read instead the shortest stretch of two or three characters standing at a clear
    left edge: the text start, punctuation, an edge character (在, 至, 和, 对), or the
    end of an administrative place; a city or county right before a station names it
    (开封火车站).
    """
    text = ctx.text
    admin_ends = {e.end: e for e in entities if e.level in ADMIN_LEVELS}
    before = admin_ends.get(i)
    if before is not None and suffix.text in TRANSPORT_SUFFIXES and before.level in CITY_LEVELS:
        return before.start
    if before is not None and suffix.level == "facility" and before.level in TOWN_LEVELS:
        return before.start  # 阳宗镇集贸市场, 枫泾古镇景区: the town names its market or site
    straddle = ctx.token_at.get(i)
    if suffix.text not in EDGE_SUFFIXES or (straddle is not None and straddle.start < i):
        return None  # 部门, 城门口: the suffix is the tail of another word
    for length in range(2, min(suffix.max_name, 3) + 1):
        start = i - length
        if start < 0 or not all(CJK.match(ch) for ch in text[start:i]):
            return None
        if any(e.start < i and start < e.end for e in entities):
            return None
        left = text[start - 1] if start > 0 else ""
        if left.isdigit():
            return None  # 48条背街: a count and its measure word
        edge = not left or not CJK.match(left) or left in SITE_LEFT_EDGE
        if not edge and start not in admin_ends:
            continue
        name = text[start:i]
        if (
            any(ch in ctx.lex.stop for ch in name)
            or _all_generic(ctx, name)
            or _holds_common_word(ctx, start, i)
        ):
            return None
        return start
    return None


def _town_edge_start(ctx: _Context, i: int, suffix: Suffix, entities: list[Entity]) -> int | None:
    """Start of a town or village name jieba breaks into single characters (唐|家|镇, 年|堆|乡).

    Read the short words before the suffix back to a clear left edge (the text start,
    punctuation, an edge character such as 在 or 和, the end of an administrative place,
    or a longer ordinary word such as 组织); two to four characters make the name.
    """
    straddle = ctx.token_at.get(i)
    start = i
    if straddle is not None and straddle.start < i:
        if straddle.end != i + len(suffix.text) or not gazetteer.lookup(straddle.text, ctx.lexicon_dir):
            return None
        start = straddle.start  # 胜|丰镇: a division's short name holds the suffix
    floor = max([e.end for e in entities if e.end <= i and _blocks(e)] + [0])
    while start > floor:
        tok = ctx.token_ending.get(start)
        if tok is None or not CJK.match(tok.text) or tok.text in SITE_LEFT_EDGE:
            break
        if len(tok.text) > 2 or tok.text in ctx.lex.stop or tok.text in ctx.lex.generic:
            break
        if len(tok.text) == 2 and _is_common(tok) and not tok.pos.startswith("n"):
            break  # 组织, 清理: an ordinary verb or adjective ends the name on its left
        if any(ch in ctx.lex.stop for ch in tok.text):
            return None
        if start < i and len(tok.text) == 2 and _is_common(tok) and ctx.text[start:i] in DUTY_VERBS:
            return None  # 领导|包|村, 干部|下|村: a duty, not a place
        start = tok.start
    if not 2 <= i - start <= min(suffix.max_name, 4) or _all_generic(ctx, ctx.text[start:i]):
        return None
    if _verb_before_body(ctx, start, i, suffix):
        return None
    left = ctx.text[start - 1] if start > 0 else ""
    if left.isdigit() or left in NUMBER_LEFT:
        return None  # 3个村, 十余个乡: a count
    return start


def _holds_common_word(ctx: _Context, start: int, end: int) -> bool:
    """A frequent word of two or more characters lies inside the stretch (创新思路, 今年街道)."""
    text = ctx.text
    return any(
        gazetteer.is_common_word(text[a:b]) for a in range(start, end - 1) for b in range(a + 2, end + 1)
    )


def _generic_site(ctx: _Context, i: int, end: int, suffix: Suffix, entities: list[Entity]) -> Entity | None:
    """县行政中心, 金平县行政中心: the suffix is the name, a level or place prefix is kept."""
    before = next((e for e in entities if e.end == i and e.level in ADMIN_LEVELS), None)
    if before is not None:
        return _entity(ctx, before.start, end, suffix.level, None)
    if i > 0 and ctx.text[i - 1] in LEVEL_CHARS:
        return _entity(ctx, i - 1, end, suffix.level, None)
    return None


def _name_start(ctx: _Context, i: int, suffix: Suffix, entities: list[Entity]) -> int | None:
    """Walk left over tokens from ``i`` and return where the name begins."""
    floor = max([e.end for e in entities if e.end <= i and _blocks(e)] + [0])
    start = i
    straddle = ctx.token_at.get(i)
    if straddle is not None and straddle.start < i:
        # 部门, 乡村, 道路: the suffix is the tail of a common word
        if (
            (_is_word(straddle) or straddle.pos.startswith(STOP_POS))
            and not _rare_place_word(ctx, straddle, i)
            and not _inner_road_word(ctx, straddle, i, suffix)
        ):
            return None
        if straddle.text in ctx.lex.stop:
            return None  # 上路: listed as a plain word, whatever jieba's tag
        start = max(straddle.start, floor)
    # the token right before the name's core may be a plain word (花园|北路); a straddling
    # token that already holds two name characters is that core (清理|七星河)
    first = i - start < 2
    sites = {e.end: e for e in entities if not _blocks(e)}
    housing = suffix.level == "compound" and len(suffix.text) > 1
    while start > floor:
        org_named = housing and ctx.text[start:i].endswith(HOUSING_BODY_WORDS)
        if start in sites and sites[start].start >= floor:
            if org_named:
                break
            start, first = sites[start].start, False  # a site inside a longer name
            continue
        tok = ctx.token_ending.get(start)
        if tok is None or tok.start < floor:
            break
        if (
            org_named
            and tok.pos.startswith(("n", "l", "j"))
            and len(tok.text) > 1
            and not _is_place_token(tok)
        ):
            start, first = tok.start, False  # 盐业|公司|宿舍: the trade names the body
            continue
        if not _name_token(ctx, tok, first):
            if first and _plain_word_town(ctx, tok, suffix, floor):
                start = tok.start  # 胜利镇, 五常镇, 望湖街道: a plain word names the town
            elif (suffix.kind == "admin" or suffix.level == "road") and _numeral_head(ctx, tok, floor):
                start = tok.start  # 三里|堡街道, 两|河口镇, 八|一路: a number opens the name
            elif first and suffix.kind == "admin" and len(tok.text) == 1 and CJK.match(tok.text):
                head = ctx.token_ending.get(tok.start)
                if head is not None and head.start >= floor and _numeral_head(ctx, head, floor):
                    start = head.start  # 五里|墩|街道: a single character jieba tags as a verb
            break
        if i - tok.start > suffix.max_name:
            break
        start, first = tok.start, False
    while start < i:
        # 各乡镇, 全县: a determiner written as its own word is no part of the name (和平乡 keeps 和)
        tok = ctx.token_at.get(start)
        word = ctx.text[start : tok.end] if tok is not None and tok.start == start else ""
        if word not in ctx.lex.stop and ctx.text[start] not in ctx.lex.stop:
            break
        if word in ctx.lex.stop:
            start += len(word)
        elif (
            len(word) > 1
            and word[0] not in DETERMINERS
            and (tok.end <= i or tok.pos.startswith(NAME_POS))
            and not (suffix.kind == "site" and gazetteer.lookup(word[1:], ctx.lexicon_dir))
        ):
            break  # the stop character opens a longer word of the name (和平乡; not 和|建宁)
        else:
            start += 1
    return start


ROAD_INNER_CHARS = frozenset("东西南北中前后上下一二三四五六七八九十")


def _inner_road_word(ctx: _Context, tok: Token, i: int, suffix: Suffix) -> bool:
    """大|北路, 府|后巷, 八|一路: jieba joined the last character of a road's name to its suffix.

    The word (北路, 后巷, 一路) is common, but with a name character before it, it ends a road.
    """
    return (
        suffix.level == "road"
        and i - tok.start == 1
        and tok.end == i + len(suffix.text)
        and ctx.text[tok.start] in ROAD_INNER_CHARS
        and tok.start > 0
        and CJK.match(ctx.text[tok.start - 1]) is not None
    )


def _is_place_token(tok: Token) -> bool:
    return tok.pos.startswith("ns")


def _plain_word_town(ctx: _Context, tok: Token, suffix: Suffix, floor: int) -> bool:
    """A plain two-character word right before 镇/乡/街道 or a road suffix that names it.

    Roads take only words of the road-name stock (胜利路, 解放大道, 文明路;
    ``data/place_plain_names.txt``), wherever they stand.  Towns and streets also take
    a verb, adjective or time word, which must then stand at a clear left edge to keep
    走进街道 out: the text start, punctuation, a preposition-like character, or the end
    of an administrative place (利通区胜利镇).  Campaign work words never name one
    (开展街道, 健康城镇).
    """
    if len(tok.text) != 2 or not CJK.match(tok.text):
        return False
    if suffix.level == "road":
        # only a word of the road-name stock (胜利, 解放, 文明) names a road, written right
        # before the suffix (目前|西街: 西 is read already); 现在|路, 负责|巷 are no roads
        if suffix.text not in PLAIN_ROAD_SUFFIXES or not ctx.text.startswith(suffix.text, tok.end):
            return False
        return tok.text in _plain_place_names() or _listed_road(ctx, tok, suffix)
    if suffix.level not in ("township", "street"):
        return False
    if tok.text in ctx.lex.stop or tok.text in ctx.lex.generic:
        return False  # 健康|城镇, 开展|街道
    if tok.text not in _plain_place_names() and not tok.pos.startswith(("v", "t", "a")):
        return False
    if ctx.text.startswith("村", tok.end + len(suffix.text)):
        return False  # 组织镇村干部: 镇村 is "towns and villages", no town's name
    if _verb_before_body(ctx, tok.start, tok.end, suffix):
        return False
    before = ctx.text[tok.start - 1] if tok.start > 0 else ""
    return tok.start == floor or before == "" or before in TOWN_LEFT_EDGE or not CJK.match(before)


LIST_MARKS = frozenset("、，,；;")
ROAD_WORD_POS = ("v", "m", "a", "n")


def _listed_road(ctx: _Context, tok: Token, suffix: Suffix) -> bool:
    """打铁巷, 五一巷 in a list of lanes: a verb or number word names a road there.

    The suffix must be a word of its own and the name must stand between list marks
    or after 对/在 and before a list mark or 等 (对打铁巷、米粉巷等): a lone 巷 or 路
    after a verb elsewhere is mostly a kind of road (清扫|路|面 is cut otherwise).
    """
    end = tok.end + len(suffix.text)
    if end not in ctx.starts or not tok.pos.startswith(ROAD_WORD_POS):
        return False
    before = ctx.text[tok.start - 1 : tok.start]
    after = ctx.text[end : end + 1]
    return (before in LIST_MARKS or before in ("对", "在")) and (after in LIST_MARKS or after in ("等", "和"))


@lru_cache(maxsize=1)
def _plain_place_names() -> frozenset[str]:
    text = (DATA / "place_plain_names.txt").read_text(encoding="utf-8")
    return frozenset(w for line in text.splitlines() if not line.startswith("#") for w in line.split())


def _verb_before_body(ctx: _Context, start: int, i: int, suffix: Suffix) -> bool:
    """移交|镇综合行政执法队, 约谈|村党支部: a verb, then a level word opening a body.

    The level word there belongs to the organisation, so the verb names no town.
    """
    count, flag = gazetteer.word_info(ctx.text[start:i])
    if count == 0 or not (flag or "").startswith("v"):
        return False
    return ctx.text.startswith(ORG_BODY_STARTS, i + len(suffix.text))


def _rare_place_word(ctx: _Context, tok: Token, i: int) -> bool:
    """A rare dictionary word that is a whole village or town name (胜利村, 果园乡).

    Frequent ones are kinds of place (度假村, 行政村, 民族乡); a name part made of
    generic words (示范村, 贫困村) is no name either.
    """
    name = ctx.text[tok.start : i]
    if i - tok.start < 2 or tok.end - i > 2 or not tok.pos.startswith(("n", "v", "a")):
        return False
    if ctx.text[i : tok.end] not in ("村", "乡", "镇", "街道", "社区"):
        return False
    return gazetteer.word_info(tok.text)[0] < RARE_PLACE_WORD and not _all_generic(ctx, name)


def _numeral_head(ctx: _Context, tok: Token, floor: int) -> bool:
    """A number word that opens a place name (三里, 五里, 二道, 两, 双), not a count.

    The number must stand at a clear left edge (not after 第 or another number);
    the word after it has already been read as part of the name, so it is no
    measure word (两个乡镇 is no name).
    """
    if not tok.pos.startswith("m") or not NUMERAL_HEAD.fullmatch(tok.text):
        return False
    before = ctx.text[tok.start - 1] if tok.start > 0 else ""
    return tok.start == floor or not before or before not in NUMBER_LEFT


def _blocks(ent: Entity) -> bool:
    """An earlier administrative place stops the walk; a site is absorbed (沿江路社区)."""
    return ent.level in ADMIN_LEVELS


def _name_token(ctx: _Context, tok: Token, first: bool) -> bool:
    word = tok.text
    if not CJK.match(word) or word in ctx.lex.stop or word in ctx.lex.generic:
        return False
    if not first and word in ADMIN_SUFFIX_WORDS:
        return False  # 胜利镇杨家湾村: the township ends there, the village is a place of its own
    if len(word) == 1:
        return not gazetteer.is_function_char(tok, SINGLE_STOP_POS)
    if not first and len(word) == 2 and word[1] == "家" and word[0] in _family_names():
        return True  # 白家|沟村, 王家|湾: a family's name opens many village names
    if tok.pos.startswith(STOP_POS) and not (first and tok.pos.startswith("v") and not _is_common(tok)):
        return False  # only a rare verb may start a name right before the suffix
    return first or not _is_common(tok)


@lru_cache(maxsize=1)
def _family_names() -> frozenset[str]:
    from cwnlp.extract.persons import family_names

    return family_names()


def _is_word(tok: Token) -> bool:
    """A dictionary word that is not a name (职能部门, 逢山开路)."""
    return not tok.pos.startswith(NAME_POS) and gazetteer.word_info(tok.text)[0] > 0


def _is_common(tok: Token) -> bool:
    """A frequent dictionary word that is not a name (部门, 道路; not 护城河, 建设路)."""
    return not tok.pos.startswith(NAME_POS) and gazetteer.is_common_word(tok.text)


def _all_generic(ctx: _Context, name: str) -> bool:
    """True when the name is made only of generic modifiers (省级卫生, 重点)."""
    rest = name
    words = sorted(ctx.lex.generic | ctx.lex.stop, key=len, reverse=True)
    while rest:
        word = next((w for w in words if rest.startswith(w)), None)
        if word is None:
            return False
        rest = rest[len(word) :]
    return True


def _listed_places(ctx: _Context, found: list[Entity]) -> list[Entity]:
    """Short names listed before a count of villages (甲村、乙庄等12个村)."""
    out = []
    taken = {(e.start, e.end) for e in found}
    for m in _LIST_COUNT.finditer(ctx.text):
        level = _LIST_LEVEL[m.group(1)]
        end = m.start()
        while end > 0:
            start = _list_item_start(ctx, end)
            if start is None:
                break
            if (start, end) not in taken and not any(e.start < end and start < e.end for e in found):
                out.append(_entity(ctx, start, end, level, None))
            if start == 0 or ctx.text[start - 1] != "、":
                break
            end = start - 1
    return out


def _river_places(ctx: _Context, found: list[Entity]) -> list[Entity]:
    """Rivers and canals named by what is said about them (綦河沿线, 对浦阳江两岸).

    Local rivers have one- to three-character names before 河/江/溪/渠/沟 that no
    gazetteer holds and jieba cuts apart; a bank, reach or basin word after the
    name and a clear left edge before it mark the river.  The river replaces the
    places read across or inside it (布尔哈通河 holds no county 通河; 大夏河滨河 is
    a river and its bank).
    """
    out = list(found)
    for m in _RIVER.finditer(ctx.text):
        i = m.start(1)
        if any(e.start <= i and i + 1 < e.end and e.level in ADMIN_LEVELS and e.canonical for e in out):
            continue  # 沿河县: the river word is inside a known division's name
        start = _river_name_start(ctx, i, out)
        if start is None:
            continue
        end = i + 1
        out = [e for e in out if e.end <= start or e.start >= end]
        out.append(_entity(ctx, start, end, "other", None))
    return out


def _coded_roads(ctx: _Context, found: list[Entity]) -> list[Entity]:
    """Roads written by their national numbering (G210国道, 国道312线, 县道X031, 318国道)."""
    out = list(found)
    for m in _ROAD_CODE.finditer(ctx.text):
        if any(e.start < m.end() and m.start() < e.end and e.level in ADMIN_LEVELS for e in out):
            continue
        # the code is stronger evidence than a suffix reading across it (清理|国道202线)
        out = [e for e in out if not (e.start < m.end() and m.start() < e.end)]
        out.append(_entity(ctx, m.start(), m.end(), "road", None))
    return out


def _river_name_start(ctx: _Context, i: int, found: list[Entity]) -> int | None:
    """Start of the longest 1-4 character river name before ``i`` with a clear left edge."""
    text = ctx.text
    # a division's bare short name right before the river word is the river's name (永宁|江)
    admin_ends = {e.end for e in found if e.level in ADMIN_LEVELS and e.end <= i and not _bare_short_at(e, i)}
    floor = max(admin_ends, default=0)
    for length in (4, 3, 2, 1):
        start = i - length
        if start < floor or not all(CJK.match(ch) for ch in text[start:i]):
            continue
        name = text[start:i]
        if (
            any(ch in NOT_RIVER_NAME_CHARS or ch in SITE_LEFT_EDGE for ch in name)
            or name in GENERIC_RIVER_HEADS
        ):
            continue
        if gazetteer.is_common_word(text[start : i + 1]) or _holds_plain_word(ctx, start, i):
            continue  # 大河, 运河: an ordinary word; 推进|岷江, 部分|河段: a verb or determiner
        left = text[start - 1] if start > 0 else ""
        tok = ctx.token_ending.get(start)
        if (
            not left
            or not CJK.match(left)
            or left in SITE_LEFT_EDGE
            or start == floor
            or (tok is not None and len(tok.text) >= 2 and _is_word(tok))
            or (tok is not None and tok.text == left and gazetteer.is_function_char(tok, ("p", "c", "u")))
        ):
            return start
    return None


def _bare_short_at(ent: Entity, end: int) -> bool:
    return ent.end == end and ent.text[-1] not in ADMIN_TAIL_CHARS


def _holds_plain_word(ctx: _Context, start: int, end: int) -> bool:
    """A frequent verb, pronoun or function word lies inside the stretch (推进, 其中, 部分)."""
    text = ctx.text
    for a in range(start, end - 1):
        for b in range(a + 2, end + 1):
            if gazetteer.is_common_word(text[a:b]) and not (
                gazetteer.word_info(text[a:b])[1] or "n"
            ).startswith("n"):
                return True
    return False


def _list_item_start(ctx: _Context, end: int) -> int | None:
    """Start of a 2–4 character list item ending at ``end``, or None."""
    start = end
    while start > 0 and end - start < 4:
        tok = ctx.token_ending.get(start)
        if tok is None or not _name_token(ctx, tok, start == end) or end - tok.start > 4:
            break
        start = tok.start
    if end - start < 2 or _all_generic(ctx, ctx.text[start:end]):
        return None
    return start
