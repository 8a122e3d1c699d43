"""Custom attributes on spaCy spans, so what a component learned travels with the span instead
of a side table, and the helpers every component uses to change `doc.ents`."""

from spacy.tokens import Doc, Span

# Which component produced an entity span; spans the stock statistical NER made have None.
if not Span.has_extension("source"):
    Span.set_extension("source", default=None)
# The gazetteer entry a rule matched exactly this span to; linking uses it before any lookup.
if not Span.has_extension("gazetteer_id"):
    Span.set_extension("gazetteer_id", default=None)


_TEXT = "newsents.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, kept in the Doc's user data (by `make_doc`, else joined once on first use): spaCy
    joins every token again on each access, which the components did several times per document.
    The components change entities only, never a token's text, so the kept text stays right."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def make_doc(nlp, text: str) -> Doc:
    """`nlp.make_doc(text)` keeping the text it was made from, so no component joins it again
    from the tokens (a Doc's text is exactly the text its tokenizer was given)."""
    doc = nlp.make_doc(text)
    doc.user_data[_TEXT] = text
    return doc


def copy_span(entity: Span, start: int | None = None, end: int | None = None, label: str | None = None) -> Span:
    """The entity with other bounds or another label, keeping its ids and source. The gazetteer
    id names the matched text, so it survives a relabelling but not new bounds."""
    start = entity.start if start is None else start
    end = entity.end if end is None else end
    span = Span(entity.doc, start, end, label=label or entity.label_, kb_id=entity.kb_id, span_id=entity.id)
    span._.source = entity._.source
    if (start, end) == (entity.start, entity.end):
        span._.gazetteer_id = entity._.gazetteer_id
    return span


def set_entities(doc, spans, source: str | None = None):
    """Replace doc.ents with `spans` (sorted), tagging new ones with `source`."""
    for span in spans:
        if source and span._.source is None:
            span._.source = source
    doc.ents = sorted(spans, key=lambda span: span.start)
    return doc
