"""Language support: the Chinese spaCy Language on a private jieba segmenter."""

from cwnlp.lang.zh import JiebaTokenizer, blank

__all__ = ["JiebaTokenizer", "blank"]
