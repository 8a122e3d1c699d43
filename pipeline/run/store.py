"""The work area: every document's result, kept so a later run reuses it, and a run's scratch files.

It is `OUTPUT/.newsents` unless `--work` names another place, which may be any fsspec location
(`s3://bucket/newsents-work`): the workers read and write it directly, so a cluster needs no
shared file system. Inside:

* `results/part-<cache key>-<sha256>.parquet`: results parts (`RESULTS_SCHEMA`, one row per
  document), each written whole under a temporary name while its bytes are hashed, then renamed
  to a name that ends with that sha256. A part is reused only after its bytes hash to its name
  (`verify`): a part damaged on disk (Parquet pages carry no checksum of their own, so a flipped
  byte would be read without error), cut short or replaced by garbage is discarded and its files
  processed again. The cache key in the name (pipeline version, output-shaping configuration,
  models, data files) says which parts a run can use without opening any.
* `runs/<run id>/`: the running run's scratch: tallies of the reduce, its staged tables.

Temporary names end with the run id (`temp_name`), never a pid: a run holds the output folder's
lock, so any temporary name or scratch folder of another run id is stale and removed.
"""

from __future__ import annotations

import hashlib
import heapq
import secrets
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from pipeline.write import DOCUMENTS_SCHEMA, MENTIONS_SCHEMA

RESULTS_SCHEMA = pa.schema(
    [
        *DOCUMENTS_SCHEMA,
        pa.field("file_id", pa.string(), nullable=False),
        pa.field("file_key", pa.binary(), nullable=False),
        pa.field("record", pa.int32(), nullable=False),
        pa.field("file_signature", pa.string()),
        pa.field("ingest_ok", pa.bool_(), nullable=False),
        pa.field("mentions", pa.list_(pa.struct([*MENTIONS_SCHEMA, pa.field("entity_key", pa.string())]))),
        pa.field("aliases", pa.list_(pa.list_(pa.string()))),
        pa.field("line_fingerprints", pa.list_(pa.int64())),
    ]
)
"""A document's result: its `documents` row; the input file it came from (`file_id`, the doc id
of its path; `file_key`, the path's bytes, which sort in path order anywhere; `record`, the
document's place in its file) and the signature the file was read under; whether ingest found it
usable (for the duplicate check); its mentions with their provisional entity keys, the alias pairs
it defines, and the fingerprints of its lines long enough to count as repeated page chrome."""

CACHE_KEY = "cache_key"
TEMP_MARK = ".tmp-"
RESULTS = "results"
RUNS = "runs"
"""`<work area>/runs/<run id>/`: a run's scratch folder (the set it stages), removed when it ends."""


def temp_name(name: str, run_id: str) -> str:
    """The hidden name a file has while it is written: it ends with the run's id (not a pid, which a
    later process may have again), so with the lock held any other is known stale."""
    return f".{name}{TEMP_MARK}{run_id}"


def is_temp_of_another_run(filename: str, run_id: str) -> bool:
    return TEMP_MARK in filename and not filename.endswith(TEMP_MARK + run_id)


@lru_cache(maxsize=8)
def _filesystem(url: str):
    from fsspec.core import url_to_fs

    return url_to_fs(url)


@dataclass(frozen=True)
class PartIndex:
    """The files whose results a part holds, each with the signature it was read under."""

    part: str
    file_ids: tuple[str, ...]
    signatures: tuple[str | None, ...]


