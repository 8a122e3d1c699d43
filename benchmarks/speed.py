"""Speed and memory of the real extraction, side by side with the raw models, in one table.

    python -m benchmarks.speed [--quick] [--docs N] [--big-docs N] [--long-mb M] [--repeats R] [--only real|long]

Builds, in a temporary folder, a corpus of the seed articles in generated variants (paragraphs
shuffled, a line of its own each, so none is a duplicate), a 10x bigger one, a corpus of real
text more than half Russian (`real_mixed_texts`), and that corpus over and over in one long file;
then runs, each as a whole fresh process (so load time and peak memory are the run's own):

* the raw models alone: natasha's NewsNERTagger on the Russian articles and the English spaCy
  model on the others (routed by script), one process, load included; once as the English
  package loads (tagger, parser, lemmatizer...), once with only the components the pipeline
  keeps of it (`ner` and `senter`: `pipeline.ner.build.keep_only_what_ner_uses`), so the
  pipeline's own overhead shows beside the gain of leaving the rest out; and once with the
  trained English model the pipeline uses (`models/en_ner`: its `ner` and the package's
  `senter`), beside the package's `ner` + `senter` it replaced;
* `python -m pipeline extract` with `--workers 1` and with the default (one per core);
* cold start: one document, whole process, for both;
* peak RSS (largest single process and the whole process tree, sampled) at N and 10N documents;
* on the real mixed corpus, wall and CPU (user + system of every process of the run) side by side:
  the raw models (as the English package loads; the `ner` the pipeline uses, also with one BLAS
  thread as a worker runs numpy) against `--workers 1` and the default;
* the long file with repeated names against the same text as separate files, one worker each:
  speed, CPU and peak RSS (a step quadratic in a document's mentions shows here);
* an unchanged re-run and a re-run after touching 1 % of the files, as a share of the full run;
* where the run's CPU goes: the driver (the `extract` process) against its workers, per document,
  with the local engine and a Dask LocalCluster, on a corpus at least half Russian by text; the
  implied ceiling (how many workers one driver keeps busy), also at the margin from N to 10N
  documents (what a run pays once left out), and the peak RSS of the driver and of the largest
  worker at N and 10N documents;
* the Dask LocalCluster engine against the local one, fastest of `--repeats` alternating runs;
* per-stage time of the per-document work in one process (cProfile, cumulative).

Timings are only comparable within one invocation on a quiet machine; the real-corpus and
long-file rows keep the fastest of `--repeats` alternating runs and print the load average.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import json
import os
import pstats
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
FACTRU_DOCS = ROOT / "gold" / "factru-dev" / "docs"

DRIVER = r"""
import json, resource, sys
from pipeline.cli import main
code = main(sys.argv[2:])
me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as file:
    json.dump({"driver_cpu": me.ru_utime + me.ru_stime, "workers_cpu": children.ru_utime + children.ru_stime,
               "driver_rss": me.ru_maxrss / 1024, "worker_rss": children.ru_maxrss / 1024}, file)
