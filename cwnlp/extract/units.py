"""UNIT mentions: organisations, their abbreviations, level and canonical full name.

Grammar: optional place or level prefix (省/市/县/区/州/镇/乡/街道 or a gazetteer
name) + organisation core + organisation suffix (局/委/办/中心/所/站/队/协会/集团/报/
网/指挥部/党工委/人民政府 ...), plus standing bodies after a level prefix (市委,
县政府, 团市委, 市人大).  A name is read leftwards from its suffix over jieba
tokens until a preposition, verb, punctuation or level prefix ends it; a unit
written inside a longer one is absorbed (区疾控中心监测科), except run-together
standing bodies, which split (县委县政府 → 县委, 县政府).  Abbreviations expand
with the article's place: ``canonical_unit("市住建局", place="咸宁市")`` →
``咸宁市住房和城乡建设局``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cwnlp.extract import gazetteer
from cwnlp.extract.gazetteer import Division, Token
from cwnlp.extract.places import load_lexicon as load_place_lexicon
from cwnlp.model import Entity

LEVEL_WORDS = {
    "省": "province",
    "市": "city",
    "州": "city",
    "盟": "city",
    "县": "county",
    "旗": "county",
    "区": "district",
    "镇": "township",
    "乡": "township",
    "街道": "township",
}
NATIONAL = ("全国", "国家", "中央")
STOP_POS = ("p", "c", "u", "r", "m", "q", "d", "t", "x", "y", "e", "o", "eng", "b", "f")
# characters before a level word that make it a count or a set (两区卫健局, 各县)
PLURAL_BEFORE = frozenset("一二两三四五六七八九十几各全每诸0123456789")
MAX_LEN = 24
# the campaign a body is named after (某某区创建国家卫生城区指挥部, 某镇国家卫生镇复审工作专班)
CAMPAIGN_IN_NAME = re.compile(
    r"(?:创建|巩固|争创|迎接|迎检)?(?:国家|全国|省级|省|市级)?(?:卫生|文明)"
    r"(?:城市|城区|县城|乡镇|镇|村|社区|单位)?(?:复审|迎检|创建)?(?:工作)?$"
)
JOINT_OFFICES = ("督查室", "督查办", "办公室", "督查组", "信访局")  # offices the 委 and 政府 share
AREA_CHARS = frozenset("省市县区镇乡城片")
CJK = re.compile(r"[\u4e00-\u9fff]")
ORDINAL = re.compile(r"第[一二三四五六七八九十0-9]{1,3}")
LINKING_CHARS = frozenset(
    "率任请让要派令向对给被把将受谈称"
)  # 受|省爱卫会委托, 约|谈|街道办事处, 下|称|市创卫办
PARTY_POSTS = ("书记", "副书记", "常委")
# Single characters that end a company name on the left; and a company name's longest length.
BRAND_BREAKS = frozenset("和与及的在由为是从到了或并等、")
MAX_COMPANY = 24
COMPANY_KINDS = ("enterprise", "shop")
MAX_SHOP_NAME = 4  # 金剪子美发店: shops carry short coined names
SHOP_NAME_NOT_FIRST = PLURAL_BEFORE | frozenset("家条个间所处")  # counts: 3家快餐店
TEAM_WORDS = ("志愿", "实践", "文明", "服务队", "青年")


ABOVE_TOWN = frozenset({"province", "city", "county", "district"})


@dataclass(frozen=True)
class UnitLexicon:
    suffixes: dict[str, tuple[str, str]]  # suffix → (kind, characters that may not follow)
    abbreviations: dict[str, tuple[str, bool]]  # core → (full form, needs a prefix)
    keys_by_first: dict[str, tuple[int, ...]]  # first char → key lengths, longest first
    generic_names: frozenset[str]
    generic_cores: frozenset[str]
    standing: frozenset[str]  # institutions a level word alone can name (县医院, 镇卫生院)
    connectors: frozenset[str]  # words that end a name right before a level word (经, 协调)
    trades: frozenset[str]  # lines of business (环卫, 物业): no company name on their own
    name_words: frozenset[str]
    stop: frozenset[str]
    not_units: tuple[str, ...]  # ordinary words ending in a suffix (干部, 场所, 汇报)
    site_suffixes: tuple[str, ...]  # named sites, not organisations (行政中心)
    compound_suffixes: tuple[str, ...]  # 宿舍, 家属院: an organisation's name before them names housing
    full_cores: tuple[str, ...]  # full forms of abbreviations, longest first (住房和城乡建设局)


@lru_cache(maxsize=4)
def load_lexicon(lexicon_dir: Path | None = None) -> UnitLexicon:
    """Suffix, abbreviation and generic-word tables merged with ``lexicon_dir`` (cached)."""
    suffixes = {
        r[0]: (r[1], r[2] if len(r) > 2 else "")
        for r in gazetteer.read_table("unit_suffixes.tsv", lexicon_dir)
    }
    abbreviations = {}
    for row in gazetteer.read_table("unit_abbreviations.tsv", lexicon_dir):
        abbreviations[row[0]] = (row[1], len(row) > 2 and row[2] == "needs")
    generic = gazetteer.read_table("unit_generic.tsv", lexicon_dir)
    lengths: dict[str, set[int]] = {}
    for key in list(suffixes) + list(abbreviations):
        lengths.setdefault(key[0], set()).add(len(key))
    return UnitLexicon(
        suffixes=suffixes,
        abbreviations=abbreviations,
        keys_by_first={ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()},
        generic_names=frozenset(r[0] for r in generic if len(r) < 2 or r[1] == "name"),
        not_units=tuple(r[0] for r in generic if len(r) > 1 and r[1] == "word"),
        site_suffixes=tuple(
            s.text for s in load_place_lexicon(lexicon_dir).suffixes.values() if s.kind == "generic"
        ),
        compound_suffixes=tuple(
            s.text
            for s in load_place_lexicon(lexicon_dir).suffixes.values()
            if s.level == "compound" and len(s.text) > 1
        ),
        generic_cores=frozenset(r[0] for r in generic if len(r) > 1 and r[1] == "core"),
        standing=frozenset(r[0] for r in generic if len(r) > 1 and r[1] == "standing"),
        connectors=frozenset(r[0] for r in generic if len(r) > 1 and r[1] == "connector"),
        trades=frozenset(r[0] for r in generic if len(r) > 1 and r[1] == "trade"),
        name_words=frozenset(r[0] for r in gazetteer.read_table("unit_name_words.tsv", lexicon_dir)),
        # single characters and verbs; area words (全县, 城区) may sit inside a unit name
        stop=frozenset(
            w for w in load_place_lexicon(lexicon_dir).stop if len(w) == 1 or not set(w) & AREA_CHARS
        )
        | {r[0] for r in generic if len(r) > 1 and r[1] == "left"},
        full_cores=tuple(
            sorted({f for f, _ in abbreviations.values() if "{P}" not in f}, key=len, reverse=True)
        ),
    )


# ---------------------------------------------------------------- public API


def find_units(
    text: str,
    place: str | None = None,
    lexicon_dir: Path | None = None,
    tokens: Sequence[Token] | None = None,
    places: Sequence[Entity] = (),
) -> list[Entity]:
    """UNIT entities in ``text`` with level and canonical name (source="rule").

    ``tokens`` are the tagged words of ``text`` if the caller has them already.
    ``places`` are PLACE entities found before; a unit name never starts inside one
    (年堆乡卫生院, not 堆乡卫生院, when the place finder read 年堆乡).

    ``place`` is the article's campaign place; it supplies the level of unprefixed
    government units and the place of canonical names.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    lex = load_lexicon(lexicon_dir)
    text = gazetteer.blank_runs(text)  # degenerate repeats hold no names; offsets stay the same
    ctx = _Context(text, tokens if tokens is not None else gazetteer.segment(text), lex, lexicon_dir)
    # county and higher names the unit walk reads itself, with its own connector rules
    ctx.place_opening = {
        pos: p.start for p in places if p.level not in ABOVE_TOWN for pos in range(p.start + 1, p.end)
    }
    found: list[Entity] = []
    i = 0
    while i < len(text):
        key = _key_at(ctx, i)
        if key is None:
            i += 1
            continue
        ent = _read_unit(ctx, i, i + len(key), key, found, place)
        if ent is not None:
            # only the last few units can lie inside the new one (found is in text order)
            while found and ent.start <= found[-1].start:
                found.pop()
            found.append(ent)
        i += len(key)
    found = _join_joint_offices(ctx, sorted(found, key=lambda e: e.start), place)
    return [_from_community(ctx, ent, places, place) for ent in found]


