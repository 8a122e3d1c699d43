"""Where the tasks run: worker processes on this machine, or a Dask cluster.

A task is a small picklable object with `run(on_progress)` (the shards of `pipeline.run.shard`,
the reduce and the final tables of `reduce.py` and `finish.py`); it reads and writes the work
area itself and returns something small. Both engines take tasks and yield `(task, result)` as
they finish, in any order; the result is `DIED` when the process running the task died (killed,
out of memory), so the run can retry it. The models are loaded once per worker process
(`pipeline.run.shard` keeps them) and the local workers live as long as the engine, so every
stage of a run uses the processes, and the models, the first one started.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait


Progress = Callable[[object, int], None]
DIED = object()
"""The result of a task whose process died."""


class WorkerError(RuntimeError):
    """A shard failed as a whole (not one document): e.g. a model could not be loaded in a worker."""


class EngineUnavailable(RuntimeError):
    """The engine cannot start (no Dask scheduler at that address...): a usage error."""


SHARDS_PER_WORKER = 4
"""A Dask run makes its shards larger only while every worker still gets this many: the last
shards to finish keep the others idle, so a worker's last shard should be a small part of its work."""
MAX_SHARD_SCALE = 4
"""Dask shards hold at most this many times `[ner] batch_size` files (128 by default: about 5 s of
a worker's CPU on news): each task costs the client and the scheduler a few milliseconds whatever
it holds (`make bench`: about 4 ms of the client's CPU per shard), and a killed worker's shard is
done again whole."""


def shard_scale(n_files: int, batch_size: int, workers: int) -> int:
    """How many times `batch_size` files a Dask shard holds for `n_files` on `workers` workers:
    1 for small runs, up to `MAX_SHARD_SCALE` when every worker still gets `SHARDS_PER_WORKER`."""
    return max(1, min(MAX_SHARD_SCALE, n_files // max(SHARDS_PER_WORKER * workers * batch_size, 1)))


LIVENESS_SECONDS = 1.0
"""How often a waiting driver also asks whether its busy workers are alive: a worker killed while
it started could leave its pipe and sentinel silent, and the run waited for ever (seen in
`test_documents_whose_worker_dies_twice_are_marked_and_the_run_finishes`, about one run in ten
under load)."""


class LocalEngine:
    """`workers` processes, started fresh ("spawn": no state or threads inherited from the driver;
    plain pipes, no sockets) when first needed and kept until the engine closes."""

    def __init__(self, workers: int):
        self.workers = workers
        self._context = multiprocessing.get_context("spawn")
        self._idle: list[_Worker] = []

    def __enter__(self) -> LocalEngine:
        return self

    def shard_scale(self, n_files: int, batch_size: int) -> int:
        """Shards of `batch_size` files: a local task costs the driver next to nothing."""
        return 1

    def __exit__(self, *exc) -> None:
        for worker in self._idle:
            worker.stop()
        self._idle = []

    def map(self, tasks: Iterable, on_progress: Progress | None = None) -> Iterator[tuple[object, object]]:
        queue = deque(tasks)
        busy: dict[_Worker, object] = {}
        try:
            while queue or busy:
                while queue and len(busy) < self.workers:
                    worker, task = self._worker(), queue.popleft()
                    try:
                        worker.conn.send(task)
                    except OSError:  # it died between the check and the send (killed, out of memory)
                        worker.stop()
                        yield task, DIED
                        continue
                    busy[worker] = task
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=LIVENESS_SECONDS))
                for worker in [w for w in busy if w.conn in ready or w.process.sentinel in ready or not w.process.is_alive()]:
                    kind, value = worker.receive()
                    if kind == "progress":
                        if on_progress is not None:
                            on_progress(busy[worker], value)
                        continue
                    task = busy.pop(worker)
                    if kind == "error":
                        raise WorkerError(value)
                    if kind == "storage":
                        raise OSError(*value)
                    if kind == "died":
                        worker.stop()
                    else:
                        self._idle.append(worker)
                    yield task, (value if kind == "done" else DIED)
        finally:
            for worker in busy:  # interrupted or failed: whatever they run is abandoned
                worker.stop()

    def _worker(self) -> _Worker:
        while self._idle:
            worker = self._idle.pop()
            if worker.process.is_alive():
                return worker
            worker.stop()  # died after its last task
        return _Worker(self._context)


