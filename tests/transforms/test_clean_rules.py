"""One or more own-written cases per cleaning rule (issue #3)."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from transforms import chrome, metadata, normalize, pinyin, redact, script, segment  # noqa: E402
from transforms.clean import clean_batch, clean_document  # noqa: E402

BODY = "下一步，全区要继续推进城市管理精细化，确保道路保洁率达到98%，群众满意度进一步提升。"


def test_pinyin_glosses_go_real_parentheses_stay():
    text, n = pinyin.strip_pinyin("區長(zhǎng)說(shuō),2(èr)0個(gè)鄉(xiāng)鎮開展整治(秸稈還田、禁燒、問責)")
    assert text == "區長說,20個鄉鎮開展整治(秸稈還田、禁燒、問責)" and n == 5


def test_script_tw2s_and_gated_artefacts():
    text, src, n = script.to_simplified("推進專案建設,完善社群服務,加快資訊化與市場化程序,巨集觀指標穩定。")
    assert text == "推进项目建设,完善社区服务,加快信息化与市场化进程,宏观指标稳定。"
    assert src == "traditional" and n == 5
    # no fingerprint: genuine mainland words are never touched (指标 never becomes 指针)
    plain, src, n = script.to_simplified("建立社群联络机制，完善指标体系。")
    assert plain == "建立社群联络机制，完善指标体系。" and src == "simplified" and n == 0


def test_redactions_one_token_per_kind():
    text, counts = redact.tokenize_redactions("201*年底，20xx年，XX市，区委X届X次全会，代表着X的形象，城市管理_改革")
    assert text == "20xx年底，20xx年，XX市，区委X届X次全会，代表着XX的形象，城市管理XX改革"
    assert counts["redacted_year"] == 2 and counts["redacted_ordinal"] == 2
    assert counts["redacted_name"] == 2 and counts["redacted_blank"] == 1
    assert "201年" not in text and "20年" not in text


def test_numbers_and_punctuation():
    text, _ = normalize.normalize_text("完成２８ 个项目,增长50 %,1-10 月累计1,200 万元;达到３.５ 公里")
    assert text == "完成28个项目，增长50%，1-10月累计1200万元；达到3.5公里"


def test_chrome_lines_removed_by_kind():
    page = "\n".join([
        "网站首页 工作范例 办公范例 个人范例 党团范例",
        "当前位置：范文大全 > 讲话稿 > 城建讲话",
        "网站：范文大全 | 时间：2020-03-02 10:11:12 | 移动端：城建讲话",
        "下面是小编为大家整理的城建工作会议讲话，供大家参考。",
        BODY,
        "来源：网络整理 免责声明：本文仅限学习分享",
        "转载请注明出处",
        "https://www.example.com/a/1.html",
        "相关阅读",
        "最近更新",
        "推荐专题",
    ])
    text, counts = chrome.strip_chrome(page)
    assert text == BODY
    assert counts["nav"] == 2 and counts["page_header"] == 1 and counts["lead_in"] == 1
    assert counts["source_footer"] == 2 and counts["url"] == 1 and counts["related_footer"] == 3


def test_inserted_text_mid_sentence():
    text, counts = chrome.strip_chrome("确保道路保洁率当前隐藏内容免费查看达到98%。")
    assert text == "确保道路保洁率达到98%。" and counts["inserted_text"] == 1


def test_frequent_lines_across_a_batch():
    footer = "本站文章均来自网友投稿 2021"
    titles = "城管 环卫 园林 市政 执法 规划 住建 交通 水务 燃气".split()
    docs = [[f"{t}工作会议讲话", f"{t}工作要抓紧。" * 3, footer.replace("2021", str(2000 + i))] for i, t in enumerate(titles)]
    keys = chrome.frequent_lines(docs)
    assert keys == {chrome.line_key(footer)}  # numbers differ, the line is the same
    # five copies of one speech (plus others): its title is not chrome
    copies = [["城管工作会议讲话", "城管工作要抓紧。" * 3, "一段不同的结尾" + str(i)] for i in range(5)]
    assert chrome.line_key("城管工作会议讲话") not in chrome.frequent_lines(copies + docs[1:4])
    assert chrome.frequent_lines(docs[:2]) == frozenset()  # too few documents to judge


def test_clean_batch_removes_unknown_footer():
    footer = "欢迎关注本号获取更多材料"
    topics = "城管 环卫 园林 市政 执法 规划".split()
    texts = [f"{t}工作会议上的讲话\n同志们：\n{BODY.replace('城市管理', t)}\n{footer}" for t in topics]
    results = clean_batch(texts)
    assert all(footer not in sp.body and sp.report["batch_frequent"] == 1 for (sp,) in results)


def test_summary_block_dropped_full_copy_kept():
    opening = "同志们：今年城市管理工作的总体要求是，坚持以人民为中心，突出重点，狠抓落实，确保完成各项目标任务。"
    rest = "一、突出重点\n要抓好道路保洁、垃圾分类、违法建设治理三项重点工作，确保年底前见到明显成效。"
    page = f"城管工作会议讲话 本文简介：\n{opening[:40]}\n城管工作会议讲话 本文内容：\n{opening}\n{rest}"
    text, n = segment.drop_summary_blocks(page)
    assert n == 1 and text.count(opening[:40]) == 1 and opening in text and rest in text


def test_compilation_split_titles_and_off_topic():
    on1 = "同志们：城市管理工作会议今天召开，城市管理执法要加强，城市管理水平要提升，城市管理队伍要建设好。" * 2
    on2 = "同志们：今年城市管理要抓好道路保洁，城市管理执法人员要下沉一线，城市管理考核要从严。" * 2
    off = "各位老师：期末考试就要到了，各班要抓好复习，毕业班老师要关心每一名学生。" * 2
    doc = "\n".join([
        "城市管理工作会议讲话（通用3篇）",
        "城市管理工作会议讲话 篇1", on1,
        "城市管理工作会议讲话 篇2", "城市管理工作会议讲话（通用3篇）", on2,
        "城市管理工作会议讲话 篇3", off,
    ])
    parts = clean_document(doc)
    assert [p.title for p in parts] == [f"城市管理工作会议讲话 篇{i}" for i in (1, 2, 3)]
    assert [p.off_topic for p in parts] == [False, False, True]
    assert all("通用3篇" not in p.body for p in parts)
    assert parts[2].topic_score is not None and parts[2].topic_score < metadata.OFF_TOPIC_THRESHOLD


def test_trailing_title_repeat_dropped():
    doc = f"区长在城市管理工作会议上的讲话\n同志们：\n{BODY}\n区长在城市管理工作会议上的讲话"
    (sp,) = clean_document(doc)
    assert sp.title == "区长在城市管理工作会议上的讲话" and sp.body.endswith("提升。")


def test_page_metadata_keeps_time_of_day():
    doc = (
        "网站：范文大全 | 时间：2020-03-02 08:05:09 | 移动端：城建讲话\n"
        "副市长在全市城市管理工作会议上的讲话\n（2020年2月28日）\n同志们：\n"
        f"{BODY.replace('全区', '全市')}我市大连市方向的道路也要整治好。\n"
        "链接地址：http://www.fanwen.example.cn/jianghua/12.html"
    )
    (sp,) = clean_document(doc)
    assert sp.published_at == dt.datetime(2020, 3, 2, 8, 5, 9)
    assert sp.source_url == "http://www.fanwen.example.cn/jianghua/12.html" and sp.site == "example.cn"
    assert sp.speaker_role == "副市长" and sp.admin_level == "市"
    assert sp.meeting_date == dt.date(2020, 2, 28)
    assert "大连市" in sp.place_names


def test_original_text_kept_beside_clean_text():
    doc = f"在城市管理工作会议上的讲话\n同志們：\n{BODY}長(zhǎng)"
    (sp,) = clean_document(doc)
    assert sp.original_text == doc and "zhǎng" not in sp.body
