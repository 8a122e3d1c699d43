"""Stage 4 on hand-made records: English name clean-up, Russian base forms, dates in context."""

from __future__ import annotations

import datetime

import pytest

from pipeline.normalize import clean_english_name, normalize_document
from pipeline.records import Document, Mention


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("the UNICEF", "UNICEF"),
        ("Kazakhstan's", "Kazakhstan"),
        ("“Kazinform”", "Kazinform"),
        ("The Astana Times", "Astana Times"),
        ("UN Children's Fund", "UN Children's Fund"),
        ("  Almaty,", "Almaty"),
        ("U.S.", "U.S."),
        ("Astana.", "Astana"),
        ("KAZINFORM", "KAZINFORM"),
    ],
)
def test_english_names_lose_articles_possessives_quotes_and_keep_case(raw, clean):
    assert clean_english_name(raw) == clean


def _document(text: str, lang: str) -> Document:
    return Document(doc_id="d", path="d.txt", sha256=None, n_bytes=None, text=text, lang=lang)


def _mention(doc: Document, surface: str, label: str) -> Mention:
    start = doc.text.index(surface)
    return Mention("d", start, start + len(surface), surface, label, 0, "test")


def test_russian_mentions_inside_an_english_article_get_russian_base_forms_and_dates():
    text = "Government • 25 October, 2018\n\nThe minister met UNICEF.\n\nВ Астане 21 и 22 ноября 2016 г. прошла конференция."
    doc = _document(text, "en")
    mentions = [_mention(doc, "UNICEF", "ORG"), _mention(doc, "Астане", "LOC"), _mention(doc, "21 и 22 ноября 2016 г.", "DATE")]
    doc, normalized = normalize_document(doc, mentions)
    assert doc.published == datetime.date(2018, 10, 25)
    assert [m.normalized for m in normalized[:2]] == ["UNICEF", "Астана"]
    assert normalized[2].date_value == "2016-11-21/2016-11-22"


def test_relative_dates_resolve_only_against_the_stated_publication_date():
    dated = _document("Дата публикации: 23 ноября 2016\n\nВ следующем году откроется центр.", "ru")
    undated = _document("Новости\n\nВ следующем году откроется центр.", "ru")
    for doc, expected in ((dated, "2017"), (undated, None)):
        _, (mention,) = normalize_document(doc, [_mention(doc, "следующем году", "DATE")])
        assert mention.date_value == expected


def test_weekdays_resolve_against_the_publication_date_in_both_languages():
    english = _document("Government • 25 October, 2018\n\nPolice said on Friday that the road reopened.", "en")
    russian = _document("Дата публикации: 23 ноября 2016\n\nВ пятницу дорогу открыли.", "ru")
    for doc, surface, expected in ((english, "Friday", "2018-10-19"), (russian, "пятницу", "2016-11-18")):
        _, (mention,) = normalize_document(doc, [_mention(doc, surface, "DATE")])
        assert (mention.date_value, mention.date_granularity) == (expected, "day")


def test_russian_person_mentions_agree_across_the_document():
    """The document-level step: a bare surname takes its fuller mention's gender, an
    unknown surname the form the text writes; other labels are as by themselves."""
    text = "Анна Лужкова приехала в Москву. Лужкова выступила. Сейдзи Маэхара встретился с Маэхары женой."
    doc = _document(text, "ru")
    surfaces = [("Анна Лужкова", "PER"), ("Москву", "LOC"), ("Лужкова", "PER"), ("Сейдзи Маэхара", "PER"), ("Маэхары", "PER")]
    mentions = []
    for surface, label in surfaces:
        start = text.index(surface, mentions[-1].end_char if mentions else 0)
        mentions.append(Mention("d", start, start + len(surface), surface, label, 0, "test"))
    _, normalized = normalize_document(doc, mentions)
    assert [m.normalized for m in normalized] == ["Анна Лужкова", "Москва", "Лужкова", "Сейдзи Маэхара", "Маэхара"]
