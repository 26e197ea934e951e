"""The asset graph: raw files → speeches → canonical speeches → statements → staged warehouse → published warehouse.

Thin wiring: every computation is a transforms/ function; every warehouse read or
write goes through warehouse/. Frames travel between assets through the Parquet
IO manager; warehouse state lives in the run's private working database.
"""


import hashlib
import json
import time
from collections import Counter

import dagster as dg
import polars as pl

import config
from orchestration.resources import PipelineSettings
from transforms import dedup, dimensions, ingest, row_rules, speeches as speeches_t, statements as statements_t
from transforms.extract.lexicon import LEXICON_PATH
from transforms.runtime import preflight
from warehouse import stage, state, workspace

WAREHOUSE_POOL = "warehouse"  # at most one writer: see dagster.yaml
GROUP = "speech_pipeline"  # one group, so the UI shows the whole flow at once
# One partition per arrival batch (a sensor tick, a scheduled run, a `make run`), never one per file:
# the UI shows each batch's lineage and a batch can be re-run on its own.
ARRIVAL_BATCHES = dg.DynamicPartitionsDefinition(name="arrival_batch")
_IO_RETRY = dg.RetryPolicy(max_retries=3, delay=1.0, backoff=dg.Backoff.EXPONENTIAL)


def _preview(df: pl.DataFrame, columns: list[str], n: int = 10) -> dg.MetadataValue:
    if df.is_empty():
        return dg.MetadataValue.md("_(none)_")
    head = df.select([c for c in columns if c in df.columns]).head(n)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    for row in head.iter_rows():
        lines.append("| " + " | ".join("" if v is None else str(v).replace("|", "/")[:60] for v in row) + " |")
    return dg.MetadataValue.md("\n".join(lines))


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"python"}, retry_policy=_IO_RETRY, pool=WAREHOUSE_POOL)
def raw_files(context: dg.AssetExecutionContext, settings: PipelineSettings) -> pl.DataFrame:
    """Files of the landing directory that are new or changed since the last published load, hashed and decoded.

    Unchanged files (same path and SHA-256) are skipped: an unchanged landing directory gives an empty frame.
    """
    t0 = time.perf_counter()
    swept = workspace.sweep_stale(settings.target, config.keep_work_days())
    scan = ingest.scan_landing(settings.raw_path)
    batch = context.partition_key if context.has_partition_key else None
    with_stat = not config.verify_hashes()  # =1: re-hash every file, trust no size + mtime
    # Decide what is new against the published file read-only first: a run that finds nothing
    # new never pays for a working copy of the whole warehouse.
    peek = state.peek_published(settings.target, batch, with_stat)
    scan_rows: dict[str, int] | None = None  # landing_file rows written, once the scan is recorded
    if peek is not None and not peek.rerun and not ingest.has_candidates(scan, peek.known):
        known, rerun = peek.known, []
    else:
        with workspace.working_connection(settings.target, context.run.run_id) as con:
            known = state.known_files(con, with_stat=with_stat)
            rerun = state.files_of_batch(con, batch) if batch else []
            scan_rows = stage.record_scan(con, context.run.run_id, scan)
    # Hash-verify mode (SPEECH_VERIFY_HASHES=1) ignores stored stats, so it does not refresh them either.
    verified: list[tuple[str, int, int]] | None = [] if with_stat else None
    if rerun:
        # A partition that already processed files is being re-run: reprocess exactly its files.
        scan_in = scan.filter(pl.col("source_file").is_in(rerun))
        raw, deferred = ingest.read_raw_batch(settings.raw_path, scan_in, known, force=rerun, verified=verified)
    else:
        # Bounded batches: memory stays flat whatever lands; the rest waits for the next run.
        raw, deferred = ingest.read_raw_batch(
            settings.raw_path, scan, known,
            max_files=config.batch_files(),
            # 24 MB: 500 MB in batches of 32 MB peaked at 2,052 MiB (process tree), of 24 MB at
            # 1,865 MiB for the same throughput (docs/performance.md).
            max_bytes=int(config.batch_mb() * 1e6),
            verified=verified,
        )
    if verified or (scan_rows is None and not raw.is_empty()):
        with workspace.working_connection(settings.target, context.run.run_id) as con:
            if scan_rows is None:
                # Rows to load although the peek saw no candidate (e.g. a loaded file replaced by a link
                # out of the landing dir): the working copy must hold this scan, which the
                # reconciliation check compares with the fates.
                scan_rows = stage.record_scan(con, context.run.run_id, scan)
            if verified:
                # Touched but unchanged: store the new size and mtime, or every later run hashes them again.
                stage.refresh_stats(con, context.run.run_id, verified)
    scan_rows = scan_rows or {"written": 0, "vanished": 0}
    reasons = Counter(r for r in raw["quarantine_reason"].to_list() if r)
    context.add_output_metadata(
        {
            "files_seen": scan.height,
            "files_new": raw.filter(pl.col("change") == "new").height,
            "files_changed": raw.filter(pl.col("change") == "changed").height,
            "files_unchanged": scan.height - raw.height,
            "quarantined": sum(reasons.values()),
            "quarantine_reasons": dg.MetadataValue.json(dict(reasons)),
            "mb_read": round(float(raw["size_bytes"].sum() or 0) / 1e6, 3),
            "seconds": round(time.perf_counter() - t0, 3),
            "raw_dir": str(settings.raw_path),
            "rerun_of_batch": len(rerun),
            "files_deferred_to_next_run": deferred,
            "files_touched_unchanged": len(verified or []),
            "landing_rows_written": scan_rows["written"],
            "landing_paths_vanished": scan_rows["vanished"],
            "stale_work_files_removed": swept,
        }
    )
    return raw.with_columns(pl.lit(scan.height, dtype=pl.Int64).alias("files_seen"),
                            pl.lit(deferred).alias("deferred"))


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"python"})
def speeches(context: dg.AssetExecutionContext, settings: PipelineSettings, raw_files: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Cleaned speeches, one per 篇: Simplified text, metadata, original text and a cleaning report."""
    t0 = time.perf_counter()
    # A broken OpenCC/jieba installation must fail the run (nothing published, retried next time),
    # never quarantine innocent files as "cleaning failed".
    if problems := preflight(settings.warehouse_path.parent / ".work"):
        raise RuntimeError("preflight: " + "; ".join(problems))
    out, failed = speeches_t.clean_files(raw_files)
    report: Counter[str] = Counter()
    for r in out["cleaning_report"].to_list():
        report.update(json.loads(r) if r else {})
    context.add_output_metadata(
        {
            "files_in": raw_files.filter(pl.col("quarantine_reason").is_null()).height,
            "speeches_out": out.height,
            "files_without_speech": failed.height,
            "repairs_by_kind": dg.MetadataValue.json(dict(report)),
            "off_topic": int(out["off_topic"].sum() or 0),
            "seconds": round(time.perf_counter() - t0, 3),
            "preview": _preview(out, ["source_file", "part_no", "title", "char_count", "source_script", "speech_date"]),
        }
    )
    return {"speeches": out, "failed": failed}


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"python", "duckdb"}, pool=WAREHOUSE_POOL)
def canonical_speeches(
    context: dg.AssetExecutionContext, settings: PipelineSettings, raw_files: pl.DataFrame, speeches: dict[str, pl.DataFrame]
) -> dict[str, pl.DataFrame]:
    """Speeches with their canonical copy (exact hash, then MinHash LSH against everything loaded before).

    Also re-resolves speeches whose canonical copy is being replaced (a changed file), and
    marks which speeches need statements extracted (canonical after this run, without facts).
    """
    t0 = time.perf_counter()
    new = speeches["speeches"]
    changed_files = raw_files.filter(pl.col("change") == "changed")["source_file"].to_list()
    if new.is_empty() and not changed_files:
        context.add_output_metadata({"speeches_in": 0, "seconds": round(time.perf_counter() - t0, 3)})
        return _empty_dedup(speeches["failed"])
    with workspace.working_connection(settings.target, context.run.run_id) as con:
        deleted = state.speeches_of_files(con, changed_files)
        deleted_ids = deleted["speech_id"].to_list()
        orphans = state.orphans_of(con, deleted_ids)
        first_rank = state.next_seen_rank(con)
        new = new.with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + first_rank).alias("seen_rank"))
        cols = (*statements_t.SPEECH_CONTEXT, "char_count", "source_script", "repair_count", "seen_rank")
        batch = pl.concat([new.select(cols), orphans.select(cols)], how="vertical_relaxed")
        sketch = dedup.sketch_batch(batch["speech_id"].to_list(), batch["body_text"].to_list())
        hashes = pl.DataFrame({"content_hash": list(sketch.content_hashes)}, schema={"content_hash": pl.String})
        existing, existing_bands, existing_sigs = state.dedup_candidates(
            con, hashes, sketch.bands, deleted_ids + orphans["speech_id"].to_list()
        )
        # Speeches that will have facts after the run: needed to find demoted/promoted ones.
        had_facts = set(existing.filter(pl.col("speech_id") == pl.col("canonical_speech_id"))["speech_id"].to_list())
    plan = dedup.plan_dedup(batch.drop(statements_t.CONTEXT_ONLY), existing, existing_bands, existing_sigs, sketch=sketch)
    assign = plan.assignments
    canonical_after = assign.filter(pl.col("speech_id") == pl.col("canonical_speech_id"))["speech_id"].to_list()
    needs = [sid for sid in canonical_after if sid not in had_facts]
    to_extract = batch.filter(pl.col("speech_id").is_in(needs)).select(*statements_t.SPEECH_CONTEXT)
    if stored := sorted(set(needs) - set(to_extract["speech_id"].to_list())):
        # A stored duplicate promoted to canonical without being in the batch (a new copy joined two
        # clusters, and the stored one is now the most complete): it has no statements yet.
        with workspace.working_connection(settings.target, context.run.run_id) as con:
            to_extract = pl.concat([to_extract, state.speech_texts(con, stored)], how="vertical_relaxed")
    dup = assign.filter(pl.col("dup_kind").is_not_null())
    context.add_output_metadata(
        {
            "speeches_in": new.height,
            "re_resolved": orphans.height,
            "exact_duplicates": dup.filter(pl.col("dup_kind") == "exact").height,
            "near_duplicates": dup.filter(pl.col("dup_kind") == "near").height,
            "dedup_ratio": round(dup.height / assign.height, 4) if assign.height else 0.0,
            "candidates_from_warehouse": existing.height,
            "to_extract": to_extract.height,
            "seconds": round(time.perf_counter() - t0, 3),
        }
    )
    return {
        "speeches": new,
        "failed": speeches["failed"],
        "assignments": assign,
        "bands": plan.bands,
        "signatures": plan.signatures.with_columns(pl.lit(dedup.SKETCH_VERSION).alias("sketch_version")),
        "deleted": pl.DataFrame({"speech_id": deleted_ids}, schema={"speech_id": pl.String}),
        "to_extract": to_extract,
    }


def _empty_dedup(failed: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """canonical_speeches' output for a batch with no speech: nothing to compare, no warehouse access."""
    return {
        "speeches": pl.DataFrame(schema={**speeches_t.SPEECH_SCHEMA, "seen_rank": pl.Int64}),
        "failed": failed,
        "assignments": pl.DataFrame(schema={"speech_id": pl.String, "content_hash": pl.String,
                                            "canonical_speech_id": pl.String, "dup_kind": pl.String,
                                            "similarity": pl.Float64}),
        "bands": pl.DataFrame(schema={"speech_id": pl.String, "band_no": pl.Int32, "band_hash": pl.Int64}),
        "signatures": pl.DataFrame(schema={"speech_id": pl.String, "signature": pl.List(pl.UInt64),
                                           "n_shingles": pl.Int64, "sketch_version": pl.String}),
        "deleted": pl.DataFrame(schema={"speech_id": pl.String}),
        "to_extract": pl.DataFrame(schema=statements_t.SPEECH_CONTEXT),
    }


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"python"})
def statements(context: dg.AssetExecutionContext, canonical_speeches: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Indicator and target statements of every speech that is canonical after this run and has none yet.

    Row rules (transforms/row_rules.py) set aside the statements that cannot be right, with the rules they fail.
    """
    t0 = time.perf_counter()
    todo = canonical_speeches["to_extract"]
    extracted, per_speech = statements_t.extract_frame(todo)
    rows, set_aside = row_rules.split(extracted)
    per_speech = row_rules.recount(per_speech, rows, set_aside)
    kinds = Counter(rows["statement_kind"].to_list())
    mb = float(todo["body_text"].str.len_bytes().sum() or 0) / 1e6
    secs = time.perf_counter() - t0
    context.add_output_metadata(
        {
            "speeches_in": todo.height,
            "statements_out": rows.height,
            "statements_set_aside": set_aside.height,
            "set_aside_by_rule": dg.MetadataValue.json(dict(Counter(set_aside["failed_rules"].explode().to_list()))),
            "by_kind": dg.MetadataValue.json(dict(kinds)),
            "statements_per_speech": round(rows.height / todo.height, 2) if todo.height else 0.0,
            "speeches_without_statements": per_speech.filter(pl.col("statement_count") == 0).height,
            "mb_per_s": round(mb / secs, 2) if secs > 0 else 0.0,
            "seconds": round(secs, 3),
            "preview": _preview(rows, ["indicator_name", "subject", "value", "unit", "statement_kind", "comparator", "deadline_text", "department"]),
        }
    )
    return {"statements": rows, "set_aside": set_aside, "per_speech": per_speech}


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"duckdb"}, pool=WAREHOUSE_POOL)
def staged_warehouse(
    context: dg.AssetExecutionContext,
    settings: PipelineSettings,
    raw_files: pl.DataFrame,
    canonical_speeches: dict[str, pl.DataFrame],
    statements: dict[str, pl.DataFrame],
) -> None:
    """The run's increment merged into its private working database (not yet visible to analysts)."""
    t0 = time.perf_counter()
    if raw_files.is_empty() and not workspace.has_working(settings.target, context.run.run_id):
        context.add_output_metadata({"noop": True, "seconds": round(time.perf_counter() - t0, 3)})
        return  # nothing new: no working copy was made, nothing to stage
    with workspace.working_connection(settings.target, context.run.run_id) as con:
        # raw_files recorded this run's scan: count it there rather than walking the landing dir again.
        files_seen = int(raw_files["files_seen"][0]) if raw_files.height else state.scanned_paths(con)
        lexicon_csv = LEXICON_PATH.read_bytes()  # read once: linked with, and fingerprinted
        lexicon_sha = hashlib.sha256(lexicon_csv).hexdigest()
        relink = state.indicator_names_to_relink(con, lexicon_sha)
        inc = stage.Increment(
            run_id=context.run.run_id,
            arrival_batch=context.partition_key if context.has_partition_key else None,
            raw_dir=str(settings.raw_path),
            files_seen=files_seen,
            raw=raw_files.drop("files_seen", "deferred"),
            deferred=bool(raw_files["deferred"][0]) if raw_files.height else False,
            failed=canonical_speeches["failed"],
            speeches=canonical_speeches["speeches"],
            assignments=canonical_speeches["assignments"],
            bands=canonical_speeches["bands"],
            signatures=canonical_speeches["signatures"],
            deleted_ids=canonical_speeches["deleted"]["speech_id"].to_list(),
            statements=statements["statements"],
            per_speech=statements["per_speech"],
            set_aside=statements["set_aside"],
            lexicon=pl.read_csv(lexicon_csv, infer_schema=False),
            lexicon_sha256=lexicon_sha,
            indicator_links=None if relink is None else dimensions.indicator_links(relink),
        )
        counts = stage.load_increment(con, inc)
        totals = {k: v for k, v in state.totals(con).items() if k in ("files", "speeches", "canonical", "statements")}
    context.add_output_metadata(
        {**counts, **{f"total_{k}": v for k, v in totals.items()}, "seconds": round(time.perf_counter() - t0, 3),
         "working_db": str(settings.target if settings.backend == "ducklake"
                           else workspace.working_path(settings.warehouse_path, context.run.run_id))}
    )


def _finish(path: workspace.Target, run_id: str, noop: bool, con=None) -> None:
    """Publish the run, or discard it when it changed nothing (the published warehouse is left exactly as it was)."""
    if noop:
        workspace.discard(path, run_id, con)
    else:
        workspace.publish(path, run_id, con)


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"duckdb"}, deps=[staged_warehouse], pool=WAREHOUSE_POOL)
def published_warehouse(context: dg.AssetExecutionContext, settings: PipelineSettings) -> None:
    """The analysts' DuckDB file, atomically replaced by the validated working copy.

    Runs only when every blocking check on the staged warehouse passed.
    """
    path = settings.target
    lake = settings.backend == "ducklake"
    if not workspace.has_working(path, context.run.run_id):
        context.add_output_metadata({"published": False, "noop": True})
        return
    with workspace.working_connection(path, context.run.run_id) as con:
        (changed, migrated) = con.execute(
            """SELECT (SELECT COALESCE(sum(files_new + files_changed), 0) FROM load_run WHERE run_id = $run),
                      (SELECT count(*) FROM warehouse_meta
                        WHERE key IN ('migrated_by_run', 'stats_refreshed_by_run') AND value = $run)""",
            {"run": context.run.run_id},
        ).fetchone()
        if changed == 0 and not migrated and workspace.has_published(path, con):
            noop = True
        else:
            noop = False
            con.execute("UPDATE load_run SET published_at = now()::TIMESTAMP WHERE run_id = ?", [context.run.run_id])
        summary = state.totals(con)
        if lake:
            _finish(path, context.run.run_id, noop, con)  # on this connection: each one costs an ATTACH
    if not lake:
        _finish(path, context.run.run_id, noop)  # the file is replaced: after its connection closed
    context.add_output_metadata(
        {
            "published": not noop,
            "path": dg.MetadataValue.path(str(path)) if settings.backend == "duckdb" else dg.MetadataValue.text(str(path)),
            **{k: summary[k] for k in ("files", "loaded", "duplicate", "quarantined", "speeches", "statements")},
            "data_docs": dg.MetadataValue.path(str(settings.docs_dir / "index.html")),
        }
    )
