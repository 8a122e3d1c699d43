"""Stage 2: each document's language, from two detectors and explicit evidence, reproducibly.

* Letters that exist only in the Kazakh, Belarusian or Ukrainian alphabets decide first:
  langdetect has no Kazakh and is unsteady on Ukrainian/Belarusian snippets.
* Texts with fewer than MIN_RELIABLE_LETTERS letters get their script's language and
  `lang_reliable = False`: a statistical guess on a headline is a coin toss.
* Otherwise langdetect (seeded) reads a bounded sample of the text (`language_sample`), and
  lingua, restricted to the supported languages plus langdetect's answer, gives a second
  opinion. langdetect's answer stands when it is a supported language. When it is not, a
  supported language wins if lingua prefers it, if it is a close second in langdetect's
  own ranking, or if the text's function words say so (`models/function_words.json`): news
  tables, price lists and one-line items are where langdetect calls English Dutch or
  Catalan. A document still left unsupported while a supported language had some support
  is marked `plausible`, and the run summary lists it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

import langdetect
from langdetect.lang_detect_exception import LangDetectException
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from pipeline.records import Document
from pipeline.resources.word_lists import function_words
from pipeline.status import Status, crash_reason
from pipeline.text.scripts import script_counts

# Letters found in these alphabets and not in Russian. і also occurs in Belarusian and Kazakh: a
# line is Kazakh by its own letters, Belarusian by ў (with і), else Ukrainian by і/ї/є/ґ.
KAZAKH_LETTERS = set("әғқңөұүһӘҒҚҢӨҰҮҺ")
BELARUSIAN_LETTERS = set("ўЎ")
UKRAINIAN_LETTERS = set("іїєґІЇЄҐ")
_LETTER_PATTERNS = {lang: re.compile(f"[{''.join(sorted(letters))}]")
                    for lang, letters in (("kk", KAZAKH_LETTERS), ("be", BELARUSIAN_LETTERS), ("uk", UKRAINIAN_LETTERS))}
_ANY_ALPHABET_LETTER = re.compile(f"[{''.join(sorted(KAZAKH_LETTERS | BELARUSIAN_LETTERS | UKRAINIAN_LETTERS))}]")
# A line is in one of these languages when its own letters are at least this share of its Cyrillic
# letters: Ukrainian prose has 8.7 % і/ї/є/ґ (langdetect's uk profile), Kazakh and Belarusian as
# much of theirs (ў with і); a Kazakh name or word quoted in a Russian sentence stays under it.
LINE_ALPHABET_SHARE = 0.03
# Lines shorter than this (in Cyrillic letters) do not vote: a heading or a name is too little.
MIN_LINE_LETTERS = 20
# The document is in the alphabet's language only when the lines in it hold this share of its
# Cyrillic letters: a sidebar, a quoted block or a "Читайте також" list in another alphabet is not
# the document's language.
ALPHABET_MAJORITY = 0.5
# Below this many letters langdetect's answer is a coin toss.
MIN_RELIABLE_LETTERS = 40
# ... and below this many letters in lower-case words (tables of names and scores, all-caps lines).
MIN_PROSE_LETTERS = 12

# The detectors read at most this many characters, taken from SAMPLE_PIECES evenly spaced places
# on word boundaries (beginning, middle, end...), so a long document costs what a short one does and
# a headline or a table at the top cannot decide alone. Measured with benchmarks/language.py
# (2026-12-02): 1000 gives the answers 2000 gave on every set, in 6.3 instead of 11.3 ms per seed article.
SAMPLE_CHARS = 1000
SAMPLE_PIECES = 4

# A supported language that langdetect ranks at least this probable is a close second.
CLOSE_SECOND_PROB = 0.2
# lingua's relative confidence (among the candidate languages) that makes its answer count.
SECOND_DETECTOR_MIN_CONFIDENCE = 0.5
# Share of a text's words that must be the supported language's function words (measured: 0 on the
# German, French, Dutch and Spanish items; 0.11-0.18 on English sentences full of foreign names).
FUNCTION_WORD_SHARE = 0.1
# Any support below the thresholds above, for the `plausible` mark: the summary lists those skips.
PLAUSIBLE_PROB = 0.05

_WORD = re.compile(r"[^\W\d_]+")
_LETTER = re.compile(r"[^\W\d_]")
_SPACE = re.compile(r"\s")


class Evidence(StrEnum):
    """What decided `documents.lang` (the `lang_evidence` column)."""

    NO_LETTERS = "no_letters"
    ALPHABET = "alphabet"  # Kazakh, Belarusian or Ukrainian letters
    SCRIPT = "script"  # too short for the detectors: the majority script
    LANGDETECT = "langdetect"  # langdetect's answer, nothing pointing elsewhere
    SECOND_DETECTOR = "second_detector"  # langdetect said unsupported; lingua says supported
    CLOSE_SECOND = "close_second"  # langdetect said unsupported but ranks a supported language close
    FUNCTION_WORDS = "function_words"  # langdetect said unsupported; the text's function words disagree
    PLAUSIBLE = "plausible"  # left unsupported although a supported language had some support


@dataclass(frozen=True)
class LanguageGuess:
    lang: str | None
    prob: float | None  # langdetect's probability of its own answer `first`
    reliable: bool
    mix: float  # share of letters in the other script (Latin in Cyrillic text or vice versa)
    evidence: Evidence
    first: str | None = None  # langdetect's answer
    second: str | None = None  # lingua's answer among the candidates
    second_prob: float | None = None  # lingua's relative confidence in `second`


def detect_language(text: str, seed: int, supported: tuple[str, ...]) -> LanguageGuess:
    counts = script_counts(text)
    if not counts.letters:
        return LanguageGuess(None, None, False, 0.0, Evidence.NO_LETTERS)
    mix = min(counts.cyrillic, counts.latin) / counts.letters
    by_alphabet = _alphabet_language(text, counts.cyrillic)
    if by_alphabet:
        return LanguageGuess(by_alphabet, None, counts.letters >= MIN_RELIABLE_LETTERS, mix, Evidence.ALPHABET)
    sample = language_sample(text)
    if counts.letters < MIN_RELIABLE_LETTERS or _lowercase_word_letters(sample) < MIN_PROSE_LETTERS:
        return LanguageGuess(counts.majority, None, False, mix, Evidence.SCRIPT)
    ranked = _langdetect(sample, seed)
    first, prob = ranked[0] if ranked else (None, None)
    opinions = _second_opinion(sample, (*supported, *([first] if first else [])))
    second, second_prob = opinions[0] if opinions else (None, None)
    lang, evidence = _decide(sample, ranked, opinions, supported, counts.majority)
    return LanguageGuess(lang, prob, True, mix, evidence, first, second, second_prob)


def assign_language(doc: Document, seed: int, supported: tuple[str, ...], article: str | None = None) -> Document:
    """The document with its language fields set; unsupported languages are marked, not dropped.
    `article`: its text without the page chrome (`pipeline.chrome.article_text`), which decides
    when it has letters: a sidebar in another language does not vote."""
    text = article if article and _LETTER.search(article) else doc.text
    try:
        guess = detect_language(text, seed, supported)
    except Exception as error:  # one odd text must cost one row, not the batch
        return doc.failed(Status.PROCESSING_FAILED, crash_reason("language detection", error))
    doc = replace(
        doc,
        lang=guess.lang,
        lang_prob=guess.prob,
        lang_reliable=guess.reliable,
        lang_mix=guess.mix,
        lang_first=guess.first,
        lang_second=guess.second,
        lang_second_prob=guess.second_prob,
        lang_evidence=str(guess.evidence),
    )
    if guess.lang not in supported:
        what = f"language {guess.lang!r}" if guess.lang else "no letters, so no language"
        error = f"{what} detected; only {', '.join(supported)} are processed"
        if guess.evidence == Evidence.PLAUSIBLE:
            error += "; a supported language was a weak candidate (lang_evidence = plausible)"
        return doc.failed(Status.UNSUPPORTED_LANGUAGE, error)
    return doc


def language_sample(text: str, max_chars: int = SAMPLE_CHARS, pieces: int = SAMPLE_PIECES) -> str:
    """At most `max_chars` characters of `text`: `pieces` evenly spaced stretches cut on word
    boundaries, joined by newlines; a text that fits is returned whole."""
    if len(text) <= max_chars:
        return text
    width = max_chars // pieces
    stretches = []
    for index in range(pieces):
        start = index * (len(text) - width) // (pieces - 1)
        end = start + width
        if start > 0 and not text[start - 1].isspace():
            boundary = _SPACE.search(text, start, end)
            start = boundary.end() if boundary else start
        if end < len(text) and not text[end].isspace():
            end = max(start, text.rfind(" ", start, end), text.rfind("\n", start, end))
        stretches.append(text[start:end])
    return "\n".join(stretches)


def function_word_share(text: str, lang: str) -> float:
    """Share of the words of `text` that are function words of `lang` (0 when no list or no words)."""
    words = [word.lower() for word in _WORD.findall(text)]
    vocabulary = function_words().get(lang)
    if not words or not vocabulary:
        return 0.0
    return sum(word in vocabulary for word in words) / len(words)


def _decide(sample, ranked, opinions, supported, script_lang) -> tuple[str | None, Evidence]:
    """langdetect's answer unless it is unsupported and lingua, its own ranking or the function
    words point at a supported language; `plausible` when only weaker support was found."""
    first = ranked[0][0] if ranked else None
    if first in supported:
        return first, Evidence.LANGDETECT
    second, second_prob = opinions[0] if opinions else (None, 0.0)
    if second in supported and second_prob >= SECOND_DETECTOR_MIN_CONFIDENCE:
        return second, Evidence.SECOND_DETECTOR
    close = [lang for lang, prob in ranked if lang in supported and prob >= CLOSE_SECOND_PROB]
    if close:
        return close[0], Evidence.CLOSE_SECOND
    share = function_word_share(sample, script_lang) if script_lang in supported else 0.0
    if share >= FUNCTION_WORD_SHARE:
        return script_lang, Evidence.FUNCTION_WORDS
    support = [prob for lang, prob in (*ranked, *opinions) if lang in supported]
    weak = max(support, default=0.0) >= PLAUSIBLE_PROB or share >= FUNCTION_WORD_SHARE / 2
    return first, Evidence.PLAUSIBLE if weak else Evidence.LANGDETECT


def _lowercase_word_letters(text: str) -> int:
    """Letters in lower-case words: prose. Tables of names and numbers and all-caps lines have few,
    and on them the detectors guess (a results table in English came out Indonesian)."""
    return sum(len(word) for word in _WORD.findall(text) if word.islower())


def _alphabet_language(text: str, n_cyrillic: int) -> str | None:
    """kk, be or uk when the lines written in that alphabet (`LINE_ALPHABET_SHARE`) hold most of
    the text's Cyrillic letters (`ALPHABET_MAJORITY`); None otherwise."""
    if not n_cyrillic:
        return None
    votes: dict[str, int] = {}
    for line in text.splitlines():
        if not _ANY_ALPHABET_LETTER.search(line):
            continue  # cannot vote: most lines of a Russian text
        letters = script_counts(line).cyrillic
        if letters >= MIN_LINE_LETTERS:
            lang = _line_alphabet(line, letters)
            if lang:
                votes[lang] = votes.get(lang, 0) + letters
    if sum(votes.values()) < ALPHABET_MAJORITY * n_cyrillic:
        return None
    return max(sorted(votes), key=votes.get)


