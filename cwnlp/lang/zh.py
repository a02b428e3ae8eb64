"""A Chinese spaCy ``Language`` segmented by jieba with a campaign-term dictionary.

spaCy's own jieba option uses jieba's module-level tokenizer, so adding words
to it changes every other user of jieba in the process.  This tokenizer owns a
private ``jieba.Tokenizer`` instead: no hidden global state, and two pipelines
with different user dictionaries can live side by side.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path

import jieba
import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import get_words_and_spaces
from spacy.vocab import Vocab

DATA = Path(__file__).parent / "data"
CAMPAIGN_TERMS = DATA / "campaign_terms.txt"

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


class JiebaTokenizer:
    """Segments text with a private jieba dictionary plus user word lists."""

    def __init__(self, vocab: Vocab, user_dicts: Iterable[str | Path] = (), hmm: bool = True) -> None:
        self.vocab = vocab
        self.user_dicts = [str(p) for p in user_dicts]
        self.hmm = hmm
        self._jieba: jieba.Tokenizer | None = None

    @property
    def segmenter(self) -> jieba.Tokenizer:
        # built on first use: loading jieba's dictionary takes about a second
        if self._jieba is None:
            seg = jieba.Tokenizer()
            for path in self.user_dicts:
                seg.load_userdict(path)
            self._jieba = seg
        return self._jieba

    def add_words(self, words: Iterable[str]) -> None:
        """Add words (e.g. unit abbreviations from a lexicon) to the dictionary."""
        for word in words:
            if word.strip():
                self.segmenter.add_word(word.strip())

    def cut(self, text: str) -> list[str]:
        seg = self.segmenter
        return [w for piece in bounded_pieces(text) for w in seg.cut(piece, HMM=self.hmm) if w]

    def __call__(self, text: str) -> Doc:
        words, spaces = get_words_and_spaces(self.cut(text), text)
        return Doc(self.vocab, words=words, spaces=spaces)

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
def create_jieba_tokenizer(user_dicts: list[str] | None = None, hmm: bool = True):
    """Config factory; an empty ``user_dicts`` means the shipped campaign terms."""

    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, user_dicts or [str(CAMPAIGN_TERMS)], hmm=hmm)

    return make


def blank(user_dicts: list[str] | None = None) -> Language:
    """An empty Chinese pipeline with the cwnlp jieba tokenizer."""
    tokenizer = {"@tokenizers": "cwnlp.JiebaTokenizer.v1", "user_dicts": user_dicts or []}
    return spacy.blank("zh", config={"nlp": {"tokenizer": tokenizer}})
