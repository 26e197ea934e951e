"""A run session: what every step of one run shares (its id, batch, landing dir, warehouse, thresholds)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from pathlib import Path

from expectations.tiers import Thresholds
from warehouse.backend import Warehouse, open_warehouse


@dataclass(frozen=True)
class RunSession:
    """One run: its id, its arrival batch (None outside a partitioned run), where files land and where they go.

    A step writes only through `warehouse.connect(run_id)` (the run's private state) until publish.
    """

    run_id: str
    raw_dir: Path
    warehouse: Warehouse
    arrival_batch: str | None = None
    thresholds: Thresholds = field(default_factory=Thresholds)  # the systemic signals' bounds

    @property
    def work_dir(self) -> Path:
        """The warehouse's private folder (working copies, jieba's cache)."""
        return self.warehouse.anchor.parent / ".work"

    @property
    def runs_dir(self) -> Path:
        """Step outputs of each run (the Dagster IO manager's folder)."""
        return self.warehouse.anchor.parent / ".runs"

    @property
    def docs_dir(self) -> Path:
        """Great Expectations Data Docs (HTML), rebuilt after each validation."""
        return self.warehouse.anchor.parent / "gx_docs"


def new_session(raw_dir: str | Path, warehouse: str | Path | Warehouse, arrival_batch: str | None = None,
                run_id: str | None = None, thresholds: Thresholds | None = None) -> RunSession:
    """A session for a run outside Dagster (tests, benchmarks): a DuckDB-file warehouse unless one is given."""
    wh = warehouse if not isinstance(warehouse, (str, Path)) else open_warehouse(warehouse)
    return RunSession(run_id or uuid.uuid4().hex, Path(raw_dir).expanduser().resolve(), wh, arrival_batch,
                      thresholds or Thresholds())
