"""Language decisions end to end: both detectors' answers in documents.parquet, plausible skips in the summary."""

from __future__ import annotations

import json

from tests.conftest import Tables, run_extract
from tests.unit.test_language import GERMAN


def test_plausible_skips_are_listed_in_the_summary_and_both_answers_recorded(tmp_path):
    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "contact.txt").write_text(
        "Contacts: Aigerim Sadykova, UNICEF Astana, tel +7 7172 32 29 69, email asadykova@unicef.org\n", encoding="utf-8")
    (corpus / "german.txt").write_text(GERMAN, encoding="utf-8")
    (corpus / "portuguese.txt").write_text(
        "Kairat Almaty bate Astana na final da taça por 2 golos a 1, Tobol empata em casa\n", encoding="utf-8")
    tables = Tables(tmp_path / "out", run_extract(corpus, tmp_path / "out"))
    docs = tables.documents.set_index("path")
    assert docs.loc["contact.txt", ["lang", "status", "lang_first", "lang_second", "lang_evidence"]].tolist() == [
        "en", "ok", "ca", "en", "second_detector"]
    assert docs.loc["german.txt", ["lang", "status", "lang_evidence"]].tolist() == ["de", "unsupported_language", "langdetect"]
    assert docs.loc["portuguese.txt", ["lang", "status", "lang_evidence"]].tolist() == ["pt", "unsupported_language", "plausible"]
    summary = tables.result.stderr
    assert "although a supported language was a candidate: 1 (portuguese.txt)" in summary
    record = json.loads((tables.dir / "run.json").read_text(encoding="utf-8"))
    assert record["plausible_skips"] == {"total": 1, "first_paths": ["portuguese.txt"]}
