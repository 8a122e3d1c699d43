"""DATE mentions: ISO 8601 values, the publication-date anchor, Russian citation forms and spans.

Why rules and not dateparser: measured on the case tables of tests/unit/test_dates.py,
dateparser 1.5.0 (fenced with RELATIVE_BASE/REQUIRE_PARTS so it cannot use the clock)
got 33 of 70 values right against 70 for these rules, and returned a value for 9 of
17 anchorless relative/yearless mentions that must be None. It gets plain single
dates right but has no notion of seasons, decades or ranges, reads "the 1990s" as
"1990 seconds ago" and "July 23" as July 2023, and puts a yearless date in the anchor's
year even when the previous year is nearer. A news DATE mention comes in a handful of
shapes, so explicit patterns (one template, instantiated per language from the
vocabulary tables below) are both more accurate and deterministic, and ~40x faster.

Conventions of the values (``DateValue.value``):

* natural granularity: ``1989-11-20`` (day), ``2004-08`` (month), ``1994`` (year);
* seasons ``YYYY-SP|SU|FA|WI`` with meteorological bounds: spring March-May, summer
  June-August, autumn September-November, winter December of YYYY to February of
  YYYY+1 (so "winter 2011" starts in December 2011);
* ranges ``A/B`` (ISO 8601 intervals): ``2016-11-21/2016-11-22``, ``2016/2020``;
  "21 и 22 ноября" is read as the interval covering both days;
* decades as the interval of their years, ``1990/1999`` with granularity ``decade``.
  ISO 8601-2's three-digit ``199`` (or EDTF's ``199X``) would be shorter, but the
  gold checker (gold/check_gold.py) accepts only day/month/year/season points and
  ranges of them, and ``1990/1999`` is one. Two-digit decades ("90-х годов") are
  taken as 19xx.

Relative and yearless expressions ("next year", "July 23", "в прошлом году") need
the document's own publication date as an anchor; without one they are None, and
the machine clock is never consulted. A yearless day or month gets the year that
puts it nearest to the anchor (a 3 January article's "December 28" is the previous
year's).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from pipeline.text.morphology import inflect_like, morph_analyzer

GRANULARITIES = ("day", "week", "month", "season", "year", "decade", "range")
YEARS = (1000, 2100)
"""The years a date may name without a year word, inclusive. News mention years from the Middle
Ages to the targets of 2050 and 2100; a number outside them is a model, score or house number read
as a year ("from 2395 to 2623 points", "2134 Caldwell Place"), so it is no date. With a year word
('2242 год') any number is a year."""

MONTHS = {
    # English: full names; the first three letters (and "sept") are accepted as abbreviations.
    "en": ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"),
    # Russian: stems that take the case endings in _RU_MONTH_ENDING (ноябрь/ноября/ноябре/ноябрём...).
    "ru": ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август",
           "сентябр", "октябр", "ноябр", "декабр"),
}
SEASONS = {
    "en": {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"},
    "ru": {"весн": "SP", "лет": "SU", "осен": "FA", "зим": "WI"},
}
SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}
RELATIVE_OFFSETS = {
    "en": {"this": 0, "current": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1},
    "ru": {"эт": 0, "текущ": 0, "нынешн": 0, "прошл": -1, "минувш": -1, "предыдущ": -1,
           "следующ": 1, "будущ": 1, "наступающ": 1},
}
RELATIVE_UNITS = {"en": {"year": "year", "month": "month", "week": "week"},
                  "ru": {"год": "year", "месяц": "month", "недел": "week"}}
WEEKDAYS = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    # stems taking the case endings of _RU_WEEKDAY_ENDING (пятница/пятницу, вторник/вторника...)
    "ru": ("понедельник", "вторник", "сред", "четверг", "пятниц", "суббот", "воскресень"),
}
# "two days ago", "3 года назад": how many units before the anchor.
AGO_UNITS = {
    "en": {"day": "day", "week": "week", "month": "month", "year": "year"},
    "ru": {"дн": "day", "день": "day", "недел": "week", "месяц": "month", "год": "year", "лет": "year"},
}
NUMBER_WORDS = {
    "en": {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
           "eight": 8, "nine": 9, "ten": 10},
    "ru": {"один": 1, "одну": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
           "восемь": 8, "девять": 9, "десять": 10},
}
# Words after a number that make it a clock time, never a year: "( 1213 GMT )", "at 1400 hrs".
CLOCK_WORDS = ("gmt", "utc", "est", "edt", "cst", "cdt", "pst", "pdt", "bst", "cet", "cest", "msk", "hrs",
               "hours", "h", "a.m.", "p.m.", "am", "pm", "local time", "мск", "ч.", "часов")
DAY_WORDS = {
    "en": {"today": 0, "yesterday": -1, "tomorrow": 1},
    "ru": {"сегодня": 0, "вчера": -1, "завтра": 1},
}
# Nominative of the Russian year words, keeping number: "2015 году" -> "2015 год", "2016-2020 годах" -> "годы".
RU_YEAR_WORD_NOMINATIVE = {
    "год": "год", "года": "год", "году": "год", "годом": "год", "годе": "год",
    "годы": "годы", "годов": "годы", "годам": "годы", "годами": "годы", "годах": "годы",
}

_RU_MONTH_ENDING = r"(?:ь|я|ю|е|ем|ём|й|а|у|ом)?"
_RU_SEASON_ENDING = r"(?:а|о|ь|ой|ою|ом|у|е|ы|и|ью)"
_RU_ADJECTIVE_ENDING = r"(?:от|ого|ому|ом|им|ый|ий|его|ему|ем|ым|ая|яя|ой|ей|ую|юю|ое|ее|а|у|о)"
_RU_NOUN_ENDING = r"(?:а|у|ом|е|ы|ов|ам|ами|ах|я|ю|и|ей|ь)?"
_RU_WEEKDAY_ENDING = r"(?:а|у|ы|е|ой|ом|ю|я)?"

_LANGUAGE_PATTERNS = {
    "en": {
        "month": "|".join([f"{name[:3]}(?:{name[3:]})?" for name in MONTHS["en"]] + ["sept"]) + r"\.?",
        "season": "|".join(SEASONS["en"]),
        "relative": "|".join(RELATIVE_OFFSETS["en"]),
        "unit": "|".join(list(RELATIVE_UNITS["en"]) + list(SEASONS["en"])),
        "day_word": "|".join(DAY_WORDS["en"]),
        "weekday": "|".join(WEEKDAYS["en"]),
        "part_of_day": r"(?:\s+(?:morning|afternoon|evening|night))?",
        "count": r"\d{1,3}|" + "|".join(NUMBER_WORDS["en"]),
        "ago_unit": r"(?:day|week|month|year)s?",
        "ago": r"ago",
        "day_suffix": r"st|nd|rd|th",
        "year_word": None,
        "decade_suffix": r"'?s",
        "until": r"\s*[-–—]\s*|\s+(?:to|through|until|till)\s+",
        "and": r"\s*(?:,|and|&)\s*",
        "of": r"\s+(?:of\s+)?",
        "leading": r"(?:the|in|on|at|since|from|by|until|till|between|during|of|before|after)\s+",
    },
    "ru": {
        "month": f"(?:{'|'.join(sorted(MONTHS['ru'], key=len, reverse=True))}){_RU_MONTH_ENDING}",
        "season": f"(?:{'|'.join(SEASONS['ru'])}){_RU_SEASON_ENDING}",
        "relative": f"(?:{'|'.join(RELATIVE_OFFSETS['ru'])}){_RU_ADJECTIVE_ENDING}",
        "unit": f"(?:{'|'.join(RELATIVE_UNITS['ru'])}){_RU_NOUN_ENDING}|(?:{'|'.join(SEASONS['ru'])}){_RU_SEASON_ENDING}",
        "day_word": "|".join(DAY_WORDS["ru"]),
        "weekday": f"(?:{'|'.join(WEEKDAYS['ru'])}){_RU_WEEKDAY_ENDING}",
        "part_of_day": "",
        "count": r"\d{1,3}|" + "|".join(NUMBER_WORDS["ru"]),
        "ago_unit": r"дн(?:я|ей)|день|недел[июь]|месяц(?:а|ев)?|год(?:а)?|лет",
        "ago": r"назад",
        "day_suffix": r"-?го",
        "year_word": r"гг?\.?|год(?:а|у|ом|е|ы|ов|ам|ами|ах)?",
        "decade_suffix": r"-?(?:х|е|ые|ых)",
        "until": r"\s*[-–—]\s*|\s+(?:по|до)\s+",
        "and": r"\s*(?:,|и)\s*",
        "of": r"\s+",
        "leading": r"(?:в|во|с|со|до|к|ко|на|по|от|после|начиная\s+с)\s+",
    },
}


@dataclass(frozen=True)
class DateValue:
    value: str  # ISO 8601 at the expression's granularity, see the module docstring
    start: datetime.date  # inclusive first day of the period
    end: datetime.date  # inclusive last day of the period
    granularity: str  # one of GRANULARITIES


@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern


def _compile_rules(lang: str) -> tuple[_Rule, ...]:
    """One template of date shapes, filled with the language's words; named groups feed `_build`."""
    words = _LANGUAGE_PATTERNS[lang]
    year_word = words["year_word"]
    trailing_year_word = rf"(?:\s*(?P<yw>{year_word}))?" if year_word else ""
    inner_year_word = rf"(?:\s*(?:{year_word}))?" if year_word else ""
    until, either, of = f"(?:{words['until']})", f"(?:{words['until']}|{words['and']})", words["of"]

    def day(n):
        return rf"(?P<d{n}>[0-3]?\d)(?:{words['day_suffix']})?"

    def month(n):
        return rf"(?P<m{n}>{words['month']})"

    def year(n):
        return rf"(?P<y{n}>[12]\d{{3}})"

    shapes = {
        "iso_day": r"(?P<y1>[12]\d{3})-(?P<n1>[01]?\d)-(?P<d1>[0-3]?\d)",
        "dotted_day": rf"(?P<d1>[0-3]?\d)\.(?P<n1>[01]?\d)\.(?P<y1>[12]\d{{3}}){trailing_year_word}",
        "day_month": rf"{day(1)}{of}{month(1)}(?:,?\s+{year(1)}{trailing_year_word})?",
        "month_day": rf"{month(1)}\s+{day(1)}(?:,?\s+{year(1)})?",
        "day_range": rf"{day(1)}{either}{day(2)}{of}{month(1)}(?:,?\s+{year(1)}{trailing_year_word})?",
        "month_day_range": rf"{month(1)}\s+{day(1)}{either}{day(2)}(?:,?\s+{year(1)})?",
        "cross_month_range": (rf"{day(1)}{of}{month(1)}(?:,?\s+{year(1)}{inner_year_word})?{until}"
                              rf"{day(2)}{of}{month(2)}(?:,?\s+{year(2)}{trailing_year_word})?"),
        "month_year": rf"{month(1)}(?:,?\s+{year(1)}{trailing_year_word})?",
        "month_range": rf"{month(1)}{either}{month(2)},?\s+{year(1)}{trailing_year_word}",
        "season": rf"(?P<s>{words['season']}){of}{year(1)}{trailing_year_word}",
        "decade": rf"(?P<dec>[12]\d{{2}}|[1-9])0(?:{words['decade_suffix']}){trailing_year_word}",
        "year": rf"{year(1)}{trailing_year_word}",
        # "2016-2020", and "2019-20" (a season or fiscal year: the second year by its last two digits)
        "year_range": rf"{year(1)}{inner_year_word}{until}(?:{year(2)}|(?P<yy2>\d{{2}})(?!\d)){trailing_year_word}",
        "day_word": rf"(?P<dw>{words['day_word']})",
        "weekday": rf"(?:(?P<wrel>{words['relative']})\s+)?(?P<wd>{words['weekday']}){words['part_of_day']}",
        "ago": rf"(?:(?P<count>{words['count']})\s+)?(?P<agounit>{words['ago_unit']})\s+{words['ago']}",
        # "это осенью 2004 года" is the season of 2004 after the pronoun "это", not "this autumn"
        "relative": rf"(?P<rel>{words['relative']})\s+(?P<unit>{words['unit']})(?!\s+[12]\d{{3}})",
    }
    return tuple(_Rule(name, re.compile(rf"(?<!\w)(?:{shape})(?!\w)", re.IGNORECASE)) for name, shape in shapes.items())


