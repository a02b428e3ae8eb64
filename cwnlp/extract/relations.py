"""Relations between entities, stated in one sentence, found by trigger rules.

A relation is read sentence by sentence from entities that other components
found.  The method is a trigger lexicon (``data/relation_triggers.tsv``: the
trigger word, its relation type and a pattern) plus the order of entities
around the trigger inside its clause (clauses split at ，；：):

* ``svo``: the agent before the trigger heads the relation, the entities right
  after it are tails, each member of a list ``A、B和C`` on its own;
* an entity after 对/到/赴/深入 … is not an agent; for some triggers it is the
  tail (``某省将对某市进行暗访``);
* a passive or relative clause turns round (``X是某办检查过的单位``, ``X由Y负责``);
* a clause without an agent may borrow the sentence's subject (``某科牵头，组织A、B``);
* a post before a name is part of the person (``县委副书记、县长某某带队督导`` → the person);
* 由X主办，Y、Z承办; 由X任组长的Y; 从X抽调人员组成Y; Y的挂点单位X;
* places written nested (``某区某街道某社区``) give SUBUNIT_OF, child → parent.

Heads and tails are the entities' ``text`` exactly.  ``HOLDS_POST`` is not made
here (see :func:`cwnlp.extract.persons.holds_post`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from cwnlp.extract.gazetteer import read_table
from cwnlp.extract.places import LEVEL_RANK, place_level
from cwnlp.model import Entity, Relation, Sentence
from cwnlp.text.sentences import split_sentences

__all__ = ["find_relations", "cooccurrence_baseline", "load_lexicon", "RelationLexicon", "Trigger"]

ARG_TYPES = ("PERSON", "UNIT", "PLACE")
# relations that make a place the head's own concern, where its later money goes
LINKING = ("LIAISES_WITH", "RESPONSIBLE_FOR")
CLAUSE_BREAKS = "，；：,;:"
PUNCT = re.compile(r"[，；：,;:。！？!?（）()【】“”\"《》]")
# 该县 / 全市 / 本区 written between a preposition and a place name
DETERMINER = re.compile(r"(?:该|本|全|我)(?:省|市|州|县|区|镇|乡|街道|村|社区)?$")
LEADING_JUNK = re.compile(r"^[\s（(“”\"'‘’《》【】\-—·]+")
NUMERAL_START = re.compile(r"^[0-9０-９一二三四五六七八九十两几百千万多个支批名]")
CJK = re.compile(r"^[\u4e00-\u9fff]+$")


@dataclass(frozen=True)
class Trigger:
    """One row of the trigger lexicon."""

    text: str
    rels: tuple[str, ...]
    pattern: str
    gap: int = 2
    fallback: bool = False
    money: bool = False
    obl: bool = False
    pair: bool = False
    tight: bool = False


@dataclass(frozen=True)
class RelationLexicon:
    """Triggers, the entity types of each relation, and function words by role."""

    triggers: dict[str, Trigger]
    max_trigger: int
    lengths_by_first: dict[str, tuple[int, ...]]  # trigger lengths by first character, longest first
    args: dict[str, tuple[frozenset[str], frozenset[str]]]
    markers: dict[str, tuple[str, ...]]  # longest first

    def marker(self, role: str) -> tuple[str, ...]:
        return self.markers.get(role, ())


def _parse_trigger(row: list[str]) -> Trigger:
    options = {o.strip() for o in (row[3] if len(row) > 3 else "").split(",") if o.strip()}
    gap = next((int(o[4:]) for o in options if o.startswith("gap=")), 2)
    return Trigger(
        text=row[0],
        rels=tuple(row[1].split("|")),
        pattern=row[2] if len(row) > 2 else "svo",
        gap=gap,
        fallback="fallback" in options,
        money="money" in options,
        obl="obl" in options,
        pair="pair" in options,
        tight="tight" in options,
    )


def _lengths_by_first(words: dict[str, Trigger]) -> dict[str, tuple[int, ...]]:
    lengths: dict[str, set[int]] = {}
    for word in words:
        lengths.setdefault(word[0], set()).add(len(word))
    return {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}


@lru_cache(maxsize=4)
def load_lexicon(lexicon_dir: Path | None = None) -> RelationLexicon:
    """The shipped relation data merged with ``lexicon_dir`` (same file names); cached."""
    triggers = {row[0]: _parse_trigger(row) for row in read_table("relation_triggers.tsv", lexicon_dir)}
    args = {
        row[0]: (frozenset(row[1].split(",")), frozenset(row[2].split(",")))
        for row in read_table("relation_args.tsv", lexicon_dir)
    }
    markers: dict[str, list[str]] = {}
    for row in read_table("relation_markers.tsv", lexicon_dir):
        if len(row) > 1:
            markers.setdefault(row[0], []).append(row[1])
    return RelationLexicon(
        triggers=triggers,
        max_trigger=max(map(len, triggers)),
        lengths_by_first=_lengths_by_first(triggers),
        args=args,
        markers={k: tuple(sorted(set(v), key=len, reverse=True)) for k, v in markers.items()},
    )


# ---------------------------------------------------------------- sentence context


@dataclass
class _Arg:
    """A relation argument: an entity, with the span of its phrase (title, nested places)."""

    text: str
    type: str
    start: int
    end: int
    ent: Entity | None = None


@dataclass
class _Hit:
    trigger: Trigger
    start: int
    end: int
    text: str


@dataclass
class _Sent:
    text: str  # the whole document text; offsets are absolute
    start: int
    end: int
    args: list[_Arg]
    amounts: list[Entity]
    dates: list[Entity]
    clauses: list[tuple[int, int]]
    lex: RelationLexicon
    persons: list[Entity]
    hosts: list[list[_Arg]] = field(default_factory=list)
    linked: dict[str, list[_Arg]] = field(default_factory=dict)  # head → places it liaises with
    objects: set[int] = field(default_factory=set)  # ids of args that are tails of an earlier trigger

    def clause_of(self, pos: int) -> tuple[int, int]:
        return next((c for c in self.clauses if c[0] <= pos < c[1]), (self.start, self.end))

    def args_in(self, start: int, end: int, types: Iterable[str] | None = None) -> list[_Arg]:
        allowed = set(types) if types is not None else None
        return [
            a
            for a in self.args
            if start <= a.start and a.end <= end and (allowed is None or a.type in allowed)
        ]


@dataclass
class _Found:
    head: _Arg
    rel: str
    tail: _Arg
    hit: _Hit | None
    score: float
    amount: str | None = None


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [i + 1 for i in range(start, end) if text[i] in CLAUSE_BREAKS]
    bounds = [start, *cuts, end]
    return [(a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


def _inside(ents: list[Entity], start: int, end: int, types: Iterable[str]) -> list[Entity]:
    allowed = set(types)
    return [e for e in ents if e.type in allowed and start <= e.start and e.end <= end]


def _non_overlapping(ents: list[Entity]) -> list[Entity]:
    """Longest mentions first; a mention inside a longer one is dropped (市 in 市住建局)."""
    kept: list[Entity] = []
    for ent in sorted(ents, key=lambda e: (-(e.end - e.start), e.start)):
        if all(ent.end <= k.start or ent.start >= k.end for k in kept):
            kept.append(ent)
    return sorted(kept, key=lambda e: e.start)


def _title_start(text: str, person: Entity, args: list[_Arg], lex: RelationLexicon) -> int:
    """Where the posts written before a person begin (市政协副主席、县委书记某某 → at 市政协)."""
    title = person.title or ""
    start = person.start
    if title and text[max(0, person.start - len(title)) : person.start] == title:
        start = person.start - len(title)
    # units named in the posts (市委副书记、市长某某), also when the title given is shorter
    for arg in reversed(args):
        if arg.end > start or arg.type not in ("UNIT", "PLACE"):
            continue
        if not _is_post_gap(text[arg.end : person.start], lex):
            break
        start = arg.start
    return start


def _is_post_gap(gap: str, lex: RelationLexicon) -> bool:
    """Post words between a unit and a name: 主任 / 副书记、市长 / 党工委副、办事处主任."""
    parts = gap.split("、")
    if not gap or len(gap) > 14 or not all(CJK.match(p) for p in parts if p):
        return False
    return all(p.endswith(lex.marker("post_end")) for p in parts if p) and bool(parts[-1])


def _absorb_titles(text: str, args: list[_Arg], lex: RelationLexicon) -> list[_Arg]:
    """Units and places inside a person's written post belong to the person."""
    for arg in args:
        if arg.type != "PERSON" or arg.ent is None:
            continue
        start = _title_start(text, arg.ent, args, lex)
        # a place name dropped from the title (某某县卫健局局长) sits right before it
        before = [a for a in args if a.type == "PLACE" and a.end == start]
        arg.start = before[0].start if before else start
    persons = [a for a in args if a.type == "PERSON"]
    return [
        a
        for a in args
        if a.type == "PERSON" or not any(p.start <= a.start and a.end <= p.end for p in persons)
    ]


