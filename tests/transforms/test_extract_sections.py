"""Document sections of work reports: a review chapter states facts, a planning chapter states targets."""

from transforms.extract import extract_statements
from transforms.extract.context import PLAN, REVIEW, section_modes


def by_value(text: str):
    return {s.value: s for s in extract_statements(text)}


REPORT = (
    "各位代表：\n"
    "一、2030年工作回顾\n"
    "过去一年，全市经济稳中向好。全年新登记经营主体增长12.6%，接待游客3.2亿人次。"
    "全年地区生产总值增长5.3%，完成预期目标。城镇新增就业31万人，超过预期目标。\n"
    "二、2031年重点工作\n"
    "今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇调查失业率5.5%以内。\n"
    "（一）扩大有效投资。推进27个城中村改造项目，新建充电桩4000个以上。"
    "目前已建成保障性住房1.8万套。去年全市农村公路里程达到9120公里。\n"
    "三、全面加强政府自身建设\n"
    "压减一般性支出6.5亿元。\n"
)


def test_heading_modes():
    modes = [m for _, m in section_modes(REPORT)]
    assert modes == [REVIEW, PLAN]


def test_mixed_and_neutral_headings():
    text = "一、2030年工作回顾和2031年工作的总体要求\n二、坚持问题导向\n"
    assert [m for _, m in section_modes(text)] == [None]
    text = "一、充分肯定工作取得的成绩\n二、找准存在的突出问题\n"
    assert [m for _, m in section_modes(text)] == [REVIEW, None]
    text = "一、加快推进五大工程\n二、强化组织保障\n"
    assert section_modes(text) == []


def test_review_section_period_words_are_not_deadlines():
    st = by_value(REPORT)
    assert st[12.6].statement_kind == "actual" and st[12.6].deadline_text is None
    assert st[3.2].statement_kind == "actual"
    assert st[5.3].statement_kind == "actual"
    assert st[31].statement_kind == "actual"  # 超过预期目标 refers to last year's target


def test_plan_section_figures_are_targets():
    st = by_value(REPORT)
    assert st[5].statement_kind == "target" and st[5].comparator == "~"
    assert st[5.5].statement_kind == "target" and st[5.5].comparator == "<="
    assert st[27].statement_kind == "target"
    assert st[4000].statement_kind == "target" and st[4000].comparator == ">="
    assert st[6.5].statement_kind == "target"  # a neutral heading does not end the plan


def test_plan_section_facts_stay_actual():
    st = by_value(REPORT)
    assert st[1.8].statement_kind == "actual"  # 目前已建成
    assert st[9120].statement_kind == "actual"  # 去年


def test_plan_section_comparison_with_last_year_is_still_a_target():
    text = "一、2031年主要任务\n今年拟安排财政赤字率3%，比上年提高0.2个百分点。\n"
    st = by_value(text)
    assert st[3].statement_kind == "target"
    assert st[0.2].statement_kind == "target"


def test_no_headings_keeps_sentence_rules():
    text = "全年空气质量优良天数比率达到85%。城镇新增就业31万人，超过预期目标。"
    st = by_value(text)
    assert st[85].statement_kind == "target" and st[85].deadline_text == "全年"
    assert st[31].statement_kind == "actual"


def test_departments_are_short_noun_phrases():
    text = ("认真落实全省统一大市场建设部署要求，市场主体增长8%。"
            "城市副中心要加快建设，新增就业岗位2万个。")
    for s in extract_statements(text):
        assert s.department is None, s


def test_plan_section_cumulative_and_future_years_are_targets():
    text = ("一、2031年重点工作\n深入实施文化惠民工程，累计培育80个示范项目，"
            "技术合同成交额2035年达到900亿元。截至2030年底已建成5G基站4.2万个。\n")
    st = by_value(text)
    assert st[80].statement_kind == "target"
    assert st[900].statement_kind == "target"
    assert st[4.2].statement_kind == "actual"


def test_name_continues_across_a_parenthesis():
    st = by_value("一、2031年重点工作\n散居孤儿（含事实无人抚养儿童）基本生活保障标准从每人每月1380元提高到1450元。\n")
    assert st[1380].statement_kind == "baseline" and st[1380].indicator_name.startswith("散居孤儿")
    assert st[1450].statement_kind == "target" and st[1450].indicator_name.startswith("散居孤儿")
