"""Page chrome cues on single documents (the corpus-wide repeated lines are tested end to end
in tests/e2e/test_chrome.py)."""

from __future__ import annotations

from pipeline.chrome import ChromeReason, CorpusChrome, cue_lines


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
