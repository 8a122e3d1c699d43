"""Corpus-wide linking decisions: partial person names, cross-script names, national bodies, acronyms.

Documents and mentions are written for the tests; every case goes through the real
DocumentLinker -> CorpusEntities -> finish_linking path that run.py uses.
"""

from __future__ import annotations

import itertools

import pytest

from pipeline.link.corpus import CorpusEntities
from pipeline.link.finalize import finish_linking
from pipeline.link.keys import entity_id_for
from pipeline.link.linker import DocumentLinker
from pipeline.records import Document, Mention
from pipeline.resources.gazetteer import load_gazetteer
from pipeline.text.acronyms import acronym_fits
from pipeline.text.russian_forms import russian_base_form


def _doc(doc_id: str, lang: str, text: str, *spans: tuple[str, str, str]) -> tuple[Document, list[Mention]]:
    """A document and its mentions: (surface text, label, normalized) in order of appearance."""
    doc = Document(doc_id=doc_id, path=f"{doc_id}.txt", sha256=None, n_bytes=None, text=text, lang=lang)
    mentions, position = [], 0
    for surface, label, normalized in spans:
        start = text.index(surface, position)
        position = start + len(surface)
        mentions.append(Mention(doc_id, start, position, surface, label, 0, "test", normalized=normalized))
    return doc, mentions


def _run(*documents: tuple[Document, list[Mention]]):
    """The documents linked in the given order, and the corpus finished: (linked mentions per document, LinkedCorpus)."""
    gazetteer = load_gazetteer()
    linker, corpus = DocumentLinker(gazetteer), CorpusEntities(gazetteer)
    linked = []
    for doc, mentions in documents:
        links = linker.link(doc, mentions)
        corpus.add(doc.lang, links)
        linked.append(links.mentions)
    staged = [([entity_id_for(m.entity_key) for m in ms], [m.doc_id for m in ms], [m.in_chrome for m in ms]) for ms in linked]
    return linked, finish_linking(corpus, staged)


def _final_ids(mentions: list[Mention], remap: dict[str, str]) -> list[str]:
    return [remap.get(entity_id_for(m.entity_key), entity_id_for(m.entity_key)) for m in mentions]


def _link(*documents: tuple[Document, list[Mention]]) -> dict[tuple[str, str], str]:
    """(doc_id, mention text) -> final entity id, for a corpus of documents in the given order."""
    linked, result = _run(*documents)
    return {(m.doc_id, m.text): entity_id for mentions in linked for m, entity_id in zip(mentions, _final_ids(mentions, result.id_remap))}


PETROVA = _doc("a", "ru", "Министр Анна Ивановна Петрова приехала.", ("Анна Ивановна Петрова", "PER", "Анна Ивановна Петрова"))
PETROVA_SHORT = _doc("b", "ru", "Анна Петрова и Петрова.", ("Анна Петрова", "PER", "Анна Петрова"))
PETROVA_INITIAL = _doc("c", "ru", "А. Петрова сказала.", ("А. Петрова", "PER", "А. Петрова"))
PETROVA_ALONE = _doc("d", "ru", "Петрова сказала.", ("Петрова", "PER", "Петрова"))
PETROVA_EN = _doc("e", "en", "Petrova said.", ("Petrova", "PER", "Petrova"))
PETROV = _doc("f", "ru", "Иван Петров заявил.", ("Иван Петров", "PER", "Иван Петров"))


def test_partial_names_link_to_the_corpus_full_name_in_either_script():
    ids = _link(PETROVA, PETROVA_SHORT, PETROVA_INITIAL, PETROVA_ALONE, PETROVA_EN, PETROV)
    full = ids[("a", "Анна Ивановна Петрова")]
    assert ids[("b", "Анна Петрова")] == full  # first name + surname -> the full name with patronymic
    assert ids[("c", "А. Петрова")] == full
    assert ids[("d", "Петрова")] == full
    assert ids[("e", "Petrova")] == full
    assert ids[("f", "Иван Петров")] != full  # another person, another gender


