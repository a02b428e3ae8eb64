"""Feature strings for rule candidates (a UNIT, PLACE or PERSON mention found by a rule).

Each candidate becomes a short list of strings such as ``s2=街道`` (last two
characters), ``l1=对`` (the character before it) or ``in=UNIT`` (it sits inside a
longer UNIT candidate).  The strings are one-hot encoded by the classifier's
vectoriser, so adding a feature here never changes the model format.

Everything here is a few dictionary look-ups per candidate: the jieba tokens
are the ones the spaCy tokenizer already made, and POS tags come from jieba's
dictionary rather than from a second tagging pass, which keeps the filter near
the tokenizer's speed.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cwnlp.extract import gazetteer
from cwnlp.extract.components import text_of
from cwnlp.model import Entity

MAX_CONTEXT = 3  # characters read on each side of a candidate
MAX_LEN_BUCKET = 10
_DIGIT = re.compile(r"[0-9０-９]")
_LATIN = re.compile(r"[A-Za-zＡ-Ｚａ-ｚ]")


@dataclass(frozen=True)
class Context:
    """What the features of one document's candidates are computed from."""

    text: str
    token_starts: tuple[int, ...]  # sorted start offsets of the tokenizer's words
    token_ends: frozenset[int]
    candidates: tuple[Entity, ...]  # all rule candidates of the document, every type
    place: str | None = None  # the article's campaign place, when known


def make_context(
    text: str, words: Sequence[str], candidates: Sequence[Entity], place: str | None = None
) -> Context:
    """A :class:`Context` from the text, its tokens (in order, covering the text) and candidates."""
    starts, pos = [], 0
    for word in words:
        found = text.find(word, pos)
        if found < 0:
            continue
        starts.append(found)
        pos = found + len(word)
    ends = frozenset(s + len(w) for s, w in zip(starts, words, strict=False))
    return Context(text, tuple(starts), ends, tuple(candidates), place)


def doc_context(doc) -> Context:  # doc: spacy.tokens.Doc
    """The :class:`Context` of a spaCy Doc whose ``doc._.entities`` hold the candidates."""
    starts = tuple(t.idx for t in doc)
    ends = frozenset(t.idx + len(t.text) for t in doc)
    return Context(text_of(doc), starts, ends, tuple(doc._.entities or ()), doc._.place)


def judged(candidates: Sequence[Entity], types: Sequence[str]) -> list[int]:
    """Indices of the candidates the filter judges: the open-class ones of ``types``.

    A place inside a unit candidate (市 in 市住建局) is settled by overlap
    resolution, and a place that is an unambiguous division name (咸宁市, 咸安区)
    is closed-class gazetteer knowledge; neither is trained on nor dropped.
    """
    units = [(e.start, e.end) for e in candidates if e.type == "UNIT"]
    out = []
    for i, e in enumerate(candidates):
        if e.type not in types:
            continue
        if e.type == "PLACE" and (_known_division(e.text) or _nested(e, units)):
            continue
        out.append(i)
    return out


def _nested(ent: Entity, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= ent.start and ent.end <= t and (s, t) != (ent.start, ent.end) for s, t in spans)


@lru_cache(maxsize=65536)
def _known_division(name: str) -> bool:
    return any(not d.ambiguous for d in gazetteer.lookup(name))


def features(ctx: Context, targets: Sequence[Entity]) -> list[list[str]]:
    """Feature strings of each target candidate (targets are members of ``ctx.candidates``)."""
    spans = _SpanIndex(ctx.candidates)
    counts: dict[str, int] = {}
    out = []
    for ent in targets:
        if ent.text not in counts:
            counts[ent.text] = ctx.text.count(ent.text) if ent.text else 0
        out.append(
            _surface(ent.text)
            + _attributes(ent, counts[ent.text])
            + _window(ctx.text, ent.start, ent.end)
            + _tokens(ctx, ent.start, ent.end)
            + list(_gazetteer(ent.text, ctx.place))
            + spans.relations(ent)
            + _posts(ctx.text, ent.start, ent.end)
        )
    return out


# ---------------------------------------------------------------- feature groups


def _shape(ch: str) -> str:
    """One context character, with digits and Latin letters folded to a class."""
    if _DIGIT.match(ch):
        return "0"
    if _LATIN.match(ch):
        return "a"
    return ch


def _surface(s: str) -> list[str]:
    """Prefixes, suffixes, characters and bigrams of the candidate string."""
    feats = [f"len={min(len(s), MAX_LEN_BUCKET)}"]
    for n in (1, 2, 3):
        if len(s) >= n:
            feats.append(f"p{n}={s[:n]}")
            feats.append(f"s{n}={s[-n:]}")
    feats.extend(f"c={ch}" for ch in set(s))
    feats.extend(f"b={s[i : i + 2]}" for i in range(len(s) - 1))
    if len(s) <= 4:
        feats.append(f"w={s}")  # short strings (市委, 古城) are worth knowing whole
    return feats