class _Worker:
    def __init__(self, context):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def receive(self) -> tuple[str, object]:
        """The next message; ("died", None) when the process is gone (its pipe is closed, or it
        is dead with nothing left to read)."""
        try:
            if not self.conn.poll(0) and not self.process.is_alive():
                return "died", None
            return self.conn.recv()
        except (EOFError, OSError):
            return "died", None

    def stop(self) -> None:
        if self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(timeout=2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _worker_main(conn) -> None:
    """A worker: tasks in, ("progress", characters) and then ("done", result) out, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle; it stops us
    _die_with_the_driver()
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the driver is gone
            return
        if task is None:
            return
        progress = _Progress(conn)
        try:
            result = task.run(progress)
            progress.flush()
        except OSError as error:  # the work area could not be written: the run says so in one line
            conn.send(("storage", (error.errno, error.strerror, error.filename)))
            continue
        except Exception:
            conn.send(("error", traceback.format_exc()))
            continue
        conn.send(("done", result))


class _Progress:
    """Characters done, sent to the driver at most every `PROGRESS_SECONDS`: a message per
    document cost the driver more than all the rest of its work on that document (0.4 ms)."""

    def __init__(self, conn):
        self.conn = conn
        self.pending = 0
        self.sent_at = time.monotonic()

    def __call__(self, n_chars: int) -> None:
        self.pending += n_chars
        if time.monotonic() - self.sent_at >= PROGRESS_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.pending:
            self.conn.send(("progress", self.pending))
            self.pending, self.sent_at = 0, time.monotonic()


PROGRESS_SECONDS = 0.5


def _die_with_the_driver() -> None:
    """On Linux, this process is killed when the driver dies, even by `kill -9`: an orphaned worker
    would go on writing into the work area after the next run has cleaned it."""
    parent = os.getppid()
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the worker ends when it finds its pipe closed
        return
    if os.getppid() != parent:  # the driver died before we asked
        os._exit(1)


PR_SET_PDEATHSIG = 1


QUIET_WORKERS = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.nanny.pre-spawn-environ": {"OMP_NUM_THREADS": 1, "MKL_NUM_THREADS": 1, "OPENBLAS_NUM_THREADS": 1},
}


class DaskEngine:
    """Shards as tasks on a dask.distributed cluster; without an address, a LocalCluster here."""

    def __init__(self, workers: int, scheduler: str):
        self.workers = workers
        self.scheduler = scheduler
        self._client = self._cluster = None

    def __enter__(self) -> DaskEngine:
        import dask
        from distributed import Client, LocalCluster

        _quiet_distributed_logs(logging.WARNING)  # no INFO lines about the cluster on the user's terminal

        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout="20s")
            else:
                dask.config.set(QUIET_WORKERS)
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None,
                    silence_logs=logging.ERROR, memory_limit=0,
                )
                self._client = Client(self._cluster)
        except (OSError, TimeoutError) as error:
            raise EngineUnavailable(f"cannot reach the Dask scheduler {self.scheduler!r} ({error})") from error
        return self

    def __exit__(self, *exc) -> None:
        # Closing races inside distributed (a batched send on a comm the other side already
        # closed) are logged as errors with a traceback though every task has finished: the
        # run's own failures come from the futures, so the shutdown is silenced.
        quiet = _quiet_distributed_logs(logging.CRITICAL)
        try:
            if self._client is not None:
                self._client.close()
            if self._cluster is not None:
                self._cluster.close()
        finally:
            quiet()

    def shard_scale(self, n_files: int, batch_size: int) -> int:
        return shard_scale(n_files, batch_size, sum(self._client.nthreads().values()) or self.workers)

    def map(self, tasks: Iterable, on_progress: Progress | None = None) -> Iterator[tuple[object, object]]:
        from distributed import KilledWorker, as_completed

        futures = {self._client.submit(_run, task, pure=False): task for task in tasks}
        for future in as_completed(futures):
            task = futures.pop(future)
            try:
                result = future.result()
            except KilledWorker:  # the scheduler gave up after the workers running it died
                result = DIED
            except OSError:  # the work area could not be written
                raise
            except Exception as error:
                raise WorkerError(f"a Dask task failed: {type(error).__name__}: {error}") from error
            future.release()
            yield task, result


def _run(task):
    return task.run()


def _quiet_distributed_logs(level: int):
    """Raise the level of distributed's loggers in this process; returns what restores them."""
    loggers = [logging.getLogger(name) for name in ("distributed", "tornado")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(max(level, logger.level))

    def restore() -> None:
        for logger, previous in zip(loggers, levels):
            logger.setLevel(previous)

    return restore


def make_engine(engine: str, workers: int, scheduler: str):
    return DaskEngine(workers, scheduler) if engine == "dask" else LocalEngine(workers)
