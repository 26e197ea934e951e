"""The DuckLake backend (SPEECH_WAREHOUSE_BACKEND=ducklake): the same pipeline, write-audit-publish by snapshot.

A DuckDB-file catalog here (no server); the PostgreSQL catalog is in test_lake_postgres.py.
"""

from __future__ import annotations

import shutil
from expectations.suites import SUITES
from pathlib import Path

import dagster as dg
import polars as pl
import pytest

from orchestration.defs.resources import PipelineSettings
from orchestration.run import run_once
from transforms import extract_batch
from warehouse import lake as lakes
from warehouse import workspace

SRC = Path(__file__).resolve().parents[2] / "data" / "sample_src"
DATA = Path(__file__).resolve().parents[1] / "data"

# Columns compared between backends: everything the contract views show except load timestamps.
VIEWS = {
    "v_indicator_statements": "*",
    "v_speeches": "*",
    "v_raw_files": "* EXCLUDE (first_seen_at, last_loaded_at)",
    "v_targets_by_department": "*",
    "v_speech_duplicates": "*",
}


def lake_settings(raw: Path, root: Path) -> PipelineSettings:
    return PipelineSettings(raw_dir=str(raw), warehouse=str(root / "speeches.duckdb"), backend="ducklake")


def one_file_lake(tmp_path: Path) -> tuple[Path, PipelineSettings]:
    """A landing dir holding one speech (city.txt), and lake settings beside it."""
    raw = tmp_path / "landing"
    raw.mkdir()
    shutil.copyfile(SRC / "speech_city_management.txt", raw / "city.txt")
    return raw, lake_settings(raw, tmp_path)


