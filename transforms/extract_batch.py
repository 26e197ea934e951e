"""Speech frame → statement frame: the extractor run over every canonical speech."""

from __future__ import annotations

import polars as pl

from transforms import parallel, period, place
from transforms.dimensions import resolve_deadline
from transforms.extract import extract_statements
from transforms.ids import stable_id

# What extraction needs of a speech: its text, and the year and jurisdiction that 今年 and 我省 refer to.
SPEECH_CONTEXT = {
    "speech_id": pl.String,
    "body_text": pl.String,
    "speech_date": pl.Date,
    "speech_year": pl.Int32,
    "jurisdiction": pl.String,
    "jurisdiction_code": pl.String,
}
# The context columns beyond the text itself (what dedup does not read).
CONTEXT_ONLY = tuple(c for c in SPEECH_CONTEXT if c not in ("speech_id", "body_text"))

STATEMENT_SCHEMA = {
    "statement_id": pl.String,
    "speech_id": pl.String,
    "indicator_name": pl.String,
    "indicator_canonical": pl.String,
    "subject": pl.String,
    "value": pl.Float64,
    "value_max": pl.Float64,
    "unit": pl.String,
    "unit_kind": pl.String,
    "value_base": pl.Float64,
    "unit_base": pl.String,
    "statement_kind": pl.String,
    "comparator": pl.String,
    "deadline_text": pl.String,
    "deadline_date": pl.Date,
    "department": pl.String,
    "sentence": pl.String,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "pattern": pl.String,
    "place": pl.String,
    "place_code": pl.String,
    "period_from": pl.Int32,
    "period_to": pl.Int32,
}


def extract_frame(speeches: pl.DataFrame, workers: int | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Extract statements from each speech of the frame.

    Input: the columns of SPEECH_CONTEXT (speech_id and body_text at least; absent ones count as unknown);
    workers: process-pool size (default
    transforms.parallel.worker_count()). Output: (statements in STATEMENT_SCHEMA, per-speech
    frame [speech_id, statement_count, no_statement_reason]), in the input's order whatever
    the worker count. An extractor failure on one speech is recorded as its reason, never raised.
    """
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in SPEECH_CONTEXT.items() if c not in speeches.columns]
    todo = speeches.with_columns(missing).select(*SPEECH_CONTEXT).rows()
    ranges, workers = parallel.plan_chunks([len(row[1] or "") for row in todo], workers)
    chunks = [todo[r.start:r.stop] for r in ranges]
    results = parallel.map_chunks(_extract_chunk, chunks, workers)
    return (
        parallel.frame_from_columns([rows for rows, _ in results], STATEMENT_SCHEMA),
        parallel.frame_from_columns([per for _, per in results], _PER_SPEECH_SCHEMA),
    )


_PER_SPEECH_SCHEMA = {"speech_id": pl.String, "statement_count": pl.Int32, "no_statement_reason": pl.String}


def _extract_chunk(speeches: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """extract_frame's work over a contiguous slice of SPEECH_CONTEXT rows.

    Plain Python in and out: a forked worker must not touch polars, whose thread pool does not survive fork.
    Returns (statement columns, per-speech columns): see parallel.columns.
    """
    rows = []
    per_speech = []
    for speech_id, body, speech_date, year, juris_name, juris_code in speeches:
        try:
            found = extract_statements(body)
        except Exception as exc:  # noqa: BLE001 - recorded per speech
            per_speech.append((speech_id, 0, f"extraction failed: {type(exc).__name__}: {exc}"[:300]))
            continue
        jurisdiction = place.from_stored(juris_name, juris_code)
        deadline_year = speech_date.year if speech_date else year
        periods = period.statement_periods(body, year, [(st.char_start, st.statement_kind) for st in found])
        seen: set[str] = set()
        for st, (p_from, p_to) in zip(found, periods):
            sid = stable_id(speech_id, st.char_start, st.char_end, st.indicator_name, st.statement_kind, st.value, st.subject)
            if sid in seen:
                continue
            seen.add(sid)
            where = place.statement_place(st.subject, jurisdiction)
            rows.append(
                (
                    sid, speech_id, st.indicator_name, st.indicator_canonical, st.subject, float(st.value),
                    None if st.value_max is None else float(st.value_max), st.unit, st.unit_kind,
                    st.value_base, st.unit_base, st.statement_kind, st.comparator, st.deadline_text,
                    resolve_deadline(st.deadline_text, deadline_year) if st.statement_kind == "target" else None,
                    st.department, st.sentence, st.char_start, st.char_end, st.pattern,
                    where.name if where else None, where.code if where else None, p_from, p_to,
                )
            )
        per_speech.append((speech_id, len(seen), None if seen else "no quantitative statement found"))
    return parallel.columns(rows, len(STATEMENT_SCHEMA)), parallel.columns(per_speech, len(_PER_SPEECH_SCHEMA))
