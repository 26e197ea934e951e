"""Incremental runs: run, add, change, rerun, duplicate arriving later, better copy arriving later."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from orchestration.defs.resources import PipelineSettings
from orchestration.run import run_once

SRC = Path(__file__).resolve().parents[2] / "data" / "sample_src"
CITY = (SRC / "speech_city_management.txt").read_text(encoding="utf-8")
GREEN = (SRC / "speech_greening.txt").read_text(encoding="utf-8")
CIV = (SRC / "speech_civilization.txt").read_text(encoding="utf-8")


def counts(wh: Path) -> dict:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        row = con.execute(
            """SELECT (SELECT count(*) FROM v_raw_files),
                      (SELECT count(*) FROM v_raw_files WHERE status = 'loaded'),
                      (SELECT count(*) FROM v_raw_files WHERE status = 'duplicate'),
                      (SELECT count(*) FROM v_speeches),
                      (SELECT count(*) FROM v_speeches WHERE speech_id = canonical_speech_id),
                      (SELECT count(DISTINCT speech_id) FROM v_indicator_statements),
                      (SELECT count(*) FROM v_indicator_statements)"""
        ).fetchone()
        status = dict(con.execute("SELECT source_file, status FROM v_raw_files").fetchall())
    finally:
        con.close()
    keys = ["files", "loaded", "duplicate", "speeches", "canonical", "speeches_with_statements", "statements"]
    return {**dict(zip(keys, row)), "status": status}


def run(settings, instance):
    ok, summary = run_once(settings, instance)
    assert ok, summary["failed_checks"]
    return counts(settings.warehouse_path)


def test_incremental_sequence(env):
    raw, settings, instance = env
    wh = settings.warehouse_path
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    c1 = run(settings, instance)
    assert (c1["files"], c1["loaded"], c1["speeches"], c1["canonical"]) == (1, 1, 1, 1)
    assert c1["statements"] > 10

    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    c2 = run(settings, instance)
    assert (c2["files"], c2["loaded"], c2["speeches"], c2["canonical"]) == (2, 2, 2, 2)
    assert c2["statements"] > c1["statements"]

    # A changed file is reprocessed and its old rows replaced (not added to).
    (raw / "a.txt").write_text(CIV, encoding="utf-8")
    c3 = run(settings, instance)
    assert (c3["files"], c3["loaded"], c3["speeches"], c3["canonical"]) == (2, 2, 2, 2)
    con = duckdb.connect(str(wh), read_only=True)
    titles = [r[0] for r in con.execute("SELECT title FROM v_speeches WHERE source_file = 'a.txt'").fetchall()]
    con.close()
    assert titles == [CIV.splitlines()[0]]

    # Unchanged landing dir: nothing changes, not even the file.
    before = os.stat(wh)
    c4 = run(settings, instance)
    after = os.stat(wh)
    assert c4 == c3
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)

    # A byte-identical copy arriving later is a duplicate of the loaded speech.
    shutil.copyfile(raw / "b.txt", raw / "c.txt")
    c5 = run(settings, instance)
    assert (c5["files"], c5["loaded"], c5["duplicate"], c5["speeches"], c5["canonical"]) == (3, 2, 1, 3, 2)
    assert c5["statements"] == c4["statements"]


def test_better_copy_arriving_later_takes_over(env):
    raw, settings, instance = env
    lines = GREEN.splitlines()
    truncated = "\n".join(lines[: int(len(lines) * 0.6)])
    (raw / "truncated.txt").write_text(truncated, encoding="utf-8")
    c1 = run(settings, instance)
    assert c1["status"] == {"truncated.txt": "loaded"}

    (raw / "full.txt").write_text(GREEN, encoding="utf-8")
    c2 = run(settings, instance)
    assert c2["status"] == {"truncated.txt": "duplicate", "full.txt": "loaded"}
    assert (c2["speeches"], c2["canonical"], c2["speeches_with_statements"]) == (2, 1, 1)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    detail = con.execute("SELECT detail FROM v_raw_files WHERE source_file = 'truncated.txt'").fetchone()[0]
    files = {r[0] for r in con.execute("SELECT DISTINCT source_file FROM v_indicator_statements").fetchall()}
    con.close()
    assert "full.txt" in detail
    assert files == {"full.txt"}
    # The demoted speech lost its facts and, with them, its statement count (a duplicate carries none).
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    per_file = dict(con.execute("SELECT source_file, statement_count FROM v_speeches").fetchall())
    con.close()
    assert per_file["truncated.txt"] is None and per_file["full.txt"] > 0


def test_a_duplicate_whose_canonical_file_changes_takes_over_with_its_statements(env):
    """The canonical's file is replaced: its duplicate in another file (loaded by an earlier run) is
    promoted, extracted, counted, and its file's fate turns from duplicate to loaded."""
    raw, settings, instance = env
    (raw / "a.txt").write_text(GREEN, encoding="utf-8")
    run(settings, instance)
    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    c2 = run(settings, instance)
    assert c2["status"] == {"a.txt": "loaded", "b.txt": "duplicate"}
    (raw / "a.txt").write_text(CIV, encoding="utf-8")
    c3 = run(settings, instance)
    assert c3["status"] == {"a.txt": "loaded", "b.txt": "loaded"}
    assert (c3["speeches"], c3["canonical"], c3["speeches_with_statements"]) == (2, 2, 2)
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    per_file = dict(con.execute("SELECT source_file, statement_count FROM v_speeches").fetchall())
    facts = dict(con.execute("SELECT source_file, count(*) FROM v_indicator_statements GROUP BY 1").fetchall())
    con.close()
    assert per_file["b.txt"] == facts["b.txt"] > 0


