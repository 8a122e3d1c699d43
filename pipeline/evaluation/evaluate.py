"""`pipeline eval`: scores an output folder against a gold JSONL file.

Gold rows (`path`, `start`, `end`, `text`, `label`, `normalized`, `entity`, `date`, `note`)
join to `documents.parquet` by `path`; only documents named in the gold file are
scored. Every figure comes from `pipeline.evaluation.scoring`, so the CLI, the tests and the
benchmarks cannot disagree on what a match is. Each report holds two variants: with
the page-chrome mentions (`note == "boilerplate"`) and without them, since chrome
is not what a reader of the article cares about but is what a model trips on.

    python -m pipeline eval --gold gold/seeds/seeds.jsonl --output DIR [--errors]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from pipeline.labels import DATE, LABELS
from pipeline.evaluation.scoring import ALL, Score, Span, bcubed, exact_prf, match_mentions, overlap_matches, overlap_prf
from pipeline.write import read_table


BOILERPLATE = "boilerplate"
WITH_BOILERPLATE, WITHOUT_BOILERPLATE = "with_boilerplate", "without_boilerplate"
CONTEXT_CHARS = 40


@dataclass(frozen=True)
class Mention(Span):
    """A gold or predicted mention: the span plus what is scored beyond it.

    `doc` is the document path. `cluster` is the gold `entity` key or the predicted
    `entity_id`; `date` is the gold `date` or the predicted `date_value`.
    """

    text: str = ""
    normalized: str | None = None
    cluster: str | None = None
    date: str | None = None
    boilerplate: bool = False  # gold: annotated as page chrome
    in_chrome: bool = False  # predicted: marked as page chrome (`mentions.in_chrome`)


@dataclass(frozen=True)
class Corpus:
    """The gold and predicted mentions of the scored documents, with their texts and languages."""

    gold: list[Mention]
    pred: list[Mention]
    texts: dict[str, str | None]
    langs: dict[str, str | None]
    missing_docs: list[str]

    def without_boilerplate(self) -> Corpus:
        """Drops gold chrome mentions and every prediction overlapping one, whatever its label."""
        chrome = [mention for mention in self.gold if mention.boilerplate]
        return Corpus(
            gold=[mention for mention in self.gold if not mention.boilerplate],
            pred=[mention for mention in self.pred if not any(_overlap(mention, g) for g in chrome)],
            texts=self.texts,
            langs=self.langs,
            missing_docs=self.missing_docs,
        )

    def in_language(self, lang: str | None) -> Corpus:
        return Corpus(
            gold=[mention for mention in self.gold if self.langs.get(mention.doc) == lang],
            pred=[mention for mention in self.pred if self.langs.get(mention.doc) == lang],
            texts=self.texts,
            langs=self.langs,
            missing_docs=self.missing_docs,
        )

    def languages(self) -> list[str | None]:
        """Languages of the scored documents; None stands for documents without one (e.g. missing)."""
        return sorted({self.langs.get(mention.doc) for mention in self.gold}, key=lambda lang: lang or "")


def _overlap(a: Span, b: Span) -> bool:
    return a.doc == b.doc and min(a.end, b.end) > max(a.start, b.start)


# --------------------------------------------------------------------------- loading


class UnscorableOutput(ValueError):
    """The output cannot be scored against the gold: it holds none of the gold's documents, or a
    gold span no longer cuts its own text out of its document."""


def load_corpus(gold_path: Path, output_dir: Path) -> Corpus:
    """Gold mentions and the predictions for the same documents. Raises pipeline.write.MissingTables
    for a folder without tables and UnscorableOutput when the output holds none of the gold's
    documents or gold offsets are stale; documents only some of which are missing are scored, all
    their gold counting as missed."""
    gold = load_gold(gold_path)
    paths = sorted({mention.doc for mention in gold})
    if not paths:
        raise UnscorableOutput(f"{gold_path} holds no gold mention")
    documents = read_table(
        output_dir, "documents", columns=["doc_id", "path", "lang", "text"], filters=[("path", "in", paths)]
    ).to_pylist()
    if not documents:
        raise UnscorableOutput(
            f"{output_dir} holds none of the {len(paths)} documents of {gold_path} (such as {paths[0] if paths else '-'}): "
            "extract the gold's own input folder into it")
    path_of = {row["doc_id"]: row["path"] for row in documents}
    texts = {row["path"]: row["text"] for row in documents}
    _check_offsets(gold, texts)
    return Corpus(
        gold=gold,
        pred=load_predictions(output_dir, path_of),
        texts=texts,
        langs={row["path"]: row["lang"] for row in documents},
        missing_docs=[path for path in paths if path not in texts],
    )


def load_gold(gold_path: Path) -> list[Mention]:
    with open(gold_path, encoding="utf-8") as file:
        rows = [json.loads(line) for line in file if line.strip()]
    return [
        Mention(
            doc=row["path"],
            start=row["start"],
            end=row["end"],
            label=row["label"],
            text=row["text"],
            normalized=row.get("normalized"),
            cluster=row.get("entity"),
            date=row.get("date"),
            boilerplate=row.get("note") == BOILERPLATE,
        )
        for row in rows
    ]


def load_predictions(output_dir: Path, path_of: dict[str, str]) -> list[Mention]:
    """Predicted mentions of the given documents (doc_id -> path); columns still null are kept as None."""
    columns = ["doc_id", "start_char", "end_char", "text", "label", "normalized", "entity_id", "date_value", "in_chrome"]
    rows = read_table(output_dir, "mentions", columns=columns, filters=[("doc_id", "in", sorted(path_of))]).to_pylist()
    return [
        Mention(
            doc=path_of[row["doc_id"]],
            start=row["start_char"],
            end=row["end_char"],
            label=row["label"],
            text=row["text"],
            normalized=row["normalized"],
            cluster=row["entity_id"],
            date=row["date_value"],
            in_chrome=row["in_chrome"],
        )
        for row in rows
    ]


def _check_offsets(gold: list[Mention], texts: dict[str, str | None]) -> None:
    """A gold span that does not cut its own text out of the document means the gold or the decoding changed."""
    for mention in gold:
        text = texts.get(mention.doc)
        if text is not None and text[mention.start : mention.end] != mention.text:
            raise UnscorableOutput(
                f"gold {mention.text!r} at {mention.doc}:{mention.start}-{mention.end} "
                f"does not match the document text {text[mention.start : mention.end]!r}"
            )


# --------------------------------------------------------------------------- scoring


def evaluate(gold_path: Path, output_dir: Path, include_boilerplate: bool = True) -> dict:
    """JSON-able report with both boilerplate variants; `include_boilerplate` picks the primary one."""
    corpus = load_corpus(gold_path, output_dir)
    return {
        "gold": str(gold_path),
        "output": str(output_dir),
        "documents": len({mention.doc for mention in corpus.gold}),
        "missing_documents": corpus.missing_docs,
        "primary": WITH_BOILERPLATE if include_boilerplate else WITHOUT_BOILERPLATE,
        WITH_BOILERPLATE: score_corpus(corpus),
        WITHOUT_BOILERPLATE: score_corpus(corpus.without_boilerplate()),
        "chrome": chrome_score(corpus),
    }


def chrome_score(corpus: Corpus) -> dict:
    """`mentions.in_chrome` against the gold's boilerplate notes, over the mentions both sides
    found (lenient overlap pairs): a chrome mention the model missed says nothing about chrome."""
    pairs = overlap_matches(corpus.gold, corpus.pred)
    score = Score(
        tp=sum(gold.boilerplate and pred.in_chrome for gold, pred in pairs),
        fp=sum(not gold.boilerplate and pred.in_chrome for gold, pred in pairs),
        fn=sum(gold.boilerplate and not pred.in_chrome for gold, pred in pairs),
    )
    return {**score.as_dict(), "pairs": len(pairs)}


def score_corpus(corpus: Corpus) -> dict:
    """Every figure of one variant, overall ("ALL") and per document language."""
    exact_pairs = match_mentions(corpus.gold, corpus.pred)
    languages = {_lang_name(lang): corpus.in_language(lang) for lang in corpus.languages()}
    return {
        "counts": {
            "gold": len(corpus.gold),
            "predicted": len(corpus.pred),
            "matched": len(exact_pairs),
            "matched_overlap": len(overlap_matches(corpus.gold, corpus.pred)),
        },
        "exact": _per_language(corpus, languages, lambda c: _label_scores(exact_prf(c.gold, c.pred))),
        "overlap": _per_language(corpus, languages, lambda c: _label_scores(overlap_prf(c.gold, c.pred))),
        "normalized_accuracy": _per_language(corpus, languages, _normalized_accuracy),
        "date_accuracy": _per_language(corpus, languages, _date_accuracy),
        "bcubed": _entity_bcubed(exact_pairs),
    }


def _lang_name(lang: str | None) -> str:
    return lang or "unknown"


def _per_language(corpus: Corpus, languages: dict[str, Corpus], measure: Callable[[Corpus], dict]) -> dict:
    return {ALL: measure(corpus), **{lang: measure(subset) for lang, subset in languages.items()}}


def _label_scores(scores: dict[str, Score]) -> dict:
    """Every label of the schema gets a row, so reports keep their shape when a label is absent."""
    labels = (*sorted({*LABELS, *scores} - {ALL}, key=_label_order), ALL)
    return {label: scores.get(label, Score(0, 0, 0)).as_dict() for label in labels}


def _normalized_accuracy(corpus: Corpus) -> dict:
    """Over exact matches: a prediction with no normalized form is wrong, not skipped."""
    pairs = match_mentions(corpus.gold, corpus.pred)
    return _accuracy(pred.normalized is not None and pred.normalized == gold.normalized for gold, pred in pairs)


def _date_accuracy(corpus: Corpus) -> dict:
    """Over exact DATE matches: null on both sides is right, since the gold says the date is unresolvable."""
    pairs = match_mentions(corpus.gold, corpus.pred)
    return _accuracy(pred.date == gold.date for gold, pred in pairs if gold.label == DATE)


def _accuracy(outcomes: Iterable[bool]) -> dict:
    outcomes = list(outcomes)
    correct = sum(outcomes)
    return {"correct": correct, "total": len(outcomes), "accuracy": correct / len(outcomes) if outcomes else 0.0}


def _entity_bcubed(exact_pairs: list[tuple[Mention, Mention]]) -> dict:
    """B-cubed over exactly matched non-DATE mentions; an unlinked mention is a cluster of its own."""
    pairs = [(gold, pred) for gold, pred in exact_pairs if gold.label != DATE]
    gold_cluster = {index: gold.cluster or ("unlinked", index) for index, (gold, _) in enumerate(pairs)}
    pred_cluster = {index: pred.cluster or ("unlinked", index) for index, (_, pred) in enumerate(pairs)}
    precision, recall, f1 = bcubed(gold_cluster, pred_cluster)
    return {"mentions": len(pairs), "precision": precision, "recall": recall, "f1": f1}


# --------------------------------------------------------------------------- report


def format_report(report: dict) -> str:
    """Fixed-width tables, the primary variant first."""
    primary = report["primary"]
    other = WITHOUT_BOILERPLATE if primary == WITH_BOILERPLATE else WITH_BOILERPLATE
    header = f"{report['gold']} vs {report['output']}: {report['documents']} documents"
    if report["missing_documents"]:
        header += f"; missing from the output, so all their gold counts as missed: {', '.join(report['missing_documents'])}"
    sections = [header] + [_format_variant(name, report[name]) for name in (primary, other)]
    chrome = report["chrome"]
    sections.append(
        f"== page chrome (mentions.in_chrome vs the gold's boilerplate, over {chrome['pairs']} matched mentions): "
        f"P {chrome['precision']:.3f} R {chrome['recall']:.3f} F1 {chrome['f1']:.3f} "
        f"(tp {chrome['tp']}, fp {chrome['fp']}, fn {chrome['fn']})"
    )
    return "\n\n".join(sections)


def _format_variant(name: str, variant: dict) -> str:
    counts = variant["counts"]
    lines = [
        f"== {name.replace('_', ' ')}: gold {counts['gold']}, predicted {counts['predicted']}, "
        f"matched {counts['matched']} exact / {counts['matched_overlap']} overlap",
        f"{'lang':<8}{'label':<6}{'exact P':>9}{'R':>7}{'F1':>7}   {'overlap P':>9}{'R':>7}{'F1':>7}"
        f"{'gold':>7}{'pred':>7}",
    ]
    for lang, scores in variant["exact"].items():
        for label, exact in scores.items():
            overlap = variant["overlap"][lang][label]
            lines.append(
                f"{lang:<8}{label:<6}{exact['precision']:>9.3f}{exact['recall']:>7.3f}{exact['f1']:>7.3f}"
                f"   {overlap['precision']:>9.3f}{overlap['recall']:>7.3f}{overlap['f1']:>7.3f}"
                f"{exact['tp'] + exact['fn']:>7}{exact['tp'] + exact['fp']:>7}"
            )
    lines.append(_format_accuracy("normalized accuracy", variant["normalized_accuracy"]))
    lines.append(_format_accuracy("date_value accuracy", variant["date_accuracy"]))
    bcubed_scores = variant["bcubed"]
    lines.append(
        f"{'entity B-cubed':<20} P {bcubed_scores['precision']:.3f}  R {bcubed_scores['recall']:.3f}  "
        f"F1 {bcubed_scores['f1']:.3f}  over {bcubed_scores['mentions']} matched non-DATE mentions"
    )
    return "\n".join(lines)


def _format_accuracy(title: str, by_lang: dict) -> str:
    cells = [f"{lang} {acc['accuracy']:.3f} ({acc['correct']}/{acc['total']})" for lang, acc in by_lang.items()]
    return f"{title:<20} " + "   ".join(cells)


# --------------------------------------------------------------------------- errors


def error_list(gold_path: Path, output_dir: Path, include_boilerplate: bool = True) -> list[dict]:
    """Every mention not matched exactly, as a miss, a false alarm, or a label or boundary confusion.

    A gold and a prediction with the same span but different labels are one "label"
    error; with the same label and overlapping but different spans, one "boundary"
    error; what remains is a "miss" (gold only) or a "false_alarm" (prediction only).
    """
    corpus = load_corpus(gold_path, output_dir)
    if not include_boilerplate:
        corpus = corpus.without_boilerplate()
    matched = match_mentions(corpus.gold, corpus.pred)
    gold = _unmatched(corpus.gold, (g for g, _ in matched))
    pred = _unmatched(corpus.pred, (p for _, p in matched))
    label_pairs = _same_span_pairs(gold, pred)
    gold = _unmatched(gold, (g for g, _ in label_pairs))
    pred = _unmatched(pred, (p for _, p in label_pairs))
    boundary_pairs = overlap_matches(gold, pred)
    gold = _unmatched(gold, (g for g, _ in boundary_pairs))
    pred = _unmatched(pred, (p for _, p in boundary_pairs))
    errors = (
        [_error("label", corpus.texts, g, p) for g, p in label_pairs]
        + [_error("boundary", corpus.texts, g, p) for g, p in boundary_pairs]
        + [_error("miss", corpus.texts, g, None) for g in gold]
        + [_error("false_alarm", corpus.texts, None, p) for p in pred]
    )
    return sorted(errors, key=lambda error: (error["label"], error["path"], error["start"], error["kind"]))


def _unmatched(mentions: list[Mention], matched: Iterable[Mention]) -> list[Mention]:
    """`mentions` minus `matched`, by identity, so equal duplicates are removed one at a time."""
    taken = {id(mention) for mention in matched}
    return [mention for mention in mentions if id(mention) not in taken]


def _same_span_pairs(gold: list[Mention], pred: list[Mention]) -> list[tuple[Mention, Mention]]:
    """One-to-one (gold, pred) pairs with identical boundaries; only their labels can differ here."""
    by_span: dict[tuple, list[Mention]] = defaultdict(list)
    for mention in pred:
        by_span[mention.doc, mention.start, mention.end].append(mention)
    pairs = []
    for mention in gold:
        candidates = by_span.get((mention.doc, mention.start, mention.end))
        if candidates:
            pairs.append((mention, candidates.pop(0)))
    return pairs


def _error(kind: str, texts: dict[str, str | None], gold: Mention | None, pred: Mention | None) -> dict:
    """One error; `label`, `start`, `end`, `text` are the gold side's when there is one."""
    main = gold or pred
    text = texts.get(main.doc) or ""
    error = {
        "kind": kind,
        "path": main.doc,
        "label": main.label,
        "start": main.start,
        "end": main.end,
        "text": main.text,
        "left": text[max(0, main.start - CONTEXT_CHARS) : main.start],
        "right": text[main.end : main.end + CONTEXT_CHARS],
        "boilerplate": main.boilerplate,
    }
    if gold and pred:
        error["pred"] = {"start": pred.start, "end": pred.end, "text": pred.text, "label": pred.label}
    return error


