"""Citation (base) forms of Russian PER/ORG/LOC mentions.

NER spans keep the inflected form of the text ("Министерства энергетики
Республики Казахстан"), but the ``normalized`` column needs the citation form
("Министерство энергетики Республики Казахстан"): only the head noun goes to the
nominative, the adjectives in front of it agree with it, and everything after it
(genitive complements, "по ...", "в ...", acronyms) stays exactly as written.
Lemmatising every word, as natasha's ``span.normalize`` does without a syntax
parse, gives "Министерство энергетика" - wrong.

Everything here is rule-based on top of pymorphy3; natasha's syntax model is not
used (it costs seconds of load time and the head of a name phrase is almost
always its first noun, which the rules below find without a parse).

Two paths:

* ORG/LOC (``_phrase_base_form``): a run of leading adjectives/participles, then
  the head noun, then a tail that is copied. The head's parse is one its
  adjectives agree with, ranked by a label-fitting tag (Geox/Orgn), then an
  input already in citation form, then pymorphy3's score ("Министерства" is
  genitive singular, not nominative plural). The head keeps its number, so a
  plural-only reading stays plural ("Соединённых Штатов" -> "Соединённые Штаты").
* PER (``_person_base_form``): every word is a name part (first name,
  patronymic, surname) in one shared case and gender. The gender comes from
  the first name (or patronymic) when there is one; otherwise the most likely
  gender/case pair wins, which for a bare "Лужкова" is the masculine genitive
  surname (pymorphy3's Surn parse, 0.73) rather than the feminine nominative.
  A word with no parse in that case and gender is indeclinable ("Мэй").

Capitalisation and the е/ё spelling of the original text are kept per word.
"""

import os
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipeline.labels import PER
from pipeline.text.morphology import grammatical_case, inflect_like, morph_analyzer, word_parses

_WHITESPACE = re.compile(r"(\s+)")
_EDGE_PUNCTUATION = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_INITIAL = re.compile(r"^[А-ЯЁ]$")

_FOREIGN_VOWEL_ENDING = re.compile(r"([^и]и|[аеёиоуыэюя]е|[оэ])$")
_FEMININE_CASE_ENDING = re.compile(r"(ы|и|е|у|ю|ой|ей|ою|ею)$")
# Unknown name parts with these endings are mostly indeclinable foreign names ("Фелипе",
# "Саломе"). In a name of several parts a declined -у shows no case either ("Ухуру Кениатты"
# is a genitive by "Кениатты"), though it is no worse a reading ("Кофи Аннану" is a dative).
_FOREIGN_ENDINGS = ("е",)
_FOREIGN_ENDINGS_IN_NAMES = ("е", "у")
_INSTRUMENTAL_ENDING = re.compile(r"[^аеёиоуыэюя](ом|ем|ём)$")
_MODIFIER_POS = {"ADJF", "PRTF"}
_CONJUNCTIONS = {"и", "или"}
_GENDERS = ("masc", "femn")
# A first name's gender whose readings score at least this share of the likeliest gender's
# is a real alternative: "Диляра" (femn 0.33 against masc 0.67) may be either, "Евгения"
# (femn 0.29 against masc 0.71) is a man's genitive, "Алла" (0.9 against 0.1) a woman.
_LIKELY_GENDER_SHARE = 0.45
_NOMINATIVE_NAME_SHARE = 0.2
# Singular case endings by the nominative's final letter ("" = a consonant).
_CASE_ENDINGS = {
    "ий": ("ого", "ому", "им", "ом"),
    "ый": ("ого", "ому", "ым", "ом"),
    "ой": ("ого", "ому", "ым", "ом"),
    "ая": ("ой", "ую", "ою"),
    "а": ("ы", "и", "е", "у", "ой", "ою", "ей"),
    "я": ("и", "е", "ю", "ей", "ею"),
    "ь": ("я", "и", "ю", "ем", "е", "ью"),
    "й": ("я", "ю", "ем", "е"),
    "": ("а", "у", "ом", "ем", "е", "ым", "ой"),
}
_NON_CONSONANT_FINALS = set("аеёиоуыэюяйь")
# The same for nouns only (places, organisations): no adjectival surname endings ("Невад" has no "Невадой").
_NOUN_CASE_ENDINGS = {
    "а": ("ы", "и", "е", "у", "ой", "ою"),
    "я": ("и", "е", "ю", "ей", "ею"),
    "ь": ("я", "и", "ю", "ем", "е", "ью"),
    "й": ("я", "ю", "ем", "е"),
    "": ("а", "у", "ом", "ем", "е"),
}
_PLURAL_FAMILY_ENDING = re.compile(r"(ов|ев|ёв|ин|ын|ск|цк)(ых|их)$")
_PERSON_TAGS = {"Name", "Patr", "Surn"}
# In a name of three parts or more, a part this short before the last is an East Asian given name or
# generation name written as is: only the last part declines ("Ким Чен Ыном" -> "Ким Чен Ын").
_SHORT_NAME_PART = 3
_LABEL_TAGS = {"LOC": {"Geox"}, "ORG": {"Orgn", "Geox"}}


@lru_cache(maxsize=65536)
def russian_base_form(text: str, label: str) -> str:
    """Citation form of a Russian PER/ORG/LOC mention (label in {'PER','ORG','LOC'}), with its
    whitespace collapsed. Cached: NER's name checks and normalisation ask for the same forms."""
    text = " ".join(text.split())
    return _with_cores(text, _person_base_form if label == PER else lambda cores: _phrase_base_form(cores, label))