def test_the_result_does_not_depend_on_document_order():
    documents = [PETROVA, PETROVA_SHORT, PETROVA_INITIAL, PETROVA_ALONE, PETROV]
    results = [_link(*order) for order in itertools.permutations(documents, len(documents))][::17]
    assert all(result == results[0] for result in results)


def test_an_initial_of_another_first_name_does_not_link():
    other = _doc("g", "ru", "Б. Петрова сказала.", ("Б. Петрова", "PER", "Б. Петрова"))
    ids = _link(PETROVA, other)
    assert ids[("g", "Б. Петрова")] != ids[("a", "Анна Ивановна Петрова")]


def test_a_surname_shared_by_two_frequent_full_names_stays_in_its_document():
    mark = _doc("m", "en", "Mark Smith and Mark Smith.", ("Mark Smith", "PER", "Mark Smith"), ("Mark Smith", "PER", "Mark Smith"))
    laura = _doc("l", "en", "Laura Smith and Laura Smith.", ("Laura Smith", "PER", "Laura Smith"), ("Laura Smith", "PER", "Laura Smith"))
    first = _doc("s1", "en", "Smith said.", ("Smith", "PER", "Smith"))
    second = _doc("s2", "en", "Smith left.", ("Smith", "PER", "Smith"))
    ids = _link(mark, laura, first, second)
    assert ids[("s1", "Smith")] not in {ids[("m", "Mark Smith")], ids[("l", "Laura Smith")]}
    assert ids[("s1", "Smith")] != ids[("s2", "Smith")]


def test_a_surname_dominated_by_one_full_name_links_to_it():
    boris = [_doc(f"b{i}", "en", "Boris Johnson spoke.", ("Boris Johnson", "PER", "Boris Johnson")) for i in range(9)]
    dwayne = _doc("dw", "en", "Dwayne Johnson acted.", ("Dwayne Johnson", "PER", "Dwayne Johnson"))
    short = _doc("j", "en", "Johnson said.", ("Johnson", "PER", "Johnson"))
    ids = _link(*boris, dwayne, short)
    assert ids[("j", "Johnson")] == ids[("b0", "Boris Johnson")] != ids[("dw", "Dwayne Johnson")]


def test_surnames_without_any_full_name_in_the_corpus_are_one_entity():
    ids = _link(_doc("x", "ru", "Шевчук спел.", ("Шевчук", "PER", "Шевчук")), _doc("y", "ru", "Шевчук ушёл.", ("Шевчук", "PER", "Шевчук")))
    assert ids[("x", "Шевчук")] == ids[("y", "Шевчук")]


def test_english_names_in_russian_transcription_link_only_when_unique():
    ardern_en = _doc("en", "en", "Jacinda Ardern spoke.", ("Jacinda Ardern", "PER", "Jacinda Ardern"))
    ardern_ru = _doc("ru", "ru", "Джасинда Ардерн выступила. Ардерн ушла.", ("Джасинда Ардерн", "PER", "Джасинда Ардерн"), ("Ардерн", "PER", "Ардерн"))
    williams = _doc("w", "ru", "Уильямс выиграла.", ("Уильямс", "PER", "Уильямс"))
    serena = _doc("s", "en", "Serena Williams won.", ("Serena Williams", "PER", "Serena Williams"))
    ids = _link(ardern_en, ardern_ru, williams, serena)
    assert ids[("en", "Jacinda Ardern")] == ids[("ru", "Джасинда Ардерн")] == ids[("ru", "Ардерн")]
    assert ids[("w", "Уильямс")] == ids[("s", "Serena Williams")]
    place = _doc("p", "en", "Wellington hosted.", ("Wellington", "PER", "Wellington"))
    ids = _link(ardern_en, ardern_ru, place)  # a match of another label is no match
    assert len({ids[("p", "Wellington")], ids[("en", "Jacinda Ardern")]}) == 2


def test_two_english_names_with_one_russian_skeleton_are_not_linked():
    ru = _doc("ru", "ru", "Компания Нортекс.", ("Нортекс", "ORG", "Нортекс"))
    one = _doc("e1", "en", "Nortex said.", ("Nortex", "ORG", "Nortex"))
    two = _doc("e2", "en", "Nortecs said.", ("Nortecs", "ORG", "Nortecs"))
    ids = _link(ru, one, two)
    assert ids[("ru", "Нортекс")] not in {ids[("e1", "Nortex")], ids[("e2", "Nortecs")]}


