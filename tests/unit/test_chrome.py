"""Page chrome cues on single documents (the corpus-wide repeated lines are tested end to end
in tests/e2e/test_chrome.py)."""

from __future__ import annotations

from pipeline.chrome import ChromeReason, CorpusChrome, article_text, cue_lines


def _chrome(text: str) -> dict[str, ChromeReason]:
    return {text[line.start : line.end].strip(): line.reason for line in cue_lines(text)}


def test_a_headline_block_runs_until_article_prose():
    prose = "The minister said the programme would continue next year, with more money for rural schools and new teachers."
    text = f"Title\n\nRead also\n\nShort headline one\n\nPolitics • 3 May, 2024\n\n{prose * 2}\n\nEnd."
    chrome = _chrome(text)
    assert chrome == {"Read also": ChromeReason.HEADLINE_LIST, "Short headline one": ChromeReason.HEADLINE_LIST,
                      "Politics • 3 May, 2024": ChromeReason.HEADLINE_LIST}


def test_an_inline_read_also_link_is_only_its_own_line():
    text = "Первый абзац.\n\nЧитайте также: В Астане открыли школу\n\nВторой абзац статьи."
    assert _chrome(text) == {"Читайте также: В Астане открыли школу": ChromeReason.HEADLINE_LIST}


def test_cues_match_whole_words_at_the_start_of_short_lines():
    text = "\n".join([
        "Shares of Kaspi rose by 3 percent on Monday.",  # not a share bar
        "Share this article:",
        "Photo: Reuters",
        "Photographers from twelve countries took part in the exhibition.",
        "© 2024 Steppe News",
        "Подписывайтесь на наш канал в Telegram!",
    ])
    assert _chrome(text) == {
        "Share this article:": ChromeReason.SHARE_LINE,
        "Photo: Reuters": ChromeReason.CREDIT_LINE,
        "© 2024 Steppe News": ChromeReason.CREDIT_LINE,
        "Подписывайтесь на наш канал в Telegram!": ChromeReason.SHARE_LINE,
    }


def test_repeated_lines_need_enough_documents_and_must_not_be_most_of_the_text():
    footer = "Steppe News, 12 Abai Avenue, Astana. All materials are protected."
    texts = {f"d{i}": f"Article number {i} about something else entirely, with its own words.\n{footer}" for i in range(3)}
    chrome = CorpusChrome(min_line_chars=20, min_documents=3, max_repeated_share=0.6)
    for text in list(texts.values())[:2]:
        chrome.observe(text)
    assert chrome.finish_document("d0", texts["d0"]) == 0  # only two documents so far
    chrome.observe(texts["d2"])
    assert chrome.finish_document("d0", texts["d0"]) == len(footer)
    assert chrome.finish_mention("d0", texts["d0"].index("Astana"), None) == ChromeReason.REPEATED_LINE
    assert chrome.finish_mention("d0", 0, None) is None
    strict = CorpusChrome(min_line_chars=20, min_documents=3, max_repeated_share=0.4)
    for text in texts.values():
        strict.observe(text)
    assert strict.finish_document("d0", texts["d0"]) == 0  # the footer is half the text: a copy, not chrome


# The kinds of chrome that survive an extractor on real pages (issue 19), each with article lines
# that look like it and must stay article. Names, sites and events are invented.

PROSE = ("The harbour council of Port Elsey voted on Tuesday to extend the ferry pier, after two years of "
         "disputes between the fishing cooperative and the regional transport agency over who would pay.")


