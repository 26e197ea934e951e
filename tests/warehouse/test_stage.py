"""The staged load is one transaction: a failure part-way leaves the working copy as it was."""

from __future__ import annotations

import polars as pl
import pytest

from transforms.statements import STATEMENT_SCHEMA
from warehouse import stage
from warehouse.connect import connect, ensure_schema


def _empty_increment() -> stage.Increment:
    empty = pl.DataFrame(schema={"source_file": pl.String})
    return stage.Increment(
        run_id="r1", arrival_batch=None, raw_dir="/landing", files_seen=0, raw=empty, failed=empty,
        speeches=pl.DataFrame(schema={"speech_id": pl.String}), assignments=pl.DataFrame(schema={"speech_id": pl.String}),
        bands=pl.DataFrame(schema={"speech_id": pl.String}), signatures=pl.DataFrame(schema={"speech_id": pl.String}),
        deleted_ids=[], statements=pl.DataFrame(schema=STATEMENT_SCHEMA),
        per_speech=pl.DataFrame(schema={"speech_id": pl.String}),
        lexicon=pl.DataFrame(schema={"canonical_name": pl.String, "aliases": pl.String, "category": pl.String, "unit_kind": pl.String}),
    )


def test_a_load_that_fails_part_way_leaves_nothing_behind(tmp_path, monkeypatch):
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)

    def half_then_fail(con, inc, now):
        con.execute("INSERT INTO raw_file (source_file, content_sha256, status) VALUES ('a.txt', ?, 'loaded')", ["0" * 64])
        con.execute("INSERT INTO warehouse_meta VALUES ('probe', 'half a load')")
        raise OSError("disk full")

    monkeypatch.setattr(stage, "_apply", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        stage.load_increment(con, _empty_increment())
    assert con.execute("SELECT (SELECT count(*) FROM raw_file), (SELECT count(*) FROM warehouse_meta WHERE key = 'probe')").fetchone() == (0, 0)
    # the connection is usable afterwards (no transaction left open)
    con.execute("INSERT INTO raw_file (source_file, content_sha256, status) VALUES ('b.txt', ?, 'quarantined')", ["0" * 64])
    assert con.execute("SELECT count(*) FROM raw_file").fetchone() == (1,)
    con.close()
