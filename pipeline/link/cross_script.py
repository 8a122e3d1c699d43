"""Names of one label linked across scripts without the gazetteer, through `transcription.skeleton`.

"Jacinda Ardern" and "Джасинда Ардерн" share a skeleton; so may two different people, which is
why a pair is linked only when the match is unique both ways: the Russian name has one English
candidate and that English name has no other Russian one. An exact skeleton match is tried
first; a name still alone may then match a long enough skeleton that differs in one weak symbol
("Washington" / "Вашингтон": English w is a glide, Russian в a consonant; "Brazil" / "Бразилия").
"""

from __future__ import annotations

from collections import defaultdict

from pipeline.labels import PER
from pipeline.link.people import FIRST_SURNAME, parse_person
from pipeline.text.acronyms import looks_like_acronym
from pipeline.text.transcription import skeleton, within_one_weak_edit

MIN_FUZZY_SKELETON = 7
"""Shortest skeleton (in symbols) allowed to match with one weak edit; shorter ones must be equal."""


def may_link_by_sound(name: str, label: str) -> bool:
    """Whether a sound match is evidence enough for this name. Not for a person named by one word
    or initials (a surname alone, a first name: "Олеся" sounds like "Wallace"; partial names link
    through a full name, `corpus._link_partial_person_names`), nor for an acronym, whose letters
    are no sounds ("IG" and "ИГ" are two unrelated abbreviations)."""
    if looks_like_acronym(name):
        return False
    person = parse_person(name) if label == PER else None
    return label != PER or (person is not None and person.fullness >= FIRST_SURNAME)


def unique_matches(russian: dict[str, str], english: dict[str, str]) -> list[tuple[str, str]]:
    """(Russian key, English key) pairs whose names match uniquely; inputs map a key to its name."""
    ru_skeletons = {key: skeleton(name) for key, name in russian.items()}
    en_skeletons = {key: skeleton(name) for key, name in english.items()}
    pairs = _unique(ru_skeletons, en_skeletons, lambda s: [s], lambda a, b: a == b)
    matched_ru, matched_en = {ru for ru, _ in pairs}, {en for _, en in pairs}
    rest_ru = {k: s for k, s in ru_skeletons.items() if k not in matched_ru and len(s) >= MIN_FUZZY_SKELETON}
    rest_en = {k: s for k, s in en_skeletons.items() if k not in matched_en and len(s) >= MIN_FUZZY_SKELETON}
    return sorted(pairs + _unique(rest_ru, rest_en, _one_deletion_variants, within_one_weak_edit))


def _unique(left: dict[str, str], right: dict[str, str], blocks, same) -> list[tuple[str, str]]:
    """Pairs (l, r) where r is l's only candidate and l is r's only one; `blocks` gives the index keys
    a skeleton is filed under, `same` confirms a candidate."""
    index: dict[str, set[str]] = defaultdict(set)
    for key, value in right.items():
        for block in blocks(value):
            index[block].add(key)
    candidates: dict[str, set[str]] = {}
    claimed: dict[str, set[str]] = defaultdict(set)
    for key, value in left.items():
        found = {r for block in blocks(value) for r in index.get(block, ()) if same(value, right[r])}
        candidates[key] = found
        for r in found:
            claimed[r].add(key)
    return [(l, next(iter(found))) for l, found in candidates.items() if len(found) == 1 and len(claimed[next(iter(found))]) == 1]


def _one_deletion_variants(value: str) -> list[str]:
    """The value and every string one symbol shorter: two skeletons within one edit share one of these."""
    return [value] + [value[:i] + value[i + 1 :] for i in range(len(value))]
