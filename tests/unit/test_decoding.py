"""decode_bytes on real Russian and Western text in every supported encoding,
on binaries, empty files and foreign encodings; the charsets pages and servers declare.

Inputs are built here by encoding known text, so every test knows the exact
answer: the recovered text must equal the original character for character.
"""

from __future__ import annotations

import codecs
import gzip
import io
import random
import zipfile
from pathlib import Path

import charset_normalizer
import pytest

from pipeline.ingest.charsets import label_encoding, meta_encoding
from pipeline.ingest.encoding import ENCODINGS, Decoded, DecodeFailure, decode_bytes
from pipeline.ingest.html import decode_page
from tests.conftest import SEEDS

SEED_ARTICLE = SEEDS / "002_3f9ac97f5614fdf7.txt"

HEADLINES = [
    "В Астане прошла конференция ЮНИСЕФ",
    "Министр посетил Караганду",
    "Цены на нефть снова выросли",
    "Президент подписал новый закон об образовании",
    "В Алматы открылся детский сад",
    "Сборная России вышла в финал",
    "Правительство обсудило бюджет на следующий год",
    "Курс доллара упал до минимума",
    "Шторм оставил без света три района",
    "Учёные нашли воду на Марсе",
    "Ёлку установили на главной площади",
    "ЦЕНТРОБАНК СНИЗИЛ КЛЮЧЕВУЮ СТАВКУ",
    "СРОЧНО: ВЗРЫВ В ЦЕНТРЕ ГОРОДА",
    "Жители жалуются на шум",
    "Аким области встретился с фермерами",
    "Школьники победили на олимпиаде",
    "Эксперты ждут роста инфляции",
    "Щедрый урожай пшеницы в этом году",
    "Завод выпустил миллионный автомобиль",
    "Юбилей театра отметили концертом",
    "Футбольный клуб сменил тренера",
    "Врачи предупредили о вспышке гриппа",
    "Мэр пообещал отремонтировать дороги",
    "Хоккеисты выиграли чемпионат мира",
    "Объём экспорта зерна увеличился вдвое",
    "Фестиваль джаза пройдёт в июне",
    "Генпрокуратура возбудила уголовное дело",
    "Чемпионат Европы перенесли на год",
    "Новый мост соединит два берега",
    "Пожар в торговом центре потушен",
    "Депутаты одобрили поправки",
    "Снег парализовал движение в столице",
    "Intel откроет офис в Москве",
    "Греф: банки готовы к кризису",
    "Путин провёл встречу с Назарбаевым",
    "МИД выразил протест послу",
    "Тенге укрепился к рублю",
    "Ученики сдали ЕНТ успешно",
    "Вышел новый iPhone",
    "Дожди затопили юг страны",
]

PARAGRAPH = (
    "Вчера в Караганде открылся новый центр для детей с особыми потребностями.\r\n"
    "Как сообщил аким области, строительство заняло полтора года, а финансирование "
    "обеспечили местный бюджет и ЮНИСЕФ. В центре будут работать логопеды, психологи "
    "и педагоги; первые сорок детей начнут заниматься уже в понедельник.\n"
)

CYRILLIC_CODECS = {"cp1251": "windows-1251", "koi8_r": "koi8-r"}


def seed_article() -> str:
    with SEED_ARTICLE.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def koi8_compatible(text: str) -> str:
    """KOI8-R has no guillemets or en dash; real KOI8-R pages use ASCII instead."""
    return text.translate(str.maketrans({"«": '"', "»": '"', "–": "-"}))


RUSSIAN_TEXTS = [*HEADLINES[:8], PARAGRAPH, seed_article()]


def seeded_bytes(seed: int, size: int, low: int = 0, high: int = 256) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, high) for _ in range(size))


def failure(raw: bytes) -> DecodeFailure:
    with pytest.raises(DecodeFailure) as caught:
        decode_bytes(raw)
    return caught.value


# --- Unicode with and without BOM ---------------------------------------------------

UNICODE_FORMS = {
    "utf-8": lambda t: t.encode("utf-8"),
    "utf-8-sig": lambda t: t.encode("utf-8-sig"),
    "utf-16-le": lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le"),
    "utf-16-be": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-32-le": lambda t: codecs.BOM_UTF32_LE + t.encode("utf-32-le"),
    "utf-32-be": lambda t: codecs.BOM_UTF32_BE + t.encode("utf-32-be"),
}


