"""The seven steps of a run, as plain functions: ingest, clean, dedup, extract, load, validate, publish.

Every computation is a transforms/ function and every warehouse read or write goes through the
session's Warehouse (warehouse/backend.py); a step decides what to call and measures what it did.
Outputs are frozen dataclasses of polars frames, so the Dagster IO manager and the benchmarks
store them the same way (pipeline/frames.py). `metrics` holds plain values (numbers, strings, dicts)
that the assets show as metadata.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field

import polars as pl

import config
from expectations import tiers
from pipeline.session import RunSession
from transforms import dedup as dedup_t, dimensions, ingest as ingest_t, row_rules
from transforms import clean_batch, extract_batch
from transforms.extract.lexicon import LEXICON_PATH
from transforms.runtime import preflight
from warehouse import load as warehouse_load, reads  # `load` is also the name of a step here


@dataclass(frozen=True)
class Ingested:
    """Files of the landing dir that are new or changed since the last published load, hashed and decoded."""

    raw: pl.DataFrame  # one row per file read (transforms.ingest.read_raw_batch), quarantine_reason set or not
    files_seen: int  # paths the scan found (unchanged ones included)
    deferred: int  # files left for the next batch (batch budget)
    metrics: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Cleaned:
    """Speeches, one per 篇 (Simplified text, metadata, original text, cleaning report), and the files that gave none."""

    speeches: pl.DataFrame
    failed: pl.DataFrame
    metrics: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Deduplicated:
    """The batch's speeches with their canonical copy, sketches to store, and the speeches to extract."""

    speeches: pl.DataFrame  # this batch's cleaned speeches, with seen_rank
    failed: pl.DataFrame
    assignments: pl.DataFrame  # speech_id → canonical_speech_id, dup_kind, similarity
    bands: pl.DataFrame
    signatures: pl.DataFrame
    deleted: pl.DataFrame  # speech_id of speeches whose file changed (replaced by this batch)
    to_extract: pl.DataFrame  # transforms.extract_batch.SPEECH_CONTEXT rows: canonical after the run, no facts yet
    metrics: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Extracted:
    """Statements that pass the row rules, those set aside (with the rules they fail), and counts per speech."""

    statements: pl.DataFrame
    set_aside: pl.DataFrame
    per_speech: pl.DataFrame
    metrics: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Loaded:
    """What load merged into the run's private state (counts per table, totals after it)."""

    staged: bool  # False: nothing new arrived, no private state was made
    metrics: dict = field(default_factory=dict)


@dataclass(frozen=True)
class CheckOutcome:
    """One check on the staged increment: a GX suite or the file reconciliation."""

    name: str
    passed: bool
    blocking: bool
    metadata: dict
    description: str | None = None


@dataclass(frozen=True)
class Validated:
    """Every check's outcome; `passed` is False when a blocking one failed (publish must not run)."""

    checks: tuple[CheckOutcome, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed or not c.blocking for c in self.checks)


@dataclass(frozen=True)
class Published:
    """Whether the run became what analysts see (False: it changed nothing and was discarded), with totals."""

    published: bool
    metrics: dict = field(default_factory=dict)


def _seconds(t0: float) -> float:
    return round(time.perf_counter() - t0, 3)