@dataclass(frozen=True)
class WorkArea:
    """The work area as every process of a run sees it: small enough to travel with each task."""

    url: str
    cache_key: str
    metadata: tuple[tuple[str, str], ...]  # the tables' metadata, recorded in every part
    run_id: str

    @property
    def fs(self):
        return _filesystem(self.url)[0]

    def path(self, *parts: str) -> str:
        return "/".join([_filesystem(self.url)[1].rstrip("/"), *parts])

    @property
    def scratch(self) -> str:
        return self.path(RUNS, self.run_id)

    @property
    def schema(self) -> pa.Schema:
        return RESULTS_SCHEMA.with_metadata({key: value.encode() for key, value in (*self.metadata, (CACHE_KEY, self.cache_key))})

    @property
    def is_local(self) -> bool:
        return "file" in _protocols(self.fs)

    def prepare(self) -> None:
        """The folders, proved writable, and what earlier runs left half-written removed (the
        lock is held: no other run is writing here)."""
        self.fs.makedirs(self.path(RESULTS), exist_ok=True)
        self.fs.makedirs(self.scratch, exist_ok=True)
        self.fs.pipe_file(self.path(RUNS, self.run_id, "probe"), b"")
        for name in self._names(RESULTS):
            if is_temp_of_another_run(name, self.run_id):
                self.fs.rm(self.path(RESULTS, name))
        for name in self._names(RUNS):
            if name != self.run_id:
                self.fs.rm(self.path(RUNS, name), recursive=True)

    def _names(self, folder: str) -> list[str]:
        try:
            return sorted(entry.rstrip("/").rsplit("/", 1)[-1] for entry in self.fs.ls(self.path(folder), detail=False))
        except FileNotFoundError:
            return []

    # -- results parts ---------------------------------------------------------------------------

    def parts(self) -> list[str]:
        """The parts made under this run's cache key, by name."""
        prefix = f"part-{self.cache_key[:16]}-"
        return [name for name in self._names(RESULTS) if name.startswith(prefix) and name.endswith(".parquet")]

    def writer(self) -> PartWriter:
        return PartWriter(self)

    def write_part(self, table: pa.Table) -> PartIndex:
        """Some results as one new part; its index."""
        writer = self.writer()
        try:
            writer.write(table)
            return writer.index(writer.close())
        except BaseException:
            writer.discard()
            raise

    def verify(self, part: str) -> PartIndex | None:
        """The part's index when its bytes hash to its name; None when it is damaged, cut short or
        not a Parquet file at all."""
        expected = part.removesuffix(".parquet").rsplit("-", 1)[-1]
        with self.fs.open(self.path(RESULTS, part), "rb") as file:
            if hashlib.file_digest(file, "sha256").hexdigest() != expected:
                return None
        try:
            with self.fs.open(self.path(RESULTS, part), "rb") as file:
                index = pq.read_table(file, columns=["file_id", "file_signature"])
        except (pa.ArrowException, OSError):  # a well-hashed part that is no Parquet: never written by us
            return None
        return _index_of(part, index)

    def row_groups(self, part: str, columns: list[str] | None = None) -> Iterator[pa.Table]:
        with self.fs.open(self.path(RESULTS, part), "rb") as file:
            parquet = pq.ParquetFile(file)
            for index in range(parquet.num_row_groups):
                yield parquet.read_row_group(index, columns=columns)

    def read_part(self, part: str, columns: list[str]) -> pa.Table:
        with self.fs.open(self.path(RESULTS, part), "rb") as file:
            return pq.read_table(file, columns=columns)

    def remove_part(self, part: str) -> None:
        self.fs.rm(self.path(RESULTS, part))

    def keep_only(self, keep: Iterable[str]) -> None:
        """After a publish: the parts the published tables were made from are the cache; every
        other part, of any cache key, goes."""
        keep = set(keep)
        for name in self._names(RESULTS):
            if name.startswith("part-") and name not in keep:
                self.fs.rm(self.path(RESULTS, name))

    def discard_scratch(self) -> None:
        """This run's scratch folder and half-written parts; quiet, it runs after failures too."""
        for name in self._names(RESULTS):
            if name.endswith(TEMP_MARK + self.run_id):
                quietly(self.fs.rm, self.path(RESULTS, name))
        quietly(self.fs.rm, self.scratch, recursive=True)

    # -- scratch tables (the reduce's tallies) ------------------------------------------------------

    def write_table(self, path: str, table: pa.Table) -> str:
        with self.fs.open(path, "wb") as file:
            pq.write_table(table, file, compression="zstd")
        return path

    def read_table(self, path: str, columns: list[str] | None = None) -> pa.Table:
        with self.fs.open(path, "rb") as file:
            return pq.read_table(file, columns=columns)


def _protocols(fs) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def _index_of(part: str, table: pa.Table) -> PartIndex:
    return PartIndex(part, tuple(table.column("file_id").to_pylist()), tuple(table.column("file_signature").to_pylist()))


