"""Resources: where the landing directory and the warehouse are (from the environment)."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

import config
from expectations.tiers import Thresholds
from warehouse.backend import Warehouse, open_warehouse


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
    def store(self) -> Warehouse:
        """The warehouse these settings name, behind the one interface every backend has (warehouse/backend.py)."""
        return open_warehouse(self.warehouse_path, self.backend, self.ducklake_catalog, self.ducklake_data_path)

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


def settings_from_env(raw_dir: str | None = None, warehouse: str | None = None) -> PipelineSettings:
    """Settings as the environment gives them (read when definitions load); raw_dir/warehouse override theirs."""
    return PipelineSettings(raw_dir=raw_dir or config.raw_dir(), warehouse=warehouse or config.warehouse(),
                            backend=config.backend(), ducklake_catalog=config.ducklake_catalog(),
                            ducklake_data_path=config.ducklake_data_path(),
                            max_set_aside_share=config.max_set_aside_share(default=Thresholds.max_set_aside_share),
                            density_band=config.density_band(default=Thresholds.density_band))
