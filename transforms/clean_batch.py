"""Raw-file frame → speech frame (one row per 篇), plus the files that yield no speech."""

from __future__ import annotations

import json

import polars as pl

from transforms import parallel, period, place
from transforms.chrome import Holders, line_holders, merge_holders, select_frequent
from transforms.clean import Prepared, finish, prepare, prepared_lines
from transforms.dedup import content_hash
from transforms.ids import stable_id

SPEECH_SCHEMA = {
    "speech_id": pl.String,
    "source_file": pl.String,
    "part_no": pl.Int32,
    "title": pl.String,
    "compilation_title": pl.String,
    "speech_date": pl.Date,
    "published_at": pl.Datetime("us"),
    "source_url": pl.String,
    "site": pl.String,
    "speaker_role": pl.String,
    "admin_level": pl.String,
    "place": pl.String,
    "source_script": pl.String,
    "topic_score": pl.Float64,
    "off_topic": pl.Boolean,
    "redacted": pl.Boolean,
    "char_count": pl.Int32,
    "body_text": pl.String,
    "original_text": pl.String,
    "cleaning_report": pl.String,
    "repair_count": pl.Int32,
    "content_hash": pl.String,
    "jurisdiction": pl.String,
    "jurisdiction_code": pl.String,
    "speech_year": pl.Int32,
}
# Character normalisation touches nearly every line; it is reported but is not a "repair".
_NOT_REPAIRS = {"normalised_chars"}


def clean_files(raw: pl.DataFrame, workers: int | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Clean every loadable raw file and cut it into speeches.

    Input: the raw-file frame (transforms.ingest.RAW_SCHEMA); workers: process-pool size
    (default transforms.parallel.worker_count()). Outputs: (speeches frame in SPEECH_SCHEMA,
    frame [source_file, quarantine_reason] of files that had text but yielded no speech
    or failed to clean). A failure in one file never stops the others. The output does not
    depend on the worker count.
    """
    todo = [(sf, text) for sf, text, reason in raw.select("source_file", "original_text", "quarantine_reason").iter_rows()
            if reason is None and text is not None]
    ranges, workers = parallel.plan_chunks([len(text) for _, text in todo], workers)
    chunks = [todo[r.start:r.stop] for r in ranges]
    # First pass: per-document repairs; then lines repeated across many documents of the batch
    # (a new site's chrome no rule knows yet) are found once and removed from all of them.
    firsts, seconds = parallel.run_phased(chunks, _prepare_chunk, _known_chrome, _finish_chunk, workers)
    failed = [f for fails, _, _ in firsts for f in fails] + [f for _, fails in seconds for f in fails]
    speeches_df = parallel.frame_from_columns([cols for cols, _ in seconds], SPEECH_SCHEMA)
    failed_df = pl.DataFrame(failed, schema={"source_file": pl.String, "quarantine_reason": pl.String}, orient="row")
    return speeches_df, failed_df


def _prepare_chunk(items: list[tuple[str, str]]) -> tuple[list[tuple[str, Prepared]], tuple[list[tuple[str, str]], Holders, set]]:
    """Phase 1 over one chunk: prepare each document and count its lines for batch chrome.

    Output: (prepared documents, kept for phase 2; (failures, line holders, signatures)).
    """
    prepared = []
    failed = []
    for source_file, text in items:
        try:
            prepared.append((source_file, prepare(text)))
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            failed.append((source_file, f"cleaning failed: {type(exc).__name__}: {exc}"[:500]))
    holders, signatures = line_holders(prepared_lines(p) for _, p in prepared)
    return prepared, (failed, holders, signatures)


def _known_chrome(partials: list[tuple[list, Holders, set]]) -> frozenset[str]:
    """Batch chrome from every chunk's line holders."""
    return select_frequent(*merge_holders((h, sigs) for _, h, sigs in partials))


def _finish_chunk(prepared: list[tuple[str, Prepared]], known_chrome: frozenset[str]) -> tuple[list[tuple], list[tuple[str, str]]]:
    """Phase 2 over one chunk: chrome, segmentation and metadata, as columns in SPEECH_SCHEMA's order.

    Plain Python only: a forked worker must not touch polars, whose thread pool does not survive fork.
    Returns (speech columns (parallel.columns), failures).
    """
    rows = []
    failed = []
    for source_file, prep in prepared:
        try:
            speeches = finish(prep, known_chrome)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the batch
            failed.append((source_file, f"cleaning failed: {type(exc).__name__}: {exc}"[:500]))
            continue
        if not speeches:
            failed.append((source_file, "no speech text left after cleaning"))
            continue
        for sp in speeches:
            chash = content_hash(sp.body)
            speech_date = sp.meeting_date or sp.speech_date or (sp.published_at.date() if sp.published_at else None)
            where = place.speech_jurisdiction(sp.title, sp.body, source_file)
            rows.append(
                (
                    stable_id(source_file, sp.part_no, chash),
                    source_file,
                    sp.part_no,
                    sp.title,
                    sp.compilation_title,
                    speech_date,
                    sp.published_at,
                    sp.source_url,
                    sp.site,
                    sp.speaker_role,
                    sp.admin_level,
                    "、".join(sp.place_names) or None,
                    sp.source_script,
                    sp.topic_score,
                    sp.off_topic,
                    sp.redacted,
                    len(sp.body),
                    sp.body,
                    sp.original_text,
                    json.dumps(sp.report, ensure_ascii=False, sort_keys=True),
                    sum(v for k, v in sp.report.items() if k not in _NOT_REPAIRS),
                    chash,
                    where.name if where else None,
                    where.code if where else None,
                    # the date the speech states, never the page's publication date (a repost years later)
                    period.speech_year(sp.meeting_date or sp.speech_date, sp.title, sp.body),
                )
            )
    return parallel.columns(rows, len(SPEECH_SCHEMA)), failed
