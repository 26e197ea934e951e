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
