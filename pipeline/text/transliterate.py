"""Romanization of Russian (and Kazakh) Cyrillic, for linking names across languages.

`romanize` follows BGN/PCGN 1947 for Russian, written without diacritics or separators,
because that is the system English-language news about the region mostly uses
(Nazarbayev, Yerevan, Ust-Kamenogorsk). Choices where the system needs a decision:

* е is "ye" at the start of a word and after a vowel, й, ъ or ь, else "e" (BGN/PCGN).
* ё, which BGN/PCGN writes ë/yë, is "yo", except "o" after ж ч ш щ ц, where no y-glide
  is heard: Фёдор -> Fyodor, Пётр -> Pyotr, Мирзиёев -> Mirziyoyev, Хрущёв -> Khrushchov.
  These are the spellings English uses when a name is romanized from its sound. News text
  mostly omits the dots (Горбачев), and then the name gets the usual "e" (Gorbachev).
* ъ and ь (BGN/PCGN ″ and ′) are dropped; so is the middle dot BGN/PCGN puts in т·с, ш·ч.
* Kazakh letters get their plain Latin look-alikes (қ k, ғ g, ң n, ө o, ұ/ү u, ә a, і i,
  һ h), the forms in established English spellings: Aktobe, Oskemen, Zhanaozen.
* Case follows the source: Щукин -> Shchukin, ЩУКИН -> SHCHUKIN. Other text is untouched.

`match_key` is a deliberately loose key for deciding whether a romanized Russian name and
an English spelling are the same name (see its docstring for the folds).
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh
    "ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
}
_VOWELS = frozenset("аеёиоуыэюяәөұүі")
_YE_AFTER = _VOWELS | {"й", "ъ", "ь"}
_NO_GLIDE_BEFORE_YO = frozenset("жчшщц")
_CYRILLIC = frozenset(_LETTERS) | {"е", "ё"}


def romanize(text: str) -> str:
    """BGN/PCGN romanization without diacritics; non-Cyrillic characters pass through."""
    return "".join(_romanize_char(text, i) for i in range(len(text)))


def _romanize_char(text: str, i: int) -> str:
    char = text[i]
    lower = char.lower()
    if lower not in _CYRILLIC:
        return char
    previous = text[i - 1].lower() if i > 0 else ""
    latin = _latin_for(lower, previous)
    return _with_case_of(latin, text, i) if char.isupper() else latin


def _latin_for(letter: str, previous: str) -> str:
    word_initial = previous not in _CYRILLIC
    if letter == "е":
        return "ye" if word_initial or previous in _YE_AFTER else "e"
    if letter == "ё":
        return "o" if previous in _NO_GLIDE_BEFORE_YO else "yo"
    return _LETTERS[letter]


def _with_case_of(latin: str, text: str, i: int) -> str:
    """An upper-case letter gives "Shch" inside a Title-case word and "SHCH" in an all-caps one."""
    if len(latin) < 2:
        return latin.upper()
    neighbour = _neighbour_letter(text, i)
    return latin.upper() if neighbour is not None and neighbour.isupper() else latin.capitalize()


def _neighbour_letter(text: str, i: int) -> str | None:
    """The next letter of the same word, or failing that the previous one."""
    for j in (i + 1, i - 1):
        if 0 <= j < len(text) and text[j].isalpha():
            return text[j]
    return None


_APOSTROPHES = re.compile(r"['’ʼ′″\"`]")
_WORD = re.compile(r"[^\W_]+")
_CONSONANT_FOLDS = (("dzh", "j"), ("zh", "j"), ("dj", "j"), ("kh", "h"), ("gh", "g"), ("q", "k"))
_INTERVOCALIC_Y = re.compile(r"(?<=[aeiou])y(?=[aeiou])")
_DOUBLED = re.compile(r"(.)\1+")


def match_key(text: str) -> str:
    """A loose key: a Russian name and its English spelling should give the same one.

    Cyrillic is romanized first, diacritics and apostrophes dropped, case folded, and
    hyphens and spaces both become one space (Ust-Kamenogorsk, Ust Kamenogorsk). Then
    each word is folded where English spellings of the region's names commonly differ:

    * zh, dzh, dj -> j (Kassym-Jomart, Jambyl); kh -> h (Rahmon); gh -> g and q -> k
      (Qaraghandy, from Kazakh Latin spellings);
    * a word-initial "ye" -> "e" (Yerlan / Erlan, Yesil / Esil);
    * y between vowels is dropped (Tokayev / Tokaev, Mariya / Maria);
    * any other y but a word-initial one -> i (Duysenova / Duisenova, Semey / Semei,
      Dostoyevskiy / Dostoevsky);
    * doubled letters are written once (Kassym / Kasym, -skii / -sky).
    """
    latin = _strip_diacritics(romanize(text)).casefold()
    words = _WORD.findall(_APOSTROPHES.sub("", latin))
    return " ".join(_fold_word(word) for word in words)


def _strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _fold_word(word: str) -> str:
    for spelling, folded in _CONSONANT_FOLDS:
        word = word.replace(spelling, folded)
    if word.startswith("ye"):
        word = word[1:]
    word = _INTERVOCALIC_Y.sub("", word)
    word = word[:1] + word[1:].replace("y", "i")
    return _DOUBLED.sub(r"\1", word)
