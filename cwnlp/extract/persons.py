"""Rule extractor for PERSON entities with their title and role, and HOLDS_POST relations.

A name is accepted only where the text gives evidence for it: right after a post,
byline or description word (市委书记孟某, 记者:甲 乙, 市民某某), before a post written
after it (孟某书记, 某某同志), or right after an organisation (某社区党总支王某在…).
A family name plus one or two given-name characters is then checked at both ends: the
given name holds no function word or place/organisation character, the string is no
common word (高标准, 全面), it does not overlap a post (县委书记任指挥长), and what follows
is a plausible next word (a verb, a preposition, punctuation).  Later mentions of a
found name inherit the first mention's title.  jieba's tags are one signal among these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from cwnlp.extract.titles import (
    TitleWord,
    data_words,
    find_title_words,
    is_cjk,
    is_generic_leader,
    pos_tags,
    split_posts,
    title_before,
    title_regex,
    title_role,
    title_words,
)
from cwnlp.model import Entity, Relation

# jieba flags of a word that may follow a name (verbs, prepositions, adverbs, particles).
FOLLOW_FLAGS = ("v", "p", "d", "c", "u", "t", "r", "m", "s")  # 说, 在, 也, 和, 的, 今年, 每天, 第一个, 当场
# jieba flags of a single character that is then a function word, not a family name.
FUNCTION_FLAGS = ("p", "c", "d", "r", "u", "m", "q", "f", "t")
# A dictionary word at least this frequent, not tagged as a name, is an ordinary word.
COMMON_WORD_FREQ = 50
FUNCTION_NEXT_FREQ = 1000  # after a function-word surname, words this frequent are no given name
# Dictionary tags of proper nouns: such a word may still be part of a name.
PROPER_FLAGS = ("nr", "ns", "nz")
# A name written with a middle dot (阿依古丽·买买提); group 2 is the part after the dot.
DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,8}([·•・‧])([\u4e00-\u9fff]{1,8})")
# Characters that cannot open a name even in a list (function words; 太 and 者 can).
LIST_NOT_FIRST = frozenset(
    "的了着是在与及或并而也就还又再已被把将对向从给让为于以据等这其之此该每各某本我你他她它们吗呢吧啊"
)
# Organisation endings after which a bare name may follow (某社区党总支王某在会上发言).
ORG_BEFORE_NAME = re.compile(r"(?:党总支|党支部|党委|党工委|居委会|村委会|办事处|公司|集团|中心)")
# Separators between names of one byline (记者:甲 乙、丙).
BYLINE_SEPARATORS = " \u3000、,，"
# A byline credit inside brackets: (记者 某某), (通讯员某某), (某某报 某某).
OUTLET_PAREN = re.compile(
    r"[(（]\s*([\u4e00-\u9fff]{2,12}?(?:日报|晚报|报|网|电视台|广播电视台|台|融媒体中心|融媒))\s+"
    r"([\u4e00-\u9fff]{2,4}(?:[ \u3000、]+[\u4e00-\u9fff]{2,4})*)\s*[)）]"
)
# Words that end a byline list rather than naming a person.
BYLINE_NOT_NAMES = frozenset(
    [
        "报道",
        "摄影",
        "摄",
        "整理",
        "供稿",
        "来源",
        "文图",
        "图文",
        "编辑",
        "审核",
        "出品",
        "制作",
        "监制",
        "发布",
    ]
)
# A photo credit after the name, closed by a bracket or the end of a line: (某某 摄).
PHOTO_CREDIT = re.compile(
    r"(?<![\u4e00-\u9fff])([\u4e00-\u9fff]{2,4})[ \u3000]*[/ \u3000][ \u3000]*摄(?=[)）\n]|$)"
)
# A bracketed note between a post and the name: 副主任(主持工作)某某.
TITLE_NOTE = re.compile(r"[(（][\u4e00-\u9fff]{2,6}[)）]")
BYLINE_WORD = re.compile(r"[\u4e00-\u9fff]{1,8}[·•・‧][\u4e00-\u9fff]{1,8}|[\u4e00-\u9fff·]{2,5}")
BYLINE_SEP = re.compile(r"[ \u3000]*[:：/][ \u3000]*|[ \u3000]+")
BRACKET_NAME = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:报道|摄)?[)）]")
MAX_TEXT = 2_000_000
SPEECH_VERBS = ("说", "介绍", "表示", "告诉", "坦言", "指出", "出席", "强调", "回忆")
MAX_FRAMED_NAME = 4
FRAMED_NOT_FIRST = frozenset("们也都还就再又已正在将要会均亦便才刚曾一每对向把被从给为与及等着了的地")
FRAMED_NOT_LAST = frozenset("着了的地们也都还就")


@dataclass
class _Mention:
    name: str
    start: int
    end: int
    title: str | None
    role: str
    explicit: bool = True  # False for a later bare mention


@lru_cache(maxsize=1)
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    """Single-character and compound family names."""
    words = data_words("person_surnames.txt")
    return frozenset(w for w in words if len(w) == 1), frozenset(w for w in words if len(w) == 2)


def family_names() -> frozenset[str]:
    """Single-character family names (places read 王家湾 with them too)."""
    return _surnames()[0]


@lru_cache(maxsize=1)
def _name_parts() -> tuple[frozenset[str], dict[str, tuple[int, ...]]]:
    """Listed name parts, and first character → their lengths, longest first."""
    parts = frozenset(data_words("person_name_parts.txt"))
    lengths: dict[str, set[int]] = {}
    for part in parts:
        lengths.setdefault(part[0], set()).add(len(part))
    return parts, {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}


@lru_cache(maxsize=1)
def _given_stopchars() -> frozenset[str]:
    return frozenset("".join(data_words("person_given_stopchars.txt")))


@lru_cache(maxsize=1)
def _given_orgchars() -> frozenset[str]:
    return frozenset("".join(data_words("person_given_orgchars.txt")))


@lru_cache(maxsize=1)
def _stopnames() -> frozenset[str]:
    return frozenset(data_words("person_stopnames.txt"))


@lru_cache(maxsize=1)
def _honorifics() -> tuple[str, ...]:
    return tuple(sorted(set(data_words("person_honorifics.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def _followers() -> tuple[str, ...]:
    return tuple(sorted(set(data_words("person_followers.txt")), key=len, reverse=True))


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, int], dict[str, str]]:
    """jieba's word frequencies and dictionary tags (loaded once, on first use)."""
    import logging

    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ, pseg.dt.word_tag_tab


