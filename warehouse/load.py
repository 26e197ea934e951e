"""Load one run's increment into the working database (the "write" of write-audit-publish).

Everything here is set-based SQL over Arrow-registered polars frames: no row inserts.
Re-running a load with the same frames leaves the same tables (deletes precede inserts).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb
import polars as pl

from transforms.dimensions import department_level, normalise_department
from transforms.ids import stable_id
from transforms.extract_batch import STATEMENT_SCHEMA
from warehouse.connect import is_lake, set_meta, transaction
from warehouse.sql import read_sql


@dataclass(frozen=True)
class Increment:
    """Frames one run produced, ready to load."""

    run_id: str
    arrival_batch: str | None
    raw_dir: str
    files_seen: int
    raw: pl.DataFrame          # transforms.ingest.RAW_SCHEMA (new + changed files)
    failed: pl.DataFrame       # [source_file, quarantine_reason] files that yielded no speech
    speeches: pl.DataFrame     # transforms.clean_batch.SPEECH_SCHEMA + seen_rank, new speeches
    assignments: pl.DataFrame  # [speech_id, content_hash, canonical_speech_id, dup_kind, similarity]
    bands: pl.DataFrame        # [speech_id, band_no, band_hash]
    signatures: pl.DataFrame   # [speech_id, signature, n_shingles, sketch_version]
    deleted_ids: list[str]     # speeches of changed files, replaced by this run
    statements: pl.DataFrame   # transforms.extract_batch.STATEMENT_SCHEMA
    per_speech: pl.DataFrame   # [speech_id, statement_count, no_statement_reason]
    lexicon: pl.DataFrame      # [canonical_name, aliases, category, unit_kind]
    deferred: bool = False     # more new/changed files wait for the next run (batch budget)
    set_aside: pl.DataFrame | None = None  # statements row rules set aside: STATEMENT_SCHEMA + failed_rules
    lexicon_sha256: str | None = None      # the lexicon this run links names with
    indicator_links: pl.DataFrame | None = None  # [indicator_name, canonical_name, category] of stored names to re-link


# Every table whose rows are statements of a canonical speech: they come and go with its extraction.
STATEMENT_TABLES = ("fact_indicator_value", "fact_target", "rejected_statement")
_NO_SET_ASIDE = pl.DataFrame(schema={**STATEMENT_SCHEMA, "failed_rules": pl.List(pl.String)})
_NO_LINKS = pl.DataFrame(schema={"indicator_name": pl.String, "canonical_name": pl.String, "category": pl.String})


def _register(con: duckdb.DuckDBPyConnection, name: str, df: pl.DataFrame) -> None:
    con.register(name, df.to_arrow())


# Connections do not checkpoint when closed (warehouse/connect.py), so a small increment waits in
# the WAL for publish's single checkpoint. A batch load is checkpointed at once: left in the WAL,
# every later step's connection replayed it (rows and index keys), which cost more than the
# checkpoint saved (100 MB end to end: checks 6.2 → 8.0 s, staged 7.6 → 6.4 s).
CHECKPOINT_MIN_SPEECHES = 100


# The load's SQL, one file per phase (warehouse/sql/load/NN_<phase>.sql), read once at import. In a
# file, each statement follows a `-- name: <name>` line; the lines before the first are its header.
LOAD_PHASES = ("01_replaced", "02_new_speeches", "03_repointed", "04_demoted", "05_bands", "06_dimensions",
               "07_facts", "08_raw_files", "09_load_run")
_NAME_LINE = re.compile(r"^-- name: (\w+)[ \t]*$", re.MULTILINE)
# Tables whose rows of a replaced speech go with it (phase 1).
REPLACED_TABLES = (*STATEMENT_TABLES, "speech_band", "speech_signature", "dim_speech")


def _named_statements(phases: tuple[str, ...]) -> dict[str, str]:
    """name → text of every statement of the load files (names are unique across files)."""
    out: dict[str, str] = {}
    for phase in phases:
        parts = _NAME_LINE.split(read_sql(f"load/{phase}"))  # [header, name, text, name, text, …]
        for name, text in zip(parts[1::2], parts[2::2], strict=True):
            if name in out or not text.strip():
                raise ValueError(f"warehouse/sql/load/{phase}.sql: statement {name!r} repeated or empty")
            out[name] = text.strip()
    return out


def _per_table(template: str, tables: tuple[str, ...]) -> dict[str, str]:
    """table → template with {table} replaced by that name: tables are this module's constant names only."""
    if "{table}" not in template or not all(t.isidentifier() for t in tables):
        raise ValueError("a per-table statement needs {table} and table names that are identifiers")
    return {t: template.replace("{table}", t) for t in tables}


