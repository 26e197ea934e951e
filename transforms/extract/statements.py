"""Cleaned speech text → indicator statements (name, subject, value, unit, kind, deadline, department).

Flow, per speech:
  1. `scan_quantities` finds every quantity with one C-speed regex pass; never-a-value numbers
     (years, dates, codes, ordinals, ratings …) are dropped there.
  2. Quantities are grouped by sentence (。！？ and line breaks) and, inside a sentence, by clause
     (，；： and parentheses). Sentences without a quantity cost nothing beyond that first pass.
  3. Per clause: the leading subject (全省, 我市 …) is read and carried along the sentence; the
     text in front of a quantity, after stripping time words, subject, modal and comparator
     verbs, is the indicator name; value lists (分别为 a、b、c) are paired with name lists,
     subject lists or earlier statements; 由 a 提高到 b makes a the baseline.
  4. Deadlines come from the sentence, departments from the line (a department carries over
     until another is named); both only attach to targets.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace

from transforms.extract import context as ctx
from transforms.extract.lexicon import load_lexicon
from transforms.extract.numbers import Quantity, scan_quantities
from transforms.extract.units import _CACHE as _UNIT_CACHE
from transforms.extract.units import parse_unit

H = "\u4e00-\u9fff"


@dataclass(frozen=True, slots=True)
class Statement:
    """One quantitative indicator statement found in a speech.

    value is the lower bound for a range (value_max the upper one); unit is as stated with its
    multiplier ('万平方米'); value_base/unit_base fold the multiplier in (7740000, '平方米');
    statement_kind is 'actual', 'baseline' (the from-value of a change) or 'target'; comparator is
    one of '=', '>=', '>', '<=', '<', '~'; sentence is a substring of the input text and
    char_start/char_end delimit the quantity (number and unit) in the input text; pattern names
    the rule that produced the statement.
    """

    indicator_name: str
    indicator_canonical: str | None
    subject: str | None
    value: float
    value_max: float | None
    unit: str
    unit_kind: str | None
    value_base: float | None
    unit_base: str | None
    statement_kind: str
    comparator: str
    deadline_text: str | None
    department: str | None
    sentence: str
    char_start: int
    char_end: int
    pattern: str
    category: str | None = None


# Building a frozen dataclass calls object.__setattr__ once per field; setting the slots through their
# descriptors directly is twice as fast and gives the same instance (one Statement per quantity: hot path).
_object_new = object.__new__
_set_indicator_name = Statement.indicator_name.__set__  # type: ignore[attr-defined]
_set_indicator_canonical = Statement.indicator_canonical.__set__  # type: ignore[attr-defined]
_set_subject = Statement.subject.__set__  # type: ignore[attr-defined]
_set_value = Statement.value.__set__  # type: ignore[attr-defined]
_set_value_max = Statement.value_max.__set__  # type: ignore[attr-defined]
_set_unit = Statement.unit.__set__  # type: ignore[attr-defined]
_set_unit_kind = Statement.unit_kind.__set__  # type: ignore[attr-defined]
_set_value_base = Statement.value_base.__set__  # type: ignore[attr-defined]
_set_unit_base = Statement.unit_base.__set__  # type: ignore[attr-defined]
_set_statement_kind = Statement.statement_kind.__set__  # type: ignore[attr-defined]
_set_comparator = Statement.comparator.__set__  # type: ignore[attr-defined]
_set_deadline_text = Statement.deadline_text.__set__  # type: ignore[attr-defined]
_set_department = Statement.department.__set__  # type: ignore[attr-defined]
_set_sentence = Statement.sentence.__set__  # type: ignore[attr-defined]
_set_char_start = Statement.char_start.__set__  # type: ignore[attr-defined]
_set_char_end = Statement.char_end.__set__  # type: ignore[attr-defined]
_set_pattern = Statement.pattern.__set__  # type: ignore[attr-defined]
_set_category = Statement.category.__set__  # type: ignore[attr-defined]
assert list(Statement.__dataclass_fields__) == [
    "indicator_name", "indicator_canonical", "subject", "value", "value_max", "unit",
    "unit_kind", "value_base", "unit_base", "statement_kind", "comparator", "deadline_text",
    "department", "sentence", "char_start", "char_end", "pattern", "category",
]


def _new_statement(indicator_name, indicator_canonical, subject, value, value_max, unit, unit_kind, value_base,
                   unit_base, statement_kind, comparator, deadline_text, department, sentence, char_start,
                   char_end, pattern, category) -> Statement:
    """Statement(...) with the same positional fields, without the frozen __init__'s overhead."""
    st = _object_new(Statement)
    _set_indicator_name(st, indicator_name)
    _set_indicator_canonical(st, indicator_canonical)
    _set_subject(st, subject)
    _set_value(st, value)
    _set_value_max(st, value_max)
    _set_unit(st, unit)
    _set_unit_kind(st, unit_kind)
    _set_value_base(st, value_base)
    _set_unit_base(st, unit_base)
    _set_statement_kind(st, statement_kind)
    _set_comparator(st, comparator)
    _set_deadline_text(st, deadline_text)
    _set_department(st, department)
    _set_sentence(st, sentence)
    _set_char_start(st, char_start)
    _set_char_end(st, char_end)
    _set_pattern(st, pattern)
    _set_category(st, category)
    return st


# ---------------------------------------------------------------- text pieces
_SENT_END = re.compile(r"[。！？!?\n]")
_DIGIT = re.compile(r"\d")
_CLAUSE_BOUND = re.compile(r"[，；：,;:（）()]")
# Every branch starts with a character class, so the engine skips plain Han text at C speed.
_JUNK = re.compile(r"[“”‘’\"'《》〈〉【】「」『』\s□]|[?？][A-Za-z\u00c0-\u024f)(?]*"
                   r"|[A-Za-z]+[\u00c0-\u024f]+[A-Za-z\u00c0-\u024f]*\)?|[\u00c0-\u024f]+[A-Za-z\u00c0-\u024f]*\)?")
_NON_HAN = re.compile(r"[^\u4e00-\u9fff]")
_PAREN_CONTENT = re.compile(r"[（(][^（）()]*[）)]")
_TIME = (r"(?:(?:20\d\d|20[xX]{2}|\d{4}|[〇○零一二三四五六七八九]{4})年(?:初|底|末|度|上半年|下半年)?(?:前|以来|以前|内)?"
         r"|(?:20\d\d|20[xX]{2})年初?到(?:20\d\d|20[xX]{2})年底?(?:[一二三四五六七八九十两]年间)?"
         r"|\d{1,2}-\d{1,2}月(?:份)?|\d{1,2}月(?:份|底|末)?(?:前|起)?|(?:今年|明年|去年|上年|全年|年内|年底|年末)(?:底|末|初)?(?:前)?"
         r"|到(?:20\d\d|20[xX]{2})年(?:底|末)?|用[一二两三四五\d]年(?:的)?时间|[一二两三四五六七八九十]年(?:来|间|内)"
         r"|近(?:[一二两三四五]|几)年(?:来)?|一年来|目前|当前|现在|截至|截止|至今|此前|同期|期间"
         # five-year plan periods: 十五五时期, 十四五期间, 今后五年
         r"|十[一二三四五六七八九]?五(?:时期|期间|期末|规划期)|(?:今后|未来|过去)(?:的)?五年(?:间|内)?)")