def _rank(ent: Entity) -> int | None:
    level = ent.level or place_level(ent.text)
    return LEVEL_RANK.get(level) if level else None


def _nest_places(args: list[_Arg]) -> tuple[list[_Arg], list[tuple[_Arg, _Arg]]]:
    """Merge places written nested into one phrase (its last, smallest place speaks for it).

    Returns the merged arguments and the (child, parent) pairs.
    """
    out: list[_Arg] = []
    pairs: list[tuple[_Arg, _Arg]] = []
    for arg in args:
        prev = out[-1] if out else None
        if (
            prev is not None
            and arg.type == prev.type == "PLACE"
            and prev.end == arg.start
            and _is_nested(prev, arg)
        ):
            parent = _Arg(prev.text, "PLACE", prev.ent.start, prev.end, prev.ent)  # type: ignore[union-attr]
            pairs.append((_Arg(arg.text, "PLACE", arg.start, arg.end, arg.ent), parent))
            out[-1] = _Arg(arg.text, "PLACE", prev.start, arg.end, arg.ent)
            continue
        out.append(arg)
    return out, pairs


def _is_nested(outer: _Arg, inner: _Arg) -> bool:
    a, b = _rank(outer.ent), _rank(inner.ent)  # type: ignore[arg-type]
    return a is not None and b is not None and a < b


