"""Rates and percentages: named rates, shares, lists of rates, subject lists, back-references."""

from transforms.extract import extract_statements


def rows(text: str):
    return [(s.indicator_name, s.subject, s.value, s.unit) for s in extract_statements(text)]


def test_rate_statement_with_subject():
    (s,) = extract_statements("上海市建成区绿化覆盖率为41.3%。")
    assert s.indicator_name == "建成区绿化覆盖率" and s.subject == "上海市"
    assert s.value == 41.3 and s.unit == "%" and s.unit_kind == "ratio"
    assert s.statement_kind == "actual" and s.comparator == "="
    assert s.indicator_canonical == "建成区绿化覆盖率"


def test_subject_carries_along_the_sentence():
    st = extract_statements("杭州市建成区绿地率为38.5%，建成区绿化覆盖率为42.1%，人均公园绿地面积14.6平方米。")
    assert [s.subject for s in st] == ["杭州市"] * 3
    assert [s.indicator_name for s in st] == ["建成区绿地率", "建成区绿化覆盖率", "人均公园绿地面积"]
    assert st[2].unit == "平方米" and st[2].unit_kind == "area"


def test_share_of_total():
    (s,) = extract_statements("全区智能信号灯路口仅占总数的38.2%。")
    assert s.indicator_name == "智能信号灯路口占比" and s.subject == "全区" and s.value == 38.2


def test_share_following_a_count_takes_its_name():
    st = extract_statements("全市共有常住老年人口96.4万人，占常住人口比例21.7%。")
    assert st[1].indicator_name == "常住老年人口占常住人口比例" and st[1].subject == "全市"


def test_list_of_rates_with_fenbie():
    st = extract_statements("目前全省城市生活垃圾无害化处理率、供水普及率、燃气普及率分别达到92%、98.5%、95%。")
    assert rows("目前全省城市生活垃圾无害化处理率、供水普及率、燃气普及率分别达到92%、98.5%、95%。") == [
        ("城市生活垃圾无害化处理率", "全省", 92, "%"),
        ("供水普及率", "全省", 98.5, "%"),
        ("燃气普及率", "全省", 95, "%"),  # the 及 of 普及率 is not a conjunction
    ]
    assert st[1].indicator_canonical == "供水普及率"


def test_list_of_subjects():
    st = extract_statements("商业综合体、机关单位、新建小区夜间停车位空置率达45%、20%、35%。")
    assert [s.subject for s in st] == ["商业综合体", "机关单位", "新建小区"]
    assert all("空置率" in s.indicator_name for s in st)
    assert [s.value for s in st] == [45, 20, 35]


def test_back_reference_to_earlier_clauses():
    st = extract_statements("深圳市建成区绿地率为40.1%，建成区绿化覆盖率为43.5%，人均公园绿地面积15平方米，"
                            "而我市三项指标分别为33.2%、37.4%与12.1平方米，差距明显。")
    mine = [s for s in st if s.subject == "我市"]
    assert [(s.indicator_name, s.value) for s in mine] == [
        ("建成区绿地率", 33.2), ("建成区绿化覆盖率", 37.4), ("人均公园绿地面积", 12.1)]


def test_comparison_with_indicator_left_out():
    st = extract_statements("苏州、无锡等城市主干道机械化清扫率均达到100%，我市仅为75%。")
    assert [(s.subject, s.value) for s in st] == [("苏州、无锡等城市", 100), ("我市", 75)]
    assert st[1].indicator_name == st[0].indicator_name == "主干道机械化清扫率"


def test_two_measures_in_one_word():
    # 城乡 splits into two measures; 城镇/农村 stay in the names (docs/extraction.md, pattern 10), not in the subject
    st = extract_statements("城乡居民人均可支配收入分别增长6%、7.5%。")
    assert [(s.indicator_name, s.subject, s.value) for s in st] == [
        ("城镇居民人均可支配收入增长", None, 6), ("农村居民人均可支配收入增长", None, 7.5)]


def test_share_of_a_group():
    (s,) = extract_statements("年底前要确保85%的村建立垃圾分类收集点。")
    assert "建立垃圾分类收集点" in s.indicator_name and s.statement_kind == "target"
    (s,) = extract_statements("全区共有老旧小区1200个，其中45%缺少物业管理。")[1:]
    assert s.indicator_name == "老旧小区缺少物业管理" and s.value == 45


def test_population_subject_of_a_rate():
    (s,) = extract_statements("社区居民的知晓率必须达到95%。")
    assert s.subject == "社区居民" and "知晓率" in s.indicator_name


def test_percentage_points():
    st = extract_statements("全市老年人口占比28.1%，高于全省约4个百分点。")
    pts = [s for s in st if s.unit == "个百分点"]
    assert pts and pts[0].comparator == "~" and pts[0].unit_kind == "ratio_points"


def test_unitless_ratio():
    (s,) = extract_statements("中心城区电网容载比1.62。")
    assert s.unit == "" and s.value == 1.62 and s.subject == "中心城区"