def format_errors(errors: list[dict]) -> str:
    """Errors grouped by label, each on one line with its context; `[[...]]` marks the mention."""
    by_label: dict[str, list[dict]] = defaultdict(list)
    for error in errors:
        by_label[error["label"]].append(error)
    sections = []
    for label in sorted(by_label, key=_label_order):
        lines = [f"== {label}: {len(by_label[label])} errors"]
        lines.extend(_format_error(error) for error in by_label[label])
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def _label_order(label: str) -> tuple[int, str]:
    """Schema labels in schema order, anything unexpected after them."""
    return (LABELS.index(label) if label in LABELS else len(LABELS), label)


def _format_error(error: dict) -> str:
    context = _one_line(f"{error['left']}[[{error['text']}]]{error['right']}")
    where = f"{error['path']}:{error['start']}-{error['end']}"
    line = f"  {error['kind']:<12}{where:<36}{context}"
    if "pred" in error:
        pred = error["pred"]
        line += f"\n  {'':<12}{'':<36}predicted {pred['label']} {pred['text']!r} at {pred['start']}-{pred['end']}"
    return line


def _one_line(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- command line


def run_eval(args: argparse.Namespace) -> int:
    """Prints both variants (and the errors if asked) and writes the JSON report."""
    include_boilerplate = not args.exclude_boilerplate
    report = evaluate(args.gold, args.output, include_boilerplate)
    print(format_report(report))
    if args.errors:
        print()
        print(format_errors(error_list(args.gold, args.output, include_boilerplate)))
    json_path = args.json or args.output / "eval.json"
    json_path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0
