"""Which DATE spans of a statistical model are time expressions: a point or period of the calendar.

A DATE mention is kept when it can carry a value: it resolves (`pipeline.text.dates`), or it names
a time the rules cannot value yet ("the 16th century", "early November", "three years later",
"Thanksgiving", "July 23" without a publication date). The English model also tags what is no
such time, as OntoNotes' DATE does, and those spans are dropped:

* frequencies (TimeML's sets): "annual", "daily", "every winter", "each year", "Saturdays";
* ages: "14-year-old", "three years old", "aged 28", "at the age of 24", "in his 40s";
* durations and vague stretches, measured by their length: "three years", "a decade", "the past
  five years", "recent years", "the next few months", "five-year"; and a unit with no anchor, "the
  day", "weekend", "his first season", "a bad year";
* numbers that are no years: a four-digit number is a year only within `dates.YEARS` and not as
  a model or series number ("RTX 2060", "flight 1549", "ISSN 1077"), a house number before a
  street ("2134 Caldwell Place"), an end of a range whose other end is no year or comes after it
  ("from 2395 to 2623", "from 950 to 1200"), a clock time ("1213 GMT"); a span of digits only must
  read as a date ("1994", "2016-2020", "12.03.2016") or stand beside a month name, so table cells
  and scores ("15 27", "72 22") are no dates.

A span keeps its place when it has an anchor: a month, a weekday, a season, a holiday ("Memorial
Day"), a period of history ("the Bronze Age"), a year, a decade, an ordinal century, today/yesterday/tomorrow, a relative word before one
unit ("this week", "the same day", "last decade"), or a unit before ago/later/earlier/before/after
("a decade ago", "few days later"). Russian DATE spans come from the date rules only
(`dates.find_russian_dates`), which find nothing but such expressions, so only the English words
are listed here; other languages' spans with letters are not judged.
"""

from __future__ import annotations

import re

from pipeline.text import dates
from pipeline.text.dates import CLOCK_WORDS, MONTH_WORD, RELATIVE_OFFSETS, SEASONS, WEEKDAYS, is_year, normalize_date

UNITS = ("day", "night", "morning", "afternoon", "evening", "week", "weekend", "fortnight", "month", "quarter",
         "season", "year", "decade", "century", "millennium")
_PLURAL_UNITS = ("days", "nights", "weeks", "weekends", "months", "quarters", "seasons", "years", "decades",
                 "centuries", "millennia")
# Words that make a span a frequency, never a date ("annual report", "every week", "twice a year").
FREQUENCY_WORDS = ("annual", "annually", "daily", "weekly", "monthly", "yearly", "quarterly", "nightly", "hourly",
                   "fortnightly", "biweekly", "bimonthly", "biannual", "biannually", "biennial", "biennially",
                   "semiannual", "semiannually", "seasonal", "seasonally", "every", "each", "per")
# Words that make a span an age ("14-year-old", "three years old", "aged 28", "age of 24"); lower case
# only, so the Middle Ages stay a period.
AGE_WORDS = ("old", "aged", "age", "ages")
# Before exactly one unit, a word that points at one period: "this week", "the same day", "last decade".
RELATIVE_WORDS = (*RELATIVE_OFFSETS["en"], "that", "following", "same")
# After a unit, a word that makes it a point relative to a time: "a decade ago", "three years later".
POINT_WORDS = ("ago", "later", "earlier", "before", "after", "prior", "hence")
BOUNDARY_WORDS = ("end", "beginning", "start", "middle", "turn", "close", "rest", "remainder", "half", "part")
DAY_WORDS = (*dates.DAY_WORDS["en"], "tonight")
HOLIDAYS = ("christmas", "easter", "thanksgiving", "halloween", "hanukkah", "chanukah", "passover", "ramadan",
            "eid", "diwali", "nowruz", "lent", "advent", "pentecost", "new year", "yom kippur", "rosh hashanah")
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
            "eighteenth", "nineteenth", "twentieth", "twenty-first", "last", "final")
DECADE_WORDS = ("twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties", "nineties")
# Words and abbreviations right before a number that make it a label, not a year: "flight 1549", "pp. 1739".
NUMBER_LABELS = ("model", "version", "ver", "series", "type", "class", "mark", "mk", "no", "nr", "number", "num",
                 "flight", "route", "room", "page", "pages", "p", "pp", "vol", "volume", "issue", "item", "code",
                 "article", "section", "chapter", "figure", "fig", "table", "platform", "gate", "bus", "highway",
                 "interstate", "resolution", "isbn", "issn", "doi", "pmid", "tel", "phone", "fax", "ext", "apt",
                 "apartment", "suite", "unit", "box", "serial", "patent", "#")
# Street words after a house number: "2134 Caldwell Place", "1600 N. Marlow Ave".
STREET_WORDS = ("street", "st", "avenue", "ave", "road", "rd", "place", "pl", "boulevard", "blvd", "lane", "ln",
                "drive", "dr", "way", "court", "ct", "terrace", "parkway", "pkwy", "highway", "hwy", "plaza",
                "circle", "square", "alley", "crescent", "row")
