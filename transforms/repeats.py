"""Blocks of text repeated inside one document: keep the first copy only (issue #17, pattern 9).

Scraped pages sometimes hold their text twice (a report pasted twice into one
file, a page whose body is printed again below itself). Every statement in the
second copy would be extracted a second time. This module finds runs of lines
that repeat an earlier run of the same text and drops the later copy.

What counts as a repeat:

* lines are compared with all whitespace removed, so re-spaced or re-indented
  copies still match; blank lines neither start nor break a run;
* a run of consecutive lines equal, in order, to an earlier run of the same
  text is dropped when it holds at least MIN_BLOCK_CHARS (200) non-space
  characters, in one line or in many;
* shorter runs stay: headings (一、…), salutations (同志们：), closings
  (谢谢大家！) and short stock phrases legitimately recur in one speech.

Why 200 (measured on the 80 files of ../shared/corpus and the 5 seeds, after
chrome removal): outside the doubled 1991 national report, the longest run of
lines that recurs in any file is 51 characters (a provincial report printing
its title and date line twice); the next is a 32-character pair of headings.
The 1991 copy is one run of 74 lines and 13,000 characters. Paragraphs (the
non-blank lines of ../shared/corpus) have a median of 156 characters and 39%
reach 200, so 200 is about one full paragraph: a single paragraph repeated
verbatim goes, while any run of short lines needs ten-odd headings in the same
order before it counts. No line-count floor is
needed on top: the character floor already spares every run of short lines
that recurs in the corpus, and a two-paragraph copy is as much a copy as a
three-paragraph one.

The search is linear in practice: each line is hashed once (a dict from
compacted line to its first positions), and a run is extended line by line
from an anchor, then skipped over; no substring search over the whole text.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

MIN_BLOCK_CHARS = 200  # non-space characters a repeated run must hold (see the module docstring)
_MAX_ANCHORS = 64  # earlier positions tried per line: bounds the work on a line repeated very often

_SPACE_RUN = regex.compile(r"\s+")


def _key(line: str) -> str:
    return _SPACE_RUN.sub("", line)


def _substantial(keys: Sequence[str], start: int, length: int) -> bool:
    chars = 0
    for k in keys[start: start + length]:
        chars += len(k)
        if chars >= MIN_BLOCK_CHARS:
            return True
    return False


def drop_repeated_blocks(text: str) -> tuple[str, int]:
    """Remove later copies of blocks of lines repeated inside ``text``; return (text, blocks removed).

    Input: one document's text, lines separated by "\\n".
    A block is a run of consecutive non-blank lines whose whitespace-free forms
    equal those of an earlier run in the same text that ends before it starts.
    It is removed (with the blank lines inside it) when it holds at least
    MIN_BLOCK_CHARS non-space characters; lines right around it that also occur
    earlier go with it (see _with_fringe). The first copy is always kept; a
    third copy is matched against the first and removed as well.

    Output: the text with those blocks removed, every other line byte-for-byte
    as it was; when nothing is removed the input string itself is returned.
    The count is the number of blocks removed (a whole text given twice is one).
    """
    raw = text.split("\n")
    idx = [i for i, ln in enumerate(raw) if ln.strip()]  # positions of non-blank lines in raw
    keys = [_key(raw[i]) for i in idx]
    n = len(keys)
    if n < 2:
        return text, 0

    first_at: dict[str, int] = {}  # where each line first occurs (for the fringe of a block)
    for m, key in enumerate(keys):
        first_at.setdefault(key, m)
    first_seen: dict[str, list[int]] = {}  # line → its first positions seen so far (the anchors)
    drop = bytearray(n)  # 1 = non-blank line k belongs to a removed block
    blocks = 0
    k = 0
    while k < n:
        key = keys[k]
        best_len = best_j = 0
        for j in first_seen.get(key, ()):
            length = 0
            # Extend while lines match and the earlier copy ends before this one starts.
            while k + length < n and j + length < k and keys[j + length] == keys[k + length]:
                length += 1
            if length > best_len:
                best_len, best_j = length, j
        if best_len and _substantial(keys, k, best_len):
            start, end = _with_fringe(keys, first_at, drop, k, k + best_len, best_j + best_len)
            for m in range(start, end):
                drop[m] = 1
            for m in range(k, end):
                _remember(first_seen, keys[m], m)
            blocks += 1
            k = end
            continue
        _remember(first_seen, key, k)
        k += 1

    if not blocks:
        return text, 0
    # Blank raw lines inside a removed block go with it; all others stay.
    keep_raw = [True] * len(raw)
    for k in range(n):
        if drop[k]:
            keep_raw[idx[k]] = False
            if k + 1 < n and drop[k + 1]:
                for r in range(idx[k] + 1, idx[k + 1]):
                    keep_raw[r] = False
    return "\n".join(ln for ln, keep in zip(raw, keep_raw) if keep), blocks


def _with_fringe(
    keys: Sequence[str], first_at: dict[str, int], drop: bytearray, start: int, end: int, floor: int
) -> tuple[int, int]:
    """Widen a repeated run [start, end) by the lines right around it that also occur earlier.

    A copy is not always line-for-line: the 1991 national report gives its title
    and date line, then a line its second copy lacks, then the text. The second
    copy's title and date line then form a short run of their own, cut off from
    the long one; they are part of the same copy and go with it. Only lines that
    already occur earlier in the text (anywhere before themselves) join, and the
    widening stops at the first line that does not, so no new text is removed;
    backwards it never reaches into the earlier copy (which ends before ``floor``).
    """
    while start > floor and not drop[start - 1] and first_at[keys[start - 1]] < start - 1:
        start -= 1
    while end < len(keys) and first_at[keys[end]] < end:
        end += 1
    return start, end


def _remember(first_seen: dict[str, list[int]], key: str, pos: int) -> None:
    positions = first_seen.setdefault(key, [])
    if len(positions) < _MAX_ANCHORS:
        positions.append(pos)
