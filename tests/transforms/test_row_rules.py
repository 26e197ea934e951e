"""Row rules: what a real report says is kept, what cannot be right is set aside with the rule it fails.

Every sentence here is our own, written in the shapes real work reports use.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from transforms import row_rules
from transforms.extract.numbers import chinese_to_number, sentence_numbers
from transforms.extract_batch import STATEMENT_SCHEMA, extract_frame


def rows(*specs: dict) -> pl.DataFrame:
    """Statement rows with the given fields (the rest neutral)."""
    base = {k: None for k in STATEMENT_SCHEMA}
    base.update(statement_id="s", speech_id="p1", unit="%", statement_kind="actual", pattern="rate", char_start=0)
    data = [{**base, "statement_id": f"s{i}", **spec} for i, spec in enumerate(specs)]
    return pl.DataFrame(data, schema=STATEMENT_SCHEMA)


def failed(**spec) -> list[str]:
    return row_rules.check_statements(rows(spec))["failed_rules"][0].to_list()


def extracted(text: str) -> pl.DataFrame:
    """The extractor's statements of one speech, through the row rules."""
    speech = pl.DataFrame({"speech_id": ["p1"], "body_text": [text], "speech_date": [dt.date(2026, 1, 20)]})
    statements, _ = extract_frame(speech, workers=1)
    return row_rules.check_statements(statements)


@pytest.mark.parametrize(
    ("name", "value", "sentence"),
    [
        ("新能源汽车产量增长", 107.2, "全市新能源汽车产量增长107.2%，集成电路产量增长195.6%。"),
        ("集成电路产量增长", 195.6, "全市新能源汽车产量增长107.2%，集成电路产量增长195.6%。"),
        ("城镇新增就业", 118.2, "城镇新增就业、新增创业担保贷款分别完成年计划的118.2%、248.57%。"),
        ("新增创业担保贷款", 248.57, "城镇新增就业、新增创业担保贷款分别完成年计划的118.2%、248.57%。"),
        ("投资完成率", 125.5, "重点项目完成投资1.5万亿元，投资完成率125.5%。"),
        ("地方财政收入占预算数比例", 102.74, "地方财政收入占预算数的102.74%。"),
        ("宏观杠杆率", 286.0, "宏观杠杆率为286%。"),
    ],
)
def test_growth_completion_and_ratios_to_a_plan_are_not_capped(name, value, sentence):
    assert failed(indicator_name=name, value=value, sentence=sentence) == []


def test_a_share_of_a_whole_over_100_is_set_aside():
    assert failed(indicator_name="森林覆盖率", value=120.0, sentence="全市森林覆盖率达到120%。") == ["share_out_of_range"]
    assert failed(indicator_name="第三产业占比", value=104.0, sentence="第三产业占比104%。") == ["share_out_of_range"]
    # 占…的x% read by the extractor as a share, whatever the name
    assert failed(indicator_name="户籍人口", value=130.0, pattern="share", sentence="户籍人口占130%。") == ["share_out_of_range"]
    assert failed(indicator_name="森林覆盖率", value=36.6, sentence="全市森林覆盖率达到36.6%。") == []


def test_a_fall_over_100_is_set_aside_and_a_range_must_not_be_inverted():
    assert failed(indicator_name="单位生产总值能耗下降", value=120.0, sentence="单位生产总值能耗下降120%。") == ["fall_over_100"]
    assert failed(indicator_name="单位生产总值能耗下降", value=13.5, sentence="单位生产总值能耗下降13.5%。") == []
    assert failed(indicator_name="增长", value=9.0, value_max=8.0, sentence="增长9%至8%。") == ["range_inverted"]


@pytest.mark.parametrize(
    ("value", "value_max", "unit", "sentence"),
    [
        (5.9, None, "%", "国内生产总值比上年增长百分之五点九。"),
        (8.0, 9.0, "%", "经济增长速度定为百分之八至九。"),
        (10.2, None, "%", "全年粮食产量增长１０．２％。"),
        (36000.0, None, "万吨", "全国粮食产量计划达到三亿六千万吨。"),
        (493.0, None, "亿元", "基本建设投资总额共为四百九十三亿元。"),
        (1497616000.0, None, "元", "林业、水利等方面支出1，497，616，000元。"),
        (2000.0, None, "万马力", "内燃机2，000万马力。"),
        (4386.0, None, "万名", "新增就业约占全国1/10，4386万名务工人员稳定就业。"),
        (1.0, None, "万亿元", "全年完成投资超万亿元。"),
        (30.0, None, "%", "绿电占比超三成。"),
        (80.0, None, "万千瓦", "一九五八年只生产八十万千瓦。"),
        (3.3333, None, "%", "约占3.33%。"),
        (85.0, None, "%", "机械清扫率要达到85%以上。"),
        (100.0, None, "%", "完好率保持100%。"),
        (1.2, None, "个百分点", "提高1.20个百分点。"),
        (5000.0, None, "个", "新增五千个车位。"),
    ],
)
def test_values_written_in_any_form_are_found_in_their_sentence(value, value_max, unit, sentence):
    assert failed(indicator_name="指标", value=value, value_max=value_max, unit=unit, sentence=sentence) == []


