"""Components that make a document's entities agree with each other.

A model tags "UNICEF" in one sentence and misses it in the next; a parenthesised acronym
gets a label of its own instead of the name it abbreviates. Within one document the same
name is the same entity, so these rules carry what the model found once to every
occurrence.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.acronyms import defined_in_brackets, looks_like_acronym
from pipeline.nlp.extensions import copy_span, set_entities

NAME_LABELS = {"PERSON", "PER", "ORG", "GPE", "LOC"}


@Language.component("document_names")
def document_names(doc: Doc) -> Doc:
    """Tag every untagged occurrence of a name the document already tagged somewhere, with its usual label."""
    labels_by_text: dict[str, Counter] = defaultdict(Counter)
    patterns: dict[str, Span] = {}
    for entity in doc.ents:
        if entity.label_ in NAME_LABELS and _is_name_like(entity):
            labels_by_text[entity.text][entity.label_] += 1
            patterns.setdefault(entity.text, entity)
    if not patterns:
        return doc
    matcher = PhraseMatcher(doc.vocab)
    for text, entity in patterns.items():
        matcher.add(text, [entity.as_doc()])
    taken = {token.i for entity in doc.ents for token in entity}
    found = []
    for match_id, start, end in matcher(doc):
        if any(i in taken for i in range(start, end)):
            continue
        text = doc.vocab.strings[match_id]
        label = min(labels_by_text[text].items(), key=lambda item: (-item[1], item[0]))[0]
        span = Span(doc, start, end, label=label)
        span._.source = "document_names"
        found.append(span)
    return set_entities(doc, list(doc.ents) + filter_spans(found))


def _is_name_like(entity: Span) -> bool:
    """Capitalised and longer than one letter: safe to look for elsewhere in the same text."""
    return len(entity.text) > 1 and entity.text[0].isupper()


@Language.component("parenthesized_acronyms")
def parenthesized_acronyms(doc: Doc) -> Doc:
    """'Name (ACRONYM)': the acronym names the same thing, so it takes the name's label, everywhere in the document."""
    entities = list(doc.ents)
    label_of_acronym = {
        acronym.text: name.label_
        for name, acronym in zip(entities, entities[1:])
        if looks_like_acronym(acronym.text) and defined_in_brackets(doc.text, name, acronym)
    }
    relabelled = [copy_span(entity, label=label_of_acronym.get(entity.text, entity.label_)) for entity in entities]
    return set_entities(doc, relabelled)
