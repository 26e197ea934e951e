"""Synthetic landing directory for benchmarks: N raw files of realistic length and noise.

    python -m benchmarks.corpus --files 2000 --out /tmp/landing
    python -m benchmarks.corpus --mb 500 --out /tmp/landing500

Speeches come from benchmarks.synth (our own phrase vocabulary, no real text): openings,
numbered sections, quantitative statements (rates, counts, targets with deadlines and
departments), closings; 1,500–9,000 characters each. Each raw file wraps them the way
scraped pages do:

* site chrome: a spam line, navigation, breadcrumb, page header with date, lead-in,
  footer with disclaimer and URL, "related" lists, an occasional string inserted
  mid-sentence (当前隐藏内容免费查看), occasional redactions (XX市, 20xx年);
* ~10% Traditional copies (OpenCC s2twp of a Simplified speech, with Taiwan-phrase
  artefacts) with pinyin glosses after some characters (長(zhǎng)), some CRLF;
* encodings: UTF-8, GB18030, Big5 (Traditional only), UTF-16 (with BOM);
* ~20% near-duplicates of earlier speeches: the same bytes on a mirror site, a
  re-wrapped page, a reformatted, character-edited or truncated copy, or a Traditional
  copy (a duplicate after cleaning);
* ~4% compilations (a 通用N篇 title, then "… 篇1" … "… 篇N" lines, 2–4 speeches);
* ~7% HTML pages (script, nav, <p> paragraphs); ~0.3% files to quarantine
  (empty, a PDF, a teaser).

Deterministic: the same --seed and size give byte-identical files. A manifest
(counts, bytes, parameters) is written beside the landing dir as <out>.manifest.json,
never inside it (the pipeline would see it as a file to quarantine).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.synth import REALISTIC_NUMERIC_SHARE, TOPICS, SpeechFactory, edit_chars, reformat, truncate

# --------------------------------------------------------------------------------------------
# Page furniture (written for this module).
# --------------------------------------------------------------------------------------------

SITES = [
    ("公文范文网", "www.gongwen-fanwen.example.cn", "jianghua"),
    ("范文天地", "fanwen.example.com.tw", "a"),
    ("公文素材网", "m.sucai-gongwen.example.net", "gongwen"),
    ("第一文库", "www.wenku-first.example.com", "doc"),
    ("办公资源站", "bangong.example.org", "p"),
    ("写作范文库", "xiezuo.example.cn", "fanwen"),
    ("党政材料网", "dangzheng-cailiao.example.com", "show"),
    ("讲话稿大全", "jhg-daquan.example.net", "jhg"),
]
SPAM_LINES = [
    "免费高清在线观看视频,日韩精品一区二区,成人午夜福利网站,国产精品在线播放,欧美激情视频在线",
    "在线观看高清视频,国产精品一区二区,午夜福利视频在线,日韩欧美激情视频",
]
NAV_LINES = [
    "网站首页 工作范文 讲话范文 心得范文 党团范文 简历范文 其他范文",
    "首页 工作范例 办公范例 个人范例 党团范例 其他范例",
    "网站首页 公文大全 讲话素材 报告素材 总结素材",
]
LEAD_INS = [
    "下面是小编为大家整理的{title}，供大家参考。",
    "以下是本站为大家整理的{title}，希望对大家有所帮助。",
    "小编为大家带来的{title}，欢迎阅读。",
]
FOOTERS = [
    "来源：网络整理 免责声明：本文仅限学习分享，如产生版权问题，请联系我们及时删除。",
    "{title}》由互联网用户整理提供，转载分享请保留原作者信息，谢谢！",
    "版权声明：本站仅提供存储空间服务，文章内容由网友上传。",
]
RELATED = ["相关阅读", "最近更新", "推荐专题", "猜你喜欢", "热门文章"]
INSERTED = ["当前隐藏内容免费查看", "点击查看全文", "内容已隐藏"]
ROLES = ["市长", "副市长", "市委书记", "区长", "县长", "常务副市长", "分管副区长", "局长"]
PLACES = ["全市", "全区", "全县"]
# Characters that gain a pinyin gloss in Traditional copies (as ruby text scraped flat).
GLOSSES = {"長": "zhǎng", "說": "shuō", "區": "qū", "會": "huì", "這": "zhè", "們": "men", "點": "diǎn",
           "綠": "lǜ", "進": "jìn", "設": "shè", "環": "huán", "衛": "wèi", "與": "yǔ", "發": "fā"}


_NUMBER = re.compile(r"[0-9][0-9.]*[%％]?")


def _edit_words(text: str, rate: float, rng: random.Random) -> str:
    """synth.edit_chars outside numbers: copies drift in wording, but a scraped 64.6% never becomes 646%
    (that is a different benchmark: a value the GX suites rightly block)."""
    out = []
    pos = 0
    for m in _NUMBER.finditer(text):
        out.append(edit_chars(text[pos:m.start()], rate, rng))
        out.append(m.group())
        pos = m.end()
    out.append(edit_chars(text[pos:], rate, rng))
    return "".join(out)


@dataclass
class Manifest:
    """What a generated landing directory holds."""

    seed: int
    files: int = 0
    bytes: int = 0
    speeches: int = 0
    originals: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_encoding: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    args: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Speech:
    title: str
    body: str
    date: str  # YYYY-MM-DD HH:MM:SS


class CorpusWriter:
    """Streams files into a landing dir; keeps only a bounded pool of originals to copy from."""

    def __init__(self, out: Path, seed: int = 11, pool: int = 3000, numeric_share: float | None = REALISTIC_NUMERIC_SHARE) -> None:
        import opencc

        self.out = out
        self.rng = random.Random(seed)
        self.factory = SpeechFactory(seed=seed, numeric_share=numeric_share)
        self.pool: list[_Speech] = []
        self.pool_cap = pool
        self.s2twp = opencc.OpenCC("s2twp")
        self.manifest = Manifest(seed=seed)
        self._n = 0

    # -- speeches ---------------------------------------------------------------------------
    def new_speech(self) -> _Speech:
        rng = self.rng
        topic = rng.choice(list(TOPICS))
        # Lengths of scraped speeches vary a lot: mostly 2–5k characters, a tail to 9k.
        target = int(min(9000, max(1500, rng.lognormvariate(8.2, 0.45))))
        body = self.factory.speech(topic=topic, target_chars=target, boilerplate=0.15)
        if rng.random() < 0.05:  # redacted template copies
            body = body.replace("我市", "XX市", 2).replace("2023年", "20xx年")
        role = rng.choice(ROLES)
        title = rng.choice([f"{role}在{rng.choice(PLACES)}{topic}工作会议上的讲话",
                            f"在{topic}推进会上的讲话", f"{topic}工作会议讲话稿",
                            f"{role}在{topic}专题会议上的讲话（{rng.randint(2019, 2024)}年）"])
        date = f"{rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} " \
               f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        sp = _Speech(title, body, date)
        self.manifest.originals += 1
        if len(self.pool) < self.pool_cap:
            self.pool.append(sp)
        else:
            self.pool[rng.randrange(self.pool_cap)] = sp
        return sp

    # -- wrappers ---------------------------------------------------------------------------
    def page(self, sp: _Speech, body: str | None = None, site: tuple[str, str, str] | None = None) -> str:
        """A scraped text page around a speech."""
        rng = self.rng
        body = sp.body if body is None else body
        name, host, section = site or rng.choice(SITES)
        url = f"http://{host}/{section}/{rng.randint(1000, 99999)}.html"
        if rng.random() < 0.3:
            lines = body.split("\n")
            i = rng.randrange(len(lines))
            ln = lines[i]
            cut = rng.randrange(len(ln) + 1)
            lines[i] = ln[:cut] + rng.choice(INSERTED) + ln[cut:]
            body = "\n".join(lines)
        head = []
        if rng.random() < 0.5:
            head += [rng.choice(SPAM_LINES), ""]
        head += [rng.choice(NAV_LINES), f"当前位置：{name} > 讲话致辞 > 领导讲话 > {sp.title}", "",
                 sp.title, f"网站：{name} | 时间：{sp.date} | 移动端：{sp.title}", ""]
        if rng.random() < 0.6:
            head += [rng.choice(LEAD_INS).format(title=sp.title), ""]
        tail = ["", *(f.format(title=sp.title) for f in rng.sample(FOOTERS, 2)), f"链接地址：{url}",
                *rng.sample(RELATED, 3), ""]
        return "\n".join(head + [body] + tail)

    def html_page(self, sp: _Speech, body: str | None = None) -> str:
        rng = self.rng
        body = sp.body if body is None else body
        name, host, section = rng.choice(SITES)
        paras = "".join(f"<p>{html.escape(p)}</p>\n" for p in body.split("\n") if p)
        return (
            "<!DOCTYPE html><html><head><meta charset='utf-8'><title>" + html.escape(sp.title) + f" - {name}</title>"
            "<script>var _hm = 'https://stats.example.com/t.js'; document.write('广告位');</script></head><body>"
            f"<nav><a href='/'>网站首页</a> <a href='/{section}'>范文大全</a> <a href='/{section}/jh'>讲话稿</a></nav>"
            f"<div class='meta'>时间：{sp.date} 来源：{name}</div>"
            f"<h1>{html.escape(sp.title)}</h1>\n{paras}"
            f"<div class='related'>相关阅读</div><footer>版权所有 © {name} http://{host}/</footer></body></html>"
        )

    def traditional(self, text: str) -> str:
        conv = self.s2twp.convert(text)
        if self.rng.random() < 0.5:
            conv = "".join(ch + (f"({GLOSSES[ch]})" if ch in GLOSSES and self.rng.random() < 0.5 else "") for ch in conv)
        return conv

    def compilation(self) -> str:
        rng = self.rng
        n = rng.randint(2, 4)
        parts = [self.new_speech() for _ in range(n)]
        topic = rng.choice(list(TOPICS))
        name = f"{topic}工作会议上的讲话"
        lines = [rng.choice(NAV_LINES), "", f"{name}（通用{n}篇）", ""]
        for k, sp in enumerate(parts, 1):
            lines += [f"{name} 篇{k}", sp.body, ""]
        lines += [FOOTERS[0]]
        self.manifest.speeches += n
        return "\n".join(lines)

    def near_duplicate(self) -> tuple[str, str, str | None]:
        """(text, kind, exact_bytes_key): a copy of an earlier speech."""
        rng = self.rng
        src = rng.choice(self.pool)
        r = rng.random()
        if r < 0.15:
            return self.page(src), "dup_rewrapped", None
        if r < 0.30:
            return self.page(src, reformat(src.body, rng)), "dup_reformat", None
        if r < 0.62:
            return self.page(src, _edit_words(src.body, rng.choice((0.005, 0.01, 0.02, 0.03)), rng)), "dup_edit", None
        if r < 0.75:
            return self.page(src, truncate(src.body, rng.uniform(0.6, 0.85))), "dup_truncate", None
        return self.traditional(self.page(src)), "dup_traditional", "trad"

    # -- files ------------------------------------------------------------------------------
    def _path(self, site_dir: str, ext: str) -> Path:
        i = self._n
        p = self.out / site_dir / f"{2019 + i % 6}" / f"{i:07d}{ext}"
        return p

    def _write(self, path: Path, data: bytes, kind: str, enc: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        m = self.manifest
        m.files += 1
        m.bytes += len(data)
        m.by_kind[kind] = m.by_kind.get(kind, 0) + 1
        m.by_encoding[enc] = m.by_encoding.get(enc, 0) + 1
        self._n += 1

    def _encode(self, text: str, traditional: bool) -> tuple[bytes, str]:
        r = self.rng.random()
        if traditional:
            if r < 0.25:
                try:  # only pages Big5 can hold (pinyin tone marks and a few s2twp outputs are not in it)
                    return text.encode("big5"), "big5"
                except UnicodeEncodeError:
                    pass
            if r < 0.35:
                return text.replace("\n", "\r\n").encode("utf-16"), "utf-16"
            return text.replace("\n", "\r\n").encode("utf-8"), "utf-8"
        if r < 0.20:
            return text.encode("gb18030"), "gb18030"
        if r < 0.25:
            return text.encode("utf-16"), "utf-16"
        return text.encode("utf-8"), "utf-8"

    def one_file(self) -> None:
        rng = self.rng
        site = f"site{rng.randrange(len(SITES))}"
        r = rng.random()
        if r < 0.003:
            kind = rng.choice(["bad_empty", "bad_pdf", "bad_teaser"])
            if kind == "bad_pdf":
                self._write(self._path(site, ".pdf"), b"%PDF-1.4\n% scanned page\n", kind, "binary")
            elif kind == "bad_empty":
                self._write(self._path(site, ".txt"), b"", kind, "empty")
            else:
                self._write(self._path(site, ".txt"), "讲话稿全文下载，请访问本站。".encode(), kind, "utf-8")
            return
        if r < 0.20 and len(self.pool) >= 20:
            text, kind, trad = self.near_duplicate()
            self.manifest.speeches += 1
            if kind == "dup_rewrapped" and rng.random() < 0.4:
                kind = "dup_exact_bytes"  # the same page on a mirror site: written twice below
                data, enc = self._encode(text, False)
                self._write(self._path(site, ".txt"), data, kind, enc)
                self.manifest.speeches += 1
                self._write(self._path(f"mirror{rng.randrange(3)}", ".txt"), data, kind, enc)
                return
            data, enc = self._encode(text, trad is not None)
            self._write(self._path(site, ".txt"), data, kind, enc)
            return
        if r < 0.24:
            data, enc = self._encode(self.compilation(), False)
            self._write(self._path(site, ".txt"), data, "compilation", enc)
            return
        sp = self.new_speech()
        self.manifest.speeches += 1
        if r < 0.31:
            self._write(self._path(site, ".html"), self.html_page(sp).encode("utf-8"), "html", "utf-8")
            return
        if r < 0.36:
            data, enc = self._encode(self.traditional(self.page(sp)), True)
            self._write(self._path(site, ".txt"), data, "traditional", enc)
            return
        data, enc = self._encode(self.page(sp), False)
        self._write(self._path(site, ".txt"), data, "page", enc)


def generate(out: str | os.PathLike[str], files: int | None = None, mb: float | None = None, seed: int = 11,
             quiet: bool = False, dense: bool = False) -> Manifest:
    """Write a landing dir at `out` (must not exist or be empty) with `files` files or `mb` MB of raw bytes.

    dense: draw sentence templates uniformly (≈ 3× the statements per character of real speeches;
    see benchmarks.synth.REALISTIC_NUMERIC_SHARE) instead of at the calibrated share.
    """
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; pick a new --out")
    out.mkdir(parents=True, exist_ok=True)
    if files is None and mb is None:
        files = 1000
    w = CorpusWriter(out, seed=seed, numeric_share=None if dense else REALISTIC_NUMERIC_SHARE)
    t0 = time.perf_counter()
    limit_bytes = None if mb is None else int(mb * 1e6)
    last = t0
    while True:
        if files is not None and w.manifest.files >= files:
            break
        if limit_bytes is not None and w.manifest.bytes >= limit_bytes:
            break
        w.one_file()
        if not quiet and time.perf_counter() - last > 10:
            last = time.perf_counter()
            print(f"  … {w.manifest.files} files, {w.manifest.bytes / 1e6:.0f} MB", file=sys.stderr)
    m = w.manifest
    m.seconds = round(time.perf_counter() - t0, 2)
    m.args = {"files": files, "mb": mb, "seed": seed, "dense": dense}
    manifest_path(out).write_text(json.dumps(asdict(m), ensure_ascii=False, indent=1), encoding="utf-8")
    return m


def manifest_path(out: str | os.PathLike[str]) -> Path:
    out = Path(out).resolve()
    return out.with_name(out.name + ".manifest.json")


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--files", type=int, help="number of raw files to write")
    size.add_argument("--mb", type=float, help="stop once this many MB (1e6 bytes) of raw files are written")
    ap.add_argument("--out", required=True, help="landing directory to create (must be new or empty)")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--dense", action="store_true", help="number-dense speeches (≈ 3× real statement density): a stress case")
    args = ap.parse_args(argv)
    m = generate(args.out, files=args.files, mb=args.mb, seed=args.seed, dense=args.dense)
    print(f"wrote {m.files} files, {m.bytes / 1e6:.1f} MB, {m.speeches} speeches ({m.originals} originals) "
          f"in {m.seconds:.1f}s under {args.out}")
    print("kinds:", m.by_kind)
    print("encodings:", m.by_encoding)


if __name__ == "__main__":
    main()
