"""Orchestration: the driver plans, the workers do.

1. The checks that need nothing written, then the output folder's lock (`publish.py`), then the
   input listing: every file with its size and signature; no input file is read here.
2. The work area's parts are verified (tasks) and give the index of what earlier runs made: a
   file whose signature is the one its results were read under is reused, the others are
   processed in shards (tasks, `shard.py`), each writing a new part.
3. The reduce (tasks, `reduce.py`): duplicates, then the tallies without them, merged up a tree,
   then the linking decisions in one task.
4. The final tables (tasks, `finish.py`), one range of the corpus each, into a staged set, and the
   entities; then the set is published by one link switch and the work area keeps only the parts
   the published tables were made from.

The driver holds the listing and the plan (per input file: its path, size, signature and the
part holding its results), the tasks' small answers (part names, counts) and the names of
scratch files; never documents, mentions or tallies. Every corpus-wide decision is order-free
or taken in path order, so the tables are the same for any number of workers, either engine,
any shard size, any order in which tasks finish, and an incremental run.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tqdm import tqdm

from pipeline import __version__
from pipeline.config import Config
from pipeline.ingest.files import doc_id_for
from pipeline.ingest.source import ListedFile, input_root, is_remote, list_input
from pipeline.ner.models import ModelNotInstalled, resolve_model
from pipeline.run.engines import DIED, EngineUnavailable, make_engine
from pipeline.run.finish import PART_BYTES, PartitionDone, WriteEntities, WritePartition, staged_table_path
from pipeline.run.publish import OutputLock, RunIdentity, SetPublisher, remove_stale_files
from pipeline.run.reduce import (
    FAN_IN,
    Contents,
    Duplicates,
    LinkCorpus,
    MergeContents,
    MergeTallies,
    Selected,
    Tallies,
    VerifyPart,
)
from pipeline.run.shard import ShardTask, unprocessed_results
from pipeline.run.store import PartIndex, WorkArea, quietly
from pipeline.run.summary import RunSummary
from pipeline.write import INPUTS_KEY, RUN_RECORD, WORK_DIR, published_inputs, published_set, table_metadata, write_json

log = logging.getLogger(__name__)

SHARD_BYTES = 1_000_000
"""A shard closes at `[ner] batch_size` files or this many bytes (both times the engine's
`shard_scale`): tasks stay coarse, and one long file does not hold up a whole batch of short ones."""


class UsageError(ValueError):
    """The run cannot start as asked; nothing was read or written."""


def check_folders(input_location: str, output_dir: Path) -> None:
    """Inputs are data: never write the output inside the input folder (a rerun would read it
    back), nor read an input inside the output folder (the tables, the work area or the report
    would become documents, and a run would write where it reads)."""
    if is_remote(input_location):
        return _check_output(output_dir)
    input_dir = Path(input_location.removeprefix("file://"))
    if not input_dir.is_dir():
        raise UsageError(f"input folder {input_dir} does not exist or is not a folder")
    if output_dir.resolve().is_relative_to(input_dir.resolve()):
        raise UsageError(f"output folder {output_dir} is inside the input folder {input_dir}; choose another")
    if input_dir.resolve().is_relative_to(output_dir.resolve()):
        raise UsageError(f"input folder {input_dir} is inside the output folder {output_dir}; choose another")
    _check_output(output_dir)


def _check_output(output_dir: Path) -> None:
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
    input_location: str | Path,
    output_dir: Path,
    config: Config,
    progress: bool = True,
    full: bool = False,
    allow_empty: bool = False,
) -> RunSummary:
    """The run, from the checks that need nothing written to the published tables; the output
    folder is locked from before the input is listed until the tables are published."""
    location = str(input_location)
    check_folders(location, output_dir)
    run = RunIdentity.new()
    models = resolve_models(config)
    if not allow_empty and not is_remote(location) and next(os.scandir(input_root(location)), None) is None:
        raise UsageError(f"input folder {location} is empty; pass --allow-empty to replace the tables with empty ones")
    prepare_output(output_dir)
    with OutputLock(output_dir, run) as lock:
        if lock.killed_run:
            log.warning("the previous run into %s (%s) ended without finishing; what it finished is reused", output_dir, lock.killed_run.describe())
        remove_stale_files(output_dir, run.run_id)
        return _extract(location, output_dir, config, models, run, progress, full, allow_empty)


def _extract(
    location: str, output_dir: Path, config: Config, models: dict, run: RunIdentity, progress: bool, full: bool, allow_empty: bool
) -> RunSummary:
    started = time.monotonic()
    listing = list_input(location)
    if not listing and not allow_empty:
        raise UsageError(f"input folder {location} holds no files; pass --allow-empty to replace the tables with empty ones")
    metadata = table_metadata(__version__, models, config.to_json(), config.data_files())
    cache_key = hashlib.sha256(json.dumps(metadata, sort_keys=True).encode()).hexdigest()
    if not full and published_inputs(output_dir) == inputs_sha256(cache_key, [(f.relative, f.signature) for f in listing]):
        summary = RunSummary.of_tables(published_set(output_dir))
        summary.n_reused, summary.up_to_date, summary.seconds = len(listing), True, time.monotonic() - started
        return summary
    area = WorkArea(config.run.work_area or str(output_dir.resolve() / WORK_DIR), cache_key, tuple(sorted(metadata.items())), run.run_id)
    publisher = SetPublisher(output_dir, run.run_id)
    try:
        area.prepare()
        with _engine(config) as engine:
            plan = Plan.of(listing, {} if full else _verified(engine, area))
            _process(engine, plan, location, config, area, progress)
            inputs = inputs_sha256(cache_key, [(f.relative, plan.signatures.get(doc_id_for(f.relative))) for f in listing])
            summary, cache_parts = _tables(engine, plan, config, area, {**metadata, INPUTS_KEY: inputs})
        summary.n_reused = plan.n_reused
        staged = _staged_here(area, publisher)
        summary.seconds = time.monotonic() - started
        write_json(staged / RUN_RECORD, summary.record(run.started_at, metadata))
        publisher.publish(staged)
    except BaseException:
        area.discard_scratch()
        quietly(publisher.discard)
        raise
    area.keep_only(cache_parts)
    area.discard_scratch()
    quietly(publisher.discard)  # the scratch folder; the set is published
    return summary


def _engine(config: Config):
    try:
        return make_engine(config.run.engine, config.run.workers or os.cpu_count() or 1, config.run.scheduler)
    except EngineUnavailable as error:
        raise UsageError(str(error)) from error


def inputs_sha256(cache_key: str, files: Iterable[tuple[str, str | None]]) -> str:
    """One hash of what a run makes its tables from: its cache key, every input path and its signature."""
    digest = hashlib.sha256(cache_key.encode())
    for relative, signature in files:
        digest.update(f"\0{relative}\0{signature}".encode("utf-8", "surrogateescape"))  # a name need not be UTF-8
    return digest.hexdigest()


# --- the plan: which results exist, which files to process ----------------------------------------


@dataclass
class Plan:
    listing: list[ListedFile]
    selection: dict[str, str] = field(default_factory=dict)  # file id -> the part holding its results
    signatures: dict[str, str | None] = field(default_factory=dict)  # file id -> signature its results were read under
    part_files: dict[str, tuple[str, ...]] = field(default_factory=dict)  # part -> every file id it holds
    todo: list[ListedFile] = field(default_factory=list)
    n_reused: int = 0

    @classmethod
    def of(cls, listing: list[ListedFile], found: dict[str, PartIndex]) -> Plan:
        """A file's results are reused when a verified part holds them under the signature the
        file has now (of several such parts, the first by name); every other file is processed."""
        plan = cls(listing)
        candidates: dict[tuple[str, str], str] = {}
        for part in sorted(found):
            index = found[part]
            plan.part_files[part] = index.file_ids
            for file_id, signature in zip(index.file_ids, index.signatures):
                if signature is not None:
                    candidates.setdefault((file_id, signature), part)
        for listed in listing:
            file_id = doc_id_for(listed.relative)
            part = candidates.get((file_id, listed.signature)) if listed.signature is not None else None
            if part is None:
                plan.todo.append(listed)
            else:
                plan.selection[file_id], plan.signatures[file_id] = part, listed.signature
        plan.n_reused = len(plan.selection)
        return plan

    def add(self, index: PartIndex) -> None:
        self.part_files[index.part] = index.file_ids
        for file_id, signature in zip(index.file_ids, index.signatures):
            self.selection[file_id], self.signatures[file_id] = index.part, signature

    def selected(self) -> list[Selected]:
        """Every part in use with the files the run takes from it, in path order."""
        by_part: dict[str, list[str]] = {}
        for listed in self.listing:
            file_id = doc_id_for(listed.relative)
            by_part.setdefault(self.selection[file_id], []).append(file_id)
        return [Selected(part, tuple(file_ids)) for part, file_ids in sorted(by_part.items())]


def _verified(engine, area: WorkArea) -> dict[str, PartIndex]:
    """The index of every part of earlier runs (this cache key) whose bytes hash to its name; the
    others are removed, with one warning line."""
    checked = _run_all(engine, [VerifyPart(area, part) for part in area.parts()])
    damaged = [task.part for task, index in checked if index is None]
    if damaged:
        log.warning(
            "%d part(s) of the work area %s failed their checksum (damaged, cut short or not written by a run) "
            "and were discarded; the files they held are processed again", len(damaged), area.url,
        )
        for part in damaged:
            area.remove_part(part)
    return {task.part: index for task, index in checked if index is not None}


def _shards(todo: list[ListedFile], location: str, config: Config, area: WorkArea, scale: int) -> list[ShardTask]:
    root = location if is_remote(location) else str(input_root(location))
    return [
        ShardTask(root, tuple((listed.relative, listed.size) for listed in files), config, area)
        for files in _cut(todo, scale * config.ner.batch_size, scale * SHARD_BYTES)
    ]


def _cut(listing: list[ListedFile], max_files: int, max_bytes: int) -> list[list[ListedFile]]:
    """The files in their order, in runs of at most `max_files` files and `max_bytes` of input
    (a larger file alone)."""
    runs, current, current_bytes = [], [], 0
    for listed in listing:
        if current and (len(current) >= max_files or current_bytes + listed.size > max_bytes):
            runs.append(current)
            current, current_bytes = [], 0
        current.append(listed)
        current_bytes += listed.size
    return [*runs, current] if current else runs


def _process(engine, plan: Plan, location: str, config: Config, area: WorkArea, progress: bool) -> None:
    """Every file to process, in shards; a shard whose process died is retried one file per task,
    and a file whose process dies again is marked, so every file has a row."""
    tasks = _shards(plan.todo, location, config, area, engine.shard_scale(len(plan.todo), config.ner.batch_size))
    if not tasks:
        return
    sizes = {task: sum(size for _, size in task.files) for task in tasks}
    bar = tqdm(total=sum(sizes.values()), unit="B", unit_scale=True, disable=not progress or None)
    reported: dict[ShardTask, int] = {}

    def on_progress(task: ShardTask, n_chars: int) -> None:
        step = min(n_chars, sizes.get(task, 0) - reported.get(task, 0))
        if step > 0:
            reported[task] = reported.get(task, 0) + step
            bar.update(step)

    def finished(task: ShardTask, index: PartIndex) -> None:
        plan.add(index)
        bar.update(max(0, sizes.get(task, 0) - reported.get(task, 0)))
        reported[task] = sizes.get(task, 0)

    retries = []
    try:
        for task, index in engine.map(tasks, on_progress):
            if index is not DIED:
                finished(task, index)
            else:
                log.warning("a worker process died on a shard of %d file(s); retrying them one by one", len(task.files))
                retries += [replace(task, files=(file,)) for file in task.files]
        for task in retries:
            sizes[task] = task.files[0][1]
        for task, index in engine.map(retries, on_progress):
            finished(task, index if index is not DIED else unprocessed_results(task))
    finally:
        bar.close()


def _run_all(engine, tasks: list) -> list[tuple[object, object]]:
    """(task, result) for every task, in the order given. A task whose worker died is run again,
    and in this process when its second worker dies too (a reduce or write task cannot be marked
    and left out as a document can)."""
    results = {}
    retries = []
    for task, result in engine.map(tasks):
        if result is DIED:
            retries.append(task)
        else:
            results[id(task)] = result
    for task, result in engine.map(retries):
        if result is DIED:
            log.warning("a worker process died twice on a %s task; running it in the driver", type(task).__name__)
            result = task.run()
        results[id(task)] = result
    return [(task, results[id(task)]) for task in tasks]


# --- the reduce and the final tables --------------------------------------------------------------


def _tree(engine, area: WorkArea, leaves: list, merge: type, name: str) -> str:
    """The leaves' outputs merged `FAN_IN` at a time, level by level, into one."""
    outputs = [result for _, result in _run_all(engine, leaves)]
    level = 0
    while len(outputs) != 1:
        merges = [merge(area, group, f"{area.scratch}/{name}-{level + 1}-{i}") for i, group in enumerate(_groups(outputs) or [()])]
        outputs = [result for _, result in _run_all(engine, merges)]
        level += 1
    return outputs[0]


