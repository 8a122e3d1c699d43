"""mask_non_prose: base64, hex, URLs and code masked for the models, prose untouched, offsets kept."""

from __future__ import annotations

import base64
import json
import random
import re
import time
from pathlib import Path

import pytest

from pipeline.text.non_prose import mask_non_prose
from tests.conftest import ROOT

ARTICLE = (
    "Kazakhstan's Ministry of Energy said on Monday that Astana will host the forum.\n"
    "Минэнерго Казахстана сообщило, что форум пройдёт в Астане 5 июня.\n"
)


def masked_parts(text: str) -> list[str]:
    """The original text of every run the mask blanked, stripped (one per line at most)."""
    masked = mask_non_prose(text)
    assert len(masked) == len(text)
    assert all(m == t or m == " " for m, t in zip(masked, text))
    assert [i for i, c in enumerate(masked) if c == "\n"] == [i for i, c in enumerate(text) if c == "\n"]
    return [text[run.start():run.end()].strip() for run in re.finditer(r" +", masked) if not text[run.start():run.end()].isspace()]


def random_bytes(n: int, seed: int = 0) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(256) for _ in range(n))


def test_a_pasted_base64_line_is_masked_and_the_prose_is_not():
    blob = base64.b64encode(random_bytes(30_000)).decode()
    text = ARTICLE + "Attachment:\n" + blob + "\n" + ARTICLE
    assert masked_parts(text) == [blob]


def test_mime_base64_lines_are_masked():
    lines = base64.encodebytes(random_bytes(600, seed=1)).decode().splitlines()  # 76 characters each
    text = ARTICLE + "\n".join(lines) + "\n" + ARTICLE
    assert masked_parts(text) == lines[:-1] + ([lines[-1]] if len(lines[-1]) >= 40 else [])


HEXDUMP_C = """00000000  4b 61 7a 61 6b 68 73 74  61 6e 20 4d 69 6e 69 73  |Kazakhstan Minis|
00000010  74 72 79 20 6f 66 20 45  6e 65 72 67 79 0a 41 73  |try of Energy.As|
00000020  74 61 6e 61 0a                                    |tana.|"""

XXD = """00000000: 4b61 7a61 6b68 7374 616e 204d 696e 6973  Kazakhstan Minis
00000010: 7472 7920 6f66 2045 6e65 7267 790a 4173  try of Energy.As"""


@pytest.mark.parametrize("dump", [HEXDUMP_C, XXD], ids=["hexdump -C", "xxd"])
def test_hex_dump_lines_are_masked_with_their_printable_column(dump):
    lines = dump.splitlines()
    parts = masked_parts(ARTICLE + dump + "\n" + ARTICLE)
    assert parts == [line.strip() for line in lines[:2]]  # the short last line has 5 groups


def test_tables_of_numbers_and_hex_looking_words_stay():
    table = "Kairat Almaty 30 18 7 5 52 25 61 12\nAstana 30 17 8 5 49 22 59 10 ADD BE\n"
    words = "We added a bad face to a cafe: be deaf, feed a dead bee, fade, Ed.\n"
    assert masked_parts(ARTICLE + table + words) == []


def test_hashes_and_ids_are_masked():
    sha = "3f9ac97f5614fdf7e4b2c0d19a8e7f6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f"
    uuid = "123e4567-e89b-12d3-a456-426614174000"
    parts = masked_parts(f"Commit {sha} by Ivan Petrov.\nRequest {uuid} failed in Astana.\n3f9ac97f5614fdf7 is the id.\n")
    assert parts == [sha, uuid, "3f9ac97f5614fdf7"]


def test_urls_are_masked_and_the_sentence_around_them_stays():
    text = (
        "Read the statement of the Ministry of Foreign Affairs at https://www.gov.kz/memleket/entities/mfa/press?lang=en today.\n"
        "https://tengrinews.kz/kazakhstan_news/astana-hosts-forum-512345/\n"
        "www.zakon.kz\n"
    )
    assert masked_parts(text) == [
        "https://www.gov.kz/memleket/entities/mfa/press?lang=en", "https://tengrinews.kz/kazakhstan_news/astana-hosts-forum-512345/",
        "www.zakon.kz",
    ]


