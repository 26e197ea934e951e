"""Indicator-statement extraction: cleaned speech text → quantitative statements.

Public API: `extract_statements(text) -> list[Statement]` and `load_lexicon()`.
"""

from transforms.extract.lexicon import Lexicon, LexiconEntry, load_lexicon
from transforms.extract.statements import Statement, extract_statements

__all__ = ["Lexicon", "LexiconEntry", "Statement", "extract_statements", "load_lexicon"]
