"""Statistical parts of the entity extractor.

:mod:`~cwnlp.extract.learn.features` turns rule candidates into feature strings,
:mod:`~cwnlp.extract.learn.span_filter` is the keep/drop classifier and its skops
file, :mod:`~cwnlp.extract.learn.component` the ``cwnlp_span_filter`` spaCy
component, and :mod:`~cwnlp.extract.learn.training` builds the model from the
annotated corpus (``cwnlp train ner``).
"""
