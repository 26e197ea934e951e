"""The DDL is the data dictionary: every table and column commented; schema application is idempotent."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from warehouse.connect import connect, ensure_schema, table_names

QUERIES = sorted((Path(__file__).resolve().parents[2] / "warehouse" / "queries").glob("*.sql"))


def test_every_table_and_column_has_a_comment(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    ensure_schema(con)  # idempotent
    tables = con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()
    assert {t for t, _ in tables} == set(table_names())
    assert all(c for _, c in tables), [t for t, c in tables if not c]
    missing = con.execute(
        "SELECT table_name || '.' || column_name FROM duckdb_columns() WHERE schema_name = 'main' "
        "AND table_name IN (SELECT table_name FROM duckdb_tables()) AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert missing == []
    views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"v_indicator_statements", "v_speeches", "v_raw_files", "v_rejected_statements",
            "v_target_attainment"} <= views
    # every column of every view carries a COMMENT: duckdb_columns() is the data dictionary (../shared/CONTRACT.md)
    uncommented = con.execute(
        "SELECT table_name || '.' || column_name FROM duckdb_columns() WHERE list_contains(?, table_name) "
        "AND (comment IS NULL OR comment = '')", [sorted(views)]).fetchall()
    assert uncommented == []
    # the contract's columns, in their views
    contract = {
        "v_indicator_statements": ["indicator_canonical", "indicator_category", "place", "place_code",
                                   "period_from", "period_to"],
        "v_speeches": ["place", "place_code"],
        "v_target_attainment": ["indicator_canonical", "place", "period_from", "period_to", "target_value",
                                "target_value_max", "comparator", "unit", "actual_value", "attained", "gap",
                                "target_statement_id", "actual_statement_id"],
    }
    for view, columns in contract.items():
        have = {c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [view]).fetchall()}
        assert set(columns) <= have, (view, set(columns) - have)
    assert con.execute("SELECT count(*) FROM dim_date").fetchone()[0] > 36000


def test_natural_keys_are_unique(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    ensure_schema(con)
    con.execute("INSERT INTO dim_department VALUES ('k1', '市城管局', '城管局', '市')")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO dim_department VALUES ('k2', '市城管局', '城管局', '市')")


def test_at_least_eight_worked_queries():
    assert len(QUERIES) >= 8


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_worked_query_returns_rows_on_sample_warehouse(sample_run, query):
    ok, _, wh, *_ = sample_run
    assert ok
    con = connect(wh, read_only=True)
    try:
        rows = con.execute(query.read_text(encoding="utf-8")).fetchall()
    finally:
        con.close()
    assert rows, f"{query.name} returned no rows on the sample warehouse"


def test_an_older_warehouse_is_migrated_additively(tmp_path):
    path = tmp_path / "old.duckdb"
    con = connect(path)
    ensure_schema(con)
    con.execute("INSERT INTO raw_file (source_file, content_sha256, status) VALUES ('a.txt', 'x', 'quarantined')")
    con.execute("ALTER TABLE raw_file DROP COLUMN mtime_ns")  # as built before the column existed
    con.execute("DELETE FROM warehouse_meta")
    assert ensure_schema(con) is True
    assert con.execute("SELECT source_file, mtime_ns FROM raw_file").fetchall() == [("a.txt", None)]
    (comment,) = con.execute(
        "SELECT comment FROM duckdb_columns() WHERE table_name = 'raw_file' AND column_name = 'mtime_ns'").fetchone()
    assert comment
    assert ensure_schema(con) is False  # now current: nothing to do