_LEAD_RE = re.compile(
    r"(?:[（(]?[一二三四五六七八九十\d]{1,2}[）)、.]|[一二三四五六七八九十]是|第[一二三四五六七八九十]|首先|其次|再次|最后"
    r"|同时|并且|并|且|而且|而|但是|但|虽然|尽管|由于|其中|另外|此外|以及|和|与|即|比如|例如|特别是|尤其是|也|还|又"
    r"|总共|共计|共有|拥有|现有|共|累计|已经|已|已有|在(?=全|我|本)|要|必须|确保|(?:力争|争取)(?:用)?[一二两三四五六七八九十\d]{1,2}年(?:内|时间)?|力争|争取|务必|计划|预计|将(?!近)|努力|实现|使|让|对|至少|不低于|不少于|"
    + _TIME + r")"
)
_TRAIL_MODALS = ("分别", "要", "必须", "应", "将", "需", "须", "可", "能", "均", "都", "仅", "只", "已", "也", "还", "再",
                 "共", "总", "一般", "基本", "全部", "平均", "力争", "确保", "争取", "继续", "累计", "预计", "首次",
                 "再次", "持续", "稳定", "历史性", "已经", "仍然", "仍")
_TRAIL_VERBS = ("每年", "高达", "跨过", "迈过", "迈上", "站上", "提高到", "提高至", "提升到", "提升至", "增加到", "增加至", "上升到", "上升至", "下降到", "下降至",
                "降低到", "降低至", "扩大到", "扩大至", "缩小到", "缩小至", "增至", "升至", "降至", "减至", "达到了", "达到", "达", "为", "是", "有", "约为", "约", "在", "控制在", "保持在", "稳定在", "维持在", "不低于",
                "不少于", "不高于", "不超过", "不小于", "超过", "高于", "低于", "大于", "小于", "不足", "少于", "多于", "突破",
                "近", "超", "逾", "至少", "大约", "接近", "将近", "仅有", "仅为", "只有", "只为", "了", "的")
_MODAL_ONLY = frozenset(_TRAIL_MODALS) - frozenset(_TRAIL_VERBS)
_NOUN_BEFORE_NENG = frozenset("产储动节功效智性热电核势体技潜赋算")
_TRAIL_LAST = frozenset(w[-1] for w in _TRAIL_MODALS + _TRAIL_VERBS)
# Matched against the reversed name, so stripping trailing words is one anchored match per word.
_TRAIL_REV = re.compile("|".join(re.escape(w[::-1]) for w in sorted(set(_TRAIL_MODALS + _TRAIL_VERBS), key=len, reverse=True)))
_MODAL_FIRST = re.compile("[要必务确全]")  # first characters of the _MODAL_IN words
_MODAL_IN = re.compile(r"要(?<![主重需必纪摘首简概]要)(?![求素点闻])|必须|务必|确保|全部|全面")
_CHANGE_ONLY = re.compile(
    r"^(?:分别)?(?:提高|提升|增加|增长|扩大|上升|下降|降低|减少|缩小|缩短|回落|降|升|增)(?:到|至|为)$"
)
# 由 / 从 right before the from-value, maybe with the year it belongs to: 由上年的88个, 从2020年的82.4岁
_FROM_TAIL = re.compile(r"(?:由|从)(?:(?:19|20)\d\d年|20[xX]{2}年|上年|去年|前年|上一年)?(?:底|末|初)?(?:的)?"
                        r"(?:每人每月|每人每年|每月|每年|人均)?$")
# A phrase after a quantity that continues a change is not the counted object: 88个[增加到]317个.
_GROWTH_WORD = re.compile(r"(?:实际)?(?:增长|下降|提高|降低|减少|增加|上升|回落|提升)")
_CHANGE_LEAD = re.compile(r"(?:分别)?(?:增加|提高|增长|下降|减少|扩大|降低|提升|上升|缩小|缩短|达到|降至|升至|增至|减至|翻|比|较|同比|占)")
# Trailing change words of a name, removed before another change word is appended.
_GROWTH_TAIL = re.compile(
    r"(?:(?:同比|比上年|较上年|比去年|比上一年|年均|平均每年|分别)?(?:实际)?"
    r"(?:增长|下降|提高|降低|减少|增加|上升|回落|提升|增速|增幅|新增)(?:了)?(?:到|至)?)+$"
)
_GROWTH_ONLY = re.compile(
    r"^(?:分别)?(?:同比|比上年|较上年|比去年|年均|平均每年|每年|分别|(?:比|较)[^，、。；比较]{1,10}?(?:末|年|期))?(?:实际)?"
    r"(?:增长|下降|提高|降低|减少|增加|上升|回落|提升|增速|增幅|下滑|净增|净减)(?:了)?$"
    r"|^(?:增幅|增速|涨幅|降幅)(?:提高|回落|加快|下降|放缓|扩大|收窄|比上年提高|比上年回落)$"
)
# A gap to another place, stated right after a figure: 增长5.4%、高于全国0.4个百分点.
_COMPARE_ONLY = re.compile(r"^(?:增幅|增速)?(?:(?:高于|低于|快于|慢于|超过|优于|领先)(?:全国|全省|全市|全区|全国平均|全省平均)(?:平均)?(?:水平)?"
                           r"|比(?:全国|全省|全市|全区)(?:平均)?(?:水平)?(?:高|低|快|慢|多|少))$")