def test_a_stored_duplicate_promoted_by_a_new_copy_gets_its_statements(env):
    """A longer copy arrives: the stored canonical becomes 'truncated' next to it, and a stored duplicate,
    not in the batch, is now the first complete copy. It is promoted, and must be extracted and counted
    (found on real reports: the reconciliation check refused the batch, canonical without statements)."""
    raw, settings, instance = env
    body = GREEN.rstrip("\n") + "\n" + "\n".join(CITY.splitlines()[1:])
    extra = "\n".join(CIV.splitlines()[1:])[: int(len(body) * 0.05)]
    (raw / "a.txt").write_text(body[: int(len(body) * 0.92)], encoding="utf-8")  # complete next to b (≥ 90%)
    (raw / "b.txt").write_text(body, encoding="utf-8")
    c1 = run(settings, instance)
    assert c1["status"] == {"a.txt": "loaded", "b.txt": "duplicate"}
    (raw / "c.txt").write_text(body + "\n" + extra, encoding="utf-8")  # a is under 90% of c; b is not
    c2 = run(settings, instance)
    assert c2["status"] == {"a.txt": "duplicate", "b.txt": "loaded", "c.txt": "duplicate"}
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    per_file = dict(con.execute("SELECT source_file, statement_count FROM v_speeches").fetchall())
    facts = dict(con.execute("SELECT source_file, count(*) FROM v_indicator_statements GROUP BY 1").fetchall())
    con.close()
    assert per_file["b.txt"] == facts["b.txt"] > 0 and set(facts) == {"b.txt"}
    assert per_file["a.txt"] is None and per_file["c.txt"] is None


def test_rerunning_one_arrival_batch_reprocesses_exactly_its_files(env):
    raw, settings, instance = env
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    ok, first = run_once(settings, instance, batch="manual-batch-1")
    assert ok
    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    ok, second = run_once(settings, instance, batch="manual-batch-2")
    assert ok
    before = counts(settings.warehouse_path)

    ok, again = run_once(settings, instance, batch="manual-batch-1")  # re-run the first batch only
    assert ok
    assert counts(settings.warehouse_path) == before
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    rows = dict(con.execute("SELECT source_file, arrival_batch FROM raw_file").fetchall())
    reprocessed = con.execute(
        "SELECT files_changed, files_new FROM load_run WHERE run_id = ?", [again["run_id"]]
    ).fetchone()
    con.close()
    assert rows == {"a.txt": "manual-batch-1", "b.txt": "manual-batch-2"}
    assert reprocessed == (1, 0)