def _with_cores(text: str, base_form) -> str:
    """``text`` with its words' cores (without edge punctuation) replaced by ``base_form(cores)``."""
    pieces = _WHITESPACE.split(text)
    tokens = [_split_edges(piece) for piece in pieces[::2]]
    new_cores = base_form([core for _, core, _ in tokens])
    for index, (prefix, _, suffix) in enumerate(tokens):
        pieces[2 * index] = prefix + new_cores[index] + suffix
    return "".join(pieces)


def _split_edges(token: str) -> tuple:
    """Split quotes/brackets/punctuation off a token: '«Газпрома»' -> ('«', 'Газпрома', '»')."""
    return _EDGE_PUNCTUATION.match(token).groups()


# --- which words may change -------------------------------------------------


def _is_fixed(word: str) -> bool:
    """Words copied as written: non-Cyrillic (Latin names, numbers), initials,
    and acronyms ("МОН", "РЭЦЦА"; pymorphy3 would read "МОН" as a plural of "Мона")."""
    if not _CYRILLIC.search(word) or _INITIAL.match(word) or _is_mixed_case_acronym(word):
        return True
    return word.isupper() and not _is_capitalised_name(word)


def _is_mixed_case_acronym(word: str) -> bool:
    """"БелТА", "РосБизнесКонсалтинГ"-style names end in a capital; an acronym with a
    case ending ("МИДа", "МИДе") ends in a small letter and is declined."""
    return len(word) > 1 and word[-1].isupper() and not word.isupper()


def _is_capitalised_name(word: str) -> bool:
    """An all-caps dictionary place/person name ("МОСКВЕ" in a headline) is a word
    to inflect, not an acronym; short, unknown ("МАГАТЕ") or abbreviation-tagged
    words stay acronyms."""
    return len(word) >= 4 and _is_known(word) and any(
        "Abbr" not in parse.tag and parse.tag.grammemes & {"Geox", "Name", "Surn"}
        for parse in word_parses(word)
    )


@lru_cache(maxsize=65536)
def _is_known(word: str) -> bool:
    """Cached: the rules ask it of the same words many times per name (a dictionary walk each)."""
    return morph_analyzer().word_is_known(word.lower())


@lru_cache(maxsize=65536)
def _readings(word: str) -> tuple:
    """The parses worth considering. For a word pymorphy3 does not know, its
    guesses are kept only when they are plausible (see ``_is_plausible_guess``)."""
    if _is_known(word):
        return word_parses(word)
    guesses = tuple(parse for parse in word_parses(word) if _is_plausible_guess(word, parse))
    if _INSTRUMENTAL_ENDING.search(word.lower()) and any(parse.tag.case == "ablt" for parse in guesses):
        # "Аннаном" is an instrumental, not a noun "аннаном" as written
        guesses = tuple(parse for parse in guesses if not _is_noun_as_written(word, parse))
    return guesses


def _is_noun_as_written(word: str, parse) -> bool:
    return parse.tag.POS == "NOUN" and _nominative_lower(parse) == word.lower()


def _is_plausible_guess(word: str, parse) -> bool:
    """Guesses for unknown (mostly foreign) words go wrong in known ways: they
    decline indeclinable names ("Пелоси" -> "Пелось", "Тифензее" -> "Тифензея") or
    add an ending to an already nominative one ("Тоттенхэм" -> "Тоттенхэмы").
    Adjective guesses are accepted ("Брукхейвенской", "Рымашевского"). A noun
    ending like a foreign indeclinable (-и but not -ии, a vowel + е, -о, -э) keeps
    its form. An abbreviation guess fits only a word in capitals. Otherwise accept a guess that keeps the stem ("Лофнеру" -> "Лофнер",
    "Бесселя" -> "Бессель") or puts a feminine -а/-я for an oblique-case ending
    ("Гагаузии" -> "Гагаузия"; not "Гэбриэль" -> "Гэбриэля")."""
    nominative = _nominative_lower(parse)
    lower = word.lower()
    if nominative is None or "Abbr" in parse.tag and not word.isupper():
        return False  # "Моррис" is no abbreviation
    if parse.tag.POS in _MODIFIER_POS:
        return True
    if _FOREIGN_VOWEL_ENDING.search(lower):
        return nominative == lower
    if _FEMININE_CASE_ENDING.search(lower) and nominative[-1] in "ая":
        return True
    return lower.startswith(nominative.rstrip("ьй"))


def _guess_preference(word: str, parse) -> tuple:
    """How good a guessed reading of an unknown word is: singular (or plural-only)
    before a plain plural ("Гагаузии" is not a plural of "Гагаузия"), then one that
    only drops an ending ("Бенрате" -> "Бенрат") before one that swaps it
    ("Бенрата"). Known words have no guesses: all their readings tie here."""
    if _is_known(word):
        return (True, True)
    nominative = _nominative_lower(parse)
    return (not _is_plain_plural(parse), nominative is not None and word.lower().startswith(nominative))


def _is_plain_plural(parse) -> bool:
    return parse.tag.number == "plur" and "Pltm" not in parse.tag


@lru_cache(maxsize=65536)
def _nominative_lower(parse):
    """Cached by the parse (pymorphy3's parses are hashable tuples): ranking a name's readings asks
    for the same parse's nominative once per reading."""
    inflected = parse.inflect({"nomn"})
    return inflected.word if inflected else None


