"""Reads of warehouse state that incremental processing needs (from the working database)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from transforms.extract_batch import SPEECH_CONTEXT
from warehouse.connect import schema_version, stored_schema_version
from warehouse.lake import Lake
from warehouse.sql import read_sql
from warehouse.workspace import open_published


def known_files(con: duckdb.DuckDBPyConnection, with_stat: bool = True) -> pl.DataFrame:
    """[source_file, content_sha256, size_bytes, mtime_ns, quarantine_reason] of every raw file the warehouse has seen.

    size_bytes/mtime_ns are those of the last scan that hashed the current content (NULL when
    with_stat is False, which makes ingest re-hash every file). quarantine_reason: the stored
    reason of a quarantined file, else NULL (ingest reads again a file quarantined for a
    transient reason once it is readable).
    """
    return con.execute(_KNOWN_SQL_WITH_STAT if with_stat else _KNOWN_SQL_WITHOUT_STAT).pl()


_REASON = "CASE WHEN status = 'quarantined' THEN detail END AS quarantine_reason"
_KNOWN_SQL_WITH_STAT = f"SELECT source_file, content_sha256, size_bytes, mtime_ns, {_REASON} FROM raw_file"
_KNOWN_SQL_WITHOUT_STAT = ("SELECT source_file, content_sha256, NULL::BIGINT AS size_bytes, NULL::BIGINT AS mtime_ns, "
                           f"{_REASON} FROM raw_file")


@dataclass(frozen=True)
class Peek:
    """What the published warehouse says before any working copy is made."""

    known: pl.DataFrame
    rerun: list[str]


def peek_published(published: Path | Lake, arrival_batch: str | None, with_stat: bool = True) -> Peek | None:
    """Known files (and a re-run batch's files) read from the published warehouse, read-only.

    None when that cannot be done cheaply and safely (another process holds a write lock,
    or the warehouse predates a schema change): the caller then works from a private copy.
    An absent warehouse (or a lake never published) is an empty one.
    """
    try:
        con = open_published(published)
    except duckdb.Error:
        return None
    if con is None:
        empty = pl.DataFrame(schema={"source_file": pl.String, "content_sha256": pl.String,
                                     "size_bytes": pl.Int64, "mtime_ns": pl.Int64, "quarantine_reason": pl.String})
        return Peek(empty, [])
    try:
        if stored_schema_version(con) != schema_version():
            return None  # an older schema: migrate it in a working copy (and publish the migration)
        return Peek(known_files(con, with_stat), files_of_batch(con, arrival_batch) if arrival_batch else [])
    except duckdb.Error:
        return None
    finally:
        con.close()


def scanned_paths(con: duckdb.DuckDBPyConnection) -> int:
    """How many paths the last scan recorded in this database found in the landing directory (landing_file)."""
    (n,) = con.execute("SELECT count(*) FROM landing_file").fetchone()
    return int(n)


def files_of_batch(con: duckdb.DuckDBPyConnection, arrival_batch: str) -> list[str]:
    """Paths whose current content was processed by the given arrival batch (partition)."""
    return [r[0] for r in con.execute(
        "SELECT source_file FROM raw_file WHERE arrival_batch = ? ORDER BY source_file", [arrival_batch]
    ).fetchall()]


def speeches_of_files(con: duckdb.DuckDBPyConnection, files: list[str]) -> pl.DataFrame:
    """[speech_id, canonical_speech_id] of the speeches that came from the given files."""
    if not files:
        return pl.DataFrame(schema={"speech_id": pl.String, "canonical_speech_id": pl.String})
    return con.execute(
        "SELECT speech_id, canonical_speech_id FROM dim_speech WHERE list_contains(?, source_file)", [files]
    ).pl()


def orphans_of(con: duckdb.DuckDBPyConnection, deleted_ids: list[str]) -> pl.DataFrame:
    """Speeches (not themselves deleted) whose canonical copy is being deleted; they must be re-resolved."""
    if not deleted_ids:
        return pl.DataFrame(schema={**SPEECH_CONTEXT, "char_count": pl.Int32, "source_script": pl.String,
                                    "repair_count": pl.Int32, "seen_rank": pl.Int64})
    return con.execute(
        """SELECT speech_id, body_text, char_count, source_script, repair_count, seen_rank, speech_date,
                  speech_year, jurisdiction, jurisdiction_code
           FROM dim_speech
           WHERE list_contains(?, canonical_speech_id) AND NOT list_contains(?, speech_id)""",
        [deleted_ids, deleted_ids],
    ).pl()


def speech_texts(con: duckdb.DuckDBPyConnection, speech_ids: list[str]) -> pl.DataFrame:
    """transforms.extract_batch.SPEECH_CONTEXT columns of the given stored speeches (to extract statements from them)."""
    return con.execute(
        "SELECT speech_id, body_text, speech_date, speech_year, jurisdiction, jurisdiction_code FROM dim_speech "
        "WHERE list_contains(?, speech_id) ORDER BY seen_rank",
        [speech_ids],
    ).pl()


def dedup_candidates(
    con: duckdb.DuckDBPyConnection, hashes: pl.DataFrame, bands: pl.DataFrame, exclude_ids: list[str]
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """Existing speeches that a batch could duplicate, with their whole clusters, bands and signatures.

    Inputs: hashes [content_hash] and bands [band_no, band_hash] of the batch; ids to
    leave out (being deleted or re-resolved). Output: (existing, existing_bands,
    existing_signatures) as transforms.dedup.plan_dedup expects them. A join on stored
    bands, never a rescan of text.
    """
    con.register("batch_hashes", hashes.select("content_hash").to_arrow())
    con.register("batch_bands", bands.select("band_no", "band_hash").to_arrow())
    con.register("excluded", pl.DataFrame({"speech_id": exclude_ids}, schema={"speech_id": pl.String}).to_arrow())
    try:
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE cand AS
            WITH hit AS (
                SELECT s.canonical_speech_id FROM dim_speech s JOIN batch_hashes h USING (content_hash)
                UNION
                SELECT s.canonical_speech_id FROM speech_band b
                JOIN batch_bands bb ON bb.band_no = b.band_no AND bb.band_hash = b.band_hash
                JOIN dim_speech s ON s.speech_id = b.speech_id
            )
            SELECT s.speech_id, s.canonical_speech_id, s.content_hash, s.char_count, s.source_script,
                   s.repair_count, s.seen_rank
            FROM dim_speech s
            WHERE s.canonical_speech_id IN (SELECT canonical_speech_id FROM hit)
              AND s.speech_id NOT IN (SELECT speech_id FROM excluded)
            """
        )
        existing = con.execute("SELECT * FROM cand").pl()
        existing_bands = con.execute(
            "SELECT b.speech_id, b.band_no, b.band_hash FROM speech_band b JOIN cand USING (speech_id)"
        ).pl()
        existing_signatures = con.execute(
            "SELECT g.speech_id, g.signature, g.n_shingles FROM speech_signature g JOIN cand USING (speech_id)"
        ).pl()
    finally:
        for name in ("batch_hashes", "batch_bands", "excluded"):
            con.unregister(name)
    return existing, existing_bands, existing_signatures


