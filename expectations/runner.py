"""Validate a staged batch with the suites: pandas copies, one ephemeral GX context per process, Data Docs on disk.

GX 1.x cannot validate DuckDB through SQLAlchemy nor polars frames, so each
table's staged increment is copied to pandas (one run's rows). Derived columns and
foreign keys are computed in DuckDB first and only the columns the suites read are
copied, so the copy holds no long text.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from expectations.suites import BLOCKING, SUITES
from expectations.tiers import Thresholds  # noqa: F401  (re-exported: callers import it from here)
from transforms.row_rules import RULES

log = logging.getLogger(__name__)

# The increment a run staged, per table. Re-pointed speeches are part of it too.
# Foreign keys are resolved here, in DuckDB, into boolean columns (a join, whatever the warehouse
# size), so the suites stay small: an IN-set expectation over 100k keys would bloat every result
# and the Data Docs.
BATCH_SQL = {
    "raw_file": "SELECT *, CASE WHEN status = 'loaded' THEN 'n/a' ELSE detail END AS detail_if_not_loaded FROM raw_file WHERE run_id = ?",
    "dim_speech": """
        SELECT s.* EXCLUDE (original_text),
               s.canonical_speech_id IN (SELECT speech_id FROM dim_speech) AS canonical_fk_ok
        FROM dim_speech s WHERE s.run_id = ?""",
    "fact_indicator_value": """
        SELECT f.*,
               f.speech_id IN (SELECT speech_id FROM dim_speech WHERE speech_id = canonical_speech_id) AS speech_fk_ok,
               f.indicator_key IN (SELECT indicator_key FROM dim_indicator) AS indicator_fk_ok
        FROM fact_indicator_value f WHERE f.run_id = ?""",
    "fact_target": """
        SELECT f.*,
               f.speech_id IN (SELECT speech_id FROM dim_speech WHERE speech_id = canonical_speech_id) AS speech_fk_ok,
               f.indicator_key IN (SELECT indicator_key FROM dim_indicator) AS indicator_fk_ok,
               f.department_key IS NULL OR f.department_key IN (SELECT department_key FROM dim_department) AS department_fk_ok
        FROM fact_target f WHERE f.run_id = ?""",
    # Every statement the run extracted: published (no rule failed) and set aside.
    "statement_rules": """
        SELECT statement_id, []::VARCHAR[] AS failed_rules, NULL::VARCHAR AS indicator_name, NULL::DOUBLE AS value,
               NULL::VARCHAR AS unit, NULL::VARCHAR AS sentence FROM fact_indicator_value WHERE run_id = $1
        UNION ALL
        SELECT statement_id, []::VARCHAR[], NULL, NULL, NULL, NULL FROM fact_target WHERE run_id = $1
        UNION ALL
        SELECT statement_id, failed_rules, indicator_name, value, unit, sentence FROM rejected_statement WHERE run_id = $1""",
    "speech_quality": "SELECT speech_id, title FROM dim_speech WHERE run_id = ?",
    # One row: what the run published and set aside, and the statement density (per 10,000 characters
    # of the canonical speeches it extracted) of the batch and of every earlier run. Density rather
    # than statements per speech: genres differ in length (a work report is ten times a speech).
    "batch_signals": """
        SELECT (SELECT count(*) FROM fact_indicator_value WHERE run_id = $1)
                 + (SELECT count(*) FROM fact_target WHERE run_id = $1) AS published,
               (SELECT count(*) FROM rejected_statement WHERE run_id = $1) AS set_aside,
               b.speeches AS batch_speeches, b.chars AS batch_chars, b.statements AS batch_statements,
               h.speeches AS history_speeches, h.chars AS history_chars, h.statements AS history_statements
        FROM (SELECT count(*) AS speeches, sum(char_count) AS chars, sum(statement_count) AS statements
              FROM dim_speech WHERE run_id = $1 AND speech_id = canonical_speech_id AND statement_count IS NOT NULL) b,
             (SELECT count(*) AS speeches, sum(char_count) AS chars, sum(statement_count) AS statements
              FROM dim_speech WHERE run_id IS DISTINCT FROM $1 AND speech_id = canonical_speech_id
                AND statement_count IS NOT NULL) h""",
}

# A pinyin gloss left in a cleaned body, e.g. "长(zhǎng)".
PINYIN_GLOSS_RE = r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,6}[)）]"

_STATEMENT_COLUMNS = """
    statement_id, speech_id, char_start, indicator_key, {kind} AS statement_kind_, value,
    COALESCE(subject, '') AS subject_, speech_fk_ok, indicator_fk_ok, comparator{extra},
    length(sentence) AS sentence_chars
