"""The CoNLL-2003 dev benchmark reads the data from outside the repository, and says so in one
line when it is not there (CI has no CoNLL: the Reuters text is never committed)."""

from __future__ import annotations

from benchmarks import conll, quality

VALID = """-DOCSTART- -X- -X- O

Germany NNP B-NP B-LOC
beat VBD B-VP O
Wales NNP B-NP B-ORG
in IN B-PP O
the DT B-NP O
World NNP I-NP B-MISC
Cup NNP I-NP I-MISC
. . O O
"""


def test_without_the_data_the_benchmark_is_skipped_with_one_line(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(conll.ENVIRONMENT, raising=False)
    assert conll.data_dir(tmp_path) == tmp_path
    reason = conll.missing(tmp_path)
    assert reason is not None and str(tmp_path) in reason and conll.ENVIRONMENT in reason and "\n" not in reason
    assert quality.run_conll(tmp_path) == []
    assert capsys.readouterr().out == reason + "\n"


def test_the_data_folder_comes_from_the_environment_when_not_given(tmp_path, monkeypatch):
    monkeypatch.setenv(conll.ENVIRONMENT, str(tmp_path))
    assert conll.data_dir() == tmp_path
    monkeypatch.delenv(conll.ENVIRONMENT)
    assert conll.data_dir() == conll.ROOT / "data" / "conll2003"


def test_dev_articles_are_scored_on_person_organisation_and_place_names(tmp_path):
    (tmp_path / conll.DEV_FILE).write_text(VALID, encoding="utf-8")
    assert conll.missing(tmp_path) is None
    texts, gold = conll.load(tmp_path)
    (name,) = texts
    assert texts[name] == "Germany beat Wales in the World Cup ."
    assert [(texts[name][s.start : s.end], s.label) for s in gold] == [("Germany", "LOC"), ("Wales", "ORG")]  # MISC is not scored
