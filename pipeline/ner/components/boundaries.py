"""Entity span boundaries as the annotation guidelines want them, for spans from any component.

Statistical models often include a leading article ("the UNICEF"), a possessive
("Kazakhstan's"), surrounding quotes or brackets, sometimes swallow a parenthesised
acronym ("Детского фонда ООН (ЮНИСЕФ)") and run on from a headline into the next line
("... SAYS MULLER" + "Boeing said"). This component trims and splits such spans so
that a mention is the name and nothing more.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.ner.components.spans import copy_span, set_entities
from pipeline.text.typography import (
    ABBREVIATIONS_BEFORE_DOT,
    EDGE_PUNCTUATION,
    LOWERCASE_ARTICLES,
    OPENING_QUOTES,
    POSSESSIVES,
)


@Language.component("entity_boundaries")
def entity_boundaries(doc: Doc) -> Doc:
    spans = []
    for entity in doc.ents:
        for part in _split_at_brackets_and_line_breaks(_quoted_name(entity)):
            trimmed = _trim(part)
            if trimmed is not None:
                spans.append(trimmed)
    return set_entities(doc, spans)


def _quoted_name(entity: Span) -> Span:
    """'Пресс-служба "Казгидромет"', 'ОАО «Газпром»': a descriptor before a quoted name is not part of it."""
    for token in entity[1:]:
        if token.text in OPENING_QUOTES and token.i + 1 < entity.end:
            return copy_span(entity, token.i, entity.end)
    return entity


def _split_at_brackets_and_line_breaks(entity: Span) -> list[Span]:
    """'Name (ACRONYM) rest' -> 'Name', 'ACRONYM', 'rest': each a mention with the same label.
    A name never runs across a line break either: the parts on each line are cut apart."""
    parts, start = [], entity.start
    for token in entity:
        if token.text in ("(", ")") or (token.is_space and "\n" in token.text):
            if token.i > start:
                parts.append(copy_span(entity, start, token.i))
            start = token.i + 1
    if entity.end > start:
        parts.append(copy_span(entity, start, entity.end))
    return parts


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and _droppable_at_start(doc[start]):
        start += 1
    while end > start and _droppable_at_end(doc[end - 1]):
        end -= 1
    if start >= end:
        return None
    if (start, end) == (span.start, span.end):
        return span
    return copy_span(span, start, end)


def _droppable_at_start(token) -> bool:
    if token.is_space or token.text in EDGE_PUNCTUATION:
        return True
    if token.lower_ in LOWERCASE_ARTICLES:
        # "the UNICEF" loses its article; a capitalised "The" mid-sentence is part of a title
        # ("The Astana Times"), at a sentence start it is just an article.
        return token.text != "The" or token.is_sent_start
    return False


def _droppable_at_end(token) -> bool:
    if token.is_space or token.text in POSSESSIVES:
        return True
    if token.text == "." and token.i > 0 and token.doc[token.i - 1].lower_ in ABBREVIATIONS_BEFORE_DOT:
        return False
    return token.text in EDGE_PUNCTUATION
