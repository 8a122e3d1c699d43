"""Canonical entity keys and the ids derived from them.

A key is `gaz:<gazetteer id>` for a curated entry, else `LABEL:<cross-lingual match key>`;
the entity id is a hash of the key, never of row order, so it is stable across runs and corpora.
"""

from __future__ import annotations

import hashlib

from pipeline.text.transliterate import match_key

GAZETTEER_PREFIX = "gaz:"


def entity_id_for(key: str) -> str:
    """Derived from the canonical key, never from row order: stable across runs and corpora."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def name_key(label: str, normalized: str) -> str:
    """The key of a name the gazetteer does not know: its label and a romanised match key,
    so "Сагинтаев" and "Sagintayev" meet."""
    return f"{label}:{match_key(normalized)}"
