"""Find quantities in text: Arabic numbers with ranges and units, and a few Chinese-numeral forms.

The scanner is one compiled stdlib `re` pass per form (C speed); everything that
is never a value (years, dates, document numbers, line numbers, ratings, codes,
ordinals, list markers) is rejected here, right after the match, from a few
characters of context, so the statement rules only see real quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.extract.units import MULTIPLIERS, NON_VALUE_FOLLOWERS, UNIT_RE_FRAGMENT

_HAN_CLASS = "\u4e00-\u9fff"

# number [%] [- number] [多|余] [unit]
_ARABIC = re.compile(
    # the look-behind sits after the first digit so the regex engine can jump from digit to digit
    # (years, months, days and numbers 号/届/期 are dropped inside the regex: the commonest non-values)
    r"(?P<a>\d(?<![\d.A-Za-z_]\d)(?![\d.]*[年月日号届期])\d*(?:\.\d+)?)(?![\dxX])"
    r"(?:[ \t]*(?P<apct>%)?[ \t]*(?P<dash>[-~—–至到])[ \t]*(?P<b>\d+(?:\.\d+)?)(?![\dxX.]))?"
    r"(?:(?P<m1>万亿|亿|万)(?=[多余]))?[ \t]*(?P<many>多|余|来)?[ \t]*(?P<unit>" + UNIT_RE_FRAGMENT + r")?"
)

_CN_DIGITS = "零〇一二两三四五六七八九十百千"
_CHINESE = re.compile(
    r"(?P<pre>近|超过|超|约|逾|不足|不到)?(?:"
    r"百分之(?P<pct>[零〇一二两三四五六七八九十百点]+)(?:[至到—-](?:百分之)?(?P<pct2>[零〇一二两三四五六七八九十百点]+))?"
    r"|(?<![一二两三四五六七八九十几数])(?P<cheng>[一二两三四五六七八九]|十)成(?![不群了功立就效果绩员本品长熟型交为])"
    # 三亿八千万吨, 一千零五十七万元: 亿/万 sections before the unit's own multiplier are part of the number
    r"|(?P<cn>(?:[零〇一二两三四五六七八九十百千]+[亿万](?=[零〇一二两三四五六七八九十百千]))*[零〇一二两三四五六七八九十百千]*)"
    r"(?P<mult>万亿|千亿|百亿|亿|千万|百万|万)"
    r"(?P<unit>元|美元|吨|人次|人|户|千瓦|千瓦时|平方米|平方公里|亩|公里|辆|个|家|套|台)"
    r")"
)
_PRE_CMP = {"近": "~", "约": "~", "超": ">", "超过": ">", "逾": ">", "不足": "<", "不到": "<"}
_MANY_CMP = {"多": ">", "余": ">", "来": "~"}

_NON_VALUE = tuple(sorted(NON_VALUE_FOLLOWERS, key=len, reverse=True))
# Unitless numbers are values only right after a ratio-like name: 容载比1.54, 饱和度达1.2.
_UNITLESS_OK = re.compile(r"(?:比|度|系数|指数|倍数)(?:为|达到|达|是|约为|仅为|约)?$")
_ORDINAL_BEFORE = re.compile(r"(?:第|排名|(?<![安编])排|编号|代码|热线|电话|拨打|号码)[ \t]*$")
_THRESHOLD_AFTER = re.compile(r"[ \t]*(?:以上|以下|及以上|及以下)(?:的)?(?=[" + _HAN_CLASS + r"])(?!的?(?:目标|水平|规模|任务|增长|标准|比例))")
_THRESHOLD_PRED = re.compile(r"[ \t]*(?:以上|以下|及以上|及以下)(?:的)?(?:占|达|为|是|要|应|必须|均|都|已|有|在|集中|散失|比例|仍)")
_POST_CMP = re.compile(r"[ \t]*(以上|以内|以下|左右|上下)")
_POST_CMP_MAP = {"以上": ">=", "以内": "<=", "以下": "<=", "左右": "~", "上下": "~"}


@dataclass(frozen=True, slots=True)
class Quantity:
    """One quantity found in text: span [start, end) covers number and unit.

    value/value_max: the number (range upper bound or None); unit: stated unit ('' if none);
    cmp_pre: comparator implied by a word glued to the number (近, 超, 多 …) or None;
    cmp_post: comparator from 以上/以内/左右 right after it, or None; post_end: end of that word.
    """

    start: int
    end: int
    value: float
    value_max: float | None
    unit: str
    cmp_pre: str | None
    cmp_post: str | None
    post_end: int
    pattern: str


# A frozen dataclass's __init__ calls object.__setattr__ per field; the scanner builds one Quantity per number,
# so it sets the slots through their descriptors (same instance, twice as fast).
_q_new = object.__new__
_q_start, _q_end, _q_value, _q_value_max, _q_unit, _q_cmp_pre, _q_cmp_post, _q_post_end, _q_pattern = (
    Quantity.start.__set__, Quantity.end.__set__, Quantity.value.__set__,  # type: ignore[attr-defined]
    Quantity.value_max.__set__, Quantity.unit.__set__, Quantity.cmp_pre.__set__,  # type: ignore[attr-defined]
    Quantity.cmp_post.__set__, Quantity.post_end.__set__, Quantity.pattern.__set__)  # type: ignore[attr-defined]
assert list(Quantity.__dataclass_fields__) == [
    "start", "end", "value", "value_max", "unit", "cmp_pre", "cmp_post", "post_end", "pattern"]


def _new_quantity(start, end, value, value_max, unit, cmp_pre, cmp_post, post_end, pattern) -> Quantity:
    """Quantity(...) with the same positional fields, without the frozen __init__'s overhead."""
    q = _q_new(Quantity)
    _q_start(q, start)
    _q_end(q, end)
    _q_value(q, value)
    _q_value_max(q, value_max)
    _q_unit(q, unit)
    _q_cmp_pre(q, cmp_pre)
    _q_cmp_post(q, cmp_post)
    _q_post_end(q, post_end)
    _q_pattern(q, pattern)
    return q


