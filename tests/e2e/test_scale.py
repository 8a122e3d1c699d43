"""Parallel, incremental and distributed runs give the tables a plain run gives.

One small corpus (the seeds twice over, a duplicate, a non-text file) is extracted once with one
worker (the reference); every other way of running it must give identical tables.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import psutil
import pytest

from pipeline.run.engines import DaskEngine, shard_scale
from tests.conftest import ROOT, SEEDS, Tables, run_extract

TABLE_KEYS = {"documents": "doc_id", "mentions": "mention_id", "entities": "entity_id"}


def build_corpus(folder: Path, copies: int = 2, seed: int | None = None) -> None:
    """The seeds `copies` times under distinct names, one exact duplicate and one empty file;
    written in a shuffled order when `seed` is given (the listing must not care)."""
    files = {}
    for i in range(copies):
        for article in sorted(SEEDS.iterdir()):
            files[f"copy{i}/{article.name}"] = (article.read_text(encoding="utf-8") + f"\n\nCopy {i}.\n").encode()
    files["same-as-copy0.txt"] = files[f"copy0/{sorted(SEEDS.iterdir())[0].name}"]
    files["empty.txt"] = b""
    names = list(files)
    if seed is not None:
        random.Random(seed).shuffle(names)
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[name])


def assert_same_tables(first: Path, second: Path) -> None:
    for name, key in TABLE_KEYS.items():
        a = pd.read_parquet(first / f"{name}.parquet").sort_values(key).reset_index(drop=True)
        b = pd.read_parquet(second / f"{name}.parquet").sort_values(key).reset_index(drop=True)
        pd.testing.assert_frame_equal(a, b, obj=name)


def config_file(folder: Path, text: str = "") -> Path:
    path = folder / "config.toml"
    path.write_text("[ner]\nbatch_size = 2\n" + text, encoding="utf-8")
    return path


def summary_lines(result: subprocess.CompletedProcess) -> list[str]:
    lines = result.stderr.splitlines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith("documents:")) :]


def reused(result: subprocess.CompletedProcess) -> int:
    line = next(line for line in result.stderr.splitlines() if line.startswith("documents:"))
    return int(line.split("(")[1].split()[0])


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    base = tmp_path_factory.mktemp("scale")
    corpus, output = base / "corpus", base / "one-worker"
    corpus.mkdir()
    build_corpus(corpus)
    config = config_file(base)
    result = run_extract(corpus, output, "--config", str(config), "--workers", "1")
    return base, corpus, config, Tables(output, result)


def test_reference_run_accounts_for_every_file(reference):
    _, corpus, _, tables = reference
    assert len(tables.documents) == sum(1 for p in corpus.rglob("*") if p.is_file())
    assert tables.documents.status.value_counts().to_dict() == {"ok": 10, "duplicate": 1, "empty": 1}
    assert reused(tables.result) == 0


def test_two_workers_and_shuffled_files_give_identical_tables(reference, tmp_path):
    _, _, config, tables = reference
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    build_corpus(shuffled, seed=7)
    run_extract(shuffled, tmp_path / "out", "--config", str(config), "--workers", "2")
    assert_same_tables(tables.dir, tmp_path / "out")


def test_incremental_run_equals_a_full_run(reference, tmp_path):
    _, corpus, config, tables = reference
    changed = tmp_path / "corpus"
    shutil.copytree(corpus, changed)
    output = tmp_path / "incremental"
    shutil.copytree(tables.dir, output)  # the reference run's tables and work area
    unchanged = run_extract(changed, output, "--config", str(config))
    assert reused(unchanged) == 12 and "they were kept" in unchanged.stderr
    assert summary_lines(unchanged)[1:] == summary_lines(tables.result)[1:]  # the same counts, read back
    assert_same_tables(tables.dir, output)
    (output / "entities.parquet").unlink()  # a table gone: the tables are made again, without NER
    remade = run_extract(changed, output, "--config", str(config))
    assert reused(remade) == 12 and "they were kept" not in remade.stderr
    assert_same_tables(tables.dir, output)

    edited = sorted(changed.glob("copy1/*"))[0]
    edited.write_text(edited.read_text(encoding="utf-8") + "\nUNICEF opened an office in Astana.\n", encoding="utf-8")
    sorted(changed.glob("copy1/*"))[1].unlink()
    shutil.copy(SEEDS / sorted(p.name for p in SEEDS.iterdir())[2], changed / "new.txt")
    incremental = run_extract(changed, output, "--config", str(config))
    assert reused(incremental) == 10  # one file edited, one deleted, one new
    full = run_extract(changed, tmp_path / "full", "--config", str(config), "--full")
    assert reused(full) == 0
    assert_same_tables(output, tmp_path / "full")
    documents = pd.read_parquet(output / "documents.parquet")
    assert len(documents) == 12 and "new.txt" in set(documents.path)
    # `new.txt` repeats a seed that copy0/ and copy1/ changed by a line each, so it is its own document.
    assert documents.set_index("path").loc["new.txt", "status"] == "ok"


def _parts(output: Path) -> list[Path]:
    return sorted((output / ".newsents" / "results").glob("part-*.parquet"))


def _start(corpus: Path, output: Path, config: Path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "pipeline", "extract", "--input", str(corpus), "--output", str(output), "--no-progress", "--config", str(config), *extra]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, preexec_fn=_foreground_sigint)


def _foreground_sigint() -> None:
    """SIGINT as in a foreground terminal: a shell starts background jobs with it ignored, and Python
    then keeps ignoring it (the Ctrl-C test would see the run finish instead)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for_parts(process: subprocess.Popen, output: Path, n: int = 1) -> None:
    deadline = time.monotonic() + 180
    while len(_parts(output)) < n:
        assert process.poll() is None, "the run ended before it could be interrupted: " + process.stderr.read()
        assert time.monotonic() < deadline, "no shard finished within 180 s"
        time.sleep(0.05)


