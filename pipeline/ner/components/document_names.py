"""The `document_names` component: one name, one label, at every occurrence in a document.

A model tags "UNICEF" in one sentence and misses it in the next, calls "Nazarbayev" a person
in one sentence and an organisation in another, and tags "Muller" alone as an organisation
after "Thomas Muller" as a person. Within one document the same name is the same entity, so
its label is chosen once from the evidence of all its occurrences and given to every
occurrence, tagged or not:

* a gazetteer match (`Span._.gazetteer_id`) is curated knowledge and wins outright;
* the last word of a person's full name, standing alone, is that person's surname; the name
  before a company's legal form ("Vantrix" of "Vantrix Inc", "Halvorsen Group") is that company
  (`models/label_cues.json`);
* otherwise the output label most occurrences vote for wins, an English title or honorific right
  before an occurrence ("President", "Mr"), or a title of a place right before a name ("Prime
  Minister of Kazakhstan Bakytzhan Sagintayev", whatever label the model gave the name), adding
  `CUE_WEIGHT` votes for a person; the
  corpus-wide step may still move a one-word name to the label the corpus gives it
  (`pipeline.link.corpus`); a tie leaves each tagged occurrence
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

from pipeline.labels import LOC, MODEL_LABELS, MODEL_NAME_LABELS, ORG, PER, SCHEMA_LABELS
from pipeline.ner.components.breaks import crosses_break
from pipeline.ner.components.spans import copy_span, set_entities
from pipeline.resources.word_lists import label_cues
from pipeline.text.morphology import word_lemma

RUSSIAN = "ru"
CUE_WEIGHT = 3
"""Votes a title before an occurrence adds for a person, beside its own: one "President X" (1 + 3
votes) outweighs three other occurrences of X the model tagged as an organisation."""


@Language.component("document_names")
def document_names(doc: Doc) -> Doc:
    """Give every occurrence of a name the document tagged somewhere the label its evidence supports."""
    names = [entity for entity in doc.ents if entity.label_ in MODEL_NAME_LABELS and _is_name_like(entity)]
    if not names:
        return doc
    by_text: dict[str, list[Span]] = defaultdict(list)
    for entity in names:
        by_text[entity.text].append(entity)
    tagged_texts = list(by_text)
    shorts = {**_company_names(names), **_surnames(names)}
    for short, (_, word) in shorts.items():
        by_text.setdefault(short, [word])
    matches = _untagged_matches(doc, by_text)
    places_by_end = {entity.end: entity for entity in doc.ents if SCHEMA_LABELS.get(entity.label_) == LOC}
    titled = Counter(text for text, start, end in matches if _after_title_of_place(doc[start:end], places_by_end))
    decided = {text: _document_label(by_text[text], places_by_end, titled[text]) for text in tagged_texts}
    for short, (label, _) in shorts.items():
        if not any(entity._.gazetteer_id for entity in by_text[short]):
            decided[short] = label
    name_bounds = {(entity.start, entity.end) for entity in names}
    relabelled = [
        _relabel(entity, decided[entity.text]) if (entity.start, entity.end) in name_bounds else entity
        for entity in doc.ents
    ]
    untagged = [_untagged_span(doc, start, end, decided[text] or min(e.label_ for e in by_text[text])) for text, start, end in matches]
    return set_entities(doc, relabelled + filter_spans(untagged))


def _document_label(occurrences: list[Span], places_by_end: dict[int, Span], titled_untagged: int) -> str | None:
    """The model label all occurrences of one name should have; None when the evidence is split evenly.
    `titled_untagged`: occurrences no entity covers that follow a title of a place, each a person's."""
    curated = sorted({entity.label_ for entity in occurrences if entity._.gazetteer_id})
    if len(curated) == 1:
        return curated[0]
    votes = Counter({PER: titled_untagged * (1 + CUE_WEIGHT)} if titled_untagged else {})
    for entity in occurrences:
        if _after_person_title(entity) or _after_title_of_place(entity, places_by_end):
            votes[PER] += 1 + CUE_WEIGHT
        else:
            votes[SCHEMA_LABELS[entity.label_]] += 1
    ranked = votes.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    winner = ranked[0][0]
    model_labels = Counter(entity.label_ for entity in occurrences if SCHEMA_LABELS[entity.label_] == winner)
    if not model_labels:  # every occurrence tagged otherwise, and titles say a person
        return MODEL_LABELS[occurrences[0].doc.lang_][PER]
    return min(model_labels.items(), key=lambda item: (-item[1], item[0]))[0]


