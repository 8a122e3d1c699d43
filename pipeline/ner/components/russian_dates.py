"""The `russian_dates` component: DATE spans from the Russian date rules (slovnet has no DATE)."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from pipeline.labels import DATE
from pipeline.ner.components.spans import doc_text, set_entities
from pipeline.text.dates import find_russian_dates


@Language.component("russian_dates")
def russian_dates(doc: Doc) -> Doc:
    """Add DATE entities from the Russian date rules where they do not overlap a name."""
    dates = [doc.char_span(start, end, label=DATE, alignment_mode="expand") for start, end in find_russian_dates(doc_text(doc))]
    taken = {token.i for entity in doc.ents for token in entity}
    new = [span for span in dates if span is not None and not any(token.i in taken for token in span)]
    for span in new:
        span._.source = "russian_dates"
    return set_entities(doc, list(doc.ents) + filter_spans(new))


