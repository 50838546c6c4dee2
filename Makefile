# Hadir: `make demo` and `make test` are all a newcomer needs (python3 and make).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEMO_DIR ?= var/demo

.PHONY: demo test bench bench-scale lint format lock messages panduan clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(VENV)/.runtime $@

demo: $(VENV)/.runtime  ## build the demo kabupaten and serve it on http://127.0.0.1:8000
	HADIR_DATA_DIR=$(DEMO_DIR) HADIR_ALLOW_INSECURE_KEY=1 $(BIN)/hadir demo --reset $(DEMO_ARGS)

test: $(VENV)/.dev  ## lint, both databases, browser tests, migrations check, demo build
	bash scripts/test-all.sh

bench: $(VENV)/.dev  ## print benchmark figures (never asserted)
	HADIR_ALLOW_INSECURE_KEY=1 HADIR_BENCH_POSTGRES=$${HADIR_BENCH_POSTGRES-postgres://postgres@127.0.0.1:5432/hadir_bench} $(BIN)/python scripts/bench.py

bench-scale: $(VENV)/.dev  ## a scaled-down province on the local PostgreSQL (BENCH_SCALE_ARGS=--help)
	HADIR_ALLOW_INSECURE_KEY=1 $(BIN)/python scripts/bench_scale.py $(BENCH_SCALE_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	HADIR_ALLOW_INSECURE_KEY=1 $(BIN)/mypy src

format: $(VENV)/.dev
	$(BIN)/ruff format src tests scripts
	$(BIN)/ruff check --fix src tests scripts

lock: $(VENV)/.dev  ## re-resolve the lock files from pyproject.toml
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --quiet --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --quiet --extra dev --python-version 3.11 -o requirements-dev.lock

messages: $(VENV)/.dev  ## refresh the Indonesian catalogue (needs GNU gettext)
	cd src/hadir && HADIR_ALLOW_INSECURE_KEY=1 ../../$(BIN)/hadir makemessages -l id --no-obsolete -i "rules/*" -i "protocols/*" -i "zkpull/*" -i "devices_sim/*" -i "demo/*"
	$(BIN)/python scripts/compile_translations.py

panduan: $(VENV)/.dev  ## walk the guides' tasks in Chromium and refresh docs/panduan/img/
	HADIR_ALLOW_INSECURE_KEY=1 HADIR_PANDUAN_SCREENSHOTS=1 $(BIN)/pytest -q -m browser -n 0 tests/browser/test_panduan.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
