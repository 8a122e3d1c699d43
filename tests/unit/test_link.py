"""Canonical entities: the linker on hand-made mentions, and on the real seeds output."""

from __future__ import annotations

import datetime

from pipeline.link.finalize import finish_linking
from pipeline.link.keys import entity_id_for
from pipeline.link.corpus import CorpusEntities
from pipeline.link.linker import DocumentLinker
from pipeline.records import Document, Mention
from pipeline.resources.gazetteer import load_gazetteer
from tests.conftest import Tables


def _doc(doc_id: str, lang: str, text: str) -> Document:
    return Document(doc_id=doc_id, path=f"{doc_id}.txt", sha256=None, n_bytes=None, text=text, lang=lang)


def _mentions(doc: Document, *spans: tuple[str, str, str]) -> list[Mention]:
    """(surface text, label, normalized) in order of appearance; offsets found in the text."""
    mentions, position = [], 0
    for surface, label, normalized in spans:
        start = doc.text.index(surface, position)
        position = start + len(surface)
        mentions.append(Mention(doc.doc_id, start, position, surface, label, 0, "test", normalized=normalized))
    return mentions


def _keys(linked: list[Mention]) -> list[str]:
    return [m.entity_key for m in linked]


class _Linking:
    """Documents linked one by one (`DocumentLinker`) and added to one corpus (`CorpusEntities`)."""

    def __init__(self):
        gazetteer = load_gazetteer()
        self.linker, self.corpus = DocumentLinker(gazetteer), CorpusEntities(gazetteer)

    def link_document(self, doc: Document, mentions: list[Mention]) -> list[Mention]:
        links = self.linker.link(doc, mentions)
        self.corpus.add(doc.lang, links)
        return links.mentions

    def resolve(self, key: str) -> str:
        return self.corpus.resolve(key)


def _entities(linker: _Linking, *documents: list[Mention]):
    """The entities table through the finishing step run.py uses, over the staged (provisional) ids."""
    staged = [
        ([m.entity_key and entity_id_for(m.entity_key) for m in linked], [m.doc_id for m in linked], [m.in_chrome for m in linked])
        for linked in documents
    ]
    return finish_linking(linker.corpus, staged).entities


def test_partial_person_names_take_the_fullest_name_in_the_document():
    doc = _doc("a", "ru", "Юрий Михайлович Лужков приехал. Лужков сказал, что Юрий Лужков доволен.")
    linked = _Linking().link_document(
        doc,
        _mentions(doc, ("Юрий Михайлович Лужков", "PER", "Юрий Михайлович Лужков"), ("Лужков", "PER", "Лужков"), ("Юрий Лужков", "PER", "Юрий Лужков")),
    )
    assert len(set(_keys(linked))) == 1


def test_same_surname_in_another_document_is_not_merged_by_surname_alone():
    linker = _Linking()
    first = _doc("a", "en", "Anna Petrova and Ivan Petrov met.")
    second = _doc("b", "en", "Petrov arrived.")
    one = linker.link_document(first, _mentions(first, ("Anna Petrova", "PER", "Anna Petrova"), ("Ivan Petrov", "PER", "Ivan Petrov")))
    two = linker.link_document(second, _mentions(second, ("Petrov", "PER", "Petrov")))
    assert one[0].entity_key != one[1].entity_key
    assert two[0].entity_key not in _keys(one)


def test_gazetteer_links_russian_and_english_names_and_aliases():
    linker = _Linking()
    ru = _doc("ru", "ru", "В Нур-Султане и Астане работает ЮНИСЕФ.")
    en = _doc("en", "en", "UNICEF opened an office in Astana.")
    ru_linked = linker.link_document(ru, _mentions(ru, ("Нур-Султане", "LOC", "Нур-Султан"), ("Астане", "LOC", "Астана"), ("ЮНИСЕФ", "ORG", "ЮНИСЕФ")))
    en_linked = linker.link_document(en, _mentions(en, ("UNICEF", "ORG", "UNICEF"), ("Astana", "LOC", "Astana")))
    assert ru_linked[0].entity_key == ru_linked[1].entity_key == en_linked[1].entity_key
    assert ru_linked[2].entity_key == en_linked[0].entity_key
    entities = {e.name: e for e in _entities(linker, ru_linked, en_linked)}
    assert entities["Astana"].langs == {"en", "ru"} and entities["Astana"].n_docs == 2
    assert entities["Astana"].wikidata_id == "Q1520"
    assert entities["UNICEF"].name_ru == "ЮНИСЕФ"


def test_names_outside_the_gazetteer_link_across_languages_by_transliteration():
    linker = _Linking()
    ru = _doc("ru", "ru", "Бакытжан Сагинтаев провёл встречу.")
    en = _doc("en", "en", "Bakytzhan Sagintayev held a meeting.")
    linked_ru = linker.link_document(ru, _mentions(ru, ("Бакытжан Сагинтаев", "PER", "Бакытжан Сагинтаев")))
    linked_en = linker.link_document(en, _mentions(en, ("Bakytzhan Sagintayev", "PER", "Bakytzhan Sagintayev")))
    assert linked_ru[0].entity_key == linked_en[0].entity_key
    (entity,) = _entities(linker, linked_ru, linked_en)
    assert entity.name == "Bakytzhan Sagintayev" and entity.name_ru == "Бакытжан Сагинтаев"


