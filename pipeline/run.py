"""Orchestration: the stages in order, over a stream of batches, with I/O only at the edges."""

from __future__ import annotations

import collections
import datetime
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from spacy.util import minibatch
from tqdm import tqdm

from pipeline import __version__
from pipeline.chrome import CorpusChrome, mark_document
from pipeline.config import Config
from pipeline.ingest.files import ingest, list_input_paths
from pipeline.language import Evidence, assign_language
from pipeline.link.finalize import finish_linking
from pipeline.link.keys import entity_id_for
from pipeline.link.corpus import CorpusEntities
from pipeline.link.linker import DocumentLinker
from pipeline.ner.build import DataFiles
from pipeline.ner.recognizer import Recognizer
from pipeline.normalize import normalize_document
from pipeline.records import Document
from pipeline.resources import fingerprints
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.status import SKIPS, Status, crash_reason
from pipeline.write import (
    RUN_RECORD,
    TableWriter,
    document_row,
    entity_row,
    mention_row,
    read_row_groups,
    remove_stale_temp_files,
    replace_values,
    set_column,
    table_metadata,
    write_json,
)

log = logging.getLogger(__name__)
PLAUSIBLE_SHOWN = 10  # paths of plausible skips named in the summary; the documents table has all


@dataclass
class RunSummary:
    documents: collections.Counter = field(default_factory=collections.Counter)  # (lang, status) -> n
    mentions: collections.Counter = field(default_factory=collections.Counter)  # (lang, label) -> n
    n_entities: int = 0
    seconds: float = 0.0
    n_plausible_skips: int = 0  # skipped as unsupported although a supported language was a candidate
    plausible_examples: list[str] = field(default_factory=list)  # the first PLAUSIBLE_SHOWN of their paths
    failures: list[dict] = field(default_factory=list)  # path, status, error of each failed document

    @property
    def n_failed(self) -> int:
        return sum(n for (_, status), n in self.documents.items() if status not in SKIPS)

    def format(self) -> str:
        lines = [f"documents: {sum(self.documents.values())} in {self.seconds:.1f} s"]
        lines += [f"  {lang or '-':>4} {status:<22} {n}" for (lang, status), n in sorted(self.documents.items(), key=str)]
        lines.append(f"mentions: {sum(self.mentions.values())}")
        lines += [f"  {lang:>4} {label:<22} {n}" for (lang, label), n in sorted(self.mentions.items())]
        lines.append(f"entities: {self.n_entities}")
        if self.n_plausible_skips:
            more = ", ..." if self.n_plausible_skips > len(self.plausible_examples) else ""
            lines.append(f"skipped as unsupported_language although a supported language was a candidate: "
                         f"{self.n_plausible_skips} ({', '.join(self.plausible_examples)}{more}); "
                         f"lang_evidence = 'plausible' in documents.parquet")
        if self.n_failed:
            lines.append(f"FAILED: {self.n_failed} document(s); see the status and error columns of documents.parquet")
        return "\n".join(lines)

    def record(self, started_at: datetime.datetime, metadata: dict[str, str]) -> dict:
        """What `run.json` says about the run: the summary's counts, its time, its failures with
        their reasons, and what produced it (the tables' own metadata, decoded)."""

        def by(counter: collections.Counter, position: int) -> dict[str, int]:
            totals = collections.Counter()
            for key, n in counter.items():
                totals[key[position] or "-"] += n
            return dict(sorted(totals.items()))

        return {
            "started_at": started_at.isoformat(timespec="seconds"),
            "seconds": round(self.seconds, 3),
            "documents": {"total": sum(self.documents.values()), "by_status": by(self.documents, 1), "by_language": by(self.documents, 0)},
            "mentions": {"total": sum(self.mentions.values()), "by_label": by(self.mentions, 1), "by_language": by(self.mentions, 0)},
            "entities": self.n_entities,
            "failures": self.failures,
            "plausible_skips": {"total": self.n_plausible_skips, "first_paths": self.plausible_examples},
            "pipeline_version": metadata["pipeline_version"],
            **{key: json.loads(metadata[key]) for key in ("models", "config", "data_files")},
        }


class UsageError(ValueError):
    """The run cannot start as asked; nothing was read or written."""


def check_folders(input_dir: Path, output_dir: Path) -> None:
    """Inputs are data: never write the output inside the input folder (a rerun would read it back)."""
    if not input_dir.is_dir():
        raise UsageError(f"input folder {input_dir} does not exist or is not a folder")
    if output_dir.resolve().is_relative_to(input_dir.resolve()):
        raise UsageError(f"output folder {output_dir} is inside the input folder {input_dir}; choose another")


