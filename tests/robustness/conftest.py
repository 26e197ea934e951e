"""Shared helpers of the robustness suite: a landing dir + warehouse per test, warehouse snapshots."""

from __future__ import annotations

import hashlib
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs.resources import PipelineSettings

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "data" / "sample_src"
CITY = (SRC / "speech_city_management.txt").read_text(encoding="utf-8")
GREEN = (SRC / "speech_greening.txt").read_text(encoding="utf-8")
CIV = (SRC / "speech_civilization.txt").read_text(encoding="utf-8")
COMPILATION = (SRC / "compilation_environment.txt").read_text(encoding="utf-8")
WATER = (REPO / "tests" / "data" / "water_supply_speech.txt").read_text(encoding="utf-8")


def synthetic_speech(topic: str, seed: int) -> str:
    """A speech of our own making on `topic` (e.g. 供热), with numbers that differ by seed.

    Different topics share few shingles, so two of them are never near-duplicates.
    """
    a, b, c, d = 100 + seed * 7, 20 + seed, 80 + seed % 15, 3 + seed % 9
    return (
        f"在全市{topic}工作会议上的讲话\n同志们：\n"
        f"今天召开全市{topic}工作会议，主要任务是总结去年{topic}工作，分析当前形势，部署今年{topic}重点任务。\n"
        f"一、去年{topic}工作取得明显成效\n"
        f"去年以来，全市上下围绕{topic}目标，真抓实干。全市{topic}设施总数达到{a}个，{topic}服务覆盖率为{c}.5%，"
        f"新建{topic}站点{b}处，群众对{topic}工作的满意度由{c - 10}%提高到{c}%。\n"
        f"二、今年{topic}工作的主要任务\n"
        f"市{topic}管理局负责，6月底前完成{topic}设施改造{d}0处，{topic}服务覆盖率要达到{min(c + 8, 99)}%以上。"
        f"各区负责，年底前新增{topic}站点{b + 5}处，{topic}投诉办结率不低于95%。\n"
        f"三、切实加强{topic}工作的组织领导\n"
        f"各级各部门要把{topic}工作摆上重要议事日程，主要领导亲自抓，分管领导具体抓，确保各项{topic}任务按期完成。\n"
    )


def pytest_configure(config):
    config.addinivalue_line("markers", "robustness_slow: a robustness test that runs the pipeline several times (> 10 s)")


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