# --- ORG / LOC: adjectives + head noun + copied tail --------------------------


def _phrase_base_form(words: list, label: str) -> list:
    """Put the head noun and its leading agreeing modifiers in the nominative;
    a second head joined right after the first by "и"/"или" in the same case goes
    too ("Сената и Синода" -> "Сенат и Синод"), while "и" inside a complement
    does not ("Министерства образования и науки")."""
    choice = _find_head(words, label)
    if choice is None:
        return words
    head, head_parse, modifiers = choice
    new_words = _inflect_phrase(words, head, head_parse, modifiers)
    rest = words[head + 2:]
    if rest and words[head + 1] in _CONJUNCTIONS:
        second = _find_head(rest, label)
        same_case = second and grammatical_case(second[1]) == grammatical_case(head_parse)
        if same_case and second[1].tag.number == head_parse.tag.number:
            new_words[head + 2:] = _inflect_phrase(rest, *second)
    return new_words


def _find_head(words: list, label: str):
    """(head index, head parse, {index: modifier parse}) or None: the rightmost
    head position whose leading modifiers all agree with it."""
    chain_end = _leading_modifier_count(words)
    for head in range(min(chain_end, len(words) - 1), -1, -1):
        choice = _agreeing_head(words, head, label)
        if choice:
            return choice
    return None


def _leading_modifier_count(words: list) -> int:
    """How many words from the start could be adjectives/participles (with "и"
    between two of them); the head is at most one word past them
    ("Московского государственного университета", "Всемирной продовольственной
    и сельскохозяйственной организации")."""
    count = 0
    while count < len(words):
        if _is_conjunction_between_modifiers(words, count) or _is_modifier(words[count]):
            count += 1
        else:
            break
    return count


def _is_modifier(word: str) -> bool:
    return not _is_fixed(word) and bool(_modifier_parses(word))


def _is_conjunction_between_modifiers(words: list, index: int) -> bool:
    return (
        words[index] in _CONJUNCTIONS
        and 0 < index < len(words) - 1
        and _is_modifier(words[index - 1])
        and _is_modifier(words[index + 1])
    )


def _modifier_parses(word: str) -> list:
    return [parse for parse in _readings(word) if parse.tag.POS in _MODIFIER_POS]


def _agreeing_head(words: list, head: int, label: str):
    """Best head parse at position ``head`` that every modifier before it agrees
    with, and those modifiers' parses; None if there is none.

    Person-name readings of known words are not heads of places or organisations
    ("Аль" is not a form of the name "Аля"). A phrase made only of adjectives
    ("Кронштадтскому", "Партизанского") uses its last adjective as the head."""
    if _is_fixed(words[head]):
        return None
    candidates = [
        parse for parse in _readings(words[head])
        if parse.tag.POS == "NOUN"
        and not (_is_known(words[head]) and parse.tag.grammemes & _PERSON_TAGS)
    ]
    if not candidates and head == len(words) - 1:
        candidates = _modifier_parses(words[head])
    options = []
    for head_parse in candidates:
        modifiers = _agreeing_modifiers(words[:head], head_parse)
        if modifiers is not None:
            options.append((head_parse, modifiers))
    if not options:
        return None
    head_parse, modifiers = max(options, key=lambda option: _head_rank(words[head], option[0], label))
    return head, head_parse, modifiers


def _agreeing_modifiers(words: list, head_parse):
    """{index: parse} for the words before the head (conjunctions skipped), or None
    when one of them cannot agree with this head reading."""
    modifiers = {}
    for index, word in enumerate(words):
        if word in _CONJUNCTIONS:
            continue
        parse = _agreeing_modifier(word, head_parse)
        if parse is None:
            return None
        modifiers[index] = parse
    return modifiers


def _agreeing_modifier(word: str, head_parse):
    """The most likely adjective/participle parse of ``word`` agreeing with the head
    in case, number and (in the singular) gender."""
    head_tag = head_parse.tag
    agreeing = [
        parse for parse in _modifier_parses(word)
        if grammatical_case(parse) == grammatical_case(head_parse)
        and parse.tag.number == head_tag.number
        and (head_tag.number == "plur" or head_tag.gender is None
             or parse.tag.gender == head_tag.gender)
    ]
    return max(agreeing, key=lambda parse: parse.score, default=None)


def _head_rank(word: str, parse, label: str) -> tuple:
    """Order head readings: a proper-noun tag fitting the label first ("Астане" =
    Астана, Geox, not the name Астан); then a reading already in citation form,
    nominative singular or plural-only, so such input stays as it is ("Ливан", not
    the plural-only "Ливаны"; "Горки"); then the guess preference for unknown words;
    then pymorphy3's score, which knows that "Министерства" is mostly genitive
    singular (not nominative plural) and "Ведомости" mostly nominative plural."""
    return (
        bool(parse.tag.grammemes & _LABEL_TAGS.get(label, set())),
        parse.tag.case == "nomn" and not _is_plain_plural(parse),
        _guess_preference(word, parse),
        parse.score,
    )


def _inflect_phrase(words: list, head: int, head_parse, modifiers: dict) -> list:
    new_words = list(words)
    for index, parse in {**modifiers, head: head_parse}.items():
        new_words[index] = _nominative(words[index], parse)
    return new_words


# --- PER: name parts sharing one case and gender --------------------------------