def _context(
    text: str, sent: Sentence, entities: list[Entity], persons: list[Entity], lex: RelationLexicon
) -> tuple[_Sent, list[tuple[_Arg, _Arg]]]:
    mentions = _non_overlapping(_inside(entities, sent.start, sent.end, ARG_TYPES))
    args = [_Arg(e.text, e.type, e.start, e.end, e) for e in mentions]
    args = _absorb_titles(text, args, lex)
    args, nested = _nest_places(args)
    ctx = _Sent(
        text=text,
        start=sent.start,
        end=sent.end,
        args=args,
        amounts=_inside(entities, sent.start, sent.end, ("AMOUNT",)),
        dates=sorted(_inside(entities, sent.start, sent.end, ("DATE",)), key=lambda e: e.start),
        clauses=_clauses(text, sent.start, sent.end),
        lex=lex,
        persons=persons,
    )
    return ctx, nested


# ---------------------------------------------------------------- triggers


def _triggers(ctx: _Sent) -> list[_Hit]:
    """Trigger words of the sentence, longest first, outside entity names; NONE rows block."""
    hits: list[_Hit] = []
    taken = [(a.start, a.end) for a in ctx.args]
    i = ctx.start
    while i < ctx.end:
        hit = _trigger_at(ctx, i, taken)
        if hit is None:
            i += 1
            continue
        if hit.trigger.rels != ("NONE",):
            hits.append(hit)
        i = hit.end
    return _merge_adjacent(hits)


def _trigger_at(ctx: _Sent, i: int, taken: list[tuple[int, int]]) -> _Hit | None:
    for n in ctx.lex.lengths_by_first.get(ctx.text[i], ()):
        if n > ctx.end - i:
            continue
        trig = ctx.lex.triggers.get(ctx.text[i : i + n])
        if trig and not any(s < i + n and i < e for s, e in taken):
            return _Hit(trig, i, i + n, trig.text)
    return None


def _merge_adjacent(hits: list[_Hit]) -> list[_Hit]:
    """调研督导: two triggers of one relation written together act as one."""
    out: list[_Hit] = []
    for hit in hits:
        prev = out[-1] if out else None
        same = (
            prev is not None
            and prev.trigger.rels == hit.trigger.rels
            and prev.trigger.pattern == hit.trigger.pattern
        )
        if prev is not None and same and prev.end == hit.start:
            out[-1] = _Hit(hit.trigger, prev.start, hit.end, prev.text + hit.text)
        else:
            out.append(hit)
    return out


# ---------------------------------------------------------------- argument finding


