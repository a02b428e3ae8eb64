"""Propose candidate measure categories from unlabelled sentences (NMF or KMeans).

A researcher starting a new taxonomy runs this over measure-like sentences of their
own corpus, reads the top terms and example sentences of each group, and edits the
YAML skeleton into real categories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from sklearn.cluster import KMeans
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from cwnlp.measures.classifier import segment

__all__ = ["Topic", "discover", "skeleton_yaml"]


@dataclass
class Topic:
    """A candidate category: its top terms, example sentences and member indices."""

    terms: list[str]
    examples: list[str]
    members: list[int] = field(default_factory=list)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    path = Path(__file__).with_name("discover_stopwords.txt")
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


def _word_matrix(sentences: list[str]) -> tuple[TfidfVectorizer, object]:
    stop = _stopwords()
    vec = TfidfVectorizer(
        analyzer="word",
        token_pattern=r"[^ ]{2,}",  # single characters make unreadable topic terms
        lowercase=False,
        max_df=0.5,
        sublinear_tf=True,
    )
    words = [" ".join(w for w in segment(s).split() if not w.isdigit() and w not in stop) for s in sentences]
    try:
        x = vec.fit_transform(words)
    except ValueError:
        raise ValueError("no usable words in the sentences to group") from None
    return vec, x


def discover(
    sentences: list[str], n_topics: int = 8, method: str = "nmf", n_terms: int = 10, n_examples: int = 3
) -> list[Topic]:
    """Group sentences into ``n_topics`` candidate categories (deterministic)."""
    if n_topics < 1:
        raise ValueError("the number of categories must be at least 1")
    if len(sentences) < max(2, n_topics):
        raise ValueError(f"too few measure-like sentences ({len(sentences)}) for {n_topics} categories")
    vec, x = _word_matrix(sentences)
    if method == "nmf":
        model = NMF(n_components=n_topics, init="nndsvda", random_state=0, max_iter=500)
        weights = model.fit_transform(x)
        centres = model.components_
    elif method == "kmeans":
        model = KMeans(n_clusters=n_topics, n_init=10, random_state=0)
        labels = model.fit_predict(x)
        weights = np.asarray(x @ model.cluster_centers_.T)
        weights[np.arange(len(labels)), labels] += 1.0  # a sentence's own cluster first
        centres = model.cluster_centers_
    else:
        raise ValueError(f"unknown method {method!r} (use nmf or kmeans)")
    vocab = vec.get_feature_names_out()
    owner = weights.argmax(axis=1)
    topics = []
    for k in range(n_topics):
        terms = [str(vocab[i]) for i in np.argsort(-centres[k])[:n_terms] if centres[k][i] > 0]
        best = [int(i) for i in np.argsort(-weights[:, k])[:n_examples] if weights[i, k] > 0]
        topics.append(
            Topic(terms, [sentences[i] for i in best], [int(i) for i in np.flatnonzero(owner == k)])
        )
    return topics


def skeleton_yaml(topics: list[Topic]) -> str:
    """A taxonomy YAML skeleton (valid for Taxonomy.load) to be edited by hand."""
    cats = []
    for i, topic in enumerate(topics, 1):
        head = "/".join(topic.terms[:3]) or f"候选{i}"
        cats.append(
            {
                "code": f"CAND_{i:02d}",
                "name_zh": f"候选：{head}",
                "name_en": f"candidate {i}",
                "definition": "TODO: define this category. Examples: " + " | ".join(topic.examples),
                "keywords": topic.terms,
            }
        )
    header = "# Candidate categories proposed by `cwnlp measures discover`; rename, merge and define them.\n"
    return header + yaml.safe_dump({"categories": cats}, allow_unicode=True, sort_keys=False, width=100)
