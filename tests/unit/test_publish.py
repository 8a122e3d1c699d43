"""The output folder's lock and the publishing of the three tables as a set (pipeline/run/publish.py),
on small tables made here: a failure or a kill at any step leaves the previous set or the new one,
never a mix, and the next run finishes what an interrupted one left."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.run import publish
from pipeline.run.publish import LockHeld, OutputLock, RunIdentity, SetPublisher, remove_stale_files
from pipeline.run.store import temp_name
from pipeline.write import PUBLISHED, RUN_RECORD, TABLES, WORK_DIR, published_set

FILE_STEPS = ("rename", "replace", "symlink", "link")


def write_set(folder: Path, marker: str, as_folders: bool = False) -> None:
    """The three tables and run.json, each saying which run made it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in TABLES:
        table = pa.table({"run": [marker]})
        if as_folders:
            (folder / f"{name}.parquet").mkdir()
            pq.write_table(table, folder / f"{name}.parquet" / "part-00000.parquet")
        else:
            pq.write_table(table, folder / f"{name}.parquet")
    (folder / RUN_RECORD).write_text(json.dumps({"run": marker}), encoding="utf-8")


def what_a_reader_sees(output: Path) -> set[str] | None:
    """The runs the three tables and run.json come from, read one after another as a reader
    would; None when there are no tables."""
    folder = published_set(output)
    if not all((folder / name).exists() for name in PUBLISHED):
        assert not any((folder / name).exists() for name in PUBLISHED[:3]), "some tables but not all"
        return None
    runs = {pq.read_table(folder / f"{name}.parquet").column("run")[0].as_py() for name in TABLES}
    runs.add(json.loads((folder / RUN_RECORD).read_text(encoding="utf-8"))["run"])
    return runs


def publish_run(output: Path, marker: str) -> SetPublisher:
    run = RunIdentity.new()
    remove_stale_files(output, run.run_id)
    publisher = SetPublisher(output, run.run_id)
    write_set(publisher.scratch / "set", marker)
    publisher.publish(publisher.scratch / "set")
    publisher.discard()
    return publisher


class Interrupted(BaseException):
    """A kill at this step: nothing after it runs, not even the clean-up."""


def fail_at(monkeypatch, n: int, error: BaseException) -> list[str]:
    """Make the n-th file-system step (rename, replace, symlink, hard link) raise `error`."""
    calls = []
    for name in FILE_STEPS:
        original = getattr(os, name)

        def step(*args, _original=original, _name=name, **kwargs):
            calls.append(_name)
            if len(calls) == n:
                raise error
            return _original(*args, **kwargs)

        monkeypatch.setattr(publish.os, name, step)
    return calls


def previous_output(tmp_path: Path, plain: bool) -> Path:
    """An output folder holding run "old": published as a set, or plain files (an older version's)."""
    output = tmp_path / "out"
    output.mkdir()
    if plain:
        write_set(output, "old")
    else:
        publish_run(output, "old")
    assert what_a_reader_sees(output) == {"old"}
    return output


