"""One Warehouse interface, two implementations: the DuckDB file and the DuckLake.

A run sees the warehouse only through `Warehouse`: peek at what is published, open its private
session (`connect`), publish or discard it, open what analysts see, sweep stale work files, keep
it in shape. `open_warehouse` picks the implementation once, from configuration; no code outside
this package asks which backend it has (tests/config/test_config.py proves it).

How each backend isolates a run (a private working copy published by atomic replace, or commits
on the lake published by a tagged snapshot) is written in warehouse/workspace.py; this module
only gives the two the same shape.
"""

from __future__ import annotations

import contextlib
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Protocol

import duckdb

from warehouse import reads, workspace
from warehouse.lake import Lake, make_lake
from warehouse.sql import read_sql

BACKENDS = ("duckdb", "ducklake")
_PUBLISH_DECISION = read_sql("publish_decision.sql")


@dataclass(frozen=True)
class PublishOutcome:
    """What publishing a run did: published (False when the run changed nothing and was discarded) and the totals after it."""

    published: bool
    totals: dict[str, int]


class Warehouse(Protocol):
    """What a run, the sensor and an analyst need of a warehouse, whatever its backend."""

    backend: str
    anchor: Path  # SPEECH_WAREHOUSE: run locks, .work/, .runs/ and gx_docs/ sit beside it

    def peek(self, arrival_batch: str | None, with_stat: bool = True) -> reads.Peek | None:
        """Known files (and a re-run batch's files) read from the published warehouse; None when that is not cheap and safe."""

    def has_session(self, run_id: str) -> bool:
        """True when this run has begun writing (a working copy, or unpublished commits on the lake)."""

    def connect(self, run_id: str) -> contextlib.AbstractContextManager[duckdb.DuckDBPyConnection]:
        """Connection to this run's private state (created on first use); nothing written here is visible to analysts."""

    def session_location(self, run_id: str) -> str:
        """Where this run's private state lives, for people reading a run's metadata."""

    def publish_run(self, run_id: str) -> PublishOutcome:
        """Make this run's validated state what analysts see, or discard it when the run changed nothing."""

    def discard(self, run_id: str) -> None:
        """Drop this run's private state (a failed validation)."""

    def open_published(self) -> duckdb.DuckDBPyConnection | None:
        """Read-only connection to what analysts see; None when nothing was published yet."""

    def sweep(self, max_age_days: float) -> int:
        """Delete working files and run intermediates older than max_age_days; returns how many."""

    @property
    def needs_upkeep(self) -> bool:
        """True when the backend wants the periodic `upkeep` (schedules are defined only then)."""

    def upkeep(self, keep_days: float) -> dict[str, int]:
        """Periodic maintenance (merge small files, expire old snapshots); counts of what it did."""



def _decide(con: duckdb.DuckDBPyConnection, run_id: str, has_published: bool) -> bool:
    """True when the run is to be published: it read a new or changed file, migrated or refreshed
    the schema or stats, or nothing was published yet. Marks the run published in load_run."""
    changed, migrated = con.execute(_PUBLISH_DECISION, {"run": run_id}).fetchone()
    if changed == 0 and not migrated and has_published:
        return False
    con.execute("UPDATE load_run SET published_at = now()::TIMESTAMP WHERE run_id = ?", [run_id])
    return True