def _after_person_title(entity: Span) -> bool:
    """An English title or honorific right before a one-word name the model took for a person or
    an organisation ("President X", "Mr. X"). Not in Russian, where a title is as often followed
    by the body or country it heads, in the genitive ("президента России", "глава Газпрома"): on
    factRuEval-dev a Russian list of titles cut PER precision from 0.972 to 0.861."""
    doc, i = entity.doc, entity.start - 1
    if doc.lang_ == RUSSIAN or len(entity) != 1 or SCHEMA_LABELS[entity.label_] not in (PER, ORG):
        return False
    if i > 0 and doc[i].text == ".":
        i -= 1
    return i >= 0 and _is_person_title(doc[i])


def _after_title_of_place(entity: Span, places_by_end: dict[int, Span]) -> bool:
    """A capitalised name of two to four words right after "<title> of <place>" ("President of
    France Jean Halvorsen", "Prime Minister of Kazakhstan Bakytzhan Sagintayev"): the person who
    holds the title, though the model, reading the place and the unfamiliar name as one, may have
    called it a place. English only, as `_after_person_title`."""
    doc = entity.doc
    place = places_by_end.get(entity.start)
    if doc.lang_ == RUSSIAN or place is None or not 2 <= len(entity) <= 4 or not all(token.is_title for token in entity):
        return False
    return place.start >= 2 and doc[place.start - 1].lower_ == "of" and _is_person_title(doc[place.start - 2])


def _is_person_title(token) -> bool:
    return token.is_alpha and label_cues().is_person_title(token.text)


def _company_names(names: list[Span]) -> dict[str, tuple[str, Span]]:
    """A company's name before its legal-form word ("Vantrix" of "Vantrix Inc", "Halvorsen Group")
    -> (the organisation label, that name as a span): alone it is the same organisation."""
    suffixes = label_cues().organisation_suffixes
    found: dict[str, tuple[str, Span]] = {}
    for entity in names:
        if SCHEMA_LABELS[entity.label_] == ORG and len(entity) >= 2 and entity[-1].text.rstrip(".") in suffixes:
            short = entity[:-1]
            if _is_name_like(short):
                found.setdefault(short.text, (entity.label_, short))
    return found


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


def _untagged_matches(doc: Doc, by_text: dict[str, list[Span]]) -> list[tuple[str, int, int]]:
    """(name, start, end) of the occurrences of the document's names that no entity covers yet."""
    # Pattern docs from the names' own words: `Span.as_doc` copies the whole document's arrays
    # per call, which made this rule quadratic in the piece length.
    matcher = PhraseMatcher(doc.vocab)
    for text, occurrences in by_text.items():
        matcher.add(text, [Doc(doc.vocab, words=[token.text for token in occurrences[0]])])
    taken = {token.i for entity in doc.ents for token in entity}
    matches = [(doc.vocab.strings[match_id], start, end) for match_id, start, end in matcher(doc)]
    if doc.lang_ == RUSSIAN:
        matches += _inflected_matches(doc, {text: occurrences[0] for text, occurrences in by_text.items()})
    return [
        (text, start, end) for text, start, end in matches
        if not any(i in taken for i in range(start, end)) and not crosses_break(doc, start, end)
    ]


def _untagged_span(doc: Doc, start: int, end: int, label: str) -> Span:
    span = Span(doc, start, end, label=label)
    span._.source = "document_names"
    return span


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
