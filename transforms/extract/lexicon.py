"""The indicator lexicon (schemas/indicator_lexicon.csv): canonical names, aliases, categories."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).resolve().parents[2] / "schemas" / "indicator_lexicon.csv"
_MIN_SUFFIX = 4  # an alias matched as a name's suffix must be at least this long


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One lexicon row: canonical name, its aliases, category and unit kind."""

    canonical_name: str
    aliases: tuple[str, ...]
    category: str
    unit_kind: str | None


@dataclass(frozen=True)
class Lexicon:
    """Entries plus a lookup from every spelling (canonical or alias) to its entry."""

    entries: tuple[LexiconEntry, ...]
    by_name: dict[str, LexiconEntry]
    tails: frozenset[str] = frozenset()  # last two characters of every spelling: a cheap pre-filter
    memo: dict = field(default_factory=dict, compare=False, repr=False)  # name → entry, filled by match

    def match(self, name: str) -> LexiconEntry | None:
        """Entry for an extracted indicator name: exact spelling first, else the longest
        known spelling (≥ 4 characters) the name ends with (全省城市污水集中处理率 → 污水集中处理率)."""
        if name[-2:] not in self.tails:
            return None
        memo = self.memo
        if name in memo:
            return memo[name]
        hit = self._match(name)
        if len(memo) < 100_000:
            memo[name] = hit
        return hit

    def _match(self, name: str) -> LexiconEntry | None:
        hit = self.by_name.get(name)
        if hit is not None:
            return hit
        for k in range(max(0, len(name) - 16), len(name) - _MIN_SUFFIX + 1):
            hit = self.by_name.get(name[k:])
            if hit is not None:
                return hit
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


def _read(path: Path) -> Lexicon:
    entries: list[LexiconEntry] = []
    by_name: dict[str, LexiconEntry] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            canonical = row["canonical_name"].strip()
            if not canonical:
                continue
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            entry = LexiconEntry(canonical, aliases, (row.get("category") or "").strip(),
                                 (row.get("unit_kind") or "").strip() or None)
            entries.append(entry)
            for spelling in (canonical, *aliases):
                by_name.setdefault(spelling, entry)
    return Lexicon(tuple(entries), by_name, frozenset(k[-2:] for k in by_name))