def _person_base_form(words: list, context: "Agreement | None" = None) -> list:
    """Put every declinable part of a person's name in the nominative singular,
    all in one case and one gender (see ``_name_genders``); a family named in the
    plural ("Ивановых") goes to the nominative plural. What the sentence says
    (``context``) narrows the readings when some reading fits it."""
    name_parts = [word for word in words if _is_name_part(word)]
    if len(name_parts) >= 3:
        name_parts = [word for word in name_parts[:-1] if len(word) > _SHORT_NAME_PART] + name_parts[-1:]
    if not name_parts:
        return words
    if len(name_parts) == 1 and (plural := _plural_family_name(name_parts[0])):
        return [plural if word == name_parts[0] else word for word in words]
    readings = [
        (gender, [_name_part_parse(word, gender, case) for word in name_parts])
        for gender, case in _readings_in(name_parts, context) or _readings_in(name_parts, None)
    ]
    if not readings:
        return words
    _, best = max(readings, key=lambda reading: _person_reading_rank(name_parts, *reading))
    nominatives = {
        word: _nominative(word, parse) for word, parse in zip(name_parts, best) if parse is not None
    }
    return [nominatives.get(word, word) for word in words]


def _readings_in(words: list, context: "Agreement | None") -> list[tuple[str, str]]:
    """The (gender, case) pairs to rank; with a context, only those it allows that read every part
    ("брат Яны Манаковой сказал": the verb agrees with another word, and nothing fits it)."""
    if context is None and (nominative := _nominative_genders(words)):
        return [(gender, "nomn") for gender in nominative]
    if context is None or context == ANY_READING:
        return [(gender, case) for gender in _name_genders(words) for case in _cases_in(words)]
    return [
        (gender, case)
        for gender in ((context.gender,) if context.gender else _name_genders(words))
        for case in _cases_in(words)
        if context.nominative is None or (case == "nomn") == context.nominative
        if _reads_every_part(words, gender, case)
    ]


def _nominative_genders(words: list) -> tuple:
    """The genders in which the name, as written, is a nominative: its first name is a dictionary
    first name in the nominative of that gender (at least `_NOMINATIVE_NAME_SHARE` of its first-name
    readings) and every other part reads as a nominative of it too. With nothing in the sentence
    saying otherwise that is the reading: a person is most often named in the nominative, and a
    genitive needs evidence ("Яна Берестова" alone is a woman, not the genitive of "Ян Берестов")."""
    if len(words) < 2:
        return ()
    first = [parse for parse in _readings(words[0]) if "Name" in parse.tag and parse.tag.number == "sing"]
    total = sum(parse.score for parse in first)
    return tuple(
        gender for gender in _GENDERS
        if total and sum(
            parse.score for parse in first if parse.tag.case == "nomn" and parse.tag.grammemes & {gender, "ms-f"}
        ) >= _NOMINATIVE_NAME_SHARE * total
        and _reads_every_part(words, gender, "nomn")
    )


def _plural_family_name(word: str):
    """The nominative plural of a family named in the plural, or None: "Ивановых" ->
    "Ивановы", "Волконских" -> "Волконские". Only surnames of the -ов/-ев/-ин/-ский
    kinds have such a plural; -их/-ых surnames ("Черных", "Седых") are indeclinable."""
    if not _PLURAL_FAMILY_ENDING.search(word.lower()):
        return None
    parse = next(
        (p for p in _readings(word) if "Surn" in p.tag and p.tag.number == "plur" and p.tag.case != "nomn"),
        None,
    )
    return inflect_like(word, parse, {"nomn", "plur"}) if parse else None


def _is_name_part(word: str) -> bool:
    """Lowercase particles ("ван", "де", "да") and initials are copied as written."""
    return not _is_fixed(word) and not word[0].islower()


def _name_genders(words) -> tuple:
    """Genders to try. A surname that can only be one gender decides ("Наргиз Алиевой"
    is a woman, her first name indeclinable). Otherwise the first word read as a first
    name (or else a patronymic) does, by its likely readings: "Алла" is the woman's
    name, not a genitive of the rare "Алл", but "Диляра" may be either, and then the
    ranking of whole readings decides ("Диляра Исмаилова" stays as written; see
    ``_LIKELY_GENDER_SHARE``). Before that, a gender in which no case reads every part
    is out: "Камала Харрис" is no man, whose "Харрис" would decline ("Харриса"), so the
    woman's indeclinable surname decides. Both
    when there is no such word, or it is common gender ("Саши"), so the surname
    decides ("Лужкова" masc, "Ивановой" femn)."""
    surname = _surname_gender(words[1:] or words)
    if surname:
        return (surname,)
    readable = tuple(gender for gender in _GENDERS if _reads_whole(words, gender))
    if len(readable) == 1:
        return readable
    for tag_name in ("Name", "Patr"):
        for word in words:
            readings = [p for p in _readings(word) if tag_name in p.tag and p.tag.number == "sing"]
            if readings:
                share = {gender: 0.0 for gender in {p.tag.gender for p in readings}}
                for parse in readings:
                    share[parse.tag.gender] += parse.score
                best = max(share.values())
                genders = {gender for gender, score in share.items() if score >= best * _LIKELY_GENDER_SHARE}
                return tuple(g for g in _GENDERS if g in genders) if genders <= set(_GENDERS) else _GENDERS
    return _GENDERS


def _reads_whole(words, gender: str) -> bool:
    """Some case reads every part in this gender, each declined or indeclinable in it."""
    return any(_reads_every_part(words, gender, case) for case in _cases_in(words))


