"""GBK byte-slip mojibake: simulated on our own sentences with the mechanism found in seed 000."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from transforms import mojibake  # noqa: E402
from transforms.clean import clean_document  # noqa: E402


def site_damage(text: str, glosses: dict[str, str]) -> str:
    """What the scraped sites do: byte-level str_replace of 字 → 字(pinyin) over GBK, then a
    decoder that turns an invalid byte pair (a lead byte before '(') into one '?'."""
    data = text.encode("gbk")
    for ch, py in glosses.items():
        data = data.replace(ch.encode("gbk"), (ch + f"({py})").encode("gbk"))
    out, i = [], 0
    while i < len(data):
        b = data[i]
        if b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        try:
            out.append(data[i: i + 2].decode("gbk"))
        except UnicodeDecodeError:
            out.append("?")
        i += 2
    return "".join(out)


def test_simulated_straddle_is_what_the_seed_shows():
    # 們取 = 82 83 | c8 a1 and 83 c8 spells 內: the gloss lands inside 取.
    damaged = site_damage("這些年我們取得的進步很大", {"內": "nèi"})
    assert "?nèi)" in damaged and "取" not in damaged


def test_straddle_repaired_by_realignment_and_gloss_reading():
    damaged = site_damage("這些年我們取得的進步很大,群眾滿意。", {"內": "nèi"})
    fixed, counts = mojibake.repair(damaged)
    assert "我們取得的進步很大" in fixed
    assert counts == {"mojibake_repaired": 1, "mojibake_masked": 0}


def test_chained_slips_in_one_window():
    # 量優 = c1 bf | 83 9e: bf 83 spells 績 (jī) and 優 itself is glossed too.
    damaged = site_damage("全年空氣質量優良天數增加,", {"優": "yōu", "績": "jī"})
    assert "?jī)?yōu)" in damaged
    fixed, counts = mojibake.repair(damaged)
    assert "質量優良天數增加" in fixed and counts["mojibake_repaired"] == 1


def test_orphan_trail_letter_before_gloss():
    # 現 = ac 46: a lost lead byte leaves 'F' glued before the gloss.
    fixed, counts = mojibake.repair("這是我們的家鄉,F(xiàn)在要建設好。")
    assert "現在" in fixed and "F" not in fixed and counts["mojibake_repaired"] == 1


def test_unrecoverable_run_is_masked_and_counted():
    fixed, counts = mojibake.repair("道路?xì)123")
    assert "?" not in fixed and "xì" not in fixed
    assert counts["mojibake_masked"] + counts["mojibake_repaired"] == 1


def test_real_question_mark_and_plain_text_untouched():
    text = "為什么要這樣做?因為群眾需要。道路(秸稈離田、禁燒、追責)"
    fixed, counts = mojibake.repair(text)
    assert fixed == text
    assert counts == {"mojibake_repaired": 0, "mojibake_masked": 0}


def test_masked_span_reported_and_no_number_read_from_it():
    body = "道路綠化□率達到40%"
    assert mojibake.masked_spans(body) == [(4, 5)]


def test_clean_document_reports_repairs_and_leaves_no_damage():
    lines = ["城市管理工作會議上的講話", "同志們:"]
    lines.append(site_damage("這些年我們取得的進步很大,全年空氣質量優良天數增加,群眾滿意度明顯提高。", {"內": "nèi", "優": "yōu", "績": "jī"}))
    lines.append("下一步要繼續推進城市管理工作,不斷提高城市管理水平,讓群眾生活更加美好。" * 2)
    (speech,) = clean_document("\n".join(lines))
    assert "我们取得的进步很大" in speech.body and "质量优良天数" in speech.body
    assert "?" not in speech.body and "(" not in speech.body
    assert speech.report["mojibake_repaired"] == 2
    assert speech.masked_spans == ()
