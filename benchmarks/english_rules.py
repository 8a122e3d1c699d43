"""What each English rule earns on top of the statistical model: the pipeline with and without it.

Scored on exact spans on CoNLL-2003 dev (PER/ORG/LOC; skipped without the data, see
`benchmarks.conll`), Wikigold (PER/ORG/LOC), Wikigold with every fourth line in capitals (a
stand-in for headlines and datelines) and the English seed documents (PER/ORG/LOC/DATE against
`gold/seeds/seeds.jsonl`, boilerplate included, as `make eval`). Rows: the model alone (no rule
component, no recasing), the full pipeline as `extract` runs it, and the full pipeline without
one rule at a time. A rule whose removal raises a score does not earn its place on that set.

    python -m benchmarks.english_rules [--conll DIR] [--english-models a,b] [--rules a,b] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable
from pathlib import Path

from benchmarks import conll, wikigold
from benchmarks.factru import Predictor, load_gold, predict_spans
from pipeline.config import load_config
from pipeline.evaluation.scoring import ALL, Span, exact_prf
from pipeline.labels import DATE, LOC, ORG, PER
from pipeline.ner import pieces
from pipeline.ner.models import reads_capitals, resolve_model
from pipeline.ner.recognizer import Recognizer
from pipeline.text.scripts import script_counts

ROOT = Path(__file__).resolve().parent.parent
SEEDS, SEEDS_GOLD = ROOT / "seeds", ROOT / "gold" / "seeds" / "seeds.jsonl"
SEEDS_LABELS = (PER, ORG, LOC, DATE)
RULES = (
    "span_breaks", "gazetteer names", "date patterns", "date_checks", "entity_boundaries",
    "english_org_names", "non_entity_names", "parenthesized_acronyms", "document_names", "recasing",
)
"""Each rule removed in turn. The gazetteer ruler is measured as its two halves: the gazetteer's
names and the date patterns. `recasing` is `pipeline.text.letter_case` on lines in capitals: removed
when the model gets it in the full pipeline, else added ("with recasing")."""

STATISTICAL = ("senter", "ner", "parser", "tok2vec")


def english_seeds() -> tuple[dict[str, str], list[Span]]:
    """The seed documents written mostly in Latin letters, and their gold mentions."""
    texts = {}
    for path in sorted(SEEDS.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as file:
            text = file.read()
        counts = script_counts(text)
        if counts.latin > counts.cyrillic:
            texts[path.name] = text
    gold = []
    for line in SEEDS_GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["path"] in texts and row["label"] in SEEDS_LABELS:
            if texts[row["path"]][row["start"] : row["end"]] != row["text"]:
                raise ValueError(f"seeds gold {row['text']!r} does not match its offsets in {row['path']}")
            gold.append(Span(row["path"], row["start"], row["end"], row["label"]))
    return texts, gold


def predictor(models: tuple[str, ...], change: Callable[[Recognizer], None], recase: frozenset[str] | None) -> Predictor:
    """The product's Recognizer (English and Russian, so a Russian quote goes where `extract` sends
    it) with `change` applied to its English pipeline; `recase` as `Recognizer` takes it."""
    config = load_config()
    recognizer = Recognizer({"en": models, "ru": config.ner.russian_models}, config.ner.batch_size, recase=recase)
    change(recognizer)
    return wikigold.recognizer_predictor(recognizer)


def ablation(rule: str | None, empty_gazetteer: Path) -> Callable[[Recognizer], None]:
    """What to do to the English pipeline: nothing (None), remove every rule ("model"), or one rule."""

    def change(recognizer: Recognizer) -> None:
        nlp = recognizer.pipeline("en")
        if rule == "model":
            for name in [name for name in nlp.pipe_names if name not in STATISTICAL]:
                nlp.remove_pipe(name)
        elif rule == "gazetteer names":
            nlp.replace_pipe("gazetteer_ruler", "gazetteer_ruler", config={"gazetteer": str(empty_gazetteer)})
        elif rule == "date patterns":
            nlp.replace_pipe("gazetteer_ruler", "gazetteer_ruler", config={"dates": False})
        elif rule not in (None, "recasing"):
            nlp.remove_pipe(rule)

    return change


def run(models: tuple[str, ...], conll_dir: Path, rules: tuple[str, ...] = RULES) -> dict:
    sets = {"wikigold": (wikigold.load_texts(wikigold.GOLD_DIR), wikigold.LABELS)}
    sets["wikigold-caps4"] = ({name: wikigold.capitalise_lines(text, 4) for name, text in sets["wikigold"][0].items()}, wikigold.LABELS)
    golds = {"wikigold": [s for s in load_gold(sets["wikigold"][0], wikigold.GOLD_DIR) if s.label in wikigold.LABELS]}
    golds["wikigold-caps4"] = golds["wikigold"]
    if conll.missing(conll_dir) is None:
        texts, golds["conll-dev"] = conll.load(conll_dir)
        sets = {"conll-dev": (texts, wikigold.LABELS), **sets}
    seeds_texts, golds["seeds-en"] = english_seeds()
    sets["seeds-en"] = (seeds_texts, SEEDS_LABELS)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.jsonl"
        empty.write_text("", encoding="utf-8")
        recased = not reads_capitals(resolve_model("en", models).name)  # what the full pipeline does
        for row in ("model", None, *rules):
            recase = {"model": frozenset(), "recasing": frozenset() if recased else pieces.RECASED_LANGUAGES}.get(row)
            predict = predictor(models, ablation(row, empty), recase)
            name = {"model": "model alone", None: "full pipeline"}.get(row, f"without {row}")
            if row == "recasing" and not recased:
                name = "with recasing"
            results[name] = {}
            for dataset, (texts, labels) in sets.items():
                pred, _ = predict_spans(predict, texts, labels)
                results[name][dataset] = {label: score.as_dict() for label, score in exact_prf(golds[dataset], pred).items()}
            print(format_row(name, results[name]), flush=True)
    return results


def format_row(name: str, scores: dict) -> str:
    cells = [f"{dataset} {scores[dataset][ALL]['f1']:.3f}" for dataset in scores]
    if DATE in scores.get("seeds-en", {}):
        cells.append(f"seeds-en DATE {scores['seeds-en'][DATE]['f1']:.3f}")
    return f"{name:<34}" + "  ".join(cells)


def rule_list(value: str) -> tuple[str, ...]:
    rules = wikigold.model_list(value)
    if unknown := set(rules) - set(RULES):
        raise argparse.ArgumentTypeError(f"unknown rules {sorted(unknown)}; choose from {', '.join(RULES)}")
    return rules


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the scores to this file")
    parser.add_argument("--conll", type=Path, help="folder holding CoNLL-2003 valid.txt (see benchmarks.conll)")
    parser.add_argument("--english-models", type=wikigold.model_list, help="English model candidates instead of [ner] english_models")
    parser.add_argument("--rules", type=rule_list, default=RULES, help="the rules to remove one at a time (default: all; '' = none)")
    args = parser.parse_args()
    folder = conll.data_dir(args.conll)
    if reason := conll.missing(folder):
        print(reason)
    results = run(args.english_models or load_config().ner.english_models, folder, args.rules)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
