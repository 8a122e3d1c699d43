"""Page chrome read from an HTML page's structure (pipeline/ingest/html_chrome.py), through the
real ingest (`read_page` on page files written here): captions written after their pictures
without a class or a credit, a module of teaser cards, a paragraph that is only a link to another
story. The last test runs the CLI with its models on such a page. Each case is checked both ways: without the rule the extractor keeps the chrome line (so
the page exercises the rule), with it the line is gone and every article paragraph stays.
Sites, people and places are invented."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

import pipeline.ingest.html as html_ingest
from pipeline.ingest.html import read_page
from tests.conftest import Tables, run_extract

URL = "https://dunmere-courier.example/news/harbour-nets"
HEADLINE = "Dunmere's net menders keep an old craft alive"
ARTICLE = [
    "On the quay at Dunmere, three women still mend the fishing nets by hand, as their mothers did before them.",
    "Ilsa Marwick, who has worked on the quay since 1990, says the craft is slow but the boats of the Teller Bay cooperative still need it.",
    "The cooperative pays the menders by the metre, and its chair, Rowan Hale, wants the town council to fund two apprentices next year.",
    "A hand-mended net lasts twice as long as a cheap replacement, Marwick says, and the harbour's older skippers will use no other.",
    "The council of Dunmere will vote on the apprenticeships in March, after a public meeting at the old customs house on the quay.",
]
CAPTION = "Ilsa Marwick mends a trawl net on the north quay of Dunmere harbour, where she has worked since 1990"
ALT = "Ilsa Marwick mends a trawl net on the north quay of Dunmere harbour"
TEASERS = [  # kicker, headline, columnist, standfirst
    ("Opinion", "Why the ferry fares must fall", "PETRA LINDQVIST", "THE ferry to Orlen Island costs more than a train to the capital, and the islanders are paying for it."),
    ("Editorial", "A budget that forgets the coast", "", "THE regional budget gives the coastal towns less than they paid in harbour dues last year."),
]
STORY_LINK = "Five questions for the new harbour master"


def _page(body: str, title: str = HEADLINE) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)} | Dunmere Courier</title>
<link rel="canonical" href="{URL}"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>{html.escape(title)}</h1>{body}</article>
<footer><p>Contact the newsroom.</p></footer></body></html>"""


def _paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)


def _figure(alt: str, number: int) -> str:
    return (f'<figure><a href="#img-{number}"><picture><img src="/img/{number}.jpg" alt="{html.escape(alt)}"></picture></a></figure>')


def _cards() -> str:
    cards = []
    for number, (kicker, headline, columnist, standfirst) in enumerate(TEASERS):
        link = f"/news/opinion/column-{number}"
        cards.append(
            f'<div class="story-block"><h4><strong>{kicker}</strong> <a href="{link}">{html.escape(headline)}</a></h4>'
            f'<a href="{link}"><img src="/img/t{number}.jpg" alt="{html.escape(headline)}"></a>'
            f'<p><em>{columnist}</em> {html.escape(standfirst)}</p></div>'
        )
    return f'<div class="group"><h2>Other columns</h2>{"".join(cards)}</div>'


def _read(tmp_path: Path, name: str, page: str, url: str | None = URL) -> str:
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    return read_page(path.read_bytes(), url=url).text


def _both_ways(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, url: str | None = URL) -> tuple[str, str]:
    """The page's text with the structural rules, and without them."""
    with_rules = _read(tmp_path, "page.html", page, url)
    with monkeypatch.context() as patch:
        patch.setattr(html_ingest, "structural_chrome", lambda *args: [])
        return with_rules, _read(tmp_path, "page.html", page, url)


def _assert_article_kept(text: str) -> None:
    for paragraph in ARTICLE:
        assert paragraph in text


@pytest.mark.parametrize("url", [URL, None], ids=["address-given", "address-from-canonical"])
def test_caption_after_its_picture_is_dropped(tmp_path, monkeypatch, url):
    body = (_paragraphs(ARTICLE[:2]) + _figure(ALT, 1) + f"<ul><li><p>{html.escape(CAPTION)}</p></li></ul>"
            + _paragraphs(ARTICLE[2:]))
    text, without_rule = _both_ways(tmp_path, monkeypatch, _page(body), url)
    assert CAPTION in without_rule
    assert CAPTION not in text
    _assert_article_kept(text)


def test_a_caption_that_places_its_pictures_is_dropped_whatever_its_length(tmp_path, monkeypatch):
    """'Clockwise from top: …' after the first of three pictures, its words far from that one's alt;
    a Russian «На фото: …» after a picture without alt text; a paragraph among the article's own
    paragraphs that starts 'Above, …' stays."""
    clockwise = ("Clockwise from top: Ilsa Marwick at the net loft on the north quay; a hand-tied mesh of tarred twine; "
                 "the cooperative's oldest needle, carved from whalebone in the 1920s and still in use every winter")
    prose = "Above, the gulls wheeled over the quay while the last boat of the Teller Bay cooperative came in with its nets torn again."
    body = (_paragraphs(ARTICLE[:2]) + _figure("Ilsa Marwick in the net loft", 1) + f"<ul><li><p>{clockwise}</p></li></ul>"
            + _figure("A tarred mesh", 2) + _figure("An old needle", 3) + _paragraphs(ARTICLE[2:3]) + '<figure><img src="/i/4.jpg"></figure>'
            + f"<p>{prose}</p>" + _paragraphs(ARTICLE[3:]))
    text, without_rule = _both_ways(tmp_path, monkeypatch, _page(body))
    assert clockwise in without_rule and clockwise not in text
    assert prose in text
    _assert_article_kept(text)

    russian = ["В порту Дунмера три женщины до сих пор чинят рыболовные сети вручную, как это делали их матери.",
               "Илза Марвик работает на причале с 1990 года и говорит, что ремесло медленное, но нужное кооперативу.",
               "Председатель кооператива Роуэн Хейл хочет, чтобы городской совет оплатил обучение двух учеников."]
    caption = "На фото: Илза Марвик чинит сеть на северном причале"
    body = _paragraphs(russian[:2]) + '<figure><img src="/i/5.jpg"></figure><div><p>' + caption + "</p></div>" + _paragraphs(russian[2:])
    text, without_rule = _both_ways(tmp_path, monkeypatch, _page(body, title="Сетевязальщицы Дунмера"))
    assert caption in without_rule and caption not in text
    assert all(paragraph in text for paragraph in russian)


