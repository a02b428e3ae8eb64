"""The ``cwnlp_span_filter`` spaCy component: drops rule candidates the classifier rejects.

It runs after the finders and before ``cwnlp_resolve``.  Candidates of the
filtered types (UNIT, PLACE) get the classifier's probability as ``score``;
those below their type's threshold are removed from ``doc._.entities``, so a
wrong long candidate no longer hides a right shorter one in overlap resolution.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from cwnlp.extract.components import entities_of
from cwnlp.extract.learn.features import doc_context, features, judged
from cwnlp.extract.learn.span_filter import SpanFilter, apply_verdicts, load_cached


class SpanFilterComponent:
    """Keeps the candidates a :class:`SpanFilter` accepts; other types pass untouched."""

    def __init__(self, model: SpanFilter) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        entities = entities_of(doc)
        targets = judged(entities, tuple(self.model.models_))
        if not targets:
            return doc
        feats = features(doc_context(doc), [entities[i] for i in targets])
        chosen = [entities[i] for i in targets]
        kept, proba = self.model.keep(feats, [e.type for e in chosen], [e.text for e in chosen])
        doc._.entities = apply_verdicts(entities, targets, kept, proba)
        return doc


@Language.factory("cwnlp_span_filter", default_config={"model": None})
def make_span_filter(nlp: Language, name: str, model: str | None) -> SpanFilterComponent:
    """The filter with the model at ``model`` (default models/ner/span_filter.skops).

    A missing file raises :class:`~cwnlp.extract.learn.span_filter.MissingModelError`
    naming ``cwnlp train ner``, which builds it.
    """
    return SpanFilterComponent(load_cached(model))
