"""What a user can rely on when a run is interrupted or cannot write (issue 16): one run per
output folder, the tables published as a set, a full or read-only disk reported in one line with
its exit code, and the previous tables intact with nothing temporary left behind.

The real CLI on the seeds; faults are staged by the test itself: a second run started beside the
first, the driver's own `os.replace` made to fail or to die at the publishing switch (a prelude
run before `pipeline.cli.main`), a small tmpfs that fills up, a read-only mount over the work area.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from tests.conftest import ROOT, SEEDS, run_extract

TABLES = ("documents", "mentions", "entities")
EXIT_USAGE, EXIT_STORAGE = 2, 5
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def tables_of(output: Path) -> dict[str, pd.DataFrame]:
    return {name: pd.read_parquet(output / f"{name}.parquet") for name in TABLES}


def assert_tables_equal(output: Path, expected: dict[str, pd.DataFrame]) -> None:
    for name, frame in tables_of(output).items():
        pd.testing.assert_frame_equal(frame, expected[name], obj=name)


def leftovers(output: Path) -> list[str]:
    """Anything a finished run must not leave: temporary names, scratch folders, unpublished sets."""
    hidden = output / ".newsents"
    found = [p for p in output.rglob("*") if ".tmp-" in p.name or "tmp-" in p.name]
    found += list((hidden / "runs").glob("*")) if (hidden / "runs").exists() else []
    sets = list((hidden / "sets").glob("*")) if (hidden / "sets").exists() else []
    if len(sets) > 1:
        found += sets
    return sorted(str(p.relative_to(output)) for p in found)


def one_line(result: subprocess.CompletedProcess, code: int, *words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for word in words:
        assert word in lines[0], lines[0]


PATCHED_RUN = """
import os, sys
sys.path.insert(0, os.environ["PIPELINE_ROOT"])
{patch}
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_patched(patch: str, corpus: Path, output: Path, *extra: str) -> subprocess.CompletedProcess:
    """The CLI with `patch` applied in the driver process first (workers are fresh processes)."""
    command = [sys.executable, "-c", PATCHED_RUN.format(patch=patch), "extract", "--input", str(corpus), "--output", str(output), "--no-progress", *extra]
    return subprocess.run(command, cwd=ROOT, env={**os.environ, "PIPELINE_ROOT": str(ROOT)}, capture_output=True, text=True)


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """An output folder with the tables of the seeds (the "previous run"), and a smaller corpus
    whose tables differ from them (the "next run")."""
    base = tmp_path_factory.mktemp("previous")
    output = base / "output"
    run_extract(SEEDS, output)
    smaller = base / "smaller"
    smaller.mkdir()
    for article in sorted(SEEDS.iterdir())[:3]:
        shutil.copy(article, smaller / article.name)
    return output, tables_of(output), smaller


def copy_of(previous_output: Path, folder: Path) -> Path:
    output = folder / "output"
    shutil.copytree(previous_output, output, symlinks=True)
    return output


def test_a_second_run_into_the_same_folder_exits_at_once_naming_the_first(tmp_path):
    output = tmp_path / "out"
    first = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "extract", "--input", str(SEEDS), "--output", str(output), "--no-progress"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    lock = output / ".newsents" / "lock"
    deadline = time.monotonic() + 60
    while not (lock.exists() and lock.read_text()):
        assert first.poll() is None, first.stderr.read()
        assert time.monotonic() < deadline, "the first run never took the lock"
        time.sleep(0.02)
    holder = json.loads(lock.read_text())
    second = run_extract(SEEDS, output, check=False)
    assert first.poll() is None, "the second run waited for the first instead of stopping at once"
    one_line(second, EXIT_USAGE, "another run is writing to", f"pid {holder['pid']}", f"started {holder['started_at']}")
    assert holder["pid"] == first.pid
    _, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    assert len(pd.read_parquet(output / "documents.parquet")) == len(list(SEEDS.iterdir()))
    assert lock.read_text() == ""  # released
    assert leftovers(output) == []


