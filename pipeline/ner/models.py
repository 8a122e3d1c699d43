"""Which model each language uses, found without loading anything (no spaCy import), so a run
checks its models and records them before any worker starts; `pipeline.ner.build` loads them.

A candidate is an installed spaCy package, `natasha`, or the name of a spaCy pipeline folder
shipped under `models/` with the project (`models/en_ner`, the trained English NER): that
folder's name is the model's name in the tables, its `meta.json` gives the version.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.resources import data_path

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
        folder = shipped_pipeline(name)
        if folder is not None:
            return ModelInfo(lang, name, _meta_version(folder) or "unknown")
        spec = importlib.util.find_spec(name)
        if spec is not None:
            folder = Path(next(iter(spec.submodule_search_locations or []), ""))
            return ModelInfo(lang, name, _meta_version(folder) or _version(name))
    raise ModelNotInstalled(
        f"no spaCy pipeline for {lang!r} is installed; tried {list(candidates)}. "
        "Install one of them (see pyproject.toml) or change [ner] in the configuration."
    )


def shipped_pipeline(name: str) -> Path | None:
    """The spaCy pipeline folder `models/<name>` shipped with the project, if there is one."""
    if not name or name != Path(name).name:
        return None
    folder = data_path(name)
    return folder if (folder / "meta.json").is_file() else None


def reads_capitals(name: str) -> bool:
    """Whether a model learnt lines written in capitals itself (its meta.json says `reads_capitals`:
    the trained `en_ner` saw capitalised copies of its training sentences), so the pipeline gives it
    such lines as written instead of recased (`pipeline.text.letter_case`)."""
    folder = shipped_pipeline(name)
    return bool(folder is not None and _meta(folder).get("reads_capitals"))


def _meta(folder: Path) -> dict:
    meta = folder / "meta.json"
    return json.loads(meta.read_text(encoding="utf-8")) if meta.is_file() else {}


def _meta_version(folder: Path) -> str | None:
    return _meta(folder).get("version")


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
