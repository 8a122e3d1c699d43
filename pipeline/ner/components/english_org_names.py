"""English organisation names as the guidelines want them: the outermost name, in one span.

The small English model cuts long institutional names at their first preposition or
conjunction ("Agency" | "on Statistics of Kazakhstan", "Ministry of Education" | "and
Science", "Penitentiary Committee Academy" | "under the" | "Ministry of Interior of
Kazakhstan"). A capitalised continuation joined by "of/on/for/under (the)" or "and" is part
of the name; so is "in <Place>" after an office word ("UNICEF Office in Kazakhstan"), and a
country written right after an organisation ("UNICEF Kazakhstan", a country office).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.labels import FACILITY, MISCELLANEOUS, MODEL_NAME_LABELS, MODEL_PLACE_LABELS, NATIONALITY
from pipeline.ner.components.spans import copy_span, set_entities
from pipeline.resources.word_lists import office_words

CONNECTORS = {"of", "on", "for", "under"}
JOINERS = {"of", "and", "for", "on", "the", "under", "&"}
NAME_LIKE_LABELS = MODEL_NAME_LABELS | {NATIONALITY, FACILITY, MISCELLANEOUS}
"""Entity types that may stand inside an organisation name ("... of Kazakhstan", "Kazakh Academy
of Nutrition": a nationality is NORP to the package, MISC to the trained model), unlike dates."""


@Language.component("english_org_names")
def english_org_names(doc: Doc) -> Doc:
    entities = sorted(doc.ents, key=lambda span: span.start)
    # Entities by first token: a lookup, not a scan of the rest of the document per name.
    entity_at = {entity.start: entity for entity in entities}
    result: list[Span] = []
    i = 0
    while i < len(entities):
        entity = entities[i]
        if entity.label_ == "ORG":
            end = _name_end(doc, entity, entity_at)
            if end != entity.end:
                entity = copy_span(entity, end=end)
                while i + 1 < len(entities) and entities[i + 1].start < end:
                    i += 1  # absorbed into the longer name
        result.append(entity)
        i += 1
    return set_entities(doc, result)


def _name_end(doc: Doc, org: Span, entity_at: dict[int, Span]) -> int:
    """Token index where the organisation name really ends. A name never ends on a joiner: the trained
    model sometimes stops at one ("Ministry of Education and" + "Science"), and the name goes on from
    before it, or ends there."""
    end = org.end
    while end - org.start > 1 and doc[end - 1].lower_ in JOINERS:
        end -= 1
    while True:
        nxt = _continuation(doc, end, org, entity_at)
        if nxt is None:
            return end
        end = nxt


def _continuation(doc: Doc, end: int, org: Span, entity_at: dict[int, Span]) -> int | None:
    if end >= len(doc):
        return None
    token = doc[end]
    next_entity = entity_at.get(end)
    if next_entity is not None and next_entity.label_ in MODEL_PLACE_LABELS and _is_country_branch(org, next_entity):
        return next_entity.end
    if _is_office_word(token):
        return end + 1
    if token.lower_ in CONNECTORS:
        return _capitalised_run_end(doc, end + 1 + _skip_the(doc, end + 1))
    if token.lower_ == "and" and _has_connector(doc, org.start, end):
        run_end = _capitalised_run_end(doc, end + 1)
        if run_end is not None and not _starts_known_name(doc[end + 1]):
            return run_end
    if token.lower_ == "in" and _is_office_word(doc[end - 1]):
        place = entity_at.get(end + 1)
        return place.end if place is not None and place.label_ in MODEL_PLACE_LABELS else None
    return None


def _is_office_word(token: Token) -> bool:
    """'Office', 'Mission' written as part of a name (title case), from `models/office_words.txt`."""
    return token.is_title and token.lower_ in office_words()


def _is_country_branch(org: Span, place: Span) -> bool:
    """'UNICEF Kazakhstan': a place glued to an organisation name on the same line."""
    last = org[-1]  # the text between them from the tokens: `doc.text` would rebuild the whole text
    return place.start == last.i + 1 and last.whitespace_ == " " and len(place) <= 3


def _skip_the(doc: Doc, i: int) -> int:
    return 1 if i < len(doc) and doc[i].lower_ == "the" else 0


def _capitalised_run_end(doc: Doc, i: int) -> int | None:
    """End of a run of capitalised words (with lowercase joiners inside, never at its end)."""
    end = None
    while i < len(doc):
        token = doc[i]
        if token.ent_type_ and token.ent_type_ not in NAME_LIKE_LABELS:
            break  # "... and Science on Monday": a date is not part of the name
        if _is_capitalised(token):
            end = i + 1
        elif token.lower_ not in JOINERS or token.is_sent_start:
            break
        i += 1
    return end


def _is_capitalised(token: Token) -> bool:
    return token.is_alpha and token.text[0].isupper() and not token.is_sent_start


def _has_connector(doc: Doc, start: int, end: int) -> bool:
    """'Ministry of Education' + 'and Science' joins; 'UNICEF' + 'and WHO' does not."""
    return any(doc[i].lower_ in CONNECTORS for i in range(start, end))


def _starts_known_name(token: Token) -> bool:
    """A conjunct that is a curated name of its own (gazetteer ruler) is a separate entity."""
    return token.ent_type_ != "" and token.ent_iob_ == "B" and bool(token.ent_id_)
