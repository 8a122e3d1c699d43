"""What a person's name says about who it can be: surname, first name or initial, patronymic, gender.

Used by the corpus-wide reduce to link "Петрова", "А. Петрова" and "Анна Петрова" to the corpus's
"Анна Ивановна Петрова" (`pipeline.link.corpus`). Names are compared through keys that meet
across scripts: the BGN/PCGN match key (Петрова = Petrova) and, for English names written in
Russian, the transcription skeleton (Уильямс = Williams).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from pipeline.resources.word_lists import given_name_variants
from pipeline.text.morphology import morph_analyzer
from pipeline.text.scripts import script_counts
from pipeline.text.transcription import skeleton, within_one_weak_edit
from pipeline.text.transliterate import match_key

SURNAME, INITIAL_SURNAME, FIRST_SURNAME, FULL_RUSSIAN = 1, 2, 3, 4
"""How much of a person a name gives, least first: "Петрова", "А. Петрова", "Анна Петрова",
"Анна Ивановна Петрова"."""

_INITIAL = re.compile(r"^[^\W\d_]\.$")
_PATRONYMIC = re.compile(r"(?:ович|евич|ьич|овна|евна|ична|инична)$")
_FEMININE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ская|цкая|ая)$")
_MASCULINE_SURNAME = re.compile(r"(?:ов|ев|ёв|ин|ын|ский|цкий|ой|ый|ий)$")
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class PersonName:
    surname_keys: frozenset[str]  # match key, and the transcription skeleton when long enough to trust
    first_keys: frozenset[str]  # keys of the first name (empty when the name has none)
    initial: str | None  # match key of the first initial ("a" for "А.", "yu" for "Ю.")
    fullness: int
    gender: str | None  # "masc" / "femn" when the Russian name marks it
    first_name: str | None = None  # the first name as written


SOUND_MARK = "~"
"""Marks a transcription-skeleton key among a name's keys (the others are match keys)."""
MIN_SURNAME_SKELETON = 4
"""Shorter name skeletons ("lV" for both Lee and Лю) are too common to link on."""

MIN_BARE_SKELETON = 5
"""A bare surname with no first name or initial to agree links to a name in the other script by its
sound only when its skeleton is at least this long: four symbols are shared by too many names of
two scripts (Wallace, Alice and the Russian first name Олесь are all "VlVs"); "Уильямс" = Williams
("VlVms") still links. Same-script links go by the match key and are not affected."""


@lru_cache(maxsize=65536)
def parse_person(name: str) -> PersonName | None:
    """The parts of a person's name; None for what does not look like one (too many words, no surname).
    Cached: each document's linking and the corpus-wide reduce ask for the same names again."""
    words = name.replace(".", ". ").split()
    if not words or len(words) > MAX_NAME_WORDS:
        return None
    initials = [w for w in words if _INITIAL.match(w)]
    rest = [w for w in words if not _INITIAL.match(w)]
    patronymics = [w for w in rest[1:] if _is_patronymic(w)]
    plain = [w for w in rest if w not in patronymics]
    if not plain:
        return None
    if len(plain) > 2 and not patronymics:
        plain = [plain[0], plain[-1]]  # middle names: "George Walker Bush" is George Bush
    if patronymics and rest[-1] == patronymics[-1] and len(plain) >= 2:
        surname, first = plain[0], plain[1]  # "Петрова Анна Ивановна"
    else:
        surname, first = plain[-1], plain[0] if len(plain) >= 2 else None
    if first is not None:
        fullness = FULL_RUSSIAN if patronymics else FIRST_SURNAME
    else:
        fullness = INITIAL_SURNAME if initials else SURNAME
    return PersonName(
        surname_keys=sound_keys(surname),
        first_keys=sound_keys(first) if first else frozenset(),
        initial=match_key(initials[0][0]) if initials and first is None else None,
        fullness=fullness,
        gender=_gender(surname, first, patronymics),
        first_name=first,
    )


def sound_keys(word: str) -> frozenset[str]:
    """A name word's BGN/PCGN match key and, when long enough to trust, its transcription skeleton."""
    keys = {match_key(word)}
    sound = skeleton(word)
    if len(sound) >= MIN_SURNAME_SKELETON:
        keys.add(SOUND_MARK + sound)
    return frozenset(keys)


