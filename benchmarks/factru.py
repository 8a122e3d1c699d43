"""factRuEval-2016 devset benchmark for Russian PER/LOC/ORG.

Scores a predictor two ways: exact spans (what our pipeline promises) and
naeval's token-level IO F1 (what Natasha publishes: PER 0.959 / LOC 0.915 /
ORG 0.825 on the factRuEval *test* set), so a new Russian model can be put
next to the published baseline. The gold follows naeval's `adapt_factru`,
see `gold/factru-dev/README.md`.

Two predictors: `pipeline` (default) is our spaCy Russian pipeline as the product runs it
(`build_pipeline("ru", ("natasha",))`: slovnet NER plus our boundary, ORG-merging and
document-consistency components, labels mapped through `pipeline.labels.SCHEMA_LABELS`);
`slovnet` is Natasha's raw slovnet NER, the baseline that checks the metric.

    python -m benchmarks.factru [--predictor pipeline|slovnet] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.evaluation.scoring import Span, exact_prf, razdel_misaligned, token_io_f1
from pipeline.labels import LOC, ORG, PER, SCHEMA_LABELS

GOLD_DIR = Path(__file__).resolve().parent.parent / "gold" / "factru-dev"
LABELS = (PER, LOC, ORG)

# (start, end, label) per text, for each text given; labels outside LABELS are ignored.
Predictor = Callable[[list[str]], list[list[tuple[int, int, str]]]]


def load_texts(gold_dir: Path = GOLD_DIR) -> dict[str, str]:
    """Document name -> text, read untranslated (newline='') so gold offsets stay valid."""
    texts = {}
    for path in sorted((gold_dir / "docs").glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as file:
            texts[path.name] = file.read()
    return texts


def load_gold(texts: dict[str, str], gold_dir: Path = GOLD_DIR) -> list[Span]:
    """Gold mentions; each row's `text` is checked against its offsets to catch a stale copy."""
    spans = []
    with open(gold_dir / "gold.jsonl", encoding="utf-8") as file:
        for line in file:
            row = json.loads(line)
            span = Span(row["path"], row["start"], row["end"], row["label"])
            if texts[span.doc][span.start : span.end] != row["text"]:
                raise ValueError(f"gold text {row['text']!r} does not match offsets of {span}")
            spans.append(span)
    return spans


def predict_spans(predict: Predictor, texts: dict[str, str], labels: tuple[str, ...]) -> tuple[list[Span], float]:
    """`predict` over the texts in one call: its spans of `labels` as Spans, and the seconds it took."""
    names = list(texts)
    started = time.perf_counter()
    predictions = predict([texts[name] for name in names])
    seconds = time.perf_counter() - started
    if len(predictions) != len(names):
        raise ValueError(f"predictor returned {len(predictions)} results for {len(names)} texts")
    pred = [
        Span(name, start, end, label)
        for name, spans in zip(names, predictions)
        for start, end, label in spans
        if label in labels
    ]
    return pred, seconds


def run_benchmark(predict: Predictor, gold_dir: Path = GOLD_DIR) -> dict:
    """Runs `predict` over the devset and returns JSON-able scores per label and metric."""
    texts = load_texts(gold_dir)
    gold = load_gold(texts, gold_dir)
    pred, seconds = predict_spans(predict, texts, LABELS)
    return {
        "dataset": "factru-dev",
        "docs": len(texts),
        "chars": sum(map(len, texts.values())),
        "gold_mentions": len(gold),
        "pred_mentions": len(pred),
        "pred_misaligned_with_razdel": len(razdel_misaligned(texts, pred)),
        "predict_seconds": round(seconds, 3),
        "exact": _as_dicts(exact_prf(gold, pred)),
        "token_io": _as_dicts(token_io_f1(texts, gold, pred, LABELS)),
    }


def _as_dicts(scores: dict) -> dict:
    return {label: score.as_dict() for label, score in scores.items()}


def natasha_slovnet_predictor() -> Predictor:
    """Natasha's own slovnet NER, unadapted: the baseline that checks the metric."""
    from natasha import Doc, NewsEmbedding, NewsNERTagger, Segmenter

    segmenter, tagger = Segmenter(), NewsNERTagger(NewsEmbedding())

    def predict(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        results = []
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_ner(tagger)
            results.append([(span.start, span.stop, span.type) for span in doc.spans])
        return results

    return predict


def pipeline_predictor() -> Predictor:
    """Our spaCy Russian pipeline; its labels go through the product's schema mapping."""
    from pipeline.ner.build import build_pipeline

    return spacy_predictor(build_pipeline("ru", ("natasha",))[0])


def spacy_predictor(nlp) -> Predictor:
    """A spaCy pipeline's entities, labels through the product's schema mapping (others dropped)."""

    def predict(texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [
            [(e.start_char, e.end_char, SCHEMA_LABELS[e.label_]) for e in doc.ents if e.label_ in SCHEMA_LABELS]
            for doc in nlp.pipe(texts)
        ]

    return predict


PREDICTORS = {"pipeline": pipeline_predictor, "slovnet": natasha_slovnet_predictor}


def format_table(result: dict) -> str:
    """Plain-text report: one row per label, exact and token-level P/R/F1 side by side."""
    lines = [
        f"{result['dataset']} [{result.get('predictor', '?')}]: {result['docs']} docs, {result['chars']} chars, "
        f"{result['gold_mentions']} gold / {result['pred_mentions']} predicted mentions "
        f"({result['pred_misaligned_with_razdel']} off razdel tokens), "
        f"predict {result['predict_seconds']:.1f}s",
        f"{'label':<6}{'exact P':>9}{'R':>7}{'F1':>7}   {'token P':>9}{'R':>7}{'F1':>7}",
    ]
    for label in (*LABELS, "ALL"):
        exact, token = result["exact"][label], result["token_io"][label]
        lines.append(
            f"{label:<6}{exact['precision']:>9.3f}{exact['recall']:>7.3f}{exact['f1']:>7.3f}"
            f"   {token['precision']:>9.3f}{token['recall']:>7.3f}{token['f1']:>7.3f}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="also write the scores to this file")
    parser.add_argument("--predictor", choices=sorted(PREDICTORS), default="pipeline", help="what to score (default: pipeline)")
    args = parser.parse_args()
    report(run_benchmark(PREDICTORS[args.predictor]()), args.predictor, format_table, args.json)


def report(result: dict, predictor: str, format_table, json_path: Path | None) -> None:
    """A benchmark's scores as a table, and also as JSON in `json_path` when given."""
    result["predictor"] = predictor
    print(format_table(result))
    if json_path:
        json_path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