# Words before a year ("in 2019", "since 1990"), after which a capitalised word is no street name.
YEAR_PREPOSITIONS = ("in", "since", "by", "until", "till", "from", "during", "before", "after", "of", "through",
                     "to", "between", "and", "for", "around", "about", "circa", "early", "mid", "late")
# Words joined to a year by a hyphen: "mid-1988", "pre-2000".
YEAR_PREFIXES = ("mid", "early", "late", "pre", "post", "circa")
# Capitals before a number that still make it a year (besides months, seasons and holidays): an era,
# a fiscal year, weekday abbreviations.
YEAR_PREFIXES_IN_CAPITALS = ("BCE", "FISCAL", "MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN")
POSSESSIVES = ("his", "her", "their", "my", "your", "our", "its")


def _words(words) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_UNIT = rf"(?:{_words(UNITS)})"
_ANY_UNIT = rf"(?:{_words(UNITS + _PLURAL_UNITS)})"
_FREQUENCY = re.compile(rf"\b(?:{_words(FREQUENCY_WORDS)})\b", re.IGNORECASE)
_AGE = re.compile(rf"\b(?:{_words(AGE_WORDS)})\b")
_ANCHORS = (
    MONTH_WORD["en"],
    re.compile(rf"\b(?:{_words(WEEKDAYS['en'])})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_words(SEASONS['en'])})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_words(DAY_WORDS)})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_words(HOLIDAYS)})\b", re.IGNORECASE),
    re.compile(r"\b[A-Z][\w'’.-]*\s+(?:Day|Eve)\b"),  # Memorial Day, Victory Day, New Year's Eve
    re.compile(r"\b[A-Z][\w'’-]*\s+Ages?\b"),  # the Middle Ages, the Bronze Age: periods of history
    re.compile(rf"\b(?:{_words(RELATIVE_WORDS)})\s+(?:very\s+)?{_UNIT}\b", re.IGNORECASE),
    re.compile(rf"\b{_ANY_UNIT}\s+(?:{_words(POINT_WORDS)})\b", re.IGNORECASE),
    re.compile(rf"\b(?:{_words(BOUNDARY_WORDS)})\s+of\s+(?:the|this|that|next|last)\s+{_UNIT}\b", re.IGNORECASE),
    re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)|{_words(ORDINALS)})\s+(?:centur(?:y|ies)|millenni(?:um|a))\b", re.IGNORECASE),
    re.compile(rf"\b(?:1st|2nd|3rd|4th|{_words(ORDINALS)})\s+(?:quarter|half)\b", re.IGNORECASE),
    re.compile(r"\bQ[1-4]\b|\bH[12]\b"),
)
_DECADE = re.compile(rf"(?:(?<!\d)['’]?\d{{2}}|\b[12]\d{{2}}0)\s?['’]?s\b|\b(?:{_words(DECADE_WORDS)})\b", re.IGNORECASE)
_FOUR_DIGITS = re.compile(r"(?<![\d.,])\d{4}(?![\d,]|\.\d)")
_NUMBER = r"(\d[\d,.]*\d|\d)"
_RANGE_TO = r"(?:to|through|until|till|-{1,2}|–|—)"
_PARTNER_AFTER = re.compile(rf"^\s*{_RANGE_TO}\s*{_NUMBER}", re.IGNORECASE)
_PARTNER_BEFORE = re.compile(rf"{_NUMBER}\s*{_RANGE_TO}\s*$", re.IGNORECASE)
_BETWEEN_PARTNER_AFTER = re.compile(rf"^\s*and\s+{_NUMBER}", re.IGNORECASE)
_BETWEEN_BEFORE = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_BETWEEN_PARTNER_BEFORE = re.compile(rf"\bbetween\s+{_NUMBER}\s+and\s+$", re.IGNORECASE)
_HYPHENATED_PREFIX = re.compile(r"([A-Za-z]+)-$")
_LAST_WORD = re.compile(r"([^\s(\[\"“]+)\s*$")
_MODEL_TOKEN = re.compile(r"^(?:[A-Z]{3,}|(?=[\w-]*[A-Za-z])(?=[\w-]*\d)[\w-]+)$")
_PERIOD_TOKEN = re.compile(r"^(?:Q[1-4]|H[12]|FY\d*|[0-3]?\d(?:st|nd|rd|th),?)$")
_STREET_AFTER = re.compile(rf"^\s+(?:[A-Z][\w'’.-]*\s+){{1,3}}(?:{_words(word.capitalize() for word in STREET_WORDS)})\b")
_CLOCK_AFTER = re.compile(rf"^\s*(?:{_words(CLOCK_WORDS)})(?!\w)", re.IGNORECASE)
_CLOCK_BEFORE = re.compile(r"\d[:.]$")
_NUMBER_ONLY = re.compile(r"^[\d\s.,:/–—-]+$")
# Year-led number spans the value rules do not value: "1973-78", "2005/2006", "7 , 1948" (after "August ,").
_YEARISH = re.compile(r"^(?:[0-3]?\d\s*,\s*|[0-3]?\d\s+)?[12]\d{3}(?:\s*[/–—-]\s*(?:[12]\d{3}|\d{2}))?$")
_DECADE_NUMBER = re.compile(r"(?:^|\s)(?:[12]\d)?\d0$")
_DECADE_AFTER = re.compile(r"^\s*['’]?s(?!\w)")