def test_first_publish_links_every_table_through_one_link(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    publish_run(output, "new")
    assert what_a_reader_sees(output) == {"new"}
    for name in PUBLISHED:
        assert os.readlink(output / name) == f"{WORK_DIR}/current/{name}"
    assert len(list((output / WORK_DIR / "sets").iterdir())) == 1
    assert not list((output / WORK_DIR / "runs").iterdir())


@pytest.mark.parametrize("plain", [False, True], ids=["sets", "plain-files"])
@pytest.mark.parametrize("kind", ["error", "kill"])
def test_a_publish_stopped_at_any_step_leaves_one_whole_set(tmp_path, monkeypatch, plain, kind):
    """Fail (or die) at each step of publishing in turn: a reader sees the old set or the new one,
    never a mix; the next run publishes and leaves nothing behind."""
    steps = count_steps(tmp_path / "count", plain, monkeypatch)
    assert steps >= (5 if plain else 3)  # the set moved, the links made, `current` switched...
    for n in range(1, steps + 1):
        case = tmp_path / f"{kind}-{n}"
        case.mkdir()
        output = previous_output(case, plain)
        run = RunIdentity.new()
        publisher = SetPublisher(output, run.run_id)
        write_set(publisher.scratch / "set", "new")
        calls = fail_at(monkeypatch, n, OSError(1, "Operation not permitted") if kind == "error" else Interrupted())
        try:
            publisher.publish(publisher.scratch / "set")
        except (OSError, Interrupted):
            if kind == "error":
                publisher.discard()
                assert what_a_reader_sees(output) == {"old"}, f"step {n} ({calls[-1]}) failed but was published"
        monkeypatch.undo()
        seen = what_a_reader_sees(output)
        assert seen in ({"old"}, {"new"}), f"step {n} ({calls[-1]}): a reader sees {seen}"
        publish_run(output, "next")  # the next run: cleans up, publishes
        assert what_a_reader_sees(output) == {"next"}
        hidden = output / WORK_DIR
        assert len(list((hidden / "sets").iterdir())) == 1, f"step {n}: a stale set is left"
        assert not list((hidden / "runs").iterdir())
        assert not [p for p in output.rglob("*") if ".tmp-" in p.name]


def count_steps(folder: Path, plain: bool, monkeypatch) -> int:
    """How many file-system steps a publish over such an output folder takes."""
    folder.mkdir()
    output = previous_output(folder, plain)
    publisher = SetPublisher(output, RunIdentity.new().run_id)
    write_set(publisher.scratch / "set", "new")
    calls = fail_at(monkeypatch, 0, OSError())
    publisher.publish(publisher.scratch / "set")
    monkeypatch.undo()
    return len(calls)


def test_tables_written_as_folders_are_adopted_and_replaced(tmp_path):
    output = tmp_path / "out"
    write_set(output, "old", as_folders=True)
    assert what_a_reader_sees(output) == {"old"}
    publish_run(output, "new")
    assert what_a_reader_sees(output) == {"new"}


def test_a_copied_output_folder_whose_links_became_files_is_published_over(tmp_path):
    output = tmp_path / "out"
    output.mkdir()
    publish_run(output, "old")
    copy = tmp_path / "copy"
    shutil.copytree(output, copy)  # follows the links: plain files and a `current` folder
    assert not (copy / "documents.parquet").is_symlink() and not (copy / WORK_DIR / "current").is_symlink()
    assert what_a_reader_sees(copy) == {"old"}
    publish_run(copy, "new")
    assert what_a_reader_sees(copy) == {"new"}
    assert (copy / WORK_DIR / "current").is_symlink()


def test_a_second_run_is_refused_naming_the_first(tmp_path):
    first = RunIdentity.new()
    with OutputLock(tmp_path, first):
        with pytest.raises(LockHeld) as refused:
            with OutputLock(tmp_path, RunIdentity.new()):
                pass
    message = str(refused.value)
    assert f"pid {first.pid}" in message and first.started_at in message and str(tmp_path) in message
    with OutputLock(tmp_path, RunIdentity.new()) as lock:  # released: free again, and not "killed"
        assert lock.killed_run is None


def test_the_lock_of_a_dead_run_is_taken_over(tmp_path):
    dead = RunIdentity(run_id="20260101T000000-deadbeef", pid=999_999_999, host="elsewhere", started_at="2026-01-01T00:00:00+00:00")
    (tmp_path / WORK_DIR).mkdir()
    (tmp_path / WORK_DIR / "lock").write_text(json.dumps(vars(dead)))  # written, never unlocked: the holder died
    with OutputLock(tmp_path, RunIdentity.new()) as lock:
        assert lock.killed_run == dead


def test_stale_names_are_known_by_run_id_not_by_pid(tmp_path):
    """A temporary name of an earlier run is stale even when its pid is alive again (ours here)."""
    run = RunIdentity.new()
    hidden = tmp_path / WORK_DIR
    (hidden / "runs" / "20260101T000000-0000abcd").mkdir(parents=True)
    (hidden / "runs" / run.run_id).mkdir()
    old_pid_name = tmp_path / f".documents.parquet.tmp-{os.getpid()}"  # an older version's name, our pid
    other_run = hidden / temp_name("current", "20260101T000000-0000abcd")
    ours = hidden / temp_name("current", run.run_id)
    for path in (old_pid_name, other_run, ours):
        path.write_bytes(b"")
    remove_stale_files(tmp_path, run.run_id)
    assert not old_pid_name.exists() and not other_run.exists() and ours.exists()
    assert [p.name for p in (hidden / "runs").iterdir()] == [run.run_id]


def test_an_output_folder_given_relative_keeps_its_published_set(tmp_path, monkeypatch):
    """`--output output` (as `make extract` passes it): the set `current` points to is not stale."""
    monkeypatch.chdir(tmp_path)
    publish_run(Path("out"), "old")
    remove_stale_files(Path("out"), RunIdentity.new().run_id)
    assert what_a_reader_sees(Path("out")) == {"old"}
