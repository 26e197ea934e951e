"""Row rules: statements that cannot be right are set aside, with the rule(s) they fail, instead of published.

One odd sentence must never hold back thousands of good rows (docs/validation.md): a row that
fails a rule goes to `rejected_statement` (view `v_rejected_statements`) and the load goes on;
only integrity failures and systemic signals (a batch with many rows set aside) block a publish.

The rules know the domain. A share of a whole (覆盖率, 占比, 城镇化率 …) lies in [0, 100]; growth
(增长107.2%), completion (完成年计划的118.2%) and ratios to a budget or a plan are not capped;
a fall is at most 100%. The value must be one of the numbers its sentence writes, however it
is written (百分之五点九, １０．２％, 三亿八千万, 1，497，616，000).
"""

from __future__ import annotations

import polars as pl

from transforms.extract.numbers import sentence_numbers

# name → what it means (the view's and the check's vocabulary).
RULES: dict[str, str] = {
    "share_out_of_range": "a share of a whole (占比, 覆盖率, 城镇化率 …) outside [0, 100]%",
    "fall_over_100": "a fall (下降, 减少, 降低 …) of more than 100%",
    "value_not_in_sentence": "the value (or the range's upper bound) is not a number its sentence writes",
    "range_inverted": "a range whose upper bound is below its lower bound",
}

# Patterns are polars (Rust regex) syntax.
# A share of a whole: the name ends with a share word, or the extractor read 占…的x% ('share').
_SHARE_NAME = r"(?:率|占比|比重|比例|份额|覆盖面|满意度)$"
# …unless the name says it is a change, a completion or a ratio to a plan or budget, or names one of
# the ratios that exceed 100% in practice (leverage, debt and self-sufficiency ratios, returns).
_NOT_A_SHARE = (
    r"增长|增加|增速|增幅|涨幅|提高|提升|上升|下降|减少|降低|降幅|同比|环比|比上年|较上年|比去年|翻|倍"
    r"|完成|计划|预算|超额|目标|贡献|负债|杠杆|自给|收益|回报|产销|弹性|周转|溢价"
)
_FALL_NAME = r"下降|减少|降低|降幅|压减|削减|缩减|减排|回落"
_PERCENT = ("%",)


def check_statements(statements: pl.DataFrame) -> pl.DataFrame:
    """The statement frame (transforms.extract_batch.STATEMENT_SCHEMA) with `failed_rules`: list[str], empty when the row passes."""
    if statements.is_empty():
        return statements.with_columns(pl.lit([], dtype=pl.List(pl.String)).alias("failed_rules"))
    name = pl.col("indicator_name").fill_null("")
    pct = pl.col("unit").is_in(_PERCENT)
    hi = pl.max_horizontal("value", pl.col("value_max").fill_null(pl.col("value")))
    share = (name.str.contains(_SHARE_NAME) | (pl.col("pattern") == "share")) & ~name.str.contains(_NOT_A_SHARE)
    flags = {
        "share_out_of_range": pct & share & ((pl.col("value") < 0) | (hi > 100)),
        "fall_over_100": pct & name.str.contains(_FALL_NAME) & ~share & (hi > 100),
        "value_not_in_sentence": ~pl.Series(_values_in_sentences(statements), dtype=pl.Boolean),
        "range_inverted": pl.col("value_max").is_not_null() & (pl.col("value_max") < pl.col("value")),
    }
    assert flags.keys() == RULES.keys()
    failed = pl.concat_list([pl.when(expr).then(pl.lit(rule)) for rule, expr in flags.items()]).list.drop_nulls()
    return statements.with_columns(failed.alias("failed_rules"))


def split(statements: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(rows that pass every rule, without `failed_rules`; rows set aside, with it), each in input order."""
    checked = check_statements(statements)
    bad = checked["failed_rules"].list.len() > 0
    return checked.filter(~bad).drop("failed_rules"), checked.filter(bad)


def recount(per_speech: pl.DataFrame, kept: pl.DataFrame, set_aside: pl.DataFrame) -> pl.DataFrame:
    """per-speech counts [speech_id, statement_count, no_statement_reason] after the split.

    statement_count counts what is published; a speech whose every statement was set aside gets a reason.
    """
    counts = kept.group_by("speech_id").len("kept")
    aside = set_aside.group_by("speech_id").len("aside")
    out = per_speech.join(counts, on="speech_id", how="left").join(aside, on="speech_id", how="left")
    kept_n = pl.col("kept").fill_null(0)
    aside_n = pl.col("aside").fill_null(0)
    return out.select(
        "speech_id",
        kept_n.cast(pl.Int32).alias("statement_count"),
        pl.when(kept_n > 0).then(None)
        .when(aside_n > 0).then(pl.format("every statement ({}) set aside by row rules", aside_n))
        .otherwise(pl.col("no_statement_reason")).alias("no_statement_reason"),
    )


def _values_in_sentences(statements: pl.DataFrame) -> list[bool]:
    """Per row: value and value_max (when set) are each among the numbers its sentence writes (to 2 decimals)."""
    # Written by hand over rows: the check needs the sentence's parsed numbers (Chinese numerals,
    # 万/亿 sections), which no polars expression gives; sentences repeat, so each is parsed once
    # into a set of its numbers rounded to two decimals (约占3.33% may be stored as 3.3333).
    numbers: dict[str, frozenset[float]] = {}
    out = []
    append = out.append
    for sentence, value, value_max in statements.select("sentence", "value", "value_max").iter_rows():
        if sentence is None or value is None:
            append(False)
            continue
        found = numbers.get(sentence)
        if found is None:
            found = numbers[sentence] = frozenset(round(n, 2) for n in sentence_numbers(sentence))
        append(round(value, 2) in found and (value_max is None or round(value_max, 2) in found))
    return out
