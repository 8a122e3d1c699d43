"""Stage 5: one canonical entity per real-world thing, across mentions, documents and languages.

A mention's entity key is decided in this order (per document: `DocumentLinker`; the corpus-wide
rest is `pipeline.link.corpus`):
1. within its document: a later partial person name ("Duisenova", "Лужков") takes the
   fullest name of the same person in that document; an office of a known organisation
   ("UNICEF Kazakhstan", "Страновой офис РЭЦЦА в Казахстане") is that organisation;
2. the curated gazetteer (`models/gazetteer.jsonl`): English and Russian names and aliases
   of one entry share its key, so "Astana", "Астане" and "Нур-Султан" are one entity;
3. a national body named without its country ("МИД", "Foreign Ministry") is the body of the
   country next to it or dominant in the document (`models/national_institutions.json`), and
   a document-local key when the document does not decide;
4. otherwise a cross-lingual match key: BGN/PCGN romanization plus spelling folds, so
   "Сагинтаев" and "Sagintayev" meet; a surname alone (or with initials) that the document
   cannot complete gets a document-local key, which the corpus-wide reduce may link.
Acronyms defined next to their expansion ("Северная энергетическая компания (СЭК)") are aliases
of one entity when the acronym fits the name; the alias table is corpus-wide, so it also joins
documents processed before the definition (`resolve` is applied when the mentions table is finalised).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from pipeline.labels import DATE, LOC, ORG, PER
from pipeline.link.keys import GAZETTEER_PREFIX, local_key, name_key
from pipeline.link.people import INITIAL_SURNAME, parse_person
from pipeline.records import Document, Mention
from pipeline.resources.gazetteer import Gazetteer, GazetteerEntry, lookup_key
from pipeline.resources.word_lists import national_institutions, office_words
from pipeline.text.acronyms import defines_acronym
from pipeline.text.morphology import genitive


@dataclass(frozen=True)
class DocumentLinks:
    """One document's linking result: mentions with `entity_key` set (DATE mentions have none)
    and the (name key, acronym key) pairs it defines as aliases ("Name (ACRONYM)")."""

    mentions: list[Mention]
    aliases: list[tuple[str, str]]


class DocumentLinker:
    """Keys for one document's mentions. Depends only on the document and the gazetteer, so it
    runs wherever the document is processed and its result can be cached with the document;
    what needs the whole corpus (aliases, names, counts) is `pipeline.link.corpus`."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def link(self, doc: Document, mentions: list[Mention]) -> DocumentLinks:
        """A key depends on the name, the label, its gazetteer entry and the country the context
        gives, so each is looked up and made once per distinct one in the document."""
        keys: dict[int, str] = {}
        names = [i for i, m in enumerate(mentions) if m.label != DATE]
        fullest = _fullest_person_names([mentions[i] for i in names])
        lookups: dict[tuple, GazetteerEntry | None] = {}

        def lookup(mention: Mention) -> GazetteerEntry | None:
            name = (mention.gazetteer_id, mention.label, mention.normalized, mention.text)
            if name not in lookups:
                lookups[name] = self._lookup(mention)
            return lookups[name]

        entries = {i: lookup(mentions[i]) for i in names}
        dominant = self._dominant_country(entries.values())
        named_bodies = self._bodies_named_with_country([mentions[i] for i in names])
        made: dict[tuple, str] = {}
        for i in names:
            mention, entry = mentions[i], entries[i]
            country = self._country_next_to(doc.text, mentions, entries, i) or named_bodies.get(mention.normalized) or dominant
            if mention.label == PER and (mention.normalized, mention.text) in fullest:
                mention = fullest[(mention.normalized, mention.text)]
                entry = lookup(mention)
            made_from = (mention.label, mention.normalized, entry and entry.id, country and country.id)
            if made_from not in made:
                made[made_from] = self._key(mention, entry, country, doc.doc_id)
            keys[i] = made[made_from]
        aliases = [(keys[i], keys[j]) for i, j in _acronym_definitions(doc.text, mentions) if i in keys and j in keys]
        return DocumentLinks([replace(m, entity_key=keys.get(i)) for i, m in enumerate(mentions)], aliases)

    def _key(self, mention: Mention, entry: GazetteerEntry | None, country: GazetteerEntry | None, doc_id: str) -> str:
        """The canonical key; `entry` is the mention's own gazetteer lookup, already made, `country` the
        one the document's context gives (next to the mention, else the dominant one). A person
        named only by surname (or initials and surname) the document cannot complete gets a
        document-local key: which full name it is, if any, only the whole corpus can say."""
        entry = entry or self._parent_organisation(mention)
        if entry is None and mention.label == ORG:
            kind, named_country = self._institution(mention.normalized)
            country = named_country or country
            entry = self._national_body(mention.normalized if named_country is None else None, kind, country)
            if entry is None and kind is not None:
                # "МИД" of a country the gazetteer does not list: that country's, or only this document's.
                return f"{ORG}:{kind}@{country.id}" if country else local_key(f"{ORG}:{kind}", doc_id)
        if entry is not None:
            return GAZETTEER_PREFIX + entry.id
        key = name_key(mention.label, mention.normalized)
        if mention.label == PER and _is_partial_person_name(mention.normalized):
            return local_key(key, doc_id)
        return key

    def _lookup(self, mention: Mention) -> GazetteerEntry | None:
        """The mention's gazetteer entry: the one NER matched, else by name."""
        if mention.gazetteer_id is not None:
            return self.gazetteer.entry(mention.gazetteer_id)
        for name in (mention.normalized, mention.text):
            entry = self.gazetteer.lookup(name, mention.label) or self.gazetteer.lookup(name)
            if entry is not None:
                return entry
        return None

    def _institution(self, name: str) -> tuple[str | None, GazetteerEntry | None]:
        """The kind of a national body named generically ("МИД" -> foreign-affairs), and the country
        when the name gives it ("МИД Франции", "Foreign Ministry of France"); (None, None) for other names."""
        kinds = national_institutions().kinds
        if lookup_key(name) in kinds:
            return kinds[lookup_key(name)], None
        words = name.split()
        for cut in range(len(words) - 1, 0, -1):
            kind = kinds.get(lookup_key(" ".join(words[:cut])))
            if kind is not None:
                rest = " ".join(words[cut:]).removeprefix("of ").removeprefix("the ")
                return kind, self._country_named(rest)
        return None, None

    def _country_named(self, name: str) -> GazetteerEntry | None:
        """The country `name` is, in the nominative or (Russian) the genitive: "France", "Франции"."""
        for country_id in sorted(national_institutions().countries):
            country = self._country(country_id)
            if country is not None and lookup_key(name) in {lookup_key(country.name), lookup_key(genitive(country.name_ru))}:
                return country
        entry = self.gazetteer.lookup(name, LOC)
        return entry if entry is not None and entry.id in national_institutions().countries else None

    def _country(self, entry_id: str) -> GazetteerEntry | None:
        try:
            return self.gazetteer.entry(entry_id)
        except KeyError:
            return None

    def _national_body(self, name: str | None, kind: str | None, country: GazetteerEntry | None) -> GazetteerEntry | None:
        """'Ministry of Energy' in an article about Kazakhstan is the 'Ministry of Energy of Kazakhstan':
        the qualified name, with the country the context gives, when the gazetteer knows it. `name` is
        the generic name as written; for a name that gave its country itself, the gazetteer names of
        bodies of that `kind` are tried."""
        if country is None:
            return None
        generic = [name] if name is not None else [n for n, k in national_institutions().kinds.items() if k == kind]
        for body in generic:
            for qualified in (f"{body} of {country.name}", f"{body} {genitive(country.name_ru)}"):
                entry = self.gazetteer.lookup(qualified, ORG)
                if entry is not None:
                    return entry
        return None

    def _bodies_named_with_country(self, mentions: list[Mention]) -> dict[str, GazetteerEntry]:
        """Generic name of a national body -> the country the document names it with, when one: "МИД"
        after "МИД Франции" is France's (before the document's dominant country, which may be another)."""
        countries: dict[str, set] = {}
        for name in dict.fromkeys(mention.normalized for mention in mentions if mention.label == ORG):
            kind, country = self._institution(name)
            if kind is not None and country is not None:
                countries.setdefault(kind, set()).add(country.id)
        kinds = national_institutions().kinds
        return {
            mention.normalized: self._country(next(iter(countries[kinds[lookup_key(mention.normalized)]])))
            for mention in mentions
            if mention.label == ORG and len(countries.get(kinds.get(lookup_key(mention.normalized)), ())) == 1
        }

    def _dominant_country(self, entries: Iterable[GazetteerEntry | None]) -> GazetteerEntry | None:
        """The country the document mentions most (a capital speaks for its country); None on a tie."""
        counts = Counter(country for entry in entries if (country := self._country_of(entry)) is not None)
        ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0].id))
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def _country_of(self, entry: GazetteerEntry | None) -> GazetteerEntry | None:
        if entry is None or entry.label != LOC:
            return None
        lists = national_institutions()
        if entry.id in lists.countries:
            return entry
        return self._country(lists.capitals[entry.id]) if entry.id in lists.capitals else None

    def _country_next_to(self, text: str, mentions: list[Mention], entries: dict, i: int) -> GazetteerEntry | None:
        """A country written right before or after an organisation ("France's Foreign Ministry",
        "МИД ... Франции" split by the model, "Foreign Ministry of France")."""
        if mentions[i].label != ORG:
            return None
        for j, gap in ((i - 1, _GAP_BEFORE), (i + 1, _GAP_AFTER)):
            if 0 <= j < len(mentions) and j in entries:
                first, second = sorted((mentions[i], mentions[j]), key=lambda m: m.start_char)
                if gap.fullmatch(text[first.end_char : second.start_char]):
                    country = entries[j] if entries[j] is not None and entries[j].id in national_institutions().countries else None
                    if country is not None:
                        return country
        return None

    def _parent_organisation(self, mention: Mention) -> GazetteerEntry | None:
        """'UNICEF Kazakhstan', 'UNICEF Office in Kazakhstan', 'Страновой офис РЭЦЦА в Казахстане' -> the parent."""
        if mention.label != ORG:
            return None
        words = mention.normalized.split()
        parents = [self.gazetteer.lookup(word, ORG) for word in words]
        known = [entry for entry in parents if entry is not None]
        if len(known) != 1:
            return None
        rest = [w for w, entry in zip(words, parents) if entry is None]
        is_office = any(word.lower() in office_words() for word in rest)
        is_country_branch = bool(rest) and self.gazetteer.lookup(" ".join(rest), LOC) is not None
        return known[0] if is_office or is_country_branch else None