def _groups(items: list) -> list[tuple]:
    """`items` in consecutive groups of `FAN_IN`."""
    return [tuple(items[i : i + FAN_IN]) for i in range(0, len(items), FAN_IN)]


def _tables(engine, plan: Plan, config: Config, area: WorkArea, metadata: dict[str, str]) -> tuple[RunSummary, list[str]]:
    """The reduce, then the final tables into the staged set: the run's summary and the parts of
    the work area the tables were made from."""
    selected = plan.selected()
    groups = _groups(selected)
    contents = _tree(engine, area, [Contents(area, g, f"{area.scratch}/contents-0-{i}.parquet") for i, g in enumerate(groups)], MergeContents, "contents")
    duplicates = f"{area.scratch}/duplicates.parquet"
    _run_all(engine, [Duplicates(area, contents, duplicates)])
    tallies = _tree(engine, area, [Tallies(area, g, duplicates, f"{area.scratch}/tallies-0-{i}") for i, g in enumerate(groups)], MergeTallies, "tallies")
    [(_, linked)] = _run_all(engine, [LinkCorpus(area, tallies, config, f"{area.scratch}/linked")])

    ranges = table_ranges(plan.listing, config.run.part_files)
    folder, frozen = f"{area.scratch}/set", tuple(sorted(metadata.items()))
    writes = []
    for k, files in enumerate(ranges):
        order = tuple(doc_id_for(listed.relative) for listed in files)
        sources: dict[str, list[str]] = {}
        for file_id in order:
            sources.setdefault(plan.selection[file_id], []).append(file_id)
        only = next(iter(sources)) if len(sources) == 1 else None
        keep = only if only is not None and sorted(plan.part_files[only]) == sorted(order) else None
        writes.append(WritePartition(
            area, tuple((part, tuple(ids)) for part, ids in sources.items()), order, config, frozen,
            staged_table_path(folder, "documents", k, len(ranges)), staged_table_path(folder, "mentions", k, len(ranges)),
            duplicates, linked, keep, f"{area.scratch}/counts-{k}.parquet",
        ))
    summary = RunSummary()
    done: list[PartitionDone] = [result for _, result in _run_all(engine, writes)]
    for partition in done:
        summary.add(partition.summary)
    [(_, summary.n_entities)] = _run_all(engine, [WriteEntities(area, linked, tuple(w.counts_out for w in writes), frozen, f"{folder}/entities.parquet")])
    return summary, [partition.cache_part for partition in done]


def table_ranges(listing: list[ListedFile], part_files: int) -> list[list[ListedFile]]:
    """The input files cut, in path order, into the ranges the tables' parts hold: at most
    `part_files` files and `PART_BYTES` of input each (one range, possibly empty, at least)."""
    return _cut(listing, part_files, PART_BYTES) or [[]]


def _staged_here(area: WorkArea, publisher: SetPublisher) -> Path:
    """The staged set in the output folder's file system: where the workers wrote it, or a copy."""
    staged = f"{area.scratch}/set"
    if area.is_local:
        local = Path(staged)
        if local.resolve().is_relative_to(publisher.hidden.resolve()):
            return local
        shutil.copytree(local, publisher.scratch / "set")
    else:
        area.fs.get(staged, str(publisher.scratch / "set"), recursive=True)
    return publisher.scratch / "set"

