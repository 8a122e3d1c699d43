"""Stage 4: the citation form of every mention, and typed values for dates.

Names: English keeps case and spelling and only loses articles, possessives, quotes and
stray punctuation; Russian goes to its base form (head noun in the nominative singular,
agreeing words with it, dependents as written). Dates get an ISO value and inclusive
bounds, resolved against the publication date the document itself states.
"""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.labels import DATE, PER
from pipeline.records import Document, Mention
from pipeline.text.dates import date_base_form, find_publication_date, normalize_date
from pipeline.text.homoglyphs import fold_lookalikes, strip_format_characters
from pipeline.text.russian_forms import agreement_in, russian_base_form, russian_person_base_forms
from pipeline.text.scripts import mention_language
from pipeline.text.typography import ABBREVIATIONS_BEFORE_DOT, LOWERCASE_ARTICLES, QUOTES

_LEADING_ARTICLE = re.compile(rf"^(?:{'|'.join(sorted(LOWERCASE_ARTICLES))})\s+", re.IGNORECASE)
_TRAILING_POSSESSIVE = re.compile(r"(?:['’]s|s['’])$")
_EDGE_JUNK = re.compile(rf"^[\s{QUOTES}()\[\],;:•–—-]+|[\s{QUOTES}()\[\],;:•–—-]+$")


def clean_english_name(text: str) -> str:
    """'the UN Children's Fund' stays 'UN Children's Fund'; "Kazakhstan's" -> 'Kazakhstan'."""
    name = _EDGE_JUNK.sub("", " ".join(text.split()))
    name = _LEADING_ARTICLE.sub("", name)
    if _TRAILING_POSSESSIVE.search(name):
        name = name[:-1] if name.endswith(("s'", "s’")) else name[:-2]
    name = _EDGE_JUNK.sub("", name)
    return name.rstrip(".") if not _ends_with_abbreviation(name) else name


def _ends_with_abbreviation(name: str) -> bool:
    """'U.S.' and 'Co.' keep their final dot; 'Astana.' does not."""
    last = name.split()[-1] if name.split() else ""
    return last.count(".") > 1 or last.lower().removesuffix(".") in ABBREVIATIONS_BEFORE_DOT


def normalize_name(text: str, label: str, lang: str) -> str:
    """The citation form, written without format characters and with look-alike letters in each word's script."""
    text = fold_lookalikes(strip_format_characters(text))
    if lang == "ru":
        return russian_base_form(text, label)
    return clean_english_name(text)


def normalize_document(doc: Document, mentions: list[Mention]) -> tuple[Document, list[Mention]]:
    """Adds `published` (a page's own date, else the one its header states) to the document and
    `normalized` (plus date values) to its mentions.

    A mention's fields depend only on its text, its label and the document, so they are made once
    per distinct (text, label) of the document: a long document names the same things over and over."""
    doc = replace(doc, published=doc.published or find_publication_date(doc.text, doc.lang))
    fields: dict[tuple[str, str], dict] = {}
    normalized = []
    for mention in mentions:
        key = (mention.text, mention.label)
        if key not in fields:
            fields[key] = _normalized_fields(mention.text, mention.label, doc)
        normalized.append(replace(mention, **fields[key]))
    return doc, _agree_russian_persons(normalized, doc)


def _agree_russian_persons(mentions: list[Mention], doc: Document) -> list[Mention]:
    """The document-level step: one person's Russian mentions agree on their base forms
    (a bare "Лужкова" beside "Анны Лужковой" is "Лужкова"; see `russian_person_base_forms`),
    each read with what its neighbours say ("Яна Манакова заявила" is a woman: `agreement_in`)."""
    texts = {mention.text for mention in mentions if mention.label == PER}
    russian = {text: fold_lookalikes(strip_format_characters(text)) for text in texts if mention_language(text, doc.lang) == "ru"}
    positions = [i for i, mention in enumerate(mentions) if mention.label == PER and mention.text in russian]
    if not positions:
        return mentions
    agreed = russian_person_base_forms(
        [russian[mentions[i].text] for i in positions],
        [agreement_in(doc.text, mentions[i].start_char, mentions[i].end_char) for i in positions],
    )
    result = list(mentions)
    for i, form in zip(positions, agreed):
        result[i] = replace(result[i], normalized=form)
    return result


def _normalized_fields(text: str, label: str, doc: Document) -> dict:
    """The fields normalisation sets on a mention of `text` with `label` in `doc`."""
    lang = mention_language(fold_lookalikes(text), doc.lang)
    if label != DATE:
        return {"lang": lang, "normalized": normalize_name(text, label, lang)}
    value = normalize_date(text, lang, doc.published)
    normalized = date_base_form(text, lang)
    if value is None:
        return {"lang": lang, "normalized": normalized}
    return {
        "lang": lang,
        "normalized": normalized,
        "date_value": value.value,
        "date_start": value.start,
        "date_end": value.end,
        "date_granularity": value.granularity,
    }