_BACKREF = re.compile(r"^(?:这|上述|以上|前述|这些)?[一二两三四五六七八九十\d]*(?:项|个)?(?:指标|数据|数值|数字)$")
_MEASURE_SUFFIX = re.compile(
    r"(?:率|比|比例|比重|占比|面积|数|量|额|值|度|指数|系数|长度|里程|人口|规模|能力|收入|总值|产值|天数|时间|密度|缺口|总量|浓度|单产|亩产)$"
)
_POPULATION_TAIL = re.compile(r"(?:职工|师生|居民|群众|学生|农民|市民|城市|企业|单位|乡镇|街道|社区|村|家庭|人群|老人|儿童)$")
_LIST_GAP = re.compile(r"^[ \t]*(?:、|和|与|及|以及|或|,|，)[ \t]*$")
# Item separators of a list; the 及 of 普及率 / 涉及 / 以及 is not one.
_LIST_SPLIT = re.compile(r"、|以及|及(?<![普涉以危顾企追触波遍惠]及)(?![时格])|和|与")
_PART_MEASURE = re.compile(r"(?:支出|收入|投入|投资|资金|经费|贷款|产值|增加值|总额|总量|人口|面积|产量)$")
_YEAR_WORD = r"(?:(?:19|20)\d\d|[〇○零一二三四五六七八九]{4})年"  # 1978年, 一九七八年
_LEADING_YEAR = re.compile(r"^" + _YEAR_WORD + r"(?:度)?")
_OCCUPY = re.compile(r"^(?P<x>.*?)(?:仅|只|约|已|均|分别)?占(?P<y>.*?)(?:的)?(?:比例|比重)?$")
_AFTER_STOP = re.compile(r"(?:要|将|已|仅|均|需|必须|应|全部|全面|和|与|以及|占|中(?![" + H + r"])|进行|的(?:任务|工作))")
_SHORT_ASIDE = re.compile(r"[（(][^（）()，。；]{1,4}[）)]")
_AFTER_RUN = re.compile(r"[）)]?[" + H + r"“”\"]{2,24}")
_AFTER_TAIL = re.compile(r"(?:的)?(?:工作|任务|目标)$")
_VERBISH = re.compile(
    r"^(?:完成|建设|建成|实施|推进|新建|改造|提升|提升改造|新增|增加|开展|打造|创建|建立|整治|治理|拆除|消除|解决|培育|引进|扶持|"
    r"组织|举办|召开|发放|培训|安排|落实|启动|开工|改扩建|新改建|改建|扩建|修建|铺设|更新|配备|投入|实现|达到|推动|支持|有|共有|拥有)$"
)
_KEEP_VERB = re.compile(
    r"(?:拆除|新增|新建|提升改造|改造提升|建设改造|改造|消除|解决|新改建|改扩建|新改扩建|增加|建成|创建|打造|培育|引进|取缔|关停|淘汰|整治|清理|补植|栽植|种植"
    r"|覆盖|惠及|带动|吸纳|帮扶|救助|资助|接待|新开工|开工|建成通车|通车|竣工|投产|完工)$"
)
# The period a change was measured over, at the end of a name: 工业总产值[一九七七年比一九七六年].
_COMPARISON_TAIL = re.compile(r"(?:" + _YEAR_WORD + r")?(?:比|较|同)[^，。；比较]{1,12}?(?:年|期|末)(?:相比)?$")
# Comparison words that frame a change, not a name: 同比分别增长a、b.
_CMP_FRAME = re.compile(r"^(?:同比|环比|比上年|较上年|比去年|较去年|年均|平均每年)$")
_CMP_LEAD = re.compile(r"(?:同比|环比|比上年|较上年|比去年|较去年)?")
# 过10万亿元省份, 超千亿元企业: a threshold that names a class (the word before, the class noun after).
_THRESHOLD_BEFORE = re.compile(r"(?:过|超过|超|突破|跨越|迈上|跨入)$")
_THRESHOLD_CLASS = re.compile(r"[" + H + r"]{0,8}?(?:省份|城市|县域|县|区县|企业|园区|集群|产业|地区|国家|经济体|大省|强县|强市|品牌|行业|梯队)")
# 迈上4万亿元新台阶, 突破千亿大关: a milestone of the measure before, which stays the name.
_MILESTONE = re.compile(r"新?(?:台阶|大关|关口|考验)")
_MILESTONE_VERB = re.compile(r"(?:历史性)?(?:跨上|跨越|跃上|迈上|跨入|站上|登上|突破|超过|超)$")
# A name that only says "the total": it is the total of what was just counted.
_GENERIC_TOTAL = frozenset({"总量", "总数", "合计", "总计", "共计", "累计", "总额", "总规模"})
_KEEP_VERB_LEAD = re.compile(r"(?:新开工|建成通车|开工|通车|竣工|投产|完工)(?=[" + H + r"]{2,}等$)")
# New additions (新增公路 → 新增): carried to the items that follow, which would read as totals without it.
_KEEP_VERB_HEAD = re.compile(r"新增|新建")
_SETTING_VERB = re.compile(r"(?:拟|初步)?(?:定为|定|确定为|确定|调整为|设定为|安排为)")
_COUNTABLE_KINDS = frozenset({"count", "length", "area", "mass", "volume", "money", "power", "energy", None})
_CHENGXIANG = re.compile(r"^城乡")
_SECTOR_COMMA = re.compile(r"[一二三](?:、[一二三])+(?=产)")
_SECTORS = re.compile(r"^([一二三]{2,3})(产业?)(.+)$")


@dataclass(slots=True)
class _Draft:
    q: Quantity
    name: str
    subject: str | None
    kind: str
    comparator: str
    deadline: str | None
    pattern: str
    clause_start: int  # absolute


def _clean(s: str) -> str:
    if _NON_HAN.search(s) is None:
        return s  # plain Han text (the usual case): nothing to remove or strip
    s = _JUNK.sub("", s)
    if "（" in s or "(" in s:
        s = _PAREN_CONTENT.sub("", s)
    return s.strip("，、。；：,;:（）() \t")


def _strip_lead(s: str) -> tuple[str, str | None]:
    """Remove list markers, conjunctions, time words and modals from the front; return the rest and
    the first subject met on the way."""
    return _strip_lead_cmp(s)[:2]


def _strip_lead_cmp(s: str) -> tuple[str, str | None, str | None]:
    """As _strip_lead, plus the comparator of a leading 至少/不低于 (至少将待遇的30%)."""
    subject = None
    cmp_ = None
    while s:
        m = _LEAD_RE.match(s)
        if m and m.end() > 0:
            cmp_ = cmp_ or ctx.PRE_COMPARATORS.get(m.group(0))
            s = s[m.end():]
            continue
        subj, n = ctx.leading_subject(s)
        if n and subject is None and len(s) > n - 0:
            subject = subj
            s = s[n:]
            continue
        break
    return s, subject, cmp_


def _strip_trail(s: str) -> tuple[str, str | None]:
    """Remove comparator, copula and modal words from the end; return the rest and the comparator met
    (the one nearest the number)."""
    if s[-1:] not in _TRAIL_LAST:
        return s, None
    cmp_ = None
    rev = s[::-1]
    pos = 0
    while True:
        m = _TRAIL_REV.match(rev, pos)
        if not m:
            break
        word = m.group(0)[::-1]
        if pos == 0 and word in _MODAL_ONLY:
            break  # a modal is stripped only in front of a verb (三个基本 keeps 基本)
        if word == "能" and s[len(s) - pos - 2: len(s) - pos - 1] in _NOUN_BEFORE_NENG:
            break  # 产能, 储能, 动能 are nouns, not the modal 能 (天然气产能达到22亿方)
        if cmp_ is None:
            cmp_ = ctx.PRE_COMPARATORS.get(word)
        pos = m.end()
    return (s[: len(s) - pos] if pos else s), cmp_


def _after_phrase(text: str, pos: int, end: int) -> str:
    """The noun phrase right after a quantity: 1300公里[供水管网]、 → '供水管网'; 2.5万套（间）[城市危旧房]."""
    if text.startswith(("（", "("), pos):
        close = _SHORT_ASIDE.match(text, pos, end)
        if close is not None:
            pos = close.end()  # a short aside on the unit, 套（间）: the phrase follows it
    m = _AFTER_RUN.match(text, pos, end)
    if not m:
        return ""
    run = _JUNK.sub("", m.group(0)).lstrip("）)")
    stop = _AFTER_STOP.search(run)
    if stop:
        run = run[: stop.start()]
    run = _AFTER_TAIL.sub("", run)
    return run.lstrip("的").replace("的", "") if len(run) >= 2 else ""


_NEWLINE = re.compile("\n")


