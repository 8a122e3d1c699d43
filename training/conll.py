"""CoNLL-2003 English files (`train.txt`, `valid.txt`) as articles, and as spaCy training documents.

An article is what lies between two `-DOCSTART-` lines; its text is rebuilt as Wikigold's is
(tokens joined by one space, sentences by a newline), so the gold offsets and the product's
NER (which reads text, not tokens) meet on the same characters. CoNLL labels become the English
model labels the pipeline's rules already speak (`pipeline.labels.CONLL_LABELS`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc
from spacy.vocab import Vocab

from pipeline.labels import CONLL_LABELS

SENTENCES_PER_EXAMPLE = 10
"""Training examples are runs of up to this many sentences of one article (as `spacy convert -n 10`):
the CNN sees four tokens to each side, so longer examples only make uneven batches."""


@dataclass(frozen=True)
class Article:
    """One CoNLL article: its sentences as token lists, and its entities as (start, end, model label)
    character spans of `text`."""

    sentences: tuple[tuple[str, ...], ...]
    entities: tuple[tuple[int, int, str], ...]

    @property
    def text(self) -> str:
        return "\n".join(" ".join(words) for words in self.sentences)


def read_articles(path: Path) -> list[Article]:
    """The articles of a CoNLL-2003 file (IOB2 tags in the last column)."""
    articles, sentences, sentence = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        fields = line.split()
        if fields and fields[0] == "-DOCSTART-":
            if sentences:
                articles.append(_article(sentences))
            sentences = []
        elif fields:
            sentence.append((fields[0], fields[-1]))
        elif sentence:
            sentences.append(sentence)
            sentence = []
    if sentences:
        articles.append(_article(sentences))
    return articles


def _article(sentences: list[list[tuple[str, str]]]) -> Article:
    entities, offset = [], 0
    for sentence in sentences:
        start = label = None
        for word, tag in [*sentence, ("", "O")]:
            if label is not None and not tag.startswith("I-"):
                entities.append((start, offset - 1, CONLL_LABELS[label]))
                label = None
            if tag.startswith("B-"):
                start, label = offset, tag[2:]
            offset += len(word) + 1
        offset -= 1  # the sentinel's separator: the newline already counted after the last word
    return Article(tuple(tuple(word for word, _ in sentence) for sentence in sentences), tuple(entities))


def training_docs(article: Article, vocab: Vocab, extra: list[tuple[int, int, str]] = ()) -> tuple[list[Doc], int]:
    """The article as spaCy Docs of up to `SENTENCES_PER_EXAMPLE` sentences, CoNLL's tokens and
    sentence starts, with its entities plus `extra` spans (silver DATEs) that sit on token
    boundaries and overlap no entity; and how many of `extra` were left out."""
    words = [word for sentence in article.sentences for word in sentence]
    starts = [i == 0 for sentence in article.sentences for i in range(len(sentence))]
    doc = Doc(vocab, words=words, spaces=[True] * len(words), sent_starts=starts)
    spans = [doc.char_span(start, end, label) for start, end, label in article.entities]
    taken = {i for span in spans for i in range(span.start, span.end)}
    left_out = 0
    for start, end, label in extra:
        span = doc.char_span(start, end, label)
        if span is None or taken & set(range(span.start, span.end)):
            left_out += 1
            continue
        spans.append(span)
        taken |= set(range(span.start, span.end))
    doc.ents = sorted(spans, key=lambda span: span.start)
    docs, first = [], 0
    for k in range(SENTENCES_PER_EXAMPLE, len(article.sentences) + SENTENCES_PER_EXAMPLE, SENTENCES_PER_EXAMPLE):
        last = sum(map(len, article.sentences[:k]))
        if last > first:
            docs.append(doc[first:last].as_doc())
            first = last
    return docs, left_out