def test_text_the_cms_copied_into_the_alt_text_stays(tmp_path, monkeypatch):
    """A paragraph or subheading before its picture, whose words the picture's alt repeats, and a
    listicle's subheading right after its picture, are the article."""
    subheading = "The menders of the north quay"
    body = (_paragraphs(ARTICLE[:1]) + f"<h2>{subheading}</h2>" + _figure(subheading + " at work on a winter morning", 1)
            + _paragraphs(ARTICLE[1:2]) + _figure(ARTICLE[2], 2) + _paragraphs(ARTICLE[2:3])  # paragraph repeats the alt after it
            + _figure("Rowan Hale chairs the Teller Bay cooperative", 3) + "<h3>Rowan Hale chairs the Teller Bay cooperative</h3>"
            + _paragraphs(ARTICLE[3:]))
    text, without_rule = _both_ways(tmp_path, monkeypatch, _page(body))
    assert text == without_rule
    _assert_article_kept(text)
    assert subheading in text


def test_teaser_cards_of_other_columns_are_dropped(tmp_path, monkeypatch):
    body = _paragraphs(ARTICLE) + _cards()
    text, without_rule = _both_ways(tmp_path, monkeypatch, _page(body))
    assert any(headline in without_rule for _, headline, _, _ in TEASERS)  # the extractor keeps the module
    for kicker, headline, columnist, standfirst in TEASERS:
        assert headline not in text and standfirst not in text
    assert "LINDQVIST" not in text
    _assert_article_kept(text)


def test_the_articles_own_card_and_a_quotation_stay(tmp_path, monkeypatch):
    """A card that holds the article's own headline and first paragraph (a list of stories that
    includes this one, under another address) and
    a quotation linked, with its author's photo, to its source are not teasers of other pages."""
    quote = "We mend what the sea breaks, and the sea breaks everything in the end"
    body = (_paragraphs(ARTICLE[:3])
            + f'<blockquote><a href="/people/ilsa-marwick"><img src="/img/q.jpg" alt="Ilsa Marwick"></a>'
              f'<a href="/people/ilsa-marwick">{quote}</a></blockquote>'
            + _paragraphs(ARTICLE[3:])
            + f'<div class="card"><a href="/news/harbour-nets-2"><img src="/img/own.jpg" alt=""></a>'
              f'<a href="/news/harbour-nets-2">{html.escape(HEADLINE)}</a><p>{html.escape(ARTICLE[0])}</p></div>')
    text, _ = _both_ways(tmp_path, monkeypatch, _page(body))
    assert quote in text
    _assert_article_kept(text)


def test_a_paragraph_that_is_only_a_link_to_another_story_is_dropped(tmp_path, monkeypatch):
    report = "Read the regional fisheries report on net repairs"
    inline = ("The harbour master, who took office in January, said in an interview that the quay will be repaired "
              'before the <a href="/news/harbour-master">summer season</a> begins.')
    body = (_paragraphs(ARTICLE[:2]) + f'<p><a href="/news/harbour-master-questions">{STORY_LINK}</a></p>'
            + _paragraphs(ARTICLE[2:4]) + f"<p>{inline}</p>"
            + f'<p><a href="https://fisheries-board.example/reports/nets">{report}</a></p>' + _paragraphs(ARTICLE[4:]))
    text, without_rule = _both_ways(tmp_path, monkeypatch, _page(body))
    assert STORY_LINK in without_rule and STORY_LINK not in text
    assert report in text  # another site: a source the article cites
    assert "summer season" in text
    _assert_article_kept(text)


def test_through_the_cli_the_chrome_names_are_no_mentions(tmp_path):
    """The real models read the page: the caption's only person and the columnist of the teaser
    module give no mention, the article's people do, and the dropped text counts as chrome."""
    caption = "Tomas Brekke hauls a repaired net aboard the trawler Saint Orla in the harbour at dawn"
    body = (_paragraphs(ARTICLE[:2]) + _figure("Tomas Brekke hauls a repaired net aboard the trawler Saint Orla", 1)
            + f"<ul><li><p>{caption}</p></li></ul>" + _paragraphs(ARTICLE[2:])
            + f'<p><a href="/news/harbour-master-questions">{STORY_LINK}</a></p>' + _cards())
    corpus, output = tmp_path / "pages", tmp_path / "output"
    corpus.mkdir()
    (corpus / "nets.html").write_text(_page(body), encoding="utf-8")
    tables = Tables(output, run_extract(corpus, output))
    document = tables.documents.iloc[0]
    assert document.status == "ok" and caption not in document.text and "LINDQVIST" not in document.text
    assert document.chrome_chars >= len(caption) + sum(len(standfirst) for _, _, _, standfirst in TEASERS)
    people = set(tables.mentions[tables.mentions.label == "PER"].text)
    assert {"Ilsa Marwick", "Rowan Hale"} <= people
    assert not any("Brekke" in name or "Lindqvist" in name.title() for name in people)
