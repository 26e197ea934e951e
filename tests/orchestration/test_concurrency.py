"""Two pipeline processes on the same warehouse at once: neither corrupts nor double-loads."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "data" / "sample_src"


def test_two_concurrent_runs(tmp_path):
    raw = tmp_path / "landing"
    raw.mkdir()
    for name in ("speech_city_management.txt", "speech_greening.txt", "speech_civilization.txt"):
        shutil.copyfile(SRC / name, raw / name)
    wh = tmp_path / "wh" / "speeches.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"}  # ephemeral Dagster instances
    env.update(SPEECH_RAW_DIR=str(raw), SPEECH_WAREHOUSE=str(wh), PYTHONPATH=str(REPO))
    procs = [subprocess.Popen([sys.executable, "-m", "orchestration.run"], cwd=REPO, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=300)[0] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    con = duckdb.connect(str(wh), read_only=True)
    try:
        files, speeches, statements, runs = con.execute(
            """SELECT (SELECT count(*) FROM v_raw_files), (SELECT count(*) FROM v_speeches),
                      (SELECT count(*) FROM v_indicator_statements),
                      (SELECT count(*) FROM load_run WHERE published_at IS NOT NULL)"""
        ).fetchone()
        dup_ids = con.execute("SELECT count(*) - count(DISTINCT statement_id) FROM v_indicator_statements").fetchone()[0]
    finally:
        con.close()
    assert (files, speeches, runs, dup_ids) == (3, 3, 1, 0)
    assert statements > 30
