"""The `document_names` component: one name, one label, at every occurrence in a document.

A model tags "UNICEF" in one sentence and misses it in the next, calls "Nazarbayev" a person
in one sentence and an organisation in another, and tags "Muller" alone as an organisation
after "Thomas Muller" as a person. Within one document the same name is the same entity, so
its label is chosen once from the evidence of all its occurrences and given to every
occurrence, tagged or not:

* a gazetteer match (`Span._.gazetteer_id`) is curated knowledge and wins outright;
* the last word of a person's full name, standing alone, is that person's surname;
* otherwise the output label most occurrences have wins; a tie leaves each tagged occurrence
  as the model tagged it (there is no evidence to prefer one), and untagged ones get the
  alphabetically first model label.

In Russian the other occurrence is often in another case ("Голос Америки" tagged, "Голоса
Америки" missed): there a name of two or more words matches by the dictionary lemma of each
word, capitalised like the tagged one (one word alone is too ambiguous: "Союза" the
spacecraft is no "Союз").

Measured on Wikigold (`python -m benchmarks.wikigold`, exact F1 ALL / PER): untagged repeats
only 0.591 / 0.655; tagged repeats relabelled by the majority too 0.591 / 0.655; plus
surnames 0.617 / 0.705; plus untagged surnames tagged 0.621 / 0.714.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.labels import MODEL_NAME_LABELS, PER, SCHEMA_LABELS
from pipeline.ner.components.breaks import crosses_break
from pipeline.ner.components.spans import copy_span, set_entities
from pipeline.text.morphology import word_lemma

RUSSIAN = "ru"


@Language.component("document_names")
def document_names(doc: Doc) -> Doc:
    """Give every occurrence of a name the document tagged somewhere the label its evidence supports."""
    names = [entity for entity in doc.ents if entity.label_ in MODEL_NAME_LABELS and _is_name_like(entity)]
    if not names:
        return doc
    by_text: dict[str, list[Span]] = defaultdict(list)
    for entity in names:
        by_text[entity.text].append(entity)
    decided = {text: _document_label(occurrences) for text, occurrences in by_text.items()}
    for surname, (label, word) in _surnames(names).items():
        if surname not in by_text:
            by_text[surname] = [word]
        if not any(entity._.gazetteer_id for entity in by_text[surname]):
            decided[surname] = label
    name_bounds = {(entity.start, entity.end) for entity in names}
    relabelled = [
        _relabel(entity, decided[entity.text]) if (entity.start, entity.end) in name_bounds else entity
        for entity in doc.ents
    ]
    return set_entities(doc, relabelled + filter_spans(_untagged_occurrences(doc, by_text, decided)))


def _document_label(occurrences: list[Span]) -> str | None:
    """The model label all occurrences of one name should have; None when the evidence is split evenly."""
    curated = sorted({entity.label_ for entity in occurrences if entity._.gazetteer_id})
    if len(curated) == 1:
        return curated[0]
    ranked = Counter(SCHEMA_LABELS[entity.label_] for entity in occurrences).most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    winner = ranked[0][0]
    model_labels = Counter(entity.label_ for entity in occurrences if SCHEMA_LABELS[entity.label_] == winner)
    return min(model_labels.items(), key=lambda item: (-item[1], item[0]))[0]


def _surnames(names: list[Span]) -> dict[str, tuple[str, Span]]:
    """Last word of each person name of two words or more -> (its model label, that word as a span)."""
    surnames: dict[str, tuple[str, Span]] = {}
    for entity in names:
        if SCHEMA_LABELS[entity.label_] == PER and len(entity) >= 2 and _is_name_like(entity[-1:]):
            surnames.setdefault(entity[-1].text, (entity.label_, entity[-1:]))
    return surnames


def _relabel(entity: Span, label: str | None) -> Span:
    """The entity with the document's label for its name, unless that is the same output label
    or the entity is a gazetteer match (its label is the curated one)."""
    if label is None or entity._.gazetteer_id or SCHEMA_LABELS[label] == SCHEMA_LABELS[entity.label_]:
        return entity
    span = copy_span(entity, label=label)
    span._.source = "document_names"
    return span


def _untagged_occurrences(doc: Doc, by_text: dict[str, list[Span]], decided: dict[str, str | None]) -> list[Span]:
    """New spans for the occurrences of the document's names that no entity covers yet."""
    matcher = PhraseMatcher(doc.vocab)
    for text, occurrences in by_text.items():
        matcher.add(text, [occurrences[0].as_doc()])
    taken = {token.i for entity in doc.ents for token in entity}
    matches = [(doc.vocab.strings[match_id], start, end) for match_id, start, end in matcher(doc)]
    if doc.lang_ == RUSSIAN:
        matches += _inflected_matches(doc, {text: occurrences[0] for text, occurrences in by_text.items()})
    found = []
    for text, start, end in matches:
        if any(i in taken for i in range(start, end)) or crosses_break(doc, start, end):
            continue
        label = decided[text] or min(entity.label_ for entity in by_text[text])
        span = Span(doc, start, end, label=label)
        span._.source = "document_names"
        found.append(span)
    return found


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
