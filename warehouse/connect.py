"""Connections and schema: applies schemas/*.sql (the single source of truth) to a database."""

from __future__ import annotations

from pathlib import Path

import duckdb

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
TABLE_DDL = SCHEMA_DIR / "warehouse.sql"
VIEW_DDL = SCHEMA_DIR / "views.sql"


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file (created when missing, unless read_only)."""
    return duckdb.connect(str(path), read_only=read_only)


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table and view that is missing, and fill dim_date once. Idempotent."""
    con.execute(TABLE_DDL.read_text(encoding="utf-8"))
    con.execute(VIEW_DDL.read_text(encoding="utf-8"))
    (n,) = con.execute("SELECT count(*) FROM dim_date").fetchone()
    if n == 0:
        con.execute(
            """
            INSERT INTO dim_date
            SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER), CAST(d AS DATE), year(d), quarter(d), month(d), day(d), weekofyear(d)
            FROM range(DATE '1949-01-01', DATE '2051-01-01', INTERVAL 1 DAY) t(d)
            """
        )


def table_names() -> list[str]:
    """Names of the tables the DDL defines, in file order."""
    import regex

    return regex.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", TABLE_DDL.read_text(encoding="utf-8"))
