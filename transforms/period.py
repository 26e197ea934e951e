"""Which calendar years a stated value refers to (`period_from`, `period_to` in v_indicator_statements).

A speech is scanned once: its year markers (2025年, 一九五八年, 今年, 去年, 过去五年, “十四五”, 到2035年 …),
its sentence, clause and paragraph boundaries, and its top-level headings. Each statement is then answered
with a few bisects, nearest evidence first:

1. a marker in the statement's own clause, before the number;
2. a marker in the head of its sentence (before the first ；, so 今年主要预期目标是：…；…；… covers the list);
3. any marker earlier in its sentence;
4. weak words of the sentence: 预期目标 (a target of the speech year), 全年 and 比上年 (the single year
   of the context);
5. the context: a sentence of the same paragraph that opens with a marker (去年，… / 2025年，…), else the
   last paragraph since the heading that opens with one, else the heading's own period (一、2025年工作回顾,
   二、“十五五”时期主要目标任务; a heading that names two periods of one kind gives none).

A fact ('actual', 'baseline') never takes a context that starts in the speech year or later: in a plan
chapter it stays None unless its own sentence dates it. A value whose text says nothing stays (None, None):
the publication year is never assumed.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import NamedTuple

import regex

from transforms.extract import context as ctx
from transforms.extract.numbers import chinese_to_number, digits_as_written

Period = tuple[int | None, int | None]
NO_PERIOD: Period = (None, None)

_N = "一二两三四五六七八九十"

# A year: 2025 (also 1 9 9 8 as one report prints it) or 一九五八 / 二〇二六.
_Y = r"(?:(?<![\d.])(?:1 ?9|2 ?0) ?\d ?\d(?! ?\d)|(?<![" + _N + r"])[一二][九〇○零Ｏ][〇○零Ｏ一二三四五六七八九]{2})"
_FYP_N = r"十[一二三四五六七八九]?|[一二三四五六七八九]"

# Marker kinds: a fixed period, a deadline (到2035年), a redacted or unresolvable year (answers None),
# and three weak words that lean on the context.
STRONG, DEADLINE, UNKNOWN, FULL_YEAR, VS_LAST, EXPECTED = range(6)

# `regex`, not `re`: on these ~35 alternatives it is about twice as fast.
_MARKER_RE = regex.compile(
    r"(?P<span1>" + _Y + r") ?年?(?:[-—–~～]+|至|到)(?P<span2>" + _Y + r") ?年"
    r"|(?P<redacted>(?:19|20|二〇)[xX×Ｘ*＊]{2}年|20\d[xX×Ｘ]年|[xX×Ｘ]{4}年)"
    r"|(?:截至|截止到?)(?P<asof>" + _Y + r") ?年"
    r"|(?:力争|争取)?[到至](?P<by>" + _Y + r") ?年"
    r"|(?:[到至])?(?P<century>本世纪|下世纪)(?P<cpart>中叶|中期|末)"
    r"|(?P<since>" + _Y + r") ?年以来"
    r"|(?P<before>" + _Y + r") ?年(?:底|末)?(?:以前|之前|前(?![一二三两四五六七八九十\d季半]))"
    r"|(?P<vision>" + _Y + r") ?年远景"
    r"|(?P<year>" + _Y + r") ?年(?!代)"
    r"|(?P<decade>上世纪|本世纪)?(?<![" + _N + r"])(?P<decn>[二三四五六七八九])十年代"
    r"|[“\"]?(?P<fyq>" + _FYP_N + r")五[”\"](?P<fyqs>(?:规划|计划)?(?:时期|期间)?(?:末期|期末|末|以来)?)"
    r"|(?<![" + _N + r"])(?P<fyu>十[一二三四五六七八九])五(?![年个])(?P<fyus>(?:规划|计划)?(?:时期|期间)?(?:末期|期末|末|以来)?)"
    r"|(?<![" + _N + r"])(?P<fyw>" + _FYP_N + r")五(?=计划|时期|期间|规划)(?P<fyws>(?:规划|计划)?(?:时期|期间)?(?:末期|期末|末|以来)?)"
    r"|第(?P<fyo>" + _FYP_N + r")个五年(?:计划|规划)(?P<fyos>(?:时期|期间)?(?:末期|期末|末|以来)?)"
    r"|(?P<thisnext>今明两年)|(?P<nextnext>明后两年)"
    r"|(?P<this>今年|(?<![基根])本年)"
    r"|(?P<next>明年)"
    r"|(?P<prev2>(?<![提以之此空目先])前年)"
    r"|(?P<prev>(?<!过)去年|(?<![以础])上一?年(?!均))"  # not 以上年均 / 基础上年均增长
    r"|(?P<lastyear>(?:刚刚)?过去的?一年|(?<![" + _N + r"\d])一年来)"
    r"|(?:过去|这|近)的?(?P<pastn>[" + _N + r"\d])年(?![级度龄期限内里])"
    r"|(?<![" + _N + r"\d])(?P<pastn2>[" + _N + r"\d])年来"
    r"|的(?P<pastn3>五)年(?=[。，；！”])"
    r"|(?:今后|未来)的?(?P<nextn>[" + _N + r"\d])年"
    r"|(?P<full>全年(?![的来以计共累]))"
    r"|(?P<yoy>同比)"
    r"|(?P<expected>预期性?目标)"
)

# A 五年计划 named as the frame of a year (今年是“十五五”开局之年) does not date the sentence.
_FYP_FRAME_RE = re.compile(
    r"(?:规划|计划)?(?:时期|期间)?的?(?:开局|收官|起步|开篇|首年|第[一二三四五]年|最后一年|中期|决胜|开好局|起好步|良好开端|攻坚)")
# A year after these words is a comparison base (比上年增长, 同一九四九年比较) or names a thing
# (面向2030年的项目), not the value's period.
_COMPARE_BEFORE = ("比", "较", "同", "与", "相当于", "等于", "超过", "高于", "低于", "相比", "对比", "面向")
_SENTENCE_END_RE = re.compile(r"[。！？!?\n]")
_CLAUSE_END_RE = re.compile(r"[，,；;：:]")
_SEGMENT_END_RE = re.compile(r"[；;]")
_NEWLINE_RE = re.compile(r"\n")
# What may come before a marker that opens a sentence: a salutation and a circumstance (在去年…的基础上，),
# then the rest of the clause, unless that is a comparison (与上年相比) or the marker a starting point
# (人均GDP从2020年的…); within a paragraph (not its first sentence) only a few words.
_OPENER_LEAD_RE = re.compile(
    r"[ \t\u3000]*(?:各位代表[，,！!：:])?"
    r"(?:(?:在|随着)[^，,；;：:。！？\n]*(?:去年|上年|前年|过去|\d ?年)[^，,；;：:。！？\n]*[，,])?"
    r"(?:(?![在从由自比较与同]|随着)[^，,；;：:。！？\n]*(?<![从由自在]))?")
_INNER_LEAD_MAX = 6


class _Marker(NamedTuple):
    start: int
    end: int
    kind: int
    first: int | None
    last: int | None
    compare: bool  # a comparison base: used only for baseline values
    last_year: bool  # 上年 / 去年 as a comparison (比上年): a single-year value


def _year(s: str) -> int | None:
    y = digits_as_written(s.replace(" ", ""))
    return y if y is not None and 1900 <= y <= 2100 else None


def _small_number(s: str) -> int | None:
    """A count written in digits or in Chinese (五, 十四, 七十六 …); None when it is neither."""
    if s.isdigit():
        return int(s)
    value = chinese_to_number(s)
    return None if value is None else int(value)


def five_year_plan(n: int) -> tuple[int, int]:
    """The years of the nth 五年计划/规划 (1 → 1953–1957, 14 → 2021–2025); 1963–65 were adjustment years."""
    start = 1953 if n == 1 else 1958 if n == 2 else 1966 + 5 * (n - 3)
    return start, start + 4


def _marker(m: regex.Match[str], body: str, year: int | None) -> _Marker | None:
    g = m.lastgroup
    s, e = m.start(), m.end()
    kind, first, last = STRONG, None, None
    if g in ("span1", "span2"):
        first, last = _year(m["span1"]), _year(m["span2"])
        if first is None or last is None or last < first:
            return None
    elif g == "redacted":
        kind = UNKNOWN
    elif g in ("asof", "year"):
        first = last = _year(m[g])
    elif g in ("by", "before", "vision"):
        kind, last = DEADLINE, _year(m[g])
    elif g == "cpart":
        if year is None:
            kind = UNKNOWN
        else:
            base = (year - 1) // 100 * 100 + (100 if m["century"] == "下世纪" else 0)
            kind, last = DEADLINE, base + (100 if m["cpart"] == "末" else 50)
    elif g == "since":
        first = _year(m["since"])
        last = year - 1 if year is not None and first is not None and first < year else first
    elif g in ("decn", "decade"):
        if m["decade"] == "上世纪" or (m["decade"] is None and year is not None and year < 2000):
            base = 1900
        elif m["decade"] == "本世纪" and year is not None:
            base = (year - 1) // 100 * 100
        else:
            return None
        first = base + 10 * digits_as_written(m["decn"])
        last = first + 9
    elif g in ("fyq", "fyqs", "fyu", "fyus", "fyw", "fyws", "fyo", "fyos"):
        num = m["fyq"] or m["fyu"] or m["fyw"] or m["fyo"]
        suffix = m["fyqs"] or m["fyus"] or m["fyws"] or m["fyos"] or ""
        if _FYP_FRAME_RE.match(body, e):
            return None
        first, last = five_year_plan(_small_number(num) or 0)
        if suffix.endswith("末") or suffix.endswith("末期"):
            first = last
        elif suffix.endswith("以来") and year is not None:
            last = max(first, min(last, year - 1))
    elif g == "full":
        kind = FULL_YEAR
    elif g == "yoy":
        kind = VS_LAST
    elif g == "expected":
        kind = EXPECTED
    elif year is None:
        kind = UNKNOWN  # a relative year in a speech of unknown year
    elif g == "thisnext":
        first, last = year, year + 1
    elif g == "nextnext":
        first, last = year + 1, year + 2
    elif g == "this":
        first = last = year
    elif g == "next":
        first = last = year + 1
    elif g == "prev2":
        first = last = year - 2
    elif g in ("prev", "lastyear"):
        first = last = year - 1
    elif g in ("pastn", "pastn2", "pastn3"):
        n = _small_number(m[g])
        if not n or n > 10:
            return None
        first, last = year - n, year - 1
    elif g == "nextn":
        n = _small_number(m[g])
        if not n or n > 10:
            return None
        first, last = year, year + n - 1
    else:
        return None
    if kind in (STRONG, DEADLINE) and last is None:
        return None
    before = body[max(0, s - 3):s]
    compare = kind in (STRONG, DEADLINE) and before.endswith(_COMPARE_BEFORE)
    return _Marker(s, e, kind, first, last, compare, compare and g == "prev")


# Every marker holds one of these within a few characters of its start. The full regex, with its
# lookbehinds and optional prefixes, cannot skip ahead on its own, so it only runs in windows around them:
# over a whole body that is ~10 times faster.
_TRIGGER_RE = re.compile(r"年|五(?=[”\"计时期规])|十[一二三四五六七八九]五|世纪|同比|预期")
_BEFORE, _AFTER = 11, 10  # the longest marker start before its trigger: 力争到1 9 9 8年


def _scan(text: str, year: int | None) -> list[_Marker]:
    out = []
    windows: list[list[int]] = []
    for t in _TRIGGER_RE.finditer(text):
        lo, hi = max(0, t.start() - _BEFORE), t.end() + _AFTER
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    last_end = 0
    for lo, hi in windows:
        for m in _MARKER_RE.finditer(text, max(lo, last_end), min(hi, len(text))):
            mk = _marker(m, text, year)
            last_end = m.end()
            if mk is not None:
                out.append(mk)
    return out


# ---------------------------------------------------------------- speech year
_TITLE_DATE_RE = re.compile(r"(" + _Y + r") ?年 ?[\d一二三四五六七八九十]{1,2} ?月")
_TITLE_PLAN_RE = re.compile(r"(" + _Y + r") ?年度?[^年，。]{0,12}(?:计划|预算)草案")
_TITLE_REPORT_RE = re.compile(r"(" + _Y + r") ?年度?[^年，。]{0,14}(?:政府工作报告|计划|预算|决算|报告)")
_TITLE_YEAR_RE = re.compile(r"(" + _Y + r") ?年(?!远景)")
_BODY_DATE_RE = re.compile(r"(" + _Y + r") ?年 ?[\d一二三四五六七八九十]{1,3} ?月 ?[\d一二三四五六七八九十]{1,3} ?日(?:[^\n。]{0,4})在")
_BODY_FRAME_RE = re.compile(
    r"今年是[^。，；]{0,12}?[“\"]?(?P<n>" + _FYP_N + r")五[”\"]?(?:规划|计划)?(?:时期)?的?"
    r"(?:(?P<first>开局之年|开局年|起步之年|第一年|首年)|第(?P<k>[二三四五])年|(?P<last>收官之年|最后一年|决胜之年))"
    r"|今年是(?:新中国成立|中华人民共和国成立|建国)(?P<prc>[\d一二三四五六七八九十]{1,3})周年")


def speech_year(speech_date: datetime.date | None, title: str | None, body: str) -> int | None:
    """The year the speech speaks in.

    In: the speech's date (or None), its title (or None) and its cleaned body. Out: the date's year; else a
    year the title names (a date ——1998年3月5日…, then the year of a 计划草案, then 2026年政府工作报告, then
    its first year that is not a 远景 horizon); else a year the body states for itself (a date line
    2026年1月27日在…会议上, or 今年是“十五五”开局之年 → 2026); else None.
    """
    if speech_date is not None:
        return speech_date.year
    if title:
        for rx in (_TITLE_DATE_RE, _TITLE_PLAN_RE, _TITLE_REPORT_RE, _TITLE_YEAR_RE):
            m = rx.search(title)
            if m and (y := _year(m.group(1))):
                return y
    m = _BODY_DATE_RE.search(body, 0, 600)
    if m and (y := _year(m.group(1))):
        return y
    m = _BODY_FRAME_RE.search(body)
    if m:
        if m["prc"]:
            n = _small_number(m["prc"])
            return 1949 + n if n else None
        start, end = five_year_plan(_small_number(m["n"]) or 0)
        if m["first"]:
            return start
        if m["k"]:
            return start + digits_as_written(m["k"]) - 1
        return end
    return None


# ---------------------------------------------------------------- statements
class _Context(NamedTuple):
    period: Period  # the period a plain value of that role takes, NO_PERIOD when ambiguous
    single: int | None  # the one year 全年 / 比上年 mean there


def _span_context(p: Period, year: int | None) -> _Context:
    first, last = p
    if first == last:
        return _Context(p, last)
    if year is not None and last is not None and last < year:
        return _Context(p, last)  # a past span: its 全年 is its last year
    if year is not None and first is not None and first >= year:
        return _Context(p, year)
    return _Context(p, None)


def _heading_contexts(
        markers: list[_Marker], year: int | None, mode: str | None) -> tuple[_Context | None, _Context | None]:
    """(review context, plan context) of a heading from its markers; None where the heading names none."""
    past: list[Period] = []
    ahead: list[Period] = []
    for mk in markers:
        if mk.kind not in (STRONG, DEADLINE):
            continue
        p: Period = (mk.first, mk.last) if mk.kind == STRONG else (
            mk.last if year is None else min(year, mk.last), mk.last)
        if year is not None:
            (past if mk.last is not None and mk.last < year else ahead).append(p)
        elif mode == ctx.REVIEW:
            past.append(p)
        elif mode == ctx.PLAN:
            ahead.append(p)
    out: list[_Context | None] = []
    for ps in (past, ahead):
        uniq = list(dict.fromkeys(ps))
        if not uniq:
            out.append(None)
        elif len(uniq) == 1:
            out.append(_span_context(uniq[0], year))
        else:
            lasts = [p[1] for p in uniq if p[1] is not None]
            out.append(_Context(NO_PERIOD, max(lasts) if lasts and ps is past else year))
    return out[0], out[1]


class _Speech:
    """Everything about one body that statements are answered from, computed once."""

    def __init__(self, body: str, year: int | None) -> None:
        self.year = year
        self.markers = _scan(body, year)
        self.starts = [m.start for m in self.markers]
        self.sentence_ends = [m.start() for m in _SENTENCE_END_RE.finditer(body)]
        self.clause_ends = [m.start() for m in _CLAUSE_END_RE.finditer(body)]
        self.segment_ends = [m.start() for m in _SEGMENT_END_RE.finditer(body)]
        self.para_ends = [m.start() for m in _NEWLINE_RE.finditer(body)]

        # Chapters: the headings section_modes reads as review or plan, and every other numbered top-level
        # heading (二、一张蓝图绘到底 …), which ends the chapter before it.
        modes = dict(ctx.section_modes(body))
        pos = 0
        for line in body.split("\n"):
            if (len(line) <= 70 and pos not in modes and ctx._HEADING_RE.fullmatch(line)
                    and "。" not in line.rstrip("。")):
                modes[pos] = None
            pos += len(line) + 1
        self.headings: list[int] = sorted(modes)
        heading_lines = set(self.headings)

        # Openers: the first marker in the first clause of a sentence. A paragraph's opener (its first real
        # sentence) holds until the next heading; any other sentence's, until the end of its paragraph.
        self.sent_open: list[int] = []
        self.sent_open_p: list[Period] = []
        self.para_open: list[int] = []
        self.para_open_p: list[Period] = []
        seen_sentence = -2
        for mk in self.markers:
            if mk.kind not in (STRONG, DEADLINE) or mk.compare:
                continue
            s0 = self._sentence_start(mk.start)
            if s0 == seen_sentence:
                continue
            if not _OPENER_LEAD_RE.fullmatch(body, s0, mk.start):
                continue  # 初步统计，2025年… / 人均GDP从2020年的…: the sentence is not dated by it
            seen_sentence = s0
            p0 = self._para_start(mk.start)
            if p0 in heading_lines:
                continue
            p: Period = (mk.first, mk.last) if mk.kind == STRONG else (
                mk.last if year is None else min(year, mk.last), mk.last)
            # "各位代表！2025年…": a short salutation before it does not stop it opening the paragraph
            opens_para = all(e - b <= 8 for b, e in self._sentences_between(p0, s0))
            if not opens_para and mk.start - s0 > _INNER_LEAD_MAX:
                continue
            if opens_para and mk.kind == STRONG:
                self.para_open.append(mk.start)
                self.para_open_p.append(p)
            else:
                self.sent_open.append(mk.start)
                self.sent_open_p.append(p)

        # Each heading's own period. One that names none and does not open a review keeps the plan period
        # in force before it, as section_modes keeps a plan running (四、加强政府自身建设 still plans the year).
        self.heading_ctx: list[tuple[_Context | None, _Context | None]] = []
        self.heading_own: list[bool] = []  # False where the plan period is carried over from the chapter before
        for n, off in enumerate(self.headings):
            end = body.find("\n", off)
            end = len(body) if end < 0 else end
            lo, hi = bisect_left(self.starts, off), bisect_left(self.starts, end)
            review, plan = _heading_contexts(self.markers[lo:hi], year, modes[off])
            own = review is not None or plan is not None
            if not own and modes[off] != ctx.REVIEW and n > 0 and year is not None:
                before = self._context(off - 1, self._sentence_start(off - 1), "target")
                if before is not None and before.period[0] is not None and before.period[0] >= year:
                    plan = before
            self.heading_ctx.append((review, plan))
            self.heading_own.append(own)

    def _sentence_start(self, pos: int) -> int:
        i = bisect_left(self.sentence_ends, pos)
        return self.sentence_ends[i - 1] + 1 if i else 0

    def _para_start(self, pos: int) -> int:
        i = bisect_left(self.para_ends, pos)
        return self.para_ends[i - 1] + 1 if i else 0

    def _sentences_between(self, a: int, b: int) -> list[tuple[int, int]]:
        out, lo = [], a
        for i in range(bisect_left(self.sentence_ends, a), bisect_left(self.sentence_ends, b)):
            out.append((lo, self.sentence_ends[i]))
            lo = self.sentence_ends[i] + 1
        return out

    def _last_marker(self, lo: int, pos: int, baseline: bool) -> _Marker | None:
        i = bisect_left(self.starts, pos)
        while i > 0:
            i -= 1
            mk = self.markers[i]
            if mk.start < lo:
                return None
            if mk.end > pos or mk.kind in (FULL_YEAR, VS_LAST, EXPECTED) or (mk.compare and not baseline):
                continue
            return mk
        return None

    def _resolve(self, mk: _Marker, kind: str) -> Period:
        if mk.kind == UNKNOWN:
            return NO_PERIOD
        if mk.kind == DEADLINE:
            if kind == "target":
                # a target 到2035年 runs from the speech year; one whose deadline has passed, from the deadline
                if self.year is None:
                    return None, mk.last
                return min(self.year, mk.last), mk.last
            return mk.last, mk.last
        return mk.first, mk.last

    def _context(self, pos: int, sent_start: int, kind: str) -> _Context | None:
        """The period around a statement whose sentence names none: an opener of an earlier sentence of its
        paragraph, else of an earlier paragraph of its chapter, else the chapter heading's. A fact skips
        openers that look ahead (到2020年…, 今年…): it is not of the plan they open."""
        year = self.year

        def fits(p: Period) -> bool:
            return kind == "target" or year is None or p[0] is None or p[0] < year

        h = bisect_right(self.headings, pos) - 1
        h_off = self.headings[h] if h >= 0 else -1
        para = self._para_start(pos)
        i = bisect_left(self.sent_open, sent_start) - 1
        while i >= 0 and self.sent_open[i] >= max(para, h_off):
            if fits(self.sent_open_p[i]):
                return _span_context(self.sent_open_p[i], year)
            i -= 1
        review, plan = self.heading_ctx[h] if h >= 0 else (None, None)
        # in a chapter headed as a plan only, a paragraph about the past (去年…) speaks for itself alone;
        # in one headed as a review only, so does a paragraph about the future
        plan_only = h >= 0 and self.heading_own[h] and review is None and plan is not None
        review_only = h >= 0 and self.heading_own[h] and plan is None and review is not None
        i = bisect_left(self.para_open, pos) - 1
        while i >= 0 and self.para_open[i] >= h_off:
            p = self.para_open_p[i]
            own_para = self.para_open[i] >= para
            if fits(p) and (year is None or own_para or not (
                    (plan_only and p[1] is not None and p[1] < year)
                    or (review_only and p[0] is not None and p[0] >= year))):
                return _span_context(p, year)
            i -= 1
        if h < 0:
            return None
        if kind == "target":
            return plan if plan is not None else review
        return review if review is not None else plan

    def period(self, pos: int, kind: str) -> Period:
        baseline = kind == "baseline"
        sent_start = self._sentence_start(pos)
        c = bisect_left(self.clause_ends, pos)
        clause_start = max(sent_start, self.clause_ends[c - 1] + 1 if c else 0)
        mk = self._last_marker(clause_start, pos, baseline)
        if mk is None:
            g = bisect_left(self.segment_ends, sent_start)
            head_end = self.segment_ends[g] if g < len(self.segment_ends) else pos
            mk = self._last_marker(sent_start, min(head_end, pos), baseline)
        if mk is None:
            mk = self._last_marker(sent_start, pos, baseline)
        if mk is not None:
            return self._resolve(mk, kind)

        e = bisect_left(self.sentence_ends, pos)
        sent_end = self.sentence_ends[e] if e < len(self.sentence_ends) else pos + 1
        lo, hi = bisect_left(self.starts, sent_start), bisect_left(self.starts, sent_end)
        weak = {m.kind for m in self.markers[lo:hi]} | {VS_LAST for m in self.markers[lo:hi] if m.last_year}
        year = self.year
        if kind == "target" and EXPECTED in weak:
            return (year, year) if year is not None else NO_PERIOD
        c_ = self._context(pos, sent_start, kind)
        if FULL_YEAR in weak or (VS_LAST in weak and kind != "target"):
            if c_ is not None and c_.single is not None:
                if kind != "target" and year is not None and c_.single >= year:
                    return NO_PERIOD  # a fact cannot be of this year's plan
                return c_.single, c_.single
            if c_ is None and FULL_YEAR in weak and kind == "target" and year is not None:
                return year, year
            return NO_PERIOD
        if c_ is None:
            return NO_PERIOD
        first, last = c_.period
        if kind != "target" and year is not None and first is not None and first >= year:
            return NO_PERIOD  # a stated fact does not take the period of a plan around it
        return first, last


def statement_periods(body: str, year: int | None, statements: Sequence[tuple[int, str]]) -> list[Period]:
    """The (period_from, period_to) calendar years of each statement of one speech.

    In: the cleaned body, the speech's year (speech_year; None when unknown, then 今年/去年 resolve to None),
    and the statements as (char_start, statement_kind): the offset in `body` of the statement's number and
    'actual', 'baseline' or 'target'. Out: one (period_from, period_to) per statement, in order:
    (2026, 2026) for this year's target in a 2026 report, (2026, 2030) for a 十五五 target, (2025, 2025)
    for a 2025 result, (2021, 2025) for a 十四五 total, (2026, 2035) for a target 到2035年;
    (None, None) where the text gives no way to tell.
    """
    if not statements:
        return []
    sp = _Speech(body, year)
    return [sp.period(pos, kind) for pos, kind in statements]