def chinese_to_number(s: str) -> float | None:
    """Parse a Chinese numeral ('五十', '三十五', '一百', '九十九点五', '两千', '三亿八千万') into a number.

    万 and 亿 split the numeral into sections (三亿八千万 = 3×10^8 + 8000×10^4 = 380000000);
    a section may carry a decimal part (三点五万 = 35000). Returns None for strings that are
    not a well-formed numeral.
    """
    if not s:
        return None
    for mult, factor in (("亿", 1e8), ("万", 1e4)):
        if mult in s:
            high, _, low = s.rpartition(mult)  # the last one: 四万万 (old usage) = 4×10^4×10^4
            h = chinese_to_number(high) if high else 1.0
            lo = chinese_to_number(low) if low else 0.0
            if h is None or lo is None:
                return None
            return h * factor + lo
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = chinese_to_number(whole) if whole else 0.0
        digits = "".join(str(_DIGIT.get(ch, -1)) for ch in frac)
        if w is None or "-" in digits or not digits:
            return None
        return float(f"{int(w)}.{digits}")
    total = 0
    current = 0
    for ch in s:
        if ch in _DIGIT:
            current = _DIGIT[ch]
        elif ch in _POWER:
            total += (current or 1) * _POWER[ch]
            current = 0
        else:
            return None
    return float(total + current)


_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# Every digit character a year or code is written with, one by one: ASCII, full-width, Chinese (○ and Ｏ as zero).
_DIGIT_AS_WRITTEN = {**_DIGIT, "○": 0, "Ｏ": 0} | {c: i % 10 for i, c in enumerate("0123456789０１２３４５６７８９")}


def digits_as_written(s: str) -> int | None:
    """The integer a string of digits written one by one spells (一九五四 → 1954, 二〇二六 → 2026, ７８ → 78);
    None when it is empty or holds anything but digits."""
    value = 0
    for ch in s:
        d = _DIGIT_AS_WRITTEN.get(ch)
        if d is None:
            return None
        value = value * 10 + d
    return value if s else None
