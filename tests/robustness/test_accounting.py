"""Accounting: files seen = loaded + duplicate + quarantined, and the file_reconciliation check
really blocks a publish when the accounting is broken."""

from __future__ import annotations

import polars as pl
import pytest

from conftest import CITY, GREEN, fates
from orchestration.run import run_once
from transforms import ingest
from warehouse import load


def _landing(raw):
    (raw / "a.txt").write_text(CITY, encoding="utf-8")
    (raw / "b.txt").write_text(GREEN, encoding="utf-8")
    (raw / "empty.txt").write_bytes(b"")


def _break_load(monkeypatch, *statements: str) -> None:
    """Make the staged load run these statements on the working copy after the real load."""
    real = load.load_increment

    def broken_load(con, inc):
        counts = real(con, inc)
        for sql in statements:
            con.execute(sql)
        return counts

    monkeypatch.setattr(load, "load_increment", broken_load)


@pytest.mark.robustness_slow
def test_reconciliation_check_catches_broken_accounting_and_blocks_publish(env, monkeypatch):
    raw, settings, instance = env
    _landing(raw)
    # A quarantined file loses its reason; a canonical speech loses its statements and their reason.
    _break_load(monkeypatch, "UPDATE raw_file SET detail = NULL WHERE status = 'quarantined'",
                """UPDATE dim_speech SET statement_count = 0, no_statement_reason = NULL
                   WHERE speech_id = (SELECT min(speech_id) FROM dim_speech WHERE speech_id = canonical_speech_id)""")
    ok, summary = run_once(settings, instance)
    assert not ok
    failed = dict(summary["failed_checks"])
    assert "file_reconciliation" in failed, summary["failed_checks"]
    facts = {k: getattr(v, "value", v) for k, v in failed["file_reconciliation"].items()}
    assert facts["quarantined_without_reason"] == 1
    assert facts["canonical_without_statements_or_reason"] == 1
    assert not settings.warehouse_path.exists()  # nothing was ever published

    monkeypatch.undo()
    ok, summary = run_once(settings, instance)
    assert ok, summary.get("errors")
    assert (summary["files_seen"], summary["loaded"], summary["duplicate"], summary["quarantined"]) == (3, 2, 0, 1)
    assert fates(settings.warehouse_path)["empty.txt"] == ("quarantined", "empty file")


@pytest.mark.robustness_slow
def test_reconciliation_check_catches_a_file_lost_between_scan_and_load(env, monkeypatch):
    raw, settings, instance = env
    _landing(raw)
    real = ingest.iter_raw_files

    def lose_one(raw_dir, scan, known, *args, **kwargs):
        return (row for row in real(raw_dir, scan, known, *args, **kwargs) if row[0] != "b.txt")

    monkeypatch.setattr(ingest, "iter_raw_files", lose_one)
    ok, summary = run_once(settings, instance)
    assert "b.txt" not in (fates(settings.warehouse_path) if settings.warehouse_path.exists() else {})
    assert not ok, "b.txt was lost and the reconciliation check passed"
    assert "file_reconciliation" in dict(summary["failed_checks"])


@pytest.mark.robustness_slow
def test_reconciliation_check_catches_a_statement_id_loaded_twice(env, monkeypatch):
    """Fact tables have no primary key: the check must notice a statement id another run already loaded."""
    raw, settings, instance = env
    _landing(raw)
    _break_load(monkeypatch, "INSERT INTO fact_target SELECT * REPLACE ('an-earlier-run' AS run_id) FROM fact_target LIMIT 1")
    ok, summary = run_once(settings, instance)
    assert not ok
    facts = {k: getattr(v, "value", v) for k, v in dict(summary["failed_checks"])["file_reconciliation"].items()}
    assert facts["duplicate_keys"] == 1
    assert not settings.warehouse_path.exists()
