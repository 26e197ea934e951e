"""The DuckLake warehouse backend: write-audit-publish by snapshot instead of by file copy.

DuckLake (https://ducklake.select) keeps table data as Parquet files under a data path and all
metadata in a SQL catalog (a DuckDB file on one machine, PostgreSQL for many). Every commit is a
snapshot, and a reader can attach the lake at any snapshot.

How the pipeline uses it (the DuckDB-file backend's private copy has no equivalent: no run copies
anything, whatever the warehouse size):

- a run's steps write the lake directly, each commit a new snapshot;
- **publish** is one more commit, tagged with the commit message ``publish`` and the run id.
  Analysts attach the lake at the last such snapshot (`connect_published`), never at the latest
  one, so they see only validated loads, exactly as with the file backend;
- a run whose checks fail is **reverted**: every table it changed is restored from the last
  published snapshot (`AT (VERSION => n)`) in one commit. DuckLake has no rollback to a snapshot
  (duckdb/ducklake discussion #767), so this is the documented workaround. It rewrites the
  changed tables, an O(warehouse) cost paid only after a failure;
- writers are serialised as runs are today (the 'warehouse' pool, `make run`'s run lock). A run
  that finds another run's unpublished commits takes the lake over and reverts them; the run it
  displaced is then refused at publish (PublishConflict).

What DuckLake does not take: PRIMARY KEY, UNIQUE and CHECK constraints and indexes. The tables are
created from the same `schemas/warehouse.sql` with those clauses removed (`lake_ddl`); the file
reconciliation check proves key uniqueness and the GX suites check the value sets instead.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

import config as settings  # `config` is the DuckDB connection config below
from warehouse.connect import connect as connect_file
from warehouse.connect import ensure_schema, set_meta, sql_identifier, table_names, transaction

BACKENDS = ("duckdb", "ducklake")
PUBLISH_MESSAGE = "publish"
_AUTHOR = "speech-warehouse"
# The name the lake is attached under (= warehouse.connect's catalog name). The SQL below spells it
# out ('warehouse.snapshots()', '__ducklake_metadata_warehouse'): no value is formatted into SQL.
CATALOG = "warehouse"


@dataclass(frozen=True)
class Lake:
    """Where a DuckLake warehouse lives.

    catalog: what follows ``ducklake:`` in ATTACH: a DuckDB catalog file path, or
    ``postgres:dbname=… host=…`` for a PostgreSQL catalog. data_path: folder (or object-store
    prefix) of the Parquet files. anchor: SPEECH_WAREHOUSE; the run markers (`.work/`), locks,
    run intermediates (`.runs/`) and Data Docs sit beside it as with the file backend.
    """

    catalog: str
    data_path: str
    anchor: Path

    @property
    def uses_postgres(self) -> bool:
        return self.catalog.startswith("postgres:")

    def __str__(self) -> str:
        return f"ducklake:{_redact(self.catalog)}"


def _redact(catalog: str) -> str:
    return re.sub(r"(password\s*=\s*)\S+", r"\1***", catalog)


def make_lake(warehouse: Path, catalog: str = "", data_path: str = "") -> Lake:
    """The lake for SPEECH_WAREHOUSE, SPEECH_DUCKLAKE_CATALOG and SPEECH_DUCKLAKE_DATA_PATH.

    Default catalog: ``<warehouse stem>.ducklake`` beside SPEECH_WAREHOUSE (a DuckDB file: one
    machine); default data path: ``<warehouse stem>.lake/`` in the same folder.
    """
    catalog = catalog or str(warehouse.with_suffix(".ducklake"))
    data_path = data_path or str(warehouse.parent / f"{warehouse.stem}.lake")
    return Lake(catalog=catalog, data_path=data_path.rstrip("/") + "/", anchor=warehouse)


def extension_path(name: str) -> Path:
    """The extension binary shipped in the ``duckdb-extension-<name>`` wheel (uv group ``lake``).

    Loaded from the wheel because a run must never download one (no internet in CI, and the
    version must match the pinned duckdb exactly).
    """
    spec = importlib.util.find_spec(f"duckdb_extension_{name}")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the {name} extension is not installed: uv sync --locked --inexact --group lake")
    found = sorted(Path(spec.submodule_search_locations[0]).rglob(f"v{duckdb.__version__}/*.duckdb_extension"))
    if not found:
        raise RuntimeError(f"the {name} extension wheel has no build for duckdb {duckdb.__version__}")
    return found[0]


def _literal(text: str) -> str:
    """A SQL string literal (ATTACH and LOAD take no parameters)."""
    return "'" + text.replace("'", "''") + "'"


def _load_sql(path: Path) -> str:
    return f"LOAD {_literal(str(path))}"


def _attach_sql(lake: Lake, snapshot: int | None, read_only: bool) -> str:
    options = [] if read_only else [f"DATA_PATH {_literal(lake.data_path)}"]
    if snapshot is not None:
        options.append(f"SNAPSHOT_VERSION {int(snapshot)}")
    if read_only:
        options.append("READ_ONLY")
    opts = f" ({', '.join(options)})" if options else ""
    return f"ATTACH {_literal('ducklake:' + lake.catalog)} AS {CATALOG}{opts}"


def attach(con: duckdb.DuckDBPyConnection, lake: Lake, snapshot: int | None = None, read_only: bool = False) -> None:
    """Load the extensions and attach the lake as the default catalog (at a snapshot, when given)."""
    con.execute(_load_sql(extension_path("ducklake")))
    if lake.uses_postgres:
        con.execute(_load_sql(extension_path("postgres_scanner")))
    else:
        Path(lake.catalog).parent.mkdir(parents=True, exist_ok=True)
    if not read_only and "://" not in lake.data_path:
        Path(lake.data_path).mkdir(parents=True, exist_ok=True)
    _attach_waiting(con, _attach_sql(lake, snapshot, read_only), lake)
    con.execute("USE warehouse")


# A DuckDB-file catalog can be attached by one process at a time. Brief holders (the sensor's
# read every minute, a short query) are waited for rather than failing a run's step.
LOCK_WAIT_S = 10.0


def _attach_waiting(con: duckdb.DuckDBPyConnection, sql: str, lake: Lake) -> None:
    deadline = time.monotonic() + settings.ducklake_lock_wait(default=LOCK_WAIT_S)
    delay = 0.05
    while True:
        try:
            con.execute(sql)
            return
        except duckdb.IOException as exc:
            if lake.uses_postgres or "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def _config(lake: Lake, writer: bool) -> dict[str, str]:
    # allow_unsigned_extensions: DuckDB verifies an extension's signature on every LOAD, hashing
    # the 36 MB ducklake file: 75 ms per connection, and an add-one run opens about ten (0.8 s of
    # its 5.6 s at 100k speeches). The files loaded here are the wheels uv installed after
    # checking their sha256 against uv.lock, and no SQL of ours loads an extension from input
    # (docs/threat_model.md).
    config = {"memory_limit": settings.duckdb_memory(), "allow_unsigned_extensions": "true"}
    if writer:
        # Row order means nothing in these tables; keeping it made a bulk insert of long texts
        # buffer whole row groups (importing 3.5 GB ran out of the 1 GB cap).
        config["preserve_insertion_order"] = "false"
        # Where big operations (a revert's copies of whole tables) spill: beside the run markers.
        work = lake.anchor.parent / ".work"
        work.mkdir(parents=True, exist_ok=True)
        # One per process: DuckDB instances sharing a spill folder corrupt each other's files.
        config["temp_directory"] = str(work / f"{lake.anchor.stem}.lake.tmp.{os.getpid()}")
    return config


# Parquet row groups of at most 64 MB. By rows (DuckDB's default, 122,880) a row group of
# raw_file or dim_speech holds GBs of text, and writing one needs it in memory: importing the
# 3.5 GB warehouse ran out of the 1 GB cap; with this, raw_file (96k files) imports in 6 s at 1.2 GB RSS.
# Stored in the catalog (a lake-wide option), so it is set once.
LAKE_OPTIONS = {"parquet_row_group_size_bytes": "64MB"}


def _ensure_options(con: duckdb.DuckDBPyConnection) -> None:
    have = {name: value for name, _, value, *_ in con.execute("FROM ducklake_options('warehouse')").fetchall()}
    for name, value in LAKE_OPTIONS.items():
        if name not in have:
            con.execute("CALL warehouse.set_option(?, ?)", [name, value])


def connect(lake: Lake) -> duckdb.DuckDBPyConnection:
    """Read-write connection to the lake at its latest snapshot (what a run's steps write)."""
    con = duckdb.connect(config=_config(lake, writer=True))
    try:
        attach(con, lake)
        _ensure_options(con)
    except BaseException:
        con.close()
        raise
    return con


def published_snapshot(con: duckdb.DuckDBPyConnection) -> int | None:
    """Id of the last snapshot committed by a publish, or None when nothing was ever published."""
    (snap,) = con.execute(
        "SELECT max(snapshot_id) FROM warehouse.snapshots() WHERE commit_message = ?", [PUBLISH_MESSAGE]
    ).fetchone()
    return None if snap is None else int(snap)


def latest_snapshot(con: duckdb.DuckDBPyConnection) -> int:
    """Id of the lake's latest snapshot (0 for a new lake)."""
    (snap,) = con.execute("SELECT id FROM warehouse.current_snapshot()").fetchone()
    return int(snap)


def connect_published(lake: Lake) -> duckdb.DuckDBPyConnection | None:
    """Read-only connection to the last published snapshot (what analysts see); None before the first publish."""
    con = duckdb.connect(config=_config(lake, writer=False))
    try:
        if not lake.uses_postgres and not Path(lake.catalog).exists():
            con.close()
            return None
        attach(con, lake, read_only=True)
        snap = published_snapshot(con)
        con.execute("USE memory")
        con.execute("DETACH warehouse")
        if snap is None:
            con.close()
            return None
        attach(con, lake, snapshot=snap, read_only=True)
    except BaseException:
        con.close()
        raise
    return con


def changed_tables(con: duckdb.DuckDBPyConnection, since: int | None) -> list[str]:
    """Names of the tables whose rows changed after snapshot `since` (all tables with rows when None)."""
    if since is None:
        return _all_tables(con)
    rows = con.execute(
        """
        WITH after AS (
            -- Upkeep commits move rows between storage (inlined → Parquet, small files merged)
            -- and change none, though a flush of inlined deletes also lists 'tables_deleted_from'.
            SELECT * FROM warehouse.snapshots() WHERE snapshot_id > ?
              AND NOT list_has_any(map_keys(changes), ['flushed_inlined', 'merge_adjacent', 'compacted_table'])
        ),
        changed AS (
            SELECT DISTINCT CAST(unnest(v) AS BIGINT) AS table_id
            FROM (SELECT unnest(map_values(changes)) AS v, unnest(map_keys(changes)) AS k FROM after)
            WHERE k LIKE '%insert%' OR k LIKE '%delete%'
        )
        SELECT DISTINCT t.table_name FROM __ducklake_metadata_warehouse.ducklake_table t JOIN changed USING (table_id)
        WHERE t.end_snapshot IS NULL ORDER BY 1
        """,
        [since],
    ).fetchall()
    return [t for (t,) in rows]


_SCHEMA_KEYS = ["schemas_created", "schemas_dropped", "tables_created", "tables_dropped", "tables_altered",
                "views_created", "views_dropped", "views_altered"]


def schema_changed_since(con: duckdb.DuckDBPyConnection, since: int) -> bool:
    """True when a commit after snapshot `since` created, altered or dropped a table, view or schema."""
    (n,) = con.execute("SELECT count(*) FROM warehouse.snapshots() WHERE snapshot_id > ? AND list_has_any(map_keys(changes), ?)",
                       [since, _SCHEMA_KEYS]).fetchone()
    return n > 0


def _all_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY table_name", [CATALOG]).fetchall()]


def _keep_sql(table: str, snapshot: int) -> str:
    """CREATE TEMP TABLE holding one of our tables as it was at a snapshot."""
    table = sql_identifier(table)
    return f"CREATE OR REPLACE TEMP TABLE keep_{table} AS SELECT * FROM {table} AT (VERSION => {int(snapshot)})"


def _restore_sql(table: str, snapshot: int | None) -> tuple[str, str | None]:
    """DELETE of one of our tables, and the INSERT of its rows kept by _keep_sql (None: leave it empty)."""
    table = sql_identifier(table)
    delete = f"DELETE FROM {table}"
    if snapshot is None:
        return delete, None
    # BY NAME: a column added since that snapshot (an additive migration) is left NULL.
    return delete, f"INSERT INTO {table} BY NAME SELECT * FROM keep_{table}"


def _drop_keep_sql(table: str) -> str:
    return f"DROP TABLE IF EXISTS temp.keep_{sql_identifier(table)}"


def _tables_at(con: duckdb.DuckDBPyConnection, snapshot: int) -> set[str]:
    """Names of the tables that existed at a snapshot."""
    rows = con.execute(
        """SELECT table_name FROM __ducklake_metadata_warehouse.ducklake_table
           WHERE begin_snapshot <= ? AND (end_snapshot IS NULL OR end_snapshot > ?)""", [snapshot, snapshot]
    ).fetchall()
    return {t for (t,) in rows}


def revert(con: duckdb.DuckDBPyConnection, to: int | None, run_id: str) -> list[str]:
    """Restore every table changed since snapshot `to` (empty them when None) in one commit; returns their names.

    The restoring commit holds exactly the rows of snapshot `to`, so it is tagged as a publish of
    them (what analysts read does not change, and the lake's latest snapshot is a published one
    again), unless a reverted commit changed the schema: DDL is not reverted, and analysts must
    not see it before a run that carries it passes its checks. Reverting a lake never published
    leaves it empty and unpublished.
    """
    if latest_snapshot(con) == to:
        return []
    if to is None and con.execute("SELECT count(*) FROM duckdb_tables() WHERE database_name = 'warehouse' "
                                  "AND table_name = 'warehouse_meta'").fetchone()[0]:
        (published_before,) = con.execute("SELECT count(*) FROM warehouse_meta WHERE key = 'published_run'").fetchone()
        if published_before:
            # A publish happened, but its snapshot is gone (expired by hand?): emptying the lake would
            # destroy the warehouse. Stop and let a person look.
            raise RuntimeError("the lake was published before but no snapshot tagged 'publish' is left; "
                               "not reverting (see docs/scaling.md, DuckLake upkeep)")
    tables = changed_tables(con, to)
    if not tables:
        return []
    existed = _tables_at(con, to) if to is not None else set()
    # A revert restores rows, not DDL: when the reverted run changed the schema (a migration), the
    # restoring commit is not a publish, or analysts would see columns and views nobody validated.
    as_publish = to is not None and not schema_changed_since(con, to)
    # The old rows are copied out before the DELETE: inside the transaction that deletes them,
    # DuckLake applies its own deletes to `AT (VERSION => n)` reads as well, and the restore read
    # nothing (found in review: every reverted table came back empty). Temp tables spill to disk.
    kept = [t for t in tables if t in existed]
    try:
        for table in kept:
            con.execute(_keep_sql(table, to))
        _restore(con, tables, existed, to, run_id, as_publish)
    finally:
        for table in kept:
            con.execute(_drop_keep_sql(table))
    return tables


def _restore(con: duckdb.DuckDBPyConnection, tables: list[str], existed: set[str], to: int | None, run_id: str,
             as_publish: bool) -> None:
    with transaction(con):
        con.execute("CALL warehouse.set_commit_message(?, ?, extra_info => ?)",
                    [_AUTHOR, PUBLISH_MESSAGE if as_publish else "revert", f"revert to snapshot {to} after run {run_id}"])
        for table in tables:
            # A table created after `to` (a migration of the reverted run) is emptied, not restored.
            delete, insert = _restore_sql(table, to if table in existed else None)
            con.execute(delete)
            if insert:
                con.execute(insert)


def commit_publish(con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """The publishing commit of a run: records it in warehouse_meta under the message 'publish'. Returns its snapshot."""
    with transaction(con):
        con.execute("CALL warehouse.set_commit_message(?, ?, extra_info => ?)", [_AUTHOR, PUBLISH_MESSAGE, run_id])
        set_meta(con, "published_run", run_id)
    return latest_snapshot(con)


MERGE_MAX_FILE_BYTES = 16_000_000


def maintain(con: duckdb.DuckDBPyConnection, keep_days: float) -> dict[str, int]:
    """Upkeep of a lake whose latest snapshot is the published one; returns counts of what it did.

    Small commits leave rows inlined in the catalog and many small Parquet files; reads slow down
    as they pile up. This flushes inlined rows, merges adjacent small files, publishes the result
    (same rows, so the next run has nothing to revert), then expires snapshots older than
    keep_days, never the published one, and deletes the files only those snapshots used. A
    reader that pinned an expired snapshot must reattach (warehouse.workspace.open_published).
    """
    published = published_snapshot(con)
    if latest_snapshot(con) != published:
        if published is None or changed_tables(con, published):
            raise RuntimeError("the lake has unpublished commits (a run in flight or failed): no upkeep now")
        commit_publish(con, "maintenance")  # only an earlier upkeep's commits (a flush): the same rows
    try:
        flushed = con.execute("CALL ducklake_flush_inlined_data('warehouse')").fetchall()
        # Only files up to 16 MB are merged: merging the big ones (a 64 MB row group of texts
        # each) ran out of the 1 GB cap at 100k speeches; the small files of single-file runs
        # are what slows reads down.
        merged = con.execute("CALL ducklake_merge_adjacent_files('warehouse', max_file_size => ?)",
                             [MERGE_MAX_FILE_BYTES]).fetchall()
    finally:
        if latest_snapshot(con) != published_snapshot(con):
            commit_publish(con, "maintenance")  # the same rows, in fewer files
    published = published_snapshot(con)
    cutoff = dt.datetime.now(dt.UTC) - dt.timedelta(days=keep_days)
    old = [v for (v,) in con.execute(
        "SELECT snapshot_id FROM warehouse.snapshots() WHERE snapshot_id < ? AND snapshot_time < ? ORDER BY 1",
        [published, cutoff]).fetchall()]
    expired = con.execute("CALL ducklake_expire_snapshots('warehouse', versions => ?)", [old]).fetchall() if old else []
    cleaned = con.execute("CALL ducklake_cleanup_old_files('warehouse', cleanup_all => true)").fetchall()
    # Files no snapshot references: what a run killed before its commit (a revert's table copies, say)
    # had written. A day's margin, so a write in flight is never taken for an orphan.
    orphans = con.execute("CALL ducklake_delete_orphaned_files('warehouse', older_than => ?)",
                          [dt.datetime.now(dt.UTC) - dt.timedelta(days=1)]).fetchall()
    return {"tables_flushed": len(flushed), "files_merged": len(merged), "snapshots_expired": len(expired),
            "files_deleted": len(cleaned), "orphans_deleted": len(orphans)}


def import_file(lake: Lake, database: Path) -> dict[str, int]:
    """Copy a published DuckDB-file warehouse into an empty lake and publish it; returns rows per table.

    How an existing deployment switches backend (`python -m warehouse.lake import`): the file is
    read, not changed, and the lake's first published snapshot holds exactly its tables.
    """
    con = connect(lake)
    try:
        if published_snapshot(con) is not None:
            raise RuntimeError(f"{lake} already has a published warehouse; import only into an empty lake")
        ensure_schema(con)
        con.execute(_attach_file_sql(database, "source", read_only=True))
        # A commit per table keeps memory bounded; nothing is visible before the publish commit,
        # and an import that fails half-way leaves an unpublished lake the next run empties.
        counts = _copy_tables(con, "source", "warehouse")
        con.execute("DETACH source")
        commit_publish(con, "import")
    finally:
        con.close()
    return counts


def export_file(lake: Lake, database: Path) -> dict[str, int]:
    """The published snapshot as a new standalone DuckDB warehouse file; returns rows per table.

    For tools that open a warehouse file (the shared extraction scorer, a notebook on a laptop):
    the same tables, keys, comments and views as the file backend builds. Refuses to overwrite.
    """
    if database.exists():
        raise FileExistsError(f"{database} exists; export writes a new file")
    tmp = database.with_name(database.name + ".exporting")
    tmp.unlink(missing_ok=True)
    target = connect_file(tmp)  # the file backend's schema, constraints included
    try:
        ensure_schema(target)
        target.execute("CHECKPOINT")
    finally:
        target.close()
    con = connect_published(lake)
    if con is None:
        tmp.unlink(missing_ok=True)
        raise RuntimeError(f"{lake} has no published snapshot to export")
    try:
        con.execute(_attach_file_sql(tmp, "target", read_only=False))
        counts = _copy_tables(con, "warehouse", "target")
        con.execute("DETACH target")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, database)
    return counts


def _attach_file_sql(database: Path, alias: str, read_only: bool) -> str:
    return f"ATTACH {_literal(str(database))} AS {sql_identifier(alias)}{' (READ_ONLY)' if read_only else ''}"


def _copy_tables(con: duckdb.DuckDBPyConnection, source: str, target: str) -> dict[str, int]:
    """Replace every table of the DDL in catalog `target` by its rows in catalog `source`; rows per table."""
    counts: dict[str, int] = {}
    for table in table_names():
        delete, insert, count = _copy_sql(source, target, table)
        con.execute(delete)
        con.execute(insert)
        (counts[table],) = con.execute(count).fetchone()
    return counts


def _copy_sql(source: str, target: str, table: str) -> tuple[str, str, str]:
    """DELETE, INSERT … SELECT and count of one table copied between attached catalogs."""
    source, target, table = map(sql_identifier, (source, target, table))
    return (f"DELETE FROM {target}.{table}", f"INSERT INTO {target}.{table} BY NAME SELECT * FROM {source}.{table}",
            f"SELECT count(*) FROM {target}.{table}")


def main(argv: list[str] | None = None) -> int:
    """`python -m warehouse.lake import [FILE]`: the DuckDB file (default SPEECH_WAREHOUSE) into the configured lake;
    `python -m warehouse.lake export FILE`: the lake's published snapshot into a new DuckDB file;
    `python -m warehouse.lake status`: the lake's latest and published snapshots."""
    import argparse

    ap = argparse.ArgumentParser(prog="python -m warehouse.lake", description=main.__doc__)
    ap.add_argument("command", choices=["import", "export", "status"])
    ap.add_argument("file", nargs="?", type=Path,
                    help="import: the DuckDB warehouse file to read (default: SPEECH_WAREHOUSE); export: the new file to write")
    args = ap.parse_args(argv)
    wh_path = Path(settings.warehouse()).expanduser().resolve()
    lake = make_lake(wh_path, settings.ducklake_catalog(), settings.ducklake_data_path())
    if args.command == "import":
        source = (args.file or wh_path).resolve()
        for table, n in import_file(lake, source).items():
            print(f"{table:22} {n:>10,}")
        print(f"imported {source} into {lake}")
        return 0
    if args.command == "export":
        if args.file is None:
            ap.error("export needs the path of the new file")
        for table, n in export_file(lake, args.file.resolve()).items():
            print(f"{table:22} {n:>10,}")
        print(f"exported the published snapshot of {lake} to {args.file}")
        return 0
    con = connect(lake)
    try:
        print(f"{lake}: latest snapshot {latest_snapshot(con)}, published {published_snapshot(con)}")
    finally:
        con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
