"""Building the extraction pipeline and running it as a stage over Documents."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from cwnlp.extract import components  # noqa: F401  (registers the factories)
from cwnlp.extract.components import tokens_of
from cwnlp.lang.zh import CAMPAIGN_TERMS, blank
from cwnlp.model import Document, Entity, Extraction, Failure, Measure, Relation
from cwnlp.pipeline import Batch

log = logging.getLogger(__name__)

#: the default components, in order; each one job
DEFAULT_PIPES = (
    "cwnlp_dates",
    "cwnlp_amounts",
    "cwnlp_places",
    "cwnlp_units",
    "cwnlp_persons",
    "cwnlp_resolve",
)
LEXICON_PIPES = ("cwnlp_places", "cwnlp_units")


def with_span_filter(pipes: Iterable[str]) -> tuple[str, ...]:
    """``pipes`` with the trained candidate filter placed before the resolver.

    Off by default: on the real development articles the rules alone score
    higher; on the project's own annotated corpus the filter helps a little.
    """
    from cwnlp.extract.learn import component  # noqa: F401  (registers the factory)

    pipes = [p for p in pipes if p != "cwnlp_span_filter"]
    at = pipes.index("cwnlp_resolve") if "cwnlp_resolve" in pipes else len(pipes)
    return tuple(pipes[:at] + ["cwnlp_span_filter"] + pipes[at:])


def load(lexicon_dir: str | Path | None = None, pipes: Iterable[str] = DEFAULT_PIPES) -> Language:
    """The cwnlp Chinese pipeline: jieba segmenter, entity finders, overlap resolver.

    ``lexicon_dir`` is a folder of user lexicon files merged over the shipped ones
    (same file names), and, when it holds ``user_dict.txt``, extra jieba words.
    """
    user_dicts = [str(CAMPAIGN_TERMS)]
    if lexicon_dir and (Path(lexicon_dir) / "user_dict.txt").exists():
        user_dicts.append(str(Path(lexicon_dir) / "user_dict.txt"))
    nlp = blank(user_dicts)
    if "cwnlp_span_filter" in pipes:
        from cwnlp.extract.learn import component  # noqa: F401  (registers the factory)
    for pipe in pipes:
        config = {"lexicon_dir": str(lexicon_dir)} if lexicon_dir and pipe in LEXICON_PIPES else {}
        nlp.add_pipe(pipe, config=config)
    return nlp


@dataclass
class ExtractSettings:
    """What the extract stage runs."""

    lexicon_dir: str | None = None
    pipes: tuple[str, ...] = DEFAULT_PIPES
    measures: bool = True
    measures_model: str | None = None  # None: the model shipped in models/measures
    relations: bool = True


@lru_cache(maxsize=4)
def _cached_pipeline(lexicon_dir: str | None, pipes: tuple[str, ...]) -> Language:
    # one load per process and configuration; workers of a pool each load once
    return load(lexicon_dir, pipes)


def make_doc(nlp: Language, document: Document) -> Doc:
    """A spaCy Doc carrying the document context the components read."""
    doc = nlp.make_doc(document.text)
    doc._.doc_id = document.id
    doc._.pub_date = document.date
    doc._.place = document.place
    return doc


def make_docs(nlp: Language, documents: Iterable[Document]) -> Iterator[Doc]:
    for document in documents:
        yield make_doc(nlp, document)


def entities_from_doc(doc: Doc) -> list[Entity]:
    return [dataclasses.replace(e, doc_id=doc._.doc_id) for e in (doc._.entities or [])]


def _relations(document: Document, entities: list[Entity], settings: ExtractSettings) -> list[Relation]:
    """HOLDS_POST from people's titles, then the relations stated in each sentence."""
    from cwnlp.extract.persons import holds_post
    from cwnlp.extract.relations import find_relations

    lexicon = Path(settings.lexicon_dir) if settings.lexicon_dir else None
    persons = [e for e in entities if e.type == "PERSON"]
    found = holds_post(persons) + find_relations(
        document.text, entities, doc_id=document.id, lexicon_dir=lexicon
    )
    seen, out = set(), []
    for rel in found:
        key = (rel.head, rel.rel, rel.tail)
        if key not in seen:
            seen.add(key)
            out.append(dataclasses.replace(rel, doc_id=document.id))
    return out


def _measures(
    documents: list[Document], settings: ExtractSettings, tokens: list | None = None
) -> list[list[Measure]]:
    """Measures of each document; the sentences of the whole batch are scored together.

    ``tokens`` are each document's tagged words from the tokenizer, when known.
    """
    from cwnlp.measures.classifier import classify_many
    from cwnlp.measures.persist import default_model_path, load_model_cached

    # loaded once per process and path, with skops' trusted-type checks
    model = load_model_cached(str(settings.measures_model or default_model_path()))
    return [
        [dataclasses.replace(m, doc_id=document.id) for m in found]
        for document, found in zip(documents, classify_many(documents, model, tokens), strict=True)
    ]


def extract_documents(
    documents: list[Document], settings: ExtractSettings | None = None
) -> Batch[Extraction]:
    """The extract stage: entities (and measures, relations) for each document."""
    settings = settings or ExtractSettings()
    nlp = _cached_pipeline(settings.lexicon_dir, tuple(settings.pipes))
    batch: Batch[Extraction] = Batch()
    done: list[tuple[Document, Extraction]] = []
    tokens: list = []  # the tokenizer's tagged words per done document, reused by measures
    for document in documents:
        try:
            doc = nlp(make_doc(nlp, document))
            entities = entities_from_doc(doc)
            result = Extraction(doc_id=document.id, entities=entities)
            if settings.relations:
                result.relations = _relations(document, entities, settings)
            done.append((document, result))
            tokens.append(tokens_of(doc))
        except Exception as exc:  # one bad document must not stop the batch
            _fail(batch, document, exc)
    if settings.measures and done:
        try:
            found_all = _measures([d for d, _ in done], settings, tokens)
            for (_, result), found in zip(done, found_all, strict=True):
                result.measures = found
        except Exception:  # find the document at fault: score one by one
            kept = []
            for document, result in done:
                try:
                    result.measures = _measures([document], settings)[0]  # segments afresh
                    kept.append((document, result))
                except Exception as exc:
                    _fail(batch, document, exc)
            done = kept
    batch.records.extend(result for _, result in done)
    return batch


def _fail(batch: Batch[Extraction], document: Document, exc: Exception) -> None:
    log.debug("extract failed for %s", document.id, exc_info=True)
    batch.failures.append(Failure(document.id, "extract", f"{type(exc).__name__}: {exc}"))
