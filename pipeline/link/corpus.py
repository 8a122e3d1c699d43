"""The corpus-wide part of linking: per-entity tallies, the alias table, and decisions only the corpus can make.

`CorpusEntities.add` takes each document's `DocumentLinks` in corpus order; it keeps one tally
per entity key (mention count, names seen per language), never per-mention rows, so its
memory grows with the number of distinct entities and names, not with the corpus.
Acronyms defined next to their expansion ("Детского фонда ООН (ЮНИСЕФ)") are aliases of
one entity corpus-wide, so they also join documents processed before the definition.
After the last document, `link_corpus_wide` adds unions decided from the tallies alone (so the
result does not depend on document order): unique cross-script name matches, and partial person
names to the corpus's dominant fuller name. `finish_linking` then applies the final ids.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.labels import PER
from pipeline.link.cross_script import may_link_by_sound, unique_matches
from pipeline.link.keys import GAZETTEER_PREFIX, corpus_key, entity_id_for, is_local
from pipeline.link.linker import DocumentLinks
from pipeline.link.people import FIRST_SURNAME, INITIAL_SURNAME, SOUND_MARK, SURNAME, PersonName, are_variant_names, can_be, display_name, parse_person, without_patronymic
from pipeline.records import Entity
from pipeline.resources.gazetteer import Gazetteer, GazetteerEntry
from pipeline.text.russian_forms import best_explaining_form, guessed_name_word, name_stem
from pipeline.text.scripts import mention_language


DOMINANT_SHARE = 0.8
"""A partial person name links to a fuller one holding at least this share of the mentions of all
the fuller names it can be ("Johnson" with 40 "Boris Johnson" and 2 "Dwayne Johnson")."""


@dataclass
class _Tally:
    """What the corpus has seen of one provisional key."""

    label: str
    entry: GazetteerEntry | None
    names: dict[str, Counter] = field(default_factory=lambda: {"en": Counter(), "ru": Counter()})
    n_mentions: int = 0
    guessed: Counter = field(default_factory=Counter)  # (written word, base form) of a one-word Russian name the dictionary lacks
    preferred_ru: str | None = None  # the base form the corpus's forms of that word settle on


class CorpusEntities:
    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._tallies: dict[str, _Tally] = {}
        self._parent: dict[str, str] = {}
        self._decided = False

    def add(self, doc_lang: str, links: DocumentLinks) -> None:
        """Tally one document's linked mentions and record its aliases."""
        for mention in links.mentions:
            if mention.entity_key is not None:
                lang = mention_language(mention.normalized, doc_lang)
                self.add_names(mention.entity_key, mention.label, lang, mention.normalized, 1)
                if lang == "ru" and mention.label != PER and (word := guessed_name_word(mention.text, mention.normalized)):
                    self.add_guessed(mention.entity_key, mention.label, word, mention.normalized, 1)
        for name_key, acronym_key in links.aliases:
            self.add_alias(name_key, acronym_key)

    def add_names(self, key: str, label: str, lang: str, name: str, count: int) -> None:
        """Tally `count` mentions of a key written as `name` in `lang` (en or ru, the name's script):
        one document's, or a whole part's counted at once by the distributed reduce."""
        tally = self._tally(key, label)
        tally.n_mentions += count
        tally.names[lang][name] += count

    def add_guessed(self, key: str, label: str, word: str, name: str, count: int) -> None:
        """`count` mentions of a one-word Russian name the dictionary lacks, written `word`, its
        base form guessed as `name` (`pipeline.text.russian_forms.guessed_name_word`)."""
        self._tally(key, label).guessed[(word, name)] += count

    def add_alias(self, name_key: str, acronym_key: str) -> None:
        self._union(name_key, acronym_key)

    def _tally(self, key: str, label: str) -> _Tally:
        if key not in self._tallies:
            entry = self.gazetteer.entry(key.removeprefix(GAZETTEER_PREFIX)) if key.startswith(GAZETTEER_PREFIX) else None
            self._tallies[key] = _Tally(label=entry.label if entry else label, entry=entry)
        return self._tallies[key]

    # -- alias table (union-find over keys) ---------------------------------------------

    def resolve(self, key: str) -> str:
        while self._parent.get(key, key) != key:
            key = self._parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        a, b = self.resolve(a), self.resolve(b)
        if a == b:
            return
        # A gazetteer key wins, then a corpus-wide one, then one of its own label (not relabelled by
        # `_settle_labels`), else the smaller key: the same root whatever the document order.
        keep = min(a, b, key=lambda key: (not key.startswith(GAZETTEER_PREFIX), is_local(key), self._relabelled(key), key))
        self._parent[b if keep == a else a] = keep

    def _relabelled(self, key: str) -> bool:
        return key in self._tallies and not key.startswith(f"{self._tallies[key].label}:")

    # -- corpus-wide decisions, made once from the tallies --------------------------------

    def link_corpus_wide(self) -> None:
        """Unions only the whole corpus can justify, decided from the tallies (so independent of
        document order): a one-word name's label where the corpus uses it mostly one way, the base
        form of a place or organisation word the dictionary lacks from all its forms, names
        of one label in two scripts that match uniquely, full person names by two forms of one
        given name, then partial person names to the corpus's one dominant fuller name."""
        if self._decided:
            return
        self._decided = True
        self._settle_labels()
        self._settle_guessed_forms()
        self._link_across_scripts()
        self._link_name_variants()
        self._link_partial_person_names()

    def _settle_labels(self) -> None:
        """A one-word name the model tagged with another label in some documents takes the label
        the corpus gives it in at least `DOMINANT_SHARE` of its mentions, counting a person's full
        names whose surname it is: 18 "Trump" tagged ORG in one opinion piece beside 200 mentions
        of "Donald Trump" and "Trump" as a person are the person; one "Samsung" tagged PER beside
        40 ORG is the company. A name the corpus really uses both ways (a carmaker and a
        president, neither dominant) keeps both. Full names and gazetteer entries never move."""
        weight: dict[str, Counter] = {}
        one_word: dict[str, list[str]] = {}
        for key, tally in sorted(self._tallies.items()):
            if key.startswith(GAZETTEER_PREFIX) or not tally.n_mentions:
                continue
            label, _, name = corpus_key(key).partition(":")
            if " " not in name and "@" not in name:
                one_word.setdefault(name, []).append(key)
                weight.setdefault(name, Counter())[label] += tally.n_mentions
            elif label == PER and (person := _person([tally])) is not None and person.fullness > SURNAME:
                for surname in person.surname_keys - {k for k in person.surname_keys if k.startswith(SOUND_MARK)}:
                    weight.setdefault(surname, Counter())[PER] += tally.n_mentions
        for name, keys in one_word.items():
            (winner, top), total = weight[name].most_common(1)[0], sum(weight[name].values())
            if len(weight[name]) < 2 or top < DOMINANT_SHARE * total:
                continue
            for key in keys:
                tally = self._tallies[key]
                if tally.label != winner:
                    tally.label = winner
                    if winner != PER:  # a person's surname finds its full name in `_link_partial_person_names`
                        self._union(f"{winner}:{name}", key)

    def _settle_guessed_forms(self) -> None:
        """A place or organisation word the dictionary lacks has its base form guessed from one form at a
        time, so "Неваде" becomes "Невад" and "Невады" stays, apart from "Невада". The corpus's forms of one
        stem and label settle it (`best_explaining_form`): their entities become one, named by that form."""
        groups = self._groups()
        stems: dict[tuple[str, str], list[str]] = {}
        for root, tallies in groups.items():
            forms = sum((tally.guessed for tally in tallies), Counter())
            if forms and not any(tally.entry for tally in tallies):
                base = max(sorted(forms), key=forms.get)[1]
                stems.setdefault((group_label(tallies), name_stem(base)), []).append(root)
        for _, roots in sorted(stems.items()):
            forms = sum((tally.guessed for root in roots for tally in groups[root]), Counter())
            best = best_explaining_form(forms)
            if best is None:
                continue
            for root in roots:
                self._union(roots[0], root)
                for tally in groups[root]:
                    tally.preferred_ru = best

    def _groups(self) -> dict[str, list[_Tally]]:
        groups: dict[str, list[_Tally]] = {}
        for key in sorted(self._tallies):
            if self._tallies[key].n_mentions:
                groups.setdefault(self.resolve(key), []).append(self._tallies[key])
        return groups

    def _link_across_scripts(self) -> None:
        """Groups named in one script only, unknown to the gazetteer, and not document-local, by
        their display name (a person's full name) when a sound match may link it (`may_link_by_sound`)."""
        by_label: dict[str, tuple[dict[str, str], dict[str, str]]] = {}
        for root, tallies in self._groups().items():
            if is_local(root) or any(tally.entry for tally in tallies):
                continue
            russian, english = _names(tallies, "ru"), _names(tallies, "en")
            if bool(russian) == bool(english):
                continue
            label = group_label(tallies)
            name = display_name(russian or english) if label == PER else _preferred_ru(tallies) or _most_common(russian or english)
            if may_link_by_sound(name, label):
                sides = by_label.setdefault(label, ({}, {}))
                sides[0 if russian else 1][root] = without_patronymic(name) if label == PER else name
        for label in sorted(by_label):
            for russian_root, english_root in unique_matches(*by_label[label]):
                self._union(russian_root, english_root)

    def _link_name_variants(self) -> None:
        """Full person names with one surname whose given names are forms of one name ("Joe Biden",
        "Joseph Biden", "Джо Байден"; `are_variant_names`) are one person, so their surname alone can
        then find them. The names linked this way must all be variants of each other: "Bill Gates"
        beside both "William Gates" and a "Robert Gates" the data made a variant would link none."""
        people = {
            root: person
            for root, tallies in self._groups().items()
            if group_label(tallies) == PER and (person := _person(tallies)) is not None and person.fullness >= FIRST_SURNAME
        }
        by_surname: dict[str, list[str]] = {}
        for root in sorted(people):
            for key in people[root].surname_keys:
                by_surname.setdefault(key, []).append(root)
        pairs = {
            (a, b)
            for roots in by_surname.values()
            for i, a in enumerate(roots)
            for b in roots[i + 1 :]
            if are_variant_names(people[a], people[b])
        }
        sets = _connected(pairs)
        for members in sets:
            if all((a, b) in pairs or (b, a) in pairs for i, a in enumerate(members) for b in members[i + 1 :]):
                for other in members[1:]:
                    self._union(members[0], other)

    def _link_partial_person_names(self) -> None:
        """'Анна Петрова' -> 'Анна Ивановна Петрова', then 'А. Петрова', then 'Петрова', each to the
        one fuller name of the corpus that holds at least `DOMINANT_SHARE` of the mentions of all
        fuller names it can be; with no fuller name at all, a surname's document-local mentions
        are one entity; with no dominant one, they stay in their documents."""
        groups = self._groups()
        people = {root: _person(tallies) for root, tallies in groups.items() if group_label(tallies) == PER}
        people = {root: person for root, person in people.items() if person is not None}
        weight = {root: sum(tally.n_mentions for tally in tallies) for root, tallies in groups.items()}
        by_surname: dict[str, set[str]] = {}
        for root, person in people.items():
            for key in person.surname_keys:
                by_surname.setdefault(key, set()).add(root)
        unclaimed: dict[str, list[str]] = {}
        for fullness in (FIRST_SURNAME, INITIAL_SURNAME, SURNAME):
            for root in sorted(r for r, person in people.items() if person.fullness == fullness):
                short = people[root]
                fuller = {
                    self.resolve(other)
                    for key in short.surname_keys
                    for other in by_surname.get(key, ())
                    if can_be(short, people[other])
                } - {self.resolve(root)}
                if not fuller:
                    if is_local(root):
                        unclaimed.setdefault(corpus_key(root), []).append(root)
                    continue
                best = min(fuller, key=lambda other: (-weight[other], other))
                if weight[best] >= DOMINANT_SHARE * sum(weight[other] for other in fuller):
                    total = weight[self.resolve(root)] + weight[best]
                    self._union(root, best)
                    weight[self.resolve(best)] = total
        for roots in unclaimed.values():
            for other in roots[1:]:
                self._union(roots[0], other)

    def final_entity_ids(self) -> dict[str, str]:
        """Provisional entity id -> final one, for every key whose alias resolution moved it."""
        return {
            entity_id_for(key): entity_id_for(self.resolve(key)) for key in self._tallies if self.resolve(key) != key
        }

    # -- the entities table ------------------------------------------------------------

    def entities(self, n_docs: dict[str, int]) -> list[Entity]:
        """The entities table, given each final entity id's number of documents."""
        groups: dict[str, list[_Tally]] = {}
        for key, tally in self._tallies.items():
            if tally.n_mentions:
                groups.setdefault(self.resolve(key), []).append(tally)
        entities = [_entity(key, tallies, n_docs.get(entity_id_for(key), 0)) for key, tallies in groups.items()]
        return sorted(entities, key=lambda entity: (entity.label, entity.name, entity.entity_id))


