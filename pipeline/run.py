"""Orchestration: list the files, reuse what an earlier run already did, run the rest as shards on
an engine, then reduce every document's result in path order into the three tables.

The reduce is the only corpus-wide step and runs here, in listing order, whatever the number of
workers, the engine or the order in which shards finish: so the tables are the same for all.
"""

from __future__ import annotations

import collections
import datetime
import hashlib
import json
import logging
import os
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from pipeline import __version__
from pipeline.chrome import CorpusChrome
from pipeline.config import Config
from pipeline.engines import EngineUnavailable, make_engine
from pipeline.ingest.files import as_duplicate, doc_id_for, list_input_paths
from pipeline.link.corpus import CorpusEntities
from pipeline.link.finalize import finish_linking
from pipeline.language import Evidence
from pipeline.link.linker import DocumentLinks
from pipeline.ner.models import ModelNotInstalled, resolve_model
from pipeline.records import Document, Mention
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.shard import ShardTask, unprocessed_results
from pipeline.status import SKIPS, Status
from pipeline.store import ResultStore, merged_results, part_files
from pipeline.write import (
    INPUTS_KEY,
    RUN_RECORD,
    TableWriter,
    document_row,
    entity_row,
    read_row_groups,
    remove_stale_temp_files,
    replace_values,
    published_inputs,
    set_column,
    table_metadata,
    write_json,
)

log = logging.getLogger(__name__)
PLAUSIBLE_SHOWN = 10  # paths of plausible skips named in the summary; the documents table has all

SHARD_BYTES = 1_000_000
"""A shard closes at `[ner] batch_size` files or this many bytes: tasks stay coarse, and one
long file does not hold up a whole batch of short ones."""

@dataclass
class RunSummary:
    documents: collections.Counter = field(default_factory=collections.Counter)  # (lang, status) -> n
    mentions: collections.Counter = field(default_factory=collections.Counter)  # (lang, label) -> n
    n_entities: int = 0
    n_reused: int = 0  # input files whose results an earlier run had made from the same bytes
    seconds: float = 0.0
    n_plausible_skips: int = 0  # skipped as unsupported although a supported language was a candidate
    plausible_examples: list[str] = field(default_factory=list)  # the first PLAUSIBLE_SHOWN of their paths
    failures: list[dict] = field(default_factory=list)  # path, status, error of each failed document

    up_to_date: bool = False  # nothing changed since the run that made the tables: they were kept

    def count_document(self, lang: str | None, status: str, lang_evidence: str | None, path: str, error: str | None) -> None:
        self.documents[(lang, status)] += 1
        if lang_evidence == Evidence.PLAUSIBLE:
            self.n_plausible_skips += 1
            self.plausible_examples += [path][: PLAUSIBLE_SHOWN - len(self.plausible_examples)]
        if status not in SKIPS:
            self.failures.append({"path": path, "status": str(status), "error": error})

    @classmethod
    def of_tables(cls, output_dir: Path) -> RunSummary:
        """The summary of published tables, read back (columns without the text, a row group at a time)."""
        summary, lang_of = cls(), {}
        for table in read_row_groups(output_dir / "documents.parquet", ["doc_id", "lang", "status", "lang_evidence", "path", "error"]):
            for doc_id, lang, status, evidence, path, error in zip(*_columns(table, *table.column_names)):
                lang_of[doc_id] = lang
                summary.count_document(lang, status, evidence, path, error)
        for table in read_row_groups(output_dir / "mentions.parquet", ["doc_id", "label"]):
            summary.mentions.update((lang_of[doc_id], label) for doc_id, label in zip(*_columns(table, "doc_id", "label")))
        summary.n_entities = sum(table.num_rows for table in read_row_groups(output_dir / "entities.parquet", ["entity_id"]))
        return summary

    @property
    def n_failed(self) -> int:
        return sum(n for (_, status), n in self.documents.items() if status not in SKIPS)

    def format(self) -> str:
        kept = "; nothing changed since the run that made the tables, they were kept" if self.up_to_date else ""
        lines = [f"documents: {sum(self.documents.values())} in {self.seconds:.1f} s ({self.n_reused} unchanged files reused{kept})"]
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
    if output_dir.exists() and not output_dir.is_dir():
        raise UsageError(f"output folder {output_dir} exists and is not a folder; choose another")


