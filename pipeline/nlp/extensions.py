"""Custom attributes on spaCy objects, so provenance travels with the span instead of a side table."""

from spacy.tokens import Span

# Which component produced an entity span; spans the stock statistical NER made have None.
if not Span.has_extension("source"):
    Span.set_extension("source", default=None)


def set_entities(doc, spans, source: str | None = None):
    """Replace doc.ents with `spans` (sorted), tagging new ones with `source`."""
    for span in spans:
        if source and span._.source is None:
            span._.source = source
    doc.ents = sorted(spans, key=lambda span: span.start)
    return doc
