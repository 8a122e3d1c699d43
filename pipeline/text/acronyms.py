"""What an acronym looks like, and how news text defines one: "Name (ACRONYM)".

Shared by the spaCy components (an acronym takes its name's label) and the linker (an
acronym becomes an alias of its name's entity), so both agree on what counts.
"""

from __future__ import annotations

MAX_ACRONYM_WORDS = 3  # "МОН РК", "UN DESA"; longer is a name, not an abbreviation


def looks_like_acronym(text: str) -> bool:
    """Two or more letters, all capitals but at most one ("ЮНИСЕФ", "МОН РК", "BelTA")."""
    letters = [c for c in text if c.isalpha()]
    n_upper = sum(c.isupper() for c in letters)
    return len(letters) >= 2 and n_upper >= max(2, len(letters) - 1) and len(text.split()) <= MAX_ACRONYM_WORDS


def defined_in_brackets(text: str, name, acronym) -> bool:
    """True when the text reads '<name> (<acronym>)'. `name` and `acronym` are anything with
    character offsets `start_char`/`end_char`: spaCy spans and mention records alike."""
    between = text[name.end_char : acronym.start_char]
    return between.strip() == "(" and text[acronym.end_char : acronym.end_char + 1] == ")"
