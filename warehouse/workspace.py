"""Write-audit-publish: a private working copy per run, published by atomic file replace.

Every function takes the warehouse as a Path (the DuckDB-file backend, described here) or as a
warehouse.lake.Lake (the DuckLake backend: no copy, publish by snapshot; see that module).

Any open DuckDB connection in another process (even read-only) makes a writer
fail with "Could not set lock on file". So the pipeline never writes the
analysts' file: it copies it (a byte copy or a reflink clone needs no lock) to a
private working database, loads and validates there, and publishes with os.replace. Readers keep
the snapshot they opened; new readers see the new file; nothing is half-published.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from warehouse import lake as lakes
from warehouse.connect import connect, ensure_schema, set_meta
from warehouse.lake import Lake

Target = Path | Lake


class PublishConflict(RuntimeError):
    """The published warehouse changed since this run copied it (another run published first)."""


def work_dir(published: Path) -> Path:
    """Folder of the private working databases, beside the published file."""
    return published.parent / ".work"


def working_path(published: Path, run_id: str) -> Path:
    """Path of the working database of one run."""
    return work_dir(published) / f"{published.stem}.{run_id}.duckdb"


def _lake_marker(lake: Lake, run_id: str) -> Path:
    """A lake run's marker: it exists while the run has unpublished commits; holds the published snapshot it started from."""
    return work_dir(lake.anchor) / f"{lake.anchor.stem}.{run_id}.lake"


def _revoked(marker: Path) -> Path:
    """Where a lake run's marker goes when another run takes the lake over (the run may no longer write)."""
    return marker.with_suffix(".revoked")


def has_working(target: Target, run_id: str) -> bool:
    """True when this run has begun writing (a working copy, or commits to the lake not yet published)."""
    if isinstance(target, Lake):
        marker = _lake_marker(target, run_id)
        return marker.exists() or _revoked(marker).exists()
    return working_path(target, run_id).exists()


def anchor(target: Target) -> Path:
    """The local path the run's locks, .work/ and .runs/ sit beside (SPEECH_WAREHOUSE)."""
    return target.anchor if isinstance(target, Lake) else target


def _fingerprint(path: Path) -> str:
    try:
        st = path.stat()
    except FileNotFoundError:
        return "absent"
    return f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"


# ioctl(FICLONE) from linux/fs.h: share the source's extents (copy-on-write), no bytes copied.
_FICLONE = 0x40049409


def copy_database(src: Path, dst: Path) -> str:
    """Copy a database file; returns 'reflink' or 'bytes'.

    On a filesystem with reflinks (XFS, btrfs, bcachefs, OCFS2) the copy is a clone that shares
    the source's blocks until either file writes them, so a run's working copy costs
    milliseconds whatever the warehouse size. Elsewhere (ext4, tmpfs, across filesystems) the
    clone is refused and the bytes are copied: the one O(warehouse) cost of a run.
    """
    with open(src, "rb") as fsrc, open(dst, "wb") as fdst:
        try:
            fcntl.ioctl(fdst.fileno(), _FICLONE, fsrc.fileno())
            return "reflink"
        except OSError:
            pass  # EOPNOTSUPP, EXDEV, EINVAL, ENOTTY …: no reflinks here
    shutil.copyfile(src, dst)
    return "bytes"


def _base_marker(working: Path) -> Path:
    return working.with_suffix(".base")


def prepare_working(published: Target, run_id: str) -> Path:
    """Create (once per run) the working database: a copy of the published one, or a new one.

    Records which published version it was copied from, so publish can refuse to
    overwrite a newer one. Returns the working path (for a lake, the run's marker). Idempotent within a run.
    """
    if isinstance(published, Lake):
        return _prepare_lake(published, run_id)
    working = working_path(published, run_id)
    if working.exists():
        return working
    working.parent.mkdir(parents=True, exist_ok=True)
    tmp = working.with_suffix(".copying")
    with publish_lock(published):
        base = _fingerprint(published)
        try:
            if published.exists():
                copy_database(published, tmp)
                wal = published.with_name(published.name + ".wal")
                if wal.exists():
                    copy_database(wal, tmp.with_name(tmp.name + ".wal"))
            con = connect(tmp)
            try:
                if ensure_schema(con) and published.exists():
                    # The published file is on an older schema: publish this run even if it loads nothing.
                    set_meta(con, "migrated_by_run", run_id)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            _base_marker(working).write_text(base)
            os.replace(tmp, working)
        except BaseException:
            # Robustness (issue #9): a failed copy (disk full) used to leave a partial .copying
            # file behind, holding the very space that ran out. The published file is untouched.
            for p in (tmp, tmp.with_name(tmp.name + ".wal"), _base_marker(working)):
                p.unlink(missing_ok=True)
            raise
    return working


