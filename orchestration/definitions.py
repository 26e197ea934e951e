"""The Dagster code location: `dagster dev -m orchestration.definitions` and `make dev` load this."""

from __future__ import annotations

import gc

import dagster as dg

from orchestration import assets, automation, checks
from orchestration.executors import executor_from_env
from orchestration.io_manager import PolarsParquetIOManager
from orchestration.resources import PipelineSettings, settings_from_env

ASSETS = [assets.raw_files, assets.speeches, assets.canonical_speeches, assets.statements,
          assets.staged_warehouse, assets.published_warehouse]
CHECKS = [checks.staged_warehouse_checks]


def build_definitions(settings: PipelineSettings | None = None) -> dg.Definitions:
    """Assets, checks, job, schedule, sensor, resources and executor; settings from the environment unless given.

    The executor (multiprocess, in_process, celery, k8s) is chosen by SPEECH_EXECUTOR: see orchestration/executors.py.
    """
    settings = settings or settings_from_env()
    lake = settings.backend == "ducklake"
    return dg.Definitions(
        assets=ASSETS,
        asset_checks=CHECKS,
        jobs=[automation.ingest_job, *([automation.lake_upkeep_job] if lake else [])],
        schedules=[automation.daily_schedule, *([automation.lake_upkeep_schedule] if lake else [])],
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
