"""Connections and schema: applies schemas/*.sql (the single source of truth) to a database."""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb
import regex

import config as settings  # `config` is the DuckDB connection config below

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
TABLE_DDL = SCHEMA_DIR / "warehouse.sql"
VIEW_DDL = SCHEMA_DIR / "views.sql"


# Rows per row group in the pipeline's read-write connections (DuckDB's default is 122,880).
# A checkpoint rewrites the last, partly filled row group of every table it appends to; with
# the default, dim_speech and raw_file of a 100k-speech warehouse are each ONE row group with
# all their texts, so adding one speech rewrote ≈ 3.7 GB (12 s). With 2,048 rows per group (one
# DuckDB vector, the smallest it takes) a checkpoint rewrites at most 2,048 rows of a table,
# ≈ 50 MB of text at worst; 8,192 still cost ≈ 0.5 s per add. The size is an ATTACH option and is not
# stored in the file: every read-write connection must set it, or a checkpoint merges the
# groups back.
ROW_GROUP_SIZE = 2048
_CATALOG = "warehouse"


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB file (created when missing, unless read_only); its tables are the default catalog.

    DuckDB's buffer pool may grow to 80% of RAM by default and keeps what it read cached, so
    a run's memory grew with the warehouse (3.7 GB at 500 MB loaded). The pipeline caps it at
    SPEECH_DUCKDB_MEMORY (default 1GB); larger operations spill to `<file>.tmp`. Read-write
    connections attach the file with ROW_GROUP_SIZE (see above) and do not checkpoint when
    closed: call CHECKPOINT before the file must stand alone (workspace.publish does).
    """
    config = {"memory_limit": settings.duckdb_memory(), "temp_directory": f"{path}.tmp"}
    if read_only:
        return duckdb.connect(str(path), read_only=True, config=config)
    con = duckdb.connect(config=config)
    try:
        # Every step of a run opens its own connection to the working copy. Closing one used to
        # checkpoint, and the first checkpoint of a connection re-serialises the metadata of every
        # table (≈ 0.15 s at 100k speeches, whatever was written): four steps paid it four times
        # in a one-file run. Commits still reach the WAL (durable, replayed by the next step's
        # connection); DuckDB still checkpoints when the WAL passes `checkpoint_threshold` (a bulk
        # load); publish checkpoints explicitly before the file is published.
        con.execute("PRAGMA disable_checkpoint_on_shutdown")
        con.execute(_attach_sql(Path(path)))
        con.execute("USE warehouse")  # = _CATALOG
    except BaseException:
        con.close()
        raise
    return con


def _attach_sql(path: Path) -> str:
    """ATTACH of one database file (ATTACH takes no parameters: the path is quoted as a SQL string literal)."""
    literal = "'" + str(path).replace("'", "''") + "'"
    return f"ATTACH {literal} AS {_CATALOG} (ROW_GROUP_SIZE {int(ROW_GROUP_SIZE)})"


def schema_version() -> str:
    """Hash of the DDL and views: a warehouse whose stored version differs needs ensure_schema."""
    text = TABLE_DDL.read_text(encoding="utf-8") + VIEW_DDL.read_text(encoding="utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stored_schema_version(con: duckdb.DuckDBPyConnection) -> str | None:
    """The schema version a warehouse was last migrated to (None for one that predates versioning)."""
    try:
        row = con.execute("SELECT value FROM warehouse_meta WHERE key = 'schema_version'").fetchone()
    except duckdb.CatalogException:
        return None
    return row[0] if row else None


def ensure_schema(con: duckdb.DuckDBPyConnection) -> bool:
    """Bring a database to the current schema; True when anything changed. Idempotent.

    Missing tables are created; columns the DDL added since the warehouse was built are
    added (an additive migration: the DDL is applied to an in-memory database and the
    two catalogs compared); views are replaced; dim_date is filled once.
    """
    version = schema_version()
    if stored_schema_version(con) == version:
        return False
    ddl = TABLE_DDL.read_text(encoding="utf-8")
    lake = is_lake(con)
    reference = duckdb.connect(":memory:")
    try:
        reference.execute(ddl)
        wanted = reference.execute(
            "SELECT table_name, column_name, data_type FROM duckdb_columns() WHERE schema_name = 'main' "
            "ORDER BY table_name, column_index"
        ).fetchall()
    finally:
        reference.close()
    # One transaction: a new warehouse takes ~200 DDL and COMMENT statements, and each would
    # otherwise be its own commit with its own WAL fsync (≈ 1.4 s instead of ≈ 0.1 s).
    with transaction(con):
        existing = con.execute("SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'main'").fetchall()
        tables = {t for t, _ in existing}
        have = set(existing)
        # Columns first (the DDL's COMMENT statements name them), then the DDL: new tables, all comments.
        for table, column, dtype in wanted:
            if table in tables and (table, column) not in have:
                con.execute(_add_column_sql(table, column, dtype))
        con.execute(lake_ddl(ddl) if lake else ddl)
        con.execute(lake_view_ddl(VIEW_DDL.read_text(encoding="utf-8")) if lake else VIEW_DDL.read_text(encoding="utf-8"))
        (n,) = con.execute("SELECT count(*) FROM dim_date").fetchone()
        if n == 0:
            con.execute(
                """
                INSERT INTO dim_date
                SELECT CAST(strftime(d, '%Y%m%d') AS INTEGER), CAST(d AS DATE), year(d), quarter(d), month(d), day(d), weekofyear(d)
                FROM range(DATE '1949-01-01', DATE '2051-01-01', INTERVAL 1 DAY) t(d)
                """
            )
        set_meta(con, "schema_version", version)
    return True


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN … COMMIT around the block; ROLLBACK when it raises."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    """Store one warehouse_meta entry (DELETE + INSERT: a DuckLake table has no key to upsert on)."""
    con.execute("DELETE FROM warehouse_meta WHERE key = ?", [key])
    con.execute("INSERT INTO warehouse_meta VALUES (?, ?)", [key, value])


def is_lake(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the connection's default catalog is a DuckLake (warehouse/lake.py)."""
    row = con.execute("SELECT type FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return bool(row) and row[0] == "ducklake"


# DuckLake takes no PRIMARY KEY, UNIQUE or CHECK constraint (nor indexes). The lake's tables are
# the same DDL without them; the reconciliation check proves the keys unique, the GX suites the value sets.
_CHECK = regex.compile(r"\s+CHECK\s*(\((?:[^()]++|(?1))*\))")
_TABLE_UNIQUE = regex.compile(r",\s*(?:UNIQUE|PRIMARY\s+KEY)\s*\([^)]*\)")
_KEY = regex.compile(r"\s+(?:PRIMARY\s+KEY|UNIQUE)\b")


def lake_ddl(ddl: str) -> str:
    """schemas/warehouse.sql as DuckLake takes it: the constraints removed, everything else (types, NOT NULL,
    DEFAULT, COMMENT) kept."""
    out = _KEY.sub("", _TABLE_UNIQUE.sub("", _CHECK.sub("", ddl)))
    if regex.search(r"\b(?:PRIMARY KEY|UNIQUE|CHECK|REFERENCES|CREATE INDEX)\b", regex.sub(r"--[^\n]*", "", out)):
        raise ValueError("schemas/warehouse.sql has a constraint lake_ddl does not translate")
    return out


# DuckLake keeps no comment on a view's column ("Cannot comment on columns … it is not a table"):
# on a lake the views keep their own COMMENT, their columns' are documented by the file backend's
# dictionary (and an export, `python -m warehouse.lake export`, carries them).
_VIEW_COLUMN_COMMENT = regex.compile(r"^COMMENT ON COLUMN v_[^\n]*\n", regex.MULTILINE)


def lake_view_ddl(ddl: str) -> str:
    """schemas/views.sql as DuckLake takes it: without comments on view columns."""
    return _VIEW_COLUMN_COMMENT.sub("", ddl)


_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
_TYPE = re.compile(r"^[A-Z][A-Z0-9_]*(?:\(\d+(?:, ?\d+)?\))?(?:\[\])*$")


def sql_identifier(name: str) -> str:
    """`name` when it is a plain lower-case SQL identifier (one of our tables or catalogs), else ValueError.

    Identifiers cannot be SQL parameters: SQL that names a table from a variable validates it here.
    """
    if not _IDENT.match(name):
        raise ValueError(f"refusing unexpected SQL identifier {name!r}")
    return name


def _add_column_sql(table: str, column: str, dtype: str) -> str:
    """ALTER TABLE … ADD COLUMN for a column of our own DDL (identifiers cannot be SQL parameters,
    so they are validated as plain identifiers and type names instead)."""
    if not (_IDENT.match(table) and _IDENT.match(column) and _TYPE.match(dtype)):
        raise ValueError(f"refusing to migrate unexpected column {table}.{column} {dtype}")
    return f"ALTER TABLE {table} ADD COLUMN {column} {dtype}"


def table_names() -> list[str]:
    """Names of the tables the DDL defines, in file order."""
    return regex.findall(r"CREATE TABLE IF NOT EXISTS (\w+)", TABLE_DDL.read_text(encoding="utf-8"))