def view_rows(con, view: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT {VIEWS[view]} FROM {view}").fetchall(), key=repr)


def snapshots(settings: PipelineSettings) -> tuple[int, int | None]:
    """(latest snapshot, published snapshot) of the settings' lake."""
    con = lakes.connect(settings.store.lake)
    try:
        return lakes.latest_snapshot(con), lakes.published_snapshot(con)
    finally:
        con.close()


def test_sample_through_the_lake_equals_the_file_warehouse(sample_run, tmp_path, sample_dir):
    ok_file, _, file_wh, _, _ = sample_run
    settings = lake_settings(sample_dir, tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    ok, summary = run_once(settings, instance)
    assert ok_file and ok, summary["errors"]
    assert (summary["loaded"], summary["duplicate"], summary["quarantined"]) == (8, 4, 3)
    assert summary["checks_passed"] == len(SUITES) + 1 and summary["checks_failed"] == 0

    lake_con = workspace.open_published(settings.store.lake)
    file_con = workspace.open_published(file_wh)
    try:
        for view in VIEWS:
            assert view_rows(lake_con, view) == view_rows(file_con, view), view
        # The data dictionary survives the translation of the DDL: every column keeps its COMMENT.
        (uncommented,) = lake_con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE database_name = 'warehouse' AND table_name NOT LIKE 'v\\_%' "
            "ESCAPE '\\' AND comment IS NULL").fetchone()
        assert uncommented == 0
    finally:
        lake_con.close()
        file_con.close()
    assert not (tmp_path / "speeches.duckdb").exists()  # nothing was copied or published as a file
    assert not list((tmp_path / ".work").glob("*.lake"))  # the run's marker is gone once published

    # An unchanged landing directory commits nothing: the lake's latest snapshot is the published one.
    latest, published = snapshots(settings)
    assert latest == published
    ok, summary = run_once(settings, instance)
    assert ok and summary["files_seen"] == 15
    assert snapshots(settings) == (latest, published)


def test_failed_checks_stay_invisible_and_are_reverted(tmp_path, monkeypatch):
    raw, settings = one_file_lake(tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    ok, first = run_once(settings, instance)
    assert ok
    _, published = snapshots(settings)
    con = workspace.open_published(settings.store.lake)
    city_before = con.execute("SELECT first_seen_at, run_id FROM raw_file WHERE source_file = 'city.txt'").fetchone()
    con.close()

    shutil.copyfile(DATA / "water_supply_speech.txt", raw / "water.txt")
    real = extract_batch.extract_frame

    def corrupt(speeches: pl.DataFrame):
        rows, per_speech = real(speeches)
        # every value misread (percentages as 140 %): all rows fail a row rule, which blocks the batch
        return rows.with_columns(pl.when(pl.col("unit") == "%").then(140.0).otherwise(pl.col("value") * 7919 + 0.37)
                                 .alias("value"),
                                 pl.when(pl.col("unit") == "%").then(pl.lit("ratio")).otherwise(pl.col("unit_kind"))
                                 .alias("unit_kind")), per_speech

    monkeypatch.setattr(extract_batch, "extract_frame", corrupt)
    ok, summary = run_once(settings, instance)
    assert not ok and "gx_batch_signals" in dict(summary["failed_checks"])
    latest, still = snapshots(settings)
    assert still == published and latest > published  # the run committed, but did not publish
    con = workspace.open_published(settings.store.lake)
    try:
        # Analysts see exactly the first load: one file, none of the 140 % values.
        assert con.execute("SELECT count(*) FROM raw_file").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM fact_indicator_value WHERE value > 100 AND unit = '%'").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM v_indicator_statements").fetchone() == (first["statements"],)
    finally:
        con.close()

    # The next run reverts the failed run's commits, then loads the blocked file properly.
    monkeypatch.setattr(extract_batch, "extract_frame", real)
    ok, summary = run_once(settings, instance)
    assert ok and summary["files_seen"] == 2 and summary["loaded"] == 2
    con = workspace.open_published(settings.store.lake)
    try:
        assert con.execute("SELECT count(*) FROM fact_indicator_value WHERE value > 100 AND unit = '%'").fetchone() == (0,)
        assert con.execute("SELECT count(*), count(DISTINCT source_file) FROM raw_file").fetchone() == (2, 2)
        # The revert restored the first load's rows; it did not empty the tables for this run to reload
        # (which it once did: city.txt came back with a new first_seen_at, and the first run's history was lost).
        assert con.execute("SELECT first_seen_at, run_id FROM raw_file WHERE source_file = 'city.txt'").fetchone() == city_before
        assert con.execute("SELECT count(*) FROM load_run WHERE published_at IS NOT NULL").fetchone() == (2,)
        assert con.execute("SELECT count(*) FROM snapshots() WHERE commit_extra_info LIKE 'revert to snapshot%'").fetchone() == (1,)
    finally:
        con.close()


def test_a_run_taken_over_cannot_publish(tmp_path):
    raw, settings = one_file_lake(tmp_path)
    lake = settings.store.lake
    with workspace.working_connection(lake, "run-a") as con:
        con.execute("INSERT INTO warehouse_meta VALUES ('note', 'written by run-a')")
    # run-b starts while run-a's commits are unpublished (two writers, a misconfigured pool):
    # it reverts them, and run-a is refused at publish instead of publishing run-b's state.
    with workspace.working_connection(lake, "run-b") as con:
        assert con.execute("SELECT count(*) FROM warehouse_meta WHERE key = 'note'").fetchone() == (0,)
    # run-a's next step may neither take the lake back (it would revert run-b) nor publish.
    assert workspace.has_working(lake, "run-a")
    with pytest.raises(workspace.PublishConflict):
        with workspace.working_connection(lake, "run-a"):
            pass
    with pytest.raises(workspace.PublishConflict):
        workspace.publish(lake, "run-a")
    workspace.publish(lake, "run-b")
    assert workspace.has_published(lake) and not workspace.has_working(lake, "run-b")
    workspace.discard(lake, "run-a")
    assert not workspace.has_working(lake, "run-a")


def test_a_run_with_a_working_copy_but_nothing_new(tmp_path, monkeypatch):
    """SPEECH_VERIFY_HASHES=1 opens the lake to re-hash, finds nothing new: a no-op, not a failure."""
    raw, settings = one_file_lake(tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    assert run_once(settings, instance)[0]
    con = workspace.open_published(settings.store.lake)
    before = {view: view_rows(con, view) for view in VIEWS}
    con.close()
    monkeypatch.setenv("SPEECH_VERIFY_HASHES", "1")
    ok, summary = run_once(settings, instance)
    assert ok, summary["errors"]
    # As on the file backend, the run's working state (here: its load_run row) is discarded.
    latest, published = snapshots(settings)
    assert latest == published
    con = workspace.open_published(settings.store.lake)
    assert {view: view_rows(con, view) for view in VIEWS} == before
    assert con.execute("SELECT count(*) FROM load_run").fetchone() == (1,)
    con.close()
    # Upkeep is not blocked by such a run.
    workspace.maintain_lake(settings.store.lake, 7)


def test_revert_restores_rows_and_empties_a_table_created_after_the_publish(tmp_path):
    lake = lakes.make_lake(tmp_path / "speeches.duckdb")
    with workspace.working_connection(lake, "run-1") as con:
        con.execute("INSERT INTO warehouse_meta SELECT 'k' || i, 'v' || i FROM range(3000) t(i)")
    workspace.publish(lake, "run-1")
    with workspace.working_connection(lake, "run-2") as con:
        con.execute("DELETE FROM warehouse_meta WHERE key = 'k7'")
        con.execute("INSERT INTO warehouse_meta VALUES ('x', 'new')")
        con.execute("CREATE TABLE scratch (a INTEGER)")  # as a migration of a failed run would
        con.execute("INSERT INTO scratch VALUES (1)")
    workspace.discard(lake, "run-2")  # its checks failed
    con = lakes.connect(lake)
    try:
        assert con.execute("SELECT count(*) FILTER (WHERE key LIKE 'k%'), count(*) FILTER (WHERE key = 'k7'), "
                           "count(*) FILTER (WHERE key = 'x') FROM warehouse_meta").fetchone() == (3000, 1, 0)
        assert con.execute("SELECT count(*) FROM scratch").fetchone() == (0,)
        # The failed run changed the schema: the restoring commit is no publish, so analysts still
        # read run-1's snapshot, without the unvalidated table.
        assert lakes.latest_snapshot(con) != lakes.published_snapshot(con)
    finally:
        con.close()
    reader = workspace.open_published(lake)
    try:
        assert reader.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'scratch'").fetchone() == (0,)
        assert reader.execute("SELECT count(*) FROM warehouse_meta WHERE key LIKE 'k%'").fetchone() == (3000,)
    finally:
        reader.close()
    # Without DDL, the revert is a publish of the same rows: nothing left unpublished.
    with workspace.working_connection(lake, "run-3") as con:
        con.execute("DELETE FROM warehouse_meta WHERE key = 'k8'")
    workspace.publish(lake, "run-3")
    with workspace.working_connection(lake, "run-4") as con:
        con.execute("DELETE FROM warehouse_meta WHERE key = 'k9'")
    workspace.discard(lake, "run-4")
    con = lakes.connect(lake)
    try:
        assert lakes.latest_snapshot(con) == lakes.published_snapshot(con)
        assert con.execute("SELECT count(*) FROM warehouse_meta WHERE key IN ('k8', 'k9')").fetchone() == (1,)
    finally:
        con.close()


def test_lake_ddl_drops_only_the_constraints():
    from warehouse.connect import TABLE_DDL, lake_ddl

    ddl = TABLE_DDL.read_text(encoding="utf-8")
    out = lake_ddl(ddl)
    for word in ("PRIMARY KEY", "UNIQUE (", "CHECK ("):
        assert word in ddl and word not in out
    assert out.count("CREATE TABLE") == ddl.count("CREATE TABLE")
    assert out.count("COMMENT ON") == ddl.count("COMMENT ON") and out.count("NOT NULL") == ddl.count("NOT NULL")
    assert "PRIMARY" not in lake_ddl("CREATE TABLE t (a INTEGER, b INTEGER, PRIMARY KEY (a, b));")
    with pytest.raises(ValueError):
        lake_ddl("CREATE TABLE t (a INTEGER REFERENCES u(a));")


def test_backend_is_configuration(monkeypatch, tmp_path):
    from orchestration.defs.resources import settings_from_env

    monkeypatch.setenv("SPEECH_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("SPEECH_WAREHOUSE_BACKEND", "ducklake")
    monkeypatch.setenv("SPEECH_DUCKLAKE_CATALOG", "postgres:dbname=speeches host=db password=secret")
    monkeypatch.setenv("SPEECH_DUCKLAKE_DATA_PATH", "s3://bucket/speeches")
    store = settings_from_env().store
    assert store.backend == "ducklake" and store.needs_upkeep
    target = store.lake
    assert target.uses_postgres and target.data_path == "s3://bucket/speeches/"
    assert "secret" not in str(target)
    monkeypatch.setenv("SPEECH_WAREHOUSE_BACKEND", "motherduck")
    with pytest.raises(ValueError, match="duckdb, ducklake"):
        settings_from_env()
    monkeypatch.delenv("SPEECH_WAREHOUSE_BACKEND")
    store = settings_from_env().store
    assert store.backend == "duckdb" and store.path == tmp_path / "w.duckdb" and not store.needs_upkeep


def test_reconciliation_proves_the_keys_a_lake_cannot_enforce(tmp_path, monkeypatch):
    """No PRIMARY KEY in a lake: a speech or raw file loaded twice must fail the check and stay unpublished."""
    from warehouse import load

    raw, settings = one_file_lake(tmp_path)
    real = load.load_increment

    def twice(con, inc):
        counts = real(con, inc)
        con.execute("INSERT INTO raw_file SELECT * FROM raw_file")
        con.execute("INSERT INTO dim_speech SELECT * REPLACE ('an-earlier-run' AS run_id) FROM dim_speech")
        return counts

    monkeypatch.setattr(load, "load_increment", twice)
    ok, summary = run_once(settings, dg.DagsterInstance.ephemeral())
    assert not ok
    facts = {k: getattr(v, "value", v) for k, v in dict(summary["failed_checks"])["file_reconciliation"].items()}
    # raw_file: 1 within the run; dim_speech: 1 by id and 1 by (source_file, part_no) against the "earlier run"
    assert facts["duplicate_keys"] == 3
    assert not workspace.has_published(settings.store.lake)


def test_a_file_warehouse_imports_into_a_lake_and_loads_on_from_there(sample_run, tmp_path, sample_dir):
    _, _, file_wh, _, _ = sample_run
    settings = lake_settings(sample_dir, tmp_path)
    counts = lakes.import_file(settings.store.lake, file_wh)
    assert counts["raw_file"] == 15 and counts["dim_speech"] == 14
    lake_con, file_con = workspace.open_published(settings.store.lake), workspace.open_published(file_wh)
    try:
        for view in VIEWS:
            assert view_rows(lake_con, view) == view_rows(file_con, view), view
    finally:
        lake_con.close()
        file_con.close()
    # The imported lake is a published warehouse like any other: the same landing dir is a no-op.
    latest, published = snapshots(settings)
    ok, summary = run_once(settings, dg.DagsterInstance.ephemeral())
    assert ok and summary["files_seen"] == 15 and snapshots(settings) == (latest, published)
    with pytest.raises(RuntimeError, match="already has a published"):
        lakes.import_file(settings.store.lake, file_wh)


def test_upkeep_compacts_without_changing_what_analysts_see(tmp_path, monkeypatch, sample_dir):
    from orchestration.definitions import build_definitions

    landing = tmp_path / "landing"
    shutil.copytree(sample_dir, landing)
    settings = lake_settings(landing, tmp_path)
    instance = dg.DagsterInstance.ephemeral()
    assert run_once(settings, instance)[0]
    (landing / "new.txt").write_text((SRC / "speech_city_management.txt").read_text(encoding="utf-8")
                                     .replace("城市管理", "市容环境"), encoding="utf-8")
    assert run_once(settings, instance)[0]
    con = workspace.open_published(settings.store.lake)
    before = {view: view_rows(con, view) for view in VIEWS}
    con.close()

    monkeypatch.setenv("SPEECH_DUCKLAKE_KEEP_DAYS", "0")
    defs = build_definitions(settings)
    result = defs.resolve_job_def("lake_upkeep_job").execute_in_process(instance=instance)
    assert result.success
    (output,) = [e.event_specific_data.metadata for e in result.all_events if e.event_type_value == "STEP_OUTPUT"]
    assert output["tables_flushed"].value > 0 and output["snapshots_expired"].value > 0
    lake_con = lakes.connect(settings.store.lake)
    try:
        assert lakes.latest_snapshot(lake_con) == lakes.published_snapshot(lake_con)
        # Only the published snapshot is left (keep 0 days); its rows are in Parquet files now.
        assert lake_con.execute("SELECT count(*) FROM warehouse.snapshots()").fetchone() == (1,)
    finally:
        lake_con.close()
    con = workspace.open_published(settings.store.lake)
    try:
        assert {view: view_rows(con, view) for view in VIEWS} == before
    finally:
        con.close()
    # The next run finds nothing to revert and nothing new.
    latest, published = snapshots(settings)
    ok, summary = run_once(settings, instance)
    assert ok and summary["files_seen"] == 16 and snapshots(settings) == (latest, published)

    # Upkeep refuses while a run's commits are unpublished.
    with workspace.working_connection(settings.store.lake, "run-in-flight") as wc:
        wc.execute("INSERT INTO warehouse_meta VALUES ('note', 'unpublished')")
    with pytest.raises(RuntimeError, match="unpublished"):
        workspace.maintain_lake(settings.store.lake, 0)


def test_a_brief_reader_of_a_file_catalog_is_waited_for(tmp_path):
    """A DuckDB-file catalog takes one process at a time: a step waits for a short reader instead of failing."""
    import subprocess
    import sys
    import time

    lake = lakes.make_lake(tmp_path / "speeches.duckdb")
    with workspace.working_connection(lake, "run-1"):
        pass
    workspace.publish(lake, "run-1")
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from warehouse import workspace; from warehouse.lake import make_lake\n"
        f"con = workspace.open_published(make_lake(Path({str(tmp_path / 'speeches.duckdb')!r})))\n"
        "print('holding', flush=True); time.sleep(2); con.close()")],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "holding"
    t0 = time.monotonic()
    con = lakes.connect(lake)  # blocked until the holder lets go, then attached
    waited = time.monotonic() - t0
    con.close()
    holder.wait(timeout=30)
    assert 0.5 < waited < 10


def test_upkeep_interrupted_after_its_flush_is_resumed_not_refused(tmp_path):
    """An upkeep that died after flushing inlined rows left a commit after the published snapshot
    that changes no row: the next upkeep carries on, and no run reverts anything for it."""
    lake = lakes.make_lake(tmp_path / "speeches.duckdb")
    with workspace.working_connection(lake, "run-1") as con:
        con.execute("INSERT INTO warehouse_meta VALUES ('note', 'small enough to be inlined')")
    workspace.publish(lake, "run-1")
    workspace.maintain_lake(lake, 7)  # warehouse_meta's rows are in Parquet now
    with workspace.working_connection(lake, "run-2"):
        pass
    workspace.publish(lake, "run-2")  # its publish commit deletes a row of that file: an inlined delete
    con = lakes.connect(lake)
    try:
        con.execute("CALL ducklake_flush_inlined_data('warehouse')")  # the interrupted upkeep's first commit
        assert lakes.latest_snapshot(con) != lakes.published_snapshot(con)
    finally:
        con.close()
    workspace.maintain_lake(lake, 7)
    with workspace.working_connection(lake, "run-3") as con:
        assert con.execute("SELECT value FROM warehouse_meta WHERE key = 'note'").fetchone() == ("small enough to be inlined",)
        assert lakes.latest_snapshot(con) == lakes.published_snapshot(con)
        assert con.execute("SELECT count(*) FROM warehouse.snapshots() WHERE commit_extra_info LIKE 'revert%'").fetchone() == (0,)


def test_the_published_lake_exports_to_a_warehouse_file(sample_run, tmp_path, sample_dir):
    """For tools that open a warehouse file (the shared scorer): the export equals the file backend's warehouse."""
    _, _, file_wh, _, _ = sample_run
    settings = lake_settings(sample_dir, tmp_path)
    assert run_once(settings, dg.DagsterInstance.ephemeral())[0]
    out = tmp_path / "export" / "speeches.duckdb"
    out.parent.mkdir()
    counts = lakes.export_file(settings.store.lake, out)
    assert counts["raw_file"] == 15 and counts["dim_speech"] == 14
    exported, file_con = workspace.open_published(out), workspace.open_published(file_wh)
    try:
        for view in VIEWS:
            assert view_rows(exported, view) == view_rows(file_con, view), view
        # the file backend's keys came with it
        (pk,) = exported.execute("SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'").fetchone()
        assert pk >= 8
    finally:
        exported.close()
        file_con.close()
    with pytest.raises(FileExistsError):
        lakes.export_file(settings.store.lake, out)


def test_the_upkeep_job_and_schedule_exist_only_with_the_lake(tmp_path):
    from orchestration.definitions import build_definitions

    lake_defs = build_definitions(lake_settings(tmp_path, tmp_path))
    file_defs = build_definitions(PipelineSettings(raw_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb")))
    assert lake_defs.resolve_schedule_def("weekly_lake_upkeep").cron_schedule == "0 4 * * 0"
    assert lake_defs.resolve_job_def("lake_upkeep_job") is not None
    with pytest.raises(Exception):
        file_defs.resolve_job_def("lake_upkeep_job")
