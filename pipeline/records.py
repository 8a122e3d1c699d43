"""Plain typed records passed between stages: each stage takes these in and gives these out."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from pipeline.status import Status

TEXT, HTML = "text", "html"
"""`documents.format`: what the document's bytes were, plain text or an HTML page."""


@dataclass(frozen=True)
class Document:
    """One input file, as ingested and then enriched by later stages."""

    doc_id: str
    path: str  # relative to the input root, POSIX separators
    sha256: str | None
    n_bytes: int | None
    text: str | None  # the exact decoded text all offsets index into
    encoding: str | None = None
    status: Status = Status.OK
    error: str | None = None
    lang: str | None = None
    lang_prob: float | None = None
    lang_reliable: bool | None = None
    lang_mix: float | None = None
    lang_first: str | None = None  # langdetect's answer
    lang_second: str | None = None  # the second detector's answer
    lang_second_prob: float | None = None
    lang_evidence: str | None = None  # what decided `lang` (pipeline.language.Evidence)
    duplicate_of: str | None = None
    published: datetime.date | None = None
    format: str | None = None  # TEXT or HTML once the bytes were read
    url: str | None = None  # the page's address: its WARC record's, else its canonical link
    page_title: str | None = None  # an HTML page's own title
    chrome_chars: int = 0  # characters judged page chrome: left out of an HTML page, or chrome lines of text

    @property
    def title(self) -> str | None:
        """The page's own title, else the first non-empty line: for scraped news usually the headline."""
        if self.page_title or not self.text:
            return self.page_title
        return next((line.strip() for line in self.text.splitlines() if line.strip()), None)

    @property
    def n_chars(self) -> int | None:
        return None if self.text is None else len(self.text)

    @property
    def is_ok(self) -> bool:
        return self.status == Status.OK

    def failed(self, status: Status, error: str) -> Document:
        return replace(self, status=status, error=error)

    def as_ingested(self) -> Document:
        """The document as ingest left a usable file: what the later stages set, cleared."""
        return replace(
            self,
            status=Status.OK,
            error=None,
            **{name: None for name in self.__dataclass_fields__ if name.startswith("lang")},
            published=None,
        )

    @classmethod
    def from_row(cls, row: dict) -> Document:
        """A document back from its `documents` row (the derived columns are recomputed)."""
        values = {name: row[name] for name in cls.__dataclass_fields__ if name != "page_title"}
        page_title = row["title"] if row["format"] == HTML else None  # the `title` column is the page's own
        return cls(**{**values, "status": Status(values["status"]), "page_title": page_title})


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention: a character span of `Document.text` with a schema label."""

    doc_id: str
    start_char: int
    end_char: int
    text: str
    label: str  # PER, ORG, LOC or DATE
    sentence: int
    source: str  # which component produced it
    context: str | None = None  # the mention's sentence, cut to a bounded length around it
    lang: str | None = None  # the mention's own language (its script), set by normalisation
    gazetteer_id: str | None = None  # the gazetteer entry a rule matched, carried from NER to linking
    folded: bool = False  # look-alike letters of the other script in it were folded before NER
    normalized: str | None = None
    entity_key: str | None = None  # canonical key, set by linking
    date_value: str | None = None
    date_start: datetime.date | None = None
    date_end: datetime.date | None = None
    date_granularity: str | None = None
    in_chrome: bool = False  # in a line of page chrome (pipeline/chrome.py), not the article
    chrome_reason: str | None = None
    in_title: bool = False  # in the document's first line, its title (`documents.title`)

    @property
    def mention_id(self) -> str:
        """Derived from the span, so ids survive changes elsewhere in the document."""
        return f"{self.doc_id}:{self.start_char}-{self.end_char}"


@dataclass
class Entity:
    """A canonical entity aggregated over all its mentions in the corpus."""

    entity_id: str
    label: str
    name: str
    name_ru: str | None = None
    wikidata_id: str | None = None
    aliases: set[str] = field(default_factory=set)
    langs: set[str] = field(default_factory=set)
    n_mentions: int = 0
    n_mentions_article: int = 0  # mentions outside page chrome
    n_docs: int = 0
