"""Language identification on short items and whole documents: errors and time per document.

* the short items of `tests/data/short_items_XX.txt` (one-sentence news, headlines, tables of
  numbers, price lists, sports results; written for this project): how many come out in
  another language than the file's, and how many English/Russian ones would be skipped;
* whole documents (the seeds, ../shared/eval/factru-dev, ../shared/eval/wikigold when present):
  the same answers and the time per document.

    python -m benchmarks.language [--shared DIR]     (DIR defaults to ../shared beside the checkout)
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.config import load_config
from pipeline.language import assign_language
from pipeline.records import Document

ROOT = Path(__file__).resolve().parent.parent
ITEMS = ROOT / "tests" / "data"
LANGUAGE = load_config().language  # the default configuration
SEED, SUPPORTED = LANGUAGE.seed, LANGUAGE.supported


def short_items(lang: str) -> list[str]:
    """The items of one language: blocks separated by blank lines, '#' comment blocks left out."""
    text = (ITEMS / f"short_items_{lang}.txt").read_text(encoding="utf-8")
    return [block.strip() for block in text.split("\n\n") if block.strip() and not block.lstrip().startswith("#")]


def item_languages() -> list[str]:
    return sorted(path.stem.removeprefix("short_items_") for path in ITEMS.glob("short_items_*.txt"))


def document_sets(shared: Path) -> dict[str, tuple[str, list[str]]]:
    sets = {"seeds": ("", [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))])}
    for name, lang in (("factru-dev", "ru"), ("wikigold", "en")):
        folder = shared / "eval" / name / "docs"
        if folder.is_dir():
            sets[name] = (lang, [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))])
    return sets


def run(texts: list[str]) -> tuple[list[Document], float]:
    """Assigned documents and seconds per document (detector loading excluded by a warm-up call)."""
    assign_language(Document("warm", "warm", None, None, "Warm-up text for the detectors, not measured."), SEED, SUPPORTED)
    started = time.perf_counter()
    docs = [assign_language(Document(str(i), str(i), None, None, text), SEED, SUPPORTED) for i, text in enumerate(texts)]
    return docs, (time.perf_counter() - started) / max(1, len(texts))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared", help="folder holding eval/factru-dev, eval/wikigold")
    args = parser.parse_args()
    print(f"{'set':<14}{'n':>5}{'wrong lang':>12}{'skipped en/ru':>15}{'ms/doc':>9}"
          f"{'detectors ran':>15}{'langdetect wrong':>18}{'lingua wrong':>14}")
    for lang in item_languages():
        docs, seconds = run(short_items(lang))
        wrong = [doc for doc in docs if doc.lang != lang]
        skipped = [doc for doc in docs if lang in SUPPORTED and not doc.is_ok]
        # each detector alone, on the items long enough for them (lingua: among en, ru and langdetect's answer)
        ran = [doc for doc in docs if getattr(doc, "lang_first", None)]
        alone = "".join(f"{sum(getattr(doc, field) != lang for doc in ran):>{width}}"
                        for field, width in (("lang_first", 18), ("lang_second", 14))) if ran else ""
        print(f"{'items-' + lang:<14}{len(docs):>5}{len(wrong):>12}{len(skipped):>15}{seconds * 1000:>9.2f}"
              f"{len(ran):>15}{alone}")
        for doc in wrong:
            print(f"    {doc.lang} {doc.status}: {' '.join(doc.text.split())[:90]}")
    for name, (lang, texts) in document_sets(args.shared).items():
        docs, seconds = run(texts)
        wrong = [doc for doc in docs if lang and doc.lang != lang]
        skipped = [doc for doc in docs if not doc.is_ok]
        print(f"{name:<14}{len(docs):>5}{len(wrong):>12}{len(skipped):>15}{seconds * 1000:>9.2f}")


if __name__ == "__main__":
    main()
