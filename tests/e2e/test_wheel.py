"""The package as a wheel (`pip install .`, not editable) carries its subpackages and models/ data."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pyarrow.parquet as pq

from tests.conftest import ROOT, SEEDS


def test_an_installed_wheel_extracts_from_another_folder(tmp_path):
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run([*pip, "wheel", "--no-deps", "--wheel-dir", str(wheels), str(ROOT)], check=True, capture_output=True)
    (wheel,) = wheels.glob("newsents-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packed = set(archive.namelist())
    sources = {path.relative_to(ROOT).as_posix() for path in (ROOT / "pipeline").rglob("*.py")}
    assert sources <= packed, f"missing from the wheel (pyproject.toml packages): {sorted(sources - packed)}"
    report_files = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "pipeline" / "report").rglob("*")
        if path.is_file() and path.suffix not in {".py", ".pyc"}
    }
    assert report_files <= packed, f"report templates missing from the wheel (package-data): {sorted(report_files - packed)}"
    models = ROOT / "models"
    data = {f"pipeline/_models/{path.relative_to(models).as_posix()}" for path in models.rglob("*") if path.is_file()}
    assert data <= packed, f"models/ files missing from the wheel (package-data): {sorted(data - packed)}"
    assert "pipeline/_models/en_ner/ner/model" in packed  # the trained English NER travels in the wheel
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}
    where = subprocess.run(
        [sys.executable, "-c", "import pipeline.resources as r; print(r.__file__); print(r.models_dir())"],
        cwd=elsewhere, env=env, capture_output=True, text=True, check=True,
    ).stdout.split()
    assert all(path.startswith(str(site)) for path in where), where  # the wheel's copy, not the checkout's
    output = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "extract", "--input", str(SEEDS), "--output", str(output), "--no-progress"],
        cwd=elsewhere, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    mentions = pq.read_table(output / "mentions.parquet")
    assert mentions.num_rows > 100
    assert "gazetteer_ruler" in set(mentions.column("source").to_pylist())  # models/gazetteer.jsonl was found
    assert "en_ner:ner" in set(mentions.column("source").to_pylist())  # and the trained English model under it
    report = subprocess.run(
        [sys.executable, "-m", "pipeline", "report", "--output", str(output)], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert report.returncode == 0, report.stderr  # the templates travel in the wheel too
    assert "UNICEF" in (output / "report" / "index.html").read_text(encoding="utf-8")