def prepare_output(output_dir: Path) -> None:
    """Create the output folder and prove it is writable, before any work is done."""
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        probe = output_dir / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as error:
        raise UsageError(f"cannot write to the output folder {output_dir} ({error.strerror or error}); choose another") from error


def resolve_models(config: Config) -> dict[str, dict]:
    """The model each language will use, checked installed before anything loads."""
    try:
        return {
            lang: vars(resolve_model(lang, candidates))
            for lang, candidates in (("en", config.ner.english_models), ("ru", config.ner.russian_models))
        }
    except ModelNotInstalled as error:
        raise UsageError(str(error)) from error


def extract(
    input_dir: Path,
    output_dir: Path,
    config: Config,
    progress: bool = True,
    full: bool = False,
    allow_empty: bool = False,
) -> RunSummary:
    check_folders(input_dir, output_dir)
    started, started_at = time.monotonic(), datetime.datetime.now(datetime.UTC)
    models = resolve_models(config)
    root = input_dir.resolve()
    paths = list_input_paths(root)
    if not paths and not allow_empty:
        raise UsageError(f"input folder {input_dir} is empty; pass --allow-empty to replace the tables with empty ones")
    prepare_output(output_dir)
    remove_stale_temp_files(output_dir)
    metadata = table_metadata(__version__, models, config.to_json(), config.data_files())
    store = ResultStore(output_dir, metadata, hashlib.sha256(json.dumps(metadata, sort_keys=True).encode()).hexdigest())
    listing = [(relative, _sha256(root / relative, config.ingest.max_file_bytes)) for relative in paths]
    inputs = inputs_sha256(store.cache_key, listing)
    if not full and published_inputs(output_dir) == inputs:
        summary = RunSummary.of_tables(output_dir)
        summary.n_reused, summary.up_to_date, summary.seconds = len(paths), True, time.monotonic() - started
        return summary
    writers = {name: TableWriter(output_dir, name, {**metadata, INPUTS_KEY: inputs}) for name in ("documents", "mentions", "entities")}
    # Documents and mentions are staged first: entity ids are final only once the corpus-wide
    # alias table is, and the chrome of repeated lines only once every document was seen.
    staged = {name: TableWriter(output_dir, name, metadata, stage="staged-") for name in ("documents", "mentions")}
    chrome = CorpusChrome(config.chrome.min_line_chars, config.chrome.min_documents, config.chrome.max_repeated_share)
    corpus_part = store.corpus_writer()
    summary = RunSummary()
    try:
        selection, todo = _reusable(listing, {} if full else store.previous())
        order = [doc_id_for(relative) for relative in paths]
        summary.n_reused = len(selection)
        _run_shards(root, todo, config, store, selection, progress)
        corpus, duplicates = CorpusEntities(load_gazetteer(config.data.path(config.data.gazetteer))), _Duplicates()
        keep_cache = _single_complete_part(selection)
        for batch in _batches(merged_results(selection, order), config.ner.batch_size):
            _reduce_batch(batch, corpus, duplicates, chrome, staged["documents"], staged["mentions"], summary)
            if keep_cache is None:
                corpus_part.write(batch)
        for writer in staged.values():
            writer.close()
        for table in read_row_groups(staged["documents"].temp_path):
            writers["documents"].write_table(_finish_document_chrome(chrome, table))
        mentions_path = staged["mentions"].temp_path
        linked = finish_linking(corpus, (_columns(t, "entity_id", "doc_id", "in_chrome") for t in _final_mentions(chrome, mentions_path)))
        for table in _final_mentions(chrome, mentions_path):
            table = replace_values(table, "entity_id", linked.id_remap)
            writers["mentions"].write_table(set_column(table, "label", linked.mention_labels(*_columns(table, "label", "entity_id"))))
        writers["entities"].write([entity_row(entity) for entity in linked.entities])
        summary.n_entities = len(linked.entities)
        for writer in writers.values():
            writer.close()
        if keep_cache is None:
            corpus_part.publish()
        else:
            corpus_part.discard()
        for writer in writers.values():
            writer.publish()
        for writer in staged.values():
            writer.discard()
        store.keep_only(keep_cache or corpus_part.path)
    except BaseException:
        for writer in [*writers.values(), *staged.values(), corpus_part]:
            writer.discard()
        raise
    summary.seconds = time.monotonic() - started
    write_json(output_dir / RUN_RECORD, summary.record(started_at, metadata))
    return summary


