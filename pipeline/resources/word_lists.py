"""Word lists the rules use, read from data files under models/ (reviewable in a diff, with sources)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.resources import data_path
from pipeline.resources.gazetteer import lookup_key

NON_ENTITY_NAMES = "non_entity_names.json"
OFFICE_WORDS = "office_words.txt"
FUNCTION_WORDS = "function_words.json"
NATIONAL_INSTITUTIONS = "national_institutions.json"
RUSSIAN_INSTITUTION_HEADS = "russian_institution_heads.txt"
LABEL_CUES = "label_cues.json"
GIVEN_NAME_VARIANTS = "given_name_variants.txt"
CHROME_CUES = "chrome_cues.json"


@dataclass(frozen=True)
class NonEntityNames:
    """`models/non_entity_names.json`: words that make a span no name of ours (see its _comment)."""

    head_nouns: frozenset[str]  # capitalised heads of treaties, surveys, plans...
    bare_nouns: frozenset[str]  # English institutional nouns and demonyms that alone are no name
    bare_nouns_ru: frozenset[str]  # the same for Russian, as lemmas
    event_nouns_ru: frozenset[str]  # Russian lemmas that make a span the name of an event
    interface_words: frozenset[str]  # page interface words and key names, as written: "Ctrl", "Обсуждение"
    diseases: frozenset[str]  # lower case: "covid-19", "ебола"
    products: frozenset[str]  # first words of product lines and technical standards, as written: "MacBook", "USB"


@lru_cache(maxsize=8)
def non_entity_names(path: str | None = None) -> NonEntityNames:
    data = json.loads(Path(path or data_path(NON_ENTITY_NAMES)).read_text(encoding="utf-8"))
    return NonEntityNames(
        head_nouns=frozenset(data["head_nouns"]),
        bare_nouns=frozenset(data["bare_nouns"] + data["demonyms"]),
        bare_nouns_ru=frozenset(data["bare_nouns_ru"]),
        event_nouns_ru=frozenset(data["event_nouns_ru"]),
        interface_words=frozenset(data["interface_words"]),
        diseases=frozenset(data["diseases"]),
        products=frozenset(data["products"]),
    )


@lru_cache(maxsize=8)
def office_words(path: str | None = None) -> frozenset[str]:
    """Lower-case words that make an organisation name an office of another ("UNICEF Office in ...")."""
    return _word_list(path or data_path(OFFICE_WORDS))


@lru_cache(maxsize=8)
def russian_institution_heads(path: str | None = None) -> frozenset[str]:
    """Lemmas of the head nouns of Russian organisation names ("суд", "министерство")."""
    return _word_list(path or data_path(RUSSIAN_INSTITUTION_HEADS))


def _word_list(path) -> frozenset[str]:
    """One lower-case word a line; blank lines and # comments skipped."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def chrome_cues() -> dict:
    """`models/chrome_cues.json` as written: the page chrome's cue words and patterns (read by the
    chrome stage) and the HTML classes of chrome (read by ingest before extraction)."""
    return json.loads(data_path(CHROME_CUES).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def function_words() -> dict[str, frozenset[str]]:
    """`models/function_words.json`: per language, lower-case function words (the language evidence)."""
    data = json.loads(data_path(FUNCTION_WORDS).read_text(encoding="utf-8"))
    return {lang: frozenset(words) for lang, words in data.items() if not lang.startswith("_")}


@dataclass(frozen=True)
class NationalInstitutions:
    """`models/national_institutions.json`: bodies every country has, and which gazetteer places are countries."""

    kinds: dict[str, str]  # lookup key of a generic name ("мид", "foreign ministry") -> kind ("foreign-affairs")
    countries: frozenset[str]  # gazetteer ids of countries
    capitals: dict[str, str]  # gazetteer id of a capital -> its country's


@lru_cache(maxsize=8)
def national_institutions(path: str | None = None) -> NationalInstitutions:
    data = json.loads(Path(path or data_path(NATIONAL_INSTITUTIONS)).read_text(encoding="utf-8"))
    kinds = {lookup_key(name): kind for kind, names in data["institutions"].items() for name in names}
    return NationalInstitutions(kinds, frozenset(data["countries"]), dict(data["capitals"]))


@dataclass(frozen=True)
class LabelCues:
    """`models/label_cues.json`: words around a name that tell its label (see its _comment)."""

    person_titles_en: frozenset[str]  # lower case, no final dot: "mr", "president"
    organisation_suffixes: frozenset[str]  # as written, no final dot: "Inc", "Group", "ООО"

    def is_person_title(self, word: str) -> bool:
        """An English title or honorific as written, with or without its final dot ("Mr.", "President")."""
        return word.lower().rstrip(".") in self.person_titles_en


@lru_cache(maxsize=8)
def label_cues(path: str | None = None) -> LabelCues:
    data = json.loads(Path(path or data_path(LABEL_CUES)).read_text(encoding="utf-8"))
    return LabelCues(
        frozenset(data["person_titles_en"]), frozenset(data["organisation_suffixes"])
    )


@lru_cache(maxsize=8)
def given_name_variants(path: str | None = None) -> dict[str, frozenset[str]]:
    """`models/given_name_variants.txt`: each English given name -> the names it is a variant of (itself,
    its short forms, the full names it is a short form of, and the other short forms of those)."""
    lines = Path(path or data_path(GIVEN_NAME_VARIANTS)).read_text(encoding="utf-8").splitlines()
    groups = [frozenset(line.lower().split()) for line in lines if line.strip() and not line.startswith("#")]
    variants: dict[str, frozenset[str]] = {}
    for group in groups:
        for name in group:
            variants[name] = variants.get(name, frozenset()) | group
    return variants
