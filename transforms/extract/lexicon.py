"""The indicator lexicon (schemas/indicator_lexicon.csv): canonical names, aliases, categories.

Representation
--------------
One CSV row per canonical measure: canonical_name, aliases ('|'-separated spellings as reports write
them), category and unit_kind (the kind of unit its values carry: money, ratio, ratio_points, count,
mass, area, length, power, energy …). The categories are a small fixed set (CATEGORIES): 经济,
财政金融, 对外开放, 就业收入, 科技创新, 农业农村, 生态环境, 能源, 社会民生, 公共服务, 基础设施,
城市管理, 政府治理 (人大代表建议, 政府规章 … the government's own work).

Every measure type is an explicit row, because the warehouse joins statements to the CSV by
canonical name to get the category (warehouse/load.py): a canonical the code invented would have
no category there. A row's measure type is read from its canonical name against the other rows:

* level        地区生产总值, 城镇调查失业率, 粮食产量 …
* change       <level canonical> + 增长 / 下降 / 提高 / 年均增长 (地区生产总值增长, 单位地区生产总值能耗下降,
               地区生产总值年均增长): a change of the level row's measure, in % or points;
* per capita   人均 + <level canonical> (人均地区生产总值), and its changes;
* new          新增 + <level canonical> (新增5G基站, 新增养老床位, 新增高速公路通车里程): what the period
               adds to a stock. The stock row (5G基站) counts what there is; a creation verb in front of
               it never reaches the stock row;
* share        a canonical ending in 比重 / 占比 / 比例 / 强度 / 率 is a level of its own: the share is
               never derived from its numerator (服务业增加值占地区生产总值比重 ≠ 服务业增加值).

Counted objects of tasks (新建5G基站1.2万个, 改造老旧小区870个, 新建改建农村公路500公里) are named by the
object and what the task does to it, one row per object and action, the verb never part of the
choice: <object> for the stock, 新增<object> for what is created (新建, 建成, 建设, 打造, 培育, 创建,
认定, 获批, 开通, 投产 … all fold to 新增), <object>改造 for a renovation (改造, 改建, 改造提升, 提质改造,
更新改造 …), <object>新改建 for both at once (新建和改造, 新改建, 建设改造, 改扩建 …). A task that is a
programme's own name keeps it (高标准农田建设, 棚户区改造). Starting work (开工), signing (签约) and
attracting (引进) are other measures and are not folded. An object reports count almost only as a task
(县域医疗次中心, 口袋公园, 本科高校 …) has a 新增 row and no stock row: its bare name is most often a task
whose verb the list shares (建设…、20个县域医疗次中心), so it stays unlinked; such a 新增 row is a level
of its own and lists its spellings itself.

A change, per-capita or new row needs no aliases of its own: every spelling of its level row, with the
same prefix and suffix, spells it too (国民生产总值 spells 地区生产总值, so 国民生产总值增长 spells
地区生产总值增长). Its aliases list only the irregular spellings (经济增长, 经济增速). A level whose
change has no row of its own has no change canonical: its growth phrasings stay unlinked rather
than link to the level.

Matching (`Lexicon.canonicalize`, memoised by `Lexicon.match`)
----------------------------------------------------------------
1. the name as spelled;
2. the name normalised (`normalize_name`): framing words (今年, 全年, 计划, 预期目标, 调控目标定为,
   力争, 确保, 实现 …) and comparisons with the year before (比上年, 同比, 较上年同期,
   一九七八年比一九七七年, 按可比价格计算 …) dropped, the change word folded to one spelling (增速 / 增幅 /
   增长速度 / 提高 / 上涨 / 递增 / 增加 / 增产 → 增长, 降低 / 减少 / 减产 / 回落 → 下降, 平均每年 → 年均), 占GDP比重 /
   与国内生产总值之比 … → 占生产总值比重, 国内生产总值 / 国民生产总值 / 地区生产总值 / GDP → 生产总值
   inside any name (单位国内生产总值能耗 = 单位GDP能耗). A fixed base year (比2020年, 比"十三五"末) is kept: it makes
   a cumulative change over several years, not the yearly one, and such names stay unlinked;
3. the task verbs folded (`Lexicon._fold_verbs`): scope words, then creation verbs in front
   of an object → 新增<object> (建成5G基站 → 新增5G基站), renovation verbs → <object>改造, both →
   <object>新改建, 累计建成 → the stock row when there is one (累计建成5G基站 → 5G基站). Only a row
   spelled so is reached; an object with no such row stays unlinked;
4. the longest known spelling (≥ 4 characters) the name, then the normalised name, ends with, when
   what is cut off in front is only the speaker's scope or the verbs of a task (全省, 我市, 中心城区,
   完成, 制定 …), or creation verbs (新建, 改造 …) in front of a task row (建设高标准农田), or a
   list item that is itself known (二氧化硫、氮氧化物排放量), or — for urban-service and
   environment rates — a narrower area or object (主次干道机械化清扫率). Anything else in front makes
   it another measure or place, so the name stays unlinked: 农村居民人均可支配收入 is not
   居民人均可支配收入, 进出口 is not 出口, 海洋生产总值 is not 生产总值, 新建高速公路 is not
   高速公路通车里程 (it is 新增高速公路通车里程, step 3).
Spellings in the CSV are indexed both as written and normalised, so an alias may be written in any
of the phrasings step 2 folds together.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from transforms.extract.numbers import digits_as_written

LEXICON_PATH = Path(__file__).resolve().parents[2] / "schemas" / "indicator_lexicon.csv"
_MIN_SUFFIX = 4  # an alias matched as a name's suffix must be at least this long
_MAX_SUFFIX = 24  # longest name tail tried as a spelling

#: the documented categories (docs: every row has one of these)
CATEGORIES = ("经济", "财政金融", "对外开放", "就业收入", "科技创新", "农业农村", "生态环境", "能源",
              "社会民生", "公共服务", "基础设施", "城市管理", "政府治理")

#: measure types a row can have (LexiconEntry.measure)
LEVEL, GROWTH, DECLINE, AVG_GROWTH, PER_CAPITA, NEW = "level", "growth", "decline", "avg_growth", "per_capita", "new"

# change suffixes of a canonical name → (measure, the normalised suffix its spellings are indexed by)
_CHANGE_SUFFIXES = (("年均增长", AVG_GROWTH, "年均增长"), ("增长", GROWTH, "增长"), ("提高", GROWTH, "增长"),
                    ("下降", DECLINE, "下降"), ("降低", DECLINE, "下降"))

_NUM = "0-9０-９一二三四五六七八九〇零○"
# comparison with the year before and price bases: 比上年, 同比, 较上年同期, 按可比价格计算 … A fixed base
# year (比2020年, 比"十三五"末) makes a cumulative change, another measure: not removed, except in
# 一九七八年比一九七七年 / 2019年比2018年, where the two years are consecutive (`_yoy`).
_PERIOD = re.compile(
    r"(?:比|较|与|同)(?:上年|去年|上一年|前一年|[上去]年同期)(?:同期)?(?:相比)?"
    r"|同比|同口径|可比口径|按可比价格?计算|按可比口径计?算?|扣除(?:物价|价格)(?:上[升涨])?因素")
_YEAR_PAIR = re.compile(rf"([{_NUM}]{{2,4}})年比([{_NUM}]{{2,4}})年")


def _yoy(m: re.Match) -> str:
    """'' for 一九七八年比一九七七年 (consecutive years), else the text unchanged."""
    a, b = digits_as_written(m.group(1)), digits_as_written(m.group(2))
    if len(m.group(1)) == 2:
        a, b = a % 100, b % 100
    return "" if a - b == 1 or (a == 0 and b == 99) else m.group(0)


# framing around the measure: who asks, which year, plan/target words, modal verbs
_FRAME = re.compile(
    r"^(?:为此|因此|目前|把|年内|每年(?!平均))|(?:党中央|中央|国家|国务院|政府|我们)?(?:提出|决定|要求)(?:了)?"
    r"|(?:国家|国民经济)?(?:计划(?!生育|单列))(?:要求)?|今年(?:的)?|明年(?:的)?|全年|当年|(?:宏观)?调控目标(?:拟定|定为|定|为)?"
    r"|预期目标(?:拟定|定为|定|为)?|预期(?!寿命)|预计|目标(?:拟定|定为|定|为)?|力争|确保|争取|继续保持|保持(?!率)"
    r"|稳定在|实现(?!率)|完成(?![率额])|达到|主要指标")
# "(平均每年)增长" at the end, with its spellings
_CHANGE = re.compile(
    r"(?P<avg>年均|平均每年|每年平均|年平均|平均)?(?:按|实际|名义)?"
    r"(?:(?P<up>增长速度|增长幅度|增长率|增速|增幅|增长|提高|提升|上升|上涨幅度|上涨|递增|增加|增产)"
    r"|(?P<down>下降幅度|降幅|下降|降低|减少|减产|回落))$")
# "X提高到" / "X降到": the value is the new level
_TO_LEVEL = re.compile(r"(?:提高|提升|上升|增加|增长|下降|降低|降|回落|调高|调低|扩大|缩小|减少)到$|由原$|由上年$")
_SHARE = re.compile(
    r"(?:占|在)(?:全国|全省|全市|地区|国内|国民)?(?:生产总值|GDP)中?的?(?:比重|比例)"
    r"|(?:与|相当于)(?:全国|全省|全市|地区|国内|国民)?(?:生产总值|GDP)(?:之比|的?比例|的?比重|的?比率)")
_DE_END = re.compile(r"的$")
# GDP inside a compound name, one spelling: 单位国内生产总值能耗 = 单位GDP能耗 = 单位地区生产总值能耗
_GDP = re.compile(r"(?:地区|国内|国民)生产总值|GDP")
# What may stand in front of a known spelling matched as a name's tail: the speaker's own scope and
# the procedural verbs of a task (全省, 我市, 中心城区, 完成, 制定、修改, 提请省人大常委会审议 …).
# Anything else makes it another measure or another place: 农村居民 ≠ 居民, 进出口 ≠ 出口,
# 东盟进出口 ≠ 进出口, 海洋生产总值 ≠ 生产总值, 五年城镇新增就业 ≠ 城镇新增就业.
_SCOPE_WORDS = (
    "全省|全市|全区|全县|全州|全盟|全旗|全疆|全国|全镇|全乡|全岛|全社会|全口径|省域|市域|我省|我市|我区|我县|我州|"
    "我国|本省|本市|本区|本县|市区|城区|中心城区|主城区|地级及以上城市|国务院|省政府|市政府|"
    "完成|开展|办理|办结|认真|高质量|制定|修订|修改|废止|出台|颁布|发行|安排|启动|实施|推进|再|共|"
    "提请(?:省|市|自治区|全国)?人大常委会(?:会议)?审议|、|和")
# Verbs that create what they count (建成, 新建, 改造, 培育, 认定 …): in front of a stock (高速公路通车里程,
# 高新技术企业) they make a flow, another measure; they are accepted only in front of a row that spells
# itself with such a verb somewhere (建设高标准农田, 改造老旧小区, 新增养老床位: a task or a flow).
_CREATION_WORDS = "新增|新建|建成|建设|改造|改建|扩建|改扩建|新改建|提升|改造提升|开工|新开工|培育|新培育|认定|新认定|筹集|筹建|筹措"
_SCOPE_PREFIX = re.compile(rf"(?:{_SCOPE_WORDS})+")
_TASK_PREFIX = re.compile(rf"(?:{_SCOPE_WORDS}|{_CREATION_WORDS})+")
_CREATION_LEAD = re.compile(rf"^(?:{_CREATION_WORDS})")
# The verbs of a counted task, folded at matching (`Lexicon._fold_verbs`): what creates the object counts
# into its 新增 row (新建/建成/建设/打造/培育/认定 … 5G基站 → 新增5G基站), what renovates it into its 改造 row
# (改造提升/提质改造 … 老旧小区 → 老旧小区改造), both together into its 新改建 row (新建和改造农村公路 →
# 农村公路新改建). 累计建成 counts what has been built so far: the stock row (5G基站) when there is one;
# 累计新增 sums the additions: the 新增 row.
# Starting work (开工, 新开工), signing (签约) and attracting (引进) are other measures: not folded.
_NEW_VERBS = ("新建成|新建|建成投用|建成投产|建成开放|建成|建设|新增|新设|新培育|培育|打造|新创建|创建|新认定|认定|"
              "新获批|获批|新入选|入选|新开通|开通|投用|投产|设立|组建|布局建设")
_RENOVATION_VERBS = "改造提升|提升改造|提质改造|改造升级|升级改造|更新改造|维修改造|提档升级改造|提档升级|改造|改建"
_MIXED_VERBS = r"(?:新建|建设)(?:和|及|、)?(?:改造提升|提升改造|改造|改建|改扩建)|新改建|改扩建|新建改扩建"
_VERB_LEAD = re.compile(
    rf"(?P<scope>(?:{_SCOPE_WORDS}|累计)*)(?:(?P<mixed>(?:{_MIXED_VERBS})+)|(?P<renov>(?:{_RENOVATION_VERBS})+)"
    rf"|(?P<new>(?:{_NEW_VERBS})+))(?P<object>.{{2,}})$")
_RENOVATION_END = re.compile(rf"^(?P<object>.{{2,}}?)(?:{_RENOVATION_VERBS})$")
# A rate of urban services and the environment (机械化清扫率, 污水集中处理率, 优良水体比例) keeps its
# meaning over a narrower area or object named in front (主次干道机械化清扫率, 县城污水处理率), unless
# that names whose rate it is (农村, 城镇, 人均 …) or is a list.
_RATE_CATEGORIES = frozenset(("城市管理", "基础设施", "生态环境", "公共服务"))
_MODIFIER_END = re.compile(
    r"(?:人均|户均|亩均|单位|每|万元|万人|千人|占|进|非|城镇|农村|农民|乡村|城乡|农牧民|职工|企业|新增|净|累计|平均|年均"
    r"|农业|工业|、|，)$")
# a list in front (二氧化硫、氮氧化物排放量): the item before the last 、 must be a known spelling itself
_LIST_ITEM = re.compile(r"([^、，]+)、$")


# words that normalisation removes or folds at the end of a name: a name ending in one of them passes
# the pre-filter even when its last two characters end no known spelling
_FOLDED_ENDINGS = (
    "增长速度 增长幅度 增长率 增速 增幅 增长 提高 提升 上升 上涨幅度 上涨 递增 下降幅度 降幅 下降 降低 减少 回落 "
    "增加 增产 减产 新增 改造 改建 升级 提高到 降到 由原 由上年 同比 同期 相比 计算 因素 可比口径 同口径 提出 决定 要求 计划 今年 明年 全年 当年 调控目标 "
    "预期目标 预期 预计 目标 定为 拟定 为 定 力争 确保 争取 继续保持 保持 稳定在 实现 完成 达到 主要指标 的 到 比重 比例 之比 比率")
_NORMALISED_TAILS = frozenset(w[-2:] for w in _FOLDED_ENDINGS.split()) | frozenset(
    w for w in _FOLDED_ENDINGS.split() if len(w) == 1)


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One lexicon row: canonical name, its aliases, category and unit kind.

    measure is the row's measure type (level, growth, decline, avg_growth, per_capita) and base the
    canonical name of the level row it is a change or per-capita value of (None for a level).
    """

    canonical_name: str
    aliases: tuple[str, ...]
    category: str
    unit_kind: str | None
    measure: str = LEVEL
    base: str | None = None


