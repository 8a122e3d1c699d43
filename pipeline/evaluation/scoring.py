"""Pure scoring functions for entity mentions: no I/O, deterministic, 0.0 on zero division.

Used by `pipeline eval` and by `benchmarks/`. Three views of the same predictions:

* `exact_prf`   - a mention counts only with the same document, boundaries and label;
* `overlap_prf` - boundaries may differ as long as the character ranges overlap;
* `token_io_f1` - the naeval protocol behind Natasha's published Russian NER numbers,
  so our figures can be set next to theirs.

Plus `bcubed` for clustering (entity linking) and `match_mentions` for scoring
attributes (normalised forms, dates) on the mentions both sides agree on.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import razdel

ALL = "ALL"


@dataclass(frozen=True)
class Span:
    """A labelled character range `[start, end)` of one document's text.

    Matching looks only at these four fields, so a subclass may carry more
    (a normalised form, a date) and get it back from `match_mentions`.
    """

    doc: str
    start: int
    end: int
    label: str


@dataclass(frozen=True)
class Score:
    """Counts of one label; the ratios derive from them so they can never disagree."""

    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        return _ratio(2 * self.precision * self.recall, self.precision + self.recall)

    def as_dict(self) -> dict[str, float]:
        """JSON-able form, for reports."""
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _key(span: Span) -> tuple[str, int, int, str]:
    return span.doc, span.start, span.end, span.label


# --------------------------------------------------------------------------- mention level


def match_mentions(gold: Iterable[Span], pred: Iterable[Span]) -> list[tuple[Span, Span]]:
    """Exactly matching (gold, pred) pairs, one-to-one, in (doc, start, end, label) order.

    The pairs hold the objects passed in, so attributes beyond the span (normalised
    form, date value) can be compared on exactly the mentions both sides found.
    Duplicates are matched one-to-one: a second identical prediction is a false positive.
    """
    unmatched_gold: dict[tuple, list[Span]] = defaultdict(list)
    for span in sorted(gold, key=_key):
        unmatched_gold[_key(span)].append(span)
    pairs = []
    for span in sorted(pred, key=_key):
        candidates = unmatched_gold.get(_key(span))
        if candidates:
            pairs.append((candidates.pop(0), span))
    return pairs


def overlap_matches(gold: Iterable[Span], pred: Iterable[Span]) -> list[tuple[Span, Span]]:
    """Lenient one-to-one (gold, pred) pairs: same doc and label, character ranges overlap.

    Greedy and independent of input order: all overlapping pairs are ranked by
    overlap length (longest first), then by the length of their union (shortest
    first, so an exact match beats a longer prediction covering the same gold),
    then by the gold and the pred (doc, start, end, label); going down that
    ranking, a pair is taken when neither side is matched yet.
    """
    gold, pred = list(gold), list(pred)
    pred_by_group: dict[tuple[str, str], list[int]] = defaultdict(list)
    for p, span in enumerate(pred):
        pred_by_group[span.doc, span.label].append(p)
    candidates = []
    for g, gold_span in enumerate(gold):
        for p in pred_by_group.get((gold_span.doc, gold_span.label), ()):
            pred_span = pred[p]
            overlap = min(gold_span.end, pred_span.end) - max(gold_span.start, pred_span.start)
            if overlap > 0:
                union = max(gold_span.end, pred_span.end) - min(gold_span.start, pred_span.start)
                candidates.append((-overlap, union, _key(gold_span), _key(pred_span), g, p))
    candidates.sort()
    matched_gold, matched_pred = set(), set()
    pairs = []
    for *_, g, p in candidates:
        if g not in matched_gold and p not in matched_pred:
            matched_gold.add(g)
            matched_pred.add(p)
            pairs.append((gold[g], pred[p]))
    return pairs


def exact_prf(gold: Iterable[Span], pred: Iterable[Span]) -> dict[str, Score]:
    """Per-label and micro-averaged ("ALL") scores where only exact spans count."""
    gold, pred = list(gold), list(pred)
    return _mention_scores(gold, pred, match_mentions(gold, pred))


def overlap_prf(gold: Iterable[Span], pred: Iterable[Span]) -> dict[str, Score]:
    """Like `exact_prf` but with `overlap_matches`: separates boundary errors from misses."""
    gold, pred = list(gold), list(pred)
    return _mention_scores(gold, pred, overlap_matches(gold, pred))


def _mention_scores(
    gold: list[Span], pred: list[Span], pairs: list[tuple[Span, Span]]
) -> dict[str, Score]:
    gold_counts = Counter(span.label for span in gold)
    pred_counts = Counter(span.label for span in pred)
    tp_counts = Counter(g.label for g, _ in pairs)
    labels = sorted(gold_counts.keys() | pred_counts.keys())
    scores = {
        label: Score(
            tp=tp_counts[label],
            fp=pred_counts[label] - tp_counts[label],
            fn=gold_counts[label] - tp_counts[label],
        )
        for label in labels
    }
    return _with_micro_average(scores)


def _with_micro_average(scores: dict[str, Score]) -> dict[str, Score]:
    """Adds the "ALL" row: counts summed over labels, so frequent labels weigh more."""
    total = Score(
        tp=sum(s.tp for s in scores.values()),
        fp=sum(s.fp for s in scores.values()),
        fn=sum(s.fn for s in scores.values()),
    )
    return {**scores, ALL: total}


# --------------------------------------------------------------------------- token level


def token_io_f1(
    texts: Mapping[str, str],
    gold: Iterable[Span],
    pred: Iterable[Span],
    labels: Sequence[str],
) -> dict[str, Score]:
    """Token-level IO scores, the natasha/naeval protocol (`naeval/ner/score.py`).

    Per document and per label, independently: tokenize with razdel; drop spans
    whose start is not a token start or whose end is not a token end (naeval's
    `filter_misaligned_spans`, applied to both sides by its `adapt_*`); tag a token
    I when a remaining span of that label covers it, else O; then a token is a
    true positive when both sides tag it I. Counts are summed over documents and
    the ratios taken at the end (naeval's `F1.add`). Labels are scored apart, so
    a token inside a gold LOC and a predicted ORG is one LOC miss and one ORG false
    positive. The "ALL" row (token counts summed over labels) is ours, not naeval's.
    """
    gold_by_doc, pred_by_doc = _group_by_doc(texts, gold), _group_by_doc(texts, pred)
    tp, fp, fn = Counter(), Counter(), Counter()
    for doc, text in texts.items():
        tokens = _TokenBounds(text)
        for label in labels:
            gold_tags = tokens.inside(gold_by_doc[doc], label)
            pred_tags = tokens.inside(pred_by_doc[doc], label)
            tp[label] += len(gold_tags & pred_tags)
            fp[label] += len(pred_tags - gold_tags)
            fn[label] += len(gold_tags - pred_tags)
    scores = {label: Score(tp[label], fp[label], fn[label]) for label in labels}
    return _with_micro_average(scores)


def razdel_misaligned(texts: Mapping[str, str], spans: Iterable[Span]) -> list[Span]:
    """Spans whose boundaries are not razdel token boundaries: `token_io_f1` ignores them.

    Worth reporting next to the token scores, since a model that cuts words
    differently from razdel loses these mentions there without a false positive.
    """
    misaligned = []
    for doc, doc_spans in _group_by_doc(texts, spans).items():
        tokens = _TokenBounds(texts[doc])
        misaligned.extend(span for span in doc_spans if not tokens.aligned(span))
    return misaligned


def _group_by_doc(texts: Mapping[str, str], spans: Iterable[Span]) -> dict[str, list[Span]]:
    """Spans per document; a span of a document without text is a caller's bug, so it raises."""
    grouped: dict[str, list[Span]] = {doc: [] for doc in texts}
    for span in spans:
        if span.doc not in grouped:
            raise KeyError(f"span {span} refers to a document with no text")
        grouped[span.doc].append(span)
    return grouped


class _TokenBounds:
    """razdel tokens of one text, indexed by where they start and where they end."""

    def __init__(self, text: str):
        tokens = list(razdel.tokenize(text))
        self._index_by_start = {token.start: index for index, token in enumerate(tokens)}
        self._index_by_end = {token.stop: index for index, token in enumerate(tokens)}

    def aligned(self, span: Span) -> bool:
        return span.start in self._index_by_start and span.end in self._index_by_end

    def inside(self, spans: Iterable[Span], label: str) -> set[int]:
        """Indices of the tokens tagged I-`label`: inside an aligned span of that label.

        naeval's `spans_io` does this in one scan that assumes sorted, aligned,
        non-overlapping spans; collecting the covered token indices gives the same
        tags on such input and stays well defined when predictions overlap.
        """
        return {
            index
            for span in spans
            if span.label == label and self.aligned(span)
            for index in range(self._index_by_start[span.start], self._index_by_end[span.end] + 1)
        }


# --------------------------------------------------------------------------- clustering


def bcubed(
    gold_cluster: Mapping[Hashable, Hashable],
    pred_cluster: Mapping[Hashable, Hashable],
) -> tuple[float, float, float]:
    """B-cubed (Bagga & Baldwin 1998) precision, recall, F1 of a mention clustering.

    Only mentions present on both sides count, so mention detection errors do not
    leak into the linking score (`exact_prf` reports those). Per mention m:
    precision = |gold(m) & pred(m)| / |pred(m)|, recall = ... / |gold(m)|,
    where gold(m)/pred(m) are the mentions sharing m's cluster; then averaged over m.
    """
    # sorted: a fixed summation order keeps the floats independent of the hash seed
    mentions = sorted(gold_cluster.keys() & pred_cluster.keys(), key=repr)
    if not mentions:
        return 0.0, 0.0, 0.0
    gold_members = _members(mentions, gold_cluster)
    pred_members = _members(mentions, pred_cluster)
    precision_sum = recall_sum = 0.0
    for mention in mentions:
        in_gold = gold_members[gold_cluster[mention]]
        in_pred = pred_members[pred_cluster[mention]]
        shared = len(in_gold & in_pred)
        precision_sum += shared / len(in_pred)
        recall_sum += shared / len(in_gold)
    precision, recall = precision_sum / len(mentions), recall_sum / len(mentions)
    return precision, recall, _ratio(2 * precision * recall, precision + recall)


def _members(mentions: list[Hashable], cluster_of: Mapping[Hashable, Hashable]) -> dict:
    members: dict[Hashable, set] = defaultdict(set)
    for mention in mentions:
        members[cluster_of[mention]].add(mention)
    return members