def _reusable(listing: list[tuple[str, str | None]], previous: dict[str, tuple[str | None, Path]]):
    """(file id -> part of every file whose results can be reused, the (relative path, sha256)
    of the files still to process). Results are reused when the file's sha256 is the one they
    were made from."""
    selection: dict[str, Path] = {}
    todo = []
    for relative, sha256 in listing:
        file_id = doc_id_for(relative)
        stored_sha256, part = previous.get(file_id, (None, None))
        if sha256 is not None and sha256 == stored_sha256:
            selection[file_id] = part
        else:
            todo.append((relative, sha256))
    return selection, todo


def inputs_sha256(cache_key: str, listing: list[tuple[str, str | None]]) -> str:
    """One hash of what a run makes its tables from: its cache key, every input path and its sha256."""
    digest = hashlib.sha256(cache_key.encode())
    for relative, sha256 in listing:
        digest.update(f"\0{relative}\0{sha256}".encode("utf-8", "surrogateescape"))  # a name need not be UTF-8
    return digest.hexdigest()


def _sha256(path: Path, max_file_bytes: int) -> str | None:
    """The file's sha256; None when it cannot be read or is over the cap (it is not read then)."""
    try:
        if not path.is_file() or path.stat().st_size > max_file_bytes:
            return None
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest()
    except OSError:
        return None


def _single_complete_part(selection: dict[str, Path]) -> Path | None:
    """The one part that already holds exactly the current corpus (an unchanged re-run), if so."""
    parts = set(selection.values())
    if len(parts) == 1:
        part = next(iter(parts))
        if part_files(part) == len(selection):
            return part
    return None


def _shards(root: Path, todo: list[tuple[str, str | None]], config: Config) -> list[ShardTask]:
    shards, current, current_bytes = [], [], 0
    for relative, sha256 in todo:
        size = _size(root / relative)
        if current and (len(current) >= config.ner.batch_size or current_bytes + size > SHARD_BYTES):
            shards.append(current)
            current, current_bytes = [], 0
        current.append((relative, sha256))
        current_bytes += size
    if current:
        shards.append(current)
    return [ShardTask(str(root), tuple(files), config) for files in shards]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _run_shards(root: Path, todo: list[tuple[str, str | None]], config: Config, store: ResultStore, selection: dict[str, Path], progress: bool) -> None:
    """Every shard's results into a part file. A shard whose process died is retried one
    document per task; a document whose process dies again is marked, so every file has a row."""
    tasks = _shards(root, todo, config)
    if not tasks:
        return
    sizes = {task: sum(_size(root / relative) for relative, _ in task.files) for task in tasks}
    bar = tqdm(total=sum(sizes.values()), unit="B", unit_scale=True, disable=not progress or None)
    reported = collections.Counter()

    def on_progress(task: ShardTask, n_chars: int) -> None:
        step = min(n_chars, sizes.get(task, 0) - reported[task])
        if step > 0:
            reported[task] += step
            bar.update(step)

    def finished(task: ShardTask, results) -> None:
        part = store.write_part(results)
        for file_id in results.column("file_id").to_pylist():
            selection[file_id] = part
        bar.update(max(0, sizes.get(task, 0) - reported[task]))
        reported[task] = sizes.get(task, 0)

    workers = config.run.workers or os.cpu_count() or 1
    retries = []
    try:
        with make_engine(config.run.engine, workers, config.run.scheduler) as engine:
            for task, results in engine.map(tasks, on_progress):
                if results is not None:
                    finished(task, results)
                elif task.attempt == 1:
                    log.warning("a worker process died on a shard of %d file(s); retrying them one by one", len(task.files))
                    retries += [replace(task, files=(file,), attempt=2) for file in task.files]
            for task in retries:
                sizes[task] = _size(root / task.files[0][0])
            for task, results in engine.map(retries, on_progress):
                finished(task, results if results is not None else unprocessed_results(task))
    except EngineUnavailable as error:
        raise UsageError(str(error)) from error
    finally:
        bar.close()


