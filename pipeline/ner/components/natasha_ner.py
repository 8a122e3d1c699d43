"""The `natasha_ner` component: natasha's slovnet news NER (PER, LOC, ORG) setting `doc.ents`.

No spaCy Russian NER model installs from the package index, but the `natasha` wheel ships
slovnet's news NER weights. Wrapping them as a registered component keeps both languages
behind one spaCy API (`nlp.pipe`, `doc.ents`).
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from pipeline.ner.components.spans import doc_text, set_entities


@lru_cache(maxsize=1)
def _news_ner_tagger():
    """Load navec embeddings + slovnet NER once per process (about 1 s, 30 MB)."""
    from natasha import NewsEmbedding, NewsNERTagger

    return NewsNERTagger(NewsEmbedding())


class NatashaNer:
    """Sets `doc.ents` from slovnet's news NER (labels PER, LOC, ORG)."""

    def __init__(self, name: str, batch_size: int):
        self.name = name
        self.batch_size = batch_size

    def __call__(self, doc: Doc) -> Doc:
        return next(self.pipe([doc]))

    def pipe(self, docs, batch_size: int | None = None):
        tagger = _news_ner_tagger()
        tagger.batch_size = batch_size or self.batch_size
        for batch in spacy.util.minibatch(docs, tagger.batch_size):
            texts = [doc_text(doc) for doc in batch]
            for doc, markup in zip(batch, tagger.map(texts)):
                yield self._set_entities(doc, markup.spans)

    def _set_entities(self, doc: Doc, spans) -> Doc:
        entities = []
        for span in spans:
            entity = doc.char_span(span.start, span.stop, label=span.type, alignment_mode="expand")
            if entity is not None:
                entities.append(entity)
        return set_entities(doc, filter_spans(entities), self.name)


@Language.factory("natasha_ner", default_config={"batch_size": 8})
def make_natasha_ner(nlp: Language, name: str, batch_size: int) -> NatashaNer:
    return NatashaNer(name, batch_size)