@dataclass(frozen=True)
class FileWarehouse:
    """The DuckDB-file backend: a private working copy per run, published by atomic file replace."""

    path: Path
    backend: str = "duckdb"

    @property
    def anchor(self) -> Path:
        return self.path

    def peek(self, arrival_batch: str | None, with_stat: bool = True) -> reads.Peek | None:
        return reads.peek_published(self.path, arrival_batch, with_stat)

    def has_session(self, run_id: str) -> bool:
        return workspace.has_working(self.path, run_id)

    def connect(self, run_id: str):
        return workspace.working_connection(self.path, run_id)

    def session_location(self, run_id: str) -> str:
        return str(workspace.working_path(self.path, run_id))

    def publish_run(self, run_id: str) -> PublishOutcome:
        with self.connect(run_id) as con:
            publish = _decide(con, run_id, self.path.exists())
            totals = reads.totals(con)
        # the file is replaced after its connection closed
        (workspace.publish if publish else workspace.discard)(self.path, run_id)
        return PublishOutcome(publish, totals)

    def discard(self, run_id: str) -> None:
        workspace.discard(self.path, run_id)

    def open_published(self) -> duckdb.DuckDBPyConnection | None:
        return workspace.open_published(self.path)

    def sweep(self, max_age_days: float) -> int:
        return workspace.sweep_stale(self.path, max_age_days)

    @property
    def needs_upkeep(self) -> bool:
        return False

    def upkeep(self, keep_days: float) -> dict[str, int]:
        return {}  # a DuckDB file is rewritten whole at every publish: nothing accumulates

    def __str__(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class LakeWarehouse:
    """The DuckLake backend: a run commits to the lake; a tagged snapshot publishes (warehouse/lake.py)."""

    lake: Lake
    backend: str = "ducklake"

    @property
    def anchor(self) -> Path:
        return self.lake.anchor

    def peek(self, arrival_batch: str | None, with_stat: bool = True) -> reads.Peek | None:
        return reads.peek_published(self.lake, arrival_batch, with_stat)

    def has_session(self, run_id: str) -> bool:
        return workspace.has_working(self.lake, run_id)

    def connect(self, run_id: str):
        return workspace.working_connection(self.lake, run_id)

    def session_location(self, run_id: str) -> str:
        return str(self.lake)

    def publish_run(self, run_id: str) -> PublishOutcome:
        # all on one connection: each one costs an ATTACH of the lake
        with self.connect(run_id) as con:
            publish = _decide(con, run_id, workspace.has_published(self.lake, con))
            totals = reads.totals(con)
            (workspace.publish if publish else workspace.discard)(self.lake, run_id, con)
        return PublishOutcome(publish, totals)

    def discard(self, run_id: str) -> None:
        workspace.discard(self.lake, run_id)

    def open_published(self) -> duckdb.DuckDBPyConnection | None:
        return workspace.open_published(self.lake)

    def sweep(self, max_age_days: float) -> int:
        return workspace.sweep_stale(self.lake, max_age_days)

    @property
    def needs_upkeep(self) -> bool:
        return True

    def upkeep(self, keep_days: float) -> dict[str, int]:
        return workspace.maintain_lake(self.lake, keep_days)

    def __str__(self) -> str:
        return str(self.lake)


def open_warehouse(path: str | Path, backend: str = "duckdb", ducklake_catalog: str = "",
                   ducklake_data_path: str = "") -> FileWarehouse | LakeWarehouse:
    """The warehouse the settings name: the DuckDB file at `path`, or the lake anchored there.

    The one place that chooses a backend (config.check has already refused an unknown one).
    """
    path = Path(path).expanduser().resolve()
    if backend == "ducklake":
        return LakeWarehouse(make_lake(path, ducklake_catalog, ducklake_data_path))
    if backend != "duckdb":
        raise ValueError(f"unknown warehouse backend {backend!r}: one of {', '.join(BACKENDS)}")
    return FileWarehouse(path)


@contextmanager
def readable(warehouse: Warehouse) -> Iterator[duckdb.DuckDBPyConnection | None]:
    """What analysts see, read-only, even while an analyst holds the DuckDB file's write lock
    (then a byte copy in the warehouse's private .work folder is read and removed after);
    None when nothing is published or the lake's catalog is held by another process."""
    import shutil
    import uuid

    from warehouse.connect import connect

    tmp = None
    try:
        con = warehouse.open_published()
    except duckdb.IOException:
        if not isinstance(warehouse, FileWarehouse):
            con = None  # a DuckDB-file catalog held by another process: nothing to read now
        else:
            tmp = workspace.work_dir(warehouse.path) / f"{warehouse.path.stem}.summary-{uuid.uuid4().hex}.duckdb"
            tmp.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(warehouse.path, tmp)
            con = connect(tmp, read_only=True)
    try:
        yield con
    finally:
        if con is not None:
            con.close()
        if tmp is not None:
            tmp.unlink(missing_ok=True)