"""
# The systemic signals apply only where a batch says something: a share of set-aside rows from
# SET_ASIDE_MIN_ROWS rows on (two odd sentences of a five-statement speech are not a broken
# extractor), a density ratio with enough text on both sides.
SET_ASIDE_MIN_ROWS = 10
DENSITY_MIN_BATCH = (5, 50_000)     # canonical speeches, characters
DENSITY_MIN_HISTORY = (20, 100_000)
# Over the batch (the relation `batch`, from BATCH_SQL or any frame of the same columns), the columns
# the suites read and nothing else: derived checks are computed here, in DuckDB, and long texts
# (bodies, sentences, original files) never reach pandas.
SUITE_SQL = {
    "raw_file": "SELECT source_file, content_sha256, status, detail_if_not_loaded FROM batch",
    "dim_speech": f"""
        SELECT speech_id, source_file, part_no, canonical_speech_id, canonical_fk_ok, char_count, dup_kind,
               source_script, title, dup_similarity, statement_count,
               COALESCE(statement_count, 0) AS statements_per_speech,  -- duplicates carry NULL: count them as 0
               NULLIF(regexp_extract(body_text, '{PINYIN_GLOSS_RE}'), '') AS pinyin_gloss_left
        FROM batch""",
    "fact_indicator_value": "SELECT " + _STATEMENT_COLUMNS.format(kind="statement_kind", extra="") + " FROM batch",
    "fact_target": "SELECT " + _STATEMENT_COLUMNS.format(kind="'target'", extra=", department_fk_ok") + " FROM batch",
    "statement_rules": "SELECT " + ", ".join(
        f"CASE WHEN list_contains(failed_rules, '{rule}') THEN concat_ws(' ', indicator_name, value, unit) || ' | ' "
        f"|| left(sentence, 120) END AS {rule}" for rule in RULES) + " FROM batch",
    "speech_quality": "SELECT title FROM batch",
    "batch_signals": f"""
        SELECT published, set_aside,
               CASE WHEN set_aside >= {SET_ASIDE_MIN_ROWS} THEN set_aside / (published + set_aside) END AS set_aside_share,
               CASE WHEN batch_speeches >= {DENSITY_MIN_BATCH[0]} AND batch_chars >= {DENSITY_MIN_BATCH[1]}
                     AND history_speeches >= {DENSITY_MIN_HISTORY[0]} AND history_chars >= {DENSITY_MIN_HISTORY[1]}
                     AND history_statements > 0
                    THEN (batch_statements / batch_chars) / (history_statements / history_chars) END AS density_ratio
        FROM batch""",
}

# Both, composed once from the constants above: the run id is the query's only parameter.
_BATCH_SUITE_SQL = {table: f"WITH batch AS ({BATCH_SQL[table]}) {SUITE_SQL[table]}" for table in SUITE_SQL}


@dataclass(frozen=True)
class SuiteResult:
    """Outcome of one suite: success, expectations evaluated, and each failure with sample rows."""

    table: str
    success: bool
    rows: int
    evaluated: int
    failures: list[dict] = field(default_factory=list)
    docs_path: str | None = None


def prepare(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Any frame of the batch's columns → the columns `table`'s suite reads, derived columns included (SUITE_SQL)."""
    con = duckdb.connect()
    try:
        con.register("batch", df)
        return con.execute(SUITE_SQL[table]).df()
    finally:
        con.close()


def run_suite(table: str, df: pd.DataFrame, docs_dir: Path | None = None, thresholds: Thresholds = Thresholds()) -> SuiteResult:
    """Validate one table's batch with its suite; write Data Docs under docs_dir when given.

    df holds the suite's columns: from batch_frame, or any frame of the table's columns through prepare.
    """
    return run_suites({table: df}, docs_dir, thresholds=thresholds)[table]


def run_suites(
    frames: dict[str, pd.DataFrame], docs_dir: Path | None = None, docs_only_on_failure: bool = False,
    thresholds: Thresholds = Thresholds(),
) -> dict[str, SuiteResult]:
    """Validate each table's batch with its suite; Data Docs (this call's results) built once at the end.

    frames: table → its suite's columns (batch_frame / prepare). Returns table → SuiteResult.
    thresholds: the bounds of the systemic signals (suite parameters of batch_signals).
    docs_only_on_failure: build the Data Docs only when a blocking suite failed (a batch with more to
    follow: the sequence's last batch renders the pages, which show the last validation anyway;
    rendering cost ≈ 0.3 s a batch, 21 times in a 500 MB backfill).
    The GX context, suites and checkpoints are built once per process and docs folder
    (`_Validators`): building them cost ≈ 1 s a run, most of a small run's validation.
    """
    results: dict[str, SuiteResult] = {}
    todo = {table: df for table, df in frames.items() if not df.empty}
    for table in frames.keys() - todo.keys():
        # Nothing staged for this table (e.g. a run over an unchanged landing directory).
        results[table] = SuiteResult(table, True, 0, 0)
    if not todo:
        return {table: results[table] for table in frames}
    validators = _validators(str(docs_dir) if docs_dir is not None else None)
    result_ids: list = []
    try:
        for table, df in todo.items():
            result = validators.checkpoints[table].run(batch_parameters={"dataframe": df},
                                                       expectation_parameters=thresholds.parameters())
            result_ids.extend(result.run_results.keys())
            results[table] = _suite_result(table, df, result)
        blocking_ok = all(r.success for t, r in results.items() if t in BLOCKING)
        if docs_dir is not None and not (docs_only_on_failure and blocking_ok):
            validators.build_docs(result_ids)  # the pages link from each result only when built by this call
            index = docs_dir / "index.html"
            if index.exists():
                results = {t: (r if not r.rows else _with_docs(r, str(index))) for t, r in results.items()}
    finally:
        validators.forget(result_ids)  # also after a failure: results never pile up in the store
    return {table: results[table] for table in frames}


