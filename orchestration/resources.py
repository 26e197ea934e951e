"""Resources: where the landing directory and the warehouse are (from the environment)."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW_DIR = REPO_ROOT / "data" / "sample"
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "speeches.duckdb"


def env_raw_dir() -> str:
    """SPEECH_RAW_DIR, or the bundled sample data."""
    return os.environ.get("SPEECH_RAW_DIR") or str(DEFAULT_RAW_DIR)


def env_warehouse() -> str:
    """SPEECH_WAREHOUSE, or warehouse/speeches.duckdb."""
    return os.environ.get("SPEECH_WAREHOUSE") or str(DEFAULT_WAREHOUSE)


class PipelineSettings(dg.ConfigurableResource):
    """Landing directory, published warehouse path and the folder for run artefacts and Data Docs."""

    raw_dir: str
    warehouse: str

    @property
    def warehouse_path(self) -> Path:
        return Path(self.warehouse).expanduser().resolve()

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir).expanduser().resolve()

    @property
    def runs_dir(self) -> Path:
        return self.warehouse_path.parent / ".runs"

    @property
    def docs_dir(self) -> Path:
        """Great Expectations Data Docs (HTML), rebuilt after every validation."""
        return self.warehouse_path.parent / "gx_docs"


def settings_from_env() -> PipelineSettings:
    """Settings as the environment gives them (read when definitions load)."""
    return PipelineSettings(raw_dir=env_raw_dir(), warehouse=env_warehouse())
