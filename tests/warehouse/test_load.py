"""The staged load is one transaction: a failure part-way leaves the working copy as it was."""

from __future__ import annotations

import polars as pl
import pytest

from transforms.extract_batch import STATEMENT_SCHEMA
from warehouse import load
from warehouse.connect import connect, ensure_schema


def _empty_increment() -> load.Increment:
    empty = pl.DataFrame(schema={"source_file": pl.String})
    return load.Increment(
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

    monkeypatch.setattr(load, "_apply", half_then_fail)
    with pytest.raises(OSError, match="disk full"):
        load.load_increment(con, _empty_increment())
    assert con.execute("SELECT (SELECT count(*) FROM raw_file), (SELECT count(*) FROM warehouse_meta WHERE key = 'probe')").fetchone() == (0, 0)
    # the connection is usable afterwards (no transaction left open)
    con.execute("INSERT INTO raw_file (source_file, content_sha256, status) VALUES ('b.txt', ?, 'quarantined')", ["0" * 64])
    assert con.execute("SELECT count(*) FROM raw_file").fetchone() == (1,)
    con.close()


def _scan(*rows: tuple[str, int, int, str | None]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"source_file": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64,
                                      "problem": pl.String}, orient="row")


def test_record_scan_writes_only_what_appeared_changed_or_vanished(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    assert load.record_scan(con, "r1", _scan(("a.txt", 10, 1, None), ("b.txt", 20, 1, None), ("c.pdf", 5, 1, "unsupported"))) \
        == {"written": 3, "vanished": 0}
    # r2: a.txt unchanged, b.txt touched (mtime), c.pdf gone, d.txt new
    assert load.record_scan(con, "r2", _scan(("a.txt", 10, 1, None), ("b.txt", 20, 2, None), ("d.txt", 7, 2, None))) \
        == {"written": 2, "vanished": 1}
    rows = con.execute("SELECT source_file, mtime_ns, last_seen_run FROM landing_file ORDER BY 1").fetchall()
    assert rows == [("a.txt", 1, "r1"), ("b.txt", 2, "r2"), ("d.txt", 2, "r2")]
    assert load.record_scan(con, "r3", _scan(("a.txt", 10, 1, None), ("b.txt", 20, 2, None), ("d.txt", 7, 2, None))) \
        == {"written": 0, "vanished": 0}