def _from_community(ctx: _Context, ent: Entity, places: Sequence[Entity], place: str | None) -> Entity:
    """石龙社区党委, not 镇东街道石龙社区党委: a village or community body starts at its own name.

    The street or town written before it is the body's address, as in the
    annotations (that place stays a PLACE of its own).
    """
    head = next((p for p in places if p.start == ent.start and p.level in ("street", "township")), None)
    if head is None:
        return ent
    inner = next((p for p in places if p.start == head.end and p.level == "community"), None)
    if inner is None or inner.end >= ent.end:
        return ent
    return _unit(ctx, inner.start, ent.end, place)


def _unit(ctx: _Context, start: int, end: int, place: str | None) -> Entity:
    """The UNIT entity for ``text[start:end]`` with its level and canonical name."""
    name = ctx.text[start:end]
    return Entity(
        "UNIT",
        name,
        start,
        end,
        level=unit_level(name, place, ctx.lexicon_dir),
        canonical=canonical_unit(name, place, ctx.lexicon_dir),
        source="rule",
    )


def _join_joint_offices(ctx: _Context, found: list[Entity], place: str | None) -> list[Entity]:
    """县委县政府督查室, 市委市政府办公室: one office of the two standing bodies together.

    The walk stops between 县委 and 县政府 (two bodies written together), which is
    right for 县委县政府 alone but splits their joint office.
    """
    out: list[Entity] = []
    for ent in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.end == ent.start
            and prev.text.endswith("委")
            and ent.text.endswith(JOINT_OFFICES)
            and ent.text[:1] == prev.text[-2:-1]
            and ent.text[1:].startswith(("政府", "人民政府"))
        ):
            out[-1] = _unit(ctx, prev.start, ent.end, place)
            continue
        out.append(ent)
    return out


