"""Titles as pages give them: a headline with the site's name before or after it, between
separators ('Storm hits the coast - Daily Planet', 'IGN: …'). Shared by ingest (the page's own
evidence) and the chrome stage (the same affix on several pages of a site)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

TITLE_SEPARATOR = re.compile(r"(\s+[|–—•·:»/~-]\s+|\s*\|\s*)")
"""What sits between a headline and a site name: a spaced dash, bar, bullet or colon, any bar."""
_OR_COLON = re.compile(rf"({TITLE_SEPARATOR.pattern[1:-1]}|:\s+)")
"""Also 'Name: headline', only where the page itself names the site: a colon in a headline
usually introduces its subject ('Port Elsey: the council …'), which pages of a site share."""
_NOT_LETTERS = re.compile(r"[\W_]+")
_DOMAIN_LABELS = {"www", "com", "co", "org", "net", "gov", "edu", "ac", "info", "news"}
MAX_SITE_NAME_WORDS = 6


def title_without_site_name(title: str, site_names: Iterable[str], url: str | None) -> str:
    """The title without the site's name before or after it ('… - Barbados Today', '… | The Daily
    Planet', 'IGN: …'), on the page's own evidence: its `og:site_name` (or the site name
    trafilatura read from `<title>`) and its URL's host. A part is the site's name when its letters
    are those of the evidence or one holds the other ('Barbados Today' in 'The Barbados TODAY inc.',
    'IGN' = ign.com); only whole parts between separators go, and never the last one."""
    evidence = {_letters(name) for name in site_names if len(_letters(name)) >= 2} | _host_names(url)
    if not title or not evidence:
        return title
    separator = _OR_COLON.pattern
    for name in (name.strip() for name in site_names if len(_letters(name)) >= 2):  # one with separators of its own
        title = re.sub(rf"{separator}{re.escape(name)}$", "", title, flags=re.IGNORECASE)
        title = re.sub(rf"^{re.escape(name)}{separator}", "", title, flags=re.IGNORECASE)
    parts = _OR_COLON.split(title)  # text, separator, text, ...
    while len(parts) > 2 and _is_site_name(parts[-1], evidence):
        parts = parts[:-2]
    while len(parts) > 2 and _is_site_name(parts[0], evidence):
        parts = parts[2:]
    return "".join(parts).strip()


def _is_site_name(part: str, evidence: set[str]) -> bool:
    key = _letters(part)
    if len(key) < 2 or len(part.split()) > MAX_SITE_NAME_WORDS:
        return False
    return any(key == name or (min(len(key), len(name)) >= 4 and (key in name or name in key)) for name in evidence)


def _host_names(url: str | None) -> set[str]:
    """A URL host's names as letters: the host without `www.` ('lentaru') and its longest own
    label ('barbadostoday' of barbadostoday.bb, 'newsday' of newsday.co.tt)."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.lower().split(".") if label and label not in _DOMAIN_LABELS]
    if not labels:
        return set()
    names = {_letters(".".join(labels))}
    own = max(labels[:-1] or labels, key=len)
    if len(own) >= 3:
        names.add(_letters(own))
    return names


def _letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text).casefold()


def title_affixes(title: str) -> tuple[str | None, str | None]:
    """The first and the last part of a title cut at its separators (None when it has no separator),
    each short enough to be a site's name."""
    parts = TITLE_SEPARATOR.split(title)
    if len(parts) < 3:
        return None, None
    first, last = parts[0].strip(), parts[-1].strip()
    return (first if _short(first) else None), (last if _short(last) else None)


def _short(part: str) -> bool:
    return bool(_letters(part)) and len(part.split()) <= MAX_SITE_NAME_WORDS


def site_of(url: str | None) -> str | None:
    """The site a page belongs to: its URL's host without `www.`."""
    host = (urlsplit(url).hostname or "") if url else ""
    return host.removeprefix("www.") or None
