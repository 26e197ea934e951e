"""Write-audit-publish mechanics: private working copy, atomic publish, conflict detection, readers."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from warehouse import workspace
from warehouse.connect import connect


def _count_files(path):
    con = connect(path, read_only=True)
    try:
        return con.execute("SELECT count(*) FROM raw_file").fetchone()[0]
    finally:
        con.close()


def _add_file(path, run_id, name):
    with workspace.working_connection(path, run_id) as con:
        con.execute("INSERT INTO raw_file (source_file, content_sha256, status) VALUES (?, ?, 'quarantined')", [name, "0" * 64])


def test_working_copy_is_private_until_published(tmp_path):
    pub = tmp_path / "w.duckdb"
    _add_file(pub, "run1", "a.txt")
    assert not pub.exists()
    workspace.publish(pub, "run1")
    assert _count_files(pub) == 1
    assert not workspace.working_path(pub, "run1").exists()

    _add_file(pub, "run2", "b.txt")
    assert _count_files(pub) == 1  # run2 not yet published
    workspace.publish(pub, "run2")
    assert _count_files(pub) == 2


def test_publish_refuses_to_overwrite_a_newer_warehouse(tmp_path):
    pub = tmp_path / "w.duckdb"
    _add_file(pub, "seed", "a.txt")
    workspace.publish(pub, "seed")
    _add_file(pub, "slow", "slow.txt")   # both copy the same published version
    _add_file(pub, "fast", "fast.txt")
    workspace.publish(pub, "fast")
    with pytest.raises(workspace.PublishConflict):
        workspace.publish(pub, "slow")
    con = connect(pub, read_only=True)
    assert sorted(r[0] for r in con.execute("SELECT source_file FROM raw_file").fetchall()) == ["a.txt", "fast.txt"]
    con.close()


def test_reader_in_another_process_neither_blocks_nor_sees_half_a_load(tmp_path):
    pub = tmp_path / "w.duckdb"
    _add_file(pub, "r0", "a.txt")
    workspace.publish(pub, "r0")
    # An analyst's process holds a read-write connection (the DuckDB CLI default) and keeps it open.
    reader = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys
            con = duckdb.connect({str(pub)!r})
            print(con.execute("SELECT count(*) FROM raw_file").fetchone()[0], flush=True)
            sys.stdin.readline()
            print(con.execute("SELECT count(*) FROM raw_file").fetchone()[0], flush=True)
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "1"
        _add_file(pub, "r1", "b.txt")
        workspace.publish(pub, "r1")  # must not fail on the reader's lock
        out, _ = reader.communicate("\n", timeout=30)
    finally:
        reader.kill()
    assert out.strip() == "1"            # the open reader keeps its snapshot
    assert _count_files(pub) == 2        # a new reader sees the published load


def test_discard_leaves_published_untouched(tmp_path):
    pub = tmp_path / "w.duckdb"
    _add_file(pub, "r0", "a.txt")
    workspace.publish(pub, "r0")
    before = pub.read_bytes()
    _add_file(pub, "bad", "b.txt")
    workspace.discard(pub, "bad")
    assert pub.read_bytes() == before
    assert not workspace.working_path(pub, "bad").exists()


def test_sweep_removes_only_stale_working_copies_and_run_folders(tmp_path):
    import os
    import time

    pub = tmp_path / "w.duckdb"
    _add_file(pub, "old", "a.txt")
    _add_file(pub, "fresh", "b.txt")
    runs = tmp_path / ".runs"
    (runs / "old").mkdir(parents=True)
    (runs / "fresh").mkdir()
    week_ago = time.time() - 7 * 86400
    for p in (workspace.working_path(pub, "old"), workspace.working_path(pub, "old").with_suffix(".base"), runs / "old"):
        os.utime(p, (week_ago, week_ago))
    assert workspace.sweep_stale(pub, max_age_days=3) == 3
    assert not workspace.working_path(pub, "old").exists()
    assert workspace.working_path(pub, "fresh").exists()
    assert (runs / "fresh").is_dir() and not (runs / "old").exists()


def _some_database(path: Path) -> bytes:
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE t AS SELECT range AS i, repeat('城市管理', 50) AS s FROM range(20000)")
    con.close()
    return path.read_bytes()


def test_copy_database_falls_back_to_bytes_without_reflinks(tmp_path, monkeypatch):
    data = _some_database(tmp_path / "a.duckdb")

    def no_clone(*args):
        raise OSError(errno.EOPNOTSUPP, "Operation not supported")

    monkeypatch.setattr(workspace.fcntl, "ioctl", no_clone)
    assert workspace.copy_database(tmp_path / "a.duckdb", tmp_path / "b.duckdb") == "bytes"
    assert (tmp_path / "b.duckdb").read_bytes() == data


@pytest.mark.skipif(not os.environ.get("SPEECH_TEST_REFLINK_DIR"),
                    reason="set SPEECH_TEST_REFLINK_DIR to a folder on XFS/btrfs to test reflink copies")
def test_copy_database_clones_on_a_reflink_filesystem():
    folder = Path(os.environ["SPEECH_TEST_REFLINK_DIR"]) / f"reflink-test-{os.getpid()}"
    folder.mkdir()
    try:
        data = _some_database(folder / "a.duckdb")
        assert workspace.copy_database(folder / "a.duckdb", folder / "b.duckdb") == "reflink"
        assert (folder / "b.duckdb").read_bytes() == data
        con = duckdb.connect(str(folder / "b.duckdb"))  # the clone is writable on its own
        con.execute("DELETE FROM t WHERE i < 10000")
        con.close()
        assert (folder / "a.duckdb").read_bytes() == data
    finally:
        shutil.rmtree(folder)
