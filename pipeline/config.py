"""Run configuration: every default lives in `models/pipeline.toml`; a user TOML file overrides keys.

The dataclasses below give the configuration its shape and types only: a key missing from
`models/pipeline.toml` is an error, so there is exactly one home for each default.
"""

from __future__ import annotations

import json
import os
import tomllib
import typing
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from pipeline.resources import data_path, fingerprints, models_dir

DEFAULT_CONFIG = "pipeline.toml"


@dataclass(frozen=True)
class LanguageConfig:
    seed: int
    supported: tuple[str, ...]


@dataclass(frozen=True)
class NerConfig:
    batch_size: int
    english_models: tuple[str, ...]
    russian_models: tuple[str, ...]


@dataclass(frozen=True)
class IngestConfig:
    max_file_bytes: int


@dataclass(frozen=True)
class ChromeConfig:
    min_line_chars: int
    min_documents: int
    max_repeated_share: float


@dataclass(frozen=True)
class RunConfig:
    workers: int
    engine: str
    scheduler: str
    work_area: str
    part_files: int


ENGINES = ("local", "dask")


DATA_KEYS = ("gazetteer", "word_lists")


@dataclass(frozen=True)
class DataConfig:
    """The data files the components and the linker read. A value is a path relative to `models/`
    or an absolute one: `load_config` resolves a relative path against the folder of the
    configuration file that sets it (for `models/pipeline.toml`, `models/` itself), so a run reads
    the same files from any working folder."""

    gazetteer: str
    word_lists: str

    def __post_init__(self):
        for key in DATA_KEYS:
            if not Path(self.path(getattr(self, key))).is_file():
                raise ValueError(f"config [data] {key}: no file {self.path(getattr(self, key))}")

    @staticmethod
    def path(value: str) -> str:
        """Where the file is: an absolute value as it is, a relative one under models/."""
        return str(Path(value) if Path(value).is_absolute() else data_path(value))

    def paths(self) -> list[str]:
        return [self.path(getattr(self, key)) for key in DATA_KEYS]


def _data_value(value: str, folder: Path) -> str:
    """A [data] path written in a configuration file in `folder`, as `DataConfig` holds it: under
    models/ as a path relative to it (the defaults' spelling, so the recorded configuration does not
    depend on where the project is), else absolute."""
    resolved = Path(os.path.normpath(folder / value))
    root = models_dir()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else str(resolved)


@dataclass(frozen=True)
class Config:
    language: LanguageConfig
    ner: NerConfig
    ingest: IngestConfig
    run: RunConfig
    chrome: ChromeConfig
    data: DataConfig

    def to_json(self) -> str:
        """The keys that shape the output: [run] (how many workers, which engine) never does, so it
        is left out of the table metadata and of the key under which per-document results are reused."""
        shaping = asdict(self)
        del shaping["run"]
        return json.dumps(shaping, sort_keys=True, ensure_ascii=False)

    def data_files(self) -> dict[str, str]:
        """sha256 of every data file the run reads, wherever it is: recorded in the tables' metadata
        and part of the key under which results are reused, so an edited file is never stale."""
        return fingerprints(self.data.paths())


_SECTIONS = {field.name: field.type for field in fields(Config)}
_SECTION_CLASSES = {
    "language": LanguageConfig,
    "ner": NerConfig,
    "ingest": IngestConfig,
    "chrome": ChromeConfig,
    "data": DataConfig,
    "run": RunConfig,
}

# Values that would silently lose documents (a zero batch size yields no batches at all).
_POSITIVE = {
    ("ner", "batch_size"), ("ingest", "max_file_bytes"), ("chrome", "min_line_chars"), ("chrome", "min_documents"), ("run", "part_files"),
}
_NON_NEGATIVE = {("run", "workers")}
_CHOICES = {("run", "engine"): ENGINES}
_MAY_BE_EMPTY = {("run", "scheduler"), ("run", "work_area")}


def load_config(path: Path | None = None) -> Config:
    """Defaults from `models/pipeline.toml`, then the user's file on top, section by section."""
    merged: dict[str, dict] = {}
    for source in [data_path(DEFAULT_CONFIG)] + ([Path(path).absolute()] if path else []):
        with open(source, "rb") as f:
            data = tomllib.load(f)
        unknown = set(data) - set(_SECTION_CLASSES)
        if unknown:
            raise ValueError(f"{source}: unknown config section(s) {sorted(unknown)}; known: {sorted(_SECTION_CLASSES)}")
        for name, values in data.items():
            if not isinstance(values, dict):
                raise ValueError(f"{source}: [{name}] must be a table of keys, got {values!r}")
            if name == "data":  # paths relative to this file's folder
                values = {key: _data_value(value, source.parent) if isinstance(value, str) and value else value
                          for key, value in values.items()}
            merged.setdefault(name, {}).update(values)
    return Config(**{name: _section(name, merged.get(name, {})) for name in _SECTION_CLASSES})


def _section(name: str, values: dict):
    cls = _SECTION_CLASSES[name]
    types = typing.get_type_hints(cls)
    unknown = set(values) - set(types)
    if unknown:
        raise ValueError(f"config section [{name}]: unknown key(s) {sorted(unknown)}; known: {sorted(types)}")
    missing = set(types) - set(values)
    if missing:
        raise ValueError(f"{data_path(DEFAULT_CONFIG)} lacks [{name}] {sorted(missing)}: it must hold every default")
    return cls(**{key: _checked(name, key, types[key], value) for key, value in values.items()})


def _checked(section: str, key: str, expected, value):
    """Refuse values that would lose documents or mean something else than intended."""
    if expected == tuple[str, ...]:
        if not (isinstance(value, list) and value and all(isinstance(item, str) for item in value)):
            raise ValueError(f"config [{section}] {key} must be a non-empty list of strings, got {value!r}")
        return tuple(value)
    if expected is int:
        if not isinstance(value, int) or isinstance(value, bool):
            raise ValueError(f"config [{section}] {key} must be an integer, got {value!r}")
        if (section, key) in _POSITIVE and value <= 0:
            raise ValueError(f"config [{section}] {key} must be a positive integer, got {value!r}")
        if (section, key) in _NON_NEGATIVE and value < 0:
            raise ValueError(f"config [{section}] {key} must be 0 or more, got {value!r}")
        return value
    if expected is str:
        if not isinstance(value, str) or not (value or (section, key) in _MAY_BE_EMPTY):
            raise ValueError(f"config [{section}] {key} must be a non-empty string, got {value!r}")
        choices = _CHOICES.get((section, key))
        if choices and value not in choices:
            raise ValueError(f"config [{section}] {key} must be one of {list(choices)}, got {value!r}")
        return value
    if expected is float:
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
            raise ValueError(f"config [{section}] {key} must be a number from 0 to 1, got {value!r}")
        return float(value)
    raise TypeError(f"config [{section}] {key}: no check for type {expected}")
