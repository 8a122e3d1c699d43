"""The `date_checks` component: DATE spans of the statistical model that are numbers from tables,
scores or clock times are not dates.

On English news the small model tags column pairs of tables and results ("15 27", "72 22") and
the 24-hour time in "7:13 a.m. EST ( 1213 GMT )" as DATE. A span made of digits and punctuation
only stays when `pipeline.text.dates.is_number_date` reads it as a date ('1994', '2016-2020') or a
month name stands beside it; a clock word after it makes it a time.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.labels import DATE
from pipeline.ner.components.spans import doc_text, set_entities
from pipeline.text.dates import is_number_date

CONTEXT_CHARS = 20  # of text either side of a span: enough for a clock word or a month name


@Language.component("date_checks")
def date_checks(doc: Doc) -> Doc:
    text = doc_text(doc)
    kept = [
        entity for entity in doc.ents
        if entity.label_ != DATE or is_number_date(
            entity.text, text[max(0, entity.start_char - CONTEXT_CHARS):entity.start_char],
            text[entity.end_char:entity.end_char + CONTEXT_CHARS], doc.lang_)
    ]
    return doc if len(kept) == len(doc.ents) else set_entities(doc, kept)
