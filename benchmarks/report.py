"""Report build time and page sizes on a synthetic output folder of N documents.

    python -m benchmarks.report [--documents 10000]

The tables have the real schemas and metadata (`pipeline.write`), made-up content shaped like
news: about 3,000 characters and 45 mentions a document, entities drawn from a long-tailed
(Zipf) pool so a few are everywhere and most are rare, 2% of the files not ok.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import random
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipeline.labels import DATE, LOC, ORG, PER
from pipeline.report.build import build_report
from pipeline.status import Status
from pipeline.write import TABLES, table_metadata

SYLLABLES = "ka ra mo lin da te su vor an el ni po zha ber ul sa to mi gor ev".split()
FILLER = "the of said and in a to on for with was that by officials report new plan".split()
PATTERN = ((LOC, "In {}, "), (PER, "{} "), (None, "{} "), (ORG, "of the {} "), (None, "{} "), (DATE, "on {}. "))
MONTHS = "January February March April May June July August September October November December".split()


def _name(rng: random.Random, words: int) -> str:
    return " ".join("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize() for _ in range(words))


def _id(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def write_synthetic_output(folder: Path, n_documents: int, seed: int = 0) -> None:
    """documents/mentions/entities.parquet with the pipeline's schemas and metadata in `folder`."""
    rng = random.Random(seed)
    pool = {label: [_name(rng, words) for _ in range(size)] for label, words, size in ((PER, 2, 8000), (ORG, 3, 4000), (LOC, 1, 3000))}
    weights = {label: [1 / (rank + 1) for rank in range(len(names))] for label, names in pool.items()}
    documents, mentions = [], []
    tallies: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for number in range(n_documents):
        doc_id, path = _id(f"doc{number}"), f"site{number % 7}/{number:06d}.txt"
        lang = "ru" if number % 5 == 0 else "en"
        status = Status.OK if number % 50 else rng.choice([Status.BINARY, Status.EMPTY, Status.DUPLICATE])
        published = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randrange(3650)) if rng.random() < 0.7 else None
        text, sentence, rows = "", 0, []
        if status == Status.OK:
            text = f"{_name(rng, 5)} news\n\n"
            for _ in range(8):
                for label, template in PATTERN:
                    if label is None:
                        value = " ".join(rng.choices(FILLER, k=rng.randint(8, 20)))
                    elif label == DATE:
                        day = datetime.date(2014, 1, 1) + datetime.timedelta(days=rng.randrange(4000))
                        value = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
                    else:
                        value = rng.choices(pool[label], weights[label])[0]
                    start = len(text) + template.index("{}")
                    text += template.format(value)
                    if label is not None:
                        rows.append(_mention(doc_id, start, value, label, lang, sentence, day if label == DATE else None))
                        if label != DATE:
                            tallies[(label, value)][doc_id] += 1
                sentence += 1
                text += "\n\n" if sentence % 3 == 0 else ""
        documents.append(
            {"doc_id": doc_id, "path": path, "sha256": _id(path) * 4, "n_bytes": len(text.encode()), "n_chars": len(text),
             "encoding": "utf-8", "lang": lang if text else None, "lang_prob": 0.99 if text else None, "lang_reliable": bool(text),
             "lang_mix": 0.0, "status": str(status), "error": None if status == Status.OK else f"synthetic {status} file",
             "duplicate_of": None, "published": published, "format": "text" if text else None, "chrome_chars": 0,
             "title": text.split("\n")[0] or None, "text": text}
        )
        mentions += rows
    entities = [
        {"entity_id": _id(f"{label}:{name}"), "label": label, "name": name, "name_ru": None, "aliases": [name],
         "wikidata_id": None, "n_mentions": sum(docs.values()), "n_mentions_article": sum(docs.values()), "n_docs": len(docs),
         "langs": ["en"]}
        for (label, name), docs in sorted(tallies.items())
    ]
    metadata = table_metadata("synthetic", {"en": {"name": "synthetic", "version": "0"}}, json.dumps({"synthetic": True}), {})
    for name, rows in (("documents", documents), ("mentions", mentions), ("entities", entities)):
        schema = TABLES[name].with_metadata({key: value.encode() for key, value in metadata.items()})
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), folder / f"{name}.parquet", compression="zstd")


def _mention(doc_id: str, start: int, text: str, label: str, lang: str, sentence: int, day: datetime.date | None) -> dict:
    end = start + len(text)
    return {
        "doc_id": doc_id, "mention_id": f"{doc_id}:{start}-{end}", "start_char": start, "end_char": end, "text": text,
        "label": label, "lang": lang, "normalized": text, "entity_id": None if day else _id(f"{label}:{text}"),
        "sentence": sentence, "context": text, "source": "synthetic", "folded": False, "date_value": day and day.isoformat(),
        "date_start": day, "date_end": day, "date_granularity": day and "day", "in_chrome": False, "in_title": False,
    }


def measure(n_documents: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        started = time.monotonic()
        write_synthetic_output(folder, n_documents)
        generated = time.monotonic() - started
        built = build_report(folder)
        report = folder / "report"
        top_pages = {path.name: path.stat().st_size for path in report.glob("*.html")}
        return {
            "documents": n_documents,
            "mentions": pq.read_metadata(folder / "mentions.parquet").num_rows,
            "entities": pq.read_metadata(folder / "entities.parquet").num_rows,
            "generate_seconds": round(generated, 1),
            "report_seconds": round(built.seconds, 1),
            "files": built.n_files,
            "report_mb": round(built.n_bytes / 1e6, 1),
            "largest_page_kb": round(built.largest_file_bytes / 1e3),
            "top_level_pages_kb": {name: round(size / 1e3) for name, size in sorted(top_pages.items())},
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10000)
    print(json.dumps(measure(parser.parse_args().documents), indent=2))


if __name__ == "__main__":
    main()
