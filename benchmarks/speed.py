"""Throughput and memory of the real extraction on the seeds copied N times.

    python -m benchmarks.speed [--copies N]

Builds a corpus of the seed articles copied N times under distinct names (each copy gets
a line of its own, so none is skipped as a duplicate) in a temporary folder, runs the real
`extract` in-process, and does the same for 4N copies, each in a fresh process so peak RSS
(resource.getrusage ru_maxrss) is per run. Peak memory should not grow with the number of
documents: the pipeline streams batches and writes row groups as it goes.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def build_corpus(folder: Path, copies: int) -> tuple[int, int]:
    """Seeds copied `copies` times; returns (files, characters)."""
    n_files = n_chars = 0
    for i in range(copies):
        for seed in sorted(SEEDS.iterdir()):
            text = seed.read_text(encoding="utf-8") + f"\n\nCopy {i}.\n"
            (folder / f"copy{i:05d}_{seed.name}").write_text(text, encoding="utf-8")
            n_files += 1
            n_chars += len(text)
    return n_files, n_chars


def measure(copies: int) -> dict:
    """One extraction in this process: corpus size, wall time and peak RSS."""
    from pipeline.config import load_config
    from pipeline.run import extract

    with tempfile.TemporaryDirectory(prefix="speed-") as tmp:
        corpus, output = Path(tmp) / "corpus", Path(tmp) / "output"
        corpus.mkdir()
        n_files, n_chars = build_corpus(corpus, copies)
        started = time.perf_counter()
        summary = extract(corpus, output, load_config(), progress=False)
        wall = time.perf_counter() - started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {
        "copies": copies,
        "docs": n_files,
        "chars": n_chars,
        "wall_s": wall,
        "docs_per_s": n_files / wall,
        "chars_per_s": n_chars / wall,
        "peak_rss_mib": peak_kib / 1024,
        "failed": summary.n_failed,
    }


def _in_fresh_process(copies: int) -> dict:
    command = [sys.executable, "-m", "benchmarks.speed", "--copies", str(copies), "--single"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=40, help="copies of the seeds in the base corpus (default 40)")
    parser.add_argument("--single", action="store_true", help=argparse.SUPPRESS)  # one run, JSON on stdout
    args = parser.parse_args(argv)
    if args.single:
        print(json.dumps(measure(args.copies)))
        return 0
    rows = [_in_fresh_process(args.copies), _in_fresh_process(4 * args.copies)]
    header = f"{'copies':>7} {'docs':>7} {'chars':>11} {'wall s':>8} {'docs/s':>8} {'chars/s':>10} {'peak RSS MiB':>13}"
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row['copies']:>7} {row['docs']:>7} {row['chars']:>11,} {row['wall_s']:>8.1f} "
            f"{row['docs_per_s']:>8.1f} {row['chars_per_s']:>10,.0f} {row['peak_rss_mib']:>13.0f}"
        )
    growth = rows[1]["peak_rss_mib"] / rows[0]["peak_rss_mib"]
    print(f"peak RSS x{growth:.2f} for x4 documents (wall time includes model loading)")
    if any(row["failed"] for row in rows):
        print("WARNING: some documents failed", file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
