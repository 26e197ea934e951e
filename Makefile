# Two commands a user needs: `make run` (pipeline on the landing dir) and `make test`.
# Both bootstrap the environment from uv.lock; uv itself is installed into .uv-tools/ with pip when missing.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(CURDIR)/.uv-tools/bin/uv
VENV := $(CURDIR)/.venv
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export UV_PROJECT_ENVIRONMENT := $(VENV)
export GX_ANALYTICS_ENABLED := False

.PHONY: run test test-fast dev bench sample clean-warehouse

$(UV):
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --target $(CURDIR)/.uv-tools uv==$(UV_VERSION)

# --group scale: dagster-celery and the redis client, so the tests run the celery executor for real.
# --compile-bytecode: write every dependency's .pyc at install time. Python reads .pyc files even
# where PYTHONDONTWRITEBYTECODE=1 forbids writing them (as in this project's sandboxes), and
# without them every run compiles dagster, great_expectations, pandas … from source (≈ 5 s).
$(VENV)/.synced: pyproject.toml uv.lock Makefile | $(UV)
	$(UV) sync --locked --compile-bytecode --group scale --group lake --python $(PYTHON)
	@touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	@sed "s#\.dagster_home#$(DAGSTER_HOME)#g" dagster.yaml > $@

run: $(VENV)/.synced $(DAGSTER_HOME)/dagster.yaml
	$(VENV)/bin/python -m orchestration.run

# Two test processes (xdist, work stealing): the machines this runs on have two cores, and the
# suite's long tests (kill -9 recovery, celery, DuckLake) are mostly waiting on subprocesses.
PYTEST_WORKERS ?= 2
test: $(VENV)/.synced
	$(VENV)/bin/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal

# The daily tier: transforms, the warehouse package and the GX suites without a pipeline run (< 60 s).
test-fast: $(VENV)/.synced
	$(VENV)/bin/python -m pytest -n $(PYTEST_WORKERS) --dist worksteal -m "not e2e"

dev: $(VENV)/.synced $(DAGSTER_HOME)/dagster.yaml
	$(VENV)/bin/dagster dev -m orchestration.definitions

bench: $(VENV)/.synced
	$(VENV)/bin/python -m benchmarks.run

sample: $(VENV)/.synced
	$(VENV)/bin/python data/sample_src/build_sample.py
