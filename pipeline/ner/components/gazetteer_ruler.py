"""The `gazetteer_ruler` component: spaCy's EntityRuler with gazetteer names and date patterns.

* `gazetteer_patterns(gazetteer, lang)` turns `models/gazetteer.jsonl` into spaCy EntityRuler phrase
  patterns (the names come from the data file, never from code). Matching is on ORTH, so an
  acronym ("WHO", "UN") only matches as written and a lowercase common word never matches.
  Variants are added: the name with a curly apostrophe (’) for a straight one, a leading capital for a name written lowercase ("al-Farabi ..." at
  a sentence start), and the ALL-CAPS form of a mixed-case name, for datelines and
  bylines ("ASTANA –", "KAZINFORM"): those only match tokens that are all capitals.
  A surface claimed by entries of two labels (a city and a company) is ambiguous and left
  to the statistical model.
* `date_patterns()` are token patterns for the dates the statistical model cuts or misses:
  "25 October, 2018", "13 July, 2020", "December 11, 1946", "August 2004", "19 May", "May 19",
  "2019-04-13", "2016–2020", "this year", "next autumn".
* The patterns are built with the tokenizer alone (matching is on ORTH), never by running the
  statistical pipeline over thousands of names at every start.
* `ruler_source` credits the ruler's spans in `mentions.source` and records the gazetteer id
  they matched (`Span._.gazetteer_id`), which travels on to linking.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span

from pipeline.labels import DATE, MODEL_LABELS, MODEL_PLACE_LABELS
from pipeline.resources.gazetteer import Gazetteer, load_gazetteer
from pipeline.resources.word_lists import label_cues
from pipeline.text import dates

MIN_UPPERCASE_VARIANT_LETTERS = 4
"""'OSH' from 'Osh' would also be an acronym; only names of 4+ letters get an ALL-CAPS variant."""


def gazetteer_patterns(gazetteer: Gazetteer, lang: str) -> list[dict]:
    """EntityRuler phrase patterns for every unambiguous gazetteer name in `lang`."""
    labels = MODEL_LABELS[lang]
    by_surface: dict[str, set[tuple[str, str]]] = {}
    for surface, label, entity_id in gazetteer.surface_forms(lang):
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


# The date vocabulary is `pipeline.text.dates`' own, so every span the ruler tags is one it can value.
MONTHS = [*dates.MONTHS["en"], *(month[:3] for month in dates.MONTHS["en"] if len(month) > 3), "sept"]
RELATIVE_WORDS = ["this", "next", "last"]  # a subset of dates.RELATIVE_OFFSETS: "past year" is usually a duration
RELATIVE_PERIODS = [*dates.RELATIVE_UNITS["en"], *dates.SEASONS["en"]]
_DAY = {"TEXT": {"REGEX": r"^(0?[1-9]|[12][0-9]|3[01])$"}}
_YEAR = {"TEXT": {"REGEX": r"^(1[89]|20)[0-9]{2}$"}}
_MONTH = {"LOWER": {"IN": MONTHS}, "IS_TITLE": True}
_COMMA = {"ORTH": ",", "OP": "?"}
_DASH = {"ORTH": {"IN": ["-", "–", "—"]}}
_ISO_DATE = [  # five tokens written together: the tokenizer splits a hyphen between digits
    {"TEXT": {"REGEX": r"^(1[89]|20)[0-9]{2}$"}, "SPACY": False},
    {"ORTH": "-", "SPACY": False},
    {"TEXT": {"REGEX": r"^(0[1-9]|1[0-2])$"}, "SPACY": False},
    {"ORTH": "-", "SPACY": False},
    {"TEXT": {"REGEX": r"^(0[1-9]|[12][0-9]|3[01])$"}},
]


DATE_PATTERN_ID = "date"


def date_patterns() -> list[dict]:
    """DATE token patterns; the longest match wins, so '25 October, 2018' beats 'October, 2018'."""
    patterns = [
        [_DAY, _MONTH, _COMMA, _YEAR],  # 25 October, 2018 / 13 July 2020
        [_MONTH, _DAY, _COMMA, _YEAR],  # December 11, 1946
        [_MONTH, _COMMA, _YEAR],  # August 2004 / October, 2018
        [_DAY, _MONTH],  # 19 May (a dateline)
        [_MONTH, _DAY],  # May 19
        _ISO_DATE,  # 2019-04-13
        [{"TEXT": {"REGEX": r"^(1[89]|20)[0-9]{2}[-–—](1[89]|20)[0-9]{2}$"}}],  # 2016–2020 (one token)
        [_YEAR, _DASH, _YEAR],  # 2016 - 2020
        [{"LOWER": {"IN": RELATIVE_WORDS}}, {"LOWER": {"IN": RELATIVE_PERIODS}}],  # This year, next autumn
    ]
    return [{"label": DATE, "pattern": pattern, "id": DATE_PATTERN_ID} for pattern in patterns]


class GazetteerRuler(EntityRuler):
    """spaCy's EntityRuler, except that a place name lying inside a longer name the model found,
    written in capitalised words (joined by "of", "the", "on", "for", "under"), does not cut it:
    "Bangladesh" stays inside "Bangladesh Army", "Jersey" inside "New Jersey", "Jordan" inside
    "Michael Jordan", "America" inside "Bank of America"; nor is a place name one right after a
    capitalised person title ("Captain America", "General Jordan", `models/label_cues.json`): it
    is left to the model; nor is a date one that starts inside such a name ("Theresa May 10 years
    ago"). A match of the same
    span or a longer one still wins, and so does one inside a run-on span ("Petropavlovsk,
    Aktobe", "Violence against Children in ... Kazakhstan")."""

    def match(self, doc: Doc):
        names = [entity for entity in doc.ents if _is_capitalised_name(entity)]
        return [
            (match_id, start, end)
            for match_id, start, end in super().match(doc)
            if not (self._label_of(match_id) in MODEL_PLACE_LABELS and (_inside_longer(start, end, names) or _after_person_title(doc, start)))
            and not (self._label_of(match_id) == DATE and _starts_inside(start, names))
        ]

    def _label_of(self, match_id: int) -> str:
        """Every pattern of ours has an id, so the match id names (label, id); a bare label otherwise."""
        return self._ent_ids[match_id][0] if match_id in self._ent_ids else self.nlp.vocab.strings[match_id]


NAME_JOINERS = frozenset({"of", "the", "on", "for", "under"})
"""Lowercase words inside one capitalised name ("Bank of America", "Isle of Man"); not "and" or
"in", which join two names or a name and its place ("Kazakhstan and Uzbekistan")."""


def _is_capitalised_name(entity: Span) -> bool:
    return (entity[0].is_title or entity[0].is_upper) and all(
        token.is_title or token.is_upper or token.lower_ in NAME_JOINERS for token in entity[1:-1]
    ) and (entity[-1].is_title or entity[-1].is_upper)


def _after_person_title(doc: Doc, start: int) -> bool:
    title = doc[start - 1] if start > 0 else None
    return title is not None and title.is_title and label_cues().is_person_title(title.text)


def _starts_inside(start: int, entities: list[Span]) -> bool:
    """A date pattern that would take a model name's last word ("Theresa May 10 years ago")."""
    return any(e.start < start < e.end for e in entities)


def _inside_longer(start: int, end: int, entities: list[Span]) -> bool:
    return any(e.start <= start and end <= e.end and e.end - e.start > end - start for e in entities)


@Language.factory(
    "gazetteer_ruler",
    default_config={"gazetteer": None, "dates": True, "overwrite_ents": True},
)
def make_gazetteer_ruler(nlp: Language, name: str, gazetteer: str | None, dates: bool, overwrite_ents: bool) -> GazetteerRuler:
    """An EntityRuler holding the names of `gazetteer` (a JSONL file; None = `models/gazetteer.jsonl`)
    and, with `dates`, the date patterns. It overwrites overlapping model spans: a curated name or a
    whole date beats the model's guess."""
    ruler = GazetteerRuler(nlp, name, overwrite_ents=overwrite_ents)
    patterns = gazetteer_patterns(load_gazetteer(gazetteer), nlp.lang) + (date_patterns() if dates else [])
    with nlp.select_pipes(enable=[]):  # phrase patterns need the tokenizer only (ORTH matching)
        ruler.add_patterns(patterns)
    return ruler


@Language.component("ruler_source")
def ruler_source(doc: Doc) -> Doc:
    """Credit the ruler's spans (they carry a gazetteer id or the id 'date') in `mentions.source`,
    and keep the gazetteer id they matched for linking."""
    for entity in doc.ents:
        if entity.ent_id_ and entity._.source is None:
            is_date = entity.ent_id_ == DATE_PATTERN_ID
            entity._.source = "date_patterns" if is_date else "gazetteer_ruler"
            entity._.gazetteer_id = None if is_date else entity.ent_id_
    return doc


