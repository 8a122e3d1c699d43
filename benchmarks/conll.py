"""CoNLL-2003 English dev benchmark (`valid.txt`, "testa") for PER/ORG/LOC: Reuters news.

The English model (`models/en_ner`) is trained on CoNLL-2003 `train.txt` and selected on this
file, so it is a development score, not a held-out one (`test.txt` is held out and never read).
The text is Reuters material and is not in the repository: the folder holding `valid.txt` is
`--conll DIR`, else the environment variable `NEWSENTS_CONLL2003`, else `data/conll2003` at the
repository's root (git-ignored); `models/en_ner/README.md` says how to get it. Without it the
benchmark prints one line saying so and is skipped.

Each article is rebuilt as text (tokens joined by one space, sentences by a newline, as
`gold/wikigold`); scored on exact spans of PER/ORG/LOC (CoNLL's MISC is not scored), with the
predictors of `benchmarks.wikigold`: `pipeline` (our English NER as `extract` runs it) and
`model` (the statistical model alone).

    python -m benchmarks.conll [--predictor pipeline|model] [--conll DIR] [--english-models a,b] [--json FILE]
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from benchmarks.factru import Predictor, report
from benchmarks.wikigold import LABELS, PREDICTORS, format_table, model_list, score_names
from pipeline.evaluation.scoring import Span
from pipeline.labels import SCHEMA_LABELS
from training.conll import read_articles

ROOT = Path(__file__).resolve().parent.parent
ENVIRONMENT = "NEWSENTS_CONLL2003"
DEV_FILE = "valid.txt"


def data_dir(given: Path | None = None) -> Path:
    """Where CoNLL-2003 is: the folder given, else $NEWSENTS_CONLL2003, else data/conll2003."""
    return given or Path(os.environ.get(ENVIRONMENT) or ROOT / "data" / "conll2003")


def missing(folder: Path) -> str | None:
    """One line saying why the benchmark cannot run, or None when the dev file is there."""
    if (folder / DEV_FILE).is_file():
        return None
    return f"conll-dev skipped: no {DEV_FILE} in {folder} (pass --conll DIR or set {ENVIRONMENT}; see models/en_ner/README.md)"


def load(folder: Path) -> tuple[dict[str, str], list[Span]]:
    """Article texts by name and their PER/ORG/LOC gold spans."""
    texts, gold = {}, []
    for i, article in enumerate(read_articles(folder / DEV_FILE)):
        name = f"conll-dev-{i:03d}"
        texts[name] = article.text
        gold += [Span(name, start, end, SCHEMA_LABELS[label]) for start, end, label in article.entities if SCHEMA_LABELS.get(label) in LABELS]
    return texts, gold


def run_benchmark(predict: Predictor, folder: Path) -> dict:
    """Runs `predict` over the dev articles and returns JSON-able exact-span scores per label."""
    return score_names("conll-dev", predict, *load(folder))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the scores to this file")
    parser.add_argument("--predictor", choices=sorted(PREDICTORS), default="pipeline", help="what to score (default: pipeline)")
    parser.add_argument("--conll", type=Path, help=f"folder holding CoNLL-2003 {DEV_FILE} (default: ${ENVIRONMENT}, else data/conll2003)")
    parser.add_argument("--english-models", type=model_list, help="English model candidates instead of [ner] english_models")
    args = parser.parse_args()
    folder = data_dir(args.conll)
    if reason := missing(folder):
        print(reason)
        return
    report(run_benchmark(PREDICTORS[args.predictor](args.english_models), folder), args.predictor, format_table, args.json)


if __name__ == "__main__":
    main()
