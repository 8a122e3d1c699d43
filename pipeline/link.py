"""Stage 5: one canonical entity per real-world thing, across mentions, documents and languages."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from pipeline.records import Document, Entity, Mention


def entity_id_for(label: str, key: str) -> str:
    """Derived from the canonical key, never from row order: stable across runs and corpora."""
    return hashlib.sha256(f"{label}\x1f{key}".encode("utf-8")).hexdigest()[:16]


class EntityLinker:
    """Gives every name mention an entity key and counts the entities as documents stream by."""

    def __init__(self):
        self._entities: dict[str, Entity] = {}

    def link_document(self, doc: Document, mentions: list[Mention]) -> list[Mention]:
        linked = [self._link(mention) for mention in mentions]
        seen_in_doc: set[str] = set()
        for mention in linked:
            if mention.entity_key is None:
                continue
            entity = self._entity(mention)
            entity.n_mentions += 1
            entity.aliases.add(mention.normalized)
            entity.langs.add(doc.lang)
            if entity.entity_id not in seen_in_doc:
                entity.n_docs += 1
                seen_in_doc.add(entity.entity_id)
        return linked

    def entity_id(self, mention: Mention) -> str | None:
        return None if mention.entity_key is None else entity_id_for(mention.label, mention.entity_key)

    def entities(self) -> list[Entity]:
        return sorted(self._entities.values(), key=lambda entity: (entity.label, entity.name, entity.entity_id))

    def _link(self, mention: Mention) -> Mention:
        if mention.label == "DATE":
            return mention
        return replace(mention, entity_key=mention.normalized)

    def _entity(self, mention: Mention) -> Entity:
        entity_id = self.entity_id(mention)
        if entity_id not in self._entities:
            self._entities[entity_id] = Entity(entity_id=entity_id, label=mention.label, name=mention.entity_key)
        return self._entities[entity_id]
