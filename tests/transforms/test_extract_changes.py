"""Changes and growth: 由 a 提高到 b, 20xx年为 a，20xx年降至 b, 增长 n%, 同比增长 a-b%."""

from transforms.extract import extract_statements


def test_change_within_a_clause():
    st = extract_statements("三年来，全省城市绿化覆盖率由35.2%提高到39.8%。")
    assert [(s.indicator_name, s.value, s.statement_kind, s.subject) for s in st] == [
        ("城市绿化覆盖率", 35.2, "baseline", "全省"), ("城市绿化覆盖率", 39.8, "actual", "全省")]


def test_change_with_units_and_growth():
    st = extract_statements("全市集中供热面积由8620万平方米扩大到1.2亿平方米，增长39.2%；用气人口由512万人增加到690万人，增长34.8%。")
    got = [(s.indicator_name, s.value, s.unit, s.statement_kind) for s in st]
    assert got == [
        ("集中供热面积", 8620, "万平方米", "baseline"),
        ("集中供热面积", 1.2, "亿平方米", "actual"),
        ("集中供热面积增长", 39.2, "%", "actual"),
        ("用气人口", 512, "万人", "baseline"),
        ("用气人口", 690, "万人", "actual"),
        ("用气人口增长", 34.8, "%", "actual"),
    ]
    assert st[1].value_base == 1.2e8 and st[1].unit_base == "平方米"


def test_change_across_clauses():
    st = extract_statements("社会资本在城建投资中的比重，20xx年为18%，20xx年升至33.5%。")
    assert [(s.value, s.statement_kind) for s in st] == [(18, "baseline"), (33.5, "actual")]
    assert all(s.indicator_name == "社会资本在城建投资中的比重".replace("的", "") or "比重" in s.indicator_name for s in st)


def test_growth_keeps_its_measure():
    (s,) = extract_statements("全年空气质量优良天数同比增长3-4%。")
    assert s.indicator_name.endswith("同比增长") and (s.value, s.value_max) == (3, 4)
    st = extract_statements("全市地区生产总值6200亿元、增长5.8%。")
    assert st[1].indicator_name == "地区生产总值增长" and st[1].unit == "%"


def test_target_change():
    st = extract_statements("到20xx年，全市森林覆盖率要由26%提高到30%。")
    assert [(s.value, s.statement_kind) for s in st] == [(26, "baseline"), (30, "target")]
    assert st[1].deadline_text == "到20xx年"