_POWER = {"十": 10, "百": 100, "千": 1000}


def _post(text: str, pos: int) -> tuple[str | None, int]:
    m = _POST_CMP.match(text, pos)
    if m:
        return _POST_CMP_MAP[m.group(1)], m.end()
    return None, pos


def scan_quantities(text: str) -> list[Quantity]:
    """All quantities in `text`, in text order, with never-a-value numbers already removed.

    Rejected: numbers glued to letters (PM2.5, M11, 110kV), redacted years (20xx),
    years/dates/periods (2019年, 3月6日, 1-10月), document and line numbers (22号, 2号线),
    ordinals and ranks (第5位, 排第5), ratings (220千伏), design standards (3年一遇), codes and
    hotlines (12319, 与110对接 — unitless numbers), thresholds inside noun phrases (56人以上大班额).
    """
    out: list[Quantity] = []
    append = out.append
    non_value = _NON_VALUE
    post_cmp = _POST_CMP
    for m in _ARABIC.finditer(text):
        a_s, apct, dash, b_s, m1, many, unit = m.groups()
        a_start = m.start()
        end = m.end()
        if m1 is not None:  # 5万余个, 4万多亿元: the multiplier sits before 多/余
            unit = m1 + unit if unit is not None else m1
        if unit is None:
            end = m.end("many") if many else (m.end("b") if b_s is not None else m.end("a"))
            follow = text[end:end + 3].lstrip(" \t")
            if follow.startswith(non_value) or (follow[:1].isascii() and follow[:1].isalpha()):
                continue
            if apct:
                unit = "%"
            elif follow[:1] in "、和" and (lm := _LIST_UNIT.match(text, end)) is not None:
                unit = lm.group("unit")  # 提高15、22个百分点: the list's last unit is every item's
            elif many or not _UNITLESS_OK.search(text, max(0, a_start - 6), a_start):
                continue
            else:
                unit = ""
        else:
            if apct and b_s is not None and unit != "%":
                unit = "%"
            nxt = text[end:end + 1]
            if nxt.isascii() and nxt.isalpha() and not unit.isascii():
                continue  # 5G, 3D …
            if unit == "次" and text.startswith(("全会", "会议", "党代会", "全委"), end):
                continue
            if nxt and nxt in "万亿" and unit in _BARE_MULT:
                continue  # 10.36百亿亿次: a magnitude word, not a stated unit
            if unit == "岁" and (_AGE_NOUN.match(text, end) or text[a_start - 1:a_start] == "满"):
                continue  # 0-6岁儿童, 60岁老人, 满3岁即入园: an age class or threshold, not a value
            if (unit == "分钟" or unit == "小时") and _CIRCLE.match(text, end):
                continue  # 15分钟生活圈, 1小时通勤圈: the name of a service radius, not a value
            if nxt == "”" and unit in _POLICY_UNITS and _POLICY_QUOTE.search(text, max(0, a_start - 12), a_start):
                continue  # “民营经济32条”: the title of a policy package
        if text.startswith(("一遇", "年一遇"), end) or (unit and text.startswith("级", end)):
            continue  # 50年一遇; 20万吨级泊位: a design class, not a value
        if a_start:
            prev = text[a_start - 1]
            if prev == "前" and unit in ("%", "‰"):
                continue  # 全球排名前1%的学科: a ranking band inside a noun phrase
            if prev in "第〔[【" or (prev in _ORDINAL_LAST and _ORDINAL_BEFORE.search(text, max(0, a_start - 4), a_start)):
                continue
        if unit != "%" and text.startswith(_THRESHOLD_WORDS, end) and _THRESHOLD_AFTER.match(text, end) \
                and not _THRESHOLD_PRED.match(text, end):
            continue  # 56人以上大班额: a class of things, not a value
        a = float(a_s)
        b = float(b_s) if b_s is not None else None
        if b is not None and (b < a or (dash in "至到" and not unit)):
            continue
        cmp_pre = _MANY_CMP.get(many) if many else None
        pm = post_cmp.match(text, end)
        if pm:
            cmp_post, post_end = _POST_CMP_MAP[pm.group(1)], pm.end()
        else:
            cmp_post, post_end = None, end
        append(_new_quantity(a_start, end, a, b, unit, cmp_pre, cmp_post, post_end,
                        "range" if b is not None else "number"))
    if _CN_HINT.search(text) is not None:
        extra = list(_scan_chinese(text))
        if extra:
            out.extend(extra)
            out.sort(key=lambda q: q.start)
    return out