def canonical_unit(text: str, place: str | None = None, lexicon_dir: Path | None = None) -> str:
    """Full name of a unit: abbreviations expanded, the place filled in when known."""
    lex = load_lexicon(lexicon_dir)
    places, level_word, core = split_prefix(text, lexicon_dir)
    if text.startswith("团") and level_word is None and not places:
        rest_places, rest_level, rest_core = split_prefix(text[1:], lexicon_dir)
        if rest_core == "委":
            places, level_word, core = rest_places, rest_level, "团委"
    full = lex.abbreviations.get(core, ("", False))[0]
    if not full:
        expanded = _expand_tail(core, lex)
        if expanded == core:
            return text  # a name written in full (or unknown) is its own canonical form
        return "".join(d.name for d in places) + (level_word or "") + expanded
    where = places[-1].full if places else _place_at(level_word, place, lexicon_dir)
    if "{P}" in full:
        return full.replace("{P}", where) if where else text
    return (where or level_word or "") + full


def split_prefix(text: str, lexicon_dir: Path | None = None) -> tuple[list[Division], str | None, str]:
    """(gazetteer places, level word, core) of a unit name: 咸宁市住建局 → ([咸宁市], None, 住建局)."""
    places: list[Division] = []
    pos = 0
    for start, end, divisions in gazetteer.scan(text, lexicon_dir):
        if start != pos or end >= len(text) or all(d.ambiguous for d in divisions):
            break
        places.append(divisions[0])
        pos = end
    rest = text[pos:]
    for word in sorted(LEVEL_WORDS, key=len, reverse=True):
        if rest.startswith(word) and len(rest) > len(word) and not places:
            return places, word, rest[len(word) :]
    return places, None, rest


def unit_level(text: str, place: str | None = None, lexicon_dir: Path | None = None) -> str | None:
    """Level of a unit name from its prefix, suffix or the article's place."""
    lex = load_lexicon(lexicon_dir)
    if text.startswith(NATIONAL):
        return "national"
    places, level_word, core = split_prefix(text[1:] if text.startswith("团") else text, lexicon_dir)
    if _suffix_kind(core, lex) in COMPANY_KINDS:
        return "enterprise"  # 省客运集团, 西安某某印刷厂: companies keep their kind whatever the prefix
    if places:
        return places[-1].level
    if level_word:
        return LEVEL_WORDS[level_word]
    if re.match(r"[\u4e00-\u9fff]{2,}(社区|村)", core) and re.search(r"(社区|村)(党|居|村)", core):
        return "community"
    kind = _suffix_kind(core, lex)
    if kind in (*COMPANY_KINDS, "media"):
        return "enterprise"
    if kind == "social":
        return "social"
    if core.endswith(("大队", "支队", "中队", "服务队")) and any(w in core for w in TEAM_WORDS):
        return "team"
    return place_level_of(place, lexicon_dir)