_GAP_BEFORE = re.compile(r"(?:['’]s)?\s+")
_GAP_AFTER = re.compile(r"\s+(?:of\s+(?:the\s+)?)?")


def _is_partial_person_name(name: str) -> bool:
    person = parse_person(name)
    return person is not None and person.fullness <= INITIAL_SURNAME


def _fullest_person_names(mentions: list[Mention]) -> dict[tuple[str, str], Mention]:
    """(normalized, text) of a partial person name -> the mention with the fullest name containing all
    its words, in one document. The words as written are tried first: a surname written exactly as in
    a full name of the document is that name ("Петрова" after "Анна Ивановна Петрова", even where the
    base form read it as the genitive "Петров"); then the base form's words ("Лужкова" -> "Лужков").

    Indexed by distinct names, not mention pairs: of the mentions of one name the first is the
    candidate (the fullest is the one with most words, then the first in the text), and the names
    containing a set of words are the intersection of each word's names. Comparing every person
    mention with every other made a long file of concatenated news quadratic (`make bench`, the long
    file with repeated names)."""
    people = [m for m in mentions if m.label == PER]
    first_of_name: dict[str, tuple[int, Mention]] = {}
    for order, mention in enumerate(people):
        kept = first_of_name.get(mention.normalized)
        if kept is None or mention.start_char < kept[1].start_char:
            first_of_name[mention.normalized] = (order, mention)
    names_with_word: dict[str, set[str]] = {}
    for name in first_of_name:
        for word in name.split():
            names_with_word.setdefault(word, set()).add(name)

    def rank(name: str) -> tuple:
        order, mention = first_of_name[name]
        return len(name.split()), -mention.start_char, -order

    fullest: dict[tuple[str, str], Mention] = {}
    for normalized, text in dict.fromkeys((m.normalized, m.text) for m in people):
        for words in (set(text.split()), set(normalized.split())):
            fuller = [name for name in _names_with_all(words, names_with_word, first_of_name) if len(set(name.split())) > len(words)]
            if fuller:
                fullest[(normalized, text)] = first_of_name[max(fuller, key=rank)][1]
                break
    return fullest


def _names_with_all(words: set[str], names_with_word: dict[str, set[str]], names: dict) -> set[str]:
    """The names (keys of `names`) whose words include all of `words`."""
    if not words:
        return set(names)
    postings = sorted((names_with_word.get(word, set()) for word in words), key=len)
    return postings[0].intersection(*postings[1:])


def _acronym_definitions(text: str, mentions: list[Mention]) -> list[tuple[int, int]]:
    """Index pairs (name, acronym) written as 'Name (ACRONYM)' with the same label, the acronym fitting the name."""
    return [
        (i, i + 1)
        for i, (name, acronym) in enumerate(zip(mentions, mentions[1:]))
        if name.label == acronym.label
        and defines_acronym(text, name, acronym)
    ]
