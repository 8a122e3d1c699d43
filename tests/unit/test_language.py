"""Language detection: reproducible, alphabet-aware for kk/uk/be, honest about short texts."""

from __future__ import annotations

import langdetect
import pytest

from benchmarks.language import short_items
from pipeline.language import (
    MIN_RELIABLE_LETTERS,
    SAMPLE_CHARS,
    Evidence,
    assign_language,
    detect_language,
    function_word_share,
    language_sample,
)
from pipeline.chrome import article_text
from pipeline.records import Document
from pipeline.status import Status
from tests.conftest import SEEDS

SUPPORTED = ("en", "ru")

KAZAKH = (
    "Қазақстан Республикасының Үкіметі жаңа бағдарламаны бекітті. "
    "Министрлер кеңесінің отырысында елдің экономикалық дамуы мен ауыл шаруашылығын қолдау мәселелері талқыланды. "
    "Премьер-Министр барлық әкімдерге жұмысты жеделдетуді тапсырды."
)
UKRAINIAN = (
    "Кабінет Міністрів України затвердив нову програму розвитку освіти. "
    "Уряд також обговорив питання енергетичної безпеки та підтримки сільського господарства."
)
BELARUSIAN = (
    "Савет Міністраў Рэспублікі Беларусь зацвердзіў новую праграму развіцця адукацыі. "
    "Урад таксама абмеркаваў пытанні энергетычнай бяспекі і падтрымкі сельскай гаспадаркі."
)
GERMAN = (
    "Die Bundesregierung hat am Mittwoch ein neues Gesetz zur Förderung erneuerbarer Energien beschlossen. "
    "Der Bundestag soll im Herbst darüber abstimmen, teilte ein Sprecher in Berlin mit."
)
FRENCH = (
    "Le gouvernement a présenté mercredi un nouveau projet de loi sur les énergies renouvelables. "
    "Le Parlement doit l'examiner à l'automne, a indiqué un porte-parole à Paris."
)
# One quoted Kazakh word (Мәжіліс: ә and і are not Russian letters) in ordinary Russian prose.
RUSSIAN_QUOTING_KAZAKH = (
    "Депутаты нижней палаты парламента, которую в Казахстане называют «Мәжіліс», "
    "одобрили в первом чтении законопроект о государственном бюджете на следующий год. "
    "Как сообщили в пресс-службе, документ предусматривает увеличение расходов на образование, "
    "здравоохранение и строительство новых школ в регионах страны."
)


def _doc(text: str) -> Document:
    return Document(doc_id="d", path="d.txt", sha256=None, n_bytes=None, text=text)


def test_langdetect_is_deterministic_for_a_fixed_seed():
    # Short, mixed and ambiguous: the kind of text on which an unseeded langdetect wavers.
    text = "Astana Expo hotel taxi banka kafe restoran park centrum Almaty"
    first = detect_language(text, seed=0, supported=SUPPORTED)
    for seed in (0, 1, 0, 7, 0):
        detect_language(text, seed=seed, supported=SUPPORTED)  # calls with other seeds in between do not leak state
        assert detect_language(text, seed=0, supported=SUPPORTED) == first
    russian = (SEEDS / "002_3f9ac97f5614fdf7.txt").read_text(encoding="utf-8")
    answers = {detect_language(russian, seed=3, supported=SUPPORTED) for _ in range(10)}
    assert len(answers) == 1 and next(iter(answers)).lang == "ru"


@pytest.mark.parametrize(
    ("text", "lang"),
    [(KAZAKH, "kk"), (UKRAINIAN, "uk"), (BELARUSIAN, "be"), (GERMAN, "de"), (FRENCH, "fr")],
    ids=["kazakh", "ukrainian", "belarusian", "german", "french"],
)
def test_unsupported_languages_are_named_and_marked(text, lang):
    guess = detect_language(text, seed=0, supported=SUPPORTED)
    assert guess.lang == lang
    assert guess.reliable
    doc = assign_language(_doc(text), seed=0, supported=SUPPORTED)
    assert doc.lang == lang
    assert doc.status == Status.UNSUPPORTED_LANGUAGE
    assert repr(lang) in doc.error and "en, ru" in doc.error


