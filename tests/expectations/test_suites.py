"""Each suite fails on the defect it exists for, and names the failing expectation."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from expectations.runner import prepare, run_suite, run_suites

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
        ({"value": 140.0, "sentence": "我市建成区绿化覆盖率为140%。"}, ("expect_column_values_to_be_between", "bounded_percentage")),
        ({"statement_kind": "target"}, ("expect_column_values_to_be_in_set", "statement_kind_")),
        ({"comparator": "≈"}, ("expect_column_values_to_be_in_set", "comparator")),
        ({"speech_fk_ok": False}, ("expect_column_values_to_be_in_set", "speech_fk_ok")),
        ({"value": 12.5}, ("expect_column_values_to_be_in_set", "value_in_sentence")),
        ({"value_max": 30.0}, ("expect_column_values_to_be_between", "value_max_minus_value")),
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
    bad = run_suites({table: prepare(table, statement_rows(value=140.0, sentence="覆盖率为140%。"))}, docs)[table]
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
    bad = run_suites({table: prepare(table, statement_rows(value=140.0, sentence="覆盖率为140%。"))}, docs,
                     docs_only_on_failure=True)[table]
    assert not bad.success and bad.docs_path == str(docs / "index.html")
    assert len(list((docs / "validations").rglob("*.html"))) == 1


def test_empty_batch_passes_without_evaluating():
    result = run_suite("fact_target", pd.DataFrame())
    assert result.success and result.evaluated == 0


@pytest.mark.parametrize(
    ("value", "sentence", "pattern", "found"),
    [
        (85.0, "机械清扫率要达到85%以上。", "rate", True),
        (36.03, "绿化覆盖率为36.03%。", "rate", True),
        (100.0, "完好率保持100%。", "rate", True),
        (1.2, "提高1.20个百分点。", "change", True),
        (3.3333333, "约占3.33%。", "rate", True),
        (5000.0, "新增五千个车位。", "cn_numeral", True),
        (12.5, "绿化覆盖率为41.35%。", "rate", False),
    ],
)
def test_value_in_sentence_is_derived_in_duckdb(value, sentence, pattern, found):
    derived = prepare("fact_indicator_value", statement_rows(value=value, sentence=sentence, pattern=pattern, unit="个"))
    assert bool(derived["value_in_sentence"][0]) is found


def test_statement_without_sentence_fails():
    assert ("expect_column_values_to_not_be_null", "sentence_chars") in failing("fact_indicator_value", statement_rows(sentence=None))
