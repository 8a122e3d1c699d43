"""Quality floors: fail when a change makes extraction measurably worse.

Each floor sits just under the value measured on 2026-11-23 (gazetteer/date EntityRuler,
non-entity-name filter with demonyms, English organisation-name spans, Russian name checks),
the English ones on 2026-12-07 with the trained English NER (models/en_ner 1.0.0, then 1.1.0:
CoNLL-2003 three times with WNUT17, BTC and SEC, and the ISO and day-month date patterns; issue 17):

  seeds exact F1, with boilerplate:  ALL 0.914   en 0.909   ru 0.938
    (lowered from ALL 0.955 / en 0.960 with en_core_web_sm, on which the English rules were tuned:
    the trained model reads a list of Kazakh towns and two photo-credit words as people, see
    models/en_ner/README.md; CoNLL dev rose from 0.720 to 0.912); with 1.1.0: ALL 0.920 en 0.915;
    with a title of a place before a name as evidence of a person (document_names): ALL 0.928 en 0.926
  seeds, over matched mentions:  normalized accuracy 1.000, date_value accuracy 0.973,
                                 entity B-cubed F1 0.997
  factRuEval-dev token-level IO F1 (our Russian pipeline):  PER 0.975   LOC 0.914   ORG 0.822 (2026-12-01, issue 11)
  Wikigold exact F1 (our English NER, 2026-12-07):  ALL 0.623   PER 0.723   ORG 0.436   LOC 0.684
    (ALL and ORG lowered from 0.630 / 0.484 of issue 19 with en_core_web_sm: the CoNLL-trained model
    reads Wikipedia's bands, stations and leagues less often as organisations; PER and LOC rose);
    with 1.1.0: ALL 0.663   PER 0.747   ORG 0.465   LOC 0.725
  CoNLL-2003 English dev exact F1 (2026-12-07, skipped without the data):  ALL 0.912   PER 0.934
    ORG 0.846   LOC 0.936 (0.720 with en_core_web_sm); with 1.1.0: ALL 0.907   PER 0.929   ORG 0.841
    LOC 0.931 (ALL and PER floors lowered by 0.005: 1.1.0 gives up 0.005 here for 0.040 on Wikigold,
    the kind of text three of the four held-out English sets are; models/en_ner/README.md)
  entities corpus (gold/entities with issue 19's ten documents), entity B-cubed over matched
    mentions: P 1.000 R 0.983 F1 0.991 (the code before issue 19's second round: R 0.937 F1 0.968);
    with the trained English NER (2026-12-07): P 1.000 R 0.990 F1 0.995; with 1.1.0 R 0.980 F1 0.990
    (floor 0.985: one more mention of a name left apart)
  seeds page chrome (in_chrome vs the boilerplate notes, 2026-12-01):  P 0.885  R 1.000
    (the 3 false positives are photo-credit lines, chrome by our rule, article by the gold's)
  real pages (gold/real_pages, 53 saved news pages, issue 19): PER/ORG/LOC mentions from outside
    the article left unflagged 1.56 % (8.69 % before), flag precision 1.000, article mentions kept
    1.000, article words kept 0.996, titles keeping the site name 0 (12 before); with the trained
    English NER and the structural rules for captions, teaser cards and story links (2026-12-07):
    left unflagged 0.20 % (1.68 % without those rules), flag precision 1.000, article mentions
    kept 1.000, article words kept 0.996

Raise a floor when a change lifts the measured value; never lower one to make a change pass
without saying why in the commit. `python -m benchmarks.quality` prints every figure.
"""

from __future__ import annotations

import pytest

from benchmarks import conll, entities_corpus, factru, real_pages, wikigold
from pipeline.evaluation.evaluate import WITH_BOILERPLATE, evaluate
from tests.conftest import SEEDS_GOLD, Tables, run_extract

SEEDS_EXACT_F1_FLOORS = {"ALL": 0.925, "en": 0.92, "ru": 0.92}
SEEDS_VALUE_FLOORS = {"normalized_accuracy": 0.98, "date_accuracy": 0.95}
SEEDS_BCUBED_F1_FLOOR = 0.98
FACTRU_TOKEN_F1_FLOORS = {"PER": 0.965, "LOC": 0.90, "ORG": 0.82}
ENTITIES_BCUBED_FLOORS = {"f1": 0.985, "precision": 0.99}
WIKIGOLD_EXACT_F1_FLOORS = {"ALL": 0.66, "PER": 0.74, "ORG": 0.46, "LOC": 0.72}
CONLL_DEV_EXACT_F1_FLOORS = {"ALL": 0.905, "PER": 0.925, "ORG": 0.84, "LOC": 0.93}
SEEDS_CHROME_FLOORS = {"precision": 0.88, "recall": 0.99}
REAL_PAGES_FLOORS = {"flag_precision": 0.95, "article_recall": 0.99, "body_recall": 0.99}
REAL_PAGES_CEILINGS = {"leaked_share": 0.01, "title_site_leaks": 0}


