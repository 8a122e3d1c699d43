"""Pieces of a document for NER: exact slices of its text, with their start offset and language.

A document is not always given to its model whole. It is cut into *pieces*, and every
piece goes through its language's `nlp.pipe`:

* a paragraph written mostly in the other script (a Russian quote in an English article,
  an English press release in a Russian one) goes to the other language's pipeline, so the
  English model never tags Cyrillic as a pile of ORGs;
* a run of text longer than `MAX_PIECE_CHARS` is cut on paragraph boundaries, else
  sentence-ish ones, else whitespace, else hard, so spaCy's `nlp.max_length` never
  truncates or crashes and memory stays bounded.

A piece's model reads `model_text`: the text with non-prose runs masked by spaces
(`pipeline.text.non_prose`), look-alike letters folded into each word's script
(`pipeline.text.homoglyphs`) and, for English, its lines in capitals recased
(`pipeline.text.letter_case`). All keep the length, so the model's offsets are the piece's. Mentions are shifted back by their piece's offset, take their text from the original,
and sentence indices continue across pieces, so every offset indexes the whole document text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.records import Document
from pipeline.text.homoglyphs import fold_lookalikes
from pipeline.text.letter_case import restore_caps_lines
from pipeline.text.non_prose import mask_non_prose
from pipeline.text.scripts import script_counts

RECASED_LANGUAGES = frozenset({"en"})
"""Languages whose model reads lines in capitals recased (the rules of `letter_case` are English),
unless the model learnt capitals itself (`pipeline.ner.models.reads_capitals`)."""

MAX_PIECE_CHARS = 100_000
"""Longest text given to a model at once; far below spaCy's nlp.max_length (1,000,000)."""

CUT_SEPARATORS = ("\n\n", "\n", ". ", " ")
"""Where a long run is cut, best first; with none in reach it is cut hard."""

OTHER_SCRIPT_SHARE = 0.5
"""A paragraph whose letters are more than this share in the other script goes to the other model..."""

MIN_OTHER_SCRIPT_LETTERS = 20
"""...if it has at least this many such letters (a one-word caption like 'Елбасы • 07 July' stays)."""

_BLANK_LINES = re.compile(r"\n[^\S\n]*\n\s*")


@dataclass(frozen=True)
class Piece:
    """An exact slice `text[start:start + len(piece.text)]` of a document, for one language's model,
    and what the model reads: the same text, with letter case restored in lines written in capitals."""

    doc_id: str
    lang: str
    start: int
    text: str
    model_text: str


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph; the blank lines between them belong to neither."""
    spans, position = [], 0
    for blank in _BLANK_LINES.finditer(text):
        if blank.start() > position:
            spans.append((position, blank.start()))
        position = blank.end()
    if position < len(text):
        spans.append((position, len(text)))
    return spans


def script_language(text: str) -> str | None:
    """'ru' or 'en' when the paragraph's letters are mostly Cyrillic or Latin and there are enough; else None."""
    counts = script_counts(text)
    for count, lang in ((counts.cyrillic, "ru"), (counts.latin, "en")):
        if count >= MIN_OTHER_SCRIPT_LETTERS and count > OTHER_SCRIPT_SHARE * counts.letters:
            return lang
    return None


def language_runs(text: str, lang: str, available: set[str]) -> list[tuple[str, int, int]]:
    """(lang, start, end) runs covering the text: the document's language, except paragraphs
    mostly in the other script when a pipeline for that script's language is available."""
    runs: list[tuple[str, int, int]] = []
    for start, end in paragraph_spans(text):
        by_script = script_language(text[start:end])
        piece_lang = by_script if by_script in available and by_script != lang else lang
        if runs and runs[-1][0] == piece_lang:
            runs[-1] = (piece_lang, runs[-1][1], end)
        else:
            runs.append((piece_lang, start, end))
    if not runs:
        return [(lang, 0, len(text))]
    # Leading/trailing whitespace and blank lines go with the nearest run, so the runs tile the text.
    tiled = []
    for i, (piece_lang, start, end) in enumerate(runs):
        start = 0 if i == 0 else start
        end = runs[i + 1][1] if i + 1 < len(runs) else len(text)
        tiled.append((piece_lang, start, end))
    return tiled


def cut_points(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Split text[start:end] into spans of at most max_chars, cutting after the best separator."""
    spans = []
    while end - start > max_chars:
        limit = start + max_chars
        floor = start + max_chars // 2  # never cut off a uselessly small piece
        cut = None
        for separator in CUT_SEPARATORS:
            found = text.rfind(separator, floor, limit - len(separator) + 1)
            if found != -1:
                cut = found + len(separator)
                break
        cut = cut or limit
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def split_document(
    doc: Document, available: set[str], max_chars: int = MAX_PIECE_CHARS, recase: frozenset[str] = RECASED_LANGUAGES
) -> list[Piece]:
    """The pieces of a document, in text order; together they cover the whole text but for
    pieces with nothing to read: the models read the text without its non-prose runs
    (`mask_non_prose`: base64, URLs, code), and a piece left blank by that is not sent to them
    (a 5-million-character base64 line cost 8 s in spaCy's tokenizer as 50 pieces of spaces).
    Pieces of the languages in `recase` read their lines in capitals recased."""
    pieces = []
    prose = mask_non_prose(doc.text)
    runs = language_runs(prose, doc.lang, available)
    folded = fold_lookalikes(prose)
    recased = restore_caps_lines(folded) if any(lang in recase for lang, _, _ in runs) else folded
    # Most texts need no mask, fold or recasing: then a piece's model reads its own slice, no copy.
    folded_as_is = folded == doc.text
    recased_as_is = folded_as_is if recased is folded else recased == doc.text
    for lang, run_start, run_end in runs:
        model_text, same = (recased, recased_as_is) if lang in recase else (folded, folded_as_is)
        for start, end in cut_points(doc.text, run_start, run_end, max_chars):
            text = doc.text[start:end]
            model = text if same else model_text[start:end]
            if not model.isspace() or text.isspace():
                pieces.append(Piece(doc.doc_id, lang, start, text, model))
    return pieces


