"""Finishing the linking once every document is linked: final ids, document counts, entities.

Acronym aliases are corpus-wide, so a mention's entity id is final only after the last
document: `finish_linking` takes the staged mentions' (entity id, document id, in chrome) columns,
chunk by chunk as they are read back, and returns the id remap to apply to them (with the labels
the corpus settled, `LinkedCorpus.mention_labels`), the documents per entity and the entities table, with each entity's mentions outside page chrome counted. `run.py` and the tests call this one function.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipeline.link.corpus import CorpusEntities
from pipeline.records import Entity


@dataclass(frozen=True)
class LinkedCorpus:
    id_remap: dict[str, str]  # provisional entity id -> final one, where they differ
    n_docs: dict[str, int]  # final entity id -> number of documents that mention it
    entities: list[Entity]

    def mention_labels(self, labels: Sequence[str], final_ids: Sequence[str | None]) -> list[str]:
        """Each mention's label once the corpus settled it: its entity's (a name the corpus gives
        another label moved its mentions with it); a DATE keeps its own."""
        label_of = {entity.entity_id: entity.label for entity in self.entities}
        return [label if entity_id is None else label_of.get(entity_id, label) for label, entity_id in zip(labels, final_ids)]


def finish_linking(
    corpus: CorpusEntities, staged: Iterable[tuple[Sequence[str | None], Sequence[str], Sequence[bool]]]
) -> LinkedCorpus:
    """`staged`: (entity ids, doc ids, in chrome) column chunks of the mentions, grouped by document."""
    corpus.link_corpus_wide()
    remap = corpus.final_entity_ids()
    counter = DocumentCounter()
    for entity_ids, doc_ids, in_chrome in staged:
        counter.observe([remap.get(entity_id, entity_id) for entity_id in entity_ids], doc_ids, in_chrome)
    entities = corpus.entities(counter.counts)
    for entity in entities:
        entity.n_mentions_article = counter.article_mentions.get(entity.entity_id, 0)
    return LinkedCorpus(remap, counter.counts, entities)


class DocumentCounter:
    """Distinct documents (and article mentions) per entity over the final mentions stream, which comes grouped by
    document: remembering the last document per entity is enough, so memory does not grow
    with the corpus."""

    def __init__(self):
        self.counts: dict[str, int] = {}
        self.article_mentions: dict[str, int] = {}  # mentions outside page chrome
        self._last_doc: dict[str, str] = {}

    def observe(self, entity_ids: list[str | None], doc_ids: Sequence[str], in_chrome: Sequence[bool]) -> None:
        for entity_id, doc_id, chrome in zip(entity_ids, doc_ids, in_chrome):
            if entity_id is not None and not chrome:
                self.article_mentions[entity_id] = self.article_mentions.get(entity_id, 0) + 1
            if entity_id is not None and self._last_doc.get(entity_id) != doc_id:
                self._last_doc[entity_id] = doc_id
                self.counts[entity_id] = self.counts.get(entity_id, 0) + 1
