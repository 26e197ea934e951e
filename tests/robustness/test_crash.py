"""kill -9 during staging, validation and publish: the published warehouse is always the last
validated one, and the next run completes the interrupted work without duplicates.

Each kill happens in a child process (tests/robustness/crash_driver.py, forked from a
multiprocessing forkserver that preloaded the pipeline) that stops dead at the chosen point
and writes a marker; the test then sends SIGKILL. The expected end state is a
reference warehouse built without any crash from the same files in the same order.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.forkserver
import os
import signal
import time
from pathlib import Path

import dagster as dg
import duckdb
import pytest

import crash_driver
from conftest import CITY, GREEN, digest, snapshot
from orchestration.defs.resources import PipelineSettings
from orchestration.run import run_once



_CTX = multiprocessing.get_context("forkserver")
_CTX.set_forkserver_preload(["crash_driver"])


def _ensure_forkserver() -> None:
    """Start the forkserver with crash_driver importable (Python 3.11 ignores the sys.path it is given)."""
    old = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = os.pathsep.join([str(Path(crash_driver.__file__).parent), *([old] if old else [])])
    try:
        multiprocessing.forkserver.ensure_running()
    finally:
        if old is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = old


def start(phase: str, raw: Path, wh: Path, marker: Path):
    _ensure_forkserver()
    proc = _CTX.Process(target=crash_driver.child, args=(phase, str(raw), str(wh), str(marker)), daemon=True)
    proc.start()
    return proc


def kill_at_marker(proc, marker: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if not proc.is_alive():
            pytest.fail(f"child exited ({proc.exitcode}) before reaching its kill point")
        if time.monotonic() > deadline:
            proc.kill()
            pytest.fail("child never reached its kill point")
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(timeout=30)
    assert proc.exitcode == -signal.SIGKILL


def no_duplicates(wh: Path) -> None:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        for table, key in (("raw_file", "source_file"), ("dim_speech", "speech_id"), ("fact_indicator_value", "statement_id"),
                           ("fact_target", "statement_id"), ("speech_band", "speech_id, band_no"), ("load_run", "run_id")):
            n, d = con.execute(f"SELECT count(*), count(DISTINCT ({key})) FROM {table}").fetchone()
            assert n == d, f"{table}: {n - d} duplicate rows"
    finally:
        con.close()


@pytest.mark.robustness_slow
def test_kill_minus_9_anywhere_leaves_the_last_validated_warehouse_and_resumes(tmp_path):
    _ensure_forkserver()  # its imports overlap with the reference runs below
    raw = tmp_path / "landing"
    raw.mkdir()
    wh = tmp_path / "wh" / "speeches.duckdb"
    settings = PipelineSettings(raw_dir=str(raw), warehouse=str(wh))
    instance = dg.DagsterInstance.ephemeral()

    # The reference: the same two arrivals, no crash.
    ref_raw, ref_wh = tmp_path / "ref_landing", tmp_path / "ref" / "speeches.duckdb"
    ref_raw.mkdir()
    ref = PipelineSettings(raw_dir=str(ref_raw), warehouse=str(ref_wh))
    arrivals = [{"a.txt": CITY.encode()}, {"b.txt": GREEN.encode("gb18030"), "c.txt": CITY.encode(), "d.txt": b""}]
    for landing, s in ((ref_raw, ref), (raw, settings)):
        for name, data in arrivals[0].items():
            (landing / name).write_bytes(data)
        ok, summary = run_once(s, instance)
        assert ok, summary.get("errors")
    for name, data in arrivals[1].items():
        (ref_raw / name).write_bytes(data)
    ok, _ = run_once(ref, instance)
    assert ok
    expected = snapshot(ref_wh)
    assert expected["counts"]["raw_file"] == 4 and expected["counts"]["dim_speech"] == 3

    validated = digest(wh)  # the last validated (published) warehouse
    for name, data in arrivals[1].items():
        (raw / name).write_bytes(data)

    # Killed while staging, while validating, and inside publish before the atomic replace: all three
    # start together (they queue on the run lock), each is killed when it reaches its point.
    phases = ["staging", "validation", "publish_before_replace"]
    procs = {p: (start(p, raw, wh, tmp_path / f"{p}.marker"), tmp_path / f"{p}.marker") for p in phases}
    pending = dict(procs)
    deadline = time.monotonic() + 150
    while pending:
        for phase, (proc, marker) in list(pending.items()):
            if marker.exists() or not proc.is_alive():
                kill_at_marker(proc, marker)
                assert digest(wh) == validated, f"published warehouse changed by a run killed during {phase}"
                del pending[phase]
        assert time.monotonic() < deadline, f"stuck: {list(pending)}"
        time.sleep(0.05)
    # Debris of the killed runs stays in the warehouse's private folders only.
    assert {p.name for p in wh.parent.iterdir()} <= {wh.name, wh.name + ".lock", wh.name + ".run.lock", ".work", ".runs", "gx_docs"}

    # Killed right after the atomic replace, before its bookkeeping: the new file is complete and validated.
    proc = start("publish_after_replace", raw, wh, tmp_path / "after.marker")
    kill_at_marker(proc, tmp_path / "after.marker")
    assert snapshot(wh) == expected
    no_duplicates(wh)

    # The next run finds nothing left to do, and changes nothing.
    before = os.stat(wh)
    ok, summary = run_once(settings, instance)
    assert ok, summary.get("errors")
    assert snapshot(wh) == expected
    assert (os.stat(wh).st_ino, os.stat(wh).st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    no_duplicates(wh)
