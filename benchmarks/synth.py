"""Synthetic urban-governance speeches (讲话稿) for benchmarks and tests.

Everything here is generated from a small phrase vocabulary written for this
module (no real speech text). A speech is ~3,000 characters: an opening,
three or four numbered sections of paragraphs (一是…二是…), statistics and
targets with numbers, units, deadlines and departments, and a closing.

Realism knobs:

* ``topic`` — speeches on the same topic share headings, stock phrases and
  indicator names, the way real speeches of one genre do;
* ``numeric_share`` — the share of sentences carrying numbers (see
  REALISTIC_NUMERIC_SHARE; None draws templates uniformly, a number-dense stress case);
* ``boilerplate`` — the share of sentences taken from a small per-topic stock
  set (every speech of that topic draws from the same ~40 sentences), which
  makes unrelated same-topic speeches deliberately similar;
* edits — :func:`edit_chars` (character substitutions/insertions/deletions at a
  given rate), :func:`truncate`, :func:`drop_sentences` and :func:`reformat`
  (punctuation, line endings, spacing and list markers only).

A character edit rate ``p`` keeps about ``(1-p)**5`` of the character 5-grams,
so the 5-gram Jaccard of a copy is about ``q / (2 - q)`` with ``q = (1-p)**5``:
p=0.01 → J≈0.90, p=0.02 → J≈0.82, p=0.03 → J≈0.75, p=0.05 → J≈0.63.

Usage::

    from benchmarks.synth import SpeechFactory, make_corpus
    f = SpeechFactory(seed=1)
    text = f.speech(topic="垃圾分类")
    corpus = make_corpus(20_000, seed=7)   # list[SynthDoc] with known duplicate groups
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# --------------------------------------------------------------------------------------------
# Vocabulary (written for this module).
# --------------------------------------------------------------------------------------------

TOPICS: dict[str, dict[str, list[str]]] = {
    "城市管理": {
        "objects": ["市容环境", "城市秩序", "占道经营", "户外广告", "渣土运输", "城市家具", "门前三包", "街面秩序",
                    "流动摊点", "夜间施工"],
        "indicators": ["城市管理综合考评得分", "市容环境达标率", "案件按期结案率", "数字城管案件处置率"],
        "headings": ["坚持问题导向，全面提升城市管理精细化水平", "聚焦突出问题，持续深化市容秩序整治",
                     "强化源头治理，加快构建城市管理长效机制", "创新方式方法，推动城市管理向城市治理转变"],
    },
    "环境卫生": {
        "objects": ["道路清扫保洁", "公共厕所", "垃圾中转站", "背街小巷卫生", "农贸市场周边", "城乡接合部",
                    "机械化作业", "环卫作业质量", "洒水降尘", "积存垃圾"],
        "indicators": ["道路机械化清扫率", "生活垃圾无害化处理率", "公厕达标率", "环卫作业覆盖率"],
        "headings": ["对标先进城市，全面提升环境卫生质量", "完善作业标准，推进环卫保洁全覆盖",
                     "补齐设施短板，加快环卫基础设施建设", "严格考核问效，巩固环境卫生整治成果"],
    },
    "园林绿化": {
        "objects": ["口袋公园", "绿道网络", "街头游园", "行道树", "城市绿地", "立体绿化", "公园服务设施",
                    "古树名木", "裸露土地", "绿化养护"],
        "indicators": ["建成区绿化覆盖率", "建成区绿地率", "人均公园绿地面积", "公园绿地服务半径覆盖率"],
        "headings": ["推进增绿扩绿，打造宜居生态城市", "提升养护水平，实现绿化管理精细化",
                     "加强规划引领，优化城市绿地布局", "推动全民参与，营造爱绿护绿良好氛围"],
    },
    "违法建设治理": {
        "objects": ["违法建设", "新增违建", "存量违建", "私搭乱建", "违章搭建", "楼顶违建", "违法用地",
                    "拆违腾退土地", "巡查发现机制", "两违整治"],
        "indicators": ["存量违建拆除完成率", "新增违建发现处置率", "拆违面积", "拆后土地利用率"],
        "headings": ["保持高压态势，坚决遏制新增违法建设", "分类稳妥推进，加快消化存量违法建设",
                     "强化拆后利用，做好留白增绿文章", "压实属地责任，构建齐抓共管工作格局"],
    },
    "垃圾分类": {
        "objects": ["生活垃圾分类", "厨余垃圾", "分类投放点", "分类收运体系", "可回收物", "有害垃圾",
                    "定时定点投放", "桶边督导", "分类处理设施", "再生资源回收"],
        "indicators": ["生活垃圾回收利用率", "居民小区分类覆盖率", "厨余垃圾分出率", "垃圾分类知晓率"],
        "headings": ["提高思想认识，把垃圾分类作为重要民生工程", "完善全链条体系，推进分类投放收运处理",
                     "坚持示范引领，扩大垃圾分类覆盖面", "加强宣传引导，推动垃圾分类成为新时尚"],
    },
    "停车管理": {
        "objects": ["停车设施", "公共停车场", "路内停车泊位", "智慧停车平台", "老旧小区停车", "共享停车",
                    "机动车乱停乱放", "非机动车停放", "停车收费", "立体停车库"],
        "indicators": ["新增停车泊位", "停车位缺口", "智慧停车覆盖率", "车位周转率"],
        "headings": ["加快设施建设，有效缓解停车难问题", "强化秩序管理，规范机动车停放行为",
                     "推进智慧停车，提升停车资源利用效率", "完善政策机制，引导社会资本参与停车建设"],
    },
    "老旧小区改造": {
        "objects": ["老旧小区", "管网改造", "加装电梯", "屋面防水", "小区道路", "社区服务设施",
                    "物业管理", "适老化改造", "外墙保温", "雨污分流"],
        "indicators": ["老旧小区改造开工率", "改造完成户数", "加装电梯数量", "居民满意度"],
        "headings": ["坚持民生优先，扎实推进老旧小区改造", "注重共建共治，充分调动居民参与积极性",
                     "强化质量安全，确保改造工程经得起检验", "健全长效管理，巩固老旧小区改造成果"],
    },
    "城市更新": {
        "objects": ["城市更新", "城中村改造", "历史街区", "工业遗存", "低效用地", "片区开发", "街区功能",
                    "公共空间", "城市风貌", "配套设施"],
        "indicators": ["城市更新项目投资", "城中村改造完成率", "盘活低效用地面积", "更新片区数量"],
        "headings": ["统筹规划引领，系统推进城市更新行动", "突出片区统筹，提升城市功能品质",
                     "坚持保护传承，延续城市历史文脉", "创新投融资模式，增强城市更新可持续性"],
    },
    "智慧城管": {
        "objects": ["数字城管平台", "城市运行管理服务平台", "视频监控资源", "物联感知设备", "网格化管理",
                    "数据共享", "智能派单", "指挥调度", "一网统管", "应用场景"],
        "indicators": ["问题发现率", "案件处置及时率", "平台接入率", "网格覆盖率"],
        "headings": ["加快平台建设，提升城市运行管理效能", "深化数据应用，推动城市管理智能化",
                     "完善网格体系，夯实基层治理基础", "强化协同联动，构建高效指挥调度机制"],
    },
    "燃气安全": {
        "objects": ["燃气管道", "瓶装液化气", "餐饮场所燃气", "老化管网", "燃气泄漏报警", "用户端安全",
                    "燃气经营企业", "隐患排查整治", "应急抢修", "安全宣传"],
        "indicators": ["老化管网更新改造里程", "隐患整改率", "报警装置安装率", "燃气事故起数"],
        "headings": ["绷紧安全之弦，全面排查整治燃气安全隐患", "压实各方责任，健全燃气安全监管体系",
                     "加快管网更新，夯实燃气安全基础", "强化应急处置，提升燃气事故防范能力"],
    },
    "防汛排涝": {
        "objects": ["城市排水管网", "易涝点", "排涝泵站", "雨水管道", "地下空间", "防汛物资", "应急队伍",
                    "河道清淤", "海绵城市", "汛前检查"],
        "indicators": ["易涝点整治完成率", "管网清淤长度", "排涝能力", "海绵城市达标面积比例"],
        "headings": ["立足防大汛抢大险，全面做好汛前准备", "聚焦薄弱环节，加快易涝点整治",
                     "推进海绵城市建设，提升城市韧性", "强化值班值守，确保安全度汛"],
    },
    "市政设施": {
        "objects": ["城市道路", "桥梁隧道", "路灯照明", "人行道", "窨井盖", "城市供水", "市政管网",
                    "无障碍设施", "道路病害", "地下管线"],
        "indicators": ["城市道路完好率", "路灯亮灯率", "桥梁安全检测覆盖率", "窨井盖完好率"],
        "headings": ["加强养护管理，确保市政设施安全运行", "补齐基础设施短板，提升城市承载能力",
                     "推进精细化维护，改善市民出行环境", "强化安全监管，守牢市政设施安全底线"],
    },
}

SUBJECTS = ["我市", "全市", "各区", "城区三街一镇", "各乡镇", "中心城区", "全省", "各县（市、区）", "开发区",
            "各街道", "主城区", "新城区"]
DEPARTMENTS = ["市执法局", "市城管局", "市住建局", "市生态环境局", "市自然资源局", "市交通运输局", "市公安局",
               "市财政局", "市发改委", "市市场监管局", "区商务局", "区住建局", "各区政府", "各街道办事处",
               "市园林中心", "市环卫处", "市应急局", "市水务局"]
DEADLINES = ["6月底前", "年底前", "年内", "9月底前", "10月底前", "到2025年", "到2026年", "三季度末", "春节前",
             "汛期前"]
YEARS = ["2021", "2022", "2023", "2024"]
ADVERBS = ["切实", "扎实", "全面", "持续", "坚决", "加快", "积极", "稳妥", "着力", "大力", "深入", "认真"]
VERBS = ["推进", "抓好", "落实", "完善", "提升", "加强", "规范", "整治", "优化", "健全", "强化", "巩固"]
PRINCIPLES = ["以人民为中心的发展思想", "问题导向和目标导向", "系统观念", "共建共治共享", "依法治理",
              "标本兼治", "属地管理", "精细化管理理念", "绿色发展理念", "底线思维"]
GOALS = ["各项任务按期完成", "群众满意度不断提升", "城市面貌持续改善", "不发生重大安全事故",
         "工作取得实实在在的成效", "形成长效管理机制", "问题整改到位", "全年目标任务圆满完成",
         "城市品质明显提升", "市民获得感明显增强"]
UNITS_PCT = ["%"]
UNITS_QTY = ["个", "处", "万平方米", "公里", "座", "户", "辆", "吨", "平方米", "万元", "亿元", "张", "台"]
OPENINGS = [
    "同志们：",
    "今天，我们召开全市{topic}工作会议，主要任务是总结去年工作，分析当前形势，部署今年重点任务。",
    "刚才，{dept}通报了全市{topic}工作情况，几个单位作了交流发言，讲得都很好，我完全同意。",
    "下面，我讲几点意见。",
]
CLOSINGS = [
    "同志们，{topic}工作任务艰巨、责任重大。",
    "让我们紧密团结在一起，以更加务实的作风、更加有力的举措，奋力开创{topic}工作新局面！",
    "谢谢大家。",
]
ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

SENTENCE_TEMPLATES = [
    "{year}年，{subject}{indicator}达到{pct}%，比上年提高{delta}个百分点。",
    "{deadline}，{subject}要完成{object}{qty}{unit}，{indicator}达到{pct}%以上。",
    "{dept}要{adv}{verb}{object}，{verb2}{object2}，确保{goal}。",
    "要坚持{principle}，{adv}{verb}{object}，不断{verb2}{object2}。",
    "全年共{verb}{object}{qty}{unit}，{verb2}{object2}{qty2}{unit2}，{indicator}提高到{pct}%。",
    "{subject}{object}还存在不少短板，特别是{object2}问题比较突出，群众反映强烈。",
    "{deadline}，{dept}牵头{verb}{object}专项行动，{indicator}不低于{pct}%。",
    "各级各部门要把{object}摆在突出位置，{adv}{verb}工作责任，{verb2}工作措施。",
    "要以{object}为突破口，统筹推进{object2}，力争{deadline}取得明显成效。",
    "截至目前，{subject}已累计{verb}{object}{qty}{unit}，完成年度任务的{pct}%。",
    "对{object}问题，要{adv}做到发现一起、处置一起，绝不能搞变通、打折扣。",
    "{dept}和{dept2}要加强协调配合，形成工作合力，共同{verb}{object}。",
    "今年计划新建{object}{qty}{unit}，改造提升{object2}{qty2}{unit2}，总投资{money}亿元。",
    "要建立健全{object}考核评价机制，考核结果纳入年度综合考评，与评先评优直接挂钩。",
    "在{object}方面，{subject}探索形成了一批可复制可推广的经验做法。",
]

# Templates that carry numbers (the extractor's input) and those that do not.
NUMERIC_TEMPLATES = [t for t in SENTENCE_TEMPLATES if any(k in t for k in ("{pct}", "{qty}", "{money}", "{delta}"))]
PLAIN_TEMPLATES = [t for t in SENTENCE_TEMPLATES if t not in NUMERIC_TEMPLATES]
# Share of pool sentences drawn from NUMERIC_TEMPLATES, calibrated on the real documents of
# ../shared: the pipeline extracts 6.5 statements per 1,000 characters from the seeds, 3.9 from
# the national work reports and 10.3 from the provincial 2026 ones; at 0.14 the synthetic corpus
# gives ≈ 7. Uniform template choice (numeric_share=None, `--dense`) gives ≈ 20: a stress case
# for extract and load, not a realistic speech.
REALISTIC_NUMERIC_SHARE = 0.14

STOCK_TEMPLATES = [
    "{topic}工作是一项系统工程，涉及面广、任务量大，必须统筹兼顾、整体推进。",
    "各区、各部门主要负责同志要亲自研究、亲自部署、亲自督导，层层压实责任。",
    "要坚持把{topic}工作放到经济社会发展大局中来谋划，纳入重要议事日程。",
    "市委、市政府高度重视{topic}工作，多次召开专题会议研究部署。",
    "我们必须清醒地看到，{topic}工作与群众期盼相比还有不小差距。",
    "要进一步强化督查考核，对工作不力、进度滞后的单位进行通报约谈。",
    "要充分发挥新闻媒体作用，广泛宣传{topic}工作的重要意义和先进典型。",
    "要加大资金投入力度，市级财政每年安排专项资金，支持{topic}重点项目建设。",
]

CHARSET = sorted({c for t in TOPICS.values() for lst in t.values() for s in lst for c in s}
                 | {c for lst in (VERBS, ADVERBS, GOALS, PRINCIPLES) for s in lst for c in s})


def _fill(template: str, rng: random.Random, topic: str) -> str:
    t = TOPICS[topic]
    objs = t["objects"]
    return template.format(
        topic=topic, year=rng.choice(YEARS), subject=rng.choice(SUBJECTS),
        indicator=rng.choice(t["indicators"]), pct=f"{rng.randint(30, 99)}.{rng.randint(0, 9)}",
        delta=f"{rng.randint(0, 9)}.{rng.randint(1, 9)}", deadline=rng.choice(DEADLINES),
        object=rng.choice(objs), object2=rng.choice(objs), qty=rng.randint(2, 980), unit=rng.choice(UNITS_QTY),
        qty2=rng.randint(2, 980), unit2=rng.choice(UNITS_QTY), dept=rng.choice(DEPARTMENTS),
        dept2=rng.choice(DEPARTMENTS), adv=rng.choice(ADVERBS), verb=rng.choice(VERBS), verb2=rng.choice(VERBS),
        principle=rng.choice(PRINCIPLES), goal=rng.choice(GOALS), money=f"{rng.randint(1, 60)}.{rng.randint(0, 9)}",
    )


class SpeechFactory:
    """Deterministic generator of synthetic speeches (same seed → same speeches).

    Sentences come from a per-topic pool of ``pool_size`` filled templates (so
    building many speeches is cheap) and, with probability ``boilerplate``, from
    a per-topic stock set of ``stock_size`` sentences shared by every speech of
    the topic.
    """

    def __init__(self, seed: int = 0, pool_size: int = 6000, stock_size: int = 40,
                 numeric_share: float | None = None) -> None:
        self.seed = seed
        self.numeric_share = numeric_share
        self.rng = random.Random(seed)
        self.pool_size = pool_size
        self.stock_size = stock_size
        self._pools: dict[str, list[str]] = {}
        self._stock: dict[str, list[str]] = {}

    def _pool(self, topic: str) -> list[str]:
        if topic not in self._pools:
            rng = random.Random(f"{self.seed}:{topic}:pool")
            self._pools[topic] = [_fill(self._template(rng), rng, topic) for _ in range(self.pool_size)]
            stock = [s.format(topic=topic) for s in STOCK_TEMPLATES]
            stock += [_fill(self._template(rng), rng, topic) for _ in range(self.stock_size - len(stock))]
            self._stock[topic] = stock
        return self._pools[topic]

    def _template(self, rng: random.Random) -> str:
        if self.numeric_share is None:
            return rng.choice(SENTENCE_TEMPLATES)
        return rng.choice(NUMERIC_TEMPLATES if rng.random() < self.numeric_share else PLAIN_TEMPLATES)

    def speech(self, topic: str | None = None, target_chars: int = 3000, boilerplate: float = 0.15) -> str:
        """One speech of about ``target_chars`` characters (paragraphs separated by newlines)."""
        rng = self.rng
        topic = topic or rng.choice(list(TOPICS))
        pool = self._pool(topic)
        stock = self._stock[topic]
        t = TOPICS[topic]
        dept = rng.choice(DEPARTMENTS)
        lines = [OPENINGS[0], "".join(s.format(topic=topic, dept=dept) for s in OPENINGS[1:])]
        n_sections = rng.randint(3, 4)
        headings = rng.sample(t["headings"], n_sections)
        per_section = max(target_chars - 250, 200) // n_sections
        for i, heading in enumerate(headings):
            lines.append(f"{ORDINALS[i]}、{heading}")
            size = 0
            k = 0
            while size < per_section:
                n_sent = rng.randint(2, 4)
                sents = [rng.choice(stock) if rng.random() < boilerplate else rng.choice(pool) for _ in range(n_sent)]
                para = f"{ORDINALS[k % 10]}是{rng.choice(ADVERBS)}{rng.choice(VERBS)}{rng.choice(t['objects'])}。" + "".join(sents)
                lines.append(para)
                size += len(para)
                k += 1
        lines.append("".join(s.format(topic=topic) for s in CLOSINGS))
        return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Edits
# --------------------------------------------------------------------------------------------

def edit_chars(text: str, rate: float, rng: random.Random) -> str:
    """Substitute, insert or delete characters (1/3 each) at ``rate`` edits per character."""
    if rate <= 0:
        return text
    chars = list(text)
    n = len(chars)
    k = sum(1 for _ in range(n) if rng.random() < rate) if n < 2000 else int(round(rng.gauss(n * rate, (n * rate) ** 0.5)))
    k = max(0, min(k, n))
    for pos in sorted(rng.sample(range(n), k), reverse=True):
        op = rng.random()
        if op < 1 / 3:
            chars[pos] = rng.choice(CHARSET)
        elif op < 2 / 3:
            chars.insert(pos, rng.choice(CHARSET))
        else:
            del chars[pos]
    return "".join(chars)


def truncate(text: str, keep: float) -> str:
    """The first ``keep`` share of the text (a copy cut off by a page break or a crawler)."""
    return text[: int(len(text) * keep)]


def drop_sentences(text: str, rate: float, rng: random.Random) -> str:
    """Delete whole sentences (ending in 。) with probability ``rate`` each."""
    parts = text.split("。")
    return "。".join(p for p in parts if rng.random() >= rate)


_PUNCT_SWAPS = [("，", ","), ("：", ":"), ("；", ";"), ("！", "!"), ("（", "("), ("）", ")")]


def reformat(text: str, rng: random.Random) -> str:
    """Change only presentation: punctuation width, line endings, spacing, list markers.

    The result must normalise to the same dedup text as the input.
    """
    lines = text.split("\n")
    out = []
    for line in lines:
        if len(line) > 2 and line[1] == "、" and line[0] in ORDINALS:
            style = rng.randint(0, 3)
            num = ORDINALS.index(line[0]) + 1
            marker = [f"{line[0]}、", f"（{line[0]}）", f"{num}.", f"({num}) "][style]
            line = marker + line[2:]
        if rng.random() < 0.5:
            line = "\u3000\u3000" + line
        out.append(line)
    text = rng.choice(["\n", "\r\n", "\n\n"]).join(out)
    for a, b in _PUNCT_SWAPS:
        if rng.random() < 0.5:
            text = text.replace(a, b)
    if rng.random() < 0.5:
        text = text.replace("。", "。 ")
    return text


# --------------------------------------------------------------------------------------------
# Corpus with known duplicate structure
# --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SynthDoc:
    """One synthetic speech and its provenance (``origin`` = id of the speech it was copied from)."""

    speech_id: str
    text: str
    origin: str
    kind: str  # 'original' | 'exact' | 'reformat' | 'edit' | 'truncate'
    edit_rate: float = 0.0


def make_corpus(n: int, seed: int = 0, dup_share: float = 0.2, edit_rates: tuple[float, ...] = (0.0, 0.005, 0.01, 0.02, 0.03, 0.05),
                truncate_share: float = 0.1, boilerplate: float = 0.15, target_chars: int = 3000) -> list[SynthDoc]:
    """``n`` speeches of which about ``dup_share`` are copies of earlier ones.

    Copies are exact, reformatted, character-edited at one of ``edit_rates`` or
    truncated (first 50–80%). Copies of copies occur (chains). Order is shuffled.
    """
    rng = random.Random(seed)
    factory = SpeechFactory(seed=seed)
    n_orig = max(1, int(round(n * (1 - dup_share))))
    docs: list[SynthDoc] = []
    for i in range(n_orig):
        docs.append(SynthDoc(f"s{i:07d}", factory.speech(target_chars=target_chars, boilerplate=boilerplate), f"s{i:07d}", "original"))
    for j in range(n - n_orig):
        src = docs[rng.randrange(len(docs))]
        sid = f"d{j:07d}"
        r = rng.random()
        if r < truncate_share:
            docs.append(SynthDoc(sid, truncate(src.text, rng.uniform(0.5, 0.8)), src.origin, "truncate"))
        elif r < truncate_share + 0.1:
            docs.append(SynthDoc(sid, src.text, src.origin, "exact"))
        elif r < truncate_share + 0.2:
            docs.append(SynthDoc(sid, reformat(src.text, rng), src.origin, "reformat"))
        else:
            rate = rng.choice(edit_rates)
            docs.append(SynthDoc(sid, edit_chars(src.text, rate, rng), src.origin, "edit", rate))
    rng.shuffle(docs)
    return docs
