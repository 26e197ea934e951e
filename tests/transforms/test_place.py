"""transforms.place: division lookup, the speaking government's jurisdiction, whose value a statement is."""

from __future__ import annotations

import pytest

from transforms.place import NATION, Place, lookup, speech_jurisdiction, statement_place

BEIJING = Place("北京市", "110000", "province")
JILIN_PROVINCE = Place("吉林省", "220000", "province")
JILIN_CITY = Place("吉林市", "220200", "prefecture")
CHANGCHUN = Place("长春市", "220100", "prefecture")
HAIDIAN = Place("海淀区", "110108", "county")
YUNNAN = Place("云南省", "530000", "province")
NANJING = Place("南京市", "320100", "prefecture")


# ---------------------------------------------------------------- lookup

@pytest.mark.parametrize(("name", "full", "code"), [
    ("四川省", "四川省", "510000"),
    ("黑龙江省", "黑龙江省", "230000"),
    ("黑龙江", "黑龙江省", "230000"),
    ("新疆维吾尔自治区", "新疆维吾尔自治区", "650000"),
    ("新疆", "新疆维吾尔自治区", "650000"),
    ("内蒙古", "内蒙古自治区", "150000"),
    ("广西", "广西壮族自治区", "450000"),
    ("广西壮族自治区", "广西壮族自治区", "450000"),
    ("宁夏", "宁夏回族自治区", "640000"),
    ("西藏", "西藏自治区", "540000"),
    ("香港", "香港特别行政区", "810000"),
    ("澳门", "澳门特别行政区", "820000"),
])
def test_provinces_and_autonomous_regions_by_full_and_short_name(name: str, full: str, code: str) -> None:
    assert lookup(name) == Place(full, code, "province")


@pytest.mark.parametrize(("name", "code"), [("北京市", "110000"), ("北京", "110000"), ("天津市", "120000"),
                                            ("上海", "310000"), ("重庆市", "500000")])
def test_municipalities_resolve_to_the_province_level_code_not_the_placeholder_row(name: str, code: str) -> None:
    place = lookup(name)
    assert place is not None and place.code == code and place.level == "province"


def test_prefectures_counties_and_prefecture_city_short_forms() -> None:
    assert lookup("南京市") == NANJING
    assert lookup("南京") == NANJING
    assert lookup("海淀区") == HAIDIAN
    assert lookup("浦东新区") == Place("浦东新区", "310115", "county")
    # recent divisions: the table is the 2025 one
    assert lookup("和康县") == Place("和康县", "653228", "county")
    assert lookup("白杨市") == Place("白杨市", "659012", "county")


def test_ambiguous_county_resolved_inside_its_jurisdiction_only() -> None:
    assert lookup("朝阳区") is None
    assert lookup("朝阳区", within=BEIJING) == Place("朝阳区", "110105", "county")
    assert lookup("朝阳区", within=JILIN_PROVINCE) == Place("朝阳区", "220104", "county")
    assert lookup("朝阳区", within=CHANGCHUN) == Place("朝阳区", "220104", "county")
    # from a 海淀区 speech: the neighbouring 朝阳区 is Beijing's
    assert lookup("朝阳区", within=HAIDIAN) == Place("朝阳区", "110105", "county")
    assert lookup("朝阳区", within=YUNNAN) is None
    assert lookup("朝阳区", within=NATION) is None


def test_jilin_is_a_province_and_a_city() -> None:
    assert lookup("吉林") is None
    assert lookup("吉林", within=JILIN_PROVINCE) == JILIN_PROVINCE
    assert lookup("吉林", within=JILIN_CITY) == JILIN_CITY
    assert lookup("吉林省") == JILIN_PROVINCE
    assert lookup("吉林市") == JILIN_CITY


@pytest.mark.parametrize("name", ["雄安新区", "苏州工业园区", "两江新区", "海域", "苏鲁交界", "江东新区", "XX市", "城关", ""])
def test_names_outside_gbt_2260_are_not_places(name: str) -> None:
    assert lookup(name) is None


def test_the_country() -> None:
    assert lookup("全国") is NATION
    assert lookup("我国") is NATION
    assert NATION == Place("全国", None, "country")


# ---------------------------------------------------------------- speech_jurisdiction

def _report(delivery: str, rest: str = "") -> str:
    return (f"政府工作报告\n发布时间：2026-02-05\n{delivery}\n省长 王某某\n各位代表：\n"
            f"现在，我代表省人民政府向大会报告工作，请予审议。\n一、2025年工作回顾\n{rest}")


