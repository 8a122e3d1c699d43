"""HTML pages as they are scraped: recognised by their bytes, decoded by the charset they declare,
reduced to the article by trafilatura (main text, title, publication date, URL).

Why trafilatura: measured against jusText and readability-lxml on real and generated news pages
(`python -m benchmarks.html_extractors`, numbers in the README); it also gives the title and the
date, which the others do not. The page's `documents.text` is the title, a blank line and the
extracted paragraphs; all offsets index into it. What the extractor left out (navigation,
footers, lists of other articles) is counted as chrome, not kept.
"""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

import lxml.html
from lxml.etree import ParserError

from pipeline.ingest.encoding import DecodeFailure, canonical_encoding, decode_bytes
from pipeline.resources.word_lists import chrome_cues
from pipeline.status import Status
from pipeline.text.titles import title_without_site_name

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")

# The WHATWG MIME sniffing patterns for text/html (mimesniff, "identifying a resource with an
# unknown MIME type"): after leading whitespace, one of these tags followed by a space or '>'.
_SNIFF_TAGS = (b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div", b"<font",
               b"<table", b"<a", b"<style", b"<title", b"<b", b"<body", b"<br", b"<p", b"<!--")
_TAG_END = b" >\t\n\r\x0c"

_SNIFF_BYTES = 4096
"""The HTML standard looks for a <meta charset> in the first 1024 bytes; pages with long
<head> scripts put it later, so a little more is read."""