def _is_common_word(word: str, proper: tuple[str, ...] = ("nr",)) -> bool:
    """A frequent dictionary word not tagged as a proper name (flags in ``proper``)."""
    if word in _stopnames():
        return True
    freq, tags = _dictionary()
    return freq.get(word, 0) >= COMMON_WORD_FREQ and not tags.get(word, "").startswith(proper)


def _surname_length(text: str, start: int) -> int:
    """Length of the family name at ``start`` (0 when none)."""
    singles, compounds = _surnames()
    if text[start : start + 2] in compounds:
        return 2
    return 1 if text[start : start + 1] in singles else 0


def _follower_ok(text: str, end: int) -> bool:
    """Whether what follows ``end`` can come after a name."""
    if end >= len(text) or not is_cjk(text[end]):
        return True
    rest = text[end : end + 6]
    if rest.startswith(_followers()):
        return True
    entry = _title_at(rest)
    if entry is not None and (entry.after or entry.word == "同志"):
        return True
    tokens = pos_tags(rest[:4])
    return bool(tokens) and tokens[0][1].startswith(FOLLOW_FLAGS)


def _title_at(fragment: str) -> TitleWord | None:
    """The title word at the start of ``fragment``, if any."""
    m = title_regex().match(fragment)
    return title_words()[m.group()] if m else None


def _function_start(text: str, start: int, end: int) -> bool:
    """jieba reads the family name as a function word before an ordinary word (向群众)."""
    tokens = pos_tags(text[start : start + 8])
    if len(tokens) < 2 or len(tokens[0][0]) != 1 or not tokens[0][1].startswith(FUNCTION_FLAGS):
        return False
    nxt = tokens[1][0]
    if len(nxt) < 2 or start + 1 + len(nxt) < end - 1 or not _is_common_word(nxt):
        return False
    if _dictionary()[0].get(nxt, 0) < FUNCTION_NEXT_FREQ:
        return False  # 尚|志军: a rarer word is more often a given name than 群众 is
    # A given name can be a proper-noun-like word (建华); ordinary words cannot (群众, 今年).
    return not _dictionary()[1].get(nxt, "n").startswith(("nz", "nr", "ns"))


