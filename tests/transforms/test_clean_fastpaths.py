"""Issue #3 speed work: every shortcut of the clean stage gives what the plain algorithm gives.

The shortcuts (cheap `in`/character-set tests before a regex pass, gates before the
chrome line rules, counting without match lists, lazy whole-document facts) must
never change an output. Each test runs a reference - the plain algorithm, written
here with the modules' own patterns, so it follows any change to a rule - and the
module's function on random text built from the characters and phrases the rules
look for (own-written; no corpus text).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import pytest  # noqa: E402
import regex  # noqa: E402

from transforms import chrome, decode, metadata, normalize, pinyin, redact, script, segment  # noqa: E402

_PLAIN = list("的是在了不和有大这中人上为们地个用工要以时会可主发年动同作于出就分对成部进行方经当开过如实现问题，。\n")
_SPECIAL = list(
    "0123456789１２３.,;:?!%（）()  \t\n\u3000xXｘＸ×*＊○〇某_年届次市县区镇州省首页位置范例范文>：篇—–~〜-“”‘’，、。說國會時們個"
) + [
    "网站首页", "当前位置：", "来源：", "转载请注明", "http://a.b/c", "www.x.com", "小编为大家整理", "供大家参考",
    "本文简介：", "本文内容：", "篇1", "篇2", "无码", "国产", "福利", "网站", "av", "巨集", "专案", "资讯", "化程序",
    "(zhǎng)", "(men)", "20xx", "201*", "XX", "某某", "○○", "\x1c", "\u3000\u3000", "相关", "\n2019年5月", "\n१२",
    "大连", "正宁", "高桥", "北京", "本文关键词：", "扫码关注", "移动端：", "博采众长见贤思齐", "当前隐藏内容免费查看",
    "发布于：", "释出于", "本文来自投稿", "点击查看全文", "免费下载全文", "内容已隐藏", "更多精彩内容请访问",
    "\n相关阅读", "\n上一篇", "\n发布时间：2020-01-01", "https://x.y/z", "\n网站：", "\n作者：", " > ", "工作范例 ",
    "\n扫一扫", "\n栏目：", "由互联网用户整理提供", "本站提供存储空间", "荟聚奇文",
]


def _texts(seed: int, n: int, sparse: bool) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        size = rng.randrange(1, 240)
        if sparse:  # mostly plain text: the shortcuts that skip work are taken
            out.append("".join(rng.choice(_SPECIAL) if rng.random() < 0.03 else rng.choice(_PLAIN) for _ in range(size)))
        else:  # dense: every rule has something to do
            out.append("".join(rng.choice(_SPECIAL) for _ in range(size)))
    return out


TEXTS = _texts(1, 400, sparse=True) + _texts(2, 400, sparse=False)


# --- references: the plain algorithms ------------------------------------------------------

def _ref_normalize(text: str) -> tuple[str, int]:
    n = len(normalize._HAS_FULLWIDTH.findall(text))
    text = text.translate(normalize._FOLD)
    text, k = normalize._THOUSANDS.subn(lambda m: m.group(1) + m.group(2).replace(",", ""), text)
    n += k
    for pattern, repl in (
        (normalize._ASCII_PUNCT, lambda m: normalize._PUNCT_MAP[m.group(1) or m.group(2)]),
        (normalize._PARENS, r"（\1）"),
        (normalize._SPACE_IN_NUMBER, ""),
        (normalize._SPACE_BEFORE_UNIT, ""),
        (normalize._SPACE_AFTER_HAN, ""),
        (normalize._DASHES, "-"),
        (normalize._MULTISPACE, " "),
    ):
        text, k = pattern.subn(repl, text)
        n += k
    return text, n


def _ref_redact(text: str) -> tuple[str, dict[str, int]]:
    counts: dict[str, int] = {}
    text, counts["redacted_year"] = redact._YEAR.subn(redact.YEAR_TOKEN, text)
    text, n = redact._YEAR_BARE.subn(redact.YEAR_TOKEN, text)
    counts["redacted_year"] += n
    text, counts["redacted_name"] = redact._NAME.subn(redact.NAME_TOKEN, text)
    text, counts["redacted_ordinal"] = redact._ORDINAL.subn("X", text)
    text, n = redact._NAME_SINGLE.subn(redact.NAME_TOKEN, text)
    counts["redacted_name"] += n
    text, counts["redacted_blank"] = redact._BLANK.subn(redact.NAME_TOKEN, text)
    return text, counts


def _ref_strip_chrome(text: str, known: frozenset[str]) -> tuple[str, dict[str, int]]:
    counts: dict[str, int] = {}
    kept: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        hits = len(regex.findall(chrome._SPAM_WORDS.pattern, stripped))
        if hits >= 4 or (hits >= 2 and len(stripped) < 60 and ("," in stripped or "，" in stripped)):
            counts["spam"] = counts.get("spam", 0) + 1
            continue
        if known and chrome.line_key(stripped) in known:
            counts["batch_frequent"] = counts.get("batch_frequent", 0) + 1
            continue
        for name, rule in chrome.LINE_RULES:
            if rule.search(stripped):
                counts[name] = counts.get(name, 0) + 1
                break
        else:
            for name, rule in chrome.INLINE_RULES:
                stripped, n = rule.subn("", stripped)
                if n:
                    counts[name] = counts.get(name, 0) + n
            if stripped:
                kept.append(stripped)
    return regex.sub(r"\n{2,}", "\n", "\n".join(kept)).strip(), counts


def _ref_traditional_share(text: str) -> float:
    sample = text[:20000]
    han = len(regex.findall(r"\p{Han}", sample))
    return (len(sample) - len(script._TRAD_ONLY.sub("", sample))) / han if han else 0.0


def _ref_han_share(text: str) -> float:
    sample = text[:20000]
    non_space = len(regex.findall(r"\S", sample))
    return len(regex.findall(r"\p{Han}", sample)) / non_space if non_space else 0.0


def _ref_repeated_below(out: list[str], k: int) -> bool:
    c = segment._compact(out[k])
    following = segment._compact("".join(out[k + 1: k + 40]))
    return following.startswith(c[: max(40, len(c) - 3)]) and len(following) > len(c)


def _ref_place_names(body: str, limit: int = 20) -> list[str]:
    found: dict[str, None] = {}
    for m in regex.finditer(metadata._PROVINCE.pattern, body):
        found.setdefault(m.group(0), None)
    ns = metadata._ns_words()
    for m in metadata._SUFFIX.finditer(body):
        end = m.start()
        for size in (4, 3, 2):
            name = body[max(0, end - size): end]
            if len(name) < size or "X" in name or not regex.fullmatch(r"\p{Han}+", name):
                continue
            if name[-1] + m.group(0) in metadata._GENERIC or name[-1] in "市县区镇州":
                break
            if name[0] in "各全我本该":
                continue
            if name in ns or name + m.group(0) in ns:
                found.setdefault(name + m.group(0), None)
                break
    return list(found)[:limit]


# --- tests -------------------------------------------------------------------------------

def test_normalize_shortcuts():
    for t in TEXTS:
        assert normalize.normalize_text(t) == _ref_normalize(t), t


def test_redaction_shortcuts():
    for t in TEXTS:
        assert redact.tokenize_redactions(t) == _ref_redact(t), t


def test_chrome_gates():
    for i, t in enumerate(TEXTS):
        lines = [ln.strip() for ln in t.split("\n") if ln.strip()]
        known = frozenset(chrome.line_key(ln) for ln in lines[: i % 3]) | {"0年0月", "相关0"}
        assert chrome.strip_chrome(t) == _ref_strip_chrome(t, frozenset()), t
        assert chrome.strip_chrome(t, known) == _ref_strip_chrome(t, known), t


@pytest.mark.parametrize("line", [
    "网站首页 工作范例 办公范例 个人范例", "当前位置：首页 > 讲话", "城建 > 讲话稿 > 正文", "工作范例 办公范例 个人范例",
    "发布时间：2020-01-01", "栏目：讲话", "城建讲话释出于2020", "来源：网络", "转载分享请保留出处", "本站仅提供存储空间",
    "相关阅读：城建", "本文关键词：城建", "www.example.com", "小编为大家整理了讲话，供大家参考。", "荟聚奇文",
    "博采众长 见贤思齐", "移动端：城建", "扫码关注",
])
def test_every_line_rule_passes_its_gate(line):
    assert any(rule.search(line) for _, rule in chrome.LINE_RULES), line  # the sample is chrome
    assert chrome._line_rule(line) is not None, line


def test_script_shares():
    rng = random.Random(4)
    mixes = ["".join(rng.choice("的是在 ab1\n") for _ in range(rng.randrange(1, 30000))) for _ in range(20)]
    for t in TEXTS + [t * 40 for t in TEXTS[:20]] + mixes:
        assert script.traditional_share(t) == _ref_traditional_share(t)
        for share in (decode.MIN_HAN_SHARE, 0.05, 0.5, 0.9):
            assert decode._han_share_below(t, share) == (_ref_han_share(t) < share)


def test_pinyin_shortcut():
    for t in TEXTS:
        assert pinyin.strip_pinyin(t) == pinyin.GLOSS.subn("", t)


def test_summary_repeat_check():
    rng = random.Random(3)
    for t in TEXTS[:300]:
        body = [ln for ln in t.split("\n") if ln] or ["的"]
        rest = "".join(body)
        summary = rest[: rng.randrange(0, len(rest) + 5)] + "".join(rng.choice(_PLAIN) for _ in range(rng.choice([0, 3, 4])))
        out = [summary.replace("\n", " ")] + body
        if len(segment._compact(out[0])) >= 40:
            assert segment._repeated_below(segment._compact(out[0]), out[1:40]) == _ref_repeated_below(out, 0)


def test_place_names_shortcuts():
    for t in TEXTS:
        assert metadata.place_names(t, limit=1000) == _ref_place_names(t, limit=1000)