class _Doc:
    """Per-speech lazy context: line bounds, departments per line, default subject."""

    __slots__ = ("text", "_dept_cache", "_dept_pos", "_line_starts", "_default_subject", "_default_done",
                 "_mode_pos", "_modes", "cur_mode", "_openers")

    def __init__(self, text: str) -> None:
        self.text = text
        self._dept_cache: dict[int, list[tuple[int, str]]] = {}
        self._dept_pos: dict[int, list[int]] = {}
        self._line_starts: list[int] | None = None
        self._default_subject: str | None = None
        self._default_done = False
        self._mode_pos: list[int] | None = None
        self._modes: list[str | None] = []
        self.cur_mode: str | None = None  # mode of the sentence being read
        self._openers: dict[int, list[tuple[int, str]]] = {}  # line start → sentence openers (ctx.sentence_openers)

    def mode_at(self, pos: int) -> str | None:
        """'review', 'plan' or None: the mode set by the last top-level heading before pos."""
        if self._mode_pos is None:
            sm = ctx.section_modes(self.text)
            self._mode_pos = [p for p, _ in sm]
            self._modes = [m for _, m in sm]
        k = bisect_right(self._mode_pos, pos) - 1
        return self._modes[k] if k >= 0 else None

    def looks_back(self, pos: int) -> bool:
        """Whether the last sentence opener before pos in its paragraph looks back (过去一年，…) rather than ahead (今年，…)."""
        t = self.text
        ls = t.rfind("\n", 0, pos) + 1
        openers = self._openers.get(ls)
        if openers is None:
            le = t.find("\n", ls)
            openers = self._openers[ls] = ctx.sentence_openers(t, ls, len(t) if le < 0 else le)
        k = bisect_right(openers, (pos, "~")) - 1
        return k >= 0 and openers[k][1] == ctx.REVIEW

    def default_subject(self) -> str | None:
        if not self._default_done:
            self._default_subject = ctx.default_subject(self.text)
            self._default_done = True
        return self._default_subject

    def department_at(self, pos: int) -> str | None:
        """The last department named on pos's line before pos (or None).

        Line bounds come from a bisect over newline offsets and departments from a
        bisect over their positions, so a speech that is one giant line stays linear.
        """
        t = self.text
        if self._line_starts is None:
            self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(t)]
        starts = self._line_starts
        k = bisect_right(starts, pos) - 1
        ls = starts[k]
        found = self._dept_cache.get(ls)
        if found is None:
            le = starts[k + 1] - 1 if k + 1 < len(starts) else len(t)
            found = ctx.find_departments(t, ls, le)
            self._dept_cache[ls] = found
            self._dept_pos[ls] = [p for p, _ in found]
        i = bisect_left(self._dept_pos[ls], pos) - 1
        return found[i][1] if i >= 0 else None


def extract_statements(text: str) -> list[Statement]:
    """Extract indicator statements from the cleaned Simplified body of one speech.

    Input: the body text (lines separated by newline). Output: statements in text order, each with
    the sentence it came from (a substring of `text`) and the offsets of its quantity.
    """
    quantities = scan_quantities(text)
    if not quantities:
        return []
    doc = _Doc(text)
    out: list[Statement] = []
    i = 0
    n = len(quantities)
    cursor = 0  # end of the last sentence read
    search_end = _SENT_END.search
    rfind = text.rfind
    while i < n:
        q = quantities[i]
        # the sentence around q: only sentences holding a quantity are ever delimited
        m = search_end(text, q.start)
        s_end = m.start() + 1 if m else len(text)
        s_start = max(cursor, rfind("。", cursor, q.start) + 1, rfind("\n", cursor, q.start) + 1,
                      rfind("！", cursor, q.start) + 1, rfind("？", cursor, q.start) + 1,
                      rfind("!", cursor, q.start) + 1, rfind("?", cursor, q.start) + 1)
        cursor = s_end
        j = i
        while j < n and quantities[j].start < s_end:
            j += 1
        out.extend(_sentence(doc, s_start, s_end, quantities[i:j]))
        i = j
    return out


def _clauses(s: str) -> list[int]:
    """Start offsets (relative to s) of the clauses of a sentence, and the boundary characters."""
    starts = [0]
    for m in _CLAUSE_BOUND.finditer(s):
        ch = m.group(0)
        if ch == "," and m.start() > 0 and s[m.start() - 1].isdigit() and s[m.start() + 1: m.start() + 4].isdigit():
            continue  # thousands separator
        starts.append(m.end())
    return starts


def _sentence(doc: _Doc, s_start: int, s_end: int, qs: list[Quantity]) -> list[Statement]:
    text = doc.text
    # trim leading whitespace so the sentence is a clean substring
    while s_start < s_end and text[s_start] in " \t\u3000":
        s_start += 1
    s = text[s_start:s_end]
    doc.cur_mode = doc.mode_at(s_start)
    if doc.cur_mode == ctx.PLAN and ctx.PLAN_SENTENCE_RE.search(s) is None and doc.looks_back(s_start):
        # a plan chapter often opens with last year's results (三、2011年的工作 … 过去一年，…):
        # after a sentence that opens by looking back, the paragraph states facts, but for a sentence that plans
        doc.cur_mode = ctx.REVIEW
    starts = _clauses(s)
    deadlines = ctx.find_deadlines(s)
    drafts: list[_Draft] = []
    subject: str | None = None
    last_clause_text = ""
    # group quantities into clauses
    groups: list[tuple[int, list[Quantity]]] = []
    for q in qs:
        rel = q.start - s_start
        ci = bisect_right(starts, rel) - 1
        if groups and groups[-1][0] == ci:
            groups[-1][1].append(q)
        else:
            groups.append((ci, [q]))
    prev_ci = 0
    for ci, cqs in groups:
        # clauses without quantities before this one: carry subjects and remember the last text
        for cj in range(prev_ci, ci):
            c_text = s[starts[cj]: starts[cj + 1] - 1]
            if cj == ci - 1:
                rest, subj = _strip_lead(_clean(c_text))
                last_clause_text = "" if _DIGIT.search(c_text) else rest
            else:
                subj = _quick_subject(c_text)
            if subj:
                subject = subj
        prev_ci = ci + 1
        c_start = starts[ci]
        c_end = starts[ci + 1] - 1 if ci + 1 < len(starts) else len(s)
        paren_skip = c_start >= 1 and s[c_start - 1] in "）)"
        # runs of list-joined quantities
        runs: list[list[Quantity]] = []
        for q in cqs:
            if runs:
                prev = runs[-1][-1]
                gap = s[prev.post_end - s_start: q.start - s_start]
                if _LIST_GAP.match(gap) and (prev.unit == q.unit or (prev.unit and q.unit)):
                    runs[-1].append(q)
                    continue
            runs.append([q])
        pos = c_start
        for run in runs:
            first = run[0]
            raw_prefix = s[pos: first.start - s_start]
            if pos > c_start:
                raw_prefix = _LIST_SPLIT.split(raw_prefix)[-1]
            if paren_skip and pos == c_start:
                # 新建停车泊位（含立体车库）2300多个, 低保对象（含…）从每人每月820元: the name starts before the parenthesis
                open_at = s.rfind("（", 0, c_start)
                if open_at < 0:
                    open_at = s.rfind("(", 0, c_start)
                if open_at >= 0:
                    ps = bisect_right(starts, open_at) - 1
                    raw_prefix = s[starts[ps]:open_at] + raw_prefix
            d = _run_drafts(doc, s, s_start, starts, c_start, c_end, run, raw_prefix, subject, drafts,
                            last_clause_text, deadlines)
            if d:
                for dd in d:
                    if dd.subject and dd.subject != subject and dd.pattern not in ("subject_list", "chengxiang"):
                        subject = dd.subject
                drafts.extend(d)
            pos = run[-1].post_end - s_start
        last_clause_text = ""
    return [_finish(doc, d, s, s_start) for d in drafts]


def _quick_subject(c_text: str) -> str | None:
    """Subject opening a clause, looking past one leading time/connective word only."""
    subj, n = ctx.leading_subject(c_text)
    if n:
        return subj
    m = _LEAD_RE.match(c_text)
    if m and m.end():
        return ctx.leading_subject(c_text[m.end():])[0]
    return None


_TARGET_MEMO: list = [None, None, []]  # the last sentence seen and the ends of its target markers


def _is_target_context(s: str, rel: int, clause_start_rel: int, marker_from: int = 0) -> bool:
    if ctx.ACTUAL_MARK_RE.search(s, clause_start_rel, rel):
        return False
    memo = _TARGET_MEMO
    if memo[0] is not s:
        # target markers of the sentence, found once (a sentence holds several quantities)
        memo[0] = s
        memo[2] = [m.end() for m in ctx.TARGET_RE.finditer(s)]
    k = bisect_right(memo[2], rel) - 1
    if k < 0 or memo[2][k] <= marker_from:
        return False
    return ctx.PAST_CLAUSE_RE.search(s, memo[2][k], rel) is None


