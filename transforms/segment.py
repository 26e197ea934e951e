"""Document → speeches: summary blocks, compilations (篇1…篇N), titles, in-page repeats."""

from __future__ import annotations

from dataclasses import dataclass

import regex

PART_MARKER = regex.compile(r"^[ \t]*(?P<title>[^\n]{2,80}?)[ \t]*[（(]?[ \t]*篇[ \t]*(?P<n>[0-9]{1,2}|[一二三四五六七八九十]{1,3})[ \t]*[)）]?[ \t]*$", regex.M)
SUMMARY_MARKER = regex.compile(r"本文简介\s*[：:]?")
# An outline or abstract printed above the speech, on one line: 【提纲】一、… (它 repeats the headings).
OUTLINE_LINE = regex.compile(r"^\s*【(?:提纲|摘要|导读|内容提要|内容摘要)】")
CONTENT_MARKER = regex.compile(r"本文内容\s*[：:]?")
_SENTENCE_END = regex.compile(r"[。！？；]")
_TITLE_HINT = regex.compile(r"讲话|发言|致辞|报告|讲话稿|动员|会议|部署|在.{2,40}上")
_COMPILATION_TITLE = regex.compile(r"[（(](?:通用|精选|汇编|优选|共|合集)?\s*[0-9一二三四五六七八九十]{1,3}\s*篇[）)]|\d+篇$")


@dataclass(frozen=True)
class Part:
    """One speech cut out of a document: 1-based part_no, title (may be None), body lines joined by newline."""

    part_no: int
    title: str | None
    body: str
    compilation_title: str | None


_SPACE_RUN = regex.compile(r"\s+")


def _compact(s: str) -> str:
    return _SPACE_RUN.sub("", s)


def drop_summary_blocks(text: str) -> tuple[str, int]:
    """Remove 本文简介 summary blocks (a truncated copy of the opening) and 本文内容 markers.

    Also removes any early paragraph that is a strict prefix of the text that follows it,
    which is how summaries look without markers. The full copy is always the one kept.
    Returns (text, blocks removed).
    """
    lines = text.split("\n")
    removed = 0
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "本文简介" in line and SUMMARY_MARKER.search(line):
            # Drop the marker line's summary part and the following lines up to the 本文内容 marker.
            j = i + 1
            while j < len(lines) and not CONTENT_MARKER.search(lines[j]) and j - i <= 6:
                j += 1
            if j < len(lines) and CONTENT_MARKER.search(lines[j]):
                head = SUMMARY_MARKER.split(line)[0].strip()
                if head:
                    out.append(head)
                removed += 1
                i = j
                continue
        if "本文内容" in line and CONTENT_MARKER.search(line):
            head = CONTENT_MARKER.split(line)[0].strip()
            if head and (not out or _compact(out[-1]) != _compact(head)):
                out.append(head)
            tail = CONTENT_MARKER.split(line, maxsplit=1)[1].strip()
            if tail:
                out.append(tail)
            i += 1
            continue
        out.append(line)
        i += 1

    # Marker-less summaries: an early long line that the following text repeats in full.
    result: list[str] = []
    for k, line in enumerate(out):
        if k < 15:
            if OUTLINE_LINE.match(line):
                removed += 1
                continue
            c = _compact(line)
            if len(c) >= 40 and _repeated_below(c, out[k + 1: k + 40]):
                removed += 1
                continue
        result.append(line)
    return "\n".join(result), removed


def _repeated_below(c: str, following_lines: list[str]) -> bool:
    """True when the following lines, compacted and joined, start with c (less up to 3
    trailing characters) and are longer than c.

    Compacting is per character, so only as many lines as make the text longer than c
    are compacted (a long document is not compacted 15 times over for this).
    """
    head: list[str] = []
    n = 0
    for ln in following_lines:
        piece = _compact(ln)
        head.append(piece)
        n += len(piece)
        if n > len(c):
            return "".join(head).startswith(c[: max(40, len(c) - 3)])
    return False  # the following text is not longer than c