def _crosses_word(text: str, start: int, end: int) -> bool:
    """A common word runs across the end of the name (高标|准)."""
    pos = start
    for word, _flag in pos_tags(text[start : start + 8]):
        # A word starting at the last name character may be a mis-cut verb (…明|说).
        if pos < end - 1 and end < pos + len(word) and len(word) >= 2 and _is_common_word(word):
            return True
        pos += len(word)
        if pos >= end:
            break
    return False


def _name_candidates(text: str, start: int, blocked: set[int]) -> list[int]:
    """Possible ends of a name starting at ``start`` (family name + 1-2 characters)."""
    sur = _surname_length(text, start)
    if not sur:
        return []
    # 高度, 全面, 单位: an ordinary word; a place-like pair can still open a name (江海林).
    if sur == 1 and _is_common_word(text[start : start + 2], PROPER_FLAGS):
        return []
    if text.startswith(_honorifics(), start + sur):
        return []
    stop, org = _given_stopchars(), _given_orgchars()
    ends: list[int] = []
    for given in (1, 2):
        end = start + sur + given
        if end > len(text):
            break
        ch = text[end - 1]
        if not is_cjk(ch) or ch in stop or (end - 1) in blocked:
            break
        if ch in org:
            # 王登科说 is a name; 王科长, 李家村, 包村 are not: such a character may only
            # close a two-character given name, before a clear follower.
            if given == 1:
                break
            if not _strong_follower(text, end) or _title_at(text[end - 1 : end + 5]) is not None:
                continue
        name = text[start:end]
        if _is_common_word(name) or _crosses_word(text, start, end):
            continue
        if _function_start(text, start, end):
            continue
        if _follower_ok(text, end):
            ends.append(end)
    return ends


def name_at(text: str, start: int, blocked: set[int] | None = None) -> int | None:
    """End of a person name starting at ``start``, or None; ``blocked`` are post positions."""
    dotted = DOTTED_NAME.match(text, start)
    if dotted and not (blocked or set()) & set(range(start, dotted.end())):
        # 买买提·艾力: names of Uyghur and other nationalities are written with a middle dot
        # and have no Han family name; the dot is what marks them.
        for end in range(dotted.start(2) + 1, dotted.end() + 1):
            if _strong_follower(text, end):
                return end
        return None
    parts_end = _parts_name_end(text, start, blocked or set())
    ends = _name_candidates(text, start, blocked or set())
    if parts_end is not None and (not ends or parts_end > ends[-1]):
        return parts_end
    if not ends:
        return None
    if len(ends) == 1:
        return ends[0]
    short, long_ = ends[0], ends[-1]
    # Both fit: the shorter one wins when its next character usually follows a name.
    if text[short:long_] in _followers() or text[short : short + 2] in _followers():
        return short
    return long_


def _parts_name_end(text: str, start: int, blocked: set[int], max_parts: int = 3) -> int | None:
    """End of a name made of two or three listed parts (才让多杰, 吉克木呷), or None.

    Tibetan, Yi and Mongolian names have no Han family name, so the surname rule
    cannot see them; a run of known name parts before a word that may follow a
    name can.  The longest such run wins.
    """
    known, parts = _name_parts()
    best: int | None = None
    frontier = [(start, 0)]
    while frontier:
        pos, count = frontier.pop()
        for length in parts.get(text[pos : pos + 1], ()):
            end = pos + length
            if text[pos:end] not in known or blocked & set(range(pos, end)):
                continue
            if count + 1 >= 2 and _follower_ok(text, end) and (best is None or end > best):
                best = end
            if count + 1 < max_parts:
                frontier.append((end, count + 1))
    return best


def _blocked_positions(matches: Iterable[tuple[re.Match[str], TitleWord]]) -> set[int]:
    """Character positions covered by title words; a name never overlaps them."""
    return {i for m, _ in matches for i in range(m.start(), m.end())}


