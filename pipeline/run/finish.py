"""The final tables, written by the workers: each task takes one part of the corpus (a range of
input files in path order), applies the corpus-wide decisions of the reduce to its documents'
results (duplicates, repeated lines of page chrome, final entity ids) and writes that part of
`documents` and `mentions` into the run's staged set, plus the same results as one part of the
work area, the next run's cache. Its counts (the run summary, and documents and article mentions
per entity) go back to the driver or into a scratch file; `WriteEntities` adds the entity counts
up and writes `entities`.

A corpus of at most `[run] part_files` files (and `PART_BYTES` of input) is one part: the tables
are single files. A bigger one is cut into such ranges, and `documents.parquet` and
`mentions.parquet` are folders of part files, `part-00000.parquet`, ... in path order (one schema;
pandas, pyarrow, DuckDB and Spark read a folder as one table).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

import pyarrow as pa

from pipeline.chrome import CorpusChrome
from pipeline.config import Config
from pipeline.ingest.files import as_duplicate
from pipeline.link.finalize import DocumentCounter, settled_labels, with_counts
from pipeline.records import Document, Entity
from pipeline.run.reduce import Linked, read_duplicates
from pipeline.run.store import WorkArea, merged_results
from pipeline.run.summary import RunSummary
from pipeline.write import MENTIONS_SCHEMA, TableWriter, document_row, entity_row

PART_BYTES = 1_000_000_000
"""A part of the tables also closes at this much input, so a part of WARC archives stays sized
like one of articles."""
COUNTS = pa.schema([("entity_id", pa.string()), ("n_docs", pa.int64()), ("n_mentions_article", pa.int64())])


def staged_table_path(folder: str, name: str, part: int, n_parts: int) -> str:
    """Where part `part` of a table goes in a set folder: the table itself when it is one part."""
    return f"{folder}/{name}.parquet" if n_parts == 1 else f"{folder}/{name}.parquet/part-{part:05d}.parquet"


@dataclass(frozen=True)
class PartitionDone:
    summary: RunSummary
    cache_part: str  # the work area's part holding this range's results


@dataclass(frozen=True)
class WritePartition:
    """One range of the corpus, in path order: its documents and mentions finished and written."""

    area: WorkArea
    sources: tuple[tuple[str, tuple[str, ...]], ...]  # (part, ids of the files read from it)
    order: tuple[str, ...]  # the range's file ids in path order
    config: Config
    metadata: tuple[tuple[str, str], ...]  # the tables' metadata
    documents_out: str
    mentions_out: str
    duplicates: str
    linked: Linked
    keep: str | None  # a part that already holds exactly this range's results: not written again
    counts_out: str

    def run(self, on_progress=None) -> PartitionDone:
        area, config = self.area, self.config
        duplicates = read_duplicates(area, self.duplicates)
        remap = _read_remap(area, self.linked.remap)
        chrome = CorpusChrome(config.chrome.min_line_chars, config.chrome.min_documents, config.chrome.max_repeated_share)
        for tally, path in ((chrome.tally, self.linked.repeated_lines), (chrome.title_tally, self.linked.repeated_titles)):
            repeated = area.read_table(path)
            tally.add_counts(zip(repeated.column("fingerprint").to_pylist(), repeated.column("n").to_pylist()))
        entities = area.read_table(self.linked.entities, columns=["entity_id", "label"])
        label_of = dict(zip(entities.column("entity_id").to_pylist(), entities.column("label").to_pylist()))
        metadata = dict(self.metadata)
        documents = TableWriter(_open(area, self.documents_out), "documents", metadata)
        mentions = TableWriter(_open(area, self.mentions_out), "mentions", metadata)
        cache = area.writer() if self.keep is None else None
        summary, counter = RunSummary(), DocumentCounter()
        try:
            for batch in _batches(merged_results(area, dict(self.sources), list(self.order)), config.ner.batch_size):
                if cache is not None:
                    cache.write(batch)
                document_rows, mention_rows = [], []
                for row in batch.to_pylist():
                    doc, final = _finished(row, duplicates, chrome, remap, label_of)
                    document_rows.append({**document_row(doc), "title": chrome.title(doc.doc_id, doc.title)})
                    mention_rows += final
                    summary.count_document(doc.lang, doc.status, doc.lang_evidence, doc.path, doc.error)
                    summary.mentions.update((doc.lang, mention["label"]) for mention in final)
                documents.write(document_rows)
                mentions.write(mention_rows)
                counter.observe(*([mention[name] for mention in mention_rows] for name in ("entity_id", "doc_id", "in_chrome")))
            documents.close()
            mentions.close()
            cache_part = cache.close() if cache is not None else self.keep
        except BaseException:
            if cache is not None:
                cache.discard()
            raise
        ids = sorted(counter.counts)
        area.write_table(self.counts_out, pa.table({
            "entity_id": ids,
            "n_docs": [counter.counts[i] for i in ids],
            "n_mentions_article": [counter.article_mentions.get(i, 0) for i in ids],
        }, schema=COUNTS))
        return PartitionDone(summary, cache_part)


def _finished(
    row: dict, duplicates: dict[str, str], chrome: CorpusChrome, remap: dict[str, str], label_of: dict[str, str]
) -> tuple[Document, list[dict]]:
    """A document's final row and mentions: a duplicate keeps none, repeated lines and a site's
    name in the title are chrome, entity ids are final and each mention has its entity's label."""
    doc, mentions = Document.from_row(row), row["mentions"]
    original = duplicates.get(doc.doc_id)
    if original is not None:
        doc, mentions = as_duplicate(doc.as_ingested(), original), []
    if doc.is_ok:
        doc = replace(doc, chrome_chars=doc.chrome_chars + chrome.finish_document(doc.doc_id, doc.text, doc.title, doc.url))
    final_ids = [remap.get(mention["entity_id"], mention["entity_id"]) for mention in mentions]
    labels = settled_labels(label_of, [mention["label"] for mention in mentions], final_ids)
    final = []
    for mention, entity_id, label in zip(mentions, final_ids, labels):
        reason = chrome.finish_mention(doc.doc_id, mention["start_char"], mention["chrome_reason"])
        final.append({
            **{name: mention[name] for name in MENTIONS_SCHEMA.names},
            "chrome_reason": reason,
            "in_chrome": reason is not None,
            "entity_id": entity_id,
            "label": label,
        })
    return doc, final


