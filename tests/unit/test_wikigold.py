"""The Wikigold benchmark on its own gold: loader, offsets, MISC left out, confusions counted."""

from benchmarks.factru import load_gold, load_texts
from benchmarks.wikigold import GOLD_DIR, LABELS, run_benchmark


def test_wikigold_gold_scores_perfectly_against_itself_and_misc_is_not_scored():
    texts = load_texts(GOLD_DIR)
    gold = load_gold(texts, GOLD_DIR)
    by_doc = {name: [(s.start, s.end, s.label) for s in gold if s.doc == name] for name in texts}
    result = run_benchmark(lambda batch: [by_doc[name] for name in texts])
    scored = [span for span in gold if span.label in LABELS]
    assert len(texts) == 145 and len(gold) > len(scored)  # MISC is in the gold but not scored
    assert result["gold_mentions"] == result["pred_mentions"] == len(scored)
    assert all(result["exact"][label]["f1"] == 1.0 for label in (*LABELS, "ALL"))
    assert result["confusions"] == {}


def test_wikigold_counts_a_relabelled_span_as_a_confusion():
    texts = load_texts(GOLD_DIR)
    first = next(s for s in load_gold(texts, GOLD_DIR) if s.label == "PER")
    relabelled = {first.doc: [(first.start, first.end, "ORG")]}
    result = run_benchmark(lambda batch: [relabelled.get(name, []) for name in texts])
    assert result["confusions"] == {"PER->ORG": 1}
    assert result["exact"]["ORG"]["fp"] == 1