def _byline_names(text: str, pos: int) -> list[tuple[int, int]]:
    """Names of a byline list starting at ``pos`` (甲 乙、丙), up to the next credit."""
    names: list[tuple[int, int]] = []
    while pos < len(text):
        m = BYLINE_WORD.match(text, pos)
        if not m:
            break
        word = m.group()
        if _title_at(word) is not None or word in BYLINE_NOT_NAMES:
            break
        if _is_common_word(word) and not _surname_length(text, pos):  # 记者:近日…
            break
        end = pos + len(word)
        if end < len(text) and text[end] not in BYLINE_SEPARATORS + ")）\n/":
            break
        names.append((pos, end))
        pos = end
        while pos < len(text) and text[pos] in BYLINE_SEPARATORS:
            pos += 1
    return names


def _byline_mentions(
    text: str, matches: list[tuple[re.Match[str], TitleWord]], blocked: set[int]
) -> list[_Mention]:
    """Credits written with a separator or inside brackets (记者:甲 乙; (通讯员某某))."""
    found: list[_Mention] = []
    for m, entry in matches:
        if entry.kind != "byline":
            continue
        pos = m.end()
        sep = BYLINE_SEP.match(text, pos)
        in_brackets = m.start() > 0 and text[m.start() - 1] in "(（"
        if sep:
            pos = sep.end()
            line_end = text.find("\n", pos)
            if any(q in text[pos : line_end if line_end >= 0 else len(text)] for q in "？?"):
                continue  # 记者：康定海拔高、冬季长，…？ is an interviewer's question
        elif in_brackets:
            # (通讯员某某) or (记者某某报道): a pen name needs no family name here.
            close = BRACKET_NAME.match(text, pos)
            if close and not _is_common_word(close.group(1)):
                found.append(_Mention(close.group(1), pos, pos + len(close.group(1)), m.group(), entry.role))
            continue
        else:
            # 本报记者某某报道: without a separator only a family-name name counts.
            end = name_at(text, pos, blocked)
            if end is not None:
                found.append(_Mention(text[pos:end], pos, end, m.group(), entry.role))
            continue
        for s, e in _byline_names(text, pos):
            found.append(_Mention(text[s:e], s, e, m.group(), entry.role))
    for m in OUTLET_PAREN.finditer(text):
        for s, e in _byline_names(text, m.start(2)):
            found.append(_Mention(text[s:e], s, e, None, "journalist"))
    return found


def _photo_credits(text: str, blocked: set[int]) -> list[_Mention]:
    """Photo credits written after the name: (某某 摄), 某某/摄."""
    found: list[_Mention] = []
    for m in PHOTO_CREDIT.finditer(text):
        start = m.start(1)
        if name_at(text, start, blocked) == m.end(1):
            found.append(_Mention(m.group(1), start, m.end(1), None, "journalist"))
    return found


def _list_after(text: str, end: int, blocked: set[int]) -> list[tuple[int, int]]:
    """Further names of a list sharing one title (县领导甲、乙、丙)."""
    names: list[tuple[int, int]] = []
    while end < len(text) and text[end] == "、":
        nxt = name_at(text, end + 1, blocked) or _list_member_at(text, end + 1, blocked)
        if nxt is None:
            break
        names.append((end + 1, nxt))
        end = nxt
    return names


def _list_member_at(text: str, start: int, blocked: set[int]) -> int | None:
    """A three-character name inside a list of names whose family name is not in our list.

    Between 、 and 、 (or a clear follower) after named people, three plain characters
    that are no dictionary word are a name (县领导甲、乙、丙 with a rare family name).
    """
    end = start + 3
    if end > len(text) or any(i in blocked for i in range(start, end)):
        return None
    name = text[start:end]
    stop = _given_stopchars() | _given_orgchars()
    if not all(is_cjk(ch) for ch in name) or name[0] in LIST_NOT_FIRST or any(ch in stop for ch in name[1:]):
        return None
    if _is_common_word(name) or _is_common_word(name[:2]) or _title_at(name) is not None:
        return None
    return end if _strong_follower(text, end) else None


