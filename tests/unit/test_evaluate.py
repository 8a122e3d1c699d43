"""`pipeline.evaluation.evaluate` on a hand-made output folder with hand-computed scores, and on the real seeds."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipeline.evaluation.evaluate import (
    LABELS,
    WITH_BOILERPLATE,
    WITHOUT_BOILERPLATE,
    error_list,
    evaluate,
    format_errors,
    format_report,
)
from pipeline.cli import main
from pipeline.write import TABLES
from tests.conftest import SEEDS_GOLD, Tables

EN = "Putin met UNICEF in Astana on 5 May 2020 and today. Lavrov stayed.\nShare: Twitter"
RU = "Путин посетил Астану 2015 году."
TEXTS = {"en.txt": EN, "ru.txt": RU, "other.txt": "Putin again."}
LANGS = {"en.txt": "en", "ru.txt": "ru", "other.txt": "en"}

# (path, text, label, normalized, entity, date, note); the span is the text's first occurrence
GOLD = [
    ("en.txt", "Putin", "PER", "Putin", "Vladimir Putin", None, None),
    ("en.txt", "UNICEF", "ORG", "UNICEF", "UNICEF", None, None),
    ("en.txt", "Astana", "LOC", "Astana", "Astana", None, None),
    ("en.txt", "5 May 2020", "DATE", "5 May 2020", None, "2020-05-05", None),
    ("en.txt", "today", "DATE", "today", None, None, "no publication date"),
    ("en.txt", "Lavrov", "PER", "Lavrov", "Sergey Lavrov", None, None),
    ("en.txt", "Twitter", "ORG", "Twitter", "Twitter", None, "boilerplate"),
    ("ru.txt", "Путин", "PER", "Путин", "Vladimir Putin", None, None),
    ("ru.txt", "Астану", "LOC", "Астана", "Astana", None, None),
    ("ru.txt", "2015 году", "DATE", "2015 год", None, "2015", None),
]

# (path, text, label, normalized, entity_id, date_value)
PRED = [
    ("en.txt", "Putin", "PER", "Putin", "e1", None),  # exact
    ("en.txt", "UNICEF", "LOC", "UNICEF", "e3", None),  # wrong label
    ("en.txt", "in Astana", "LOC", "in Astana", "e2", None),  # wrong boundary
    ("en.txt", "5 May 2020", "DATE", None, None, "2020-05-05"),  # no normalized form yet
    ("en.txt", "today", "DATE", "today", None, None),  # unresolvable on both sides
    ("en.txt", "Twitter", "ORG", "Twitter", "e1", None),  # clustered with Putin
    ("ru.txt", "Путин", "PER", "Путин", "e1", None),
    ("ru.txt", "Астану", "LOC", None, "e2", None),
    ("ru.txt", "2015 году", "DATE", "2015 год", None, None),  # date missed
    ("ru.txt", "посетил", "ORG", "посетил", "e4", None),  # false alarm
    ("other.txt", "Putin", "PER", "Putin", "e1", None),  # not in the gold: ignored
]


CHROME_PRED = {"Twitter", "Путин"}  # predicted in_chrome: the boilerplate Twitter (right), Путин (wrong)


def span_of(path: str, text: str) -> tuple[int, int]:
    start = TEXTS[path].index(text)
    return start, start + len(text)


def write_gold(path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as file:
        for doc, text, label, normalized, entity, date, note in GOLD:
            start, end = span_of(doc, text)
            row = {"path": doc, "start": start, "end": end, "text": text, "label": label,
                   "normalized": normalized, "entity": entity, "date": date}
            if note:
                row["note"] = note
            file.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def write_output(output_dir: Path) -> Path:
    """The three tables with the pipeline's own schemas, so a schema change breaks this test too."""
    output_dir.mkdir()
    documents = [
        {"doc_id": f"id-{path}", "path": path, "lang": LANGS[path], "status": "ok", "text": text, "chrome_chars": 0}
        for path, text in TEXTS.items()
    ]
    mentions = []
    for doc, text, label, normalized, entity_id, date_value in PRED:
        start, end = span_of(doc, text)
        mentions.append({"doc_id": f"id-{doc}", "mention_id": f"id-{doc}:{start}-{end}", "start_char": start,
                         "end_char": end, "text": text, "label": label, "normalized": normalized,
                         "entity_id": entity_id, "sentence": 0, "source": "test", "folded": False, "date_value": date_value,
                         "in_chrome": text in CHROME_PRED, "in_title": False})
    for name, rows in {"documents": documents, "mentions": mentions, "entities": []}.items():
        pq.write_table(pa.Table.from_pylist(rows, schema=TABLES[name]), output_dir / f"{name}.parquet")
    return output_dir


@pytest.fixture
def fake(tmp_path) -> tuple[Path, Path]:
    return write_gold(tmp_path / "gold.jsonl"), write_output(tmp_path / "out")


def prf(score: dict) -> tuple[float, float, float]:
    return score["precision"], score["recall"], score["f1"]


