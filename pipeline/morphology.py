"""One shared pymorphy3 analyzer: loading the Russian dictionaries takes ~0.5 s and 15 MB."""

from functools import lru_cache

import pymorphy3


@lru_cache(maxsize=1)
def morph_analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def can_be_genitive(word: str) -> bool:
    """True when some dictionary reading of the word is in the genitive case."""
    return any(parse.tag.case in ("gent", "gen2") for parse in morph_analyzer().parse(word))


PROPER_NAME_TAGS = {"Geox", "Orgn", "Name", "Surn", "Patr", "Abbr"}


@lru_cache(maxsize=65536)
def is_common_noun(word: str) -> bool:
    """'Комитета', 'Министерство' (a body named by what it is), not 'ЮНИСЕФ' or 'Газпром'."""
    parse = morph_analyzer().parse(word)[0]
    known = morph_analyzer().word_is_known(word.lower())
    return known and parse.tag.POS == "NOUN" and not (PROPER_NAME_TAGS & parse.tag.grammemes) and not word.isupper()


@lru_cache(maxsize=4096)
def genitive(name: str) -> str:
    """The genitive of a one-word Russian place name ("Казахстан" -> "Казахстана"); other input unchanged."""
    if " " in name:
        return name
    parse = next((p for p in morph_analyzer().parse(name) if "Geox" in p.tag), None)
    inflected = parse.inflect({"gent"}) if parse else None
    if inflected is None:
        return name
    word = inflected.word
    return word[:1].upper() + word[1:] if name[:1].isupper() else word