def _types(lex: RelationLexicon, rels: tuple[str, ...], side: int) -> frozenset[str]:
    out: set[str] = set()
    for rel in rels:
        out |= lex.args.get(rel, (frozenset(), frozenset()))[side]
    return frozenset(out)


def _ends_with(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if text.endswith(w)), None)


def _before(ctx: _Sent, arg: _Arg) -> str:
    """Clause text before an argument, without a trailing determiner (深入到该县 → 深入到)."""
    cstart = ctx.clause_of(arg.start)[0]
    return DETERMINER.sub("", ctx.text[cstart : arg.start])


def _marker_before(ctx: _Sent, arg: _Arg, role: str) -> str | None:
    return _ends_with(_before(ctx, arg), ctx.lex.marker(role))


def _is_separator(ctx: _Sent, gap: str) -> bool:
    """A coordination gap: a separator, maybe after a short member noun (某大队志愿者、)."""
    sep = _ends_with(gap, ctx.lex.marker("separator"))
    if sep is None:
        return False
    rest = gap[: len(gap) - len(sep)]
    return len(rest) <= 5 and (not rest or bool(CJK.match(rest)))


def _chain(ctx: _Sent, first: _Arg, types: frozenset[str], limit: int) -> list[_Arg]:
    """``first`` and the arguments listed after it (A、B和C), up to position ``limit``."""
    group = [first]
    for arg in ctx.args:
        if arg.start < group[-1].end or arg.end > limit:
            continue
        if arg.type not in types or not _is_separator(ctx, ctx.text[group[-1].end : arg.start]):
            break
        group.append(arg)
    return group


def _chain_back(ctx: _Sent, last: _Arg, types: frozenset[str], floor: int) -> list[_Arg]:
    """``last`` and the arguments listed before it, back to position ``floor``."""
    group = [last]
    for arg in reversed(ctx.args):
        if arg.end > group[0].start or arg.start < floor:
            continue
        if arg.type not in types or not _is_separator(ctx, ctx.text[arg.end : group[0].start]):
            break
        group.insert(0, arg)
    return group


def _right_tails(ctx: _Sent, hit: _Hit, types: frozenset[str], gap: int) -> list[_Arg]:
    cend = ctx.clause_of(hit.start)[1]
    for arg in ctx.args:
        if arg.start < hit.end:
            continue
        between = ctx.text[hit.end : arg.start]
        if len(between) > gap or PUNCT.search(between) or arg.type not in types:
            return []
        return _chain(ctx, arg, types, cend)
    return []


def _left_agent(ctx: _Sent, hit: _Hit, types: frozenset[str], tight: bool = False) -> list[_Arg]:
    """The agent before the trigger in its clause, with the list it belongs to."""
    cstart = ctx.clause_of(hit.start)[0]
    for arg in reversed(ctx.args_in(cstart, hit.start)):
        if tight and arg.end != hit.start:
            return []
        # 带领A检查B: A is the object of 带领, the one who checks is the leader before it
        if _marker_before(ctx, arg, "oblique") or arg.type not in types or id(arg) in ctx.objects:
            continue
        group = _chain_back(ctx, arg, types, cstart)
        return group + [a for a in _chain(ctx, arg, types, hit.start)[1:]]
    return []


def _clause_initial(ctx: _Sent, arg: _Arg) -> bool:
    """Nothing but dates, openers or 由 before the argument in its clause."""
    cstart = ctx.clause_of(arg.start)[0]
    prefix = ctx.text[cstart : arg.start]
    for date in ctx.dates:
        if cstart <= date.start and date.end <= arg.start:
            prefix = prefix.replace(date.text, "", 1)
    prefix = LEADING_JUNK.sub("", prefix)
    openers = (*ctx.lex.marker("opener"), "由")
    changed = True
    while prefix and changed:
        word = next((w for w in openers if prefix.startswith(w)), None)
        changed = word is not None
        prefix = LEADING_JUNK.sub("", prefix[len(word) :]) if word else prefix
    return not prefix


def _subject(ctx: _Sent, hit: _Hit, types: frozenset[str]) -> list[_Arg]:
    """The nearest clause-initial agent before the trigger's clause in the sentence."""
    cstart = ctx.clause_of(hit.start)[0]
    for arg in reversed(ctx.args_in(ctx.start, cstart)):
        if arg.type in types and _clause_initial(ctx, arg):
            return _chain(ctx, arg, types, cstart)
    return []


