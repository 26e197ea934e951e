"""Units of measure: what a number may be followed by, its kind and its multiplier.

A stated unit is `[multiplier][base](/[per-base])?`, e.g. '%', '万平方米', '万吨/日',
'万人/平方公里'. The multiplier (万, 亿, 千万, 万亿 …) is kept in the stated unit and
folded into `value_base` / `unit_base`.
"""

from __future__ import annotations

from dataclasses import dataclass

# base unit → kind. Longest alternatives are tried first (see UNIT_RE_FRAGMENT).
BASE_UNITS: dict[str, str] = {
    # ratio
    "%": "ratio", "‰": "ratio", "个百分点": "ratio_points", "百分点": "ratio_points", "倍": "ratio",
    # area
    "平方公里": "area", "平方千米": "area", "平方米": "area", "平米": "area", "公顷": "area", "亩": "area",
    # length
    "公里": "length", "千米": "length", "延米": "length", "米": "length", "km": "length",
    # mass
    "吨": "mass", "千克": "mass", "公斤": "mass", "斤": "mass", "kg": "mass", "克": "mass", "毫克": "mass",
    "微克": "mass", "担": "mass",
    # volume
    "立方米": "volume", "公方": "volume", "方": "volume", "升": "volume",
    # duration / age
    "小时": "duration", "天": "duration", "分钟": "duration", "个月": "duration", "个工作日": "duration",
    "工作日": "duration", "岁": "age",
    # money
    "元": "money", "美元": "money",
    # energy / power
    "千瓦时": "energy", "千瓦小时": "energy", "兆瓦时": "energy", "千瓦": "power", "兆瓦": "power", "马力": "power",
    # people
    "人次": "count", "户次": "count", "人": "count", "户": "count", "名": "count",
    # count (classifiers)
    "个": "count", "座": "count", "条": "count", "台": "count", "处": "count", "家": "count",
    "张": "count", "套": "count", "所": "count", "项": "count", "辆": "count", "标台": "count", "标箱": "count", "标准箱": "count",
    "盏": "count", "栋": "count", "幢": "count", "块": "count", "宗": "count", "眼": "count",
    "场次": "count", "场": "count", "次": "count", "间": "count", "棵": "count", "株": "count", "只": "count",
    "头": "count", "件": "count", "批": "count", "份": "count", "部": "count", "段": "count",
    "艘": "count", "架": "count", "支": "count", "箱": "count", "册": "count", "篇": "count",
    "根": "count", "口": "count", "片": "count", "起": "count", "例": "count",
    "亿": "count", "万": "count",  # bare multiplier used as a count (新增就业50万)
}

# Multipliers written in front of a base unit.
MULTIPLIERS: dict[str, float] = {
    "万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "千万": 1e7, "百万": 1e6, "十万": 1e5, "万": 1e4,
}

# Units after which a number is never a value (dates, ordinals, codes, ratings, lines …).
# Kept here so the number scanner can reject them inside the regex.
NON_VALUE_FOLLOWERS = (
    "年", "月", "日", "号", "届", "期", "版", "代", "级", "轮", "线", "路", "型", "类", "楼", "层",
    "千伏", "伏", "kV", "KV", "kv", "V", "周年", "强", "章", "节", "款", "位", "时", "点", "秒",
    "分", "世纪", "Ｇ", "G", "+", "℃", "°", "分之",
)

_PER_BASES = ("平方公里", "平方米", "立方米", "公顷", "千瓦时", "小时", "日", "天", "年", "月", "人", "吨",
              "辆", "户", "亩", "公里", "升", "km", "kg", "千克", "公斤", "标准立方米")


def _alt(items) -> str:
    import re

    return "|".join(re.escape(x) for x in sorted(set(items), key=len, reverse=True))


# The stated unit as a regex fragment (no groups), multiplier optional, per-part optional.
_BASE_ALT = _alt(k for k in BASE_UNITS if k not in ("万", "亿"))
_MULT_ALT = _alt(MULTIPLIERS)
# Stated unit for the scanner: multiplier? base (/per)? | bare multiplier.
UNIT_RE_FRAGMENT = rf"(?:{_MULT_ALT})?(?:{_BASE_ALT})(?:/(?:{_alt(_PER_BASES)}))?|(?:{_MULT_ALT})"


@dataclass(frozen=True, slots=True)
class UnitInfo:
    """A parsed stated unit: multiplier factor, base unit (per-part kept) and kind."""

    stated: str
    factor: float
    base: str
    kind: str | None


_CACHE: dict[str, UnitInfo] = {}


def parse_unit(unit: str) -> UnitInfo:
    """Split a stated unit into multiplier factor, base unit and kind.

    '774万平方米' style units: parse_unit('万平方米') → factor 1e4, base '平方米', kind 'area'.
    A per-unit ('万人/平方公里', '万吨/日') has kind 'density' (per area) or 'rate' (per time).
    A bare multiplier ('万') is a count of 1e4.
    """
    hit = _CACHE.get(unit)
    if hit is not None:
        return hit
    stated = unit
    factor = 1.0
    rest = unit
    for m in sorted(MULTIPLIERS, key=len, reverse=True):
        if rest.startswith(m) and (len(rest) > len(m) or m in ("万", "亿")):
            factor = MULTIPLIERS[m]
            rest = rest[len(m):]
            break
    if not rest:
        info = UnitInfo(stated, factor, "", "count" if factor != 1.0 else None)
    else:
        head, _, per = rest.partition("/")
        kind = BASE_UNITS.get(head)
        if per:
            # per area or volume (微克/立方米) or per mass (克/千克: a content): a density; per time: a rate
            kind = "density" if BASE_UNITS.get(per) in ("area", "volume", "mass") else "rate"
        info = UnitInfo(stated, factor, rest, kind)
    _CACHE[unit] = info
    return info
