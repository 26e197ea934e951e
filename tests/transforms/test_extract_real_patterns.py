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


# ---- 1. the amount after a growth figure
def test_the_amount_after_a_growth_figure_is_kept():
    got = {(n, v, u) for n, v, _, u, _ in rows("地方财政收入增长9%，达到35亿元；社会消费品零售总额增长8%，达到126亿元。")}
    assert got == {("地方财政收入增长", 9.0, "%"), ("地方财政收入", 35.0, "亿元"),
                   ("社会消费品零售总额增长", 8.0, "%"), ("社会消费品零售总额", 126.0, "亿元")}
    got = {(n, v, u) for n, v, _, u, _ in rows("全市生产总值增长6.1%、达到2.3万亿元，成为全省首个经济总量过2万亿元城市。")}
    assert ("全市生产总值", 2.3, "万亿元") in got or ("生产总值", 2.3, "万亿元") in got
    assert not any(v == 2.0 for _, v, _ in got)  # 过2万亿元城市: a class of cities, not a value


# ---- 2. 分别 lists
def test_fenbie_lists_pair_names_on_word_boundaries():
    got = {v: n for n, v, _, _, _ in rows("新能源、高端装备制造产业产值分别增长95.6%、23.5%。")}
    assert got == {95.6: "新能源产业产值增长", 23.5: "高端装备制造产业产值增长"}
    got = {v: n for n, v, _, _, _ in rows("城镇和农村居民人均可支配收入分别增长5.1%和6.3%。")}
    assert got == {5.1: "城镇居民人均可支配收入增长", 6.3: "农村居民人均可支配收入增长"}


def test_tongbi_is_part_of_the_verb_not_the_name():
    got = {v: n for n, v, _, _, _ in rows("规上工业增加值、社会消费品零售总额，同比分别增长6.5%、9.4%。")}
    assert got == {6.5: "规上工业增加值增长", 9.4: "社会消费品零售总额增长"}
    got = {(n, v) for n, v, _, _, _ in rows("全县进出口总额达到50亿元、出口总额达到30亿元，同比分别增长6.5%、9.4%。")}
    assert ("进出口总额增长", 6.5) in got and ("出口总额增长", 9.4) in got


def test_one_figure_shared_by_the_list_before():
    got = {(n, v) for n, v, _, _, _ in rows("城镇和农村居民人均可支配收入分别达45512元、25689元，分别同比增长5.8%。")}
    assert ("城镇居民人均可支配收入增长", 5.8) in got and ("农村居民人均可支配收入增长", 5.8) in got


# ---- 3. completion rates
def test_completion_of_a_plan_is_an_actual_ratio():
    got = {v: (n, k) for n, v, _, _, k in rows("城镇新增就业、农村劳动力转移就业分别完成年计划的112.5%、104.3%。")}
    assert got == {112.5: ("城镇新增就业计划完成率", "actual"), 104.3: ("农村劳动力转移就业计划完成率", "actual")}
    (n, v, _, _, k), = rows("全年一般公共预算收入完成预算的102.3%。")
    assert (n, k) == ("一般公共预算收入预算完成率", "actual")


# ---- 7. framing words
@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("中央提出今年经济增长预期目标为7%左右。", "经济增长"),
        ("国家计划要求今年国民生产总值比上年增长4%。", "国民生产总值比上年增长"),
        ("数字经济核心产业增加值预计增长10%。", "数字经济核心产业增加值增长"),
        ("技术改造投资完成增长5.8%。", "技术改造投资增长"),
        ("人均预期寿命达到79.5岁。", "人均预期寿命"),
    ],
)
def test_framing_words_leave_the_name(text, name):
    assert [n for n, *_ in rows(text)] == [name]


def test_a_plans_expected_figure_is_a_target():
    assert [k for *_, k in rows("今年的经济增长预期为7%左右。")] == ["target"]
    assert [k for *_, k in rows("明年经济增长速度定为百分之七至八。")] == ["target"]


# ---- 8. a task with its deadline after it
def test_a_task_whose_deadline_follows_is_a_target():
    (st,) = extract_statements("完成1200户危房改造，确保入冬前完工。")
    assert (st.value, st.unit, st.statement_kind, st.deadline_text) == (1200.0, "户", "target", "入冬前")
    (st,) = extract_statements("改造老旧小区36个，力争10月底前全部完工。")
    assert (st.statement_kind, st.deadline_text) == ("target", "10月底前")


# ---- 10. 城镇/农村: one rule
def test_urban_and_rural_stay_in_the_name_never_in_the_subject():
    sts = extract_statements("城乡居民人均可支配收入分别增长5%、6%。农村居民人均可支配收入达到2.1万元。")
    assert [st.indicator_name for st in sts] == [
        "城镇居民人均可支配收入增长", "农村居民人均可支配收入增长", "农村居民人均可支配收入"]
    assert all(st.subject not in ("城镇", "农村", "城乡") for st in sts)


