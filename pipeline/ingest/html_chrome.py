"""Page chrome an HTML page shows by its structure, not by its class names or its wording: image
captions, teaser cards of other articles, a paragraph that is only a link to another story. Their
lines leave the page's text (`documents.chrome_chars` counts them), as the elements whose class
names chrome do.

Why structure: a class names a kind of chrome on the sites that use that name (`chrome_prune_xpaths`),
and a line's wording marks chrome in any text (`pipeline.chrome`); a caption written after its
picture without a class or a credit, or a module of teasers with their columnists' names, has
neither, but the page ties it to an image or to a link. Measured on `gold/real_pages`
(`python -m benchmarks.real_pages`, numbers in the README): these three rules take 27 of the 35
chrome mentions that were neither dropped nor flagged, and cost no article text there or on
trafilatura's 110 test pages. The elements are found on the whole page (`structural_chrome`,
before trafilatura) and their lines taken out of its text after it (`without_chrome_lines`)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

import lxml.html
from courlan import is_external

from pipeline.resources.word_lists import chrome_cues

_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"[\W_]+")
_BLOCKS = frozenset("p li figcaption div dd td caption blockquote section article figure ul ol dl table".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_HIDDEN = "ancestor::script or ancestor::style or ancestor::noscript or ancestor::template"

MIN_SHARED_WORDS = 4
"""A caption shares at least this many words with the alt text of the image(s) before it: three
or fewer ('Jane Doe, 2019') are as likely a paragraph naming the same person."""
CAPTION_FROM_ALT = 0.6
"""Share of a block's distinct words that must come from the alt text of the images just before it
for it to be their caption: a caption usually is its picture's alt text, reworded a little (the
photo-essay captions of `gold/real_pages` share 74-100 % of their words with it); one that adds a
sentence of its own falls below and stays."""
MAX_CARD_CHARS = 500
"""A teaser card (thumbnail, kicker, headline, byline, standfirst) is short; an element holding both
links and more text than this is the page or the article, not a card."""
MIN_LINK_WORDS = 3
"""A headline has at least this many words; 'More', 'Photos', 'Read more' do not."""
_NOT_PAGES = re.compile(r"^(?:javascript|mailto|tel|data):|\.(?:jpe?g|png|gif|webp|svg|pdf)(?:[?#]|$)", re.IGNORECASE)


def structural_chrome(root: lxml.html.HtmlElement, url: str | None, title: str | None) -> list[str]:
    """The texts (`text_key`) of the page elements its structure marks as chrome. `url`: the page's
    address (or None: see `_page_address`); `title`: the page's <title>, whose words a
    caption or card must not merely repeat (the article's own lead picture or card)."""
    page_url = url or _page_address(root)
    title_words = _words(title or "")
    elements = [*_captions(root, title_words), *_teaser_cards(root, page_url, title_words), *_story_links(root, page_url)]
    return [key for key in (text_key(element.text_content()) for element in elements) if key]


def without_chrome_lines(text: str, chrome: list[str], title: str | None) -> str:
    """The text without its lines (of `MIN_LINK_WORDS` words or more) that lie inside one of the
    chrome elements' texts, except elements that hold the article's headline (`title`: its own card
    in a list of other stories). Lines, not elements, so the extractor chooses the article on the
    whole page: dropping the elements before it changed that choice on 2 of trafilatura's 110 test
    pages (a product page lost its table)."""
    title_key = text_key(title or "")
    chrome = [key for key in chrome if not (title_key and title_key in key)]
    if not chrome:
        return text
    inside = _substring_test("\n".join(chrome))  # a key has no newline: a line's key is inside one element's key or none
    kept = [line for line in text.split("\n")
            if len(_WORD.findall(line)) < MIN_LINK_WORDS or not inside(text_key(line))]
    return "\n".join(kept)


_GRAM = 8
"""Characters of the index of `_substring_test`: a line of `MIN_LINK_WORDS` words has more."""


def _substring_test(joined: str):
    """`key in joined`, for many keys in linear time: the places of each `_GRAM` characters of
    `joined`, so a key is compared only where its start occurs (searching the whole chrome text
    for every line of a page grew with lines x chrome)."""
    places: dict[str, list[int]] = defaultdict(list)
    for i in range(len(joined) - _GRAM + 1):
        places[joined[i : i + _GRAM]].append(i)

    def inside(key: str) -> bool:
        if len(key) < _GRAM:
            return key in joined
        return any(joined.startswith(key, i) for i in places.get(key[:_GRAM], ()))

    return inside


def text_key(text: str) -> str:
    """What two renderings of a text share: its letters and digits, case folded (trafilatura adds
    list marks and table bars, and joins or splits spaces)."""
    return _NOT_WORD.sub("", text).casefold()


def _words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


def _repeats(words: set[str], title_words: set[str]) -> bool:
    """The element says what the title says (most of its words are the title's)."""
    return bool(title_words) and len(words & title_words) >= CAPTION_FROM_ALT * len(words)


def _captions(root: lxml.html.HtmlElement, title_words: set[str]) -> list[lxml.html.HtmlElement]:
    """Blocks right after one or more pictures (no other text between) whose words are mostly
    those pictures' alt text, or that start as a caption that places its pictures ('Clockwise from
    top: …', 'Above, …; right, …', «На фото: …»; `caption_starts` in `models/chrome_cues.json`):
    their caption, however it is marked up. A heading is never one (a listicle's subheading under
    its picture is article), nor a block before the picture (a heading or paragraph the CMS copied
    into the alt text: the article), nor a paragraph in the article's run of paragraphs (a CMS may
    copy the paragraph after a picture as well): a caption is set apart, in a list item, a
    figcaption, a block of its own."""
    starts = _caption_starts()
    found: list[lxml.html.HtmlElement] = []
    pending: set[str] | None = None  # alt words of the pictures since the last text; None: no picture since
    decided: dict[lxml.html.HtmlElement, bool] = {}
    for node in root.xpath(f"//body/descendant::img | //body/descendant::text()[normalize-space()][not({_HIDDEN})]"):
        if not isinstance(node, str):
            alt = _words(node.get("alt") or "")
            pending = (pending or set()) | (alt if len(alt) >= MIN_SHARED_WORDS else set())
            continue
        block = _block_of(node)
        if block is None or block in decided or any(decided.get(ancestor) for ancestor in block.iterancestors()):
            continue
        text = " ".join(block.text_content().split())
        words = _words(text)
        shared = words & (pending or set())
        is_caption = (pending is not None and block.tag not in _HEADINGS and not _among_paragraphs(block)
                      and not _repeats(words, title_words)
                      and ((len(shared) >= MIN_SHARED_WORDS and len(shared) >= CAPTION_FROM_ALT * len(words))
                           or any(start.search(text) for start in starts)))
        decided[block] = is_caption
        if is_caption:
            found.append(block)  # the next block may caption the next of the pictures: keep their words
        elif len(_words(str(node))) >= MIN_SHARED_WORDS:
            pending = None  # text of its own: the pictures before it are done
    return found


@lru_cache(maxsize=1)
def _caption_starts() -> tuple[re.Pattern, ...]:
    cues = chrome_cues()["caption_starts"]
    return tuple(re.compile(pattern) for lang, patterns in cues.items() if not lang.startswith("_") for pattern in patterns)


def _among_paragraphs(block: lxml.html.HtmlElement) -> bool:
    """A <p> beside other <p>s: a paragraph of the text, not a caption on its own."""
    parent = block.getparent()
    return block.tag == "p" and parent is not None and sum(child.tag == "p" for child in parent) >= 2


def _block_of(text_node) -> lxml.html.HtmlElement | None:
    """The nearest block element holding a text node (a tail belongs to its element's parent)."""
    element = text_node.getparent()
    if element is not None and text_node.is_tail:
        element = element.getparent()
    while element is not None and element.tag not in _BLOCKS and element.tag not in _HEADINGS:
        if element.tag == "body":
            return None
        element = element.getparent()
    return element


def _teaser_cards(root: lxml.html.HtmlElement, page_url: str | None, title_words: set[str]) -> list[lxml.html.HtmlElement]:
    """Cards of other articles: a thumbnail linked to a page and a headline (`MIN_LINK_WORDS`
    words or more) linked to the same page, with the short element that holds both (kicker,
    byline, standfirst and all). Not the page itself, nor an image file."""
    by_target: dict[str, list[lxml.html.HtmlElement]] = defaultdict(list)
    for link in root.xpath(f"//body/descendant::a[@href][not({_HIDDEN})]"):
        target = _target(link.get("href"), page_url)
        if target is not None:
            by_target[target].append(link)
    cards, texts = [], {}  # a module of teasers is the common ancestor of many targets: its text once
    for links in by_target.values():
        thumbnail = next((link for link in links if link.find(".//img") is not None), None)
        headline = next((link for link in links if len(_WORD.findall(link.text_content())) >= MIN_LINK_WORDS), None)
        if thumbnail is None or headline is None or headline.xpath("ancestor::blockquote or ancestor::q"):
            continue  # a quotation linked to its source is the article's, not a headline
        card = _common_ancestor(thumbnail, headline)
        if card is None or card.tag in ("body", "html"):
            continue
        if card not in texts:
            texts[card] = " ".join(card.text_content().split())
        if len(texts[card]) <= MAX_CARD_CHARS and not _repeats(_words(texts[card]), title_words):
            cards.append(card)
    return cards


def _story_links(root: lxml.html.HtmlElement, page_url: str | None) -> list[lxml.html.HtmlElement]:
    """Paragraphs that are nothing but one link to another page of the same site ('Five things we
    learned from the interview' between two paragraphs of the story): a pointer to another story.
    The same site by courlan's reading (trafilatura's URL library): bbc.co.uk and bbc.com are one."""
    found = []
    for paragraph in root.xpath(f"//body/descendant::p[count(.//a[@href]) = 1][not({_HIDDEN})]"):
        link = paragraph.find(".//a[@href]")
        words = _WORD.findall(link.text_content())
        target = _target(link.get("href"), page_url)
        if (target is None or len(words) < MIN_LINK_WORDS or _WORD.findall(paragraph.text_content()) != words
                or paragraph.find(".//img") is not None):
            continue
        if (not is_external(target, page_url, ignore_suffix=True)) if page_url else not urlsplit(target).netloc:
            found.append(paragraph)
    return found


def _target(href: str | None, page_url: str | None) -> str | None:
    """The page a link leads to (absolute when the page's address is known, without its fragment),
    or None when it leads nowhere else: the page itself, an anchor, a script, an image or a file."""
    href = (href or "").strip()
    if not href or href.startswith("#") or _NOT_PAGES.search(href):
        return None
    target = urldefrag(urljoin(page_url, href) if page_url else href).url
    own = urldefrag(page_url).url if page_url else None
    return None if own is not None and target.rstrip("/") == own.rstrip("/") else target


def _common_ancestor(first: lxml.html.HtmlElement, second: lxml.html.HtmlElement) -> lxml.html.HtmlElement | None:
    ancestors = {first, *first.iterancestors()}
    return next((element for element in (second, *second.iterancestors()) if element in ancestors), None)


def _page_address(root: lxml.html.HtmlElement) -> str | None:
    """A saved page's address when it was not given: its canonical link or `og:url`, else the site
    most of its absolute links lead to (a site's own navigation outnumbers its outside links),
    as the root of that site."""
    for value in root.xpath("//head/link[@rel='canonical']/@href | //head/meta[@property='og:url']/@content"):
        if urlsplit(value.strip()).hostname:
            return value.strip()
    hosts = Counter(urlsplit(href.strip()).netloc for href in root.xpath("//body//a/@href") if href.strip().startswith(("http://", "https://")))
    return f"http://{hosts.most_common(1)[0][0]}/" if hosts else None
