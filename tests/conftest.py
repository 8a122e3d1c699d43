"""Shared fixtures: the real CLI run once per test session on the real seeds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEEDS_GOLD = ROOT / "gold" / "seeds" / "seeds.jsonl"


def run_extract(input_dir: Path, output_dir: Path, *extra: str, check: bool = True) -> subprocess.CompletedProcess:
    """The pipeline exactly as a user runs it: a separate process, the real CLI."""
    command = [sys.executable, "-m", "pipeline", "extract", "--input", str(input_dir), "--output", str(output_dir), "--no-progress", *extra]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if check and result.returncode != 0:
        raise AssertionError(f"extract exited {result.returncode}:\n{result.stderr}")
    return result


class Tables:
    def __init__(self, output_dir: Path, result: subprocess.CompletedProcess):
        self.dir = output_dir
        self.result = result
        self.documents = pd.read_parquet(output_dir / "documents.parquet")
        self.mentions = pd.read_parquet(output_dir / "mentions.parquet")
        self.entities = pd.read_parquet(output_dir / "entities.parquet")

    def doc_id(self, path_prefix: str) -> str:
        return self.documents.loc[self.documents.path.str.startswith(path_prefix), "doc_id"].item()

    def mentions_of(self, path_prefix: str) -> pd.DataFrame:
        return self.mentions[self.mentions.doc_id == self.doc_id(path_prefix)]


@pytest.fixture(scope="session")
def seeds_output(tmp_path_factory) -> Tables:
    output_dir = tmp_path_factory.mktemp("seeds-output")
    return Tables(output_dir, run_extract(SEEDS, output_dir))


@pytest.fixture(scope="session")
def en():
    """The English spaCy pipeline as the run builds it (the trained model shipped under models/)."""
    from pipeline.config import load_config
    from pipeline.ner.build import build_pipeline

    return build_pipeline("en", load_config().ner.english_models)[0]


@pytest.fixture(scope="session")
def ru():
    """The Russian (natasha) pipeline as the run builds it."""
    from pipeline.ner.build import build_pipeline

    return build_pipeline("ru", ("natasha",))[0]
