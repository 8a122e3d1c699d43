"""The variants compared for models/en_ner, as edits of `training/en_ner.cfg` (one config, no copies).

* `scratch-vectors`: the config as committed: a `ner` from scratch with GloVe static vectors.
* `finetune-sm`: the base package's own `ner` (OntoNotes-trained, no static vectors) copied
  in and trained on, its PERSON/ORG/GPE/DATE outputs reused, MISC added.
* `...-nocase`: either without the case copies.

    python -m training.variants NAME --out FILE.cfg   (then `spacy train FILE.cfg ...`)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from thinc.api import Config

CONFIG = Path(__file__).resolve().parent / "en_ner.cfg"


def scratch_vectors(config: Config) -> Config:
    return config


def finetune_sm(config: Config) -> Config:
    config["components"]["ner"] = {"source": "${paths.base}"}
    config["initialize"]["vectors"] = None
    config["initialize"]["after_init"] = {"@callbacks": "newsents.sourced_ner.v1", "labels": ["MISC"]}
    return config


def conll_selection(config: Config) -> Config:
    """The best model by CoNLL dev alone (Wikigold is still scored, for the log)."""
    config["training"]["score_weights"]["names_f"] = 0.0
    config["training"]["score_weights"]["names_f_conll"] = 1.0
    return config


def no_case_copies(config: Config) -> Config:
    config["corpora"]["train"]["augmenter"]["upper"] = 0.0
    config["corpora"]["train"]["augmenter"]["lower"] = 0.0
    return config


VARIANTS = {
    "scratch-vectors": [scratch_vectors, conll_selection],
    "scratch-vectors-nocase": [scratch_vectors, no_case_copies, conll_selection],
    "finetune-sm": [finetune_sm, conll_selection],
    "finetune-sm-nocase": [finetune_sm, no_case_copies, conll_selection],
}


def variant_config(name: str) -> Config:
    config = Config().from_disk(CONFIG, interpolate=False)
    for edit in VARIANTS[name]:
        config = edit(config)
    return config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("name", choices=sorted(VARIANTS))
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    variant_config(args.name).to_disk(args.out)


if __name__ == "__main__":
    main()