def _oblique_tails(ctx: _Sent, hit: _Hit, heads: list[_Arg], types: frozenset[str]) -> list[_Arg]:
    """对X进行暗访 / 到X调研: the marked argument between the agent and the trigger."""
    cstart = ctx.clause_of(hit.start)[0]
    floor = max([cstart, *(h.end for h in heads if h.end <= hit.start)])
    for arg in ctx.args_in(floor, hit.start, types):
        marker = _marker_before(ctx, arg, "oblique")
        if marker in ctx.lex.marker("tail_marker"):
            return _chain(ctx, arg, types, hit.start)
    return []


def _partner_of(
    ctx: _Sent, hit: _Hit, heads: list[_Arg], types: frozenset[str]
) -> tuple[list[_Arg], list[_Arg]]:
    """A与B结对: the first agent is the head, what it is joined with the tail."""
    if not heads:
        return heads, []
    for arg in ctx.args_in(heads[0].end, hit.start, types):
        if arg is not heads[0] and ctx.text[heads[0].end : arg.start] in ctx.lex.marker("pair_joiner"):
            return heads[:1], [arg]
    return heads, []


def _marked_after(ctx: _Sent, hit: _Hit, types: frozenset[str]) -> list[_Arg]:
    """投入80万元对某街进行改造 / 争取资金，为某社区新建…: a marked place after the trigger,
    in its clause or at the start of the next one."""
    cstart, cend = ctx.clause_of(hit.start)
    nxt = ctx.clause_of(cend)[1] if cend < ctx.end else cend
    for arg in ctx.args_in(hit.end, nxt, types):
        marker = _marker_before(ctx, arg, "oblique")
        if marker in ctx.lex.marker("tail_marker") and (
            arg.start < cend or ctx.text[cend : arg.start] == marker
        ):
            return [arg]
    return []


def _passive_tail(ctx: _Sent, heads: list[_Arg], types: frozenset[str]) -> list[_Arg]:
    """X是Y检查过的单位 / X被Y检查 / X由Y负责: X is the tail."""
    if not heads or not _marker_before(ctx, heads[0], "passive"):
        return []
    cstart = ctx.clause_of(heads[0].start)[0]
    before = [a for a in ctx.args_in(cstart, heads[0].start, types) if not _marker_before(ctx, a, "oblique")]
    return before[-1:]


# ---------------------------------------------------------------- money


def _is_money(ent: Entity) -> bool:
    return ent.kind == "money" or ent.unit == "元" or ent.text.rstrip().endswith("元")


def _amount(ctx: _Sent, hit: _Hit) -> str | None:
    """The money amount nearest the trigger in its clause."""
    cstart, cend = ctx.clause_of(hit.start)
    money = [a for a in ctx.amounts if cstart <= a.start and a.end <= cend and _is_money(a)]
    if not money:
        return None
    return min(money, key=lambda a: abs(a.start - hit.end)).text


def _about_money(ctx: _Sent, hit: _Hit) -> bool:
    cstart, cend = ctx.clause_of(hit.start)
    return any(w in ctx.text[hit.end : cend] for w in ctx.lex.marker("fund_word"))


def _funded(ctx: _Sent, heads: list[_Arg]) -> list[_Arg]:
    """Without a tail by the trigger: what the same head liaises with or answers for earlier
    in the sentence (某办联系某小区，……，落实资金 → the money goes to the 小区)."""
    out: list[_Arg] = []
    for head in heads:
        out += [t for t in ctx.linked.get(head.text, []) if t not in out]
    return out


# ---------------------------------------------------------------- patterns


def _pick_rel(lex: RelationLexicon, rels: tuple[str, ...], head: _Arg, tail: _Arg) -> str | None:
    for rel in rels:
        heads, tails = lex.args.get(rel, (frozenset(), frozenset()))
        if head.type in heads and tail.type in tails:
            return rel
    return None


def _pairs(
    ctx: _Sent, hit: _Hit, heads: list[_Arg], tails: list[_Arg], score: float, amount: str | None = None
) -> list[_Found]:
    found = []
    for head in heads:
        for tail in tails:
            rel = _pick_rel(ctx.lex, hit.trigger.rels, head, tail)
            if rel and head.text != tail.text:
                found.append(_Found(head, rel, tail, hit, score, amount))
    return found


