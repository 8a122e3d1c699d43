"""The `russian_org_names` component: one span for a Russian organisation name slovnet cuts."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.ner.components.spans import copy_span, doc_text, set_entities
from pipeline.text.morphology import can_be_genitive, is_common_noun


@Language.component("russian_org_names")
def russian_org_names(doc: Doc) -> Doc:
    """Join what slovnet splits inside one Russian organisation name, outermost span only.

    "Министерства энергетики" + "Республики Казахстан" -> one ORG (a genitive place or
    acronym directly after an ORG belongs to its name); "Комитета" + "ООН" likewise; and a
    "по ..." complement ("Комитет ООН по правам ребенка") extends the name up to the
    next punctuation, preposition or entity.
    """
    entities = list(doc.ents)
    text = doc_text(doc)
    merged: list[Span] = []
    for entity in entities:
        previous = merged[-1] if merged else None
        if previous is not None and previous.label_ == "ORG" and _continues_org(previous, entity, text):
            merged[-1] = copy_span(previous, end=entity.end)
        else:
            merged.append(entity)
    taken = {token.i for entity in merged for token in entity}
    extended = [_with_po_complement(entity, taken) if entity.label_ == "ORG" else entity for entity in merged]
    return set_entities(doc, extended)


def _continues_org(org: Span, entity: Span, text: str) -> bool:
    between = text[org.end_char : entity.start_char]
    if between.strip() or "\n" in between or entity.label_ not in ("ORG", "LOC"):
        return False
    first = entity[0].text
    return first.isupper() or can_be_genitive(first)


PO_COMPLEMENT_MAX_WORDS = 4


def _with_po_complement(org: Span, taken: set[int]) -> Span:
    doc = org.doc
    i = org.end
    if i >= len(doc) or doc[i].lower_ != "по" or not is_common_noun(org[0].text):
        return org  # "ЮНИСЕФ по итогам встречи": only a body named by a common noun takes "по ..."
    end = i + 1
    while end < len(doc) and end - i <= PO_COMPLEMENT_MAX_WORDS and end not in taken:
        token = doc[end]
        if not token.is_alpha or not token.is_lower or token.lower_ in RUSSIAN_PREPOSITIONS:
            break
        end += 1
    return copy_span(org, end=end) if end > i + 1 else org


RUSSIAN_PREPOSITIONS = {"в", "во", "на", "по", "с", "со", "к", "ко", "о", "об", "от", "до", "из", "за", "для", "при", "и"}
