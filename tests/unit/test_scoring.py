"""Scoring functions on hand-computed examples, and the factru benchmark on its own gold."""

from dataclasses import dataclass

import pytest

from benchmarks.factru import LABELS, load_gold, load_texts, run_benchmark
from pipeline.evaluation.scoring import (
    ALL,
    Score,
    Span,
    bcubed,
    exact_prf,
    match_mentions,
    overlap_matches,
    overlap_prf,
    razdel_misaligned,
    token_io_f1,
)

# razdel tokens: Владимир 0-8, Путин 9-14, посетил 15-22, Нижний 23-29, Новгород 30-38, "." 38-39
TEXT = "Владимир Путин посетил Нижний Новгород."
TEXTS = {"d": TEXT}
GOLD = [Span("d", 0, 14, "PER"), Span("d", 23, 38, "LOC")]
# a PER cut short, an exact LOC, and a spurious ORG
PRED = [Span("d", 9, 14, "PER"), Span("d", 23, 38, "LOC"), Span("d", 15, 22, "ORG")]


def counts(score: Score) -> tuple[int, int, int]:
    return score.tp, score.fp, score.fn


def test_exact_counts_a_short_span_as_a_miss_and_a_false_positive():
    scores = exact_prf(GOLD, PRED)
    assert {label: counts(s) for label, s in scores.items()} == {
        "LOC": (1, 0, 0),
        "ORG": (0, 1, 0),
        "PER": (0, 1, 1),
        ALL: (1, 2, 1),
    }
    assert scores[ALL].precision == pytest.approx(1 / 3)
    assert scores[ALL].recall == pytest.approx(1 / 2)
    assert scores[ALL].f1 == pytest.approx(0.4)


def test_overlap_accepts_the_short_span():
    scores = overlap_prf(GOLD, PRED)
    assert counts(scores["PER"]) == (1, 0, 0)
    assert counts(scores[ALL]) == (2, 1, 0)
    assert scores[ALL].f1 == pytest.approx(0.8)  # P 2/3, R 1


def test_token_level_gives_partial_credit_per_token():
    scores = token_io_f1(TEXTS, GOLD, PRED, ["PER", "LOC", "ORG"])
    assert counts(scores["PER"]) == (1, 0, 1)  # Путин found, Владимир missed
    assert scores["PER"].f1 == pytest.approx(2 / 3)
    assert counts(scores["LOC"]) == (2, 0, 0)
    assert counts(scores["ORG"]) == (0, 1, 0)
    assert counts(scores[ALL]) == (3, 1, 1)
    assert scores[ALL].f1 == pytest.approx(0.75)


def test_token_level_scores_labels_apart():
    """A token gold LOC but predicted ORG is a LOC miss and an ORG false positive."""
    pred = [Span("d", 0, 14, "PER"), Span("d", 23, 38, "ORG")]
    scores = token_io_f1(TEXTS, GOLD, pred, ["PER", "LOC", "ORG"])
    assert counts(scores["LOC"]) == (0, 0, 2)
    assert counts(scores["ORG"]) == (0, 2, 0)


def test_token_level_ignores_spans_off_razdel_boundaries():
    misaligned = Span("d", 1, 14, "PER")  # starts inside "Владимир"
    scores = token_io_f1(TEXTS, GOLD, [misaligned], ["PER"])
    assert counts(scores["PER"]) == (0, 0, 2)
    assert razdel_misaligned(TEXTS, [misaligned, *GOLD]) == [misaligned]


def test_token_level_counts_a_token_once_under_overlapping_predictions():
    pred = [Span("d", 0, 8, "PER"), Span("d", 0, 14, "PER")]
    assert counts(token_io_f1(TEXTS, GOLD, pred, ["PER"])["PER"]) == (2, 0, 0)


def test_token_level_rejects_spans_of_unknown_documents():
    with pytest.raises(KeyError):
        token_io_f1(TEXTS, [Span("other", 0, 1, "PER")], [], ["PER"])


def test_overlap_matching_is_one_to_one_and_prefers_exact():
    gold = [Span("d", 0, 10, "PER"), Span("d", 10, 20, "PER")]
    covering, exact = Span("d", 5, 20, "PER"), Span("d", 10, 20, "PER")
    expected = [(gold[1], exact), (gold[0], covering)]
    assert overlap_matches(gold, [covering, exact]) == expected
    assert overlap_matches(gold[::-1], [exact, covering]) == expected