@pytest.mark.parametrize(("title", "expected"), [
    ("2026年上海市政府工作报告", Place("上海市", "310000", "province")),
    ("2026年四川省人民政府工作报告", Place("四川省", "510000", "province")),
    ("陕西省2026年政府工作报告（节选）", Place("陕西省", "610000", "province")),
    ("2026年新疆维吾尔自治区政府工作报告", Place("新疆维吾尔自治区", "650000", "province")),
    ("1996年国务院政府工作报告", NATION),
    ("在南京市城市管理工作会议上的讲话", NANJING),
    ("在北京市海淀区背街小巷整治工作会议上的讲话", HAIDIAN),
])
def test_title_names_the_jurisdiction(title: str, expected: Place) -> None:
    assert speech_jurisdiction(title, "同志们：\n今天召开会议。", None) == expected


def test_title_wins_over_a_place_mentioned_in_the_body_and_over_the_file_name() -> None:
    body = "各位代表：\n过去一年，习近平总书记亲临广东视察，我们学习借鉴上海市经验。"
    assert speech_jurisdiction("2026年福建省政府工作报告", body, "北京市_2026.txt") == Place("福建省", "350000", "province")


def test_placeless_title_then_the_delivery_line_of_the_body() -> None:
    body = _report("——2026年1月28日在云南省第十四届人民代表大会第四次会议上",
                   "习近平总书记亲临四川考察，成渝地区双城经济圈建设提速，上海市对口帮扶。")
    assert speech_jurisdiction("2026年政府工作报告", body, None) == YUNNAN
    assert speech_jurisdiction(None, body, None) == YUNNAN


def test_delivery_line_broken_over_two_lines_and_without_di() -> None:
    assert speech_jurisdiction(None, _report("——2026年1月26日在湖北省第十四届\n人民代表大会第五次会议上"), None) \
        == Place("湖北省", "420000", "province")
    assert speech_jurisdiction(None, _report("——二〇二六年一月二十七日在青海省十四届人民代表大会第四次会议上"), None) \
        == Place("青海省", "630000", "province")


def test_leader_and_signature_lines() -> None:
    body = "政府工作报告\n长沙市人民政府市长 刘某\n各位代表：\n现在，我代表市人民政府向大会报告工作。"
    assert speech_jurisdiction(None, body, None) == Place("长沙市", "430100", "prefecture")
    body = "各位代表：\n现在，我代表南京市人民政府，向大会报告工作，请予审议。"
    assert speech_jurisdiction(None, body, None) == NANJING
    body = "宁夏回族自治区人民政府主席 张某\n各位代表："
    assert speech_jurisdiction(None, body, None) == Place("宁夏回族自治区", "640000", "province")


@pytest.mark.parametrize("delivery", [
    "——1957年6月26日在第一届全国人民代表大会第四次会议上",
    "——1954年5月23日在中华人民共和国第一届全国人民代表大会第一次会议上",
    "——１９９０年３月２０日在第七届全国人民代表大会第三次会议上",
])
def test_national_reports(delivery: str) -> None:
    body = f"{delivery}\n                 国务院总理某某\n各位代表：\n一九五七年，上海市和吉林省的工业增长很快。"
    assert speech_jurisdiction("关于一九五八年度国民经济计划草案的报告", body, None) is NATION
    assert speech_jurisdiction(None, body, "1990政府工作报告_李鹏.txt") is NATION


def test_title_that_is_the_delivery_line() -> None:
    body = "各位代表：\n刚刚过去的一年，我们圆满地解决了香港问题。"
    assert speech_jurisdiction("——1985年3月27日在第六届全国人民代表大会第三次会议上", body, None) is NATION
    assert speech_jurisdiction(None, body, None) is None


def test_national_body_signed_for_the_state_council() -> None:
    body = "各位代表：\n我受中共中央和国务院的委托，向大会作关于全国农业发展纲要执行情况的报告。"
    assert speech_jurisdiction("1960年政府工作报告", body, None) is NATION


@pytest.mark.parametrize(("title", "body"), [
    ("在2019年XX市城市管理工作会议上的讲话", "同志们：\n今天召开全市城市管理工作会议。"),
    ("在XX县人居环境整治推进会上的讲话", "同志们：\n这次全县人居环境整治工作会议，要学习浙江省的经验。"),
    ("在江苏省XX市创建文明城市动员大会上的讲话", "同志们：\n今天我们召开动员大会。"),
    (None, "XX市人民政府\n同志们：\n今天召开全市城市管理工作会议。"),
    (None, "——2019年3月1日在XX市第十五届人民代表大会第三次会议上\n各位代表："),
])
def test_redacted_names_are_never_places(title: str | None, body: str) -> None:
    assert speech_jurisdiction(title, body, None) is None


