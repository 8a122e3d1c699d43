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

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLDEN = ROOT / "tests" / "golden" / "seeds_snapshot.jsonl"

SPAN_FIELDS = ("path", "start_char", "end_char", "label")
VALUE_FIELDS = ("text", "normalized", "entity_id", "date_value")


def snapshot_rows(output_dir: Path) -> list[dict]:
    """One row per mention, keyed by document path (ids are hashes, paths are readable), in span order."""
    documents = pq.read_table(output_dir / "documents.parquet", columns=["doc_id", "path"]).to_pylist()
    path_of = {row["doc_id"]: row["path"] for row in documents}
    columns = ["doc_id", "start_char", "end_char", "label", *VALUE_FIELDS]
    mentions = pq.read_table(output_dir / "mentions.parquet", columns=columns).to_pylist()
    rows = [
        {"path": path_of[mention["doc_id"]], **{name: mention[name] for name in SPAN_FIELDS[1:] + VALUE_FIELDS}}
        for mention in mentions
    ]
    return sorted(rows, key=_span_key)


def _span_key(row: dict) -> tuple:
    return tuple(row[name] for name in SPAN_FIELDS)


def read_golden(path: Path = GOLDEN) -> list[dict]:
    with open(path, encoding="utf-8") as file:
        return [json.loads(line) for line in file if line.strip()]


def write_golden(rows: list[dict], path: Path = GOLDEN) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as file:
        for row in rows:
            file.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")


def diff_snapshots(expected: list[dict], actual: list[dict]) -> str:
    """Readable difference, grouped by document; empty when the snapshots agree.

    A mention is identified by path, span and label: one whose other fields changed
    is shown as `field: old -> new`, one whose span or label changed as removed + added.
    """
    old = {_span_key(row): row for row in expected}
    new = {_span_key(row): row for row in actual}
    changes_by_path: dict[str, list[tuple]] = defaultdict(list)
    for key in old.keys() | new.keys():
        change = _describe_change(old.get(key), new.get(key))
        if change:
            changes_by_path[key[0]].append((key[1:], change))
    sections = []
    for path in sorted(changes_by_path):
        lines = [f"{path}:"] + [f"  {change}" for _, change in sorted(changes_by_path[path])]
        sections.append("\n".join(lines))
    return "\n".join(sections)


def _describe_change(old: dict | None, new: dict | None) -> str | None:
    if old is None:
        return f"+ added   {_describe(new)}"
    if new is None:
        return f"- removed {_describe(old)}"
    changed = [
        f"{name}: {old.get(name)!r} -> {new.get(name)!r}" for name in VALUE_FIELDS if old.get(name) != new.get(name)
    ]
    if not changed:
        return None
    return f"~ changed {_describe(old)}: " + "; ".join(changed)


def _describe(row: dict) -> str:
    return f"{row['start_char']}-{row['end_char']} {row['label']} {row['text']!r}"


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
        rows = snapshot_rows(Path(output_dir))
    diff = diff_snapshots(read_golden(), rows) if GOLDEN.exists() else f"(no {GOLDEN.name} yet)"
    print(diff or "snapshot unchanged")
    if args.accept:
        write_golden(rows)
        print(f"wrote {len(rows)} mentions to {GOLDEN.relative_to(ROOT)}")
    return 0 if args.accept or not diff else 1


if __name__ == "__main__":
    sys.exit(main())
