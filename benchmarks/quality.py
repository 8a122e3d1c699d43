"""Every quality benchmark in one table: the seeds gold and factRuEval-dev.

* `seeds`: a fresh extraction of `seeds/` (the real CLI, into a temporary folder) scored
  by `pipeline.evaluate.evaluate` against `gold/seeds/seeds.jsonl`: exact-span P/R/F1 per
  label and language, with and without page chrome (`seeds` / `seeds-noboiler`).
* `factru-dev`: our Russian pipeline (`benchmarks.factru.pipeline_predictor`), exact spans
  and naeval's token-level IO F1.

    python -m benchmarks.quality [--json FILE]        (also: make bench-quality)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import factru
from pipeline.evaluate import WITH_BOILERPLATE, WITHOUT_BOILERPLATE, evaluate

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEEDS_GOLD = ROOT / "gold" / "seeds" / "seeds.jsonl"


def seeds_rows(report: dict) -> list[dict]:
    """One row per (variant, language, label) of an `evaluate` report, exact-span scores."""
    rows = []
    for variant, benchmark in ((WITH_BOILERPLATE, "seeds"), (WITHOUT_BOILERPLATE, "seeds-noboiler")):
        for lang, labels in report[variant]["exact"].items():
            for label, score in labels.items():
                rows.append(_row(benchmark, lang, label, score, "exact"))
    return rows


def run_seeds(seeds_dir: Path = SEEDS, gold: Path = SEEDS_GOLD) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as output:
        command = [sys.executable, "-m", "pipeline", "extract", "--input", str(seeds_dir), "--output", output, "--no-progress"]
        subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True)
        return seeds_rows(evaluate(gold, Path(output)))


def factru_rows(result: dict) -> list[dict]:
    rows = []
    for metric in ("token_io", "exact"):
        for label, score in result[metric].items():
            rows.append(_row(result["dataset"], "ru", label, score, metric))
    return rows


def run_factru() -> list[dict]:
    return factru_rows(factru.run_benchmark(factru.pipeline_predictor()))


def _row(benchmark: str, lang: str, label: str, score: dict, metric: str) -> dict:
    return {
        "benchmark": benchmark,
        "lang": lang,
        "label": label,
        "precision": round(score["precision"], 4),
        "recall": round(score["recall"], 4),
        "f1": round(score["f1"], 4),
        "metric": metric,
    }


def format_table(rows: list[dict]) -> str:
    lines = [f"{'benchmark':<16}{'lang':<6}{'label':<7}{'P':>7}{'R':>7}{'F1':>7}  metric"]
    for row in rows:
        lines.append(
            f"{row['benchmark']:<16}{row['lang']:<6}{row['label']:<7}"
            f"{row['precision']:>7.3f}{row['recall']:>7.3f}{row['f1']:>7.3f}  {row['metric']}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    args = parser.parse_args()
    rows = run_seeds() + run_factru()
    print(format_table(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
