"""`python -m pipeline report`: the rendered pages written to OUTPUT/report/, replacing the old
report only once the new one is complete (one build at a time per output folder)."""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.report.render import Limits, render_report
from pipeline.report.tables import load_tables

REPORT_FOLDER = "report"


@dataclass(frozen=True)
class BuiltReport:
    index: Path
    n_files: int
    n_bytes: int
    largest_file_bytes: int
    seconds: float


def build_report(output_dir: Path, limits: Limits = Limits()) -> BuiltReport:
    started = time.monotonic()
    tables = load_tables(output_dir)
    final = output_dir / REPORT_FOLDER
    temp = output_dir / f".{REPORT_FOLDER}.tmp"
    shutil.rmtree(temp, ignore_errors=True)  # a killed build's leftovers
    sizes = []
    try:
        for relative, content in render_report(tables, limits):
            path = temp / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            data = content.encode("utf-8")
            path.write_bytes(data)
            sizes.append(len(data))
        _replace_folder(temp, final)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return BuiltReport(final / "index.html", len(sizes), sum(sizes), max(sizes), time.monotonic() - started)


def _replace_folder(new: Path, final: Path) -> None:
    """Two renames: the old report is moved aside and removed only after the new one is in place."""
    old = final.with_name(f".{final.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.replace(final, old)
    os.replace(new, final)
    shutil.rmtree(old, ignore_errors=True)