def test_overlap_needs_same_label_and_a_shared_character():
    gold = [Span("d", 0, 10, "PER")]
    assert overlap_matches(gold, [Span("d", 0, 10, "ORG"), Span("d", 10, 12, "PER")]) == []


@dataclass(frozen=True)
class NormalizedSpan(Span):
    normalized: str = ""


def test_match_mentions_returns_the_records_passed_in():
    gold = [NormalizedSpan("d", 9, 14, "PER", "Путин"), NormalizedSpan("d", 23, 38, "LOC", "Нижний Новгород")]
    pred = [NormalizedSpan("d", 23, 38, "LOC", "Нижний Новгорода"), NormalizedSpan("d", 0, 3, "PER", "x")]
    pairs = match_mentions(gold, pred)
    assert [(g.normalized, p.normalized) for g, p in pairs] == [("Нижний Новгород", "Нижний Новгорода")]


def test_a_duplicate_prediction_is_a_false_positive():
    span = Span("d", 0, 14, "PER")
    assert match_mentions([span], [span, span]) == [(span, span)]
    assert counts(exact_prf([span], [span, span])[ALL]) == (1, 1, 0)


def test_zero_division_gives_zero():
    assert exact_prf([], []) == {ALL: Score(0, 0, 0)}
    empty = Score(0, 0, 0)
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    assert Score(0, 3, 0).as_dict()["f1"] == 0.0
    only_misses = token_io_f1(TEXTS, GOLD, [], ["PER"])["PER"]
    assert (only_misses.precision, only_misses.recall, only_misses.f1) == (0.0, 0.0, 0.0)
    assert bcubed({}, {}) == (0.0, 0.0, 0.0)


# Bagga & Baldwin (1998), fig. 2: truth {1..5} {6,7} {8..12}.
BAGGA_BALDWIN_TRUTH = {m: "A" if m <= 5 else "B" if m <= 7 else "C" for m in range(1, 13)}


def test_bcubed_textbook_merge_of_the_two_large_clusters():
    response = {m: "X" if BAGGA_BALDWIN_TRUTH[m] in "AC" else "Y" for m in range(1, 13)}
    precision, recall, f1 = bcubed(BAGGA_BALDWIN_TRUTH, response)
    assert precision == pytest.approx(7 / 12)  # the paper's 58%
    assert recall == 1.0
    assert f1 == pytest.approx(14 / 19)


def test_bcubed_textbook_merge_of_a_small_cluster_costs_less():
    response = {m: "X" if BAGGA_BALDWIN_TRUTH[m] in "AB" else "Y" for m in range(1, 13)}
    precision, recall, _ = bcubed(BAGGA_BALDWIN_TRUTH, response)
    assert precision == pytest.approx(16 / 21)  # the paper's 76%
    assert recall == 1.0


def test_bcubed_split_and_merge_and_keys_present_on_one_side_only():
    gold = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2, "gold only": 3}
    pred = {"a": "x", "b": "x", "c": "y", "d": "y", "e": "y", "pred only": "y"}
    # per mention P: 1, 1, 1/3, 2/3, 2/3; R: 2/3, 2/3, 1/3, 1, 1 -> both 11/15
    assert bcubed(gold, pred) == pytest.approx((11 / 15, 11 / 15, 11 / 15))


def test_factru_gold_scores_perfectly_against_itself():
    """Checks the loader, the offsets and their alignment with razdel on the real files."""
    texts = load_texts()
    gold_by_doc = {name: [] for name in texts}
    for span in load_gold(texts):
        gold_by_doc[span.doc].append((span.start, span.end, span.label))

    def predict_gold(batch: list[str]) -> list[list[tuple[int, int, str]]]:
        assert batch == list(texts.values())
        return [[*spans, (0, 1, "DATE")] for spans in gold_by_doc.values()]  # DATE is ignored

    result = run_benchmark(predict_gold)
    assert result["pred_mentions"] == result["gold_mentions"] == 2350
    assert result["pred_misaligned_with_razdel"] == 0
    for metric in ("exact", "token_io"):
        for label in LABELS:
            assert result[metric][label]["f1"] == 1.0, (metric, label)