def place_level_of(place: str | None, lexicon_dir: Path | None = None) -> str | None:
    """Level of the article's place (常德市 → city; 某某街道（…） → township)."""
    if not place:
        return None
    name = re.split(r"[（(]", place)[0]
    divisions = gazetteer.lookup(name, lexicon_dir)
    if divisions:
        return divisions[0].level
    if name.endswith(("街道", "镇", "乡")):
        return "township"
    return None


# ---------------------------------------------------------------- internals


@dataclass
class _Context:
    text: str
    tokens: Sequence[Token]
    lex: UnitLexicon
    lexicon_dir: Path | None

    def __post_init__(self) -> None:
        self.token_ending = {t.end: t for t in self.tokens}
        self.place_opening: dict[int, int] = {}  # position inside a found place -> its start
        self.token_at = {i: t for t in self.tokens for i in range(t.start, t.end)}
        self.places_ending: dict[int, tuple[int, list[Division]]] = {}
        starts = {t.start for t in self.tokens} | {len(self.text)}
        for start, end, divisions in gazetteer.scan(self.text, self.lexicon_dir):
            if end - start == 2 and not (start in starts and end in starts):
                continue  # 和县委 holds no 和县
            # a short name that is also a word (包头, 遵义) is a place when the text
            # also writes it in full (包头市 … 包头日报)
            if not all(d.ambiguous for d in divisions) or any(d.full in self.text for d in divisions):
                self.places_ending[end] = (start, divisions)
        self.place_starts = {start for start, _ in self.places_ending.values()}


def _key_at(ctx: _Context, i: int) -> str | None:
    """The longest suffix or abbreviation at ``i`` not continued into another word."""
    text, lex = ctx.text, ctx.lex
    for length in lex.keys_by_first.get(text[i], ()):
        key = text[i : i + length]
        if len(key) != length or (key not in lex.suffixes and key not in lex.abbreviations):
            continue
        if _blocked(ctx, key, i + length) or text.endswith(lex.not_units, 0, i + length):
            continue
        return key
    return None


def _blocked(ctx: _Context, key: str, end: int) -> bool:
    """局长, 办法, 报道: the character after the key makes it another word."""
    if end >= len(ctx.text):
        return False
    suffix = _ending_suffix(key, ctx.lex)
    blocked = ctx.lex.suffixes[suffix][1] if suffix else ""
    return ctx.text[end] in blocked


def _ending_suffix(core: str, lex: UnitLexicon) -> str | None:
    for n in range(len(core), 0, -1):
        if core[-n:] in lex.suffixes:
            return core[-n:]
    return None


def _suffix_kind(core: str, lex: UnitLexicon) -> str | None:
    suffix = _ending_suffix(core, lex)
    return lex.suffixes[suffix][0] if suffix else None


def _read_unit(
    ctx: _Context, i: int, end: int, key: str, found: list[Entity], place: str | None
) -> Entity | None:
    """The unit ending with ``key`` at ``i``, or None."""
    abbreviation = ctx.lex.abbreviations.get(key)
    if abbreviation and abbreviation[1]:
        start = _prefix_start(ctx, i)
        if start is None:
            return None
    else:
        start = _walk_left(ctx, i, found)
        if start is None:
            return None
        if _suffix_kind(key, ctx.lex) in COMPANY_KINDS:
            start = _brand_start(ctx, start, end)
        start = ctx.place_opening.get(start, start)
    name = ctx.text[start:end]
    if _party_post(ctx, name, key, end) or not _acceptable(ctx, name, key, start, i):
        return None
    if ctx.text.startswith(ctx.lex.compound_suffixes, end):
        return None  # 电力公司小区, 粮食局宿舍楼: housing named after the body is a place
    return _unit(ctx, start, end, place)


