"""Pages as they are scraped: HTML files (by name or by their bytes) and WARC archives, through
the real CLI. The tests build their own pages (`benchmarks.news_pages`: navigation, share bar,
a "Read also" list, footer) and a small crawl with warcio, including every bad case we know of.
"""

from __future__ import annotations

import datetime
import hashlib
import gzip
import io

import pandas as pd
import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from benchmarks.news_pages import CHROME_WORDS, Article, news_page
from tests.conftest import Tables, run_extract

ENGLISH = Article(
    title="Astana hosts a regional forum on water security",
    paragraphs=[
        "ASTANA – Ministers from five Central Asian countries met in Astana on Tuesday to discuss the shared use of the Syr Darya and Amu Darya rivers.",
        "The forum was opened by Kazakh Foreign Minister Murat Nurtleu, who called for a joint monitoring system for the region's glaciers.",
        "Representatives of the World Bank and the United Nations Development Programme presented a plan to modernise irrigation canals in Uzbekistan and Turkmenistan.",
    ],
    lang="en",
    date="2024-03-05",
    other_headlines=["Almaty opens a new metro station", "Wheat harvest exceeds forecasts in Kostanay"],
)

RUSSIAN = Article(
    title="В Караганде открылся новый онкологический центр",
    paragraphs=[
        "В Караганде в четверг открылся областной онкологический центр, построенный за счёт средств местного бюджета.",
        "На церемонии открытия выступил аким Карагандинской области Ермаганбет Булекпаев, который назвал центр «одним из самых современных в стране».",
        "Министерство здравоохранения Республики Казахстан планирует открыть подобные центры в Шымкенте и Павлодаре до конца следующего года.",
    ],
    lang="ru",
    date="2023-11-16",
    other_headlines=["В Темиртау отремонтируют мост через Нуру", "Снегопады ожидаются на севере страны"],
)

SCRIPT_ONLY = b"""<!DOCTYPE html><html><head><title></title><script src="/app.js"></script></head>
<body><div id="root"></div><script>window.__INITIAL_STATE__ = {"page": 1}; render(document.getElementById("root"));</script></body></html>
"""

EXPECTED_FILES = {
    "en_page.html": "ok",
    "ru_windows1251.htm": "ok",
    "saved_page": "ok",  # no extension: recognised by its bytes
    "says_utf8_is_1251.html": "ok",  # a wrong declared charset: the bytes win
    "truncated.html": "truncated",
    "script_only.html": "no_text",
}


def _canonical(page: str, url: str) -> str:
    return page.replace("</title>", f'</title>\n<link rel="canonical" href="{url}">', 1)


