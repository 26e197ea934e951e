"""The indicator lexicon and the Statement interface."""

import dataclasses

import pytest

from transforms.extract import Statement, extract_statements, load_lexicon


def test_lexicon_loads_with_standard_indicators():
    lex = load_lexicon()
    names = {e.canonical_name for e in lex.entries}
    assert len(lex.entries) >= 60
    for want in ("建成区绿化覆盖率", "建成区绿地率", "人均公园绿地面积", "污水集中处理率", "生活垃圾无害化处理率",
                 "燃气普及率", "空气质量优良天数", "供水普及率", "道路机械化清扫率"):
        assert want in names
    assert all(e.category for e in lex.entries)


def test_lexicon_matching():
    lex = load_lexicon()
    assert lex.match("城市人均公园绿地面积").canonical_name == "人均公园绿地面积"
    assert lex.match("全省城镇污水集中处理率").canonical_name == "污水集中处理率"
    assert lex.match("可机扫道路机械清扫率").canonical_name == "道路机械化清扫率"
    assert lex.match("夜市摊位数") is None


def test_lexicon_from_a_path(tmp_path):
    p = tmp_path / "lex.csv"
    p.write_text("canonical_name,aliases,category,unit_kind\n绿视率,街道绿视率|绿视比,生态环境,ratio\n", encoding="utf-8")
    lex = load_lexicon(p)
    assert lex.match("街道绿视率").canonical_name == "绿视率"


def test_unmatched_names_are_kept():
    (s,) = extract_statements("全区夜间经济街区客流量达到120万人次。")
    assert s.indicator_canonical is None and "夜间经济街区客流量" in s.indicator_name


def test_statement_interface():
    fields = {f.name for f in dataclasses.fields(Statement)}
    assert {"indicator_name", "indicator_canonical", "subject", "value", "value_max", "unit", "unit_kind",
            "value_base", "unit_base", "statement_kind", "comparator", "deadline_text", "department",
            "sentence", "char_start", "char_end", "pattern"} <= fields
    (s,) = extract_statements("全市燃气普及率为99.2%。")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.value = 1.0  # type: ignore[misc]


def test_sentences_are_substrings_in_text_order():
    text = ("一、工作回顾\n全市建成区绿地率为37.6%，人均公园绿地面积13.8平方米。\n"
            "二、今年任务\n由市园林局负责，年底前新增绿地300公顷，建成区绿化覆盖率达到42%。")
    st = extract_statements(text)
    assert [s.value for s in st] == [37.6, 13.8, 300, 42]
    for s in st:
        assert s.sentence in text and s.sentence.find(text[s.char_start:s.char_end]) >= 0
    assert [s.char_start for s in st] == sorted(s.char_start for s in st)


# ---- canonicalisation: one canonical per measure, whatever the phrasing ----------------------------

import csv  # noqa: E402

from transforms.extract.lexicon import (  # noqa: E402
    CATEGORIES, LEXICON_PATH, derived_spellings, normalize_name, read_rows,
)

GDP_GROWTH_PHRASINGS = (
    "地区生产总值增长", "生产总值增长", "国内生产总值增长", "国民生产总值比上年增长", "经济增长", "经济增长速度",
    "经济增速", "经济增长预期目标", "地区生产总值按增长", "全省地区生产总值增长", "GDP增长", "国内生产总值同比增长",
    "国家计划要求今年国民生产总值比上年增长", "经济增长速度调控目标定", "中央提出今年经济增长预期目标",
    "国民经济增长速度", "地区生产总值按可比价格计算增长", "国民生产总值一九八九年比一九八八年增长",
)


def _canon(name):
    hit = load_lexicon().match(name)
    return hit.canonical_name if hit else None


def test_every_gdp_growth_phrasing_has_one_canonical():
    canon = {_canon(n) for n in GDP_GROWTH_PHRASINGS}
    assert len(canon) == 1, {n: _canon(n) for n in GDP_GROWTH_PHRASINGS}
    (name,) = canon
    assert "生产总值" in name and "增长" in name


def test_gdp_growth_targets_link_in_extracted_statements():
    text = ("今年全省经济社会发展的主要预期目标是：生产总值增长5%左右，城镇新增就业60万人。\n"
            "国家计划要求今年的国民生产总值比上年增长百分之六。\n"
            "今年经济增长速度的调控目标定为8%。\n"
            "今年国内生产总值增长7.5%左右。")
    st = [s for s in extract_statements(text) if s.unit == "%"]
    assert len(st) == 4
    assert len({s.indicator_canonical for s in st}) == 1 and st[0].indicator_canonical is not None
    assert {s.category for s in st} == {"经济"}


