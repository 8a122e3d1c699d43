"""The seeds' extraction against its golden snapshot, and the snapshot diff on hand-made rows."""

from __future__ import annotations

from tests.conftest import Tables
from pipeline.evaluation.diff import mention_rows
from tests.snapshot import GOLDEN, diff_snapshots, read_golden


def test_seeds_extraction_matches_the_golden_snapshot(seeds_output: Tables):
    expected, actual = read_golden(GOLDEN), mention_rows(seeds_output.dir)
    assert actual == expected, (
        "extraction of seeds/ differs from the golden snapshot "
        "(run `make snapshot` to accept intentional changes):\n" + diff_snapshots(expected, actual)
    )


def row(path: str, start: int, end: int, label: str, text: str, **values) -> dict:
    fields = {"normalized": text, "entity_id": None, "date_value": None, **values}
    return {"path": path, "start_char": start, "end_char": end, "label": label, "text": text, **fields}


ASTANA = row("a.txt", 0, 6, "LOC", "Astana", entity_id="e1")
UNICEF = row("a.txt", 10, 16, "ORG", "UNICEF", entity_id="e2")
DATE = row("b.txt", 3, 9, "DATE", "May 19", date_value=None)


def test_identical_snapshots_have_no_diff():
    assert diff_snapshots([ASTANA, UNICEF, DATE], [ASTANA, UNICEF, DATE]) == ""


def test_added_and_removed_mentions_are_grouped_by_document():
    diff = diff_snapshots([ASTANA, DATE], [ASTANA, UNICEF])
    assert diff == "a.txt:\n  + added   10-16 ORG 'UNICEF'\nb.txt:\n  - removed 3-9 DATE 'May 19'"


def test_changed_fields_show_old_and_new_values():
    resolved = {**DATE, "date_value": "2019-05-19", "normalized": "19 May"}
    diff = diff_snapshots([DATE], [resolved])
    assert diff == (
        "b.txt:\n  ~ changed 3-9 DATE 'May 19': normalized: 'May 19' -> '19 May'; date_value: None -> '2019-05-19'"
    )


def test_a_relabelled_mention_is_one_change_of_its_label():
    relabelled = {**UNICEF, "label": "LOC"}
    diff = diff_snapshots([ASTANA, UNICEF], [ASTANA, relabelled])
    assert diff == "a.txt:\n  ~ changed 10-16 ORG 'UNICEF': label: 'ORG' -> 'LOC'"