def next_seen_rank(con: duckdb.DuckDBPyConnection) -> int:
    """First free seen_rank (speeches are ranked in the order runs first saw them)."""
    (n,) = con.execute("SELECT COALESCE(max(seen_rank), 0) + 1 FROM dim_speech").fetchone()
    return int(n)


def indicator_names_to_relink(con: duckdb.DuckDBPyConnection, lexicon_sha256: str) -> list[str] | None:
    """Every stored indicator name when the warehouse was last linked with another lexicon, else None."""
    row = con.execute("SELECT value FROM warehouse_meta WHERE key = 'lexicon_sha256'").fetchone()
    if row is not None and row[0] == lexicon_sha256:
        return None
    return [n for (n,) in con.execute("SELECT indicator_name FROM dim_indicator ORDER BY indicator_name").fetchall()]



def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """What the warehouse holds (warehouse/sql/totals.sql): files, loaded, duplicate, quarantined, speeches,
    canonical, statements, set_aside."""
    cur = con.execute(read_sql("totals"))
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def reconciliation(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, int]:
    """The file accounting of a run (warehouse/sql/reconciliation.sql): files, accounted, and counts that must be 0."""
    cur = con.execute(read_sql("reconciliation"), {"run": run_id})
    return dict(zip([d[0] for d in cur.description], cur.fetchone()))


def more_pending(con: duckdb.DuckDBPyConnection, run_id: str) -> bool:
    """True when the run stopped at its batch budget and left files for the next batch."""
    (pending,) = con.execute("SELECT COALESCE(bool_or(more_pending), FALSE) FROM load_run WHERE run_id = ?",
                             [run_id]).fetchone()
    return bool(pending)


def set_aside_by_rule(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, dict]:
    """Rows this run set aside, per rule, with up to three sample sentences each (warehouse/sql/set_aside_by_rule.sql)."""
    rows = con.execute(read_sql("set_aside_by_rule"), {"run": run_id}).fetchall()
    return {"set_aside_by_rule": {rule: n for rule, n, _ in rows},
            "set_aside_samples": {rule: samples for rule, _, samples in rows}}


def rejected_by_rule(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Every statement set aside in this warehouse, counted per failing rule, most frequent first."""
    return dict(con.execute(read_sql("rejected_by_rule")).fetchall())


def record_checks(con: duckdb.DuckDBPyConnection, run_id: str, passed: int, failed: int, warned: int) -> None:
    """Store a run's check counts in load_run (the `make run` summary and v_load_runs read them)."""
    con.execute("UPDATE load_run SET checks_passed = ?, checks_failed = ?, checks_warned = ? WHERE run_id = ?",
                [passed, failed, warned, run_id])
