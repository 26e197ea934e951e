"""The expectation suites: one per table of the staged batch.

Each suite is a function returning a list of GX expectations. Derived columns are
computed before validation, in DuckDB — foreign-key flags by the batch query
(`expectations.runner.BATCH_SQL`), `value_in_sentence`, `bounded_percentage`,
`pinyin_gloss_left` … by `expectations.runner.SUITE_SQL` — so every rule is a plain
GX expectation whose failure names itself.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

KINDS_VALUE = ["actual", "baseline"]
COMPARATORS = ["=", ">=", ">", "<=", "<", "~"]
STATUSES = ["loaded", "duplicate", "quarantined"]


def raw_file_suite() -> list[gx.expectations.Expectation]:
    """Every raw file of the batch has a path, a hash, a known fate, and a reason when quarantined."""
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="source_file"),
        gxe.ExpectColumnValuesToBeUnique(column="source_file"),
        gxe.ExpectColumnValuesToNotBeNull(column="content_sha256"),
        gxe.ExpectColumnValuesToMatchRegex(column="content_sha256", regex=r"^[0-9a-f]{64}$"),
        gxe.ExpectColumnValuesToBeInSet(column="status", value_set=STATUSES),
        gxe.ExpectColumnValuesToNotBeNull(column="detail_if_not_loaded"),
    ]


def dim_speech_suite() -> list[gx.expectations.Expectation]:
    """Speech keys unique, canonical links resolvable, plausible lengths, titles mostly present, no pinyin left."""
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="speech_id"),
        gxe.ExpectColumnValuesToBeUnique(column="speech_id"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["source_file", "part_no"]),
        gxe.ExpectColumnValuesToNotBeNull(column="canonical_speech_id"),
        gxe.ExpectColumnValuesToBeInSet(column="canonical_fk_ok", value_set=[True]),
        gxe.ExpectColumnValuesToBeBetween(column="char_count", min_value=20),
        gxe.ExpectColumnValuesToBeBetween(column="part_no", min_value=1, max_value=200),
        gxe.ExpectColumnValuesToBeInSet(column="dup_kind", value_set=["exact", "near"]),
        gxe.ExpectColumnValuesToBeInSet(column="source_script", value_set=["simplified", "traditional", "mixed"]),
        gxe.ExpectColumnValuesToNotBeNull(column="title", mostly=0.5),
        gxe.ExpectColumnValuesToBeBetween(column="dup_similarity", min_value=0.0, max_value=1.0),
        # The first pinyin gloss left in the body (expectations.runner.PINYIN_GLOSS_RE), NULL when none.
        gxe.ExpectColumnValuesToBeNull(column="pinyin_gloss_left"),
        # Statements per canonical speech: a wild mean means the extractor misfired on this batch.
        gxe.ExpectColumnMeanToBeBetween(column="statements_per_speech", min_value=0, max_value=300),
        gxe.ExpectColumnValuesToBeBetween(column="statement_count", min_value=0, max_value=2000),
    ]


def _statement_expectations(kinds: list[str]) -> list[gx.expectations.Expectation]:
    return [
        gxe.ExpectColumnValuesToNotBeNull(column="statement_id"),
        gxe.ExpectColumnValuesToBeUnique(column="statement_id"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["speech_id", "char_start", "indicator_key", "statement_kind_", "value", "subject_"]),
        gxe.ExpectColumnValuesToBeInSet(column="speech_fk_ok", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(column="indicator_fk_ok", value_set=[True]),
        gxe.ExpectColumnValuesToBeInSet(column="statement_kind_", value_set=kinds),
        gxe.ExpectColumnValuesToBeInSet(column="comparator", value_set=COMPARATORS),
        gxe.ExpectColumnValuesToNotBeNull(column="value"),
        gxe.ExpectColumnValuesToNotBeNull(column="sentence_chars"),  # length(sentence): no NULL, no empty sentence
        gxe.ExpectColumnValuesToBeBetween(column="sentence_chars", min_value=1),
        gxe.ExpectColumnValuesToBeInSet(column="value_in_sentence", value_set=[True], mostly=0.97),
        # A share of a whole is at most 100% (growth rates and 百分点 are other unit kinds).
        gxe.ExpectColumnValuesToBeBetween(column="bounded_percentage", min_value=0, max_value=100),
        gxe.ExpectColumnValuesToBeBetween(column="value_max_minus_value", min_value=0),
    ]


def fact_indicator_value_suite() -> list[gx.expectations.Expectation]:
    """Actual and baseline values: keys, foreign keys, allowed kinds and comparators, sane percentages."""
    return _statement_expectations(KINDS_VALUE)


def fact_target_suite() -> list[gx.expectations.Expectation]:
    """Targets: as values, plus department foreign keys."""
    return _statement_expectations(["target"]) + [
        gxe.ExpectColumnValuesToBeInSet(column="department_fk_ok", value_set=[True]),
    ]


SUITES = {
    "raw_file": raw_file_suite,
    "dim_speech": dim_speech_suite,
    "fact_indicator_value": fact_indicator_value_suite,
    "fact_target": fact_target_suite,
}