FAIL_THE_SWITCH = """
import errno
_replace = os.replace
def replace(source, target, *args, **kwargs):
    if os.path.basename(target) == "current":
        raise OSError(errno.EPERM, "Operation not permitted", str(target))
    return _replace(source, target, *args, **kwargs)
os.replace = replace
"""


def test_a_publish_that_fails_keeps_the_previous_tables_and_says_so_in_one_line(previous, tmp_path):
    previous_output, before, smaller = previous
    output = copy_of(previous_output, tmp_path)
    result = run_patched(FAIL_THE_SWITCH, smaller, output)
    one_line(result, EXIT_STORAGE, "cannot write the output", "the previous tables are unchanged")
    assert_tables_equal(output, before)
    assert leftovers(output) == []
    rerun = run_extract(smaller, output)  # nothing stops the next run; it publishes the new set
    assert rerun.returncode == 0
    assert len(pd.read_parquet(output / "documents.parquet")) == 3
    assert leftovers(output) == []


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_run_killed_at_the_publishing_switch_leaves_one_set_and_the_next_run_tidies_up(previous, tmp_path, when):
    previous_output, before, smaller = previous
    output = copy_of(previous_output, tmp_path)
    die = f"""
_replace = os.replace
def replace(source, target, *args, **kwargs):
    if os.path.basename(target) == "current":
        {"_replace(source, target, *args, **kwargs)" if when == "after" else "pass"}
        os._exit(137)
    return _replace(source, target, *args, **kwargs)
os.replace = replace
"""
    killed = run_patched(die, smaller, output)
    assert killed.returncode == 137, killed.stderr
    if when == "before":
        assert_tables_equal(output, before)
    else:
        assert len(pd.read_parquet(output / "documents.parquet")) == 3
        assert set(pd.read_parquet(output / "mentions.parquet").doc_id) <= set(pd.read_parquet(output / "documents.parquet").doc_id)
    rerun = run_extract(smaller, output)
    assert "ended without finishing" in rerun.stderr  # the lock it left says so; it is taken over
    assert len(pd.read_parquet(output / "documents.parquet")) == 3
    assert leftovers(output) == []


@pytest.fixture()
def small_disk(tmp_path):
    """A small file system (tmpfs) of its own."""
    if not IS_ROOT:
        pytest.skip("mounting a small tmpfs needs root; the monkeypatched write below covers the same path")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=True)


def test_a_full_disk_is_one_line_and_leaves_the_previous_tables(previous, small_disk, tmp_path):
    previous_output, before, _ = previous
    output = copy_of(previous_output, small_disk)
    free = os.statvfs(small_disk)
    (small_disk / "filler").write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 100_000))  # 100 kB left
    bigger = tmp_path / "bigger"
    bigger.mkdir()
    for i in range(12):
        for article in sorted(SEEDS.iterdir()):
            (bigger / f"{i:02d}-{article.name}").write_text(article.read_text(encoding="utf-8") + f"\n\nCopy {i}.\n", encoding="utf-8")
    result = run_extract(bigger, output, check=False)
    one_line(result, EXIT_STORAGE, "the disk is full", "the previous tables are unchanged")
    assert_tables_equal(output, before)
    assert leftovers(output) == []


NO_SPACE = """
import errno, pyarrow.parquet as pq
_init = pq.ParquetWriter.__init__
def full(self, where, *args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")
pq.ParquetWriter.__init__ = full
"""


def test_a_write_refused_for_no_space_is_one_line(previous, tmp_path):
    """The same path without root: every Parquet write of the run, in the driver and in the
    workers (a `sitecustomize` every process of the run imports), fails as a full disk would."""
    previous_output, before, smaller = previous
    output = copy_of(previous_output, tmp_path)
    patch = tmp_path / "patch"
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(NO_SPACE, encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "extract", "--input", str(smaller), "--output", str(output), "--no-progress", "--full"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(patch), os.environ.get("PYTHONPATH", "")])}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    one_line(result, EXIT_STORAGE, "the disk is full", "the previous tables are unchanged")
    assert_tables_equal(output, before)
    assert leftovers(output) == []


