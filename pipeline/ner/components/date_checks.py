"""The `date_checks` component: a DATE span stays only when it is a time expression.

The English model tags what OntoNotes calls DATE: besides dates, frequencies ("annual", "daily"),
ages ("14-year-old"), durations ("three years", "recent years"), and numbers that are no years
(table cells "15 27", clock times "1213 GMT", model numbers "RTX 2060", house numbers, ranges of
scores). `pipeline.text.date_spans.is_time_expression` decides from the span and the text around it.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.labels import DATE
from pipeline.ner.components.spans import doc_text, set_entities
from pipeline.text.date_spans import is_time_expression

CONTEXT_CHARS = 40  # of text either side of a span: a clock word, a month name, a street name, a range's other end


@Language.component("date_checks")
def date_checks(doc: Doc) -> Doc:
    text = doc_text(doc)
    kept = [
        entity for entity in doc.ents
        if entity.label_ != DATE or is_time_expression(
            entity.text, text[max(0, entity.start_char - CONTEXT_CHARS):entity.start_char],
            text[entity.end_char:entity.end_char + CONTEXT_CHARS], doc.lang_)
    ]
    return doc if len(kept) == len(doc.ents) else set_entities(doc, kept)
