"""The output folder as the report sees it: the three tables, their metadata and run.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from pipeline.write import RUN_RECORD, TABLES, published_set, table_path, table_schema

METADATA_KEYS = ("pipeline_version", "models", "config", "data_files")
"""Key-value metadata every table carries (pipeline.write.table_metadata); JSON except the version."""


class UnusableTables(ValueError):
    """A table is missing (the folder was not written by `extract`) or cannot be read as Parquet."""


@dataclass(frozen=True)
class OutputTables:
    documents: pd.DataFrame
    mentions: pd.DataFrame
    entities: pd.DataFrame
    metadata: dict  # METADATA_KEYS, decoded
    run: dict | None  # run.json when present: the date and duration of the run


def table_paths(output_dir: Path) -> dict[str, Path]:
    """documents/mentions/entities -> their Parquet file (or folder of parts), all of one published
    set; a clear error when one is missing."""
    folder = published_set(output_dir)  # once: the three tables of one run
    paths = {name: table_path(folder, name) for name in TABLES}
    missing = [path.name for path in paths.values() if not path.exists()]
    if missing:
        raise UnusableTables(f"{output_dir} has no {', '.join(missing)}; run `python -m pipeline extract --output {output_dir}` first")
    return paths


def load_tables(output_dir: Path) -> OutputTables:
    paths = table_paths(output_dir)
    try:
        frames = {name: pd.read_parquet(path) for name, path in paths.items()}
        raw = table_schema(paths["documents"]).metadata or {}
    except (OSError, pa.ArrowException) as error:
        raise UnusableTables(f"cannot read the tables in {output_dir}: {error}") from None
    metadata = {key: raw.get(key.encode(), b"").decode() for key in METADATA_KEYS}
    for key in METADATA_KEYS[1:]:
        metadata[key] = json.loads(metadata[key]) if metadata[key] else {}
    run_path = paths["documents"].parent / RUN_RECORD
    run = json.loads(run_path.read_text(encoding="utf-8")) if run_path.is_file() else None
    return OutputTables(**frames, metadata=metadata, run=run)