def _reads_every_part(words, gender: str, case: str) -> bool:
    return all(_name_part_parse(word, gender, case) is not None or _is_indeclinable(word, gender) for word in words)


def _surname_gender(words):
    """The one gender every singular surname reading of these words has, or None."""
    genders = {
        parse.tag.gender
        for word in words
        for parse in _readings(word)
        if "Surn" in parse.tag and parse.tag.number == "sing"
    }
    return genders.pop() if len(genders) == 1 and genders <= set(_GENDERS) else None


def _cases_in(words) -> set:
    return {grammatical_case(parse) for word in words for parse in _name_readings(word) if parse.tag.case not in (None, "voct")}


@lru_cache(maxsize=65536)
def _name_readings(word: str) -> tuple:
    """A name part's readings: the dictionary's (or its plausible guesses), and for an unknown
    word a masculine consonant-stem surname under each case ending it may carry. pymorphy3
    guesses "Пауэлла" only as a woman's nominative, never as the genitive of "Пауэлл", so a
    foreign man's surname kept its ending ("Колина Пауэлла" -> "Колин Пауэлла")."""
    readings = _readings(word)
    if _is_known(word) or not _CYRILLIC.search(word):
        return readings
    lower = word.lower()
    guesses = tuple(
        _StemGuess(word[: len(word) - len(ending)], _stem_guess_tag(case))
        for ending, case in _CONSONANT_STEM_CASES
        if lower.endswith(ending) and len(lower) - len(ending) >= 3 and lower[-len(ending) - 1] not in _NON_CONSONANT_FINALS
    )
    return readings + guesses


# Singular endings of a masculine consonant-stem noun (Пауэлл-а, -у, -ом, -е) and their cases.
_CONSONANT_STEM_CASES = (("а", "gent"), ("а", "accs"), ("у", "datv"), ("ом", "ablt"), ("ем", "ablt"), ("е", "loct"))


@lru_cache(maxsize=8)
def _stem_guess_tag(case: str):
    return morph_analyzer().TagClass(f"NOUN,anim,masc,Surn sing,{case}")


class _StemGuess:
    """A reading made here, shaped like a pymorphy3 parse for the ranking: its nominative is the stem."""

    score = 0.0

    def __init__(self, stem: str, tag):
        self.word, self.tag, self.normal_form = stem.lower(), tag, stem.lower()

    def inflect(self, grammemes):
        return self if grammemes == {"nomn"} else None


def _name_part_parse(word: str, gender: str, case: str):
    """Most likely singular noun/adjective parse of a name part in this gender and case.

    A known word's parse must have the name's gender (or common gender, ms-f): a
    woman's surname that ends in a consonant does not decline ("Анны Волк"), and
    "Марка" in "Марка Дуггана" is not the feminine noun "марка". Guesses for
    unknown words copy the gender of some common noun, so for a man any noun
    guess goes ("Хуану Пабло Монтойе" -> "Монтойя", declined like "Фома"); for a
    woman only feminine ones ("Джоанны Стингрей": not a masculine "Стингрей").
    People are animate, so an inanimate accusative is no reading of a name part
    ("Бут")."""
    candidates = []
    for parse in _name_readings(word):
        tag = parse.tag
        if grammatical_case(parse) != case or tag.number != "sing" or tag.POS not in ("NOUN", "ADJF"):
            continue
        if case == "accs" and "inan" in tag:
            continue
        if "voct" in tag:  # news does not address people: "Эль" is no vocative of "Эля"
            continue
        if tag.grammemes & {gender, "ms-f"} or _is_masculine_noun_guess(word, parse, gender):
            candidates.append(parse)
    return max(candidates, key=lambda p: (bool(p.tag.grammemes & _PERSON_TAGS), p.score), default=None)


def _is_masculine_noun_guess(word: str, parse, gender: str) -> bool:
    return gender == "masc" and parse.tag.POS == "NOUN" and not _is_known(word)


