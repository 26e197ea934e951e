"""Characters and punctuation: ASCII digits and %, Chinese punctuation, no spaces in numbers.

NFKC alone would turn ，into an ASCII comma, so full-width forms are folded by
hand: digits, Latin letters, %, . and + become ASCII; sentence punctuation
between Chinese characters becomes the Chinese form.
"""

from __future__ import annotations

import re

import regex

_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({"％": "%", "．": ".", "＋": "+", "／": "/", "＊": "*", "～": "~", "－": "-",
                   "\u3000": " ", "\xa0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200b": "",
                   "\ufeff": "", "\r": ""})
_FOLD = str.maketrans(_FULLWIDTH)
_HAS_FULLWIDTH = regex.compile("[" + regex.escape("".join(_FULLWIDTH)) + "]")
# Runs of foldable characters, found with the stdlib engine (a literal set: same
# matches as _HAS_FULLWIDTH, and a bitmap scan is several times faster than
# str.translate over a whole CJK text).
_FULLWIDTH_RUN = re.compile("[" + re.escape("".join(_FULLWIDTH)) + "]+")

_HAN = r"\p{Han}"
_PUNCT_MAP = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# ASCII sentence punctuation touching a Chinese character (or a closing quote) is Chinese punctuation.
_ASCII_PUNCT = regex.compile(rf"(?<=[{_HAN}”’）%])[ \t]*([,;:?!])[ \t]*|[ \t]*([,;:?!])[ \t]*(?=[{_HAN}“‘（])")
_PARENS = regex.compile(rf"\(([^()\n]{{0,80}}?[{_HAN}][^()\n]{{0,80}}?)\)")
# Digit groups, ASCII or full-width (old reports write 1，497，616，000元): three digits and no more,
# so a list of numbers (1/10，4386万) is never read as one.
_THOUSANDS = regex.compile(r"(?<![\d.])(\d{1,3})((?:[,，]\d{3})+)(?![\d%])(?=\s*[\p{Han}])")
# Spaces inside numbers and between a number and its unit or %.
_SPACE_IN_NUMBER = regex.compile(r"(?<=\d)[ \t]+(?=%|\.\d)|(?<=\d\.)[ \t]+(?=\d)"
                                  # digits spaced out by a scan (3 5 5 5万人): three or more single digits
                                  r"|(?<=(?<![\d.])\d(?: \d)*) (?=\d(?: \d)*(?![\d.])(?<=\d \d \d|\d \d \d \d|\d(?: \d){4,}))")
_SPACE_BEFORE_UNIT = regex.compile(rf"(?<=\d)[ \t]+(?=[{_HAN}%])")
_SPACE_AFTER_HAN = regex.compile(rf"(?<=[{_HAN}])[ \t]+(?=[\d{_HAN}])")
_DASHES = regex.compile(r"(?<=\d)\s*[—–―~〜]{1,2}\s*(?=\d)")
_MULTISPACE = regex.compile(r"[ \t]{2,}")
# A middle dot as the decimal point, as older typeset reports print it (增长14·1%); never in names
# such as “23·7”洪水, which no % or unit follows.
_MIDDOT_DECIMAL = regex.compile(rf"(?<=\d)[·・•‧](?=\d+(?:%|[{_HAN}]))")
# Cheap necessary conditions, so a pass runs only on text it could change.
_ANY_ASCII_PUNCT = re.compile(r"[,;:?!]")
_DIGIT_DASH = regex.compile(r"\d\s*[—–―~〜]")  # every _DASHES match starts this way


def _has_space(text: str) -> bool:
    return " " in text or "\t" in text


def _fold(text: str) -> tuple[str, int]:
    """text.translate(_FOLD) and the number of characters it folded, in one scan."""
    n = 0

    def _run(m: re.Match[str]) -> str:
        nonlocal n
        run = m.group()
        n += len(run)
        return run.translate(_FOLD)

    return _FULLWIDTH_RUN.sub(_run, text), n


def normalize_text(text: str) -> tuple[str, int]:
    """Fold full-width forms, unify punctuation and remove spaces inside numbers.

    Returns (text, number of repairs: characters folded plus substitutions made).
    """
    text, n = _fold(text)
    if "," in text or "，" in text:
        text, k = _THOUSANDS.subn(lambda m: m.group(1) + m.group(2).replace(",", "").replace("，", ""), text)
        n += k
    # Each pass runs only when a cheap test on the current text says it could match.
    for pattern, repl, needed in (
        (_ASCII_PUNCT, lambda m: _PUNCT_MAP[m.group(1) or m.group(2)], lambda t: _ANY_ASCII_PUNCT.search(t) is not None),
        (_PARENS, r"（\1）", lambda t: "(" in t),
        (_SPACE_IN_NUMBER, "", _has_space),
        (_SPACE_BEFORE_UNIT, "", _has_space),
        (_SPACE_AFTER_HAN, "", _has_space),
        (_DASHES, "-", lambda t: _DIGIT_DASH.search(t) is not None),
        (_MULTISPACE, " ", lambda t: "  " in t or "\t" in t),
        (_MIDDOT_DECIMAL, ".", lambda t: "·" in t or "・" in t or "•" in t or "‧" in t),
    ):
        if needed(text):
            text, k = pattern.subn(repl, text)
            n += k
    return text, n