def _party_post(ctx: _Context, name: str, key: str, end: int) -> bool:
    """A bare party committee inside a party post (市委书记, 县委副书记, 街道党工委书记).

    The level word and the committee are then part of the post word.  A committee
    with its own name (红星街道党工委书记, 金平县委书记) is still a unit.
    """
    if _suffix_kind(key, ctx.lex) != "party" or not ctx.text.startswith(PARTY_POSTS, end):
        return False
    places, level_word, core = split_prefix(name, ctx.lexicon_dir)
    return not places and (level_word is not None or name == key) and _ending_suffix(core, ctx.lex) == core


def _brand_start(ctx: _Context, start: int, end: int) -> int:
    """Start of a company name that opens with a place before coined brand words.

    Brands are coined words (绿禾, 安居, 北仑) that jieba cuts into odd pieces, often
    tagged as verbs, so the ordinary walk stops inside them.  Company names mostly
    open with a place (昆明绿禾农产品配送有限公司): if the nearest place to the left
    comes before any boundary, the name starts there.  Otherwise the walk's start stands.
    """
    if start in ctx.place_starts:
        return start  # the walk already reached the company's place (抚顺清洁…公司)
    pos = start
    while pos > 0 and end - pos < MAX_COMPANY:
        tok = ctx.token_ending.get(pos)
        if (
            tok is not None
            and len(tok.text) == 1
            and (tok.text in ctx.lex.stop or tok.text in LINKING_CHARS or tok.text in BRAND_BREAKS)
        ):
            # a brand may hold such a character (嘉和, 鸢都): look just past it for a place
            return _place_just_before(ctx, pos) or start
        if tok is None or not CJK.match(tok.text) or tok.text in ctx.lex.stop:
            break
        if _is_place_end(ctx, pos, tok):
            return _place_start(ctx, pos, tok)
        pos = tok.start
    return start


def _is_place_end(ctx: _Context, pos: int, tok: Token) -> bool:
    return pos in ctx.places_ending or tok.pos.startswith("ns")


def _place_start(ctx: _Context, pos: int, tok: Token) -> int:
    place = _places_before(ctx, pos) if pos in ctx.places_ending else tok.start
    while (before := ctx.token_ending.get(place)) is not None and before.pos.startswith("ns"):
        place = before.start  # 广西北仑: places written together
    return place


def _place_just_before(ctx: _Context, pos: int) -> int | None:
    """Start of a place ending two characters left of ``pos`` (乐山|嘉和|…公司).

    ``pos`` ends a function character inside a brand; one brand character sits
    between it and the place.  A place ending right at the function character is
    another name joined by it (北京和上海), not the company's place.
    """
    end = pos - 2
    if end <= 0 or not CJK.match(ctx.text[end]):
        return None
    tok = ctx.token_ending.get(end)
    return _place_start(ctx, end, tok) if tok is not None and _is_place_end(ctx, end, tok) else None


def _prefix_start(ctx: _Context, i: int) -> int | None:
    """Start of the level or place prefix that a standing body needs (市委, 团县委)."""
    start = _places_before(ctx, i)
    if start == i:
        word = _level_word_before(ctx, i)
        if word is None:
            return None
        start = i - len(word)
        if _plural(ctx, start):
            return None
    if start > 0 and ctx.text[start - 1] == "团":
        start -= 1
    return start


def _places_before(ctx: _Context, i: int) -> int:
    """Start of the gazetteer names written right before ``i`` (江西省萍乡市)."""
    start = i
    while start in ctx.places_ending:
        start = ctx.places_ending[start][0]
    return start


def _level_word_before(ctx: _Context, i: int) -> str | None:
    for word in ("街道", *(w for w in LEVEL_WORDS if len(w) == 1)):
        if ctx.text[max(0, i - len(word)) : i] == word:
            return word
    if ctx.text[max(0, i - 2) : i] in NATIONAL:
        return ctx.text[i - 2 : i]
    return None


def _plural(ctx: _Context, start: int) -> bool:
    return start > 0 and ctx.text[start - 1] in PLURAL_BEFORE


