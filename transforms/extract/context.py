"""Context around a quantity: deadlines, departments, subjects, target markers, comparators.

All patterns are stdlib `re` (compiled once) and run only on sentences that hold a
quantity, or on the line around it for departments.
"""

from __future__ import annotations

import re

H = "\u4e00-\u9fff"
_CN_NUM = "一二两三四五六七八九十"

# ---------------------------------------------------------------- deadlines
# Stated deadlines, as written: 6月底前, 11月前, 4月30日前, 年底前, 年内, 到20xx年, 用三年时间, 全年, 今后五年 …
# Every alternative starts with a concrete character so the regex engine can skip ahead fast.
DEADLINE_RE = re.compile(
    r"[\d一二三四五六七八九十]{1,2}月(?:\d{1,2}日|底|末|中旬|上旬|下旬|份)?(?:前|以前|之前)"
    r"|20(?:\d\d|[xX]{2})年(?:(?:底|末)?(?:前|以前|之前)|内)"
    r"|年(?:底|末)(?:前|以前|之前)?(?![我全各])|年内"
    r"|[到至]20(?:\d\d|[xX]{2})年(?:底|末)?前?"
    r"|今年内?(?![以来的])|本年度内|明年|全年(?![的来以计共累])|上半年|下半年|[一二三四]季度末?前?"
    r"|用[" + _CN_NUM + r"\d]{1,2}(?:到[" + _CN_NUM + r"\d]{1,2})?年(?:左右)?的?时间"
    r"|[" + _CN_NUM + r"\d]{1,2}年内|(?:争取|力争)[" + _CN_NUM + r"\d]{1,2}年内?"
    r"|(?:今后|未来)[" + _CN_NUM + r"\d]{1,2}年内?"
)
_DEADLINE_TRIGGERS = ("前", "内", "20", "时间", "全年", "今年", "明年", "半年", "季度", "年底", "年末", "争取", "力争",
                      "今后", "未来")
_DEADLINE_HINT = re.compile("|".join(_DEADLINE_TRIGGERS))
_YEAR_BEFORE = re.compile(r"(?:20\d\d|20[xX]{2})年$")


def find_deadlines(s: str) -> list[tuple[int, int, str]]:
    """Deadlines stated in a sentence as (start, end, text): 6月底前, 年底前, 年内, 到20xx年, 用三年时间 …

    Context rules the regex cannot express cheaply are applied here: a bare 年底/年内 glued to a
    year is that year's (20xx年底), 到20xx年 right after 年初 is a period (20xx年初到20xx年底),
    全年 only opens a clause, 争取三年 keeps just 三年.
    """
    if _DEADLINE_HINT.search(s) is None:
        return []
    out: list[tuple[int, int, str]] = []
    for m in DEADLINE_RE.finditer(s):
        a, b, t = m.start(), m.end(), m.group(0)
        c0 = t[0]
        prev = s[a - 1] if a else ""
        if c0 == "年" and prev and (prev.isdigit() or prev in "xX去上前"):
            continue  # 20xx年底 is that year's; 去年末 is the past
        if c0 in "到至" and t[1] == "2" and prev and prev in "截初底末年月":
            continue
        if t.startswith("全年") and prev and prev not in "，；：。、 \n" and not s.endswith(("争取", "确保", "力争"), 0, a):
            continue
        if t.startswith(("争取", "力争")):
            a, t = a + 2, t[2:]
        elif c0.isdigit() or c0 in _CN_NUM:
            y = _YEAR_BEFORE.search(s, max(0, a - 5), a) if "月" in t[:3] else None
            if y:
                a, t = y.start(), s[y.start():b]
        out.append((a, b, t))
    return out


# A clause that speaks about the past or the present cancels a deadline carried from before.
PAST_CLAUSE_RE = re.compile(
    r"(?:20\d\d|20[xX]{2})年(?:底|末|初)?(?![内前])|(?:去年|上年)(?<![比较]..)|目前|现有|截至|截止|已经|已|共有|累计|过去|近年|以来|同期"
)

