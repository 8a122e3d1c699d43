"""Stage 6: Parquet tables with explicit Arrow schemas, written as a stream, and the output
folder as readers see it.

Tables are written into a set folder that nobody reads until the run publishes it
(`pipeline.run.publish`): the output folder's `documents.parquet`, `mentions.parquet`,
`entities.parquet` and `run.json` are links through one link, `.newsents/current`, to the set
folder, so replacing that one link publishes the three tables together. `published_set` is
where readers find them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.records import Document, Entity, Mention

DOCUMENTS_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("path", pa.string(), nullable=False),
        pa.field("sha256", pa.string()),
        pa.field("n_bytes", pa.int64()),
        pa.field("n_chars", pa.int64()),
        pa.field("encoding", pa.string()),
        pa.field("lang", pa.string()),
        pa.field("lang_prob", pa.float64()),
        pa.field("lang_reliable", pa.bool_()),
        pa.field("lang_mix", pa.float64()),
        pa.field("lang_first", pa.string()),
        pa.field("lang_second", pa.string()),
        pa.field("lang_second_prob", pa.float64()),
        pa.field("lang_evidence", pa.string()),
        pa.field("status", pa.string(), nullable=False),
        pa.field("error", pa.string()),
        pa.field("duplicate_of", pa.string()),
        pa.field("published", pa.date32()),
        pa.field("format", pa.string()),
        pa.field("url", pa.string()),
        pa.field("chrome_chars", pa.int64(), nullable=False),
        pa.field("title", pa.string()),
        pa.field("text", pa.large_string()),
    ]
)

MENTIONS_SCHEMA = pa.schema(
    [
        pa.field("doc_id", pa.string(), nullable=False),
        pa.field("mention_id", pa.string(), nullable=False),
        pa.field("start_char", pa.int64(), nullable=False),
        pa.field("end_char", pa.int64(), nullable=False),
        pa.field("text", pa.string(), nullable=False),
        pa.field("label", pa.string(), nullable=False),
        pa.field("lang", pa.string()),
        pa.field("normalized", pa.string()),
        pa.field("entity_id", pa.string()),
        pa.field("sentence", pa.int32(), nullable=False),
        pa.field("context", pa.string()),
        pa.field("source", pa.string(), nullable=False),
        pa.field("folded", pa.bool_(), nullable=False),
        pa.field("date_value", pa.string()),
        pa.field("date_start", pa.date32()),
        pa.field("date_end", pa.date32()),
        pa.field("date_granularity", pa.string()),
        pa.field("in_chrome", pa.bool_(), nullable=False),
        pa.field("chrome_reason", pa.string()),
        pa.field("in_title", pa.bool_(), nullable=False),
    ]
)

ENTITIES_SCHEMA = pa.schema(
    [
        pa.field("entity_id", pa.string(), nullable=False),
        pa.field("label", pa.string(), nullable=False),
        pa.field("name", pa.string(), nullable=False),
        pa.field("name_ru", pa.string()),
        pa.field("aliases", pa.list_(pa.string())),
        pa.field("wikidata_id", pa.string()),
        pa.field("n_mentions", pa.int64(), nullable=False),
        pa.field("n_mentions_article", pa.int64(), nullable=False),
        pa.field("n_docs", pa.int64(), nullable=False),
        pa.field("langs", pa.list_(pa.string())),
    ]
)

TABLES = {"documents": DOCUMENTS_SCHEMA, "mentions": MENTIONS_SCHEMA, "entities": ENTITIES_SCHEMA}


class MissingTables(FileNotFoundError):
    """An output folder lacks a published table: it was not written by `extract` (or not yet)."""


def table_path(output_dir: Path, name: str) -> Path:
    """Where the published table `name` of an output folder is (a Parquet file, or a folder of
    part files for a large corpus): the one place that readers (eval, diff, report, query) learn
    the layout from. All tables of one call of `published_set`, so of one run."""
    return published_set(output_dir) / f"{name}.parquet"


def read_table(output_dir: Path, name: str, columns: list[str] | None = None, filters=None) -> pa.Table:
    """A published table (or some of its columns and rows); MissingTables when the folder has none."""
    path = table_path(output_dir, name)
    if not path.exists():
        raise MissingTables(f"{output_dir} is not an output folder of `extract`: no {path.name}")
    return pq.read_table(path, columns=columns, filters=filters)


RUN_RECORD = "run.json"
"""Beside the tables: counts, time, failures, models and configuration of the run that wrote them."""


def document_row(doc: Document) -> dict:
    return {**{name: getattr(doc, name) for name in DOCUMENTS_SCHEMA.names}, "status": str(doc.status)}


def mention_row(mention: Mention, entity_id: str | None) -> dict:
    return {**{name: getattr(mention, name, None) for name in MENTIONS_SCHEMA.names}, "entity_id": entity_id}


def entity_row(entity: Entity) -> dict:
    row = asdict(entity)
    row["aliases"] = sorted(entity.aliases)
    row["langs"] = sorted(entity.langs)
    return row


class TableWriter:
    """Streams row groups into one Parquet file of a set being staged (nobody reads it before the
    set is published, so it needs no temporary name). `sink`: a path, or a binary file (of any
    fsspec file system) that `close` closes."""

    def __init__(self, sink, name: str, metadata: dict[str, str]):
        self.sink = sink
        self.schema = TABLES[name].with_metadata({key: value.encode() for key, value in metadata.items()})
        self._writer = pq.ParquetWriter(sink, self.schema, compression="zstd")

    def write(self, rows: list[dict]) -> None:
        if rows:
            self._writer.write_table(pa.Table.from_pylist(rows, schema=self.schema))

    def write_table(self, table: pa.Table) -> None:
        self._writer.write_table(table.cast(self.schema))

    def close(self) -> None:
        self._writer.close()
        if hasattr(self.sink, "close"):
            self.sink.close()


# --- the output folder as readers see it ---------------------------------------------------------

WORK_DIR = ".newsents"
"""The output folder's hidden part: the published sets, the run lock and (by default) the work area."""
CURRENT_SET = "current"
"""`OUTPUT/.newsents/current`: a symbolic link to the folder of the published set of tables; the
tables and run.json in the output folder are links through it, so one rename publishes all four."""
PUBLISHED = (*(f"{name}.parquet" for name in TABLES), RUN_RECORD)