def _deadline_for(s: str, rel: int, clause_start_rel: int, deadlines) -> str | None:
    best = None
    for a, b, t in deadlines:
        if b <= rel:
            best = (a, t)
        else:
            break
    if best is None:
        return None
    a, t = best
    b = a + len(t)
    if ctx.PAST_CLAUSE_RE.search(s, b, rel):
        return None
    close = s.find("）", b, rel)
    if close >= 0 and s.rfind("（", 0, a) > s.rfind("）", 0, a):
        return None  # the deadline sat inside a parenthesis that has closed since
    return t


def _run_drafts(doc, s, s_start, starts, c_start, c_end, run, raw_prefix, subject, drafts, last_clause_text,
                deadlines) -> list[_Draft]:
    first = run[0]
    rel0 = first.start - s_start
    prefix = _clean(raw_prefix)
    if "产" in prefix and "、" in prefix:
        prefix = _SECTOR_COMMA.sub(lambda m: m.group(0).replace("、", ""), prefix)  # 一、二、三产业 → 一二三产业
    fenbie = "分别" in prefix
    body, lead_subject, lead_cmp = _strip_lead_cmp(prefix)
    among = prefix.startswith("其中") and not body
    if lead_subject:
        subject = lead_subject
    deadline = _deadline_for(s, rel0, c_start, deadlines) if deadlines else None
    mode = doc.cur_mode
    if mode is None:
        target = deadline is not None or _is_target_context(s, rel0, c_start)
    elif mode == ctx.PLAN:
        # a planning section: figures are targets unless the clause states a fact already reached
        target = deadline is not None or (ctx.PLAN_ACTUAL_RE.search(s, c_start, rel0) is None
                                          and ctx.PLAN_PAST_RE.search(s, 0, rel0) is None)
    else:
        # a review section: 全年/今年 only name the period a fact covers
        # and a target marker counts only inside the quantity's own clause (过去一年，我们努力…，X达到Y)
        if deadline in ctx.WEAK_DEADLINES or (deadline and ctx.PERIOD_DEADLINE_RE.match(deadline)):
            deadline = None
        target = deadline is not None or _is_target_context(s, rel0, c_start, c_start)
    pattern = "rate" if first.unit == "%" else "quantity"
    out: list[_Draft] = []

    # ---- name body before the quantity
    name, cmp_ = _strip_trail(body)
    cmp_ = cmp_ or lead_cmp
    if fenbie:
        name, _, after_fb = name.partition("分别")
        if _CMP_FRAME.match(name):
            name, after_fb = "", name + after_fb  # 同比分别增长a、b: 同比 belongs to the verb, not to a name
        after_fb = _strip_trail(after_fb)[0]
        gm = _GROWTH_WORD.match(after_fb, len(_CMP_LEAD.match(after_fb).group(0)))  # (同比)增长
        # 分别增长a、b / 分别比“十三五”时期下降a、b: the names take the verb
        fenbie_verb = (gm.group(0) if gm else (after_fb if _GROWTH_ONLY.match(after_fb) or _COMPLETION_NAME.match(after_fb)
                                               else "")) if name else ""
        backref_verb = gm.group(0) if gm else ""
    else:
        fenbie_verb = backref_verb = ""
    name = name.strip("，、的")

    values = run
    n = len(values)
    prev_drafts = drafts


    # ---- a change whose from-value is the previous quantity in this clause (由33.3%提高到36.6%)
    if prev_drafts and _CHANGE_ONLY.match(prefix) and prev_drafts[-1].clause_start == s_start + c_start \
            and _same_base(prev_drafts[-1].q.unit, first.unit):
        p = prev_drafts[-1]
        between = s[p.q.post_end - s_start: rel0]
        if _CHANGE_ONLY.match(_clean(between)):
            p.kind = "baseline"
            out.append(_Draft(first, p.name, p.subject or subject, "target" if target else "actual",
                              cmp_for(first, None), deadline, "change", s_start + c_start))
            return out

    # ---- from-value of a change: '由'/'从' right before the number
    if n == 1 and _FROM_TAIL.search(body):
        name2 = _FROM_TAIL.sub("", name)
        name2, cmp2 = _strip_trail(name2)
        if not name2 and prev_drafts:
            name2 = prev_drafts[-1].name
        if not name2:
            name2 = _strip_trail(_strip_lead(last_clause_text)[0])[0]
        if name2:
            out.append(_Draft(first, _tidy(name2), subject, "baseline", cmp_for(first, cmp2), deadline,
                              "change_from", s_start + c_start))
        return out

    # ---- a change across clauses: 20xx年为42%，20xx年降至29.5%
    if n == 1 and _CHANGE_ONLY.match(body) and prev_drafts and _same_base(prev_drafts[-1].q.unit, first.unit):
        p = prev_drafts[-1]
        if p.kind == "actual":
            p.kind = "baseline"
        out.append(_Draft(first, p.name, subject or p.subject, "target" if target else "actual",
                          cmp_for(first, None), deadline, "change", s_start + c_start))
        return out

    # ---- lists of values
    if n > 1:
        items = [x for x in (_tidy(i) for i in _LIST_SPLIT.split(name)) if x] if name else []
        if len(items) > n and "、" in name:
            # 金融业、软件和信息服务业增加值: the 和 is inside a name when splitting on 、 alone fits
            items2 = [x for x in (_tidy(i) for i in name.split("、")) if x]
            if len(items2) == n:
                items = items2
        if _BACKREF.match(name or "") or (not name and fenbie):
            # 三项指标分别为 a、b、c: the names of the statements just before
            prev = [d for d in prev_drafts if d.kind != "baseline"][-n:]
            if len(prev) == n:
                for q, p in zip(values, prev):
                    nm = _without_growth(p.name) + backref_verb if backref_verb else p.name
                    out.append(_Draft(q, nm, subject, "target" if target else "actual", cmp_for(q, cmp_),
                                      deadline, "list_backref", s_start + c_start))
                return out
            topic = [x for x in (_tidy(i) for i in _LIST_SPLIT.split(_strip_lead(last_clause_text)[0])) if x]
            if not prev_drafts and len(topic) == n and all(len(x) >= 2 for x in topic):
                # 规上工业增加值、社会消费品零售总额，同比分别增长a、b: the names are the clause before
                for q, x in zip(values, topic):
                    out.append(_Draft(q, x + backref_verb, subject, "target" if target else "actual",
                                      cmp_for(q, cmp_), deadline, "list_topic", s_start + c_start))
                return out
        if run[-1].cmp_post and all(q.cmp_post is None and q.cmp_pre is None for q in run[:-1]):
            # a, b左右 / a、b以上: the trailing comparator covers the whole list
            values = [replace(q, cmp_post=run[-1].cmp_post) for q in run[:-1]] + [run[-1]]
        if (fenbie or not items[:-1]) and prev_drafts and _GROWTH_ONLY.match(name or "分别"):
            # 分别达到a元和b元，(分别)增长x%和y%: the growth of the statements just before
            prev = [d for d in prev_drafts if d.kind != "baseline"][-n:]
            if len(prev) == n:
                verb = (name or "").replace("分别", "")
                for q, p in zip(values, prev):
                    nm = _without_growth(p.name) + verb
                    out.append(_Draft(q, nm, p.subject or subject, "target" if target else "actual",
                                      cmp_for(q, cmp_), deadline, "list_growth", s_start + c_start))
                return out
        sec = _SECTORS.match(items[0]) if len(items) == 1 else None
        if sec and len(sec.group(1)) == n:
            # 一二三产增加值分别增长a、b、c: one name per sector
            for q, c in zip(values, sec.group(1)):
                out.append(_Draft(q, c + sec.group(2) + sec.group(3) + fenbie_verb, subject,
                                  "target" if target else "actual", cmp_for(q, cmp_), deadline, "list_sectors",
                                  s_start + c_start))
            return out
        split = _shared_tail(items) if len(items) == n and n >= 2 else None
        if split is not None:
            # 城镇和农村居民人均可支配收入增长a、b / 食品、药品抽检合格率分别为a、b: one shared tail
            k, tail = split
            tail = tail.lstrip("等")  # 食品、石化、医药等产业增加值 → 产业增加值
            for q, nm in zip(values, [x + tail for x in items[:-1]] + [items[-1][:k] + tail]):
                nm = nm + fenbie_verb if fenbie_verb and not nm.endswith(fenbie_verb) else nm
                out.append(_Draft(q, nm, subject, "target" if target else "actual", cmp_for(q, cmp_),
                                  deadline, "list_distributive", s_start + c_start))
            return out
        if len(items) == n:
            head_measure = [bool(_MEASURE_SUFFIX.search(x)) for x in items]
            if not any(head_measure[:-1]) and head_measure[-1] and not fenbie:
                # 商场、学校、住宅小区地下车位空置率达a、b、c: a list of subjects
                subj_last, ind = _split_subject(items[-1])
                subjects = items[:-1] + [subj_last]
                for q, sj in zip(values, subjects):
                    out.append(_Draft(q, ind, sj, "target" if target else "actual", cmp_for(q, cmp_),
                                      deadline, "subject_list", s_start + c_start))
                return out
            for q, nm in zip(values, items):
                nm2, sj = _name_subject(nm)
                nm2 = nm2 + fenbie_verb if fenbie_verb and not nm2.endswith(fenbie_verb) else nm2
                out.append(_Draft(q, nm2, sj or subject, "target" if target else "actual", cmp_for(q, cmp_),
                                  deadline, "list", s_start + c_start))
            return out
        if len(items) == 1 and n == 2 and _CHENGXIANG.match(items[0]):
            base = items[0][2:] + (fenbie_verb if not items[0].endswith(fenbie_verb) else "")
            for q, sj in zip(values, ("城镇", "农村")):
                out.append(_Draft(q, base, sj, "target" if target else "actual", cmp_for(q, cmp_), deadline,
                                  "chengxiang", s_start + c_start))
            return out

    # ---- 分别达a元、b元，分别增长x%: one figure for each statement of the list just before
    if n == 1 and fenbie and not name and backref_verb and prev_drafts:
        last = prev_drafts[-1].clause_start
        prev = [d for d in prev_drafts if d.clause_start == last and d.kind != "baseline"]
        if len(prev) >= 2 and last != s_start + c_start:
            for p in prev:
                out.append(_Draft(first, _without_growth(p.name) + backref_verb, p.subject or subject,
                                  "target" if target else "actual", cmp_for(first, cmp_), deadline,
                                  "list_backref_shared", s_start + c_start))
            return out

    # ---- single quantity (or a list sharing one name)
    for idx, q in enumerate(values):
        nm = name
        rel = q.start - s_start
        pat = pattern if n == 1 else "list_shared"
        nm_final, sj = _name_subject(nm) if nm else ("", None)
        if q.unit in ("%", "个百分点", "百分点", "‰"):
            occ = _occupancy(nm, prev_drafts, last_clause_text)
            if occ:
                nm_final, pat = occ, "share"
        if _SETTING_VERB.fullmatch(nm_final):
            nm_final = ""  # 调控目标，定为8%: the verb that sets a figure names nothing; the clause before does
        if not nm_final or nm_final[-1] == "中" and _SCOPE_TAIL(nm_final) or (_VERBISH.match(nm_final) and q.unit in ("%",)):
            after = _after_for_rate(s, q.post_end - s_start, c_end) if q.unit == "%" else ""
            if after:
                scope = _SCOPE_TAIL(nm_final)
                if among and prev_drafts and prev_drafts[-1].q.unit != "%":
                    nm_final = prev_drafts[-1].name + after  # 共有410个老旧小区，其中35%没有物业
                else:
                    nm_final = (nm_final[:-1] if scope else "") + after
                pat = "rate_of_group"
        info = _UNIT_CACHE.get(q.unit) or parse_unit(q.unit)
        if q.unit != "%" and info.kind in _COUNTABLE_KINDS and q.unit:
            a_end = c_end
            if s.startswith(("（", "("), q.end - s_start) and (aside := _SHORT_ASIDE.match(s, q.end - s_start)):
                nb = _CLAUSE_BOUND.search(s, aside.end())  # the clause ended at the aside's bracket
                a_end = nb.start() if nb else len(s)
            after = _after_phrase(s, q.end - s_start, a_end) if q.post_end == q.end else ""
            if info.kind == "money":
                # a threshold that sizes a class is no value: bounded before the amount (经济总量过10万亿元省份,
                # 营收过百亿元的农产品加工企业) or after it (百亿元以上产业链)
                bounded_after = q.cmp_post in (">=", ">") and q.post_end != q.end
                cls = _after_phrase(s, q.post_end - s_start, a_end) if bounded_after else after
                if cls and _THRESHOLD_CLASS.match(cls) and (bounded_after or _THRESHOLD_BEFORE.search(s, 0, rel)):
                    continue
            if after and _MILESTONE.match(after):
                # 地区生产总值迈上4万亿元新台阶: the measure before the milestone, or the one of the clause before
                nm_final = _MILESTONE_VERB.sub("", nm_final or "")
                if not nm_final and prev_drafts:
                    nm_final = _without_growth(prev_drafts[-1].name)
            elif after and not _VERBISH.match(after) and not _CHANGE_LEAD.match(after):
                after = _without_growth(after)  # 17个重点产业增加值增长9.6%: the 17 counts industries
                verb = _KEEP_VERB.search(nm_final or "") or _KEEP_VERB_LEAD.match(nm_final or "")
                verb_text = verb.group(0) if verb else ""  # 新开工晏城至表白寺等2个项目 → 新开工项目
                if not verb_text and not nm_final and prev_drafts and prev_drafts[-1].pattern == "count_object" \
                        and prev_drafts[-1].clause_start == s_start + c_start:
                    # 新增2所本科高校、1所职业院校: the list's verb is every item's
                    head = _KEEP_VERB_HEAD.match(prev_drafts[-1].name)
                    verb_text = head.group(0) if head else ""
                nm_final = verb_text + after
                pat = "count_object"
        if nm_final and (_GROWTH_ONLY.match(nm_final) or (nm_final in ("新增", "增加", "减少") and prev_drafts)
                         or (prev_drafts and _COMPARE_ONLY.match(nm_final))):
            base_name = prev_drafts[-1].name if prev_drafts else _strip_trail(_strip_lead(last_clause_text)[0])[0]
            base_name = _COMPARISON_TAIL.sub("", _GROWTH_TAIL.sub("", base_name)) or base_name
            if base_name:
                nm_final = base_name + nm_final.replace("分别", "")
                pat = "growth"
        if nm_final in _GENERIC_TOTAL:
            # 总量达2037.7万户 / …，合计6300名: the total of what the sentence just counted
            base = _without_growth(prev_drafts[-1].name) if prev_drafts else \
                _tidy(_strip_trail(_strip_lead(last_clause_text)[0])[0]) if last_clause_text else ""
            if len(base) >= 2:
                nm_final = base + nm_final
        elif prefix.startswith("其中") and nm_final and prev_drafts \
                and (head := _KEEP_VERB_HEAD.match(prev_drafts[-1].name)) \
                and not nm_final.startswith(head.group(0)):
            nm_final = head.group(0) + nm_final  # 新增公路19.2万公里，其中高速公路2.8万公里: 新增 too
        if not nm_final:
            if prev_drafts and prev_drafts[-1].q.unit == q.unit:
                nm_final = prev_drafts[-1].name
                pat = "comparison"
            elif prev_drafts and prev_drafts[-1].q.unit in ("%", "倍") and _GROWTH_TAIL.search(prev_drafts[-1].name):
                # 地方财政收入增长9%，达到35亿元: the amount the growth brought the measure to
                nm_final = _GROWTH_TAIL.sub("", prev_drafts[-1].name)
                pat = "growth_amount"
            elif last_clause_text and not any(ch.isdigit() for ch in last_clause_text):
                nm_final = _tidy(_strip_trail(_strip_lead(last_clause_text)[0])[0])
                pat = "topic_clause"
        if not nm_final or len(nm_final) < 2:
            continue
        sj = sj or subject
        out.append(_Draft(q, nm_final, sj, "target" if target else "actual", cmp_for(q, cmp_),
                          _deadline_for(s, rel, c_start, deadlines) if idx and deadlines else deadline, pat,
                          s_start + c_start))
    return out