# ---------------------------------------------------------------- target markers
# The leading look-ahead names every alternative's first character: alternatives that open with a
# look-behind ((?<!完成年)…计划) stop re from skipping to candidate characters, which made this scan
# 4× slower (0.28 s → 0.07 s over the 80 corpus reports' sentences).
TARGET_RE = re.compile(
    r"(?=[要确力争必务拟目预计将应努定])(?:"
    r"要(?<![主重需必纪摘首简概提]要)(?![求素点闻害紧])|确保|力争|争取|必须|务必|拟(?!定|人)|目标(?:是|为|：)"
    r"|预期目标(?<!超过预期目标)(?<!完成预期目标)(?<!实现预期目标)(?<!好于预期目标)(?<!高于预期目标)(?<!达到预期目标)(?<!低于预期目标)(?!的)|(?<!完成年)(?<![度原定超])计划(?!单列|的)|将(?![近其军])"
    r"|应当|应该|应(?<![相反供效对响]应)(?![用对急变届])|努力"
    # 经济增长预期为7%左右, 增长速度定为百分之八至九: a plan's figure
    r"|预期(?=为|是|增长|在)|(?<![被确认])定为"
    r")"
)
ACTUAL_MARK_RE = re.compile(r"已经|已|目前|现有|截至|截止|共有|累计|(?:去年|上年)(?<![比较]..)|过去|以来")

# ---------------------------------------------------------------- departments
_DEPT_SUFFIX = (r"(?:分局|局|委员会|委|办公室|办事处|办|厅|署|部门|部|中心|支队|大队|公司|集团|街道|院|站|所|处|队|局等|"
                r"社|会|协会|联)")
_DEPT_BODY = r"[" + H + r"、]{1,24}?" + _DEPT_SUFFIX + r"(?:等(?:相关|有关)?(?:部门|单位))?"
DEPT_BY_RE = re.compile(
    r"由(?P<a>[" + H + r"、，]{2,40}?)(?:负责|牵头|主责|组织实施|组织|承担|落实|具体负责)"
)
DEPT_LEAD_RE = re.compile(
    r"[，。；：！？\n](?P<b>" + _DEPT_BODY + r")(?:牵头负责|牵头落实|牵头|主责|负责|要|也要|须|必须|应|务必|将|配合)"
)
_DEPT_HINT = re.compile(_DEPT_SUFFIX + r"(?:等(?:相关|有关)?(?:部门|单位))?(?:牵头|主责|负责|要|也要|须|必须|应|务必|将|配合)")
DEPT_LEAD_AT = re.compile(
    r"(?P<b>" + _DEPT_BODY + r")(?:牵头负责|牵头落实|牵头|主责|负责|要|也要|须|必须|应|务必|将|配合)"
)
_DEPT_BAD_START = re.compile(r"^(?:各位|同志|大家|我们|我|你们|他们|这|那|各项|工作|城市|全市|全区|全省|市委、市政府|区委、区政府"
                             r"|于|在|按照|根据|认真|但是|但|超过|副|企业|群众)")
# A body's name is a short noun phrase: no verbs of the surrounding sentence, not a plan or meeting.
_DEPT_BAD_IN = re.compile(r"落实|部署|贯彻|超过|全会|管理不善|推进|加快|实施|完成|建设部署|计划所")
_DEPT_MAX = 14