def quietly(function, *args, **kwargs) -> None:
    """Clean-up after a failure must not hide it (a full or read-only disk may refuse it too)."""
    try:
        function(*args, **kwargs)
    except (OSError, ValueError):
        pass


class _HashingSink:
    """A file being written, hashed as its bytes go by."""

    def __init__(self, raw):
        self.raw = raw
        self.digest = hashlib.sha256()
        self.size = 0
        self.closed = False

    def write(self, data) -> int:
        self.digest.update(data)
        self.size += len(data)
        self.raw.write(data)
        return len(data)

    def tell(self) -> int:
        return self.size

    def flush(self) -> None:
        self.raw.flush()

    def writable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.raw.close()


class PartWriter:
    """One results part, streamed row group by row group under a temporary name; `close` names it
    after the sha256 of its bytes."""

    def __init__(self, area: WorkArea):
        self.area = area
        self.temp = area.path(RESULTS, temp_name(f"part-{secrets.token_hex(8)}", area.run_id))
        self._sink = _HashingSink(area.fs.open(self.temp, "wb"))
        self._writer = pq.ParquetWriter(self._sink, area.schema, compression="zstd")
        self.file_ids: list[str] = []
        self.signatures: list[str | None] = []

    def write(self, table: pa.Table) -> None:
        if table.num_rows:
            self._writer.write_table(table.replace_schema_metadata(self.area.schema.metadata))
            self.file_ids += table.column("file_id").to_pylist()
            self.signatures += table.column("file_signature").to_pylist()

    def close(self) -> str:
        self._writer.close()
        self._sink.close()
        name = f"part-{self.area.cache_key[:16]}-{self._sink.digest.hexdigest()}.parquet"
        self.area.fs.mv(self.temp, self.area.path(RESULTS, name))
        return name

    def index(self, part: str) -> PartIndex:
        return PartIndex(part, tuple(self.file_ids), tuple(self.signatures))

    def discard(self) -> None:
        try:
            self._writer.close()  # on a full disk closing fails too
            self._sink.close()
        except (OSError, ValueError):
            pass
        finally:
            quietly(self.area.fs.rm, self.temp)


def merged_results(area: WorkArea, sources: dict[str, tuple[str, ...]], order: list[str]) -> Iterator[pa.Table]:
    """The chosen results of some input files, in listing order, streamed from the parts, one
    row (an Arrow slice: nothing is copied) at a time.

    `sources` maps each part to the ids of the files whose results are taken from it, `order` is
    the file ids in listing order. Parts whose files do not interleave are read one after another
    (a chain); the chains are merged. Each part holds its rows in listing order, so memory is one
    row group per chain: a few, however many parts hold the files.
    """
    position = {file_id: i for i, file_id in enumerate(order)}
    spans = {part: (min(position[i] for i in ids), max(position[i] for i in ids)) for part, ids in sources.items()}
    chains: list[list[str]] = []
    ends: list[tuple[int, int]] = []  # (last position of a chain, its index): the chain that ends first on top
    for part in sorted(spans, key=lambda part: spans[part][0]):
        if ends and ends[0][0] < spans[part][0]:
            _, k = heapq.heappop(ends)
            chains[k].append(part)
        else:
            k = len(chains)
            chains.append([part])
        heapq.heappush(ends, (spans[part][1], k))
    streams = [_chain_rows(area, chain, sources, position) for chain in chains]
    for _, row in heapq.merge(*streams, key=itemgetter(0)):
        yield row


def _chain_rows(area: WorkArea, chain: list[str], sources: dict[str, tuple[str, ...]], position: dict[str, int]) -> Iterator[tuple[tuple[int, int], pa.Table]]:
    """((file position, record), row): a file's several documents keep their order. Rows of files
    chosen from another part, or of other files, are left out."""
    for part in chain:
        chosen = pa.array(sources[part], pa.string())
        for table in area.row_groups(part):
            table = table.filter(pc.is_in(table.column("file_id"), value_set=chosen))
            for i, (file_id, record) in enumerate(zip(table.column("file_id").to_pylist(), table.column("record").to_pylist())):
                yield (position[file_id], record), table.slice(i, 1)
