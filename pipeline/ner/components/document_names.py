"""The `document_names` component: a name tagged once is tagged at its other occurrences.

A model tags "UNICEF" in one sentence and misses it in the next. Within one document the
same name is the same entity, so this rule carries what the model found once to every
occurrence, with the label most of its tagged occurrences have. In Russian the other
occurrence is often in another case ("Голос Америки" tagged, "Голоса Америки" missed):
there a name of two or more words matches by the dictionary lemma of each word, capitalised
like the tagged one (one word alone is too ambiguous: "Союза" the spacecraft is no "Союз").
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.labels import MODEL_NAME_LABELS
from pipeline.ner.components.spans import set_entities
from pipeline.text.morphology import word_lemma

RUSSIAN = "ru"


@Language.component("document_names")
def document_names(doc: Doc) -> Doc:
    """Tag every untagged occurrence of a name the document already tagged somewhere, with its usual label."""
    labels_by_text: dict[str, Counter] = defaultdict(Counter)
    patterns: dict[str, Span] = {}
    for entity in doc.ents:
        if entity.label_ in MODEL_NAME_LABELS and _is_name_like(entity):
            labels_by_text[entity.text][entity.label_] += 1
            patterns.setdefault(entity.text, entity)
    if not patterns:
        return doc
    matcher = PhraseMatcher(doc.vocab)
    for text, entity in patterns.items():
        matcher.add(text, [entity.as_doc()])
    taken = {token.i for entity in doc.ents for token in entity}
    matches = [(doc.vocab.strings[match_id], start, end) for match_id, start, end in matcher(doc)]
    if doc.lang_ == RUSSIAN:
        matches += _inflected_matches(doc, patterns)
    found = []
    for text, start, end in matches:
        if any(i in taken for i in range(start, end)):
            continue
        label = min(labels_by_text[text].items(), key=lambda item: (-item[1], item[0]))[0]
        span = Span(doc, start, end, label=label)
        span._.source = "document_names"
        found.append(span)
    return set_entities(doc, list(doc.ents) + filter_spans(found))


def _inflected_matches(doc: Doc, patterns: dict[str, Span]) -> list[tuple[str, int, int]]:
    """(pattern text, start, end) of every token run with a multi-word tagged name's lemmas and capitals."""
    by_key = {_lemma_key(entity): text for text, entity in patterns.items() if len(entity) > 1}
    lengths_by_first = {}
    for key in by_key:
        lengths_by_first.setdefault(key[0], set()).add(len(key))
    matches = []
    for start, token in enumerate(doc):
        if not token.text[:1].isupper():
            continue
        for length in lengths_by_first.get(_token_key(token), ()):
            if start + length <= len(doc) and (text := by_key.get(_lemma_key(doc[start : start + length]))):
                matches.append((text, start, start + length))
    return matches


def _lemma_key(span) -> tuple:
    return tuple(_token_key(token) for token in span)


def _token_key(token) -> tuple:
    return word_lemma(token.text), token.text[:1].isupper()


def _is_name_like(entity: Span) -> bool:
    """Capitalised and longer than one letter: safe to look for elsewhere in the same text."""
    return len(entity.text) > 1 and entity.text[0].isupper()
