"""A long document costs what its length costs: the time per character does not grow with it.

News concatenated into one file repeats its names hundreds of times; a step that compares every
mention with every other (issue 18: `_fullest_person_names`, the Russian person-form agreement, the
chrome line of each mention) made such a file quadratic. These tests run the real models on real
news (factRuEval-dev, repeated so its names repeat) at n and 4n characters and compare the CPU
time per character of the two, measured in this process: ratios within one run, never a
wall-clock limit. A linear step gives a ratio near 1 (0.9 measured); the code before issue 18
gave 2.5 on the document steps at these sizes.
"""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from threadpoolctl import threadpool_limits

from pipeline.chrome import mark_document
from pipeline.config import load_config
from pipeline.link.linker import DocumentLinker
from pipeline.ner.pieces import MAX_PIECE_CHARS
from pipeline.ner.recognizer import Recognizer
from pipeline.normalize import normalize_document
from pipeline.records import Document
from pipeline.resources.gazetteer import load_gazetteer
from tests.conftest import ROOT

GROWTH_ALLOWED = 1.5
"""Per-character CPU at 4n over that at n: generous for a shared machine (linear code measures
0.6-1.2), well under what a step that is quadratic in the mentions gives."""

REPEATS = 3
"""Each size is measured this many times, alternating, and the fastest kept (other processes only
add); NER, the slow part, twice."""


def news_block(n_chars: int) -> str:
    """The first `n_chars` of real Russian news articles one after another (factRuEval-dev)."""
    articles = sorted((ROOT / "gold" / "factru-dev" / "docs").glob("*.txt"))
    texts, size = [], 0
    for path in articles:
        if size >= n_chars:
            break
        texts.append(path.read_text(encoding="utf-8") + "\n\n")
        size += len(texts[-1])
    return "".join(texts)[:n_chars]


@pytest.fixture(scope="module")
def recognizer() -> Recognizer:
    config = load_config()
    recognizer = Recognizer({"en": config.ner.english_models, "ru": config.ner.russian_models}, config.ner.batch_size)
    recognizer.recognize([_document(news_block(5_000))])  # loads the pipeline
    return recognizer


def _document(text: str) -> Document:
    return Document(doc_id="long", path="long.txt", sha256=None, n_bytes=None, text=text, lang="ru")


def _fastest(measure, sizes: dict[str, object], repeats: int = REPEATS) -> dict[str, float]:
    """The least CPU seconds of `measure(argument)` for each size, sizes alternating."""
    best = {size: float("inf") for size in sizes}
    with threadpool_limits(limits=1):
        for _ in range(repeats):
            for size, argument in sizes.items():
                started = time.process_time()
                measure(argument)
                best[size] = min(best[size], time.process_time() - started)
    return best


def test_ner_time_per_character_does_not_grow_with_the_piece(recognizer):
    """The model and our spaCy components on one piece of n and of 4n characters (a piece is the
    unit NER sees: at most `MAX_PIECE_CHARS`, so this covers the longest)."""
    block = news_block(MAX_PIECE_CHARS // 4 - 1_000)
    short, long = _document(block), _document(block * 4)
    assert len(long.text) <= MAX_PIECE_CHARS
    seconds = _fastest(lambda doc: recognizer.recognize([doc]), {"n": short, "4n": long}, repeats=2)
    growth = (seconds["4n"] / len(long.text)) / (seconds["n"] / len(short.text))
    assert growth < GROWTH_ALLOWED, seconds


def test_document_steps_time_per_character_do_not_grow_with_the_document(recognizer):
    """Normalisation, linking and the document's chrome on a document of 8 and of 32 copies of
    the news block (the block's real mentions, shifted to each copy, as NER's pieces give them)."""
    block = news_block(25_000)
    mentions, _ = recognizer.recognize([_document(block)])
    mentions = mentions["long"]
    sentences = max(m.sentence for m in mentions) + 1
    linker = DocumentLinker(load_gazetteer())

    def copies(k: int) -> tuple[Document, list]:
        shifted = [
            replace(m, start_char=m.start_char + i * len(block), end_char=m.end_char + i * len(block), sentence=m.sentence + i * sentences)
            for i in range(k)
            for m in mentions
        ]
        return _document(block * k), shifted

    def document_steps(document_and_mentions) -> None:
        doc, found = normalize_document(*document_and_mentions)
        mark_document(doc, linker.link(doc, found).mentions)

    sizes = {"n": copies(8), "4n": copies(32)}
    assert sum(m.label == "PER" for m in sizes["4n"][1]) > 1_000  # enough names for pairs to show
    seconds = _fastest(document_steps, sizes)
    growth = (seconds["4n"] / len(sizes["4n"][0].text)) / (seconds["n"] / len(sizes["n"][0].text))
    assert growth < GROWTH_ALLOWED, seconds
