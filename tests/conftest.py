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

    from orchestration.resources import PipelineSettings
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

    from orchestration.resources import PipelineSettings

    raw = tmp_path / "landing"
    raw.mkdir()
    settings = PipelineSettings(raw_dir=str(raw), warehouse=str(tmp_path / "wh" / "speeches.duckdb"))
    return raw, settings, dg.DagsterInstance.ephemeral()
