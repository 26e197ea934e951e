"""Ingest and decode edge cases, fast (no pipeline run): the pieces the bad-input run relies on."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import polars as pl
import pytest

from conftest import CITY, CIV, GREEN, WATER
from transforms import ingest
from transforms.decode import decode_bytes
from transforms.ingest import read_raw_files, scan_landing

EMPTY_KNOWN = pl.DataFrame(schema={"source_file": pl.String, "content_sha256": pl.String})


@pytest.fixture
def alarm():
    """Fail (instead of hanging the suite) if the test blocks for 20 s, e.g. in open() on a FIFO."""
    def on_alarm(signum, frame):
        raise TimeoutError("blocked for 20 s (open() on a FIFO?)")

    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _read(root: Path, known=EMPTY_KNOWN) -> dict[str, dict]:
    return {r["source_file"]: r for r in read_raw_files(root, scan_landing(root), known).to_dicts()}


def test_deep_nesting_beyond_the_recursion_limit_is_scanned(tmp_path):
    # os.walk recursed once per level (Python 3.11): ~1000 levels raised RecursionError and crashed the run.
    path = str(tmp_path)
    for _ in range(1100):
        path += "/d"
        os.mkdir(path)
    with open(path + "/deep.txt", "w", encoding="utf-8") as fh:
        fh.write(WATER)
    try:
        scan = scan_landing(tmp_path)
        assert scan.height == 1
        assert scan["source_file"][0] == "d/" * 1100 + "deep.txt"
        assert scan["problem"][0] is None
        assert read_raw_files(tmp_path, scan, EMPTY_KNOWN)["quarantine_reason"].to_list() == [None]
    finally:
        # shutil.rmtree (pytest's temp cleanup) recurses per level too: remove the chain bottom-up here.
        os.remove(path + "/deep.txt")
        while path != str(tmp_path):
            os.rmdir(path)
            path = os.path.dirname(path)


def test_non_utf8_file_name_is_quarantined_not_a_crash(tmp_path):
    os.makedirs(os.fsencode(tmp_path) + b"/sub\xb2\xbb")  # a GBK-encoded directory name: 不
    for name in (b"bad\xff.txt", b"sub\xb2\xbb/inner.txt"):
        with open(os.path.join(os.fsencode(tmp_path), name), "wb") as fh:
            fh.write(GREEN.encode())
    (tmp_path / "ok.txt").write_text(CITY, encoding="utf-8")
    rows = _read(tmp_path)
    assert rows["bad\\xff.txt"]["quarantine_reason"] == "file name is not valid UTF-8"
    assert rows["sub\\xb2\\xbb/inner.txt"]["quarantine_reason"] == "file name is not valid UTF-8"
    assert rows["ok.txt"]["quarantine_reason"] is None


def test_fifo_is_quarantined_without_blocking(tmp_path, alarm):
    os.mkfifo(tmp_path / "pipe.txt")
    assert _read(tmp_path)["pipe.txt"]["quarantine_reason"] == "not a regular file (FIFO, socket or device)"


def test_file_swapped_for_fifo_or_outside_link_after_the_scan_is_refused(tmp_path, alarm):
    root = tmp_path / "landing"
    root.mkdir()
    (tmp_path / "secret.txt").write_text(CIV, encoding="utf-8")
    for name in ("a.txt", "b.txt", "c.txt"):
        (root / name).write_text(CITY, encoding="utf-8")
    scan = scan_landing(root)
    (root / "a.txt").unlink()
    os.mkfifo(root / "a.txt")
    (root / "b.txt").unlink()
    os.symlink(tmp_path / "secret.txt", root / "b.txt")
    (root / "c.txt").unlink()
    os.symlink(root / "c.txt", root / "c.txt.tmp")
    os.rename(root / "c.txt.tmp", root / "c.txt")  # now a symlink loop
    rows = {r["source_file"]: r for r in read_raw_files(root, scan, EMPTY_KNOWN).to_dicts()}
    assert rows["a.txt"]["quarantine_reason"] == "not a regular file (FIFO, socket or device)"
    assert rows["b.txt"]["quarantine_reason"] == "symlink points outside the landing directory"
    assert rows["b.txt"]["original_text"] is None
    assert rows["c.txt"]["quarantine_reason"].startswith("cannot read: Symlink loop")


def test_file_growing_past_the_limit_after_the_scan_is_quarantined_not_truncated(tmp_path, monkeypatch):
    (tmp_path / "grows.txt").write_text(CITY, encoding="utf-8")
    monkeypatch.setattr(ingest, "MAX_FILE_BYTES", len(CITY.encode()) + 10)
    scan = scan_landing(tmp_path)
    assert scan["problem"][0] is None
    with open(tmp_path / "grows.txt", "a", encoding="utf-8") as fh:
        fh.write(GREEN)
    row = read_raw_files(tmp_path, scan, EMPTY_KNOWN).row(0, named=True)
    assert row["quarantine_reason"] == f"file too large (> {ingest.MAX_FILE_BYTES} bytes when read)"
    assert row["original_text"] is None


def test_file_over_the_limit_is_never_read(tmp_path, monkeypatch):
    with open(tmp_path / "huge.txt", "wb") as fh:
        fh.truncate(ingest.MAX_FILE_BYTES + 1)  # sparse: no disk used
    monkeypatch.setattr(ingest, "open", lambda *a, **k: pytest.fail("a file over the limit was opened"), raising=False)
    rows = _read(tmp_path)
    assert rows["huge.txt"]["quarantine_reason"] == f"file too large ({ingest.MAX_FILE_BYTES + 1} bytes > {ingest.MAX_FILE_BYTES})"


def test_transient_read_failure_keeps_a_loaded_file_and_quarantines_a_new_one(tmp_path, monkeypatch):
    (tmp_path / "known.txt").write_text(CITY, encoding="utf-8")
    first = _read(tmp_path)
    known = pl.DataFrame({"source_file": ["known.txt"], "content_sha256": [first["known.txt"]["content_sha256"]]})
    (tmp_path / "known.txt").write_text(CITY + "又一段。", encoding="utf-8")  # changed, but unreadable this time
    (tmp_path / "new.txt").write_text(GREEN, encoding="utf-8")

    def eio(*args, **kwargs):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(ingest, "open", eio, raising=False)
    rows = _read(tmp_path, known)
    assert "known.txt" not in rows  # its loaded speeches are not deleted by a transient fault
    assert rows["new.txt"]["quarantine_reason"] == "cannot read: Input/output error"
    monkeypatch.undo()
    rows = _read(tmp_path, known)  # readable again: picked up as changed
    assert rows["known.txt"]["change"] == "changed" and rows["known.txt"]["quarantine_reason"] is None


def test_unlistable_directory_is_reported_not_silently_skipped(tmp_path, monkeypatch):
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "a.txt").write_text(CITY, encoding="utf-8")
    real = os.scandir
    monkeypatch.setattr(ingest.os, "scandir", lambda p=".": (_ for _ in ()).throw(PermissionError(13, "Permission denied"))
                        if str(p).endswith("locked") else real(p))
    scan = scan_landing(tmp_path)
    assert scan.rows() == [("locked/", None, None, "cannot list directory: Permission denied")]


def test_missing_landing_directory_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="landing directory .* does not exist"):
        scan_landing(tmp_path / "not_mounted")


def test_symlinked_directory_inside_is_scanned_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text(CITY, encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "b_alias")
    os.symlink(tmp_path, tmp_path / "a" / "up")
    assert scan_landing(tmp_path)["source_file"].to_list() == ["a/x.txt"]


@pytest.mark.parametrize("legacy", ["gb18030", "big5"])
def test_mixed_encodings_in_one_file_decode_line_by_line(legacy):
    # A UTF-8 speech with a GB18030 (or Big5) speech appended: one codec for all turned half into mojibake.
    other = GREEN if legacy == "gb18030" else "全市城鄉環境綜合整治推進會講話。各區要加強領導，確保年底前完成整治任務，群眾滿意度達到百分之九十以上。\n" * 3
    data = CITY.encode("utf-8") + other.encode(legacy)
    d = decode_bytes(data)
    assert d.quarantine is None
    assert d.encoding == f"utf-8+{legacy}"
    assert d.replaced == 0
    assert d.text == CITY + other


def test_truncated_utf8_keeps_one_replacement_not_a_guess():
    data = CITY.encode("utf-8")[:1001]  # cuts a 3-byte character
    d = decode_bytes(data)
    assert (d.encoding, d.replaced, d.quarantine) == ("utf-8", 1, None)
    assert d.text.endswith("\ufffd")