def _batches(rows: Iterator[pa.Table], size: int) -> Iterator[pa.Table]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield pa.concat_tables(batch)
            batch = []
    if batch:
        yield pa.concat_tables(batch)


def _read_remap(area: WorkArea, path: str) -> dict[str, str]:
    table = area.read_table(path)
    return dict(zip(table.column("entity_id").to_pylist(), table.column("final_id").to_pylist()))


def _open(area: WorkArea, path: str):
    area.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
    return area.fs.open(path, "wb")


@dataclass(frozen=True)
class WriteEntities:
    """The entities table: the reduce's entities with their documents and article mentions, the
    parts' counts added up."""

    area: WorkArea
    linked: Linked
    counts: tuple[str, ...]
    metadata: tuple[tuple[str, str], ...]
    out: str

    def run(self, on_progress=None) -> int:
        counts = pa.concat_tables([self.area.read_table(path) for path in self.counts]) if self.counts else COUNTS.empty_table()
        totals = counts.group_by("entity_id").aggregate([("n_docs", "sum"), ("n_mentions_article", "sum")])
        ids = totals.column("entity_id").to_pylist()
        n_docs = dict(zip(ids, totals.column("n_docs_sum").to_pylist()))
        article = dict(zip(ids, totals.column("n_mentions_article_sum").to_pylist()))
        rows = self.area.read_table(self.linked.entities).to_pylist()
        entities = with_counts([_entity(row) for row in rows], n_docs, article)
        writer = TableWriter(_open(self.area, self.out), "entities", dict(self.metadata))
        writer.write([entity_row(entity) for entity in entities])
        writer.close()
        return len(entities)


def _entity(row: dict) -> Entity:
    return Entity(**{**row, "aliases": set(row["aliases"] or ()), "langs": set(row["langs"] or ())})