_META_CHARSET = re.compile(
    rb"""<meta[^>]*?(?:charset\s*=\s*["']?\s*|http-equiv\s*=\s*["']?content-type["']?[^>]*?charset\s*=\s*)([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_INVISIBLE = ("script", "style", "noscript", "template")
_CLOSING_TAG = re.compile(r"</(?:html|body)\s*>", re.IGNORECASE)
_OPENING_TAG = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_END_WINDOW = 4096
"""A complete page closes </body> or </html> near its end (only comments or scripts after it)."""


_DATE_PARAMS = {"original_date": True, "extensive_search": True, "max_date": "2099-12-31"}
"""trafilatura's date defaults, but a fixed latest date instead of today's: the same page gives
the same `published` whenever it is read."""


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published: datetime.date | None
    url: str | None
    encoding: str
    dropped_chars: int  # visible characters (not whitespace) the extractor judged page chrome


def looks_like_html(raw: bytes, name: str) -> bool:
    """An HTML file by its name or, whatever it is called, by how its bytes start."""
    if name.lower().endswith(HTML_SUFFIXES):
        return True
    head = raw[:_SNIFF_BYTES].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    return any(
        head.startswith(tag) and len(head) > len(tag) and head[len(tag)] in _TAG_END for tag in _SNIFF_TAGS
    )


def read_page(raw: bytes, http_charset: str | None = None, url: str | None = None) -> Page:
    """The article in a page's bytes, or DecodeFailure with a status and what to do."""
    markup, encoding = decode_page(raw, http_charset)
    _reject_truncated(markup, len(raw))
    markup = _XML_DECLARATION.sub("", markup, count=1)
    visible = _visible_text(markup)
    if not visible.strip():
        raise DecodeFailure(
            Status.NO_TEXT,
            "the page has no visible text (only markup and scripts): it is probably filled in by "
            "JavaScript in the browser; save the page as rendered, or the article's text",
        )
    import trafilatura  # here: a third of a second to import, and most corpora have no pages

    extracted = trafilatura.bare_extraction(
        markup, url=url, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False,
        date_extraction_params=_DATE_PARAMS, prune_xpath=chrome_prune_xpaths(),
    )
    body = (extracted.text or "").strip() if extracted is not None else ""
    if not body:  # too little text for the extractor to call anything the article: keep it all
        body = "\n".join(line.strip() for line in visible.splitlines() if line.strip())
    title = _clean(extracted.title if extracted is not None and extracted.title else _page_title(markup))
    if extracted is not None:
        title = title_without_site_name(title, [extracted.sitename or ""], url or extracted.url)
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    return Page(
        text=text,
        title=title or None,
        published=_date(extracted.date if extracted is not None else None),
        url=url or (extracted.url if extracted is not None else None),
        encoding=encoding,
        dropped_chars=max(0, _visible_chars(visible) - _visible_chars(body)),
    )


def decode_page(raw: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """The page's markup and the codec used: a byte-order mark, else the charset the server or
    the page declares when the bytes really are in it, else the bytes' own evidence
    (`decode_bytes`). A declared charset the bytes contradict is a common scraping fault
    (a page re-saved as UTF-8 that still says windows-1251); the bytes win, and
    `documents.encoding` says which codec was used."""
    if not raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        for label in (http_charset, declared_charset(raw)):
            codec = _codec(label)
            if codec is not None:
                try:
                    return raw.decode(codec), canonical_encoding(codec)
                except UnicodeDecodeError:
                    pass
    decoded = decode_bytes(raw)
    return decoded.text, decoded.encoding


def declared_charset(raw: bytes) -> str | None:
    """The charset a <meta charset> or <meta http-equiv="Content-Type"> names, if any."""
    match = _META_CHARSET.search(raw[:_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def _codec(label: str | None) -> str | None:
    """A charset label as a Python codec; WHATWG reads latin-1 and ASCII labels as windows-1252."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().lower()).name
    except LookupError:
        return None
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _reject_truncated(markup: str, n_bytes: int) -> None:
    ending = markup[-_END_WINDOW:]
    if _OPENING_TAG.search(markup[:_END_WINDOW * 4]) and not _CLOSING_TAG.search(ending):
        tail = " ".join(markup[-60:].split())
        raise DecodeFailure(
            Status.TRUNCATED,
            f"the page opens <html>/<body> but ends without closing them (after {n_bytes:,} bytes, "
            f"ending '{tail}'): the download was probably cut off; fetch the page again",
        )


def _visible_text(markup: str) -> str:
    """The text a reader sees in the page's body (scripts, styles and templates left out)."""
    try:
        root = lxml.html.document_fromstring(markup)
    except (ParserError, ValueError):
        return ""
    for element in root.iter(*_INVISIBLE):
        element.drop_tree()
    body = root.find("body")
    return (body if body is not None else root).text_content()


def _page_title(markup: str) -> str | None:
    try:
        title = lxml.html.document_fromstring(markup).findtext(".//title")
    except (ParserError, ValueError):
        return None
    return title


_UPPER, _LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"
_BLOCK_TAGS = ("div", "section", "aside", "p", "span", "figure", "figcaption", "h2", "h3", "h4", "h5", "h6", "a", "i", "em", "ul", "ol", "li")
_LIST_TAGS = ("ul", "ol", "li")


@lru_cache(maxsize=1)
def chrome_prune_xpaths() -> list[str]:
    """XPaths of the page elements trafilatura should drop before it looks for the article: those
    whose class or id names a kind of chrome it keeps by itself (bylines, galleries and slide shows,
    inline links to other stories, wire credits, teaser streams), from `models/chrome_cues.json`.
    On the 53 real pages of `gold/real_pages` (`python -m benchmarks.real_pages`) they remove most
    of the chrome trafilatura kept on 6 pages and cost one paragraph on one page."""
    classes = chrome_cues()["html_classes"]

    def path(tags: tuple[str, ...], tokens: list[str]) -> str:
        named = " or ".join(
            f"contains(translate(@{attribute},'{_UPPER}','{_LOWER}'),'{token}')" for token in tokens for attribute in ("class", "id")
        )
        return f"//*[{' or '.join(f'self::{tag}' for tag in tags)}][{named}]"

    return [path(_BLOCK_TAGS, classes["blocks"]), path(_LIST_TAGS, classes["lists"])]


def _clean(text: str | None) -> str:
    return " ".join(text.split()) if text else ""


def _visible_chars(text: str) -> int:
    return len("".join(text.split()))


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
