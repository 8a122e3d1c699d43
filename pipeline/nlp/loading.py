"""Choose and load the spaCy pipeline for a language, as the configuration says."""

from __future__ import annotations

import importlib.metadata
import importlib.util
from dataclasses import dataclass

import spacy
from spacy.language import Language

from pipeline.nlp.russian import build_natasha_pipeline

NATASHA = "natasha"


@dataclass(frozen=True)
class ModelInfo:
    """What produced the mentions of one language; recorded in the output metadata."""

    lang: str
    name: str
    version: str


def load_pipeline(lang: str, candidates: tuple[str, ...]) -> tuple[Language, ModelInfo]:
    """The first installed candidate wins, so the official package is preferred when present."""
    for name in candidates:
        if name == NATASHA:
            return build_natasha_pipeline(), ModelInfo(lang, "natasha+slovnet-news-ner", _version("natasha"))
        if importlib.util.find_spec(name) is not None:
            nlp = spacy.load(name)
            nlp.add_pipe("entity_boundaries", after="ner")
            nlp.add_pipe("parenthesized_acronyms", after="entity_boundaries")
            nlp.add_pipe("document_names", after="parenthesized_acronyms")
            return nlp, ModelInfo(lang, name, nlp.meta.get("version", _version(name)))
    raise RuntimeError(
        f"no spaCy pipeline for {lang!r} is installed; tried {list(candidates)}. "
        "Install one of them (see pyproject.toml) or change [ner] in the configuration."
    )


def _version(distribution: str) -> str:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"
