"""Two tiers of validation: an odd row is set aside and the batch publishes; a broken batch never publishes.

A batch that fails a blocking check (integrity, systemic signal) is never published: the
analysts' file stays byte-identical.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import polars as pl

from orchestration.defs.resources import PipelineSettings
from orchestration.run import run_once
from transforms import extract_batch

_REAL_EXTRACT = extract_batch.extract_frame

DATA = Path(__file__).resolve().parents[1] / "data"
SRC = Path(__file__).resolve().parents[2] / "data" / "sample_src"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _patch_extractor(monkeypatch, change):
    """Make the statements asset see `change(rows)` instead of the extractor's rows."""
    real = extract_batch.extract_frame

    def patched(speeches: pl.DataFrame, workers: int | None = None):
        rows, per_speech = real(speeches, workers)
        return change(rows), per_speech

    monkeypatch.setattr(extract_batch, "extract_frame", patched)
    return real


def _first_landing(tmp_path) -> tuple[Path, PipelineSettings, dg.DagsterInstance, str]:
    raw = tmp_path / "landing"
    raw.mkdir()
    shutil.copyfile(SRC / "speech_city_management.txt", raw / "city.txt")
    settings = PipelineSettings(raw_dir=str(raw), warehouse=str(tmp_path / "speeches.duckdb"))
    instance = dg.DagsterInstance.ephemeral()
    ok, _ = run_once(settings, instance)
    assert ok
    return raw, settings, instance, digest(settings.warehouse_path)


def test_an_impossible_share_is_set_aside_and_the_batch_publishes(tmp_path, monkeypatch):
    raw, settings, instance, _ = _first_landing(tmp_path)
    shutil.copyfile(DATA / "water_supply_speech.txt", raw / "water.txt")

    def one_share_of_140(rows: pl.DataFrame) -> pl.DataFrame:
        idx = rows.with_row_index().filter((pl.col("unit") == "%") & pl.col("indicator_name").str.ends_with("率"))["index"][0]
        hit = pl.int_range(pl.len()) == idx
        return rows.with_columns(pl.when(hit).then(140.0).otherwise(pl.col("value")).alias("value"),
                                 pl.when(hit).then(pl.col("sentence").str.replace(r"\d+(\.\d+)?%", "140%"))
                                 .otherwise(pl.col("sentence")).alias("sentence"))

    _patch_extractor(monkeypatch, one_share_of_140)
    ok, summary = run_once(settings, instance)
    assert ok and summary["checks_failed"] == 0 and summary["checks_warned"] == 1
    assert summary["set_aside"] == 1 and summary["set_aside_by_rule"] == {"share_out_of_range": 1}
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        (rules, value, run_id, batch, source) = con.execute(
            "SELECT failed_rules, value, run_id, arrival_batch, source_file FROM v_rejected_statements").fetchone()
        assert rules == ["share_out_of_range"] and value == 140.0 and source == "water.txt"
        assert run_id == summary["run_id"] and batch == summary["batch"]
        assert con.execute("SELECT count(*) FROM v_indicator_statements WHERE value = 140").fetchone()[0] == 0
        (set_aside, warned) = con.execute("SELECT statements_set_aside, checks_warned FROM load_run WHERE run_id = ?",
                                          [run_id]).fetchone()
        assert set_aside == 1 and warned == 1
    finally:
        con.close()

    # Recoverable: with the extractor fixed, re-running the batch re-examines the row and publishes it.
    monkeypatch.setattr(extract_batch, "extract_frame", _REAL_EXTRACT)
    ok, summary = run_once(settings, instance, batch=summary["batch"])
    assert ok and summary["set_aside"] == 0 and summary["checks_warned"] == 0
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM rejected_statement").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM v_indicator_statements WHERE source_file = 'water.txt'").fetchone()[0] > 0
    finally:
        con.close()


def test_a_broken_extractor_blocks_the_publish(tmp_path, monkeypatch):
    """Nonsense for every statement: each row fails a rule, and the batch's share of set-aside rows blocks."""
    raw, settings, instance, before = _first_landing(tmp_path)
    shutil.copyfile(DATA / "water_supply_speech.txt", raw / "water.txt")
    _patch_extractor(monkeypatch, lambda rows: rows.with_columns((pl.col("value") * 7919 + 0.37).alias("value")))
    ok, summary = run_once(settings, instance)
    assert not ok
    failed = dict(summary["failed_checks"])
    assert set(failed) == {"gx_batch_signals"}
    assert failed["gx_batch_signals"][0]["kwargs"]["column"] == "set_aside_share"
    assert digest(settings.warehouse_path) == before  # published warehouse exactly as it was

    # The next healthy run loads the file that was blocked.
    monkeypatch.setattr(extract_batch, "extract_frame", _REAL_EXTRACT)
    ok, summary = run_once(settings, instance)
    assert ok and summary["files_seen"] == 2 and summary["loaded"] == 2 and summary["set_aside"] == 0


def test_an_integrity_failure_still_blocks(tmp_path, monkeypatch):
    """A statement id twice in the batch breaks a key the fact tables do not enforce: GX blocks the publish."""
    raw, settings, instance, before = _first_landing(tmp_path)
    shutil.copyfile(DATA / "water_supply_speech.txt", raw / "water.txt")
    _patch_extractor(monkeypatch, lambda rows: pl.concat([rows, rows.filter(pl.col("statement_kind") == "actual").head(1)]))
    ok, summary = run_once(settings, instance)
    assert not ok
    failed = dict(summary["failed_checks"])
    assert set(failed) == {"gx_fact_indicator_value"}
    failure = next(f for f in failed["gx_fact_indicator_value"] if f["kwargs"].get("column") == "statement_id")
    assert failure["expectation"] == "expect_column_values_to_be_unique"
    assert digest(settings.warehouse_path) == before
