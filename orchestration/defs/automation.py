"""Triggers: a daily schedule and a sensor that requests a run when the landing directory changes."""


import datetime as dt
import hashlib
import os

import dagster as dg
import duckdb

import config
from orchestration.defs.assets import ARRIVAL_BATCHES, WAREHOUSE_POOL
from orchestration.defs.resources import PipelineSettings, settings_from_env
from transforms.ingest import scan_landing
from warehouse.backend import Warehouse

ingest_job = dg.define_asset_job(
    "ingest_job",
    selection=dg.AssetSelection.all(),
    description="Everything: raw files → speeches → dedup → statements → staged warehouse → checks → publish.",
)

def batch_key(kind: str, when: dt.datetime, suffix: str = "") -> str:
    """Partition key of an arrival batch: kind-YYYYMMDDTHHMMSS[-suffix], sortable by time."""
    return f"{kind}-{when.strftime('%Y%m%dT%H%M%S')}" + (f"-{suffix}" if suffix else "")


@dg.schedule(
    name="daily_ingest",
    job=ingest_job,
    cron_schedule="0 2 * * *",
    execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Nightly safety net: processes whatever arrived (a no-op when nothing did).",
)
def daily_schedule(context: dg.ScheduleEvaluationContext):
    """One arrival batch per scheduled tick, keyed by the tick time (idempotent per tick)."""
    key = batch_key("daily", context.scheduled_execution_time or dt.datetime.now(dt.UTC))
    context.instance.add_dynamic_partitions(ARRIVAL_BATCHES.name, [key])
    return dg.RunRequest(run_key=key, partition_key=key, tags={"trigger": "daily_ingest"})


def landing_fingerprint(raw_dir: str) -> str:
    """Hash of every file's path, size and mtime under the landing directory (cheap: stat only)."""
    scan = scan_landing(raw_dir)
    h = hashlib.sha256()
    for rel, size, mtime, problem in scan.sort("source_file").iter_rows():
        h.update(f"{rel}\x1f{size}\x1f{mtime}\x1f{problem}\n".encode())
    return h.hexdigest()[:32]


def pending_run(warehouse: Warehouse) -> str | None:
    """Run id of the latest published run when it left files for the next batch, else None.

    Read-only and best effort: an unreadable warehouse (locked, absent) reports nothing pending;
    the next change of the landing directory or the daily schedule picks the rest up.
    """
    try:
        con = warehouse.open_published()
    except (duckdb.Error, OSError, RuntimeError):
        return None
    if con is None:
        return None
    try:
        row = con.execute(
            "SELECT run_id, more_pending FROM load_run WHERE published_at IS NOT NULL ORDER BY published_at DESC LIMIT 1"
        ).fetchone()
    except duckdb.Error:
        return None
    finally:
        con.close()
    return row[0] if row and row[1] else None


@dg.sensor(job=ingest_job, minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def landing_dir_sensor(context: dg.SensorEvaluationContext):
    """Request a run when files arrive in or change under SPEECH_RAW_DIR.

    The cursor holds the last fingerprint; the run key is the fingerprint, so the
    same state of the directory never triggers two runs. When the directory is unchanged
    but the last published run left files for the next batch (SPEECH_BATCH_FILES /
    SPEECH_BATCH_MB), the next batch is requested. Each request is a new arrival-batch partition.
    """
    raw_dir = config.raw_dir()
    if not os.path.isdir(raw_dir):
        return dg.SkipReason(f"landing directory {raw_dir} does not exist")
    fp = landing_fingerprint(raw_dir)
    unchanged = fp == context.cursor
    pending_after = pending_run(settings_from_env().store) if unchanged else None
    if unchanged and pending_after is None:
        return dg.SkipReason("no change in the landing directory")
    context.update_cursor(fp)
    key = batch_key("arrival", dt.datetime.now(dt.UTC), fp[:8])
    if pending_after is not None:
        # Same directory, but the last run stopped at its batch budget: request the next batch
        # (keyed by that run, so a request already made is not repeated).
        fp = f"{fp}-after-{pending_after}"
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=f"landing-{fp}", partition_key=key, tags={"trigger": "landing_dir_sensor"})],
        dynamic_partitions_requests=[ARRIVAL_BATCHES.build_add_request([key])],
    )


@dg.op(pool=WAREHOUSE_POOL, description="DuckLake upkeep: flush inlined rows, merge small files, expire old snapshots.")
def lake_upkeep(context: dg.OpExecutionContext, settings: PipelineSettings) -> None:
    """In the 'warehouse' pool, so it never runs beside a load; refuses while a run's commits are unpublished."""
    keep = config.ducklake_keep_days()
    counts = settings.store.upkeep(keep)
    context.add_output_metadata({**counts, "keep_days": keep})


@dg.job(description="Weekly DuckLake upkeep (only defined when SPEECH_WAREHOUSE_BACKEND=ducklake).")
def lake_upkeep_job():
    lake_upkeep()


lake_upkeep_schedule = dg.ScheduleDefinition(
    name="weekly_lake_upkeep", job=lake_upkeep_job, cron_schedule="0 4 * * 0", execution_timezone="Asia/Shanghai",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