def normalize_name(name: str) -> str:
    """The measure in a name with its framing removed and its change word folded.

    国家计划要求今年国民生产总值比上年增长 → 生产总值增长; 经济增长速度调控目标定 → 经济增长;
    规上工业增加值增速 → 规上工业增加值增长; 地区生产总值平均每年增长 → 生产总值年均增长;
    单位GDP能耗降低 → 单位生产总值能耗下降; 服务业增加值占GDP的比重 → 服务业增加值占生产总值比重.
    Scope words (全省, 我市) are left in front; matching drops them. A name that would fall under
    two characters is returned unchanged.
    """
    s = _PERIOD.sub("", name)
    if "年比" in s:
        s = _YEAR_PAIR.sub(_yoy, s)
    s = _FRAME.sub("", s)
    s = _TO_LEVEL.sub("", s)
    s = _DE_END.sub("", s)
    s = _SHARE.sub("占生产总值比重", s)
    if "生产总值" in s or "GDP" in s:
        s = _GDP.sub("生产总值", s)
    if s.endswith("比例") and "占" in s:
        s = s[:-2] + "比重"  # 民间投资占固定资产投资比例 → …比重
    m = _CHANGE.search(s)
    if m is not None and m.start() >= 2:
        if m.group("up"):
            suffix = "年均增长" if m.group("avg") else "增长"
        else:
            suffix = "年均下降" if m.group("avg") else "下降"
        s = _DE_END.sub("", s[: m.start()]) + suffix
    return s if len(s) >= 2 else name