def _titled_mentions(
    text: str,
    matches: list[tuple[re.Match[str], TitleWord]],
    blocked: set[int],
    unit_starts: Mapping[int, int] | None = None,
) -> list[_Mention]:
    """Names written right after a post or description word (副市长某某; 市民某某)."""
    found: list[_Mention] = []
    for m, entry in matches:
        if entry.kind == "byline":
            continue
        start = m.end()
        note = TITLE_NOTE.match(text, start)
        if note and entry.kind == "post":
            start = note.end()
        end = name_at(text, start, blocked)
        if end is None:
            end = _speech_framed_name(text, start, blocked)
        if end is None:
            continue
        tm = title_before(text, m.start(), m.end(), entry, unit_starts)
        role = "official" if entry.kind == "leader" else _title_role(tm.title, entry.role)
        found.append(_Mention(text[start:end], start, end, tm.title, role))
        for s, e in _list_after(text, end, blocked):
            found.append(_Mention(text[s:e], s, e, tm.title, role))
    return found


def _speech_framed_name(text: str, start: int, blocked: set[int]) -> int | None:
    """A name with no known family name between a post and a speech verb (队长和建明说).

    Rare family names (字, 杞, 宛), ones that are also function words (和), and
    Tibetan or Mongolian names (旺堆, 扎西多布) escape the family-name rule.  Between
    a post and 说/介绍/表示 a short run of two to four characters is still a name,
    unless it is an ordinary word or opens with one (纷纷表示, 高兴地说, 在会上说).
    """
    for end in range(start + 2, min(start + MAX_FRAMED_NAME, len(text)) + 1):
        run = text[start:end]
        if not all(is_cjk(ch) for ch in run) or blocked & set(range(start, end)):
            return None
        if run[0] in FRAMED_NOT_FIRST or run[-1] in FRAMED_NOT_LAST or _title_at(run) is not None:
            return None
        if not text.startswith(SPEECH_VERBS, end):
            continue
        if len(run) == 2 and _surname_length(text, start) == 1 and run[1] in _given_orgchars():
            return None  # 科长王科说: the family-name rule's own verdict stands
        if any(
            _is_common_word(run[a:b], PROPER_FLAGS)
            for a in range(len(run) - 1)
            for b in range(a + 2, len(run) + 1)
        ):
            return None  # 纷纷, 专家组|同时: an ordinary word anywhere in the run
        return end
    return None


def _title_role(title: str, default: str) -> str:
    """Official when any post of the title is an official's post, else the last post's role."""
    roles = [title_role(post) or default for post in split_posts(title)]
    return "official" if "official" in roles else (roles[-1] if roles else default)


def _left_boundary(text: str, start: int) -> bool:
    """Nothing of a word runs into ``start`` from the left."""
    return start == 0 or not is_cjk(text[start - 1]) or text[start - 1] in "的是由和与及对向在为"


def _after_mentions(
    text: str, matches: list[tuple[re.Match[str], TitleWord]], blocked: set[int]
) -> list[_Mention]:
    """Names written before their post (孟某书记) or before 同志."""
    found: list[_Mention] = []
    spots = [(m.start(), m.group(), e) for m, e in matches if e.kind == "post" and e.after]
    spots += [(m.start(), None, None) for m in re.finditer("同志", text)]
    for pos, word, entry in spots:
        for length in (3, 2, 4, 5, 6):
            start = pos - length
            if start < 0 or not _left_boundary(text, start):
                continue
            if name_at(text, start, blocked - set(range(pos, pos + 8))) != pos:
                continue
            if not _tagged_name(text[start:pos]) and _parts_name_end(text, start, blocked) != pos:
                continue
            role = entry.role if entry else "official"
            found.append(_Mention(text[start:pos], start, pos, word, role))
            break
    return found


def _tagged_name(name: str) -> bool:
    """jieba tags the string, alone, as a person name (a second opinion for weak contexts)."""
    tokens = pos_tags(name)
    return bool(tokens) and all(flag.startswith("nr") for _w, flag in tokens[:2])


def _strong_follower(text: str, end: int) -> bool:
    """A listed follower word or punctuation comes right after ``end``."""
    return end >= len(text) or not is_cjk(text[end]) or text[end : end + 6].startswith(_followers())


def _org_mentions(text: str, blocked: set[int]) -> list[_Mention]:
    """Names written straight after an organisation, with no title (某社区党总支王某在…)."""
    found: list[_Mention] = []
    for m in ORG_BEFORE_NAME.finditer(text):
        end = name_at(text, m.end(), blocked)
        if end is not None and (_tagged_name(text[m.end() : end]) or _strong_follower(text, end)):
            found.append(_Mention(text[m.end() : end], m.end(), end, None, "official"))
    return found


