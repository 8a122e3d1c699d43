"""Stage 5: one canonical entity per real-world thing, across mentions, documents and languages.

A mention's entity key is decided in this order:
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
from dataclasses import dataclass, field, replace

from pipeline.labels import DATE, LOC, ORG, PER
from pipeline.link.keys import GAZETTEER_PREFIX, entity_id_for, name_key
from pipeline.records import Document, Entity, Mention
from pipeline.resources.gazetteer import Gazetteer, GazetteerEntry
from pipeline.resources.word_lists import office_words
from pipeline.text.acronyms import defined_in_brackets, looks_like_acronym
from pipeline.text.morphology import genitive
from pipeline.text.scripts import mention_language


@dataclass
class _Tally:
    """What the linker has seen of one provisional key."""

    label: str
    entry: GazetteerEntry | None
    names: dict[str, Counter] = field(default_factory=lambda: {"en": Counter(), "ru": Counter()})
    n_mentions: int = 0


class EntityLinker:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._tallies: dict[str, _Tally] = {}
        self._parent: dict[str, str] = {}

    # -- per document ---------------------------------------------------------------

    def link_document(self, doc: Document, mentions: list[Mention]) -> list[Mention]:
        """The mentions with `entity_key` set; the corpus-wide tallies updated."""
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
        for i, j in _acronym_definitions(doc.text, mentions):
            if i in keys and j in keys:
                self._union(keys[i], keys[j])
        linked = [replace(m, entity_key=keys.get(i)) for i, m in enumerate(mentions)]
        for mention in linked:
            if mention.entity_key is not None:
                self._tally(mention, doc)
        return linked

    def _key(self, mention: Mention, entry: GazetteerEntry | None, places: list[GazetteerEntry]) -> str:
        """The canonical key; `entry` is the mention's own gazetteer lookup, already made."""
        entry = entry or self._parent_organisation(mention) or self._national_body(mention, places)
        if entry is not None:
            key = GAZETTEER_PREFIX + entry.id
        else:
            key = name_key(mention.label, mention.normalized)
        self._tallies.setdefault(key, _Tally(label=entry.label if entry else mention.label, entry=entry))
        return key

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

    def _tally(self, mention: Mention, doc: Document) -> None:
        tally = self._tallies[mention.entity_key]
        tally.n_mentions += 1
        tally.names[mention_language(mention.normalized, doc.lang)][mention.normalized] += 1

    # -- corpus-wide alias table (union-find over keys) --------------------------------

    def resolve(self, key: str) -> str:
        while self._parent.get(key, key) != key:
            key = self._parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        a, b = self.resolve(a), self.resolve(b)
        if a == b:
            return
        # A gazetteer key wins, else the smaller key: the same root whatever the document order.
        keep = min(a, b, key=lambda key: (not key.startswith(GAZETTEER_PREFIX), key))
        self._parent[b if keep == a else a] = keep

    def final_entity_ids(self) -> dict[str, str]:
        """Provisional entity id -> final one, for every key whose alias resolution moved it."""
        return {
            entity_id_for(key): entity_id_for(self.resolve(key)) for key in self._tallies if self.resolve(key) != key
        }

    # -- the entities table ------------------------------------------------------------

    def entities(self, n_docs: dict[str, int]) -> list[Entity]:
        """The entities table, given each final entity id's number of documents (`DocumentCounter`)."""
        groups: dict[str, list[_Tally]] = {}
        for key, tally in self._tallies.items():
            if tally.n_mentions:
                groups.setdefault(self.resolve(key), []).append(tally)
        entities = [_entity(key, tallies, n_docs.get(entity_id_for(key), 0)) for key, tallies in groups.items()]
        return sorted(entities, key=lambda entity: (entity.label, entity.name, entity.entity_id))


def _entity(key: str, tallies: list[_Tally], n_docs: int) -> Entity:
    entry = next((tally.entry for tally in tallies if tally.entry), None)
    english = sum((tally.names["en"] for tally in tallies), Counter())
    russian = sum((tally.names["ru"] for tally in tallies), Counter())
    name = entry.name if entry else _most_common(english) or _most_common(russian)
    return Entity(
        entity_id=entity_id_for(key),
        label=entry.label if entry else tallies[0].label,
        name=name,
        name_ru=entry.name_ru if entry else _most_common(russian),
        wikidata_id=entry.id if entry and entry.has_qid else None,
        aliases=set(english) | set(russian),
        langs={lang for lang, names in (("en", english), ("ru", russian)) if names},
        n_mentions=sum(tally.n_mentions for tally in tallies),
        n_docs=n_docs,
    )


def _most_common(names: Counter) -> str | None:
    """The most frequent form; ties go to the longer, then alphabetical, for determinism."""
    if not names:
        return None
    return min(names.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]


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
