"""The per-document work of a run, for one shard of input files, wherever it runs.

A shard is a few consecutive input files. `process_shard` reads, detects the language, runs
NER, normalises and links each of them, and returns one *result row* per document: its
row, whether ingest found it usable (the corpus-wide duplicate check needs that), its linked
mentions with their provisional entity keys, and the alias pairs it defines. Everything here
depends only on the file, the configuration and the data under models/, so the rows can be
computed by any worker process (local or a Dask worker) and reused by a later run.

The models are loaded once per process, on first use, and kept in a module-level cache:
they travel to a worker as a configuration, never pickled.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from pipeline.chrome import article_text, mark_document
from pipeline.config import Config
from pipeline.ingest.files import doc_id_for, read_documents
from pipeline.language import assign_language
from pipeline.link.keys import entity_id_for
from pipeline.link.linker import DocumentLinker
from pipeline.normalize import normalize_document
from pipeline.records import Document
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.status import Status, crash_reason
from pipeline.write import RESULTS_SCHEMA, document_row, mention_row

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

    root: str  # the input folder, absolute
    files: tuple[tuple[str, str | None], ...]  # (relative path, its sha256 when listed), in listing order
    config: Config
    attempt: int = 1


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
    document's mentions are not held again as Python rows, nor pickled as such to the driver."""
    config = task.config
    read = [
        (relative, file_sha256, doc)
        for relative, file_sha256 in task.files
        for doc in read_documents(Path(task.root), relative, config.ingest.max_file_bytes)
    ]
    ingested = [doc for _, _, doc in read]
    documents = [
        assign_language(doc, config.language.seed, config.language.supported, article_text(doc.text)) if doc.is_ok else doc
        for doc in ingested
    ]
    to_recognize = [doc for doc in documents if doc.is_ok]
    models = _models(config) if to_recognize else None
    results, failures = models.recognizer.recognize(to_recognize, on_progress) if models else ({}, {})
    tables = []
    for (relative, file_sha256, original), doc in zip(read, documents):
        mentions, aliases = [], []
        if doc.doc_id in failures:
            doc = doc.failed(Status.PROCESSING_FAILED, failures[doc.doc_id])
        elif doc.doc_id in results:
            doc, mentions, aliases = _finish_document(doc, results.pop(doc.doc_id), models.linker)
        tables.append(document_results(relative, file_sha256, doc, original.is_ok, mentions, aliases))
    return _concat(tables)


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


def document_results(relative: str, file_sha256: str | None, doc: Document, ingest_ok: bool, mentions, aliases) -> pa.Table:
    """A document's result, one row of `RESULTS_SCHEMA`: its row, the file it came from, its
    linked mentions (with their keys) and its alias pairs."""
    row = {
        **document_row(doc),
        "file_id": doc_id_for(relative),
        "file_sha256": file_sha256,
        "ingest_ok": ingest_ok,
        "mentions": [],
        "aliases": [list(pair) for pair in aliases],
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


def unprocessed_results(task: ShardTask, reason: str = WORKER_DIED) -> pa.Table:
    """Results for files whose processing never finished: read again (no models needed), marked."""
    tables = [
        document_results(relative, file_sha256, doc.failed(Status.PROCESSING_FAILED, reason) if doc.is_ok else doc, doc.is_ok, [], [])
        for relative, file_sha256 in task.files
        for doc in read_documents(Path(task.root), relative, task.config.ingest.max_file_bytes)
    ]
    return _concat(tables)