class _Validators:
    """One ephemeral GX context with every suite, its validation definition and checkpoint, and the docs site.

    Data Docs show the last validation: each build renders this call's results, and the index
    build drops the pages of results no longer in the (in-memory) results store, which
    `forget` empties after every call, so memory stays flat over thousands of batches.
    """

    def __init__(self, docs_dir: str | None) -> None:
        import great_expectations as gx
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.docs_dir = docs_dir
        if docs_dir is not None:
            self.context.add_data_docs_site(
                site_name="local",
                site_config={
                    "class_name": "SiteBuilder",
                    "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": docs_dir},
                    "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
                    "site_section_builders": {"profiling": "None"},  # we never profile
                },
            )
        self.checkpoints = {}
        for table, make in SUITES.items():
            source = self.context.data_sources.add_pandas(name=f"staged_{table}")
            batch_def = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(name=f"{table}_batch")
            # The whole suite in one store write: add_expectation one by one re-serialised the suite each time.
            suite = self.context.suites.add(gx.ExpectationSuite(name=f"{table}_suite", expectations=make()))
            validation = self.context.validation_definitions.add(
                gx.ValidationDefinition(data=batch_def, suite=suite, name=f"validate_{table}")
            )
            self.checkpoints[table] = self.context.checkpoints.add(
                gx.Checkpoint(name=f"{table}_checkpoint", validation_definitions=[validation], actions=[],
                              result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5})
            )

    def build_docs(self, result_ids: list) -> None:
        """Render these validation results (and the suite pages when missing) and the index."""
        from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

        docs = Path(self.docs_dir)
        docs.mkdir(parents=True, exist_ok=True)
        ids = list(result_ids)
        # Suite pages are static: rendered when missing (first call, or the folder was cleared).
        if not all((docs / "expectations" / f"{table}_suite.html").exists() for table in SUITES):
            ids += [ExpectationSuiteIdentifier(name=f"{table}_suite") for table in SUITES]
        self.context.build_data_docs(site_names=["local"], resource_identifiers=ids)

    def forget(self, result_ids: list) -> None:
        """Drop these results from the in-memory store (their pages, if any, are on disk)."""
        store = self.context.validation_results_store
        for key in result_ids:
            store.remove_key(key)


@functools.lru_cache(maxsize=4)
def _validators(docs_dir: str | None) -> _Validators:
    return _Validators(docs_dir)


def _with_docs(r: SuiteResult, docs: str) -> SuiteResult:
    return SuiteResult(r.table, r.success, r.rows, r.evaluated, r.failures, docs)


def _suite_result(table: str, df: pd.DataFrame, result) -> SuiteResult:
    """A checkpoint result as a SuiteResult: each failing expectation with its unexpected count and samples."""
    failures = []
    evaluated = 0
    for vr in result.run_results.values():
        for r in vr.results:
            evaluated += 1
            if r.success:
                continue
            cfg = r.expectation_config
            res = r.result or {}
            failures.append(
                {
                    "expectation": cfg.type,
                    "kwargs": {k: v for k, v in cfg.kwargs.items() if k not in ("value_set", "batch_id")},
                    "unexpected_count": res.get("unexpected_count"),
                    "unexpected_percent": res.get("unexpected_percent"),
                    "sample": [str(x)[:120] for x in (res.get("partial_unexpected_list") or [])[:5]],
                    "observed_value": str(res.get("observed_value"))[:200] if "observed_value" in res else None,
                    "exception": (r.exception_info or {}).get("exception_message") if isinstance(r.exception_info, dict) else None,
                }
            )
    return SuiteResult(table, bool(result.success), len(df), evaluated, failures)


def batch_frame(con: duckdb.DuckDBPyConnection, table: str, run_id: str) -> pd.DataFrame:
    """The rows of `table` this run staged, as pandas: only the columns its suite reads, derived ones included."""
    return con.execute(_BATCH_SUITE_SQL[table], [run_id]).df()
