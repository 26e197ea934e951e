"""`make run`: the whole pipeline once, in process, then a short summary. Exit code 1 when a check failed.

Runs are recorded in the Dagster instance at DAGSTER_HOME (the Makefile points it at
.dagster_home/), so they show in the UI that `make dev` opens.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import fcntl
import gc
import os
import uuid
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from typing import TYPE_CHECKING

import config
from orchestration.progress import Progress
from pipeline.session import new_session
from transforms.runtime import preflight
from warehouse import reads
from warehouse.backend import open_warehouse, readable

if TYPE_CHECKING:  # Dagster is imported only when a run starts: `make run` with nothing new never loads it
    import dagster as dg

    from orchestration.defs.resources import PipelineSettings


@contextmanager
def run_lock(warehouse: Path, timeout_s: float) -> Iterator[None]:
    """Serialise whole runs on one warehouse across processes (two `make run`s at once).

    The second run waits (up to timeout_s) and then finds nothing new. Runs launched by the
    Dagster daemon are serialised by the 'warehouse' pool instead (dagster.yaml); publish
    refuses to overwrite a newer warehouse in any case (warehouse.workspace.PublishConflict).
    """
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with open(warehouse.with_name(warehouse.name + ".run.lock"), "a+") as fh:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"another run has held {warehouse} for more than {timeout_s:.0f} s") from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def run_once(
    settings: PipelineSettings | None = None, instance: dg.DagsterInstance | None = None, batch: str | None = None
) -> tuple[bool, dict]:
    """Execute ingest_job once (settings from the environment unless given). Returns (success, summary dict).

    batch: the arrival-batch partition to run; a new 'manual-…' one by default, or an existing
    key to re-run exactly the files that batch processed. When another process published first
    (PublishConflict), the run is repeated once on top of it.
    """
    import dagster as dg

    from orchestration.defs.assets import ARRIVAL_BATCHES
    from orchestration.defs.automation import batch_key
    from orchestration.definitions import build_definitions  # here: its module builds `defs` from the environment

    defs = build_definitions(settings)
    job = defs.resolve_job_def("ingest_job")
    settings = defs.resources["settings"]
    if instance is None:
        instance = dg.DagsterInstance.get() if config.dagster_home() else dg.DagsterInstance.ephemeral()
    log_level = config.log_level()
    timeout_s = config.run_lock_timeout()
    store = settings.store
    problems = preflight(store.anchor.parent / ".work")
    if problems:
        # Robustness (issue #9): with OpenCC or jieba broken, every file would be quarantined as
        # "cleaning failed" (keyed by its content hash, so never retried) and speeches would keep
        # "extraction failed" for good. Refuse to start instead: nothing is touched, rerun when fixed.
        return False, {"run_id": None, "batch": batch, "checks_passed": 0, "checks_failed": 0, "checks_warned": 0,
                       "failed_checks": [],
                       "warehouse": str(store), "errors": [f"preflight: {p}" for p in problems]}
    with run_lock(settings.warehouse_path, timeout_s):
        batch = batch or batch_key("manual", dt.datetime.now(dt.UTC), uuid.uuid4().hex[:6])
        if not instance.has_dynamic_partition(ARRIVAL_BATCHES.name, batch):
            instance.add_dynamic_partitions(ARRIVAL_BATCHES.name, [batch])
        for _attempt in range(2):
            result = job.execute_in_process(
                instance=instance, raise_on_error=False, partition_key=batch,
                run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
            )
            if result.success or not _publish_conflict(result):
                break
    checks = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    errors = [e for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    summary: dict = {
        "run_id": result.run_id,
        "batch": batch,
        "checks_passed": sum(1 for c in checks if c.passed),
        "checks_failed": sum(1 for c in checks if not c.passed and c.severity != dg.AssetCheckSeverity.WARN),
        "checks_warned": sum(1 for c in checks if not c.passed and c.severity == dg.AssetCheckSeverity.WARN),
        "failed_checks": [(c.check_name, c.metadata.get("failures").value if c.metadata.get("failures") else c.metadata)
                          for c in checks if not c.passed and c.severity != dg.AssetCheckSeverity.WARN],
        "warehouse": str(store),
        "errors": [f"{e.step_key}: {_error_text(e)}" for e in errors],
    }
    with readable(store) as con:
        if con is not None:
            summary.update({**_totals(con), "more_pending": reads.more_pending(con, result.run_id)})
    return result.success, summary


def run_until_done(
    settings: PipelineSettings | None = None, instance: dg.DagsterInstance | None = None, max_runs: int = 10_000,
    progress: "Progress | None" = None,
) -> tuple[bool, dict, int]:
    """Run batches until nothing new is left (each run reads at most SPEECH_BATCH_FILES / SPEECH_BATCH_MB).

    Returns (all succeeded, summary of the last run, number of runs). Stops at the first failure.
    progress: told after each batch (orchestration/progress.py), when given.
    """
    runs = 0
    gc.freeze()  # the imports (see _return_freed_memory)
    try:
        while True:
            ok, summary = run_once(settings, instance)
            runs += 1
            if progress is not None:
                progress.batch_done(runs)
            _return_freed_memory()
            if not ok or not summary.get("more_pending") or runs >= max_runs:
                return ok, summary, runs
    finally:
        gc.unfreeze()  # hand everything back to the collector once the sequence is over


def _return_freed_memory() -> None:
    """Hand the heap a finished batch freed back to the OS (glibc keeps it otherwise).

    Measured on 100 MB in 4 batches: the process grew by ≈ 270 MB per batch without it (freed
    but fragmented heap), by ≈ 20 MB with it, so a long sequence of batches stays within budget.

    What survives a batch (modules, Dagster and GX state, caches) then goes to the collector's
    permanent generation (gc.freeze): the ≈ 400k objects of dagster, GX and pandas were walked
    by every full collection, automatic ones included (1.5 s per 100 MB, 0.25 s per explicit
    collect), and by the forked clean/extract workers, whose collections also copied the pages
    they touched. Frozen objects are never collected: only a cycle that becomes garbage in a
    later batch stays (none measured); run_until_done unfreezes at the end.
    """
    gc.collect()
    gc.freeze()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to do
        pass


def _error_text(event) -> str:
    err = event.event_specific_data.error
    # Unwrap Dagster's wrappers, including a retry policy's "Exceeded max_retries", down to the real error.
    while err.cause is not None and any(w in err.cls_name for w in ("DagsterExecutionStepExecutionError", "RetryRequestedFromPolicy")):
        err = err.cause
    return f"{err.cls_name}: {err.message.strip().splitlines()[0] if err.message.strip() else ''}"


def _publish_conflict(result) -> bool:
    return any("PublishConflict" in _error_text(e) for e in result.all_events if e.event_type_value == "STEP_FAILURE")


def _totals(con) -> dict:
    """The summary's figures, read from a warehouse connection."""
    totals = reads.totals(con)
    return {"files_seen": totals["files"], "loaded": totals["loaded"], "duplicate": totals["duplicate"],
            "quarantined": totals["quarantined"], "speeches": totals["speeches"],
            "canonical_speeches": totals["canonical"], "statements": totals["statements"],
            "set_aside": totals["set_aside"], "set_aside_by_rule": reads.rejected_by_rule(con)}