@contextmanager
def _lake_connection(lake: Lake, con: duckdb.DuckDBPyConnection | None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The caller's open connection to the lake, or one opened (and closed) for the block."""
    if con is not None:
        yield con
        return
    con = lakes.connect(lake)
    try:
        yield con
    finally:
        con.close()


def _prepare_lake(lake: Lake, run_id: str, con: duckdb.DuckDBPyConnection | None = None) -> Path:
    """Begin a run on the lake: undo what an unpublished run left, migrate the schema, write the run's marker.

    con: a connection to the lake to do it on (working_connection's own), else one is opened.
    """
    marker = _lake_marker(lake, run_id)
    if marker.exists():
        return marker
    if _revoked(marker).exists():
        # Taking the lake back would revert the other run and publish half of this one.
        raise PublishConflict(f"another run took {lake} over and reverted run {run_id}; rerun to load on top of it")
    marker.parent.mkdir(parents=True, exist_ok=True)
    # Everywhere: attach the lake first, then take the publish lock. With the opposite order in
    # one place, a process holding the lock could wait for an attach another process holds while
    # that one waits for the lock (found in review).
    with _lake_connection(lake, con) as con, publish_lock(lake.anchor):
        # Commits after the published snapshot belong to a run that failed its checks or died
        # (runs are serialised, so none is in flight): analysts never saw them; drop them. The
        # restoring commit is a publish of the same rows unless that run changed the schema
        # (warehouse.lake.revert).
        lakes.revert(con, lakes.published_snapshot(con), run_id)
        base = lakes.published_snapshot(con)
        for other in work_dir(lake.anchor).glob(f"{lake.anchor.stem}.*.lake"):
            other.replace(_revoked(other))  # its run can no longer write or publish (its base is gone)
        if ensure_schema(con) and base is not None:
            set_meta(con, "migrated_by_run", run_id)
        marker.write_text("none" if base is None else str(base))
    return marker


@contextmanager
def publish_lock(published: Path) -> Iterator[None]:
    """Exclusive advisory lock serialising copy and publish across processes."""
    published.parent.mkdir(parents=True, exist_ok=True)
    lock_path = published.with_name(published.name + ".lock")
    with open(lock_path, "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextmanager
def working_connection(published: Target, run_id: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """Connection to this run's working database (created on first use), or to the lake."""
    if isinstance(published, Lake):
        # One connection for the preparation and the step: each costs an ATTACH of the lake.
        with _lake_connection(published, None) as con:
            _prepare_lake(published, run_id, con)
            yield con
        return
    con = connect(prepare_working(published, run_id))
    try:
        yield con
    finally:
        con.close()


def publish(published: Target, run_id: str, con: duckdb.DuckDBPyConnection | None = None) -> None:
    """Atomically replace the published warehouse with this run's validated working copy.

    Raises PublishConflict when another run published since this run's copy was
    made (its rows would be lost); the caller reruns. The working file is consumed.
    On a lake: one commit tagged 'publish' makes the run's commits what analysts see (on `con`
    when given: the caller's open connection to the lake).
    """
    if isinstance(published, Lake):
        _publish_lake(published, run_id, con)
        return
    working = working_path(published, run_id)
    con = connect(working)
    try:
        con.execute("CHECKPOINT")  # folds the run's WAL into the file: the published file stands alone
    finally:
        con.close()
    wal = working.with_name(working.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        # DuckDB 1.5 removes the WAL when it checkpoints; one left behind holds commits the file lacks.
        raise RuntimeError(f"{wal} is not empty after CHECKPOINT; not publishing {working}")
    wal.unlink(missing_ok=True)
    with publish_lock(published):
        base = _base_marker(working).read_text() if _base_marker(working).exists() else None
        if base is not None and base != _fingerprint(published):
            raise PublishConflict(f"{published} changed since run {run_id} copied it; rerun to load on top of it")
        fd = os.open(working, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
        # A published file is always checkpointed; a WAL beside it would belong to the old file.
        published.with_name(published.name + ".wal").unlink(missing_ok=True)
        os.replace(working, published)
        dir_fd = os.open(published.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    _base_marker(working).unlink(missing_ok=True)


def _publish_lake(lake: Lake, run_id: str, con: duckdb.DuckDBPyConnection | None = None) -> None:
    marker = _lake_marker(lake, run_id)
    with _lake_connection(lake, con) as con, publish_lock(lake.anchor):  # attach, then lock (see _prepare_lake)
        if not marker.exists() or _revoked(marker).exists():
            raise PublishConflict(f"another run took {lake} over and reverted run {run_id}; rerun to load on top of it")
        now = lakes.published_snapshot(con)
        if marker.read_text() != ("none" if now is None else str(now)):
            raise PublishConflict(f"{lake} was published since run {run_id} began; rerun to load on top of it")
        lakes.commit_publish(con, run_id)
        marker.unlink(missing_ok=True)


def discard(published: Target, run_id: str, con: duckdb.DuckDBPyConnection | None = None) -> None:
    """Remove a run's working database (after a failed validation, say); on a lake, revert its commits
    (on `con` when given)."""
    if isinstance(published, Lake):
        marker = _lake_marker(published, run_id)
        _revoked(marker).unlink(missing_ok=True)
        if not marker.exists():
            return
        with _lake_connection(published, con) as con, publish_lock(published.anchor):  # attach, then lock
            lakes.revert(con, lakes.published_snapshot(con), run_id)
            marker.unlink(missing_ok=True)
        return
    working = working_path(published, run_id)
    for p in (working, working.with_name(working.name + ".wal"), _base_marker(working)):
        p.unlink(missing_ok=True)


def maintain_lake(lake: Lake, keep_days: float) -> dict[str, int]:
    """Lake upkeep (warehouse.lake.maintain) under the publish lock, so no run prepares or publishes meanwhile."""
    with _lake_connection(lake, None) as con, publish_lock(lake.anchor):  # attach, then lock (see _prepare_lake)
        return lakes.maintain(con, keep_days)


def has_published(target: Target, con: duckdb.DuckDBPyConnection | None = None) -> bool:
    """True when analysts have a warehouse to read (the file exists; the lake has a publish commit).

    con: a connection to the lake already open in this process; pass it, because a DuckDB-file
    catalog cannot be attached twice at once.
    """
    if isinstance(target, Lake) and con is not None:
        return lakes.published_snapshot(con) is not None
    if isinstance(target, Lake):
        con = open_published(target)
        if con is None:
            return False
        con.close()
        return True
    return target.exists()


def open_published(target: Target) -> duckdb.DuckDBPyConnection | None:
    """Read-only connection to what analysts see; None when nothing was published yet.

    Raises duckdb.IOException when another process holds the DuckDB file's write lock.
    """
    if isinstance(target, Lake):
        return lakes.connect_published(target)
    if not target.exists():
        return None
    return connect(target, read_only=True)


def sweep_stale(published: Target, max_age_days: float) -> int:
    """Delete working copies and run intermediates older than max_age_days; returns how many.

    A failed run keeps its working copy for inspection and a killed run leaves one behind;
    without this sweep a crash loop would fill the disk with warehouse-sized copies.
    """
    published = anchor(published)
    cutoff = time.time() - max_age_days * 86400
    removed = 0
    work = work_dir(published)
    if work.is_dir():
        for p in work.iterdir():
            if p.is_file() and p.name.startswith(published.stem + ".") and p.stat().st_mtime < cutoff:
                p.unlink(missing_ok=True)
                removed += 1
            elif p.is_dir() and p.name.startswith(published.stem + ".lake.tmp.") and p.stat().st_mtime < cutoff:
                shutil.rmtree(p, ignore_errors=True)  # a killed lake connection's spill folder
                removed += 1
    runs = published.parent / ".runs"
    if runs.is_dir():
        for d in runs.iterdir():
            if d.is_dir() and d.stat().st_mtime < cutoff:
                shutil.rmtree(d, ignore_errors=True)
                removed += 1
    return removed
