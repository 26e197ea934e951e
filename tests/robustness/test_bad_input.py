"""Bad input: every nasty file ends loaded or quarantined with a precise reason, none stops the others.

One landing directory holds every kind of bad input at once, beside good speeches, and the
run must succeed, account for every file, and give each its exact fate. Faults that need a
moment between scan and read (a file vanishing, changing, being swapped for a link out of the
landing dir) are injected by wrapping transforms.ingest.read_raw_files. A second run over the
same directory must change nothing (stable quarantine keys).
"""

from __future__ import annotations

import builtins
import os
import socket
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from conftest import CITY, CIV, COMPILATION, GREEN, WATER, fates, synthetic_speech
from orchestration.run import run_once
from transforms import ingest

SECRET = "机密外部文件内容不得入库" * 10  # Chinese, so it would load if it were ever read
REMOTE = "http://203.0.113.9"  # TEST-NET-3: never routable


def _html_with_remote_refs(body: str) -> str:
    paras = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<script src='{REMOTE}/track.js'></script><link rel='stylesheet' href='{REMOTE}/s.css'>"
        f"<meta http-equiv='refresh' content='0;url={REMOTE}/'><title>讲话</title></head><body>"
        f"<img src='{REMOTE}/logo.png'><iframe src='{REMOTE}/ad.html'></iframe>"
        f"<object data='{REMOTE}/x.swf'></object><script>fetch('{REMOTE}/beacon')</script>"
        f"{paras}<img src='//203.0.113.9/pixel.gif' onerror=\"alert(1)\"></body></html>"
    )


def build_landing(raw: Path, outside: Path) -> dict[str, tuple[str, str | None]]:
    """Write the landing dir; return the expected fate of each file: status, and the reason (exact or prefix…)."""
    expect: dict[str, tuple[str, str | None]] = {}

    def put(rel: str | bytes, data: bytes, fate: tuple[str, str | None]) -> None:
        path = os.path.join(os.fsencode(raw), rel) if isinstance(rel, bytes) else raw / rel
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as fh:
            fh.write(data)
        if isinstance(rel, str):
            expect[rel] = fate

    put("good.txt", CITY.encode("utf-8"), ("loaded", None))
    put("讲话 稿 (终稿)#1.txt", GREEN.encode("gb18030"), ("loaded", None))  # spaces, Chinese, odd characters
    put("odd $(touch PWNED) `touch PWNED2`; rm -rf ~ 'q' \"d\" .txt", CIV.encode("utf-8"), ("loaded", None))
    # SQL-looking name: stored as data (parameterised SQL), the tables survive.
    put("x'); DROP TABLE raw_file; --.txt", synthetic_speech("排水", 4).encode("utf-8"), ("loaded", None))
    deep = "/".join(f"d{i}" for i in range(40))
    put(f"{deep}/water.txt", WATER.encode("utf-8"), ("loaded", None))
    # Truncated multibyte sequence: the last character cut after its first byte.
    comp = COMPILATION.rstrip("\n").encode("utf-8")
    put("truncated.txt", comp + "。".encode("utf-8")[:1], ("loaded", None))
    put("empty.txt", b"", ("quarantined", "empty file"))
    put("binary.txt", bytes(range(256)) * 64, ("quarantined", "binary content (NUL bytes)"))
    put("teaser.txt", "点击阅读全文，更多精彩讲话稿请关注本站。".encode(), ("quarantined", "too short (< 80 Chinese characters)"))
    put("scan.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", ("quarantined", "unsupported file type '.pdf'"))
    put("README", CITY.encode(), ("quarantined", "unsupported file type '(none)'"))
    put("scripts_only.html", b"<html><head><script src='http://203.0.113.9/a.js'></script></head>"
        b"<body><script>var x = 1; while (false) {}</script><style>p {color: red}</style></body></html>",
        ("quarantined", "not Chinese text"))
    hidden = "这是只在脚本里出现的中文文字，不是讲话正文。" * 12
    put("scripts_chinese.html", f"<html><head><style>/* {hidden} */</style></head><body><script>document.write('{hidden}');</script>"
        f"<noscript>{hidden}</noscript></body></html>".encode(), ("quarantined", "no speech text left after cleaning"))
    put("remote.html", _html_with_remote_refs(synthetic_speech("供热", 1)).encode("utf-8"), ("loaded", None))
    # One giant line: every sample speech glued together without a line break (~11k characters).
    giant = "".join(t.replace("\n", "") for t in (CITY, GREEN, CIV, COMPILATION, WATER)) * 3
    put("giant_line.txt", giant.encode("utf-8"), ("loaded", None))
    # A file over the size limit: sparse, so it costs no disk; quarantined by size, never read.
    with open(raw / "huge.txt", "wb") as fh:
        fh.truncate(ingest.MAX_FILE_BYTES + 1)
    expect["huge.txt"] = ("quarantined", f"file too large ({ingest.MAX_FILE_BYTES + 1} bytes > {ingest.MAX_FILE_BYTES})")
    # Not valid UTF-8 in the name itself.
    put(b"bad\xff\xfename.txt", GREEN.encode(), ("quarantined", None))
    expect["bad\\xff\\xfename.txt"] = ("quarantined", "file name is not valid UTF-8")
    os.mkfifo(raw / "pipe.txt")  # reading it would block the run forever
    expect["pipe.txt"] = ("quarantined", "not a regular file (FIFO, socket or device)")
    # Unreadable (simulated: tests run as root): os.access says no / open() raises.
    put("denied.txt", CIV.encode(), ("quarantined", "permission denied"))
    put("eacces.txt", CIV.encode(), ("quarantined", "cannot read: Permission denied"))
    put("unlistable/inside.txt", CIV.encode(), ("quarantined", None))
    expect.pop("unlistable/inside.txt")
    expect["unlistable/"] = ("quarantined", "cannot list directory: Permission denied")
    # Symlinks: inside (a duplicate), outside, dangling, self-loop, a directory link out, a directory loop.
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (outside / "dir").mkdir()
    (outside / "dir" / "secret2.txt").write_text(SECRET, encoding="utf-8")
    os.symlink(raw / "good.txt", raw / "link_in.txt")
    expect["link_in.txt"] = ("duplicate", "duplicate of ")
    os.symlink(outside / "secret.txt", raw / "link_out.txt")
    expect["link_out.txt"] = ("quarantined", "symlink points outside the landing directory")
    os.symlink("../" * 12 + "etc/passwd", raw / "passwd.txt")
    expect["passwd.txt"] = ("quarantined", "symlink points outside the landing directory")
    os.symlink(raw / "nowhere.txt", raw / "dangling.txt")
    expect["dangling.txt"] = ("quarantined", "cannot stat: FileNotFoundError: No such file or directory")
    os.symlink("self_loop.txt", raw / "self_loop.txt")
    expect["self_loop.txt"] = ("quarantined", "cannot stat: RuntimeError: Symlink loop from ")
    os.symlink(outside / "dir", raw / "dir_out")
    (raw / "loops").mkdir()
    os.symlink(raw, raw / "loops" / "back_to_root")
    # Files the run will see vanish / change / be swapped between scan and read.
    put("vanishes.txt", GREEN.encode(), ("quarantined", "cannot read: No such file or directory"))
    put("changes.txt", b"placeholder", ("loaded", None))
    put("swapped.txt", CIV.encode(), ("quarantined", "symlink points outside the landing directory"))
    return expect