def ingest(session: RunSession) -> Ingested:
    """Scan the landing dir; hash and decode the files that are new or changed since the last published load.

    Unchanged files (same path and SHA-256; same size and mtime unless SPEECH_VERIFY_HASHES=1) are
    skipped: an unchanged landing dir gives an empty frame without a working copy of the warehouse.
    A re-run of an arrival batch reprocesses exactly the files that batch processed. Writes the scan
    (landing_file) to the run's private state when there is anything to load.
    """
    t0 = time.perf_counter()
    wh, run_id, batch = session.warehouse, session.run_id, session.arrival_batch
    swept = wh.sweep(config.keep_work_days())
    scan = ingest_t.scan_landing(session.raw_dir)
    with_stat = not config.verify_hashes()
    # Decide what is new against the published warehouse read-only first: a run that finds nothing
    # new never pays for a working copy of the whole warehouse.
    peek = wh.peek(batch, with_stat)
    scan_rows: dict[str, int] | None = None  # landing_file rows written, once the scan is recorded
    if peek is not None and not peek.rerun and not ingest_t.has_candidates(scan, peek.known):
        known, rerun = peek.known, []
    else:
        with wh.connect(run_id) as con:
            known = reads.known_files(con, with_stat=with_stat)
            rerun = reads.files_of_batch(con, batch) if batch else []
            scan_rows = warehouse_load.record_scan(con, run_id, scan)
    # Hash-verify mode ignores stored stats, so it does not refresh them either.
    verified: list[tuple[str, int, int]] | None = [] if with_stat else None
    if rerun:
        scan_in = scan.filter(pl.col("source_file").is_in(rerun))
        raw, deferred = ingest_t.read_raw_batch(session.raw_dir, scan_in, known, force=rerun, verified=verified)
    else:
        # Bounded batches: memory stays flat whatever lands; the rest waits for the next run. (SPEECH_BATCH_MB,
        # 24 MB by default: 500 MB in batches of 32 MB peaked at 2,052 MiB, of 24 MB at 1,865 MiB, docs/performance.md)
        raw, deferred = ingest_t.read_raw_batch(session.raw_dir, scan, known, max_files=config.batch_files(),
                                                max_bytes=int(config.batch_mb() * 1e6), verified=verified)
    if verified or (scan_rows is None and not raw.is_empty()):
        with wh.connect(run_id) as con:
            if scan_rows is None:
                # Rows to load although the peek saw no candidate (e.g. a loaded file replaced by a link
                # out of the landing dir): the private state must hold this scan, which the
                # reconciliation check compares with the fates.
                scan_rows = warehouse_load.record_scan(con, run_id, scan)
            if verified:
                # Touched but unchanged: store the new size and mtime, or every later run hashes them again.
                warehouse_load.refresh_stats(con, run_id, verified)
    scan_rows = scan_rows or {"written": 0, "vanished": 0}
    reasons = Counter(r for r in raw["quarantine_reason"].to_list() if r)
    metrics = {
        "files_seen": scan.height,
        "files_new": raw.filter(pl.col("change") == "new").height,
        "files_changed": raw.filter(pl.col("change") == "changed").height,
        "files_unchanged": scan.height - raw.height,
        "quarantined": sum(reasons.values()),
        "quarantine_reasons": dict(reasons),
        "mb_read": round(float(raw["size_bytes"].sum() or 0) / 1e6, 3),
        "seconds": _seconds(t0),
        "raw_dir": str(session.raw_dir),
        "rerun_of_batch": len(rerun),
        "files_deferred_to_next_run": deferred,
        "files_touched_unchanged": len(verified or []),
        "landing_rows_written": scan_rows["written"],
        "landing_paths_vanished": scan_rows["vanished"],
        "stale_work_files_removed": swept,
    }
    return Ingested(raw, scan.height, int(deferred), metrics)


@dataclass(frozen=True)
class Survey:
    """What the landing dir holds that the published warehouse does not: files and bytes to read."""

    files: int
    bytes: int


def survey(session: RunSession) -> Survey | None:
    """The files of the landing dir that are new or changed since the last published load, counted (the
    stat scan and read-only peek ingest starts with; no file is read). None when that cannot be told
    cheaply (the published warehouse is locked or on an older schema) or a batch is being re-run."""
    peek = session.warehouse.peek(session.arrival_batch, not config.verify_hashes())
    if peek is None or peek.rerun:
        return None
    todo = ingest_t.candidates(ingest_t.scan_landing(session.raw_dir), peek.known)
    return Survey(todo.height, int(todo["size_bytes"].sum() or 0))


def nothing_new(session: RunSession) -> bool:
    """True when a run would find nothing to do: no file of the landing dir is new or changed since the
    last published load. False when that cannot be told cheaply (see survey)."""
    found = survey(session)
    return found is not None and found.files == 0


