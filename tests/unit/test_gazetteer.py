import json
import re

import pytest

from pipeline.resources import data_path
from pipeline.resources.gazetteer import GAZETTEER, Gazetteer, GazetteerError, load_gazetteer, lookup_key

ID_PATTERN = re.compile(r"^(?:Q[1-9]\d*|[a-z]{2,4}:[a-z0-9]+(?:-[a-z0-9]+)*)$")


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return load_gazetteer()


def _entry(**overrides) -> dict:
    entry = {
        "id": "kz:example",
        "label": "ORG",
        "name": "Example Agency",
        "name_ru": "Агентство-пример",
        "aliases_en": [],
        "aliases_ru": [],
        "source": "test",
    }
    entry.update(overrides)
    return entry


def _write(tmp_path, *lines) -> str:
    path = tmp_path / "gazetteer.jsonl"
    path.write_text("\n".join(line if isinstance(line, str) else json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8")
    return str(path)


# --- the real file -------------------------------------------------------------------


def test_real_file_is_valid_and_sizeable(gazetteer):
    assert 200 <= len(gazetteer) <= 400
    assert {entry.label for entry in gazetteer} == {"PER", "ORG", "LOC"}


def test_ids_are_unique_and_well_formed(gazetteer):
    ids = [entry.id for entry in gazetteer]
    assert len(ids) == len(set(ids))
    assert all(ID_PATTERN.match(entity_id) for entity_id in ids)


def test_qids_cite_wikidata(gazetteer):
    for entry in gazetteer:
        if entry.has_qid:
            assert entry.source == f"wikidata:{entry.id}"


def test_every_entry_has_both_names(gazetteer):
    for entry in gazetteer:
        assert entry.name.strip() and entry.name_ru.strip()
        assert re.search(r"[А-Яа-яЁё]", entry.name_ru) or entry.name_ru.isascii(), entry.id


def test_file_is_sorted_by_id_for_reviewable_diffs():
    ids = [json.loads(line)["id"] for line in data_path(GAZETTEER).read_text(encoding="utf-8").splitlines() if line.strip()]
    assert ids == sorted(ids)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Kazakhstan", "Kazakhstan"),
        ("Республика Казахстан", "Kazakhstan"),
        ("the Republic of Kazakhstan", "Kazakhstan"),
        ("ЮНИСЕФ", "UNICEF"),
        ("UN Children's Fund", "UNICEF"),
        ("UN Children’s Fund", "UNICEF"),
        ("Детский фонд Организации Объединенных Наций", "UNICEF"),
        ("Нур-Султан", "Astana"),
        ("Нур–Султан", "Astana"),
        ("Nur-Sultan", "Astana"),
        ("Alma-Ata", "Almaty"),
        ("Мажилис Парламента РК", "Mazhilis"),
        ("МАЖИЛИС  ПАРЛАМЕНТА  РК", "Mazhilis"),
        ("Карагандинская область", "Karaganda Region"),
        ("Karaganda region", "Karaganda Region"),
        ("Усть-Каменогорск", "Ust-Kamenogorsk"),
        ("Oskemen", "Ust-Kamenogorsk"),
        ("МОН РК", "Ministry of Education and Science of Kazakhstan"),
        ("МЭ РК", "Ministry of Energy of Kazakhstan"),
        ("Правительство РК", "Government of Kazakhstan"),
        ("РГП \"Казгидромет\"", "Kazhydromet"),
        ("РГП «Казгидромет»", "Kazhydromet"),
        ("Центральная Азия", "Central Asia"),
        ("РЭЦЦА", "Regional Environmental Centre for Central Asia"),
        ("Касым-Жомарт Токаев", "Kassym-Jomart Tokayev"),
        ("Америка", "United States"),  # how news names the country for short
        ("America", "United States"),
    ],
)
def test_lookup_in_both_languages(gazetteer, name, expected):
    entry = gazetteer.lookup(name)
    assert entry is not None, name
    assert entry.name == expected