def _svo(ctx: _Sent, hit: _Hit) -> list[_Found]:
    """Agent before the trigger → tails after it (or marked, passive, paired, funded)."""
    trig = hit.trigger
    head_types, tail_types = _types(ctx.lex, trig.rels, 0), _types(ctx.lex, trig.rels, 1)
    amount = _amount(ctx, hit) if trig.money else None
    if trig.money and amount is None and not _about_money(ctx, hit):
        return []
    score = 0.9
    heads = _left_agent(ctx, hit, head_types, trig.tight)
    if not heads and trig.fallback:
        heads, score = _subject(ctx, hit, head_types), 0.7
    heads, tails, score = _svo_tails(ctx, hit, heads, tail_types, score)
    if trig.pattern == "host" and heads:
        ctx.hosts.append(heads)
    if trig.pattern == "rev":  # X下设Y: Y is part of X
        return _pairs(ctx, hit, tails, heads, score)
    ctx.objects.update(id(t) for t in tails)
    return _pairs(ctx, hit, heads, tails, score, amount)


def _svo_tails(
    ctx: _Sent, hit: _Hit, heads: list[_Arg], types: frozenset[str], score: float
) -> tuple[list[_Arg], list[_Arg], float]:
    """The tails of an svo trigger, trying the readings from the most direct one down."""
    trig = hit.trigger
    tails = _right_tails(ctx, hit, types, trig.gap)
    if not tails and trig.obl:
        tails = _oblique_tails(ctx, hit, heads, types)
    if not tails:
        tails = _passive_tail(ctx, heads, types)
    if not tails and trig.pair:
        heads, tails = _partner_of(ctx, hit, heads, types)
    if not tails and trig.money:
        tails = _marked_after(ctx, hit, types)
    if not tails and trig.money:
        tails, score = _funded(ctx, heads), 0.7
    return heads, tails, score


def _partner(ctx: _Sent, hit: _Hit) -> list[_Found]:
    """由X主办，Y、Z共同承办: X coordinates Y and Z."""
    tail_types = _types(ctx.lex, hit.trigger.rels, 1)
    before = [a for a in ctx.args_in(ctx.clause_of(hit.start)[0], hit.start) if a.type in tail_types]
    if not before or len(ctx.text[before[-1].end : hit.start]) > 4:
        return []
    tails = _chain_back(ctx, before[-1], tail_types, ctx.clause_of(hit.start)[0])
    heads = ctx.hosts[-1] if ctx.hosts else []
    return _pairs(ctx, hit, heads, tails, 0.8)


def _post(ctx: _Sent, hit: _Hit) -> list[_Found]:
    """由X任指挥长的Y / 以X为组长的Y / X任Y组长: X leads Y (a deputy does not)."""
    left = ctx.text[ctx.clause_of(hit.start)[0] : hit.start]
    if _ends_with(left, ctx.lex.marker("deputy")):
        return []
    inner = next((a for a in ctx.args if a.end == hit.start and a.type == "UNIT"), None)
    verb_end = inner.start if inner else hit.start
    verb = _ends_with(ctx.text[ctx.start : verb_end], ctx.lex.marker("post_verb"))
    if verb is None:
        return []
    head = _post_holder(ctx, verb_end - len(verb))
    tail = inner or _led_unit(ctx, hit, head)
    if head is None or tail is None:
        return []
    return _pairs(ctx, hit, [head], [tail], 0.8)


def _post_holder(ctx: _Sent, end: int) -> _Arg | None:
    """The person, or the post as written, right before 任/为 (resolved to a name when known)."""
    person = next((a for a in ctx.args if a.end == end and a.type == "PERSON"), None)
    if person is not None:
        return person
    cstart = ctx.clause_of(end - 1)[0] if end > ctx.start else ctx.start
    # the post starts after 由 / 以 / 是 or after the previous post of a list (、)
    begin = max([cstart, *(ctx.text.rfind(w, cstart, end) + 1 for w in "由以、是")])
    post = ctx.text[begin:end]
    if not (2 <= len(post) <= 10 and CJK.match(post) and _ends_with(post, ctx.lex.marker("post_end"))):
        return None
    name = _resolve_post(post, ctx.persons)
    return _Arg(name, "PERSON", begin, end) if name else _Arg(post, "POST", begin, end)


def _resolve_post(post: str, persons: list[Entity]) -> str | None:
    """The one named person of the article whose written posts include ``post``."""
    names = {p.text for p in persons if p.title and post in re.split(r"[、，,]", p.title)}
    return names.pop() if len(names) == 1 else None


