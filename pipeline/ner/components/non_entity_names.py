"""The `non_entity_names` component: spans that are no PER/ORG/LOC of ours.

It drops ORG/PER/LOC spans that name things outside our label set (treaties, laws, surveys,
plans, goals, conferences: guideline 1.7) or are a bare institutional common noun ("the
Government": guideline 1.5) or a demonym ("Kazakh": guideline 1.8), and, in English text,
names in Cyrillic the English model cannot read, and spans without a capital letter. The word lists are data:
`models/non_entity_names.json`, passed in through the component's config.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.labels import MODEL_NAME_LABELS, NATIONALITY, ORG, PER, SCHEMA_LABELS
from pipeline.ner.components.spans import doc_text, set_entities
from pipeline.resources.word_lists import NonEntityNames as NonEntityNamesData
from pipeline.resources.word_lists import non_entity_names as non_entity_names_data
from pipeline.text.acronyms import defined_in_brackets
from pipeline.text.morphology import is_common_noun
from pipeline.text.scripts import script_counts


FILTERED_LABELS = MODEL_NAME_LABELS | {NATIONALITY}


class NonEntityNames:
    def __init__(self, words: NonEntityNamesData):
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        doc = drop_non_entity_names(doc, self.words.head_nouns, self.words.bare_nouns)
        return set_entities(doc, [entity for entity in doc.ents if entity.ent_id_ or not is_page_word_or_thing(entity, self.words)])


@Language.factory("non_entity_names", default_config={"word_lists": None})
def make_non_entity_names(nlp: Language, name: str, word_lists: str | None) -> NonEntityNames:
    """The filter with its word lists (a JSON file like `models/non_entity_names.json`; None = that one)."""
    return NonEntityNames(non_entity_names_data(word_lists))


def drop_non_entity_names(doc: Doc, head_nouns: frozenset[str], bare_nouns: frozenset[str]) -> Doc:
    """Drop names of treaties, surveys, plans... and bare institutional nouns; also the acronym
    given in brackets right after a dropped name ("Convention ... (CRC)"), everywhere in the doc."""
    dropped_acronyms: set[str] = set()
    kept: list[Span] = []
    entities = list(doc.ents)
    text = doc_text(doc)
    for i, entity in enumerate(entities):
        if doc.lang_ == "en" and _is_mostly_cyrillic(entity.text):
            continue  # the English model cannot read Cyrillic; whole Russian paragraphs go to the Russian one
        if entity.label_ in FILTERED_LABELS and not entity.ent_id_ and _is_non_entity(entity, head_nouns, bare_nouns):
            following = entities[i + 1] if i + 1 < len(entities) else None
            if following is not None and defined_in_brackets(text, entity, following):
                dropped_acronyms.add(following.text)
            continue
        if _is_acronym_of_non_entity(entity, head_nouns):
            dropped_acronyms.add(entity.text)
            continue
        kept.append(entity)
    kept = [entity for entity in kept if entity.ent_id_ or entity.text not in dropped_acronyms]
    return set_entities(doc, kept)


_WORDS = re.compile(r"[^\W\d_]+")


def is_page_word_or_thing(entity: Span, words: NonEntityNamesData) -> bool:
    """Mentions that are no name of ours, in either language: the page's interface ("Ctrl+Enter",
    «Обсуждение», a field label "Аккаунт: @…"), a disease ("COVID-19"), a product or a technical
    standard tagged as an organisation ("MacBook Pro", "USB"), and an English one-word person the document also writes in
    lower case ("Moon" beside "the moon"). Lists in `models/non_entity_names.json`."""
    text = entity.text
    if entity.label_ in MODEL_NAME_LABELS and text.lower() in words.diseases:
        return True
    if SCHEMA_LABELS.get(entity.label_) == ORG and text.split()[0] in words.products:
        return True
    letters = _WORDS.findall(text)
    if letters and all(word in words.interface_words for word in letters):
        return True
    if len(entity) == 1 and _is_field_label(entity):
        return True
    return SCHEMA_LABELS.get(entity.label_) == PER and len(entity) == 1 and _written_in_lower_case(entity)


def _is_field_label(entity: Span) -> bool:
    """A common noun alone at the start of a line and followed by a colon: "Аккаунт: @name"."""
    doc = entity.doc
    at_line_start = entity.start == 0 or "\n" in doc[entity.start - 1].text or "\n" in doc[entity.start - 1].whitespace_
    followed_by_colon = entity.end < len(doc) and doc[entity.end].text == ":"
    return at_line_start and followed_by_colon and script_counts(entity.text).majority == "ru" and is_common_noun(entity.text)


def _written_in_lower_case(entity: Span) -> bool:
    lower = entity.text.lower()
    return entity.doc.lang_ == "en" and lower != entity.text and any(token.text == lower for token in entity.doc)


def _is_mostly_cyrillic(text: str) -> bool:
    return script_counts(text).majority == "ru"


def is_capitalised_name(text: str) -> bool:
    """English and Russian write every proper name with a capital somewhere ("iPhone", "мэрия
    Москвы"); a span without one ("комиссия", "the media") is a common noun."""
    return any(char.isupper() for char in text)


def _is_non_entity(entity: Span, head_nouns: frozenset[str], bare_nouns: frozenset[str]) -> bool:
    if not is_capitalised_name(entity.text):
        return True
    if len(entity) == 1 and entity[0].text in bare_nouns:
        return True
    # A span ending in a head noun names the same kind of thing ("Multi-Indicator Cluster Survey").
    return any(token.text in head_nouns and token.is_title for token in {_head_word(entity), entity[-1]})


NAME_FUNCTION_WORDS = {"of", "the", "on", "for", "and", "in", "'s", "’s", "-"}
NAME_PREPOSITIONS = {"of", "on", "for", "in"}


def _head_word(entity: Span) -> Token:
    """A name's head noun without a parse (none runs: `pipeline.ner.build`): the word before its
    first preposition ("Global *Conference* on Primary Health Care", "*Ministry* of Education"),
    else its last word."""
    for k in range(1, len(entity)):
        if entity[k].lower_ in NAME_PREPOSITIONS:
            return entity[k - 1]
    return entity[-1]


def _is_acronym_of_non_entity(entity: Span, head_nouns: frozenset[str]) -> bool:
    """'Convention on the Rights of the Child (CRC)', 'Cluster Survey (MICS)' when the model
    left the name itself untagged: the bracketed acronym of a treaty/survey name is no entity."""
    doc = entity.doc
    if entity.ent_id_ or len(entity) != 1 or not entity.text.isupper():
        return False
    if entity.start < 2 or doc[entity.start - 1].text != "(" or entity.end >= len(doc) or doc[entity.end].text != ")":
        return False
    name = []
    i = entity.start - 2
    while i >= 0 and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in NAME_FUNCTION_WORDS) and not doc[i].is_sent_end:
        name.insert(0, doc[i])
        i -= 1
    while name and not name[0].is_title:
        name.pop(0)
    if not name:
        return False
    if name[-1].text in head_nouns:
        return True  # compound: "Multi-Indicator Cluster Survey"
    first_head = next((k for k, token in enumerate(name) if token.text in head_nouns), None)
    return first_head is not None and first_head + 1 < len(name) and name[first_head + 1].lower_ in NAME_PREPOSITIONS