@dataclass(frozen=True)
class Lexicon:
    """Entries plus a lookup from every spelling (canonical or alias, as written and normalised) to its entry."""

    entries: tuple[LexiconEntry, ...]
    by_name: dict[str, LexiconEntry]
    tails: frozenset[str] = frozenset()  # last two characters of every spelling: a cheap pre-filter
    tasks: frozenset[str] = frozenset()  # canonicals spelled with a creation verb (建设高标准农田): tasks and flows
    rates: frozenset[str] = frozenset()  # urban-service and environment rates: any scope in front
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # name → entry, filled by match

    def match(self, name: str) -> LexiconEntry | None:
        """`canonicalize`, memoised, behind a pre-filter on the name's last two characters."""
        tail = name[-2:]
        if tail not in self.tails and tail not in _NORMALISED_TAILS and name[-1:] not in _NORMALISED_TAILS:
            return None  # no spelling ends so, and normalisation would not change the ending
        memo = self.memo
        if name in memo:
            return memo[name]
        hit = self.canonicalize(name)
        if len(memo) < 100_000:
            memo[name] = hit
        return hit

    def canonicalize(self, name: str) -> LexiconEntry | None:
        """Entry for an extracted indicator name, or None when the lexicon does not know the measure.

        The name as spelled, then normalised (`normalize_name`); then the longest known spelling
        (≥ 4 characters) the name ends with, as spelled and then normalised, when what is cut off in
        front is scope, task verbs or a list item (全省城镇污水集中处理率 → 污水集中处理率), never a
        modifier that makes it another measure (人均, 单位, 农村, 进, 东盟, 新增 …).
        """
        by_name = self.by_name
        hit = by_name.get(name)
        if hit is not None:
            return hit
        key = normalize_name(name)
        if key != name:
            hit = by_name.get(key)
            if hit is not None:
                return hit
        hit = self._fold_verbs(name)
        if hit is None and key != name:
            hit = self._fold_verbs(key)
        if hit is not None:
            return hit
        hit = self._tail(name)
        if hit is None and key != name:
            hit = self._tail(key)
        return hit

    def _fold_verbs(self, name: str) -> LexiconEntry | None:
        """The task row of a counted object, whatever verb the task is spelled with.

        新建/建成/建设/打造/培育 … 5G基站 → 新增5G基站; 改造提升/提质改造 老旧小区 → 老旧小区改造;
        新建和改造农村公路 → 农村公路新改建; 累计建成5G基站 → 5G基站 (what has been built so far).
        Only rows spelled so are reached: an object with no 新增 row stays unlinked.
        """
        m = _VERB_LEAD.match(name)
        if m is not None:
            obj = m.group("object")
            if m.group("new"):
                keys = ["新增" + obj]
                if "累计" in m.group("scope") and m.group("new") != "新增":
                    keys.insert(0, obj)  # 累计建成: what has been built so far (累计新增: the additions)
            elif m.group("renov"):
                keys = [obj + "改造", "改造" + obj]
            else:
                keys = [obj + "新改建", "新改建" + obj]
        elif name.endswith(("改造", "改建", "升级")) and (m := _RENOVATION_END.match(name)) is not None:
            keys = [m.group("object") + "改造"]
        elif name.endswith("新增") and len(name) >= 4:
            keys = ["新增" + name[:-2]]  # 发电装机容量新增 → 新增发电装机容量
        else:
            return None
        by_name = self.by_name
        for k in keys:
            if k != name:
                hit = by_name.get(k) or by_name.get(normalize_name(k))
                if hit is not None:
                    return hit
        return None

    def _tail(self, name: str) -> LexiconEntry | None:
        by_name = self.by_name
        for k in range(max(1, len(name) - _MAX_SUFFIX), len(name) - _MIN_SUFFIX + 1):
            hit = by_name.get(name[k:])
            if hit is None:
                continue
            if _SCOPE_PREFIX.fullmatch(name, 0, k):
                return hit
            if hit.canonical_name in self.tasks and _TASK_PREFIX.fullmatch(name, 0, k):
                return hit
            item = _LIST_ITEM.search(name, 0, k)
            if item is not None and (item.group(1) in by_name or normalize_name(item.group(1)) in by_name):
                return hit
            if hit.canonical_name in self.rates and not _MODIFIER_END.search(name, 0, k):
                return hit
            return None
        return None


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read the indicator lexicon CSV (canonical_name, aliases '|'-separated, category, unit_kind).

    With no path, the repository's schemas/indicator_lexicon.csv (cached after the first read).
    """
    if path is None:
        return _default_lexicon()
    return _read(Path(path))


@lru_cache(maxsize=1)
def _default_lexicon() -> Lexicon:
    return _read(LEXICON_PATH)


_Row = tuple[str, tuple[str, ...], str, str | None]  # canonical_name, aliases, category, unit_kind


def read_rows(path: str | Path) -> list[_Row]:
    """The CSV's rows as (canonical_name, aliases, category, unit_kind), blank canonicals skipped."""
    rows = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            canonical = row["canonical_name"].strip()
            if not canonical:
                continue
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            rows.append((canonical, aliases, (row.get("category") or "").strip(),
                         (row.get("unit_kind") or "").strip() or None))
    return rows


