"""Property-based tests (hypothesis) over decode_bytes, clean_document and extract_statements.

Arbitrary bytes, arbitrary text, Chinese-heavy text and scrambled pieces of our own sample
speeches: no exception ever escapes, the cleaned text stays within a bound of the input,
and every extracted statement is anchored in its input (the sentence is a substring of
the text, the quantity span lies in that sentence, the value is the number written
there, or the scanner says the span was a Chinese numeral worth that value).
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transforms.clean import clean_document
from transforms.decode import Decoded, decode_bytes
from transforms.extract import extract_statements
from transforms.extract.numbers import scan_quantities

REPO = Path(__file__).resolve().parents[2]
SAMPLES = [p.read_text(encoding="utf-8") for p in sorted((REPO / "data" / "sample_src").glob("*.txt"))]
SAMPLES += [p.read_text(encoding="utf-8") for p in sorted((REPO / "tests" / "data").glob("*.txt"))]
SENTENCES = [s for text in SAMPLES for s in re.split(r"(?<=[。！？\n])", text) if s.strip()]

# Each property runs in a few seconds: bounded examples, no per-example deadline
# (the first call pays for jieba's and OpenCC's dictionaries).
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

HAN_CHARS = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
CN_NUMERALS = "零〇一二两三四五六七八九十百千万亿点成"
PUNCT = "，。、；：？！“”（）《》%．·—…\n 　"
DIGITS = "0123456789."
UNITS = ["%", "个", "万元", "亿元", "公里", "平方米", "万平方米", "吨", "人", "户", "家", "个百分点", "年底前", "月底前", "以上", "左右", "达到", "提高到", "由", "不低于", "百分之", "三成", "市城管局负责，"]

chinese_heavy = st.text(alphabet=st.sampled_from(HAN_CHARS + CN_NUMERALS + PUNCT + DIGITS), max_size=400)
# Sentences of quantities: name-like Han runs, numbers, units and comparators glued together.
quantity_text = st.lists(
    st.one_of(
        st.text(alphabet=st.sampled_from(HAN_CHARS), min_size=1, max_size=8),
        st.from_regex(r"\d{1,4}(\.\d{1,2})?", fullmatch=True),
        st.sampled_from(UNITS),
        st.sampled_from(list(CN_NUMERALS)),
        st.sampled_from(list(PUNCT)),
    ),
    max_size=60,
).map("".join)
# Real speech sentences, shuffled, cut anywhere and interleaved with noise.
scrambled = st.lists(
    st.one_of(
        st.sampled_from(SENTENCES),
        st.sampled_from(SENTENCES).flatmap(lambda s: st.integers(0, len(s)).map(lambda i: s[:i])),
        st.text(max_size=5),
    ),
    max_size=25,
).map("".join)
any_text = st.one_of(st.text(max_size=300), chinese_heavy, quantity_text, scrambled)


def _encodings(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from(["utf-8", "gb18030", "big5", "utf-16", "utf-16-le", "utf-8-sig"]).map(
        lambda enc: text.encode(enc, errors="ignore")
    )


encoded_text = any_text.flatmap(_encodings)
# Truncated / spliced byte streams: a prefix of one encoding glued to a suffix of another.
spliced = st.tuples(encoded_text, encoded_text, st.integers(0, 50), st.integers(0, 50)).map(
    lambda t: t[0][: len(t[0]) - t[2]] + t[1][t[3]:]
)
any_bytes = st.one_of(st.binary(max_size=600), encoded_text, spliced)


@FAST
@given(any_bytes)
def test_decode_bytes_never_raises_and_is_consistent(data: bytes):
    d = decode_bytes(data)
    assert isinstance(d, Decoded)
    assert isinstance(d.text, str)
    assert d.replaced in (0, d.text.count("\ufffd"))
    if d.quarantine is None:
        assert d.encoding is not None and d.text.strip()  # a loaded file has text and a codec
    else:
        assert d.quarantine.strip()  # every quarantine names a reason
    # Deterministic: the same bytes always get the same fate.
    assert decode_bytes(data) == d


def _bodies_bound(text: str) -> int:
    # Redaction tokens may double a lone 'X' or '_' (→ 'XX'); nothing else may grow the text.
    return 2 * len(text) + 8


@FAST
@given(any_text)
def test_clean_document_never_raises_and_stays_bounded(text: str):
    speeches = clean_document(text)
    total = sum(len(sp.body) for sp in speeches)
    assert total <= _bodies_bound(text), (total, len(text))
    for sp in speeches:
        assert sp.part_no >= 1
        assert sp.body.strip()
        assert "\ufeff" not in sp.body


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.sampled_from(SAMPLES), min_size=1, max_size=3), st.sampled_from(["", "<html><body><p>", "\ufeff"]))
def test_clean_document_of_real_speeches_is_bounded(texts: list[str], prefix: str):
    text = prefix + "\n".join(texts)
    speeches = clean_document(text)
    assert speeches, "real speeches must yield at least one part"
    assert sum(len(sp.body) for sp in speeches) <= len(text)


_ARABIC_NUM = re.compile(r"\d+(?:\.\d+)?")


def _assert_anchored(text: str, statements) -> None:
    chinese = {(q.start, q.end): q for q in scan_quantities(text) if q.pattern == "chinese_numeral"}
    for s in statements:
        assert s.sentence and s.sentence in text, "sentence must be a substring of the text"
        assert 0 <= s.char_start < s.char_end <= len(text)
        span = text[s.char_start:s.char_end]
        assert span in s.sentence, (span, s.sentence)
        numbers = [float(n) for n in _ARABIC_NUM.findall(span)]
        if numbers:
            assert s.value in numbers, (s.value, span)
            if s.value_max is not None:
                assert s.value_max in numbers, (s.value_max, span)
        else:
            q = chinese.get((s.char_start, s.char_end))
            assert q is not None, f"value {s.value} from {span!r}: neither digits nor a Chinese numeral"
            assert q.value == s.value


@FAST
@given(any_text)
def test_extract_statements_never_raises_and_values_are_anchored(text: str):
    _assert_anchored(text, extract_statements(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(scrambled)
def test_extract_on_cleaned_scrambled_speeches_is_anchored(text: str):
    for sp in clean_document(text):
        _assert_anchored(sp.body, extract_statements(sp.body))


# Lines of our own speeches, each written in UTF-8 or in one legacy codec (a file glued from two sources).
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(st.sampled_from([s.strip() for s in SENTENCES if len(s.strip()) > 8]), st.booleans()),
                min_size=2, max_size=30), st.sampled_from(["gb18030", "big5"]))
def test_mixed_encoding_files_decode_back_to_their_text(lines, legacy):
    lines = [(text, as_utf8) for text, as_utf8 in lines if legacy != "big5" or _big5_safe(text)]
    if not any(u for _, u in lines) or all(u for _, u in lines):
        return  # not a mixture
    data = b"\n".join(text.encode("utf-8") if as_utf8 else text.encode(legacy) for text, as_utf8 in lines)
    d = decode_bytes(data)
    assert d.text == "\n".join(text for text, _ in lines) or d.encoding in ("utf-8", legacy)
    if d.encoding and d.encoding.startswith("utf-8+"):
        assert d.replaced == 0 and d.text == "\n".join(text for text, _ in lines)


def _big5_safe(text: str) -> bool:
    try:
        text.encode("big5")
        return True
    except UnicodeEncodeError:
        return False