def test_level_growth_average_share_per_capita_are_distinct():
    gdp = {_canon(n) for n in ("地区生产总值", "国内生产总值", "生产总值", "经济总量", "全市地区生产总值")}
    growth = _canon("地区生产总值增长")
    average = {_canon(n) for n in ("地区生产总值年均增长", "国内生产总值平均每年增长", "年均经济增长速度")}
    per_capita = {_canon(n) for n in ("人均地区生产总值", "人均GDP", "人均国内生产总值")}
    share = {_canon(n) for n in ("服务业增加值占地区生产总值比重", "服务业增加值占GDP的比重", "服务业增加值比重")}
    level_va = _canon("服务业增加值")
    for group in (gdp, average, per_capita, share):
        assert len(group) == 1 and None not in group
    names = [*gdp, growth, *average, *per_capita, *share, level_va]
    assert len(set(names)) == len(names), names
    entry = load_lexicon().match("国内生产总值增长")
    assert entry.measure == "growth" and entry.base == _canon("国内生产总值")
    assert load_lexicon().match("人均国内生产总值").measure == "per_capita"


def test_framing_words_and_comparison_periods_are_stripped():
    cases = {
        "国家计划要求今年国民生产总值比上年增长": "生产总值增长",
        "经济增长速度调控目标定": "经济增长",
        "中央提出今年经济增长预期目标": "经济增长",
        "地区生产总值按增长": "生产总值增长",
        "单位国内生产总值能耗比上年下降": "单位生产总值能耗下降",
        "规上工业增加值增速": "规上工业增加值增长",
        "工业总产值一九七八年比一九七七年增长": "工业总产值增长",
        "社会消费品零售总额较上年同期增长": "社会消费品零售总额增长",
        "城镇居民人均可支配收入实际增长": "城镇居民人均可支配收入增长",
        "单位GDP能耗降低": "单位生产总值能耗下降",
        "粮食产量继续保持": "粮食产量",
        "居民消费价格涨幅回落到": "居民消费价格涨幅",
        "全年一般公共预算收入同口径增长": "一般公共预算收入增长",
        "研究与试验发展经费支出与国内生产总值之比": "研究与试验发展经费支出占生产总值比重",
    }
    for raw, want in cases.items():
        assert normalize_name(raw) == want, raw
    # words that belong to the measure stay
    assert normalize_name("人均预期寿命") == "人均预期寿命"
    assert normalize_name("水土保持率") == "水土保持率"
    assert _canon("全年粮食产量继续保持") == _canon("粮食产量")
    assert _canon("今年居民消费价格涨幅") == _canon("居民消费价格上涨") == "居民消费价格涨幅"


def test_a_fixed_base_year_is_a_cumulative_change_not_a_yearly_one():
    assert normalize_name("国内生产总值比2002年增长") == "生产总值比2002年增长"
    assert _canon("国内生产总值比2002年增长") is None
    assert _canon("电网投资比十三五时期增长") is None
    assert _canon("国内生产总值比上年增长") == _canon("国内生产总值增长")


def test_urban_and_rural_incomes_are_distinct():
    urban = {_canon(n) for n in ("城镇居民人均可支配收入", "城镇常住居民人均可支配收入", "全省城镇居民人均可支配收入")}
    rural = {_canon(n) for n in ("农村居民人均可支配收入", "农村常住居民人均可支配收入", "农民人均可支配收入")}
    everyone = {_canon(n) for n in ("居民人均可支配收入", "全体居民人均可支配收入")}
    assert len(urban) == len(rural) == len(everyone) == 1
    assert len(urban | rural | everyone) == 3 and None not in urban | rural | everyone
    assert _canon("城镇居民人均可支配收入增长") != _canon("农村居民人均可支配收入增长")
    assert _canon("农村居民人均纯收入") != _canon("农村居民人均可支配收入")  # a different statistic (before 2013)
    assert _canon("城镇登记失业率") != _canon("城镇调查失业率")