def _person_reading_rank(words: list, gender: str, parses: list) -> tuple:
    """Order (gender, case) readings of a name:

    1. evidence: how many name parts show this case by their ending, i.e. not
       counting indeclinables, which fit any case ("Ангелы Меркель" is genitive by
       "Ангелы"), nor unknown words in -е (below) or, in a name of several parts, in -у
       ("Ухуру Кениатты" -> "Ухуру Кениатта"); an unknown word that can be read
       as a nominative as written shows the nominative, not a guessed oblique case:
       "Сейдзи Маэхара" stays (not a genitive of "Маэхар"), "Кофи Аннана" too,
       and the document-level step corrects it when the text also writes "Аннан";
    2. fewer unknown words in -е declined: those are mostly indeclinable foreign
       names ("Фелипе Масса", "Саломе Зурабишвили"), unless another part shows the
       case ("Хуану Пабло Монтойе" -> "Хуан Пабло Монтойя");
    3. how many parts can be read at all ("Хиллари Клинтон"), an indeclinable part
       in every case ("Сейдзи Маэхара" is no genitive because "Сейдзи" has an
       indeclinable genitive guess);
    4. how many parts are read as a first name, patronymic or surname rather than
       a common noun or place ("Клинсмана" -> the surname "Клинсман");
    4a. how many parts are read in the name's own gender: for a man, a feminine
       guess for an unknown surname is a last resort;
    5. stem-keeping readings of unknown surnames ("Лофнеру" -> "Лофнер", not "Лофнера");
    6. pymorphy3's summed scores ("Лужкова" -> masculine genitive "Лужков");
    7. on a tie, the nominative: the input is taken as already in citation form."""
    found = [(word, parse) for word, parse in zip(words, parses) if parse is not None]
    declined_foreign = sum(_is_declined_foreign_name(word, parse, _FOREIGN_ENDINGS) for word, parse in found)
    endings = _FOREIGN_ENDINGS_IN_NAMES if len(words) > 1 else _FOREIGN_ENDINGS
    declined = [(word, parse) for word, parse in found if _is_declined_foreign_name(word, parse, endings)]
    unknown_as_written = [(word, parse) for word, parse in found if _is_unknown_nominative(word)]
    evidence = [
        (word, parse) for word, parse in found
        if "Fixd" not in parse.tag and (word, parse) not in declined and not _is_unknown_nominative(word)
    ]
    readable = sum(parse is not None or _is_indeclinable(word, gender) for word, parse in zip(words, parses))
    return (
        len(evidence) + sum(parse.tag.case == "nomn" for _, parse in unknown_as_written),
        -declined_foreign,
        readable,
        sum(bool(parse.tag.grammemes & _PERSON_TAGS) for _, parse in found),
        sum(bool(parse.tag.grammemes & {gender, "ms-f"}) for _, parse in found),
        sum(_guess_preference(word, parse)[1] for word, parse in found),
        sum(parse.score for _, parse in found),
        sum(parse.tag.case == "nomn" for _, parse in found),
    )


@lru_cache(maxsize=65536)
def _is_unknown_nominative(word: str) -> bool:
    """A word missing from the dictionary with a plausible nominative singular reading
    that is the word itself ("Маэхара" as a feminine noun): its case is a guess."""
    return not _is_known(word) and any(
        parse.tag.case == "nomn" and parse.tag.number == "sing" and _nominative_lower(parse) == word.lower()
        for parse in _readings(word)
    )


def _is_indeclinable(word: str, gender: str) -> bool:
    """Indeclinable in this gender: a woman's "Харрис" is, a man's is not ("Харриса"); so is a
    woman's surname the dictionary lacks that ends in a consonant ("Анны Моррис")."""
    if gender == "femn" and not _is_known(word) and word[-1:].lower() not in _NON_CONSONANT_FINALS:
        return True
    return any("Fixd" in parse.tag and (parse.tag.gender is None or parse.tag.grammemes & {gender, "ms-f"}) for parse in _readings(word))


def _is_declined_foreign_name(word: str, parse, endings: tuple) -> bool:
    return not _is_known(word) and word.endswith(endings) and parse.tag.case != "nomn"


# --- producing the new word ------------------------------------------------------


def _nominative(original: str, parse) -> str:
    """The nominative of ``parse``, spelled like ``original`` (case pattern, е/ё)."""
    return inflect_like(original, parse, {"nomn"})


# --- what the sentence says about a person's case and gender -------------------------


@dataclass(frozen=True)
class Agreement:
    """A name's case and gender as its sentence shows them: a singular past-tense verb right after
    it agrees with its subject ("Яна Манакова заявила": a woman, in the nominative); a preposition
    right before it governs an oblique case ("у Яны"). None where the neighbours say nothing."""

    gender: str | None = None
    nominative: bool | None = None


ANY_READING = Agreement()
"""The sentence allows an oblique case (a noun right before the name may govern its genitive), so
the name is read without the preference for a nominative (`_nominative_genders`)."""

_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t]+$")
_WORD_AFTER = re.compile(r"^[ \t]+([^\W\d_]+)")


def agreement_in(text: str, start: int, end: int) -> Agreement | None:
    """What the words right around ``text[start:end]`` say about it (see ``Agreement``)."""
    before = _WORD_BEFORE.search(text[max(0, start - 40) : start])
    after = _WORD_AFTER.match(text[end : end + 40])
    return _agreement(before.group(1).lower() if before else "", after.group(1).lower() if after else "")


@lru_cache(maxsize=65536)
def _agreement(before: str, after: str) -> Agreement | None:
    verb = _likeliest(after)
    if verb is not None and {"VERB", "past", "sing"} <= verb.tag.grammemes and verb.tag.gender in _GENDERS:
        return Agreement(gender=verb.tag.gender, nominative=True)
    word_before = _likeliest(before)
    if word_before is not None and word_before.tag.POS == "PREP":
        return Agreement(nominative=False)
    if word_before is not None and word_before.tag.POS == "NOUN":
        return ANY_READING  # the name may be this noun's genitive ("смерти Кима Чен Ира", "отец Яна")
    return None


def _likeliest(word: str):
    return word_parses(word)[0] if word and _is_known(word) else None


@lru_cache(maxsize=65536)
def _person_form_in(text: str, context: Agreement) -> str:
    """A PER mention's base form given what its sentence says (``russian_base_form`` otherwise)."""
    return _with_cores(text, lambda cores: _person_base_form(cores, context))


# --- one document's person mentions, agreed with each other -----------------------


