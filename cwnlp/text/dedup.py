"""Group reposts of one article and choose a canonical copy.

Campaign news is reposted widely (a county 融媒体 piece reappears on the city
paper's site, on 澎湃号, on a portal), usually with a changed opening line or an
added 转载 note.  Exact copies are found by content hash; near copies by MinHash
over character shingles with LSH, confirmed by the estimated Jaccard similarity.
The canonical copy of a group is the earliest dated one, then the longest body,
then the smallest id, so the choice is deterministic.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from cwnlp.model import Document, content_hash
from cwnlp.pipeline import Batch


@dataclass
class DedupSettings:
    """Near-duplicate detection parameters."""

    threshold: float = 0.7  # estimated Jaccard similarity of shingle sets
    num_perm: int = 128
    shingle_size: int = 5  # characters; Chinese has no spaces to shingle on
    seed: int = 1


def _shingles(text: str, size: int) -> set[str]:
    compact = "".join(text.split())
    if len(compact) <= size:
        return {compact} if compact else set()
    return {compact[i : i + size] for i in range(len(compact) - size + 1)}


def _minhash(text: str, settings: DedupSettings) -> MinHash:
    sketch = MinHash(num_perm=settings.num_perm, seed=settings.seed)
    for shingle in _shingles(text, settings.shingle_size):
        sketch.update(shingle.encode("utf-8"))
    return sketch


def _canonical_key(doc: Document) -> tuple[str, int, str]:
    # undated documents sort after dated ones
    return (doc.date or "9999-99-99", -len(doc.text), doc.id)


class _UnionFind:
    def __init__(self, items: list[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def find_duplicates(docs: list[Document], settings: DedupSettings | None = None) -> Batch[Document]:
    """Mark every document with its group's canonical id and whether it is canonical.

    Returns new Document objects (inputs are not modified).  Documents with an
    empty body are their own group.
    """
    settings = settings or DedupSettings()
    ids = [d.id for d in docs]
    if len(set(ids)) != len(ids):
        raise ValueError("document ids must be unique before deduplication")
    groups = _UnionFind(ids)

    by_hash: dict[str, str] = {}
    for doc in docs:
        if not doc.text.strip():
            continue
        digest = doc.content_hash or content_hash(doc.text)
        if digest in by_hash:
            groups.union(by_hash[digest], doc.id)
        else:
            by_hash[digest] = doc.id

    lsh = MinHashLSH(threshold=settings.threshold, num_perm=settings.num_perm)
    sketches: dict[str, MinHash] = {}
    for doc in docs:
        if not doc.text.strip():
            continue
        sketch = _minhash(doc.text, settings)
        for other in lsh.query(sketch):
            if sketch.jaccard(sketches[other]) >= settings.threshold:
                groups.union(other, doc.id)
        lsh.insert(doc.id, sketch)
        sketches[doc.id] = sketch

    members: dict[str, list[Document]] = {}
    for doc in docs:
        members.setdefault(groups.find(doc.id), []).append(doc)
    out: list[Document] = []
    for group in members.values():
        canonical = min(group, key=_canonical_key)
        for doc in group:
            out.append(dataclasses.replace(doc, dup_group=canonical.id, is_canonical=doc.id == canonical.id))
    order = {doc_id: i for i, doc_id in enumerate(ids)}
    out.sort(key=lambda d: order[d.id])
    return Batch(records=out)