def is_time_expression(mention: str, before: str, after: str, lang: str) -> bool:
    """Whether a DATE span names a point or period of the calendar (the module docstring says which
    spans do not). `before`/`after` are the text around the span (a few dozen characters)."""
    if not _names_a_day_or_month(mention, lang) and not all(
            _is_year_here(before + mention[:match.start()], match.group(), mention[match.end():] + after)
            for match in _FOUR_DIGITS.finditer(mention)):
        return False
    if _NUMBER_ONLY.match(mention):
        return _is_number_date(mention, before, after, lang)
    if lang != "en":
        return True
    if _FREQUENCY.search(mention) or _AGE.search(mention) or _is_age_decade(mention, before):
        return False
    return (
        any(anchor.search(mention) for anchor in _ANCHORS)
        or bool(_DECADE.search(mention))
        or bool(_DECADE_NUMBER.search(mention) and _DECADE_AFTER.match(after))  # "mid 90 's"
        or bool(_FOUR_DIGITS.search(mention))  # a year: every four-digit number passed _is_year_here
    )


def _names_a_day_or_month(mention: str, lang: str) -> bool:
    """A whole date finer than a year ('1996-08-22', 'March 2019', 'summer 2011'): no model or house
    number, whatever stands before it ("NEW YORK 1996-08-22")."""
    value = normalize_date(mention, lang, None)
    return value is not None and "-" in value.value.split("/")[0]


def _is_number_date(mention: str, before: str, after: str, lang: str) -> bool:
    """A span of digits and punctuation: it must read as a date ('1994', '2016-2020', '12.03.2016',
    '1973-78', "80 's") or stand beside a month name; before a clock word or after 'h:' it is a time."""
    if _CLOCK_AFTER.match(after) or _CLOCK_BEFORE.search(before):
        return False
    if normalize_date(mention, lang, None) is not None or _YEARISH.match(mention.strip()):
        return True
    if _DECADE_NUMBER.search(mention) and _DECADE_AFTER.match(after):  # "80 's" as the model splits "80's"
        return True
    beside = before.split()[-1:] + after.split()[:1]
    return lang in MONTH_WORD and any(MONTH_WORD[lang].fullmatch(word.strip(",.")) for word in beside)


def _is_year_here(before: str, number: str, after: str) -> bool:
    """Whether a four-digit number may be a year where it stands: within `dates.YEARS`, not a label's
    number, not a house number, not the end of a range of non-years, not a clock time."""
    year = int(number)
    if not is_year(year) or _CLOCK_AFTER.match(after):
        return False
    last = _LAST_WORD.search(before)
    last_word = last.group(1) if last and not before.endswith(("(", "[", ",", ";", ":")) else ""
    if last_word.lower().rstrip(".:") in NUMBER_LABELS or last_word.endswith("#"):
        return False
    if _MODEL_TOKEN.match(last_word) and not _is_date_word(last_word):
        return False  # "RTX 2060", "GTX 1080", "ISO 9001": a model, series or standard number
    prefix = _HYPHENATED_PREFIX.search(before)
    if prefix and prefix.group(1).lower() not in YEAR_PREFIXES:  # "RTX-2060", not "mid-1988"
        return False
    if _STREET_AFTER.match(after) and last_word.lower() not in YEAR_PREPOSITIONS:
        return False
    return _range_partner_allows(before, year, after)


def _is_date_word(word: str) -> bool:
    """A word that may stand right before a year: 'FY', 'Q3', '11th', 'SEPT', 'BCE', 'SUMMER'."""
    return bool(_PERIOD_TOKEN.match(word) or word in YEAR_PREFIXES_IN_CAPITALS or MONTH_WORD["en"].fullmatch(word.rstrip("."))
                or word.lower() in SEASONS["en"] or word.lower() in WEEKDAYS["en"] or word.lower() in HOLIDAYS)


def _range_partner_allows(before: str, year: int, after: str) -> bool:
    """In 'from A to B', 'A-B', 'between A and B' both ends are years and A comes first, or the
    other end is a number of one or two digits, which says nothing ('1973-78', '08-2016')."""
    following = _PARTNER_AFTER.match(after) or (_BETWEEN_BEFORE.search(before) and _BETWEEN_PARTNER_AFTER.match(after))
    preceding = None if following else _PARTNER_BEFORE.search(before) or _BETWEEN_PARTNER_BEFORE.search(before)
    if not following and not preceding:
        return True
    partner = (following or preceding).group(1)
    if partner.isdigit() and len(partner) <= 2:
        return True
    if not partner.isdigit() or not is_year(int(partner)):
        return False  # '2,500', '950', '2623'
    return int(partner) > year if following else int(partner) < year


def _is_age_decade(mention: str, before: str) -> bool:
    """'in his 40s', 'her early twenties': a decade of someone's life."""
    words = before.split()
    return bool(_DECADE.search(mention)) and bool(words) and words[-1].lower() in POSSESSIVES