def _warc(records: list[tuple[str, str, bytes, list[tuple[str, str]] | None, str]]) -> bytes:
    """A gzipped WARC: (type, url, payload, HTTP headers, HTTP status line) per record."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warcinfo_record("crawl.warc.gz", {"software": "newsents tests"}))
    for kind, url, payload, headers, status in records:
        http = StatusAndHeaders(status, headers, protocol="HTTP/1.1") if headers is not None else None
        writer.write_record(writer.create_warc_record(url, kind, payload=io.BytesIO(payload), length=len(payload), http_headers=http))
    return buffer.getvalue()


CRAWL_PAGES = [
    ("request", "https://steppe.example/en/water", b"", [("Host", "steppe.example")], "GET /en/water HTTP/1.1"),
    ("response", "https://steppe.example/en/water", news_page(ENGLISH).encode("utf-8"),
     [("Content-Type", "text/html; charset=utf-8")], "200 OK"),
    ("response", "https://steppe.example/ru/onco", news_page(RUSSIAN, charset="windows-1251").encode("cp1251"),
     [("Content-Type", "text/html; charset=windows-1251")], "200 OK"),
    ("response", "https://steppe.example/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", [("Content-Type", "image/png")], "200 OK"),
    ("response", "https://steppe.example/old", b"", [("Location", "https://steppe.example/en/water")], "301 Moved Permanently"),
    ("response", "https://steppe.example/notice.txt",
     b"The editorial office of Steppe News moves to Almaty on 1 April.\n", [("Content-Type", "text/plain")], "200 OK"),
]
CRAWL_STATUSES = ["not_a_page", "not_a_page", "duplicate", "ok", "not_a_page", "not_a_page", "ok"]  # warcinfo first; the English page is also in broken.warc.gz, read first


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Tables:
    base = tmp_path_factory.mktemp("pages")
    root, output = base / "input", base / "output"
    root.mkdir()
    english = _canonical(news_page(ENGLISH), "https://steppe.example/en/water")
    (root / "en_page.html").write_text(english.replace("Central Asian", "Central&nbsp;Asian &ndash; and"), encoding="utf-8")
    (root / "ru_windows1251.htm").write_bytes(news_page(RUSSIAN, charset="windows-1251", address="Караганда, ул. Ерубаева, 5").encode("cp1251"))
    (root / "saved_page").write_bytes(news_page(ENGLISH, address="5 Kabanbay Batyr Avenue").encode("utf-8"))
    (root / "says_utf8_is_1251.html").write_bytes(news_page(RUSSIAN, charset="utf-8", address="Караганда").encode("cp1251"))
    full = news_page(ENGLISH, address="Almaty").encode("utf-8")
    (root / "truncated.html").write_bytes(full[: len(full) // 2])
    (root / "script_only.html").write_bytes(SCRIPT_ONLY)
    crawl = _warc(CRAWL_PAGES)
    (root / "crawl.warc.gz").write_bytes(crawl)
    (root / "broken.warc.gz").write_bytes(_warc(CRAWL_PAGES[1:2]) + gzip.compress(b"<html>no WARC record</html>"))
    return Tables(output, run_extract(root, output, check=False))


def _row(tables: Tables, path: str):
    return tables.documents[tables.documents.path == path].iloc[0]


def test_every_page_file_gets_its_status(pages: Tables):
    files = pages.documents[~pages.documents.path.str.contains("warc")]
    assert dict(zip(files.path, files.status)) == EXPECTED_FILES
    assert pages.result.returncode == 3  # truncated, no_text and a broken archive are failures


def test_html_page_becomes_its_article_text(pages: Tables):
    doc = _row(pages, "en_page.html")
    assert doc.format == "html" and doc.title == ENGLISH.title
    assert doc.text.startswith(ENGLISH.title + "\n")
    assert "Central Asian – and countries" in doc.text  # entities decoded
    assert ENGLISH.paragraphs[-1] in doc.text
    chrome = CHROME_WORDS["en"]
    for word in (chrome["rights"], chrome["cookies"], chrome["subscribe"], "Contacts", "12 Abai Avenue"):
        assert word not in doc.text
    assert doc.chrome_chars > len(chrome["rights"]) + len(chrome["cookies"])
    assert doc.published == datetime.date(2024, 3, 5)
    assert doc.url == "https://steppe.example/en/water"
    assert doc.sha256 == hashlib.sha256((pages.dir.parent / "input" / "en_page.html").read_bytes()).hexdigest()


def test_russian_page_in_declared_windows_1251(pages: Tables):
    doc = _row(pages, "ru_windows1251.htm")
    assert doc.encoding == "windows-1251" and doc.lang == "ru"
    assert doc.title == RUSSIAN.title and RUSSIAN.paragraphs[1] in doc.text
    assert "Читайте также" not in doc.text and "Поделиться" not in doc.text
    assert doc.published == datetime.date(2023, 11, 16)
    mentions = pages.mentions_of("ru_windows1251.htm")
    assert "Ермаганбет Булекпаев" in set(mentions.text)


def test_mentions_index_into_the_extracted_text(pages: Tables):
    texts = dict(zip(pages.documents.doc_id, pages.documents.text))
    assert len(pages.mentions) > 10
    for mention in pages.mentions.itertuples():
        assert texts[mention.doc_id][mention.start_char:mention.end_char] == mention.text


def test_page_recognised_by_its_bytes_and_wrong_charset_recovered(pages: Tables):
    assert _row(pages, "saved_page").format == "html"
    assert _row(pages, "saved_page").title == ENGLISH.title
    recovered = _row(pages, "says_utf8_is_1251.html")
    assert recovered.encoding == "windows-1251 (declared utf-8)" and RUSSIAN.paragraphs[0] in recovered.text


def test_bad_pages_say_what_to_do(pages: Tables):
    assert "cut off" in _row(pages, "truncated.html").error
    assert "JavaScript" in _row(pages, "script_only.html").error
    assert _row(pages, "truncated.html").sha256 is not None


def test_warc_gives_one_row_per_record_with_its_offset(pages: Tables):
    crawl = pages.documents[pages.documents.path.str.startswith("crawl.warc.gz#")]
    assert list(crawl.status) == CRAWL_STATUSES
    raw = (pages.dir.parent / "input" / "crawl.warc.gz").read_bytes()
    for row in crawl.itertuples():
        offset = int(row.path.split("#")[1])
        record = next(iter(ArchiveIterator(io.BytesIO(raw[offset:]))))
        assert record.rec_headers.get_header("WARC-Target-URI") == (None if pd.isna(row.url) else row.url)
    assert crawl.doc_id.is_unique and not crawl.error[crawl.status == "not_a_page"].isna().any()
    reasons = " ".join(crawl.error[crawl.status == "not_a_page"])
    assert "image/png" in reasons and "HTTP 301" in reasons and "request record" in reasons


def test_warc_pages_are_read_like_files(pages: Tables):
    crawl = pages.documents[pages.documents.path.str.startswith("crawl.warc.gz#") & (pages.documents.status == "ok")]
    russian = crawl[crawl.url == "https://steppe.example/ru/onco"].iloc[0]
    assert russian.encoding == "windows-1251" and russian.title == RUSSIAN.title
    assert russian.sha256 == hashlib.sha256(CRAWL_PAGES[2][2]).hexdigest()
    notice = crawl[crawl.url.str.endswith("notice.txt")].iloc[0]
    assert notice.format == "text" and notice.text.startswith("The editorial office")
    # The same English page as a file and in the crawl: the crawl's copy is a duplicate.
    english = pages.documents[pages.documents.url == "https://steppe.example/en/water"]
    assert list(english.format.fillna("-")) == ["html", "-", "html", "html"]  # broken.warc.gz, the request, crawl.warc.gz, the file


def test_broken_warc_keeps_the_records_before_the_damage(pages: Tables):
    broken = pages.documents[pages.documents.path.str.startswith("broken.warc.gz")]
    assert list(broken.status) == ["not_a_page", "ok", "broken_archive"]  # warcinfo, English page, the rest
    assert broken.path.iloc[-1] == "broken.warc.gz" and "damaged after 2 record" in broken.error.iloc[-1]


def test_the_size_cap_applies_to_each_record_not_to_the_archive(tmp_path):
    """A crawl larger than [ingest] max_file_bytes is read record by record; only a record over
    the cap is refused."""
    pages = [news_page(ENGLISH, address=f"Office {i}").encode("utf-8") for i in range(3)]
    big = news_page(ENGLISH, address="x" * 6000).encode("utf-8")
    records = [("response", f"https://steppe.example/{i}", page, [("Content-Type", "text/html")], "200 OK")
               for i, page in enumerate([*pages, big])]
    root, output = tmp_path / "input", tmp_path / "output"
    root.mkdir()
    archive = _warc(records)
    (root / "crawl.warc.gz").write_bytes(archive)
    cap = max(len(page) for page in pages) + 100
    assert len(archive) > cap and len(big) > cap
    config = tmp_path / "cap.toml"
    config.write_text(f"[ingest]\nmax_file_bytes = {cap}\n")
    documents = Tables(output, run_extract(root, output, "--config", str(config), check=False)).documents
    assert list(documents.status) == ["not_a_page", "ok", "ok", "ok", "too_large"]  # warcinfo first
    assert "payload is over the" in documents.error.iloc[-1]
