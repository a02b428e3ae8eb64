"""A Chinese spaCy ``Language`` segmented by jieba with a campaign-term dictionary.

spaCy's own jieba option uses jieba's module-level tokenizer, so adding words
to it changes every other user of jieba in the process.  This tokenizer owns a
private ``jieba.Tokenizer`` instead: no hidden global state, and two pipelines
with different user dictionaries can live side by side.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

import jieba
import jieba.posseg
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces
from spacy.vocab import Vocab

DATA = Path(__file__).parent / "data"
CAMPAIGN_TERMS = DATA / "campaign_terms.txt"
TOKENS_KEY = "cwnlp_tokens"  # Doc.user_data key of the tagged tokens
TEXT_KEY = "cwnlp_text"  # Doc.user_data key of the text (spaCy rebuilds doc.text per access)

jieba.setLogLevel(logging.WARNING)


#: longest piece handed to jieba at once; its segmentation of one unbroken run
#: of Han characters grows quadratically, and real sentences are far shorter
MAX_PIECE = 200
_BREAK = re.compile(r"[。！？；，、：\n!?;,:]")


def bounded_pieces(text: str, limit: int = MAX_PIECE) -> list[str]:
    """The text cut after punctuation into pieces of at most ``limit`` characters."""
    pieces: list[str] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        breaks = [m.end() for m in _BREAK.finditer(window)]
        end = start + (breaks[-1] if breaks else limit)
        pieces.append(text[start:end])
        start = end
    if start < len(text):
        pieces.append(text[start:])
    return pieces


class Token(NamedTuple):
    """A jieba word with character offsets and part-of-speech tag.

    A tuple, so a Doc carrying its tokens in ``user_data`` still serialises.
    """

    text: str
    start: int
    end: int
    pos: str


_CHUNK = re.compile(r"[^\n。！？!?；;]{1,200}[\n。！？!?；;]?")
_RUN = re.compile(r"(.{1,3})\1{3,}")  # one to three characters repeated (村村村, 村镇村镇)
_HAN = re.compile(r"[\u4e00-\u9fff]")
_GAP_WORD = re.compile(r"\w+|[^\w\s]")


def blank_runs(text: str) -> str:
    """The text with runs of a repeated 1–3 character pattern blanked (offsets kept)."""
    return _RUN.sub(lambda m: " " * len(m.group(0)), text)


def tag_tokens(tagger: jieba.posseg.POSTokenizer, text: str) -> tuple[Token, ...]:
    """POS-tagged dictionary words (no HMM) of the Chinese stretches of ``text``.

    Runs of one repeated pattern are blanked first and sentences are cut into
    pieces of at most 200 characters, so degenerate input stays linear and fast.
    Stretches without Chinese characters give no tokens.
    """
    work = blank_runs(text)
    tokens: list[Token] = []
    for chunk in _CHUNK.finditer(work):
        if not _HAN.search(chunk.group(0)):
            continue
        pos = chunk.start()
        for pair in tagger.cut(chunk.group(0), HMM=False):
            if not pair.word.isspace():
                tokens.append(Token(pair.word, pos, pos + len(pair.word), pair.flag))
            pos += len(pair.word)
    return tuple(tokens)


def words_covering(text: str, tokens: Iterable[Token]) -> Iterator[str]:
    """The tokens' words, with the text between them cut into words and symbols."""
    pos = 0
    for tok in tokens:
        if tok.start > pos:
            yield from _GAP_WORD.findall(text, pos, tok.start)
        yield tok.text
        pos = tok.end
    yield from _GAP_WORD.findall(text, pos)


class JiebaTokenizer:
    """Segments text with a private jieba dictionary plus user word lists.

    ``hmm=False`` (the default) keeps to dictionary words, which is what the
    entity rules are built on, and one tagged pass then serves the rules too;
    ``hmm=True`` lets jieba guess unknown words for the Doc's tokens.
    """

    def __init__(self, vocab: Vocab, user_dicts: Iterable[str | Path] = (), hmm: bool = False) -> None:
        self.vocab = vocab
        self.user_dicts = [str(p) for p in user_dicts]
        self.hmm = hmm
        self._jieba: jieba.Tokenizer | None = None
        self._tagger: jieba.posseg.POSTokenizer | None = None

    @property
    def segmenter(self) -> jieba.Tokenizer:
        # built on first use: loading jieba's dictionary takes about a second
        if self._jieba is None:
            seg = jieba.Tokenizer()
            for path in self.user_dicts:
                seg.load_userdict(path)
            self._jieba = seg
        return self._jieba

    @property
    def tagger(self) -> jieba.posseg.POSTokenizer:
        if self._tagger is None:
            self._tagger = jieba.posseg.POSTokenizer(self.segmenter)
            self._tagger.makesure_userdict_loaded()  # user tags now, not at the first cut
        return self._tagger

    def tag(self, text: str) -> tuple[Token, ...]:
        """POS-tagged dictionary words of ``text`` with offsets (see :func:`tag_tokens`)."""
        return tag_tokens(self.tagger, text)

    def add_words(self, words: Iterable[str]) -> None:
        """Add words (e.g. unit abbreviations from a lexicon) to the dictionary."""
        for word in words:
            if word.strip():
                self.segmenter.add_word(word.strip())

    def cut(self, text: str) -> list[str]:
        seg = self.segmenter
        return [w for piece in bounded_pieces(text) for w in seg.cut(piece, HMM=self.hmm) if w]

    def __call__(self, text: str) -> Doc:
        if self.hmm:
            words, spaces = get_words_and_spaces(self.cut(text), text)
            return Doc(self.vocab, words=words, spaces=spaces)
        # Without HMM the tagged words serve both the Doc and the entity rules, which
        # read them from user_data instead of segmenting the text a second time.
        tokens = self.tag(text)
        words, spaces = get_words_and_spaces(list(words_covering(text, tokens)), text)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        doc.user_data[TOKENS_KEY] = tokens
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        for text in texts:
            yield self(text)

    # the dictionaries are named in the config, so nothing needs saving
    def to_disk(self, path: str | Path, **kwargs: object) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, **kwargs: object) -> JiebaTokenizer:
        return self

    def to_bytes(self, **kwargs: object) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: object) -> JiebaTokenizer:
        return self


@spacy.registry.tokenizers("cwnlp.JiebaTokenizer.v1")
def create_jieba_tokenizer(user_dicts: list[str] | None = None, hmm: bool = False):
    """Config factory; an empty ``user_dicts`` means the shipped campaign terms."""

    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, user_dicts or [str(CAMPAIGN_TERMS)], hmm=hmm)

    return make


def blank(user_dicts: list[str] | None = None) -> Language:
    """An empty Chinese pipeline with the cwnlp jieba tokenizer."""
    tokenizer = {"@tokenizers": "cwnlp.JiebaTokenizer.v1", "user_dicts": user_dicts or []}
    return spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
