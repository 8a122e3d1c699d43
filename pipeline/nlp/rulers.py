"""Rule-based entity components: the gazetteer ruler, date patterns, and the non-entity-name filter.

* `gazetteer_patterns(lang)` turns `models/gazetteer.jsonl` into spaCy EntityRuler phrase
  patterns (the names come from the data file, never from code). Matching is on ORTH, so an
  acronym ("WHO", "UN") only matches as written and a lowercase common word never matches.
  Variants are added: the name with a curly apostrophe (’) for a straight one, a leading capital for a name written lowercase ("al-Farabi ..." at
  a sentence start), and the ALL-CAPS form of a mixed-case name, for datelines and
  bylines ("ASTANA –", "KAZINFORM"): those only match tokens that are all capitals.
  A surface claimed by entries of two labels (a city and a company) is ambiguous and left
  to the statistical model.
* `date_patterns()` are token patterns for the dates the statistical model cuts or misses:
  "25 October, 2018", "13 July, 2020", "December 11, 1946", "August 2004", "2016–2020",
  "this year", "next autumn".
* `non_entity_names` drops ORG/PER/LOC spans that name things outside our label set
  (treaties, laws, surveys, plans, goals, conferences: guideline 1.7) or are a bare
  institutional common noun ("the Government": guideline 1.5) or a demonym ("Kazakh":
  guideline 1.8), and, in English text, names in Cyrillic the English model cannot read. The
  word lists are data: `models/non_entity_names.json`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline import dates
from pipeline.acronyms import defined_in_brackets
from pipeline.gazetteer import default_gazetteer
from pipeline.nlp.extensions import set_entities
from pipeline.scripts import script_counts

NON_ENTITY_NAMES_PATH = Path(__file__).resolve().parents[2] / "models" / "non_entity_names.json"

# Gazetteer label -> the label the language's statistical model uses, so the ruler's spans and
# the model's spans vote together in `document_names` (ner.SCHEMA_LABELS maps both back).
MODEL_LABELS = {
    "en": {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE"},
    "ru": {"PER": "PER", "ORG": "ORG", "LOC": "LOC"},
}

MIN_UPPERCASE_VARIANT_LETTERS = 4
"""'OSH' from 'Osh' would also be an acronym; only names of 4+ letters get an ALL-CAPS variant."""


def gazetteer_patterns(lang: str) -> list[dict]:
    """EntityRuler phrase patterns for every unambiguous gazetteer name in `lang`."""
    labels = MODEL_LABELS[lang]
    by_surface: dict[str, set[tuple[str, str]]] = {}
    for surface, label, entity_id in default_gazetteer().surface_forms(lang):
        by_surface.setdefault(surface, set()).add((label, entity_id))
    forms: dict[str, tuple[str, str]] = {}
    for surface, owners in by_surface.items():
        if len({label for label, _ in owners}) != 1:
            continue  # ambiguous between labels: let the model decide from context
        label, entity_id = sorted(owners)[0]
        for variant in _variants(surface):
            forms.setdefault(variant, (label, entity_id))
    return [
        {"label": labels[label], "pattern": surface, "id": entity_id}
        for surface, (label, entity_id) in sorted(forms.items())
    ]


def _variants(surface: str) -> list[str]:
    variants = [surface]
    if "'" in surface:
        variants.append(surface.replace("'", "’"))  # news text mostly prints a curly apostrophe
    if surface[0].islower():
        variants.append(surface[0].upper() + surface[1:])
    letters = [c for c in surface if c.isalpha()]
    if any(c.islower() for c in letters) and len(letters) >= MIN_UPPERCASE_VARIANT_LETTERS:
        variants.append(surface.upper())
    return variants


# The date vocabulary is `pipeline.dates`' own, so every span the ruler tags is one it can value.
MONTHS = [*dates.MONTHS["en"], *(month[:3] for month in dates.MONTHS["en"] if len(month) > 3), "sept"]
RELATIVE_WORDS = ["this", "next", "last"]  # a subset of dates.RELATIVE_OFFSETS: "past year" is usually a duration
RELATIVE_PERIODS = [*dates.RELATIVE_UNITS["en"], *dates.SEASONS["en"]]
_DAY = {"TEXT": {"REGEX": r"^(0?[1-9]|[12][0-9]|3[01])$"}}
_YEAR = {"TEXT": {"REGEX": r"^(1[89]|20)[0-9]{2}$"}}
_MONTH = {"LOWER": {"IN": MONTHS}, "IS_TITLE": True}
_COMMA = {"ORTH": ",", "OP": "?"}
_DASH = {"ORTH": {"IN": ["-", "–", "—"]}}


DATE_PATTERN_ID = "date"


def date_patterns() -> list[dict]:
    """DATE token patterns; the longest match wins, so '25 October, 2018' beats 'October, 2018'."""
    patterns = [
        [_DAY, _MONTH, _COMMA, _YEAR],  # 25 October, 2018 / 13 July 2020
        [_MONTH, _DAY, _COMMA, _YEAR],  # December 11, 1946
        [_MONTH, _COMMA, _YEAR],  # August 2004 / October, 2018
        [{"TEXT": {"REGEX": r"^(1[89]|20)[0-9]{2}[-–—](1[89]|20)[0-9]{2}$"}}],  # 2016–2020 (one token)
        [_YEAR, _DASH, _YEAR],  # 2016 - 2020
        [{"LOWER": {"IN": RELATIVE_WORDS}}, {"LOWER": {"IN": RELATIVE_PERIODS}}],  # This year, next autumn
    ]
    return [{"label": "DATE", "pattern": pattern, "id": DATE_PATTERN_ID} for pattern in patterns]


@Language.component("ruler_source")
def ruler_source(doc: Doc) -> Doc:
    """Credit the ruler's spans (they carry a gazetteer id or the id 'date') in `mentions.source`."""
    for entity in doc.ents:
        if entity.ent_id_ and entity._.source is None:
            entity._.source = "date_patterns" if entity.ent_id_ == DATE_PATTERN_ID else "gazetteer_ruler"
    return doc


