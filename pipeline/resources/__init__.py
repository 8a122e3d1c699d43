"""Where the data files the models need live (`models/`), and the fingerprints of every data file a run reads.

In a source checkout `models/` sits beside the package; an installed wheel carries the same
files as `pipeline/_models` (see `pyproject.toml`). Everything that reads a data file asks
`data_path` for it, so there is one place that knows where they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent
_CANDIDATES = (_PACKAGE.parent / "models", _PACKAGE / "_models")

DOC_SUFFIXES = (".md",)
"""Files under models/ that document the data and do not change the output."""


@lru_cache(maxsize=1)
def models_dir() -> Path:
    for candidate in _CANDIDATES:
        if (candidate / "pipeline.toml").is_file():
            return candidate
    raise FileNotFoundError(f"no models/ folder with pipeline.toml found (looked in {', '.join(map(str, _CANDIDATES))})")


def data_path(name: str) -> Path:
    """A data file under models/, e.g. `data_path("gazetteer.jsonl")`."""
    return models_dir() / name


def fingerprints(configured: Iterable[str] = ()) -> dict[str, str]:
    """sha256 of every data file a run reads: each file under models/ (documentation aside; they
    all shape the output), by its path relative to models/, and each `configured` file outside
    models/ (a user's gazetteer), by its absolute path."""
    root = models_dir()
    under_models = [path for path in sorted(root.rglob("*"))
                    if path.is_file() and path.suffix not in DOC_SUFFIXES and "__pycache__" not in path.parts]
    elsewhere = [Path(path) for path in configured if not Path(path).resolve().is_relative_to(root)]
    named = [(path.relative_to(root).as_posix(), path) for path in under_models] + [(str(path), path) for path in elsewhere]
    return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in named}
