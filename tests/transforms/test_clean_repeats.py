"""Text repeated inside one file is kept once (issue #17, pattern 9). Own-written text only."""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from transforms import repeats  # noqa: E402
from transforms.clean import clean_document  # noqa: E402

TITLE = "在全县城乡环境整治工作会议上的讲话"
OPENING = "同志们："
P1 = "过去一年，全县上下围绕城乡环境整治目标，累计清理垃圾死角1260处，新建公厕48座，改造背街小巷35条，群众满意度明显提升。"
H1 = "一、"
P2 = "今年要突出重点，完成农村生活污水治理村庄120个，生活垃圾无害化处理率达到96%以上，确保主要河道水质稳定达标。"
P3 = "各乡镇要落实属地责任，主要负责同志亲自抓，县直部门要加强督导，每月通报一次进展，对工作滞后的单位进行约谈。"
H2 = "二、"
P4 = "要加大投入，县财政安排专项资金8000万元，重点支持垃圾转运站建设和污水管网改造，年底前新建转运站12座。"
P5 = "要健全长效机制，推行网格化管理，全县划分网格860个，每个网格明确一名责任人，做到问题及时发现、及时处置。"
P6 = "要强化宣传引导，全县开展环境整治主题活动200场次，发动志愿者1.5万人次参与，营造共建共享的良好氛围。"
CLOSE = "谢谢大家！"

SPEECH = [TITLE, OPENING, P1, H1, P2, P3, H2, P4, P5, CLOSE]


def _text(lines: list[str]) -> str:
    return "\n".join(lines)


def test_whole_text_twice_kept_once():
    once = _text(SPEECH)
    text, n = repeats.drop_repeated_blocks(once + "\n\n" + once)
    assert n == 1
    assert text.rstrip("\n") == once


def test_second_copy_respaced_still_matches():
    once = _text(SPEECH)
    respaced = "\n".join("  " + ln.replace("，", "， ") for ln in SPEECH)
    text, n = repeats.drop_repeated_blocks(once + "\n" + respaced)
    assert n == 1 and text.rstrip("\n") == once


def test_second_copy_missing_a_head_line_goes_whole():
    # The second copy lacks the salutation line: its title is cut off from the long run.
    once = _text(SPEECH)
    second = _text([TITLE] + SPEECH[2:])
    text, n = repeats.drop_repeated_blocks(once + "\n" + second)
    assert n == 1 and text == once


def test_repeated_middle_block_removed():
    block = [P2, P3, H2, P4, P5]  # five lines, a little over 200 characters
    assert sum(map(len, block)) >= repeats.MIN_BLOCK_CHARS
    doc = _text([TITLE, OPENING, P1, H1] + block + block + [P6, CLOSE])
    text, n = repeats.drop_repeated_blocks(doc)
    assert n == 1
    assert text == _text([TITLE, OPENING, P1, H1] + block + [P6, CLOSE])


def test_single_long_paragraph_repeated_removed():
    long_para = P1 + P2 + P3 + P4  # one paragraph of over 200 characters
    assert len(long_para) >= repeats.MIN_BLOCK_CHARS
    doc = _text([TITLE, OPENING, long_para, H1, P1, long_para, CLOSE])
    text, n = repeats.drop_repeated_blocks(doc)
    assert n == 1 and text == _text([TITLE, OPENING, long_para, H1, P1, CLOSE])


def test_third_copy_removed_too():
    once = _text(SPEECH)
    text, n = repeats.drop_repeated_blocks("\n".join([once, once, once]))
    assert text == once and n >= 1


def test_short_repeated_lines_kept():
    # Headings, salutations, closings and a short paragraph recur legitimately.
    short = "下面，我再强调三点意见。"
    doc = _text([
        TITLE, OPENING, P1, H1, short, P2, H2, short, P3, "同志们：", P4,
        H1, H2, CLOSE, P5, CLOSE, "谢谢大家！",
    ])
    text, n = repeats.drop_repeated_blocks(doc)
    assert n == 0 and text == doc


def test_short_repeated_run_below_threshold_kept():
    # A title and date line printed twice (about 40 characters) is not a block.
    date = "（2024年3月5日）"
    doc = _text([TITLE, date, OPENING, P1, P2, TITLE, date, P3])
    assert len(TITLE + date) < repeats.MIN_BLOCK_CHARS
    text, n = repeats.drop_repeated_blocks(doc)
    assert n == 0 and text is doc


def test_text_without_repeats_unchanged():
    doc = "  " + _text(SPEECH) + "\n\n\t尾行 \n"
    text, n = repeats.drop_repeated_blocks(doc)
    assert n == 0 and text is doc and text.encode() == doc.encode()


def test_long_text_is_fast():
    # 300 distinct paragraphs (~25k characters): lines are hashed, no substring search.
    paras = [f"第{i}项工作要按期完成，计划投资{i * 7}万元，新增绿地{i * 3}亩，年底前全部验收合格。" * 2 for i in range(300)]
    doc = _text(paras * 6)  # ~150k characters: the text six times
    t0 = time.perf_counter()
    text, n = repeats.drop_repeated_blocks(doc)
    elapsed = time.perf_counter() - t0
    assert text == _text(paras) and n == 1
    assert elapsed < 0.5


def test_clean_document_counts_repeats_and_halves_body():
    once = _text(SPEECH)
    (single,) = clean_document(once)
    (doubled,) = clean_document(once + "\n" + once)
    assert doubled.body == single.body
    assert doubled.report["repeated_block_removed"] == 1
    assert "repeated_block_removed" not in single.report
    assert doubled.body.count(P2) == 1


def test_compilation_scraped_twice_gives_each_speech_once():
    other = [P5, P6, CLOSE]
    page = _text(["城乡环境整治讲话（通用2篇）", "城乡环境整治讲话 篇1", *SPEECH[1:], "城乡环境整治讲话 篇2", *other])
    parts = clean_document(page + "\n" + page)
    assert [p.part_no for p in parts] == [1, 2]
    assert all(p.report["repeated_block_removed"] == 1 and p.report["parts_in_document"] == 2 for p in parts)
    assert parts[0].body.count(P2) == 1 and parts[1].body.count(P6) == 1
