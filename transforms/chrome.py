"""Site chrome: spam, navigation, page headers/footers, inserted strings, lead-ins.

Rules run on Simplified, punctuation-normalised text, line by line. Each rule is
named so the cleaning report can count what it removed.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Iterable
from functools import lru_cache

import regex

# Whole lines that are chrome. Order matters only for reporting.
LINE_RULES: list[tuple[str, regex.Pattern[str]]] = [
    ("nav", regex.compile(r"^(?:网站首页|首页|当前位置|您的位置|你的位置|所在位置)[\s：:>›»|]|^.{0,20}(?:首页|主页)\s*$|(?:首页|范例|范文)(?:\s+\S{2,6}(?:范例|范文|素材|大全)){3,}")),
    ("nav", regex.compile(r"^\S{2,10}\s*>\s*\S{2,10}\s*>")),
    # A run of site sections (工作范例 办公范例 个人范例 …) even after inner spaces were removed.
    ("nav", regex.compile(r"^(?:网站首页|首页)?\s*(?:\p{Han}{2,4}(?:范例|范文|素材|大全)\s*){3,}$")),
    ("page_header", regex.compile(r"^(?:网站|时间|来源网站|发布时间|发布日期|更新时间|作者|栏目|人气|浏览|阅读|点击)\s*[：:].{0,120}(?:[|｜/].{0,120})?$")),
    ("page_header", regex.compile(r"^栏目[：:]|^.{0,40}释出于|^.{0,40}发布于[：:]")),
    ("source_footer", regex.compile(r"^(?:来源|出处|原文链接|链接地址|本文链接|文章来源|转载请注明|免责声明|版权声明)\s*[：:]")),
    ("source_footer", regex.compile(r"由互联网用户整理提供|^转载请注明|转载分享请保留|版权归原作者|请联系我们及时删除|本站(?:仅)?提供存储空间")),
    ("related_footer", regex.compile(r"^(?:相关阅读|最近更新|推荐专题|相关推荐|猜你喜欢|热门推荐|相关文章|上一篇|下一篇|返回顶部|延伸阅读|精选图文|热门文章)(?:[：:].*)?$")),
    ("keywords_marker", regex.compile(r"本文关键词\s*[：:]")),
    ("url", regex.compile(r"^\s*(?:https?://|www\.)\S+\s*$")),
    ("lead_in", regex.compile(r"^(?:下面是|以下是|这是|本文是)?(?:小编|本站|我们|网友|小伙伴).{0,10}(?:为大家|为你|给大家|帮大家).{0,80}(?:供大家参考|仅供参考|欢迎阅读|希望对你有所帮助|希望对大家有所帮助|欢迎大家借鉴).{0,20}$")),
    ("slogan", regex.compile(r"^荟聚奇文|博采众长.{0,4}见贤思齐")),
    ("mobile", regex.compile(r"^移动端[：:]|^手机版[：:]|^(?:扫一扫|扫码).{0,20}$")),
]

# Strings a site injects mid-sentence; removed wherever they stand.
INLINE_RULES: list[tuple[str, regex.Pattern[str]]] = [
    ("inserted_text", regex.compile(r"\s*(?:当前隐藏内容免费查看|本文来自投稿[^。]*|更多精彩内容请访问\S*|点击查看全文|内容已隐藏|免费下载全文)\s*")),
    ("url", regex.compile(r"https?://[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+")),
]

# Cheap gates (speed only, never a rule of their own). A line can match some LINE_RULE
# only if it starts with one of _LINE_PREFIXES or contains one of _LINE_WORDS: each
# rule above requires one of these literals (anchored rules: at the start of the
# line). Lines passing the gate go through LINE_RULES in order, as before; the
# rest (nearly every body paragraph) skip the 13 searches. Keep these in step
# with LINE_RULES when a rule is added or changed.
_LINE_PREFIXES = (
    # page_header (first rule), source_footer (first rule), related_footer, mobile
    "网站", "时间", "来源网站", "发布时间", "发布日期", "更新时间", "作者", "栏目", "人气", "浏览", "阅读", "点击",
    "来源", "出处", "原文链接", "链接地址", "本文链接", "文章来源", "转载请注明", "免责声明", "版权声明",
    "相关阅读", "最近更新", "推荐专题", "相关推荐", "猜你喜欢", "热门推荐", "相关文章", "上一篇", "下一篇", "返回顶部",
    "延伸阅读", "精选图文", "热门文章",
    "移动端", "手机版", "扫一扫", "扫码",
)
_LINE_WORDS = re.compile("|".join(re.escape(w) for w in (
    "首页", "主页", "位置", "范例", "范文", ">", "素材", "大全",  # nav
    "栏目", "释出于", "发布于",  # page_header (second rule)
    "由互联网用户整理提供", "转载", "版权归原作者", "请联系我们及时删除", "本站",  # source_footer (second rule)
    "本文关键词",  # keywords_marker
    "http", "www.",  # url
    "为大家", "为你", "给大家", "帮大家",  # lead_in
    "荟聚奇文", "博采众长",  # slogan
)))
# Each INLINE_RULE needs one of its strings in the line (inserted_text: every phrase
# holds 隐藏, 投稿, 精彩 or 全文).
_INLINE_WORDS = [re.compile("隐藏|投稿|精彩|全文"), re.compile("http")]

# Vocabulary of the spam lines SEO farms put at the top of pages.
# Literals only, so the stdlib engine finds exactly what regex would, faster.
_SPAM_WORDS = re.compile(r"无码|毛片|成人|av|AV|日韩|欧美|一区二区|高清|在线观看|在线播放|视频在线|午夜|精品国产|伦理|激情|特黄|人妻|国产|福利|网站")


def is_spam_line(line: str) -> bool:
    """A line of SEO spam: several adult/video-site keywords, comma-separated."""
    hits = len(_SPAM_WORDS.findall(line))
    return hits >= 4 or (hits >= 2 and len(line) < 60 and ("," in line or "，" in line))


_DIGITS = regex.compile(r"\d+")
_SPACES = regex.compile(r"\s+")


def line_key(line: str) -> str:
    """Line as compared across documents: no spaces, every number the same."""
    return _DIGITS.sub("0", _SPACES.sub("", line))


def frequent_lines(
    documents: Iterable[Iterable[str]],
    min_docs: int = 3,
    min_share: float = 0.2,
    max_len: int = 80,
) -> frozenset[str]:
    """Chrome not seen before: line keys repeated across many documents of a batch.

    Input: each document's lines (any iterable; the pipeline passes a batch of
    decoded files). A line counts once per document; lines longer than max_len
    (paragraphs) and short structural lines that speeches share legitimately
    (同志们：, 一、…) are never chrome. Output: the keys (see line_key) found in at
    least max(min_docs, min_share × batch size) documents. Pure and order-independent.
    """
    holders, signatures = line_holders(documents, max_len)
    return select_frequent(holders, signatures, min_docs, min_share)


Holders = dict[str, set[frozenset[str]]]


def line_holders(documents: Iterable[Iterable[str]], max_len: int = 80) -> tuple[Holders, set[frozenset[str]]]:
    """The counting half of frequent_lines, for one share of a batch (mergeable with merge_holders).

    Output: (candidate line key → signatures of the documents holding it, all document signatures).
    """
    # Copies of one speech (the same text on several sites) would make its own title
    # and headings look "frequent": documents are counted by a signature, their three
    # longest lines, so copies count once. Sentences (ending in 。！？) are never chrome.
    holders: Holders = {}
    signatures: set[frozenset[str]] = set()
    for lines in documents:
        keys = {line_key(ln) for ln in lines}
        keys.discard("")
        signature = frozenset(heapq.nsmallest(3, keys, key=lambda k: (-len(k), k)))  # = sorted(...)[:3]
        signatures.add(signature)
        for k in keys:
            if 4 <= len(k) <= max_len and not _STRUCTURAL.match(k) and not k.endswith(("。", "！", "？")):
                holders.setdefault(k, set()).add(signature)
    return holders, signatures


def merge_holders(shares: Iterable[tuple[Holders, set[frozenset[str]]]]) -> tuple[Holders, set[frozenset[str]]]:
    """Union of line_holders results computed over disjoint shares of one batch."""
    holders: Holders = {}
    signatures: set[frozenset[str]] = set()
    for h, sigs in shares:
        signatures |= sigs
        for k, v in h.items():
            holders.setdefault(k, set()).update(v)
    return holders, signatures


def select_frequent(holders: Holders, signatures: set[frozenset[str]], min_docs: int = 3, min_share: float = 0.2) -> frozenset[str]:
    """The deciding half of frequent_lines: keys held by at least max(min_docs, min_share × documents)."""
    need = max(min_docs, math.ceil(min_share * len(signatures)))
    return frozenset(k for k, sigs in holders.items() if len(sigs) >= need)


# Lines speeches share without being chrome: salutations, numbered headings, closings.
_STRUCTURAL = regex.compile(r"^(?:同志们|各位|谢谢|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.、])")


_BLANK_LINES = regex.compile(r"\n{2,}")


@lru_cache(maxsize=8)
def _key_ends(known_chrome: frozenset[str]) -> tuple[frozenset[str], frozenset[str]]:
    """First and last characters of the known chrome keys."""
    return frozenset(k[:1] for k in known_chrome), frozenset(k[-1:] for k in known_chrome)


def _may_be_known(line: str, known_chrome: frozenset[str]) -> bool:
    """False when line_key(line) cannot be in known_chrome (speed only: spares most lines the key).

    line is stripped and non-empty, so its key starts with line[0] (or '0' when that is
    a digit) and ends with line[-1] (or '0').
    """
    firsts, lasts = _key_ends(known_chrome)
    if line[0] not in firsts and ("0" not in firsts or not _DIGITS.match(line)):
        return False
    return line[-1] in lasts or ("0" in lasts and _DIGITS.match(line, len(line) - 1) is not None)


def _line_rule(line: str) -> str | None:
    """Name of the first LINE_RULE that matches the (stripped) line, or None."""
    if not (line.startswith(_LINE_PREFIXES) or _LINE_WORDS.search(line)):
        return None  # no rule can match: it lacks every literal they need
    for name, rule in LINE_RULES:
        if rule.search(line):
            return name
    return None


def strip_chrome(text: str, known_chrome: frozenset[str] = frozenset()) -> tuple[str, dict[str, int]]:
    """Remove chrome lines and inserted strings.

    Input: Simplified, normalised text; optionally line keys found frequent in the
    batch (frequent_lines). Output: (text, counts by rule name; 'batch_frequent'
    counts lines removed for being frequent across the batch).
    """
    counts: dict[str, int] = {}
    kept: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            kept.append("")
            continue
        if is_spam_line(stripped):
            counts["spam"] = counts.get("spam", 0) + 1
            continue
        if known_chrome and _may_be_known(stripped, known_chrome) and line_key(stripped) in known_chrome:
            counts["batch_frequent"] = counts.get("batch_frequent", 0) + 1
            continue
        rule_name = _line_rule(stripped)
        if rule_name is not None:
            counts[rule_name] = counts.get(rule_name, 0) + 1
            continue
        for (name, rule), gate in zip(INLINE_RULES, _INLINE_WORDS):
            if gate.search(stripped):
                stripped, n = rule.subn("", stripped)
                if n:
                    counts[name] = counts.get(name, 0) + n
        if stripped:
            kept.append(stripped)
    out = _BLANK_LINES.sub("\n", "\n".join(kept)).strip()
    return out, counts