def _batches(rows, size: int):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _Duplicates:
    """First document (in listing order) with each content, among the usable files."""

    def __init__(self):
        self._first: dict[str, str] = {}

    def original_of(self, row: dict) -> str | None:
        if not row["ingest_ok"] or row["sha256"] is None:
            return None
        original = self._first.setdefault(row["sha256"], row["doc_id"])
        return original if original != row["doc_id"] else None


def _reduce_batch(
    batch: list[dict], corpus: CorpusEntities, duplicates: _Duplicates, chrome: CorpusChrome,
    documents_out: TableWriter, mentions_out: TableWriter, summary: RunSummary,
) -> None:
    document_rows, mention_rows = [], []
    for row in batch:
        doc = Document.from_row(row)
        mentions, aliases = row["mentions"], [tuple(pair) for pair in row["aliases"]]
        original = duplicates.original_of(row)
        if original is not None:
            doc, mentions, aliases = as_duplicate(doc.as_ingested(), original), [], []
        if mentions or aliases:
            corpus.add(doc.lang, DocumentLinks([_linked_mention(m) for m in mentions], aliases))
        if doc.is_ok:
            chrome.observe(doc.text, doc.title, doc.url)
        document_rows.append(document_row(doc))
        mention_rows += mentions
        summary.count_document(doc.lang, doc.status, doc.lang_evidence, doc.path, doc.error)
        summary.mentions.update((doc.lang, mention["label"]) for mention in mentions)
    documents_out.write(document_rows)
    mentions_out.write(mention_rows)


def _finish_document_chrome(chrome: CorpusChrome, table):
    """A staged row group of documents with the chrome of corpus-wide repeated lines counted and
    the site names their site's pages share left out of their titles."""
    doc_ids, statuses, texts, counts, titles, urls = _columns(table, "doc_id", "status", "text", "chrome_chars", "title", "url")
    finished = [
        n + chrome.finish_document(d, t, title, url) if status == Status.OK else n
        for d, status, t, n, title, url in zip(doc_ids, statuses, texts, counts, titles, urls)
    ]
    return set_column(set_column(table, "chrome_chars", finished), "title", [chrome.title(d, title) for d, title in zip(doc_ids, titles)])


def _final_mentions(chrome: CorpusChrome, staged_path: Path):
    """The staged mentions, row group by row group, with those on repeated lines marked
    (once the documents are finished)."""
    for table in read_row_groups(staged_path):
        doc_ids, starts, reasons = _columns(table, "doc_id", "start_char", "chrome_reason")
        final = [chrome.finish_mention(d, s, r) for d, s, r in zip(doc_ids, starts, reasons)]
        yield set_column(set_column(table, "chrome_reason", final), "in_chrome", [reason is not None for reason in final])


def _columns(table, *names: str) -> list[list]:
    return [table.column(name).to_pylist() for name in names]


_MENTION_FIELDS = [name for name in Mention.__dataclass_fields__ if name != "gazetteer_id"]


def _linked_mention(row: dict) -> Mention:
    return Mention(**{name: row[name] for name in _MENTION_FIELDS if name in row})