@pytest.mark.parametrize(
    ("value", "unit", "sentence"),
    [
        (6000.0, "万吨", "全国粮食产量计划达到三亿六千万吨。"),   # the 亿 section dropped
        (17.0, "万人", "小学招生二千零十七万人。"),              # the 千 before 零 dropped
        (12.5, "%", "绿化覆盖率为41.35%。"),
        (438.0, "万名", "约占全国1/10，4386万名务工人员稳定就业。"),
    ],
)
def test_a_value_its_sentence_does_not_write_is_set_aside(value, unit, sentence):
    assert failed(indicator_name="指标", value=value, unit=unit, sentence=sentence) == ["value_not_in_sentence"]


def test_chinese_numerals_with_sections():
    assert chinese_to_number("三亿八千万") == 380_000_000
    assert chinese_to_number("六百五十亿二千万") == 65_020_000_000
    assert chinese_to_number("一千零五十七万") == 10_570_000
    assert chinese_to_number("三点五万") == 35_000
    assert chinese_to_number("四万万") == 400_000_000
    assert 1954 in sentence_numbers("一九五四年比一九五二年增长")


def test_the_extractor_reads_sectioned_chinese_numerals_and_the_rules_keep_them():
    out = extracted("到一九八五年，全国粮食产量计划达到三亿六千万吨，比一九八○年增长百分之十二点三。"
                    "小学招生二千零十七万人。")
    got = {(r["value"], r["unit"]) for r in out.iter_rows(named=True)}
    assert (36000.0, "万吨") in got and (2017.0, "万人") in got and (12.3, "%") in got
    assert out["failed_rules"].list.len().sum() == 0


def test_real_report_shapes_pass_through_the_extractor_unharmed():
    out = extracted("全省地方国企资产总额增长116.2%、达到23.2万亿元。"
                    "城镇新增就业、新增发放创业担保贷款分别完成年计划的118.2%、248.57%。"
                    "全市森林覆盖率达到120%。")
    by_value = {r["value"]: r["failed_rules"] for r in out.iter_rows(named=True)}
    assert by_value[116.2] == [] and by_value[118.2] == [] and by_value[248.57] == []
    assert by_value[120.0] == ["share_out_of_range"]


def test_split_and_recount():
    frame = rows(
        dict(speech_id="a", indicator_name="森林覆盖率", value=36.6, sentence="森林覆盖率36.6%。"),
        dict(speech_id="a", indicator_name="森林覆盖率", value=136.6, sentence="森林覆盖率136.6%。"),
        dict(speech_id="b", indicator_name="绿地率", value=140.0, sentence="绿地率140%。"),
    )
    kept, aside = row_rules.split(frame)
    assert kept["value"].to_list() == [36.6] and "failed_rules" not in kept.columns
    assert aside["value"].to_list() == [136.6, 140.0]
    per_speech = pl.DataFrame({"speech_id": ["a", "b", "c"], "statement_count": [2, 1, 0],
                               "no_statement_reason": [None, None, "no quantitative statement found"]},
                              schema={"speech_id": pl.String, "statement_count": pl.Int32, "no_statement_reason": pl.String})
    counts = {r["speech_id"]: r for r in row_rules.recount(per_speech, kept, aside).iter_rows(named=True)}
    assert counts["a"]["statement_count"] == 1 and counts["a"]["no_statement_reason"] is None
    assert counts["b"]["statement_count"] == 0 and "set aside" in counts["b"]["no_statement_reason"]
    assert counts["c"]["no_statement_reason"] == "no quantitative statement found"


def test_an_empty_frame_passes_through():
    kept, aside = row_rules.split(pl.DataFrame(schema=STATEMENT_SCHEMA))
    assert kept.is_empty() and aside.is_empty() and aside.schema["failed_rules"] == pl.List(pl.String)