_DIGIT_DOT = frozenset("0123456789.")
_CN_NUMERAL_CHARS = frozenset("零〇一二两三四五六七八九十百千万亿")
_LIST_UNIT = re.compile(r"(?:[ \t]*[、和][ \t]*\d+(?:\.\d+)?)+[ \t]*(?P<unit>个百分点|百分点|%|‰|" + UNIT_RE_FRAGMENT + r")")
_ORDINAL_LAST = frozenset("第排名号码话线打")
_BARE_MULT = frozenset({"万", "亿", "万亿", "千亿", "百亿", "千万", "百万", "十万"})
_AGE_NOUN = re.compile(r"(?:的)?(?:儿童|幼儿|婴幼儿|少儿|孩子|学生|青少年|青年|老人|老年人|人口|人群|妇女|女性|男性|以下|以上|及以下|及以上|至|到|—|-)")
_CIRCLE = re.compile(r"[”\"]?[\u4e00-\u9fff]{0,8}圈")  # 15分钟品质文化生活圈: up to eight characters of qualifier
_POLICY_UNITS = frozenset({"条", "项", "招", "策", "措施"})
_POLICY_QUOTE = re.compile(r"“[^”，。；、\d]{1,10}$")
_THRESHOLD_WORDS = ("以上", "以下", "及以上", "及以下", " 以上", " 以下")
# Every branch starts with a rare-ish literal (成 rather than the very common numerals before it) and checks
# what precedes it with a look-behind, so the engine skips ahead fast; 5万个 is the Arabic scanner's.
_CN_HINT = re.compile(r"百分之|成(?<=[一二两三四五六七八九十]成)|[万亿](?<![\d.][万亿])(?:元|美元|吨|人|户|千瓦|平方|亩|公里|辆|个|家|套|台)")


def _scan_chinese(text: str):
    last_end = -1
    for h in _CN_HINT.finditer(text):
        hs = h.start()
        if hs and text[hs - 1] in _DIGIT_DOT and h.group(0)[0] in "万亿":
            continue  # 5万个: the Arabic scan has it
        # re-match the full form from the start of the numeral before the hint (and 近/超过 before it)
        run = hs
        while run and text[run - 1] in _CN_NUMERAL_CHARS:
            run -= 1
        start = max(run - 2, last_end, 0)
        m = _CHINESE.search(text, start, h.end() + 8)
        while m is not None and m.end() <= h.start():
            m = _CHINESE.search(text, m.end(), h.end() + 8)
        if m is None or m.start() > h.start():
            continue
        last_end = m.end()
        yield from _chinese_quantity(text, m)


