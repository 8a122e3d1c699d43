"""End to end on the five real seed articles with the real models."""

from __future__ import annotations

import hashlib
import json

import pyarrow.parquet as pq

from pipeline.write import TABLES
from tests.conftest import ROOT, SEEDS, Tables, run_extract


def test_every_seed_has_one_ok_row_with_its_language(seeds_output: Tables):
    docs = seeds_output.documents.set_index("path")
    assert sorted(docs.index) == sorted(p.name for p in SEEDS.iterdir())
    assert (docs.status == "ok").all()
    assert docs.error.isna().all()
    assert sorted(docs.lang) == ["en", "en", "en", "en", "ru"]
    assert docs.loc[docs.index.str.startswith("002"), "lang"].item() == "ru"
    assert (docs.lang_prob > 0.9).all()


def test_documents_keep_exact_text_and_fingerprint(seeds_output: Tables):
    import hashlib

    for row in seeds_output.documents.itertuples():
        raw = (SEEDS / row.path).read_bytes()
        assert row.sha256 == hashlib.sha256(raw).hexdigest()
        assert row.text == raw.decode("utf-8")
        assert row.n_chars == len(row.text)
        assert row.title == next(line.strip() for line in row.text.splitlines() if line.strip())


def test_offsets_index_the_document_text_on_every_row(seeds_output: Tables):
    texts = dict(zip(seeds_output.documents.doc_id, seeds_output.documents.text))
    mentions = seeds_output.mentions
    assert len(mentions) > 100
    for row in mentions.itertuples():
        assert texts[row.doc_id][row.start_char : row.end_char] == row.text, row


def _has(tables: Tables, prefix: str, label: str, text: str) -> bool:
    mentions = tables.mentions_of(prefix)
    return ((mentions.label == label) & (mentions.text == text)).any()


def test_concrete_entities_from_each_document(seeds_output: Tables):
    assert _has(seeds_output, "000", "LOC", "Almaty")
    assert _has(seeds_output, "001", "DATE", "20 November, 1989")
    assert _has(seeds_output, "002", "ORG", "ЮНИСЕФ")
    assert _has(seeds_output, "002", "LOC", "Астане")
    assert _has(seeds_output, "003", "PER", "Tamara Duisenova")
    assert _has(seeds_output, "004", "PER", "Nursultan Nazarbayev")
    assert _has(seeds_output, "004", "LOC", "Astana")


def test_labels_and_sources_follow_the_schema(seeds_output: Tables):
    mentions = seeds_output.mentions
    assert set(mentions.label) == {"PER", "ORG", "LOC", "DATE"}
    russian = mentions[mentions.doc_id == seeds_output.doc_id("002")]
    assert set(russian.label) >= {"PER", "ORG", "LOC", "DATE"} - {"PER"}
    assert "natasha_ner" in set(russian.source)
    english = mentions[mentions.doc_id == seeds_output.doc_id("004")]
    assert "en_ner:ner" in set(english.source)  # the trained model shipped under models/, not the package
    assert mentions.mention_id.is_unique


def test_tables_have_the_declared_schemas_and_metadata(seeds_output: Tables):
    for name, schema in TABLES.items():
        parquet = pq.ParquetFile(seeds_output.dir / f"{name}.parquet")
        assert parquet.schema_arrow.remove_metadata().equals(schema), name
        assert parquet.metadata.row_group(0).column(0).compression == "ZSTD"
        metadata = parquet.schema_arrow.metadata
        models = json.loads(metadata[b"models"])
        shipped = json.loads((ROOT / "models" / "en_ner" / "meta.json").read_text(encoding="utf-8"))
        assert models["en"] == {"lang": "en", "name": "en_ner", "version": shipped["version"]}  # the trained model
        assert models["ru"]["name"].startswith("natasha")
        assert json.loads(metadata[b"config"])["language"]["seed"] == 0
        assert metadata[b"pipeline_version"]
        data_files = json.loads(metadata[b"data_files"])
        gazetteer = hashlib.sha256((ROOT / "models" / "gazetteer.jsonl").read_bytes()).hexdigest()
        assert data_files["gazetteer.jsonl"] == gazetteer
        assert {"non_entity_names.json", "pipeline.toml"} <= set(data_files)
        weights = hashlib.sha256((ROOT / "models" / "en_ner" / "ner" / "model").read_bytes()).hexdigest()
        assert data_files["en_ner/ner/model"] == weights  # retrained weights change the cache key