def test_unchanged_files_are_not_reread(env, monkeypatch):
    raw, settings, instance = env
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    run(settings, instance)
    from transforms import ingest

    opened = []
    real_open = ingest._open_inside

    def spy(root, rel):
        opened.append(rel)
        return real_open(root, rel)

    monkeypatch.setattr(ingest, "_open_inside", spy)
    (raw / "c.txt").write_text(CIV, encoding="utf-8")
    run(settings, instance)
    assert opened == ["c.txt"]  # a.txt and b.txt: same size and mtime, skipped without reading

    opened.clear()
    os.utime(raw / "a.txt", ns=(1, 1))  # touched (content identical): re-hashed, found unchanged
    c = run(settings, instance)
    assert opened == ["a.txt"] and c["files"] == 3

    opened.clear()
    run(settings, instance)  # its new mtime was stored (published): not hashed again
    assert opened == []
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    assert con.execute("SELECT mtime_ns FROM raw_file WHERE source_file = 'a.txt'").fetchone() == (1,)
    con.close()

    opened.clear()
    monkeypatch.setenv("SPEECH_VERIFY_HASHES", "1")
    run(settings, instance)
    assert sorted(opened) == ["a.txt", "b.txt", "c.txt"]


def test_a_large_arrival_is_loaded_in_bounded_batches(env, monkeypatch):
    from orchestration.run import run_until_done

    raw, settings, instance = env
    for i, text in enumerate([CITY, GREEN, CIV]):
        (raw / f"{i}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setenv("SPEECH_BATCH_FILES", "2")
    ok, summary = run_once(settings, instance)
    assert ok and summary["more_pending"] and summary["files_seen"] == 2  # files with a fate so far
    assert counts(settings.warehouse_path)["files"] == 2  # the budget held; the third waits
    assert not (settings.docs_dir / "index.html").exists()  # passed, more to follow: the last batch renders
    ok, summary, runs = run_until_done(settings, instance)
    assert ok and runs == 1 and not summary["more_pending"]
    assert counts(settings.warehouse_path)["files"] == 3
    assert (settings.docs_dir / "index.html").exists()


def test_progress_over_batches_is_reported_per_batch(env, monkeypatch, capsys):
    """Plain progress lines (as under CI): the survey, then each batch with files and MB done out of the total."""
    from orchestration.progress import Progress
    from orchestration.run import run_until_done
    from pipeline.session import new_session

    raw, settings, instance = env
    for i, text in enumerate([CITY, GREEN, CIV]):
        (raw / f"{i}.txt").write_text(text, encoding="utf-8")
    monkeypatch.setenv("SPEECH_BATCH_FILES", "2")
    with Progress.start("lines", new_session(raw, settings.store)) as progress:
        ok, summary, runs = run_until_done(settings, instance, progress=progress)
    assert ok and runs == 2
    lines = [ln for ln in capsys.readouterr().err.splitlines() if ln.startswith("progress: ")]
    assert lines[0].startswith("progress: 3 files,") and lines[0].endswith("in ~2 batches")
    assert lines[1].startswith("progress: batch 1/~2: 2/3 files,") and "s left" in lines[1]
    assert lines[2].startswith("progress: batch 2/~2: 3/3 files,") and "s left" not in lines[2]
    with Progress.start("lines", new_session(raw, settings.store)) as progress:
        assert progress is None  # nothing left to read: nothing to report


def test_a_run_that_finds_nothing_new_makes_no_working_copy(env, monkeypatch):
    from warehouse import workspace

    raw, settings, instance = env
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    run(settings, instance)
    copies = []
    real = workspace.prepare_working
    monkeypatch.setattr(workspace, "prepare_working", lambda *a, **k: copies.append(a) or real(*a, **k))
    before = counts(settings.warehouse_path)
    assert run(settings, instance) == before
    assert copies == []  # decided against the published file, read-only
    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    assert run(settings, instance)["files"] == 2
    assert len({run_id for _, run_id in copies}) == 1  # one working copy, for the run that loads b.txt


def test_a_warehouse_on_an_older_schema_is_migrated_and_republished(env):
    raw, settings, instance = env
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    run(settings, instance)
    con = duckdb.connect(str(settings.warehouse_path))
    con.execute("ALTER TABLE load_run DROP COLUMN more_pending")  # as published before the column existed
    con.execute("DELETE FROM warehouse_meta")
    con.close()
    c = run(settings, instance)  # nothing new, but the file must come back on the current schema
    assert c["files"] == 1
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    cols = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'load_run'").fetchall()}
    con.close()
    assert "more_pending" in cols


def test_a_touched_unsupported_file_stops_costing_a_working_copy(env, monkeypatch):
    """A file quarantined for its type and then touched must not make every later run copy the warehouse."""
    from warehouse import workspace

    raw, settings, instance = env
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    (raw / "scan.pdf").write_bytes(b"%PDF-1.4 not supported")
    run(settings, instance)
    os.utime(raw / "scan.pdf", ns=(5, 5))
    copies = []
    real = workspace.prepare_working
    monkeypatch.setattr(workspace, "prepare_working", lambda published, run_id: copies.append(run_id) or real(published, run_id))
    run(settings, instance)  # the new mtime is seen and stored
    assert len(set(copies)) == 1  # (called once per step of the run; one copy)
    copies.clear()
    run(settings, instance)
    assert copies == []  # nothing new: decided from the published file, no copy


def test_a_deferred_file_that_vanished_and_a_file_turned_link_out_do_not_block_later_runs(env, monkeypatch, tmp_path):
    """Found in review: the scan must be recorded whenever rows are loaded, or a stale landing_file
    row (a deferred file since deleted) failed the reconciliation on every run."""
    raw, settings, instance = env
    monkeypatch.setenv("SPEECH_BATCH_FILES", "1")
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    ok, summary = run_once(settings, instance)
    assert ok and summary["more_pending"]  # a.txt loaded, b.txt deferred
    (raw / "b.txt").unlink()
    outside = tmp_path / "outside.txt"
    outside.write_text("elsewhere", encoding="utf-8")
    (raw / "a.txt").unlink()
    os.symlink(outside, raw / "a.txt")  # its scan row has no size or mtime now
    for _ in range(2):
        ok, summary = run_once(settings, instance)
        assert ok, summary["failed_checks"]
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    assert con.execute("SELECT source_file FROM landing_file").fetchall() == [("a.txt",)]
    con.close()


def test_a_file_unreadable_at_first_is_loaded_once_readable(env, monkeypatch):
    """chmod does not change the mtime: a file quarantined as 'permission denied' must be read again
    when it becomes readable, not skipped as unchanged (found in review)."""
    raw, settings, instance = env
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda path, mode, *a, **k: False if str(path).endswith("a.txt") else real_access(path, mode, *a, **k))
    c = run(settings, instance)
    assert c["status"] == {"a.txt": "quarantined"}
    monkeypatch.setattr(os, "access", real_access)  # chmod +r: same size, same mtime
    c = run(settings, instance)
    assert c["status"] == {"a.txt": "loaded"} and c["statements"] > 0


def test_a_link_out_of_the_landing_dir_does_not_cost_a_working_copy_per_run(env, monkeypatch, tmp_path):
    """Quarantined without a stat (nothing to compare), it used to make every later run copy the warehouse."""
    from warehouse import workspace

    raw, settings, instance = env
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("elsewhere", encoding="utf-8")
    os.symlink(outside, raw / "out.txt")
    c = run(settings, instance)
    assert c["status"] == {"a.txt": "loaded", "out.txt": "quarantined"}
    copies = []
    real = workspace.prepare_working
    monkeypatch.setattr(workspace, "prepare_working", lambda published, run_id: copies.append(run_id) or real(published, run_id))
    assert run(settings, instance)["status"] == c["status"]
    assert copies == []