def _entity(key: str, tallies: list[_Tally], n_docs: int) -> Entity:
    entry = next((tally.entry for tally in tallies if tally.entry), None)
    english = sum((tally.names["en"] for tally in tallies), Counter())
    russian = sum((tally.names["ru"] for tally in tallies), Counter())
    label = entry.label if entry else group_label(tallies)
    name_of = display_name if label == PER else _most_common
    return Entity(
        entity_id=entity_id_for(key),
        label=label,
        name=entry.name if entry else name_of(english) or _preferred_ru(tallies) or name_of(russian),
        name_ru=entry.name_ru if entry else _preferred_ru(tallies) or name_of(russian),
        wikidata_id=entry.id if entry and entry.has_qid else None,
        aliases=set(english) | set(russian),
        langs={lang for lang, names in (("en", english), ("ru", russian)) if names},
        n_mentions=sum(tally.n_mentions for tally in tallies),
        n_docs=n_docs,
    )


def group_label(tallies: list[_Tally]) -> str:
    """The label most of a group's mentions have once labels are settled (ties: alphabetical)."""
    counts = Counter()
    for tally in tallies:
        counts[tally.label] += tally.n_mentions
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def _preferred_ru(tallies: list[_Tally]) -> str | None:
    return min((tally.preferred_ru for tally in tallies if tally.preferred_ru), default=None)


