"""Resources: where the landing directory and the warehouse are (from the environment)."""

from __future__ import annotations

import os
from pathlib import Path

import dagster as dg

from expectations.runner import Thresholds
from warehouse.lake import BACKENDS, Lake, make_lake

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW_DIR = REPO_ROOT / "data" / "sample"
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "speeches.duckdb"


def env_raw_dir() -> str:
    """SPEECH_RAW_DIR, or the bundled sample data."""
    return os.environ.get("SPEECH_RAW_DIR") or str(DEFAULT_RAW_DIR)


def env_warehouse() -> str:
    """SPEECH_WAREHOUSE, or warehouse/speeches.duckdb."""
    return os.environ.get("SPEECH_WAREHOUSE") or str(DEFAULT_WAREHOUSE)


def env_backend() -> str:
    """SPEECH_WAREHOUSE_BACKEND: 'duckdb' (default, the file SPEECH_WAREHOUSE) or 'ducklake' (docs/scaling.md)."""
    backend = os.environ.get("SPEECH_WAREHOUSE_BACKEND") or "duckdb"
    if backend not in BACKENDS:
        raise ValueError(f"SPEECH_WAREHOUSE_BACKEND={backend!r}: use one of {', '.join(BACKENDS)}")
    return backend


class PipelineSettings(dg.ConfigurableResource):
    """Landing directory, warehouse (backend and where it is) and the folder for run artefacts and Data Docs.

    With backend 'ducklake', ducklake_catalog is shown in the UI like all resource config: put a
    PostgreSQL password in ~/.pgpass or PGPASSWORD, not in SPEECH_DUCKLAKE_CATALOG.
    """

    raw_dir: str
    warehouse: str
    backend: str = "duckdb"
    ducklake_catalog: str = ""
    ducklake_data_path: str = ""
    # Systemic signals that block a publish (expectations.runner.Thresholds says how the defaults were chosen).
    max_set_aside_share: float = Thresholds.max_set_aside_share
    density_band: float = Thresholds.density_band

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.max_set_aside_share, self.density_band)

    @property
    def lake(self) -> Lake:
        """The lake the ducklake settings name (whatever the backend: `python -m warehouse.lake import` fills it)."""
        return make_lake(self.warehouse_path, self.ducklake_catalog, self.ducklake_data_path)

    @property
    def target(self) -> Path | Lake:
        """The warehouse as warehouse.workspace takes it: the DuckDB file's path, or the lake."""
        return self.lake if self.backend == "ducklake" else self.warehouse_path

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
        """Great Expectations Data Docs (HTML), rebuilt after every validation but those of a passing batch with more to follow."""
        return self.warehouse_path.parent / "gx_docs"


def _env_float(name: str, default: float, low: float, high: float) -> float:
    """A number from the environment within [low, high], or a ValueError naming the variable."""
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name}={text!r}: not a number") from None
    if not low <= value <= high:
        raise ValueError(f"{name}={text!r}: must lie in [{low:g}, {high:g}]")
    return value


def settings_from_env(raw_dir: str | None = None, warehouse: str | None = None) -> PipelineSettings:
    """Settings as the environment gives them (read when definitions load); raw_dir/warehouse override theirs."""
    return PipelineSettings(raw_dir=raw_dir or env_raw_dir(), warehouse=warehouse or env_warehouse(), backend=env_backend(),
                            ducklake_catalog=os.environ.get("SPEECH_DUCKLAKE_CATALOG", ""),
                            ducklake_data_path=os.environ.get("SPEECH_DUCKLAKE_DATA_PATH", ""),
                            max_set_aside_share=_env_float("SPEECH_MAX_SET_ASIDE_SHARE", Thresholds.max_set_aside_share, 0, 1),
                            density_band=_env_float("SPEECH_DENSITY_BAND", Thresholds.density_band, 1, 1e6))