def test_teasers_for_other_stories_are_headline_lists():
    text = "\n".join([
        "Port Elsey extends its ferry pier",
        PROSE,
        "Related: Glenmoor mayor resigns over budget row",
        "SEE MORE: Storm season starts early on the Varga coast",
        "DON'T MISS: The ten best bakeries in Port Elsey",
        "Also on Riverside Gazette: Why ferries are getting slower",
        "[Read: How the Elsey cooperative saved its fleet]",
        PROSE,
        "Читайте материал \"В Ольмске открыли новый мост\"",
        "Related costs were covered by the agency, the council said in a statement on Wednesday evening.",
    ])
    chrome = _chrome(text)
    assert set(chrome.values()) == {ChromeReason.HEADLINE_LIST}
    assert set(chrome) == {
        "Related: Glenmoor mayor resigns over budget row", "SEE MORE: Storm season starts early on the Varga coast",
        "DON'T MISS: The ten best bakeries in Port Elsey", "Also on Riverside Gazette: Why ferries are getting slower",
        "[Read: How the Elsey cooperative saved its fleet]", "Читайте материал \"В Ольмске открыли новый мост\"",
    }


def test_a_list_of_headlines_without_a_heading_is_found_by_its_shape():
    headlines = [
        "- Glenmoor Mayor Resigns Over Budget Row - October 10, 2024",
        "- Varga Coast Braces For Early Storm Season - October 9, 2024",
        "- Elsey Bakers Win National Bread Prize - October 8, 2024",
    ]
    text = "\n".join(["Port Elsey extends its ferry pier", PROSE, PROSE, *headlines])
    assert set(_chrome(text)) == set(headlines)
    introduced = "\n".join(["Port Elsey extends its ferry pier", PROSE, "The council listed its priorities:",
                            "New Ferry Pier For Elsey Harbour", "Dredging The Northern Channel Again", "Repairs To The Old Lighthouse", PROSE])
    assert _chrome(introduced) == {}  # a list the article introduces is the article's
    alone = "\n".join(["Glenmoor Mayor Resigns Over Budget Row", "Varga Coast Braces For Early Storm", "Elsey Bakers Win National Prize"])
    assert _chrome(alone) == {}  # a document that is only such lines has nothing else to be


def test_reporting_credits_and_bylines_are_credit_lines():
    credits = [
        "By Mara Quint and Olek Varga",
        "By Mara Quint, October 10, 2024 2:30 pm",
        "(Reporting by Mara Quint; editing by Olek Varga)",
        "Additional reporting by Tobias Renn in Glenmoor",
        "Olek Varga contributed reporting.",
        "Tobias Renn contributed to this report.",
    ]
    looks_alike = [
        "By Tuesday, the council had approved thirty projects.",
        "By New Year's Eve, the pier should be open to the first ferries of the season.",
    ]
    text = "\n".join(["Port Elsey extends its ferry pier", *credits[:2], PROSE, *looks_alike, *credits[2:]])
    chrome = _chrome(text)
    assert set(chrome) == set(credits)
    assert set(chrome.values()) == {ChromeReason.CREDIT_LINE}


def test_an_author_bio_is_chrome_only_at_the_end_of_the_document():
    bio = "Mara Quint is a senior reporter for the Riverside Gazette covering city hall. Follow her on Twitter @maraquint."
    in_story = "Olek Varga is a retired ferry captain who has sailed the Elsey crossing for forty years."
    text = "\n".join(["Port Elsey extends its ferry pier", in_story, PROSE, PROSE, PROSE, PROSE, PROSE, bio])
    assert _chrome(text) == {bio: ChromeReason.CREDIT_LINE}
    assert _chrome("\n".join([bio, PROSE, PROSE, PROSE, PROSE, PROSE, PROSE])) == {}


def test_a_press_release_about_footer_runs_to_the_end():
    footer = [
        "About Brightwell Robotics",
        "Brightwell Robotics designs harbour cranes for ports in Port Elsey and Glenmoor.",
        "Media contact: Tobias Renn, press office",
    ]
    text = "\n".join(["Brightwell Robotics opens a plant in Port Elsey", PROSE, PROSE, "About 300 people attended the opening.", PROSE, *footer])
    chrome = _chrome(text)
    assert set(chrome) == set(footer) and set(chrome.values()) == {ChromeReason.ABOUT_FOOTER}
    about_section = "\n".join(["Port Elsey extends its ferry pier", PROSE, PROSE, "About the pier", "The pier was built in 1912 by the harbour council.", PROSE])
    assert _chrome(about_section) == {}  # an article's own section about something


