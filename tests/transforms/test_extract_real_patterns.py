"""Error patterns found on real work reports (issue #17), each with sentences we wrote in the same shapes."""

from __future__ import annotations

import pytest

from transforms.extract import extract_statements
from transforms.normalize import normalize_text


def rows(text: str) -> list[tuple]:
    """(name, value, value_max, unit, kind) of every statement, in text order."""
    return [(s.indicator_name, s.value, s.value_max, s.unit, s.statement_kind) for s in extract_statements(text)]


def by_value(text: str) -> dict[float, object]:
    return {s.value: s for s in extract_statements(text)}


# ---- 4. units that were cut
@pytest.mark.parametrize(
    ("text", "value", "unit", "kind"),
    [
        ("全市细颗粒物年均浓度下降到31微克/立方米。", 31.0, "微克/立方米", "density"),
        ("港口集装箱吞吐量达到860万标准箱。", 860.0, "万标准箱", "count"),
        ("全年举办群众文化活动1200场次。", 1200.0, "场次", "count"),
        ("耕地土壤有机质含量提高到18克/千克。", 18.0, "克/千克", "density"),
        ("全年发电量达到320亿千瓦小时。", 320.0, "亿千瓦小时", "energy"),
    ],
)
def test_whole_units(text, value, unit, kind):
    st = by_value(text)[value]
    assert st.unit == unit and st.unit_kind == kind


# ---- 5. Chinese and formatted numerals
def test_sectioned_chinese_numerals_keep_every_section():
    assert {(v, u) for _, v, _, u, _ in rows("全市货物运输量达到三亿八千万吨，比上年增长百分之六。")} == {
        (38000.0, "万吨"), (6.0, "%")}
    assert {(v, u) for _, v, _, u, _ in rows("中等学校招生一千零一十七万人。")} == {(1017.0, "万人")}


def test_a_chinese_percentage_range():
    st = by_value("明年的经济增长速度定为百分之七至八。")[7.0]
    assert st.value_max == 8.0 and st.unit == "%"


def test_full_width_digit_groups_are_one_number():
    text, _ = normalize_text("全县新增农机动力3，500万瓦，农田水利投入1，250，000元。")
    values = {(s.value, s.unit) for s in extract_statements(text)}
    assert (1250000.0, "元") in values
    # a list written with a comma is not a digit group
    text, _ = normalize_text("约占全省1/10，4386万名务工人员稳定就业。")
    assert (4386.0, "万名") in {(s.value, s.unit) for s in extract_statements(text)}


# ---- 6. kind from structure
REPORT_WITHOUT_NUMBERED_HEADINGS = """各位代表：
“十四五”时期工作回顾
五年来，全市地区生产总值年均增长6.1%，城镇新增就业累计52万人。
“十五五”时期的主要目标任务
今后五年，全市地区生产总值年均增长5.5%左右，城镇新增就业每年4万人以上。
2026年重点工作
新建城市公园12个，改造老旧小区3万户。
"""


def test_unnumbered_chapter_headings_set_review_and_plan():
    got = {v: k for _, v, _, _, k in rows(REPORT_WITHOUT_NUMBERED_HEADINGS)}
    assert got[6.1] == "actual" and got[52.0] == "actual"
    assert got[5.5] == "target" and got[4.0] == "target"
    assert got[12.0] == "target" and got[3.0] == "target"


REPORT_PLAN_CHAPTER_OPENING_WITH_RESULTS = """一、过去五年的回顾
过去五年，全市地区生产总值年均增长6.8%。
二、2026年的工作
2026年，是“十五五”开局之年，做好今年的工作至关重要。过去一年，我们的各项工作取得了新成绩。地区生产总值增长6.2%，城镇新增就业8.6万人。
今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业8万人以上。
"""


def test_last_years_results_in_a_plan_chapter_are_actual():
    got = {v: k for _, v, _, _, k in rows(REPORT_PLAN_CHAPTER_OPENING_WITH_RESULTS)}
    assert got[6.8] == "actual"
    assert got[6.2] == "actual" and got[8.6] == "actual"  # after 过去一年: facts
    assert got[6.0] == "target" and got[8.0] == "target"  # the plan itself