def russian_person_base_forms(texts: list[str], contexts: list[Agreement | None] | None = None) -> list[str]:
    """Base forms of one document's Russian PER mentions: each first by itself (cached per
    surface form; narrowed by what its sentence says, ``contexts``, when given), then agreed
    with the document's other mentions of the same stems.

    1. Every name word takes, among the base forms its stem has in the document, the one
       that explains most of the stem's written forms as its own inflections, keeping its
       own on a tie: "Сейдзи Маэхара" beside "Маэхары" keeps "Маэхара" (not "Маэхар",
       which "Маэхары" is no form of); "Кими Райкконена" beside "Райкконен" is
       "Кими Райкконен".
    2. A full name does the same as a whole, which carries the gender over the document:
       "Евгения Минченко" beside "Евгений Минченко" is the man.
    3. A bare surname then takes the form its fuller mentions have ("Лужкова" beside
       "Анны Лужковой" is "Лужкова", beside "Юрия Лужкова" "Лужков"), the one it is
       written as when there are several ("Петрова" beside "Алёна Петрова", "Олег Петров").

    Each step works on the document's distinct (text, context) pairs, a pair's number of mentions
    weighing in step 3 only: a long document that names one person hundreds of times costs what
    one mention of each form does (comparing every mention with every other made it quadratic)."""
    keys = list(zip(texts, contexts or [None] * len(texts)))
    counts = Counter(keys)
    distinct = list(counts)
    alone = [
        russian_base_form(text, PER) if context is None else _person_form_in(" ".join(text.split()), context)
        for text, context in distinct
    ]
    mentions = [_name_word_pairs(text, base) for (text, _), base in zip(distinct, alone)]
    mentions = _agree_name_words(mentions)
    mentions = _agree_full_names(mentions)
    mentions = _agree_bare_surnames(mentions, [counts[key] for key in distinct])
    forms = {
        key: base if pairs is None else _with_name_words(base, [word for _, word in pairs])
        for key, base, pairs in zip(distinct, alone, mentions)
    }
    return [forms[key] for key in keys]


def _agree_name_words(mentions: list) -> list:
    written: dict[str, set] = {}
    bases: dict[str, set] = {}
    for pairs in mentions:
        for surface, base in pairs or ():
            written.setdefault(_stem_key(base), set()).add(_word_key(surface))
            bases.setdefault(_stem_key(base), set()).add(base)
    return [
        None if pairs is None else [
            (surface, base if _is_known(surface) and _word_key(surface) == _word_key(base)
             else _best_explaining(base, bases[_stem_key(base)], written[_stem_key(base)]))
            for surface, base in pairs
        ]
        for pairs in mentions
    ]


def _agree_full_names(mentions: list) -> list:
    groups: dict[tuple, tuple[set, set]] = {}  # stems of a full name -> (its written forms, its base forms)
    for pairs in mentions:
        if pairs and len(pairs) > 1:
            surfaces, candidates = groups.setdefault(tuple(_stem_key(base) for _, base in pairs), (set(), set()))
            surfaces.add(tuple(_word_key(surface) for surface, _ in pairs))
            candidates.add(tuple(base for _, base in pairs))
    agreed = []
    for pairs in mentions:
        if pairs and len(pairs) > 1:
            surfaces, candidates = groups[tuple(_stem_key(base) for _, base in pairs)]
            best = _best_explaining(tuple(base for _, base in pairs), candidates, surfaces, _explains_all)
            pairs = [(surface, base) for (surface, _), base in zip(pairs, best)]
        agreed.append(pairs)
    return agreed


def _agree_bare_surnames(mentions: list, counts: list[int]) -> list:
    """`counts`: how many mentions each entry of `mentions` stands for."""
    fuller: dict[str, Counter] = {}
    for pairs, n in zip(mentions, counts):
        if pairs and len(pairs) > 1:
            fuller.setdefault(_stem_key(pairs[-1][1]), Counter())[pairs[-1][1]] += n
    agreed = []
    for pairs in mentions:
        if pairs and len(pairs) == 1:
            surface, base = pairs[0]
            known_forms = fuller.get(_stem_key(base), Counter()) + fuller.get(_stem_key(surface), Counter())
            forms = Counter({form: n for form, n in known_forms.items() if _explains(form, _word_key(surface))})
            as_written = Counter({form: n for form, n in forms.items() if _word_key(form) == _word_key(surface)})
            if as_written or (forms and base not in forms):
                pairs = [(surface, _most_common(as_written or forms))]
        agreed.append(pairs)
    return agreed


def _name_word_pairs(text: str, base: str):
    """(written word, its base form) for each name part, or None when they do not line up."""
    surface_words, base_words = text.split(), base.split()
    if len(surface_words) != len(base_words):
        return None
    return [
        (_split_edges(surface)[1], _split_edges(word)[1])
        for surface, word in zip(surface_words, base_words)
        if _is_name_part(_split_edges(surface)[1])
    ]


def _with_name_words(base: str, name_words: list[str]) -> str:
    """``base`` with its name parts replaced by ``name_words``, in order; ``base`` itself
    when the counts differ (nothing is guessed)."""
    tokens = [_split_edges(token) for token in base.split()]
    positions = [i for i, (_, core, _) in enumerate(tokens) if _is_name_part(core)]
    if len(positions) != len(name_words):
        return base
    words = [prefix + core + suffix for prefix, core, suffix in tokens]
    for i, word in zip(positions, name_words):
        words[i] = tokens[i][0] + word + tokens[i][2]
    return " ".join(words)


def _best_explaining(own, candidates: set, surfaces: set, explains=None):
    """Of the base forms a stem (or a whole name) has in the document, the one whose
    inflections cover most of its written forms; ``own`` wins a tie. A dictionary word
    already in its base form is not asked: a name in the nominative comes back unchanged
    ("Ирина Турова" beside "Максим Туров")."""
    explains = explains or _explains
    score = {form: sum(explains(form, surface) for surface in surfaces) for form in candidates | {own}}
    best = max(sorted(score), key=lambda form: score[form])
    return own if score[own] >= score[best] else best


