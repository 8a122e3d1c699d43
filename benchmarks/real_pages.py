"""Page chrome and titles on real saved news pages: how many PER/ORG/LOC mentions come from outside
the article and are not flagged, how precise the flags are, how much of the article survives.

`gold/real_pages/pages.jsonl` marks, for each page under `gold/real_pages/pages/` (gzipped HTML from
public repositories, sources and licences in its README), the article's title without the site
name, the site's names as the page writes them, and the article body as paragraphs. An extraction
(the real CLI, into a temporary folder, or `--output DIR` for an existing one) is scored:

* each line of `documents.text` is *article* when a gold paragraph holds it (letters and digits
  compared, case folded; a line under `SHORT_LINE` letters must be most of a paragraph, so a
  byline "Jane Doe" is not article because the body names her), the first line (the title) is
  article except for a site name in it, every other line is *chrome*;
* `leaked`: chrome PER/ORG/LOC mentions not flagged `in_chrome`, as a share of all PER/ORG/LOC
  mentions; `flag_precision`: share of flagged mentions that are chrome; `article_recall`: share
  of article mentions not flagged; `body_recall`: share of the gold body's words (multiset) found
  in the text's lines not marked chrome (`pipeline.chrome.cue_lines`): the article was not cut;
* `title_site_leaks`: pages whose `documents.title` still holds a site name the gold title does not.

    python -m benchmarks.real_pages [--output DIR] [--gold FILE] [--review]
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.chrome import cue_lines

ROOT = Path(__file__).resolve().parent.parent
REAL_PAGES = ROOT / "gold" / "real_pages"
PAGES = REAL_PAGES / "pages"
GOLD = REAL_PAGES / "pages.jsonl"
NAMED = ("PER", "ORG", "LOC")
SHORT_LINE = 40
"""Letters below which a line must be most of one gold paragraph (not just inside one) to be article."""

_NOT_LETTERS = re.compile(r"[\W_]+")
_WORD = re.compile(r"\w+")


def letters(text: str) -> str:
    return _NOT_LETTERS.sub("", text).casefold()


def load_gold(path: Path = GOLD) -> dict[str, dict]:
    """Page file name (without .gz) -> its gold record."""
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {record["file"].removesuffix(".gz"): record for record in records}


@dataclass
class PageScore:
    name: str
    lang: str
    mentions: int = 0
    chrome: int = 0  # mentions outside the article (gold)
    leaked: int = 0  # chrome, not flagged
    flagged: int = 0
    flagged_chrome: int = 0
    article: int = 0
    article_kept: int = 0  # article, not flagged
    body_words: int = 0
    body_words_found: int = 0
    title_site_leak: bool = False
    review: list[str] = field(default_factory=list)


def is_article_line(line: str, paragraphs: list[str]) -> bool:
    key = letters(line)
    if not key:
        return True
    for paragraph in paragraphs:
        if key in paragraph and (len(key) >= SHORT_LINE or 2 * len(key) >= len(paragraph)):
            return True
    return False


def site_name_spans(title_line: str, site_names: list[str]) -> list[tuple[int, int]]:
    """Where the page's site names occur in its title line, as whole words."""
    spans = []
    for site in site_names:
        for match in re.finditer(rf"(?<!\w){re.escape(site)}(?!\w)", title_line, re.IGNORECASE):
            spans.append(match.span())
    return spans


def score_page(name: str, gold: dict, text: str, title: str | None, mentions: pd.DataFrame) -> PageScore:
    score = PageScore(name, gold["lang"])
    paragraphs = [letters(paragraph) for paragraph in [*gold["body"], gold["title"]]]  # a repeated headline is the title
    title_end = text.find("\n")
    title_end = len(text) if title_end < 0 else title_end
    site_spans = site_name_spans(text[:title_end], gold["site_names"])
    flagged_lines = [(line.start, line.end) for line in cue_lines(text)]
    line_spans = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    article_lines = {start: start < title_end or is_article_line(text[start:end], paragraphs) for start, end in line_spans}
    for row in mentions.itertuples():
        if row.label not in NAMED:
            continue
        line_start = text.rfind("\n", 0, row.start_char) + 1
        if row.start_char < title_end:
            chrome = any(start < row.start_char + len(row.text) and row.start_char < end for start, end in site_spans)
        else:
            chrome = not article_lines.get(line_start, True)
        score.mentions += 1
        score.chrome += chrome
        score.leaked += chrome and not row.in_chrome
        score.flagged += bool(row.in_chrome)
        score.flagged_chrome += chrome and bool(row.in_chrome)
        score.article += not chrome
        score.article_kept += not chrome and not row.in_chrome
        if chrome != bool(row.in_chrome):
            what = "LEAK" if chrome else "CUT "
            line_end = text.find("\n", row.start_char)
            score.review.append(f"  {what} {row.label} {row.text!r:30} in: {text[line_start:line_end if line_end >= 0 else None][:160]!r}")
    kept_text = " ".join(text[s:e] for s, e in line_spans if not any(fs <= s < fe for fs, fe in flagged_lines))
    gold_words = collections.Counter(word.casefold() for paragraph in gold["body"] for word in _WORD.findall(paragraph))
    found_words = collections.Counter(word.casefold() for word in _WORD.findall(kept_text))
    score.body_words = sum(gold_words.values())
    score.body_words_found = sum(min(n, found_words[word]) for word, n in gold_words.items())
    score.title_site_leak = bool(title) and bool(site_name_spans(title, gold["site_names"])) and not site_name_spans(gold["title"], gold["site_names"])
    return score


