"""`make run`: the whole pipeline once, in process, then a short summary. Exit code 1 when a check failed.

Runs are recorded in the Dagster instance at DAGSTER_HOME (the Makefile points it at
.dagster_home/), so they show in the UI that `make dev` opens.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dagster as dg

from orchestration.definitions import build_definitions
from orchestration.resources import PipelineSettings
from warehouse.connect import connect


def run_once(settings: PipelineSettings | None = None, instance: dg.DagsterInstance | None = None) -> tuple[bool, dict]:
    """Execute ingest_job once (settings from the environment unless given). Returns (success, summary dict)."""
    defs = build_definitions(settings)
    job = defs.resolve_job_def("ingest_job")
    if instance is None:
        instance = dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()
    log_level = os.environ.get("SPEECH_LOG_LEVEL", "WARNING")
    result = job.execute_in_process(
        instance=instance, raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
    )
    checks = [e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
    settings = defs.resources["settings"]
    summary: dict = {
        "run_id": result.run_id,
        "checks_passed": sum(1 for c in checks if c.passed),
        "checks_failed": sum(1 for c in checks if not c.passed),
        "failed_checks": [(c.check_name, c.metadata.get("failures").value if c.metadata.get("failures") else c.metadata)
                          for c in checks if not c.passed],
        "warehouse": str(settings.warehouse_path),
    }
    if settings.warehouse_path.exists():
        con = _reader(settings.warehouse_path)
        try:
            row = con.execute(
                """SELECT count(*), count(*) FILTER (WHERE status = 'loaded'), count(*) FILTER (WHERE status = 'duplicate'),
                          count(*) FILTER (WHERE status = 'quarantined'),
                          (SELECT count(*) FROM v_speeches), (SELECT count(*) FROM v_speeches WHERE speech_id = canonical_speech_id),
                          (SELECT count(*) FROM v_indicator_statements)
                   FROM v_raw_files"""
            ).fetchone()
        finally:
            con.close()
        summary.update(dict(zip(["files_seen", "loaded", "duplicate", "quarantined", "speeches", "canonical_speeches", "statements"], row)))
    return result.success, summary


def _reader(path):
    """A read-only connection; when an analyst holds a write lock on the file, read a byte copy instead."""
    import duckdb
    import shutil
    import tempfile

    try:
        return connect(path, read_only=True)
    except duckdb.IOException:
        tmp = Path(tempfile.mkdtemp()) / path.name
        shutil.copyfile(path, tmp)
        return connect(tmp, read_only=True)


def main() -> int:
    ok, s = run_once()
    print(f"run {s['run_id']}: {'OK' if ok else 'FAILED'}  warehouse: {s['warehouse']}")
    if "files_seen" in s:
        print(f"files seen {s['files_seen']}: loaded {s['loaded']}, duplicate {s['duplicate']}, quarantined {s['quarantined']}")
        print(f"speeches {s['speeches']} ({s['canonical_speeches']} canonical), statements {s['statements']}")
    print(f"checks passed {s['checks_passed']}, failed {s['checks_failed']}")
    for name, detail in s["failed_checks"]:
        print(f"  FAILED {name}: {detail}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