def _led_unit(ctx: _Sent, hit: _Hit, head: _Arg | None) -> _Arg | None:
    """The unit the post is of: 的Y later in the clause (由X任指挥长、Z任副指挥长的Y),
    else the unit that ends the clause before 由 (成立Y，由X任组长)."""
    cend = ctx.clause_of(hit.start)[1]
    for arg in ctx.args_in(hit.end, cend, ("UNIT",)):
        if ctx.text[arg.start - 1] == "的":
            return arg
    if head is None or ctx.text[head.start - 1 : head.start] != "由":
        return None
    cstart = ctx.clause_of(head.start)[0]
    if cstart == head.start - 1 and cstart > ctx.start:
        pstart = ctx.clause_of(cstart - 1)[0]
        prev = ctx.args_in(pstart, cstart - 1, ("UNIT",))
        if prev and prev[-1].end == cstart - 1:
            setup = ctx.text[pstart : prev[-1].start]
            return prev[-1] if any(w in setup for w in ctx.lex.marker("setup")) else None
    return None


def _draw(ctx: _Sent, hit: _Hit) -> list[_Found]:
    """从X抽调人员组成Y: X takes part in Y."""
    head_types = _types(ctx.lex, hit.trigger.rels, 0)
    cstart = ctx.clause_of(hit.start)[0]
    sources = [a for a in ctx.args_in(cstart, hit.start, head_types) if _marker_before(ctx, a, "source")]
    heads = _chain(ctx, sources[-1], head_types, hit.start) if sources else _left_agent(ctx, hit, head_types)
    tail = _joined(ctx, hit)
    return _pairs(ctx, hit, heads, [tail], 0.8) if heads and tail else []


def _joined(ctx: _Sent, hit: _Hit) -> _Arg | None:
    """The unit or named group after 组成/成立/到 … following a draw trigger."""
    tail_types = _types(ctx.lex, hit.trigger.rels, 1)
    for verb in ctx.lex.marker("join"):
        pos = ctx.text.find(verb, hit.end, ctx.end)
        if pos < 0 or PUNCT.search(ctx.text[hit.end : pos]):
            continue
        after = pos + len(verb)
        unit = next((a for a in ctx.args if after <= a.start <= after + 1 and a.type in tail_types), None)
        if unit is not None:
            return unit
        group = _group_name(ctx, after)
        if group is not None and "GROUP" in tail_types:
            return group
    return None


def _group_name(ctx: _Sent, pos: int) -> _Arg | None:
    rest = ctx.text[pos : min(ctx.end, pos + 10)]
    if NUMERAL_START.match(rest) or rest.startswith("了"):
        return None
    suffixes = "|".join(map(re.escape, ctx.lex.marker("group_suffix")))
    match = re.match(rf"[\u4e00-\u9fff]{{1,8}}?(?:{suffixes})", rest)
    if match is None or len(match.group()) < 3:
        return None
    return _Arg(match.group(), "GROUP", pos, pos + match.end())


def _poss(ctx: _Sent, hit: _Hit) -> list[_Found]:
    """Y的挂点单位X / X是Y的挂点单位 / X作为Y的责任单位."""
    head_types, tail_types = _types(ctx.lex, hit.trigger.rels, 0), _types(ctx.lex, hit.trigger.rels, 1)
    tail = next(
        (
            a
            for a in ctx.args
            if a.type in tail_types and a.end <= hit.start and ctx.text[a.end : hit.start] in ("", "的")
        ),
        None,
    )
    if tail is None:
        return []
    after = [a for a in ctx.args if hit.end <= a.start <= hit.end + 1 and a.type in head_types]
    if after:
        return _pairs(ctx, hit, after[:1], [tail], 0.8)
    cstart = ctx.clause_of(tail.start)[0]
    before = [a for a in ctx.args_in(cstart, tail.start, head_types) if not _marker_before(ctx, a, "oblique")]
    heads = before[-1:] or _subject(ctx, _Hit(hit.trigger, tail.start, tail.end, ""), head_types)
    return _pairs(ctx, hit, heads[:1], [tail], 0.7)


PATTERNS = {
    "svo": _svo,
    "rev": _svo,
    "host": _svo,
    "partner": _partner,
    "post": _post,
    "draw": _draw,
    "poss": _poss,
}


