"""Stage 5: one canonical entity per real-world thing, across mentions, documents and languages.

A mention's entity key is decided in this order (per document: `DocumentLinker`; the corpus-wide
rest is `pipeline.link.corpus`):
1. within its document: a later partial person name ("Duisenova", "Лужков") takes the
   fullest name of the same person in that document; an office of a known organisation
   ("UNICEF Kazakhstan", "Страновой офис РЭЦЦА в Казахстане") is that organisation;
2. the curated gazetteer (`models/gazetteer.jsonl`): English and Russian names and aliases
   of one entry share its key, so "Astana", "Астане" and "Нур-Султан" are one entity;
3. otherwise a cross-lingual match key: BGN/PCGN romanization plus spelling folds, so
   "Сагинтаев" and "Sagintayev" meet.
Acronyms defined next to their expansion ("Детского фонда ООН (ЮНИСЕФ)") are aliases of
one entity; the alias table is corpus-wide, so it also joins documents processed before
the definition was seen (`resolve` is applied when the mentions table is finalised).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pipeline.labels import DATE, LOC, ORG, PER
from pipeline.link.keys import GAZETTEER_PREFIX, name_key
from pipeline.records import Document, Mention
from pipeline.resources.gazetteer import Gazetteer, GazetteerEntry
from pipeline.resources.word_lists import office_words
from pipeline.text.acronyms import defined_in_brackets, looks_like_acronym
from pipeline.text.morphology import genitive


@dataclass(frozen=True)
class DocumentLinks:
    """One document's linking result: mentions with `entity_key` set (DATE mentions have none)
    and the (name key, acronym key) pairs it defines as aliases ("Name (ACRONYM)")."""

    mentions: list[Mention]
    aliases: list[tuple[str, str]]


class DocumentLinker:
    """Keys for one document's mentions. Depends only on the document and the gazetteer, so it
    runs wherever the document is processed and its result can be cached with the document;
    what needs the whole corpus (aliases, names, counts) is `pipeline.link.corpus`."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def link(self, doc: Document, mentions: list[Mention]) -> DocumentLinks:
        keys: dict[int, str] = {}
        names = [i for i, m in enumerate(mentions) if m.label != DATE]
        fullest = _fullest_person_names([mentions[i] for i in names])
        entries = {i: self._lookup(mentions[i]) for i in names}
        places = _places_by_frequency(entries.values())
        for i in names:
            mention = mentions[i]
            if mention.label == PER and mention.normalized in fullest:
                mention = fullest[mention.normalized]
                keys[i] = self._key(mention, self._lookup(mention), places)
            else:
                keys[i] = self._key(mention, entries[i], places)
        aliases = [(keys[i], keys[j]) for i, j in _acronym_definitions(doc.text, mentions) if i in keys and j in keys]
        return DocumentLinks([replace(m, entity_key=keys.get(i)) for i, m in enumerate(mentions)], aliases)

    def _key(self, mention: Mention, entry: GazetteerEntry | None, places: list[GazetteerEntry]) -> str:
        """The canonical key; `entry` is the mention's own gazetteer lookup, already made."""
        entry = entry or self._parent_organisation(mention) or self._national_body(mention, places)
        if entry is not None:
            return GAZETTEER_PREFIX + entry.id
        return name_key(mention.label, mention.normalized)

    def _lookup(self, mention: Mention) -> GazetteerEntry | None:
        """The mention's gazetteer entry: the one NER matched, else by name."""
        if mention.gazetteer_id is not None:
            return self.gazetteer.entry(mention.gazetteer_id)
        for name in (mention.normalized, mention.text):
            entry = self.gazetteer.lookup(name, mention.label) or self.gazetteer.lookup(name)
            if entry is not None:
                return entry
        return None

    def _national_body(self, mention: Mention, places: list[GazetteerEntry]) -> GazetteerEntry | None:
        """'Ministry of Energy' in an article about Kazakhstan is the 'Ministry of Energy of Kazakhstan':
        the first place the document mentions, by frequency, whose qualified name the gazetteer knows."""
        if mention.label != ORG:
            return None
        for place in places:
            for qualified in (f"{mention.normalized} of {place.name}", f"{mention.normalized} {genitive(place.name_ru)}"):
                entry = self.gazetteer.lookup(qualified, ORG)
                if entry is not None:
                    return entry
        return None

    def _parent_organisation(self, mention: Mention) -> GazetteerEntry | None:
        """'UNICEF Kazakhstan', 'UNICEF Office in Kazakhstan', 'Страновой офис РЭЦЦА в Казахстане' -> the parent."""
        if mention.label != ORG:
            return None
        words = mention.normalized.split()
        parents = [self.gazetteer.lookup(word, ORG) for word in words]
        known = [entry for entry in parents if entry is not None]
        if len(known) != 1:
            return None
        rest = [w for w, entry in zip(words, parents) if entry is None]
        is_office = any(word.lower() in office_words() for word in rest)
        is_country_branch = bool(rest) and self.gazetteer.lookup(" ".join(rest), LOC) is not None
        return known[0] if is_office or is_country_branch else None


def _places_by_frequency(entries: Iterable[GazetteerEntry | None]) -> list[GazetteerEntry]:
    """The gazetteer places a document mentions, most mentioned first (ties by id)."""
    counts = Counter(entry for entry in entries if entry is not None and entry.label == LOC)
    return [entry for entry, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0].id))]


def _fullest_person_names(mentions: list[Mention]) -> dict[str, Mention]:
    """Partial person name -> the mention with the fullest name containing all its words, in one document."""
    people = [m for m in mentions if m.label == PER]
    fullest: dict[str, Mention] = {}
    for short in people:
        words = set(short.normalized.split())
        fuller = [m for m in people if words < set(m.normalized.split())]
        if fuller:
            fullest[short.normalized] = max(fuller, key=lambda m: (len(m.normalized.split()), -m.start_char))
    return fullest


def _acronym_definitions(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Index pairs (name, acronym) written as 'Name (ACRONYM)' with the same label."""
    return [
        (i, i + 1)
        for i, (name, acronym) in enumerate(zip(mentions, mentions[1:]))
        if name.label == acronym.label
        and looks_like_acronym(acronym.text)
        and defined_in_brackets(text, name, acronym)
    ]