def clean(session: RunSession, ingested: Ingested) -> Cleaned:
    """Clean every decoded file into speeches (transforms.clean_batch.clean_files); reads nothing else.

    Raises RuntimeError when OpenCC or jieba cannot load: a broken installation must fail the run
    (nothing published, retried next time), never quarantine innocent files as "cleaning failed".
    """
    t0 = time.perf_counter()
    if problems := preflight(session.work_dir):
        raise RuntimeError("preflight: " + "; ".join(problems))
    out, failed = clean_batch.clean_files(ingested.raw)
    report: Counter[str] = Counter()
    for r in out["cleaning_report"].to_list():
        report.update(json.loads(r) if r else {})
    metrics = {
        "files_in": ingested.raw.filter(pl.col("quarantine_reason").is_null()).height,
        "speeches_out": out.height,
        "files_without_speech": failed.height,
        "repairs_by_kind": dict(report),
        "off_topic": int(out["off_topic"].sum() or 0),
        "seconds": _seconds(t0),
    }
    return Cleaned(out, failed, metrics)


def dedup(session: RunSession, ingested: Ingested, cleaned: Cleaned) -> Deduplicated:
    """Find each speech's canonical copy: exact hash, then MinHash LSH against the batch and everything loaded.

    Also re-resolves speeches whose canonical copy is being replaced (a changed file), and lists the
    speeches to extract (canonical after this run, without facts). Reads candidates from the run's
    private state; writes nothing.
    """
    t0 = time.perf_counter()
    wh, run_id = session.warehouse, session.run_id
    new = cleaned.speeches
    changed_files = ingested.raw.filter(pl.col("change") == "changed")["source_file"].to_list()
    if new.is_empty() and not changed_files:
        return _empty_dedup(cleaned.failed, {"speeches_in": 0, "seconds": _seconds(t0)})
    with wh.connect(run_id) as con:
        deleted_ids = reads.speeches_of_files(con, changed_files)["speech_id"].to_list()
        orphans = reads.orphans_of(con, deleted_ids)
        first_rank = reads.next_seen_rank(con)
        new = new.with_columns((pl.int_range(pl.len(), dtype=pl.Int64) + first_rank).alias("seen_rank"))
        cols = (*extract_batch.SPEECH_CONTEXT, "char_count", "source_script", "repair_count", "seen_rank")
        batch = pl.concat([new.select(cols), orphans.select(cols)], how="vertical_relaxed")
        sketch = dedup_t.sketch_batch(batch["speech_id"].to_list(), batch["body_text"].to_list())
        hashes = pl.DataFrame({"content_hash": list(sketch.content_hashes)}, schema={"content_hash": pl.String})
        existing, existing_bands, existing_sigs = reads.dedup_candidates(
            con, hashes, sketch.bands, deleted_ids + orphans["speech_id"].to_list()
        )
        # Speeches that will have facts after the run: needed to find demoted/promoted ones.
        had_facts = set(existing.filter(pl.col("speech_id") == pl.col("canonical_speech_id"))["speech_id"].to_list())
    plan = dedup_t.plan_dedup(batch.drop(extract_batch.CONTEXT_ONLY), existing, existing_bands, existing_sigs,
                              sketch=sketch)
    assign = plan.assignments
    canonical_after = assign.filter(pl.col("speech_id") == pl.col("canonical_speech_id"))["speech_id"].to_list()
    needs = [sid for sid in canonical_after if sid not in had_facts]
    to_extract = batch.filter(pl.col("speech_id").is_in(needs)).select(*extract_batch.SPEECH_CONTEXT)
    if stored := sorted(set(needs) - set(to_extract["speech_id"].to_list())):
        # A stored duplicate promoted to canonical without being in the batch (a new copy joined two
        # clusters, and the stored one is now the most complete): it has no statements yet.
        with wh.connect(run_id) as con:
            to_extract = pl.concat([to_extract, reads.speech_texts(con, stored)], how="vertical_relaxed")
    dup = assign.filter(pl.col("dup_kind").is_not_null())
    metrics = {
        "speeches_in": new.height,
        "re_resolved": orphans.height,
        "exact_duplicates": dup.filter(pl.col("dup_kind") == "exact").height,
        "near_duplicates": dup.filter(pl.col("dup_kind") == "near").height,
        "dedup_ratio": round(dup.height / assign.height, 4) if assign.height else 0.0,
        "candidates_from_warehouse": existing.height,
        "to_extract": to_extract.height,
        "seconds": _seconds(t0),
    }
    return Deduplicated(
        speeches=new, failed=cleaned.failed, assignments=assign, bands=plan.bands,
        signatures=plan.signatures.with_columns(pl.lit(dedup_t.SKETCH_VERSION).alias("sketch_version")),
        deleted=pl.DataFrame({"speech_id": deleted_ids}, schema={"speech_id": pl.String}),
        to_extract=to_extract, metrics=metrics,
    )