_RULES = {lang: _compile_rules(lang) for lang in _LANGUAGE_PATTERNS}
_LEADING_WORDS = {lang: re.compile(rf"^(?:{words['leading']})+", re.IGNORECASE) for lang, words in _LANGUAGE_PATTERNS.items()}
_EDGE_PUNCTUATION = re.compile(r"^[\s\"'«»“”(),;:!?]+|[\s\"'«»“”(),;:!?.]+$")
_MONTH_STEMS = {lang: {name[:3] if lang == "en" else name: number for number, name in enumerate(names, 1)}
                for lang, names in MONTHS.items()}
_DAY_LEVEL_RULES = {"iso_day", "dotted_day", "day_month", "month_day"}

# Header of a document: where a publication date may be stated.
_HEADER_LINES = 5
_HEADER_CHARS = 400
_PUBLICATION_LABEL = re.compile(
    r"(?:дата\s+публикации|опубликовано|дата|published(?:\s+on)?|posted(?:\s+on)?|date)\s*:?\s*$", re.IGNORECASE)
_RUBRIC_PREFIX_CHARS = 40
_LINE_TAIL_PUNCTUATION = re.compile(r"^[\s.,;:|•·–—-]*$")

# Russian span detection: a bare month counts only after one of these prepositions ("в мае").
_RU_PREPOSITION_BEFORE = re.compile(r"(?:^|[\s(«\"])(?:в|во|с|со|до|к|ко|по|на|после)\s+$", re.IGNORECASE)
_RU_IN_BEFORE = re.compile(r"(?:^|[\s(«\"])(?:в|во)\s+$", re.IGNORECASE)
MONTH_WORD = {lang: re.compile(rf"(?<!\w)(?:{words['month']})(?!\w)", re.IGNORECASE) for lang, words in _LANGUAGE_PATTERNS.items()}
"""A month name or abbreviation as a whole word ('March', 'Sept.', 'ноябре')."""
_RU_DECADE_SUFFIX = re.compile(r"-?(?:х|ых)(?=\s|$)", re.IGNORECASE)