def _walk_left(ctx: _Context, i: int, found: list[Entity]) -> int | None:
    """Start of an organisation name whose core ends at ``i`` (None for a plural reference)."""
    start = i
    end = i + len(_key_here(ctx, i))
    for full in ctx.lex.full_cores:
        if len(full) > end - i and ctx.text.endswith(full, 0, end):
            start = end - len(full)  # 住房和城乡建设局: a known name holds a stop word
            break
    inside = ctx.token_at.get(i)
    if inside is not None and inside.start < min(i, start) and _token_ok(ctx, inside):
        start = inside.start  # 管理局, 建设局: the suffix closes a jieba word
    ends = {e.end: e for e in found[-8:]}
    held: int | None = None  # where the name starts unless a place confirms a verb inside it
    while start > 0 and i - start < MAX_LEN:
        campaign = CAMPAIGN_IN_NAME.search(ctx.text, max(0, start - 14), start)
        if campaign is not None and campaign.end() == start and campaign.end() - campaign.start() >= 4:
            start = campaign.start()
            continue
        level_start = _connector_level(ctx, start)
        if level_start is not None:
            return None if _plural(ctx, level_start) else level_start
        if start in ctx.places_ending:
            start, held = _places_before(ctx, start), None  # a place opens the name: the verb is its
            continue
        if start in ends:
            if held is not None:
                return held  # 市住建局|牵头|整治工作专班: the verb links two bodies
            if _starts_level(ctx, start):
                break  # 县委县政府: two standing bodies written together
            start = ends[start].start
            continue
        word = _level_word_before(ctx, start)
        tok = ctx.token_ending.get(start)
        if (
            word is not None
            and tok is not None
            and tok.text == word
            and _prefix_boundary(ctx, start - len(word))
        ):
            return None if _plural(ctx, start - len(word)) else start - len(word)
        if tok is None or i - tok.start > MAX_LEN:
            break
        if not _token_ok(ctx, tok):
            if held is None and _name_verb(ctx, tok):
                held, start = start, tok.start
                continue
            break
        start = tok.start
    if held is not None:
        return held  # no place or level word opens the name: the verb is the clause's
    return start


NAME_VERB_MAX_FREQ = 1500  # 援藏, 改厕, 受理 name a body's work; 成立, 组织, 召开 link clauses


def _name_verb(ctx: _Context, tok: Token) -> bool:
    """A rare verb that may sit inside a body's name (援藏工作队, 农村改厕工作领导小组).

    The walk takes it on trust; the name keeps it only when a place or a level word
    opens the name (记者跟随|市创卫办 and 汪某兼任|办公室 have none).
    """
    return (
        len(tok.text) >= 2
        and tok.pos.startswith("v")
        and CJK.match(tok.text) is not None
        and tok.text not in ctx.lex.stop
        and gazetteer.word_info(tok.text)[0] < NAME_VERB_MAX_FREQ
    )


def _connector_level(ctx: _Context, pos: int) -> int | None:
    """Start of a level word ending at ``pos`` glued to a connector before it, else None.

    jieba writes 会同县, 和县, 任县 as one word, and a lone level word may follow
    经 or 协调; the connector is no part of the unit (县农业局会同县卫健局).  A
    county really named so (会同县) keeps its name when a place precedes it or it
    opens the clause.
    """
    connectors = ctx.lex.connectors
    for word in ("街道", *(w for w in LEVEL_WORDS if len(w) == 1)):
        level_start = pos - len(word)
        if ctx.text[level_start:pos] != word:
            continue
        tok = ctx.token_ending.get(pos)
        if tok is not None and tok.text != word and tok.text[: -len(word)] in connectors:
            head = tok.start  # 会同县: one token holding connector and level word
        else:
            before = ctx.token_ending.get(level_start)
            if tok is None or tok.text != word or before is None or before.text not in connectors:
                return None
            head = before.start
        if head in ctx.places_ending or head == 0 or not CJK.match(ctx.text[head - 1]):
            return None
        return level_start
    return None


def _key_here(ctx: _Context, i: int) -> str:
    return _key_at(ctx, i) or ""


def _prefix_boundary(ctx: _Context, pos: int) -> bool:
    """A level word starts a name only after a boundary (来到市卫健委, not 经开区管委会)."""
    if pos <= 0:
        return True
    if pos in ctx.places_ending:
        return False  # 萍乡经开区: the level word belongs to a longer name
    tok = ctx.token_ending.get(pos)
    return tok is None or not _token_ok(ctx, tok) or ctx.text[pos - 1] in PLURAL_BEFORE


def _starts_level(ctx: _Context, start: int) -> bool:
    return ctx.text[start : start + 2] == "街道" or ctx.text[start : start + 1] in LEVEL_WORDS


