"""Each suite fails on the defect it exists for, and names the failing expectation."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from expectations.runner import Thresholds, prepare, run_suite, run_suites

SHA = "a" * 64


def failing(table: str, df: pd.DataFrame) -> set[tuple[str, str]]:
    result = run_suite(table, prepare(table, df))
    return {(f["expectation"], str(f["kwargs"].get("column") or f["kwargs"].get("column_list"))) for f in result.failures}


def statement_rows(**overrides) -> pd.DataFrame:
    row = dict(statement_id="s1", speech_id="p1", indicator_key="i1", subject="我市", value=41.35, value_max=None,
               unit="%", unit_kind="ratio", statement_kind="actual", comparator="=", pattern="rate",
               sentence="我市建成区绿化覆盖率为41.35%。", char_start=12, char_end=18,
               speech_fk_ok=True, indicator_fk_ok=True)
    row.update(overrides)
    return pd.DataFrame([row])


def test_valid_statement_batch_passes():
    assert run_suite("fact_indicator_value", prepare("fact_indicator_value", statement_rows())).success


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ({"statement_kind": "target"}, ("expect_column_values_to_be_in_set", "statement_kind_")),
        ({"comparator": "≈"}, ("expect_column_values_to_be_in_set", "comparator")),
        ({"speech_fk_ok": False}, ("expect_column_values_to_be_in_set", "speech_fk_ok")),
        ({"value": None}, ("expect_column_values_to_not_be_null", "value")),
    ],
)
def test_statement_defects_are_named(override, expected):
    assert expected in failing("fact_indicator_value", statement_rows(**override))


def test_target_with_dangling_department_fails():
    df = statement_rows(statement_kind=None, department_key="d9", department_fk_ok=False, deadline_text="年底前")
    df = df.drop(columns=["statement_kind"])
    assert ("expect_column_values_to_be_in_set", "department_fk_ok") in failing("fact_target", df)


def test_quarantined_file_without_reason_fails():
    df = pd.DataFrame([
        {"source_file": "a.txt", "content_sha256": SHA, "status": "loaded", "detail_if_not_loaded": "n/a"},
        {"source_file": "b.pdf", "content_sha256": SHA, "status": "quarantined", "detail_if_not_loaded": None},
    ])
    assert ("expect_column_values_to_not_be_null", "detail_if_not_loaded") in failing("raw_file", df)


def test_speech_with_pinyin_left_or_dangling_canonical_fails():
    df = pd.DataFrame([{
        "speech_id": "p1", "source_file": "a.txt", "part_no": 1, "canonical_speech_id": "zz", "canonical_fk_ok": False,
        "char_count": 300, "dup_kind": None, "source_script": "traditional", "title": "讲话", "dup_similarity": None,
        "body_text": "我们(men)要加强城市管理。", "statement_count": 3,
    }])
    got = failing("dim_speech", df)
    assert ("expect_column_values_to_be_in_set", "canonical_fk_ok") in got
    assert ("expect_column_values_to_be_null", "pinyin_gloss_left") in got


def test_each_call_is_validated_afresh_and_the_docs_show_the_last(tmp_path):
    """The GX context is reused across calls (built once per process): results must not leak between batches."""
    docs = tmp_path / "gx_docs"
    table = "fact_indicator_value"
    bad = run_suites({table: prepare(table, statement_rows(comparator="≈"))}, docs)[table]
    good = run_suites({table: prepare(table, statement_rows())}, docs)[table]
    assert not bad.success and bad.failures
    assert good.success and not good.failures and good.evaluated == bad.evaluated
    assert good.docs_path == str(docs / "index.html")
    # One validation page (the last call's), the suite's own page, and an index linking both.
    assert len(list((docs / "validations").rglob("*.html"))) == 1
    assert (docs / "expectations" / f"{table}_suite.html").exists()
    assert f"{table}_suite" in (docs / "index.html").read_text()
    # The folder cleared while the process lives on (a long run_until_done, a Celery worker): rebuilt whole.
    shutil.rmtree(docs)
    assert run_suites({table: prepare(table, statement_rows())}, docs)[table].success
    assert (docs / "expectations" / f"{table}_suite.html").exists()


def test_a_batch_with_more_to_follow_renders_docs_only_when_it_fails(tmp_path):
    """docs_only_on_failure (a backfill's batches before the last): a pass renders nothing, a failure still shows."""
    docs = tmp_path / "gx_docs"
    table = "fact_indicator_value"
    good = run_suites({table: prepare(table, statement_rows())}, docs, docs_only_on_failure=True)[table]
    assert good.success and good.docs_path is None and not (docs / "index.html").exists()
    bad = run_suites({table: prepare(table, statement_rows(comparator="≈"))}, docs, docs_only_on_failure=True)[table]
    assert not bad.success and bad.docs_path == str(docs / "index.html")
    assert len(list((docs / "validations").rglob("*.html"))) == 1


def test_empty_batch_passes_without_evaluating():
    result = run_suite("fact_target", pd.DataFrame())
    assert result.success and result.evaluated == 0


def test_row_rules_name_each_rule_with_the_sentence():
    """The warning suite: one expectation per rule, failing rows show indicator, value and sentence."""
    df = pd.DataFrame([
        {"statement_id": "a", "failed_rules": [], "indicator_name": None, "value": None, "unit": None, "sentence": None},
        {"statement_id": "b", "failed_rules": ["share_out_of_range"], "indicator_name": "森林覆盖率", "value": 120.0,
         "unit": "%", "sentence": "全市森林覆盖率达到120%。"},
    ])
    result = run_suite("statement_rules", prepare("statement_rules", df))
    assert not result.success
    (failure,) = result.failures
    assert failure["kwargs"]["column"] == "share_out_of_range" and failure["unexpected_count"] == 1
    assert failure["sample"] == ["森林覆盖率 120.0 % | 全市森林覆盖率达到120%。"]


def signals(**overrides) -> pd.DataFrame:
    row = dict(published=1000, set_aside=5, batch_speeches=30, batch_chars=600_000, batch_statements=6000,
               history_speeches=50, history_chars=1_000_000, history_statements=4000)
    row.update(overrides)
    return prepare("batch_signals", pd.DataFrame([row]))


def test_batch_signals_block_a_batch_with_many_rows_set_aside():
    assert run_suite("batch_signals", signals()).success  # 5 rows set aside: below the minimum, no share
    assert run_suite("batch_signals", signals(set_aside=40)).success  # 3.8%
    bad = run_suite("batch_signals", signals(set_aside=200))  # 16.7%
    assert not bad.success and bad.failures[0]["kwargs"]["column"] == "set_aside_share"
    # the threshold is configuration (a suite parameter)
    assert not run_suite("batch_signals", signals(set_aside=40), thresholds=Thresholds(max_set_aside_share=0.02)).success


def test_batch_signals_block_a_statement_density_far_from_history():
    assert run_suite("batch_signals", signals(batch_statements=600)).success  # 0.25× history: another genre
    assert not run_suite("batch_signals", signals(batch_statements=0)).success  # an extractor that finds nothing
    assert not run_suite("batch_signals", signals(batch_statements=200_000)).success  # one that explodes
    # too little history to compare with: no signal
    assert run_suite("batch_signals", signals(batch_statements=0, history_speeches=6, history_chars=3000)).success


def test_missing_titles_are_a_quality_warning_not_an_integrity_failure():
    speeches = pd.DataFrame([{
        "speech_id": f"p{i}", "source_file": f"{i}.txt", "part_no": 1, "canonical_speech_id": f"p{i}", "canonical_fk_ok": True,
        "char_count": 3000, "dup_kind": None, "source_script": "simplified", "title": None, "dup_similarity": None,
        "body_text": "全市森林覆盖率达到36.6%。", "statement_count": 3,
    } for i in range(4)])
    assert run_suite("dim_speech", prepare("dim_speech", speeches)).success
    quality = run_suite("speech_quality", prepare("speech_quality", speeches))
    assert not quality.success and quality.failures[0]["kwargs"]["column"] == "title"


def test_statement_without_sentence_fails():
    assert ("expect_column_values_to_not_be_null", "sentence_chars") in failing("fact_indicator_value", statement_rows(sentence=None))