# --- national bodies named without their country

def _mid(doc_id: str, text: str, *places: tuple[str, str, str]) -> tuple[Document, list[Mention]]:
    return _doc(doc_id, "ru", text, ("МИД", "ORG", "МИД"), *places)


def test_a_ministry_without_its_country_is_the_ministry_of_the_country_the_document_gives():
    france = _mid("fr", "МИД выразил протест. В Париже и во Франции недовольны.", ("Париже", "LOC", "Париж"), ("Франции", "LOC", "Франция"))
    russia = _mid("ru", "МИД ответил. В России и в Москве спокойно.", ("России", "LOC", "Россия"), ("Москве", "LOC", "Москва"))
    named = _doc("rn", "ru", "МИД России ответил.", ("МИД России", "ORG", "МИД России"))
    french_named = _doc("fn", "en", "The Foreign Ministry of France said.", ("Foreign Ministry of France", "ORG", "Foreign Ministry of France"))
    ids = _link(france, russia, named, french_named)
    assert ids[("fr", "МИД")] != ids[("ru", "МИД")]
    assert ids[("ru", "МИД")] == ids[("rn", "МИД России")]  # the gazetteer's Russian ministry
    assert ids[("fr", "МИД")] == ids[("fn", "Foreign Ministry of France")]


def test_a_ministry_without_a_country_in_context_stays_in_its_document():
    first = _mid("a", "МИД заявил.")
    tie = _mid("b", "МИД заявил. Франция и Россия спорят.", ("Франция", "LOC", "Франция"), ("Россия", "LOC", "Россия"))
    third = _mid("c", "МИД ответил.")
    ids = _link(first, tie, third)
    assert len({ids[("a", "МИД")], ids[("b", "МИД")], ids[("c", "МИД")]}) == 3


def test_a_country_next_to_the_ministry_beats_the_dominant_one():
    doc = _doc(
        "n", "en", "Russia, Russia and France. France's Foreign Ministry said.",
        ("Russia", "LOC", "Russia"), ("Russia", "LOC", "Russia"), ("France", "LOC", "France"), ("France", "LOC", "France"), ("Foreign Ministry", "ORG", "Foreign Ministry"),
    )
    french = _doc("f", "en", "The Foreign Ministry of France said.", ("Foreign Ministry of France", "ORG", "Foreign Ministry of France"))
    ids = _link(doc, french)
    assert ids[("n", "Foreign Ministry")] == ids[("f", "Foreign Ministry of France")]


def test_a_ministry_without_its_country_is_the_one_its_document_names_with_a_country():
    doc = _doc(
        "q", "ru", "МИД Франции выразил протест. В Москве и в России спокойны. МИД пообещал ответить.",
        ("МИД Франции", "ORG", "МИД Франции"), ("Москве", "LOC", "Москва"), ("России", "LOC", "Россия"), ("МИД", "ORG", "МИД"),
    )
    ids = _link(doc)
    assert ids[("q", "МИД")] == ids[("q", "МИД Франции")]  # not Russia's, though Russia is the dominant country


# --- acronyms

@pytest.mark.parametrize(
    "name, acronym, fits",
    [
        ("Министерство образования и науки Республики Казахстан", "МОН РК", True),
        ("Организация по безопасности и сотрудничеству в Европе", "ОБСЕ", True),
        ("Belarusian Telegraph Agency", "BelTA", True),
        ("Северная энергетическая компания", "СЭК", True),
        ("North Atlantic Treaty Organization", "NATO", True),
        ("Москва", "SVO", False),  # an airport code
        ("Almaty", "ALA", False),  # a one-word name has no acronym
        ("Sheremetyevo International Airport", "SVO", False),
        ("Apple Inc", "AAPL", False),  # a ticker
        ("Национальное агентство по экологии", "ДНК", False),
    ],
)
def test_an_acronym_fits_only_a_name_it_abbreviates(name: str, acronym: str, fits: bool):
    assert acronym_fits(name, acronym) is fits