@pytest.fixture(scope="module")
def seeds_report(seeds_output: Tables) -> dict:
    return evaluate(SEEDS_GOLD, seeds_output.dir)


@pytest.fixture(scope="module")
def factru_result() -> dict:
    return factru.run_benchmark(factru.pipeline_predictor())


@pytest.mark.parametrize("lang", sorted(SEEDS_EXACT_F1_FLOORS))
def test_seeds_exact_f1_stays_above_its_floor(seeds_report: dict, lang: str):
    f1 = seeds_report[WITH_BOILERPLATE]["exact"][lang]["ALL"]["f1"]
    assert f1 >= SEEDS_EXACT_F1_FLOORS[lang], f"seeds exact F1 ({lang}) fell to {f1:.3f}"


@pytest.mark.parametrize("label", sorted(FACTRU_TOKEN_F1_FLOORS))
def test_factru_token_f1_stays_above_its_floor(factru_result: dict, label: str):
    f1 = factru_result["token_io"][label]["f1"]
    assert f1 >= FACTRU_TOKEN_F1_FLOORS[label], f"factRuEval-dev token F1 ({label}) fell to {f1:.3f}"


@pytest.fixture(scope="module")
def wikigold_result() -> dict:
    return wikigold.run_benchmark(wikigold.pipeline_predictor())


@pytest.mark.parametrize("label", sorted(WIKIGOLD_EXACT_F1_FLOORS))
def test_wikigold_exact_f1_stays_above_its_floor(wikigold_result: dict, label: str):
    f1 = wikigold_result["exact"][label]["f1"]
    assert f1 >= WIKIGOLD_EXACT_F1_FLOORS[label], f"Wikigold exact F1 ({label}) fell to {f1:.3f}"


@pytest.fixture(scope="module")
def conll_result() -> dict:
    folder = conll.data_dir()
    if reason := conll.missing(folder):
        pytest.skip(reason)
    return conll.run_benchmark(wikigold.pipeline_predictor(), folder)


@pytest.mark.parametrize("label", sorted(CONLL_DEV_EXACT_F1_FLOORS))
def test_conll_dev_exact_f1_stays_above_its_floor(conll_result: dict, label: str):
    f1 = conll_result["exact"][label]["f1"]
    assert f1 >= CONLL_DEV_EXACT_F1_FLOORS[label], f"CoNLL-2003 dev exact F1 ({label}) fell to {f1:.3f}"


@pytest.mark.parametrize("what", sorted(SEEDS_VALUE_FLOORS))
def test_seeds_normalisation_and_dates_stay_above_their_floors(seeds_report: dict, what: str):
    accuracy = seeds_report[WITH_BOILERPLATE][what]["ALL"]["accuracy"]
    assert accuracy >= SEEDS_VALUE_FLOORS[what], f"seeds {what} fell to {accuracy:.3f}"


def test_seeds_entity_clustering_stays_above_its_floor(seeds_report: dict):
    f1 = seeds_report[WITH_BOILERPLATE]["bcubed"]["f1"]
    assert f1 >= SEEDS_BCUBED_F1_FLOOR, f"seeds entity B-cubed F1 fell to {f1:.3f}"


@pytest.mark.parametrize("what", sorted(SEEDS_CHROME_FLOORS))
def test_seeds_chrome_marking_stays_above_its_floor(seeds_report: dict, what: str):
    value = seeds_report["chrome"][what]
    assert value >= SEEDS_CHROME_FLOORS[what], f"seeds in_chrome {what} fell to {value:.3f}"


@pytest.fixture(scope="module")
def entities_report(tmp_path_factory) -> dict:
    entities_corpus.check()
    output = tmp_path_factory.mktemp("entities-output")
    run_extract(entities_corpus.DOCS, output)
    return evaluate(entities_corpus.GOLD, output)


@pytest.mark.parametrize("what", sorted(ENTITIES_BCUBED_FLOORS))
def test_cross_document_entities_stay_above_their_floor(entities_report: dict, what: str):
    value = entities_report[WITH_BOILERPLATE]["bcubed"][what]
    assert value >= ENTITIES_BCUBED_FLOORS[what], f"entities corpus B-cubed {what} fell to {value:.3f}"


@pytest.fixture(scope="module")
def real_pages_summary(tmp_path_factory) -> dict:
    output = tmp_path_factory.mktemp("real-pages-output")
    run_extract(real_pages.PAGES, output)
    return real_pages.summary(real_pages.score_output(output))["ALL"]


@pytest.mark.parametrize("what", sorted(REAL_PAGES_FLOORS))
def test_real_pages_keep_the_article_and_flag_precisely(real_pages_summary: dict, what: str):
    value = real_pages_summary[what]
    assert value >= REAL_PAGES_FLOORS[what], f"real pages {what} fell to {value:.3f}"


@pytest.mark.parametrize("what", sorted(REAL_PAGES_CEILINGS))
def test_real_pages_leak_little_chrome(real_pages_summary: dict, what: str):
    value = real_pages_summary[what]
    assert value <= REAL_PAGES_CEILINGS[what], f"real pages {what} rose to {value}"
