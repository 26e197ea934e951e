"""Validate a staged batch with the suites: pandas copies, an ephemeral GX context, Data Docs on disk.

GX 1.x cannot validate DuckDB through SQLAlchemy nor polars frames, so each
table's staged increment is copied to pandas (it is small: one run's rows).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from expectations.suites import SUITES

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
}


@dataclass(frozen=True)
class SuiteResult:
    """Outcome of one suite: success, expectations evaluated, and each failure with sample rows."""

    table: str
    success: bool
    rows: int
    evaluated: int
    failures: list[dict] = field(default_factory=list)
    docs_path: str | None = None


def _format_number(v: float) -> list[str]:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return []
    forms = {f"{v:g}", f"{v:.2f}".rstrip("0").rstrip("."), str(v)}
    if float(v).is_integer():
        forms.add(str(int(v)))
    return [f for f in forms if f]


def prepare(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Add the derived columns some expectations read (value_in_sentence, bounded_percentage …)."""
    if table == "dim_speech":
        df = df.copy()
        # Duplicates carry no statements (NULL); count them as 0 so the mean is always defined.
        df["statements_per_speech"] = df["statement_count"].fillna(0)
    if table in ("fact_indicator_value", "fact_target"):
        df = df.copy()
        df["statement_kind_"] = df["statement_kind"] if "statement_kind" in df else "target"
        df["subject_"] = df["subject"].fillna("")
        cn_pattern = df["pattern"].fillna("").str.contains("cn_numeral|chinese", regex=True)
        in_sentence = [
            any(f in (s or "") for f in _format_number(v)) or bool(cn)
            for v, s, cn in zip(df["value"], df["sentence"], cn_pattern)
        ]
        df["value_in_sentence"] = pd.Series(in_sentence, index=df.index, dtype=object)
        bounded = (df["unit"] == "%") & (df["unit_kind"].fillna("ratio") == "ratio") & (df["statement_kind_"] != "baseline")
        df["bounded_percentage"] = df["value"].where(bounded)
        df["value_max_minus_value"] = df["value_max"] - df["value"]
    return df


def run_suite(table: str, df: pd.DataFrame, docs_dir: Path | None = None) -> SuiteResult:
    """Validate one table's batch with its suite; write Data Docs under docs_dir when given."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    if df.empty:
        # Nothing staged for this table (e.g. a run over an unchanged landing directory).
        return SuiteResult(table, True, 0, 0)
    df = prepare(table, df)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    if docs_dir is not None:
        docs_dir.mkdir(parents=True, exist_ok=True)
        context.add_data_docs_site(
            site_name="local",
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    source = context.data_sources.add_pandas(name=f"staged_{table}")
    asset = source.add_dataframe_asset(name=table)
    batch_def = asset.add_batch_definition_whole_dataframe(name=f"{table}_batch")
    suite = context.suites.add(gx.ExpectationSuite(name=f"{table}_suite"))
    for exp in SUITES[table]():
        suite.add_expectation(exp)
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(data=batch_def, suite=suite, name=f"validate_{table}")
    )
    actions = []
    if docs_dir is not None:
        from great_expectations.checkpoint import UpdateDataDocsAction

        actions.append(UpdateDataDocsAction(name="update_docs", site_names=["local"]))
    checkpoint = context.checkpoints.add(
        gx.Checkpoint(name=f"{table}_checkpoint", validation_definitions=[validation], actions=actions,
                      result_format={"result_format": "SUMMARY", "partial_unexpected_count": 5})
    )
    result = checkpoint.run(batch_parameters={"dataframe": df})
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
    docs = str(docs_dir / "index.html") if docs_dir is not None and (docs_dir / "index.html").exists() else None
    return SuiteResult(table, bool(result.success), len(df), evaluated, failures, docs)


def batch_frame(con: duckdb.DuckDBPyConnection, table: str, run_id: str) -> pd.DataFrame:
    """The rows of `table` this run staged, as pandas."""
    return con.execute(BATCH_SQL[table], [run_id]).df()