def test_no_wrong_links_to_a_neighbouring_measure():
    assert _canon("出口") == _canon("出口总额") != _canon("进出口总额")
    assert _canon("进出口增长") == _canon("进出口总额增长") != _canon("出口增长")
    assert _canon("人口") is None and _canon("人口自然增长率") == "人口自然增长率"
    assert _canon("常住人口") != _canon("人口自然增长率")
    assert _canon("民间投资占比") != _canon("民间投资")
    assert _canon("制造业增加值占比") not in (_canon("制造业增加值"), None)
    # a sub-market, a sub-sector, another region or a new-build is not the total
    for name in ("东盟进出口增长", "新三样出口增长", "海洋生产总值增长", "软件和信息服务业增加值增长",
                 "城镇居民家庭人均可支配收入", "人均地区生产总值年均增长", "新建改建高速公路",
                 "五年城镇新增就业", "道路交通事故死亡人数下降"):
        assert _canon(name) is None, (name, _canon(name))
    # a new-build is not the stock: it is the stock's 新增 row
    assert _canon("新认定高新技术企业") == "新增高新技术企业" != _canon("高新技术企业")
    # a decline of a measure whose canonical is its growth is not linked (the sign would flip)
    assert _canon("进出口总额下降") is None
    # the speaker's scope and the verbs of a task are dropped
    assert _canon("全市城镇新增就业") == "城镇新增就业"
    assert _canon("新建改造高标准农田") == _canon("高标准农田建设")
    assert _canon("提请省人大常委会审议地方性法规") == _canon("地方性法规")
    assert _canon("二氧化硫、氮氧化物排放量") == _canon("氮氧化物排放量")


def test_names_outside_the_lexicon_stay_null():
    lex = load_lexicon()
    for name in ("夜市摊位数", "民生实事项目完成率", "项目", "国家", "增长", "比上年增长", "一九五二年", "咖啡产值增长"):
        assert lex.match(name) is None, name
        assert lex.canonicalize(name) is None, name


def test_every_row_has_a_documented_category_and_a_unit_kind():
    rows = read_rows(LEXICON_PATH)
    assert len(rows) >= 400
    for canonical, _, category, unit_kind in rows:
        assert category in CATEGORIES, (canonical, category)
        assert unit_kind, canonical
    with LEXICON_PATH.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header == ["canonical_name", "aliases", "category", "unit_kind"]


def test_no_spelling_is_claimed_by_two_canonical_names():
    rows = read_rows(LEXICON_PATH)
    canonicals = [c for c, *_ in rows]
    assert len(canonicals) == len(set(canonicals))
    owner: dict[str, str] = {}
    for canonical, aliases, *_ in rows:  # as written
        for spelling in (canonical, *aliases):
            assert owner.setdefault(spelling, canonical) == canonical, (spelling, owner[spelling], canonical)
    owner = {}
    for canonical, spellings in derived_spellings().items():  # derived and normalised too
        for spelling in spellings:
            assert owner.setdefault(spelling, canonical) == canonical, (spelling, owner[spelling], canonical)


def test_change_and_per_capita_rows_derive_from_a_level_row():
    lex = load_lexicon()
    by_canonical = {e.canonical_name: e for e in lex.entries}
    derived = [e for e in lex.entries if e.measure != "level"]
    assert len(derived) >= 100
    for e in derived:
        assert e.base in by_canonical, e
        assert by_canonical[e.base].measure in ("level", "per_capita"), e
        assert e.category == by_canonical[e.base].category or e.measure == "per_capita", e
    # a change row is spelled by every spelling of its level row
    assert lex.match("规上工业增加值增长").canonical_name == "规模以上工业增加值增长"
    assert lex.match("社会商品零售总额增长").canonical_name == "社会消费品零售总额增长"
    assert lex.match("社会消费品零售总额增长") != lex.match("社会消费品零售总额")


def test_derivation_from_a_csv_of_ones_own(tmp_path):
    p = tmp_path / "lex.csv"
    p.write_text("canonical_name,aliases,category,unit_kind\n"
                 "绿视率,街道绿视率|绿视比,生态环境,ratio\n"
                 "夜间客流量,夜经济客流量,经济,count\n夜间客流量增长,,经济,ratio\n", encoding="utf-8")
    lex = load_lexicon(p)
    assert lex.match("夜经济客流量比上年增长").canonical_name == "夜间客流量增长"
    assert lex.match("全市夜间客流量").canonical_name == "夜间客流量"
    assert lex.match("绿视率提高") is None  # no change row for it


def test_match_agrees_with_canonicalize_and_is_memoised():
    lex = load_lexicon()
    for name in (*GDP_GROWTH_PHRASINGS, "夜市摊位数", "城市人均公园绿地面积", "新增城镇就业", "粮食总产量"):
        assert lex.match(name) == lex.canonicalize(name)
        assert lex.match(name) is lex.match(name)


# ---- counted objects of tasks: stock, 新增, 改造, 新改建 --------------------------------------------


