"""Configuration (issue #19): one module reads the environment; every bad setting is one clear line and a
run that touches nothing; the code has no import cycles."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import config

REPO = Path(__file__).resolve().parents[2]
CODE_DIRS = ("config", "transforms", "warehouse", "orchestration", "expectations")


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


def _sources():
    return sorted(p for d in CODE_DIRS for p in (REPO / d).rglob("*.py"))


def test_only_the_config_module_reads_the_environment():
    readers = []
    for path in _sources():
        if path.parts[-2] == "config":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "os" \
                    and node.attr in ("environ", "getenv", "putenv"):
                readers.append(f"{path.relative_to(REPO)}:{node.lineno}")
    assert readers == []


def _module_imports() -> dict[str, set[str]]:
    """Module → the project modules it imports (at any depth of the file: lazy imports count too)."""
    names = {".".join(p.relative_to(REPO).with_suffix("").parts).removesuffix(".__init__"): p for p in _sources()}
    graph: dict[str, set[str]] = {}
    for mod, path in names.items():
        deps = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                # `from pkg import sub` depends on the submodule; on the package only for its own names
                subs = [f"{node.module}.{a.name}" for a in node.names]
                targets = [t for t in subs if t in names] or [node.module or ""]
            else:
                continue
            deps |= {t for t in targets if t in names and t != mod}
        graph[mod] = deps
    return graph


def test_no_import_cycles():
    graph = _module_imports()
    state: dict[str, int] = {}
    cycles = []

    def visit(m, stack):
        state[m] = 1
        for d in sorted(graph[m]):
            if state.get(d) == 1:
                cycles.append(stack[stack.index(d):] + [d])
            elif d not in state:
                visit(d, stack + [d])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    assert cycles == []