# ---------------------------------------------------------------- public API


def _check(text: object, entities: object) -> None:
    if not isinstance(text, str):
        raise TypeError(f"find_relations expects text as str, got {type(text).__name__}")
    if not isinstance(entities, list) or not all(isinstance(e, Entity) for e in entities):
        raise TypeError("find_relations expects entities as a list of cwnlp.model.Entity")


def _valid(text: str, entities: list[Entity]) -> list[Entity]:
    """Mentions whose offsets point at their text (others cannot be placed in a sentence)."""
    return [e for e in entities if 0 <= e.start < e.end <= len(text) and text[e.start : e.end] == e.text]


def _relation(ctx: _Sent, found: _Found, doc_id: str | None) -> Relation:
    date = ctx.dates[0] if ctx.dates else None
    return Relation(
        head=found.head.text,
        rel=found.rel,
        tail=found.tail.text,
        doc_id=doc_id,
        head_type=found.head.type,
        tail_type=found.tail.type,
        start=ctx.start,
        end=ctx.end,
        trigger=found.hit.text if found.hit else None,
        amount=found.amount,
        date=(date.norm or date.text) if date else None,
        score=found.score,
    )


def _sentence_relations(ctx: _Sent, nested: list[tuple[_Arg, _Arg]]) -> list[_Found]:
    found = [
        _Found(
            child,
            "SUBUNIT_OF",
            parent,
            _Hit(
                Trigger("", ("SUBUNIT_OF",), "nest"),
                parent.start,
                child.end,
                ctx.text[parent.start : child.end],
            ),
            0.9,
        )
        for child, parent in nested
    ]
    for hit in _triggers(ctx):
        new = PATTERNS.get(hit.trigger.pattern, _svo)(ctx, hit)
        for f in new:
            if f.rel in LINKING:
                ctx.linked.setdefault(f.head.text, []).append(f.tail)
        found += new
    return found


def find_relations(
    text: str,
    entities: list[Entity],
    sentences: list[Sentence] | None = None,
    doc_id: str | None = None,
    lexicon_dir: Path | None = None,
) -> list[Relation]:
    """Relations stated in ``text`` between the given entity mentions, sentence by sentence.

    ``entities`` are mentions with offsets into ``text`` (PERSON, UNIT, PLACE, and
    AMOUNT / DATE for the evidence); mentions whose offsets do not match the
    text are ignored.  Each relation is listed once per document, with the
    evidence of its first sentence: sentence offsets, the trigger as written,
    the money amount of a FUNDS edge, the first DATE of the sentence (its ISO
    ``norm`` when known, else as written), and a rule confidence in ``score``.
    HOLDS_POST is not produced here.
    """
    _check(text, entities)
    lex = load_lexicon(lexicon_dir)
    mentions = _valid(text, entities)
    persons = [e for e in mentions if e.type == "PERSON"]
    seen: set[tuple[str, str, str]] = set()
    out: list[Relation] = []
    for sent in sentences if sentences is not None else split_sentences(text, doc_id):
        ctx, nested = _context(text, sent, mentions, persons, lex)
        for found in _sentence_relations(ctx, nested):
            key = (found.head.text, found.rel, found.tail.text)
            if key not in seen:
                seen.add(key)
                out.append(_relation(ctx, found, doc_id))
    return out


def cooccurrence_baseline(text: str, entities: list[Entity], doc_id: str | None = None) -> list[Relation]:
    """Baseline for the benchmark: every ordered pair of UNITs in a sentence, as COORDINATES.

    COORDINATES is the most common relation type in the development data after
    HOLDS_POST (which the persons component makes), and the only one linking
    two units in most sentences, so it is the fairest single guess.
    """
    _check(text, entities)
    units = _non_overlapping([e for e in _valid(text, entities) if e.type == "UNIT"])
    seen: set[tuple[str, str]] = set()
    out: list[Relation] = []
    for sent in split_sentences(text, doc_id):
        inside = [u for u in units if sent.start <= u.start and u.end <= sent.end]
        for i, head in enumerate(inside):
            for tail in inside[i + 1 :]:
                if head.text != tail.text and (head.text, tail.text) not in seen:
                    seen.add((head.text, tail.text))
                    out.append(
                        Relation(
                            head.text, "COORDINATES", tail.text, doc_id, "UNIT", "UNIT", sent.start, sent.end
                        )
                    )
    return out
