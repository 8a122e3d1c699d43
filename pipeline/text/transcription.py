"""A phonetic skeleton shared by an English spelling and its Russian practical transcription.

BGN/PCGN romanization bridges Russian names written in English ("Сагинтаев" = "Sagintayev"),
but not English names written in Russian: the Russian practical transcription follows the
sound, so "Williams" is "Уильямс" (romanized "Uilyams") and "Thatcher" is "Тэтчер". Both
sides are reduced here to what the transcription keeps: the consonants, in classes where the
two writing systems disagree, and one mark `V` for every run of vowels and glides (English
w and y, Russian й). English spelling rules are undone first (c before e/i/y is s, ck is k,
ph is f, th is t, x is ks, silent final e, gh before t, kn-, wr-); the Russian side is
romanized and goes through the same classes (ж/дж = j, х/г/h = g, з/ц/s = s, щ = ш; ш and ч are written š and č).

`skeleton("Williams") == skeleton("Уильямс") == "VlVms"`, `skeleton("Тэтчер") == "tVčVr"`. It is a blocking key, not a proof:
the linker only uses it between names of one label and only when the match is unique.
"""

from __future__ import annotations

import re
import unicodedata

from pipeline.text.scripts import script_counts
from pipeline.text.transliterate import romanize

_WORD = re.compile(r"[^\W\d_]+")

_ENGLISH_START = (("kn", "n"), ("wr", "r"), ("wh", "w"))
_ENGLISH_SPELLINGS = (
    ("tch", "ch"),
    ("sch", "sh"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("dg", "j"),
    ("dj", "j"),
    ("tz", "z"),
    ("qu", "kv"),
    ("q", "k"),
    ("x", "ks"),
)
_GH_SILENT = re.compile(r"gh(?=t|$)")
_SOFT_C = re.compile(r"c(?=[eiy])")
_H_AFTER_VOWEL = re.compile(r"(?<=[aeiouy])h(?![aeiouy])")
_SILENT_FINAL_E = re.compile(r"(?<=[^aeiouy])e$")
_RUSSIAN_SPELLINGS = (("shch", "sh"), ("dzh", "j"), ("tch", "ch"))
_SHARED_CLASSES = (("shch", "š"), ("sh", "š"), ("ch", "č"), ("zh", "j"), ("kh", "g"), ("h", "g"), ("c", "k"), ("z", "s"))
_VOWEL_RUN = re.compile(r"[aeiouyw]+")
_DOUBLED = re.compile(r"(.)\1+")


def skeleton(name: str) -> str:
    """The skeleton of every word of a name, space-separated; Cyrillic words are read as
    Russian transcription, Latin words as English spelling."""
    words = _WORD.findall(_strip_diacritics(name))
    return " ".join(_word_skeleton(word) for word in words)


def _word_skeleton(word: str) -> str:
    if script_counts(word).majority == "ru":
        latin = romanize(word.replace("ц", "z").replace("Ц", "Z")).lower()
        for spelling, sound in _RUSSIAN_SPELLINGS:
            latin = latin.replace(spelling, sound)
    else:
        latin = _english_sounds(word.lower())
    for spelling, sound in _SHARED_CLASSES:
        latin = latin.replace(spelling, sound)
    latin = _DOUBLED.sub(r"\1", latin)
    return _VOWEL_RUN.sub("V", latin)


def _english_sounds(word: str) -> str:
    for spelling, sound in _ENGLISH_START:
        if word.startswith(spelling):
            word = sound + word[len(spelling):]
    word = _GH_SILENT.sub("", word).replace("gh", "g")
    for spelling, sound in _ENGLISH_SPELLINGS:
        word = word.replace(spelling, sound)
    word = _SOFT_C.sub("s", word)
    word = _H_AFTER_VOWEL.sub("", word)
    if len(_VOWEL_RUN.findall(word)) > 1:
        word = _SILENT_FINAL_E.sub("", word)
    return word


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


WEAK_SYMBOLS = frozenset("Vvgj")
"""Where an English spelling and its Russian transcription systematically disagree: a vowel run
more or less (Brazil / Бразилия), English w as a glide where Russian has в (Washington /
Вашингтон), h silent or written г (Hamburg / Гамбург), g read as дж or г (Roger / Роджер, Angela /
Ангела). Only these may differ in a loose match."""


def within_one_weak_edit(a: str, b: str) -> bool:
    """Equal, or one weak symbol substituted, inserted or deleted (`WEAK_SYMBOLS`)."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), len(a))
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :] and {a[i], b[i]} <= WEAK_SYMBOLS
    return a[i:] == b[i + 1 :] and b[i] in WEAK_SYMBOLS
