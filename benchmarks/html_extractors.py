"""HTML main-text extractors side by side: trafilatura (what `pipeline/ingest/html.py` uses),
jusText and readability-lxml, scored by word-level precision and recall of the article's text.

Pages:
* the five seeds, each wrapped in a news site's chrome (`benchmarks.news_pages`: navigation,
  share bar, a list of other headlines with rubrics and dates, footer) in the article's
  language, once with HTML5 sectioning tags and once as <div>s only (`-divs`); the Russian one
  also in windows-1251;
* real saved pages given with `--real FILE` (plain or .gz); their gold is the page's <h1> and the
  text of the element whose class contains `--gold-class` (default `entry-content`,
  the WordPress article body). The README names the pages measured and where they came from.

Precision: share of the extracted words (multiset of lower-cased \\w+ tokens) that are article
words; recall: share of the article's words extracted.

    python -m benchmarks.html_extractors [--real FILE ...] [--gold-class CLASS]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import re
import time
from pathlib import Path

import justext
import lxml.html
import trafilatura
from readability import Document as ReadabilityDocument

from benchmarks.news_pages import Article, news_page
from pipeline.ingest.html import read_page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
MIN_PARAGRAPH = 60
"""Seed lines this long are article prose; shorter ones are headings, datelines or chrome."""


def seed_articles() -> list[Article]:
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    titles = [next(line.strip() for line in text.splitlines() if line.strip()) for text in texts]
    articles = []
    for text, title in zip(texts, titles):
        lang = "ru" if re.search("[а-яА-Я]", title) else "en"
        paragraphs = [line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_PARAGRAPH and line.strip() != title]
        others = [other for other in titles if other != title]
        articles.append(Article(title=title, paragraphs=paragraphs, lang=lang, other_headlines=others))
    return articles


def generated_pages() -> list[tuple[str, bytes, str, str]]:
    """(name, bytes, gold text, lang) for the seeds in chrome; Russian also in windows-1251."""
    pages = []
    for index, article in enumerate(seed_articles()):
        pages.append((f"seed-{index}-{article.lang}", news_page(article).encode("utf-8"), article.text, article.lang))
        pages.append((f"seed-{index}-{article.lang}-divs", news_page(article, semantic=False).encode("utf-8"), article.text, article.lang))
        if article.lang == "ru":
            raw = news_page(article, charset="windows-1251").encode("cp1251")
            pages.append((f"seed-{index}-ru-1251", raw, article.text, "ru"))
    return pages


def real_page(path: Path, gold_class: str) -> tuple[str, bytes, str, str]:
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    root = lxml.html.document_fromstring(raw)
    body = next(element for element in root.iter() if gold_class in (element.get("class") or "").split())
    for element in body.iter("script", "style"):
        element.drop_tree()
    return path.name, raw, (root.findtext(".//h1") or "") + "\n" + body.text_content(), "en"


def words(text: str) -> collections.Counter:
    return collections.Counter(re.findall(r"\w+", text.lower()))


def score(extracted: str, gold: str) -> tuple[float, float]:
    got, want = words(extracted), words(gold)
    common = sum((got & want).values())
    return (common / sum(got.values()) if got else 0.0), (common / sum(want.values()) if want else 0.0)


def _trafilatura(raw: bytes, lang: str, **options) -> str:
    result = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False, **options)
    return "\n".join(part for part in (result.title, result.text) if part) if result else ""


def _justext(raw: bytes, lang: str) -> str:
    stoplist = justext.get_stoplist("Russian" if lang == "ru" else "English")
    return "\n".join(p.text for p in justext.justext(raw, stoplist) if not p.is_boilerplate)


def _readability(raw: bytes, lang: str) -> str:
    document = ReadabilityDocument(raw)
    return document.short_title() + "\n" + lxml.html.document_fromstring(document.summary()).text_content()


def _pipeline(raw: bytes, lang: str) -> str:
    return read_page(raw).text


EXTRACTORS = {
    "trafilatura": _trafilatura,
    "trafilatura (favor_precision)": lambda raw, lang: _trafilatura(raw, lang, favor_precision=True),
    "jusText": _justext,
    "readability-lxml": _readability,
    "newsents read_page (trafilatura + title)": _pipeline,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, action="append", default=[], help="a saved real news page (.html or .html.gz)")
    parser.add_argument("--gold-class", default="entry-content", help="class of the element holding a real page's article")
    args = parser.parse_args(argv)
    pages = generated_pages() + [real_page(path, args.gold_class) for path in args.real]
    print(f"| extractor | {' | '.join(name for name, *_ in pages)} | mean P | mean R | ms/page |")
    print("|---" * (len(pages) + 4) + "|")
    for name, extract in EXTRACTORS.items():
        cells, precisions, recalls = [], [], []
        started = time.perf_counter()
        for _, raw, gold, lang in pages:
            precision, recall = score(extract(raw, lang), gold)
            precisions.append(precision)
            recalls.append(recall)
            cells.append(f"{precision:.2f}/{recall:.2f}")
        elapsed = (time.perf_counter() - started) * 1000 / len(pages)
        mean_p, mean_r = sum(precisions) / len(pages), sum(recalls) / len(pages)
        print(f"| {name} | {' | '.join(cells)} | {mean_p:.3f} | {mean_r:.3f} | {elapsed:.0f} |")


if __name__ == "__main__":
    main()