@pytest.mark.parametrize("encoding", UNICODE_FORMS)
@pytest.mark.parametrize("text", RUSSIAN_TEXTS, ids=lambda t: t[:20])
def test_unicode_forms_recover_exact_text(text, encoding):
    decoded = decode_bytes(UNICODE_FORMS[encoding](text))
    assert decoded == Decoded(text, encoding)


def test_python_utf16_codec_output_is_recognised_by_its_bom():
    text = seed_article()
    assert decode_bytes(text.encode("utf-16")).text == text


def test_newlines_are_not_altered():
    text = "Строка один\r\nСтрока два\rСтрока три\n\nконец"
    for raw, encoding in ((text.encode("utf-8"), "utf-8"),
                          (text.encode("cp1251"), "windows-1251"),
                          (text.encode("utf-16"), "utf-16-le")):
        assert decode_bytes(raw) == Decoded(text, encoding)


# --- Russian single-byte codecs -----------------------------------------------------

@pytest.mark.parametrize("codec", CYRILLIC_CODECS)
@pytest.mark.parametrize("text", RUSSIAN_TEXTS, ids=lambda t: t[:20])
def test_cyrillic_codecs_recover_exact_text(text, codec):
    if codec == "koi8_r":
        text = koi8_compatible(text)
    decoded = decode_bytes(text.encode(codec))
    assert decoded == Decoded(text, CYRILLIC_CODECS[codec])


@pytest.mark.parametrize("codec", CYRILLIC_CODECS)
@pytest.mark.parametrize("text", [HEADLINES[1], PARAGRAPH, seed_article()], ids=lambda t: t[:20])
def test_no_mojibake_between_cp1251_koi8r_and_latin(text, codec):
    """The wrong codecs decode these bytes without error, so picking one would be silent."""
    raw = koi8_compatible(text).encode(codec)
    decoded = decode_bytes(raw)
    for wrong in {"cp1251", "koi8_r", "cp1252"} - {codec}:
        try:
            mojibake = raw.decode(wrong)
        except UnicodeDecodeError:
            continue
        assert decoded.text != mojibake, f"{codec} bytes came back as {wrong} mojibake"
    assert decoded.encoding == CYRILLIC_CODECS[codec]


def charset_normalizer_alone(raw: bytes) -> str | None:
    best = charset_normalizer.from_bytes(raw).best()
    return best and codecs.lookup(best.encoding).name


def test_short_headline_accuracy_beats_charset_normalizer():
    """Short texts are where detectors fail; the final decoder must get every one."""
    for codec, name in CYRILLIC_CODECS.items():
        expected = codecs.lookup(codec).name
        raws = [h.encode(codec) for h in HEADLINES]
        cn_right = sum(charset_normalizer_alone(raw) == expected for raw in raws)
        ours_right = sum(decode_bytes(raw) == Decoded(h, name) for raw, h in zip(raws, HEADLINES))
        print(f"\n{name}: charset-normalizer alone {cn_right}/{len(raws)}, "
              f"decode_bytes {ours_right}/{len(raws)}")
        assert ours_right == len(raws)


# --- Western text -----------------------------------------------------------------

@pytest.mark.parametrize("text, codec", [
    ("café naïve résumé", "latin-1"),
    ("Straße für Übergröße\n", "latin-1"),
    ("El niño comió paella en España", "latin-1"),
    ("Le café est très «bon» — déjà vu…", "cp1252"),
    ("“Smart quotes” cost 5 €", "cp1252"),
    ("à la carte", "latin-1"),
])
def test_western_text_is_windows_1252_not_cyrillic(text, codec):
    assert decode_bytes(text.encode(codec)) == Decoded(text, "windows-1252")


def test_russian_is_not_read_as_latin():
    raw = HEADLINES[1].encode("cp1251")
    assert decode_bytes(raw).text != raw.decode("cp1252")  # "Ìèíèñòð ïîñåòèë ..."


def test_every_reported_encoding_is_a_python_codec():
    for name in ENCODINGS:
        codecs.lookup(name)


# --- binaries -------------------------------------------------------------------

