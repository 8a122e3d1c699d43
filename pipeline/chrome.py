"""Page chrome: the lines of a scraped page that belong to the site, not to the article.

Signals, strongest first:
1. `repeated_line`: a line that appears verbatim in several documents of the corpus (site
   footers, standing notices). Corpus-wide, so it is a separate streaming tally (`LineTally`)
   applied when the mentions are finalised; a document most of whose lines repeat is a copy
   of an article (syndication), not chrome, and keeps its lines.
2. `headline_list`: a block of other articles' headlines with rubrics and dates under a
   heading such as "Last news" or «Читайте также».
3. `share_line` / `credit_line`: share bars, subscribe/follow-us footers, photo and copyright
   credits.
Cue words are data (`models/chrome_cues.json`). Entities keep all their mentions;
`mentions.in_chrome` and `mentions.chrome_reason` say which ones sit in chrome.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter

from pipeline.records import Document, Mention
from pipeline.resources import data_path

CUES_FILE = "chrome_cues.json"


class ChromeReason(StrEnum):
    """`mentions.chrome_reason`: why a mention's line was judged page chrome."""

    REPEATED_LINE = "repeated_line"
    HEADLINE_LIST = "headline_list"
    SHARE_LINE = "share_line"
    CREDIT_LINE = "credit_line"


@dataclass(frozen=True)
class ChromeLine:
    start: int
    end: int  # exclusive, without the newline
    reason: ChromeReason


@dataclass(frozen=True)
class Cues:
    block_headings: frozenset[str]
    share_prefixes: tuple[str, ...]
    subscribe_phrases: tuple[str, ...]
    credit_prefixes: tuple[str, ...]
    max_headline_chars: int
    max_cue_line_chars: int


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    data = json.loads(data_path(CUES_FILE).read_text(encoding="utf-8"))

    def words(key: str) -> list[str]:
        return [word.casefold() for lang, values in data[key].items() if not lang.startswith("_") for word in values]

    return Cues(
        block_headings=frozenset(words("block_headings")),
        share_prefixes=tuple(words("share_prefixes")),
        subscribe_phrases=tuple(words("subscribe_phrases")),
        credit_prefixes=tuple(words("credit_prefixes")),
        max_headline_chars=data["max_headline_chars"],
        max_cue_line_chars=data["max_cue_line_chars"],
    )


def lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped line) for every non-blank line."""
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            yield match.start(), match.end(), stripped


def cue_lines(text: str, cues: Cues | None = None) -> list[ChromeLine]:
    """The lines of one document that its own wording marks as chrome (signals 2 and 3)."""
    cues = cues or load_cues()
    found, in_block = [], False
    for start, end, line in lines(text):
        folded = line.casefold()
        heading = folded.rstrip(" :.-–—»>").strip()
        if heading in cues.block_headings:
            in_block = True
        elif in_block and len(line) > cues.max_headline_chars:
            in_block = False  # article prose again
        if in_block or _starts_with(folded, [f"{h}:" for h in cues.block_headings]):
            found.append(ChromeLine(start, end, ChromeReason.HEADLINE_LIST))
        elif len(line) <= cues.max_cue_line_chars:
            reason = _cue_reason(folded, cues)
            if reason:
                found.append(ChromeLine(start, end, reason))
    return found


def _cue_reason(folded: str, cues: Cues) -> ChromeReason | None:
    if _starts_with(folded, cues.share_prefixes) or any(phrase in folded for phrase in cues.subscribe_phrases):
        return ChromeReason.SHARE_LINE
    if _starts_with(folded, cues.credit_prefixes):
        return ChromeReason.CREDIT_LINE
    return None


def _starts_with(folded: str, prefixes: Iterable[str]) -> bool:
    """The line starts with a cue as a whole word ('share' starts 'Share:' but not 'Shares')."""
    return any(
        folded.startswith(prefix) and (len(folded) == len(prefix) or not (prefix[-1].isalnum() and folded[len(prefix)].isalnum()))
        for prefix in prefixes
    )


def line_fingerprint(line: str) -> int:
    """64 bits of the sha1 of a line with its spacing and case normalised."""
    normalised = " ".join(line.split()).casefold()
    return int.from_bytes(hashlib.sha1(normalised.encode("utf-8")).digest()[:8], "big", signed=True)


def fingerprinted_lines(text: str, min_chars: int) -> list[tuple[int, int, int]]:
    """(start, end, fingerprint) of the lines long enough to say anything when they repeat."""
    return [(start, end, line_fingerprint(line)) for start, end, line in lines(text) if len(line) >= min_chars]


class LineTally:
    """How many documents each line fingerprint occurs in, counted once per document.

    Memory: one dict entry (a 64-bit int key and a small int) per distinct line of the
    corpus, about 100 bytes each in CPython: 30 lines x 10,000 documents = 300,000 lines,
    about 30 MB. Nothing else of the documents is kept.
    """

    def __init__(self, min_documents: int):
        self.min_documents = min_documents
        self.counts: dict[int, int] = {}

    def observe(self, fingerprints: Iterable[int]) -> None:
        for fingerprint in set(fingerprints):
            self.counts[fingerprint] = self.counts.get(fingerprint, 0) + 1

    def is_repeated(self, fingerprint: int) -> bool:
        return self.counts.get(fingerprint, 0) >= self.min_documents


class CorpusChrome:
    """The corpus-wide signal: `observe` each document as it streams by; once all are seen,
    `finish_document` each document (before its mentions), then `finish_mention`.

    Besides the tally it keeps, until the mentions are finished, the repeated lines of the
    documents that have any (a few footer lines each)."""

    def __init__(self, min_line_chars: int, min_documents: int, max_repeated_share: float):
        self.min_line_chars = min_line_chars
        self.max_repeated_share = max_repeated_share
        self.tally = LineTally(min_documents)
        self._repeated: dict[str, list[ChromeLine]] = {}

    def observe(self, text: str) -> None:
        self.tally.observe(fp for _, _, fp in fingerprinted_lines(text, self.min_line_chars))

    def finish_document(self, doc_id: str, text: str | None) -> int:
        """Characters of the document's repeated lines that its cue lines did not already count.
        A document most of whose text repeats is a copy of another article (syndication): its
        lines are its article, not chrome."""
        if not text:
            return 0
        repeated = [ChromeLine(s, e, ChromeReason.REPEATED_LINE)
                    for s, e, fp in fingerprinted_lines(text, self.min_line_chars) if self.tally.is_repeated(fp)]
        if not repeated or chrome_chars(repeated) > self.max_repeated_share * len(text.strip()):
            return 0
        self._repeated[doc_id] = repeated
        already = {line.start for line in cue_lines(text)}
        return chrome_chars([line for line in repeated if line.start not in already])

    def finish_mention(self, doc_id: str, start: int, reason: str | None) -> str | None:
        """The mention's final chrome reason: a repeated line is the strongest signal."""
        repeated = reason_at(self._repeated.get(doc_id, []), start)
        return repeated or reason


def mark_document(doc: Document, mentions: list[Mention]) -> tuple[Document, list[Mention]]:
    """The document-level signals (headline lists, share and credit lines) on one document:
    its chrome characters counted, its mentions there marked."""
    chrome = cue_lines(doc.text or "")
    marked = []
    for mention in mentions:
        reason = reason_at(chrome, mention.start_char)
        marked.append(replace(mention, in_chrome=True, chrome_reason=str(reason)) if reason else mention)
    return replace(doc, chrome_chars=doc.chrome_chars + chrome_chars(chrome)), marked


def chrome_chars(chrome: list[ChromeLine]) -> int:
    return sum(line.end - line.start for line in chrome)


def reason_at(chrome: list[ChromeLine], start: int) -> ChromeReason | None:
    """The reason of the chrome line a span starts in, if it does. The lines are in text order and
    do not overlap, so they are bisected: a scan per mention made long documents quadratic."""
    i = bisect.bisect_right(chrome, start, key=attrgetter("start")) - 1
    return chrome[i].reason if i >= 0 and start < chrome[i].end else None
