"""Speech metadata from page headers and text: dates, URL, site, speaker role, admin level, off-topic score."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlparse

import regex

_PUBLISHED = regex.compile(r"(?:时间|发布时间|发布日期|日期|更新时间)\s*[：:]\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_URL = regex.compile(r"https?://[A-Za-z0-9._~:/?#@!$&'()*+,;=%-]+")
_SITE = regex.compile(r"(?:^|[|｜\s])网站\s*[：:]\s*([^|｜\s]{2,30})")
_CN_DATE = regex.compile(r"(?<![0-9])((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日")
_ROLES = ["副市长", "副区长", "副县长", "副省长", "副书记", "市长", "区长", "县长", "省长", "镇长", "书记", "主任", "局长", "主席", "常委", "部长", "厅长", "秘书长"]
_LEVELS = {"省": r"全省|我省|本省", "市": r"全市|我市|本市", "区": r"全区|我区|本区", "县": r"全县|我县|本县", "镇": r"全镇|我镇|本镇"}
_OFFTOPIC_STOP = {"讲话", "会上", "上的", "工作", "会议", "的讲", "作会", "通用", "发言", "致辞"}


@dataclass(frozen=True)
class PageMeta:
    """Facts a scraped page gives about itself: publication time, source URL and site."""

    published_at: dt.datetime | None
    source_url: str | None
    site: str | None


def page_meta(text: str) -> PageMeta:
    """Publication time, source URL and site from page header/footer lines (before chrome removal)."""
    published = None
    if m := _PUBLISHED.search(text):
        y, mo, d, h, mi, s = (int(g) if g else 0 for g in m.groups())
        try:
            published = dt.datetime(y, mo, d, h, mi, s)
        except ValueError:
            published = None
    url_m = _URL.search(text)
    url = url_m.group(0).rstrip("。，,") if url_m else None
    site = None
    if url:
        host = urlparse(url).hostname or ""
        parts = host.split(".")
        site = ".".join(parts[-2:]) if len(parts) >= 2 else host or None
    elif m := _SITE.search(text):
        site = m.group(1)
    return PageMeta(published, url, site)


def speech_date(title: str | None, body: str) -> dt.date | None:
    """Date the speech itself states (title first, then the last 300 characters, then the first 300)."""
    for chunk in (title or "", body[-300:], body[:300]):
        if m := _CN_DATE.search(chunk):
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
    return None


def speaker_role(title: str | None) -> str | None:
    """Speaker role named in a title (区长, 市长, 书记 …), the most specific first."""
    if not title:
        return None
    for role in _ROLES:
        if role in title:
            return role
    return None


def admin_level(body: str) -> str | None:
    """Administrative level of the speaking government from self-references (我市/全市 → 市 …)."""
    counts = {lvl: len(regex.findall(pat, body)) for lvl, pat in _LEVELS.items()}
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > 0 else None


def topic_score(compilation_title: str | None, body: str) -> float | None:
    """How strongly a compilation part is about its compilation's title (0..1); None outside compilations.

    Share of the title's content bigrams that occur in the body; parts scoring
    low are flagged off-topic (kept, never dropped).
    """
    if not compilation_title:
        return None
    t = regex.sub(r"[（(].*?[)）]|[^\p{Han}]", "", compilation_title)
    grams = {t[i: i + 2] for i in range(len(t) - 1)} - _OFFTOPIC_STOP
    if not grams:
        return None
    return round(sum(1 for g in grams if body.count(g) >= 2) / len(grams), 3)


OFF_TOPIC_THRESHOLD = 0.34
