"""One decoded document → cleaned speeches with metadata and a cleaning report.

The order matters: pinyin glosses go before script conversion (they anchor on
the Traditional character), chrome rules run on Simplified, normalised text, and
redactions are tokenised last so no rule sees a half-token.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import regex

from transforms import chrome, html, metadata, mojibake, normalize, pinyin, redact, script, segment

_HAN = regex.compile(r"\p{Han}")


@dataclass(frozen=True)
class CleanSpeech:
    """One speech: cleaned Simplified body, its original text and what was repaired."""

    part_no: int
    title: str | None
    body: str
    original_text: str
    source_script: str
    published_at: dt.datetime | None
    source_url: str | None
    site: str | None
    speech_date: dt.date | None
    speaker_role: str | None
    admin_level: str | None
    compilation_title: str | None
    topic_score: float | None
    off_topic: bool
    redacted: bool
    report: dict[str, int] = field(default_factory=dict)


def clean_document(text: str) -> list[CleanSpeech]:
    """Clean one decoded document and cut it into speeches.

    Input: decoded text (plain or HTML). Output: one CleanSpeech per 篇 (at least
    one when any body text remains; an empty list when nothing does).
    """
    report: Counter[str] = Counter()
    original = text
    if html.looks_like_html(text):
        text = html.html_to_text(text)
        report["html_pages"] += 1
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, moji = mojibake.repair(text)
    report.update(moji)
    text, n = pinyin.strip_pinyin(text)
    report["pinyin_gloss"] += n
    text, src_script, n = script.to_simplified(text)
    report["script_artefact"] += n
    text, n = normalize.normalize_text(text)
    report["normalised_chars"] += n
    meta = metadata.page_meta(text)
    text, counts = chrome.strip_chrome(text)
    report.update(counts)
    text, n = segment.drop_summary_blocks(text)
    report["summary_block"] += n
    text, counts = redact.tokenize_redactions(text)
    report.update(counts)
    redacted = any(v for k, v in counts.items() if k.startswith("redacted"))

    parts = [p for p in segment.split_parts(text) if len(_HAN.findall(p.body)) >= 20]
    originals = segment.split_original(original, len(parts))
    out: list[CleanSpeech] = []
    for part, orig in zip(parts, originals):
        score = metadata.topic_score(part.compilation_title, part.body)
        out.append(
            CleanSpeech(
                part_no=part.part_no,
                title=part.title,
                body=part.body,
                original_text=orig,
                source_script=src_script,
                published_at=meta.published_at,
                source_url=meta.source_url,
                site=meta.site,
                speech_date=metadata.speech_date(part.title, part.body),
                speaker_role=metadata.speaker_role(part.title),
                admin_level=metadata.admin_level(part.body),
                compilation_title=part.compilation_title,
                topic_score=score,
                off_topic=score is not None and score < metadata.OFF_TOPIC_THRESHOLD,
                redacted=redacted,
                report={k: v for k, v in report.items() if v},
            )
        )
    return out
