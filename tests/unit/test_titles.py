"""Site names in page titles, on the page's own evidence (`pipeline.text.titles`). Sites and
headlines are invented."""

from __future__ import annotations

import pytest

from pipeline.text.titles import title_affixes, title_without_site_name


@pytest.mark.parametrize(
    ("title", "site_names", "url", "expected"),
    [
        ("Harbour council extends the ferry pier - Riverside Gazette", ["Riverside Gazette"], None, "Harbour council extends the ferry pier"),
        ("Harbour council extends the ferry pier | Riverside Gazette", ["The Riverside GAZETTE Inc."], None, "Harbour council extends the ferry pier"),
        ("RGZ: Harbour council extends the ferry pier", [""], "https://www.rgz.com/news/1", "Harbour council extends the ferry pier"),
        ("Harbour council extends the ferry pier - ElseyBikes", [], "https://elseybikes.co.uk/a/b", "Harbour council extends the ferry pier"),
        ("Harbour council extends the ferry pier - KVX 9 News | Elsey News, Weather | Glenmoor",
         ["KVX 9 News | Elsey News, Weather | Glenmoor"], None, "Harbour council extends the ferry pier"),
        # a separator inside the headline is the headline's
        ("Port Elsey: the council extends the ferry pier", ["Riverside Gazette"], None, "Port Elsey: the council extends the ferry pier"),
        ("Harbour council extends the ferry pier", ["Riverside Gazette"], None, "Harbour council extends the ferry pier"),
        # no evidence, nothing goes; and never the whole title
        ("Harbour council extends the ferry pier - Riverside Gazette", [], None, "Harbour council extends the ferry pier - Riverside Gazette"),
        ("Riverside Gazette", ["Riverside Gazette"], None, "Riverside Gazette"),
    ],
)
def test_the_site_name_leaves_the_title_by_the_page_own_evidence(title, site_names, url, expected):
    assert title_without_site_name(title, site_names, url) == expected


def test_title_affixes_are_the_short_first_and_last_parts():
    assert title_affixes("Harbour council extends the ferry pier - Riverside Gazette") == ("Harbour council extends the ferry pier", "Riverside Gazette")
    assert title_affixes("Harbour council extends the ferry pier") == (None, None)
    long_tail = "A - the council of the harbour town extends its old ferry pier again"
    assert title_affixes(long_tail) == ("A", None)
