# Two commands on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: setup serve build check test browser lighthouse screenshots bench bench-import clean

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

setup: $(BIN)/.installed

serve: setup  ## build the site and serve it at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: setup
	$(BIN)/mkdocs build --strict

check: setup  ## validate notes and pages without building
	$(BIN)/glossator check

browser:  ## Debian's chromium, for the browser tests and screenshots
	@command -v chromium >/dev/null 2>&1 || scripts/install-chromium.sh

tools/lighthouse/node_modules/.bin/lighthouse: tools/lighthouse/package.json tools/lighthouse/package-lock.json
	npm ci --prefix tools/lighthouse --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: tools/lighthouse/node_modules/.bin/lighthouse  ## Lighthouse from npm, for the reader-quality test

test: setup browser lighthouse  ## every test, browser and Lighthouse tests included
	$(BIN)/python -m pytest

screenshots: setup browser  ## the README's screenshots: the three measured pages (tests/layout_site.py) at desktop and phone width
	$(BIN)/python scripts/screenshots.py screenshots

BENCH_SIZE ?= 1000
BENCH_REPEAT ?= 1
BENCH_ONLY ?=
BENCH_FLAGS ?=
bench: setup browser  ## the benchmark (bench/README.md): BENCH_SIZE editorials, hooks against plain Material (BENCH_ONLY=search or cache: that alone)
	$(BIN)/python -m pip install --quiet -r bench/requirements.txt
	$(BIN)/python bench/run.py --size $(BENCH_SIZE) --repeat $(BENCH_REPEAT) $(if $(BENCH_ONLY),--only $(BENCH_ONLY)) $(BENCH_FLAGS)

EXTRACTION_CORPUS ?= ../shared/extraction-corpus
bench-import: setup  ## the HTML importer against plain trafilatura on the extraction corpus (bench/README.md)
	$(BIN)/python bench/importer.py --corpus $(EXTRACTION_CORPUS)

clean:
	rm -rf site dist .pytest_cache bench/out
