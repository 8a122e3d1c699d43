"""One run per output folder at a time, and its three tables published as a set.

**The lock.** `OUTPUT/.newsents/lock` is locked (`flock`) by the run's driver for its whole life
and holds its pid, start time and run id. A second run finds it locked and stops at once
(`LockHeld`, exit 2) naming that run; the kernel drops the lock when its holder dies however it
dies (even `kill -9`), so the lock of a dead run is simply taken over, and a pid that a later
process reuses cannot keep it. The file is never removed (removing it would let two runs lock two
different files); a run that ends normally empties it, so a run that finds content in a lock it
could take knows the previous run was killed.

**Stale files.** While the lock is held, nothing in `OUTPUT/.newsents/` belongs to a live run
but ours, so every temporary name and scratch folder of another run id is stale and removed,
whatever pids the machine has reused since.

**Publishing.** A run writes its tables and run.json into a set folder nobody reads (its
scratch folder), then `SetPublisher.publish` moves it to `.newsents/sets/<run id>` and replaces one symbolic link,
`.newsents/current`, to point at it. `documents.parquet`, `mentions.parquet`, `entities.parquet`
and `run.json` in the output folder are links through `current`, so that one `rename` switches
all four at once: a reader, or a crash at any moment, sees the previous set or the new one, never
a mix. Output folders from before sets existed (plain files) are adopted first: their files are
hard-linked into a set of their own and replaced by links one by one, each link showing the same
bytes as the file it replaces. What an interrupted publish leaves (a set not pointed to, a
missing link) is cleaned or completed by the next run.
"""

from __future__ import annotations

import datetime
import fcntl
import json
import logging
import os
import secrets
import shutil
import socket
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.run.store import RUNS, is_temp_of_another_run, temp_name
from pipeline.write import CURRENT_SET, PUBLISHED, WORK_DIR, published_link

log = logging.getLogger(__name__)

LOCK_FILE = "lock"
SETS = "sets"


@dataclass(frozen=True)
class RunIdentity:
    run_id: str  # unique per run: start time and random bits, so names never repeat the way pids do
    pid: int
    host: str
    started_at: str  # UTC, ISO 8601

    @classmethod
    def new(cls) -> RunIdentity:
        now = datetime.datetime.now(datetime.UTC)
        return cls(f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(4)}", os.getpid(), socket.gethostname(), now.isoformat(timespec="seconds"))

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started_at}"


class LockHeld(RuntimeError):
    """Another run holds the output folder's lock."""

    def __init__(self, output_dir: Path, holder: RunIdentity | None):
        who = holder.describe() if holder else "it has only just started"
        super().__init__(f"another run is writing to {output_dir} ({who}); wait for it to finish or stop it")


class OutputLock:
    """The output folder's lock for the life of a run (a context manager)."""

    def __init__(self, output_dir: Path, run: RunIdentity):
        self.output_dir = output_dir
        self.path = output_dir / WORK_DIR / LOCK_FILE
        self.run = run
        self.killed_run: RunIdentity | None = None  # the previous holder, when it ended without releasing
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)  # not inherited by worker processes
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd, wait=True)
            os.close(fd)
            raise LockHeld(self.output_dir, holder) from None
        self._fd = fd
        self.killed_run = _holder(fd)
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(vars(self.run)).encode(), 0)
        return self

    def __exit__(self, *exc) -> None:
        try:
            os.ftruncate(self._fd, 0)  # released normally: the next run need not wonder
        except OSError:
            pass  # a full or read-only disk: the lock is released all the same
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)


def _holder(fd: int, wait: bool = False) -> RunIdentity | None:
    """Who the lock file names; a holder that has just locked it may not have written yet."""
    for _ in range(20 if wait else 1):
        data = os.pread(fd, 4096, 0)
        if data:
            try:
                return RunIdentity(**json.loads(data))
            except (ValueError, TypeError):
                return None
        time.sleep(0.05)
    return None