def test_a_read_only_work_area_is_one_line_and_leaves_the_previous_tables(previous, tmp_path):
    previous_output, before, smaller = previous
    output = copy_of(previous_output, tmp_path)
    results = output / ".newsents" / "results"
    if IS_ROOT:
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(results)], capture_output=True)
        if mounted.returncode != 0:
            pytest.skip("cannot mount a read-only tmpfs here")
    else:
        results.chmod(0o500)
    try:
        result = run_extract(smaller, output, check=False)
    finally:
        if IS_ROOT:
            subprocess.run(["umount", "-l", str(results)], check=True)
        else:
            results.chmod(0o700)
    one_line(result, EXIT_STORAGE, "read-only" if IS_ROOT else "permission denied", "the previous tables are unchanged")
    assert_tables_equal(output, before)
    assert leftovers(output) == []


# --- the work area checks itself; results are keyed on what was read --------------------------------


def _damage(part: Path, how: str) -> None:
    data = bytearray(part.read_bytes())
    if how == "flipped":  # a few bytes inside a data page of the documents' text
        import pyarrow.parquet as pq

        metadata = pq.ParquetFile(part).metadata
        column = metadata.schema.names.index("text")
        chunk = metadata.row_group(0).column(column)
        middle = chunk.data_page_offset + chunk.total_compressed_size // 2
        for i in range(middle, middle + 4):
            data[i] ^= 0xFF
        part.write_bytes(bytes(data))
    elif how == "cut short":
        part.write_bytes(bytes(data[: len(data) // 2]))
    else:
        part.write_bytes(os.urandom(len(data)))


@pytest.mark.parametrize("how", ["flipped", "cut short", "garbage"])
def test_a_damaged_part_is_discarded_with_one_warning_and_its_files_redone(previous, tmp_path, how):
    previous_output, before, _ = previous
    output = copy_of(previous_output, tmp_path)
    [part] = (output / ".newsents" / "results").glob("part-*.parquet")
    _damage(part, how)
    (output / "entities.parquet").unlink()  # so the run does not stop at "nothing changed"
    result = run_extract(SEEDS, output)
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and "failed their checksum" in warnings[0] and "discarded" in warnings[0], result.stderr
    assert "(0 unchanged files reused)" in result.stderr
    assert_tables_equal(output, before)
    [cache] = (output / ".newsents" / "results").glob("part-*.parquet")  # made again: the same bytes, the same name
    assert cache.name.endswith(hashlib.sha256(cache.read_bytes()).hexdigest() + ".parquet")


CHANGE_AFTER_LISTING = """
import pipeline.ingest.source as source
_list = source.list_input
def list_then_change(location):
    listed = _list(location)
    path = os.path.join(location, {name!r})
    {action}
    return listed
source.list_input = list_then_change
"""
ARTICLE = sorted(p.name for p in SEEDS.iterdir())[1]


@pytest.mark.parametrize(
    "action, status, words",
    [
        ("open(path, 'wb').close()", "empty", "empty (0 bytes)"),  # a scraper rewriting it: truncated, then written again
        ("os.remove(path)", "unreadable", "deleted or moved after the input folder was listed"),
    ],
)
def test_a_file_changed_after_listing_is_read_as_it_is_and_not_kept_once_it_changes_back(previous, tmp_path, action, status, words):
    _, before, _ = previous
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    output = tmp_path / "output"
    changed = run_patched(CHANGE_AFTER_LISTING.format(name=ARTICLE, action=action), corpus, output)
    assert changed.returncode in (0, 3), changed.stderr
    row = pd.read_parquet(output / "documents.parquet").set_index("path").loc[ARTICLE]
    assert row.status == status and words in row.error, row.error
    assert "device" not in row.error and "socket" not in row.error
    if status == "empty":
        assert row.sha256 == hashlib.sha256(b"").hexdigest()  # the bytes read, not the bytes listed
    shutil.copy(SEEDS / ARTICLE, corpus / ARTICLE)  # written again (or restored), as it was before
    again = run_extract(corpus, output)
    assert "(4 unchanged files reused)" in again.stderr  # that one file is read again, the rest reused
    assert_tables_equal(output, before)
