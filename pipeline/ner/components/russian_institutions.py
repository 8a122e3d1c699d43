"""The `russian_institutions` component: Russian organisation names from their grammar.

slovnet misses a name written mid-sentence like "Президентский центр наследия" or
"Хмельницкой атомной электростанции", and cuts "Координационный совет пострадавших
соинвесторов" after its head. Such names have one shape: a capitalised adjective, more
adjectives agreeing with it, a head noun naming a kind of body (`models/
russian_institution_heads.txt`), then genitive complements in lower case. This rule
finds that shape where no entity is, and extends an ORG that ends in such a head by its
complements. A capitalised word at a sentence start says nothing, so a name must not
start there ("Российский суд отклонил иск" is no name).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.labels import ORG
from pipeline.ner.components.spans import copy_span, set_entities
from pipeline.resources.word_lists import russian_institution_heads
from pipeline.text.morphology import PROPER_NAME_TAGS, grammatical_case, morph_analyzer, word_parses

COMPLEMENT_MAX_WORDS = 4
_MODIFIER_POS = {"ADJF", "PRTF"}
_COMPLEMENT_POS = {"NOUN", "ADJF", "PRTF"}
_RELATIONAL_SUFFIXES = ("ский", "цкий")


class RussianInstitutions:
    """Finds and completes Russian organisation names by their grammar (see the module docstring)."""

    def __init__(self, heads: frozenset[str]):
        self.heads = heads

    def __call__(self, doc: Doc) -> Doc:
        taken = {i for entity in doc.ents for i in range(entity.start, entity.end)}
        entities = [
            _with_leading_adjectives(_without_leading_role(self._with_complements(entity, taken)), taken)
            for entity in doc.ents
        ]
        found = []
        start = 0
        while start < len(doc):
            span = None if start in taken else self._name_at(doc, start, taken)
            if span is not None:
                found.append(span)
                start = span.end
            else:
                start += 1
        return set_entities(doc, filter_spans(entities + found), "russian_institutions")

    def _name_at(self, doc: Doc, start: int, taken: set[int]) -> Span | None:
        """Capitalised adjective + agreeing adjectives + head + complements, or None."""
        first = doc[start]
        if first.is_sent_start or not first.text[:1].isupper() or first.text.isupper():
            return None
        end = start
        while end < len(doc) and end not in taken and _modifier_parses(doc[end].text):
            end += 1
        if end == start or end >= len(doc) or end in taken:
            return None
        head = doc[end]
        if not self._agreeing_head(head.text, [token.text for token in doc[start:end]]):
            return None
        span = Span(doc, start, end + 1, label=ORG)
        return self._with_complements(span, taken | set(range(start, end + 1)))

    def _agreeing_head(self, head: str, modifiers: list[str]) -> bool:
        return any(
            all(_agrees(modifier, parse) for modifier in modifiers)
            for parse in word_parses(head)
            if parse.tag.POS == "NOUN" and parse.normal_form in self.heads
        )

    def _with_complements(self, span: Span, taken: set[int]) -> Span:
        """An ORG ending in an institutional head takes the lower-case genitive words after it,
        up to the last noun ("Координационный совет" + "пострадавших соинвесторов"). After a
        genitive head a genitive is as likely the head's owner ("Конституционного суда здания")."""
        if span.label_ != ORG or not self._is_non_genitive_head(span[-1].text):
            return span
        doc, end, last_noun = span.doc, span.end, None
        while end < len(doc) and end - span.end < COMPLEMENT_MAX_WORDS and end not in taken:
            kind = _complement_kind(doc[end].text)
            if kind is None:
                break
            end += 1
            if kind == "NOUN":
                last_noun = end
        return copy_span(span, end=last_noun) if last_noun else span

    def _is_non_genitive_head(self, word: str) -> bool:
        parses = word_parses(word)
        if grammatical_case(parses[0]) == "gent":
            return False
        return any(parse.tag.POS == "NOUN" and parse.normal_form in self.heads for parse in parses)


@Language.factory("russian_institutions", default_config={"heads": None})
def make_russian_institutions(nlp: Language, name: str, heads: str | None) -> RussianInstitutions:
    """The head-noun list through config (None = `models/russian_institution_heads.txt`)."""
    return RussianInstitutions(russian_institution_heads(heads))


def _without_leading_role(span: Span) -> Span:
    """"Исследователи Брукхейвенской национальной лаборатории" at a sentence start: the
    people are no part of the organisation's name (an animate common noun, capitalised only
    because the sentence starts there, before a capitalised word)."""
    if span.label_ != ORG or len(span) < 2 or not span[0].is_sent_start or not span[1].text[:1].isupper():
        return span
    parse = word_parses(span[0].text)[0]
    is_role = (
        parse.tag.POS == "NOUN" and "anim" in parse.tag
        and not parse.tag.grammemes & PROPER_NAME_TAGS and morph_analyzer().word_is_known(span[0].lower_)
    )
    return copy_span(span, start=span.start + 1) if is_role else span


def _with_leading_adjectives(span: Span, taken: set[int]) -> Span:
    """"японского МИДа", "американского министерства иностранных дел": a lower-case
    relational adjective (-ский/-цкий) agreeing with an ORG's first word is part of it."""
    if span.label_ != ORG:
        return span
    first_parses = [p for p in word_parses(span[0].text) if p.tag.POS in {"NOUN", "ADJF"}]
    start = span.start
    while start > 0 and start - 1 not in taken and _is_relational_adjective(span.doc[start - 1].text):
        if not any(_agrees(span.doc[start - 1].text, parse) for parse in first_parses):
            break
        start -= 1
    return copy_span(span, start=start) if start < span.start else span


def _is_relational_adjective(word: str) -> bool:
    return word.isalpha() and word.islower() and any(
        "Apro" not in parse.tag and parse.normal_form.endswith(_RELATIONAL_SUFFIXES) for parse in _modifier_parses(word)
    )


def _modifier_parses(word: str) -> list:
    return [parse for parse in word_parses(word) if parse.tag.POS in _MODIFIER_POS]


def _agrees(modifier: str, head_parse) -> bool:
    head = head_parse.tag
    return any(
        grammatical_case(parse) == grammatical_case(head_parse)
        and parse.tag.number == head.number
        and (head.number == "plur" or parse.tag.gender == head.gender)
        for parse in _modifier_parses(modifier)
    )


def _complement_kind(word: str) -> str | None:
    """'NOUN' or 'ADJF' for a lower-case word whose likeliest reading is a genitive noun,
    adjective or participle ("наследия", "иностранных", "дел"); None for anything else."""
    if not word.isalpha() or not word.islower():
        return None
    parse = word_parses(word)[0]
    if parse.tag.POS not in _COMPLEMENT_POS or grammatical_case(parse) != "gent":
        return None
    return "NOUN" if parse.tag.POS == "NOUN" else "ADJF"
