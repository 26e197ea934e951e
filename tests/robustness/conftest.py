"""Shared helpers of the robustness suite: a landing dir + warehouse per test, warehouse snapshots."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.resources import PipelineSettings

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "data" / "sample_src"
CITY = (SRC / "speech_city_management.txt").read_text(encoding="utf-8")
GREEN = (SRC / "speech_greening.txt").read_text(encoding="utf-8")
CIV = (SRC / "speech_civilization.txt").read_text(encoding="utf-8")
COMPILATION = (SRC / "compilation_environment.txt").read_text(encoding="utf-8")
WATER = (REPO / "tests" / "data" / "water_supply_speech.txt").read_text(encoding="utf-8")


def pytest_configure(config):
    config.addinivalue_line("markers", "robustness_slow: a robustness test that runs the pipeline several times (> 10 s)")


@pytest.fixture
def env(tmp_path):
    """(landing dir, settings, ephemeral Dagster instance) in a fresh temp dir; warehouse in tmp/wh/."""
    raw = tmp_path / "landing"
    raw.mkdir()
    settings = PipelineSettings(raw_dir=str(raw), warehouse=str(tmp_path / "wh" / "speeches.duckdb"))
    return raw, settings, dg.DagsterInstance.ephemeral()


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def snapshot(path: Path) -> dict:
    """Everything analysts can see, without timestamps and run ids: equal snapshots = same warehouse content."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        q = lambda sql: sorted(tuple(map(repr, r)) for r in con.execute(sql).fetchall())  # noqa: E731
        return {
            "raw_files": q("SELECT source_file, content_sha256, status, detail FROM v_raw_files"),
            "speeches": q("SELECT * FROM v_speeches"),
            "statements": q("SELECT * FROM v_indicator_statements"),
            "counts": {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("raw_file", "dim_speech", "speech_band", "fact_indicator_value", "fact_target",
                                 "dim_indicator", "dim_department")},
        }
    finally:
        con.close()


def fates(path: Path) -> dict[str, tuple[str, str | None]]:
    """source_file → (status, detail) of every raw file the warehouse has seen."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {f: (s, d) for f, s, d in con.execute("SELECT source_file, status, detail FROM v_raw_files").fetchall()}
    finally:
        con.close()