def test_creation_verbs_fold_to_the_new_row():
    variants = ("新建5G基站", "建成5G基站", "建设5G基站", "新增5G基站", "全市新建5G基站", "年内建成5G基站",
                "今年新建5G基站")
    canon = {_canon(n) for n in variants}
    assert canon == {"新增5G基站"}, {n: _canon(n) for n in variants}
    assert _canon("打造口袋公园") == _canon("新建口袋公园") == _canon("新增口袋公园") == "新增口袋公园"
    assert _canon("培育国家先进制造业集群") == _canon("创建国家先进制造业集群") == "新增国家先进制造业集群"
    assert _canon("新培育专精特新小巨人企业") == _canon("认定国家级专精特新小巨人企业") == "新增专精特新小巨人企业"
    entry = load_lexicon().match("建成5G基站")
    assert entry.measure == "new" and entry.base == "5G基站"


def test_the_stock_and_what_is_new_stay_distinct():
    assert _canon("5G基站") == _canon("全省5G基站总数") == "5G基站"
    assert _canon("新建5G基站") not in (_canon("5G基站"), None)
    assert _canon("新增养老床位") != _canon("养老床位") == "养老床位"
    assert _canon("新建绿道") != _canon("绿道里程")
    # what has been built so far is the stock
    assert _canon("累计建成5G基站") == "5G基站"
    # an object counted almost only as a task has no stock row: its bare name (the verb shared with a
    # list before it) stays unlinked rather than pass for the stock
    assert _canon("县域医疗次中心") is None and _canon("建设县域医疗次中心") == "新增县域医疗次中心"
    # starting work and signing are other measures: not folded into 新增
    for name in ("新开工5G基站", "签约5G基站", "开工建设口袋公园", "新建水上乐园"):
        assert _canon(name) is None, (name, _canon(name))


def test_renovation_and_new_or_renovated_are_distinct_rows():
    assert _canon("改造提升背街小巷") == _canon("提质改造背街小巷") == _canon("背街小巷改造") == "背街小巷改造"
    assert _canon("改造城镇老旧小区") == _canon("老旧小区提升改造") == "老旧小区改造"
    mixed = {_canon(n) for n in ("新建改造城镇地下管网", "新建和改造城镇地下管网", "建设改造地下管网")}
    assert mixed == {"城镇地下管网新改建"}
    assert _canon("更新改造城镇地下管网") == "城镇地下管网改造"
    assert _canon("新建和改造提升农村公路") == _canon("新改建农村公路") == "农村公路新改建"


def test_new_rows_derive_from_a_csv_of_ones_own(tmp_path):
    p = tmp_path / "lex.csv"
    p.write_text("canonical_name,aliases,category,unit_kind\n"
                 "共享单车停放点,单车停放点,城市管理,count\n新增共享单车停放点,,城市管理,count\n"
                 "街巷照明改造,,城市管理,count\n", encoding="utf-8")
    lex = load_lexicon(p)
    for name in ("新建单车停放点", "建成共享单车停放点", "全区新增共享单车停放点", "打造单车停放点"):
        assert lex.match(name).canonical_name == "新增共享单车停放点", name
    assert lex.match("单车停放点").canonical_name == "共享单车停放点"
    assert lex.match("累计建成单车停放点").canonical_name == "共享单车停放点"
    assert lex.match("累计新增单车停放点").canonical_name == "新增共享单车停放点"  # the additions summed
    assert lex.match("改造提升街巷照明").canonical_name == "街巷照明改造"
    assert lex.match("改造单车停放点") is None  # no renovation row for it
    assert lex.match("新建街巷照明") is None  # no 新增 row for it


def test_a_products_growth_links_its_growth_row():
    assert _canon("烧碱增长") == _canon("烧碱产量比上年增长") == "烧碱产量增长"
    assert _canon("原煤产量比上年增产") == _canon("煤增长") == _canon("原煤增长") == "原煤产量增长"
    assert _canon("木材产量比上年增加") == "木材产量增长"
    assert _canon("财政收入比上年增加") == _canon("财政收入增长")
    assert _canon("棉纱减产") is None  # a decline of a measure whose row is its growth: the sign would flip
    # 增加 is a change word only at the end: 增加值 is a level
    assert _canon("工业增加值") == "工业增加值" != _canon("工业增加值增长")
    # another product, or a product's capacity, is not the product's output
    assert _canon("烧碱") is None and _canon("原煤开采") is None
    assert _canon("花生增长") != _canon("油料产量增长")


def test_fragments_stay_null():
    for name in ("项目", "国家", "方面", "指标", "产量", "产值", "占比", "平均每年递增", "两年平均每年递增",
                 "增加到2002年", "新建", "建成", "打造", "新增", "改造", "比上年增产", "增加"):
        assert _canon(name) is None, (name, _canon(name))
