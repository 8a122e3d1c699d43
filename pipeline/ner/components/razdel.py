"""razdel tokens and sentences for the Russian pipeline: `razdel_tokenizer.v1`, `razdel_sentences`.

razdel is the tokenizer slovnet was trained with, so every NER span lands on token boundaries.
"""

from __future__ import annotations

import numpy
import razdel
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import registry

from pipeline.ner.components.spans import doc_text


class RazdelTokenizer:
    """razdel tokens as a spaCy Doc; whitespace between tokens becomes spaCy whitespace tokens."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        position = 0
        for token in razdel.tokenize(text):
            _add_gap(text[position:token.start], words, spaces)
            words.append(token.text)
            spaces.append(False)
            position = token.stop
        _add_gap(text[position:], words, spaces)
        return Doc(self.vocab, words=words, spaces=spaces)


def _add_gap(gap: str, words: list[str], spaces: list[bool]) -> None:
    """spaCy stores one trailing space per token; any other whitespace is a token of its own."""
    if not gap:
        return
    if gap.startswith(" ") and words:
        spaces[-1] = True
        gap = gap[1:]
    if gap:
        words.append(gap)
        spaces.append(False)


@registry.tokenizers("razdel_tokenizer.v1")
def create_razdel_tokenizer():
    def create(nlp: Language) -> RazdelTokenizer:
        return RazdelTokenizer(nlp.vocab)

    return create


@Language.component("razdel_sentences")
def razdel_sentences(doc: Doc) -> Doc:
    """Sentence starts from razdel, plus a break after every blank line (headlines have no full stop)."""
    starts = {sentence.start for sentence in razdel.sentenize(doc_text(doc))}
    previous_was_break = True
    sentence_starts = []
    for token in doc:
        is_break = token.is_space and "\n" in token.text
        sentence_starts.append(1 if token.idx in starts or previous_was_break else -1)
        previous_was_break = is_break or (previous_was_break and token.is_space)
    # One array write: the `token.is_sent_start` setter checks the whole doc's annotation on each
    # call, which made long pieces quadratic.
    if sentence_starts:
        doc.from_array([SENT_START], numpy.array(sentence_starts, dtype="int64").astype("uint64").reshape(-1, 1))
    return doc