CODE = '''import pandas as pd
tables = pd.read_parquet("output/mentions.parquet")
for row in tables.itertuples():
    print(row.text, row.label)
def top(entities, n=5):
    return entities.sort_values("n_mentions").head(n)
var city = document.getElementById("Astana");
if (city !== null) {
    city.innerText = "Nur-Sultan";
}
{"name": "Vladimir Putin", "country": "Russia"}
SELECT name FROM entities WHERE label = 'PER';'''


def test_a_code_block_inside_an_article_is_masked_line_by_line():
    text = ARTICLE + CODE + "\n" + ARTICLE
    masked = mask_non_prose(text)
    assert masked.startswith(ARTICLE) and masked.endswith(ARTICLE)
    code = masked[len(ARTICLE):-len(ARTICLE)]
    assert len(code) == len(CODE) + 1 and not re.search(r"\w", code)  # every letter of the code block


@pytest.mark.parametrize("prose", [
    "- финансирование проектов Министерства образования (бюджет);\n- подготовка кадров для Республики Казахстан;\n",
    "согласно пункту 2(а) статьи 12 Закона Республики Казахстан;\n",
    "The talks (in Astana) ended; the ministers left for Almaty {see below}.\n",
    "for the first time, Kazakhstan's team = champions; from Astana to Almaty (by train);\n",
    "Поезд Москва–Пекин–Улан-Батор–Иркутск–Новосибирск–Омск отправился вовремя.\n",
    "He called it a state-of-the-art, privately-owned, Almaty-based/Astana-registered firm.\n",
    "(Bewehrungskontrollen,Wärmeschutznachweise) and территориально-национальная автономия\n",
    "________________________________________________________________\n",
])
def test_prose_with_punctuation_stays(prose):
    assert masked_parts(ARTICLE + prose) == []


def gold_corpora() -> list[tuple[dict[str, str], list[dict]]]:
    corpora = []
    for docs, gold in (("seeds", "gold/seeds/seeds.jsonl"), ("gold/factru-dev/docs", "gold/factru-dev/gold.jsonl"),
                       ("gold/wikigold/docs", "gold/wikigold/gold.jsonl"), ("gold/entities/docs", "gold/entities/gold.jsonl")):
        texts = {path.name: path.read_text(encoding="utf-8") for path in sorted((ROOT / docs).iterdir())}
        rows = [json.loads(line) for line in (ROOT / gold).read_text(encoding="utf-8").splitlines()]
        corpora.append((texts, rows))
    return corpora


def test_no_gold_mention_of_the_benchmarks_is_masked():
    """Seeds, factRuEval-dev, Wikigold and the entity corpus: every PER/ORG/LOC/DATE gold mention
    reaches the models as written (Wikigold's one masked MISC is the URL www.krankd.com)."""
    touched = []
    for texts, rows in gold_corpora():
        masked = {name: mask_non_prose(text) for name, text in texts.items()}
        touched += [row for row in rows if masked[Path(row["path"]).name][row["start"]:row["end"]] != row["text"]]
    assert [(row["text"], row["label"]) for row in touched] == [("www.krankd.com", "MISC")]


@pytest.mark.parametrize("shape", [" ", "a", "a;", "}\n", "x" * 30 + "-", "ab ", "0123456789abcdef"])
def test_time_grows_linearly_with_the_length_of_a_line(shape):
    """No pattern spans a line with backtracking: ten times the text, about ten times the time."""
    def seconds(n: int) -> float:
        text = shape * (n // len(shape))
        started = time.perf_counter()
        mask_non_prose(text)
        return time.perf_counter() - started

    small = min(seconds(20_000) for _ in range(3))
    large = min(seconds(200_000) for _ in range(3))
    assert large < 30 * small + 0.01  # quadratic would be 100 times
