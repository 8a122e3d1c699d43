"""mentions.context: a bounded, one-line snippet of the sentence around the mention."""

from __future__ import annotations

import pytest

from pipeline.text.snippets import ELLIPSIS, snippet

SENTENCE = "The delegation of the Ministry of Energy met representatives of UNICEF in Astana on Monday to sign a new plan."


def test_a_short_sentence_is_kept_whole_on_one_line():
    text = "Astana hosted\nthe  forum."
    assert snippet(text, 0, 6, 200) == "Astana hosted the forum."


@pytest.mark.parametrize("name", ["The delegation", "UNICEF", "new plan."])
def test_a_long_sentence_is_cut_around_the_mention_on_word_boundaries(name):
    start = SENTENCE.index(name)
    cut = snippet(SENTENCE, start, start + len(name), 40)
    assert name in cut and len(cut) <= 40
    words = set(SENTENCE.replace(".", " ").split())
    assert all(word.strip(".") in words for word in cut.strip(ELLIPSIS).split())  # no word cut in half
    assert cut.startswith(ELLIPSIS) == (not SENTENCE.startswith(cut.strip(ELLIPSIS)))
    assert cut.endswith(ELLIPSIS) == (not SENTENCE.endswith(cut.strip(ELLIPSIS)))


def test_a_mention_longer_than_the_limit_keeps_its_beginning():
    text = "x " + "Министерство " * 30 + "y"
    cut = snippet(text, 2, len(text) - 2, 50)
    assert len(cut) <= 50 and cut.startswith(ELLIPSIS + "Министерство")
