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

.PHONY: extract test eval report query bench bench-quality snapshot train-en clean

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

report: $(STAMP)
	$(PY) -m pipeline report --output "$(OUTPUT)"

# SQL reaches the shell through the environment, so quotes inside it need no escaping:
# make query SQL="select name, n_mentions from entities where label = 'PER' order by 2 desc"
query: $(STAMP)
	$(PY) -m pipeline query --output "$(OUTPUT)" "$$SQL"

bench: $(STAMP)
	$(PY) -m benchmarks.speed $(if $(QUICK),--quick)

# CONLL=DIR: the folder holding CoNLL-2003 valid.txt (else $$NEWSENTS_CONLL2003, else data/conll2003).
bench-quality: $(STAMP)
	$(PY) -m benchmarks.quality $(if $(CONLL),--conll "$(CONLL)")

# Train the English NER into models/en_ner (CPU, about half an hour): DATA is a folder holding
# CoNLL-2003 train.txt and valid.txt (models/en_ner/README.md says how to get them).
train-en: $(STAMP)
	$(if $(DATA),,$(error DATA=DIR is required: a folder holding CoNLL-2003 train.txt and valid.txt))
	$(PY) -m training.train_en --data "$(DATA)"

snapshot: $(STAMP)
	$(PY) -m tests.snapshot --accept

clean:
	rm -rf "$(OUTPUT)" $(VENV)