def zip_bytes(**members: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("raw, kind", [
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "PDF"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02", "PNG"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG"),
    (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF"),
    (zip_bytes(**{"news.txt": "В Астане прошла конференция"}), "ZIP"),
    (zip_bytes(**{"word/document.xml": "<w:document/>"}), "docx"),
    (gzip.compress("Министр посетил Караганду".encode("utf-8")), "gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "Microsoft Office"),
    (b"\x7fELF\x02\x01\x01" + bytes(9), "ELF"),
])
def test_known_binary_formats_are_named(raw, kind):
    error = failure(raw)
    assert error.status == "binary"
    assert kind in error.reason


def test_random_bytes_with_nul_are_binary():
    raw = seeded_bytes(42, 4096)
    assert 0 in raw
    error = failure(raw)
    assert error.status == "binary"
    assert "NUL" in error.reason


def test_control_characters_without_nul_are_binary():
    raw = seeded_bytes(7, 4096, low=1)
    assert failure(raw).status == "binary"


def test_control_characters_behind_a_bom_are_binary():
    raw = codecs.BOM_UTF16_LE + ("ab\x01\x02\x03\x04" * 50).encode("utf-16-le")
    assert failure(raw).status == "binary"


def test_single_dos_eof_marker_is_tolerated():
    text = "Министр посетил Караганду\r\n\x1a"
    assert decode_bytes(text.encode("cp1251")) == Decoded(text, "windows-1251")


# --- empty --------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    b"",
    b"   \n\t \r\n",
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"),
    "\u00a0\n".encode("cp1251"),
], ids=["no bytes", "whitespace", "utf-8 BOM only", "utf-16 whitespace", "nbsp"])
def test_empty_and_whitespace_only(raw):
    error = failure(raw)
    assert error.status == "empty"
    assert error.reason


# --- undecodable ----------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    "中华人民共和国国务院今天发布了关于经济发展的新政策，专家认为这将促进增长。".encode("gbk"),
    "日本政府は本日、新しい経済政策を発表しました。".encode("shift_jis"),
    "Η κυβέρνηση ανακοίνωσε σήμερα νέα οικονομικά μέτρα για την ανάπτυξη".encode("cp1253"),
    seeded_bytes(3, 500, low=128),
], ids=["gbk", "shift_jis", "greek cp1253", "random high bytes"])
def test_foreign_or_garbage_bytes_are_undecodable(raw):
    error = failure(raw)
    assert error.status == "undecodable"
    assert "UTF-8" in error.reason


def test_bom_with_invalid_body_is_undecodable():
    error = failure(codecs.BOM_UTF8 + "Министр".encode("cp1251"))
    assert error.status == "undecodable"
    assert "byte-order mark" in error.reason


def test_odd_length_utf16_is_undecodable():
    assert failure(codecs.BOM_UTF16_LE + "Министр".encode("utf-16-le")[:-1]).status == "undecodable"


# --- declared charsets (HTML pages, WARC records): the WHATWG rules --------------------------

@pytest.mark.parametrize("label, encoding", [
    ("utf-8", "utf-8"), ("UTF8", "utf-8"), ("unicode11utf8", "utf-8"),
    ("latin1", "windows-1252"), ("ISO-8859-1", "windows-1252"), ("us-ascii", "windows-1252"),
    ("cp1251", "windows-1251"), ("x-cp1251", "windows-1251"), ("koi", "koi8-r"), ("utf-16", "utf-16-le"),
    ("gb2312", "gbk"), (" Shift_JIS ", "shift_jis"),
    ("hex", None), ("base64", None), ("rot13", None), ("utf-7", None), ("zip", None), ("iso-2022-kr", None), ("", None),
])
def test_charset_labels_follow_the_encoding_standard(label, encoding):
    """Python's codec registry knows "hex", "base64" and "rot13" too: they crashed the page."""
    assert label_encoding(label) == encoding