def _print_totals(s: dict) -> None:
    print(f"files seen {s['files_seen']}: loaded {s['loaded']}, duplicate {s['duplicate']}, quarantined {s['quarantined']}")
    print(f"speeches {s['speeches']} ({s['canonical_speeches']} canonical), statements {s['statements']}")
    total = s["statements"] + s["set_aside"]
    rules = ", ".join(f"{rule} {n}" for rule, n in s["set_aside_by_rule"].items())
    print(f"set aside {s['set_aside']} ({s['set_aside'] / total if total else 0:.2%})" + (f": {rules}" if rules else "")
          + ("  (query v_rejected_statements)" if s["set_aside"] else ""))


def _configured_warehouse():
    """The warehouse the environment names (as settings_from_env does, without Dagster)."""
    return open_warehouse(config.warehouse(), config.backend(), config.ducklake_catalog(), config.ducklake_data_path())


def _nothing_new() -> dict | None:
    """The published warehouse's totals when the landing dir holds nothing new or changed (no run is
    started: a stat scan and a read-only peek, without Dagster or the language resources); else None."""
    from pipeline.steps import nothing_new

    store = _configured_warehouse()
    if not nothing_new(new_session(config.raw_dir(), store)):
        return None
    summary: dict = {"raw_dir": config.raw_dir(), "warehouse": str(store)}
    with readable(store) as con:
        if con is not None:
            summary.update(_totals(con))
    return summary


def main(argv: list[str] | None = None) -> int:
    import argparse

    ap = argparse.ArgumentParser(description="Run the whole pipeline once on SPEECH_RAW_DIR into SPEECH_WAREHOUSE.")
    ap.add_argument("--batch", help="re-run this arrival batch (partition key) instead of starting a new one")
    args = ap.parse_args(argv)
    problems = config.check()
    if problems:
        # one line per wrong setting, before anything is read or written; a permanent error is not retried
        for line in problems:
            print(f"configuration error: {line}", file=sys.stderr)
        return 2
    if not args.batch and (s := _nothing_new()) is not None:
        print(f"nothing new in {s['raw_dir']}: no run started  warehouse: {s['warehouse']}")
        if "files_seen" in s:
            _print_totals(s)
        return 0
    if args.batch:
        ok, s = run_once(batch=args.batch)
        runs = 1
    else:
        with Progress.start(config.progress(), new_session(config.raw_dir(), _configured_warehouse())) as progress:
            ok, s, runs = run_until_done(progress=progress)
    print(f"run {s['run_id']} (batch {s['batch']}{f', last of {runs} batches' if runs > 1 else ''}): "
          f"{'OK' if ok else 'FAILED'}  warehouse: {s['warehouse']}")
    if "files_seen" in s:
        _print_totals(s)
    print(f"checks passed {s['checks_passed']}, warned {s['checks_warned']}, failed {s['checks_failed']}")
    for err in s["errors"]:
        if "DagsterAssetCheckFailedError" not in err:
            print(f"  ERROR {err}")
    for name, detail in s["failed_checks"]:
        print(f"  FAILED {name}: {detail}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