def _empty_dedup(failed: pl.DataFrame, metrics: dict) -> Deduplicated:
    """dedup's output for a batch with no speech: nothing to compare, no warehouse access."""
    return Deduplicated(
        speeches=pl.DataFrame(schema={**clean_batch.SPEECH_SCHEMA, "seen_rank": pl.Int64}),
        failed=failed,
        assignments=pl.DataFrame(schema={"speech_id": pl.String, "content_hash": pl.String,
                                         "canonical_speech_id": pl.String, "dup_kind": pl.String,
                                         "similarity": pl.Float64}),
        bands=pl.DataFrame(schema={"speech_id": pl.String, "band_no": pl.Int32, "band_hash": pl.Int64}),
        signatures=pl.DataFrame(schema={"speech_id": pl.String, "signature": pl.List(pl.UInt64),
                                        "n_shingles": pl.Int64, "sketch_version": pl.String}),
        deleted=pl.DataFrame(schema={"speech_id": pl.String}),
        to_extract=pl.DataFrame(schema=extract_batch.SPEECH_CONTEXT),
        metrics=metrics,
    )


def extract(session: RunSession, deduped: Deduplicated) -> Extracted:
    """Indicator and target statements of every speech to extract; the row rules set aside those that cannot be right.

    Pure: reads and writes no warehouse (`session` is taken for symmetry with the other steps).
    """
    t0 = time.perf_counter()
    todo = deduped.to_extract
    extracted, per_speech = extract_batch.extract_frame(todo)
    rows, set_aside = row_rules.split(extracted)
    per_speech = row_rules.recount(per_speech, rows, set_aside)
    mb = float(todo["body_text"].str.len_bytes().sum() or 0) / 1e6
    secs = time.perf_counter() - t0
    metrics = {
        "speeches_in": todo.height,
        "statements_out": rows.height,
        "statements_set_aside": set_aside.height,
        "set_aside_by_rule": dict(Counter(set_aside["failed_rules"].explode().to_list())),
        "by_kind": dict(Counter(rows["statement_kind"].to_list())),
        "statements_per_speech": round(rows.height / todo.height, 2) if todo.height else 0.0,
        "speeches_without_statements": per_speech.filter(pl.col("statement_count") == 0).height,
        "mb_per_s": round(mb / secs, 2) if secs > 0 else 0.0,
        "seconds": round(secs, 3),
    }
    return Extracted(rows, set_aside, per_speech, metrics)


def load(session: RunSession, ingested: Ingested, deduped: Deduplicated, extracted: Extracted) -> Loaded:
    """Merge the run's increment into its private state (warehouse/warehouse_load.py), not yet visible to analysts.

    Nothing new arrived and no private state exists: nothing is made (`staged` False).
    """
    t0 = time.perf_counter()
    wh, run_id = session.warehouse, session.run_id
    if ingested.raw.is_empty() and not wh.has_session(run_id):
        return Loaded(False, {"noop": True, "seconds": _seconds(t0)})
    with wh.connect(run_id) as con:
        # ingest recorded this run's scan: count it there rather than walking the landing dir again.
        files_seen = ingested.files_seen if ingested.raw.height else reads.scanned_paths(con)
        lexicon_csv = LEXICON_PATH.read_bytes()  # read once: linked with, and fingerprinted
        lexicon_sha = hashlib.sha256(lexicon_csv).hexdigest()
        relink = reads.indicator_names_to_relink(con, lexicon_sha)
        inc = warehouse_load.Increment(
            run_id=run_id,
            arrival_batch=session.arrival_batch,
            raw_dir=str(session.raw_dir),
            files_seen=files_seen,
            raw=ingested.raw,
            deferred=bool(ingested.deferred) if ingested.raw.height else False,
            failed=deduped.failed,
            speeches=deduped.speeches,
            assignments=deduped.assignments,
            bands=deduped.bands,
            signatures=deduped.signatures,
            deleted_ids=deduped.deleted["speech_id"].to_list(),
            statements=extracted.statements,
            per_speech=extracted.per_speech,
            set_aside=extracted.set_aside,
            lexicon=pl.read_csv(lexicon_csv, infer_schema=False),
            lexicon_sha256=lexicon_sha,
            indicator_links=None if relink is None else dimensions.indicator_links(relink),
        )
        counts = warehouse_load.load_increment(con, inc)
        totals = {k: v for k, v in reads.totals(con).items() if k in ("files", "speeches", "canonical", "statements")}
    return Loaded(True, {**counts, **{f"total_{k}": v for k, v in totals.items()}, "seconds": _seconds(t0),
                         "working_db": wh.session_location(run_id)})


