"""Quantities: counts with classifiers, multipliers, ranges, Chinese numerals, and never-values."""

import pytest

from transforms.extract import extract_statements
from transforms.extract.numbers import chinese_to_number, scan_quantities


def one(text: str, value: float):
    hits = [s for s in extract_statements(text) if s.value == value]
    assert len(hits) == 1, [(s.indicator_name, s.value, s.unit) for s in extract_statements(text)]
    return hits[0]


def values(text: str) -> list[float]:
    return [s.value for s in extract_statements(text)]


def test_count_with_classifier():
    s = one("去年全区关停燃煤小锅炉842台，完成了年度任务。", 842)
    assert s.unit == "台" and s.unit_kind == "count"
    assert "燃煤小锅炉" in s.indicator_name
    assert s.sentence in "去年全区关停燃煤小锅炉842台，完成了年度任务。"
    assert "去年全区关停燃煤小锅炉842台，完成了年度任务。"[s.char_start:s.char_end] == "842台"


def test_multiplier_is_kept_in_unit_and_folded_in_base():
    s = one("全市淘汰老旧机动车2.6万辆。", 2.6)
    assert s.unit == "万辆" and s.value_base == pytest.approx(26000) and s.unit_base == "辆"
    s = one("全年完成城建投资865亿元。", 865)
    assert s.unit == "亿元" and s.unit_kind == "money" and s.value_base == pytest.approx(8.65e10)


def test_object_after_the_quantity_names_the_count():
    s = one("年底前要完成860公里燃气管网改造。", 860)
    assert s.indicator_name.startswith("燃气管网") and s.unit == "公里" and s.unit_kind == "length"


def test_per_unit_and_density():
    s = one("老城区人口密度达到2.8万人/平方公里。", 2.8)
    assert s.unit == "万人/平方公里" and s.unit_kind == "density" and s.value_base == pytest.approx(28000)
    s = one("新增日供水能力36万吨/日。", 36)
    assert s.unit == "万吨/日" and s.unit_kind == "rate"
    s = one("到20xx年社区医生要达到每万常住人口3.1名。", 3.1)
    assert "每万常住人口" in s.indicator_name and s.unit == "名"


def test_ranges():
    s = one("每千名老人拥有养老床位数要达到30-35张。", 30)
    assert s.value_max == 35 and s.unit == "张"
    s = one("全年细颗粒物浓度同比下降3-5%。", 3)
    assert s.value_max == 5 and s.unit == "%"
    s = one("城镇居民收入增长6%-6.5%。", 6)
    assert s.value_max == 6.5


def test_chinese_numerals():
    s = one("全市百分之六十的社区建成了日间照料中心。", 60)
    assert s.unit == "%"
    s = one("近七成企业参与了技术改造。", 70)
    assert s.unit == "%" and s.comparator == "~"
    s = one("全省社会消费品零售总额超万亿元。", 1)
    assert s.unit == "万亿元" and s.comparator == ">" and s.value_base == pytest.approx(1e12)
    assert chinese_to_number("三十五") == 35 and chinese_to_number("一百") == 100
    assert chinese_to_number("九十九点五") == 99.5


@pytest.mark.parametrize(
    "text",
    [
        "市民可拨打12345热线反映问题。",
        "推动数字城管平台与110对接，统一使用12319城市管理服务热线。",
        "根据中办发〔20xx〕17号文件精神开展工作。",
        "20xx年全市上下奋力拼搏。",
        "3月6日区委常委会审议了方案。",
        "9月底，各项工作基本完成。",
        "1-10月，全区各项工作稳步推进。",
        "地铁6号线和M12线建设顺利推进。",
        "认真贯彻市委十二届五次全会精神。",
        "一是强化组织领导。（三）加强督查。1、明确责任分工。",
        "完成110kV输变电站和220千伏变电站选址。",
        "全区56人以上大班额全部消除。",
        "排水管渠按3年一遇标准设计，老城区为0.5~1年一遇。",
        "五里坨和八角地区环境明显改善。",
        "我省污水处理率在全国排第7位、燃气普及率排第12位。",
        "推进PM2.5和臭氧协同治理。",
    ],
)
def test_never_a_value(text):
    assert values(text) == []


def test_threshold_inside_noun_phrase_keeps_the_counted_value():
    st = extract_statements("年底前全市45人以上的260个大班额要消除100个。")
    assert [s.value for s in st] == [260, 100]


def test_more_than_and_about():
    s = one("新增社区书屋（农家书屋）2300多个。", 2300)
    assert s.comparator == ">" and "社区书屋" in s.indicator_name
    s = one("全市绿地面积约1200公顷。", 1200)
    assert s.comparator == "~"


def test_scan_skips_redacted_years_and_letters():
    qs = scan_quantities("20xx多个项目和5G基站以及K3线路")
    assert qs == []


def test_no_number_costs_nothing():
    assert extract_statements("同志们，今天我们召开全市城市管理工作会议。\n大家要认真领会。") == []
    assert extract_statements("") == []