def _token_ok(ctx: _Context, tok: Token) -> bool:
    word = tok.text
    if not CJK.match(word) or word in ctx.lex.stop:
        return False
    if word in ctx.lex.name_words or ORDINAL.fullmatch(word):
        return True  # 第四小学, 第二人民医院: an ordinal inside a name
    if len(word) == 1:
        if word in LINKING_CHARS:
            return False  # 率, 任, 请: a verb that links a person or unit to the name
        if word == "经" and (ctx.text[tok.end : tok.end + 1] in AREA_CHARS or tok.end in ctx.place_starts):
            return False  # 经县爱卫会研究: "through", but 经开区 and 经信局 keep it
        return not tok.pos.startswith(("m", "p", "c", "u", "r", "q")) and not gazetteer.is_function_char(
            tok, ("t", "d")
        )
    return tok.pos == "vn" or not tok.pos.startswith(("v", *STOP_POS))


def _acceptable(ctx: _Context, name: str, key: str, start: int, i: int) -> bool:
    """Reject generic words, bare suffixes and plural references."""
    lex = ctx.lex
    if name in lex.generic_names:
        return False
    places, level_word, core = split_prefix(name, ctx.lexicon_dir)
    prefixed = bool(places or level_word) or name.startswith(("团", *NATIONAL))
    if not prefixed and core in lex.generic_names:
        return False
    bare = core[2:] if core.startswith(NATIONAL) else core
    stem = bare[: len(bare) - len(key)] if bare.endswith(key) else bare
    # a bare suffix (局, 委员会) or one character before it (进学校) is no name,
    # but a level word alone names a standing institution (县医院, 镇卫生院)
    standing = bool(level_word) and not stem and key in lex.standing
    if key not in lex.abbreviations and not places and len(stem) < (1 if prefixed else 2) and not standing:
        return False
    if _suffix_kind(key, lex) == "shop" and (
        not stem or len(stem) > MAX_SHOP_NAME or stem[0] in SHOP_NAME_NOT_FIRST
    ):
        return False  # 检查理发店, 3家快餐店: a shop's name is a short coined word
    if not prefixed and _suffix_kind(key, lex) in COMPANY_KINDS and _only_trades(stem, lex.trades):
        return False  # 修理厂, 环卫公司, 专业消杀公司: trades, not a company's name
    if name.endswith(lex.site_suffixes):
        return False  # 县行政中心 is a place
    if key == "站" and any(not d.ambiguous for d in gazetteer.lookup(name[:-1], ctx.lexicon_dir)):
        return False  # 横州站, 咸宁站: a city's railway station is a place
    if stem in lex.generic_cores or any(stem.startswith(g) for g in lex.generic_cores if len(g) == 1):
        return False
    if not prefixed and key not in lex.abbreviations and gazetteer.is_common_word(core):
        return False  # 医院, 派出所, 居委会 written alone are generic
    return not (level_word and _plural(ctx, start))


def _only_trades(stem: str, trades: frozenset[str]) -> bool:
    """The stem is made of trade words only (修理, 专业+消杀), read longest first."""
    if not stem:
        return True
    return any(stem[:n] in trades and _only_trades(stem[n:], trades) for n in range(len(stem), 0, -1))


def _place_at(level_word: str | None, place: str | None, lexicon_dir: Path | None) -> str | None:
    """Full name of the place a level word refers to, given the article's place."""
    if not place:
        return None
    name = re.split(r"[（(]", place)[0]
    divisions = gazetteer.lookup(name, lexicon_dir)
    if not divisions:
        return name if level_word in (None, "镇", "乡", "街道") else None
    division = divisions[0]
    if level_word is None:
        return division.full
    level = LEVEL_WORDS[level_word]
    if level_word == "市" and division.full.endswith("市"):
        return division.full  # a county-level city calls itself 市
    if level == "county" and division.level == "district":
        return None
    found = gazetteer.ancestor_at(division, level, lexicon_dir)
    return found.full if found else None


def _expand_tail(core: str, lex: UnitLexicon) -> str:
    """Expand the longest abbreviation the core ends with (区疾控中心 → 区疾病预防控制中心)."""
    for n in range(len(core) - 1, 1, -1):
        full = lex.abbreviations.get(core[-n:])
        if full and "{P}" not in full[0]:
            return core[:-n] + full[0]
    return core