def validate(session: RunSession) -> Validated:
    """Run every GX suite on the run's staged rows, then reconcile the file accounting; record the counts.

    Blocking outcomes (integrity, systemic signals, reconciliation) stop publish; warning ones (row
    rules, speech quality) do not. Nothing staged (nothing new arrived): every check holds trivially.
    """
    wh, run_id = session.warehouse, session.run_id
    if not wh.has_session(run_id):
        return Validated(tuple(CheckOutcome(name, True, tiers.is_blocking(name), {"nothing_staged": True})
                               for name in tiers.check_names()))
    from expectations.runner import batch_frame, run_suites  # GX and pandas: only when validating
    from expectations.suites import SUITES

    outcomes: list[CheckOutcome] = []
    # One connection for the whole validation (each costs an ATTACH on a lake), held across the GX run.
    with wh.connect(run_id) as con:
        frames = {table: batch_frame(con, table, run_id) for table in SUITES}
        facts = reads.reconciliation(con, run_id)
        results = run_suites(frames, session.docs_dir, docs_only_on_failure=reads.more_pending(con, run_id),
                             thresholds=session.thresholds)
        for table, result in results.items():
            metadata: dict = {"rows_validated": result.rows, "expectations": result.evaluated,
                              "failed_expectations": len(result.failures), "failures": result.failures}
            if result.docs_path:
                metadata["data_docs"] = result.docs_path
            if table == "statement_rules":
                metadata.update(reads.set_aside_by_rule(con, run_id))
            description = None if result.success else "; ".join(
                f"{f['expectation']}({f['kwargs'].get('column') or f['kwargs'].get('column_list')}): "
                f"{f['unexpected_count']} unexpected, e.g. {f['sample'][:3]}" for f in result.failures)[:1000]
            outcomes.append(CheckOutcome(f"gx_{table}", result.success, tiers.is_blocking(f"gx_{table}"),
                                         metadata, description))
        ok = facts["files"] == facts["accounted"] and all(v == 0 for k, v in facts.items()
                                                           if k not in ("files", "accounted"))
        outcomes.append(CheckOutcome(tiers.RECONCILIATION, ok, True, facts))
        passed = sum(c.passed for c in outcomes)
        failed = sum(not c.passed and c.blocking for c in outcomes)
        warned = sum(not c.passed and not c.blocking for c in outcomes)
        reads.record_checks(con, run_id, passed, failed, warned)
    return Validated(tuple(outcomes))


def publish(session: RunSession) -> Published:
    """Make the validated run what analysts see (atomic file replace, or a lake snapshot); a run that
    changed nothing is discarded and the published warehouse is left exactly as it was."""
    wh, run_id = session.warehouse, session.run_id
    if not wh.has_session(run_id):
        return Published(False, {"published": False, "noop": True})
    outcome = wh.publish_run(run_id)
    keep = ("files", "loaded", "duplicate", "quarantined", "speeches", "statements")
    return Published(outcome.published, {"published": outcome.published, "warehouse": str(wh),
                                         **{k: outcome.totals[k] for k in keep}})
