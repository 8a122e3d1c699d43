"""The variants compared for models/en_ner, as edits of `training/en_ner.cfg` (one config, no copies).

* `finetune-sm`: the config as committed: the base package's own `ner` (OntoNotes-trained, no
  static vectors) copied in and trained on, its PERSON/ORG/GPE/DATE outputs reused, MISC added;
* `scratch-vectors`: a `ner` of the same shape trained from scratch, with GloVe 6B 50d static
  vectors (`training/vectors.py`, the `train` extra) beside the hashed word features;
* `-nocase`: without the case copies; `-conllsel`: the best model by CoNLL dev alone instead of
  the mean of CoNLL dev and Wikigold.

    python -m training.variants NAME --out FILE.cfg   (then `spacy train FILE.cfg ...` as in en_ner.cfg,
    with `--paths.vectors` for the scratch variants)
"""

from __future__ import annotations

import argparse
from pathlib import Path

from thinc.api import Config

CONFIG = Path(__file__).resolve().parent / "en_ner.cfg"

SCRATCH_NER = {
    "factory": "ner",
    "incorrect_spans_key": None,
    "moves": None,
    "scorer": {"@scorers": "newsents.name_scorer.v1"},
    "update_with_oracle_cut_size": 100,
    "model": {
        "@architectures": "spacy.TransitionBasedParser.v2",
        "state_type": "ner",
        "extra_state_tokens": False,
        "hidden_width": 64,
        "maxout_pieces": 2,
        "use_upper": True,
        "nO": None,
        "tok2vec": {
            "@architectures": "spacy.Tok2Vec.v2",
            "embed": {
                "@architectures": "spacy.MultiHashEmbed.v2",
                "width": 96,
                "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                "rows": [5000, 1000, 2500, 2500],
                "include_static_vectors": True,
            },
            "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 96, "depth": 4, "window_size": 1, "maxout_pieces": 3},
        },
    },
}
"""The package's `ner` architecture (its config.cfg), with static vectors added."""


def finetune_sm(config: Config) -> Config:
    return config


def scratch_vectors(config: Config) -> Config:
    config["components"]["ner"] = SCRATCH_NER
    config["initialize"]["vectors"] = "${paths.vectors}"
    config["initialize"]["after_init"] = None
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
    "finetune-sm": [finetune_sm],
    "finetune-sm-conllsel": [finetune_sm, conll_selection],
    "finetune-sm-nocase-conllsel": [finetune_sm, no_case_copies, conll_selection],
    "scratch-vectors-conllsel": [scratch_vectors, conll_selection],
    "scratch-vectors-nocase-conllsel": [scratch_vectors, no_case_copies, conll_selection],
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
