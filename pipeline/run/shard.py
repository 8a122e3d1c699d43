"""The per-document work of a run, for one shard of input files, wherever it runs.

A shard is a few consecutive input files. `ShardTask.run` reads them (each once, its signature
checked around the read: `pipeline.ingest.source.read_file`), detects the language, runs NER,
normalises and links each document, and writes one *result row* per document into a results
part of the work area (`pipeline.run.store`): its row, whether ingest found it usable (for the
corpus-wide duplicate check), its linked mentions with their provisional entity keys, the alias
pairs it defines and its line fingerprints (for page chrome). What travels back to the driver is
the part's name and its files' ids and signatures. Everything here depends only on the file, the
configuration and the data under models/, so the rows can be computed by any worker process
(local or a Dask worker) and reused by a later run.

The models are loaded once per process, on first use, and kept in a module-level cache:
they travel to a worker as a configuration, never pickled.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import pyarrow as pa

from pipeline.chrome import article_text, fingerprinted_lines, mark_document
from pipeline.config import Config
from pipeline.ingest.files import doc_id_for
from pipeline.ingest.source import input_root, read_file
from pipeline.language import assign_language
from pipeline.link.keys import entity_id_for
from pipeline.link.linker import DocumentLinker
from pipeline.normalize import normalize_document
from pipeline.records import Document
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.run.store import RESULTS_SCHEMA, PartIndex, WorkArea
from pipeline.status import Status, crash_reason
from pipeline.write import document_row, mention_row

if TYPE_CHECKING:
    from pipeline.ner.recognizer import Recognizer

log = logging.getLogger(__name__)

WORKER_DIED = (
    "the worker process died twice while processing this document (killed, or out of memory?); "
    "it was not processed - if it is very large, split it or lower [ingest] max_file_bytes"
)


@dataclass(frozen=True)
class ShardTask:
    """What a worker needs to process some files: no model, no open file, small to send."""

    input: str  # the input folder: an absolute local path or an fsspec URL
    files: tuple[tuple[str, int], ...]  # (relative path, size when listed), in listing order
    config: Config
    area: WorkArea

    def run(self, on_progress: Callable[[int], None] | None = None) -> PartIndex:
        """The shard's results, written into one part of the work area."""
        return self.area.write_part(process_shard(self, on_progress))


@dataclass
class _Models:
    recognizer: Recognizer
    linker: DocumentLinker


@lru_cache(maxsize=2)
def _models(config: Config) -> _Models:
    """This process's models for a configuration: built once, reused by every shard it runs.
    One BLAS/OpenMP thread per process: the workers are the parallelism (slovnet's numpy would
    otherwise start a thread per core in every worker)."""
    from threadpoolctl import threadpool_limits

    from pipeline.ner.recognizer import Recognizer  # here, so the driver that plans shards never imports spaCy

    threadpool_limits(limits=1)
    from pipeline.ner.build import DataFiles

    data = DataFiles(gazetteer=config.data.path(config.data.gazetteer), word_lists=config.data.path(config.data.word_lists))
    recognizer = Recognizer({"en": config.ner.english_models, "ru": config.ner.russian_models}, config.ner.batch_size, data=data)
    return _Models(recognizer, DocumentLinker(load_gazetteer(data.gazetteer)))


def process_shard(task: ShardTask, on_progress: Callable[[int], None] | None = None) -> pa.Table:
    """One result row per document of the shard's files (a WARC file has several), in their order;
    a failure costs its own document only.

    Each document's row becomes Arrow as soon as it is made and its mentions are dropped, so a long
    document's mentions are not held again as Python rows."""
    config, root = task.config, input_root(task.input)
    read = [(relative, read_file(root, relative, config.ingest.max_file_bytes)) for relative, _ in task.files]
    ingested = [(relative, record, doc, file.signature) for relative, file in read for record, doc in enumerate(file.documents)]
    documents = [
        assign_language(doc, config.language.seed, config.language.supported, article_text(doc.text)) if doc.is_ok else doc
        for _, _, doc, _ in ingested
    ]
    to_recognize = [doc for doc in documents if doc.is_ok]
    models = _models(config) if to_recognize else None
    results, failures = models.recognizer.recognize(to_recognize, on_progress) if models else ({}, {})
    tables = []
    for (relative, record, original, signature), doc in zip(ingested, documents):
        mentions, aliases = [], []
        if doc.doc_id in failures:
            doc = doc.failed(Status.PROCESSING_FAILED, failures[doc.doc_id])
        elif doc.doc_id in results:
            doc, mentions, aliases = _finish_document(doc, results.pop(doc.doc_id), models.linker)
        source = FileOrigin(relative, record, signature)
        tables.append(document_results(source, doc, original.is_ok, mentions, aliases, config.chrome.min_line_chars))
    return _concat(tables)


