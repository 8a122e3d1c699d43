"""The example questions (pipeline/report/questions.sql), each run on the seeds' tables and checked
against an answer derived from the tables themselves or from the seeds gold; and the query command."""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter

import pandas as pd
import pytest

from pipeline.report.query import answer, connect, examples
from tests.conftest import ROOT, SEEDS_GOLD, Tables

RUSSIAN = "002_3f9ac97f5614fdf7.txt"


@pytest.fixture(scope="module")
def answers(seeds_output: Tables) -> dict[str, pd.DataFrame]:
    connection = connect(seeds_output.dir)
    results = {example.name: answer(connection, example.sql) for example in examples()}
    return {name: pd.DataFrame(result.rows, columns=result.columns) for name, result in results.items()}


@pytest.fixture(scope="module")
def gold() -> list[dict]:
    return [json.loads(line) for line in SEEDS_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_examples_cover_the_questions_an_analyst_asks():
    names = [example.name for example in examples()]
    assert len(names) == len(set(names)) >= 6
    assert {"top-entities", "documents-of-entity", "pairs-in-documents", "dates-by-month", "documents-by-status", "russian-entities"} <= set(names)


def test_the_readme_shows_every_example_as_written():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Questions you can ask", 1)[1].split("\n## ", 1)[0]
    for example in examples():
        assert example.text in section, example.name


def test_top_entities_per_label(answers, seeds_output: Tables):
    got = answers["top-entities"]
    for label, entities in seeds_output.entities.groupby("label"):
        expected = entities.sort_values(["n_mentions", "name"], ascending=[False, True]).head(5)
        assert got.loc[got.label == label, "name"].tolist() == expected.name.tolist(), label
    org = got[got.label == "ORG"].iloc[0]
    assert org.n_mentions == seeds_output.entities.loc[seeds_output.entities.label == "ORG", "n_mentions"].max()


def test_documents_that_mention_an_entity(answers, seeds_output: Tables):
    unicef = seeds_output.entities.loc[seeds_output.entities.name == "UNICEF", "entity_id"].item()
    counts = seeds_output.mentions[seeds_output.mentions.entity_id == unicef].groupby("doc_id").size()
    paths = seeds_output.documents.set_index("doc_id").path
    got = answers["documents-of-entity"]
    assert dict(zip(got.path, got.n_mentions)) == {paths[doc_id]: n for doc_id, n in counts.items()}
    assert RUSSIAN in set(got.path)  # ЮНИСЕФ in the Russian article is the same entity


@pytest.mark.parametrize("name, unit", [("pairs-in-documents", ["doc_id"]), ("pairs-in-sentences", ["doc_id", "sentence"])])
def test_cooccurring_pairs(answers, seeds_output: Tables, name, unit):
    names = seeds_output.entities.set_index("entity_id").name
    named = seeds_output.mentions.dropna(subset=["entity_id"])
    together = Counter()
    for _, group in named.groupby(unit):
        together.update(frozenset(pair) for pair in itertools.combinations(sorted(set(group.entity_id)), 2))
    got = answers[name]
    assert len(got) == 10
    assert got.iloc[:, 2].iloc[0] == max(together.values())
    for row in got.itertuples(index=False):
        pair = frozenset(names[names == entity].index.item() for entity in row[:2])
        assert together[pair] == row[2], row


def test_dates_by_month(answers, seeds_output: Tables, gold):
    got = answers["dates-by-month"]
    dates = seeds_output.mentions[seeds_output.mentions.date_granularity.isin(["day", "month"])]
    assert got.n_mentions.sum() == len(dates)
    assert got.month.is_monotonic_increasing
    gold_months = {row["date"][:7] for row in gold if row["label"] == "DATE" and re.fullmatch(r"\d{4}-\d\d(-\d\d)?", row["date"] or "")}
    assert gold_months and gold_months <= set(got.month)


def test_documents_by_status(answers, seeds_output: Tables):
    got = answers["documents-by-status"]
    assert dict(zip(got.status, got.n_documents)) == seeds_output.documents.status.value_counts().to_dict()


def test_russian_entities_with_base_forms_and_english_names(answers, seeds_output: Tables, gold):
    got = answers["russian-entities"]
    russian = seeds_output.mentions[seeds_output.mentions.lang == "ru"].dropna(subset=["entity_id"])
    assert sum(len(forms) for forms in got.as_written) == len(russian.drop_duplicates(["entity_id", "text"]))
    found = {(form, row.name) for row in got.itertuples() for form in row.base_forms}
    expected = {(row["normalized"], row["entity"]) for row in gold if row["path"] == RUSSIAN and row["entity"] and re.search("[а-я]", row["normalized"])}
    assert ("ЮНИСЕФ", "UNICEF") in found and ("Астана", "Astana") in found
    share = len(expected & found) / len(expected)
    assert share >= 0.8, sorted(expected - found)


def test_people_in_context(answers, seeds_output: Tables):
    got = answers["people-in-context"]
    assert len(got) == (seeds_output.mentions.label == "PER").sum()
    for row in got.itertuples():
        assert " ".join(row.text.split()) in row.context and len(row.context) <= 200, row


def _query(output, *sql: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", "query", "--output", str(output), *sql], capture_output=True, text=True, cwd=ROOT)


def test_query_command_prints_a_table_the_views_and_the_examples(seeds_output: Tables):
    result = _query(seeds_output.dir, "select label, count(*) as n from mentions group by label order by n desc")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    counts = seeds_output.mentions.label.value_counts()
    assert lines[0].split() == ["label", "n"] and lines[2].split() == [counts.index[0], str(counts.iloc[0])]
    assert lines[-1] == f"({len(counts)} rows)"
    listing = _query(seeds_output.dir)
    assert listing.returncode == 0
    assert "mentions: doc_id VARCHAR" in listing.stdout and "context VARCHAR" in listing.stdout
    assert all(example.text in listing.stdout for example in examples())


def test_query_command_says_what_is_wrong(seeds_output: Tables, tmp_path):
    wrong = _query(seeds_output.dir, "select nonsense from mentions")
    assert wrong.returncode == 2 and "nonsense" in wrong.stderr and "Traceback" not in wrong.stderr
    empty = _query(tmp_path, "select 1")
    assert empty.returncode == 2 and "documents.parquet" in empty.stderr and "extract" in empty.stderr


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_report_and_query_take_an_output_folder_with_a_space(seeds_output: Tables, tmp_path):
    output = tmp_path / "weekly runs" / "out put"
    output.mkdir(parents=True)
    for table in seeds_output.dir.glob("*.parquet"):
        shutil.copy(table, output)
    # the interpreter of this test instead of .venv's, and the venv's stamp left alone
    make = ["make", "--no-print-directory", "-o", ".venv/.installed", f"PY={sys.executable}", f"OUTPUT={output}"]
    report = subprocess.run([*make, "report"], capture_output=True, text=True, cwd=ROOT)
    assert report.returncode == 0, report.stdout + report.stderr
    assert (output / "report" / "index.html").is_file()
    query = subprocess.run([*make, "query"], capture_output=True, text=True, cwd=ROOT,
                           env={**os.environ, "SQL": "select count(*) as n_documents from documents"})
    assert query.returncode == 0, query.stdout + query.stderr
    assert query.stdout.splitlines()[-2].split() == [str(len(seeds_output.documents))]
