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