def find_departments(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Departments named in text[start:end] as (position, name), e.g. '由市执法局负责' → '市执法局',
    '区商务局主责' → '区商务局', '区住建局要…' → '区住建局' (the latter forms open a clause)."""
    found: list[tuple[int, str]] = []
    if text.find("由", start, end) >= 0:
        for m in DEPT_BY_RE.finditer(text, start, end):
            found.append((m.start(), m.group("a")))
    if _DEPT_HINT.search(text, start, end) is not None:  # cheap: a body's suffix glued to its verb
        m0 = DEPT_LEAD_AT.match(text, start, end)
        if m0:
            found.append((m0.start(), m0.group("b")))
        for m in DEPT_LEAD_RE.finditer(text, start, end):
            found.append((m.start("b"), m.group("b")))
    if not found:
        return found
    found.sort()
    out: list[tuple[int, str]] = []
    for pos, name in found:
        name = name.strip("、，").removeprefix("由")
        if len(name) < 2 or len(name) > _DEPT_MAX or _DEPT_BAD_START.match(name) or _DEPT_BAD_IN.search(name):
            continue
        out.append((pos, name))
    return out


# ---------------------------------------------------------------- subjects
# Provinces and autonomous regions by name (X省 is otherwise often 提请省人大…, 经济大省); cities by shape, minus
# clause-opening verbs (办理市人大代表建议, 落地全市) and the offices that follow 市 (市人大, 市政协).
_PROVINCES = "河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾"
_AUTONOMOUS = "内蒙古|广西壮族|广西|西藏|宁夏回族|宁夏|新疆维吾尔|新疆"
_NOT_CITY_START = ("(?!提请|办理|落实|落地|组建|成立|完成|实施|获批|配合|加快|出台|建立|优化|新增|新建|建成|严格|推动|编制|积极|认真"
                   "|设区|所有|省对|省级|新一轮|据|为|占|产值|动员|调整|援|高质量|自觉|铺排|上线|重组|纲要|率先|十[四五六]五)")
_PLACE_ALT = (_NOT_CITY_START + r"[" + H + r"]{2,5}?(?<![城都超上门股集夜早街菜互])市(?![场民容政级委区长]|人大|政协|直属)"
              r"|(?:" + _PROVINCES + r")省(?![委政级内外]|人大|政协)|(?:" + _AUTONOMOUS + r")自治区"
              # a named sub-area with its own accounts (江东新区, 辽西先导区, 昆冈工业园区); 开发区, 示范区 and 高新区
              # are left out: in reports they are mostly a category (深化开发区管理体制改革), not a place
              r"|(?!设立|强化|复制|深化|发挥|全面|支持|推进|国家)" + _NOT_CITY_START + r"[" + H + r"]{2,4}?(?<!级)"
              r"(?:新区|先导区|工业园区)(?!管委会|建设|发展|规划)")
_BODY_AFTER_SCOPE = "政协|人大|总工会|妇联|工商联|侨联|科协|文联|人民代表大会"
SUBJECT_RE = re.compile(
    r"(?:[" + H + r"]{2,4}(?:、[" + H + r"]{2,4})+等(?:城市|地区|省份|省市|国家|地方|市|省)"
    # 全国政协, 全省人大: a body, not a scope; 全国 before a rank or a title names no scope either
    # (全国首个, 全国率先, 全国文明城市, 全国重点实验室)
    r"|全国(?!" + _BODY_AFTER_SCOPE + r"|首|率先|文明|重点|百强|先进|示范|一流|劳动模范"
    r"|影响力|第[一二三四五六七八九十\d]|前列|领先|唯一|最)"
    r"|(?:(?:全省|全市|全区|全县|全州)(?!" + _BODY_AFTER_SCOPE + r")|全镇|全乡"
    r"|我省|我市|我区|我县|我州|我镇|我国|本省|本市|本区|本县"
    r"|中心城区|主城区|老城区|新城区|(?:县城|城区)(?:[两" + _CN_NUM + r"]+[街镇乡村])*|市区|城乡结合部|农村地区|城镇地区|乡镇(?!政府|党委|街道)"
    r"|建成区内|[一二三四五]环(?:内|以内|外)|国家要求|国家标准|" + _PLACE_ALT + r"))"
    r"(?:[" + H + r"]{0,2}?(?:中心城区|主城区|城区|建成区内|[一二三四五]环内))?"
)


def leading_subject(s: str) -> tuple[str | None, int]:
    """A subject at the very start of `s` (全省, 我市一环内, 南京、广州等城市 …) and its length."""
    if s[:2] not in _SUBJECT_HEAD2 and _SUBJECT_MARK.search(s, 2, 9) is None:
        return None, 0  # cheap pre-filter: no alternative of SUBJECT_RE can match here
    m = SUBJECT_RE.match(s)
    if not m:
        return None, 0
    subj = m.group(0)
    if len(subj) > 3 and not _BAD_SUBJECT_CHARS.isdisjoint(subj):
        return None, 0  # 高于全省 is a comparison, not a place
    return subj, m.end()


# The first two characters of every fixed subject (全省, 我市, 本区, 中心城区, 主城区, 城区, 县城, 市区, 城乡结合部,
# 农村地区, 乡镇, 建成区内, 一环内, 国家要求 …) and the characters that end a place name within its first 9
# characters (南京市, 江苏省, 自治区, 甲、乙等城市): a cheap pre-filter in front of SUBJECT_RE.
_SUBJECT_HEAD2 = frozenset(
    [a + b for a in "全我本" for b in "国省市区县州镇乡"]
    + ["中心", "主城", "老城", "新城", "城区", "县城", "市区", "城乡", "农村", "城镇", "乡镇", "建成", "国家"]
    + [c + "环" for c in "一二三四五"])
_SUBJECT_MARK = re.compile("[市省区、]")
_BAD_SUBJECT_CHARS = frozenset("于在对与和及的是为了从向把被将比较")


def default_subject(text: str) -> str | None:
    """The speaker's own jurisdiction: the most frequent 我市/我省/全省/全市 … in the text, if any twice."""
    counts: dict[str, int] = {}
    for m in _OWN_RE.finditer(text):
        counts[m.group(0)] = counts.get(m.group(0), 0) + 1
    if not counts:
        return None
    # the speaker's own 我市 first, else the 全省 of a work report; the country (我国, 全国) only when no
    # local self-reference is there at all (a city speech mentions 我国 and 全国 in passing)
    for head, national in (("我", False), ("全", False), ("我", True), ("全", True)):
        own = {k: v for k, v in counts.items() if k[0] == head and (k[1] == "国") == national and v >= 2}
        if own:
            return max(own, key=own.__getitem__)
    return None


_OWN_RE = re.compile(r"我(?:省|市|区|县|州|镇|国)|全(?:省|市|区|县|州|国)(?![委级])")

# ---------------------------------------------------------------- comparators
PRE_COMPARATORS: dict[str, str] = {
    "不低于": ">=", "不少于": ">=", "至少": ">=", "不小于": ">=", "不下于": ">=",
    "超过": ">", "跨过": ">", "迈过": ">", "迈上": ">=", "站上": ">=", "高于": ">", "多于": ">", "突破": ">", "逾": ">", "超": ">", "大于": ">",
    "不足": "<", "低于": "<", "少于": "<", "不到": "<", "未达到": "<", "小于": "<",
    "不超过": "<=", "不高于": "<=", "控制在": "<=", "以内": "<=",
    "约": "~", "约为": "~", "大约": "~", "近": "~", "接近": "~", "将近": "~", "左右": "~",
}


# ---------------------------------------------------------------- document sections
# Work reports (and many speeches) are split by top-level headings (一、… 二、…). A heading that reviews
# the past (2025年工作回顾, 取得的成绩) makes the following text a statement of facts; a heading that plans
# a year or a period (2026年重点工作, “十五五”时期主要目标任务, 对今年政府工作的建议) makes it a list of
# targets. A heading that does both is neutral (None); a heading that does neither ends a review section
# (the speech has moved on to problems or tasks) but not a plan section (later chapters still plan).
_HEADING_RE = re.compile(r"[ \t\u3000]*(?:[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十]{1,3}部分)[^\n]{0,60}")
_REVIEW_HEAD = re.compile(r"回顾|总结|成就|成绩|成果|执行情况|决算|过去|一年来|五年来|的五年")
_PLAN_PERIOD = re.compile(
    r"(?:19|20)\d\d年|[一二九〇○零]{4}年|今年|明年|今后|下一步|“[^”]{1,4}五”|十[一二三四五六七八九]?五|[一二三四五六七八九]五(?:计划|时期)"
    r"|五年计划")
_PLAN_WORD = re.compile(r"任务|工作|安排|部署|目标|建议|计划|预算|指标|要求")
_HEAD_SPLIT = re.compile(r"和|及|与|、(?!$)")
REVIEW, PLAN = "review", "plan"


# Some reports head their chapters without a number (“十四五”时期工作回顾 / 2026年重点工作): a short line
# with no punctuation of a sentence is a heading when it names a review or a plan (checked below).
_BARE_HEADING_RE = re.compile(r"[ \t\u3000]*[^\n，。；：！？,;:!?（(]{4,30}")


def section_modes(text: str) -> list[tuple[int, str | None]]:
    """(offset, mode) for every top-level heading that sets a mode: 'review', 'plan' or None (mixed)."""
    out: list[tuple[int, str | None]] = []
    headings: list[tuple[int, str]] = []
    numbered_possible = "、" in text or "部分" in text
    pos = 0
    for line in text.split("\n"):  # lines, not a MULTILINE regex: its ^ is tried at every character
        if len(line) <= 70 and (
                (numbered_possible and _HEADING_RE.fullmatch(line))
                or (len(line) <= 34 and _BARE_HEADING_RE.fullmatch(line)
                    and (_REVIEW_HEAD.search(line) or (_PLAN_PERIOD.search(line) and _PLAN_WORD.search(line))))):
            headings.append((pos, line))
        pos += len(line) + 1
    for start, h in headings:
        if "。" in h.rstrip("。"):
            continue  # a sentence, not a heading
        review = plan = False
        for part in _HEAD_SPLIT.split(h):
            if _REVIEW_HEAD.search(part):
                review = True
            elif _PLAN_PERIOD.search(part) and _PLAN_WORD.search(part):
                plan = True
        if review and plan:
            out.append((start, None))
        elif review:
            out.append((start, REVIEW))
        elif plan:
            out.append((start, PLAN))
        elif out and out[-1][1] == REVIEW:
            out.append((start, None))
    return out


# In a plan section a figure is a target unless its clause says it is a fact already reached.
PLAN_ACTUAL_RE = re.compile(r"已经|已(?![有])|已有|目前|现有")
# … or when its sentence speaks about the past before it (去年, 过去五年, 截至2025年底, 2025年底已; 比上年 is a
# comparison; 2030年达到 is a plan, so a bare year is not enough).
PLAN_PAST_RE = re.compile(
    r"(?:去年|上年)(?<![比较]..)|过去|以来|截至|截止|近年|(?:19|20)\d\d年(?:底|末)?已"
)
# A sentence that opens by looking back (过去一年，… / 五年来，… / 去年，…) or ahead (今年，… / 2026年，…):
# after the first kind, a plan chapter's paragraph states facts (2011年，是开局之年…。过去一年，…。GDP增长10.3%).
_BACK_OPENER = re.compile(
    r"(?:回顾)?(?:过去(?:的)?(?:[一二三四五两十]|几)?年|[一二三四五两十]年来|[一二三四五两十]年间|过去|去年(?![底末])|上年(?![底末])|一年来)")
_AHEAD_OPENER = re.compile(r"今年|明年|今后|下一步|未来|(?:19|20)\d\d年(?:[，,]|是|要|的(?:主要|工作|目标))|[“”]?十[一二三四五六七八九]?五[”“]?时期")
_SENTENCE_START = re.compile(r"[。！？；]")
PLAN_SENTENCE_RE = re.compile(r"今年|明年|今后|下一步|决定|拟(?!定)|计划(?!单列)|将(?![近其])|要(?![求素点闻])|把[^，。]{1,20}控制在")


def sentence_openers(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, REVIEW or PLAN) of the sentences of text[start:end] that open by looking back or ahead, in order."""
    out: list[tuple[int, str]] = []
    pos = start
    while pos < end:
        while pos < end and text[pos] in " \t\u3000":
            pos += 1
        if _BACK_OPENER.match(text, pos, end):
            out.append((pos, REVIEW))
        elif _AHEAD_OPENER.match(text, pos, end):
            out.append((pos, PLAN))
        m = _SENTENCE_START.search(text, pos, end)
        if m is None:
            break
        pos = m.end()
    return out


# Deadlines that in a review section only name the period a fact covers (全年接待游客…, 年末城镇调查失业率为5.1%).
WEAK_DEADLINES = frozenset({"全年", "今年", "今年内", "上半年", "下半年", "本年度内", "年末", "年底"})
# … and so do periods (五年内, 三年间): in a review they say how long the facts took.
PERIOD_DEADLINE_RE = re.compile(r"^[一二三四五六七八九十两\d]+年(?:内|间|来)$")