_SQL = _named_statements(LOAD_PHASES)
_DELETE_REPLACED = _per_table(_SQL["delete_replaced"], REPLACED_TABLES)
_DELETE_DEMOTED_FACTS = _per_table(_SQL["delete_demoted_facts"], STATEMENT_TABLES)
_DELETE_EXTRACTED_FACTS = _per_table(_SQL["delete_extracted_facts"], STATEMENT_TABLES)

# Whether an UPDATE of earlier runs' rows can match anything, asked of the batch's own frames only
# (the earlier_* statements). Rows written by this run already carry their final values, and every
# speech this run inserted is in inc_speech, every file it wrote in inc_raw: what is outside them
# belongs to earlier runs. In a backfill none does, and on a DuckLake an UPDATE that matches nothing
# still reads the whole table's Parquet files (≈ 0.3 s a batch each at 100 MB loaded).
def _any(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the EXISTS statement `name` (one of the earlier_* guards) holds."""
    return bool(con.execute(_SQL[name]).fetchone()[0])


def load_increment(con: duckdb.DuckDBPyConnection, inc: Increment) -> dict[str, int]:
    """Apply an increment to the working database. Returns counts of what it added."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    frames = {
        "inc_raw": inc.raw,
        "inc_failed": inc.failed,
        "inc_speech": inc.speeches,
        "inc_assign": inc.assignments,
        "inc_band": inc.bands,
        "inc_sig": inc.signatures,
        "inc_stmt": inc.statements,
        "inc_set_aside": inc.set_aside if inc.set_aside is not None else _NO_SET_ASIDE,
        "inc_per_speech": inc.per_speech,
        "inc_deleted": pl.DataFrame({"speech_id": inc.deleted_ids}, schema={"speech_id": pl.String}),
        "inc_indicator": _indicator_rows(inc.statements, inc.lexicon),
        "inc_department": _department_rows(inc.statements),
        "inc_links": inc.indicator_links if inc.indicator_links is not None else _NO_LINKS,
    }
    for name, df in frames.items():
        _register(con, name, df)
    # One transaction: the working copy never holds half an increment, and DuckDB checkpoints
    # once at the end instead of whenever the WAL passes its threshold mid-load (which made
    # whichever INSERT crossed it pay for writing everything before it: 1.4 s for 40k rows).
    try:
        with transaction(con):
            counts = _apply(con, inc, now)
    finally:
        for name in frames:
            con.unregister(name)
    if inc.speeches.height >= CHECKPOINT_MIN_SPEECHES and not is_lake(con):
        # (On a DuckLake, CHECKPOINT is table maintenance, not a WAL flush: each commit already wrote its files.)
        con.execute("CHECKPOINT")
    return counts


def _apply(con: duckdb.DuckDBPyConnection, inc: Increment, now: dt.datetime) -> dict[str, int]:
    """The load's phases, in order (one SQL file each in warehouse/sql/load/); returns counts of what it added."""
    run = inc.run_id
    _delete_replaced(con)
    _insert_speeches(con, run)
    _repoint_speeches(con, run)
    _drop_demoted_facts(con)
    _replace_bands(con, run)
    _add_dimensions(con, inc)
    _insert_facts(con, run)
    _record_raw_files(con, inc, now)
    counts = _counts(inc)
    _record_run(con, inc, now, counts)
    return counts


def _delete_replaced(con: duckdb.DuckDBPyConnection) -> None:
    """1. Speeches of changed files go, with their facts and bands."""
    for table in REPLACED_TABLES:
        con.execute(_DELETE_REPLACED[table])


