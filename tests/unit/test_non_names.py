"""Common nouns, events and uncapitalised spans are no PER/ORG/LOC; a surname is its person's."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from pipeline.ner.components.document_names import document_names
from pipeline.ner.components.non_entity_names import NonEntityNames, drop_non_entity_names, is_capitalised_name
from pipeline.ner.components.russian_name_checks import check_russian_names
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.resources.word_lists import non_entity_names


def _with_ents(nlp, text: str, *spans: tuple[str, str]):
    """A tokenised doc whose entities are the given (surface, label) spans, found left to right."""
    doc = nlp.make_doc(text)
    ents, position = [], 0
    for surface, label in spans:
        start = text.index(surface, position)
        position = start + len(surface)
        ents.append(doc.char_span(start, position, label=label))
    doc.ents = ents
    return doc


def test_the_media_a_bare_commission_and_events_are_no_russian_names(ru):
    doc = _with_ents(
        ru,
        "Об этом сообщили СМИ. Комиссия собралась. Саммит ШОС прошёл в Астане, как и референдум. Газпром доволен.",
        ("СМИ", "ORG"), ("Комиссия", "ORG"), ("Саммит ШОС", "ORG"), ("Астане", "LOC"), ("референдум", "ORG"), ("Газпром", "ORG"),
    )
    kept = check_russian_names(doc, load_gazetteer(), non_entity_names())
    assert [e.text for e in kept.ents] == ["Астане", "Газпром"]


def test_the_russian_pipeline_drops_the_media_tagged_by_slovnet(ru):
    assert [e.text for e in ru("Об этом сообщили СМИ.").ents] == []


def test_english_media_commission_and_events_are_no_names(en):
    words = non_entity_names()
    doc = _with_ents(
        en,
        "The Media said the Commission met before the Brexit Referendum and the G20 Summit in Osaka.",
        ("Media", "ORG"), ("Commission", "ORG"), ("Brexit Referendum", "ORG"), ("G20 Summit", "ORG"), ("Osaka", "GPE"),
    )
    kept = drop_non_entity_names(doc, words.head_nouns, words.bare_nouns)
    assert [e.text for e in kept.ents] == ["Osaka"]


@pytest.mark.parametrize("text, capitalised", [("комиссия", False), ("the media", False), ("мэрия Москвы", True), ("iPhone", True)])
def test_a_name_has_a_capital_letter_somewhere(text: str, capitalised: bool):
    assert is_capitalised_name(text) is capitalised


def test_a_surname_the_model_mislabelled_is_the_person_named_in_full(en):
    doc = _with_ents(en, "Anna Petrova visited Novosibirsk.\nPetrova met the governor.", ("Anna Petrova", "PERSON"), ("Novosibirsk", "GPE"), ("Petrova", "GPE"))
    assert [(e.text, e.label_) for e in document_names(doc).ents] == [("Anna Petrova", "PERSON"), ("Novosibirsk", "GPE"), ("Petrova", "PERSON")]


# --- issue 19: page interface words, diseases, products, common words as people

def test_interface_words_diseases_and_products_are_no_english_names(en):
    doc = _with_ents(
        en,
        "Press Ctrl+Enter to post. Vantrix sold the Zentra Pro and the MacBook Air with USB ports. COVID-19 spread in Lyon. "
        "Strand said the strand was cut. Olga Strand agreed. Galaxy Harbour flooded.",
        ("Ctrl+Enter", "ORG"), ("Vantrix", "ORG"), ("Zentra Pro", "ORG"), ("MacBook Air", "ORG"), ("USB", "ORG"),
        ("COVID-19", "ORG"), ("Lyon", "GPE"), ("Strand", "PERSON"), ("Olga Strand", "PERSON"), ("Galaxy Harbour", "GPE"),
    )
    kept = NonEntityNames(non_entity_names())(doc)
    # an unknown product line stays (no rule knows it); a one-word person also written in lower case goes;
    # a product word only makes an organisation span no name: a place named after it stays
    assert [e.text for e in kept.ents] == ["Vantrix", "Zentra Pro", "Lyon", "Olga Strand", "Galaxy Harbour"]


def test_interface_words_field_labels_and_diseases_are_no_russian_names(ru):
    doc = _with_ents(
        ru,
        "Обсуждение\nАккаунт: @petrov_news\nВ Самаре выявили ВИЧ. Агентство: Интерфакс.",
        ("Обсуждение", "ORG"), ("Аккаунт", "ORG"), ("Самаре", "LOC"), ("ВИЧ", "ORG"), ("Интерфакс", "ORG"),
    )
    kept = check_russian_names(doc, load_gazetteer(), non_entity_names())
    assert [e.text for e in kept.ents] == ["Самаре", "Интерфакс"]  # a name after a field label stays
