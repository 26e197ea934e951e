"""Configuration (issue #19): every bad setting is one clear line and a run that touches nothing.

That config/ is the only module reading the environment is proved in tests/architecture/test_layout.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import config

REPO = Path(__file__).resolve().parents[2]


def env(tmp_path: Path, **extra: str) -> dict[str, str]:
    raw = tmp_path / "landing"
    raw.mkdir(exist_ok=True)
    return {"SPEECH_RAW_DIR": str(raw), "SPEECH_WAREHOUSE": str(tmp_path / "wh" / "speeches.duckdb"), **extra}


def test_good_settings_have_no_problem(tmp_path):
    assert config.check(env(tmp_path)) == []
    assert config.check(env(tmp_path, SPEECH_WORKERS="2", SPEECH_BATCH_MB="0.5", SPEECH_EXECUTOR="In-Process",
                            SPEECH_DUCKDB_MEMORY="512MB", SPEECH_LOG_LEVEL="info")) == []


@pytest.mark.parametrize(("name", "value", "says"), [
    ("SPEECH_WORKERS", "abc", "not an integer"),
    ("SPEECH_BATCH_FILES", "0", "must lie in"),
    ("SPEECH_BATCH_MB", "lots", "not a number"),
    ("SPEECH_MAX_SET_ASIDE_SHARE", "5", "must lie in [0, 1]"),
    ("SPEECH_DENSITY_BAND", "0.5", "must lie in"),
    ("SPEECH_VERIFY_HASHES", "yes", "use 1"),
    ("SPEECH_KEEP_WORK_DAYS", "-1", "must lie in"),
    ("SPEECH_DUCKLAKE_KEEP_DAYS", "x", "not a number"),
    ("SPEECH_DUCKLAKE_LOCK_WAIT", "x", "not a number"),
    ("SPEECH_RUN_LOCK_TIMEOUT", "soon", "not a number"),
    ("SPEECH_LOG_LEVEL", "LOUD", "use one of"),
    ("SPEECH_DUCKDB_MEMORY", "lots", "a size"),
    ("SPEECH_WAREHOUSE_BACKEND", "sqlite", "use one of"),
    ("SPEECH_EXECUTOR", "spark", "expected one of"),
    ("SPEECH_MAX_CONCURRENT", "0", "at least 1"),
    ("SPEECH_CELERY_VISIBILITY_TIMEOUT", "an hour", "not an integer"),
])
def test_each_bad_setting_is_one_line_naming_its_variable(tmp_path, name, value, says):
    (line,) = config.check(env(tmp_path, **{name: value}))
    assert line.startswith(f"{name}=") and says in line and "\n" not in line


def test_paths_are_checked_and_nothing_is_created_or_changed(tmp_path):
    e = env(tmp_path, SPEECH_RAW_DIR=str(tmp_path / "missing"))
    assert config.check(e) == [f"SPEECH_RAW_DIR={str(tmp_path / 'missing')!r}: does not exist"]
    assert not (tmp_path / "wh").exists()
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    (line,) = config.check(env(tmp_path, SPEECH_WAREHOUSE=str(blocker / "w.duckdb")))
    assert line.startswith("SPEECH_WAREHOUSE=") and "folder" in line
    not_db = tmp_path / "notes.duckdb"
    not_db.write_text("not a database")
    (line,) = config.check(env(tmp_path, SPEECH_WAREHOUSE=str(not_db)))
    assert "is not a DuckDB database" in line
    assert not_db.read_text() == "not a database"


@pytest.mark.e2e  # starts `python -m orchestration.run` (imports Dagster: seconds)
def test_a_run_with_a_bad_setting_exits_2_with_one_line_and_touches_nothing(tmp_path):
    not_db = tmp_path / "speeches.duckdb"
    not_db.write_bytes(b"plain text, not DuckDB")
    run_env = {**os.environ, **env(tmp_path, SPEECH_WAREHOUSE=str(not_db)), "DAGSTER_HOME": ""}
    out = subprocess.run([sys.executable, "-m", "orchestration.run"], cwd=REPO, env=run_env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        f"configuration error: SPEECH_WAREHOUSE={str(not_db)!r}: exists but is not a DuckDB database "
        "(left untouched; point SPEECH_WAREHOUSE elsewhere or move the file)"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["landing", "speeches.duckdb"]
    assert not_db.read_bytes() == b"plain text, not DuckDB"
