"""Page chrome: the lines of a scraped page that belong to the site, not to the article.

Signals, strongest first:
1. `repeated_line`: a line that appears verbatim in several documents of the corpus (site
   footers, standing notices). Corpus-wide, so it is a separate streaming tally (`LineTally`)
   applied when the mentions are finalised; a document most of whose lines repeat is a copy
   of an article (syndication), not chrome, and keeps its lines.
2. `site_name`: the site's name in a title, known because several pages of the site share it
   (`CorpusChrome`, the same pass).
3. `headline_list`: other articles' headlines: a block under a heading such as "Last news" or
   «Читайте также», a teaser line ("Related: …", "[Read: …]"), a run of title-case lines.
4. `share_line` / `credit_line`: share bars, subscribe/follow-us footers and the site's notices;
   photo, copyright and reporting credits, bylines, author bios, lines of names only.
5. `about_footer`: a press release's "About <company>" boilerplate, to the end.
Every signal but the corpus-wide ones reads one document's own lines, because a corpus with one
page per site has no repeated lines: measured on 53 real pages (`benchmarks/real_pages.py`).
Cue words and patterns are data (`models/chrome_cues.json`). Entities keep all their mentions;
`mentions.in_chrome` and `mentions.chrome_reason` say which ones sit in chrome, `in_title` which
ones are in the title line.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from operator import attrgetter

from pipeline.labels import PER
from pipeline.records import Document, Mention
from pipeline.resources.word_lists import chrome_cues
from pipeline.text.titles import site_of, title_affixes



class ChromeReason(StrEnum):
    """`mentions.chrome_reason`: why a mention's line was judged page chrome."""

    REPEATED_LINE = "repeated_line"
    HEADLINE_LIST = "headline_list"
    SHARE_LINE = "share_line"
    CREDIT_LINE = "credit_line"
    ABOUT_FOOTER = "about_footer"
    SITE_NAME = "site_name"


@dataclass(frozen=True)
class ChromeLine:
    start: int
    end: int  # exclusive, without the newline
    reason: ChromeReason


@dataclass(frozen=True)
class Cues:
    block_headings: frozenset[str]
    teaser_patterns: tuple[re.Pattern, ...]
    share_prefixes: tuple[str, ...]
    subscribe_phrases: tuple[str, ...]
    ui_lines: frozenset[str]
    ui_patterns: tuple[re.Pattern, ...]
    credit_prefixes: tuple[str, ...]
    credit_patterns: tuple[re.Pattern, ...]
    bio_patterns: tuple[re.Pattern, ...]
    about_prefixes: tuple[str, ...]
    footer_headings: frozenset[str]
    max_headline_chars: int
    max_cue_line_chars: int
    max_bio_chars: int
    bio_last_lines: int
    min_headline_run: int


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    data = chrome_cues()

    def values(key: str) -> list[str]:
        return [value for lang, entries in data[key].items() if not lang.startswith("_") for value in entries]

    def words(key: str) -> list[str]:
        return [word.casefold() for word in values(key)]

    def patterns(key: str) -> tuple[re.Pattern, ...]:
        return tuple(re.compile(pattern) for pattern in values(key))

    return Cues(
        block_headings=frozenset(words("block_headings")),
        teaser_patterns=patterns("teaser_patterns"),
        share_prefixes=tuple(words("share_prefixes")),
        subscribe_phrases=tuple(words("subscribe_phrases")),
        ui_lines=frozenset(words("ui_lines")),
        ui_patterns=patterns("ui_patterns"),
        credit_prefixes=tuple(words("credit_prefixes")),
        credit_patterns=patterns("credit_patterns"),
        bio_patterns=patterns("bio_patterns"),
        about_prefixes=tuple(words("about_prefixes")),
        footer_headings=frozenset(words("footer_headings")),
        max_headline_chars=data["max_headline_chars"],
        max_cue_line_chars=data["max_cue_line_chars"],
        max_bio_chars=data["max_bio_chars"],
        bio_last_lines=data["bio_last_lines"],
        min_headline_run=data["min_headline_run"],
    )


