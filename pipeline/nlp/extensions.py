"""Custom attributes on spaCy objects, so provenance travels with the span instead of a side table."""

from spacy.tokens import Span

# Which component produced an entity span; spans the stock statistical NER made have None.
if not Span.has_extension("source"):
    Span.set_extension("source", default=None)


def copy_span(entity: Span, start: int | None = None, end: int | None = None, label: str | None = None) -> Span:
    """The entity with other bounds or another label, keeping its gazetteer id and source."""
    span = Span(
        entity.doc,
        entity.start if start is None else start,
        entity.end if end is None else end,
        label=label or entity.label_,
        kb_id=entity.kb_id,
        span_id=entity.id,
    )
    span._.source = entity._.source
    return span


def set_entities(doc, spans, source: str | None = None):
    """Replace doc.ents with `spans` (sorted), tagging new ones with `source`."""
    for span in spans:
        if source and span._.source is None:
            span._.source = source
    doc.ents = sorted(spans, key=lambda span: span.start)
    return doc
