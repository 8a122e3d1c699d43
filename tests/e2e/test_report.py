"""The report as a person sees it: built by the real CLI from the seeds' tables, opened from disk
(file://) in Debian's headless chromium, with nothing fetched from the network."""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from markupsafe import escape
from PIL import Image

from benchmarks.report import write_synthetic_output
from pipeline.report.build import build_report
from pipeline.report.render import Limits
from tests.conftest import ROOT, Tables

CHROMIUM = shutil.which("chromium")
IN_CI = os.environ.get("CI") == "true"
WINDOW = (1280, 1600)
EXTERNAL = re.compile(r"""(?:\b(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//|@import|url\(\s*["']?\s*(?:https?:)?//)""", re.IGNORECASE)
TOP_LEVEL_FILES = {
    "index.html", "entities-PER.html", "entities-ORG.html", "entities-LOC.html",
    "cooccurrence.html", "timeline.html", "documents.html", "style.css",
}
LINK = re.compile(r"""\b(?:src|href)="([^"#]+)""")


@pytest.fixture(scope="module")
def report(seeds_output: Tables, tmp_path_factory) -> Path:
    """The seeds' tables copied to a folder of their own (the session's output stays as extract left it), then `report`."""
    output = tmp_path_factory.mktemp("report-output")
    for table in seeds_output.dir.glob("*.parquet"):
        shutil.copy(table, output)
    result = subprocess.run([sys.executable, "-m", "pipeline", "report", "--output", str(output)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "report:" in result.stderr
    return output / "report"


def _chromium(url: str, tmp_path: Path, *mode: str) -> subprocess.CompletedProcess:
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail("chromium is not installed: .ci/run installs it with apt-get before make test")
        pytest.skip("chromium is not installed (apt-get install -y chromium); CI installs it")
    command = [
        CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={tmp_path / 'chromium-profile'}", f"--window-size={WINDOW[0]},{WINDOW[1]}", *mode, url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def _screenshot(page: Path, tmp_path: Path) -> Image.Image:
    png = tmp_path / f"{page.stem}.png"
    _chromium(page.as_uri(), tmp_path, f"--screenshot={png}")
    return Image.open(png).convert("RGB")


def _assert_not_blank(image: Image.Image) -> None:
    assert image.size == WINDOW
    colors = image.getcolors(maxcolors=WINDOW[0] * WINDOW[1])
    background = max(colors)[1]
    painted = sum(count for count, color in colors if color != background)
    assert len(colors) > 50, "the page is nearly one colour"
    assert painted > 0.03 * WINDOW[0] * WINDOW[1], f"only {painted} pixels differ from the background {background}"


def _dom(page: Path, tmp_path: Path, fragment: str = "") -> str:
    return _chromium(page.as_uri() + fragment, tmp_path, "--dump-dom").stdout


def _most_mentioned(seeds_output: Tables, label: str) -> str:
    entities = seeds_output.entities[seeds_output.entities.label == label]
    return entities.sort_values(["n_mentions_article", "name"], ascending=[False, True]).iloc[0]["name"]


def test_summary_page_shows_the_corpus_and_its_top_entities(report: Path, seeds_output: Tables, tmp_path):
    _assert_not_blank(_screenshot(report / "index.html", tmp_path))
    dom = _dom(report / "index.html", tmp_path)
    for label in ("PER", "ORG", "LOC"):
        assert _most_mentioned(seeds_output, label) in dom, label
    assert f"{len(seeds_output.documents)} documents" in dom
    assert f"{(~seeds_output.mentions.in_chrome).sum()} mentions" in dom  # article mentions: chrome is left out
    models = json.loads(pq.read_schema(seeds_output.dir / "mentions.parquet").metadata[b"models"])
    assert models["en"]["name"] in dom and models["ru"]["name"] in dom  # run metadata from the tables' key-value metadata


def test_document_page_highlights_every_mention_and_links_it_to_its_entity(report: Path, seeds_output: Tables, tmp_path):
    doc_id = seeds_output.doc_id("002")  # the Russian article
    page = report / "doc" / f"{doc_id}.html"
    _assert_not_blank(_screenshot(page, tmp_path))
    dom = _dom(page, tmp_path)
    marks = re.findall(r'<mark class="entity"[^>]*>\s*(.*?)\s*<span', dom, re.DOTALL)
    mentions = seeds_output.mentions_of("002").sort_values("start_char")
    assert marks == mentions.text.tolist()
    names = seeds_output.entities.set_index("entity_id").name
    for entity_id in mentions.loc[~mentions.in_chrome, "entity_id"].dropna().unique():  # chrome-only entities get no page
        assert f'href="../entity/{entity_id}.html"' in dom
        assert names[entity_id] in dom  # the English name beside the Russian mention


def test_entity_page_links_back_to_every_document_that_mentions_it(report: Path, seeds_output: Tables):
    top = seeds_output.entities.sort_values("n_mentions", ascending=False).iloc[0]
    html = (report / "entity" / f"{top.entity_id}.html").read_text(encoding="utf-8")
    mentioned_in = seeds_output.mentions.loc[seeds_output.mentions.entity_id == top.entity_id, "doc_id"].unique()
    linked = set(re.findall(r'href="\.\./doc/([0-9a-f]+)\.html"', html))
    assert linked == set(mentioned_in)
    for published in seeds_output.documents.set_index("doc_id").loc[mentioned_in, "published"].dropna():
        assert str(published) in html  # the dates of the documents that mention it
    quoted = re.findall(r"<mark>(.*?)</mark>", html)
    written = set(seeds_output.mentions.loc[seeds_output.mentions.entity_id == top.entity_id, "text"].map(lambda text: str(escape(text))))
    assert len(quoted) == min(5, top.n_mentions) and set(quoted) <= written  # in their sentences (mentions.context)


def test_entity_tables_are_sortable_filterable_and_complete(report: Path, seeds_output: Tables, tmp_path):
    dom = _dom(report / "entities-LOC.html", tmp_path)
    in_report = seeds_output.entities[seeds_output.entities.n_mentions_article > 0]  # entities only in chrome are left out
    n_loc = (in_report.label == "LOC").sum()
    assert f"rows 1–{n_loc} of {n_loc}, page 1 of 1" in dom  # written by the page's script: it ran
    rows = re.findall(r'<tr id="([0-9a-f]+)"', dom)
    assert set(rows) == set(in_report.loc[in_report.label == "LOC", "entity_id"])
    filtered = _dom(report / "entities-LOC.html", tmp_path, "#filter=astana")
    assert f"rows 1–1 of 1 (filtered from {n_loc})" in filtered and ">Astana</a>" in filtered


def test_a_long_entity_table_is_paged_by_the_script(tmp_path):
    write_synthetic_output(tmp_path, 60, seed=3)
    build_report(tmp_path)
    page = tmp_path / "report" / "entities-PER.html"
    n_rows = page.read_text(encoding="utf-8").count("<tr id=")
    assert n_rows > 200
    dom = _dom(page, tmp_path)
    assert dom.count("<tr id=") == 100
    assert f"rows 1–100 of {n_rows}, page 1 of {-(-n_rows // 100)}" in dom


def test_the_report_references_nothing_outside_its_folder(report: Path, seeds_output: Tables):
    assert len(list((report / "doc").iterdir())) == len(seeds_output.documents)  # the seeds are far below the caps
    assert len(list((report / "entity").iterdir())) == (seeds_output.entities.n_mentions_article > 0).sum()
    assert {path.name for path in report.iterdir() if path.is_file()} == TOP_LEVEL_FILES
    files = [path for path in report.rglob("*") if path.is_file()]
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert not EXTERNAL.search(text), (path.name, EXTERNAL.search(text)[0])
        assert "http://" not in text and "https://" not in text, path.name
        for target in LINK.findall(text):
            assert (path.parent / target).resolve().is_file(), (path.name, target)


def test_large_corpus_pages_are_capped_and_say_so(tmp_path):
    write_synthetic_output(tmp_path, 60, seed=1)
    limits = Limits(document_pages=10, entity_pages=20, entity_rows=15)
    built = build_report(tmp_path, limits)
    report = tmp_path / "report"
    assert len(list((report / "doc").iterdir())) == 10
    assert len(list((report / "entity").iterdir())) == 20
    index = (report / "index.html").read_text(encoding="utf-8")
    assert "pages for the first 10 of" in index
    per = (report / "entities-PER.html").read_text(encoding="utf-8")
    assert per.count("<tr id=") == 15 and "The 15 most mentioned of" in per
    assert built.n_files == len([path for path in report.rglob("*") if path.is_file()])
    build_report(tmp_path, limits)  # a second build replaces the first and leaves nothing beside it
    assert sorted(path.name for path in tmp_path.iterdir()) == ["documents.parquet", "entities.parquet", "mentions.parquet", "report"]


def test_chrome_mentions_are_left_out_of_the_counts_when_the_tables_mark_them(tmp_path):
    write_synthetic_output(tmp_path, 12, seed=2)
    mentions = pq.read_table(tmp_path / "mentions.parquet")
    in_chrome = [i % 4 == 0 for i in range(mentions.num_rows)]
    marked = mentions.set_column(mentions.schema.get_field_index("in_chrome"), "in_chrome", pa.array(in_chrome))
    pq.write_table(marked, tmp_path / "mentions.parquet")
    build_report(tmp_path)
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert f"{mentions.num_rows - sum(in_chrome):,} mentions" in index and "article mentions" in index
    documents = list((tmp_path / "report" / "doc").iterdir())
    assert any("chrome" in page.read_text(encoding="utf-8") for page in documents)


def test_a_corpus_without_a_single_good_document_still_gets_a_report(tmp_path):
    write_synthetic_output(tmp_path, 1)  # its only file is not ok
    build_report(tmp_path)
    index = (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    assert "0 ok" in index and "synthetic" in index


def test_unreadable_tables_get_one_line_and_keep_the_previous_report(tmp_path):
    write_synthetic_output(tmp_path, 5)
    build_report(tmp_path)
    before = (tmp_path / "report" / "index.html").read_bytes()
    (tmp_path / "mentions.parquet").write_bytes(b"not parquet")
    result = subprocess.run([sys.executable, "-m", "pipeline", "report", "--output", str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2 and "cannot read the tables" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "report" / "index.html").read_bytes() == before


def test_missing_values_show_empty_sources_are_linked_and_the_timeline_ends_at_the_latest_publication(tmp_path):
    write_synthetic_output(tmp_path, 60, seed=1)  # 2 files not ok (no duplicate_of), DATE mentions from 2014 to 2025
    documents = pq.read_table(tmp_path / "documents.parquet")
    ok = [status == "ok" for status in documents.column("status").to_pylist()]
    first, second = [index for index, is_ok in enumerate(ok) if is_ok][:2]
    urls = [None] * documents.num_rows
    urls[first], urls[second] = "https://news.example.org/tarnport?id=7&lang=en", "javascript:alert(1)"
    published = [datetime.date(2019, 5, 1) if is_ok else None for is_ok in ok]
    for column, values, kind in (("url", urls, pa.string()), ("published", published, pa.date32())):
        documents = documents.set_column(documents.schema.get_field_index(column), column, pa.array(values, kind))
    pq.write_table(documents, tmp_path / "documents.parquet")
    build_report(tmp_path)
    report = tmp_path / "report"

    index = (report / "index.html").read_text(encoding="utf-8")
    assert "synthetic binary file" in index and ">nan<" not in index and "nan</td>" not in index

    doc_ids = documents.column("doc_id").to_pylist()
    linked = (report / "doc" / f"{doc_ids[first]}.html").read_text(encoding="utf-8")
    anchor = '<a class="source" href="https://news.example.org/tarnport?id=7&amp;lang=en" rel="external noopener noreferrer">'
    assert anchor in linked
    assert not EXTERNAL.search(linked.replace(anchor, ""))  # the source is the only address outside the folder
    unsafe = (report / "doc" / f"{doc_ids[second]}.html").read_text(encoding="utf-8")
    assert "javascript:alert(1)" in unsafe and 'href="javascript' not in unsafe

    timeline = (report / "timeline.html").read_text(encoding="utf-8")
    months = re.findall(r"<tr><td>(\d{4}-\d{2})</td>", timeline)
    years = re.findall(r"<tr><td>(\d{4})</td>", timeline.split("Dates after the latest publication date")[0])
    assert months and max(months) <= "2019-05" and max(years) == "2019"
    mentions = pq.read_table(tmp_path / "mentions.parquet").to_pandas()
    later = mentions[(mentions.label == "DATE") & (mentions.date_start > datetime.date(2019, 5, 1))]
    after = dict(re.findall(r"<tr><td>(\d{4})</td><td class=\"n\">([\d,]+)</td>", timeline.split("Dates after the latest publication date")[1]))
    assert after and sum(int(n.replace(",", "")) for n in after.values()) == len(later) > 0
    assert max(after) == str(max(later.date_start).year)
