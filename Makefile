# Every target bootstraps .venv on first use: a fresh clone needs only python3 and the package index.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
INPUT ?= seeds
OUTPUT ?= output
# Optional: CONFIG=my.toml (overrides models/pipeline.toml), WORKERS=N (0 = one per core).
CONFIG ?=
WORKERS ?=
EXTRACT_OPTIONS := $(if $(CONFIG),--config "$(CONFIG)") $(if $(WORKERS),--workers "$(WORKERS)")

.PHONY: extract test eval bench bench-quality snapshot clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	touch $(STAMP)

extract: $(STAMP)
	$(PY) -m pipeline extract --input "$(INPUT)" --output "$(OUTPUT)" $(EXTRACT_OPTIONS)

test: $(STAMP)
	$(PY) -m pytest -q

eval: $(STAMP)
	$(PY) -m pipeline eval --gold gold/seeds/seeds.jsonl --output "$(OUTPUT)"

bench: $(STAMP)
	$(PY) -m benchmarks.speed $(if $(QUICK),--quick)

bench-quality: $(STAMP)
	$(PY) -m benchmarks.quality

snapshot: $(STAMP)
	$(PY) -m tests.snapshot --accept

clean:
	rm -rf "$(OUTPUT)" $(VENV)