sys.exit(code)
"""
"""`python -m pipeline extract` with the CPU of the driver (this process) and of its workers (every
descendant, reaped: local workers, or Dask's nannies and their workers) as the kernel counts them,
and the peak RSS of the driver and of the largest worker. A LocalCluster's scheduler runs in the
driver, so it counts as the driver's."""

RAW_MODELS = r"""
import sys, time
from pathlib import Path
started = time.perf_counter()
import spacy
from natasha import NewsEmbedding, NewsNERTagger
if sys.argv[4:] == ["one-thread"]:  # after numpy is loaded, as a worker does
    from threadpoolctl import threadpool_limits
    threadpool_limits(limits=1)
from pipeline.config import load_config
from pipeline.ner.models import resolve_model, shipped_pipeline
from pipeline.text.scripts import script_counts
config = load_config()
candidates = config.ner.english_models
if sys.argv[3] == "package":
    candidates = tuple(name for name in candidates if shipped_pipeline(name) is None)
name = resolve_model("en", candidates).name
english = spacy.load(shipped_pipeline(name) or name)
if sys.argv[2] == "ner-only":
    from pipeline.ner.build import keep_only_what_ner_uses
    keep_only_what_ner_uses(english)
tagger = NewsNERTagger(NewsEmbedding())
texts = [path.read_text(encoding="utf-8") for path in sorted(Path(sys.argv[1]).rglob("*")) if path.is_file()]
russian = [t for t in texts if script_counts(t).cyrillic > script_counts(t).latin]
others = [t for t in texts if script_counts(t).cyrillic <= script_counts(t).latin]
n = sum(len(markup.spans) for markup in tagger.map(russian))
n += sum(len(doc.ents) for doc in english.pipe(others, batch_size=config.ner.batch_size))
print(n, file=sys.stderr)
"""


def build_corpus(folder: Path, n_docs: int, seed: int = 0) -> int:
    """`n_docs` generated variants of the seeds; returns their characters."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.iterdir())]
    n_chars = 0
    for i in range(n_docs):
        headline, *paragraphs = seeds[i % len(seeds)].split("\n\n")
        rng.shuffle(paragraphs)
        text = "\n\n".join([headline, *paragraphs, f"Variant {i}."]) + "\n"
        (folder / f"{i // 1000:03d}" / f"doc{i:06d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"{i // 1000:03d}" / f"doc{i:06d}.txt").write_text(text, encoding="utf-8")
        n_chars += len(text)
    return n_chars


def build_mixed_corpus(folder: Path, n_docs: int, seed: int = 0) -> tuple[int, float]:
    """`n_docs` generated news documents, more than half of the text Russian: the Russian ones
    are factRuEval's development texts (news, `gold/factru-dev/docs`) and the Russian seed, the
    English ones the English seeds, each in a variant of its own (paragraphs shuffled, a line of
    its own). Returns the characters and the Russian share of the letters."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.iterdir())]
    russian = [text for text in seeds if _cyrillic_share(text) > 0.5]
    russian += [path.read_text(encoding="utf-8") for path in sorted(FACTRU_DOCS.iterdir())]
    english = [text for text in seeds if _cyrillic_share(text) <= 0.5]
    n_chars = cyrillic = letters = 0
    for i in range(n_docs):
        pool = english if i % 4 == 3 else russian  # three Russian news texts for every English one
        headline, *paragraphs = pool[(i // 4) % len(pool)].split("\n")
        rng.shuffle(paragraphs)
        text = "\n".join([headline, *paragraphs, f"Variant {i}."]) + "\n"
        path = folder / f"{i // 1000:03d}" / f"doc{i:06d}.txt"
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        n_chars += len(text)
        cyrillic += sum(1 for ch in text if "\u0400" <= ch <= "\u04ff")
        letters += sum(1 for ch in text if ch.isalpha())
    return n_chars, cyrillic / max(letters, 1)


def _cyrillic_share(text: str) -> float:
    letters = [ch for ch in text if ch.isalpha()]
    return sum(1 for ch in letters if "\u0400" <= ch <= "\u04ff") / max(len(letters), 1)


REAL_MIXED_SOURCES = ("gold/factru-dev/docs", "seeds", "gold/entities/docs", "gold/wikigold/docs")
"""Real text, no generated variants, for the rows of issue 18 items 5 and 6: Russian news
(factRuEval-dev), the seeds, the entity corpus, then English Wikipedia articles (Wikigold) until
English is `ENGLISH_PER_RUSSIAN` of the Russian text."""

ENGLISH_PER_RUSSIAN = 0.8


def real_mixed_texts() -> list[str]:
    """The real mixed corpus's texts in order; more than half of its characters are in Russian documents."""
    texts = [path.read_text(encoding="utf-8") for source in REAL_MIXED_SOURCES for path in sorted((ROOT / source).iterdir())]
    russian = sum(len(text) for text in texts if _cyrillic_share(text) > 0.5)
    kept, english = [], 0
    for text in texts:
        if not _cyrillic_share(text) > 0.5:
            if english + len(text) > ENGLISH_PER_RUSSIAN * russian:
                continue
            english += len(text)
        kept.append(text)
    return kept


def build_real_mixed_corpus(folder: Path) -> tuple[int, float]:
    """The real mixed corpus as files; (its characters, the share of them in Russian documents)."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = real_mixed_texts()
    for i, text in enumerate(texts):
        (folder / f"doc{i:04d}.txt").write_text(text, encoding="utf-8")
    return sum(map(len, texts)), sum(len(text) for text in texts if _cyrillic_share(text) > 0.5) / sum(map(len, texts))


def build_repeated_names(long_folder: Path, separate_folder: Path, megabytes: float) -> int:
    """The real mixed corpus over and over (so its names repeat hundreds of times) up to `megabytes` of
    UTF-8: once as one file, once as separate files, the same text; returns its characters."""
    long_folder.mkdir(parents=True, exist_ok=True)
    separate_folder.mkdir(parents=True, exist_ok=True)
    texts = real_mixed_texts()
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        part = texts[len(parts) % len(texts)] + f"\n\nSection {len(parts)}.\n\n"
        (separate_folder / f"part{len(parts):06d}.txt").write_text(part, encoding="utf-8")
        parts.append(part)
        size += len(part.encode("utf-8"))
    (long_folder / "long.txt").write_text("".join(parts), encoding="utf-8")
    return sum(map(len, parts))


def timed(command: list[str]) -> dict:
    """Wall time, peak RSS of the largest process and of the whole tree (sampled every 0.1 s)."""
    started = time.perf_counter()
    process = psutil.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_single = peak_tree = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            rss = [p.memory_info().rss for p in tree if p.is_running()]
        except psutil.Error:
            rss = []
        if rss:
            peak_single, peak_tree = max(peak_single, max(rss)), max(peak_tree, sum(rss))
        time.sleep(0.1)
    stderr = process.stderr.read()
    if process.returncode not in (0, 3):
        raise RuntimeError(f"{' '.join(command)} exited {process.returncode}:\n{stderr}")
    return {"wall": time.perf_counter() - started, "rss": peak_single / 2**20, "tree": peak_tree / 2**20}


def extract(corpus: Path, output: Path, *options: str) -> dict:
    """A whole `extract` process: wall time, peak RSS (sampled) and the driver's and workers' CPU."""
    usage = output.with_name(output.name + ".usage.json")
    arguments = ["extract", "--input", str(corpus), "--output", str(output), "--no-progress", *options]
    run = timed([sys.executable, "-c", DRIVER, str(usage), *arguments])
    return {**run, **json.loads(usage.read_text())}


IDLE_SECONDS = 10
"""How long the separate scheduler's idle CPU (its heartbeats with the workers) is measured: a
run's scheduler CPU grows with its wall time, whatever its documents."""


@contextlib.contextmanager
def external_cluster(folder: Path, workers: int):
    """A Dask scheduler and workers as processes of their own, as on a cluster (not children of
    the driver): the `extract` process is then only the client. Yields (address, CPU seconds of the
    scheduler and of the workers so far)."""
    scheduler_file = folder / "scheduler.json"
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED": "False"}
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    scheduler = psutil.Popen([*dask, "--host", "127.0.0.1", "--scheduler-file", str(scheduler_file), "--no-dashboard"],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while not scheduler_file.exists():
        time.sleep(0.1)
    worker = psutil.Popen([sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file", str(scheduler_file),
                           "--nworkers", str(workers), "--nthreads", "1", "--memory-limit", "0", "--no-dashboard"],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(5)

    def cpu(process: psutil.Process) -> float:
        times = process.cpu_times()
        return times.user + times.system

    def usage() -> dict:
        return {"scheduler_cpu": cpu(scheduler), "cluster_workers_cpu": sum(cpu(p) for p in [worker, *worker.children(recursive=True)])}

    try:
        yield json.loads(scheduler_file.read_text())["address"], usage
    finally:
        for process in (worker, scheduler):
            process.terminate()
            process.wait(30)


def run_cost(rows: list, tmp: Path, corpus: Path, one: Path, n_docs: int, cores: int, repeats: int = 1,
             one_local: dict | None = None, local: dict | None = None, big: tuple[Path, int] | None = None) -> None:
    """Where the run's CPU goes, local engine, Dask LocalCluster and a Dask cluster whose scheduler
    and workers are processes of their own (runs not given are made here). With `big` (a corpus
    and its size), the separate cluster's driver and scheduler are also measured at the margin:
    the CPU of the big run less that of the `corpus` run, per extra document, so what a run pays
    once (imports, connecting, the reduce's fixed steps) does not count as a per-document cost."""
    one_local = one_local or extract(one, tmp / "cost-one", "--full")
    local = local or extract(corpus, tmp / "cost-local", "--full")
    driver_rows(rows, f"local, {n_docs} docs", one_local, local, n_docs)
    engines = fastest({
        "local": lambda: extract(corpus, tmp / "cost-local", "--full"),
        "dask": lambda: extract(corpus, tmp / "cost-dask", "--engine", "dask", "--full"),
    }, repeats)
    driver_rows(rows, f"dask LocalCluster, {n_docs} docs", extract(one, tmp / "cost-one-dask", "--engine", "dask"), engines["dask"], n_docs)
    rows.append(("  dask LocalCluster against local", f"{engines['dask']['wall']:7.1f} s against {engines['local']['wall']:.1f} s: "
                 f"x{engines['local']['wall'] / engines['dask']['wall']:.2f} the local engine's speed (CPU {engines['dask']['cpu']:.1f} s "
                 f"against {engines['local']['cpu']:.1f} s; fastest of {repeats} alternating)"))
    with external_cluster(tmp, cores) as (address, usage):
        before = usage()
        time.sleep(IDLE_SECONDS)
        idle = (usage()["scheduler_cpu"] - before["scheduler_cpu"]) / IDLE_SECONDS
        runs = []
        for folder, output in ((one, "cost-one-cluster"), (corpus, "cost-cluster"), *(((big[0], "cost-big-cluster"),) if big else ())):
            before = usage()
            run = extract(folder, tmp / output, "--engine", "dask", "--scheduler", address, "--full")
            after = usage()
            runs.append({**run, "scheduler_cpu": after["scheduler_cpu"] - before["scheduler_cpu"],
                         "workers_cpu": after["cluster_workers_cpu"] - before["cluster_workers_cpu"]})
    driver_rows(rows, f"dask scheduler of its own, {n_docs} docs", runs[0], runs[1], n_docs)
    rows.append(("  the scheduler's CPU", f"{runs[1]['scheduler_cpu'] / n_docs * 1e3:7.3f} ms per document at most (all of it, start and heartbeats included); wall {runs[1]['wall']:.1f} s"))
    if big:
        driver_rows(rows, f"dask scheduler of its own, {n_docs} -> {big[1]} docs", runs[1], runs[2], big[1], n_docs)
        extra_docs, extra_wall = big[1] - n_docs, runs[2]["wall"] - runs[1]["wall"]
        scheduler = (runs[2]["scheduler_cpu"] - runs[1]["scheduler_cpu"]) / extra_docs
        tasks = max(scheduler - idle * extra_wall / extra_docs, 0.0)
        workers = runs[2]["workers_cpu"] / big[1]
        rows.append(("  the scheduler's CPU at the margin", f"{scheduler * 1e3:7.3f} ms per extra document; idle it spends {idle * 1e3:.1f} ms a second "
                     f"(heartbeats), {tasks * 1e3:.3f} ms per document beyond that: ceiling x{workers / tasks if tasks else float('inf'):,.0f}"))
    rows.append((f"peak RSS driver / worker, {n_docs} docs", f"{local['driver_rss']:7.0f} / {local['worker_rss']:.0f} MiB"))


def driver_rows(rows: list, label: str, small: dict, run: dict, n_docs: int, small_docs: int = 1) -> None:
    """The driver's CPU per document beyond what the `small` run of `small_docs` documents cost it
    (its start, at least), the workers' per document, the ceiling: how many workers one driver
    could keep busy."""
    driver = max(run["driver_cpu"] - small["driver_cpu"], 0.0) / max(n_docs - small_docs, 1)
    workers = run["workers_cpu"] / n_docs
    ceiling = workers / driver if driver else float("inf")
    rows.append((f"driver / workers CPU, {label}", f"{driver * 1e3:7.3f} / {workers * 1e3:.1f} ms per document "
                 f"(driver {run['driver_cpu']:.1f} s in all, {small['driver_cpu']:.1f} s at {small_docs} docs)  ceiling x{ceiling:,.0f}"))


def raw_models(corpus: Path, components: str = "all", english: str = "package", one_thread: bool = False) -> dict:
    """`components`: "all" as the English model loads, or "ner-only" (what the pipeline keeps of it);
    `english`: "package" (the installed spaCy package, the fallback) or "configured" (the first of
    `[ner] english_models`: the trained model shipped under models/); `one_thread`: numpy with one
    BLAS thread, as each pipeline worker runs it."""
    return timed([sys.executable, "-c", RAW_MODELS, str(corpus), components, english, *(["one-thread"] if one_thread else [])])


def with_cpu(run: Callable[[], dict]) -> dict:
    """`run()`'s result plus `cpu`: the user + system seconds of the processes it started and
    waited for (the extract process and the workers it joined), so a busy machine costs wall
    time but not CPU."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {**result, "cpu": after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime}


def fastest(runs: dict[str, Callable[[], dict]], repeats: int) -> dict[str, dict]:
    """Each run `repeats` times, the runs alternating; the least wall and the least CPU of each
    (other processes on the machine only ever add to them), the largest peak RSS."""
    best: dict[str, dict] = {}
    for _ in range(repeats):
        for label, run in runs.items():
            result = with_cpu(run)
            kept = best.setdefault(label, result)
            best[label] = {key: (max if key.endswith(("rss", "tree")) else min)(kept[key], result[key]) for key in result}
    return best


def load_average() -> str:
    return "load average {:.1f} {:.1f} {:.1f}".format(*os.getloadavg())


def overhead_rows(tmp: Path, rows: list, repeats: int) -> None:
    """Issue 18 item 6, on the real mixed corpus (more than half Russian): one worker against the raw
    models reduced to the `ner` the pipeline uses (target x0.6), also against them with one BLAS
    thread as a worker runs numpy (more threads spin on a busy machine), and the default run against
    the raw models as their packages load (target x1.5); wall and CPU side by side."""
    corpus = tmp / "real-mixed"
    chars, russian = build_real_mixed_corpus(corpus)
    print(f"real mixed corpus: {sum(1 for _ in corpus.iterdir())} docs, {chars:,} chars, {russian:.0%} in Russian documents; {load_average()}", flush=True)
    best = fastest({
        "raw": lambda: raw_models(corpus),
        "raw ner": lambda: raw_models(corpus, "ner-only", "configured"),
        "raw ner, one thread": lambda: raw_models(corpus, "ner-only", "configured", one_thread=True),
        "workers 1": lambda: extract(corpus, tmp / "out-mixed-w1", "--workers", "1", "--full"),
        "default": lambda: extract(corpus, tmp / "out-mixed", "--full"),
    }, repeats)
    for label, run, against in (
        ("real: raw models (1 process)", best["raw"], None),
        ("real: raw models, trained English NER", best["raw ner"], None),
        ("real: the same, 1 BLAS thread", best["raw ner, one thread"], None),
        ("real: pipeline --workers 1", best["workers 1"], ("raw NER", best["raw ner"])),
        ("", best["workers 1"], ("raw NER, 1 BLAS thread", best["raw ner, one thread"])),
        ("real: pipeline default", best["default"], ("raw", best["raw"])),
    ):
        ratio = f"  x{against[1]['wall'] / run['wall']:.2f} of {against[0]} (CPU x{against[1]['cpu'] / run['cpu']:.2f})" if against else ""
        rows.append((label, f"{run['wall']:7.1f} s {chars / run['wall']:>9,.0f} chars/s  CPU {run['cpu']:6.1f} s{ratio}"))
    print(f"  (fastest of {repeats}; {load_average()})", flush=True)


def long_file_rows(tmp: Path, rows: list, megabytes: float, repeats: int) -> None:
    """Issue 18 item 5: the real mixed corpus repeated into one long file (its names repeat hundreds of
    times) against the same text as separate files, one worker each (target x0.6 of the speed,
    peak RSS < 1.5 GB)."""
    long_dir, separate = tmp / "long", tmp / "separate"
    chars = build_repeated_names(long_dir, separate, megabytes)
    print(f"long file: {chars:,} chars ({megabytes} MB), the same text as {sum(1 for _ in separate.iterdir())} files; {load_average()}", flush=True)
    best = fastest({
        "separate": lambda: extract(separate, tmp / "out-separate", "--workers", "1", "--full"),
        "long": lambda: extract(long_dir, tmp / "out-long", "--workers", "1", "--full"),
    }, repeats)
    for label, run in (("same text as separate files", best["separate"]), (f"long file ({chars / 1e6:.1f} M chars)", best["long"])):
        rows.append((label, f"{run['wall']:7.1f} s {chars / run['wall']:>9,.0f} chars/s  CPU {run['cpu']:6.1f} s  peak RSS {run['rss']:.0f} MiB (tree {run['tree']:.0f})"))
    rows.append(("long file / separate files", f"x{best['separate']['wall'] / best['long']['wall']:.2f} the speed (CPU x{best['separate']['cpu'] / best['long']['cpu']:.2f})"))
    print(f"  (fastest of {repeats}; {load_average()})", flush=True)


def stage_times(corpus: Path, n_files: int) -> list[tuple[str, float]]:
    """Cumulative seconds per stage of the per-document work on `n_files` files, in this process."""
    from pipeline.config import load_config
    from pipeline.run.shard import ShardTask, process_shard

    files = tuple((p.relative_to(corpus).as_posix(), p.stat().st_size) for p in sorted(corpus.rglob("*")) if p.is_file())[:n_files]
    config = load_config()
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    for i in range(0, len(files), config.ner.batch_size):
        process_shard(ShardTask(str(corpus), files[i : i + config.ner.batch_size], config, area=None))  # no part is written
    profile.disable()
    total = time.perf_counter() - started
    stats = pstats.Stats(profile).stats
    stages = {
        "read + decode": "read_documents",
        "language": "assign_language",
        "load models": "_models",
        "NER (with each pipeline's first load)": "recognize",
        "normalise": "normalize_document",
        "link (per document)": "link",
    }
    found = []
    for label, function in stages.items():
        seconds = max((value[3] for key, value in stats.items() if key[2] == function and "pipeline" in key[0]), default=0.0)
        found.append((label, seconds))
    return [("total", total), *found]


class _Rows(list):
    """The table, printed row by row as each is measured (a long benchmark shows its progress)."""

    WIDTH = 36

    def append(self, row: tuple[str, str]) -> None:
        super().append(row)
        print(f"{row[0]:<{self.WIDTH}}  {row[1]}", flush=True)


def run_cost_only(n_docs: int) -> int:
    rows = _Rows()
    with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
        tmp = Path(tmp)
        chars, russian = build_mixed_corpus(tmp / "corpus", n_docs)
        build_corpus(tmp / "one", 1)
        print(f"corpus: {n_docs} docs, {chars:,} chars ({russian:.0%} of the letters Russian); load average {os.getloadavg()[0]:.1f} at the start", flush=True)
        build_mixed_corpus(tmp / "big", 4 * n_docs, seed=1)
        run_cost(rows, tmp, tmp / "corpus", tmp / "one", n_docs, os.cpu_count() or 1, big=(tmp / "big", 4 * n_docs))
    print(f"load average {os.getloadavg()[0]:.1f} at the end")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for development (100 / 300 docs, 0.3 MB)")
    parser.add_argument("--docs", type=int, default=1000, help="documents in the base corpus (default 1000)")
    parser.add_argument("--big-docs", type=int, default=10000, help="documents in the big corpus (default 10000)")
    parser.add_argument("--long-mb", type=float, default=15.0, help="size of the long file with repeated names in MB (default 15)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each real-corpus and long-file measurement, the fastest kept (default 3)")
    parser.add_argument("--only", choices=("real", "long"), help="only the real mixed corpus's rows or only the long-file rows")
    parser.add_argument("--run-cost", action="store_true", help="only where the run's CPU goes (driver, workers, scheduler) on --docs and 4 x --docs documents")
    args = parser.parse_args(argv)
    if args.run_cost:
        return run_cost_only(args.docs)
    if args.quick:
        args.docs, args.big_docs, args.long_mb, args.repeats = 100, 300, 0.3, 1
    cores = os.cpu_count() or 1
    rows = _Rows()
    if args.only:
        with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
            if args.only == "real":
                overhead_rows(Path(tmp), rows, args.repeats)
            else:
                long_file_rows(Path(tmp), rows, args.long_mb, args.repeats)
        return 0
    with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
        tmp = Path(tmp)
        corpus, big, one = tmp / "corpus", tmp / "big", tmp / "one"
        chars, russian = build_mixed_corpus(corpus, args.docs)
        big_chars, _ = build_mixed_corpus(big, args.big_docs, seed=1)
        build_corpus(one, 1)
        print(f"corpus: {args.docs} docs, {chars:,} chars ({russian:.0%} of the letters Russian); big: {args.big_docs} docs; "
              f"{cores} cores; load average {os.getloadavg()[0]:.1f} at the start", flush=True)

        raw = raw_models(corpus)
        raw_ner_only = raw_models(corpus, "ner-only")
        raw_trained = raw_models(corpus, "ner-only", "configured")
        one_worker = extract(corpus, tmp / "out-w1", "--workers", "1", "--full")
        default = extract(corpus, tmp / "out-default", "--full")
        runs = (
            ("raw models (1 process)", raw),
            ("raw models, English NER + senter", raw_ner_only),
            ("raw models, trained English NER", raw_trained),
            ("pipeline --workers 1", one_worker),
            (f"pipeline default ({cores} workers)", default),
        )
        for label, run in runs:
            speed = chars / run["wall"]
            rows.append((label, f"{run['wall']:7.1f} s {speed:>9,.0f} chars/s  x{speed / (chars / raw['wall']):.2f} of raw  peak RSS {run['rss']:.0f} MiB (tree {run['tree']:.0f})"))
        rows.append(("cold start, raw models", f"{raw_models(one)['wall']:7.1f} s"))
        one_local = extract(one, tmp / "out-one")
        rows.append(("cold start, pipeline", f"{one_local['wall']:7.1f} s"))

        unchanged = extract(corpus, tmp / "out-default")
        touched = sorted(p for p in corpus.rglob("*") if p.is_file())[:: 100]
        for path in touched:
            path.write_text(path.read_text(encoding="utf-8") + "\nTouched.\n", encoding="utf-8")
        after_touch = extract(corpus, tmp / "out-default")
        rows.append(("re-run, nothing changed", f"{unchanged['wall']:7.1f} s  {unchanged['wall'] / default['wall']:.1%} of the full run"))
        rows.append((f"re-run, {len(touched)} files (1 %) touched", f"{after_touch['wall']:7.1f} s  {after_touch['wall'] / default['wall']:.1%} of the full run"))

        big_run = extract(big, tmp / "out-big")
        rows.append((f"peak RSS at {args.docs} docs", f"{default['rss']:7.0f} MiB largest process, {default['tree']:.0f} MiB all processes"))
        rows.append((f"peak RSS at {args.big_docs} docs", f"{big_run['rss']:7.0f} MiB largest process, {big_run['tree']:.0f} MiB all processes ({big_chars / big_run['wall']:,.0f} chars/s)"))
        rows.append((f"peak RSS driver / worker, {args.big_docs} docs", f"{big_run['driver_rss']:7.0f} / {big_run['worker_rss']:.0f} MiB"))
        driver_rows(rows, f"local, {args.docs} -> {args.big_docs} docs", default, big_run, args.big_docs, args.docs)
        run_cost(rows, tmp, corpus, one, args.docs, cores, args.repeats, one_local, default, (big, args.big_docs))
        overhead_rows(tmp, rows, args.repeats)
        long_file_rows(tmp, rows, args.long_mb, args.repeats)

        stages = stage_times(corpus, min(args.docs, 200))
    print("\nper-document work in one process, cumulative seconds (cProfile):")
    for label, seconds in stages:
        print(f"  {label:<22} {seconds:7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
