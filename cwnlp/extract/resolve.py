"""Settle overlaps between entity mentions found by different components.

Conventions of the annotation schema that decide this:
- a place name inside a unit name is not a separate place (市住建局, 某社区党总支);
- the longest written name of a type wins over names nested in it;
- a date is never also an amount;
- a name written right after its title is a person, even when a place reading
  crosses or holds it (副县长|楼某: no building named 副县长楼; 书记某某代表社区);
- a person's title may contain a unit, which stays a unit: titles are attributes,
  not spans, so they never collide with anything.
"""

from __future__ import annotations

from cwnlp.model import Entity

# who wins when mentions of two types cross
TYPE_PRIORITY = {"DATE": 5, "AMOUNT": 4, "PERSON": 3, "UNIT": 2, "PLACE": 1}


def _inside(inner: Entity, outer: Entity) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _overlap(a: Entity, b: Entity) -> bool:
    return a.start < b.end and b.start < a.end


def _crosses(a: Entity, b: Entity) -> bool:
    return _overlap(a, b) and not _inside(a, b) and not _inside(b, a)


def _rank(ent: Entity) -> tuple[int, int, int]:
    # statistical and rule mentions compete on length first, then type priority
    return (ent.end - ent.start, TYPE_PRIORITY.get(ent.type, 0), -ent.start)


def resolve_overlaps(entities: list[Entity]) -> list[Entity]:
    """Non-overlapping mentions, sorted by position.

    Exact duplicates collapse (the first keeps its attributes); a place inside a
    unit is dropped; otherwise the longer mention wins, then the type priority.
    """
    unique: dict[tuple[str, int, int], Entity] = {}
    for ent in entities:
        unique.setdefault((ent.type, ent.start, ent.end), ent)
    units = [e for e in unique.values() if e.type == "UNIT"]
    titled = [e for e in unique.values() if e.type == "PERSON" and e.title]
    candidates = [
        e
        for e in unique.values()
        if not (e.type == "PLACE" and any(_inside(e, u) and e != u for u in units))
        and not (e.type == "PLACE" and any(_crosses(e, p) or _inside(p, e) for p in titled))
    ]
    kept: list[Entity] = []
    for ent in sorted(candidates, key=_rank, reverse=True):
        if not any(_overlap(ent, other) for other in kept):
            kept.append(ent)
    return sorted(kept, key=lambda e: (e.start, e.end))
