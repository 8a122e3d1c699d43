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
