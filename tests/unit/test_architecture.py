"""The import contract in pyproject.toml ([tool.importlinter]): stages never import each other."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(package_parent: Path, config: Path) -> subprocess.CompletedProcess:
    """lint-imports on the `pipeline` package found in `package_parent`."""
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=package_parent,
        env={"PYTHONPATH": str(package_parent), "PATH": "/usr/bin:/bin"},
    )


def test_the_package_keeps_its_import_contract():
    result = _lint(ROOT, ROOT / "pyproject.toml")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_a_stage_importing_another_stage_breaks_the_contract(tmp_path):
    shutil.copytree(ROOT / "pipeline", tmp_path / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    recognizer = tmp_path / "pipeline" / "ner" / "recognizer.py"
    recognizer.write_text(recognizer.read_text(encoding="utf-8") + "\nfrom pipeline.link import linker  # noqa\n", encoding="utf-8")
    result = _lint(tmp_path, tmp_path / "pyproject.toml")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout and "pipeline.ner.recognizer -> pipeline.link.linker" in result.stdout