@lru_cache(maxsize=1)
def _non_entity_data() -> dict:
    return json.loads(NON_ENTITY_NAMES_PATH.read_text(encoding="utf-8"))


def _non_entity_names() -> tuple[frozenset[str], frozenset[str]]:
    """Head nouns of non-entity names, and words that alone are no name (bare nouns, demonyms)."""
    data = _non_entity_data()
    return frozenset(data["head_nouns"]), frozenset(data["bare_nouns"] + data["demonyms"])


def russian_bare_nouns() -> frozenset[str]:
    """Lemmas of Russian institutional common nouns that alone are no name ("Парламентом")."""
    return frozenset(_non_entity_data()["bare_nouns_ru"])


FILTERED_LABELS = {"ORG", "PERSON", "PER", "GPE", "LOC", "NORP"}


@Language.component("non_entity_names")
def non_entity_names(doc: Doc) -> Doc:
    """Drop names of treaties, surveys, plans... and bare institutional nouns; also the acronym
    given in brackets right after a dropped name ("Convention ... (CRC)"), everywhere in the doc."""
    head_nouns, bare_nouns = _non_entity_names()
    dropped_acronyms: set[str] = set()
    kept: list[Span] = []
    entities = list(doc.ents)
    for i, entity in enumerate(entities):
        if doc.lang_ == "en" and _is_mostly_cyrillic(entity.text):
            continue  # the English model cannot read Cyrillic; whole Russian paragraphs go to the Russian one
        if entity.label_ in FILTERED_LABELS and not entity.ent_id_ and _is_non_entity(entity, head_nouns, bare_nouns):
            following = entities[i + 1] if i + 1 < len(entities) else None
            if following is not None and defined_in_brackets(doc.text, entity, following):
                dropped_acronyms.add(following.text)
            continue
        if _is_acronym_of_non_entity(entity, head_nouns):
            dropped_acronyms.add(entity.text)
            continue
        kept.append(entity)
    kept = [entity for entity in kept if entity.ent_id_ or entity.text not in dropped_acronyms]
    return set_entities(doc, kept)


def _is_mostly_cyrillic(text: str) -> bool:
    return script_counts(text).majority == "ru"


def _is_non_entity(entity: Span, head_nouns: frozenset[str], bare_nouns: frozenset[str]) -> bool:
    if len(entity) == 1 and entity[0].text in bare_nouns:
        return True
    root = entity.root
    if root.text in head_nouns and root.is_title:
        return True
    # The parser sometimes makes a modifier the root of a bad span ("Cluster Survey"):
    # a span ending in a head noun names the same kind of thing.
    return entity[-1].text in head_nouns and entity[-1].is_title and len(entity) > 1


NAME_FUNCTION_WORDS = {"of", "the", "on", "for", "and", "in", "'s", "’s", "-"}
NAME_PREPOSITIONS = {"of", "on", "for", "in"}


def _is_acronym_of_non_entity(entity: Span, head_nouns: frozenset[str]) -> bool:
    """'Convention on the Rights of the Child (CRC)', 'Cluster Survey (MICS)' when the model
    left the name itself untagged: the bracketed acronym of a treaty/survey name is no entity."""
    doc = entity.doc
    if entity.ent_id_ or len(entity) != 1 or not entity.text.isupper():
        return False
    if entity.start < 2 or doc[entity.start - 1].text != "(" or entity.end >= len(doc) or doc[entity.end].text != ")":
        return False
    name = []
    i = entity.start - 2
    while i >= 0 and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in NAME_FUNCTION_WORDS) and not doc[i].is_sent_end:
        name.insert(0, doc[i])
        i -= 1
    while name and not name[0].is_title:
        name.pop(0)
    if not name:
        return False
    if name[-1].text in head_nouns:
        return True  # compound: "Multi-Indicator Cluster Survey"
    first_head = next((k for k, token in enumerate(name) if token.text in head_nouns), None)
    return first_head is not None and first_head + 1 < len(name) and name[first_head + 1].lower_ in NAME_PREPOSITIONS
