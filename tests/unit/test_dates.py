"""pipeline.text.dates on the seed cases of the gold set and on cases written for this module."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from pipeline.text.dates import (
    GRANULARITIES,
    date_base_form,
    find_publication_date,
    find_russian_dates,
    normalize_date,
)

from tests.conftest import SEEDS, SEEDS_GOLD

GOLD = SEEDS_GOLD

PUBLISHED_004 = date(2018, 10, 25)

# text, lang, anchor, value, start, end, granularity
SEED_CASES = [
    ("20 November, 1989", "en", None, "1989-11-20", date(1989, 11, 20), date(1989, 11, 20), "day"),
    ("December 11, 1946", "en", None, "1946-12-11", date(1946, 12, 11), date(1946, 12, 11), "day"),
    ("August 2004", "en", None, "2004-08", date(2004, 8, 1), date(2004, 8, 31), "month"),
    ("In August 2004", "en", None, "2004-08", date(2004, 8, 1), date(2004, 8, 31), "month"),
    ("February 1992", "en", None, "1992-02", date(1992, 2, 1), date(1992, 2, 29), "month"),
    ("1994", "en", None, "1994", date(1994, 1, 1), date(1994, 12, 31), "year"),
    ("since 2006", "en", None, "2006", date(2006, 1, 1), date(2006, 12, 31), "year"),
    ("summer 2011", "en", None, "2011-SU", date(2011, 6, 1), date(2011, 8, 31), "season"),
    ("2016–2020", "en", None, "2016/2020", date(2016, 1, 1), date(2020, 12, 31), "range"),
    ("2016-2020", "en", None, "2016/2020", date(2016, 1, 1), date(2020, 12, 31), "range"),
    ("06 August, 2020", "en", None, "2020-08-06", date(2020, 8, 6), date(2020, 8, 6), "day"),
    ("2019-04-13", "en", None, "2019-04-13", date(2019, 4, 13), date(2019, 4, 13), "day"),
    ("October 25", "en", PUBLISHED_004, "2018-10-25", date(2018, 10, 25), date(2018, 10, 25), "day"),
    ("next year", "en", PUBLISHED_004, "2019", date(2019, 1, 1), date(2019, 12, 31), "year"),
    ("This year", "en", PUBLISHED_004, "2018", date(2018, 1, 1), date(2018, 12, 31), "year"),
    ("today", "en", date(2020, 7, 13), "2020-07-13", date(2020, 7, 13), date(2020, 7, 13), "day"),
    ("this autumn", "en", PUBLISHED_004, "2018-FA", date(2018, 9, 1), date(2018, 11, 30), "season"),
    ("last month", "en", PUBLISHED_004, "2018-09", date(2018, 9, 1), date(2018, 9, 30), "month"),
    ("July 23", "en", PUBLISHED_004, "2018-07-23", date(2018, 7, 23), date(2018, 7, 23), "day"),
    ("the 1990s", "en", None, "1990/1999", date(1990, 1, 1), date(1999, 12, 31), "decade"),
    ("23 ноября 2016", "ru", None, "2016-11-23", date(2016, 11, 23), date(2016, 11, 23), "day"),
    ("21 и 22 ноября 2016 г.", "ru", None, "2016-11-21/2016-11-22", date(2016, 11, 21), date(2016, 11, 22), "range"),
    ("2015 года", "ru", None, "2015", date(2015, 1, 1), date(2015, 12, 31), "year"),
    ("2015 году", "ru", None, "2015", date(2015, 1, 1), date(2015, 12, 31), "year"),
    ("в 2015 г.", "ru", None, "2015", date(2015, 1, 1), date(2015, 12, 31), "year"),
    ("ноябре 2016 года", "ru", None, "2016-11", date(2016, 11, 1), date(2016, 11, 30), "month"),
    ("с 2016 по 2020 год", "ru", None, "2016/2020", date(2016, 1, 1), date(2020, 12, 31), "range"),
    ("2016–2020 годы", "ru", None, "2016/2020", date(2016, 1, 1), date(2020, 12, 31), "range"),
    ("летом 2011 года", "ru", None, "2011-SU", date(2011, 6, 1), date(2011, 8, 31), "season"),
    ("сегодня", "ru", date(2016, 11, 23), "2016-11-23", date(2016, 11, 23), date(2016, 11, 23), "day"),
    ("в прошлом году", "ru", date(2016, 11, 23), "2015", date(2015, 1, 1), date(2015, 12, 31), "year"),
    ("в этом году", "ru", date(2016, 11, 23), "2016", date(2016, 1, 1), date(2016, 12, 31), "year"),
    ("в следующем году", "ru", date(2016, 11, 23), "2017", date(2017, 1, 1), date(2017, 12, 31), "year"),
    ("1990-х годов", "ru", None, "1990/1999", date(1990, 1, 1), date(1999, 12, 31), "decade"),
    ("21-22 ноября 2016 года", "ru", None, "2016-11-21/2016-11-22", date(2016, 11, 21), date(2016, 11, 22), "range"),
    ("с 1 по 5 марта 2017 г.", "ru", None, "2017-03-01/2017-03-05", date(2017, 3, 1), date(2017, 3, 5), "range"),
]

OWN_CASES = [
    ("April 13th, 2019", "en", None, "2019-04-13", date(2019, 4, 13), date(2019, 4, 13), "day"),
    ("the 13th of April 2019", "en", None, "2019-04-13", date(2019, 4, 13), date(2019, 4, 13), "day"),
    ("Sept. 5, 2017", "en", None, "2017-09-05", date(2017, 9, 5), date(2017, 9, 5), "day"),
    ("13.04.2019", "en", None, "2019-04-13", date(2019, 4, 13), date(2019, 4, 13), "day"),
    ("from 2010 to 2015", "en", None, "2010/2015", date(2010, 1, 1), date(2015, 12, 31), "range"),
    ("November 21–22, 2016", "en", None, "2016-11-21/2016-11-22", date(2016, 11, 21), date(2016, 11, 22), "range"),
    ("30 November – 2 December 2016", "en", None, "2016-11-30/2016-12-02", date(2016, 11, 30), date(2016, 12, 2), "range"),
    ("March to May 2017", "en", None, "2017-03/2017-05", date(2017, 3, 1), date(2017, 5, 31), "range"),
    ("winter 2011", "en", None, "2011-WI", date(2011, 12, 1), date(2012, 2, 29), "season"),
    ("the fall of 2019", "en", None, "2019-FA", date(2019, 9, 1), date(2019, 11, 30), "season"),
    ("the 90s", "en", None, "1990/1999", date(1990, 1, 1), date(1999, 12, 31), "decade"),
    ("yesterday", "en", date(2016, 3, 1), "2016-02-29", date(2016, 2, 29), date(2016, 2, 29), "day"),
    ("December 28", "en", date(2019, 1, 3), "2018-12-28", date(2018, 12, 28), date(2018, 12, 28), "day"),
    ("next month", "en", date(2018, 12, 10), "2019-01", date(2019, 1, 1), date(2019, 1, 31), "month"),
    ("last summer", "en", date(2018, 7, 10), "2017-SU", date(2017, 6, 1), date(2017, 8, 31), "season"),
    ("this winter", "en", date(2019, 1, 20), "2018-WI", date(2018, 12, 1), date(2019, 2, 28), "season"),
    ("next spring", "en", PUBLISHED_004, "2019-SP", date(2019, 3, 1), date(2019, 5, 31), "season"),
    ("in May", "en", PUBLISHED_004, "2018-05", date(2018, 5, 1), date(2018, 5, 31), "month"),
    ("2019-20", "en", None, "2019/2020", date(2019, 1, 1), date(2020, 12, 31), "range"),
    ("1999-00", "en", None, "1999/2000", date(1999, 1, 1), date(2000, 12, 31), "range"),
    ("by 2100", "en", None, "2100", date(2100, 1, 1), date(2100, 12, 31), "year"),
    ("1 января 2000 года", "ru", None, "2000-01-01", date(2000, 1, 1), date(2000, 1, 1), "day"),
    ("1-го мая 2018 года", "ru", None, "2018-05-01", date(2018, 5, 1), date(2018, 5, 1), "day"),
    ("23.11.2016", "ru", None, "2016-11-23", date(2016, 11, 23), date(2016, 11, 23), "day"),
    ("в мае 2019 г.", "ru", None, "2019-05", date(2019, 5, 1), date(2019, 5, 31), "month"),
    ("30 декабря 2016 – 2 января 2017 года", "ru", None, "2016-12-30/2017-01-02", date(2016, 12, 30), date(2017, 1, 2), "range"),
    ("28 декабря – 3 января 2017 г.", "ru", None, "2016-12-28/2017-01-03", date(2016, 12, 28), date(2017, 1, 3), "range"),
    ("с марта по май 2017 года", "ru", None, "2017-03/2017-05", date(2017, 3, 1), date(2017, 5, 31), "range"),
    ("Весной 2020 года", "ru", None, "2020-SP", date(2020, 3, 1), date(2020, 5, 31), "season"),
    ("осенью 2019", "ru", None, "2019-FA", date(2019, 9, 1), date(2019, 11, 30), "season"),
    ("в 90-х годах", "ru", None, "1990/1999", date(1990, 1, 1), date(1999, 12, 31), "decade"),
    ("2016-2020 гг.", "ru", None, "2016/2020", date(2016, 1, 1), date(2020, 12, 31), "range"),
    ("вчера", "ru", date(2017, 1, 1), "2016-12-31", date(2016, 12, 31), date(2016, 12, 31), "day"),
    ("в прошлом месяце", "ru", date(2018, 1, 15), "2017-12", date(2017, 12, 1), date(2017, 12, 31), "month"),
    ("этой осенью", "ru", PUBLISHED_004, "2018-FA", date(2018, 9, 1), date(2018, 11, 30), "season"),
    ("прошлого года", "ru", PUBLISHED_004, "2017", date(2017, 1, 1), date(2017, 12, 31), "year"),
    ("в ноябре", "ru", date(2016, 11, 23), "2016-11", date(2016, 11, 1), date(2016, 11, 30), "month"),
]

NEEDS_ANCHOR = [
    ("this year", "en"), ("next year", "en"), ("today", "en"), ("this autumn", "en"), ("last month", "en"),
    ("July 23", "en"), ("October 25", "en"), ("19 May", "en"), ("in May", "en"),
    ("сегодня", "ru"), ("вчера", "ru"), ("в прошлом году", "ru"), ("в этом году", "ru"),
    ("в следующем году", "ru"), ("23 ноября", "ru"), ("в мае", "ru"), ("этой осенью", "ru"),
]

NOT_DATES = [
    ("", "en"), ("for an indefinite period", "en"), ("80th birthday", "en"), ("nowadays", "en"),
    ("31 November 2016", "en"), ("2020–2016", "en"), ("the 1990s", "de"),
    ("2395", "en"), ("from 2395 to 2623", "en"), ("March 2101", "en"), ("the 2390s", "en"), ("2021-19", "en"),
    ("25-летию", "ru"), ("70-й сессии", "ru"), ("1300 участников", "ru"), ("30 февраля 2016 г.", "ru"),
]


def _assert_value(text, lang, anchor, value, start, end, granularity):
    result = normalize_date(text, lang, anchor)
    assert result is not None, text
    assert (result.value, result.start, result.end, result.granularity) == (value, start, end, granularity)
    assert result.granularity in GRANULARITIES


@pytest.mark.parametrize("text, lang, anchor, value, start, end, granularity", SEED_CASES)
def test_seed_dates(text, lang, anchor, value, start, end, granularity):
    _assert_value(text, lang, anchor, value, start, end, granularity)


@pytest.mark.parametrize("text, lang, anchor, value, start, end, granularity", OWN_CASES)
def test_more_dates(text, lang, anchor, value, start, end, granularity):
    _assert_value(text, lang, anchor, value, start, end, granularity)


@pytest.mark.parametrize("text, lang", NEEDS_ANCHOR)
def test_relative_and_yearless_dates_need_an_anchor(text, lang):
    assert normalize_date(text, lang, None) is None


@pytest.mark.parametrize("text, lang", NOT_DATES)
def test_not_a_date(text, lang):
    assert normalize_date(text, lang, PUBLISHED_004) is None


def _seed_text(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


@pytest.mark.parametrize("prefix, lang, expected", [
    ("000", "en", None),  # 'date 2019-04-13' contradicts the dateline 'Astana. 19 May.'
    ("001", "en", None),  # 'TANA. November 22.' states no year
    ("002", "ru", date(2016, 11, 23)),
    ("003", "en", None),
    ("004", "en", date(2018, 10, 25)),
])
def test_publication_date_of_seeds(prefix, lang, expected):
    assert find_publication_date(_seed_text(prefix), lang) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("Published: 5 March 2019\n\nHeadline\n", "en", date(2019, 3, 5)),
    ("Headline\nOpinion | March 5, 2019\nBody text.", "en", date(2019, 3, 5)),
    ("Заголовок\nОпубликовано 12.03.2019\nТекст.", "ru", date(2019, 3, 12)),
    ("Дата публикации: 23 ноября 2016\nАСТАНА. 22 ноября. Текст.", "ru", None),
    ("Дата публикации: 23 ноября 2016\nАСТАНА. 23 ноября. Текст.", "ru", date(2016, 11, 23)),
    ("Published: 5 March 2019\nUpdated: 7 March 2019\n", "en", None),
    ("The convention, which the country signed on 20 November 1989, was discussed at length today.", "en", None),
    ("a\nb\nc\nd\ne\nPublished: 5 March 2019\n", "en", None),
    ("", "en", None),
])
def test_publication_date(text, lang, expected):
    assert find_publication_date(text, lang) == expected


@pytest.mark.parametrize("text, lang, expected", [
    ("  20 November, 1989 ", "en", "20 November, 1989"),
    ("This year", "en", "This year"),
    ("23 ноября 2016", "ru", "23 ноября 2016"),
    ("21 и 22 ноября 2016 г.", "ru", "21 и 22 ноября 2016 г."),
    ("2015 года", "ru", "2015 год"),
    ("2015 году", "ru", "2015 год"),
    ("в 2015 г.", "ru", "2015 г."),
    ("2016–2020 годах", "ru", "2016–2020 годы"),
    ("1990-х годов", "ru", "1990-е годы"),
    ("ноябре 2016 года", "ru", "ноябрь 2016 года"),
    ("Летом 2011 года", "ru", "Лето 2011 года"),
    ("в прошлом году", "ru", "прошлый год"),
    ("этой осенью", "ru", "эта осень"),
    ("в пятницу", "ru", "пятница"),
    ("прошлую пятницу", "ru", "прошлая пятница"),
    ("на прошлой неделе", "ru", "прошлая неделя"),
    ("сегодня", "ru", "сегодня"),
])
def test_date_base_form(text, lang, expected):
    assert date_base_form(text, lang) == expected


def test_russian_dates_of_seed_002_are_the_gold_spans():
    with open(GOLD, encoding="utf-8") as handle:
        gold = [json.loads(line) for line in handle]
    expected = [(row["start"], row["end"]) for row in gold if row["path"].startswith("002_") and row["label"] == "DATE"]
    assert find_russian_dates(_seed_text("002")) == expected


@pytest.mark.parametrize("text, expected", [
    ("Закон вступит в силу 1 января 2018 года.", ["1 января 2018 года"]),
    ("Летом 2011 года и весной 2012 г. шли дожди.", ["Летом 2011 года", "весной 2012 г."]),
    ("Программа рассчитана на 2016–2020 годы.", ["2016–2020 годы"]),
    ("Программа действует с 2016 по 2020 год.", ["2016 по 2020 год"]),
    ("Форум пройдёт с 1 по 5 марта 2017 г. в Алматы.", ["1 по 5 марта 2017 г."]),
    ("Встреча состоялась 21-22 ноября 2016 года.", ["21-22 ноября 2016 года"]),
    ("В 1990-х годов стране было трудно, а в мае и в прошлом году - легче.", ["1990-х годов", "мае", "прошлом году"]),
    ("Отчёт за ноябрь 2016 года опубликован сегодня.", ["ноябрь 2016 года", "сегодня"]),
    ("Справка от 23.11.2016 г.", ["23.11.2016 г."]),
    ("Произошло это осенью 2004 года.", ["осенью 2004 года"]),
    ("Сезон 2019-20 гг. завершился досрочно.", ["2019-20 гг."]),
    ("К 2100 году уровень моря поднимется.", ["2100 году"]),
    ("Действие романа происходит в 2395 году.", ["2395 году"]),  # a year word makes any number a year
])
def test_find_russian_dates(text, expected):
    assert [text[start:end] for start, end in find_russian_dates(text)] == expected


@pytest.mark.parametrize("text", [
    "Работа шла по 12 направлениям, участвовали более 1300 участников из 30 стран.",
    "Конференция посвящена 25-летию Независимости и 70-летию ЮНИСЕФ.",
    "Рекомендации 70-й сессии Комитета ООН.",
    "В 2015 в зале было 2016 кресел.",  # bare four-digit numbers are not years
    "Марта Иванова выступила с докладом.",  # a capitalised name, no day or year around it
    "За 10 лет построено 2000 домов.",
    "Перепись охватила период с 2060 по 2010 год.",  # a range that runs backwards
])
def test_find_russian_dates_ignores_non_dates(text):
    assert find_russian_dates(text) == []


# --- weekdays and other expressions relative to the publication date ------------------------

WEDNESDAY = date(2016, 11, 23)


@pytest.mark.parametrize("text, lang, expected", [
    ("Friday", "en", date(2016, 11, 18)),  # news: the nearest Friday at or before publication
    ("on Friday", "en", date(2016, 11, 18)),
    ("Friday night", "en", date(2016, 11, 18)),
    ("Wednesday", "en", WEDNESDAY),  # the publication day itself
    ("on Thursday", "en", date(2016, 11, 17)),
    ("last Wednesday", "en", date(2016, 11, 16)),  # 'last' is strictly before
    ("next Friday", "en", date(2016, 11, 25)),
    ("this Sunday", "en", date(2016, 11, 27)),  # 'this': in the publication week
    ("в пятницу", "ru", date(2016, 11, 18)),
    ("в среду", "ru", WEDNESDAY),
    ("во вторник", "ru", date(2016, 11, 22)),
    ("в воскресенье", "ru", date(2016, 11, 20)),
    ("прошлую пятницу", "ru", date(2016, 11, 18)),
    ("в следующий понедельник", "ru", date(2016, 11, 28)),
    ("two days ago", "en", date(2016, 11, 21)),
    ("3 days ago", "en", date(2016, 11, 20)),
    ("три дня назад", "ru", date(2016, 11, 20)),
])
def test_weekdays_and_days_ago_resolve_against_the_publication_date(text, lang, expected):
    _assert_value(text, lang, WEDNESDAY, expected.isoformat(), expected, expected, "day")


@pytest.mark.parametrize("text, lang, value, start, end, granularity", [
    ("last week", "en", "2016-W46", date(2016, 11, 14), date(2016, 11, 20), "week"),
    ("this week", "en", "2016-W47", date(2016, 11, 21), date(2016, 11, 27), "week"),
    ("next week", "en", "2016-W48", date(2016, 11, 28), date(2016, 12, 4), "week"),
    ("на прошлой неделе", "ru", "2016-W46", date(2016, 11, 14), date(2016, 11, 20), "week"),
    ("неделю назад", "ru", "2016-W46", date(2016, 11, 14), date(2016, 11, 20), "week"),
    ("a month ago", "en", "2016-10", date(2016, 10, 1), date(2016, 10, 31), "month"),
    ("three years ago", "en", "2013", date(2013, 1, 1), date(2013, 12, 31), "year"),
    ("2 года назад", "ru", "2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
])
def test_weeks_and_periods_ago(text, lang, value, start, end, granularity):
    _assert_value(text, lang, WEDNESDAY, value, start, end, granularity)


def test_iso_week_across_the_new_year():
    # 1 January 2016 was a Friday of ISO week 53 of 2015
    _assert_value("this week", "en", date(2016, 1, 1), "2015-W53", date(2015, 12, 28), date(2016, 1, 3), "week")


@pytest.mark.parametrize("text, lang", [("on Friday", "en"), ("last week", "en"), ("two days ago", "en"),
                                        ("в пятницу", "ru"), ("на прошлой неделе", "ru")])
def test_weekdays_and_weeks_need_an_anchor(text, lang):
    assert normalize_date(text, lang, None) is None


@pytest.mark.parametrize("text, expected", [
    ("Встреча прошла в пятницу в Астане.", ["пятницу"]),
    ("Об этом он заявил на прошлой неделе.", ["прошлой неделе"]),
    ("Три дня назад делегация прибыла в Алматы.", ["Три дня назад"]),
    ("Часы работы: понедельник – пятница.", []),  # opening hours, not a day
    ("Пятница стала выходным днём.", []),
])
def test_find_russian_weekdays(text, expected):
    assert [text[start:end] for start, end in find_russian_dates(text)] == expected
