"""Which years a stated value refers to: transforms.period on short report-shaped texts."""

import datetime

import pytest

from transforms.period import five_year_plan, speech_year, statement_periods


def periods(text: str, year: int | None, *needles: tuple[str, str]) -> list[tuple[int | None, int | None]]:
    """The periods of the numbers found by `needle` (its first occurrence; the number starts it) of `kind`."""
    return statement_periods(text, year, [(text.index(n), kind) for n, kind in needles])


def one(text: str, year: int | None, needle: str, kind: str) -> tuple[int | None, int | None]:
    return periods(text, year, (needle, kind))[0]


# A provincial report of 2026: a review of 2025 and of the 十四五, the 十五五 outline, this year's work.
PROVINCIAL = (
    "——2026年1月20日在某省第十四届人民代表大会第四次会议上\n"
    "各位代表：\n"
    "一、2025年和“十四五”时期工作回顾\n"
    "过去一年，全省上下攻坚克难，经济运行稳中有进。地区生产总值增长5.3%，粮食总产量达到612亿斤。\n"
    "（一）产业升级步伐加快。新认定省级专精特新企业420家，全年新增城镇就业38万人。\n"
    "五年来，我们办成了一批大事。全省累计建成5G基站11万个，高速公路通车里程突破9800公里。"
    "“十四五”期间，全省一般公共预算收入年均增长4.8%。\n"
    "二、“十五五”时期主要目标任务\n"
    "《纲要（草案）》提出，地区生产总值年均增长5%左右，到2030年常住人口城镇化率达到68%，"
    "到2035年人均地区生产总值达到中等发达国家水平的8成。\n"
    "三、2026年重点工作\n"
    "今年是“十五五”开局之年。今年经济社会发展的主要预期目标是：地区生产总值增长5%左右；"
    "城镇新增就业36万人以上；单位地区生产总值能耗完成“十五五”分解目标的20%；居民收入增长与经济增长同步。\n"
    "（一）扩大有效需求。新开工重大项目300个，2024年开工的跨江大桥明年建成通车，其桥长6.8公里。"
    "目前全省已建成充电桩26万个。\n"
)


def test_this_years_targets_under_a_plan_heading():
    assert periods(PROVINCIAL, 2026, ("5%左右；", "target"), ("36万人", "target"), ("300个", "target")) == [
        (2026, 2026), (2026, 2026), (2026, 2026)]


def test_a_fifteenth_plan_goal_inside_the_annual_targets_keeps_its_own_period():
    assert one(PROVINCIAL, 2026, "20%；", "target") == (2026, 2030)


def test_last_years_results_under_a_review_heading():
    assert periods(PROVINCIAL, 2026, ("5.3%", "actual"), ("612亿斤", "actual"), ("420家", "actual"),
                   ("38万人", "actual")) == [(2025, 2025)] * 4


def test_past_five_years_and_fourteenth_plan_totals():
    assert periods(PROVINCIAL, 2026, ("11万个", "actual"), ("9800公里", "actual"), ("4.8%", "actual")) == [
        (2021, 2025)] * 3


def test_fifteenth_plan_targets_and_deadlines():
    assert periods(PROVINCIAL, 2026, ("5%左右，到", "target"), ("68%", "target"), ("8成", "target")) == [
        (2026, 2030), (2026, 2030), (2026, 2035)]


def test_next_year_and_an_explicit_year_override_the_section():
    assert one(PROVINCIAL, 2026, "6.8公里", "target") == (2027, 2027)
    text = "三、2026年重点工作\n推进城市更新。2024年启动的老旧小区改造共涉及1.2万户。\n"
    assert one(text, 2026, "1.2万户", "actual") == (2024, 2024)


def test_a_fact_in_a_plan_chapter_does_not_take_the_plan_year():
    assert one(PROVINCIAL, 2026, "26万个", "actual") == (None, None)


def test_fourteenth_plan_end_is_its_last_year():
    text = "一、工作回顾\n到“十四五”末，全市森林覆盖率达到45.2%。\n"
    assert one(text, 2026, "45.2%", "actual") == (2025, 2025)
    text = "截至“十四五”末，全市森林覆盖率达到45.2%。"
    assert one(text, 2026, "45.2%", "actual") == (2025, 2025)


def test_compared_with_last_year_in_a_review_is_the_review_year():
    text = "一、“十四五”时期工作回顾\n全市粮食产量达到312万吨，比上年增长2.1%。\n"
    assert one(text, 2026, "2.1%", "actual") == (2025, 2025)
    assert one(text, 2026, "312万吨", "actual") == (2025, 2025)


