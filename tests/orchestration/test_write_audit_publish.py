"""A batch that fails validation is never published: the analysts' file stays byte-identical."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import dagster as dg
import polars as pl

from orchestration.resources import PipelineSettings
from orchestration.run import run_once
from transforms import statements as statements_t

DATA = Path(__file__).resolve().parents[1] / "data"
SRC = Path(__file__).resolve().parents[2] / "data" / "sample_src"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corrupt_staged_batch_blocks_publish(tmp_path, monkeypatch):
    raw = tmp_path / "landing"
    raw.mkdir()
    shutil.copyfile(SRC / "speech_city_management.txt", raw / "city.txt")
    settings = PipelineSettings(raw_dir=str(raw), warehouse=str(tmp_path / "speeches.duckdb"))
    instance = dg.DagsterInstance.ephemeral()
    ok, _ = run_once(settings, instance)
    assert ok
    before = digest(settings.warehouse_path)

    # A new file arrives, and the extractor (here: a corrupted batch) reports an impossible share of 140%.
    shutil.copyfile(DATA / "water_supply_speech.txt", raw / "water.txt")
    real = statements_t.extract_frame

    def corrupt(speeches: pl.DataFrame):
        rows, per_speech = real(speeches)
        first_pct = (pl.col("unit") == "%") & (pl.col("statement_kind") == "actual")
        idx = rows.with_row_index().filter(first_pct)["index"][0]
        rows = rows.with_columns(
            pl.when(pl.int_range(pl.len()) == idx).then(140.0).otherwise(pl.col("value")).alias("value"),
            pl.when(pl.int_range(pl.len()) == idx).then(pl.lit("ratio")).otherwise(pl.col("unit_kind")).alias("unit_kind"),
        )
        return rows, per_speech

    monkeypatch.setattr(statements_t, "extract_frame", corrupt)
    ok, summary = run_once(settings, instance)
    assert not ok
    failed = dict(summary["failed_checks"])
    assert set(failed) == {"gx_fact_indicator_value"}
    failure = next(f for f in failed["gx_fact_indicator_value"] if f["kwargs"].get("column") == "bounded_percentage")
    assert failure["expectation"] == "expect_column_values_to_be_between"
    assert failure["sample"] == ["140.0"]
    assert digest(settings.warehouse_path) == before  # published warehouse exactly as it was

    # The next healthy run loads the file that was blocked.
    monkeypatch.setattr(statements_t, "extract_frame", real)
    ok, summary = run_once(settings, instance)
    assert ok
    assert summary["files_seen"] == 2 and summary["loaded"] == 2
