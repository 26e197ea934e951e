"""The Dagster code location: `dagster dev -m orchestration.definitions` and `make dev` load this."""

from __future__ import annotations

import gc

import dagster as dg

from orchestration.defs import assets, automation, checks
from orchestration.defs.executors import executor_from_env
from orchestration.defs.io_manager import PolarsParquetIOManager
from orchestration.defs.resources import PipelineSettings, settings_from_env

ASSETS = [assets.raw_files, assets.speeches, assets.canonical_speeches, assets.statements,
          assets.staged_warehouse, assets.published_warehouse]
CHECKS = [checks.staged_warehouse_checks]


def build_definitions(settings: PipelineSettings | None = None) -> dg.Definitions:
    """Assets, checks, job, schedule, sensor, resources and executor; settings from the environment unless given.

    The executor (multiprocess, in_process, celery, k8s) is chosen by SPEECH_EXECUTOR: see orchestration/defs/executors.py.
    """
    settings = settings or settings_from_env()
    upkeep = settings.store.needs_upkeep  # the lake's weekly upkeep; a DuckDB file needs none
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[automation.ingest_job, *([automation.lake_upkeep_job] if upkeep else [])],
        schedules=[automation.daily_schedule, *([automation.lake_upkeep_schedule] if upkeep else [])],
        sensors=[automation.landing_dir_sensor],
        executor=executor_from_env(),
        resources={
            "settings": settings,
            "io_manager": PolarsParquetIOManager(base_dir=str(settings.runs_dir)),
        },
    )


defs = build_definitions()
# Everything imported so far (dagster, polars, duckdb …: ≈ 400k objects) lives as long as the process:
# keep it out of the collector's full passes, which otherwise walk it over and over during a run
# (measured 1.5 s of collections per 100 MB in process) and, in forked clean/extract workers, write to
# the shared pages they walk. Every process that loads the code location (a `make run`, a step
# subprocess, a run launched by the daemon) freezes once here; see also orchestration/run.py.
gc.freeze()