def _names(tallies: list[_Tally], lang: str) -> Counter:
    return sum((tally.names[lang] for tally in tallies), Counter())


def _person(tallies: list[_Tally]) -> PersonName | None:
    """The fullest reading among a group's names (ties: more mentions, then alphabetical)."""
    names = _names(tallies, "en") + _names(tallies, "ru")
    parsed = [(person, count, name) for name, count in names.items() if (person := parse_person(name)) is not None]
    if not parsed:
        return None
    return min(parsed, key=lambda item: (-item[0].fullness, -item[1], item[2]))[0]


def _connected(pairs: set[tuple[str, str]]) -> list[list[str]]:
    """The connected sets of an undirected graph given by its edges, each sorted."""
    neighbours: dict[str, set[str]] = {}
    for a, b in pairs:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    seen: set[str] = set()
    sets = []
    for start in sorted(neighbours):
        if start in seen:
            continue
        members, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node not in members:
                members.add(node)
                stack.extend(neighbours[node] - members)
        seen |= members
        sets.append(sorted(members))
    return sets


def _most_common(names: Counter) -> str | None:
    """The most frequent form; ties go to the longer, then alphabetical, for determinism."""
    if not names:
        return None
    return min(names.items(), key=lambda item: (-item[1], -len(item[0]), item[0]))[0]
