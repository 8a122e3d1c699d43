"""Quality floors: fail when a change makes extraction measurably worse.

Each floor sits just under the value measured on 2026-11-23 (after the gazetteer/date
EntityRuler and the non-entity-name filter were added to the English pipeline):

  seeds exact F1, with boilerplate:  ALL 0.877   en 0.870   ru 0.907
  factRuEval-dev token-level IO F1 (our Russian pipeline):  PER 0.975   LOC 0.900   ORG 0.800

Raise a floor when a change lifts the measured value; never lower one to make a change pass
without saying why in the commit. `python -m benchmarks.quality` prints every figure.
"""

from __future__ import annotations

import pytest

from benchmarks import factru
from pipeline.evaluate import WITH_BOILERPLATE, evaluate
from tests.conftest import SEEDS_GOLD, Tables

SEEDS_EXACT_F1_FLOORS = {"ALL": 0.86, "en": 0.855, "ru": 0.89}
FACTRU_TOKEN_F1_FLOORS = {"PER": 0.96, "LOC": 0.885, "ORG": 0.785}


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
