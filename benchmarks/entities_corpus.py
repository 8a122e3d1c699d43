"""The cross-document entity corpus: build its documents and gold from the annotated source, check it, score it.

`gold/entities/corpus.txt` is written by hand with inline marks `[text|LABEL|entity]`; this script
writes the plain documents (`gold/entities/docs/`) and the gold (`gold/entities/gold.jsonl`, in the
style of the seeds gold: path, start, end, text, label, entity), and checks that every gold offset
quotes its text. `run` extracts the documents with the real CLI and scores them with
`pipeline.evaluation.evaluate` (entity B-cubed over exactly matched mentions).

    python -m benchmarks.entities_corpus [--build]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from pipeline.evaluation.evaluate import WITH_BOILERPLATE, evaluate

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "gold" / "entities"
SOURCE = CORPUS / "corpus.txt"
DOCS = CORPUS / "docs"
GOLD = CORPUS / "gold.jsonl"

_MARK = re.compile(r"\[([^|\]]+)\|(PER|ORG|LOC)\|([^\]]+)\]")


def parse_source(source: str) -> dict[str, tuple[str, list[dict]]]:
    """File name -> (plain text, gold rows) for every document of the annotated source."""
    documents: dict[str, tuple[str, list[dict]]] = {}
    for block in re.split(r"^=== ", source, flags=re.MULTILINE)[1:]:
        name, _, body = block.partition("\n")
        text, rows, position = [], [], 0
        for match in _MARK.finditer(body):
            text.append(body[position : match.start()])
            start = sum(map(len, text))
            surface, label, entity = match.groups()
            text.append(surface)
            rows.append({"path": name.strip(), "start": start, "end": start + len(surface), "text": surface, "label": label, "entity": entity})
            position = match.end()
        text.append(body[position:])
        documents[name.strip()] = ("".join(text), rows)
    return documents


def build() -> None:
    documents = parse_source(SOURCE.read_text(encoding="utf-8"))
    DOCS.mkdir(parents=True, exist_ok=True)
    for old in DOCS.glob("*.txt"):
        old.unlink()
    with GOLD.open("w", encoding="utf-8") as gold:
        for name, (text, rows) in sorted(documents.items()):
            (DOCS / name).write_text(text, encoding="utf-8")
            for row in rows:
                gold.write(json.dumps(row, ensure_ascii=False) + "\n")
    check()


def check() -> None:
    """Every gold row quotes its document at its offsets; raises with the first bad row."""
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = (DOCS / row["path"]).read_text(encoding="utf-8")
        if text[row["start"] : row["end"]] != row["text"]:
            raise ValueError(f"gold offsets do not quote the text: {row}")


def run() -> dict:
    """A fresh extraction of the corpus, scored: the `evaluate` report."""
    with tempfile.TemporaryDirectory(prefix="bench-entities-") as output:
        command = [sys.executable, "-m", "pipeline", "extract", "--input", str(DOCS), "--output", output, "--no-progress"]
        subprocess.run(command, check=True, cwd=ROOT, capture_output=True, text=True)
        return evaluate(GOLD, Path(output))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", action="store_true", help="rewrite docs/ and gold.jsonl from corpus.txt first")
    args = parser.parse_args()
    if args.build:
        build()
    check()
    report = run()[WITH_BOILERPLATE]
    bcubed, exact = report["bcubed"], report["exact"]["ALL"]["ALL"]
    print(f"entities corpus: exact F1 {exact['f1']:.3f}; entity B-cubed P {bcubed['precision']:.3f} R {bcubed['recall']:.3f} F1 {bcubed['f1']:.3f} over {bcubed['mentions']} matched mentions")


if __name__ == "__main__":
    main()