def _attributes(ent: Entity, count: int) -> list[str]:
    return [
        f"src={ent.source}",
        f"lvl={ent.level}",
        f"freq={min(count, 3)}",
        f"titled={bool(ent.title)}" if ent.type == "PERSON" else "titled=na",
    ]


def _window(text: str, start: int, end: int) -> list[str]:
    """The 1-3 characters on each side, as written (``^``/``$`` at the text's ends)."""
    feats = []
    for n in range(1, MAX_CONTEXT + 1):
        left = text[max(0, start - n) : start]
        right = text[end : end + n]
        left = "^" * (n - len(left)) + left
        right = right + "$" * (n - len(right))
        feats.append(f"l{n}=" + "".join(map(_shape, left)))
        feats.append(f"r{n}=" + "".join(map(_shape, right)))
    return feats


def _tokens(ctx: Context, start: int, end: int) -> list[str]:
    """Whether the candidate sits on token boundaries, and the words around it."""
    starts = ctx.token_starts
    feats = [f"sb={start in ctx.token_ends or start == 0}", f"eb={end in ctx.token_ends}"]
    i = bisect.bisect_left(starts, start)  # first token starting at or after start
    if i > 0:
        prev = ctx.text[starts[i - 1] : start] if starts[i - 1] < start else ""
        if not (i < len(starts) and starts[i] == start) and prev:
            feats.append("split_left")
        before = _word_at(ctx, i - 1)
        feats += _word_feats("lw", before)
    j = bisect.bisect_left(starts, end)
    feats += _word_feats("rw", _word_at(ctx, j))
    return feats


def _word_at(ctx: Context, i: int) -> str:
    if i < 0 or i >= len(ctx.token_starts):
        return ""
    start = ctx.token_starts[i]
    end = ctx.token_starts[i + 1] if i + 1 < len(ctx.token_starts) else len(ctx.text)
    return ctx.text[start:end].strip()


def _word_feats(prefix: str, word: str) -> list[str]:
    if not word:
        return [f"{prefix}=<none>"]
    feats = [f"{prefix}pos={_pos(word)}"]
    if len(word) <= 3:
        feats.append(f"{prefix}={word}")
    return feats


@lru_cache(maxsize=65536)
def _pos(word: str) -> str:
    """jieba's dictionary tag of a word (``?`` when unknown); no tagging pass."""
    return (gazetteer.word_info(word)[1] or "?")[:2]


@lru_cache(maxsize=65536)
def _gazetteer(s: str, place: str | None) -> tuple[str, ...]:
    """Whether the string is (or starts with) an administrative division's name."""
    feats = []
    divisions = gazetteer.lookup(s)
    if divisions:
        feats.append("gaz")
        feats.extend(sorted({f"gaz_lvl={d.level}" for d in divisions}))
        if any(d.short for d in divisions):
            feats.append("gaz_short")
        if any(d.ambiguous for d in divisions):
            feats.append("gaz_amb")
    for n in range(len(s) - 1, 1, -1):
        if gazetteer.lookup(s[:n]):
            feats.append("gaz_prefix")
            feats.append(f"gaz_rest={min(len(s) - n, 6)}")
            break
    if place and (s == place or s in place or place in s):
        feats.append("is_place")
    return tuple(feats)


def _posts(text: str, start: int, end: int) -> list[str]:
    """A post word (书记, 主任, 记者) right after the candidate, or one ending right before it."""
    from cwnlp.extract.titles import title_regex, title_words

    feats = []
    m = title_regex().match(text, end)
    if m:
        feats.append(f"post_after={title_words()[m.group()].kind}")
    for n in (2, 3):
        word = text[max(0, start - n) : start]
        if word in title_words():
            feats.append(f"post_before={title_words()[word].kind}")
            break
    return feats


class _SpanIndex:
    """Candidates sorted by start, to find nesting and crossing ones quickly."""

    def __init__(self, candidates: Sequence[Entity]) -> None:
        self.items = sorted(candidates, key=lambda e: e.start)
        self.starts = [e.start for e in self.items]
        self.longest = max((e.end - e.start for e in self.items), default=0)

    def relations(self, ent: Entity) -> list[str]:
        feats = set()
        lo = bisect.bisect_left(self.starts, ent.start - self.longest)
        hi = bisect.bisect_left(self.starts, ent.end + 1)
        for other in self.items[lo:hi]:
            if other is ent:
                continue
            feats.update(_relation(ent, other))
        return sorted(feats)


def _relation(ent: Entity, other: Entity) -> list[str]:
    if other.end <= ent.start or other.start >= ent.end:
        if other.start == ent.end:
            return [f"next={other.type}"]
        if other.end == ent.start:
            return [f"prev={other.type}"]
        return []
    if (other.start, other.end) == (ent.start, ent.end):
        return [f"same={other.type}"] if other.type != ent.type else []
    if other.start <= ent.start and ent.end <= other.end:
        return [f"in={other.type}"]
    if ent.start <= other.start and other.end <= ent.end:
        return [f"has={other.type}"]
    return [f"cross={other.type}"]
