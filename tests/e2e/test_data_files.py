"""Data files outside models/ (issue 16, item 3): a configured gazetteer is fingerprinted by its
content, so editing it between runs redoes the work, and a relative path in a configuration file
means the same file whatever the working folder the run starts from."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pyarrow.parquet as pq

from tests.conftest import ROOT, Tables

ARTICLE = "Ministers of five countries met in Astana on Tuesday to discuss the water of the Syr Darya.\n"


def extract_from(cwd, *args: str) -> subprocess.CompletedProcess:
    """The CLI as a user in `cwd` runs it, with paths as they typed them."""
    command = [sys.executable, "-m", "pipeline", "extract", "--no-progress", "--workers", "1", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd)


def test_an_edited_external_gazetteer_redoes_the_work_from_any_working_folder(tmp_path):
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    (project / "config").mkdir(parents=True)
    (project / "input").mkdir()
    elsewhere.mkdir()
    (project / "input" / "astana.txt").write_text(ARTICLE, encoding="utf-8")
    gazetteer = project / "config" / "gaz.jsonl"
    entries = (ROOT / "models" / "gazetteer.jsonl").read_text(encoding="utf-8")
    gazetteer.write_text(entries, encoding="utf-8")
    # relative to the configuration file's folder, not to the working folder
    (project / "config" / "run.toml").write_text('[data]\ngazetteer = "gaz.jsonl"\n', encoding="utf-8")

    first = extract_from(project, "--input", "input", "--output", "out", "--config", "config/run.toml")
    assert first.returncode == 0, first.stderr
    before = Tables(project / "out", first)
    astana = before.entities[before.entities.name == "Astana"].iloc[0]
    assert astana.name_ru == "Астана" and astana.wikidata_id == "Q1520"

    # the same Wikidata entry, another Russian name: only the external file changes
    edited = entries.replace('"name_ru": "Астана"', '"name_ru": "Столица Казахстана"', 1)
    assert edited != entries
    gazetteer.write_text(edited, encoding="utf-8")
    second = extract_from(elsewhere, "--input", str(project / "input"), "--output", str(project / "out"),
                          "--config", "../project/config/run.toml")
    assert second.returncode == 0, second.stderr
    assert "(0 unchanged files reused" in second.stderr and "nothing changed" not in second.stderr
    after = Tables(project / "out", second)
    assert after.entities[after.entities.name == "Astana"].name_ru.item() == "Столица Казахстана"

    metadata = pq.read_schema(project / "out" / "entities.parquet").metadata
    recorded = json.loads(metadata[b"data_files"])
    assert recorded[str(gazetteer)] == hashlib.sha256(edited.encode("utf-8")).hexdigest()
    assert json.loads(metadata[b"config"])["data"]["gazetteer"] == str(gazetteer)

    # nothing edited since: the third run, from a third folder, keeps the tables
    third = extract_from(tmp_path, "--input", "project/input", "--output", "project/out", "--config", "project/config/run.toml")
    assert third.returncode == 0 and "nothing changed since the run that made the tables" in third.stderr