def normalize_date(text: str, lang: str, anchor: datetime.date | None) -> DateValue | None:
    """Parse one DATE mention's text ('en' or 'ru').

    Relative/yearless expressions resolve against `anchor` (the document's stated
    publication date); without an anchor they return None. Never uses the machine
    clock. Unparseable -> None. Leading prepositions/articles ("in", "the", "в", "с")
    and edge punctuation are tolerated.
    """
    if lang not in _RULES:
        return None
    mention = _clean_mention(text, lang)
    for rule in _RULES[lang]:
        match = rule.regex.fullmatch(mention)
        if match:
            return _build(rule.name, match, lang, anchor)
    return None


def find_publication_date(text: str, lang: str) -> datetime.date | None:
    """The publication date the document itself states in its header, or None.

    A candidate is a full day-month-year date in the first lines that is either
    labelled ("Дата публикации:", "Published", "date") or stands on a short
    rubric/dateline line ("Government • 25 October, 2018"). Conflicting evidence
    gives no anchor: two different candidates, or a yearless dateline ("Astana.
    19 May.") whose month/day differ from the candidate's.
    """
    if lang not in _RULES:
        return None
    candidates, yearless = set(), set()
    for line in _header_lines(text):
        for rule, match in _scan(line, lang, _DAY_LEVEL_RULES):
            if not match.group("y1"):
                yearless.add((_month_number_of(match.group("m1"), lang), int(match.group("d1"))))
            elif _is_labelled(line, match) or _is_rubric_line(line, match):
                value = _build(rule.name, match, lang, None)
                candidates |= {value.start} if value else set()
    if len(candidates) != 1:
        return None
    (published,) = candidates
    if any((month, day) != (published.month, published.day) for month, day in yearless):
        return None
    return published


