"""The output folder's work area: per-document results, kept so a later run reuses them.

`OUTPUT/.newsents/results/` holds part files (schema `pipeline.write.RESULTS_SCHEMA`), each
written whole under a temporary name and renamed into place, so a killed run leaves only
complete parts. Every part records the *cache key* it was made under (pipeline version,
output-shaping configuration, model versions, sha256 of the data under models/); a run
reuses a file's result when its key matches and the file's sha256 is unchanged, which is
also how a killed run resumes. After a successful publish the results of the whole corpus
are kept as one part, in path order, and every other part is removed.
"""

from __future__ import annotations

import heapq
import os
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.write import RESULTS_SCHEMA, WORK_DIR

CACHE_KEY = "cache_key"
TEMP_MARK = ".tmp-"


def temp_name(name: str, run_id: str) -> str:
    """The hidden name a file has while it is written: it ends with the run's id (not a pid, which a
    later process may have again), so with the lock held any other is known stale."""
    return f".{name}{TEMP_MARK}{run_id}"


def is_temp_of_another_run(filename: str, run_id: str) -> bool:
    return TEMP_MARK in filename and not filename.endswith(TEMP_MARK + run_id)


class ResultStore:
    def __init__(self, output_dir: Path, metadata: dict[str, str], cache_key: str, run_id: str):
        self.dir = output_dir / WORK_DIR / "results"
        self.dir.mkdir(parents=True, exist_ok=True)
        for path in self.dir.glob(".*"):  # the lock is held: no other run is writing here
            if is_temp_of_another_run(path.name, run_id):
                path.unlink(missing_ok=True)
        self.cache_key = cache_key
        encoded = {key: value.encode() for key, value in {**metadata, CACHE_KEY: cache_key}.items()}
        self.schema = RESULTS_SCHEMA.with_metadata(encoded)
        self.run_id = run_id
        self._written = 0

    def previous(self) -> dict[str, tuple[str | None, Path]]:
        """file id -> (its sha256, part) of every file with results made under this run's key; newest wins."""
        index: dict[str, tuple[str | None, Path]] = {}
        for part in sorted(self.dir.glob("part-*.parquet")):
            if (pq.read_schema(part).metadata or {}).get(CACHE_KEY.encode()) != self.cache_key.encode():
                continue
            table = pq.read_table(part, columns=["file_id", "file_sha256"])
            for file_id, sha256 in zip(table.column("file_id").to_pylist(), table.column("file_sha256").to_pylist()):
                index[file_id] = (sha256, part)
        return index

    def write_part(self, results: pa.Table) -> Path:
        """One shard's results (`RESULTS_SCHEMA`), on disk whole or not at all."""
        self._written += 1
        part = self.dir / f"part-{self.run_id}-{self._written:06d}.parquet"
        temp = self.dir / temp_name(part.name, self.run_id)
        pq.write_table(results.replace_schema_metadata(self.schema.metadata), temp, compression="zstd")
        os.replace(temp, part)
        return part

    def corpus_writer(self) -> CorpusPart:
        """Where the reduce writes every current result, in path order: the next run's cache."""
        return CorpusPart(self.dir / f"part-{self.run_id}-corpus.parquet", self.schema, self.run_id)

    def keep_only(self, keep: Path) -> None:
        """After a publish: the corpus part is the whole cache; every other part goes."""
        for part in self.dir.glob("part-*.parquet"):
            if part != keep:
                part.unlink(missing_ok=True)


class CorpusPart:
    def __init__(self, path: Path, schema: pa.Schema, run_id: str):
        self.path = path
        self.temp_path = path.parent / temp_name(path.name, run_id)
        self.schema = schema
        self._writer = pq.ParquetWriter(self.temp_path, schema, compression="zstd")

    def write(self, rows: list[dict]) -> None:
        if rows:
            self._writer.write_table(pa.Table.from_pylist(rows, schema=self.schema))

    def publish(self) -> None:
        self._writer.close()
        os.replace(self.temp_path, self.path)

    def discard(self) -> None:
        try:
            self._writer.close()  # on a full disk closing fails too
        finally:
            self.temp_path.unlink(missing_ok=True)


def merged_results(selection: dict[str, Path], order: list[str]) -> Iterator[dict]:
    """The chosen results of every input file, in listing order, streamed from the parts.

    `selection` maps each file id to the part holding its results, `order` is the file ids in
    listing order. Parts whose files do not interleave are read one after another (a chain);
    the chains are merged. Each part holds its rows in listing order, so memory is one row
    group per chain: a few, however many parts the run wrote.
    """
    position = {file_id: i for i, file_id in enumerate(order)}
    spans: dict[Path, list[int]] = {}
    for file_id, part in selection.items():
        span = spans.setdefault(part, [position[file_id], position[file_id]])
        span[0], span[1] = min(span[0], position[file_id]), max(span[1], position[file_id])
    chains: list[list[Path]] = []
    for part in sorted(spans, key=lambda part: spans[part][0]):
        chain = next((chain for chain in chains if spans[chain[-1]][1] < spans[part][0]), None)
        if chain is None:
            chains.append([part])
        else:
            chain.append(part)
    streams = [_chain_rows(chain, selection, position) for chain in chains]
    for _, row in heapq.merge(*streams, key=itemgetter(0)):
        yield row


def _chain_rows(chain: list[Path], selection: dict[str, Path], position: dict[str, int]) -> Iterator[tuple[tuple[int, int], dict]]:
    """((file position, row number), row): a file's several documents keep their order."""
    row_number = 0
    for part in chain:
        parquet = pq.ParquetFile(part)
        for index in range(parquet.num_row_groups):
            for row in parquet.read_row_group(index).to_pylist():
                if selection.get(row["file_id"]) == part:
                    row_number += 1
                    yield (position[row["file_id"]], row_number), row


def part_files(part: Path) -> int:
    """How many input files a part holds results of."""
    return len(set(pq.read_table(part, columns=["file_id"]).column("file_id").to_pylist()))
