"""Faults: disk full while writing the working database, a locked warehouse, a Great Expectations
failure, OpenCC or jieba failing to load. Each: a clear error, the published warehouse byte-identical,
and the next healthy run completes the work.
"""

from __future__ import annotations

import errno
import shutil
import subprocess
import sys
import tempfile
import time

import duckdb
import pytest

from conftest import CITY, GREEN, digest, fates, synthetic_speech
from expectations import runner as gx_runner
from orchestration import run as run_mod
from orchestration.run import run_once
from warehouse import workspace


@pytest.fixture(scope="module")
def baseline_warehouse(tmp_path_factory):
    """A published warehouse holding a.txt (CITY), built once; each test starts from a copy."""
    import dagster as dg

    from orchestration.defs.resources import PipelineSettings

    root = tmp_path_factory.mktemp("baseline")
    (root / "landing").mkdir()
    (root / "landing" / "a.txt").write_text(CITY, encoding="utf-8")
    settings = PipelineSettings(raw_dir=str(root / "landing"), warehouse=str(root / "wh" / "speeches.duckdb"))
    ok, summary = run_once(settings, dg.DagsterInstance.ephemeral())
    assert ok, summary.get("errors")
    return settings.warehouse_path


@pytest.fixture
def _base(env, baseline_warehouse):
    raw, settings, _ = env
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    settings.warehouse_path.parent.mkdir(parents=True)
    shutil.copyfile(baseline_warehouse, settings.warehouse_path)
    return digest(settings.warehouse_path)


def _resumes(env, new_file: str) -> None:
    raw, settings, instance = env
    ok, summary = run_once(settings, instance)
    assert ok, summary.get("errors")
    got = fates(settings.warehouse_path)
    assert got[new_file] == ("loaded", None), got
    assert got["a.txt"] == ("loaded", None)
    assert summary["files_seen"] == len(got) == summary["loaded"] + summary["duplicate"] + summary["quarantined"]


@pytest.mark.robustness_slow
def test_disk_full_while_writing_the_working_database(env, _base, monkeypatch):
    raw, settings, instance = env
    before = _base
    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    real = workspace.shutil.copyfile
    calls = []

    def copy_until_full(src, dst, *args, **kwargs):
        calls.append(dst)
        with open(src, "rb") as fin, open(dst, "wb") as fout:
            fout.write(fin.read(1 << 20))  # the first MB fits, then the disk is full
        raise OSError(errno.ENOSPC, "No space left on device", str(dst))

    monkeypatch.setattr(workspace.shutil, "copyfile", copy_until_full)
    ok, summary = run_once(settings, instance)
    assert not ok
    assert any("No space left on device" in e for e in summary["errors"]), summary["errors"]
    assert calls, "the fault was never hit"
    assert digest(settings.warehouse_path) == before
    leftovers = list(workspace.work_dir(settings.warehouse_path).glob("*.copying*"))
    assert leftovers == [], f"a partial copy is left holding the space that ran out: {leftovers}"

    monkeypatch.setattr(workspace.shutil, "copyfile", real)
    _resumes(env, "b.txt")


@pytest.mark.robustness_slow
def test_locked_warehouse_neither_blocks_the_run_nor_leaks_temp_copies(env, _base, tmp_path, monkeypatch):
    raw, settings, instance = env
    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    # An analyst holds a read-write connection (DuckDB's exclusive file lock) in another process.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "c.execute('SELECT count(*) FROM raw_file').fetchone(); print('locked', flush=True); time.sleep(120)",
         str(settings.warehouse_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(settings.warehouse_path), read_only=True)  # the lock is real
        tmp = tmp_path / "tmpdir"
        tmp.mkdir()
        monkeypatch.setattr(tempfile, "tempdir", str(tmp))
        ok, summary = run_once(settings, instance)
        assert ok, summary.get("errors")
        assert summary["files_seen"] == 2 and summary["loaded"] == 2  # the summary read a copy of the locked file
        assert list(tmp.iterdir()) == [], "temporary copies left outside the warehouse folder"
        assert not list(workspace.work_dir(settings.warehouse_path).glob("*summary*"))
    finally:
        holder.kill()
        holder.wait()
    assert fates(settings.warehouse_path)["b.txt"] == ("loaded", None)  # published despite the lock


@pytest.mark.robustness_slow
def test_great_expectations_crash_blocks_publish_and_the_next_run_loads(env, _base, monkeypatch):
    raw, settings, instance = env
    before = _base
    (raw / "b.txt").write_text(GREEN, encoding="utf-8")

    def gx_crash(*args, **kwargs):
        raise RuntimeError("great_expectations exploded: DataContext could not be created")

    monkeypatch.setattr(gx_runner, "run_suites", gx_crash)
    ok, summary = run_once(settings, instance)
    assert not ok
    assert any("great_expectations exploded" in e for e in summary["errors"]), summary["errors"]
    assert digest(settings.warehouse_path) == before  # an unvalidated batch is never published
    monkeypatch.undo()
    _resumes(env, "b.txt")


def _traditional() -> str:
    import opencc

    return opencc.OpenCC("s2t").convert(synthetic_speech("环卫", 3))


def _break_opencc(monkeypatch):
    from transforms import script

    def cannot_load(config):
        raise RuntimeError(f"OpenCC: {config}.json: dictionary file not found")

    monkeypatch.setattr(script, "_converter", cannot_load)


def _break_jieba(monkeypatch):
    import jieba.posseg

    def cannot_load(*args, **kwargs):
        raise OSError(errno.ENOENT, "jieba: dict.txt not found")

    monkeypatch.setattr(jieba.posseg, "lcut", cannot_load)


def test_opencc_and_jieba_failing_to_load_is_a_clear_error_and_resumable(env, _base, monkeypatch):
    raw, settings, instance = env
    before = _base
    (raw / "b.txt").write_text(_traditional(), encoding="utf-8")
    for breaker, name in ((_break_opencc, "OpenCC"), (_break_jieba, "jieba")):
        breaker(monkeypatch)
        t0 = time.perf_counter()
        ok, summary = run_once(settings, instance)
        assert not ok
        assert any(e.startswith(f"preflight: {name} cannot load") for e in summary["errors"]), summary["errors"]
        assert time.perf_counter() - t0 < 5  # refused up front, before any work
        assert digest(settings.warehouse_path) == before
        monkeypatch.undo()
    _resumes(env, "b.txt")


@pytest.mark.robustness_slow
# Runs launched by the daemon or sensor skip run_once's preflight: the speeches asset checks again.
def test_opencc_failing_inside_a_run_is_not_a_permanent_quarantine(env, _base, monkeypatch):
    raw, settings, instance = env
    (raw / "b.txt").write_text(_traditional(), encoding="utf-8")
    monkeypatch.setattr(run_mod, "preflight", lambda *a, **k: [])  # as a daemon-launched run: no preflight
    _break_opencc(monkeypatch)
    run_once(settings, instance)
    monkeypatch.undo()
    _resumes(env, "b.txt")
