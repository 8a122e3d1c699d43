"""Russian morphology on one shared pymorphy3 analyzer (loading its dictionaries takes ~0.5 s and 15 MB),
and the one helper that inflects a word and keeps its spelling."""

from functools import lru_cache

import pymorphy3


@lru_cache(maxsize=1)
def morph_analyzer() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=65536)
def can_be_genitive(word: str) -> bool:
    """True when some dictionary reading of the word is in the genitive case."""
    return any(parse.tag.case in ("gent", "gen2") for parse in morph_analyzer().parse(word))


@lru_cache(maxsize=65536)
def word_parses(word: str) -> tuple:
    """All pymorphy3 parses of a word, likeliest first (cached: rules ask for the same words a lot)."""
    return tuple(morph_analyzer().parse(word))


def word_lemma(word: str) -> str:
    """The likeliest dictionary form, lower-cased ("Голоса" -> "голос"); punctuation as written."""
    return word_parses(word)[0].normal_form


_CASE_VARIANTS = {"gen1": "gent", "gen2": "gent", "acc2": "accs", "loc1": "loct", "loc2": "loct"}


def grammatical_case(parse) -> str | None:
    """The parse's case with second genitive/locative counted as the plain ones: "аэропорту"
    (loc2) agrees with "Вашингтонском" (loct)."""
    case = parse.tag.case
    return _CASE_VARIANTS.get(case, case)


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
    return inflect_like(name, parse, {"gent"}) if parse else name


def inflect_like(original: str, parse, grammemes: set[str]) -> str:
    """``parse`` inflected to ``grammemes``, spelled like ``original`` (its case pattern, е for ё
    when it writes е); ``original`` itself when pymorphy3 cannot inflect it."""
    inflected = parse.inflect(grammemes)
    return original if inflected is None else _respell_like(original, inflected.word)


def _respell_like(original: str, word: str) -> str:
    """Copy the capitalisation of ``original`` onto ``word`` hyphen-part by part
    ("Ростове-на-Дону" -> "Ростов-на-Дону", "МИДа" -> "МИД", "МОСКВЕ" -> "МОСКВА"),
    and write е for ё when the original does ("Объединенных" -> "Объединенные")."""
    if "ё" not in original.lower():
        word = word.replace("ё", "е")
    original_parts, word_parts = original.split("-"), word.split("-")
    if len(original_parts) != len(word_parts):
        original_parts, word_parts = [original], [word]
    return "-".join(_copy_case(o, w) for o, w in zip(original_parts, word_parts))


def _copy_case(original: str, word: str) -> str:
    """Letter by letter; letters past the original's end are upper-case only when
    the whole original was ("Союза" -> "Союз", "МакКейна" -> "МакКейн")."""
    tail_upper = original.isupper()
    letters = [
        (char.upper() if original[i].isupper() else char.lower()) if i < len(original)
        else (char.upper() if tail_upper else char.lower())
        for i, char in enumerate(word)
    ]
    return "".join(letters)

