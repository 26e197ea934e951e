"""Traditional → Simplified script, with the Taiwan-conversion artefacts repaired.

Scraped copies are often a mainland text machine-converted to Taiwan usage and
back, leaving phrase artefacts (巨集觀 for 宏观, 專案 for 项目). OpenCC's tw2s fixes
characters but not those phrases; tw2sp fixes them but breaks ordinary mainland
words (指标→指针, 建立→创建), fatal here. So: tw2s, then a small curated artefact
dictionary applied only when a document carries those fingerprints.
"""

from __future__ import annotations

import re
from functools import lru_cache

import opencc
import regex

# Artefact (after tw2s) → mainland word. Keys are what tw2s leaves behind.
ARTEFACTS: dict[str, str] = {
    "巨集": "宏",
    "专案": "项目",
    "视窗": "窗口",
    "社群": "社区",
    "程式": "程序",
    "资讯": "信息",
    "硬体": "硬件",
    "软体": "软件",
    "回圈": "循环",
    "迴圈": "循环",
    "分割槽": "分区",
    "许可权": "权限",
    "国小": "小学",
    "释出": "发布",
    "资料库": "数据库",
    "列印": "打印",
    "介面": "界面",
    "智慧型": "智能",
    "城市化程序": "城市化进程",
    "化程序": "化进程",  # 市场化程序, 现代化程序: TW 程序 stands for mainland 进程 after -化
    "借鑑": "借鉴",
}
# Fingerprints: artefacts that never occur in genuine mainland text, so their
# presence proves a round-trip conversion and licenses the whole dictionary.
FINGERPRINTS = ("巨集", "专案", "视窗", "回圈", "迴圈", "分割槽", "许可权", "释出", "资料库", "智慧型", "城市化程序", "国小")

_ARTEFACT_RE = regex.compile("|".join(sorted((regex.escape(k) for k in ARTEFACTS), key=len, reverse=True)))
# Characters that exist only in Traditional script (a sample of frequent ones).
_NOT_HAN = regex.compile(r"\P{Han}+")
_TRAD_ONLY = regex.compile(r"[們個這說為國會時過來對學發開還與經當頭點實現問題]")
# Speed only: a literal set / literal alternation, scanned by the stdlib engine.
_ANY_TRAD_ONLY = re.compile(_TRAD_ONLY.pattern)
_ANY_FINGERPRINT = re.compile("|".join(re.escape(fp) for fp in FINGERPRINTS))


@lru_cache(maxsize=2)
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def traditional_share(text: str) -> float:
    """Share of frequent Traditional-only characters among Han characters (0..1)."""
    sample = text[:20000]
    trad = len(_ANY_TRAD_ONLY.findall(sample))  # single characters: cheap to count as a list
    if not trad:
        return 0.0  # what the division below gives, without counting Han characters
    han = len(_NOT_HAN.sub("", sample))  # counting by deletion: no list of matches
    return trad / han if han else 0.0


def to_simplified(text: str) -> tuple[str, str, int]:
    """Convert to Simplified Chinese.

    Returns (simplified text, source script 'traditional'|'simplified'|'mixed',
    number of artefact phrases repaired).
    """
    share = traditional_share(text)
    script = "traditional" if share > 0.02 else ("mixed" if share > 0.002 else "simplified")
    converted = _converter("tw2s").convert(text) if script != "simplified" else text
    repaired = 0
    if _ANY_FINGERPRINT.search(converted):  # any(fp in converted for fp in FINGERPRINTS)
        def _fix(m: regex.Match[str]) -> str:
            nonlocal repaired
            repaired += 1
            return ARTEFACTS[m.group(0)]

        converted = _ARTEFACT_RE.sub(_fix, converted)
    return converted, script, repaired