def published_set(output_dir: Path) -> Path:
    """The folder holding the set of tables a reader should use: the folder `current` points to,
    resolved once, so the three tables read one after another come from one run even while a new
    run publishes; the output folder itself for tables written before sets existed (or copied)."""
    current = output_dir / WORK_DIR / CURRENT_SET
    if current.is_symlink() and all(
        os.path.islink(output_dir / name) and os.readlink(output_dir / name) == published_link(name) for name in PUBLISHED[:3]
    ):
        return current.resolve()
    return output_dir


def published_link(name: str) -> str:
    """Where the output folder's entry `name` points: through `current`, relative to the folder."""
    return f"{WORK_DIR}/{CURRENT_SET}/{name}"


def table_files(path: Path) -> list[Path]:
    """The Parquet files of a table: itself, or the parts of a table written as a folder, in order."""
    return sorted(path.glob("part-*.parquet")) if path.is_dir() else [path]


def table_schema(path: Path) -> pa.Schema:
    """A table's schema with its key-value metadata (every part of a folder carries the same)."""
    return pq.read_schema(table_files(path)[0])


def read_row_groups(path: Path, columns: list[str] | None = None) -> Iterator[pa.Table]:
    """A written table back, one row group at a time (memory stays one batch)."""
    for file in table_files(path):
        parquet = pq.ParquetFile(file)
        for index in range(parquet.num_row_groups):
            yield parquet.read_row_group(index, columns=columns)


INPUTS_KEY = "inputs_sha256"
"""Table metadata: what the tables were made from (the run's cache key and every input file's path
and sha256, hashed in listing order). A re-run whose inputs hash the same has nothing to do."""


def published_inputs(output_dir: Path) -> str | None:
    """The inputs hash the three published tables share; None when one is missing or they differ."""
    found, folder = set(), published_set(output_dir)
    for name in TABLES:
        try:
            found.add((table_schema(folder / f"{name}.parquet").metadata or {}).get(INPUTS_KEY.encode()))
        except (OSError, IndexError, pa.ArrowInvalid):
            return None
    return found.pop().decode() if len(found) == 1 and None not in found else None


def replace_values(table: pa.Table, column: str, mapping: dict[str, str]) -> pa.Table:
    """The table with the values of one string column replaced where `mapping` has them."""
    values = [mapping.get(value, value) for value in table.column(column).to_pylist()]
    return set_column(table, column, values)


def set_column(table: pa.Table, column: str, values: list) -> pa.Table:
    """The table with one column's values replaced, keeping its type."""
    index = table.schema.get_field_index(column)
    return table.set_column(index, table.schema.field(index), pa.array(values, table.schema.field(index).type))


def table_metadata(pipeline_version: str, models: dict, config_json: str, data_files: dict[str, str]) -> dict[str, str]:
    """Key-value metadata recorded in every table: enough to say what produced it, including
    the sha256 of every data file the run read (`Config.data_files`), which shape the output."""
    return {
        "pipeline_version": pipeline_version,
        "models": json.dumps(models, sort_keys=True, ensure_ascii=False),
        "config": config_json,
        "data_files": json.dumps(data_files, sort_keys=True, ensure_ascii=False),
    }


def write_json(path: Path, data: dict) -> None:
    """A JSON file (of a set being staged, so written in place)."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
