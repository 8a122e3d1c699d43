"""The report's numbers on small hand-made tables, where the right answer can be counted by eye."""

from __future__ import annotations

import datetime

import pandas as pd

from pipeline.report import analysis

D = datetime.date


def _mentions(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["doc_id", "sentence", "entity_id", "label"])


NAMES = pd.Series({"a": "Almaty", "b": "Bishkek", "c": "Caspian"})


def test_pairs_count_each_document_or_sentence_once():
    mentions = _mentions([
        ("d1", 0, "b", "LOC"), ("d1", 0, "a", "LOC"), ("d1", 0, "a", "LOC"), ("d1", 1, "c", "LOC"),
        ("d2", 0, "a", "LOC"), ("d2", 3, "b", "LOC"), ("d2", 3, None, "DATE"),
    ])
    by_document = analysis.cooccurring_pairs(mentions, ["doc_id"], NAMES, limit=10)
    assert by_document.values.tolist() == [["a", "b", 2], ["a", "c", 1], ["b", "c", 1]]
    by_sentence = analysis.cooccurring_pairs(mentions, ["doc_id", "sentence"], NAMES, limit=10)
    assert by_sentence.values.tolist() == [["a", "b", 1]]  # only d1 sentence 0 holds both
    assert analysis.cooccurring_pairs(mentions.iloc[0:0], ["doc_id"], NAMES, limit=10).empty


def test_periods_are_consecutive_with_zeros_between():
    dates = [D(2016, 11, 23), D(2017, 1, 2), D(2017, 1, 30)]
    assert analysis.counts_by_period(dates, "M") == [("2016-11", 1), ("2016-12", 0), ("2017-01", 2)]
    assert analysis.counts_by_period(dates, "Y") == [("2016", 1), ("2017", 2)]
    assert analysis.counts_by_period([], "M") == []


def test_a_year_is_not_put_in_january():
    mentions = pd.DataFrame(
        {
            "label": ["DATE", "DATE", "DATE", "LOC"],
            "date_start": [D(2016, 1, 1), D(2016, 3, 5), D(2016, 1, 1), None],
            "date_end": [D(2016, 12, 31), D(2016, 3, 5), D(2016, 1, 31), None],
        }
    )
    assert analysis.date_mentions_by_period(mentions, "M") == [("2016-01", 1), ("2016-02", 0), ("2016-03", 1)]
    assert analysis.date_mentions_by_period(mentions, "Y") == [("2016", 3)]


def test_chrome_mentions_are_left_out_only_when_marked():
    mentions = _mentions([("d1", 0, "a", "LOC"), ("d1", 9, "b", "ORG")])
    kept, left_out = analysis.article_mentions(mentions)
    assert kept is mentions and not left_out
    marked = mentions.assign(in_chrome=[False, True])
    kept, left_out = analysis.article_mentions(marked)
    assert left_out and kept.entity_id.tolist() == ["a"]


def test_the_timeline_stops_at_the_latest_publication_and_counts_later_dates_apart():
    mentions = pd.DataFrame(
        {
            "label": ["DATE"] * 5,
            "date_start": [D(2019, 3, 1), D(2019, 5, 1), D(2019, 6, 1), D(2028, 1, 1), D(2030, 1, 1)],
            "date_end": [D(2019, 3, 31), D(2019, 5, 31), D(2019, 6, 30), D(2028, 12, 31), D(2039, 12, 31)],
        }
    )
    until = D(2019, 5, 14)
    assert analysis.date_mentions_by_period(mentions, "M", until) == [("2019-03", 1), ("2019-04", 0), ("2019-05", 1)]
    assert analysis.date_mentions_by_period(mentions, "Y", until) == [("2019", 2)]  # the months up to then
    assert analysis.dates_after(mentions, until) == [("2019", 1), ("2028", 1), ("2030", 1)]
    documents = pd.DataFrame({"status": ["ok", "ok", "binary"], "published": [D(2018, 1, 2), until, D(2031, 1, 1)]})
    assert analysis.latest_publication(documents) == until  # a file that is not ok does not count
    assert analysis.latest_publication(documents.assign(published=None)) is None