def test_codes_in_brackets_do_not_become_aliases():
    city = _doc("c", "ru", "Вылет из Москвы (SVO) задержан.", ("Москвы", "LOC", "Москва"), ("SVO", "LOC", "SVO"))
    company = _doc("k", "ru", "Северная энергетическая компания (СЭК) и СЭК.", ("Северная энергетическая компания", "ORG", "Северная энергетическая компания"), ("СЭК", "ORG", "СЭК"), ("СЭК", "ORG", "СЭК"))
    ids = _link(city, company)
    assert ids[("c", "Москвы")] != ids[("c", "SVO")]
    assert ids[("k", "Северная энергетическая компания")] == ids[("k", "СЭК")]


def test_a_wrong_base_form_still_finds_the_full_name_its_document_writes():
    doc = _doc(
        "w", "ru", "Анна Ивановна Петрова приехала. Петрова сказала. Иван Петров промолчал.",
        ("Анна Ивановна Петрова", "PER", "Анна Ивановна Петрова"), ("Петрова", "PER", "Петров"), ("Иван Петров", "PER", "Иван Петров"),
    )
    ids = _link(doc)
    assert ids[("w", "Петрова")] == ids[("w", "Анна Ивановна Петрова")] != ids[("w", "Иван Петров")]


# --- what an entity is called, and what a sound match alone may not link (issue 19)

def _entities(*documents: tuple[Document, list[Mention]]):
    return _run(*documents)[1].entities


def test_a_person_is_named_by_the_fullest_of_its_own_forms():
    full = _doc("k1", "en", "Marta Kessler spoke. Kessler left. Kessler said.",
                ("Marta Kessler", "PER", "Marta Kessler"), ("Kessler", "PER", "Kessler"), ("Kessler", "PER", "Kessler"))
    bare = [_doc(f"k{i}", "en", "Kessler said.", ("Kessler", "PER", "Kessler")) for i in range(2, 6)]
    russian = _doc("kr", "ru", "Марта Кесслер и Марта Ивановна Кесслер. Кесслер ушла.",
                   ("Марта Кесслер", "PER", "Марта Кесслер"), ("Марта Ивановна Кесслер", "PER", "Марта Ивановна Кесслер"),
                   ("Кесслер", "PER", "Кесслер"))
    people = [entity for entity in _entities(full, *bare, russian) if entity.label == "PER"]
    assert len(people) == 1, people
    assert people[0].name == "Marta Kessler"  # 7 bare "Kessler", one full name
    assert people[0].name_ru == "Марта Кесслер"  # the full name, without the patronymic


def test_a_bare_name_does_not_link_across_scripts_by_a_short_sound():
    english = _doc("w", "en", "Gregory Wallis spoke. Wallis left.", ("Gregory Wallis", "PER", "Gregory Wallis"), ("Wallis", "PER", "Wallis"))
    russian = _doc("o", "ru", "Олесь ушёл.", ("Олесь", "PER", "Олесь"))  # a first name with Wallis' skeleton
    longer = _doc("r", "ru", "Ровински ушёл.", ("Ровински", "PER", "Ровински"))
    rovinsky = _doc("g", "en", "Gregory Rovinsky spoke.", ("Gregory Rovinsky", "PER", "Gregory Rovinsky"))
    ids = _link(english, russian, longer, rovinsky)
    assert ids[("o", "Олесь")] != ids[("w", "Gregory Wallis")]
    assert ids[("r", "Ровински")] == ids[("g", "Gregory Rovinsky")]  # a longer surname still links alone


def test_acronyms_and_bare_surnames_do_not_link_across_scripts_by_sound():
    ids = _link(
        _doc("a", "en", "The KG reported.", ("KG", "ORG", "KG")),  # spelt alike letter by letter
        _doc("b", "ru", "КГ сообщила.", ("КГ", "ORG", "КГ")),
        _doc("c", "en", "Walsh spoke.", ("Walsh", "PER", "Walsh")),
        _doc("d", "ru", "Уолш ответил.", ("Уолш", "PER", "Уолш")),
    )
    assert ids[("a", "KG")] != ids[("b", "КГ")]
    assert ids[("c", "Walsh")] != ids[("d", "Уолш")]  # two bare surnames of one sound: no full name to agree with


