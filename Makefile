# The two commands a contributor needs: `make serve` and `make test`.
# Both create .venv and install the exact pins on first use; nothing else is needed
# but Python 3.11+ (and Chromium for the browser tests, which `make test` checks for).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PIP    := $(BIN)/python -m pip
export PYTHONDONTWRITEBYTECODE := 1
# The same sources, the same site: the one date MkDocs writes (the sitemap's lastmod, and
# the time inside sitemap.xml.gz) is the last commit's, not the build's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve test build unit check linkcheck-external browser lint format bench new lock clean chromium-present

$(STAMP): pyproject.toml requirements/constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --disable-pip-version-check -c requirements/constraints.txt -e '.[dev,bench]'
	@touch $(STAMP)

## serve: build and serve the site at http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

## test: every test — lint, unit tests, the strict build and its checks, browser tests
test: $(STAMP) lint unit check browser

## build: a strict build of the real site into site/
build: $(STAMP)
	$(BIN)/mkdocs build --strict --clean

## unit: the unit and integration tests (no browser)
unit: $(STAMP)
	$(BIN)/pytest -m "not browser" -q

## check: the pull-request check: strict build, rendered links and anchors, data files;
##        FORMAT=lines prints one `path:line: code: message` line per fault instead
FORMAT ?= grouped
check: $(STAMP)
	$(BIN)/python -m marginalia.checks --format $(FORMAT)

## linkcheck-external: external links in pages and .bib files (cached, rate-limited)
linkcheck-external: $(STAMP)
	$(BIN)/python -m marginalia.checks --external

## browser: reader-facing tests in headless Chromium
browser: $(STAMP) chromium-present
	$(BIN)/pytest -m browser -q

chromium-present:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "Chromium is missing: the browser tests drive Debian's chromium through Playwright."; \
	  echo "Install it with:  sudo apt-get install -y chromium   (or set CHROMIUM=/path/to/chrome)"; \
	  test -n "$$CHROMIUM"; }

## lint: ruff over the package, the tests and the scripts
lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

format: $(STAMP)
	$(BIN)/ruff check --fix src tests scripts
	$(BIN)/ruff format src tests scripts

## bench: build-time, page-weight and search-payload benchmark (prints ratios, writes JSON);
##        options through BENCH_ARGS, e.g. make bench BENCH_ARGS=--quick
bench: $(STAMP)
	$(BIN)/python scripts/bench $(BENCH_ARGS)

## new: a new page with valid front matter, e.g. make new TYPE=project TITLE="Some project"
new: $(STAMP)
	$(BIN)/python scripts/new --type "$(TYPE)" --title "$(TITLE)"

## lock: re-resolve and pin every dependency (then commit requirements/constraints.txt)
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[dev,bench]'
	{ echo "# Exact pins for every package, runtime, development and benchmark alike."; \
	  echo "# Regenerate with: make lock"; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v -i '^marginalia'; } > requirements/constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf site .cache .pytest_cache .ruff_cache $(VENV)
