"""Page chrome through the real CLI: a generated corpus of one site's articles sharing a footer,
a page ending in a list of other headlines, share and credit lines, and a syndicated article
that appears on three sites (its repeated lines are article, not chrome)."""

from __future__ import annotations

import pytest

from tests.conftest import Tables, run_extract

FOOTER = [
    "Steppe News is registered by the Ministry of Information and Social Development of Kazakhstan.",
    "Editorial office: 12 Abai Avenue, Astana, Kazakhstan. Reproduction only with a link to Steppe News.",
]

ARTICLES = {
    "steppe/01_rail.txt": [
        "New rail link between Almaty and Urumqi",
        "Kazakhstan Temir Zholy opened a second freight line between Almaty and Urumqi on Monday.",
        "The company's chairman Talgat Aldybergenov said the line would double container traffic with China by 2027.",
    ],
    "steppe/02_grain.txt": [
        "Record grain exports through the Caspian",
        "Grain exports through the port of Aktau reached four million tonnes this season, the Ministry of Agriculture reported.",
        "Most of the wheat went to Iran and Azerbaijan, according to the Grain Union of Kazakhstan.",
    ],
    "steppe/03_school.txt": [
        "Schools in Shymkent switch to a five-day week",
        "The education department of Shymkent announced that all city schools will move to a five-day week from September.",
        "Deputy mayor Aizhan Serikbayeva told reporters that parents had supported the change in a survey.",
    ],
    "steppe/04_flood.txt": [
        "Flood defences strengthened in Petropavl",
        "Rescuers from the Ministry of Emergency Situations built new dams along the Ishim river near Petropavl.",
        "Governor Gauez Nurmukhambetov inspected the works on Friday.",
        "Photo: Ministry of Emergency Situations",
        "Share: Facebook Telegram WhatsApp",
        "Last news",
        "Aktobe hosts the national chess championship",
        "Sport • 12 April, 2024",
        "Karaganda miners receive new safety equipment",
        "Society • 11 April, 2024",
    ],
}

RUSSIAN = [
    "В Павлодаре открылся новый мост через Иртыш",
    "В Павлодаре в субботу открыли движение по новому мосту через Иртыш, сообщил аким области Асаин Байханов.",
    "Строительство моста заняло три года и обошлось областному бюджету в 40 миллиардов тенге.",
    "Читайте также: В Экибастузе открыли новую школу",
    "Поделиться",
    "Похожие новости",
    "В Семее отремонтируют дороги",
    "Общество • 12 апреля 2024",
]

SYNDICATED = [
    "Astana Hub startups raised record funding in 2023, according to a report by the Ministry of Digital Development.",
    "The report names Kaspi Bank and Halyk Bank as the largest corporate investors in local technology companies.",
]


@pytest.fixture(scope="module")
def chrome(tmp_path_factory) -> Tables:
    base = tmp_path_factory.mktemp("chrome")
    root, output = base / "input", base / "output"
    for relative, lines in ARTICLES.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        article, after = lines[:3], lines[3:]
        path.write_text("\n\n".join(article + after + FOOTER) + "\n", encoding="utf-8")
    (root / "other_site").mkdir()
    (root / "other_site" / "bridge.txt").write_text("\n\n".join(RUSSIAN) + "\n", encoding="utf-8")
    for site in ("a", "b", "c"):
        text = "\n\n".join([f"Startups raise record funding ({site.upper()} Business Daily)", *SYNDICATED])
        (root / "other_site" / f"syndicated_{site}.txt").write_text(text + "\n", encoding="utf-8")
    return Tables(output, run_extract(root, output))


def _mentions(tables: Tables, path: str):
    mentions = tables.mentions_of(path)
    text = tables.documents.loc[tables.documents.path == path, "text"].item()
    line_of = {m.mention_id: text[text.rfind("\n", 0, m.start_char) + 1 : text.find("\n", m.end_char)] for m in mentions.itertuples()}
    return mentions.assign(line=mentions.mention_id.map(line_of))


@pytest.mark.parametrize("path", sorted(ARTICLES))
def test_a_footer_shared_by_one_site_is_chrome(chrome: Tables, path: str):
    mentions = _mentions(chrome, path)
    footer = mentions[mentions.line.isin(FOOTER)]
    assert len(footer) >= 3  # the ministry, Astana, Kazakhstan, Steppe News
    assert footer.in_chrome.all() and set(footer.chrome_reason) == {"repeated_line"}
    article = mentions[mentions.line.isin(ARTICLES[path][:3])]
    assert len(article) >= 3 and not article.in_chrome.any() and article.chrome_reason.isna().all()
    chrome_chars = chrome.documents.loc[chrome.documents.path == path, "chrome_chars"].item()
    assert chrome_chars >= sum(len(line) for line in FOOTER)


def test_headline_list_share_and_credit_lines(chrome: Tables):
    mentions = _mentions(chrome, "steppe/04_flood.txt")
    reasons = dict(zip(mentions.text, mentions.chrome_reason))
    assert reasons["Aktobe"] == "headline_list" and reasons["Karaganda"] == "headline_list"
    assert mentions[mentions.line == "Photo: Ministry of Emergency Situations"].chrome_reason.eq("credit_line").all()
    assert not mentions[mentions.text == "Petropavl"].in_chrome.any()


def test_russian_read_also_and_similar_news(chrome: Tables):
    mentions = _mentions(chrome, "other_site/bridge.txt")
    in_chrome = dict(zip(mentions.text, mentions.chrome_reason))
    assert in_chrome["Экибастузе"] == "headline_list" and in_chrome["Семее"] == "headline_list"
    assert not mentions[mentions.text.isin(["Павлодаре", "Асаин Байханов"])].in_chrome.any()


def test_a_syndicated_article_is_not_chrome_although_its_lines_repeat(chrome: Tables):
    for site in ("a", "b", "c"):
        mentions = chrome.mentions_of(f"other_site/syndicated_{site}.txt")
        assert len(mentions) >= 3 and not mentions.in_chrome.any()


def test_entities_keep_every_mention_and_count_the_article_ones(chrome: Tables):
    entities = chrome.entities.set_index("name")
    astana = entities.loc["Astana"]
    assert astana.n_mentions >= 4 and astana.n_mentions_article < astana.n_mentions
    in_article = chrome.mentions[~chrome.mentions.in_chrome].groupby("entity_id").size()
    assert (chrome.entities.n_mentions_article == in_article.reindex(chrome.entities.entity_id).fillna(0).values).all()
    assert (chrome.entities.n_mentions >= chrome.entities.n_mentions_article).all()