def _settled(*documents: tuple[Document, list[Mention]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(doc_id, mention text) -> (final entity id, settled label)."""
    linked, result = _run(*documents)
    settled = {}
    for mentions in linked:
        ids = _final_ids(mentions, result.id_remap)
        for m, entity_id, label in zip(mentions, ids, result.mention_labels([m.label for m in mentions], ids)):
            settled[(m.doc_id, m.text)] = (entity_id, label)
    return settled


def test_a_person_elsewhere_in_the_corpus_does_not_become_an_organisation_by_a_local_majority():
    opinion = _doc("op", "en", "Halvorsen said. Halvorsen left. Halvorsen won.", *[("Halvorsen", "ORG", "Halvorsen")] * 3)
    news = [_doc(f"n{i}", "en", "Erik Halvorsen spoke. Halvorsen left.", ("Erik Halvorsen", "PER", "Erik Halvorsen"), ("Halvorsen", "PER", "Halvorsen")) for i in range(7)]
    settled = _settled(opinion, *news)
    assert settled[("op", "Halvorsen")] == settled[("n0", "Erik Halvorsen")]
    assert settled[("op", "Halvorsen")][1] == "PER"


def test_a_company_tagged_as_a_person_once_takes_the_corpus_label():
    company = [_doc(f"c{i}", "en", "Vantrix grew.", ("Vantrix", "ORG", "Vantrix")) for i in range(6)]
    odd = _doc("odd", "en", "Vantrix said.", ("Vantrix", "PER", "Vantrix"))
    settled = _settled(*company, odd)
    assert settled[("odd", "Vantrix")] == settled[("c0", "Vantrix")]
    assert settled[("odd", "Vantrix")][1] == "ORG"


def test_a_name_the_corpus_uses_both_ways_keeps_both_labels():
    company = [_doc(f"c{i}", "en", "Brandtec grew.", ("Brandtec", "ORG", "Brandtec")) for i in range(4)]
    person = [_doc(f"p{i}", "en", "Lena Brandtec spoke.", ("Lena Brandtec", "PER", "Lena Brandtec")) for i in range(3)]
    settled = _settled(*company, *person)
    assert settled[("c0", "Brandtec")][1] == "ORG" and settled[("p0", "Lena Brandtec")][1] == "PER"
    assert settled[("c0", "Brandtec")][0] != settled[("p0", "Lena Brandtec")][0]


# --- full names by two forms of one given name ------------------------------------------------------

def _person_doc(doc_id: str, lang: str, *names: str) -> tuple[Document, list[Mention]]:
    return _doc(doc_id, lang, " и ".join(names) + ".", *[(name, "PER", name) for name in names])


def test_two_full_names_by_forms_of_one_given_name_are_one_person_and_their_surname_finds_them():
    found = _link(
        _person_doc("a", "ru", "Джо Кавендер"), _person_doc("b", "ru", "Джозеф Кавендер"), _person_doc("c", "ru", "Кавендер"),
        _person_doc("d", "en", "Bill Harrowgate"), _person_doc("e", "en", "William Harrowgate"),
        _person_doc("f", "ru", "Эл Сторм"), _person_doc("g", "ru", "Альберт Сторм"),
    )
    assert found[("a", "Джо Кавендер")] == found[("b", "Джозеф Кавендер")] == found[("c", "Кавендер")]
    assert found[("d", "Bill Harrowgate")] == found[("e", "William Harrowgate")]
    assert found[("f", "Эл Сторм")] == found[("g", "Альберт Сторм")]


def test_a_short_given_name_meets_its_full_form_across_scripts():
    found = _link(_person_doc("a", "en", "Joe Kavender"), _person_doc("b", "ru", "Джозеф Кавендер"))
    assert found[("a", "Joe Kavender")] == found[("b", "Джозеф Кавендер")]


def test_different_given_names_and_genders_stay_apart():
    found = _link(
        _person_doc("a", "en", "Bill Harrowgate"), _person_doc("b", "en", "Hillary Harrowgate"),
        _person_doc("c", "ru", "Джо Кавендер"), _person_doc("d", "ru", "Хантер Кавендер"),
        _person_doc("e", "ru", "Алекс Сторм"), _person_doc("f", "ru", "Альберт Сторм"),
    )
    assert found[("a", "Bill Harrowgate")] != found[("b", "Hillary Harrowgate")]
    assert found[("c", "Джо Кавендер")] != found[("d", "Хантер Кавендер")]
    assert found[("e", "Алекс Сторм")] != found[("f", "Альберт Сторм")]  # both may be "Al", neither is the other


def test_names_linked_as_variants_must_all_be_variants_of_each_other():
    # "Al" is a short form of both Albert and Alfred, which are two people
    found = _link(_person_doc("a", "en", "Al Storm"), _person_doc("b", "en", "Albert Storm"), _person_doc("c", "en", "Alfred Storm"))
    assert len({found[("a", "Al Storm")], found[("b", "Albert Storm")], found[("c", "Alfred Storm")]}) == 3


def test_variant_links_do_not_depend_on_document_order():
    documents = [_person_doc("a", "ru", "Джо Кавендер"), _person_doc("b", "en", "Joseph Kavender"), _person_doc("c", "ru", "Кавендер")]
    results = [sorted(_link(*order).items()) for order in itertools.permutations(documents)]
    assert all(result == results[0] for result in results)


# --- a place word the dictionary lacks: its base form from all its forms in the corpus ----------------

def _place_doc(doc_id: str, *words: str, label: str = "LOC") -> tuple[Document, list[Mention]]:
    """One mention per word, each given the base form normalisation gives it alone."""
    return _doc(doc_id, "ru", " и ".join(words) + ".", *[(word, label, russian_base_form(word, label)) for word in words])


def _place_entities(*documents: tuple[Document, list[Mention]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(doc_id, text) -> (entity id, entity's Russian name)."""
    linked, result = _run(*documents)
    names = {entity.entity_id: entity.name_ru for entity in result.entities}
    return {
        (m.doc_id, m.text): (entity_id, names[entity_id])
        for mentions in linked for m, entity_id in zip(mentions, _final_ids(mentions, result.id_remap))
    }


@pytest.mark.parametrize(
    "words, name",
    [
        (("Саронаде", "Саронады", "Саронаду"), "Саронада"),  # "Саронады" is no form of "Саронад"
        (("Луизиане", "Луизианы"), "Луизиана"),
        (("Кельмарте", "Кельмарта", "Кельмартом"), "Кельмарт"),  # "Кельмартом" is no form of "Кельмарта"
        (("Тусоне", "Тусона"), "Тусон"),  # forms both declensions share: the guesses decide
    ],
)
def test_the_forms_of_an_unknown_place_word_are_one_place_named_by_the_form_that_explains_them(words, name):
    found = _place_entities(*[_place_doc(f"d{i}", word) for i, word in enumerate(words)])
    assert {found[(f"d{i}", word)] for i, word in enumerate(words)} == {(found[("d0", words[0])][0], name)}


def test_unknown_words_of_one_stem_stay_apart_when_no_base_form_explains_them_or_their_labels_differ():
    found = _place_entities(_place_doc("a", "Кельмарте"), _place_doc("b", "Кельмартом", label="ORG"))
    assert found[("a", "Кельмарте")][0] != found[("b", "Кельмартом")][0]
    found = _place_entities(_place_doc("a", "Саронады"), _place_doc("b", "Саронадом"))  # a feminine and a masculine form
    assert found[("a", "Саронады")][0] != found[("b", "Саронадом")][0]


def test_the_base_form_of_an_unknown_place_word_does_not_depend_on_document_order():
    documents = [_place_doc("a", "Саронаде"), _place_doc("b", "Саронады"), _place_doc("c", "Саронаду")]
    results = [sorted(_place_entities(*order).items()) for order in itertools.permutations(documents)]
    assert all(result == results[0] for result in results)
