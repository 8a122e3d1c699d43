"""HTML pages as they are scraped: recognised by their bytes, decoded by the charset they declare,
reduced to the article by trafilatura (main text, title, publication date, URL).

Why trafilatura: measured against jusText and readability-lxml on real and generated news pages
(`python -m benchmarks.html_extractors`, numbers in the README); it also gives the title and the
date, which the others do not. The page's `documents.text` is the title, a blank line and the
extracted paragraphs; all offsets index into it. What the extractor left out (navigation,
footers, lists of other articles), and the lines the page's structure marks as captions, teaser
cards or links to other stories (`html_chrome`), are counted as chrome, not kept.
"""

from __future__ import annotations

import codecs
import copy
import datetime
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import lxml.html
from lxml.etree import ParserError

from pipeline.ingest.charsets import decode_as, label_encoding, meta_encoding
from pipeline.ingest.encoding import DecodeFailure, decode_bytes, reads_as_text
from pipeline.ingest.html_chrome import structural_chrome, without_chrome_lines
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
"""How much of the start is looked at to tell a page by its bytes."""

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
    root = parse_page(_XML_DECLARATION.sub("", markup, count=1))
    page_title = root.findtext(".//title")
    has_scripts = root.find(".//script") is not None
    visible = _visible_text(copy.deepcopy(root))
    if not visible.strip():
        raise DecodeFailure(Status.NO_TEXT, _NO_TEXT_WITH_SCRIPTS if has_scripts else _NO_TEXT)
    chrome = structural_chrome(root, url, page_title)
    import trafilatura  # here: a third of a second to import, and most corpora have no pages

    extracted = trafilatura.bare_extraction(  # the parsed tree, so trafilatura reads the whole page too
        root, url=url, with_metadata=True, include_comments=False, include_tables=True, deduplicate=False,
        date_extraction_params=_DATE_PARAMS, prune_xpath=chrome_prune_xpaths(),
    )
    body = (extracted.text or "").strip() if extracted is not None else ""
    if not body:  # too little text for the extractor to call anything the article: keep it all
        body = "\n".join(line.strip() for line in visible.splitlines() if line.strip())
    title = _clean(extracted.title if extracted is not None and extracted.title else page_title)
    if extracted is not None:
        title = title_without_site_name(title, [extracted.sitename or ""], url or extracted.url)
    body = without_chrome_lines(body, chrome, title)  # counted in dropped_chars below
    text = body if not title or body.startswith(title) else f"{title}\n\n{body}"
    return Page(
        text=text,
        title=title or None,
        published=_date(extracted.date if extracted is not None else None),
        url=url or (extracted.url if extracted is not None else None),
        encoding=encoding,
        dropped_chars=max(0, _visible_chars(visible) - _visible_chars(body)),
    )


_NO_TEXT_WITH_SCRIPTS = (
    "the page has no visible text (only markup and scripts): it is probably filled in by JavaScript in the "
    "browser; save the page as rendered, or the article's text"
)
_NO_TEXT = "the page has no visible text, only markup (tags with no text between them); check that it was saved whole"