def _insert_speeches(con: duckdb.DuckDBPyConnection, run: str) -> None:
    """2. New speeches, with their dedup assignment and extraction counts."""
    con.execute(_SQL["insert_speeches"], [run])


def _repoint_speeches(con: duckdb.DuckDBPyConnection, run: str) -> None:
    """3. Re-point existing speeches (a better copy arrived, or their canonical was replaced)."""
    if _any(con, "earlier_assigned"):
        con.execute(_SQL["repoint_speeches"], [run])


def _drop_demoted_facts(con: duckdb.DuckDBPyConnection) -> None:
    """4. Drop the facts (and extraction counts) of speeches this run demoted."""
    for table in STATEMENT_TABLES:
        con.execute(_DELETE_DEMOTED_FACTS[table])
    if _any(con, "earlier_demoted"):  # this run's own duplicates were inserted without counts
        con.execute(_SQL["clear_demoted_counts"])


def _replace_bands(con: duckdb.DuckDBPyConnection, run: str) -> None:
    """5. Band hashes and signatures for near-duplicate detection of later arrivals."""
    con.execute(_SQL["delete_bands"], [run])
    con.execute(_SQL["insert_bands"])
    con.execute(_SQL["delete_signatures"], [run])
    con.execute(_SQL["insert_signatures"])


def _add_dimensions(con: duckdb.DuckDBPyConnection, inc: Increment) -> None:
    """6. Dimensions: insert names not yet present, re-link stored names to a changed lexicon."""
    con.execute(_SQL["insert_indicators"])
    con.execute(_SQL["insert_departments"])
    if inc.indicator_links is not None:
        # The lexicon changed since the last load: names loaded before are linked with the new one.
        con.execute(_SQL["relink_indicators"])
    if inc.lexicon_sha256 is not None:
        set_meta(con, "lexicon_sha256", inc.lexicon_sha256)


def _insert_facts(con: duckdb.DuckDBPyConnection, run: str) -> None:
    """7. Facts of the speeches extracted this run (replacing any they had), and the statements set aside."""
    for table in STATEMENT_TABLES:
        con.execute(_DELETE_EXTRACTED_FACTS[table], [run])
    con.execute(_SQL["insert_indicator_values"], [run])
    con.execute(_SQL["insert_targets"], [run])
    con.execute(_SQL["insert_set_aside"], [run])
    if _any(con, "earlier_extracted"):
        con.execute(_SQL["update_counts"], [run])


def _record_raw_files(con: duckdb.DuckDBPyConnection, inc: Increment, now: dt.datetime) -> None:
    """8. Raw files: upsert what this run read, with its fate, and update the fate of other touched files."""
    con.execute(_SQL["create_fate"])
    con.execute(_SQL["merge_raw_files"], [now, now, inc.arrival_batch, inc.run_id])
    if _any(con, "earlier_files"):
        con.execute(_SQL["update_fate"])
    con.execute(_SQL["drop_fate"])


def _counts(inc: Increment) -> dict[str, int]:
    """What an increment adds: files new and changed, speeches, statements loaded and set aside."""
    return {
        "files_new": inc.raw.filter(pl.col("change") == "new").height,
        "files_changed": inc.raw.filter(pl.col("change") == "changed").height,
        "speeches_added": inc.speeches.height,
        "statements_added": inc.statements.height,
        "statements_set_aside": inc.set_aside.height if inc.set_aside is not None else 0,
    }


def _record_run(con: duckdb.DuckDBPyConnection, inc: Increment, now: dt.datetime, counts: dict[str, int]) -> None:
    """9. The run's row in load_run (replacing that of an earlier attempt of the same run)."""
    run = inc.run_id
    con.execute(_SQL["delete_run"], [run])
    con.execute(
        _SQL["insert_run"],
        [run, inc.arrival_batch, now, inc.raw_dir, inc.files_seen, counts["files_new"], counts["files_changed"],
         inc.files_seen - counts["files_new"] - counts["files_changed"], counts["speeches_added"], counts["statements_added"],
         counts["statements_set_aside"], inc.deferred],
    )


