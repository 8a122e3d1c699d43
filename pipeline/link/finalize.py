"""Finishing the linking once every document is linked: final ids, document counts, entities.

Acronym aliases are corpus-wide, so a mention's entity id is final only after the last
document: `finish_linking` takes the staged mentions' (entity id, document id, in chrome) columns,
chunk by chunk as they are read back, and returns the id remap to apply to them (with the labels
the corpus settled, `LinkedCorpus.mention_labels`), the documents per entity and the entities
table, with each entity's mentions outside page chrome counted. The run (`pipeline/run/reduce.py`,
`finish.py`) does the same in pieces on its workers.
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
        return settled_labels({entity.entity_id: entity.label for entity in self.entities}, labels, final_ids)


def settled_labels(label_of: dict[str, str], labels: Sequence[str], final_ids: Sequence[str | None]) -> list[str]:
    """Each mention's label once the corpus settled it: its entity's (`label_of`: final entity id ->
    label; a name the corpus gives another label moved its mentions with it); a DATE keeps its own."""
    return [label if entity_id is None else label_of.get(entity_id, label) for label, entity_id in zip(labels, final_ids)]


def finish_linking(
    corpus: CorpusEntities, staged: Iterable[tuple[Sequence[str | None], Sequence[str], Sequence[bool]]]
) -> LinkedCorpus:
    """In one process: `staged` is the (entity ids, doc ids, in chrome) column chunks of the
    mentions, grouped by document. The run does the same in pieces on its workers: the decisions
    once (`decide_entities`), the counts per part of the corpus (`DocumentCounter`), added up and
    put in the entities (`with_counts`)."""
    remap, entities = decide_entities(corpus)
    counter = DocumentCounter()
    for entity_ids, doc_ids, in_chrome in staged:
        counter.observe([remap.get(entity_id, entity_id) for entity_id in entity_ids], doc_ids, in_chrome)
    return LinkedCorpus(remap, counter.counts, with_counts(entities, counter.counts, counter.article_mentions))


def decide_entities(corpus: CorpusEntities) -> tuple[dict[str, str], list[Entity]]:
    """The corpus-wide decisions, made once from the tallies: the provisional id -> final id remap
    and the entities table, its document counts still zero."""
    corpus.link_corpus_wide()
    return corpus.final_entity_ids(), corpus.entities({})


def with_counts(entities: list[Entity], n_docs: dict[str, int], article_mentions: dict[str, int]) -> list[Entity]:
    for entity in entities:
        entity.n_docs = n_docs.get(entity.entity_id, 0)
        entity.n_mentions_article = article_mentions.get(entity.entity_id, 0)
    return entities


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
