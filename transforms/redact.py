"""Redactions in scraped speeches (201*年, 20xx年, XX市, X届X次) → one token per kind.

Tokens: a redacted year becomes '20xx' (never a partial year like 201 or 20),
a redacted name 'XX', a redacted ordinal 'X'. The counts say what was found.
"""

from __future__ import annotations

import re

import regex

YEAR_TOKEN = "20xx"
NAME_TOKEN = "XX"

_YEAR = regex.compile(r"(?<![0-9A-Za-z])(?:(?:19|20)[0-9]?[*＊xXｘＸ×]{1,3}|[12][0-9][*＊xXｘＸ]{2}|[*＊xXｘＸ]{4})(?=\s*年)")
_YEAR_BARE = regex.compile(r"(?<![0-9A-Za-z])20[xXｘＸ]{2}(?![0-9A-Za-z])(?!\s*年)")  # 20xx届 …; 20xx年 is _YEAR's
_NAME = regex.compile(r"(?<![A-Za-z0-9])(?:[xXｘＸ×]{2,3}|[*＊]{2,3}|○○|〇〇|某某)(?![A-Za-z])")
_ORDINAL = regex.compile(r"(?<![A-Za-z0-9])[xXｘＸ](?=[届次])")
# A single X standing for a name between Chinese characters (代表着X的形象, 幸福X奋斗目标).
_NAME_SINGLE = regex.compile(r"(?<=[\p{Han}，、])[xXｘＸ](?![届次\p{Latin}\d])(?=[\p{Han}])")
_BLANK = regex.compile(r"(?<=\p{Han})_{1,}(?=\p{Han})")
# Speed only. Every match of a pattern above contains one of these characters, so
# one scan for them tells which passes can change the text; the rest are skipped.
# (After a pass that changed the text, the scan is repeated.)
_REDACT_CHARS = re.compile("[*＊xXｘＸ×○〇某_]")
_YEAR_MARKS = frozenset("*＊xXｘＸ×")
_X_MARKS = frozenset("xXｘＸ")  # _YEAR_BARE, _ORDINAL, _NAME_SINGLE
_NAME_MARKS = frozenset("xXｘＸ×*＊○〇某")
_YEAR_GATE = re.compile(r"[*＊xXｘＸ×]\s*年")  # stdlib \s is a superset of regex's: still a necessary test
_NAME_PAIR = re.compile("[xXｘＸ×*＊][xXｘＸ×*＊]")  # with ○○ 〇〇 某某: what every _NAME match contains


def _marks(text: str) -> frozenset[str]:
    return frozenset(_REDACT_CHARS.findall(text))


def _name_possible(text: str, marks: frozenset[str]) -> bool:
    return bool(marks & _NAME_MARKS) and (
        "某某" in text or "○○" in text or "〇〇" in text or _NAME_PAIR.search(text) is not None
    )


def tokenize_redactions(text: str) -> tuple[str, dict[str, int]]:
    """Replace every redaction with its standard token.

    Returns (text, counts by kind: redacted_year, redacted_name, redacted_ordinal, redacted_blank).
    """
    counts: dict[str, int] = {"redacted_year": 0, "redacted_name": 0, "redacted_ordinal": 0, "redacted_blank": 0}
    marks = _marks(text)
    if not marks:
        return text, counts
    if marks & _YEAR_MARKS and _YEAR_GATE.search(text):
        text, n = _YEAR.subn(YEAR_TOKEN, text)
        counts["redacted_year"] += n
        if n:
            marks = _marks(text)
    if marks & _X_MARKS:
        text, n = _YEAR_BARE.subn(YEAR_TOKEN, text)
        counts["redacted_year"] += n
        if n:
            marks = _marks(text)
    if _name_possible(text, marks):
        text, counts["redacted_name"] = _NAME.subn(NAME_TOKEN, text)
        if counts["redacted_name"]:
            marks = _marks(text)
    if marks & _X_MARKS:
        text, counts["redacted_ordinal"] = _ORDINAL.subn("X", text)
        text, n = _NAME_SINGLE.subn(NAME_TOKEN, text)
        counts["redacted_name"] += n
    if "_" in marks:
        text, counts["redacted_blank"] = _BLANK.subn(NAME_TOKEN, text)
    return text, counts
