"""Functions the training config names (`spacy train ... --code training/code.py`).

* `newsents.case_copies.v1`: the augmenter. News has lines in capitals (headlines, datelines,
  sports results) and lines without any; CoNLL's sentences are mostly in mixed case. Besides
  each example it yields, for some of its sentences, a copy of that sentence in capitals or in
  lowercase, with the same entities.
* `newsents.name_scorer.v1`: the NER scorer, plus exact F1 over PER/ORG/LOC only, the measure
  the project is judged on (CoNLL's MISC is trained but not output; DATE is silver), for each dev
  set (`names_f_conll`, `names_f_wikigold`: `training/prepare.py` marks each document's set) and
  `names_f`, their mean, which picks the best model.
* `newsents.package_lookups.v1`: the base package's lookup tables (`lexeme_norm`), so the NORM
  feature the model hashes is the one the package's own NER learnt with.
* `newsents.sourced_ner.v1`: for a `ner` copied from the package and fine-tuned, adds the labels
  the package lacks (CoNLL's MISC) and gives it the scorer above (a copied component keeps its
  package's configuration).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator

import spacy
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.scorer import get_ner_prf
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from pipeline.labels import MODEL_LABELS, NAME_LABELS

NAME_MODEL_LABELS = frozenset(label for schema, label in MODEL_LABELS["en"].items() if schema in NAME_LABELS)
"""The English model labels of PER/ORG/LOC: PERSON, ORG, GPE."""


@registry.augmenters("newsents.case_copies.v1")
def case_copies(upper: float, lower: float, seed: int) -> Callable[[Language, Example], Iterator[Example]]:
    """Each example, then a copy in capitals of each of its sentences with probability `upper`, and
    a lowercase copy with probability `lower` (seeded: the same copies in every run)."""
    rng = random.Random(seed)

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        yield example
        if not (upper or lower):
            return
        for sentence in example.reference.sents:
            for rate, change in ((upper, str.upper), (lower, str.lower)):
                if rng.random() < rate:
                    yield _recased(nlp, sentence, change)

    return augment


def _recased(nlp: Language, sentence, change: Callable[[str], str]) -> Example:
    words = [change(token.text) for token in sentence]
    spaces = [bool(token.whitespace_) for token in sentence][:-1] + [False]
    tags = ["O"] * len(words)
    for entity in sentence.ents:
        first, last = entity.start - sentence.start, entity.end - sentence.start
        tags[first:last] = [f"B-{entity.label_}"] + [f"I-{entity.label_}"] * (last - first - 1)
    reference = Doc(nlp.vocab, words=words, spaces=spaces, ents=tags)
    return Example(nlp.make_doc(reference.text), reference)


@registry.scorers("newsents.name_scorer.v1")
def name_scorer() -> Callable[..., dict]:
    return score_names


DEV_SETS = ("conll", "wikigold")
"""The dev sets `training/prepare.py` marks (`Doc.user_data["dev_set"]`); unmarked documents are CoNLL."""


def score_names(examples: list[Example], **kwargs) -> dict:
    """spaCy's NER scores, and exact-span F1 over PERSON/ORG/GPE (micro-averaged) per dev set,
    with `names_f` their mean over the sets present."""
    counts = {dev_set: [0, 0, 0] for dev_set in DEV_SETS}
    present = set()
    for example in examples:
        dev_set = example.reference.user_data.get("dev_set", DEV_SETS[0])
        present.add(dev_set)
        gold = {(e.start, e.end, e.label_) for e in example.reference.ents if e.label_ in NAME_MODEL_LABELS}
        pred = {(e.start, e.end, e.label_) for e in example.get_aligned_spans_x2y(example.predicted.ents) if e.label_ in NAME_MODEL_LABELS}
        tp_fp_fn = counts[dev_set]
        tp_fp_fn[0] += len(gold & pred)
        tp_fp_fn[1] += len(pred - gold)
        tp_fp_fn[2] += len(gold - pred)
    f1 = {dev_set: _f1(*counts[dev_set]) for dev_set in DEV_SETS}
    mean = sum(f1[dev_set] for dev_set in present) / len(present) if present else 0.0
    return {**get_ner_prf(examples, **kwargs), "names_f": mean, **{f"names_f_{dev_set}": f1[dev_set] for dev_set in DEV_SETS}}


def _f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


@registry.misc("newsents.package_lookups.v1")
def package_lookups(package: str) -> Lookups:
    return spacy.load(package, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner"]).vocab.lookups


@registry.callbacks("newsents.sourced_ner.v1")
def sourced_ner(labels: list[str]) -> Callable[[Language], Language]:
    def adapt(nlp: Language) -> Language:
        ner = nlp.get_pipe("ner")
        for label in labels:
            ner.add_label(label)
        ner.scorer = score_names
        return nlp

    return adapt