def score_output(output: Path, gold: dict[str, dict] | None = None) -> list[PageScore]:
    gold = gold if gold is not None else load_gold()
    documents = pd.read_parquet(output / "documents.parquet", columns=["doc_id", "path", "status", "title", "text"])
    mentions = pd.read_parquet(output / "mentions.parquet", columns=["doc_id", "start_char", "text", "label", "in_chrome"])
    by_doc = dict(tuple(mentions.groupby("doc_id")))
    scores = []
    for row in documents.itertuples():
        name = Path(row.path).name.removesuffix(".gz")
        if name not in gold:
            continue
        page_mentions = by_doc.get(row.doc_id, mentions.iloc[0:0])
        if row.status != "ok":
            scores.append(PageScore(name, gold[name]["lang"], review=[f"  NOT OK: {row.status}"]))
            continue
        scores.append(score_page(name, gold[name], row.text, row.title, page_mentions))
    return scores


def summary(scores: list[PageScore]) -> dict:
    """The whole set's figures, and per language."""
    result = {}
    for lang in ("ALL", "en", "ru"):
        part = [s for s in scores if lang in ("ALL", s.lang)]
        total = collections.Counter()
        for s in part:
            for key in ("mentions", "chrome", "leaked", "flagged", "flagged_chrome", "article", "article_kept", "body_words", "body_words_found"):
                total[key] += getattr(s, key)
        result[lang] = {
            "pages": len(part),
            "mentions": total["mentions"],
            "chrome_mentions": total["chrome"],
            "leaked": total["leaked"],
            "leaked_share": total["leaked"] / total["mentions"] if total["mentions"] else 0.0,
            "flagged": total["flagged"],
            "flag_precision": total["flagged_chrome"] / total["flagged"] if total["flagged"] else 1.0,
            "chrome_recall": total["flagged_chrome"] / total["chrome"] if total["chrome"] else 1.0,
            "article_recall": total["article_kept"] / total["article"] if total["article"] else 1.0,
            "article_mentions_kept": total["article_kept"],
            "body_recall": total["body_words_found"] / total["body_words"] if total["body_words"] else 1.0,
            "title_site_leaks": sum(s.title_site_leak for s in part),
            "not_ok": sum(not s.mentions and bool(s.review) for s in part),
        }
    return result


def run(output: Path | None = None, gold: dict[str, dict] | None = None) -> list[PageScore]:
    """Score an existing output folder, or a fresh extraction of the pages."""
    if output is not None:
        return score_output(output, gold)
    with tempfile.TemporaryDirectory(prefix="bench-real-pages-") as temp:
        command = [sys.executable, "-m", "pipeline", "extract", "--input", str(PAGES), "--output", temp, "--no-progress"]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        if done.returncode not in (0, 3):  # 3: some pages failed, and are scored as such
            raise RuntimeError(f"extract failed ({done.returncode}): {done.stderr[-2000:]}")
        return score_output(Path(temp), gold)


def format_summary(result: dict) -> str:
    lines = [f"{'lang':<5}{'pages':>6}{'mentions':>9}{'chrome':>7}{'leaked':>7}{'leak %':>7}{'flagged':>8}"
             f"{'flag P':>7}{'chr R':>7}{'art R':>7}{'body R':>7}{'title leaks':>12}"]
    for lang, r in result.items():
        lines.append(
            f"{lang:<5}{r['pages']:>6}{r['mentions']:>9}{r['chrome_mentions']:>7}{r['leaked']:>7}{100 * r['leaked_share']:>6.2f}%"
            f"{r['flagged']:>8}{r['flag_precision']:>7.3f}{r['chrome_recall']:>7.3f}{r['article_recall']:>7.3f}"
            f"{r['body_recall']:>7.3f}{r['title_site_leaks']:>12}"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="score this output folder instead of a fresh extraction")
    parser.add_argument("--review", action="store_true", help="list every leaked and every wrongly flagged mention")
    parser.add_argument("--gold", type=Path, default=GOLD, help="the gold file (default: %(default)s)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    scores = run(args.output, load_gold(args.gold))
    if args.review:
        for score in scores:
            if score.review:
                print(score.name)
                print("\n".join(score.review))
    result = summary(scores)
    print(format_summary(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
