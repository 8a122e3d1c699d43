"""Look-alike letters folded before NER (offsets and text kept), format characters out of `normalized`."""

from __future__ import annotations

import pytest

from pipeline.normalize import normalize_name
from pipeline.records import Document
from pipeline.text.homoglyphs import fold_lookalikes, strip_format_characters


@pytest.mark.parametrize(
    "written, folded",
    [
        ("Meдведев", "Медведев"),  # Latin M and e in a Cyrillic word
        ("Тоkаyev", "Tokayev"),  # Cyrillic Т, о, а in a Latin word
        ("Pоссия", "Россия"),
        ("Москва и Moscow", "Москва и Moscow"),  # pure words are untouched
        ("ОАО COBET", "ОАО COBET"),  # all look-alikes: no script to fold to, left as written
    ],
)
def test_fold_writes_each_word_in_its_own_script_at_the_same_length(written: str, folded: str):
    assert fold_lookalikes(written) == folded
    assert len(fold_lookalikes(written)) == len(written)


def test_format_characters_are_stripped_from_normalised_names():
    assert strip_format_characters("Пу\u200bтин\u00ad") == "Путин"
    assert normalize_name("Владимира Пу\u200bтина", "PER", "ru") == "Владимир Путин"
    assert normalize_name("Kassym\u200d-Jomart Tokayev\ufeff", "PER", "en") == "Kassym-Jomart Tokayev"
    assert normalize_name("Meдведева", "PER", "ru") == "Медведев"


@pytest.fixture(scope="module")
def recognizer():
    from pipeline.config import load_config
    from pipeline.ner.recognizer import Recognizer

    config = load_config()
    return Recognizer({"en": config.ner.english_models, "ru": config.ner.russian_models}, batch_size=8)


def test_a_name_with_latin_look_alikes_is_found_whole_and_marked_folded(recognizer):
    text = "Премьер-министр Дмитрий Meдведев встретился в Москве с губернатором Сергеем Собяниным."
    doc = Document(doc_id="d1", path="d1.txt", sha256=None, n_bytes=len(text), text=text, lang="ru")
    mentions, failures = recognizer.recognize([doc])
    assert not failures
    by_text = {m.text: m for m in mentions["d1"]}
    assert by_text["Дмитрий Meдведев"].label == "PER"
    assert by_text["Дмитрий Meдведев"].folded
    assert "Дмитрий Meдведев встретился" in by_text["Дмитрий Meдведев"].context  # quoted as written
    assert not by_text["Москве"].folded
    assert all(text[m.start_char : m.end_char] == m.text for m in mentions["d1"])
