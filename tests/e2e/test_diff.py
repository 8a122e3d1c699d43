"""`python -m pipeline diff` on two real runs of the seeds that differ by one gazetteer entry."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.evaluation.diff import CHANGE_KINDS, Change, TextAlignment, compare_mentions
from tests.conftest import ROOT, SEEDS, SEEDS_GOLD, Tables, run_extract


def run_diff(*args: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "pipeline", "diff", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT)


def change_table(report: str) -> dict[tuple[str, str], dict[str, int]]:
    """(lang, label) -> {kind of change: mentions} from the report's table (its header names every kind)."""
    lines = report.splitlines()
    header = next(index for index, line in enumerate(lines) if line.startswith("lang  label"))
    kinds = lines[header].split()[2:]
    assert kinds == list(CHANGE_KINDS)
    table = {}
    for line in lines[header + 1:]:
        if line.startswith("=="):
            break
        lang, label, *counts = line.split()
        table[lang, label] = dict(zip(kinds, map(int, counts)))
    return table


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
    table = change_table(report)
    assert (table["en", "LOC"]["added"], table["en", "LOC"]["removed"]) == (0, 1) and table["en", "LOC"]["entity_id"] >= 1
    assert table["ru", "LOC"]["entity_id"] >= 1
    assert "(0 with another text)" in report.splitlines()[0] and "text changed:" not in report  # the inputs are the same
    assert "mentions changed in documents with the same text: 000_" in report


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


TARNPORT = """Tarnport port deal approved

Kestrel Dorvan, the mayor of Tarnport, said on Monday that the Velmora Shipping Company will open a new terminal in March 2021.
Dorvan told reporters in Tarnport that the European Union had approved the plan after talks in Brussels.
The Velmora Shipping Company employs 900 people in Norway and Denmark, and its chief executive Ilse Marrow said the terminal would double its trade with Germany by 2025.
Dorvan and Marrow will sign the contract in Oslo next week.
"""
HARBOUR = """Harbour fees rise

The Tarnport Harbour Authority raised its fees on Tuesday, said its director Olaf Brenning.
Brenning said the money would go to dredging the channel before winter 2022.
"""


@pytest.fixture(scope="module")
def one_name_edited(tmp_path_factory) -> tuple[Tables, Tables]:
    """Two runs over two invented articles; in the second, one 14-letter name became a 17-letter one."""
    runs = []
    for name, article in (("old", TARNPORT), ("new", TARNPORT.replace("Kestrel Dorvan,", "Kestrel Dorvansky,"))):
        corpus = tmp_path_factory.mktemp(f"edited-{name}")
        (corpus / "in").mkdir()
        (corpus / "in" / "tarnport.txt").write_text(article, encoding="utf-8")
        (corpus / "in" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
        runs.append(Tables(corpus / "out", run_extract(corpus / "in", corpus / "out")))
    return runs[0], runs[1]


def test_an_edited_input_changes_only_the_mentions_the_edit_touches(one_name_edited):
    old, new = one_name_edited
    result = run_diff(str(old.dir), str(new.dir), "--fail-over", "3")
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    lines = report.splitlines()
    assert "documents 2 -> 2 (1 with another text)" in lines[0]
    assert lines[1].startswith("text changed: tarnport.txt: sha256 ") and "1 edit, 492 -> 495 characters, first at 37" in lines[1]
    # the name itself is one mention whose text changed, at its new place
    assert "~ changed 29-43 PER 'Kestrel Dorvan' (now 29-46): text: 'Kestrel Dorvan' -> 'Kestrel Dorvansky'" in report
    # every later mention moved by 3 characters and is not reported; what is reported is about the edited name
    changed = [line for line in lines if line.lstrip().startswith(("tarnport.txt: ", "harbour.txt: "))]
    assert changed and all("Dorvan" in line for line in changed)
    assert not any(word in line for line in changed for word in ("Velmora", "Brussels", "Marrow", "next week", "harbour.txt"))
    assert int(lines[0].rsplit(" ", 1)[1]) <= 3


def test_an_edited_input_alone_does_not_fail_a_gate(one_name_edited):
    old, new = one_name_edited
    assert run_diff(str(old.dir), str(new.dir), "--fail-over", "0").returncode == 4  # something did change
    assert run_diff(str(old.dir), str(new.dir), "--fail-over", "3").returncode == 0  # but only the edited name


def test_alignment_carries_old_spans_into_the_new_text():
    old = "Kestrel Dorvan met Ilse Marrow.\nThey spoke in Tarnport.\n"
    new = "Kestrel Dorvansky met Ilse Marrow.\nThey spoke in Tarnport.\n"
    alignment = TextAlignment(old, new)
    assert alignment.span(19, 30) == (22, 33) and old[19:30] == new[22:33] == "Ilse Marrow"
    assert alignment.span(46, 54) == (49, 57) and old[46:54] == new[49:57] == "Tarnport"
    assert alignment.span(0, 14) is None  # the edit touches "Kestrel Dorvan"
    assert alignment.region(0, 14) == (0, 17)
    assert alignment.edits() == [(8, 14, 8, 17)]


def test_mentions_of_an_edited_document_are_matched_by_their_place_in_the_new_text():
    old_text = "Kestrel Dorvan met Ilse Marrow in Tarnport."
    new_text = "Kestrel Dorvansky met Ilse Marrow in Tarnport, Velmora."

    def row(text, label, start):
        return {"path": "a.txt", "start_char": start, "end_char": start + len(text), "label": label, "text": text,
                "normalized": text, "entity_id": text.lower(), "date_value": None}

    old = [row("Kestrel Dorvan", "PER", 0), row("Ilse Marrow", "PER", 19), row("Tarnport", "LOC", 34)]
    new = [row("Kestrel Dorvansky", "PER", 0), row("Ilse Marrow", "ORG", 22),
           row("Tarnport", "LOC", 37), row("Velmora", "LOC", 47)]
    changes = compare_mentions(old, new, {"a.txt": old_text}, {"a.txt": new_text})
    assert [(change.old and change.old["text"], change.new and change.new["text"], change.kinds) for change in changes] == [
        ("Kestrel Dorvan", "Kestrel Dorvansky", ("text", "normalized", "entity_id")),
        ("Ilse Marrow", "Ilse Marrow", ("relabelled",)),
        (None, "Velmora", ("added",)),
    ]
    assert len(compare_mentions(old, new)) == 7  # without the texts every moved mention looks changed


def test_alignment_of_a_page_in_one_line_keeps_every_sentence_between_two_edits():
    sentences = [f"Velmora report {number} was filed in Tarnport by officer Brenning. " for number in range(400)]
    old = "".join(sentences)
    new = old.replace("report 10 ", "report 10b ", 1).replace("report 390 ", "annual report 390 ", 1)
    alignment = TextAlignment(old, new)
    assert len(alignment.edits()) == 2
    start = old.index("Tarnport by officer Brenning", old.index("report 200 "))
    place = alignment.span(start, start + len("Tarnport"))
    assert place is not None and new[place[0]:place[1]] == "Tarnport" and place[0] == start + 1