@pytest.mark.parametrize("body", [
    "同志们：\n今天召开全市城市管理工作会议。上半年我们赴上海市、杭州市考察学习，深圳市的经验值得借鉴。",
    "同志们：\n今年是创建全国文明城区的决战之年。北京市海淀区在全国率先实现垃圾分类全覆盖。",
    "各位代表：\n过去一年，习近平总书记在广东考察时作出重要指示。国务院批复了我省的规划。",
])
def test_a_place_mentioned_in_passing_never_becomes_the_jurisdiction(body: str) -> None:
    assert speech_jurisdiction("在全市城市管理工作会议上的讲话", body, None) is None
    assert speech_jurisdiction("区长在全区创建全国文明城区工作推进会上的讲话", body, None) is None
    assert speech_jurisdiction("在全市学习贯彻国务院政府工作报告精神会议上的讲话", body, None) is None


def test_file_name_as_a_last_resort() -> None:
    body = "各位代表：\n现在，我代表省人民政府向大会报告工作。习近平总书记亲临四川考察。"
    assert speech_jurisdiction("2026年政府工作报告", body, "corpus/provincial_2026/云南省_2026_政府工作报告.txt") == YUNNAN
    assert speech_jurisdiction("2026年政府工作报告", body, "landing/2026/1990政府工作报告_李鹏.txt") is None
    assert speech_jurisdiction(None, body, "内蒙古自治区_2026_政府工作报告.txt") == Place("内蒙古自治区", "150000", "province")
    assert speech_jurisdiction(None, body, None) is None


# ---------------------------------------------------------------- statement_place

@pytest.mark.parametrize("subject", [None, "", "我市", "全市", "本市", "我省", "全省", "本省", "我区", "全区", "本区",
                                     "我县", "全县", "本县", "我州", "全州", "我镇", "全镇", "全市建成区内", "我市一环内"])
def test_self_references_are_the_jurisdiction(subject: str | None) -> None:
    assert statement_place(subject, NANJING) == NANJING


@pytest.mark.parametrize("subject", ["城镇", "农村", "城区", "中心城区", "主城区", "老城区", "市区", "县城", "乡镇",
                                     "建成区内", "一环内", "城乡结合部", "农村地区", "城区三街一镇"])
def test_parts_of_the_jurisdiction_are_the_jurisdiction(subject: str) -> None:
    # 城区 is also the name of three counties (阳泉, 晋城, 汕尾): in a subject it is a part
    assert statement_place(subject, BEIJING) == BEIJING


def test_the_country_even_in_a_provincial_report() -> None:
    assert statement_place("我国", YUNNAN) is NATION
    assert statement_place("全国", YUNNAN) is NATION
    assert statement_place("全国", None) is NATION


def test_named_places() -> None:
    assert statement_place("北京市", YUNNAN) == BEIJING
    assert statement_place("海淀区", BEIJING) == HAIDIAN
    assert statement_place("新疆", NATION) == Place("新疆维吾尔自治区", "650000", "province")
    assert statement_place("南京", Place("江苏省", "320000", "province")) == NANJING
    assert statement_place("南京市主城区", None) == NANJING
    assert statement_place("朝阳区", JILIN_PROVINCE) == Place("朝阳区", "220104", "county")
    assert statement_place("朝阳区", BEIJING) == Place("朝阳区", "110105", "county")
    assert statement_place("朝阳区", NATION) is None


@pytest.mark.parametrize("subject", ["南京、广州等城市", "长沙、株洲、湘潭等地区", "国家要求", "国家标准", "江东新区", "雄安新区",
                                     "XX市", "完善省市"])
def test_lists_national_standards_and_unknown_names_have_no_place(subject: str) -> None:
    assert statement_place(subject, NANJING) is None


def test_no_jurisdiction_means_no_place_for_self_references() -> None:
    assert statement_place("我市", None) is None
    assert statement_place("城区", None) is None


def test_statement_place_is_memoised() -> None:
    statement_place.cache_clear()
    for _ in range(3):
        statement_place("全省", YUNNAN)
    info = statement_place.cache_info()
    assert info.misses == 1 and info.hits == 2