def lines(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, stripped line) for every non-blank line."""
    for match in re.finditer(r"[^\n]+", text):
        stripped = match.group().strip()
        if stripped:
            yield match.start(), match.end(), stripped


_LIST_MARK = re.compile(r"^(?:[-–—•·*▪►>]+\s+|[\[(]+\s*)+")
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DATED_END = re.compile(r"(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\b(?:19|20)\d{2}|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?)\W*$", re.IGNORECASE)
_SENTENCE_END = ".!;…:"
_SMALL_WORDS = 4
"""Words shorter than this (articles, prepositions) do not count for or against title case."""
_TITLE_CASE_SHARE = 0.6
_PROSE_WORDS = 8


def _bare(line: str) -> str:
    """The line without the list marks and brackets a teaser or button may carry."""
    return _LIST_MARK.sub("", line)


def _fold(line: str) -> str:
    return _bare(line).casefold()


def cue_lines(text: str, cues: Cues | None = None, names: Iterable[tuple[int, int]] = ()) -> list[ChromeLine]:
    """The lines of one document that its own wording marks as chrome (every signal but repeated
    lines). `names`: the spans of its person names, when known: a line that is only a name is a
    byline or a caption's subject."""
    cues = cues or load_cues()
    found: dict[int, ChromeLine] = {}
    all_lines = list(lines(text))
    footer = _footer_start(all_lines, cues)
    name_lines = _name_only_lines(text, names, cues) if names else set()
    in_block = False
    for index, (start, end, line) in enumerate(all_lines):
        folded = _fold(line)
        heading = folded.rstrip(" :.-–—»>]").strip()
        reason = None
        if index >= footer:
            reason = ChromeReason.ABOUT_FOOTER
        elif heading in cues.block_headings:
            in_block = True
        elif in_block and len(line) > cues.max_headline_chars:
            in_block = False  # article prose again
        if reason is None and (in_block or _starts_with(folded, [f"{h}:" for h in cues.block_headings]) or _matches(line, cues.teaser_patterns)):
            reason = ChromeReason.HEADLINE_LIST
        if reason is None and len(line) <= cues.max_cue_line_chars:
            reason = _cue_reason(line, folded, cues)
        if reason is None and index >= len(all_lines) - cues.bio_last_lines and len(line) <= cues.max_bio_chars:
            reason = ChromeReason.CREDIT_LINE if _matches(line, cues.bio_patterns) else None
        if reason is None and (start in name_lines or _hover_card(line)):
            reason = ChromeReason.CREDIT_LINE
        if reason is not None:
            found[start] = ChromeLine(start, end, reason)
    for start, end in _headline_runs(all_lines, found, cues):
        found[start] = ChromeLine(start, end, ChromeReason.HEADLINE_LIST)
    return sorted(found.values(), key=lambda line: line.start)


def _cue_reason(line: str, folded: str, cues: Cues) -> ChromeReason | None:
    if (_starts_with(folded, cues.share_prefixes) or any(phrase in folded for phrase in cues.subscribe_phrases)
            or folded.strip(" .") in cues.ui_lines or folded in cues.ui_lines or _matches(line, cues.ui_patterns)):
        return ChromeReason.SHARE_LINE
    if _starts_with(folded, cues.credit_prefixes) or _matches(line, cues.credit_patterns):
        return ChromeReason.CREDIT_LINE
    return None


def _matches(line: str, patterns: Iterable[re.Pattern]) -> bool:
    """A pattern matches the line as written or without its list marks."""
    bare = _bare(line)
    return any(pattern.search(line) or pattern.search(bare) for pattern in patterns)


def _starts_with(folded: str, prefixes: Iterable[str]) -> bool:
    """The line starts with a cue as a whole word ('share' starts 'Share:' but not 'Shares')."""
    return any(
        folded.startswith(prefix) and (len(folded) == len(prefix) or not (prefix[-1].isalnum() and folded[len(prefix)].isalnum()))
        for prefix in prefixes
    )


