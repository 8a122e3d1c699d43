"""The `parenthesized_acronyms` component: in "Name (ACRONYM)" the acronym takes the name's label.

A model often gives a parenthesised acronym a label of its own instead of that of the name it
abbreviates; within one document the acronym names the same thing everywhere.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.ner.components.spans import copy_span, doc_text, set_entities
from pipeline.text.acronyms import defines_acronym


@Language.component("parenthesized_acronyms")
def parenthesized_acronyms(doc: Doc) -> Doc:
    """'Name (ACRONYM)': the acronym names the same thing, so it takes the name's label, everywhere in the document."""
    entities, text = list(doc.ents), doc_text(doc)
    label_of_acronym = {
        acronym.text: name.label_
        for name, acronym in zip(entities, entities[1:])
        if defines_acronym(text, name, acronym)
    }
    relabelled = [copy_span(entity, label=label_of_acronym.get(entity.text, entity.label_)) for entity in entities]
    return set_entities(doc, relabelled)