# ---- audit findings: the country as the default subject; the verb of a counted object; 公方
def test_a_national_report_speaks_for_the_country():
    text = "过去一年，我国经济稳定增长。我国国内生产总值增长5.2%。城镇新增就业1244万人。"
    assert {st.subject for st in extract_statements(text)} == {"我国"}
    # a city speech mentions the country in passing: its own jurisdiction stays the subject
    text = "我国城镇化持续推进，我国经济稳定增长。我市绿化覆盖率达到41%。我市新建公园12个。"
    assert {st.subject for st in extract_statements(text)} == {"我市"}


def test_the_verb_of_a_counted_object_stays_in_the_name():
    assert [n for n, *_ in rows("建设改造4075公里城市地下管网。")] == ["建设改造城市地下管网"]
    assert [n for n, *_ in rows("基本医疗保险惠及12.67亿城乡居民。")] == ["惠及城乡居民"]
    assert [(v, u) for _, v, _, u, _ in rows("全年完成混凝土60万公方。")] == [(60.0, "万公方")]


def test_more_framing_and_period_words():
    assert [n for n, *_ in rows("为此将投入资金30亿元。")] == ["投入资金"]
    # 超计划: beyond the plan, a result
    assert [k for *_, k in rows("新退出政府融资平台346家、超计划19家。")] == ["actual", "actual"]
    # in a review, 五年内 says how long the facts took: no deadline, no target
    text = "一、过去五年的回顾\n五年内全市新建学校45所。\n"
    (st,) = extract_statements(text)
    assert (st.statement_kind, st.deadline_text) == ("actual", None)


def test_second_audit_findings():
    # a design class is no value; 兆瓦时 is one unit
    assert rows("建成北海铁山港20万吨级散货泊位。") == []
    assert [(v, u) for _, v, _, u, _ in rows("新增新型储能装机120万千瓦、240万兆瓦时。")][-1] == (240.0, "万兆瓦时")
    # digits spaced out by a scan are one number
    text, _ = normalize_text("城镇新增就业3 5 5 5万人。")
    assert [(v, u) for _, v, _, u, _ in rows(text)] == [(3555.0, "万人")]
    # 全国政协 is a body, not the country
    (st,) = extract_statements("办理全国政协提案5件。")
    assert st.subject != "全国"
    # a concessive lead is no part of the name
    assert [n for n, *_ in rows("虽然全市工业产值增长了12%，但效益不高。")] == ["工业产值增长"]


def test_plan_periods_and_per_year_leave_the_name():
    assert [n for n, *_ in rows("十五五时期地区生产总值年均增长5%以上。")] == ["地区生产总值年均增长"]
    assert [(n, s) for n, s, *_ in ((st.indicator_name, st.subject) for st in
                                    extract_statements("“十四五”期间全省森林覆盖率提高到36%。"))] == [("森林覆盖率", "全省")]
    assert [n for n, *_ in rows("今后五年，城镇新增就业每年4万人以上。")] == ["城镇新增就业"]
    assert [n for n, *_ in rows("十五个重点项目投资30亿元。")] == ["十五个重点项目投资"]  # 十五 here counts


def test_fourth_audit_findings():
    # a bare total is the total of what was just counted
    got = [n for n, *_ in rows("新登记经营主体320万户、增长13%，总量达2037.7万户。")]
    assert got[-1] == "新登记经营主体总量"
    # a new addition stays new in the items after it (其中…, and the list's later items)
    assert [n for n, *_ in rows("新增公路19.2万公里，其中高速公路2.8万公里。")] == ["新增公路", "新增高速公路"]
    assert [n for n, *_ in rows("新增2所本科高校、1所职业院校。")] == ["新增本科高校", "新增职业院校"]


def test_a_short_aside_after_the_unit_does_not_hide_the_counted_object():
    assert [n for n, *_ in rows("改造2.5万套（间）城市危旧房。")] == ["改造城市危旧房"]


def test_fifth_audit_findings():
    # a year written in Chinese numerals is a time word; the comparison of the first clause is not the measure
    got = [n for n, *_ in rows("工业总产值一九七七年比一九七六年增长百分之十四点三，一九七八年又比一九七七年增长百分之十三点五。")]
    assert got[1] == "工业总产值比一九七七年增长"
    assert [n for n, *_ in rows("一九五七年钢产量达到五百三十五万吨。")] == ["钢产量"]
    # a gap to the country, stated after a figure, is the gap of that figure's measure
    assert [n for n, *_ in rows("地区生产总值增长5.5%，比全国高0.5个百分点。")][1].startswith("地区生产总值")


def test_the_verb_of_a_counted_list_of_projects():
    assert [n for n, *_ in rows("新开工晏城至表白寺等2个项目，建成通车济南至宁津等5个项目。")] == ["新开工项目", "建成通车项目"]
    # 惠及 is one word, not 惠 及 (and)
    assert [n for n, *_ in rows("以旧换新带动销售超800亿元、惠及消费者750余万人次。")][-1] == "惠及消费者"


