"""One decoded document → cleaned speeches with metadata and a cleaning report.

Stages, in order (each counts what it did into the report):
mojibake → pinyin glosses → script → normalise → [page metadata] → chrome →
summary blocks → redactions → in-file repeats → segmentation. Chrome rules run on
Simplified, normalised text; redactions are tokenised last so no rule sees a
half-token.
Report counts are per document (a compilation's parts share them; the key
parts_in_document says how many parts did).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import regex

from transforms import chrome, html, metadata, mojibake, normalize, pinyin, redact, repeats, script, segment

_HAN = regex.compile(r"\p{Han}")
_MIN_BODY = regex.compile(r"(?:\p{Han}[^\p{Han}]*){20}")  # a part needs 20 Chinese characters


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
    # Added with issue #3. masked_spans: (start, end) of '□' runs in body, where
    # mojibake could not be repaired: no indicator may be read from them.
    masked_spans: tuple[tuple[int, int], ...] = ()
    place_names: tuple[str, ...] = ()
    meeting_date: dt.date | None = None


@dataclass
class Prepared:
    """A document taken up to the chrome stage: what frequent_lines and strip_chrome see."""

    original: str
    text: str
    source_script: str
    meta: metadata.PageMeta
    report: Counter[str]
    repairs: list[mojibake.Repair]


def prepare(text: str) -> Prepared:
    """Decoded text → Simplified, gloss-free, normalised lines (the input of the chrome stage).

    Order matters: mojibake before glosses (the glosses mark the damage), glosses
    before script conversion (they anchor on the Traditional character), page
    metadata read before chrome removal deletes the header lines.
    """
    report: Counter[str] = Counter()
    original = text
    if html.looks_like_html(text):
        text = html.html_to_text(text)
        report["html_pages"] += 1
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    report["replacement_chars"] += text.count("\ufffd")
    text, repairs = mojibake.repair_runs(text)
    report["mojibake_repaired"] += sum(1 for r in repairs if r.repaired is not None)
    report["mojibake_masked"] += sum(1 for r in repairs if r.repaired is None)
    report["pinyin_gloss"] += sum(r.glosses for r in repairs)
    text, n = pinyin.strip_pinyin(text)
    report["pinyin_gloss"] += n
    text, src_script, n = script.to_simplified(text)
    report["script_artefact"] += n
    text, n = normalize.normalize_text(text)
    report["normalised_chars"] += n
    meta = metadata.page_meta(text)
    return Prepared(original, text, src_script, meta, report, repairs)


def prepared_lines(prep: Prepared) -> list[str]:
    """The lines of a prepared document, as chrome.frequent_lines wants them."""
    return [ln.strip() for ln in prep.text.split("\n") if ln.strip()]


def clean_batch(texts: list[str]) -> list[list[CleanSpeech]]:
    """Clean a batch of decoded documents, removing lines repeated across many of them.

    The batch-frequency rule finds chrome no rule knows (a new site's footer); it
    only acts when the batch is large enough (see chrome.frequent_lines).
    """
    preps = [prepare(t) for t in texts]
    known = chrome.frequent_lines(prepared_lines(p) for p in preps)
    return [finish(p, known) for p in preps]


def clean_document(text: str, known_chrome: frozenset[str] = frozenset()) -> list[CleanSpeech]:
    """Clean one decoded document and cut it into speeches.

    Input: decoded text (plain or HTML); optionally chrome line keys found by
    chrome.frequent_lines over the batch. Output: one CleanSpeech per 篇 (at least
    one when any body text remains; an empty list when nothing does).
    """
    return finish(prepare(text), known_chrome)


def finish(prep: Prepared, known_chrome: frozenset[str] = frozenset()) -> list[CleanSpeech]:
    """Chrome, summaries, redactions, in-file repeats and segmentation of a prepared document."""
    report = Counter(prep.report)
    meta = prep.meta
    text, counts = chrome.strip_chrome(prep.text, known_chrome)
    report.update(counts)
    text, n = segment.drop_summary_blocks(text)
    report["summary_block"] += n
    text, counts = redact.tokenize_redactions(text)
    report.update(counts)
    redacted = any(v for k, v in counts.items() if k.startswith("redacted"))
    # In-file repeats (issue #17): on the whole document's final text, before it is cut
    # into speeches, not per speech. The text is final here (chrome, whose page headers
    # would break a copy's run of lines, is gone; redaction tokens are settled, so both
    # copies read alike). Before the cut because (a) a page scraped twice repeats its
    # 篇1…篇N markers too, and only here does that give N speeches rather than 2N;
    # (b) split_parts takes a document's leading lines as its title, so per speech the
    # second copy's title lines would have no earlier copy left to match and would stay
    # in the body (the 1991 national report). Cost: in a compilation, a ≥ 200-character
    # block shared verbatim by two of its speeches stays only in the first; no such
    # block occurs in the seeds or ../shared/corpus, and near-copies between speeches
    # are the dedup stage's business.
    text, n = repeats.drop_repeated_blocks(text)
    report["repeated_block_removed"] += n

    parts = [p for p in segment.split_parts(text) if _MIN_BODY.search(p.body)]
    originals = segment.split_original(prep.original, len(parts))
    out: list[CleanSpeech] = []
    for part, orig in zip(parts, originals):
        score = metadata.topic_score(part.compilation_title, part.body)
        part_report = {k: v for k, v in report.items() if v}
        part_report["parts_in_document"] = len(parts)
        out.append(
            CleanSpeech(
                part_no=part.part_no,
                title=part.title,
                body=part.body,
                original_text=orig,
                source_script=prep.source_script,
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
                report=part_report,
                masked_spans=tuple(mojibake.masked_spans(part.body)),
                place_names=tuple(metadata.place_names(part.body)),
                meeting_date=metadata.meeting_date(part.title, (text[:300] + "\n" if len(parts) == 1 else "") + part.body),
            )
        )
    return out