def test_russian_quoting_one_kazakh_word_stays_russian():
    doc = assign_language(_doc(RUSSIAN_QUOTING_KAZAKH), seed=0, supported=SUPPORTED)
    assert (doc.lang, doc.status, doc.error) == ("ru", Status.OK, None)
    assert doc.lang_reliable


def test_very_short_headline_is_not_reliable():
    for headline, lang in (("Astana summit opens", "en"), ("Саммит в Астане", "ru")):
        assert sum(c.isalpha() for c in headline) < MIN_RELIABLE_LETTERS
        guess = detect_language(headline, seed=0, supported=SUPPORTED)
        assert guess.lang == lang
        assert guess.reliable is False
        assert guess.prob is None


def test_seed_articles_are_reliable_english_and_russian_with_little_mix():
    english = detect_language((SEEDS / "004_c4024183f534b317.txt").read_text(encoding="utf-8"), seed=0, supported=SUPPORTED)
    russian = detect_language((SEEDS / "002_3f9ac97f5614fdf7.txt").read_text(encoding="utf-8"), seed=0, supported=SUPPORTED)
    assert (english.lang, english.reliable) == ("en", True) and english.prob > 0.9
    assert (russian.lang, russian.reliable) == ("ru", True) and russian.prob > 0.9
    assert 0 < english.mix < 0.05  # 'Елбасы' in a caption
    assert 0 < russian.mix < 0.05  # 'Semenchukov' in a photo credit


def test_no_letters_means_no_language():
    doc = assign_language(_doc("2016 — 12:30 // 100%"), seed=0, supported=SUPPORTED)
    assert doc.lang is None
    assert doc.status == Status.UNSUPPORTED_LANGUAGE
    assert "no letters" in doc.error


# --- short items, tables and the second detector ---------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_short_news_items_tables_and_price_lists_are_never_skipped(lang):
    # 93 English and 91 Russian items written for these tests; before the second detector and the
    # prose check, 5 English (tables, a contact line) and 1 Russian all-caps headline were skipped.
    items = short_items(lang)
    assert len(items) > 90
    wrong = [(doc.lang, doc.text) for doc in (assign_language(_doc(text), 0, SUPPORTED) for text in items)
             if doc.lang != lang or doc.status != Status.OK]
    assert wrong == []


@pytest.mark.parametrize("lang", ["de", "fr", "nl", "es"])
def test_foreign_news_items_long_enough_to_tell_keep_their_language(lang):
    reliable = [doc for doc in (assign_language(_doc(text), 0, SUPPORTED) for text in short_items(lang)) if doc.lang_reliable]
    assert len(reliable) >= 4
    assert {(doc.lang, doc.status) for doc in reliable} == {(lang, Status.UNSUPPORTED_LANGUAGE)}
    assert all(doc.lang_first == lang and doc.lang_second == lang for doc in reliable)


def test_results_table_is_not_prose_so_the_script_decides():
    table = next(item for item in short_items("en") if item.startswith("SOCCER"))
    assert sum(c.isalpha() for c in table) >= MIN_RELIABLE_LETTERS
    guess = detect_language(table, seed=0, supported=SUPPORTED)
    assert (guess.lang, guess.evidence, guess.reliable) == ("en", Evidence.SCRIPT, False)


def test_second_detector_overrules_an_unsupported_first_answer_and_both_are_recorded():
    contact = next(item for item in short_items("en") if item.startswith("Contacts:"))
    doc = assign_language(_doc(contact), seed=0, supported=SUPPORTED)
    assert (doc.lang, doc.status, doc.lang_evidence) == ("en", Status.OK, "second_detector")
    assert doc.lang_first == "ca" and doc.lang_prob > 0.9  # langdetect's own answer, kept
    assert doc.lang_second == "en" and doc.lang_second_prob > 0.9


def test_skip_with_a_weak_supported_candidate_is_marked_plausible():
    portuguese = "Kairat Almaty bate Astana na final da taça por 2 golos a 1, Tobol empata em casa"
    doc = assign_language(_doc(portuguese), seed=0, supported=SUPPORTED)
    assert (doc.lang, doc.status, doc.lang_evidence) == ("pt", Status.UNSUPPORTED_LANGUAGE, "plausible")
    assert "weak candidate" in doc.error
    german = assign_language(_doc(GERMAN), seed=0, supported=SUPPORTED)
    assert german.lang_evidence == "langdetect"  # no support for en/ru: an ordinary skip


