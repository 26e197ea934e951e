"""Dimension attributes derived from statement fields: department level and name, deadline dates."""

from __future__ import annotations

import calendar
import datetime as dt

import polars as pl
import regex

from transforms.extract.lexicon import Lexicon, load_lexicon

_LEVEL_PREFIX = regex.compile(r"^(省|市|区|县|镇|乡|街道)")
_ABBREVIATIONS = {"执法局": "城市管理综合执法局", "建委": "住房和城乡建设委员会", "环保局": "生态环境局",
                  "卫计委": "卫生和计划生育委员会", "住建局": "住房和城乡建设局", "发改委": "发展和改革委员会",
                  "农经委": "农村经济委员会", "经科局": "经济和科技局", "工商局": "工商行政管理局"}
_MONTH_END = regex.compile(r"(\d{1,2})月(?:底|末)?(?:前|以前|之前)?")
_YEAR_END = regex.compile(r"^(?:年底|年末|年内|今年|全年|年底前|年内完成)")
_BY_YEAR = regex.compile(r"(?:到|至|于)?((?:19|20)\d{2})年")


def department_level(name: str) -> str | None:
    """Government level named by a department's prefix (市执法局 → 市); None when unprefixed."""
    m = _LEVEL_PREFIX.match(name)
    return m.group(1) if m else None


def normalise_department(name: str) -> str:
    """Department name without its level prefix, common abbreviations expanded (市执法局 → 城市管理综合执法局)."""
    bare = _LEVEL_PREFIX.sub("", name, count=1) or name
    return _ABBREVIATIONS.get(bare, bare)


def resolve_deadline(deadline_text: str | None, speech_year: int | None) -> dt.date | None:
    """Deadline text → last day it allows, when the speech year is known.

    '6月底前' with year 2019 → 2019-06-30; '年底前'/'年内' → 12-31 of that year;
    '到2020年' → 2020-12-31 (independent of the speech year); '到20xx年' → None.
    """
    if not deadline_text:
        return None
    if m := _BY_YEAR.search(deadline_text):
        return dt.date(int(m.group(1)), 12, 31)
    if speech_year is None:
        return None
    if m := _MONTH_END.search(deadline_text):
        month = int(m.group(1))
        if 1 <= month <= 12:
            return dt.date(speech_year, month, calendar.monthrange(speech_year, month)[1])
        return None
    if _YEAR_END.search(deadline_text):
        return dt.date(speech_year, 12, 31)
    return None


def indicator_links(names: list[str], lexicon: Lexicon | None = None) -> pl.DataFrame:
    """[indicator_name, canonical_name, category] of each extracted name: its lexicon entry, or NULLs outside it.

    Re-links names loaded before the lexicon last grew (the lexicon default: schemas/indicator_lexicon.csv).
    """
    lex = lexicon or load_lexicon()
    hits = [lex.match(n) for n in names]
    return pl.DataFrame(
        {"indicator_name": names,
         "canonical_name": [h.canonical_name if h else None for h in hits],
         "category": [h.category if h else None for h in hits]},
        schema={"indicator_name": pl.String, "canonical_name": pl.String, "category": pl.String},
    )
