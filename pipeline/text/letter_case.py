"""Letter case for lines written in capitals (headlines, datelines, sports results).

The English model learnt names from mixed-case text: in "UNICEF AND KAZAKHSTAN SIGN A
MEMORANDUM" every word looks like a name or an acronym to it. `restore_caps_lines` gives such a
line the casing the document itself uses for the same words elsewhere ("Kazakhstan", "UNICEF",
"memorandum"). A word the document never writes outside capitals keeps them when it has two
letters and is no function word ("UN", "EU"), gets a capital when it names a month or a
weekday ("1 DEC" -> "1 Dec", as the date rules expect), and is lowercased otherwise; the
line's first word gets a capital, as a sentence would. Only letter case changes, and only where the case
mapping keeps the length, so the restored text has the original's offsets: the model reads the
restored text while every span still indexes the original.

Measured on Wikigold with every fourth line in capitals (`python -m benchmarks.wikigold
--caps-every 4`, exact F1 ALL; 0.591 with no line in capitals): no restoration 0.497; the
document's casing, else title case 0.521; else capitals kept 0.510; else lowercase 0.553;
else two-letter words kept, the rest lowercase 0.553 (chosen: "UN" in a headline stays "UN").
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

from pipeline.text.dates import MONTHS

MIN_CAPS_LINE_LETTERS = 4
"""A line needs this many capital letters to count as written in capitals ("OK" stays)."""

MAX_LOWERCASE_SHARE = 0.1
"""...and at most this share of its cased letters in lowercase ("McDONALD'S" still counts)."""

MAX_ACRONYM_LETTERS = 2
"""An unseen word this short that is no function word keeps its capitals ("UN", "EU", "UK")."""

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
CALENDAR_WORDS = (
    frozenset(MONTHS["en"]) | {month[:3] for month in MONTHS["en"]} | {"sept"} | frozenset(WEEKDAYS)
) - {"may", "march", "mar"}
"""Always written with a capital in English; "may" and "march" are also verbs, left to the evidence."""

_LINE = re.compile(r"[^\n]*\n?")
_WORD = re.compile(r"[^\W\d_]+")
_APOSTROPHES = "'’"
_SENTENCE_ENDS = ".!?:;\"“”«»(•–—-"


def restore_caps_lines(text: str) -> str:
    """The text with each line in capitals recased by the document's own evidence; same length."""
    lines = [(match.start(), match.end()) for match in _LINE.finditer(text) if match.end() > match.start()]
    caps = [(start, end) for start, end in lines if is_caps_line(text[start:end])]
    if not caps:
        return text
    forms = _document_forms(text, caps)
    restored, position = [], 0
    for start, end in caps:
        restored += [text[position:start], _recase_line(text[start:end], forms)]
        position = end
    restored.append(text[position:])
    return "".join(restored)


def is_caps_line(line: str) -> bool:
    if not _WORD.search(line):  # at C speed: a masked 5-million-character line has no letters
        return False
    upper = sum(c.isupper() for c in line)
    lower = sum(c.islower() for c in line)
    return upper >= MIN_CAPS_LINE_LETTERS and lower <= MAX_LOWERCASE_SHARE * (upper + lower)


def _document_forms(text: str, caps: list[tuple[int, int]]) -> dict[str, str]:
    """Lowercased word -> its most frequent spelling outside the capitals lines, sentence starts left out
    (a capital there says nothing); ties go to the spelling seen first."""
    counts: dict[str, Counter] = {}
    caps_starts = {start for start, _ in caps}
    for line in _LINE.finditer(text):
        if line.start() in caps_starts:
            continue
        for word in _WORD.finditer(line.group()):
            if not _starts_sentence(line.group(), word.start()):
                counts.setdefault(word.group().lower(), Counter())[word.group()] += 1
    return {key: max(forms, key=forms.__getitem__) for key, forms in counts.items()}


def _starts_sentence(line: str, index: int) -> bool:
    before = line[:index].rstrip()
    return not before or before[-1] in _SENTENCE_ENDS


def _recase_line(line: str, forms: dict[str, str]) -> str:
    out, position = [], 0
    for n, word in enumerate(_WORD.finditer(line)):
        out += [line[position : word.start()], _recase_word(line, word, forms, first=n == 0)]
        position = word.end()
    out.append(line[position:])
    return "".join(out)


def _recase_word(line: str, word: re.Match, forms: dict[str, str], first: bool) -> str:
    original = word.group()
    if not original.isupper():
        return original  # a mixed-case word in a capitals line is written as meant ("McDONALD'S" aside)
    key = original.lower()
    start = word.start()
    if start >= 2 and line[start - 1] in _APOSTROPHES and line[start - 2].isalpha():
        restored = key  # the clitic of KAZAKHSTAN'S, DON'T
    elif key in forms:
        restored = forms[key]
    elif len(key) <= MAX_ACRONYM_LETTERS and key not in STOP_WORDS:
        restored = original
    elif key in CALENDAR_WORDS:
        restored = original[0] + key[1:]
    else:
        restored = key
    if first:
        restored = restored[0].upper() + restored[1:]
    return restored if len(restored) == len(original) else original
