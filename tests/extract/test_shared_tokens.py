"""The tokenizer's tagged words serve the Doc, the finders and survive serialisation."""

from spacy.tokens import Doc

from cwnlp.extract import gazetteer
from cwnlp.extract.pipeline import load, make_doc
from cwnlp.extract.places import find_places
from cwnlp.extract.units import find_units
from cwnlp.lang.zh import TEXT_KEY, TOKENS_KEY, words_covering
from cwnlp.model import Document

# Written for these tests.
TEXT = "4月8日，区住建局和青石街道组织人员清理幸福路两侧的垃圾。\nPhoto: 2024\n村村村村村村。东湖社区居委会参加。"


def test_doc_keeps_its_text_and_tagged_words() -> None:
    nlp = load()
    doc = make_doc(nlp, Document("t", TEXT))
    assert doc.text == TEXT
    assert doc.user_data[TEXT_KEY] == TEXT
    tokens = doc.user_data[TOKENS_KEY]
    assert tokens == gazetteer.segment(TEXT)
    assert all(TEXT[t.start : t.end] == t.text for t in tokens)


def test_gaps_between_tagged_words_become_words() -> None:
    words = list(words_covering(TEXT, gazetteer.segment(TEXT)))
    assert "".join(words) == "".join(TEXT.split())
    assert "Photo" in words and "2024" in words


def test_finders_give_the_same_answer_with_the_docs_tokens() -> None:
    tokens = gazetteer.segment(TEXT)
    assert find_places(TEXT, tokens=tokens) == find_places(TEXT)
    assert find_units(TEXT, tokens=tokens) == find_units(TEXT)
    assert any(e.text == "区住建局" for e in find_units(TEXT))


def test_tokenized_doc_serialises() -> None:
    nlp = load()
    doc = make_doc(nlp, Document("t", TEXT))
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert again.text == TEXT
    assert [tuple(t) for t in again.user_data[TOKENS_KEY]] == [tuple(t) for t in doc.user_data[TOKENS_KEY]]


def test_word_tags_do_not_depend_on_what_was_cut_before() -> None:
    # jieba merges user-dictionary tags lazily; the tagger merges them at creation
    tagger = gazetteer._pos_tokenizer()
    assert not tagger.tokenizer.user_word_tag_tab
    assert gazetteer.word_info("创卫")[1] == "n"  # the campaign term's own tag, from the start
