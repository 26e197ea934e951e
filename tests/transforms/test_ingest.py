import os

import polars as pl

from transforms.ingest import read_raw_files, scan_landing

EMPTY_KNOWN = pl.DataFrame(schema={"source_file": pl.String, "content_sha256": pl.String})
SPEECH = "同志们：今天召开全市城市管理工作会议，主要任务是总结去年工作，部署今年重点任务。" * 5


def test_scan_lists_nested_files_relative_and_flags_problems(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "讲话 稿.txt").write_text(SPEECH, encoding="utf-8")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF")
    outside = tmp_path.parent / f"{tmp_path.name}_outside.txt"
    outside.write_text(SPEECH, encoding="utf-8")
    os.symlink(outside, tmp_path / "link_out.txt")
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "loop")  # a directory loop

    scan = scan_landing(tmp_path)
    rows = {r["source_file"]: r["problem"] for r in scan.to_dicts()}
    assert rows["a/b/讲话 稿.txt"] is None
    assert rows["doc.pdf"].startswith("unsupported file type")
    assert rows["link_out.txt"] == "symlink points outside the landing directory"
    assert not any("loop/" in k for k in rows)


def test_read_raw_files_skips_unchanged_and_marks_changed(tmp_path):
    (tmp_path / "one.txt").write_text(SPEECH, encoding="utf-8")
    (tmp_path / "two.txt").write_bytes(SPEECH.encode("gb18030"))
    first = read_raw_files(tmp_path, scan_landing(tmp_path), EMPTY_KNOWN)
    assert sorted(first["change"].to_list()) == ["new", "new"]
    assert dict(zip(first["source_file"], first["encoding"]))["two.txt"] == "gb18030"

    known = first.select("source_file", "content_sha256")
    assert read_raw_files(tmp_path, scan_landing(tmp_path), known).height == 0

    (tmp_path / "one.txt").write_text(SPEECH + "新增一段。", encoding="utf-8")
    again = read_raw_files(tmp_path, scan_landing(tmp_path), known)
    assert again["source_file"].to_list() == ["one.txt"]
    assert again["change"].to_list() == ["changed"]


def test_unreadable_file_is_quarantined_not_raised(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(SPEECH, encoding="utf-8")
    path.chmod(0)
    try:
        raw = read_raw_files(tmp_path, scan_landing(tmp_path), EMPTY_KNOWN)
    finally:
        path.chmod(0o644)
    if os.geteuid() == 0:  # root reads anything; the row must still be a clean load
        assert raw["quarantine_reason"].to_list() == [None]
    else:
        assert raw["quarantine_reason"][0] == "permission denied"


def _known(*rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"source_file": pl.String, "content_sha256": pl.String, "size_bytes": pl.Int64,
                                      "mtime_ns": pl.Int64, "quarantine_reason": pl.String}, orient="row")


def _scan(*rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"source_file": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64,
                                      "problem": pl.String}, orient="row")


def test_has_candidates_decides_without_reading():
    from transforms.decode import sha256_hex
    from transforms.ingest import has_candidates

    out_key = sha256_hex(b"unreadable:symlink points outside the landing directory")
    known = _known(("a.txt", "h1", 10, 1, None),
                   ("out.txt", out_key, None, None, "symlink points outside the landing directory"),
                   ("locked.txt", "h3", 5, 1, "permission denied"))
    same = _scan(("a.txt", 10, 1, None), ("out.txt", None, None, "symlink points outside the landing directory"),
                 ("locked.txt", 5, 1, "permission denied"))
    assert not has_candidates(same, known)  # nothing new; the link out and the locked file are as before
    assert has_candidates(same.vstack(_scan(("new.txt", 3, 2, None))), known)
    assert has_candidates(_scan(("a.txt", 10, 2, None)), known)  # touched
    assert has_candidates(_scan(("a.txt", None, None, "symlink points outside the landing directory")), known)  # became a link out
    assert has_candidates(_scan(("locked.txt", 5, 1, None)), known)  # readable now, same size and mtime
    assert has_candidates(_scan(("out.txt", None, None, "cannot stat: FileNotFoundError: gone")), known)  # another reason