_LIST_HEAD_NOUN = re.compile(r"产业|行业|企业|产品|居民|农民|职工")
# The economic flow a list of markets or sectors shares (对亚洲、非洲出口; 工业、制造业投资): the head of each item's name.
_FLOW_HEAD = re.compile(r"(?:进出口|出口|进口|投资|消费|贷款|存款|贸易额?|交易额|销售额|营业收入|利润|产量|销量)$")


def _without_growth(name: str) -> str:
    """The name without its trailing change words (地方财政收入增长 → 地方财政收入); the name itself when nothing is left."""
    return _GROWTH_TAIL.sub("", name) or name


def _shared_tail(items: list[str]) -> tuple[int, str] | None:
    """(length of the last item's own head, the tail all items share) of a distributive list, else None.

    The head ends on a word boundary: 新材料、生物医药产业产值 shares 产业产值 (生物医药 is one word),
    never 药产业产值.
    """
    if not _distributive(items):
        # items of other lengths (新能源、高端装备制造产业产值): the tail starts at the last head noun
        heads = list(_LIST_HEAD_NOUN.finditer(items[-1]))
        if any(_MEASURE_SUFFIX.search(x) or _FLOW_HEAD.search(x) for x in items[:-1]):
            return None
        if not heads or heads[-1].start() < 2 or any(_LIST_HEAD_NOUN.search(x) for x in items[:-1]):
            # 对亚洲、非洲、拉丁美洲出口 / 工业、制造业、工业技改投资: the flow all items share
            flow = _FLOW_HEAD.search(_without_growth(items[-1]))
            if flow is None or not 2 <= flow.start() <= 6 or any(len(x) > 6 or "新增" in x for x in items[:-1]):
                return None
            return flow.start(), items[-1][flow.start():]
        p = heads[-1].start()
        tail = items[-1][p:]
        return (p, tail) if _MEASURE_SUFFIX.search(_without_growth(tail)) else None
    k = len(items[0])
    first = _first_word(items[-1])
    if len(first) > k and first.startswith(items[-1][:k]) and _first_word(items[-1][:k]) != items[-1][:k]:
        # the k-character head is no word of its own (生物医|药产业产值; 农村|居民人均… is fine)
        tail = items[-1][len(first):]
        if len(tail) < 2 or not _MEASURE_SUFFIX.search(_without_growth(tail)):
            return None
        return len(first), tail
    return k, items[-1][k:]