def date_base_form(text: str, lang: str) -> str:
    """The citation form used in the `normalized` column.

    English: the text, stripped. Russian: the leading preposition is dropped and the
    head goes to the nominative, dependents stay as written - a year-led date puts
    its year word in the nominative ('2015 года'/'2015 году' -> '2015 год', 'в 2015 г.'
    -> '2015 г.', '1990-х годов' -> '1990-е годы'); a month/season/relative head is
    put in the nominative ('ноябре 2016 года' -> 'ноябрь 2016 года', 'в прошлом
    году' -> 'прошлый год'); day-month dates keep their genitive month ('23 ноября
    2016' unchanged).
    """
    if lang != "ru":
        return text.strip()
    mention = _LEADING_WORDS["ru"].sub("", " ".join(text.split()))
    rule, match = next(iter(_scan(mention, "ru")), (None, None))
    if match is None or match.start() != 0:
        return mention
    if rule.name in {"year", "year_range", "decade"}:
        return _year_led_base_form(mention, match)
    if rule.name in {"month_year", "season", "relative"}:
        return _nominative_head(mention, rule.name == "relative")
    if rule.name == "weekday":
        return _nominative_head(mention, bool(match.group("wrel")))
    return mention


def find_russian_dates(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end exclusive) of date expressions in Russian text.

    For the Russian NER component, which has no DATE label of its own. Spans leave
    out prepositions and keep 'г.'/'года'. A four-digit number is a year only with
    a year word after it, a month before it, or inside a range/decade with a year
    word, and a range only when it runs forwards; a bare month only after a
    preposition ("в мае"). Relative words
    ("сегодня", "в прошлом году") are included; "сегодня" in the sense "nowadays"
    cannot be told apart here.
    """
    return [match.span() for rule, match in _scan(text, "ru") if _is_russian_date_span(rule.name, match, text)]


# --- matching -------------------------------------------------------------------------

def _clean_mention(text: str, lang: str) -> str:
    mention = _EDGE_PUNCTUATION.sub("", " ".join(text.split()))
    return _EDGE_PUNCTUATION.sub("", _LEADING_WORDS[lang].sub("", mention))


def _scan(text: str, lang: str, rule_names: set[str] | None = None) -> list[tuple[_Rule, re.Match]]:
    """Non-overlapping matches of all rules, leftmost first, the longest at each position."""
    found = [(rule, match) for rule in _RULES[lang] if rule_names is None or rule.name in rule_names
             for match in rule.regex.finditer(text)]
    found.sort(key=lambda item: (item[1].start(), -item[1].end()))
    chosen, taken_until = [], 0
    for rule, match in found:
        if match.start() >= taken_until:
            chosen.append((rule, match))
            taken_until = match.end()
    return chosen


def _is_russian_date_span(rule_name: str, match: re.Match, text: str) -> bool:
    if rule_name in {"year", "year_range", "decade"} and _build(rule_name, match, "ru", None) is None:
        return False  # a range that runs backwards: 'с 2060 по 2010 год'
    if rule_name in {"year", "year_range"}:
        return bool(match.group("yw"))
    if rule_name == "decade":
        return bool(match.group("yw")) or len(match.group("dec")) == 3
    before = text[max(0, match.start() - 12):match.start()]
    if rule_name == "month_year" and not match.group("y1"):
        return bool(_RU_PREPOSITION_BEFORE.search(before))
    if rule_name == "weekday" and not match.group("wrel"):
        return bool(_RU_IN_BEFORE.search(before))
    return True


def _header_lines(text: str) -> list[str]:
    """The first non-empty lines, within the first _HEADER_CHARS characters."""
    return [line for line in text[:_HEADER_CHARS].split("\n") if line.strip()][:_HEADER_LINES]


def _is_labelled(line: str, match: re.Match) -> bool:
    return bool(_PUBLICATION_LABEL.search(line[:match.start()]))


def _is_rubric_line(line: str, match: re.Match) -> bool:
    """The date ends a short line: 'Government • 25 October, 2018', or stands alone."""
    return len(line[:match.start()].strip()) <= _RUBRIC_PREFIX_CHARS and bool(
        _LINE_TAIL_PUNCTUATION.match(line[match.end():]))


# --- building values ------------------------------------------------------------------

def _build(rule_name: str, match: re.Match, lang: str, anchor: datetime.date | None) -> DateValue | None:
    groups = {name: value for name, value in match.groupdict().items() if value}
    builder = _BUILDERS[rule_name]
    try:
        value = builder(groups, lang, anchor)
    except ValueError:  # impossible calendar dates such as 31 November
        return None
    if value is None or "yw" in groups:  # a year word makes any number a year: '2242 год'
        return value
    return value if is_year(value.start.year) and is_year(value.end.year) else None


def is_year(number: int) -> bool:
    """Whether a number may be a year of a date (`YEARS`)."""
    return YEARS[0] <= number <= YEARS[1]


def _build_numeric_day(groups, lang, anchor):
    return _day(int(groups["y1"]), int(groups["n1"]), int(groups["d1"]))


def _build_day(groups, lang, anchor):
    month, day = _month_number_of(groups["m1"], lang), int(groups["d1"])
    year = _stated_or_nearest_year(groups.get("y1"), anchor, month, day)
    return _day(year, month, day) if year else None


def _build_day_range(groups, lang, anchor):
    month = _month_number_of(groups["m1"], lang)
    year = _stated_or_nearest_year(groups.get("y1"), anchor, month, int(groups["d1"]))
    return _range(_day(year, month, int(groups["d1"])), _day(year, month, int(groups["d2"]))) if year else None


def _build_cross_month_range(groups, lang, anchor):
    first_month, last_month = _month_number_of(groups["m1"], lang), _month_number_of(groups["m2"], lang)
    last_year = _stated_or_nearest_year(groups.get("y2") or groups.get("y1"), anchor, last_month, int(groups["d2"]))
    if not last_year:
        return None
    first_year = int(groups["y1"]) if "y1" in groups else last_year - (first_month > last_month)
    return _range(_day(first_year, first_month, int(groups["d1"])), _day(last_year, last_month, int(groups["d2"])))


def _build_month(groups, lang, anchor):
    month = _month_number_of(groups["m1"], lang)
    year = _stated_or_nearest_year(groups.get("y1"), anchor, month, 15)
    return _month(year, month) if year else None


def _build_month_range(groups, lang, anchor):
    year = int(groups["y1"])
    return _range(_month(year, _month_number_of(groups["m1"], lang)), _month(year, _month_number_of(groups["m2"], lang)))


def _build_season(groups, lang, anchor):
    return _season(int(groups["y1"]), _lookup(SEASONS[lang], groups["s"]))


def _build_decade(groups, lang, anchor):
    digits = groups["dec"]
    return _decade(int(digits) * 10 if len(digits) == 3 else 1900 + int(digits) * 10)


def _build_year(groups, lang, anchor):
    return _year(int(groups["y1"]))


def _build_year_range(groups, lang, anchor):
    first = int(groups["y1"])
    if "y2" in groups:
        return _range(_year(first), _year(int(groups["y2"])))
    last = first - first % 100 + int(groups["yy2"])  # "2019-20" -> 2020, "1999-00" -> 2000
    return _range(_year(first), _year(last if last > first else last + 100))


def _build_day_word(groups, lang, anchor):
    if anchor is None:
        return None
    return _day_of(anchor + datetime.timedelta(days=_lookup(DAY_WORDS[lang], groups["dw"])))


def _build_relative(groups, lang, anchor):
    if anchor is None:
        return None
    offset = _lookup(RELATIVE_OFFSETS[lang], groups["rel"])
    unit = _lookup({**RELATIVE_UNITS[lang], **SEASONS[lang]}, groups["unit"])
    if unit in ("year", "month", "week"):
        return _shifted(anchor, unit, offset)
    return _relative_season(anchor, unit, offset)


def _build_weekday(groups, lang, anchor):
    """A bare weekday is the nearest such day at or before the anchor, as news uses it ('police
    said on Friday'); 'last' is the one before the anchor, 'next' the one after, 'this' the one
    in the anchor's week (Monday to Sunday)."""
    if anchor is None:
        return None
    weekday = _lookup({name: number for number, name in enumerate(WEEKDAYS[lang])}, groups["wd"])
    offset = _lookup(RELATIVE_OFFSETS[lang], groups["wrel"]) if "wrel" in groups else None
    days_back = (anchor.weekday() - weekday) % 7
    if offset is None:
        return _day_of(anchor - datetime.timedelta(days=days_back))
    if offset < 0:
        return _day_of(anchor - datetime.timedelta(days=days_back or 7))
    if offset > 0:
        return _day_of(anchor + datetime.timedelta(days=(weekday - anchor.weekday()) % 7 or 7))
    return _day_of(anchor + datetime.timedelta(days=weekday - anchor.weekday()))


def _build_ago(groups, lang, anchor):
    if anchor is None:
        return None
    count = groups.get("count", "1").lower()
    number = int(count) if count.isdigit() else NUMBER_WORDS[lang][count]
    unit = _lookup(AGO_UNITS[lang], groups["agounit"])
    if unit == "day":
        return _day_of(anchor - datetime.timedelta(days=number))
    return _shifted(anchor, unit, -number)


def _shifted(anchor: datetime.date, unit: str, offset: int) -> DateValue:
    """The year, month or ISO week `offset` units from the anchor's."""
    if unit == "year":
        return _year(anchor.year + offset)
    if unit == "month":
        year, month = divmod(anchor.year * 12 + anchor.month - 1 + offset, 12)
        return _month(year, month + 1)
    return _week(anchor + datetime.timedelta(weeks=offset))


_BUILDERS = {
    "iso_day": _build_numeric_day,
    "dotted_day": _build_numeric_day,
    "day_month": _build_day,
    "month_day": _build_day,
    "day_range": _build_day_range,
    "month_day_range": _build_day_range,
    "cross_month_range": _build_cross_month_range,
    "month_year": _build_month,
    "month_range": _build_month_range,
    "season": _build_season,
    "decade": _build_decade,
    "year": _build_year,
    "year_range": _build_year_range,
    "day_word": _build_day_word,
    "weekday": _build_weekday,
    "ago": _build_ago,
    "relative": _build_relative,
}


def _lookup(table: dict, word: str):
    """The value of the longest key that `word` starts with (keys are words or stems)."""
    word = word.lower().rstrip(".")
    return next(table[key] for key in sorted(table, key=len, reverse=True) if word.startswith(key))


def _month_number_of(word: str, lang: str) -> int:
    return _lookup(_MONTH_STEMS[lang], word)


def _stated_or_nearest_year(stated: str | None, anchor: datetime.date | None, month: int, day: int) -> int | None:
    """The stated year, else the year that puts month/day nearest the anchor, else None."""
    if stated:
        return int(stated)
    if anchor is None:
        return None
    return min((anchor.year - 1, anchor.year, anchor.year + 1),
               key=lambda year: abs((datetime.date(year, month, min(day, 28)) - anchor).days))


def _day(year: int, month: int, day: int) -> DateValue:
    return _day_of(datetime.date(year, month, day))


def _day_of(date: datetime.date) -> DateValue:
    return DateValue(date.isoformat(), date, date, "day")


def _week(day: datetime.date) -> DateValue:
    """The ISO 8601 week holding `day`: '2016-W47', Monday to Sunday."""
    year, week, weekday = day.isocalendar()
    monday = day - datetime.timedelta(days=weekday - 1)
    return DateValue(f"{year:04d}-W{week:02d}", monday, monday + datetime.timedelta(days=6), "week")


def _month(year: int, month: int) -> DateValue:
    return DateValue(f"{year:04d}-{month:02d}", datetime.date(year, month, 1), _month_end(year, month), "month")


def _month_end(year: int, month: int) -> datetime.date:
    next_year, next_month = divmod(year * 12 + month, 12)
    return datetime.date(next_year, next_month + 1, 1) - datetime.timedelta(days=1)


def _season(year: int, code: str) -> DateValue:
    first, last = SEASON_MONTHS[code]
    last_year = year + (last < first)
    return DateValue(f"{year:04d}-{code}", datetime.date(year, first, 1), _month_end(last_year, last), "season")


def _relative_season(anchor: datetime.date, code: str, offset: int) -> DateValue:
    """'this autumn': the one containing the anchor, else the anchor year's; 'last'/'next': the nearest before/after."""
    seasons = [_season(year, code) for year in range(anchor.year - 2, anchor.year + 2)]
    if offset < 0:
        return max((season for season in seasons if season.end < anchor), key=lambda season: season.start)
    if offset > 0:
        return min((season for season in seasons if season.start > anchor), key=lambda season: season.start)
    containing = [season for season in seasons if season.start <= anchor <= season.end]
    return containing[0] if containing else _season(anchor.year, code)


def _year(year: int) -> DateValue:
    return DateValue(f"{year:04d}", datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")


def _decade(first_year: int) -> DateValue:
    return DateValue(f"{first_year:04d}/{first_year + 9:04d}", datetime.date(first_year, 1, 1),
                     datetime.date(first_year + 9, 12, 31), "decade")


def _range(first: DateValue, last: DateValue) -> DateValue | None:
    """'A/B' from two points of the same granularity; None unless A comes before B."""
    if first.start >= last.start:
        return None
    return DateValue(f"{first.value}/{last.value}", first.start, last.end, "range")


# --- Russian citation forms -----------------------------------------------------------

def _year_led_base_form(mention: str, match: re.Match) -> str:
    """'2015 году' -> '2015 год', '1990-х годов' -> '1990-е годы'; 'г.'/'гг.' stay."""
    year_word = match.group("yw")
    if not year_word or year_word.lower() not in RU_YEAR_WORD_NOMINATIVE:
        return mention
    start, end = match.span("yw")
    head = mention[:start]
    if "dec" in match.re.groupindex:
        head = _RU_DECADE_SUFFIX.sub("-е", head)
    return head + RU_YEAR_WORD_NOMINATIVE[year_word.lower()] + mention[end:]


def _nominative_head(mention: str, with_modifier: bool) -> str:
    """The leading noun (and its adjective for 'прошлом году') in the nominative singular."""
    words = mention.split(" ")
    head_index = 1 if with_modifier else 0
    noun = _parse_as(words[head_index], "NOUN")
    if noun is None:
        return mention
    words[head_index] = inflect_like(words[head_index], noun, {"nomn", "sing"})
    if with_modifier:
        modifier = _parse_as(words[0], "ADJF")
        if modifier is not None:
            words[0] = inflect_like(words[0], modifier, {"nomn", "sing", noun.tag.gender})
    return " ".join(words)


def _parse_as(word: str, part_of_speech: str):
    return next((parse for parse in morph_analyzer().parse(word) if parse.tag.POS == part_of_speech), None)