def test_counts_ignore_documents_outside_the_gold(fake):
    report = evaluate(*fake)
    assert report["documents"] == 2
    assert report[WITH_BOILERPLATE]["counts"] == {"gold": 10, "predicted": 10, "matched": 7, "matched_overlap": 8}
    assert report[WITHOUT_BOILERPLATE]["counts"] == {"gold": 9, "predicted": 9, "matched": 6, "matched_overlap": 7}


def test_exact_and_overlap_scores_per_label_and_language(fake):
    variant = evaluate(*fake)[WITH_BOILERPLATE]
    exact = variant["exact"]
    assert prf(exact["ALL"]["ALL"]) == pytest.approx((0.7, 0.7, 0.7))
    assert prf(exact["ALL"]["PER"]) == pytest.approx((1.0, 2 / 3, 0.8))
    assert prf(exact["ALL"]["ORG"]) == pytest.approx((0.5, 0.5, 0.5))
    assert prf(exact["ALL"]["LOC"]) == pytest.approx((1 / 3, 0.5, 0.4))
    assert prf(exact["ALL"]["DATE"]) == pytest.approx((1.0, 1.0, 1.0))
    assert prf(exact["en"]["ALL"]) == pytest.approx((4 / 6, 4 / 7, 8 / 13))
    assert prf(exact["ru"]["ALL"]) == pytest.approx((0.75, 1.0, 6 / 7))
    assert prf(variant["overlap"]["ALL"]["ALL"]) == pytest.approx((0.8, 0.8, 0.8))
    assert prf(variant["overlap"]["ALL"]["LOC"]) == pytest.approx((2 / 3, 1.0, 0.8))


def test_every_label_has_a_row_even_when_absent(fake):
    ru_exact = evaluate(*fake)[WITH_BOILERPLATE]["exact"]["ru"]
    assert list(ru_exact) == [*LABELS, "ALL"]
    assert ru_exact["ORG"]["fp"] == 1 and ru_exact["ORG"]["tp"] == 0


def test_normalized_accuracy_counts_a_null_prediction_as_wrong(fake):
    accuracy = evaluate(*fake)[WITH_BOILERPLATE]["normalized_accuracy"]
    assert accuracy["en"] == {"correct": 3, "total": 4, "accuracy": 0.75}
    assert accuracy["ru"] == {"correct": 2, "total": 3, "accuracy": pytest.approx(2 / 3)}
    assert accuracy["ALL"]["correct"] == 5 and accuracy["ALL"]["total"] == 7


def test_date_accuracy_counts_null_on_both_sides_as_right(fake):
    accuracy = evaluate(*fake)[WITH_BOILERPLATE]["date_accuracy"]
    assert accuracy["en"] == {"correct": 2, "total": 2, "accuracy": 1.0}
    assert accuracy["ru"] == {"correct": 0, "total": 1, "accuracy": 0.0}