def test_site_notices_widget_labels_and_captions():
    lines = {
        "We may earn a commission when you buy through links on our site.": ChromeReason.SHARE_LINE,
        "This article originally appeared on Riverside Gazette.": ChromeReason.SHARE_LINE,
        "- Share on Facebook": ChromeReason.SHARE_LINE,
        "Previous": ChromeReason.SHARE_LINE,
        "3 of 12": ChromeReason.SHARE_LINE,
        "Clockwise from top: Mara Quint at the pier; the ferry Elsey Star; the old lighthouse": ChromeReason.CREDIT_LINE,
        "Fishermen unload the morning catch at the Elsey quay. (Photo: Olek Varga/Riverside Gazette)": ChromeReason.CREDIT_LINE,
        "The new crane arrives at the quay.CreditTobias Renn for the Riverside Gazette": ChromeReason.CREDIT_LINE,
        "Gallery: The Elsey harbour festival | 14 Photos": ChromeReason.HEADLINE_LIST,
        "Topics: ferries, Port Elsey, harbour council": ChromeReason.HEADLINE_LIST,
        "riversidegazette.com": ChromeReason.CREDIT_LINE,
    }
    article = [
        "Shares of Brightwell Robotics rose after the council vote.",
        "Previous councils had rejected the plan three times.",
        "The photo of the pier was taken by a local fisherman in 1950.",
    ]
    text = "\n".join(["Port Elsey extends its ferry pier", PROSE, *article, *lines, PROSE])
    assert _chrome(text) == lines


def test_hover_cards_and_lines_of_names_only_are_bylines():
    card = "Mara QuintMara Quint is a senior reporter for the Riverside Gazette"
    name = "Olek Varga"
    text = "\n".join(["Port Elsey extends its ferry pier", name, PROSE, card, PROSE])
    start = text.index(name)
    chrome = {text[line.start : line.end]: line.reason for line in cue_lines(text, names=[(start, start + len(name))])}
    assert chrome == {name: ChromeReason.CREDIT_LINE, card: ChromeReason.CREDIT_LINE}
    assert _chrome(text) == {card: ChromeReason.CREDIT_LINE}  # without the names known, only the card


def test_the_article_text_leaves_out_the_chrome_lines():
    text = f"Port Elsey extends its ferry pier\n{PROSE}\nRelated: Glenmoor mayor resigns\nPhoto: Olek Varga\n{PROSE}"
    article = article_text(text)
    assert "Glenmoor" not in article and "Olek Varga" not in article and article.count(PROSE) == 2


def test_a_site_name_its_pages_share_is_left_out_of_their_titles():
    chrome = CorpusChrome(min_line_chars=20, min_documents=3, max_repeated_share=0.6)
    pages = {f"d{i}": (f"Headline number {i} about the harbour - Riverside Gazette", f"https://www.riversidegazette.com/{i}") for i in range(3)}
    pages["other"] = ("Another headline about the harbour - Riverside Gazette", "https://elsey.example/1")
    texts = {doc_id: f"{title}\n\n{PROSE}" for doc_id, (title, _) in pages.items()}
    for doc_id, (title, url) in pages.items():
        chrome.observe(texts[doc_id], title, url)
    for doc_id, (title, url) in pages.items():
        chrome.finish_document(doc_id, texts[doc_id], title, url)
    assert chrome.title("d1", pages["d1"][0]) == "Headline number 1 about the harbour"
    assert chrome.title("other", pages["other"][0]) == pages["other"][0]  # one page of another site: no evidence
    site_at = texts["d1"].index("Riverside")
    assert chrome.finish_mention("d1", site_at, None) == ChromeReason.SITE_NAME
    assert chrome.finish_mention("d1", 0, None) is None
    assert chrome.finish_mention("other", texts["other"].index("Riverside"), None) is None
