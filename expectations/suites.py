"""The expectation suites: one per table of the staged batch, plus the batch's row rules and signals.

Each suite is a function returning a list of GX expectations. Derived columns are
computed before validation, in DuckDB — foreign-key flags by the batch query
(`expectations.runner.BATCH_SQL`), `pinyin_gloss_left`, the row-rule columns … by
`expectations.runner.SUITE_SQL` — so every rule is a plain GX expectation whose failure names itself.

Two tiers (docs/validation.md). BLOCKING suites are integrity (keys, foreign keys, value sets,
file fates) and systemic signals (a batch with many statements set aside, or statement density
far from the warehouse's history): a failure keeps the batch unpublished. WARNING suites report
what row rules set aside and quality figures (titles): the batch publishes and the figures show
in the check's metadata and the Data Docs.
"""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

from transforms.row_rules import RULES

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
    ]


def fact_indicator_value_suite() -> list[gx.expectations.Expectation]:
    """Actual and baseline values: keys, foreign keys, allowed kinds and comparators, sane percentages."""
    return _statement_expectations(KINDS_VALUE)


def fact_target_suite() -> list[gx.expectations.Expectation]:
    """Targets: as values, plus department foreign keys."""
    return _statement_expectations(["target"]) + [
        gxe.ExpectColumnValuesToBeInSet(column="department_fk_ok", value_set=[True]),
    ]


def batch_signals_suite() -> list[gx.expectations.Expectation]:
    """Systemic signals over the whole batch (one row): a broken extractor, not a bad sentence.

    set_aside_share is NULL below SET_ASIDE_MIN_ROWS rows set aside, density_ratio NULL without
    enough history or batch (expectations.runner); the bounds are suite parameters (configuration).
    """
    return [
        gxe.ExpectColumnValuesToBeBetween(column="set_aside_share", min_value=0,
                                          max_value={"$PARAMETER": "max_set_aside_share"}),
        gxe.ExpectColumnValuesToBeBetween(column="density_ratio", min_value={"$PARAMETER": "min_density_ratio"},
                                          max_value={"$PARAMETER": "max_density_ratio"}),
    ]


def statement_rules_suite() -> list[gx.expectations.Expectation]:
    """Every statement of the batch (published or set aside) against each row rule: a failure is a row set aside.

    Each rule's column holds 'name value unit | sentence' where the row failed it and NULL where it
    passed, so the check's samples and the Data Docs show the sentences.
    """
    return [gxe.ExpectColumnValuesToBeNull(column=rule) for rule in RULES]


def speech_quality_suite() -> list[gx.expectations.Expectation]:
    """Quality figures of the batch's speeches: most carry a title (scraped pages often have none)."""
    return [gxe.ExpectColumnValuesToNotBeNull(column="title", mostly=0.5)]


SUITES = {
    "raw_file": raw_file_suite,
    "dim_speech": dim_speech_suite,
    "fact_indicator_value": fact_indicator_value_suite,
    "fact_target": fact_target_suite,
    "batch_signals": batch_signals_suite,
    "statement_rules": statement_rules_suite,
    "speech_quality": speech_quality_suite,
}
from expectations.tiers import BLOCKING, SUITE_NAMES, WARNING  # noqa: E402,F401  (the tiers, written once)

assert tuple(SUITES) == SUITE_NAMES, "expectations/tiers.py names the suites in SUITES' order"