def remove_stale_files(output_dir: Path, run_id: str) -> None:
    """What earlier runs left in the output folder: temporary names, scratch folders, sets no
    longer published. Call only with the lock held (then none of it belongs to a live run)."""
    hidden = output_dir / WORK_DIR
    for path in [*output_dir.glob(".*tmp-*"), *output_dir.glob(".write-test-*")]:  # pid-named, by older versions
        path.unlink(missing_ok=True)
    for path in hidden.glob(".*"):
        if is_temp_of_another_run(path.name, run_id):
            path.unlink(missing_ok=True)
    for folder in (hidden / RUNS).glob("*"):
        if folder.name != run_id:
            shutil.rmtree(folder, ignore_errors=True)
    current = _current_target(hidden)
    for folder in (hidden / SETS).glob("*"):
        if folder.resolve() != current:  # resolved: the output folder may be given relative
            shutil.rmtree(folder, ignore_errors=True)


def _current_target(hidden: Path) -> Path | None:
    current = hidden / CURRENT_SET
    return current.resolve() if current.is_symlink() else None


class SetPublisher:
    """Stages and publishes one run's set of tables (see the module docstring)."""

    def __init__(self, output_dir: Path, run_id: str):
        self.output_dir = output_dir
        self.hidden = output_dir / WORK_DIR
        self.run_id = run_id
        self.scratch = self.hidden / RUNS / run_id
        self.target = self.hidden / SETS / run_id

    def publish(self, staged: Path) -> None:
        """`staged`: a folder of this file system holding the tables and run.json."""
        (self.hidden / SETS).mkdir(exist_ok=True)
        self.scratch.mkdir(parents=True, exist_ok=True)
        os.rename(staged, self.target)
        self._adopt_plain_tables()
        for name in PUBLISHED:  # dangling until `current` points at a set (first publish)
            if not os.path.lexists(self.output_dir / name):
                os.symlink(published_link(name), self.output_dir / name)
        self._point_current_to(self.target)
        for folder in (self.hidden / SETS).glob("*"):
            if folder.resolve() != self.target.resolve():
                shutil.rmtree(folder, ignore_errors=True)

    def discard(self) -> None:
        """After a failure: this run's scratch folder and its set, unless that set was published."""
        shutil.rmtree(self.scratch, ignore_errors=True)
        if _current_target(self.hidden) != self.target.resolve():
            shutil.rmtree(self.target, ignore_errors=True)
        for path in self.hidden.glob(f".*{self.run_id}*"):
            path.unlink(missing_ok=True)

    def _point_current_to(self, folder: Path) -> None:
        current = self.hidden / CURRENT_SET
        temp = self.hidden / temp_name(CURRENT_SET, self.run_id)
        temp.unlink(missing_ok=True)
        os.symlink(os.path.relpath(folder, self.hidden), temp)
        if current.is_dir() and not current.is_symlink():  # a copied output folder: its links became folders
            os.rename(current, self.hidden / SETS / f"{self.run_id}-copied")
        os.replace(temp, current)

    def _adopt_plain_tables(self) -> None:
        """Tables written as plain files (before sets existed, or by a copy that followed the links)
        become a set of their own, so the switch below replaces them all at once."""
        plain = [name for name in PUBLISHED if os.path.lexists(self.output_dir / name) and not self._is_link(name)]
        if not plain:
            return
        previous = self.hidden / SETS / f"{self.run_id}-previous"
        previous.mkdir()
        for name in PUBLISHED:
            if (self.output_dir / name).exists():
                _hard_link_copy(self.output_dir / name, previous / name)
        self._point_current_to(previous)
        for name in plain:
            temp = self.output_dir / temp_name(name, self.run_id)
            os.symlink(published_link(name), temp)
            if (self.output_dir / name).is_dir() and not (self.output_dir / name).is_symlink():
                os.rename(self.output_dir / name, self.scratch / name)  # a folder cannot be replaced by a link in one step
            os.replace(temp, self.output_dir / name)

    def _is_link(self, name: str) -> bool:
        path = self.output_dir / name
        return path.is_symlink() and os.readlink(path) == published_link(name)


def _hard_link_copy(source: Path, target: Path) -> None:
    """A copy that costs no space where the file system allows hard links."""
    if source.is_dir():
        shutil.copytree(source, target, copy_function=_link_or_copy)
    else:
        _link_or_copy(source, target)


def _link_or_copy(source, target) -> None:
    try:
        os.link(os.path.realpath(source), target)
    except OSError:
        shutil.copy2(source, target)
