"""A spaCy `Language("ru")` whose tokens, sentences and entities come from Natasha.

No spaCy Russian NER model installs from the package index, but the `natasha` wheel ships
slovnet's news NER weights (PER/LOC/ORG). Wrapping them as registered components keeps
both languages behind one spaCy API (`nlp.pipe`, `doc.ents`). The tokenizer is razdel's,
the same one slovnet was trained with, so every NER span lands on token boundaries.
"""

from __future__ import annotations

from functools import lru_cache

import razdel
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, registry

from pipeline.dates import find_russian_dates
from pipeline.gazetteer import default_gazetteer
from pipeline.morphology import can_be_genitive, is_common_noun, morph_analyzer
from pipeline.nlp.extensions import copy_span, set_entities
from pipeline.nlp.rulers import russian_bare_nouns
from pipeline.russian_forms import russian_base_form


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
    starts = {sentence.start for sentence in razdel.sentenize(doc.text)}
    previous_was_break = True
    for token in doc:
        is_break = token.is_space and "\n" in token.text
        token.is_sent_start = token.idx in starts or previous_was_break
        previous_was_break = is_break or (previous_was_break and token.is_space)
    return doc


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
            texts = [doc.text for doc in batch]
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


@Language.component("russian_dates")
def russian_dates(doc: Doc) -> Doc:
    """Add DATE entities from the Russian date rules where they do not overlap a name."""
    dates = [doc.char_span(start, end, label="DATE", alignment_mode="expand") for start, end in find_russian_dates(doc.text)]
    taken = {token.i for entity in doc.ents for token in entity}
    new = [span for span in dates if span is not None and not any(token.i in taken for token in span)]
    for span in new:
        span._.source = "russian_dates"
    return set_entities(doc, list(doc.ents) + filter_spans(new))


@Language.component("russian_name_checks")
def russian_name_checks(doc: Doc) -> Doc:
    """Two checks slovnet cannot make: a bare institutional noun is no name ("с Парламентом"),
    and a name the gazetteer knows under one label gets that label ("Европейского Союза" is
    the EU, an ORG, where slovnet says LOC)."""
    bare = russian_bare_nouns()
    gazetteer = default_gazetteer()
    checked = []
    for entity in doc.ents:
        if len(entity) == 1 and _lemma(entity.text) in bare:
            continue
        entries = gazetteer.candidates(russian_base_form(entity.text, entity.label_))
        if len(entries) == 1 and entries[0].label != entity.label_:
            entity = copy_span(entity, label=entries[0].label)
        checked.append(entity)
    return set_entities(doc, checked)


def _lemma(word: str) -> str:
    return morph_analyzer().parse(word)[0].normal_form


def build_natasha_pipeline() -> Language:
    """spacy.blank("ru") with razdel tokens and sentences, slovnet NER and date rules."""
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": "razdel_tokenizer.v1"}}})
    nlp.add_pipe("razdel_sentences")
    nlp.add_pipe("natasha_ner")
    nlp.add_pipe("entity_boundaries")
    nlp.add_pipe("document_names", name="document_names_first")
    nlp.add_pipe("russian_org_names")
    nlp.add_pipe("russian_name_checks")
    nlp.add_pipe("parenthesized_acronyms")
    nlp.add_pipe("document_names")
    nlp.add_pipe("russian_dates")
    return nlp


@Language.component("russian_org_names")
def russian_org_names(doc: Doc) -> Doc:
    """Join what slovnet splits inside one Russian organisation name, outermost span only.

    "Министерства энергетики" + "Республики Казахстан" -> one ORG (a genitive place or
    acronym directly after an ORG belongs to its name); "Комитета" + "ООН" likewise; and a
    "по ..." complement ("Комитет ООН по правам ребенка") extends the name up to the
    next punctuation, preposition or entity.
    """
    entities = list(doc.ents)
    merged: list[Span] = []
    for entity in entities:
        previous = merged[-1] if merged else None
        if previous is not None and previous.label_ == "ORG" and _continues_org(previous, entity):
            merged[-1] = copy_span(previous, end=entity.end)
        else:
            merged.append(entity)
    taken = {token.i for entity in merged for token in entity}
    extended = [_with_po_complement(entity, taken) if entity.label_ == "ORG" else entity for entity in merged]
    return set_entities(doc, extended)


def _continues_org(org: Span, entity: Span) -> bool:
    between = org.doc.text[org.end_char : entity.start_char]
    if between.strip() or "\n" in between or entity.label_ not in ("ORG", "LOC"):
        return False
    first = entity[0].text
    return first.isupper() or can_be_genitive(first)


PO_COMPLEMENT_MAX_WORDS = 4


def _with_po_complement(org: Span, taken: set[int]) -> Span:
    doc = org.doc
    i = org.end
    if i >= len(doc) or doc[i].lower_ != "по" or not is_common_noun(org[0].text):
        return org  # "ЮНИСЕФ по итогам встречи": only a body named by a common noun takes "по ..."
    end = i + 1
    while end < len(doc) and end - i <= PO_COMPLEMENT_MAX_WORDS and end not in taken:
        token = doc[end]
        if not token.is_alpha or not token.is_lower or token.lower_ in RUSSIAN_PREPOSITIONS:
            break
        end += 1
    return copy_span(org, end=end) if end > i + 1 else org


RUSSIAN_PREPOSITIONS = {"в", "во", "на", "по", "с", "со", "к", "ко", "о", "об", "от", "до", "из", "за", "для", "при", "и"}