def _explains_all(bases: tuple, surfaces: tuple) -> bool:
    return all(_explains(base, surface) for base, surface in zip(bases, surfaces))


def _explains(base: str, surface: str, endings_by_final: dict = _CASE_ENDINGS) -> bool:
    """True when ``surface`` is ``base`` or ``base`` with a singular case ending of its
    declension (consonant: Аннан-а/-у/-ом/-е; -а: Маэхар-ы/-е/-у/-ой; -я, -ь, -й alike)."""
    base = _word_key(base)
    if surface == base:
        return True
    return any(
        surface.startswith(base[: len(base) - len(final)]) and surface[len(base) - len(final):] in endings
        for final, endings in endings_by_final.items()
        if (base.endswith(final) if final else base[-1:] not in _NON_CONSONANT_FINALS)
    )


def _word_key(word: str) -> str:
    return word.lower().replace("ё", "е")


def _stem_key(word: str) -> str:
    """Forms of one surname in either gender share it: "Лужков"/"Лужкова", "Маэхар"/"Маэхара"."""
    return _word_key(word).rstrip("аяйь")


def _most_common(forms: Counter) -> str:
    """The form most mentions have; the first in alphabetical order on a tie."""
    return max(sorted(forms), key=forms.__getitem__)


# --- one unknown name word's forms across a corpus ------------------------------------


_STEM_ENDINGS = ("ой", "ей", "ом", "ем", "ою", "ею", "а", "я", "ы", "и", "е", "у", "ю", "ь", "й")


def _base_forms_of(word: str) -> set[str]:
    """Every singular nominative ``word`` may be a form of, by the endings of ``_NOUN_CASE_ENDINGS``: "невады" ->
    "невада"; "неваде" -> "невад", "невада", "невадь", "невадя"."""
    word = _word_key(word)
    forms = {word}
    for final, endings in _NOUN_CASE_ENDINGS.items():
        for ending in endings:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                forms.add(word[: len(word) - len(ending)] + final)
    return forms


def name_stem(word: str) -> str:
    """A word without its case ending, so that every form of one name meets: Невад-а/-ы/-е, Бенрат."""
    key = _word_key(word)
    ending = next((e for e in _STEM_ENDINGS if key.endswith(e) and len(key) - len(e) >= 3), "")
    return key[: len(key) - len(ending)]


def guessed_name_word(text: str, base_form: str) -> str | None:
    """The written word of a one-word Cyrillic name whose base form was a guess (the dictionary knows
    neither), without edge punctuation: a form the corpus may explain better; None otherwise."""
    words, bases = text.split(), base_form.split()
    if len(words) != 1 or len(bases) != 1:
        return None
    word, base = _split_edges(words[0])[1], _split_edges(bases[0])[1]
    if _is_fixed(word) or _is_known(word) or _is_known(base):
        return None
    return word


def best_explaining_form(forms: dict[tuple[str, str], int]) -> str | None:
    """Of one unknown name word's forms across a corpus ((written word, its base form) -> mentions), the
    base form whose singular inflections are the most mentions; then the one more mentions were given by
    themselves (pymorphy3's guess from the word's ending); then one the corpus writes as it is. One form
    alone cannot tell "Неваде" (Невада) from "Бенрате" (Бенрат); the corpus's other forms can: "Невады" is
    no form of "Невад", "Бенрат" none of "Бенрата". With only forms both declensions share ("Тусона",
    "Тусоне") the guesses decide: a corpus writing its -а form is no evidence of a nominative, since a
    masculine place's genitive is as common (on "Тусона"/"Тусоне", "Лахора"/"Лахоре", "Луизиана"/
    "Луизиане", "Саронада"/"Саронаде" and "Невада"/"Неваде" the guesses first gave 4 of 5 right, the
    written form first 3; the guesses miss "Невада", which pymorphy3 reads only as a genitive).
    None when no base form explains every written form (they are not one word's)."""
    written: Counter = Counter()
    given: Counter = Counter()
    spelled: dict[str, str] = {}
    for (word, base), count in sorted(forms.items()):
        written[_word_key(word)] += count
        given[_word_key(base)] += count
        spelled.setdefault(_word_key(base), base)
        spelled.setdefault(_word_key(word), word)

    def rank(form: str) -> tuple:
        return sum(count for word, count in written.items() if _explains(form, word, _NOUN_CASE_ENDINGS)), given[form], written[form]

    candidates = set(given) | {form for word in written for form in _base_forms_of(word)}
    best = max(sorted(candidates), key=rank, default=None)
    if best is None or not all(_explains(best, word, _NOUN_CASE_ENDINGS) for word in written):
        return None
    return spelled.get(best) or _spelled_like(best, spelled.values())


def _spelled_like(form: str, words) -> str:
    """A generated base form written like the corpus word it shares most letters with ("Луизиане" ->
    "Луизиана", "НЕВАДЕ" -> "НЕВАДА")."""
    like = max(sorted(words), key=lambda word: len(os.path.commonprefix([_word_key(word), form])))
    shared = len(os.path.commonprefix([_word_key(like), form]))
    return like[:shared] + (form[shared:].upper() if like.isupper() else form[shared:])
