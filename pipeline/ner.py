"""Stage 3: named-entity recognition with one spaCy pipeline per language, batched with nlp.pipe.

Model labels map onto one schema (the mapping is documented in the README):
PERSON/PER -> PER, ORG -> ORG, GPE/LOC -> LOC, DATE -> DATE; everything else is dropped.

A document is not always given to its model whole. It is cut into *pieces* (exact slices
of its text, with their start offset), and every piece goes through the same `nlp.pipe`:

* a paragraph written mostly in the other script (a Russian quote in an English article,
  an English press release in a Russian one) goes to the other language's pipeline, so the
  English model never tags Cyrillic as a pile of ORGs;
* a run of text longer than `MAX_PIECE_CHARS` is cut on paragraph boundaries, else
  sentence-ish ones, else whitespace, else hard, so spaCy's `nlp.max_length` never
  truncates or crashes and memory stays bounded.

Mentions are shifted back by their piece's offset and sentence indices continue across
pieces, so every offset indexes the whole document text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

from pipeline.nlp import load_pipeline
from pipeline.nlp.loading import ModelInfo
from pipeline.records import Document, Mention, crash_reason
from pipeline.scripts import script_counts

SCHEMA_LABELS = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "DATE": "DATE"}

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
    """An exact slice `text[start:start + len(piece.text)]` of a document, for one language's model."""

    doc_id: str
    lang: str
    start: int
    text: str


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


def split_document(doc: Document, available: set[str], max_chars: int = MAX_PIECE_CHARS) -> list[Piece]:
    """The pieces of a document, in text order; together they cover the whole text."""
    pieces = []
    for lang, run_start, run_end in language_runs(doc.text, doc.lang, available):
        for start, end in cut_points(doc.text, run_start, run_end, max_chars):
            pieces.append(Piece(doc.doc_id, lang, start, doc.text[start:end]))
    return pieces


class Recognizer:
    """Holds the loaded pipelines; turns documents of a supported language into mentions."""

    def __init__(self, models_by_lang: dict[str, tuple[str, ...]], batch_size: int, max_piece_chars: int = MAX_PIECE_CHARS):
        self.batch_size = batch_size
        self.max_piece_chars = max_piece_chars
        self.pipelines: dict[str, Language] = {}
        self.models: dict[str, ModelInfo] = {}
        for lang, candidates in models_by_lang.items():
            self.pipelines[lang], self.models[lang] = load_pipeline(lang, candidates)

    def recognize(self, documents: list[Document]) -> tuple[dict[str, list[Mention]], dict[str, str]]:
        """Mentions by doc_id, one nlp.pipe per language; and the documents NER failed on, with why."""
        failures: dict[str, str] = {}
        pieces_by_doc: dict[str, list[Piece]] = {}
        for doc in documents:
            if doc.lang not in self.pipelines:
                continue
            try:
                pieces_by_doc[doc.doc_id] = split_document(doc, set(self.pipelines), self.max_piece_chars)
            except Exception as error:
                failures[doc.doc_id] = crash_reason("NER", error)
        results: dict[tuple[str, int], tuple[list[Mention], int]] = {}
        for lang in self.pipelines:
            batch = [
                (doc_id, i, piece)
                for doc_id, pieces in pieces_by_doc.items()
                for i, piece in enumerate(pieces)
                if piece.lang == lang
            ]
            if not batch:
                continue
            try:
                results.update(self._pipe(lang, batch))
            except Exception:  # find the culprit(s) one document at a time; the others still get their mentions
                by_doc = defaultdict(list)
                for item in batch:
                    by_doc[item[0]].append(item)
                for doc_id, items in by_doc.items():
                    try:
                        results.update(self._pipe(lang, items))
                    except Exception as error:
                        failures[doc_id] = crash_reason("NER", error)
        mentions = {
            doc_id: _join_pieces(pieces, [results[(doc_id, i)] for i in range(len(pieces))])
            for doc_id, pieces in pieces_by_doc.items()
            if doc_id not in failures
        }
        return mentions, failures

    def _pipe(self, lang: str, items: list[tuple[str, int, Piece]]) -> dict[tuple[str, int], tuple[list[Mention], int]]:
        """(mentions relative to the piece, number of sentences) for each (doc_id, piece index)."""
        nlp, model_name = self.pipelines[lang], self.models[lang].name
        texts = ((piece.text, (doc_id, i)) for doc_id, i, piece in items)
        out = {}
        for spacy_doc, key in nlp.pipe(texts, as_tuples=True, batch_size=self.batch_size):
            out[key] = (mentions_of(spacy_doc, key[0], model_name), sum(1 for _ in spacy_doc.sents))
        return out


def _join_pieces(pieces: list[Piece], results: list[tuple[list[Mention], int]]) -> list[Mention]:
    """Shift each piece's mentions into whole-document offsets; sentence numbers run on across pieces."""
    joined: list[Mention] = []
    sentences_before = 0
    for piece, (mentions, n_sentences) in zip(pieces, results):
        for mention in mentions:
            joined.append(
                Mention(
                    doc_id=mention.doc_id,
                    start_char=mention.start_char + piece.start,
                    end_char=mention.end_char + piece.start,
                    text=mention.text,
                    label=mention.label,
                    sentence=mention.sentence + sentences_before,
                    source=mention.source,
                )
            )
        sentences_before += n_sentences
    return joined


def mentions_of(spacy_doc: SpacyDoc, doc_id: str, model_name: str) -> list[Mention]:
    """The schema-labelled entities of a processed spaCy Doc, as Mention records."""
    sentence_index = {sentence.start: i for i, sentence in enumerate(spacy_doc.sents)}
    mentions = []
    for entity in spacy_doc.ents:
        label = SCHEMA_LABELS.get(entity.label_)
        if label is None:
            continue
        mentions.append(
            Mention(
                doc_id=doc_id,
                start_char=entity.start_char,
                end_char=entity.end_char,
                text=entity.text,
                label=label,
                sentence=sentence_index[entity.sent.start],
                source=entity._.source or f"{model_name}:ner",
            )
        )
    return mentions
