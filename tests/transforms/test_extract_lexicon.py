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
                 "城镇居民家庭人均可支配收入", "人均地区生产总值年均增长", "新建改建高速公路", "新认定高新技术企业",
                 "五年城镇新增就业", "道路交通事故死亡人数下降"):
        assert _canon(name) is None, (name, _canon(name))
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