def _chinese_quantity(text: str, m: re.Match):
    """The Quantity of one Chinese-numeral match (百分之五十, 三成, 超万亿元), if it is one."""
    pre = m.group("pre")
    cmp_pre = _PRE_CMP.get(pre) if pre else None
    start = m.start("pct") - 3 if m.group("pct") else m.start() + (len(pre) if pre else 0)
    v_max = None
    if m.group("pct"):
        v = chinese_to_number(m.group("pct"))
        unit = "%"
        if m.group("pct2"):  # 百分之八至九: a range
            v_max = chinese_to_number(m.group("pct2"))
            if v_max is None or v is None or v_max < v:
                v_max = None
    elif m.group("cheng"):
        v = chinese_to_number(m.group("cheng"))
        v = v * 10 if v is not None else None
        unit = "%"
        start = m.start("cheng")
    else:
        cn = m.group("cn")
        if not cn and not pre:
            return  # 万人 inside 亿万人民: no number at all
        mult = m.group("mult")
        # the value in units of the stated multiplier: 三亿八千万吨 = 38000 万吨
        v = chinese_to_number(cn + mult) / MULTIPLIERS[mult] if cn else 1.0
        unit = mult + m.group("unit")
        start = m.start("cn") if cn else m.start("mult")
    if v is None:
        return
    end = m.end()
    cmp_post, post_end = _post(text, end)
    yield Quantity(start, end, v, v_max, unit, cmp_pre, cmp_post, post_end,
                   "chinese_numeral" if v_max is None else "range")


# --- every number a sentence writes (the row rule "value found in its sentence") ---------------
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
# A thousands group is three digits and no more: 1/10，4386万 is 10 and 4386, not 10438 and 6.
_ANY_ARABIC = re.compile(r"\d+(?:[,，]\d{3}(?!\d))*(?:\.\d+)?")
# 超万亿元, 近千万人, 破亿: a bare multiplier after such a word is one of it.
_BARE_MULT_AFTER = re.compile(r"(?:超过|超|近|逾|约|过|达|破|上)$")
_ANY_CHINESE = re.compile(r"[零〇一二两三四五六七八九十百千万亿][零〇一二两三四五六七八九十百千万亿点]*")
_MULT_AFTER = re.compile(r"[ \t]*(" + "|".join(sorted(MULTIPLIERS, key=len, reverse=True)) + ")")
_POWERS_IN_NUMERAL = frozenset("十百千万亿点")
_SECTION_FACTORS = (("万亿", 1e12), ("千万", 1e7), ("百万", 1e6), ("亿", 1e8), ("万", 1e4))


def sentence_numbers(text: str) -> list[float]:
    """Every number `text` writes, in each reading an extracted value may take.

    Arabic numbers (full-width digits and thousands separators read: １０．２ → 10.2,
    1，497，616，000 → 1497616000), also times a multiplier written after them (3.5万 → 35000);
    Chinese numerals with 万/亿 sections (三亿八千万 → 380000000), also divided by the multiplier
    they end with (四百九十三亿 → 493, 一千万 → 1000), digit strings as written (一九五四 → 1954);
    a number before 成 also times ten (三成 → 30). Input: a sentence; output: the numbers, unordered.
    """
    text = text.translate(_FULL_WIDTH)
    out: list[float] = []
    for m in _ANY_ARABIC.finditer(text):
        written = m.group(0)
        v = float(written.replace(",", "").replace("，", ""))
        out.append(v)
        if "," in written or "，" in written:  # a list written with commas reads as digit groups too
            out.extend(float(part) for part in re.split("[,，]", written))
        if (mm := _MULT_AFTER.match(text, m.end())) is not None:
            out.append(v * MULTIPLIERS[mm.group(1)])
        if text.startswith("成", m.end()):
            out.append(v * 10)
    for m in _ANY_CHINESE.finditer(text):
        run = m.group(0)
        if run.endswith("千") and text.startswith(("瓦", "克", "米", "伏"), m.end()):
            run = run[:-1]  # 八十万千瓦: the 千 is the unit's (千瓦)
            if not run:
                continue
        if len(run) > 1 and _POWERS_IN_NUMERAL.isdisjoint(run):
            out.append(float(digits_as_written(run)))  # 一九五四: digits as written
            continue
        v = chinese_to_number(run)
        if v is None:
            continue
        if run in MULTIPLIERS and _BARE_MULT_AFTER.search(text, max(0, m.start() - 2), m.start()):
            out.append(1.0)
        out.append(v)
        for suffix, factor in _SECTION_FACTORS:
            if run.endswith(suffix) and len(run) > len(suffix):
                out.append(v / factor)
        if text.startswith("成", m.end()):
            out.append(v * 10)
    return out

