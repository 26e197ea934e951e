"""Build data/sample/ (the bundled landing directory) from our own plain texts in this folder.

Each output file exercises a kind of damage the cleaning, dedup and quarantine
stages must handle. Deterministic: rerunning gives byte-identical files.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

import opencc
import regex

HERE = Path(__file__).resolve().parent
OUT = HERE.parent / "sample"

# A few characters with their pinyin, for the glosses scraped pages print (長(zhǎng)).
GLOSSES = {"長": "zhǎng", "說": "shuō", "區": "qū", "會": "huì", "這": "zhè", "們": "men", "點": "diǎn", "綠": "lǜ", "進": "jìn", "設": "shè"}
SPAM = "免费高清在线观看视频,日韩精品一区二区,成人午夜福利网站,国产精品在线播放,欧美激情视频在线"


def read(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def gloss(text: str) -> str:
    """Add a pinyin gloss after every glossed character, as some sites render ruby text."""
    return "".join(ch + (f"({GLOSSES[ch]})" if ch in GLOSSES else "") for ch in text)


def page(title: str, body: str, *, date: str, url: str, site: str = "公文范文网") -> str:
    """A scraped page around a speech: spam line, navigation, header, lead-in, footer, URL."""
    return "\n".join([
        SPAM, "",
        f"网站首页 工作范文 讲话范文 心得范文 党团范文 简历范文 其他范文",
        f"当前位置：{site} > 讲话致辞 > 领导讲话 > {title}", "",
        f"网站：{site} | 时间：{date} | 移动端：{title}", "",
        "下面是小编为大家整理的" + title + "，供大家参考。", "",
        body, "",
        "来源：网络整理 免责声明：本文仅限学习分享，如产生版权问题，请联系我们及时删除。",
        f"{title}》由互联网用户整理提供，转载分享请保留原作者信息，谢谢！",
        f"链接地址：{url}",
        "相关阅读", "最近更新", "推荐专题", "",
    ])


def main() -> None:
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "mirror_site").mkdir(parents=True)
    (OUT / "html").mkdir()
    (OUT / "incoming" / "bad").mkdir(parents=True)

    city = read("speech_city_management.txt")
    green = read("speech_greening.txt")
    civ = read("speech_civilization.txt")
    comp = read("compilation_environment.txt")

    # 1. UTF-8 page with site chrome and an inserted string mid-sentence.
    city_page = page(city.splitlines()[0], city.replace("全年完成老旧小区改造87个", "全年完成老旧小区 当前隐藏内容免费查看改造87个"),
                     date="2021-03-02 09:15:40", url="http://www.example-gongwen.cn/jianghua/10231.html")
    (OUT / "city_management_meeting.txt").write_text(city_page, encoding="utf-8")
    # 2. The same bytes on a mirror site: an exact duplicate.
    shutil.copyfile(OUT / "city_management_meeting.txt", OUT / "mirror_site" / "城市管理工作会议讲话.txt")

    # 3. Traditional script, Taiwan phrasing (s2twp: 项目→專案, 宏观→巨集觀), pinyin glosses, Windows line ends.
    trad_page = gloss(opencc.OpenCC("s2twp").convert(page(
        green.splitlines()[0], green, date="2020-09-18 16:20:05", url="https://fanwen.example.com.tw/a/5512.html",
        site="范文天地")))
    (OUT / "greening_traditional.txt").write_bytes(trad_page.replace("\n", "\r\n").encode("utf-8"))
    # 4. A lightly edited Simplified repost of the same speech: a near duplicate.
    edited = green.replace("刚才，几个区作了很好的发言，我都同意。", "刚才，各区作了交流发言，讲得都很好。").replace(
        "宣传部门要加强舆论引导，营造全民参与的良好氛围。", "")
    (OUT / "mirror_site" / "greening_repost.txt").write_text(edited + "\n（本文有删节）\n", encoding="utf-8")

    # 5. GB18030-encoded speech with redactions (20xx年, XX市) and a 本文简介 summary block.
    lines = civ.splitlines()
    summary = "".join(lines[1:4])[:90]
    civ_page = "\n".join([
        "公文素材网 首页", "", lines[0], "", "时间：2021-04-10 11:03:31 网站：公文素材网", "",
        f"{lines[0]} 本文简介：", "", summary, "", f"{lines[0]} 本文内容：", "", *lines[1:], "",
        f"{lines[0]} 本文关键词：区长，会上，全区，推进，讲话", "",
        "来源：网络整理 免责声明：本文仅限学习分享，如产生版权问题，请联系我们及时删除。", "",
        "http://m.example-sucai.net/gongwen/30546.html",
    ])
    (OUT / "civilization_gb18030.txt").write_bytes(civ_page.encode("gb18030"))
    # 6. The same speech as an HTML page with a script and navigation: a duplicate after cleaning.
    paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in lines[1:])
    (OUT / "html" / "civilization.html").write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>" + html.escape(lines[0]) + "</title>"
        "<script>var tracker = 'https://stats.example.com/t.js'; document.write('广告');</script></head><body>"
        "<nav><a href='/'>网站首页</a> <a href='/fanwen'>范文大全</a></nav>"
        f"<h1>{html.escape(lines[0])}</h1>\n{paras}<footer>版权所有 © 公文素材网</footer></body></html>",
        encoding="utf-8")

    # 7. A compilation of three speeches (篇1…篇3), the third off-topic.
    (OUT / "environment_compilation.txt").write_text(
        "网站首页 工作范例 办公范例 个人范例 党团范例 其他范例\n\n" + comp.replace("\n", "\n\n"), encoding="utf-8")
    # 8. One part of the compilation reposted alone, in Big5: a duplicate of that part.
    part2 = comp.split("人居环境整治工作推进会上的讲话 篇2")[1].split("人居环境整治工作推进会上的讲话 篇3")[0]
    big5_text = opencc.OpenCC("s2t").convert("全市城乡环境综合整治推进会讲话" + part2)
    (OUT / "incoming" / "environment_part2_big5.txt").write_bytes(big5_text.encode("big5", errors="replace"))

    # 12-15. Work reports, a province's and the country's, two years each: this year's targets in one,
    # last year's outcomes in the next (v_target_attainment pairs them). Clean UTF-8 files, as a
    # government site publishes them; the places and the years come from the title and the text.
    (OUT / "reports").mkdir()
    for name in ("report_province_2024", "report_province_2025", "report_national_2023", "report_national_2024"):
        shutil.copyfile(HERE / f"{name}.txt", OUT / "reports" / f"{name}.txt")

    # 9-11. Files that must be quarantined, each with a reason.
    (OUT / "incoming" / "bad" / "scan.pdf").write_bytes(b"%PDF-1.4\n% not a speech\n")
    (OUT / "incoming" / "bad" / "empty.txt").write_bytes(b"")
    (OUT / "incoming" / "bad" / "teaser.txt").write_text("城市管理讲话稿下载，请访问本站。", encoding="utf-8")
    print(f"wrote {sum(1 for p in OUT.rglob('*') if p.is_file())} files under {OUT}")


if __name__ == "__main__":
    main()
