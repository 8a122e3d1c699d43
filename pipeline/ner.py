"""Stage 3: named-entity recognition with one spaCy pipeline per language, batched with nlp.pipe.

Model labels map onto one schema (the mapping is documented in the README):
PERSON/PER -> PER, ORG -> ORG, GPE/LOC -> LOC, DATE -> DATE; everything else is dropped.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc as SpacyDoc

from pipeline.nlp import load_pipeline
from pipeline.nlp.loading import ModelInfo
from pipeline.records import Document, Mention

SCHEMA_LABELS = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "DATE": "DATE"}


class Recognizer:
    """Holds the loaded pipelines; turns documents of a supported language into mentions."""

    def __init__(self, models_by_lang: dict[str, tuple[str, ...]], batch_size: int):
        self.batch_size = batch_size
        self.pipelines: dict[str, Language] = {}
        self.models: dict[str, ModelInfo] = {}
        for lang, candidates in models_by_lang.items():
            self.pipelines[lang], self.models[lang] = load_pipeline(lang, candidates)

    def recognize(self, documents: list[Document]) -> tuple[dict[str, list[Mention]], dict[str, str]]:
        """Mentions by doc_id, one nlp.pipe per language; and the documents NER failed on, with why."""
        mentions: dict[str, list[Mention]] = {}
        failures: dict[str, str] = {}
        for lang, nlp in self.pipelines.items():
            batch = [doc for doc in documents if doc.lang == lang]
            try:
                mentions.update(self._pipe(lang, batch))
            except Exception:  # find the culprit(s) one by one; the others still get their mentions
                for doc in batch:
                    try:
                        mentions.update(self._pipe(lang, [doc]))
                    except Exception as error:
                        failures[doc.doc_id] = f"NER failed ({type(error).__name__}: {error}); please report it"
        return mentions, failures

    def _pipe(self, lang: str, documents: list[Document]) -> dict[str, list[Mention]]:
        nlp, model_name = self.pipelines[lang], self.models[lang].name
        texts = ((doc.text, doc.doc_id) for doc in documents)
        return {
            doc_id: mentions_of(spacy_doc, doc_id, model_name)
            for spacy_doc, doc_id in nlp.pipe(texts, as_tuples=True, batch_size=self.batch_size)
        }


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
