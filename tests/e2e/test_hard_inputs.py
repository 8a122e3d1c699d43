"""Inputs that came out wrong before issue 16, through the real CLI, in one run: pages deeper than
libxml2's limits, pages whose <meta charset> lies, a WARC page stored as Brotli, pasted base64,
hex dumps, URLs and code inside articles, and file names that are not UTF-8."""

from __future__ import annotations

import base64
import codecs
import os
import random
import re

import pandas as pd
import pytest

from benchmarks.news_pages import Article, news_page
from tests.conftest import Tables, run_extract
from tests.e2e.test_pages import _warc

RUSSIAN = Article(
    title="Казахстан и ООН обсудили водную безопасность",
    paragraphs=[
        "Министр иностранных дел Казахстана Мурат Нуртлеу провёл в Астане переговоры с делегацией ООН.",
        "Стороны обсудили совместное использование рек Сырдарья и Амударья, сообщает пресс-служба министерства.",
        "Следующая встреча пройдёт в Ташкенте осенью этого года.",
    ],
    lang="ru",
    date="2024-04-02",
)

POSTS = [f"Post {i}: Ivan Petrov from Almaty thanks Anna Smirnova for the photos of post {i}." for i in range(300)]

ARTICLE = (
    "Kazakhstan's Ministry of Energy said on Monday that Astana will host the regional water forum.\n\n"
    "Foreign Minister Murat Nurtleu met the delegation of the United Nations in Almaty.\n"
)

CODE = '''import pandas as pd
tables = pd.read_parquet("output/mentions.parquet")
print(tables[tables.label == "PER"].head())
var city = document.getElementById("Astana");
{"name": "Vladimir Putin", "country": "Russia", "city": "Moscow"}
'''

HEXDUMP = """00000000  4b 61 7a 61 6b 68 73 74  61 6e 20 4d 69 6e 69 73  |Kazakhstan Minis|
00000010  74 72 79 20 6f 66 20 45  6e 65 72 67 79 0a 41 73  |try of Energy.As|
00000020  74 61 6e 61 20 4d 6f 73  63 6f 77 20 50 61 72 69  |tana Moscow Pari|
"""

URLS = """https://www.gov.kz/memleket/entities/energo/press/news/details/Astana-Water-Forum?lang=en
https://tengrinews.kz/kazakhstan_news/Almaty-Moscow-Paris-London-512345/
"""

BLOB = base64.b64encode(random.Random(16).randbytes(150_000)).decode()

LATIN1_NAME = os.fsdecode(b"caf\xe9.txt")  # a name in Latin-1 bytes: not UTF-8
LITERAL_NAME = "caf\\xe9.txt"  # a name that is those four characters

EXPECTED = {  # path -> (status, encoding)
    "forum_unclosed_font.html": ("ok", "utf-8"),
    "nested_divs.html": ("ok", "utf-8"),
    "deeper_than_libxml2.html": ("ok", "utf-8"),
    "markup_only.html": ("no_text", None),
    "utf8_says_koi8r.html": ("ok", "utf-8 (declared koi8-r)"),
    "utf8_says_utf16.html": ("ok", "utf-8"),
    "cp1251_says_koi8r.html": ("ok", "windows-1251 (declared koi8-r)"),
    "says_hex.html": ("ok", "utf-8"),
    "says_base64.html": ("ok", "windows-1251"),
    "says_rot13.html": ("ok", "utf-8"),
    "article.txt": ("ok", "utf-8"),
    "article_with_base64.txt": ("ok", "utf-8"),
    "article_with_code.txt": ("ok", "utf-8"),
    "caf\\xe9.txt": ("ok", "utf-8"),
    "caf\\\\xe9.txt": ("ok", "utf-8"),
}


def _page(body: str) -> str:
    return f"<!DOCTYPE html><html><head><title>Steppe forum</title></head><body>{body}</body></html>"


