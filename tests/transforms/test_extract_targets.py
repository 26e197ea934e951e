"""Targets: deadlines, responsible departments (carried along the line), comparators, kinds."""

import pytest

from transforms.extract import extract_statements


def by_value(text: str):
    return {s.value: s for s in extract_statements(text)}


def test_deadline_and_department_carry_over():
    text = ("二是提高保洁水平。由市城管局负责，4月底前主次干道机械化清扫率要达到90%；"
            "年底前要完成860公里供水管网、120公里燃气管网和35处积水点改造工作。"
            "由市住建局牵头，9月底前完成68个老旧小区改造。")
    st = by_value(text)
    assert st[90].statement_kind == "target" and st[90].deadline_text == "4月底前" and st[90].department == "市城管局"
    assert st[90].indicator_canonical == "道路机械化清扫率"
    for v in (860, 120, 35):
        assert st[v].deadline_text == "年底前" and st[v].department == "市城管局", v
    assert st[68].department == "市住建局" and st[68].deadline_text == "9月底前"


def test_department_forms():
    text = ("区文旅局主责，年内建成社区图书馆12个，公共图书馆通借通还率达到95%以上。"
            "区市场监管局牵头落实食品安全责任，抽检合格率必须达到98%以上。"
            "区环保局要加强督查，工业固废综合利用率不低于85%。")
    st = by_value(text)
    assert st[12].department == "区文旅局" and st[12].deadline_text == "年内"
    assert st[95].department == "区文旅局" and st[95].deadline_text == "年内" and st[95].comparator == ">="
    assert st[98].department == "区市场监管局" and st[98].comparator == ">="
    assert st[85].department == "区环保局" and st[85].comparator == ">="


def test_department_carries_across_sentences_of_the_line():
    text = "区园林局主责，要加快推进公园建设。打造滨河绿道体系，实施18公里绿道建设。\n区水务局主责，完成3条河道治理。"
    st = by_value(text)
    assert st[18].statement_kind == "target" and st[18].department == "区园林局"
    assert st[3].department == "区水务局"


@pytest.mark.parametrize(
    "text,deadline",
    [
        ("9月底前要完成年度任务量的75%。", "9月底前"),
        ("11月前要确保80%的社区建立志愿服务站。", "11月前"),
        ("年内城市生活垃圾回收利用率达到35%。", "年内"),
        ("到20xx年，城市污水集中处理率达到95%。", "到20xx年"),
        ("用三年时间，城中村改造完成60%。", "用三年时间"),
        ("全年空气质量优良天数比率达到85%。", "全年"),
        ("争取两年新增城市绿地500公顷。", "两年"),
        ("今后五年，城镇新增就业每年保持在5万人以上。", "今后五年"),
        ("未来三年内市财政安排专项资金12亿元用于老旧小区改造。", "未来三年内"),
    ],
)
def test_deadlines(text, deadline):
    st = extract_statements(text)
    assert st and st[0].statement_kind == "target" and st[0].deadline_text == deadline


@pytest.mark.parametrize(
    "text,cmp_",
    [
        ("县图书馆每周开放时间要达到64小时以上。", ">="),
        ("确保无障碍设施改造率不低于90%。", ">="),
        ("6月底前普惠性幼儿园覆盖率要超过85%。", ">"),
        ("城镇调查失业率控制在5.5%以内。", "<="),
        ("居民消费价格涨幅3%左右。", "~"),
        ("全市公办幼儿园不足300所。", "<"),
        ("新增城镇就业约8万人。", "~"),
        ("全年开展宣讲活动不少于20场。", ">="),
        ("养老机构护理型床位占比达到60%。", "="),
    ],
)
def test_comparators(text, cmp_):
    st = extract_statements(text)
    assert st and st[0].comparator == cmp_, [(s.indicator_name, s.comparator) for s in st]


def test_main_targets_paragraph():
    text = ("今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，一般公共预算收入增长4%，"
            "城镇调查失业率5.5%以内，居民消费价格涨幅2%左右，粮食产量稳定在1200万吨以上。")
    st = extract_statements(text)
    assert [s.value for s in st] == [5.5, 4, 5.5, 2, 1200]
    assert all(s.statement_kind == "target" for s in st)
    assert st[0].indicator_name == "地区生产总值增长" and st[0].comparator == "~"
    assert st[0].indicator_canonical == "地区生产总值增长"
    assert st[2].comparator == "<=" and st[4].comparator == ">="


def test_actual_statements_stay_actual():
    text = ("过去一年，全市地区生产总值增长6.1%，城镇新增就业9.2万人。"
            "截至20xx年底，我县城区80个详规地块中，只有31个完成编制。")
    st = extract_statements(text)
    assert all(s.statement_kind == "actual" for s in st), [(s.value, s.statement_kind) for s in st]
    assert all(s.deadline_text is None and s.department is None for s in st)


def test_requirement_with_period_then_actual():
    text = "省里要求到20xx年，每千名老年人拥有养老床位数30-35张，20xx年底我县为26.8张。"
    st = extract_statements(text)
    assert st[0].statement_kind == "target" and st[0].value_max == 35 and st[0].deadline_text == "到20xx年"
    assert st[1].statement_kind == "actual" and st[1].subject == "我县"
    assert st[1].indicator_name == st[0].indicator_name


def test_target_list_with_deadline():
    st = extract_statements("确保到20xx年，全省棚户区改造、老旧小区整治、危房改造分别完成60 %、70 %、80 %。")
    assert [(s.indicator_name, s.value, s.subject, s.deadline_text) for s in st] == [
        ("棚户区改造", 60, "全省", "到20xx年"), ("老旧小区整治", 70, "全省", "到20xx年"),
        ("危房改造", 80, "全省", "到20xx年")]


def test_subject_chain_in_targets():
    st = extract_statements("乡镇居民知晓率必须达到91% 以上，满意率必须达到87% 以上，县城两街一镇知晓率必须达到97% 以上。")
    assert [(s.subject, s.value, s.comparator) for s in st] == [
        ("乡镇", 91, ">="), ("乡镇", 87, ">="), ("县城两街一镇", 97, ">=")]