def _distributive(items: list[str]) -> bool:
    """Short modifiers sharing the last item's head: ['城镇', '农村居民人均可支配收入'], ['食品', '药品抽检合格率']."""
    k = len(items[0])
    if not 1 <= k <= 6 or len(items[-1]) < k + 2:
        return False
    if any(len(x) != k for x in items[:-1]):
        return False
    tail = items[-1][k:]
    measure = bool(_MEASURE_SUFFIX.search(_without_growth(tail)))
    head = items[-1][:k]
    if not any(a == b for x in items[:-1] for a, b in zip(x, head)) and not _first_word(items[-1]).startswith(head):
        return False  # 蔬菜、小浆果设施产量: the last item's head is not a word of the same length
    if k > 2:
        # 美丽河湖、美丽海湾建成率: longer heads only when the tail is a measure the heads lack
        return measure and len(tail) >= 2 and not any(_MEASURE_SUFFIX.search(x) for x in items[:-1])
    return measure or bool(_GROWTH_TAIL.search(tail))


def cmp_for(q: Quantity, pre: str | None) -> str:
    return q.cmp_post or q.cmp_pre or pre or "="


def _same_base(u1: str, u2: str) -> bool:
    return u1 == u2 or parse_unit(u1).base == parse_unit(u2).base


def _SCOPE_TAIL(name: str) -> bool:
    return len(name) >= 2 and name.endswith("中")


def _after_for_rate(s: str, pos: int, end: int) -> str:
    """The group a percentage is a share of: 90%的[社区建立家长学校] / 60%[缺少物业管理]."""
    m = _AFTER_RUN.match(s, pos, end)
    if not m:
        return ""
    run = _JUNK.sub("", m.group(0)).lstrip("）)的")
    if "的" in run:
        head = run.rsplit("的", 1)[1]
        if len(head) >= 2:
            run = head
    return run if len(run) >= 2 else ""


def _occupancy(name: str, prev: list[_Draft], last_clause: str = "") -> str | None:
    """'X占Y的' shares: 系统信号灯岗仅占总数的 → 系统信号灯岗占比; 占户籍人口比例 → <previous name>占户籍人口比例;
    用于文教的支出，占本年支出的 → 用于文教支出占本年支出比例 (the clause before names the part)."""
    if "占" not in name or name.endswith("占比"):
        return None
    m = _OCCUPY.match(name)
    if not m:
        return None
    x, y = _tidy(m.group("x")), _tidy(m.group("y"))
    if not x:
        if prev:
            base = _without_growth(prev[-1].name)
        elif last_clause and _DIGIT.search(_LEADING_YEAR.sub("", last_clause)) is None:
            # only a clause that is itself a measure (…的支出, …研发投入): never a verb clause (我们相信，占人口…)
            base = _tidy(_strip_trail(_strip_lead(_LEADING_YEAR.sub("", last_clause))[0])[0]).replace("的", "")
            base = base if 2 <= len(base) <= 16 and _PART_MEASURE.search(base) else ""
        else:
            base = ""
        return (base + "占" + y + ("比例" if not y.endswith(("比例", "比重")) else "")) if (base or y) else None
    if not y or y.endswith(("总数", "总量", "总额", "总人数", "全部")):
        return x + "占比"
    return x + "占" + y + "比例"


def _tidy(s: str) -> str:
    if len(s) > 3 and _MODAL_FIRST.search(s) is not None:
        s = _MODAL_IN.sub("", s)
    return s.strip("，、的 ")


