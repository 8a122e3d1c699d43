"""The one place each spaCy pipeline is assembled, its components listed in order.

Importing the component modules registers their factories with spaCy. Components that carry
data (the gazetteer ruler, the non-entity word lists, the Russian name checks) take it through
their config, so `build_pipeline(..., data=...)` can give them other files (a test's small
gazetteer); `None` means the project's files under `models/`.
"""

from __future__ import annotations

from dataclasses import dataclass

import spacy
from spacy.language import Language

from pipeline.ner.components import (  # noqa: F401  (registers the factories)
    boundaries,
    breaks,
    date_checks,
    document_names,
    english_org_names,
    gazetteer_ruler,
    natasha_ner,
    non_entity_names,
    parenthesized_acronyms,
    razdel,
    russian_dates,
    russian_institutions,
    russian_name_checks,
    russian_org_names,
)
from pipeline.ner.models import NATASHA_MODEL, ModelInfo, resolve_model, shipped_pipeline


@dataclass(frozen=True)
class DataFiles:
    """Data files for the components that carry data; None = the project's file under models/."""

    gazetteer: str | None = None
    word_lists: str | None = None
    russian_institution_heads: str | None = None


def build_pipeline(lang: str, candidates: tuple[str, ...], data: DataFiles = DataFiles()) -> tuple[Language, ModelInfo]:
    """The first installed candidate wins: the trained model shipped under models/, else the package."""
    info = resolve_model(lang, candidates)
    if info.name == NATASHA_MODEL:
        return build_natasha(data), info
    nlp = load_statistical(info.name)
    add_rule_components(nlp, data)
    return nlp, info


def load_statistical(name: str) -> Language:
    """A spaCy pipeline (shipped under models/ or an installed package) reduced to what the product
    runs of it: `ner` and one sentence source; the rule components come after it."""
    nlp = spacy.load(shipped_pipeline(name) or name)
    keep_only_what_ner_uses(nlp)
    return nlp


SENTENCE_SOURCES = ("senter", "parser")
"""Where sentences come from (`mentions.sentence`, `context`, a sentence-initial "The"): the first
the package has. Its small `senter` finds nearly the parser's sentence starts at a fraction of its cost."""


def keep_only_what_ner_uses(nlp: Language) -> None:
    """Leave only `ner`, one sentence source and the shared embedding layers they listen to.

    A statistical package runs tagging, parsing, attribute rules and lemmas that nothing here
    reads; on news text they take about half the English time (`make bench`: the raw models as
    the package loads against `ner` + `senter` only). Its `ner` has its own embedding, so its
    entities are the same without them."""
    source = next((name for name in SENTENCE_SOURCES if name in nlp.component_names), None)
    if source is None:  # punctuation rules, for a package with neither
        source = "sentencizer"
        nlp.add_pipe(source, first=True)
    elif source in nlp.disabled:
        nlp.enable_pipe(source)
    needed = {"ner", source}
    embedders = {name: set(getattr(pipe, "listening_components", ())) for name, pipe in nlp.components}
    for name in list(nlp.component_names):
        if name not in needed and not (embedders[name] & needed):
            nlp.remove_pipe(name)


def add_rule_components(nlp: Language, data: DataFiles = DataFiles()) -> None:
    """After a statistical spaCy pipeline's `ner`: the gazetteer + date ruler, then our span rules.

    The ruler overwrites overlapping model spans (`overwrite_ents`): a curated name or a
    whole date beats the model's guess ("Saran" PER -> LOC, "October, 2018" -> "25 October,
    2018"), and the model's other spans stay. Measured on the seeds (2026-11-23, EN exact
    F1 ALL): model alone 0.660; ruler before `ner` 0.856; after `ner` with overwrite 0.861;
    plus the bracketed-acronym rule of `non_entity_names` 0.870.
    """
    nlp.add_pipe("span_breaks", after="ner")
    nlp.add_pipe("gazetteer_ruler", after="span_breaks", config={"gazetteer": data.gazetteer})
    nlp.add_pipe("ruler_source", after="gazetteer_ruler")
    nlp.add_pipe("date_checks", after="ruler_source")
    nlp.add_pipe("entity_boundaries", after="date_checks")
    if nlp.lang == "en":
        nlp.add_pipe("english_org_names", after="entity_boundaries")
    nlp.add_pipe("non_entity_names", last=True, config={"word_lists": data.word_lists})
    nlp.add_pipe("parenthesized_acronyms", last=True)
    nlp.add_pipe("document_names", last=True)


def build_natasha(data: DataFiles = DataFiles()) -> Language:
    """spacy.blank("ru") with razdel tokens and sentences, slovnet NER, our span rules and date rules."""
    nlp = spacy.blank("ru", config={"nlp": {"tokenizer": {"@tokenizers": "razdel_tokenizer.v1"}}})
    nlp.add_pipe("razdel_sentences")
    nlp.add_pipe("natasha_ner")
    nlp.add_pipe("span_breaks")
    nlp.add_pipe("entity_boundaries")
    nlp.add_pipe("document_names", name="document_names_first")
    nlp.add_pipe("russian_institutions", config={"heads": data.russian_institution_heads})
    nlp.add_pipe("russian_org_names")
    nlp.add_pipe("russian_name_checks", config={"gazetteer": data.gazetteer, "word_lists": data.word_lists})
    nlp.add_pipe("parenthesized_acronyms")
    nlp.add_pipe("document_names")
    nlp.add_pipe("russian_dates")
    return nlp