@dataclass(frozen=True)
class FileOrigin:
    """Where a document came from: its file, its place in the file, the signature it was read under."""

    relative: str
    record: int
    signature: str | None


def _finish_document(doc: Document, mentions, linker: DocumentLinker):
    """Normalise and link one document; a failure here marks that document, never the shard."""
    try:
        doc, mentions = normalize_document(doc, mentions)
        links = linker.link(doc, mentions)
        doc, mentions = mark_document(doc, links.mentions)  # the chrome the document shows by itself
        return doc, mentions, links.aliases
    except Exception as error:  # one bad document must not abort the shard
        log.exception("normalising or linking %s failed", doc.path)
        return doc.failed(Status.PROCESSING_FAILED, crash_reason("normalisation or linking", error)), [], []


MENTION_CHUNK = 10_000
"""Mentions made Arrow this many at a time: a long file's hundreds of thousands of mentions are
never all Python rows at once."""


def document_results(origin: FileOrigin, doc: Document, ingest_ok: bool, mentions, aliases, min_line_chars: int) -> pa.Table:
    """A document's result, one row of `RESULTS_SCHEMA`: its row, the file it came from, its
    linked mentions (with their keys), its alias pairs and its line fingerprints."""
    lines = sorted({fingerprint for _, _, fingerprint in fingerprinted_lines(doc.text, min_line_chars)}) if doc.is_ok else []
    row = {
        **document_row(doc),
        "file_id": doc_id_for(origin.relative),
        "file_key": os.fsencode(origin.relative),
        "record": origin.record,
        "file_signature": origin.signature,
        "ingest_ok": ingest_ok,
        "mentions": [],
        "aliases": [list(pair) for pair in aliases],
        "line_fingerprints": lines,
    }
    mention_type = RESULTS_SCHEMA.field("mentions").type
    chunks = [
        pa.array(
            [{**mention_row(m, m.entity_key and entity_id_for(m.entity_key)), "entity_key": m.entity_key} for m in mentions[i : i + MENTION_CHUNK]],
            type=mention_type.value_type,
        )
        for i in range(0, len(mentions), MENTION_CHUNK)
    ]
    values = pa.concat_arrays(chunks) if chunks else pa.array([], type=mention_type.value_type)
    table = pa.Table.from_pylist([row], schema=RESULTS_SCHEMA)
    column = pa.ListArray.from_arrays(pa.array([0, len(values)], pa.int32()), values, type=mention_type)
    return table.set_column(table.schema.get_field_index("mentions"), RESULTS_SCHEMA.field("mentions"), column)


def _concat(tables: list[pa.Table]) -> pa.Table:
    return pa.concat_tables(tables) if tables else RESULTS_SCHEMA.empty_table()


def unprocessed_results(task: ShardTask, reason: str = WORKER_DIED) -> PartIndex:
    """Results for files whose processing never finished: read again (no models needed), marked,
    written as a part."""
    root = input_root(task.input)
    tables = [
        document_results(
            FileOrigin(relative, record, file.signature),
            doc.failed(Status.PROCESSING_FAILED, reason) if doc.is_ok else doc,
            doc.is_ok, [], [], task.config.chrome.min_line_chars,
        )
        for relative, _ in task.files
        for file in [read_file(root, relative, task.config.ingest.max_file_bytes)]
        for record, doc in enumerate(file.documents)
    ]
    return task.area.write_part(_concat(tables))