@pytest.mark.parametrize("head, encoding", [
    (b'<meta charset="koi8-r">', "koi8-r"),
    (b"<META CHARSET=KOI8-R>", "koi8-r"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">', "windows-1251"),
    (b'<meta content="text/html; charset=\'windows-1251\'" http-equiv=content-type>', "windows-1251"),
    (b'<meta content="text/html; charset=windows-1251">', None),  # no http-equiv: not a declaration
    (b'<meta charset="utf-16">', "utf-8"),  # a page read as ASCII to find its meta is no UTF-16
    (b'<meta charset="UTF-16BE">', "utf-8"),
    (b'<meta charset="x-user-defined">', "windows-1252"),
    (b'<meta charset="hex"><meta charset="koi8-r">', "koi8-r"),  # unknown labels are skipped
    (b'<!-- <meta charset="koi8-r"> --><meta charset="utf-8">', "utf-8"),
    (b'<div title="<meta charset=koi8-r>"><meta charset=cp1251>', "windows-1251"),
    (b'<meta name="description" content="charset=koi8-r">', None),
    (b"<metacharset=koi8-r>", None),
    (b'<meta charset="base64">', None),
])
def test_meta_prescan(head, encoding):
    assert meta_encoding(b"<!DOCTYPE html><html><head>" + head + b"<title>t</title></head><body>x</body></html>") == encoding


RUSSIAN_PAGE_TEXT = "Министр иностранных дел Казахстана провёл в Астане переговоры с делегацией ООН. " * 3


def page_bytes(charset: str, body: str, codec: str) -> bytes:
    html = f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>t</title></head><body><p>{body}</p></body></html>'
    return html.encode(codec)


@pytest.mark.parametrize("charset, codec, body, reported", [
    ("koi8-r", "utf-8", RUSSIAN_PAGE_TEXT, "utf-8 (declared koi8-r)"),  # every byte is valid koi8-r
    ("windows-1251", "utf-8", RUSSIAN_PAGE_TEXT, "utf-8 (declared windows-1251)"),
    ("windows-1252", "utf-8", RUSSIAN_PAGE_TEXT, "utf-8 (declared windows-1252)"),
    ("koi8-r", "utf-8", "“Astana’s forum” — opened on Tuesday", "utf-8 (declared koi8-r)"),
    ("koi8-r", "cp1251", RUSSIAN_PAGE_TEXT, "windows-1251 (declared koi8-r)"),
    ("windows-1251", "koi8-r", RUSSIAN_PAGE_TEXT, "koi8-r (declared windows-1251)"),
    ("utf-8", "cp1251", RUSSIAN_PAGE_TEXT, "windows-1251 (declared utf-8)"),
    ("utf-16", "utf-8", RUSSIAN_PAGE_TEXT, "utf-8"),
    ("x-user-defined", "cp1252", "Le café est très bon — déjà vu", "windows-1252"),
    ("hex", "utf-8", RUSSIAN_PAGE_TEXT, "utf-8"),
    ("base64", "cp1251", RUSSIAN_PAGE_TEXT, "windows-1251"),
    ("rot13", "koi8-r", RUSSIAN_PAGE_TEXT, "koi8-r"),
    ("koi8-r", "koi8-r", RUSSIAN_PAGE_TEXT, "koi8-r"),
    ("iso-8859-5", "iso-8859-5", RUSSIAN_PAGE_TEXT, "iso-8859-5"),
    ("windows-1253", "cp1253", "Η κυβέρνηση ανακοίνωσε σήμερα νέα οικονομικά μέτρα", "windows-1253"),  # no better reading
    ("gbk", "gbk", "中华人民共和国国务院今天发布了关于经济发展的新政策", "gbk"),
    ("koi8-r", "ascii", "Astana hosts the forum", "koi8-r"),
])
def test_a_declared_charset_is_used_only_when_the_text_reads_as_text(charset, codec, body, reported):
    markup, encoding = decode_page(page_bytes(charset, body, codec))
    assert encoding == reported and f"<p>{body}</p>" in markup


def test_the_server_charset_comes_first_and_is_checked_too():
    raw = page_bytes("koi8-r", RUSSIAN_PAGE_TEXT, "cp1251")
    assert decode_page(raw, http_charset="windows-1251") == (raw.decode("cp1251"), "windows-1251")
    utf8 = page_bytes("utf-8", RUSSIAN_PAGE_TEXT, "utf-8")
    assert decode_page(utf8, http_charset="utf-16") == (utf8.decode("utf-8"), "utf-8 (declared utf-16-le)")
    assert decode_page(utf8, http_charset="no-such-charset") == (utf8.decode("utf-8"), "utf-8")