def _derivation(canonical: str, others: set[str]) -> tuple[str, str, str, str] | None:
    """(measure, base, prefix, indexed suffix) when `canonical` is a change or per-capita form of
    another row (地区生产总值增长 of 地区生产总值, 人均地区生产总值 of 地区生产总值), else None."""
    for written, measure, indexed in _CHANGE_SUFFIXES:
        if canonical.endswith(written):
            stem = canonical[: -len(written)]
            if stem in others:
                return measure, stem, "", indexed
            if stem.startswith("人均") and stem[2:] in others:
                return measure, stem[2:], "人均", indexed
    if canonical.startswith("人均") and canonical[2:] in others:
        return PER_CAPITA, canonical[2:], "人均", ""
    if canonical.startswith("新增") and canonical[2:] in others:
        return NEW, canonical[2:], "新增", ""
    return None


def derived_spellings(path: str | Path | None = None) -> dict[str, list[str]]:
    """Every spelling of every canonical name: as written, derived from its level row, normalised.

    Used to build the index and by the tests (no spelling may belong to two canonical names).
    """
    rows = read_rows(path or LEXICON_PATH)
    return {canonical: spellings for canonical, spellings, _ in _spell(rows)}


def _spell(rows: list[_Row]) -> list[tuple[str, list[str], tuple[str, str, str, str] | None]]:
    """(canonical, all its spellings, its derivation or None) per row, in CSV order."""
    plain = {c for c, *_ in rows}
    derivations = {c: _derivation(c, plain - {c}) for c, *_ in rows}
    written = {c: (c, *aliases) for c, aliases, *_ in rows}
    memo: dict[str, list[str]] = {}

    def spell(c: str, depth: int = 0) -> list[str]:
        if c not in memo:
            out = list(written[c])
            d = derivations[c]
            if d is not None and depth < 3:
                _, base, prefix, suffix = d
                out += [prefix + a + suffix for a in spell(base, depth + 1)]
            memo[c] = list(dict.fromkeys(out))
        return memo[c]

    out = []
    for canonical, *_ in rows:
        spellings = spell(canonical)
        out.append((canonical, list(dict.fromkeys([*spellings, *map(normalize_name, spellings)])),
                    derivations[canonical]))
    return out