@pytest.fixture(scope="module")
def hard(tmp_path_factory) -> Tables:
    base = tmp_path_factory.mktemp("hard")
    root, output = base / "input", base / "output"
    root.mkdir()
    files = {
        "forum_unclosed_font.html": _page("".join(f"<font color=navy><p>{post}</p>" for post in POSTS)).encode(),
        "nested_divs.html": _page("<div>" * 300 + "".join(f"<p>{post}</p>" for post in POSTS[:5]) + "</div>" * 300).encode(),
        "deeper_than_libxml2.html": _page("".join(f"<div><p>{post}</p>" for post in POSTS) + "<div>" * 2000 + "<p>The last line.</p>").encode(),
        "markup_only.html": _page("<div><span></span><table><tr><td></td></tr></table></div>").encode(),
        "utf8_says_koi8r.html": news_page(RUSSIAN, charset="koi8-r").encode("utf-8"),
        "utf8_says_utf16.html": news_page(RUSSIAN, charset="utf-16").encode("utf-8"),
        "cp1251_says_koi8r.html": news_page(RUSSIAN, charset="koi8-r").encode("cp1251"),
        "says_hex.html": news_page(RUSSIAN, charset="hex").encode("utf-8"),
        "says_base64.html": news_page(RUSSIAN, charset="base64").encode("cp1251"),
        "says_rot13.html": news_page(RUSSIAN, charset="rot13").encode("utf-8"),
        "article.txt": ARTICLE.encode(),
        "article_with_base64.txt": f"{ARTICLE}\nAttachment:\n{BLOB}\n\n{HEXDUMP}\n{URLS}".encode(),
        "article_with_code.txt": f"{ARTICLE}\n{CODE}\n{ARTICLE}".encode(),
        LATIN1_NAME: "Astana hosts the forum.\n".encode(),
        LITERAL_NAME: "Almaty hosts the forum.\n".encode(),
    }
    for name, data in files.items():
        (root / name).write_bytes(data)
    brotli_page = random.Random(0).randbytes(2000)  # stored as sent: still compressed
    (root / "crawl.warc.gz").write_bytes(_warc([
        ("response", "https://steppe.example/br", brotli_page, [("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "br")], "200 OK"),
        ("response", "https://steppe.example/utf16", news_page(RUSSIAN).encode("utf-8"), [("Content-Type", "text/html; charset=utf-16")], "200 OK"),
    ]))
    return Tables(output, run_extract(root, output, check=False))


def _row(tables: Tables, path: str):
    return tables.documents[tables.documents.path == path].iloc[0]


def _mentions(tables: Tables, path: str) -> pd.DataFrame:
    return tables.mentions[tables.mentions.doc_id == _row(tables, path).doc_id]


def test_every_file_gets_the_right_status_and_encoding(hard: Tables):
    files = hard.documents[~hard.documents.path.str.startswith("crawl.warc.gz")]
    assert {row.path: (row.status, row.encoding if isinstance(row.encoding, str) else None) for row in files.itertuples()} == EXPECTED
    assert hard.result.returncode == 3  # markup_only and the Brotli record are failures
    assert "Traceback" not in hard.result.stderr


def test_deep_pages_keep_all_their_text(hard: Tables):
    forum = _row(hard, "forum_unclosed_font.html")
    assert all(post in forum.text for post in POSTS)  # lxml's default parser stopped at post 252
    assert set(_mentions(hard, "forum_unclosed_font.html").start_char) >= {forum.text.index(POSTS[-1]) + len("Post 299: ")}
    assert all(post in _row(hard, "nested_divs.html").text for post in POSTS[:5])  # was no_text, "JavaScript"
    deepest = _row(hard, "deeper_than_libxml2.html")
    assert all(post in deepest.text for post in POSTS) and "The last line." in deepest.text


def test_a_page_without_text_or_scripts_is_not_blamed_on_javascript(hard: Tables):
    error = _row(hard, "markup_only.html").error
    assert "no visible text" in error and "JavaScript" not in error


def test_lying_charsets_give_the_right_text(hard: Tables):
    for path in ("utf8_says_koi8r.html", "utf8_says_utf16.html", "cp1251_says_koi8r.html", "says_hex.html", "says_base64.html", "says_rot13.html"):
        doc = _row(hard, path)
        assert doc.lang == "ru" and all(paragraph in doc.text for paragraph in RUSSIAN.paragraphs), path
        assert "Мурат Нуртлеу" in set(_mentions(hard, path).text), path


def test_warc_records_name_their_encodings(hard: Tables):
    crawl = hard.documents[hard.documents.path.str.startswith("crawl.warc.gz#")].set_index("url")
    brotli = crawl.loc["https://steppe.example/br"]
    assert brotli.status == "binary" and "Content-Encoding: br (Brotli)" in brotli.error and "UTF-8" not in brotli.error
    utf16 = crawl.loc["https://steppe.example/utf16"]
    assert utf16.status == "ok" and utf16.encoding == "utf-8 (declared utf-16-le)" and RUSSIAN.paragraphs[0] in utf16.text


def test_non_prose_gives_no_mentions_and_the_prose_keeps_its_own(hard: Tables):
    alone = _mentions(hard, "article.txt")[["start_char", "end_char", "text", "label"]].reset_index(drop=True)
    assert len(alone) >= 5
    for path in ("article_with_base64.txt", "article_with_code.txt"):
        doc = _row(hard, path)
        mentions = _mentions(hard, path)
        first = mentions[mentions.end_char <= len(ARTICLE)][["start_char", "end_char", "text", "label"]].reset_index(drop=True)
        pd.testing.assert_frame_equal(first, alone)
        assert not (mentions.start_char >= len(ARTICLE)).any() or path == "article_with_code.txt", doc.path
    code = _mentions(hard, "article_with_code.txt")
    second = len(ARTICLE) + 1 + len(CODE) + 1
    assert set(code.start_char) == set(alone.start_char) | {start + second for start in alone.start_char}
    blob = _row(hard, "article_with_base64.txt")
    assert blob.text.endswith(URLS) and BLOB in blob.text  # the text is kept whole


def test_file_names_that_are_not_utf8_stay_apart_and_read_back(hard: Tables):
    latin1, literal = _row(hard, "caf\\xe9.txt"), _row(hard, "caf\\\\xe9.txt")
    assert latin1.doc_id != literal.doc_id
    assert latin1.text.startswith("Astana") and literal.text.startswith("Almaty")
    for row, name in ((latin1, LATIN1_NAME), (literal, LITERAL_NAME)):
        assert os.fsdecode(codecs.escape_decode(row.path.encode())[0]) == name
    assert not re.search(r"[\udc80-\udcff]", "".join(hard.documents.path))  # valid text for Parquet readers