def _name_subject(name: str) -> tuple[str, str | None]:
    """Split 'A的B率' into (name, subject A) when A is a population (各单位职工的知晓率)."""
    name = _tidy(name)
    subj, n = ctx.leading_subject(name)
    if n and n < len(name) - 1:
        name = name[n:]
    else:
        subj = None
    if "的" in name:
        a, _, b = name.rpartition("的")
        if b and _MEASURE_SUFFIX.search(b) and _POPULATION_TAIL.search(a):
            return a + b, subj or a
        if b and len(b) >= 2:
            return name.replace("的", ""), subj
    return name, subj


def _split_subject(item: str) -> tuple[str, str]:
    """Last item of a subject list: '住宅小区地下车位空置率' → ('住宅小区', '地下车位空置率').

    The subject runs up to the first noun (after the last 的, when there is one), found with jieba
    on this short span.
    """
    head, sep, rest = item.rpartition("的")
    words = _cut_pos(rest)
    known = load_lexicon().by_name
    for idx, (_, flag) in enumerate(words[:-1]):
        if flag.startswith("n"):
            end = idx + 1
            if "".join(x for x, _ in words[end:]) not in known and end < len(words) - 1 \
                    and words[end][1].startswith("n") and len(words[idx][0]) <= 2 and len(words[end][0]) <= 2:
                end += 1  # a two-word noun: 新建/小区
            return head + sep + "".join(x for x, _ in words[:end]), "".join(x for x, _ in words[end:])
    return item, item


def _first_word(s: str) -> str:
    """The first word of a short span (jieba; lists only, so rarely called)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        import jieba

    jieba.setLogLevel(60)
    for w in jieba.cut(s):
        return w
    return ""


def _cut_pos(s: str) -> list[tuple[str, str]]:
    import warnings

    with warnings.catch_warnings():  # jieba 0.42 compiles regexes with invalid escapes
        warnings.simplefilter("ignore", DeprecationWarning)
        warnings.simplefilter("ignore", SyntaxWarning)
        import jieba  # short spans only; imported lazily (dictionary load ~1 s)
        import jieba.posseg

    jieba.setLogLevel(60)
    return [(p.word, p.flag) for p in jieba.posseg.lcut(s) if p.word.strip()]


_LEX: list = []


def _lexicon():
    if not _LEX:
        _LEX.append(load_lexicon())
    return _LEX[0]


# Names: a completion ratio (城镇新增就业完成年计划 → 城镇新增就业计划完成率) and framing words
# around the measure (中央提出今年经济增长预期目标 → 经济增长; 比1980年预计增长 → 比1980年增长).
_COMPLETION = r"完成(?:了)?(?:年度|全年|年|原定|本年)?(计划|预算|目标|任务)(?:数)?"  # 完成年计划, 完成预算数
_COMPLETION_BEFORE = re.compile(_COMPLETION + r"的?(?:[、和]\d+(?:\.\d+)?%)*$")
# A clause after a task that sets its deadline: …，确保入冬前完工 / …，力争6月底前全部建成.
_LATER_DEADLINE = re.compile(
    r"[^。；！？]{0,30}?[，,](?:确保|力争|争取|务必|必须)(?:在)?(?P<deadline>(?:\d{1,2}月)?[^，。；\d]{0,8}?(?:底前|以前|之前|前|年内|以内))"
    r"(?:全部|全面|基本)?(?:完工|完成|建成|竣工|投用|投运|到位|落地|交付|见效|开工)")
_URBAN_RURAL = frozenset({"城镇", "农村", "城乡", "乡村", "城市"})
_FUTURE_MARK = re.compile(r"要(?![求素点闻])|确保|力争|争取|将(?![近其])|必须|务必")
_FRAME_HINT = re.compile(r"^(?:为此|因此|在目前|目前|又|将|还将)|完成|今年|明年|预期|目标|预计|计划|要求|提出|决定|规定|确定|拟|按增长$|定$")
_COMPLETION_NAME = re.compile(_COMPLETION + "$")
_FRAME_LEAD = re.compile(r"^(?:为此|因此|在目前|目前)?(?:又|将|还将)?"
                         r"(?:(?:党中央|中央|国家|国务院|政府|我们)?(?:提出|决定|计划(?!生育|单列)|要求|规定|确定|拟)(?:了)?(?:要求)?)*")
_FRAME_IN = re.compile(
    r"今年(?:的)?|明年(?:的)?|(?<=.)(?:预计|计划|要求)(?=增长|提高|增加|下降|减少|达到|比)"
    r"|的?(?:宏观)?(?:预期|调控)目标(?:拟定|定为|定|是|为)?|预期(?=增长|为|是|$)|(?<=增长)目标(?:拟定|定)?$"
    r"|(?<=.)(?:拟定|定为|定)$|完成(?=增长)|按(?=增长$)")


def _tidy_name(name: str) -> str:
    """The measure without the framing words around it; a name that would fall under two characters stays as it is."""
    m = _COMPLETION_NAME.search(name)
    if m and m.start() >= 2:
        return name[: m.start()] + m.group(1) + "完成率"
    out = _FRAME_IN.sub("", _FRAME_LEAD.sub("", name))
    return out if len(out) >= 2 else name


def _finish(doc: _Doc, d: _Draft, s: str, s_start: int) -> Statement:
    q = d.q
    info = _UNIT_CACHE.get(q.unit) or parse_unit(q.unit)
    kind = d.kind
    if d.subject in _URBAN_RURAL:
        # one rule (docs/extraction.md): 城镇/农村/城乡 qualify the measure, so they stay in the name; the
        # subject says whose value it is (全省, 北京市, 中心城区, 农村地区)
        if not d.name.startswith(d.subject):
            d.name = d.subject + d.name
        d.subject = None
    if _FRAME_HINT.search(d.name) is not None:
        d.name = _tidy_name(d.name)
        if kind == "target" and d.name.endswith("完成率") and _COMPLETION_BEFORE.search(s, 0, q.start - s_start) \
                and not _FUTURE_MARK.search(s, 0, q.start - s_start):
            kind = "actual"  # 全年一般公共预算收入完成预算的102.3%: a result, not a target
    lex = _lexicon().match(d.name)
    if kind == "target":
        department = doc.department_at(q.start)
    else:
        department = None
        if kind == "actual" and doc.cur_mode is None:
            dep = doc.department_at(q.start)
            if dep is not None:
                # a responsible body named earlier in the line makes a directive out of a plain quantity
                rel = q.start - s_start
                if not ctx.ACTUAL_MARK_RE.search(s, max(0, d.clause_start - s_start), rel) \
                        and not ctx.PAST_CLAUSE_RE.search(s, 0, rel):
                    kind = "target"
                    department = dep
    deadline = d.deadline if kind == "target" else None
    if kind == "actual" and doc.cur_mode != ctx.REVIEW and ("确保" in s or "力争" in s or "争取" in s or "务必" in s
                                                           or "必须" in s):
        after = _LATER_DEADLINE.match(s, q.end - s_start)
        if after is not None and not ctx.ACTUAL_MARK_RE.search(s, max(0, d.clause_start - s_start), q.start - s_start):
            # 完成1200户危房改造，确保入冬前完工: the task's deadline follows it
            kind, deadline = "target", after.group("deadline")
    subject = d.subject or (doc._default_subject if doc._default_done else doc.default_subject())
    vb = q.value * info.factor if info.kind is not None or info.factor != 1.0 else q.value
    return _new_statement(
        d.name, lex.canonical_name if lex else None, subject, q.value, q.value_max, q.unit, info.kind, vb,
        info.base or None, kind, d.comparator, deadline, department, s, q.start, q.end, d.pattern,
        lex.category if lex else None,
    )
