"""Shared fixtures: paths to the bundled sample data and to ../shared (when present)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SAMPLE_DIR = REPO / "data" / "sample"
SHARED = Path(os.environ.get("SPEECH_SHARED_DIR", REPO.parent / "shared"))
SEEDS_DIR = SHARED / "seeds"

os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")


@pytest.fixture
def sample_dir() -> Path:
    return SAMPLE_DIR


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS_DIR.is_dir():
        pytest.skip("../shared/seeds is not present")
    return SEEDS_DIR


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """One pipeline run over data/sample into a temporary warehouse: (ok, summary, path, settings, instance)."""
    import dagster as dg

    from orchestration.defs.resources import PipelineSettings
    from orchestration.run import run_once

    wh = tmp_path_factory.mktemp("sample_wh") / "speeches.duckdb"
    settings = PipelineSettings(raw_dir=str(SAMPLE_DIR), warehouse=str(wh))
    instance = dg.DagsterInstance.ephemeral()
    ok, summary = run_once(settings, instance)
    return ok, summary, wh, settings, instance


@pytest.fixture
def env(tmp_path):
    """(landing dir, settings, ephemeral Dagster instance) in a fresh temp dir; warehouse in tmp/wh/."""
    import dagster as dg

    from orchestration.defs.resources import PipelineSettings

    raw = tmp_path / "landing"
    raw.mkdir()
    settings = PipelineSettings(raw_dir=str(raw), warehouse=str(tmp_path / "wh" / "speeches.duckdb"))
    return raw, settings, dg.DagsterInstance.ephemeral()


# ---- test tiers: `make test-fast` runs everything not marked e2e (the transforms, the warehouse package and
# the GX suites, without a pipeline run); `make test` runs everything, as CI does.
_E2E_DIRS = ("orchestration", "corpus")
_E2E_ROBUSTNESS = {"test_accounting.py", "test_bad_input.py", "test_crash.py", "test_faults.py", "test_lake_crash.py"}
_E2E_FIXTURES = {"sample_run", "env"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if (path.parent.name in _E2E_DIRS or (path.parent.name == "robustness" and path.name in _E2E_ROBUSTNESS)
                or _E2E_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.e2e)