def test_lookup_respects_label(gazetteer):
    assert gazetteer.lookup("Astana", label="LOC").id == "Q1520"
    assert gazetteer.lookup("Astana", label="ORG") is None
    assert gazetteer.lookup("Нурсултан Назарбаев", label="PER").name == "Nursultan Nazarbayev"


def test_unknown_name_is_none(gazetteer):
    assert gazetteer.lookup("Ministry of Magic") is None


@pytest.mark.parametrize("name", ["Латинская Америка", "Северная Америка", "Голос Америки", "Latin America", "Bank of America"])
def test_a_longer_name_holding_a_short_alias_is_not_that_alias(gazetteer, name):
    assert gazetteer.lookup(name) is None


def test_surface_forms_cover_both_spellings_of_yo(gazetteer):
    russian = {(surface, entity_id) for surface, _, entity_id in gazetteer.surface_forms("ru")}
    assert ("Детский фонд Организации Объединённых Наций", "Q740308") in russian
    assert ("Детский фонд Организации Объединенных Наций", "Q740308") in russian
    english = list(gazetteer.surface_forms("en"))
    assert ("Kazakhstan", "LOC", "Q232") in english
    assert len(english) == len(set(english))


def test_surface_forms_reject_unknown_language(gazetteer):
    with pytest.raises(ValueError):
        list(gazetteer.surface_forms("kk"))


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("The  Astana\u00a0Times", "astana times"),
        ("«Ёлка»", '"елка"'),
        ("Ust—Kamenogorsk", "ust-kamenogorsk"),
        ("Theodore", "theodore"),
    ],
)
def test_lookup_key(raw, key):
    assert lookup_key(raw) == key


# --- malformed files -----------------------------------------------------------------


def test_small_valid_file_loads(tmp_path):
    path = _write(tmp_path, _entry(), "", _entry(id="Q1", name="One", name_ru="Один", source="wikidata:Q1"))
    assert len(Gazetteer.load(path)) == 2


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ({k: v for k, v in _entry().items() if k != "name_ru"}, "missing key(s) name_ru"),
        (_entry(alias_en=["x"]), "unknown key(s) alias_en"),
        (_entry(label="GPE"), "label 'GPE'"),
        (_entry(name=""), "'name' must be a non-empty string"),
        (_entry(aliases_ru="РК"), "'aliases_ru' must be a list"),
        (_entry(id="Ministry of Energy"), "neither a QID"),
        (_entry(id="Q232", source="my memory"), "source must be 'wikidata:Q232'"),
    ],
)
def test_bad_line_is_named_in_the_error(tmp_path, bad, message):
    path = _write(tmp_path, _entry(id="kz:first"), bad)
    with pytest.raises(GazetteerError) as error:
        Gazetteer.load(path)
    assert f"{path}:2:" in str(error.value)
    assert message in str(error.value)


def test_duplicate_id_is_refused(tmp_path):
    path = _write(tmp_path, _entry(), _entry(name="Other", name_ru="Другое"))
    with pytest.raises(GazetteerError, match=r":2: id 'kz:example' already used on line 1"):
        Gazetteer.load(path)


def test_name_shared_by_two_entries_of_one_label_is_refused(tmp_path):
    first = _entry(id="kz:a", aliases_ru=["МЭ РК"])
    second = _entry(id="kz:b", name="Other", name_ru="Другое", aliases_ru=["мэ  рк"])
    path = _write(tmp_path, first, second)
    with pytest.raises(GazetteerError, match=r":2: name 'мэ  рк' of kz:b is already a name of kz:a \(line 1\)"):
        Gazetteer.load(path)


def test_name_shared_across_labels_is_allowed_but_ambiguous_without_label(tmp_path):
    city = _entry(id="kz:city", label="LOC", name="Astana", name_ru="Астана")
    club = _entry(id="kz:club", label="ORG", name="Astana", name_ru="Астана")
    gazetteer = Gazetteer.load(_write(tmp_path, city, club))
    assert gazetteer.lookup("Astana") is None
    assert gazetteer.lookup("Astana", label="ORG").id == "kz:club"
    assert {entry.id for entry in gazetteer.candidates("астана")} == {"kz:city", "kz:club"}
