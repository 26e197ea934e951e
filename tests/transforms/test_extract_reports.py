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


def test_statements_are_complete_frozen_dataclasses():
    import dataclasses

    for st in extract_statements("全市公园绿地面积达到1.2万公顷，比上年增长3%。"):
        assert dataclasses.replace(st) == st  # every field is set
        assert hash(st) == hash(dataclasses.replace(st))


def test_change_verb_before_the_value_is_not_part_of_the_name():
    st = by_value("数字经济核心产业增加值占地区生产总值比重提高到11.5%，主导产业集中度提升至60%以上。")
    assert st[11.5].indicator_name.startswith("数字经济核心产业增加值占地区生产总值")
    assert "提高" not in st[11.5].indicator_name
    assert st[60].indicator_name == "主导产业集中度" and st[60].comparator == ">="


def test_share_after_growth_takes_the_plain_name():
    st = by_value("高技术制造业产值增长9.2%、占规模以上工业产值比重提高到27%。")
    assert st[9.2].indicator_name == "高技术制造业产值增长"
    assert st[27].indicator_name.startswith("高技术制造业产值占") and "增长" not in st[27].indicator_name


def test_three_character_heads_are_not_distributed():
    st = by_value("“新三样”、集成电路出口增长21.4%、18.2%。")
    assert "新三样电路" not in st[21.4].indicator_name
    assert st[18.2].indicator_name.startswith("集成电路出口")


def test_container_throughput_unit():
    st = by_value("港口集装箱吞吐量达1260万标箱、增长3.1%。")
    assert st[1260].unit == "万标箱" and st[1260].indicator_name == "港口集装箱吞吐量"
    assert st[3.1].indicator_name == "港口集装箱吞吐量增长"


def test_review_section_effort_words_do_not_make_targets():
    text = ("一、2030年工作回顾\n过去一年，我们坚持稳中求进，努力克服困难，全省地区生产总值达到3.2万亿元、增长5.1%，"
            "居民人均可支配收入达31200元、增长5.4%。\n")
    st = by_value(text)
    for v in (3.2, 5.1, 31200, 5.4):
        assert st[v].statement_kind == "actual", v


def test_distributive_list_with_deng():
    st = by_value("钢铁、建材、化工等产业增加值分别增长3.1%、2.4%、6.8%。")
    assert [st[v].indicator_name for v in (3.1, 2.4, 6.8)] == ["钢铁产业增加值增长", "建材产业增加值增长", "化工产业增加值增长"]


def test_he_inside_a_list_item():
    st = by_value("批发、住宿和餐饮业增加值分别增长4.2%、6.6%。")
    assert st[4.2].indicator_name.startswith("批发")
    assert st[6.6].indicator_name.startswith("住宿和餐饮业增加值")


def test_adverb_before_comparator_is_not_in_the_name():
    st = by_value("全年空气质量优良天数比例首次突破85%。")
    assert st[85].indicator_name == "空气质量优良天数比例" and st[85].comparator == ">"


def test_default_subject_of_a_work_report():
    text = "全省地区生产总值增长5.2%。\n全省粮食产量稳定在700亿斤以上。\n规上工业增加值增长6%。"
    assert by_value(text)[6].subject == "全省"
    text = "我市空气质量持续改善。全市细颗粒物浓度下降5%。我市优良天数达到300天。规上工业增加值增长6%。"
    assert by_value(text)[6].subject == "我市"


def test_distributive_list_with_longer_heads_sharing_a_measure():
    st = by_value("美丽河湖、美丽海湾建成率分别达到40%、60%。")
    assert st[40].indicator_name == "美丽河湖建成率" and st[60].indicator_name == "美丽海湾建成率"


def test_counted_object_keeps_its_zhong():
    st = by_value("建成3个国家中医药传承创新中心、4个国家中医药特色重点医院。")
    assert st[4].indicator_name == "国家中医药特色重点医院"


def test_comparison_with_a_period_end():
    st = by_value("地区生产总值跨过4万亿元、年均增长5.6%，较“十三五”末净增1.2万亿元。")
    assert st[4].indicator_name == "地区生产总值" and st[4].comparator == ">"
    assert st[5.6].indicator_name == "地区生产总值年均增长"
    assert st[1.2].indicator_name.startswith("地区生产总值") and st[1.2].indicator_name.endswith("净增")


def test_adverbs_before_the_verb():
    assert by_value("物价涨幅仍然高达百分之十二点五。")[12.5].indicator_name == "物价涨幅"
    assert by_value("全国人口已经达到13亿。")[13].indicator_name == "人口"


def test_age_threshold_is_not_a_value():
    assert not extract_statements("落实婚育假、满3岁即入园等政策。")


def test_unit_of_a_value_list_applies_to_every_item():
    st = by_value("设施蔬菜、设施水果产量占比分别提高12、18个百分点。")
    assert st[12].unit == "个百分点" and st[18].unit == "个百分点"
    assert not extract_statements("开通1、2号线，3、4月份完成。")


def test_distributive_needs_a_word_boundary():
    st = by_value("蔬菜、小浆果设施产量占比分别提高12、18个百分点。")
    assert not st[12].indicator_name.startswith("蔬菜果")


def test_gap_to_the_nation_takes_the_figure_name():
    st = by_value("全省规上工业增加值增长7.1%，高于全国1.2个百分点。")
    assert st[1.2].indicator_name.startswith("规上工业增加值") and st[1.2].indicator_name.endswith("高于全国")


def test_top_percent_band_is_not_a_value():
    assert not [s for s in extract_statements("进入ESI全球排名前1%的学科数量增加。") if s.unit == "%"]


def test_place_subjects_and_office_traps():
    st = by_value("提请省人大常委会审议地方性法规12项，办理市人大代表建议680件。")
    assert st[12].subject is None or "提请" not in st[12].subject
    assert st[680].subject is None or "办理" not in st[680].subject
    st = by_value("黑龙江省粮食产量达到1500亿斤。宁夏回族自治区森林覆盖率达到12%。")
    assert st[1500].subject == "黑龙江省" and st[12].subject == "宁夏回族自治区"
    assert by_value("经济大省挑大梁，规上工业增加值增长6%。")[6].subject != "经济大省"


def test_service_radius_names_are_not_values():
    assert not extract_statements("打造15分钟便民生活圈，构建1小时通勤圈。")
    assert by_value("平均通勤时间缩短到38分钟。")[38].unit == "分钟"


def test_sector_list_with_commas():
    st = by_value("全区一、二、三产业增加值分别增长3.9%、5.2%、5.6%。")
    assert [st[v].indicator_name for v in (3.9, 5.2, 5.6)] == ["一产业增加值增长", "二产业增加值增长", "三产业增加值增长"]


def test_list_verb_with_comparison_base():
    st = by_value("火灾起数、死亡人数分别比“十四五”时期下降31.2%、18.6%。")
    assert st[31.2].indicator_name.startswith("火灾起数") and st[31.2].indicator_name.endswith("下降")
    assert st[18.6].indicator_name.startswith("死亡人数") and st[18.6].indicator_name.endswith("下降")


def test_growth_list_after_amount_list():
    st = by_value("港口货物吞吐量、集装箱吞吐量分别达到5.2亿吨、980万标箱，分别增长3.3%、6.1%。")
    assert st[3.3].indicator_name == "港口货物吞吐量增长" and st[6.1].indicator_name == "集装箱吞吐量增长"
