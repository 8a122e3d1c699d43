"""`python -m pipeline diff` on two real runs of the seeds that differ by one gazetteer entry."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.evaluation.diff import Change, compare_mentions
from tests.conftest import ROOT, SEEDS, SEEDS_GOLD, Tables, run_extract


def run_diff(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pipeline", "diff", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def without_astana(tmp_path_factory) -> Tables:
    """The seeds extracted with a gazetteer that lacks its one entry for Astana."""
    folder = tmp_path_factory.mktemp("no-astana")
    lines = (ROOT / "models" / "gazetteer.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if '"name": "Astana"' not in line]
    assert len(kept) == len(lines) - 1
    gazetteer = folder / "gazetteer.jsonl"
    gazetteer.write_text("\n".join(kept) + "\n", encoding="utf-8")
    config = folder / "config.toml"
    config.write_text(f'[data]\ngazetteer = "{gazetteer}"\n', encoding="utf-8")
    output = folder / "out"
    return Tables(output, run_extract(SEEDS, output, "--config", str(config)))


def test_one_gazetteer_entry_less_shows_as_removed_and_relinked_mentions(seeds_output, without_astana):
    result = run_diff(str(seeds_output.dir), str(without_astana.dir), "--examples", "100")
    assert result.returncode == 0, result.stderr
    report = result.stdout
    # the all-caps dateline matched only the gazetteer's ALL-CAPS variant: gone, with its context
    assert "- removed 66-72 LOC 'ASTANA'" in report
    assert "Improving Quality of Children’s Lives [[ASTANA]] – Improving" in report
    # the model still finds 'Astana'/'Астане', but they link to another entity id, in both languages
    assert "~ changed 17-23 LOC 'Astana': entity_id:" in report
    assert "~ changed 2-8 LOC 'Астане': entity_id:" in report
    table = {tuple(line.split()[:2]): line.split()[2:] for line in report.splitlines()[1:4]}
    assert table[("en", "LOC")][:2] == ["0", "1"] and int(table[("en", "LOC")][4]) >= 1  # added, removed, entity_id
    assert int(table[("ru", "LOC")][4]) >= 1
    assert "relabelled" in report.splitlines()[1]  # the header names every kind of change


def test_fail_over_exits_4_when_more_mentions_changed(seeds_output, without_astana):
    failed = run_diff(str(seeds_output.dir), str(without_astana.dir), "--fail-over", "2")
    assert failed.returncode == 4
    assert "more than --fail-over 2" in failed.stderr
    assert run_diff(str(seeds_output.dir), str(without_astana.dir), "--fail-over", "1000").returncode == 0
    same = run_diff(str(seeds_output.dir), str(seeds_output.dir), "--fail-over", "0")
    assert same.returncode == 0 and "changed mentions 0" in same.stdout


def test_gold_puts_both_runs_scores_side_by_side(seeds_output, without_astana):
    result = run_diff(str(seeds_output.dir), str(without_astana.dir), "--gold", str(SEEDS_GOLD))
    assert result.returncode == 0, result.stderr
    rows = {tuple(line.split()[:2]): [float(value) for value in line.split()[2:]]
            for line in result.stdout.split("against ", 1)[1].splitlines()[2:]}
    old_p, old_r, old_f1, new_p, new_r, new_f1, change = rows[("en", "LOC")]
    assert new_r < old_r and change == pytest.approx(new_f1 - old_f1, abs=0.002) and change < 0
    assert rows[("ru", "ALL")][-1] == 0.0


def test_a_folder_without_tables_is_a_usage_error(seeds_output, tmp_path):
    result = run_diff(str(seeds_output.dir), str(tmp_path))
    assert result.returncode == 2
    assert "not an output folder" in result.stderr and "Traceback" not in result.stderr


def test_a_mention_whose_form_and_entity_changed_counts_under_both():
    old = {"path": "a.txt", "start_char": 0, "end_char": 6, "label": "LOC", "text": "Astana",
           "normalized": "Astana", "entity_id": "e1", "date_value": None}
    new = {**old, "normalized": "Astana city", "entity_id": "e2"}
    assert compare_mentions([old], [new]) == [Change(old, new, ("normalized", "entity_id"))]
    assert compare_mentions([old], [new])[0].kinds == ("normalized", "entity_id")
    assert compare_mentions([old], [old]) == []
