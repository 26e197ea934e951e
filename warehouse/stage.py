"""Load one run's increment into the working database (the "write" of write-audit-publish).

Everything here is set-based SQL over Arrow-registered polars frames: no row inserts.
Re-running a load with the same frames leaves the same tables (deletes precede inserts).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from transforms.dimensions import department_level, normalise_department
from transforms.ids import stable_id
from transforms.statements import STATEMENT_SCHEMA
from warehouse.connect import is_lake, set_meta, transaction


@dataclass(frozen=True)
class Increment:
    """Frames one run produced, ready to load."""

    run_id: str
    arrival_batch: str | None
    raw_dir: str
    files_seen: int
    raw: pl.DataFrame          # transforms.ingest.RAW_SCHEMA (new + changed files)
    failed: pl.DataFrame       # [source_file, quarantine_reason] files that yielded no speech
    speeches: pl.DataFrame     # transforms.speeches.SPEECH_SCHEMA + seen_rank, new speeches
    assignments: pl.DataFrame  # [speech_id, content_hash, canonical_speech_id, dup_kind, similarity]
    bands: pl.DataFrame        # [speech_id, band_no, band_hash]
    signatures: pl.DataFrame   # [speech_id, signature, n_shingles, sketch_version]
    deleted_ids: list[str]     # speeches of changed files, replaced by this run
    statements: pl.DataFrame   # transforms.statements.STATEMENT_SCHEMA
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


# Whether an UPDATE of earlier runs' rows can match anything, asked of the batch's own frames only.
# Rows written by this run already carry their final values, and every speech this run inserted
# is in inc_speech, every file it wrote in inc_raw: what is outside them belongs to earlier runs.
_EARLIER_ASSIGNED = "SELECT EXISTS (SELECT 1 FROM inc_assign WHERE speech_id NOT IN (SELECT speech_id FROM inc_speech))"
_EARLIER_DEMOTED = """SELECT EXISTS (SELECT 1 FROM inc_assign WHERE canonical_speech_id <> speech_id
                                   AND speech_id NOT IN (SELECT speech_id FROM inc_speech))"""
_EARLIER_EXTRACTED = "SELECT EXISTS (SELECT 1 FROM inc_per_speech WHERE speech_id NOT IN (SELECT speech_id FROM inc_speech))"
_EARLIER_FILES = "SELECT EXISTS (SELECT 1 FROM inc_fate WHERE source_file NOT IN (SELECT source_file FROM inc_raw))"


def _any(con: duckdb.DuckDBPyConnection, exists_sql: str) -> bool:
    return bool(con.execute(exists_sql).fetchone()[0])


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
    run = inc.run_id
    # 1. Replaced content: speeches of changed files go, with their facts and bands.
    for table in (*STATEMENT_TABLES, "speech_band", "speech_signature", "dim_speech"):
        con.execute(f"DELETE FROM {table} WHERE speech_id IN (SELECT speech_id FROM inc_deleted)")

    # 2. New speeches, with their dedup assignment.
    con.execute(
        """
        INSERT INTO dim_speech BY NAME
        SELECT s.speech_id, s.source_file, s.part_no, s.title, s.compilation_title, s.speech_date, s.published_at,
               CAST(strftime(s.speech_date, '%Y%m%d') AS INTEGER) AS speech_date_key,
               s.source_url, s.site, s.speaker_role, s.admin_level, s.place, s.source_script, s.topic_score,
               s.off_topic, s.redacted, s.char_count, s.body_text,
               -- stored once: a speech that is its whole file has that text in raw_file already
               CASE WHEN s.original_text = r.original_text THEN NULL ELSE s.original_text END AS original_text,
               CAST(s.cleaning_report AS JSON) AS cleaning_report, s.repair_count, s.content_hash,
               a.canonical_speech_id, a.dup_kind, a.similarity AS dup_similarity, s.seen_rank, ? AS run_id,
               -- set here, not by an UPDATE after the facts: on a DuckLake an UPDATE rewrites whole
               -- rows, texts included (500 MB end to end wrote every new speech twice)
               p.statement_count, p.no_statement_reason, s.jurisdiction, s.jurisdiction_code, s.speech_year
        FROM inc_speech s JOIN inc_assign a USING (speech_id) LEFT JOIN inc_raw r USING (source_file)
        LEFT JOIN inc_per_speech p USING (speech_id)
        """,
        [run],
    )
    # 3. Re-pointed existing speeches (a better copy arrived, or their canonical was replaced).
    # The UPDATEs on earlier runs' rows below first ask the batch's small frames whether any such
    # row can exist (_EARLIER_*): in a backfill none does, and on a DuckLake an UPDATE that matches
    # nothing still reads the whole table's Parquet files (≈ 0.3 s a batch each at 100 MB loaded).
    if _any(con, _EARLIER_ASSIGNED):
        con.execute(
            """
            UPDATE dim_speech d SET canonical_speech_id = a.canonical_speech_id, dup_kind = a.dup_kind,
                   dup_similarity = a.similarity
            FROM inc_assign a
            WHERE d.speech_id = a.speech_id AND d.run_id IS DISTINCT FROM ?
            """,
            [run],
        )
    # 4. Facts only ever belong to canonical speeches: drop those of demoted ones. Only speeches this
    # run assigned can have been demoted; touching every duplicate of the warehouse would rewrite
    # dim_speech's row groups (and the checkpoint) on every run.
    for table in STATEMENT_TABLES:
        con.execute(
            f"DELETE FROM {table} WHERE speech_id IN (SELECT speech_id FROM inc_assign WHERE canonical_speech_id <> speech_id)"
        )
    if _any(con, _EARLIER_DEMOTED):  # this run's own duplicates were inserted without counts
        con.execute(
            """UPDATE dim_speech SET statement_count = NULL, no_statement_reason = NULL
               WHERE speech_id IN (SELECT speech_id FROM inc_assign WHERE canonical_speech_id <> speech_id)
                 AND (statement_count IS NOT NULL OR no_statement_reason IS NOT NULL)"""
        )

    # 5. Band hashes for near-duplicate detection of later arrivals. Rows to replace can only belong
    # to speeches loaded by an earlier run (this run's own were deleted in 1. or are new): when no
    # earlier speech is concerned, the join is empty and DuckDB skips the scan of the big table
    # (0.05–0.1 s for each of these deletes at 100k speeches).
    con.execute("""DELETE FROM speech_band WHERE speech_id IN (SELECT DISTINCT i.speech_id FROM inc_band i
                   JOIN dim_speech d USING (speech_id) WHERE d.run_id IS DISTINCT FROM ?)""", [run])
    con.execute("INSERT INTO speech_band SELECT speech_id, band_no, band_hash FROM inc_band")
    con.execute("""DELETE FROM speech_signature WHERE speech_id IN (SELECT i.speech_id FROM inc_sig i
                   JOIN dim_speech d USING (speech_id) WHERE d.run_id IS DISTINCT FROM ?)""", [run])
    con.execute("INSERT INTO speech_signature SELECT speech_id, signature, n_shingles, sketch_version FROM inc_sig")

    # 6. Dimensions: insert names not yet present.
    con.execute(
        "INSERT INTO dim_indicator SELECT * FROM inc_indicator WHERE indicator_name NOT IN (SELECT indicator_name FROM dim_indicator)"
    )
    con.execute(
        "INSERT INTO dim_department SELECT * FROM inc_department WHERE department_name NOT IN (SELECT department_name FROM dim_department)"
    )
    if inc.indicator_links is not None:
        # The lexicon changed since the last load: names loaded before are linked with the new one.
        con.execute(
            """UPDATE dim_indicator SET canonical_name = l.canonical_name, category = l.category,
                      in_lexicon = l.canonical_name IS NOT NULL
               FROM inc_links l
               WHERE dim_indicator.indicator_name = l.indicator_name
                 AND (dim_indicator.canonical_name IS DISTINCT FROM l.canonical_name
                      OR dim_indicator.category IS DISTINCT FROM l.category)"""
        )
    if inc.lexicon_sha256 is not None:
        set_meta(con, "lexicon_sha256", inc.lexicon_sha256)

    # 7. Facts of the speeches extracted this run (replacing any they had: only earlier runs' speeches can, see 5.).
    for table in STATEMENT_TABLES:
        con.execute(f"""DELETE FROM {table} WHERE speech_id IN (SELECT p.speech_id FROM inc_per_speech p
                        JOIN dim_speech d USING (speech_id) WHERE d.run_id IS DISTINCT FROM ?)""", [run])
    con.execute(
        """
        INSERT INTO fact_indicator_value BY NAME
        SELECT t.statement_id, t.speech_id, i.indicator_key, t.subject, t.value, t.value_max, t.unit, t.unit_kind,
               t.value_base, t.unit_base, t.statement_kind, t.comparator, t.sentence, t.char_start, t.char_end,
               t.pattern, t.place, t.place_code, t.period_from, t.period_to, s.speech_date_key, ? AS run_id
        FROM inc_stmt t JOIN dim_indicator i USING (indicator_name) JOIN dim_speech s USING (speech_id)
        WHERE t.statement_kind IN ('actual', 'baseline')
        """,
        [run],
    )
    con.execute(
        """
        INSERT INTO fact_target BY NAME
        SELECT t.statement_id, t.speech_id, i.indicator_key, d.department_key, t.subject, t.value, t.value_max,
               t.unit, t.unit_kind, t.value_base, t.unit_base, t.comparator, t.deadline_text, t.deadline_date,
               CAST(strftime(t.deadline_date, '%Y%m%d') AS INTEGER) AS deadline_date_key, 'open' AS status,
               t.sentence, t.char_start, t.char_end, t.pattern, t.place, t.place_code, t.period_from, t.period_to,
               s.speech_date_key, ? AS run_id
        FROM inc_stmt t JOIN dim_indicator i USING (indicator_name) JOIN dim_speech s USING (speech_id)
        LEFT JOIN dim_department d ON d.department_name = t.department
        WHERE t.statement_kind = 'target'
        """,
        [run],
    )
    # Statements the row rules set aside (transforms/row_rules.py): queryable, never published.
    con.execute(
        """
        INSERT INTO rejected_statement BY NAME
        SELECT statement_id, speech_id, failed_rules, indicator_name, subject, value, value_max, unit, unit_kind,
               statement_kind, comparator, deadline_text, department, sentence, char_start, char_end, pattern,
               place, place_code, period_from, period_to, ? AS run_id
        FROM inc_set_aside
        """,
        [run],
    )
    if _any(con, _EARLIER_EXTRACTED):
        con.execute(
            """
            UPDATE dim_speech d SET statement_count = p.statement_count, no_statement_reason = p.no_statement_reason
            FROM inc_per_speech p WHERE d.speech_id = p.speech_id AND d.run_id IS DISTINCT FROM ?
            """,
            [run],
        )

    # 8. Raw files: the fate of every file this run touched, then the upsert of what it read with
    # its fate, then the fate of the other touched files (whose speeches were re-pointed). The
    # fate goes in with the row rather than by an UPDATE after it: on a DuckLake an UPDATE
    # rewrites whole rows, the original text included.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE inc_fate AS
        WITH touched AS (
            -- Only files this run could have changed the fate of: re-deriving every file's fate
            -- would rewrite all of raw_file (and its checkpoint) on every run.
            SELECT source_file FROM inc_raw
            UNION SELECT d.source_file FROM dim_speech d JOIN inc_assign a USING (speech_id)
        )
        SELECT s.source_file, count(*) AS speeches,
               count(*) FILTER (WHERE s.canonical_speech_id = s.speech_id) AS canonical,
               string_agg(DISTINCT c.canonical_speech_id || ' (' || c.source_file || '#' || c.part_no || ')', '; '
                          ORDER BY c.canonical_speech_id || ' (' || c.source_file || '#' || c.part_no || ')')
                   FILTER (WHERE s.canonical_speech_id <> s.speech_id) AS dup_of
        FROM dim_speech s JOIN dim_speech c ON c.speech_id = s.canonical_speech_id
        WHERE s.source_file IN (SELECT source_file FROM touched)
        GROUP BY s.source_file
        """
    )
    # MERGE rather than ON CONFLICT: one statement for both backends (a DuckLake table has no key).
    con.execute(
        """
        MERGE INTO raw_file USING (
            SELECT r.source_file, r.content_sha256, r.size_bytes,
                   (SELECT l.mtime_ns FROM landing_file l WHERE l.source_file = r.source_file AND l.size_bytes = r.size_bytes)
                       AS mtime_ns,
                   r.encoding, r.replaced_chars,
                   CASE WHEN q.reason IS NOT NULL THEN 'quarantined'
                        WHEN t.canonical = 0 THEN 'duplicate' ELSE 'loaded' END AS status,
                   CASE WHEN q.reason IS NOT NULL THEN q.reason
                        WHEN t.canonical = 0 THEN 'duplicate of ' || t.dup_of END AS detail,
                   CASE WHEN q.reason IS NULL THEN COALESCE(t.speeches, 0) ELSE 0 END AS speech_count,
                   r.original_text, ?::TIMESTAMP AS first_seen_at, ?::TIMESTAMP AS last_loaded_at,
                   ?::VARCHAR AS arrival_batch, ?::VARCHAR AS run_id
            FROM inc_raw r LEFT JOIN inc_failed f USING (source_file) LEFT JOIN inc_fate t USING (source_file),
                 LATERAL (SELECT COALESCE(r.quarantine_reason, f.quarantine_reason) AS reason) q
        ) AS x ON raw_file.source_file = x.source_file
        WHEN MATCHED THEN UPDATE SET
            content_sha256 = x.content_sha256, size_bytes = x.size_bytes, mtime_ns = x.mtime_ns, encoding = x.encoding,
            replaced_chars = x.replaced_chars, status = x.status, detail = x.detail, speech_count = x.speech_count,
            original_text = x.original_text, last_loaded_at = x.last_loaded_at,
            arrival_batch = x.arrival_batch, run_id = x.run_id
        WHEN NOT MATCHED THEN INSERT BY NAME
        """,
        [now, now, inc.arrival_batch, run],
    )
    if _any(con, _EARLIER_FILES):
        con.execute(
            """
            UPDATE raw_file r SET speech_count = fate.speeches,
                   status = CASE WHEN fate.canonical > 0 THEN 'loaded' ELSE 'duplicate' END,
                   detail = CASE WHEN fate.canonical > 0 THEN NULL ELSE 'duplicate of ' || fate.dup_of END
            FROM inc_fate fate
            WHERE r.source_file = fate.source_file AND r.status <> 'quarantined'
              AND fate.source_file NOT IN (SELECT source_file FROM inc_raw)
            """
        )
    con.execute("DROP TABLE inc_fate")

    counts = {
        "files_new": inc.raw.filter(pl.col("change") == "new").height,
        "files_changed": inc.raw.filter(pl.col("change") == "changed").height,
        "speeches_added": inc.speeches.height,
        "statements_added": inc.statements.height,
        "statements_set_aside": inc.set_aside.height if inc.set_aside is not None else 0,
    }
    con.execute("DELETE FROM load_run WHERE run_id = ?", [run])
    con.execute(
        """
        INSERT INTO load_run (run_id, arrival_batch, started_at, raw_dir, files_seen, files_new, files_changed,
                                         files_unchanged, speeches_added, statements_added, statements_set_aside, more_pending)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [run, inc.arrival_batch, now, inc.raw_dir, inc.files_seen, counts["files_new"], counts["files_changed"],
         inc.files_seen - counts["files_new"] - counts["files_changed"], counts["speeches_added"], counts["statements_added"],
         counts["statements_set_aside"], inc.deferred],
    )
    return counts


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
