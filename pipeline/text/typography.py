"""Typography shared by span boundaries, name cleaning and lookup keys: quotes, articles,
edge punctuation, abbreviations that keep their full stop."""

from __future__ import annotations

QUOTES = "\"'“”„«»‘’`"
OPENING_QUOTES = frozenset({'"', "«", "“", "„"})
LOWERCASE_ARTICLES = frozenset({"the", "a", "an"})
POSSESSIVES = frozenset({"'s", "’s", "'", "’"})
EDGE_PUNCTUATION = frozenset(QUOTES + "()[]{},;:!?.—–-•|/\\*")
"""Characters that are never the first or last character of a name."""

ABBREVIATIONS_BEFORE_DOT = frozenset({"г", "гг", "st", "jr", "inc", "ltd", "co"})
"""A trailing full stop after these belongs to the name: "2016 г.", "Co."."""
