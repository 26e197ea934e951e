"""Landing directory of ≈ N MB assembled at run time from the real government work reports.

    .venv/bin/python -m benchmarks.real_corpus --out /tmp/real50 --mb 50 [--seed 7] [--shared ../shared]

Where benchmarks.corpus writes synthetic speeches, this module cuts the real reports in
<shared>/corpus/national and <shared>/corpus/provincial_2026 into speech-like files. None of
their text lives in the repo: it is read when the corpus is built, and written only to --out,
which must lie outside the repo.

Each output file:

* a run of 8–60 consecutive paragraphs (non-empty lines of at least 10 characters) of one
  report, so statements keep their context; lines shorter than that (mostly page clutter:
  下载 / 打印 / 【字号 …) are dropped except now and then, so the clean stage sees real noise;
  ~20% of files append a second run from another report;
* ~50% start straight with body text, the others with a title derived from the report's
  file name (北京市2026年政府工作报告（节选）);
* ~20% GB18030, ~10% Traditional (OpenCC s2t, UTF-8), the rest UTF-8;
* ~15% are planted near-duplicates of an earlier file: a few paragraphs dropped, a line of
  site clutter added, or truncated to its first 70%; about a fifth of them switch script
  (a Traditional copy of a Simplified file, or the reverse).

Runs drawn from the same report overlap by chance (the two source folders hold ≈ 5 MB), so
beyond the planted duplicates the corpus also has originals that share paragraphs; the
manifest's `sources` lists each file's line spans so such overlaps can be computed.

Deterministic for a given --seed, --mb and corpus. The manifest is written beside the
landing dir as <out>.manifest.json, never inside it (the pipeline would see it as input).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import opencc

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS_DIRS = ("national", "provincial_2026")

MIN_PARAGRAPH = 10  # characters; shorter lines are mostly page clutter
HEADER_BREAK = 40  # characters; the first line this long ends a source's page header
KEEP_CLUTTER = 0.12  # chance that a short line inside a run is kept
RUN_MIN, RUN_MAX = 8, 60  # paragraphs per run
FROM_START = 0.08  # a run that starts at line 0 keeps the source's whole page header (URL, 下载 打印 …)
MIXED_SHARE = 0.20
TITLED_SHARE = 0.50
GB18030_SHARE = 0.20
TRADITIONAL_SHARE = 0.085  # of originals; with cross-script duplicates ≈ 10% of all files
EXPECTED_TRADITIONAL = 0.10  # of all files, duplicates included
DUPLICATE_SHARE = 0.15
CROSS_SCRIPT_SHARE = 0.20  # of duplicates
POOL_SIZE = 2000  # originals kept in memory as duplicate candidates
SUBDIRS = ("gov", "news", "mirror", "archive")

# Written for this module (not from the corpus): lines a scraped page adds around an article.
SITE_CLUTTER = (
    "【字号：大 中 小】【打印本页】【关闭窗口】",
    "分享到：微信 微博 QQ空间",
    "扫一扫在手机打开当前页",
    "责任编辑：王晓明 来源：本站综合",
    "本文链接：https://www.gov-news.example.cn/zwgk/2026/0305/c1001.html",
    "相关阅读 最近更新 热门文章",
    "（来源：新华网 编辑：李楠）",
)

# 北京市_2026_政府工作报告, 1954政府工作报告_周恩来, 1964政府工作报告_周恩来_摘要
_STEM = re.compile(
    r"^(?P<place>\D*?)_?(?P<year>\d{4})_?政府工作报告(?:_(?P<speaker>[^_]+))?(?:_(?P<note>.+))?$"
)
_SENTENCE_END = re.compile(r"[。！？；]")


class CorpusError(Exception):
    """Bad arguments or missing input: the CLI reports it and exits with status 2."""


@dataclass
class Report:
    """One source report: its file stem, its non-empty lines and the indices of its paragraphs."""

    stem: str
    lines: list[str]
    paragraphs: list[int]  # indices into `lines` of lines with >= MIN_PARAGRAPH characters
    header_end: int  # index of the first body-length line; the lines before it are the page header


@dataclass
class _Original:
    name: str
    lines: list[str]  # Simplified, title included
    traditional: bool
    title: str | None


@dataclass
class _State:
    files: int = 0
    bytes: int = 0
    encodings: dict[str, int] = field(default_factory=dict)
    traditional: int = 0
    titled: int = 0
    mixed: int = 0
    dup_edits: dict[str, int] = field(default_factory=dict)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, list[list[Any]]] = field(default_factory=dict)


def load_reports(shared: Path) -> list[Report]:
    """Read every .txt under <shared>/corpus/{national,provincial_2026}, sorted by path.

    Raises CorpusError when a folder is missing or holds no usable report.
    """
    reports = []
    for sub in CORPUS_DIRS:
        folder = shared / "corpus" / sub
        if not folder.is_dir():
            raise CorpusError(f"corpus folder not found: {folder} (pass --shared DIR holding corpus/{sub})")
        paths = sorted(folder.glob("*.txt"))
        if not paths:
            raise CorpusError(f"no .txt files in {folder}")
        for path in paths:
            lines = [s for s in (raw.strip() for raw in path.read_text(encoding="utf-8").splitlines()) if s]
            paragraphs = [i for i, s in enumerate(lines) if len(s) >= MIN_PARAGRAPH]
            header_end = next((i for i, s in enumerate(lines) if len(s) >= HEADER_BREAK), 0)
            if paragraphs:
                reports.append(Report(path.stem, lines, paragraphs, header_end))
    return reports


def title_for(stem: str, rng: random.Random) -> str:
    """A page title for a report's file stem.

    北京市_2026_政府工作报告 → 北京市2026年政府工作报告（节选）; national stems sometimes get
    the speaker (周恩来：1954年政府工作报告（节选）).
    """
    m = _STEM.match(stem)
    if m is None:
        return f"{stem.replace('_', '')}（节选）"
    base = f"{m['place']}{m['year']}年政府工作报告"
    r = rng.random()
    if m["speaker"] and r < 0.3:
        return f"{m['speaker']}：{base}（节选）"
    if m["note"] and r < 0.6:
        return f"{base}（{m['note']}）"
    return f"{base}（节选）" if r < 0.85 else base


def manifest_path(out: Path) -> Path:
    """Where build() writes the manifest for landing dir `out`: beside it, <out>.manifest.json."""
    out = out.resolve()
    return out.with_name(out.name + ".manifest.json")


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _check_out(out: Path, shared: Path) -> None:
    out = out.resolve()
    if _inside(out, REPO):
        raise CorpusError(
            f"--out {out} is inside the repo {REPO}; real report text must stay outside it (e.g. /tmp/real50)"
        )
    if _inside(out, shared.resolve()):
        raise CorpusError(f"--out {out} is inside the shared corpus folder {shared}")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CorpusError(f"{out} exists and is not an empty directory; pick a new --out")


class _Builder:
    def __init__(self, reports: list[Report], out: Path, seed: int) -> None:
        self.reports = reports
        self.out = out
        self.rng = random.Random(seed)
        self.s2t = opencc.OpenCC("s2t")
        self.pool: list[_Original] = []
        self.state = _State()

    def run_of(self, report: Report) -> tuple[list[str], list[Any]]:
        """Consecutive paragraphs of one report (with the odd clutter line) and its [stem, start, end) span."""
        rng = self.rng
        paras = report.paragraphs
        n = min(rng.randint(RUN_MIN, RUN_MAX), len(paras))
        header = 0
        if rng.random() < FROM_START:
            first, start_line = 0, 0
            header = report.header_end
        else:
            first = rng.randrange(len(paras) - n + 1)
            start_line = paras[first]
        end_line = paras[first + n - 1] + 1
        lines = [s for i, s in enumerate(report.lines[start_line:end_line], start_line)
                 if len(s) >= MIN_PARAGRAPH or i < header or rng.random() < KEEP_CLUTTER]
        return lines, [report.stem, start_line, end_line]

    def original(self) -> tuple[list[str], bool, str | None, list[list[Any]]]:
        rng = self.rng
        report = rng.choice(self.reports)
        lines, span = self.run_of(report)
        spans = [span]
        if rng.random() < MIXED_SHARE:
            other = rng.choice([r for r in self.reports if r is not report])
            more, span2 = self.run_of(other)
            lines += more
            spans.append(span2)
            self.state.mixed += 1
        title = None
        if rng.random() < TITLED_SHARE:
            title = title_for(report.stem, rng)
            lines.insert(0, title)
        return lines, rng.random() < TRADITIONAL_SHARE, title, spans

    def duplicate(self) -> tuple[list[str], bool, _Original, str, bool]:
        rng = self.rng
        src = rng.choice(self.pool)
        lines = list(src.lines)
        r = rng.random()
        if r < 0.4:
            edit = "drop"
            for _ in range(min(rng.randint(1, 3), len(lines) // 4)):
                del lines[rng.randrange(1, len(lines))]  # never the first line: the title, if any
        elif r < 0.7:
            edit = "clutter"
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(SITE_CLUTTER))
        else:
            edit = "truncate"
            lines = _truncate("\n".join(lines), 0.7).split("\n")
        cross = rng.random() < CROSS_SCRIPT_SHARE
        return lines, src.traditional != cross, src, edit, cross

    def write(self, lines: list[str], traditional: bool) -> str:
        rng = self.rng
        st = self.state
        text = "\n".join(lines) + "\n"
        if traditional:
            text = self.s2t.convert(text)
            enc = "utf-8"
            st.traditional += 1
        else:
            # GB18030 is drawn among Simplified files only, so that it is ≈ GB18030_SHARE of all files
            enc = "gb18030" if rng.random() < GB18030_SHARE / (1 - EXPECTED_TRADITIONAL) else "utf-8"
        data = text.encode(enc)
        name = f"{rng.choice(SUBDIRS)}/r{st.files:06d}.txt"
        path = self.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        st.files += 1
        st.bytes += len(data)
        st.encodings[enc] = st.encodings.get(enc, 0) + 1
        return name

    def one_file(self) -> None:
        rng = self.rng
        st = self.state
        if self.pool and rng.random() < DUPLICATE_SHARE:
            lines, trad, src, edit, cross = self.duplicate()
            name = self.write(lines, trad)
            st.titled += src.title is not None and lines[0] == src.title
            st.dup_edits[edit] = st.dup_edits.get(edit, 0) + 1
            st.duplicates.append({"file": name, "original": src.name, "edit": edit, "cross_script": cross,
                                  "traditional": trad})
            return
        lines, trad, title, spans = self.original()
        name = self.write(lines, trad)
        st.titled += title is not None
        st.sources[name] = spans
        entry = _Original(name, lines, trad, title)
        if len(self.pool) < POOL_SIZE:
            self.pool.append(entry)
        else:  # bounded memory for large corpora: replace a random candidate
            self.pool[rng.randrange(POOL_SIZE)] = entry

    def counts(self) -> dict[str, Any]:
        st = self.state
        return {
            "files": st.files,
            "bytes": st.bytes,
            "encodings": dict(sorted(st.encodings.items())),
            "traditional": st.traditional,
            "duplicates": len(st.duplicates),
            "cross_script_duplicates": sum(d["cross_script"] for d in st.duplicates),
            "dup_edits": dict(sorted(st.dup_edits.items())),
            "titled": st.titled,
            "mixed": st.mixed,
        }


def _truncate(text: str, share: float) -> str:
    """The first `share` of `text`, cut after the last sentence end before that point when there is one."""
    cut = int(len(text) * share)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, cut)]
    return text[: ends[-1] if ends else cut]


def build(shared: Path, out: Path, mb: float, seed: int = 7) -> dict[str, Any]:
    """Write ≈ `mb` MB (1e6 bytes) of files under `out` from the reports in `shared`/corpus.

    `out` must be outside the repo and new or empty. Stops at the first file that brings
    the total to `mb` MB or more. Writes <out>.manifest.json (counts, arguments, seconds,
    planted duplicates with their originals, source spans per original) and returns the
    counts: files, bytes, encodings, traditional, duplicates, and a few finer ones.
    Raises CorpusError on a missing corpus, a bad --out or a non-positive size.
    """
    shared, out = Path(shared), Path(out)
    if mb <= 0:
        raise CorpusError("--mb must be positive")
    reports = load_reports(shared)
    _check_out(out, shared)
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    b = _Builder(reports, out, seed)
    limit = int(mb * 1e6)
    while b.state.bytes < limit:
        b.one_file()
    counts = b.counts()
    manifest = {
        "args": {"shared": str(shared.resolve()), "mb": mb, "seed": seed, "reports": len(reports)},
        "seconds": round(time.perf_counter() - t0, 2),
        "counts": counts,
        "duplicates": b.state.duplicates,
        # [report stem, first line, end line) into the report's non-empty lines
        "sources": b.state.sources,
    }
    manifest_path(out).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return counts


def main(argv: list[str] | None = None) -> int:
    """CLI entry point; returns the exit status (2 on a missing corpus or a bad --out)."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.real_corpus", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True, type=Path,
                    help="landing directory to create, outside the repo (new or empty)")
    ap.add_argument("--mb", type=float, default=50.0,
                    help="stop once this many MB (1e6 bytes) are written (default 50)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help=f"folder holding corpus/national and corpus/provincial_2026 (default {DEFAULT_SHARED})")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    try:
        counts = build(args.shared, args.out, args.mb, args.seed)
    except CorpusError as e:
        print(f"real_corpus: error: {e}", file=sys.stderr)
        return 2
    seconds = time.perf_counter() - t0
    print(f"wrote {counts['files']} files, {counts['bytes'] / 1e6:.1f} MB in {seconds:.1f}s under {args.out}")
    print(json.dumps(counts, ensure_ascii=False))
    print(f"manifest: {manifest_path(args.out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
