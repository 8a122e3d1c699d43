"""Which model each language uses, found without loading anything (no spaCy import), so a run
checks its models and records them before any worker starts; `pipeline.ner.build` loads them."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

NATASHA = "natasha"
NATASHA_MODEL = "natasha+slovnet-news-ner"


@dataclass(frozen=True)
class ModelInfo:
    """What produced the mentions of one language; recorded in the output metadata."""

    lang: str
    name: str
    version: str


class ModelNotInstalled(RuntimeError):
    """No candidate model of a language is installed: a usage error, found before anything loads."""


def resolve_model(lang: str, candidates: tuple[str, ...]) -> ModelInfo:
    """The first installed candidate, without loading it (its version from the package's meta.json),
    so a run can check its models and record them before any worker starts."""
    for name in candidates:
        if name == NATASHA:
            if importlib.util.find_spec("natasha") is not None:
                return ModelInfo(lang, NATASHA_MODEL, _version("natasha"))
            continue
        spec = importlib.util.find_spec(name)
        if spec is not None:
            meta = Path(next(iter(spec.submodule_search_locations or []), "")) / "meta.json"
            version = json.loads(meta.read_text(encoding="utf-8")).get("version") if meta.is_file() else None
            return ModelInfo(lang, name, version or _version(name))
    raise ModelNotInstalled(
        f"no spaCy pipeline for {lang!r} is installed; tried {list(candidates)}. "
        "Install one of them (see pyproject.toml) or change [ner] in the configuration."
    )


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