def test_a_list_of_markets_or_sectors_shares_the_flow_of_its_last_item():
    assert [n for n, *_ in rows("对东盟、欧盟、拉美市场出口分别增长16.7%、20.2%、7.6%。")] == [
        "东盟出口增长", "欧盟出口增长", "拉美市场出口增长"]
    assert [n for n, *_ in rows("工业、制造业、工业技改投资分别增长9.4%、13.3%、6.1%。")] == [
        "工业投资增长", "制造业投资增长", "工业技改投资增长"]
    # a first item that is a measure of its own keeps its name (城镇新增就业 is no 贷款)
    assert [n for n, *_ in rows("城镇新增就业、新增发放创业担保贷款分别完成年计划的108%、160%。")][0] == "城镇新增就业计划完成率"


def test_a_named_sub_area_is_the_subject_not_part_of_the_name():
    (st,) = extract_statements("临江新区地区生产总值突破800亿元。")
    assert (st.subject, st.indicator_name) == ("临江新区", "地区生产总值")
    (st,) = extract_statements("河西先导区承接转移项目86个。")
    assert (st.subject, st.indicator_name) == ("河西先导区", "承接转移项目")
    # a category of areas is no place: 开发区 stays in the name, the report's own subject applies
    assert {st.subject for st in extract_statements("全省开发区由120个整合为90个。")} == {"全省"}


def test_thresholds_and_milestones():
    # 过/超 an amount, then the class it bounds (的 + a noun phrase): no value of its own
    assert rows("全省营收过百亿元的农产品加工企业达到15家。") == [("农产品加工企业", 15.0, None, "家", "actual")]
    # a milestone (台阶, 大关) is passed by the measure before it, which stays the name
    assert [n for n, *_ in rows("全市地区生产总值迈上4万亿元新台阶。")] == ["地区生产总值"]
    assert [n for n, *_ in rows("煤炭产量突破10亿吨大关，达到10.4亿吨。")] == ["煤炭产量", "煤炭产量"]
    # 小麦、玉米单产: 单产 is a measure the first item shares
    assert [n for n, *_ in rows("小麦、玉米单产分别提高7.4%、5.2%。")] == ["小麦单产提高", "玉米单产提高"]


def test_year_end_in_a_review_is_a_point_in_time_not_a_deadline():
    text = ("一、2023年工作回顾\n过去一年，国民经济回升向好。地区生产总值增长5.2%，年末城镇调查失业率为5.1%，"
            "外汇储备年底达到3200亿美元。\n二、2024年工作安排\n年底前完成老旧小区改造300个。\n")
    assert [(v, k) for _, v, _, _, k in rows(text)] == [
        (5.2, "actual"), (5.1, "actual"), (3200.0, "actual"), (300.0, "target")]


def test_a_figure_set_by_a_verb_takes_the_measure_of_the_clause_before():
    for text in ("今年经济增长速度的宏观调控目标，定为百分之八至九。", "全年基本建设投资总额，拟定为二百七十亿元。"):
        (st,) = extract_statements(text)
        assert st.indicator_name in ("经济增长速度", "基本建设投资总额") and st.statement_kind == "target"
    (st,) = extract_statements("今年经济增长速度的宏观调控目标，定为百分之八至九。")
    assert (st.value, st.value_max, st.unit) == (8.0, 9.0, "%")


def test_sixth_audit_findings():
    # 产能, 储能 are nouns, never the modal 能
    assert [n for n, *_ in rows("煤炭产能突破1.4亿吨，新型储能超过760万千瓦。")] == ["煤炭产能", "新型储能"]
    # an amount bounded by 以上 before the class it sizes is no value either
    assert [n for n, *_ in rows("全产业链总产值达到3500亿元、百亿元以上产业链达到15条。")] == ["全产业链总产值", "产业链"]
    # a load that passed a test (超1亿千瓦考验) is the load's value, like a milestone
    assert "用电负荷" in [n for n, v, *_ in rows("成功应对全网用电负荷超1亿千瓦考验。") if v == 1.0][0]
    # a middle dot as the decimal point (older typeset reports), never in an event's name
    text, _ = normalize_text("全社会固定资产投资增长14·1%，战胜“23·7”洪水。")
    assert text == "全社会固定资产投资增长14.1%，战胜“23·7”洪水。"


def test_a_national_rank_or_title_is_no_subject():
    text = "全省经济稳中有进，全省上下团结奋斗。全国文明城市达到13个，在全国率先完成育儿补贴发放，惠及17万婴幼儿。"
    sts = extract_statements(text)
    assert {s.subject for s in sts} == {"全省"}
    assert sts[0].indicator_name == "全国文明城市"


def test_a_share_whose_part_is_the_clause_before():
    assert [n for n, *_ in rows("全省规模以上工业企业研发投入，占营业收入的比重达到1.8%。")] == [
        "规模以上工业企业研发投入占营业收入比例"]
    # a clause that is no measure lends no name (我们相信，占人口…)
    assert [n for n, *_ in rows("我们相信，占人口95%的群众支持改革。")] != ["我们相信占人口比例"]


def test_a_service_radius_with_a_long_qualifier_is_a_name():
    assert rows("新建“15分钟品质文化生活圈”2415个。") == [("新建15分钟品质文化生活圈", 2415.0, None, "个", "actual")]
