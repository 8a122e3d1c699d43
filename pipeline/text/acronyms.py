"""What an acronym looks like, and how news text defines one: "Name (ACRONYM)".

Shared by the spaCy components (an acronym takes its name's label) and the linker (an
acronym becomes an alias of its name's entity), so both agree on what counts.
"""

from __future__ import annotations

import re

from pipeline.text.transliterate import romanize

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


NAME_FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "at", "to", "и", "по", "в", "во", "на", "для", "при", "с", "со", "о", "об"})
"""Words an acronym may leave out ("Организация по безопасности и сотрудничеству в Европе" -> "ОБСЕ")."""

MAX_SKIPPED_NAME_WORDS = 1
"""Other words of the name an acronym may leave out ("Министерство образования и науки Республики Казахстан (МОН РК)" uses all)."""

_WORD_PARTS = re.compile(r"[^\W\d_]+")


def acronym_fits(name: str, acronym: str) -> bool:
    """True when the acronym is built from the name's words, in either script: each letter run of the
    acronym is a prefix of a following word ("UNICEF", "BelTA" = Bel-T-A, "Газпром" style syllables),
    in order, leaving out only function words and at most one other word. A one-word name has no
    acronym, so "Almaty (ALA)" and other codes in brackets do not fit. Names the gazetteer lists
    with their acronym ("Детский фонд ООН" / "ЮНИСЕФ") are joined by the gazetteer, not by this."""
    words = _WORD_PARTS.findall(name)
    letters = "".join(_WORD_PARTS.findall(acronym))
    if len(words) < 2 or not letters:
        return False
    return any(
        _built_from(_fold(letters_form), [_fold(word) for word in words_form], MAX_SKIPPED_NAME_WORDS)
        for letters_form in (letters, romanize(letters))
        for words_form in (words, [romanize(word) for word in words])
    )


def _fold(text: str) -> str:
    return text.casefold().replace("ё", "е")


def _built_from(letters: str, words: list[str], skips_left: int) -> bool:
    """Whether `letters` is a concatenation of non-empty prefixes of `words` in order (skipping allowed)."""
    if not letters:
        return True
    if not words:
        return False
    word, rest = words[0], words[1:]
    for length in range(min(len(word), len(letters)), 0, -1):
        if word[:length] == letters[:length] and _built_from(letters[length:], rest, skips_left):
            return True
    if word in NAME_FUNCTION_WORDS:
        return _built_from(letters, rest, skips_left)
    return skips_left > 0 and _built_from(letters, rest, skips_left - 1)


def defines_acronym(text: str, name, acronym) -> bool:
    """'Name (ACRONYM)' where the bracketed token is an acronym of that name (not a code, a ticker...)."""
    return looks_like_acronym(acronym.text) and defined_in_brackets(text, name, acronym) and acronym_fits(name.text, acronym.text)
