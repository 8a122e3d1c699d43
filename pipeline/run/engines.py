"""Where the shards run: worker processes on this machine, or tasks on a Dask cluster.

Both engines take `ShardTask`s and yield `(task, results)` as shards finish, in any order
(`results`: an Arrow table of `pipeline.write.RESULTS_SCHEMA`, one row per document);
`results` is None when the process running the shard died (killed, out of memory) so the run
can retry its documents. The models are loaded once per worker process (`pipeline.run.shard`
keeps them); a task carries paths and the configuration, never a model.
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import wait

import pyarrow as pa

from pipeline.run.shard import ShardTask, process_shard

Progress = Callable[[ShardTask, int], None]


class WorkerError(RuntimeError):
    """A shard failed as a whole (not one document): e.g. a model could not be loaded in a worker."""


class EngineUnavailable(RuntimeError):
    """The engine cannot start (no Dask scheduler at that address...): a usage error."""


class LocalEngine:
    """`workers` processes, started fresh ("spawn": no state or threads inherited from the driver;
    plain pipes, no sockets)."""

    def __init__(self, workers: int):
        self.workers = workers

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc) -> None:
        pass

    def map(self, tasks: Iterable[ShardTask], on_progress: Progress) -> Iterator[tuple[ShardTask, pa.Table | None]]:
        queue = deque(tasks)
        if not queue:
            return
        context = multiprocessing.get_context("spawn")
        idle = [_Worker(context) for _ in range(min(self.workers, len(queue)))]
        busy: dict[_Worker, ShardTask] = {}
        try:
            while queue or busy:
                while idle and queue:
                    worker, task = idle.pop(), queue.popleft()
                    if not worker.process.is_alive():  # died after its last shard
                        worker.stop()
                        worker = _Worker(context)
                    worker.conn.send(task)
                    busy[worker] = task
                ready = set(wait([w.conn for w in busy] + [w.process.sentinel for w in busy]))
                for worker in [w for w in busy if w.conn in ready or w.process.sentinel in ready]:
                    kind, value = worker.receive()
                    if kind == "progress":
                        on_progress(busy[worker], value)
                        continue
                    task = busy.pop(worker)
                    if kind == "error":
                        raise WorkerError(value)
                    if kind == "storage":
                        raise OSError(*value)
                    if kind == "died":
                        worker.stop()
                        worker = _Worker(context)
                    idle.append(worker)
                    yield task, (value if kind == "done" else None)
        finally:
            for worker in [*idle, *busy]:
                worker.stop()


class _Worker:
    def __init__(self, context):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child,), daemon=True)
        self.process.start()
        child.close()

    def receive(self) -> tuple[str, object]:
        """The next message; ("died", None) when the process is gone (its pipe is closed)."""
        try:
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
    """A worker: shards in, ("progress", characters) and then ("done", results) out, until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle; it stops us
    while True:
        try:
            task = conn.recv()
        except EOFError:  # the driver is gone
            return
        if task is None:
            return
        try:
            results = process_shard(task, lambda n: conn.send(("progress", n)))
        except OSError as error:  # the work area could not be written: the run says so in one line
            conn.send(("storage", (error.errno, error.strerror, error.filename)))
            continue
        except Exception:
            conn.send(("error", traceback.format_exc()))
            continue
        conn.send(("done", results))


class DaskEngine:
    """Shards as tasks on a dask.distributed cluster; without an address, a LocalCluster here."""

    def __init__(self, workers: int, scheduler: str):
        self.workers = workers
        self.scheduler = scheduler
        self._client = self._cluster = None

    def __enter__(self) -> DaskEngine:
        from distributed import Client, LocalCluster

        _quiet_distributed_logs(logging.WARNING)  # no INFO lines about the cluster on the user's terminal

        try:
            if self.scheduler:
                self._client = Client(self.scheduler, timeout="20s")
            else:
                self._cluster = LocalCluster(
                    n_workers=self.workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR
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

    def map(self, tasks: Iterable[ShardTask], on_progress: Progress) -> Iterator[tuple[ShardTask, pa.Table | None]]:
        from distributed import KilledWorker, as_completed

        futures = {self._client.submit(process_shard, task, pure=False): task for task in tasks}
        for future in as_completed(futures):
            task = futures.pop(future)
            try:
                results = future.result()
            except KilledWorker:  # the scheduler gave up after the workers running it died
                results = None
            except OSError:  # the work area could not be written
                raise
            except Exception as error:
                raise WorkerError(f"a Dask task failed: {type(error).__name__}: {error}") from error
            future.release()
            yield task, results


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
