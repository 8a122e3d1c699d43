"""The corpus-wide part of linking: per-entity tallies and the acronym alias table.

`CorpusEntities.add` takes each document's `DocumentLinks` in corpus order; it keeps one tally
per entity key (mention count, names seen per language), never per-mention rows, so its
memory grows with the number of distinct entities and names, not with the corpus.
Acronyms defined next to their expansion ("Детского фонда ООН (ЮНИСЕФ)") are aliases of
one entity corpus-wide, so they also join documents processed before the definition
(`finish_linking` applies the final ids when the mentions table is finalised).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.link.keys import GAZETTEER_PREFIX, entity_id_for
from pipeline.link.linker import DocumentLinks
from pipeline.records import Entity
from pipeline.resources.gazetteer import Gazetteer, GazetteerEntry
from pipeline.text.scripts import mention_language


@dataclass
class _Tally:
    """What the corpus has seen of one provisional key."""

    label: str
    entry: GazetteerEntry | None
    names: dict[str, Counter] = field(default_factory=lambda: {"en": Counter(), "ru": Counter()})
    n_mentions: int = 0


class CorpusEntities:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._tallies: dict[str, _Tally] = {}
        self._parent: dict[str, str] = {}

    def add(self, doc_lang: str, links: DocumentLinks) -> None:
        """Tally one document's linked mentions and record its aliases."""
        for mention in links.mentions:
            if mention.entity_key is not None:
                tally = self._tally(mention.entity_key, mention.label)
                tally.n_mentions += 1
                tally.names[mention_language(mention.normalized, doc_lang)][mention.normalized] += 1
        for name_key, acronym_key in links.aliases:
            self._union(name_key, acronym_key)

    def _tally(self, key: str, label: str) -> _Tally:
        if key not in self._tallies:
            entry = self.gazetteer.entry(key.removeprefix(GAZETTEER_PREFIX)) if key.startswith(GAZETTEER_PREFIX) else None
            self._tallies[key] = _Tally(label=entry.label if entry else label, entry=entry)
        return self._tallies[key]

    # -- alias table (union-find over keys) ---------------------------------------------

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
        """The entities table, given each final entity id's number of documents."""
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