def can_be(short: PersonName, full: PersonName) -> bool:
    """True when `full` names more of a person `short` may be: same surname, agreeing first name or
    initial, no gender conflict."""
    shared = short.surname_keys & full.surname_keys
    if full.fullness <= short.fullness or not shared or not full.first_keys:
        return False
    if short.fullness == SURNAME and not any(_is_trusted_alone(key) for key in shared):
        return False
    if short.first_keys and not short.first_keys & full.first_keys:
        return False
    if short.initial is not None and not any(key.startswith(short.initial) for key in full.first_keys):
        return False
    return short.gender is None or full.gender is None or short.gender == full.gender


def are_variant_names(a: PersonName, b: PersonName) -> bool:
    """Two full names of one person by two forms of the given name: one surname, no gender conflict, and
    first names that differ but are variants of one name ("Joe"/"Joseph", "Bill"/"William",
    `models/given_name_variants.txt`), a Russian first name read as the English names of its sound
    ("Джо", "Эл", "Уильям"; `transcription.skeleton`)."""
    if min(a.fullness, b.fullness) < FIRST_SURNAME or not a.surname_keys & b.surname_keys or a.first_keys & b.first_keys:
        return False
    if a.gender is not None and b.gender is not None and a.gender != b.gender:
        return False
    variants = given_name_variants()
    return any(y in variants.get(x, ()) for x in _english_given_names(a.first_name) for y in _english_given_names(b.first_name))


MIN_LOOSE_GIVEN_NAME = 4
"""A Russian first name's skeleton of at least this many symbols may also meet an English name's within one
weak symbol ("Эдвард" / Edward, "Джеймс" / James); shorter ones must be equal ("Эл" is Al, not Ali)."""


@lru_cache(maxsize=65536)
def _english_given_names(word: str) -> frozenset[str]:
    """The names of `given_name_variants` a first name may be: itself in lower case, or for a Cyrillic one
    those of its sound."""
    if script_counts(word).majority != "ru":
        return frozenset({word.lower()})
    sound = skeleton(word)
    return frozenset(
        name for name, other in _given_name_skeletons().items()
        if other == sound or (len(sound) >= MIN_LOOSE_GIVEN_NAME and within_one_weak_edit(sound, other))
    )


@lru_cache(maxsize=1)
def _given_name_skeletons() -> dict[str, str]:
    return {name: skeleton(name) for name in given_name_variants()}


def _is_trusted_alone(key: str) -> bool:
    return not key.startswith(SOUND_MARK) or len(key) - len(SOUND_MARK) >= MIN_BARE_SKELETON


def _is_patronymic(word: str) -> bool:
    return script_counts(word).majority == "ru" and len(word) > 5 and _PATRONYMIC.search(word.lower()) is not None


def _gender(surname: str, first: str | None, patronymics: list[str]) -> str | None:
    """From a Russian patronymic, else a Russian first name, else a gendered Russian surname ending."""
    if patronymics:
        return "femn" if patronymics[0].lower().endswith("на") else "masc"
    if first is not None and script_counts(first).majority == "ru":
        gender = _first_name_gender(first)
        if gender:
            return gender
    if script_counts(surname).majority != "ru":
        return None
    lower = surname.lower()
    if _FEMININE_SURNAME.search(lower):
        return "femn"
    return "masc" if _MASCULINE_SURNAME.search(lower) else None


@lru_cache(maxsize=65536)
def _first_name_gender(word: str) -> str | None:
    for parse in morph_analyzer().parse(word):
        if "Name" in parse.tag and parse.tag.gender in ("masc", "femn"):
            return parse.tag.gender
    return None


def display_name(names: Counter) -> str | None:
    """The form that names a person in the entities table, from the forms its mentions used: a full
    name (first name and surname) before initials and surname before a bare surname or first name,
    so "Trump" x 18 and "Donald Trump" x 2 show as "Donald Trump"; among full names one without a
    Russian patronymic first ("Анна Петрова" before "Анна Ивановна Петрова": how news and the
    English name write her), then the most frequent, the longer, the alphabetically first."""
    if not names:
        return None
    return min(names.items(), key=lambda item: _display_rank(*item))[0]


def _display_rank(name: str, count: int) -> tuple:
    person = parse_person(name)
    fullness = 0 if person is None else min(person.fullness, FIRST_SURNAME)
    with_patronymic = person is not None and person.fullness == FULL_RUSSIAN
    return -fullness, with_patronymic, -count, -len(name), name


def without_patronymic(name: str) -> str:
    """'Анна Ивановна Петрова' -> 'Анна Петрова': how the name is written in English news."""
    words = name.split()
    return " ".join(word for i, word in enumerate(words) if i == 0 or not _is_patronymic(word))
