"""Stage 2: detect each document's language with langdetect, seeded so answers are reproducible.

langdetect has no Kazakh and calls Kazakh Cyrillic Russian or Bulgarian, and it is unsteady
on Ukrainian/Belarusian snippets; letters that exist only in those alphabets decide first,
so such texts never reach the Russian model. Very short texts get `lang_reliable = False`
and a script-based answer instead of a statistical guess.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import langdetect
from langdetect.lang_detect_exception import LangDetectException

from pipeline.records import Document
from pipeline.status import Status, crash_reason
from pipeline.text.scripts import is_cyrillic, script_counts

# Letters found in these alphabets and not in Russian; a small share of them is decisive.
KAZAKH_LETTERS = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
BELARUSIAN_LETTERS = set("ўЎ")
# і also occurs in Belarusian and Kazakh, which are checked first.
UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")
# Share of the Cyrillic letters that must be alphabet-specific to call the text that language:
# enough to ignore a quoted Kazakh name in a Russian article.
ALPHABET_SHARE = 0.01
# Below this many letters langdetect's answer is a coin toss.
MIN_RELIABLE_LETTERS = 40


@dataclass(frozen=True)
class LanguageGuess:
    lang: str | None
    prob: float | None
    reliable: bool
    mix: float  # share of letters in the other script (Latin in Cyrillic text or vice versa)


def detect_language(text: str, seed: int) -> LanguageGuess:
    counts = script_counts(text)
    if not counts.letters:
        return LanguageGuess(None, None, False, 0.0)
    mix = min(counts.cyrillic, counts.latin) / counts.letters
    by_alphabet = _alphabet_language([c for c in text if is_cyrillic(c)])
    if by_alphabet:
        return LanguageGuess(by_alphabet, None, counts.letters >= MIN_RELIABLE_LETTERS, mix)
    if counts.letters < MIN_RELIABLE_LETTERS:
        return LanguageGuess(counts.majority, None, False, mix)
    lang, prob = _langdetect(text, seed)
    return LanguageGuess(lang, prob, True, mix)


def assign_language(doc: Document, seed: int, supported: tuple[str, ...]) -> Document:
    """The document with its language fields set; unsupported languages are marked, not dropped."""
    try:
        guess = detect_language(doc.text, seed)
    except Exception as error:  # one odd text must cost one row, not the batch
        return doc.failed(Status.PROCESSING_FAILED, crash_reason("language detection", error))
    doc = replace(doc, lang=guess.lang, lang_prob=guess.prob, lang_reliable=guess.reliable, lang_mix=guess.mix)
    if guess.lang not in supported:
        what = f"language {guess.lang!r}" if guess.lang else "no letters, so no language"
        return doc.failed(Status.UNSUPPORTED_LANGUAGE, f"{what} detected; only {', '.join(supported)} are processed")
    return doc


def _alphabet_language(cyrillic: list[str]) -> str | None:
    if not cyrillic:
        return None
    for lang, alphabet in (("kk", KAZAKH_LETTERS), ("be", BELARUSIAN_LETTERS), ("uk", UKRAINIAN_LETTERS)):
        if sum(c in alphabet for c in cyrillic) / len(cyrillic) >= ALPHABET_SHARE:
            return lang
    return None


def _langdetect(text: str, seed: int) -> tuple[str | None, float | None]:
    langdetect.DetectorFactory.seed = seed
    try:
        best = langdetect.detect_langs(text)[0]
    except LangDetectException:
        return None, None
    return best.lang, round(best.prob, 6)