def _footer_start(all_lines: list[tuple[int, int, str]], cues: Cues) -> int:
    """Index of the first line of a press release's footer ('About Acme Corp.' followed by 'Acme
    Corp. is ...', or a heading such as 'Media contact') in the document's second half; past the
    end when there is none."""
    for index in range(len(all_lines) // 2, len(all_lines)):
        line = all_lines[index][2]
        folded = _fold(line)
        if folded.rstrip(" :").strip() in cues.footer_headings:
            return index
        for prefix in cues.about_prefixes:
            if folded.startswith(prefix + " ") and len(line) <= 80 and index + 1 < len(all_lines):
                name = line[len(prefix) + 1 :].strip(" :")
                first_word = name.split()[0] if name.split() else ""
                if first_word[:1].isupper() and all_lines[index + 1][2].startswith(first_word):
                    return index
    return len(all_lines)


def _name_only_lines(text: str, names: Iterable[tuple[int, int]], cues: Cues) -> set[int]:
    """Starts of the short lines that hold nothing but person names and punctuation: a byline
    ('Jane Doe'), a caption's subject."""
    by_line: dict[int, list[tuple[int, int]]] = {}
    newlines = [match.start() for match in re.finditer("\n", text)]  # bisected: a search back per name was quadratic on one long line
    for start, end in names:
        before = bisect.bisect_left(newlines, start)
        by_line.setdefault(newlines[before - 1] + 1 if before else 0, []).append((start, end))
    found = set()
    for line_start, spans in by_line.items():
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start > cues.max_headline_chars:
            continue
        rest = list(text[line_start:line_end])
        for start, end in spans:
            rest[start - line_start : end - line_start] = " " * (end - start)
        if not _WORD.search("".join(rest)):
            found.add(line_start)
    return found


_HOVER_CARD = re.compile(r"([A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})\1")


def _hover_card(line: str) -> bool:
    """A name glued to itself ('Jane DoeJane Doe…'): an author card's text run together."""
    return bool(_HOVER_CARD.search(line))


def _headline_runs(all_lines: list[tuple[int, int, str]], found: dict[int, ChromeLine], cues: Cues) -> list[tuple[int, int]]:
    """Lists of other articles' headlines without a heading: at least `min_headline_run`
    consecutive short lines that are not sentences, each in title case or ending with a date, and
    not introduced by the article (a line ending with ':' before them)."""
    spans, run = [], []
    if not any(_prose(line, cues) for _, _, line in all_lines):
        return spans  # a list, a table or a headline on its own is the document, not its chrome

    def close() -> None:
        if len(run) >= cues.min_headline_run:
            spans.extend(run)
        run.clear()

    for index, (start, end, line) in enumerate(all_lines):
        if start not in found and _headline_like(line, cues):
            if not run and index and all_lines[index - 1][2].endswith(":"):
                continue  # a list the article introduces
            run.append((start, end))
        else:
            close()
    close()
    return spans


def _prose(line: str, cues: Cues) -> bool:
    """A sentence of article text: a long line, or one ending as a sentence does."""
    return len(line) > cues.max_headline_chars or (line[-1] in ".!?…»”\"" and len(_WORD.findall(line)) >= _PROSE_WORDS)


def _headline_like(line: str, cues: Cues) -> bool:
    if len(line) > cues.max_headline_chars or line[-1] in _SENTENCE_END:
        return False
    words = _WORD.findall(line)
    if len(words) < 3:
        return False
    if _DATED_END.search(line):
        return True
    long_words = [word for word in words if len(word) >= _SMALL_WORDS]
    capitalised = sum(word[0].isupper() for word in long_words)
    return capitalised >= 2 and capitalised >= _TITLE_CASE_SHARE * len(long_words)


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

    def add_counts(self, counts: Iterable[tuple[int, int]]) -> None:
        """(fingerprint, documents) pairs counted elsewhere: the run's reduce counts per part of
        the corpus on its workers and adds them up."""
        for fingerprint, n in counts:
            self.counts[fingerprint] = self.counts.get(fingerprint, 0) + n

    def is_repeated(self, fingerprint: int) -> bool:
        return self.counts.get(fingerprint, 0) >= self.min_documents


class CorpusChrome:
    """The corpus-wide signals: `observe` each document as it streams by; once all are seen,
    `finish_document` each document (before its mentions) and take its `title`, then
    `finish_mention`.

    Two tallies: the lines of the corpus (`repeated_line`), and per site (the host of
    `documents.url`) the first and last parts of its pages' titles: a part that `min_documents`
    pages of a site share ('… - Daily Planet') is the site's name, left out of `documents.title`,
    and its mentions in the title line are `site_name` chrome (the text keeps it: offsets index
    into it). Besides the tallies it keeps, until the mentions are finished, the repeated lines and
    the site-name span of the documents that have any."""

    def __init__(self, min_line_chars: int, min_documents: int, max_repeated_share: float):
        self.min_line_chars = min_line_chars
        self.max_repeated_share = max_repeated_share
        self.tally = LineTally(min_documents)
        self.title_tally = LineTally(min_documents)
        self._repeated: dict[str, list[ChromeLine]] = {}
        self._titles: dict[str, tuple[str, ChromeLine]] = {}

    def observe(self, text: str, title: str | None = None, url: str | None = None) -> None:
        self.tally.observe(fp for _, _, fp in fingerprinted_lines(text, self.min_line_chars))
        self.title_tally.observe(title_fingerprints(title, url))

    def finish_document(self, doc_id: str, text: str | None, title: str | None = None, url: str | None = None) -> int:
        """Characters of the document's repeated lines that its cue lines did not already count.
        A document most of whose text repeats is a copy of another article (syndication): its
        lines are its article, not chrome."""
        if not text:
            return 0
        self._find_site_name(doc_id, text, title, url)
        repeated = [ChromeLine(s, e, ChromeReason.REPEATED_LINE)
                    for s, e, fp in fingerprinted_lines(text, self.min_line_chars) if self.tally.is_repeated(fp)]
        if not repeated or chrome_chars(repeated) > self.max_repeated_share * len(text.strip()):
            return 0
        self._repeated[doc_id] = repeated
        already = {line.start for line in cue_lines(text)}
        return chrome_chars([line for line in repeated if line.start not in already])

    def title(self, doc_id: str, title: str | None) -> str | None:
        """The document's title without a site name its site's pages share (after `finish_document`)."""
        return self._titles[doc_id][0] if doc_id in self._titles else title

    def finish_mention(self, doc_id: str, start: int, reason: str | None) -> str | None:
        """The mention's final chrome reason: a repeated line is the strongest signal, then a site name."""
        repeated = reason_at(self._repeated.get(doc_id, []), start)
        site_name = reason_at([self._titles[doc_id][1]], start) if doc_id in self._titles else None
        return repeated or site_name or reason

    def _find_site_name(self, doc_id: str, text: str, title: str | None, url: str | None) -> None:
        first, last = title_affixes(title or "")
        title_end = title_line_end(text)
        for affix, is_last in ((last, True), (first, False)):
            if affix is None or not self.title_tally.is_repeated(_affix_fingerprint(affix, url, is_last)):
                continue
            at = text.rfind(affix, 0, title_end) if is_last else text.find(affix, 0, title_end)
            stripped = (title[: title.rfind(affix)] if is_last else title[title.find(affix) + len(affix) :]).strip(" |–—•·:»/~-")
            if at >= 0 and stripped:
                self._titles[doc_id] = (stripped, ChromeLine(at, at + len(affix), ChromeReason.SITE_NAME))
                return


def title_fingerprints(title: str | None, url: str | None) -> list[int]:
    """What the site-name tally counts of one document: its title's first and last parts, each
    with its site (the run's reduce counts them per part of the corpus)."""
    first, last = title_affixes(title or "")
    return [_affix_fingerprint(affix, url, is_last) for affix, is_last in ((first, False), (last, True)) if affix and site_of(url)]


def _affix_fingerprint(affix: str, url: str | None, is_last: bool) -> int:
    return line_fingerprint(f"{site_of(url)}\t{'last' if is_last else 'first'}\t{affix}")


def mark_document(doc: Document, mentions: list[Mention]) -> tuple[Document, list[Mention]]:
    """The document-level signals (headline lists, share and credit lines, bylines and bios, press
    footers) on one document: its chrome characters counted, its mentions there marked."""
    text = doc.text or ""
    names = [(m.start_char, m.end_char) for m in mentions if m.label == PER]
    chrome = cue_lines(text, names=names)
    title_end = title_line_end(text)
    marked = []
    for mention in mentions:
        reason = reason_at(chrome, mention.start_char)
        if reason:
            mention = replace(mention, in_chrome=True, chrome_reason=str(reason))
        marked.append(replace(mention, in_title=True) if mention.start_char < title_end else mention)
    return replace(doc, chrome_chars=doc.chrome_chars + chrome_chars(chrome)), marked


def title_line_end(text: str) -> int:
    """Where the document's first non-empty line ends: the title (`Document.title`), which an HTML
    page's text starts with and a scraped text file usually does."""
    first = next(lines(text), None)
    return first[1] if first else 0


def article_text(text: str) -> str:
    """The text without the lines its own wording marks as chrome: what decisions about the
    article (its language) should read. Blank where the chrome was; offsets are not kept."""
    pieces, position = [], 0
    for line in cue_lines(text):
        pieces.append(text[position : line.start])
        position = line.end
    pieces.append(text[position:])
    return "".join(pieces)


def chrome_chars(chrome: list[ChromeLine]) -> int:
    return sum(line.end - line.start for line in chrome)


def reason_at(chrome: list[ChromeLine], start: int) -> ChromeReason | None:
    """The reason of the chrome line a span starts in, if it does. The lines are in text order and
    do not overlap, so they are bisected: a scan per mention made long documents quadratic."""
    i = bisect.bisect_right(chrome, start, key=attrgetter("start")) - 1
    return chrome[i].reason if i >= 0 and start < chrome[i].end else None
