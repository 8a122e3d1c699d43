"""pipeline.text.date_spans: which DATE spans are time expressions, on sentences written for the tests
(invented names and numbers). The component that applies it to the model's spans is tested with the
real English model in tests/unit/test_components.py."""

from __future__ import annotations

import pytest

from pipeline.text.date_spans import is_time_expression


def judge(sentence: str, mention: str, lang: str = "en") -> bool:
    """is_time_expression on the first occurrence of `mention` in `sentence`, with its real context."""
    start = sentence.index(mention)
    end = start + len(mention)
    return is_time_expression(mention, sentence[max(0, start - 40):start], sentence[end:end + 40], lang)


KEPT = [
    # resolve, or will with a publication date
    ("Prices rose in 1994, the bank said.", "1994"),
    ("The 2016-2020 plan was signed.", "2016-2020"),
    ("It ended on 12.03.2016 at noon.", "12.03.2016"),
    ("The Dorvale club won the 2019-20 season title.", "2019-20"),
    ("Climate targets for 2100 were discussed.", "2100"),
    ("Revenue in fiscal 2019 exceeded $2 million.", "fiscal 2019"),
    ("The bridge was built between 1885 and 1935.", "between 1885 and 1935"),
    ("In mid-1988 the Kestrel band split.", "mid-1988"),
    ("Orders fell in Q3 2019 at Velmora.", "2019"),
    ("The ship left on November 11th 2008 from Tarnport.", "November 11th 2008"),
    ("He was released last week.", "last week"),
    ("She arrived three years later.", "three years later"),
    ("The mill closed a decade ago.", "a decade ago"),
    ("Police said on Tuesday that the road was open.", "Tuesday"),
    ("The fair opens this weekend in Dorvale.", "this weekend"),
    # name a time the rules do not value yet
    ("The tower dates from the 16th century.", "the 16th century"),
    ("The abbey was rebuilt in the nineteenth century.", "nineteenth century"),
    ("Stores were busy before Thanksgiving.", "Thanksgiving"),
    ("Parades are held on Memorial Day in Dorvale.", "Memorial Day"),
    ("The vote was held in early November.", "early November"),
    ("The plant grew in the early 1980s.", "early 1980s"),
    ("The label was founded in the late nineties.", "late nineties"),
    ("By the end of the year the firm had moved.", "end of the year"),
    ("Rain fell on the same day in Tarnport.", "the same day"),
    ("Results for the first quarter were weak.", "the first quarter"),
    ("The Middle Ages left the town its walls.", "The Middle Ages"),
    ("Dorvale hip-hop , 80 's house and more.", "80"),  # the model's split "80 's"
]

DROPPED = [
    # frequencies
    ("The festival is held annually in Dorvale.", "annually"),
    ("The market opens daily.", "daily"),
    ("The firm reports quarterly results.", "quarterly"),
    ("Kestrel Games visits every winter.", "every winter"),
    ("Members meet each week at the hall.", "each week"),
    ("It is drawn on Saturdays and Wednesdays.", "Saturdays"),
    # ages
    ("The 14-year-old boy was rescued.", "14-year-old"),
    ("Radio there was just twelve years old then.", "twelve years old"),
    ("She became head of the family at the age of 24.", "the age of 24"),
    ("He was aged 28 when he moved.", "aged 28"),
    ("He came to Dorvale in his 40s.", "40s"),
    ("She moved to Tarnport in her early twenties.", "early twenties"),
    # durations and vague stretches
    ("She served three years in prison.", "three years"),
    ("Prices doubled in recent years.", "recent years"),
    ("Emissions fell over the past five years.", "the past five years"),
    ("The fund will invest over the next four years.", "the next four years"),
    ("He signed a five-year contract with Velmora.", "five-year"),
    ("It took half a decade to build.", "half a decade"),
    ("We waited for weeks.", "weeks"),
    # a unit with no anchor
    ("The stories of the day were dull.", "the day"),
    ("The shop closes at the weekend.", "weekend"),
    ("In his first season he scored twice.", "his first season"),
    ("Crops fail in a bad year.", "a bad year"),
    # numbers that are no years
    ("The new Brontix RTX 2060 card sold out.", "2060"),
    ("The Brontix GTX-1080 card sold out.", "1080"),
    ("Shares rose from 2395 to 2623 points.", "2395"),
    ("Shares rose from 2395 to 2623 points.", "2623"),
    ("The tally went from 950 to 1200 votes.", "1200"),
    ("The score went from 1995 to 1980 in a week.", "1995"),  # a range that runs backwards
    ("Police found the car outside 2134 Caldwell Place.", "2134"),
    ("He lived at 1600 Marlow Avenue until 2004.", "1600"),
    ("Flight 1549 landed safely.", "1549"),
    ("See pp. 1739 of the report.", "1739"),
    ("ISSN 1077-2626 is printed inside.", "1077-2626"),
    ("Stocks rose at 7:13 a.m. EST ( 1213 GMT ) today.", "1213"),
    ("Standings: Velmora 15 27 10 3 2", "15 27"),
    ("The burst source is known as 121102 in the list.", "121102"),
]


@pytest.mark.parametrize("sentence, mention", KEPT)
def test_time_expressions_are_kept(sentence, mention):
    assert judge(sentence, mention) is True


@pytest.mark.parametrize("sentence, mention", DROPPED)
def test_frequencies_ages_durations_and_numbers_are_not_dates(sentence, mention):
    assert judge(sentence, mention) is False


def test_a_year_stays_a_year_after_a_preposition_before_a_capitalised_street_like_name():
    assert judge("In 2019 Oxford Street was closed.", "2019") is True
    assert judge("In 2019 Marlow Avenue was closed.", "2019") is True


def test_only_the_english_words_are_judged_and_numbers_in_every_language():
    assert judge("Ежегодно в 2019 году", "Ежегодно", "ru") is True  # Russian spans come from the rules
    assert judge("Видеокарта RTX 2060 вышла.", "2060", "ru") is False