def extract(input_dir: Path, output_dir: Path, config: Config, progress: bool = True) -> RunSummary:
    check_folders(input_dir, output_dir)
    started, started_at = time.monotonic(), datetime.datetime.now(datetime.UTC)
    output_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temp_files(output_dir)
    data = DataFiles(gazetteer=config.data.path(config.data.gazetteer), word_lists=config.data.path(config.data.word_lists))
    recognizer = Recognizer(
        {"en": config.ner.english_models, "ru": config.ner.russian_models}, config.ner.batch_size, data=data
    )
    models = {lang: vars(info) for lang, info in recognizer.models.items()}
    metadata = table_metadata(__version__, models, config.to_json(), fingerprints())
    writers = {name: TableWriter(output_dir, name, metadata) for name in ("documents", "mentions", "entities")}
    # Documents and mentions are staged first: entity ids are final only once the corpus-wide
    # alias table is, and the chrome of repeated lines only once every document was seen.
    staged = {name: TableWriter(output_dir, name, metadata, stage="staged-") for name in ("documents", "mentions")}
    gazetteer = load_gazetteer(data.gazetteer)
    linker, corpus = DocumentLinker(gazetteer), CorpusEntities(gazetteer)
    chrome = CorpusChrome(config.chrome.min_line_chars, config.chrome.min_documents, config.chrome.max_repeated_share)
    summary = RunSummary()
    try:
        paths = list_input_paths(input_dir.resolve())
        documents = ingest(input_dir, paths, config.ingest.max_file_bytes)
        stream = tqdm(documents, total=len(paths), unit="doc", disable=not progress or None)
        for batch in minibatch(stream, config.ner.batch_size):
            _process_batch(batch, config, recognizer, linker, corpus, chrome, staged["documents"], staged["mentions"], summary)
        for writer in staged.values():
            writer.close()
        for table in read_row_groups(staged["documents"].temp_path):
            writers["documents"].write_table(_finish_document_chrome(chrome, table))
        mentions_path = staged["mentions"].temp_path
        linked = finish_linking(corpus, (_columns(t, "entity_id", "doc_id", "in_chrome") for t in _final_mentions(chrome, mentions_path)))
        for table in _final_mentions(chrome, mentions_path):
            writers["mentions"].write_table(replace_values(table, "entity_id", linked.id_remap))
        writers["entities"].write([entity_row(entity) for entity in linked.entities])
        summary.n_entities = len(linked.entities)
        for writer in writers.values():
            writer.close()
        for writer in writers.values():
            writer.publish()
        for writer in staged.values():
            writer.discard()
    except BaseException:
        for writer in [*writers.values(), *staged.values()]:
            writer.discard()
        raise
    summary.seconds = time.monotonic() - started
    write_json(output_dir / RUN_RECORD, summary.record(started_at, metadata))
    return summary


def _finish_document_chrome(chrome: CorpusChrome, table):
    """A staged row group of documents with the chrome of corpus-wide repeated lines counted."""
    doc_ids, statuses, texts, counts = _columns(table, "doc_id", "status", "text", "chrome_chars")
    return set_column(table, "chrome_chars", [
        n + chrome.finish_document(d, t) if status == Status.OK else n for d, status, t, n in zip(doc_ids, statuses, texts, counts)
    ])


def _final_mentions(chrome: CorpusChrome, staged_path: Path):
    """The staged mentions, row group by row group, with those on repeated lines marked
    (once the documents are finished)."""
    for table in read_row_groups(staged_path):
        doc_ids, starts, reasons = _columns(table, "doc_id", "start_char", "chrome_reason")
        final = [chrome.finish_mention(d, s, r) for d, s, r in zip(doc_ids, starts, reasons)]
        yield set_column(set_column(table, "chrome_reason", final), "in_chrome", [reason is not None for reason in final])


def _columns(table, *names: str) -> list[list]:
    return [table.column(name).to_pylist() for name in names]


def _process_batch(
    batch, config: Config, recognizer: Recognizer, linker: DocumentLinker, corpus: CorpusEntities, chrome: CorpusChrome,
    documents_out, mentions_out, summary,
):
    documents = [
        assign_language(doc, config.language.seed, config.language.supported) if doc.is_ok else doc for doc in batch
    ]
    results, failures = recognizer.recognize([doc for doc in documents if doc.is_ok])
    document_rows, mention_rows = [], []
    for doc in documents:
        mentions = []
        if doc.doc_id in failures:
            doc = doc.failed(Status.PROCESSING_FAILED, failures[doc.doc_id])
        elif doc.doc_id in results:
            doc, mentions = _finish_document(doc, results[doc.doc_id], linker, corpus)
            if doc.is_ok:
                doc, mentions = mark_document(doc, mentions)
                chrome.observe(doc.text)
        document_rows.append(document_row(doc))
        mention_rows += [mention_row(m, m.entity_key and entity_id_for(m.entity_key)) for m in mentions]
        summary.documents[(doc.lang, doc.status)] += 1
        if doc.lang_evidence == Evidence.PLAUSIBLE:
            summary.n_plausible_skips += 1
            summary.plausible_examples += [doc.path][: PLAUSIBLE_SHOWN - len(summary.plausible_examples)]
        if doc.status not in SKIPS:
            summary.failures.append({"path": doc.path, "status": str(doc.status), "error": doc.error})
        summary.mentions.update((doc.lang, mention.label) for mention in mentions)
    documents_out.write(document_rows)
    mentions_out.write(mention_rows)


def _finish_document(doc: Document, mentions, linker: DocumentLinker, corpus: CorpusEntities):
    """Normalise and link one document; a failure here marks that document, never the batch."""
    try:
        doc, mentions = normalize_document(doc, mentions)
        links = linker.link(doc, mentions)
        corpus.add(doc.lang, links)
        return doc, links.mentions
    except Exception as error:  # one bad document must not abort the batch
        log.exception("normalising or linking %s failed", doc.path)
        return doc.failed(Status.PROCESSING_FAILED, crash_reason("normalisation or linking", error)), []
