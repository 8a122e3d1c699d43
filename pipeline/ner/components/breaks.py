"""The `span_breaks` component: an entity span never crosses a paragraph break.

A model reads a blank line as ordinary whitespace, so a surname ending one paragraph and the
name starting the next become one span, and linking then merges two people. Scraped English
news puts every sentence, caption and byline on its own line, so there a single line break
ends a name too; Russian scrapes wrap long lines inside a paragraph, so only a blank line does.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.ner.components.spans import copy_span, set_entities

LINE_BREAK_LANGUAGES = frozenset({"en"})
"""Languages whose every line break ends a name (the others: only a blank line)."""

_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def is_break(token: Token) -> bool:
    """A whitespace token no name may span: a blank line, or in `LINE_BREAK_LANGUAGES` any line break."""
    if not token.is_space:
        return False
    if token.doc.lang_ in LINE_BREAK_LANGUAGES:
        return "\n" in token.text
    return _BLANK_LINE.search(token.text) is not None


def crosses_break(doc: Doc, start: int, end: int) -> bool:
    """True when tokens doc[start:end] contain a break."""
    return any(is_break(token) for token in doc[start:end])


def split_at_breaks(entity: Span) -> list[Span]:
    """The parts of a span between its breaks, each without edge whitespace; empty parts dropped."""
    parts, start = [], entity.start
    for token in entity:
        if is_break(token):
            parts.append((start, token.i))
            start = token.i + 1
    parts.append((start, entity.end))
    if len(parts) == 1:
        return [entity]
    spans = []
    for part_start, part_end in parts:
        while part_start < part_end and entity.doc[part_start].is_space:
            part_start += 1
        while part_end > part_start and entity.doc[part_end - 1].is_space:
            part_end -= 1
        if part_end > part_start:
            spans.append(copy_span(entity, part_start, part_end))
    return spans


@Language.component("span_breaks")
def span_breaks(doc: Doc) -> Doc:
    """Split every entity at the breaks inside it."""
    return set_entities(doc, [part for entity in doc.ents for part in split_at_breaks(entity)])