def test_no_temporary_files_are_left(seeds_output: Tables):
    """The three tables, and the work area that keeps the per-document results for the next run."""
    assert sorted(p.name for p in seeds_output.dir.iterdir()) == [".newsents", "documents.parquet", "entities.parquet", "mentions.parquet", "run.json"]
    results = seeds_output.dir / ".newsents" / "results"
    assert [p.suffix for p in results.iterdir()] == [".parquet"]  # one complete part, no temporary file


def test_run_record_beside_the_tables_says_what_the_run_did(seeds_output: Tables):
    record = json.loads((seeds_output.dir / "run.json").read_text(encoding="utf-8"))
    assert record["documents"] == {
        "total": len(seeds_output.documents),
        "by_status": seeds_output.documents.status.value_counts().to_dict(),
        "by_language": seeds_output.documents.lang.value_counts().sort_index().to_dict(),
    }
    assert record["mentions"]["by_label"] == seeds_output.mentions.label.value_counts().sort_index().to_dict()
    assert record["mentions"]["total"] == len(seeds_output.mentions)
    assert record["entities"] == len(seeds_output.entities)
    assert record["failures"] == [] and 0 < record["seconds"] < 600 and record["started_at"].endswith("+00:00")
    metadata = pq.read_schema(seeds_output.dir / "documents.parquet").metadata
    assert record["models"] == json.loads(metadata[b"models"]) and record["config"] == json.loads(metadata[b"config"])


def test_mentions_carry_their_own_language_and_sentence(seeds_output: Tables):
    mentions = seeds_output.mentions
    languages = mentions.merge(seeds_output.documents[["doc_id", "lang"]], on="doc_id", suffixes=("", "_doc"))
    cyrillic = languages.text.str.contains("[А-Яа-яЁё]")
    assert (languages.loc[cyrillic, "lang"] == "ru").all()
    assert (languages.loc[languages.text.str.contains("[A-Za-z]") & ~cyrillic, "lang"] == "en").all()
    assert (languages.lang == languages.lang_doc).mean() > 0.9  # most mentions are in their document's language
    texts = dict(zip(seeds_output.documents.doc_id, seeds_output.documents.text))
    for row in mentions.itertuples():
        assert 0 < len(row.context) <= 200 and " ".join(row.text.split()) in row.context, row
        assert "\n" not in row.context
        if not row.context.startswith("…") and not row.context.endswith("…"):
            assert row.context in " ".join(texts[row.doc_id].split())  # the whole sentence


def test_two_runs_give_identical_tables(seeds_output: Tables, tmp_path):
    again = Tables(tmp_path, run_extract(SEEDS, tmp_path))
    for name in ("documents", "mentions", "entities"):
        first = getattr(seeds_output, name)
        second = getattr(again, name)
        assert first.equals(second), name


def test_entities_count_their_mentions(seeds_output: Tables):
    mentions = seeds_output.mentions.dropna(subset=["entity_id"])
    counts = mentions.groupby("entity_id").size()
    docs = mentions.groupby("entity_id").doc_id.nunique()
    entities = seeds_output.entities.set_index("entity_id")
    assert entities.index.is_unique
    assert set(counts.index) == set(entities.index)  # every mention's entity has a row, and no row is unused
    assert (entities.n_mentions == counts.reindex(entities.index)).all()
    assert (entities.n_docs == docs.reindex(entities.index)).all()
    assert seeds_output.mentions.loc[seeds_output.mentions.label == "DATE", "entity_id"].isna().all()


def test_summary_reports_languages_and_labels(seeds_output: Tables):
    summary = seeds_output.result.stderr
    assert "documents: 5" in summary
    assert "ru ok" in " ".join(summary.split())
    assert "PER" in summary and "DATE" in summary


def test_rows_are_written_in_batches_not_all_at_once(tmp_path):
    config = tmp_path / "small-batches.toml"
    config.write_text("[ner]\nbatch_size = 2\n")
    output = tmp_path / "out"
    run_extract(SEEDS, output, "--config", str(config))
    assert pq.ParquetFile(output / "documents.parquet").num_row_groups == 3
    assert pq.ParquetFile(output / "mentions.parquet").num_row_groups == 3