def record_scan(con: duckdb.DuckDBPyConnection, run_id: str, scan: pl.DataFrame) -> dict[str, int]:
    """Make landing_file the landing directory as this scan found it; returns counts of rows written.

    Only paths that appeared, changed (size, mtime or problem) or vanished are written, stamped
    with this run: rewriting all N rows every run cost O(landing directory) in every later step
    (0.2 s to write, WAL replay by each step, checkpoint) for a one-file batch at 96k files.
    """
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    _register(con, "inc_scan", scan.select("source_file", "size_bytes", "mtime_ns", "problem"))
    try:
        (written,) = con.execute(
            """
            MERGE INTO landing_file USING (
                SELECT s.source_file, s.size_bytes, s.mtime_ns, s.problem, ?::VARCHAR AS last_seen_run,
                       ?::TIMESTAMP AS last_seen_at
                FROM inc_scan s LEFT JOIN landing_file l USING (source_file)
                WHERE l.source_file IS NULL OR l.size_bytes IS DISTINCT FROM s.size_bytes
                   OR l.mtime_ns IS DISTINCT FROM s.mtime_ns OR l.problem IS DISTINCT FROM s.problem
            ) AS x ON landing_file.source_file = x.source_file
            WHEN MATCHED THEN UPDATE SET size_bytes = x.size_bytes, mtime_ns = x.mtime_ns, problem = x.problem,
                last_seen_run = x.last_seen_run, last_seen_at = x.last_seen_at
            WHEN NOT MATCHED THEN INSERT BY NAME
            """,
            [run_id, now],
        ).fetchone()
        # A vanished path keeps its raw_file row (its fate); it is no longer in the landing directory.
        (vanished,) = con.execute(
            "DELETE FROM landing_file WHERE source_file NOT IN (SELECT source_file FROM inc_scan)"
        ).fetchone()
    finally:
        con.unregister("inc_scan")
    return {"written": int(written), "vanished": int(vanished)}


def refresh_stats(con: duckdb.DuckDBPyConnection, run_id: str, verified: list[tuple[str, int, int]]) -> None:
    """Store the size and mtime of files re-read with unchanged content, and mark the run as one to publish."""
    _register(con, "inc_verified", pl.DataFrame(verified, schema={"source_file": pl.String, "size_bytes": pl.Int64,
                                                                  "mtime_ns": pl.Int64}, orient="row"))
    try:
        with transaction(con):
            con.execute("""UPDATE raw_file r SET size_bytes = v.size_bytes, mtime_ns = v.mtime_ns
                           FROM inc_verified v WHERE r.source_file = v.source_file""")
            # Nothing else may change in such a run; publish must still keep the new stats.
            set_meta(con, "stats_refreshed_by_run", run_id)
    finally:
        con.unregister("inc_verified")


def _indicator_rows(statements: pl.DataFrame, lexicon: pl.DataFrame) -> pl.DataFrame:
    names = statements.select("indicator_name", "indicator_canonical", "unit_kind").unique("indicator_name", keep="first")
    lex = lexicon.select(
        pl.col("canonical_name").alias("indicator_canonical"),
        pl.col("category"),
        pl.col("unit_kind").alias("lex_unit_kind"),
        pl.col("aliases").str.split("|").alias("aliases"),
    )
    out = names.join(lex, on="indicator_canonical", how="left").sort("indicator_name")
    return out.select(
        pl.col("indicator_name").map_elements(stable_id, return_dtype=pl.String).alias("indicator_key"),
        "indicator_name",
        pl.col("indicator_canonical").alias("canonical_name"),
        pl.col("indicator_canonical").is_not_null().alias("in_lexicon"),
        "category",
        pl.coalesce("lex_unit_kind", "unit_kind").alias("unit_kind"),
        "aliases",
    )


def _department_rows(statements: pl.DataFrame) -> pl.DataFrame:
    names = sorted({d for d in statements["department"].to_list() if d})
    return pl.DataFrame(
        {
            "department_key": [stable_id(n) for n in names],
            "department_name": names,
            "normalised_name": [normalise_department(n) for n in names],
            "level": [department_level(n) for n in names],
        },
        schema={"department_key": pl.String, "department_name": pl.String, "normalised_name": pl.String, "level": pl.String},
    )
