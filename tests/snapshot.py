"""Golden snapshot of the seeds' mentions: any change to what the pipeline extracts shows up as a diff.

`tests/e2e/test_snapshot.py` compares a fresh extraction with `tests/golden/seeds_snapshot.jsonl`.
After an intentional change, accept the new output with

    make snapshot        # = python -m tests.snapshot --accept
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from pipeline.evaluation.diff import compare_mentions, describe, mention_rows

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "golden" / "seeds_snapshot.jsonl"


def read_golden(path: Path = GOLDEN) -> list[dict]:
    with open(path, encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


def write_golden(rows: list[dict], path: Path = GOLDEN) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        for row in rows:
            file.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def diff_snapshots(expected: list[dict], actual: list[dict]) -> str:
    """Readable difference, grouped by document; empty when the snapshots agree
    (`pipeline.evaluation.diff.compare_mentions`: a mention is its path and span)."""
    changes_by_path: dict[str, list[str]] = defaultdict(list)
    for change in compare_mentions(expected, actual):
        changes_by_path[change.row["path"]].append(describe(change))
    return "\n".join(
        "\n".join([f"{path}:"] + [f"  {line}" for line in lines]) for path, lines in sorted(changes_by_path.items())
    )


def extract_seeds(output_dir: Path) -> None:
    """The real CLI in a separate process, exactly as `make extract` runs it."""
    command = [sys.executable, "-m", "pipeline", "extract", "--input", str(SEEDS), "--output", str(output_dir)]
    command.append("--no-progress")
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"extract exited {result.returncode}:\n{result.stderr}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accept", action="store_true", help=f"write a fresh extraction to {GOLDEN.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as output_dir:
        extract_seeds(Path(output_dir))
        rows = mention_rows(Path(output_dir))
    diff = diff_snapshots(read_golden(), rows) if GOLDEN.exists() else f"(no {GOLDEN.name} yet)"
    print(diff or "snapshot unchanged")
    if args.accept:
        write_golden(rows)
        print(f"wrote {len(rows)} mentions to {GOLDEN.relative_to(ROOT)}")
    return 0 if args.accept or not diff else 1


if __name__ == "__main__":
    sys.exit(main())