def test_bcubed_over_matched_non_date_mentions(fake):
    report = evaluate(*fake)
    # Putin, Twitter, Путин share the predicted cluster e1; Twitter belongs elsewhere
    assert report[WITH_BOILERPLATE]["bcubed"] == pytest.approx(
        {"mentions": 4, "precision": 2 / 3, "recall": 1.0, "f1": 0.8}
    )
    # without the boilerplate Twitter, e1 holds only Putin's two mentions
    assert report[WITHOUT_BOILERPLATE]["bcubed"] == pytest.approx(
        {"mentions": 3, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    )


def test_excluding_boilerplate_also_drops_predictions_overlapping_it(fake):
    variant = evaluate(*fake, include_boilerplate=False)[WITHOUT_BOILERPLATE]
    assert variant["exact"]["ALL"]["ORG"] == {"tp": 0, "fp": 1, "fn": 1, "precision": 0.0, "recall": 0.0, "f1": 0.0}
    assert prf(variant["exact"]["ALL"]["ALL"]) == pytest.approx((2 / 3, 2 / 3, 2 / 3))


def test_include_boilerplate_chooses_the_primary_variant(fake):
    assert evaluate(*fake)["primary"] == WITH_BOILERPLATE
    report = evaluate(*fake, include_boilerplate=False)
    assert report["primary"] == WITHOUT_BOILERPLATE
    assert format_report(report).index("without boilerplate") < format_report(report).index("with boilerplate")


def test_gold_of_a_document_missing_from_the_output_counts_as_missed(fake):
    gold_path, output_dir = fake
    row = {"path": "gone.txt", "start": 0, "end": 5, "text": "Putin", "label": "PER", "entity": "Vladimir Putin"}
    with open(gold_path, "a", encoding="utf-8") as file:
        file.write(json.dumps(row) + "\n")
    report = evaluate(gold_path, output_dir)
    assert report["missing_documents"] == ["gone.txt"]
    assert report[WITH_BOILERPLATE]["exact"]["unknown"]["PER"]["fn"] == 1
    assert report[WITH_BOILERPLATE]["counts"]["gold"] == 11
    assert "missing from the output" in format_report(report)


def test_gold_that_does_not_match_the_document_text_is_refused(fake):
    gold_path, output_dir = fake
    rows = gold_path.read_text(encoding="utf-8").replace('"start": 0, "end": 5', '"start": 1, "end": 6', 1)
    gold_path.write_text(rows, encoding="utf-8")
    with pytest.raises(ValueError, match="does not match"):
        evaluate(gold_path, output_dir)


def test_an_output_without_the_golds_documents_is_one_line_and_exit_2(fake, tmp_path, capsys):
    gold_path, _ = fake
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for name, schema in TABLES.items():  # an output of another corpus: none of the gold's paths
        rows = [{"doc_id": "id-x", "path": "x.txt", "status": "ok", "text": "Velmora.", "chrome_chars": 0}] if name == "documents" else []
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), elsewhere / f"{name}.parquet")
    assert main(["eval", "--gold", str(gold_path), "--output", str(elsewhere)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "holds none of the 2 documents" in error and "en.txt" in error
    assert main(["eval", "--gold", str(gold_path), "--output", str(tmp_path / "no-such-output")]) == 2
    assert "is not an output folder of `extract`: no documents.parquet" in capsys.readouterr().err


def test_stale_gold_offsets_are_one_line_and_exit_2(fake, capsys):
    gold_path, output_dir = fake
    gold_path.write_text(gold_path.read_text(encoding="utf-8").replace('"start": 0, "end": 5', '"start": 1, "end": 6', 1), encoding="utf-8")
    assert main(["eval", "--gold", str(gold_path), "--output", str(output_dir)]) == 2
    assert "does not match the document text" in capsys.readouterr().err


def test_error_list_sorts_errors_into_kinds(fake):
    errors = error_list(*fake)
    kinds = {(error["kind"], error["label"], error["text"]) for error in errors}
    assert kinds == {
        ("label", "ORG", "UNICEF"),
        ("boundary", "LOC", "Astana"),
        ("miss", "PER", "Lavrov"),
        ("false_alarm", "ORG", "посетил"),
    }
    boundary = next(error for error in errors if error["kind"] == "boundary")
    assert boundary["pred"]["text"] == "in Astana"
    assert boundary["left"] == "Putin met UNICEF in "
    assert boundary["right"] == " on 5 May 2020 and today. Lavrov stayed."


def test_format_errors_groups_by_label_with_context(fake):
    text = format_errors(error_list(*fake))
    assert text.index("== PER: 1 errors") < text.index("== ORG: 2 errors") < text.index("== LOC: 1 errors")
    assert "Astana on 5 May 2020 and today. [[Lavrov]] stayed. Share: Twitter" in text
    assert "predicted LOC 'in Astana'" in text


def test_eval_command_prints_both_variants_and_writes_json(fake, capsys):
    gold_path, output_dir = fake
    assert main(["eval", "--gold", str(gold_path), "--output", str(output_dir), "--errors"]) == 0
    printed = capsys.readouterr().out
    assert "== with boilerplate" in printed and "== without boilerplate" in printed
    assert "== PER: 1 errors" in printed
    assert json.loads((output_dir / "eval.json").read_text(encoding="utf-8")) == evaluate(gold_path, output_dir)


# --------------------------------------------------------------------------- real seeds


def all_scores(variant: dict):
    for by_label in (*variant["exact"].values(), *variant["overlap"].values()):
        for score in by_label.values():
            yield from prf(score)
    for accuracy in (*variant["normalized_accuracy"].values(), *variant["date_accuracy"].values()):
        yield accuracy["accuracy"]
    yield from prf(variant["bcubed"])


def test_seeds_report_is_consistent(seeds_output: Tables):
    report = evaluate(SEEDS_GOLD, seeds_output.dir)
    gold_rows = [json.loads(line) for line in SEEDS_GOLD.read_text(encoding="utf-8").splitlines()]
    n_boilerplate = sum(row.get("note") == "boilerplate" for row in gold_rows)
    assert report["documents"] == 5 and report["missing_documents"] == []
    for name in (WITH_BOILERPLATE, WITHOUT_BOILERPLATE):
        variant = report[name]
        counts = variant["counts"]
        assert counts["matched"] <= counts["matched_overlap"] <= min(counts["gold"], counts["predicted"])
        assert set(variant["exact"]) == {"ALL", "en", "ru"}
        assert all(set(LABELS) <= set(by_label) for by_label in variant["exact"].values())
        assert all(0.0 <= score <= 1.0 for score in all_scores(variant))
        assert variant["exact"]["ALL"]["ALL"]["tp"] == counts["matched"]
    assert report[WITH_BOILERPLATE]["counts"]["gold"] == len(gold_rows)
    assert report[WITH_BOILERPLATE]["counts"]["gold"] - report[WITHOUT_BOILERPLATE]["counts"]["gold"] == n_boilerplate
    assert json.loads(json.dumps(report)) == report


def test_chrome_score_compares_in_chrome_with_the_boilerplate_notes(fake):
    chrome = evaluate(*fake)["chrome"]
    assert (chrome["tp"], chrome["fp"], chrome["fn"]) == (1, 1, 0)
    assert chrome["precision"] == 0.5 and chrome["recall"] == 1.0
