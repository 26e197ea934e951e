"""Speech frame → statement frame: the extractor run over every canonical speech."""

from __future__ import annotations

import polars as pl

from transforms import parallel
from transforms.dimensions import resolve_deadline
from transforms.extract import extract_statements
from transforms.ids import stable_id

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
}


def extract_frame(speeches: pl.DataFrame, workers: int | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Extract statements from each speech of the frame.

    Input: columns speech_id, body_text, speech_date; workers: process-pool size (default
    transforms.parallel.worker_count()). Output: (statements in STATEMENT_SCHEMA, per-speech
    frame [speech_id, statement_count, no_statement_reason]), in the input's order whatever
    the worker count. An extractor failure on one speech is recorded as its reason, never raised.
    """
    todo = speeches.select("speech_id", "body_text", "speech_date").rows()
    ranges, workers = parallel.plan_chunks([len(body or "") for _, body, _ in todo], workers)
    chunks = [todo[r.start:r.stop] for r in ranges]
    results = parallel.map_chunks(_extract_chunk, chunks, workers)
    return (
        parallel.frame_from_columns([rows for rows, _ in results], STATEMENT_SCHEMA),
        parallel.frame_from_columns([per for _, per in results], _PER_SPEECH_SCHEMA),
    )


_PER_SPEECH_SCHEMA = {"speech_id": pl.String, "statement_count": pl.Int32, "no_statement_reason": pl.String}


def _extract_chunk(speeches: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """extract_frame's work over a contiguous slice of (speech_id, body_text, speech_date) rows.

    Plain Python in and out: a forked worker must not touch polars, whose thread pool does not survive fork.
    Returns (statement columns, per-speech columns): see parallel.columns.
    """
    rows = []
    per_speech = []
    for speech_id, body, speech_date in speeches:
        year = speech_date.year if speech_date else None
        try:
            found = extract_statements(body)
        except Exception as exc:  # noqa: BLE001 - recorded per speech
            per_speech.append((speech_id, 0, f"extraction failed: {type(exc).__name__}: {exc}"[:300]))
            continue
        seen: set[str] = set()
        for st in found:
            sid = stable_id(speech_id, st.char_start, st.char_end, st.indicator_name, st.statement_kind, st.value, st.subject)
            if sid in seen:
                continue
            seen.add(sid)
            rows.append(
                (
                    sid, speech_id, st.indicator_name, st.indicator_canonical, st.subject, float(st.value),
                    None if st.value_max is None else float(st.value_max), st.unit, st.unit_kind,
                    st.value_base, st.unit_base, st.statement_kind, st.comparator, st.deadline_text,
                    resolve_deadline(st.deadline_text, year) if st.statement_kind == "target" else None,
                    st.department, st.sentence, st.char_start, st.char_end, st.pattern,
                )
            )
        per_speech.append((speech_id, len(seen), None if seen else "no quantitative statement found"))
    return parallel.columns(rows, len(STATEMENT_SCHEMA)), parallel.columns(per_speech, len(_PER_SPEECH_SCHEMA))