def _is_title_like(line: str) -> bool:
    s = line.strip()
    return 4 <= len(s) <= 80 and not _SENTENCE_END.search(s[:-1] if s.endswith("。") is False else s) and not s.endswith(("：", ":"))


def pick_title(lines: list[str]) -> tuple[str | None, int]:
    """Choose a title among the leading lines; returns (title, index of first body line).

    Leading title-like lines (short, no sentence punctuation) are consumed; the
    one with a speech hint (讲话, 会议 …) wins, otherwise the first one.
    """
    candidates: list[str] = []
    k = 0
    while k < len(lines) and k < 8 and _is_title_like(lines[k]) and not lines[k].startswith(("同志们", "各位")):
        candidates.append(lines[k].strip())
        k += 1
    if not candidates:
        return None, 0
    hinted = [c for c in candidates if _TITLE_HINT.search(c)]
    title = (hinted or candidates)[0]
    return title, k


def split_parts(text: str) -> list[Part]:
    """Split a cleaned document into speeches.

    Compilations ("… 篇1" … "… 篇N" lines) give one Part per 篇 with that line's
    title; any other document is one Part. Repeats of the compilation title inside
    a part are removed.
    """
    lines = [ln for ln in text.split("\n") if ln.strip()]
    # A marker line needs the character 篇: the cheap test spares the regex on every body line.
    markers = [(i, m) for i, ln in enumerate(lines) if "篇" in ln and (m := PART_MARKER.match(ln.strip()))]
    numbered = [(i, m) for i, m in markers if not _COMPILATION_TITLE.search(lines[i])]
    if len(numbered) >= 2:
        compilation_title, _ = pick_title(lines[: numbered[0][0]])
        parts: list[Part] = []
        for idx, (start, m) in enumerate(numbered):
            end = numbered[idx + 1][0] if idx + 1 < len(numbered) else len(lines)
            body_lines = [
                ln for ln in lines[start + 1: end]
                if not (compilation_title and _compact(ln) == _compact(compilation_title))
                and not _COMPILATION_TITLE.search(ln.strip()) or _SENTENCE_END.search(ln)
            ]
            # The part's own heading, when the page gives one right after the 篇N line;
            # otherwise the 篇N line itself (shared name + number keeps the parts apart).
            own, first = pick_title(body_lines[:3])
            if own and _TITLE_HINT.search(own) and _compact(own) != _compact(m.group("title")):
                title = own
                body_lines = body_lines[first:]
            else:
                title = f"{m.group('title').strip()} 篇{m.group('n')}"
            body_lines = drop_title_repeats(body_lines, [title, m.group("title")])
            parts.append(Part(idx + 1, title, "\n".join(body_lines).strip(), compilation_title))
        return parts
    title, first = pick_title(lines)
    body_lines = drop_title_repeats(lines[first:], [title] if title else [])
    return [Part(1, title, "\n".join(body_lines).strip(), None)]


def drop_title_repeats(body_lines: list[str], titles: list[str | None]) -> list[str]:
    """Drop standalone body lines that only repeat the title (pages print it again at the foot).

    Only whole lines equal to a title go; a sentence that merely contains the
    title is kept, so a body line is never cut short.
    """
    keys = {_compact(t) for t in titles if t}
    keys |= {regex.sub(r"^[（(]?篇\d+[)）]?|篇\d+$", "", k) for k in keys}
    return [ln for ln in body_lines if _compact(ln) not in keys]


def split_original(original: str, n_parts: int) -> list[str]:
    """Cut the original (uncleaned) text at the same 篇 markers; whole text per part when they do not line up."""
    if n_parts <= 1 or "篇" not in original:
        return [original] * n_parts
    starts = [m.start() for m in PART_MARKER.finditer(original) if not _COMPILATION_TITLE.search(m.group(0))]
    if n_parts > 1 and len(starts) == n_parts:
        bounds = starts + [len(original)]
        return [original[bounds[i]: bounds[i + 1]] for i in range(n_parts)]
    return [original] * n_parts
