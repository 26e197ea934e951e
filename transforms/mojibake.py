"""GBK byte-slip mojibake runs ("?梢哉f(shuō)" for 可以說) — a first cut: mask them.

Runs before pinyin glosses are stripped, because the gloss marks where a slip
happened: Latin letters or '?' glued before a gloss ('F(xiàn)在') are the
remains of a character, and a '?' between Chinese characters is a lost byte.
Unrepaired runs are masked with MASK so that no indicator name or value can be
read from them; the count is reported.
"""

from __future__ import annotations

import regex

from transforms.pinyin import GLOSS

MASK = "□"
_SLIP_BEFORE_GLOSS = regex.compile(rf"(?<=^|[\p{{Han}}，。、,.：:\s])[A-Za-z?]{{1,2}}(?={GLOSS.pattern})", regex.M)
_SLIP_Q = regex.compile(r"(?<=[\p{Han}，。、,])\?(?=\p{Han})")


def repair(text: str) -> tuple[str, dict[str, int]]:
    """Mask byte-slip runs. Returns (text, {'mojibake_masked': n})."""
    text, a = _SLIP_BEFORE_GLOSS.subn(MASK, text)
    text, b = _SLIP_Q.subn(MASK, text)
    return text, {"mojibake_masked": a + b}