def _race(raw: Path, outside: Path):
    real = ingest.iter_raw_files  # what read_raw_files and read_raw_batch (the asset's) both use

    def between_scan_and_read(raw_dir, scan, known, *args, **kwargs):
        if (raw / "vanishes.txt").exists():
            (raw / "vanishes.txt").unlink()
            (raw / "changes.txt").write_text(synthetic_speech("燃气", 2), encoding="utf-8")
            (raw / "swapped.txt").unlink()
            os.symlink(outside / "secret.txt", raw / "swapped.txt")
        return real(raw_dir, scan, known, *args, **kwargs)

    return between_scan_and_read


def _tree(root: Path) -> dict[str, tuple[int, int]]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            out[os.path.relpath(p, root)] = (st.st_size, st.st_mtime_ns)
    return out


@pytest.mark.robustness_slow
def test_every_bad_input_is_loaded_or_quarantined_precisely(env, tmp_path, monkeypatch):
    raw, settings, instance = env
    outside = tmp_path / "outside"
    outside.mkdir()
    expect = build_landing(raw, outside)

    # Unreadable files (we are root: simulate what EACCES looks like to the pipeline).
    real_access, real_open, real_scandir = os.access, builtins.open, os.scandir
    monkeypatch.setattr(ingest.os, "access", lambda p, mode, **kw: not str(p).endswith("denied.txt") and real_access(p, mode, **kw))

    def fake_open(file, *args, **kwargs):
        if str(file).endswith("eacces.txt"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def fake_scandir(path="."):
        if str(path).endswith("unlistable"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(ingest, "open", fake_open, raising=False)
    monkeypatch.setattr(ingest.os, "scandir", fake_scandir)
    monkeypatch.setattr(ingest, "iter_raw_files", _race(raw, outside))

    # Security, in the same run: no network, no writes outside the warehouse folder, no execution.
    def no_network(self, *args, **kwargs):
        raise AssertionError(f"the pipeline opened a network connection to {args}")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", no_network)
    home, cwd, tmp = tmp_path / "home", tmp_path / "cwd", tmp_path / "tmpdir"
    for d in (home, cwd, tmp):
        d.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.chdir(cwd)
    watched = {"home": home, "cwd": cwd, "tmp": tmp, "outside": outside}
    before = {k: _tree(v) for k, v in watched.items()}
    landing_before = _tree(raw)

    t0 = time.perf_counter()
    ok, summary = run_once(settings, instance)
    elapsed = time.perf_counter() - t0
    assert ok, (summary["failed_checks"], summary.get("errors"))
    assert elapsed < 60

    got = fates(settings.warehouse_path)
    for rel, (status, reason) in expect.items():
        assert rel in got, f"{rel} was lost: not in v_raw_files"
        g_status, g_detail = got[rel]
        assert g_status == status, (rel, got[rel])
        if status == "quarantined":
            assert g_detail is not None and g_detail.startswith(reason), (rel, g_detail, reason)
        elif status == "duplicate":
            assert g_detail.startswith("duplicate of "), (rel, g_detail)
    assert set(got) == set(expect), set(got) ^ set(expect)  # nothing missing, nothing invented
    assert not any(k.startswith(("dir_out/", "loops/back_to_root/")) for k in got)
    # Accounting: seen = loaded + duplicate + quarantined.
    assert summary["files_seen"] == len(expect) == summary["loaded"] + summary["duplicate"] + summary["quarantined"]

    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        enc = dict(con.execute("SELECT source_file, encoding || ':' || replaced_chars FROM raw_file").fetchall())
        leaked = con.execute(
            "SELECT count(*) FROM raw_file WHERE contains(COALESCE(original_text, ''), ?)", [SECRET[:12]]
        ).fetchone()[0]
        leaked += con.execute("SELECT count(*) FROM dim_speech WHERE contains(original_text, ?)", [SECRET[:12]]).fetchone()[0]
        changed_text = con.execute("SELECT body_text FROM v_speeches WHERE source_file = 'changes.txt'").fetchone()[0]
        html_body = con.execute("SELECT body_text FROM v_speeches WHERE source_file = 'remote.html'").fetchone()[0]
        giant = con.execute("SELECT count(*) FROM v_indicator_statements WHERE source_file = 'giant_line.txt'").fetchone()[0]
    finally:
        con.close()
    assert enc["truncated.txt"] == "utf-8:1"  # the cut character is one U+FFFD, the rest is intact
    assert enc["讲话 稿 (终稿)#1.txt"] == "gb18030:0"
    assert leaked == 0, "text from outside the landing directory reached the warehouse"
    assert "燃气" in changed_text  # the content read, not the content scanned
    assert "203.0.113.9" not in html_body and "track.js" not in html_body and "fetch(" not in html_body
    assert giant > 50

    # Nothing written outside the warehouse folder; the landing dir untouched (but for our own race edits).
    assert {k: _tree(v) for k, v in watched.items()} == before
    landing_after = _tree(raw)
    raced = {"vanishes.txt", "changes.txt", "swapped.txt"}
    assert {k: v for k, v in landing_after.items() if k not in raced} == {k: v for k, v in landing_before.items() if k not in raced}
    assert not list(tmp_path.rglob("PWNED*")) and not list(Path("/").glob("PWNED*"))
    assert {p.name for p in tmp_path.iterdir()} == {"landing", "wh", "home", "cwd", "tmpdir", "outside"}

    # A second run over the unchanged directory changes no fate: quarantine keys are stable. The
    # files edited during the first run (after its scan) are hashed again, found as read, and
    # their new size and mtime stored; from then on the warehouse file is left untouched.
    ok, summary2 = run_once(settings, instance)
    assert ok, summary2.get("errors")
    assert fates(settings.warehouse_path) == got
    st = os.stat(settings.warehouse_path)
    ok, summary3 = run_once(settings, instance)
    assert ok, summary3.get("errors")
    assert fates(settings.warehouse_path) == got
    st2 = os.stat(settings.warehouse_path)
    assert (st.st_ino, st.st_mtime_ns) == (st2.st_ino, st2.st_mtime_ns)
