"""Titles, compressed pages and sidebars through the real CLI (issue 19): a gzipped page, site
names left out of titles by the page's own evidence and by the pages of a site sharing them, the
`in_title` column, and a Russian article whose Ukrainian sidebar must not make it Ukrainian.
Sites, people and places are invented."""

from __future__ import annotations

import gzip
import hashlib
import html

import pytest

from tests.conftest import Tables, run_extract

BODY = [
    "The harbour council of Port Elsey voted on Tuesday to extend the ferry pier by forty metres, ending two years of disputes.",
    "Council chair Mara Quint said the work would start in spring and be paid for by the regional transport agency.",
    "The fishing cooperative, led by Olek Varga, had asked for the extension since the new ferries arrived in Port Elsey.",
]


def _page(title: str, headline: str, body: list[str], url: str, site_name: str | None = None) -> str:
    og_site = f'<meta property="og:site_name" content="{html.escape(site_name)}">' if site_name else ""
    paragraphs = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in body)
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta property="og:title" content="{html.escape(title)}">{og_site}<link rel="canonical" href="{url}"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>{html.escape(headline)}</h1>{paragraphs}</article>
<footer><p>Contact the newsroom.</p></footer></body></html>"""


FERRY_GZ = gzip.compress(
    _page("Port Elsey council extends the ferry pier - Riverside Gazette", "Port Elsey council extends the ferry pier", BODY,
          "https://riversidegazette.com/ferry", "Riverside Gazette").encode("utf-8"),
    mtime=0,
)

RUSSIAN_WITH_UKRAINIAN_SIDEBAR = "\n".join([
    "В Ольмске открыли новый мост через реку Сель",
    "Движение по новому мосту через реку Сель в Ольмске открыли в субботу, сообщил глава городской администрации Пётр Заречный.",
    "Строительство заняло два года, мост соединил старый город с новыми кварталами на левом берегу реки.",
    "По словам Заречного, в следующем году в городе начнут ремонт набережной и двух центральных улиц.",
    "Читайте також",
    "У Глібові відкрили нову школу для дітей з інклюзивними потребами",
    "Міська рада Ольмська затвердила бюджет на наступний рік",
])


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> Tables:
    corpus = tmp_path_factory.mktemp("titles")
    (corpus / "ferry.html.gz").write_bytes(FERRY_GZ)
    for number, headline in enumerate(["Glenmoor opens a new bridge", "Glenmoor schools get new buses", "Glenmoor mayor visits the port"]):
        body = [f"{headline} this week, the council of Glenmoor said on Monday after a long debate about the budget and the roads."]
        page = _page(f"{headline} | The Glenmoor Times", headline, body, f"https://glenmoor-daily.example/{number}")
        (corpus / f"glenmoor_{number}.html").write_text(page, encoding="utf-8")
    (corpus / "olmsk.txt").write_text(RUSSIAN_WITH_UKRAINIAN_SIDEBAR, encoding="utf-8")
    output = tmp_path_factory.mktemp("titles-output")
    return Tables(output, run_extract(corpus, output))


def test_a_gzipped_page_is_read_as_its_page(pages: Tables):
    doc = pages.documents[pages.documents.path == "ferry.html.gz"].iloc[0]
    assert doc.status == "ok" and doc.format == "html"
    assert doc.sha256 == hashlib.sha256(FERRY_GZ).hexdigest() and doc.n_bytes == len(FERRY_GZ)  # the file's own bytes
    assert all(paragraph in doc.text for paragraph in BODY)


def test_the_page_own_site_name_leaves_its_title_and_text(pages: Tables):
    doc = pages.documents[pages.documents.path == "ferry.html.gz"].iloc[0]
    assert doc.title == "Port Elsey council extends the ferry pier"
    assert doc.text.startswith("Port Elsey council extends the ferry pier\n") and "Riverside Gazette" not in doc.text


def test_title_mentions_are_marked_and_count_as_article(pages: Tables):
    mentions = pages.mentions_of("ferry.html.gz")
    elsey = mentions[mentions.text == "Port Elsey"]
    assert elsey.in_title.tolist()[0] and not elsey.in_title.tolist()[-1] and len(elsey) >= 2
    title_end = pages.documents[pages.documents.path == "ferry.html.gz"].text.iloc[0].index("\n")
    assert (mentions.in_title == (mentions.start_char < title_end)).all()
    assert not mentions.in_chrome.any()


def test_a_site_name_the_site_pages_share_leaves_their_titles(pages: Tables):
    glenmoor = pages.documents[pages.documents.path.str.startswith("glenmoor_")]
    assert glenmoor.title.tolist() == ["Glenmoor opens a new bridge", "Glenmoor schools get new buses", "Glenmoor mayor visits the port"]
    assert glenmoor.text.str.contains("| The Glenmoor Times\n", regex=False).all()  # the text keeps it: offsets index into it
    in_site_name = pages.mentions[pages.mentions.doc_id.isin(glenmoor.doc_id) & pages.mentions.in_title & pages.mentions.text.str.contains("Times")]
    assert len(in_site_name) == 3 and (in_site_name.chrome_reason == "site_name").all() and in_site_name.in_chrome.all()


def test_a_ukrainian_sidebar_leaves_a_russian_article_russian(pages: Tables):
    doc = pages.documents[pages.documents.path == "olmsk.txt"].iloc[0]
    assert doc.status == "ok" and doc.lang == "ru"
    sidebar = pages.mentions_of("olmsk.txt")
    assert sidebar[sidebar.text.str.contains("Глібов")].in_chrome.all()
