"""The `russian_name_checks` component: bare institutional nouns dropped, gazetteer labels win."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.ner.components.spans import copy_span, set_entities
from pipeline.resources.gazetteer import Gazetteer, load_gazetteer
from pipeline.resources.word_lists import non_entity_names
from pipeline.text.morphology import morph_analyzer
from pipeline.text.russian_forms import russian_base_form


class RussianNameChecks:
    """Two checks slovnet cannot make: a bare institutional noun is no name ("с Парламентом"),
    and a name the gazetteer knows under one label gets that label ("Европейского Союза" is
    the EU, an ORG, where slovnet says LOC)."""

    def __init__(self, gazetteer: Gazetteer, bare_nouns: frozenset[str]):
        self.gazetteer = gazetteer
        self.bare_nouns = bare_nouns

    def __call__(self, doc: Doc) -> Doc:
        return check_russian_names(doc, self.gazetteer, self.bare_nouns)


@Language.factory("russian_name_checks", default_config={"gazetteer": None, "word_lists": None})
def make_russian_name_checks(nlp: Language, name: str, gazetteer: str | None, word_lists: str | None) -> RussianNameChecks:
    """Data files through config (None = the project's `models/` files), as spaCy's EntityRuler takes patterns."""
    return RussianNameChecks(load_gazetteer(gazetteer), non_entity_names(word_lists).bare_nouns_ru)


def check_russian_names(doc: Doc, gazetteer: Gazetteer, bare: frozenset[str]) -> Doc:
    checked = []
    for entity in doc.ents:
        if len(entity) == 1 and _lemma(entity.text) in bare:
            continue
        entries = gazetteer.candidates(russian_base_form(entity.text, entity.label_))
        if len(entries) == 1 and entries[0].label != entity.label_:
            entity = copy_span(entity, label=entries[0].label)
        checked.append(entity)
    return set_entities(doc, checked)


@lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    """Per distinct surface form: news repeats its words, and pymorphy3's parse is the cost."""
    return morph_analyzer().parse(word)[0].normal_form


