"""The `russian_name_checks` component: bare institutional nouns dropped, gazetteer labels win."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.ner.components.non_entity_names import is_capitalised_name, is_page_word_or_thing
from pipeline.ner.components.spans import copy_span, set_entities
from pipeline.resources.gazetteer import Gazetteer, load_gazetteer
from pipeline.resources.word_lists import NonEntityNames as NonEntityNamesData
from pipeline.resources.word_lists import non_entity_names
from pipeline.text.morphology import word_lemma
from pipeline.text.russian_forms import russian_base_form


class RussianNameChecks:
    """Checks slovnet cannot make: a bare institutional or common noun is no name ("с Парламентом",
    "СМИ"), nor is an event ("саммит ШОС") or a span without a capital letter; and a name the
    gazetteer knows under one label gets that label ("Европейского Союза" is the EU, an ORG,
    where slovnet says LOC)."""

    def __init__(self, gazetteer: Gazetteer, words: NonEntityNamesData):
        self.gazetteer = gazetteer
        self.words = words

    def __call__(self, doc: Doc) -> Doc:
        return check_russian_names(doc, self.gazetteer, self.words)


@Language.factory("russian_name_checks", default_config={"gazetteer": None, "word_lists": None})
def make_russian_name_checks(nlp: Language, name: str, gazetteer: str | None, word_lists: str | None) -> RussianNameChecks:
    """Data files through config (None = the project's `models/` files), as spaCy's EntityRuler takes patterns."""
    return RussianNameChecks(load_gazetteer(gazetteer), non_entity_names(word_lists))


def check_russian_names(doc: Doc, gazetteer: Gazetteer, words: NonEntityNamesData) -> Doc:
    checked = []
    for entity in doc.ents:
        entries = gazetteer.candidates(russian_base_form(entity.text, entity.label_))
        if not entries and _is_no_name(entity, words):
            continue
        if len(entries) == 1 and entries[0].label != entity.label_:
            entity = copy_span(entity, label=entries[0].label)
        checked.append(entity)
    return set_entities(doc, checked)


def _is_no_name(entity: Span, words: NonEntityNamesData) -> bool:
    if not is_capitalised_name(entity.text) or is_page_word_or_thing(entity, words):
        return True
    if len(entity) == 1 and word_lemma(entity.text) in words.bare_nouns_ru:
        return True
    return word_lemma(entity[0].text) in words.event_nouns_ru or word_lemma(entity[-1].text) in words.event_nouns_ru