def test_killed_run_resumes_from_its_finished_shards(reference, tmp_path):
    _, corpus, config, tables = reference
    output = tmp_path / "out"
    process = _start(corpus, output, config, "--workers", "1")
    _wait_for_parts(process, output)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    assert not (output / "documents.parquet").exists()  # nothing published by the killed run
    finished = len(_parts(output))
    resumed = run_extract(corpus, output, "--config", str(config))
    assert reused(resumed) == 2 * finished  # every finished shard (two files each) was kept
    assert_same_tables(tables.dir, output)
    assert len(_parts(output)) == 1  # the cache is one part again


def test_a_worker_killed_mid_run_costs_only_a_retry(reference, tmp_path):
    _, corpus, config, tables = reference
    output = tmp_path / "out"
    process = _start(corpus, output, config, "--workers", "1")
    _wait_for_parts(process, output)
    workers = psutil.Process(process.pid).children()
    assert workers, "the run has no worker process"
    for worker in workers:
        worker.kill()
    _, stderr = process.communicate(timeout=300)
    assert process.returncode == 0, stderr
    assert "retrying them one by one" in stderr
    assert_same_tables(tables.dir, output)


def test_documents_whose_worker_dies_twice_are_marked_and_the_run_finishes(tmp_path):
    """Every worker process is killed as soon as it appears: each shard dies, each of its files
    dies again on its own retry, and is then marked; the run still writes a row for every file."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for article in sorted(SEEDS.iterdir())[:3]:
        shutil.copy(article, corpus / article.name)
    process = _start(corpus, tmp_path / "out", config_file(tmp_path), "--workers", "1")
    killed = 0
    while process.poll() is None:
        try:
            for child in psutil.Process(process.pid).children():
                if "spawn_main" in " ".join(child.cmdline()):
                    child.kill()
                    killed += 1
        except psutil.Error:
            pass
        time.sleep(0.02)
    stderr = process.stderr.read()
    assert process.returncode == 3, stderr  # documents failed (exit 3); the run did not
    assert "retrying them one by one" in stderr and "Traceback" not in stderr
    documents = pd.read_parquet(tmp_path / "out" / "documents.parquet")
    assert sorted(documents.path) == sorted(p.name for p in corpus.iterdir())
    assert set(documents.status) == {"processing_failed"}
    assert all("died twice" in error for error in documents.error)
    assert killed >= 1 + len(documents)  # the shard's worker, then one per retried file


def test_dask_local_cluster_gives_the_local_tables(reference, tmp_path):
    _, corpus, config, tables = reference
    result = run_extract(corpus, tmp_path / "dask", "--config", str(config), "--engine", "dask", "--workers", "2")
    assert "Traceback" not in result.stderr
    assert_same_tables(tables.dir, tmp_path / "dask")


def test_dask_shards_grow_with_the_corpus_and_change_nothing(reference, tmp_path):
    """One Dask worker and `batch_size = 1`: the twelve files make shards of three (every worker
    still gets four), and the tables of one file per shard."""
    _, corpus, _, tables = reference
    config = tmp_path / "config.toml"
    config.write_text("[ner]\nbatch_size = 1\n", encoding="utf-8")
    output = tmp_path / "dask"
    result = run_extract(corpus, output, "--config", str(config), "--engine", "dask", "--workers", "1")
    assert "Traceback" not in result.stderr
    assert_same_tables(tables.dir, output)
    with DaskEngine(1, "") as engine:  # what the run asked its engine: shards of three files
        assert engine.shard_scale(len(tables.documents), 1) == 3


def test_dask_shards_stay_small_until_every_worker_has_four():
    assert [shard_scale(n, 32, 2) for n in (100, 255, 256, 1_000, 10_000)] == [1, 1, 1, 3, 4]
    assert shard_scale(1_000_000, 32, 100) == 4 and shard_scale(20_000, 32, 100) == 1


def test_distributed_reduce_on_three_dask_workers_writes_the_same_tables_in_parts(reference, tmp_path):
    """Shards of two files, the reduce's tree and the final tables spread over three Dask workers,
    the tables cut into parts of three input files: the same rows as one worker writing one file."""
    _, corpus, _, tables = reference
    config = config_file(tmp_path, "[run]\npart_files = 3\n")
    output = tmp_path / "dask"
    result = run_extract(corpus, output, "--config", str(config), "--engine", "dask", "--workers", "3")
    assert "Traceback" not in result.stderr
    assert_same_tables(tables.dir, output)
    n_files = len(tables.documents)
    for name in ("documents", "mentions"):
        parts = sorted(p.name for p in (output / f"{name}.parquet").iterdir())
        assert parts == [f"part-{k:05d}.parquet" for k in range(-(-n_files // 3))]
    assert (output / "entities.parquet").is_file()
    documents = pd.read_parquet(output / "documents.parquet")  # a folder reads as one table, in path order
    assert list(documents.path) == sorted(documents.path)
    mentions = duckdb.sql(f"select doc_id, start_char from read_parquet('{output}/mentions.parquet/*.parquet')").fetchall()
    assert len(mentions) == len(tables.mentions)


@pytest.mark.parametrize("batch_size, part_files, workers", [(1, 1, 2), (5, 4, 1)])
def test_shard_and_part_sizes_change_nothing(reference, tmp_path, batch_size, part_files, workers):
    _, corpus, _, tables = reference
    config = tmp_path / "config.toml"
    config.write_text(f"[ner]\nbatch_size = {batch_size}\n[run]\npart_files = {part_files}\n", encoding="utf-8")
    run_extract(corpus, tmp_path / "out", "--config", str(config), "--workers", str(workers))
    assert_same_tables(tables.dir, tmp_path / "out")


# --- what a new user gets wrong: one clear line and the documented exit code --------------------


def _one_clear_error(result: subprocess.CompletedProcess, code: int, words: str) -> None:
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    assert words in result.stderr, result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1, result.stderr


@pytest.fixture()
def one_article(tmp_path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "002_3f9ac97f5614fdf7.txt", corpus)
    return corpus


@pytest.mark.parametrize(
    "output, words",
    [("/proc/newsents-output", "cannot write to the output folder"), ("FILE", "exists and is not a folder")],
)
def test_unusable_output_folder_is_refused(one_article, tmp_path, output, words):
    if output == "FILE":
        output = tmp_path / "a-file"
        output.write_text("not a folder")
    _one_clear_error(run_extract(one_article, Path(output), check=False), 2, words)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes to read-only folders")
def test_read_only_output_folder_is_refused(one_article, tmp_path):
    output = tmp_path / "read-only"
    output.mkdir()
    output.chmod(0o500)
    _one_clear_error(run_extract(one_article, output, check=False), 2, "cannot write to the output folder")


@pytest.mark.parametrize(
    "text, words",
    [
        ('[ner]\nenglish_models = ["en_core_web_trf_not_installed"]\n', "no spaCy pipeline for 'en' is installed"),
        ("[ner]\nbatch_size = true\n", "batch_size must be an integer"),
        ("[language]\nseed = 1.5\n", "seed must be an integer"),
        ("[run]\nworkers = -1\n", "workers must be 0 or more"),
        ('[run]\nengine = "spark"\n', "engine must be one of"),
    ],
)
def test_bad_configuration_is_one_line(one_article, tmp_path, text, words):
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    _one_clear_error(run_extract(one_article, tmp_path / "out", "--config", str(config), check=False), 2, words)
    assert not (tmp_path / "out").exists()


def test_empty_input_folder_keeps_the_previous_tables_unless_allowed(reference, tmp_path):
    _, _, _, tables = reference
    output = tmp_path / "out"
    shutil.copytree(tables.dir, output)
    empty = tmp_path / "empty"
    empty.mkdir()
    _one_clear_error(run_extract(empty, output, check=False), 2, "--allow-empty")
    assert_same_tables(tables.dir, output)
    run_extract(empty, output, "--allow-empty")
    assert pd.read_parquet(output / "documents.parquet").empty


@pytest.mark.parametrize("signum, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_interrupt_is_one_line_and_leaves_no_temporary_files(reference, tmp_path, signum, code):
    _, corpus, config, _ = reference
    output = tmp_path / "out"
    process = _start(corpus, output, config, "--workers", "1")
    _wait_for_parts(process, output)
    workers = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == code, stderr
    assert "Traceback" not in stderr and "interrupted" in stderr
    assert sorted(p.name for p in output.iterdir()) == [".newsents"]  # nothing published, nothing half-written
    assert not [p for p in output.rglob("*") if "tmp-" in p.name]
    _, alive = psutil.wait_procs(workers, timeout=10)  # the workers (and multiprocessing's helper) are gone
    assert not alive