def test_years_in_chinese_numerals_and_spans():
    text = ("一九五七年，全国钢产量达到五百三十五万吨。"
            "一九五三年到一九五七年，工业总产值平均每年增长百分之十八。"
            "第二个五年计划期间，粮食产量要增加百分之三十五。"
            "“一五”时期新建铁路四千八百公里。")
    assert periods(text, 1958, ("五百三十五万吨", "actual"), ("百分之十八", "actual"),
                   ("百分之三十五", "target"), ("四千八百公里", "actual")) == [
        (1957, 1957), (1953, 1957), (1958, 1962), (1953, 1957)]


def test_a_national_report_without_numbered_headings():
    text = (
        "各位代表：\n"
        "去年，在全国人民的共同努力下，国民经济继续稳定增长。国民生产总值比上年增长百分之七，"
        "粮食产量达到四千三百五十亿公斤。\n"
        "工业生产保持增长，全年工业总产值增长百分之十二。\n"
        "在去年农业丰收的基础上，今年要继续加强农业。今年国民生产总值的预期目标是增长百分之六，"
        "全社会固定资产投资计划安排五千五百亿元。\n"
        "全社会零售物价总水平的上涨幅度，要控制在百分之六左右。\n"
    )
    assert periods(text, 1992, ("百分之七", "actual"), ("四千三百五十亿公斤", "actual"),
                   ("百分之十二", "actual"), ("百分之六，", "target"), ("五千五百亿元", "target"),
                   ("百分之六左右", "target")) == [
        (1991, 1991), (1991, 1991), (1991, 1991), (1992, 1992), (1992, 1992), (1992, 1992)]


def test_redacted_year_and_no_marker_give_none():
    text = "到20xx年，全区公共充电桩达到5000个。\n全区新建口袋公园12个。\n"
    assert periods(text, 2026, ("5000个", "target"), ("12个", "target")) == [(None, None), (None, None)]


def test_the_publication_year_is_never_assumed():
    text = "各位代表：\n我们将坚持稳中求进，全区新建口袋公园12个，改造老旧管网80公里。\n"
    assert periods(text, 2026, ("12个", "target"), ("80公里", "target")) == [(None, None), (None, None)]


def test_relative_years_need_the_speech_year():
    text = "今年全市地区生产总值预期增长5%左右。"
    assert one(text, None, "5%", "target") == (None, None)
    assert one(text, 2026, "5%", "target") == (2026, 2026)


def test_words_that_look_like_years_but_are_not():
    # 基础上 + 年均, 面向2030年的 (an attribute), 比上年 (a comparison base)
    text = "今后五年，经济增长预期目标是在提高质量和效益的基础上年均增长6.5%。"
    assert one(text, 2026, "6.5%", "target") == (2026, 2030)
    text = "二、2016年工作回顾\n启动面向2030年的重大科技项目，新设4个自主创新示范区。\n"
    assert one(text, 2017, "4个", "actual") == (2016, 2016)


def test_a_past_paragraph_inside_a_plan_chapter_speaks_for_itself():
    text = ("二、1992年计划的主要任务\n"
            "去年，全国粮食产量达到四千三百五十亿公斤。\n"
            "计划安排，全社会固定资产投资五千五百亿元。\n")
    assert periods(text, 1992, ("四千三百五十亿公斤", "actual"), ("五千五百亿元", "target")) == [
        (1991, 1991), (1992, 1992)]


def test_five_year_plan_numbering():
    assert five_year_plan(1) == (1953, 1957)
    assert five_year_plan(2) == (1958, 1962)
    assert five_year_plan(3) == (1966, 1970)
    assert five_year_plan(11) == (2006, 2010)
    assert five_year_plan(14) == (2021, 2025)
    assert five_year_plan(15) == (2026, 2030)


@pytest.mark.parametrize(("date", "title", "body", "year"), [
    (datetime.date(2026, 1, 27), "政府工作报告", "", 2026),
    (None, "2026年某省政府工作报告", "", 2026),
    (None, "关于一九五八年度国民经济计划草案的报告", "", 1958),
    (None, "关于1990年计划执行情况与1991年计划草案的报告", "", 1991),
    (None, "——1 9 9 8年3月5日在第九届全国人民代表大会第一次会议上", "", 1998),
    (None, None, "各位代表：\n今年是“十五五”开局之年，做好经济工作意义重大。", 2026),
    (None, "政府工作报告", "——二〇二六年一月二十七日在某省第十四届人民代表大会第四次会议上\n各位代表：", 2026),
    (None, "政府工作报告", "各位代表：\n过去一年，我们攻坚克难。", None),
    (None, None, "", None),
])
def test_speech_year(date, title, body, year):
    assert speech_year(date, title, body) == year


def test_no_statements():
    assert statement_periods("今年增长5%。", 2026, []) == []