@pytest.mark.parametrize("text, first", [
    ("Jan van der Berg and Pieter de Vries of Rabobank met Hendrik Jansen in Utrecht and Eindhoven.", "nl"),
    ("Joan Puig i Ferrer, Josep Maria Vila and Jordi Pujol of the Generalitat de Catalunya met in Girona.", "ca"),
    ("Juan Carlos de la Fuente and Maria de los Angeles Garcia of Banco de la Nacion in Buenos Aires.", "es"),
])
def test_english_sentence_full_of_foreign_names_is_english_by_its_function_words(text, first):
    # both detectors read the names: langdetect and lingua agree on the names' language
    doc = assign_language(_doc(text), seed=0, supported=SUPPORTED)
    assert (doc.lang, doc.status, doc.lang_evidence) == ("en", Status.OK, "function_words")
    assert doc.lang_first == first == doc.lang_second


def test_function_words_tell_english_from_dutch():
    assert function_word_share("The minister of energy said that the plant will open", "en") > 0.3
    assert function_word_share("De minister van energie zei dat de centrale opengaat", "en") == 0.0
    assert function_word_share("Министр сообщил, что завод будет открыт после ремонта", "ru") > 0.3


def test_detectors_read_a_bounded_sample_from_the_whole_text_on_word_boundaries():
    text = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt")))
    sample = language_sample(text)
    assert len(sample) <= SAMPLE_CHARS
    lines = sample.split("\n")
    assert text.startswith(lines[0]) and text.endswith(lines[-1])
    words = set(text.split())
    assert all(line.split()[0] in words and line.split()[-1] in words for line in lines if line.split())
    middle = text[len(text) // 3 : 2 * len(text) // 3]
    assert any(line.strip() and line in middle for line in lines)
    assert language_sample("short text") == "short text"
    langdetect.DetectorFactory.seed = 0
    for whole in [text] + [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]:
        assert detect_language(whole, 0, SUPPORTED).first == langdetect.detect(whole)  # the sample's answer is the whole text's


# --- mixed-language documents: paragraphs in the other script go to the other model --------

RUSSIAN_SEED = SEEDS / "002_3f9ac97f5614fdf7.txt"
ENGLISH_SEED = SEEDS / "004_c4024183f534b317.txt"


@pytest.fixture(scope="module")
def recognizer():
    from pipeline.config import load_config
    from pipeline.ner.recognizer import Recognizer

    config = load_config()
    return Recognizer({"en": config.ner.english_models, "ru": config.ner.russian_models}, batch_size=8)


def _russian_paragraph() -> str:
    paragraphs = RUSSIAN_SEED.read_text(encoding="utf-8").split("\n\n")
    return next(p for p in paragraphs if p.startswith("21 и 22 ноября"))


def _english_with_russian_paragraph() -> tuple[str, int, int]:
    english = ENGLISH_SEED.read_text(encoding="utf-8").split("\n\n")
    middle = len(english) // 2
    before = "\n\n".join(english[:middle]) + "\n\n"
    russian = _russian_paragraph()
    text = before + russian + "\n\n" + "\n\n".join(english[middle:])
    return text, len(before), len(before) + len(russian)


def test_russian_paragraph_in_english_article_goes_to_the_russian_model(recognizer):
    text, start, end = _english_with_russian_paragraph()
    doc = assign_language(_doc(text), seed=0, supported=SUPPORTED)
    assert doc.lang == "en" and doc.status == Status.OK
    assert doc.lang_mix > 0.1

    mentions, failures = recognizer.recognize([doc])
    assert failures == {}
    mentions = mentions["d"]
    for mention in mentions:
        assert text[mention.start_char : mention.end_char] == mention.text
    inside = [m for m in mentions if start <= m.start_char < end]
    outside = [m for m in mentions if not start <= m.start_char < end]
    assert all(m.end_char <= end for m in inside)

    # Exactly what the Russian pipeline finds in the paragraph alone: nothing from the English model.
    alone, _ = recognizer.recognize([Document("p", "p", None, None, text[start:end], lang="ru")])
    assert [(m.start_char + start, m.end_char + start, m.label, m.source) for m in alone["p"]] == [
        (m.start_char, m.end_char, m.label, m.source) for m in inside
    ]
    assert not any(m.source == f"{recognizer.models['en'].name}:ner" for m in inside)
    found = {(m.text, m.label) for m in inside}
    assert ("Астане", "LOC") in found
    assert ("ЮНИСЕФ", "ORG") in found
    assert sum(m.label == "ORG" for m in inside) < len(inside)  # not a pile of ORGs

    # The English text around it is still English-tagged, sentences numbered in text order.
    assert ("Nursultan Nazarbayev", "PER") in {(m.text, m.label) for m in outside}
    assert any(m.start_char >= end for m in outside)
    sentences = [m.sentence for m in sorted(mentions, key=lambda m: m.start_char)]
    assert sentences == sorted(sentences)


def test_english_paragraph_in_russian_article_goes_to_the_english_model(recognizer):
    russian = RUSSIAN_SEED.read_text(encoding="utf-8")
    english = next(p for p in ENGLISH_SEED.read_text(encoding="utf-8").split("\n\n") if p.startswith("In addition"))
    cut = russian.index("Цель конференции")
    text = russian[:cut] + english + "\n\n" + russian[cut:]
    start, end = cut, cut + len(english)
    doc = assign_language(_doc(text), seed=0, supported=SUPPORTED)
    assert doc.lang == "ru" and doc.lang_mix > 0

    mentions = recognizer.recognize([doc])[0]["d"]
    for mention in mentions:
        assert text[mention.start_char : mention.end_char] == mention.text
    inside = {(m.text, m.label) for m in mentions if start <= m.start_char < end}
    assert ("Nursultan Nazarbayev", "PER") in inside
    outside = {(m.text, m.label) for m in mentions if not start <= m.start_char < end}
    assert ("ЮНИСЕФ", "ORG") in outside and ("Астане", "LOC") in outside


def test_short_foreign_caption_stays_with_the_document_model():
    from pipeline.ner.pieces import language_runs

    text = ENGLISH_SEED.read_text(encoding="utf-8")  # has the caption "Елбасы • 07 July, 2020"
    assert language_runs(text, "en", {"en", "ru"}) == [("en", 0, len(text))]


# A Russian article (invented) on a page whose sidebar is in Ukrainian: the sidebar is chrome, not
# the document's language, however many і/ї/є letters it has.
RUSSIAN_ARTICLE = "\n".join([
    "В Ольмске открыли новый мост через реку Сель",
    "Движение по новому мосту через реку Сель в Ольмске открыли в субботу, сообщил глава городской администрации Пётр Заречный.",
    "Строительство заняло два года, мост соединил старый город с новыми кварталами на левом берегу реки.",
    "По словам Заречного, в следующем году в городе начнут ремонт набережной и двух центральных улиц.",
])
UKRAINIAN_SIDEBAR = "\n".join([
    "Читайте також",
    "У Глібові відкрили нову школу для дітей з інклюзивними потребами",
    "Міська рада Ольмська затвердила бюджет на наступний рік",
    "Поділитися",
])


def test_a_ukrainian_sidebar_does_not_make_a_russian_article_ukrainian():
    page = f"{RUSSIAN_ARTICLE}\n{UKRAINIAN_SIDEBAR}"
    assert detect_language(page, seed=0, supported=SUPPORTED).lang == "ru"  # the article's lines outvote the sidebar's
    doc = assign_language(_doc(page), seed=0, supported=SUPPORTED, article=article_text(page))
    assert doc.lang == "ru" and doc.is_ok
    assert article_text(page).count("Читайте також") == 0  # the sidebar's heading and its list do not vote


def test_an_alphabet_decides_only_when_its_lines_are_most_of_the_text():
    ukrainian_mostly = f"{UKRAINIAN}\n{UKRAINIAN}\n{UKRAINIAN}\n{RUSSIAN_ARTICLE}"
    assert detect_language(ukrainian_mostly, seed=0, supported=SUPPORTED).lang == "uk"
    russian_mostly = f"{UKRAINIAN}\n{RUSSIAN_ARTICLE}\n{RUSSIAN_ARTICLE}"
    assert detect_language(russian_mostly, seed=0, supported=SUPPORTED).lang == "ru"
    names_everywhere = "\n".join(f"{line} Представитель фонда «Қамқор» Әлия Сәрсенова подтвердила это." for line in RUSSIAN_ARTICLE.splitlines())
    assert detect_language(names_everywhere, seed=0, supported=SUPPORTED).lang == "ru"  # a Kazakh name in every line is no Kazakh text