def _drop_overlaps(mentions: list[_Mention]) -> list[_Mention]:
    """Keep the first of overlapping mentions (bylines and titled ones come first)."""
    kept: list[_Mention] = []
    taken: set[int] = set()
    for mention in mentions:
        span = set(range(mention.start, mention.end))
        if span & taken:
            continue
        kept.append(mention)
        taken |= span
    return kept


def _share_titles(mentions: list[_Mention]) -> list[_Mention]:
    """A mention written without a post takes the post another mention of the name has
    (（某某 摄） before the byline 记者 某某): one person, one title per article."""
    titled: dict[str, _Mention] = {}
    for mention in sorted(mentions, key=lambda x: x.start):
        if mention.title is not None:
            titled.setdefault(mention.name, mention)
    return [
        _Mention(x.name, x.start, x.end, titled[x.name].title, titled[x.name].role, x.explicit)
        if x.title is None and x.name in titled
        else x
        for x in mentions
    ]


def _later_mentions(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Bare later (or earlier) mentions of found names, carrying the resolved title."""
    resolved: dict[str, _Mention] = {}
    for mention in mentions:
        best = resolved.get(mention.name)
        if best is None or (best.title is None and mention.title is not None):
            resolved[mention.name] = mention
    taken = {i for x in mentions for i in range(x.start, x.end)}
    longer = sorted(resolved, key=len, reverse=True)
    extra: list[_Mention] = []
    for name in longer:
        first = resolved[name]
        for m in re.finditer(re.escape(name), text):
            span = set(range(m.start(), m.end()))
            if span & taken:
                continue
            extra.append(_Mention(name, m.start(), m.end(), first.title, first.role, explicit=False))
            taken |= span
    return extra


def _check_input(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"find_persons expects a str, got {type(text).__name__}")
    if len(text) > MAX_TEXT:
        raise ValueError(f"text too long for person extraction ({len(text)} > {MAX_TEXT} characters)")
    return text


def find_persons(text: str, units: Sequence[Entity] = ()) -> list[Entity]:
    """PERSON mentions in ``text`` with title (as written, place dropped) and role.

    Every mention is returned, in text order; a later bare mention of a name carries
    the title of its first titled mention.  ``units`` are UNIT mentions found before:
    one written right before a post word belongs to the title (市创卫办主任).
    """
    text = _check_input(text)
    if not text.strip():
        return []
    matches = find_title_words(text)
    blocked = _blocked_positions(matches)
    mentions = _byline_mentions(text, matches, blocked)
    mentions += _photo_credits(text, blocked)
    unit_starts = {u.end: u.start for u in units if u.type == "UNIT"}
    mentions += _titled_mentions(text, matches, blocked, unit_starts)
    mentions += _after_mentions(text, matches, blocked)
    mentions += _org_mentions(text, blocked)
    mentions = _drop_overlaps(mentions)
    mentions = _share_titles(mentions)
    mentions += _later_mentions(text, mentions)
    mentions.sort(key=lambda x: x.start)
    return [
        Entity(
            type="PERSON", text=x.name, start=x.start, end=x.end, title=x.title, role=x.role, source="rule"
        )
        for x in mentions
    ]


def holds_post(persons: Iterable[Entity]) -> list[Relation]:
    """One HOLDS_POST relation per post in each official's title (split at 、).

    None for journalists, editors, citizens, staff or generic titles such as 县领导.
    """
    relations: list[Relation] = []
    seen: set[tuple[str, str]] = set()
    for person in persons:
        if person.type != "PERSON" or person.role != "official" or not person.title:
            continue
        if is_generic_leader(person.title):
            continue
        for post in split_posts(person.title):
            key = (person.text, post)
            if key in seen or is_generic_leader(post):
                continue
            seen.add(key)
            relations.append(
                Relation(
                    head=person.text,
                    rel="HOLDS_POST",
                    tail=post,
                    doc_id=person.doc_id,
                    head_type="PERSON",
                    trigger=person.title,
                )
            )
    return relations