def _line_alphabet(line: str, n_cyrillic: int) -> str | None:
    counts = {lang: len(pattern.findall(line)) for lang, pattern in _LETTER_PATTERNS.items()}
    if counts["kk"] >= LINE_ALPHABET_SHARE * n_cyrillic:
        return "kk"
    if counts["be"] and counts["be"] + counts["uk"] >= LINE_ALPHABET_SHARE * n_cyrillic:
        return "be"
    if counts["uk"] >= LINE_ALPHABET_SHARE * n_cyrillic:
        return "uk"
    return None


def _langdetect(text: str, seed: int) -> list[tuple[str, float]]:
    """langdetect's ranking, most probable first; empty when it finds no features."""
    langdetect.DetectorFactory.seed = seed
    try:
        return [(guess.lang, round(guess.prob, 6)) for guess in langdetect.detect_langs(text)]
    except LangDetectException:
        return []


def _second_opinion(text: str, candidates: tuple[str, ...]) -> list[tuple[str, float]]:
    """lingua's ranking of the `candidates` it knows, with relative confidences, best first."""
    detector = _lingua_detector(frozenset(_lingua_languages(candidates)))
    if detector is None:
        return []
    values = detector.compute_language_confidence_values(text)
    return [(value.language.iso_code_639_1.name.lower(), round(value.value, 6)) for value in values]


def _lingua_languages(codes: tuple[str, ...]) -> list[Language]:
    languages = []
    for code in codes:
        try:
            languages.append(Language.from_iso_code_639_1(IsoCode639_1.from_str(code)))
        except ValueError:  # a code lingua does not know ('zh-cn'): no second opinion on it
            continue
    return languages


@lru_cache(maxsize=64)
def _lingua_detector(languages: frozenset[Language]) -> LanguageDetector | None:
    """One detector per candidate set, built once per process; lingua loads each language's models
    once, on first use, in its low-accuracy mode (trigrams: 0.03 s and a few MiB per language)."""
    if len(languages) < 2:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()
