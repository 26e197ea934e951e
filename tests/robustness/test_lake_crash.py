"""kill -9 of a run on the DuckLake backend: analysts keep the last published snapshot, and the
next run reverts what the dead run committed and loads the same files to the same result."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import dagster as dg
import pytest

from conftest import CITY, GREEN
from orchestration.defs.resources import PipelineSettings
from orchestration.run import run_once
from warehouse import lake as lakes
from warehouse import workspace

REPO = Path(__file__).resolve().parents[2]

# The child runs the pipeline and kills itself (SIGKILL: no cleanup, no finally) at one point.
CHILD = textwrap.dedent("""
    import os, signal, sys
    import dagster as dg
    from orchestration.defs.resources import PipelineSettings
    from orchestration.run import run_once
    from warehouse import lake, load

    # The function after which to die: the staged load (nothing published yet), or the publish commit.
    module, name = {"after_stage": (load, "load_increment"), "after_publish_commit": (lake, "commit_publish")}[sys.argv[3]]
    real = getattr(module, name)
    def then_die(*args):
        real(*args)
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(module, name, then_die)
    settings = PipelineSettings(raw_dir=sys.argv[1], warehouse=sys.argv[2], backend="ducklake")
    run_once(settings, dg.DagsterInstance.ephemeral())
    sys.exit(3)  # not reached: the kill point was
""")


def statements(settings: PipelineSettings) -> list[tuple]:
    con = workspace.open_published(settings.store.lake)
    try:
        return sorted(con.execute("SELECT source_file, indicator_name, value, statement_kind FROM v_indicator_statements").fetchall(),
                      key=repr)
    finally:
        con.close()


@pytest.mark.parametrize("point", ["after_stage", "after_publish_commit"])
def test_kill_9_on_a_lake(tmp_path, point):
    raw = tmp_path / "landing"
    raw.mkdir()
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    settings = PipelineSettings(raw_dir=str(raw), warehouse=str(tmp_path / "wh" / "speeches.duckdb"), backend="ducklake")
    instance = dg.DagsterInstance.ephemeral()
    ok, summary = run_once(settings, instance)
    assert ok
    first, first_run = statements(settings), summary["run_id"]

    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    child = subprocess.run([sys.executable, "-c", CHILD, str(raw), settings.warehouse, point], cwd=REPO,
                           capture_output=True, text=True, timeout=300)
    assert child.returncode == -9, child.stderr[-2000:]

    after_kill = statements(settings)
    if point == "after_stage":
        assert after_kill == first  # the dead run's commits are not what analysts read
    else:
        assert len(after_kill) > len(first)  # it died after its publish commit: that publish stands

    ok, summary = run_once(settings, instance)
    assert ok, summary["errors"]
    assert summary["files_seen"] == 2 and summary["loaded"] == 2

    reference = PipelineSettings(raw_dir=str(raw), warehouse=str(tmp_path / "ref" / "speeches.duckdb"), backend="ducklake")
    assert run_once(reference, dg.DagsterInstance.ephemeral())[0]
    assert statements(settings) == statements(reference)
    con = lakes.connect(settings.store.lake)
    try:
        assert lakes.latest_snapshot(con) == lakes.published_snapshot(con)
        (dupes,) = con.execute("SELECT count(*) - count(DISTINCT source_file) FROM raw_file").fetchone()
        assert dupes == 0
        # The first run's rows were restored, not reloaded: its history and a.txt's provenance stand.
        assert con.execute("SELECT run_id FROM raw_file WHERE source_file = 'a.txt'").fetchone() == (first_run,)
        (published_runs,) = con.execute("SELECT count(*) FROM load_run WHERE published_at IS NOT NULL").fetchone()
        assert published_runs == 2  # the first, and the dead run's own or its re-run
    finally:
        con.close()
