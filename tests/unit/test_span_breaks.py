"""No entity span crosses a paragraph break (and in English, a line break): real pipelines, own sentences."""

from __future__ import annotations

import pytest
from spacy.tokens import Span

from pipeline.ner.components.breaks import span_breaks
from pipeline.ner.components.document_names import document_names


def test_slovnet_span_over_a_blank_line_becomes_two_people(ru):
    text = "Об этом заявил глава ведомства Сергей Лавров\n\nМария Захарова подтвердила эти сведения."
    raw = ru.get_pipe("natasha_ner")(ru.get_pipe("razdel_sentences")(ru.make_doc(text)))
    assert [e.text for e in raw.ents] == ["Сергей Лавров\n\nМария Захарова"]  # what the model does
    assert [(e.text, e.label_) for e in ru(text).ents] == [("Сергей Лавров", "PER"), ("Мария Захарова", "PER")]


def test_a_russian_line_wrapped_inside_a_paragraph_does_not_split_a_name(ru):
    doc = ru.make_doc("Встречу провёл Сергей\nЛавров.")
    doc.ents = [Span(doc, 2, 5, label="PER")]
    assert [e.text for e in span_breaks(doc).ents] == ["Сергей\nЛавров"]


def test_english_splits_at_every_line_break_and_trims_whitespace(en):
    doc = en.make_doc("Reporting by Andrew Osborn\n Editing by Mark Heinrich")
    doc.ents = [Span(doc, 2, 9, label="PERSON")]
    assert [(e.text, e.label_) for e in span_breaks(doc).ents] == [
        ("Andrew Osborn", "PERSON"),
        ("Editing by Mark Heinrich", "PERSON"),
    ]


def test_document_names_never_matches_across_a_break(ru):
    doc = ru.make_doc("Иван Петров\n\nИван Петров приехал. Иван\n\nПетров уехал.")
    doc.ents = [Span(doc, 0, 2, label="PER")]
    tagged = document_names(doc)
    # The full name is not found across the blank line; the surname after it stands alone.
    assert [e.text for e in tagged.ents] == ["Иван Петров", "Иван Петров", "Петров"]
    assert not any("\n" in e.text for e in tagged.ents)


def test_no_span_of_either_pipeline_contains_a_break(en, ru):
    english = "Minister Anna Smith\nJohn Brown met the press in London.\nThe Bank of England\nHSBC and Barclays agreed."
    russian = "Глава МИД Сергей Лавров\n\nВладимир Путин провёл встречу в Москве.\n\nРоснефть\n\nГазпром сообщили."
    assert all("\n" not in e.text for e in en(english).ents)
    assert all("\n\n" not in e.text for e in ru(russian).ents)
