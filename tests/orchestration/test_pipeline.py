"""The whole graph in process on the bundled sample data, into a temporary warehouse."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb

from expectations.suites import SUITES
from orchestration.run import run_once

REPO = Path(__file__).resolve().parents[2]

CONTRACT_COLUMNS = {
    "v_indicator_statements": ["source_file", "part_no", "indicator_name", "subject", "value", "value_max", "unit",
                               "statement_kind", "comparator", "deadline_text", "department", "sentence",
                               "indicator_canonical", "indicator_category", "place", "place_code", "period_from",
                               "period_to"],
    "v_speeches": ["speech_id", "source_file", "part_no", "title", "speech_date", "char_count",
                   "canonical_speech_id", "body_text", "place", "place_code"],
    "v_raw_files": ["source_file", "content_sha256", "status", "detail"],
}


def q(path, sql, params=None):
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_run_succeeds_with_every_check_passing(sample_run):
    ok, summary, *_ = sample_run
    assert ok, summary["failed_checks"]
    assert summary["checks_failed"] == 0 and summary["checks_warned"] == 0
    assert summary["checks_passed"] == len(SUITES) + 1  # every suite and the reconciliation
    assert summary["set_aside"] == 0 and summary["set_aside_by_rule"] == {}


def test_contract_views_have_contract_columns(sample_run):
    wh = sample_run[2]
    for view, cols in CONTRACT_COLUMNS.items():
        got = [r[0] for r in q(wh, f"DESCRIBE {view}")]
        assert got[: len(cols)] == cols, view


def test_every_file_is_accounted_for(sample_run):
    wh = sample_run[2]
    rows = dict(q(wh, "SELECT source_file, status FROM v_raw_files"))
    on_disk = {p.relative_to(sample_run[3].raw_path).as_posix() for p in sample_run[3].raw_path.rglob("*") if p.is_file()}
    assert set(rows) == on_disk
    assert rows["incoming/bad/scan.pdf"] == "quarantined"
    assert rows["incoming/bad/empty.txt"] == "quarantined"
    assert rows["incoming/bad/teaser.txt"] == "quarantined"
    assert rows["city_management_meeting.txt"] == "loaded"
    assert rows["mirror_site/城市管理工作会议讲话.txt"] == "duplicate"
    # The same speech as GB18030 text and as HTML: one copy loaded, the other a duplicate of it.
    assert sorted([rows["html/civilization.html"], rows["civilization_gb18030.txt"]]) == ["duplicate", "loaded"]
    assert rows["incoming/environment_part2_big5.txt"] == "duplicate"
    assert sorted([rows["greening_traditional.txt"], rows["mirror_site/greening_repost.txt"]]) == ["duplicate", "loaded"]
    reasons = dict(q(wh, "SELECT source_file, detail FROM v_raw_files WHERE status <> 'loaded'"))
    assert "unsupported" in reasons["incoming/bad/scan.pdf"]
    assert reasons["incoming/bad/empty.txt"] == "empty file"
    assert "city_management_meeting.txt" in reasons["mirror_site/城市管理工作会议讲话.txt"]
    assert "environment_compilation.txt#2" in reasons["incoming/environment_part2_big5.txt"]
    assert all(rows[f"reports/{n}.txt"] == "loaded" for n in ("report_province_2024", "report_province_2025",
                                                             "report_national_2023", "report_national_2024"))
    assert sum(1 for v in rows.values() if v == "loaded") == 8


def test_compilation_gives_three_speeches_one_off_topic(sample_run):
    wh = sample_run[2]
    rows = q(wh, "SELECT part_no, off_topic FROM v_speeches WHERE source_file = 'environment_compilation.txt' ORDER BY part_no")
    assert [r[0] for r in rows] == [1, 2, 3]
    assert [r[1] for r in rows] == [False, False, True]


def test_statements_only_from_canonical_speeches(sample_run):
    wh = sample_run[2]
    (n,) = q(wh, "SELECT count(*) FROM v_indicator_statements")[0]
    assert n > 30
    (dups,) = q(wh, """SELECT count(*) FROM v_indicator_statements s JOIN v_speeches v USING (speech_id)
                       WHERE v.speech_id <> v.canonical_speech_id""")[0]
    assert dups == 0
    rows = q(wh, "SELECT value, unit, statement_kind, department, deadline_text FROM v_indicator_statements "
                 "WHERE source_file = 'city_management_meeting.txt' AND indicator_name LIKE '%机械化清扫率%'")
    assert (85.0, "%", "target", "市城管局", "3月底前") in rows


def test_text_in_warehouse_is_simplified_and_clean(sample_run):
    wh = sample_run[2]
    bodies = [r[0] for r in q(wh, "SELECT body_text FROM v_speeches")]
    joined = "".join(bodies)
    for bad in ["(lǜ)", "區", "綠", "當前隱藏", "当前隐藏内容", "免责声明", "http", "网站首页", "巨集", "專案"]:
        assert bad not in joined, bad


def test_rerun_on_unchanged_landing_dir_changes_nothing(sample_run):
    ok, summary, wh, settings, instance = sample_run
    before = (os.stat(wh).st_ino, os.stat(wh).st_mtime_ns)
    ok2, summary2 = run_once(settings, instance)
    assert ok2
    assert (os.stat(wh).st_ino, os.stat(wh).st_mtime_ns) == before
    assert summary2["statements"] == summary["statements"]


def test_make_run_with_nothing_new_starts_no_run_and_never_loads_dagster(sample_run, tmp_path):
    """`make run` on an unchanged landing dir: a stat scan and a read-only peek, no Dagster run (issue #20's
    start-up goal), the published warehouse untouched; a new file makes the next one run."""
    import subprocess
    import sys

    ok, summary, wh, settings, instance = sample_run
    before = (os.stat(wh).st_ino, os.stat(wh).st_mtime_ns)
    code = ("import sys; from orchestration.run import main; rc = main([]); "
            "print('dagster loaded' if 'dagster' in sys.modules else 'no dagster'); sys.exit(rc)")
    env = {**os.environ, "SPEECH_RAW_DIR": str(settings.raw_path), "SPEECH_WAREHOUSE": str(wh), "DAGSTER_HOME": ""}
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "nothing new in" in out.stdout and f"statements {summary['statements']}" in out.stdout
    assert out.stdout.strip().endswith("no dagster")
    assert (os.stat(wh).st_ino, os.stat(wh).st_mtime_ns) == before

    from pipeline.session import new_session
    from pipeline.steps import nothing_new

    landing = tmp_path / "landing"
    shutil.copytree(settings.raw_path, landing)  # same relative paths, sizes and mtimes: the same files
    assert nothing_new(new_session(landing, wh)) is True
    (landing / "new_speech.txt").write_text("各区要在6月底前完成12个口袋公园建设。", encoding="utf-8")
    assert nothing_new(new_session(landing, wh)) is False


def test_forked_workers_inside_a_dagster_step_give_the_same_warehouse(sample_run, tmp_path, monkeypatch):
    """Clean and extract fork workers from inside the Dagster step (the sample is too small to do so by
    default): the run succeeds and the warehouse holds exactly what the in-process run produced."""
    import dagster as dg

    from orchestration.defs.resources import PipelineSettings
    from transforms import parallel

    monkeypatch.setattr(parallel, "MIN_PARALLEL_WEIGHT", 0)
    monkeypatch.setenv("SPEECH_WORKERS", "2")
    forked = []
    real = parallel._run_forked
    monkeypatch.setattr(parallel, "_run_forked", lambda *a: forked.append(1) or real(*a))
    wh = tmp_path / "speeches.duckdb"
    ok, summary = run_once(PipelineSettings(raw_dir=sample_run[3].raw_dir, warehouse=str(wh)), dg.DagsterInstance.ephemeral())
    assert ok, summary["failed_checks"]
    assert len(forked) >= 2  # clean and extract both went through the workers
    same = """SELECT source_file, part_no, indicator_name, subject, value, unit, statement_kind, comparator, deadline_text,
                     department, sentence FROM v_indicator_statements ORDER BY ALL"""
    assert q(wh, same) == q(sample_run[2], same)
    speeches = "SELECT speech_id, canonical_speech_id, body_text FROM v_speeches ORDER BY speech_id"
    assert q(wh, speeches) == q(sample_run[2], speeches)


def test_original_text_is_stored_once_and_resolved_by_the_view(sample_run):
    wh = sample_run[2]
    parts = dict(q(wh, "SELECT source_file, count(*) FROM dim_speech GROUP BY ALL"))
    rows = q(wh, "SELECT source_file, original_text IS NULL FROM dim_speech")
    # a speech that is its whole file keeps no second copy; the parts of a compilation keep theirs
    assert {null for f, null in rows if parts[f] == 1} == {True}
    assert {null for f, null in rows if parts[f] > 1} == {False}
    assert any(n > 1 for n in parts.values())
    (missing,) = q(wh, "SELECT count(*) FROM v_speech_texts WHERE original_text IS NULL OR original_text = ''")[0]
    assert missing == 0
    (differs,) = q(wh, """SELECT count(*) FROM v_speech_texts t JOIN raw_file r USING (source_file)
                          JOIN (SELECT source_file FROM dim_speech GROUP BY ALL HAVING count(*) = 1) one USING (source_file)
                          WHERE t.original_text <> r.original_text""")[0]
    assert differs == 0
