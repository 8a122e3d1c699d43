"""Canonical entity keys and the ids derived from them.

A key is `gaz:<gazetteer id>` for a curated entry, else `LABEL:<cross-lingual match key>`;
the entity id is a hash of the key, never of row order, so it is stable across runs and corpora.
"""

from __future__ import annotations

import hashlib

from pipeline.text.acronyms import looks_like_acronym
from pipeline.text.scripts import script_counts
from pipeline.text.transliterate import match_key

GAZETTEER_PREFIX = "gaz:"
LOCAL_MARK = "#"
"""`<key>#<doc_id>`: a name that only its document can resolve ("Петрова" without a first name)."""


def entity_id_for(key: str) -> str:
    """Derived from the canonical key, never from row order: stable across runs and corpora."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


MAX_LETTER_BY_LETTER = 3
"""An acronym of at most this many letters is read letter by letter ("ИГ", "IG", "ГП"): spelt in the
other script it is another abbreviation, so its key keeps its script. Longer ones are often read as
words and written alike in both scripts ("НАТО", "ФИФА")."""


def name_key(label: str, normalized: str) -> str:
    """The key of a name the gazetteer does not know: its label and a romanised match key,
    so "Сагинтаев" and "Sagintayev" meet; a short Cyrillic acronym keeps its script ("ru:")."""
    short_acronym = looks_like_acronym(normalized) and sum(char.isalpha() for char in normalized) <= MAX_LETTER_BY_LETTER
    script = "ru:" if short_acronym and script_counts(normalized).majority == "ru" else ""
    return f"{label}:{script}{match_key(normalized)}"


def local_key(key: str, doc_id: str) -> str:
    """A key that stays in one document unless the corpus-wide reduce decides where it belongs."""
    return f"{key}{LOCAL_MARK}{doc_id}"


def is_local(key: str) -> bool:
    return LOCAL_MARK in key


def corpus_key(key: str) -> str:
    """The key without its document: what the same name elsewhere in the corpus has."""
    return key.split(LOCAL_MARK, 1)[0]
