"""Look-alike letters of the other script inside a word, and invisible format characters.

Scraped Russian text sometimes has a Latin "M", "e" or "o" typed inside a Cyrillic word (and
English text the reverse); the model then cuts or misses the name ("Meдведев" came out as ORG
"Me"). `fold_lookalikes` writes such letters in the word's own script. It changes no length,
so the folded text can go to the model while every offset still indexes the original text.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.text.scripts import is_cyrillic

_PAIRS = "AА BВ CС EЕ HН KК MМ OО PР TТ XХ YУ aа cс eе oо pр xх yу"
LATIN_TO_CYRILLIC = {pair[0]: pair[1] for pair in _PAIRS.split()}
CYRILLIC_TO_LATIN = {cyrillic: latin for latin, cyrillic in LATIN_TO_CYRILLIC.items() if latin not in "Yy"} | {"у": "y"}

_LATIN, _CYRILLIC = "A-Za-z", "\u0400-\u04ff"
_MIXED_WORD = re.compile(rf"(?<![^\W\d_])[^\W\d_]*(?:[{_LATIN}][^\W\d_]*[{_CYRILLIC}]|[{_CYRILLIC}][^\W\d_]*[{_LATIN}])[^\W\d_]*")
"""A word with both Latin and Cyrillic letters: the only words a fold can change."""


def fold_lookalikes(text: str) -> str:
    """Each word mixing scripts gets the letters of its own script: the script of its letters that
    have no look-alike ("Meдведев" -> "Медведев", "Тоkаyev" -> "Tokayev"); same length as `text`."""
    return _MIXED_WORD.sub(_fold_word, text)


def _fold_word(match: re.Match) -> str:
    word = match.group()
    distinctive = [char for char in word if char not in LATIN_TO_CYRILLIC and char not in CYRILLIC_TO_LATIN]
    cyrillic = sum(is_cyrillic(char) for char in distinctive)
    latin = sum(char.isascii() for char in distinctive)
    if cyrillic and not latin:
        table = LATIN_TO_CYRILLIC
    elif latin and not cyrillic:
        table = CYRILLIC_TO_LATIN
    else:
        return word
    return "".join(table.get(char, char) for char in word)


def strip_format_characters(text: str) -> str:
    """Without zero-width spaces, soft hyphens, directional marks and other format (Cf) characters."""
    return "".join(char for char in text if unicodedata.category(char) != "Cf")
