# The two commands a contributor needs: `make serve` and `make test`.
# Both create .venv and install the exact pins on first use; nothing else is needed
# but Python 3.11+ (and Chromium for the browser tests, which `make test` checks for).
# Each target installs only what it needs, once: the site's packages for serve, build and
# check; the test tools for the tests; the benchmark's tools for bench (and the unit tests,
# which try the benchmark at a tiny size).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
ADDR   ?= 127.0.0.1:8000
SITE_STAMP  := $(VENV)/.site-stamp
DEV_STAMP   := $(VENV)/.dev-stamp
BENCH_STAMP := $(VENV)/.bench-stamp
ENGINES_STAMP := $(VENV)/.engines-stamp
STAMP       := $(VENV)/.installed-stamp
export PYTHONDONTWRITEBYTECODE := 1
# The same sources, the same site: the one date MkDocs writes (the sitemap's lastmod, and
# the time inside sitemap.xml.gz) is the last commit's, not the build's.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif
# pipefail: a failed install or test stays a failure when its output is filtered.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c

# The engine that builds the site: mkdocs (the default), properdocs or zensical (see
# "Choosing the engine" in the README). The other two are installed only when asked for.
ENGINE ?= mkdocs
ifeq ($(filter $(ENGINE),mkdocs properdocs zensical),)
$(error ENGINE must be mkdocs, properdocs or zensical, not '$(ENGINE)')
endif
ENGINE_STAMP := $(if $(filter mkdocs,$(ENGINE)),,$(ENGINES_STAMP))
BUILD_mkdocs     := $(BIN)/mkdocs build --strict --clean
BUILD_properdocs := $(BIN)/properdocs build --strict --clean
BUILD_zensical   := $(BIN)/python -m marginalia.zensical build --strict

.PHONY: serve test build unit check linkcheck-external browser lint format bench new lock clean chromium-present

# install WHAT,EXTRA: pip's own lines for each package it fetches and installs, without the
# ones for packages already there.
define install
	@test -x $(BIN)/python || { echo "Creating $(VENV) with $$($(PYTHON) --version)"; $(PYTHON) -m venv $(VENV); }
	@echo "Installing $(1) into $(VENV), pinned by requirements/constraints.txt ..."
	@$(PIP) install --disable-pip-version-check --progress-bar on -c requirements/constraints.txt \
	  -e '.$(2)' 2>&1 | { grep -v '^Requirement already satisfied' || true; }
	@touch $@
endef

SITE_TOOLS  := the site's packages (MkDocs, Material, Pandoc, Pagefind)
DEV_TOOLS   := the test tools (pytest, ruff, Playwright, lychee)
BENCH_TOOLS := the benchmark's tools (mkdocs-bibtex, linkchecker)
ENGINE_TOOLS := the other engines (Zensical, ProperDocs)

$(SITE_STAMP): pyproject.toml requirements/constraints.txt
	$(call install,$(SITE_TOOLS),)

$(DEV_STAMP): $(SITE_STAMP)
	$(call install,$(DEV_TOOLS),[dev])

$(BENCH_STAMP): $(SITE_STAMP)
	$(call install,$(BENCH_TOOLS),[bench])

$(ENGINES_STAMP): $(SITE_STAMP)
	$(call install,$(ENGINE_TOOLS),[engines])

# Everything at once (what `make lock` pins).
$(STAMP): $(SITE_STAMP) $(DEV_STAMP) $(BENCH_STAMP) $(ENGINES_STAMP)
	@touch $@

## serve: build and serve the site at http://127.0.0.1:8000 with live reload
serve: $(SITE_STAMP) $(ENGINE_STAMP)
	@$(BIN)/python scripts/serve $(ADDR) $(if $(filter mkdocs,$(ENGINE)),,--engine $(ENGINE))

## test: every test — lint, unit tests, the strict build and its checks, browser tests
test: lint unit check browser

## build: a strict build of the real site into site/
build: $(SITE_STAMP) $(ENGINE_STAMP)
	$(BUILD_$(ENGINE))

## unit: the unit and integration tests (no browser)
unit: $(DEV_STAMP) $(BENCH_STAMP) $(ENGINES_STAMP)
	$(BIN)/pytest -m "not browser" -q

## check: the pull-request check: strict build, rendered links and anchors, data files;
##        FORMAT=lines prints one `path:line: code: message` line per fault instead
FORMAT ?= grouped
check: $(SITE_STAMP) $(ENGINE_STAMP)
	$(BIN)/python -m marginalia.checks --format $(FORMAT) $(if $(filter mkdocs,$(ENGINE)),,--engine $(ENGINE))

## linkcheck-external: external links in pages and .bib files (cached, rate-limited)
linkcheck-external: $(DEV_STAMP)
	$(BIN)/python -m marginalia.checks --external

## browser: reader-facing tests in headless Chromium
browser: $(DEV_STAMP) $(ENGINES_STAMP) chromium-present
	$(BIN)/pytest -m browser -q

chromium-present:
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
	  echo "Chromium is missing: the browser tests drive Debian's chromium through Playwright."; \
	  echo "Install it with:  sudo apt-get install -y chromium   (or set CHROMIUM=/path/to/chrome)"; \
	  test -n "$$CHROMIUM"; }

## lint: ruff over the package, the tests and the scripts
lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix src tests scripts
	$(BIN)/ruff format src tests scripts

## bench: build-time, page-weight and search-payload benchmark (prints ratios, writes JSON);
##        options through BENCH_ARGS, e.g. make bench BENCH_ARGS=--quick
bench: $(BENCH_STAMP)
	$(BIN)/python scripts/bench $(BENCH_ARGS)

## new: a new page with valid front matter, e.g. make new TYPE=project TITLE="Some project"
new: $(SITE_STAMP)
	$(BIN)/python scripts/new --type "$(TYPE)" --title "$(TITLE)"

## lock: re-resolve and pin every dependency (then commit requirements/constraints.txt)
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet -e '.[dev,bench,engines]'
	{ echo "# Exact pins for every package, runtime, development and benchmark alike."; \
	  echo "# Regenerate with: make lock"; \
	  .lock-venv/bin/pip freeze --exclude-editable | grep -v -i '^marginalia'; } > requirements/constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf site .cache .pytest_cache .ruff_cache $(VENV)