def _read(path: Path) -> Lexicon:
    rows = read_rows(path)
    entries: list[LexiconEntry] = []
    by_name: dict[str, LexiconEntry] = {}
    spelled = _spell(rows)
    for (canonical, aliases, category, unit_kind), (_, _, d) in zip(rows, spelled):
        measure, base = (d[0], d[1]) if d is not None else (LEVEL, None)
        entries.append(LexiconEntry(canonical, aliases, category, unit_kind, measure, base))
    by_entry = {e.canonical_name: e for e in entries}
    # spellings as written first, so that a written alias wins over a derived or normalised one
    for canonical, aliases, *_ in rows:
        for s in (canonical, *aliases):
            by_name.setdefault(s, by_entry[canonical])
    for canonical, spellings, _ in spelled:
        for s in spellings:
            by_name.setdefault(s, by_entry[canonical])
    tasks = frozenset(c for c, spellings, _ in spelled if any(_CREATION_LEAD.match(x) for x in spellings))
    rates = frozenset(e.canonical_name for e in entries if e.measure == LEVEL and e.unit_kind == "ratio"
                      and e.category in _RATE_CATEGORIES and e.canonical_name.endswith(("率", "比例", "比率")))
    # the pre-filter's endings: every spelling's, and the object's of a renovation row (改造提升背街小巷
    # ends as 背街小巷改造's object does)
    tails = {k[-2:] for k in by_name}
    tails.update(k[:-len(m)][-2:] for k in by_name for m in ("新改建", "改造") if k.endswith(m) and len(k) > len(m) + 1)
    return Lexicon(tuple(entries), by_name, frozenset(tails), tasks, rates)