def test_an_acronym_defined_later_joins_mentions_of_earlier_documents():
    linker = _Linking()
    early = _doc("a", "en", "The KNPA said so.")
    late = _doc("b", "en", "The Kazakh National Potato Association (KNPA) met.")
    early_linked = linker.link_document(early, _mentions(early, ("KNPA", "ORG", "KNPA")))
    early_key = early_linked[0].entity_key
    late_linked = linker.link_document(
        late, _mentions(late, ("Kazakh National Potato Association", "ORG", "Kazakh National Potato Association"), ("KNPA", "ORG", "KNPA"))
    )
    assert linker.resolve(early_key) == linker.resolve(late_linked[0].entity_key)
    remap = linker.corpus.final_entity_ids()
    assert remap.get(entity_id_for(early_key), entity_id_for(early_key)) == entity_id_for(linker.resolve(early_key))
    (entity,) = [e for e in _entities(linker, early_linked, late_linked) if e.label == "ORG"]
    assert entity.n_mentions == 3 and entity.n_docs == 2
    assert entity.aliases == {"KNPA", "Kazakh National Potato Association"}


def test_offices_link_to_their_parent_organisation():
    linker = _Linking()
    doc = _doc("a", "en", "UNICEF Kazakhstan and the UNICEF Office in Kazakhstan and UNICEF.")
    linked = linker.link_document(
        doc,
        _mentions(doc, ("UNICEF Kazakhstan", "ORG", "UNICEF Kazakhstan"), ("UNICEF Office in Kazakhstan", "ORG", "UNICEF Office in Kazakhstan"), ("UNICEF", "ORG", "UNICEF")),
    )
    assert len(set(_keys(linked))) == 1


def test_entity_ids_do_not_depend_on_order_or_corpus():
    texts = [("a", "Astana and Almaty."), ("b", "Almaty and Astana.")]
    ids = []
    for order in (texts, texts[::-1]):
        linker = _Linking()
        linked = []
        for doc_id, text in order:
            doc = _doc(doc_id, "en", text)
            words = text.rstrip(".").split(" and ")
            linked.append(linker.link_document(doc, _mentions(doc, *[(w, "LOC", w) for w in words])))
        ids.append({e.name: e.entity_id for e in _entities(linker, *linked)})
    assert ids[0] == ids[1]


def test_seeds_share_entities_across_documents_and_languages(seeds_output: Tables):
    mentions = seeds_output.mentions
    by_text = lambda prefix, text: set(seeds_output.mentions_of(prefix).query("text == @text").entity_id)  # noqa: E731
    assert by_text("002", "Астане") == by_text("004", "Astana")
    assert by_text("002", "ЮНИСЕФ") == by_text("000", "UNICEF") == by_text("002", "Детского фонда ООН")
    assert by_text("003", "Duisenova") == by_text("003", "Tamara Duisenova")
    assert by_text("002", "МОН РК") == by_text("002", "Министерства образования и науки Республики Казахстан")
    assert mentions.loc[mentions.label != "DATE", "entity_id"].notna().all()
    entities = seeds_output.entities.set_index("name")
    assert entities.loc["UNICEF", "wikidata_id"] == "Q740308"
    assert sorted(entities.loc["Kazakhstan", "langs"]) == ["en", "ru"]


def test_seeds_normalise_russian_names_and_dates(seeds_output: Tables):
    ru = seeds_output.mentions_of("002").set_index("text")
    assert ru.loc["Министерства энергетики Республики Казахстан", "normalized"] == "Министерство энергетики Республики Казахстан"
    assert set(ru.loc[["Астане"], "normalized"]) == {"Астана"}
    day_range = ru.loc["21 и 22 ноября 2016 г."]
    assert day_range.date_value == "2016-11-21/2016-11-22" and day_range.date_granularity == "range"
    assert day_range.date_start == datetime.date(2016, 11, 21) and day_range.date_end == datetime.date(2016, 11, 22)
    docs = seeds_output.documents.set_index(seeds_output.documents.path.str[:3])
    assert docs.loc["002", "published"] == datetime.date(2016, 11, 23)
    assert docs.loc["004", "published"] == datetime.date(2018, 10, 25)
    assert docs.loc[["000", "001", "003"], "published"].isna().all()
    en = seeds_output.mentions_of("004").set_index("text")
    assert en.loc["next year", "date_value"] == "2019"


def test_swapped_words_and_unqualified_national_bodies_find_the_gazetteer_entry():
    linker = _Linking()
    doc = _doc("a", "ru", "В Казахстане Министерство науки и образования Казахстана и Министерство энергетики работают.")
    linked = linker.link_document(
        doc,
        _mentions(
            doc,
            ("Казахстане", "LOC", "Казахстан"),
            ("Министерство науки и образования Казахстана", "ORG", "Министерство науки и образования Казахстана"),
            ("Министерство энергетики", "ORG", "Министерство энергетики"),
        ),
    )
    names = {e.entity_id: e.name for e in _entities(linker, linked)}
    assert names[entity_id_for(linked[1].entity_key)] == "Ministry of Education and Science of Kazakhstan"
    assert names[entity_id_for(linked[2].entity_key)] == "Ministry of Energy of Kazakhstan"


def test_an_unqualified_body_without_a_country_context_stays_unlinked():
    linker = _Linking()
    doc = _doc("a", "en", "The Ministry of Energy said so.")
    (mention,) = linker.link_document(doc, _mentions(doc, ("Ministry of Energy", "ORG", "Ministry of Energy")))
    assert not mention.entity_key.startswith("gaz:")
