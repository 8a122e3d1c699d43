"""The output schema's entity labels and how every model's labels map onto them.

One home for label knowledge: the stages, the spaCy components, the gazetteer and the
evaluation all take their label sets from here.
"""

from __future__ import annotations

PER, ORG, LOC, DATE = "PER", "ORG", "LOC", "DATE"

LABELS = (PER, ORG, LOC, DATE)
"""Every label of `mentions.label`, in report order."""

NAME_LABELS = frozenset({PER, ORG, LOC})
"""Labels of names: they link to canonical entities (DATE does not) and label gazetteer entries."""

SCHEMA_LABELS = {"PERSON": PER, "PER": PER, "ORG": ORG, "GPE": LOC, "LOC": LOC, "DATE": DATE}
"""Model label (spaCy English, slovnet, our rules) -> output label; any other label is dropped."""

MODEL_NAME_LABELS = frozenset(label for label, schema in SCHEMA_LABELS.items() if schema in NAME_LABELS)
"""Model labels of names: PERSON, PER, ORG, GPE, LOC."""

MODEL_PLACE_LABELS = frozenset({"GPE", "LOC"})

NATIONALITY = "NORP"
"""spaCy's nationalities, religious and political groups: name-like, but not in the schema."""

FACILITY = "FAC"
"""spaCy's buildings, airports, bridges: name-like, but not in the schema."""

MISCELLANEOUS = "MISC"
"""CoNLL-2003's other names (events, nationalities, works, products): the trained English model
(`models/en_ner`) learns them so that they stop being read as PER/ORG/LOC, and they are dropped
from the output like every label `SCHEMA_LABELS` does not map."""

CONLL_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "GPE", "MISC": MISCELLANEOUS}
"""CoNLL-2003 label -> the English model label it is trained as (`training/conll.py`): the names
spaCy's English package uses, so the trained model, the package it falls back to and the rule
components (`MODEL_LABELS["en"]`) speak one set of labels; CoNLL's LOC (countries, cities,
regions, rivers, mountains) is one place label, as GPE is to the rules."""

MODEL_LABELS = {
    "en": {PER: "PERSON", ORG: "ORG", LOC: "GPE"},
    "ru": {PER: "PER", ORG: "ORG", LOC: "LOC"},
}
"""Output label -> the label each language's statistical model uses, so rule-made spans and
model spans vote together inside the spaCy pipeline (`SCHEMA_LABELS` maps both back)."""
