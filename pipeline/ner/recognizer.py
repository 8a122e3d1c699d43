"""Stage 3: named-entity recognition with one spaCy pipeline per language, batched with nlp.pipe.

Model labels map onto the output schema through `pipeline.labels.SCHEMA_LABELS`; the
pipelines themselves are assembled in `pipeline.ner.build`. Documents are cut into pieces
(`pipeline.ner.pieces`) and the mentions shifted back into whole-document offsets.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace

from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc
from spacy.tokens import Span

from pipeline.labels import SCHEMA_LABELS
from pipeline.ner.build import DataFiles, ModelInfo, build_pipeline
from pipeline.ner.components.spans import make_doc
from pipeline.ner.models import reads_capitals, resolve_model
from pipeline.ner.pieces import MAX_PIECE_CHARS, RECASED_LANGUAGES, Piece, split_document
from pipeline.records import Document, Mention
from pipeline.status import crash_reason
from pipeline.text.homoglyphs import fold_lookalikes
from pipeline.text.snippets import snippet

CONTEXT_CHARS = 200
"""Longest `mentions.context`: the mention's sentence, cut around the mention when longer."""


BATCH_CHARS = 200_000
"""At most about this many characters in one nlp.pipe batch: `[ner] batch_size` news articles fit,
but as many pieces of a long file would hold gigabytes of model activations at once."""


class Recognizer:
    """Holds the pipelines, each loaded on first use (a worker given only Russian documents never
    loads the English model); turns documents of a supported language into mentions."""

    def __init__(
        self,
        models_by_lang: dict[str, tuple[str, ...]],
        batch_size: int,
        max_piece_chars: int = MAX_PIECE_CHARS,
        data: DataFiles = DataFiles(),
        recase: frozenset[str] | None = None,
    ):
        """`recase`: the languages whose lines in capitals are recased before NER; None = those of
        `RECASED_LANGUAGES` whose model does not read capitals itself."""
        self.batch_size = batch_size
        self.max_piece_chars = max_piece_chars
        self.data = data
        self.candidates = dict(models_by_lang)
        self.pipelines: dict[str, Language] = {}
        self.models: dict[str, ModelInfo] = {}
        self.recase = recase if recase is not None else frozenset(
            lang for lang in RECASED_LANGUAGES & set(self.candidates)
            if not reads_capitals(resolve_model(lang, self.candidates[lang]).name)
        )

    @property
    def languages(self) -> set[str]:
        return set(self.candidates) | set(self.pipelines)

    def pipeline(self, lang: str) -> Language:
        if lang not in self.pipelines:
            self.pipelines[lang], self.models[lang] = build_pipeline(lang, self.candidates[lang], self.data)
        return self.pipelines[lang]

    def recognize(
        self, documents: list[Document], on_progress: Callable[[int], None] | None = None
    ) -> tuple[dict[str, list[Mention]], dict[str, str]]:
        """Mentions by doc_id, one nlp.pipe per language; and the documents NER failed on, with why.
        `on_progress(n)` is told the characters of each piece as it is done (long files move too)."""
        failures: dict[str, str] = {}
        pieces_by_doc: dict[str, list[Piece]] = {}
        languages = self.languages
        for doc in documents:
            if doc.lang not in languages:
                continue
            try:
                pieces_by_doc[doc.doc_id] = split_document(doc, languages, self.max_piece_chars, self.recase)
            except Exception as error:
                failures[doc.doc_id] = crash_reason("NER", error)
        results: dict[tuple[str, int], tuple[list[Mention], int]] = {}
        for lang in sorted(languages):
            batch = [
                (doc_id, i, piece)
                for doc_id, pieces in pieces_by_doc.items()
                for i, piece in enumerate(pieces)
                if piece.lang == lang
            ]
            if not batch:
                continue
            try:
                results.update(self._pipe(lang, batch, on_progress))
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

    def _pipe(
        self, lang: str, items: list[tuple[str, int, Piece]], on_progress: Callable[[int], None] | None = None
    ) -> dict[tuple[str, int], tuple[list[Mention], int]]:
        """(mentions relative to the piece, number of sentences) for each (doc_id, piece index).

        Inside `nlp.memory_zone()` the strings the batch adds to the vocabulary are freed after
        it, so a long run's memory does not grow with every new word it has seen."""
        nlp = self.pipeline(lang)
        model_name = self.models[lang].name
        texts = ((make_doc(nlp, piece.model_text), (doc_id, i, piece.text)) for doc_id, i, piece in items)
        longest = max(len(piece.text) for _, _, piece in items)
        batch_size = max(1, min(self.batch_size, BATCH_CHARS // longest))
        out = {}
        with nlp.memory_zone():
            for spacy_doc, (doc_id, i, original) in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
                sentences = list(spacy_doc.sents)
                out[(doc_id, i)] = (mentions_of(spacy_doc, doc_id, model_name, original, sentences), len(sentences))
                if on_progress is not None:
                    on_progress(len(original))
        return out


def _join_pieces(pieces: list[Piece], results: list[tuple[list[Mention], int]]) -> list[Mention]:
    """Shift each piece's mentions into whole-document offsets; sentence numbers run on across pieces."""
    joined: list[Mention] = []
    sentences_before = 0
    for piece, (mentions, n_sentences) in zip(pieces, results):
        joined += [
            replace(
                mention,
                start_char=mention.start_char + piece.start,
                end_char=mention.end_char + piece.start,
                sentence=mention.sentence + sentences_before,
            )
            for mention in mentions
        ]
        sentences_before += n_sentences
    return joined


def mentions_of(spacy_doc: SpacyDoc, doc_id: str, model_name: str, original: str, sentences: list[Span]) -> list[Mention]:
    """The schema-labelled entities of a processed spaCy Doc, as Mention records. The model read a
    same-length variant of `original` (look-alike letters folded, capitals recased): mentions quote
    the original and say whether a fold touched them.

    Each mention's sentence by bisecting the sentence starts: `Span.sent` scans the document on
    each call, which made long pieces quadratic."""
    sentence_starts = [sentence.start for sentence in sentences]
    mentions = []
    for entity in spacy_doc.ents:
        label = SCHEMA_LABELS.get(entity.label_)
        if label is None:
            continue
        text = original[entity.start_char : entity.end_char]
        mentions.append(
            Mention(
                doc_id=doc_id,
                start_char=entity.start_char,
                end_char=entity.end_char,
                text=text,
                label=label,
                sentence=(k := bisect.bisect_right(sentence_starts, entity.start) - 1),
                context=_context(entity, sentences[k], original),
                source=entity._.source or f"{model_name}:ner",
                gazetteer_id=entity._.gazetteer_id,
                folded=fold_lookalikes(text) != text,
            )
        )
    return mentions


def _context(entity: Span, sentence: Span, original: str) -> str:
    """The mention's sentence as written (`original`, not the folded text the model read)."""
    return snippet(original, entity.start_char, entity.end_char, CONTEXT_CHARS, sentence.start_char, sentence.end_char)
