"""cwnlp: turn Chinese government campaign news into research data.

The heavy parts (spaCy, trafilatura, scikit-learn) load on first use, so
``import cwnlp`` stays cheap.

>>> import cwnlp
>>> nlp = cwnlp.load()
>>> doc = nlp("2020年4月14日,市委书记某某到某社区督导创卫工作。")
>>> [(s.text, s.label_) for s in doc.spans["cwnlp"]]
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = {"scrape", "clean", "ingest", "dedup", "export", "extract", "evaluate", "demo"}


def load(*args: Any, **kwargs: Any):
    """The extraction pipeline (a spaCy ``Language``); see :func:`cwnlp.extract.pipeline.load`."""
    from cwnlp.extract.pipeline import load as _load

    return _load(*args, **kwargs)


def __getattr__(name: str) -> Any:
    if name in _API:
        from cwnlp import api

        return getattr(api, name)
    raise AttributeError(f"module 'cwnlp' has no attribute {name!r}")
