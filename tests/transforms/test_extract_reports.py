"""Patterns of work reports: change phrases, growth after growth, shared verbs in lists, never-a-value traps."""

import pytest

from transforms.extract import extract_statements


def by_value(text: str):
    return {s.value: s for s in extract_statements(text)}


def test_change_from_last_year_value():
    st = by_value("省级产业园区由上年的45个增加到63个。")
    assert st[45].indicator_name == "省级产业园区" and st[45].statement_kind == "baseline"
    assert st[63].indicator_name == "省级产业园区" and st[63].statement_kind == "actual"


def test_change_from_dated_value():
    st = by_value("全市人均预期寿命从2030年的80.1岁提高到81.2岁。")
    assert st[80.1].indicator_name == "人均预期寿命" and st[80.1].statement_kind == "baseline"
    assert st[81.2].indicator_name == "人均预期寿命"


def test_growth_after_growth_does_not_repeat_the_verb():
    st = by_value("全省油料产量达到86亿斤，比上年增长3.2%，增幅提高0.8个百分点。")
    assert st[3.2].indicator_name == "油料产量比上年增长"
    assert "增长增" not in st[0.8].indicator_name and st[0.8].indicator_name.startswith("油料产量")


def test_increase_after_an_amount_takes_the_amount_name():
    st = by_value("今年市财政安排45亿元资金支持技能培训，比上年增加6亿元。")
    assert st[45].statement_kind == "target"
    assert st[6].indicator_name.endswith("比上年增加") and len(st[6].indicator_name) > 5
    assert st[6].statement_kind == "target"  # 比上年 is a comparison, not a past clause


def test_distributive_prefix_list():
    st = by_value("城镇和农村居民人均消费支出实际增长6.1%和7.3%。")
    assert st[6.1].indicator_name == "城镇居民人均消费支出实际增长"
    assert st[7.3].indicator_name == "农村居民人均消费支出实际增长"
    st = by_value("兽药、农药抽检合格率分别达到97.6%和98.2%。")
    assert st[97.6].indicator_name == "兽药抽检合格率" and st[98.2].indicator_name == "农药抽检合格率"


def test_list_keeps_the_verb_after_fenbie_and_trailing_comparator():
    st = by_value("城镇、农村居民人均可支配收入分别增长4%、6%左右。")
    assert st[4].indicator_name == "城镇居民人均可支配收入增长" and st[4].comparator == "~"
    assert st[6].indicator_name == "农村居民人均可支配收入增长" and st[6].comparator == "~"


def test_growth_list_refers_back_to_amount_list():
    st = by_value("城镇居民人均可支配收入和农村居民人均纯收入分别达到3120元和1480元，平均每年实际增长6.2%和4.9%。")
    assert st[6.2].indicator_name.startswith("城镇居民人均可支配收入") and st[6.2].indicator_name.endswith("增长")
    assert st[4.9].indicator_name.startswith("农村居民人均纯收入")


def test_sector_list():
    st = by_value("一二三产增加值分别增长3%左右、6.5%左右、5.5%左右。")
    assert [st[v].indicator_name for v in (3, 6.5, 5.5)] == ["一产增加值增长", "二产增加值增长", "三产增加值增长"]


def test_multiplier_before_many():
    st = by_value("主城区新增公共停车泊位3万余个，居民存款新增2万多亿元。")
    assert st[3].unit == "万个" and st[3].comparator == ">"
    assert st[2].unit == "万亿元" and st[2].value_base == 2e12


def test_arranged_amount_is_not_a_rank():
    st = by_value("今年省级财政安排38亿元。")
    assert st[38].unit == "亿元"
    assert not extract_statements("全省经济总量在全国排第6位。")


@pytest.mark.parametrize("text", [
    "为全市0-3岁婴幼儿家庭提供育儿指导服务。",
    "出台“稳外贸18条”，推动政策落地。",
    "超算总规模达到12.5百亿亿次。",
])
def test_never_a_value(text):
    assert not extract_statements(text), extract_statements(text)


def test_age_as_value_still_counts():
    st = by_value("人均预期寿命达到79.8岁，新增3岁以下婴幼儿托位2万个。")
    assert st[79.8].unit == "岁" and st[2].unit == "万个"


def test_last_year_end_is_not_a_deadline():
    st = by_value("去年末全市住户存款余额增长7.5%。")
    assert st[7.5].statement_kind == "actual" and st[7.5].deadline_text is None
    assert st[7.5].indicator_name == "住户存款余额增长"


def test_whole_year_total_is_a_fact():
    st = by_value("全年共签约落地亿元以上项目812个，带动工业投资增长9.1%。")
    assert st[812].statement_kind == "actual" and st[9.1].statement_kind == "actual"


def test_person_times_per_household():
    st = by_value("开展入户走访2万户次。")
    assert st[2].unit == "万户次"