def decode_page(raw: bytes, http_charset: str | None = None) -> tuple[str, str]:
    """The page's markup and how it was decoded, as the WHATWG rules read it: a byte-order mark,
    else the charset the server declares, else the one the page's <meta> declares (see
    `charsets`), else the bytes' own evidence (`decode_bytes`).

    A declaration is a claim, and scraped pages often lie: a page re-saved as UTF-8 still says
    windows-1251, a UTF-8 page says koi8-r. A declared charset is used when the bytes are valid
    in it and the text reads as text (`reads_as_text`); when it does not and the bytes' own
    evidence names another codec, the bytes win, and the encoding is reported as
    "<codec> (declared <encoding>)". A declared reading that is valid but reads as no language
    we know (Greek, Chinese) is kept when the bytes name nothing better."""
    declared = [] if raw.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else list(
        dict.fromkeys(e for e in (label_encoding(http_charset), meta_encoding(raw)) if e is not None))
    valid = []
    for encoding in declared:
        try:
            markup = decode_as(raw, encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" or reads_as_text(markup):
            return markup, _noted(encoding, declared)
        valid.append((markup, encoding))
    try:
        decoded = decode_bytes(raw)
    except DecodeFailure:
        if valid:
            return valid[0][0], _noted(valid[0][1], declared)
        raise
    return decoded.text, _noted(decoded.encoding, declared)


def _noted(encoding: str, declared: list[str]) -> str:
    """The encoding used, and the first declared one when it was not that."""
    return f"{encoding} (declared {declared[0]})" if declared and declared[0] != encoding else encoding


MAX_DEPTH = 64
"""Elements nested deeper than this are opened at this depth instead, as Blink does at 512
(kMaximumHTMLParserDOMTreeDepth): libxml2 stops the whole parse at 256 levels (2,048 with
`huge_tree`), so a forum page with 300 unclosed <font> tags lost its last posts, and trafilatura's
time and memory grow with depth times size (a generated 3 MB page of 30,000 posts in unclosed
<font> tags: 36.8 s and 2.7 GB at 512 levels, 9.9 s and 512 MiB at 64; the same posts side by
side 8.2 s and 200 MiB; one run after the other). Real pages are far shallower: at most 28
levels on the 110 pages of trafilatura's test set, 30 on the 53 of `gold/real_pages`."""

_VOID = frozenset("area base br col embed hr img input keygen link meta param source track wbr".split())
_RAW_TEXT = frozenset("script style textarea title xmp iframe noembed noframes plaintext".split())
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/<>]*)(?:[^<>\"']|\"[^\"]*\"|'[^']*')*+>")
"""A start or end tag; unquoted, it never spans another '<', so a page full of unclosed tags
costs one pass."""


def parse_page(markup: str) -> lxml.html.HtmlElement:
    """The whole page as an lxml tree, whatever its depth: a page nested deeper than `MAX_DEPTH`
    is parsed again with its deeper elements opened at that depth (`_capped_nesting`), so no text
    is cut off and the cost is bounded by the size of the page (at most `[ingest] max_file_bytes`).
    trafilatura's own parser settings (comments and processing instructions dropped), with
    `huge_tree`: no 10 MB limit on a text node."""
    root = _parse(markup)
    return _parse(_capped_nesting(markup, MAX_DEPTH)) if _deeper_than(root, MAX_DEPTH) else root


def _parse(markup: str) -> lxml.html.HtmlElement:
    parser = lxml.html.HTMLParser(huge_tree=True, collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(markup, parser=parser)
    except (ParserError, ValueError):
        return lxml.html.document_fromstring("<html><body></body></html>")


def _deeper_than(root: lxml.html.HtmlElement, depth: int) -> bool:
    """Whether an element lies more than `depth` levels below <html>: one XPath step per level,
    evaluated by libxml2 in one pass over the tree."""
    return root.xpath(f"boolean(/{'/'.join(['*'] * (depth + 2))})")


def _capped_nesting(markup: str, limit: int) -> str:
    """The markup with an element that would open deeper than `limit` opened beside the deepest
    one instead (an end tag for that one is put before it), as Blink attaches such elements to
    the deepest allowed parent: every element and its text stay, the tree stays shallow. Open
    elements are tracked as a browser would roughly (an end tag closes up to its element; void
    elements never open; script and style text is no markup), in one pass; the markup comes back
    unchanged when nothing is that deep."""
    stack: list[str] = []
    open_names: Counter[str] = Counter()
    pieces, copied, position = [], 0, 0
    while match := _TAG.search(markup, position):
        position = match.end()
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID or match.group(0).endswith("/>"):
            continue
        if closing:
            if open_names[name]:
                while (top := stack.pop()) != name:
                    open_names[top] -= 1
                open_names[name] -= 1
            continue
        if len(stack) >= limit:
            top = stack.pop()
            open_names[top] -= 1
            pieces += [markup[copied:match.start()], f"</{top}>"]
            copied = match.start()
        stack.append(name)
        open_names[name] += 1
        if name in _RAW_TEXT:  # its text is no markup: on to its end tag
            end = re.compile(rf"</{name}[\s/>]", re.IGNORECASE).search(markup, position)
            position = end.start() if end else len(markup)
    if not pieces:
        return markup
    pieces.append(markup[copied:])
    return "".join(pieces)


def _reject_truncated(markup: str, n_bytes: int) -> None:
    ending = markup[-_END_WINDOW:]
    if _OPENING_TAG.search(markup[:_END_WINDOW * 4]) and not _CLOSING_TAG.search(ending):
        tail = " ".join(markup[-60:].split())
        raise DecodeFailure(
            Status.TRUNCATED,
            f"the page opens <html>/<body> but ends without closing them (after {n_bytes:,} bytes, "
            f"ending '{tail}'): the download was probably cut off; fetch the page again",
        )


def _visible_text(root: lxml.html.HtmlElement) -> str:
    """The text a reader sees in the page's body (scripts, styles and templates left out); the tree is changed."""
    for element in root.iter(*_INVISIBLE):
        element.drop_tree()
    body = root.find("body")
    return (body if body is not None else root).text_content()


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
