"""Every quality benchmark in one table: the seeds gold, factRuEval-dev, Wikigold, the cross-document entities corpus.

* `seeds`: a fresh extraction of `seeds/` (the real CLI, into a temporary folder) scored
  by `pipeline.evaluation.evaluate.evaluate` against `gold/seeds/seeds.jsonl`: exact-span P/R/F1 per
  label and language, with and without page chrome (`seeds` / `seeds-noboiler`), then the
  accuracy of normalised forms and date values and the entity B-cubed F1 on matched mentions.
* `seeds-chrome`: `mentions.in_chrome` against the gold's boilerplate notes, over the
  mentions both sides found.
* `factru-dev`: our Russian pipeline (`benchmarks.factru.pipeline_predictor`), exact spans
  and naeval's token-level IO F1.
* `wikigold`: our English NER as `extract` runs it (`benchmarks.wikigold.pipeline_predictor`),
  exact spans of PER/ORG/LOC; `wikigold-model`: the English statistical model alone.
* `conll-dev` / `conll-dev-model`: the same two on CoNLL-2003 English dev (`benchmarks.conll`),
  the data the English model was selected on; skipped with one line when the data is not
  there (`--conll DIR`, else `$NEWSENTS_CONLL2003`, else `data/conll2003`).
* `real-pages`: `gold/real_pages/` (53 saved news pages with their article body marked,
  `benchmarks.real_pages`): PER/ORG/LOC mentions from outside the article left unflagged (share of
  all), the precision of the chrome flags, article mentions and words kept, titles keeping the
  site's name.
* `entities`: `gold/entities/` (42 documents written for the purpose, `benchmarks.entities_corpus`):
  entity B-cubed P/R/F1 over exactly matched mentions; `cross-script`, the pair precision and
  recall of `benchmarks.cross_script`; and `name-variants`, those of `benchmarks.name_variants`.

    python -m benchmarks.quality [--conll DIR] [--json FILE]        (also: make bench-quality)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import conll, cross_script, entities_corpus, factru, name_variants, real_pages, wikigold
from pipeline.evaluation.evaluate import WITH_BOILERPLATE, WITHOUT_BOILERPLATE, evaluate
from pipeline.evaluation.scoring import ALL

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


def seeds_value_rows(report: dict) -> list[dict]:
    """Normalised-form and date-value accuracy per language, and entity B-cubed, over matched mentions."""
    rows = []
    for variant, benchmark in ((WITH_BOILERPLATE, "seeds"), (WITHOUT_BOILERPLATE, "seeds-noboiler")):
        scores = report[variant]
        for what in ("normalized_accuracy", "date_accuracy"):
            for lang, value in scores[what].items():
                rows.append({"benchmark": benchmark, "lang": lang, "what": what, "value": round(value["accuracy"], 4), "n": value["total"]})
        bcubed = scores["bcubed"]
        rows.append({"benchmark": benchmark, "lang": "ALL", "what": "entity_bcubed_f1", "value": round(bcubed["f1"], 4), "n": bcubed["mentions"]})
    return rows


def run_seeds(seeds_dir: Path = SEEDS, gold: Path = SEEDS_GOLD) -> dict:
    """A fresh extraction of the seeds, scored: the `evaluate` report."""
    with tempfile.TemporaryDirectory(prefix="bench-quality-") as output:
        command = [sys.executable, "-m", "pipeline", "extract", "--input", str(seeds_dir), "--output", output, "--no-progress"]
        subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True)
        return evaluate(gold, Path(output))


def factru_rows(result: dict) -> list[dict]:
    rows = []
    for metric in ("token_io", "exact"):
        for label, score in result[metric].items():
            rows.append(_row(result["dataset"], "ru", label, score, metric))
    return rows


REAL_PAGES_VALUES = ("leaked_share", "flag_precision", "article_recall", "body_recall", "title_site_leaks")


def real_pages_rows() -> list[dict]:
    """The real-page figures per language, in the value table (n: PER/ORG/LOC mentions, pages for titles)."""
    result = real_pages.summary(real_pages.run())
    return [
        {"benchmark": "real-pages", "lang": lang, "what": what, "value": round(float(scores[what]), 4),
         "n": scores["pages"] if what == "title_site_leaks" else scores["mentions"]}
        for lang, scores in result.items()
        for what in REAL_PAGES_VALUES
    ]


def run_factru() -> list[dict]:
    return factru_rows(factru.run_benchmark(factru.pipeline_predictor()))


def run_wikigold() -> list[dict]:
    rows = []
    for suffix, predictor in (("", wikigold.pipeline_predictor), ("-model", wikigold.model_predictor)):
        result = wikigold.run_benchmark(predictor())
        rows += [_row(result["dataset"] + suffix, "en", label, result["exact"][label], "exact") for label in (*wikigold.LABELS, ALL)]
    return rows


def run_conll(folder: Path) -> list[dict]:
    """CoNLL-2003 dev, pipeline and model alone; no rows (and one line saying why) without the data."""
    if reason := conll.missing(folder):
        print(reason)
        return []
    rows = []
    for suffix, predictor in (("", wikigold.pipeline_predictor), ("-model", wikigold.model_predictor)):
        result = conll.run_benchmark(predictor(), folder)
        rows += [_row(result["dataset"] + suffix, "en", label, result["exact"][label], "exact") for label in (*wikigold.LABELS, ALL)]
    return rows


def linking_rows() -> list[dict]:
    """Entity B-cubed on the cross-document corpus, and the cross-script pair scores."""
    entities_corpus.check()
    bcubed = entities_corpus.run()[WITH_BOILERPLATE]["bcubed"]
    pairs = cross_script.score(cross_script.load_pairs())
    variants = name_variants.score(name_variants.load_pairs())
    return [
        _row("entities", "ALL", "ALL", bcubed, "entity_bcubed"),
        _row("cross-script", "ALL", "ALL", _with_f1(pairs.precision, pairs.recall), "name_pairs"),
        _row("name-variants", "ALL", "PER", _with_f1(variants["precision"], variants["recall"]), "name_pairs"),
    ]


def _with_f1(precision: float, recall: float) -> dict:
    return {"precision": precision, "recall": recall, "f1": 2 * precision * recall / (precision + recall)}


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


def format_value_table(rows: list[dict]) -> str:
    lines = [f"{'benchmark':<16}{'lang':<6}{'what':<22}{'value':>7}{'n':>6}"]
    lines += [f"{r['benchmark']:<16}{r['lang']:<6}{r['what']:<22}{r['value']:>7.3f}{r['n']:>6}" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument("--conll", type=Path, help="folder holding CoNLL-2003 valid.txt (default: $NEWSENTS_CONLL2003, else data/conll2003)")
    args = parser.parse_args()
    report = run_seeds()
    rows = seeds_rows(report) + [_row("seeds-chrome", "ALL", "ALL", report["chrome"], "in_chrome")] + run_factru()
    rows += run_wikigold() + run_conll(conll.data_dir(args.conll)) + linking_rows()
    values = seeds_value_rows(report) + real_pages_rows()
    print(format_table(rows))
    print()
    print(format_value_table(values))
    if args.json:
        payload = {"scores": rows, "values": values}
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
