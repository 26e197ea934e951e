"""Landing directory → raw-file frame: which files exist, which are new or changed, their decoded text.

Only paths under the landing directory are read: symlinks are followed only when
their target stays inside it (no traversal out), loops are cut, and every file
that cannot be read becomes a quarantine row rather than an exception.
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

from transforms.decode import SUPPORTED_SUFFIXES, decode_bytes, sha256_hex

MAX_FILE_BYTES = 64 * 1024 * 1024  # larger files are quarantined, never read whole into memory

SCAN_SCHEMA = {"source_file": pl.String, "size_bytes": pl.Int64, "mtime_ns": pl.Int64, "problem": pl.String}
RAW_SCHEMA = {
    "source_file": pl.String,
    "content_sha256": pl.String,
    "size_bytes": pl.Int64,
    "change": pl.String,
    "encoding": pl.String,
    "replaced_chars": pl.Int32,
    "original_text": pl.String,
    "quarantine_reason": pl.String,
}


def scan_landing(raw_dir: str | os.PathLike[str]) -> pl.DataFrame:
    """Every file under raw_dir (recursively), as paths relative to it.

    Output columns: source_file, size_bytes, mtime_ns, problem (why it cannot be
    read: unsupported type, symlink outside, unreadable …; NULL when readable).
    """
    root = Path(raw_dir).resolve()
    rows: list[tuple[str, int | None, int | None, str | None]] = []
    seen_dirs: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=None):
        try:
            st = os.stat(dirpath)
        except OSError:
            continue
        key = (st.st_dev, st.st_ino)
        real = Path(dirpath).resolve()
        if key in seen_dirs or not real.is_relative_to(root):
            dirnames[:] = []  # a symlink loop or a link out of the landing dir
            continue
        seen_dirs.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            problem = None
            size = mtime = None
            try:
                resolved = path.resolve(strict=True)
                if not resolved.is_relative_to(root):
                    problem = "symlink points outside the landing directory"
                else:
                    st = resolved.stat()
                    size, mtime = st.st_size, st.st_mtime_ns
                    if not path.suffix.lower() in SUPPORTED_SUFFIXES:
                        problem = f"unsupported file type '{path.suffix or '(none)'}'"
                    elif not os.access(resolved, os.R_OK):
                        problem = "permission denied"
                    elif size > MAX_FILE_BYTES:
                        problem = f"file too large ({size} bytes > {MAX_FILE_BYTES})"
            except (OSError, RuntimeError) as exc:  # dangling link, loop, vanished
                problem = f"cannot stat: {type(exc).__name__}: {exc.strerror if isinstance(exc, OSError) else exc}"
            rows.append((rel, size, mtime, problem))
    return pl.DataFrame(rows, schema=SCAN_SCHEMA, orient="row")


def read_raw_files(raw_dir: str | os.PathLike[str], scan: pl.DataFrame, known: pl.DataFrame) -> pl.DataFrame:
    """Hash and decode the files of a scan that are new or changed relative to `known`.

    Inputs: the scan frame; known = [source_file, content_sha256] of files already
    in the warehouse. Output (RAW_SCHEMA): one row per new/changed file, with
    change 'new'|'changed', decoded text and a quarantine reason when it cannot be loaded.
    Unchanged files (same path and hash) are left out.
    """
    root = Path(raw_dir).resolve()
    known_hash = dict(zip(known["source_file"].to_list(), known["content_sha256"].to_list()))
    rows = []
    for rel, size, problem in scan.select("source_file", "size_bytes", "problem").iter_rows():
        data = b""
        digest = None
        if problem is None:
            try:
                with open(root / rel, "rb") as fh:
                    data = fh.read(MAX_FILE_BYTES + 1)
                digest = sha256_hex(data)
            except OSError as exc:
                problem = f"cannot read: {exc.strerror or exc}"
        if digest is None:
            # Unreadable files are keyed by their problem, so a file that becomes readable is picked up.
            digest = sha256_hex(f"unreadable:{problem}".encode())
        previous = known_hash.get(rel)
        if previous == digest:
            continue
        change = "new" if previous is None else "changed"
        if problem is not None:
            rows.append((rel, digest, size, change, None, 0, None, problem))
            continue
        decoded = decode_bytes(data)
        rows.append((rel, digest, len(data), change, decoded.encoding, decoded.replaced, decoded.text, decoded.quarantine))
    return pl.DataFrame(rows, schema=RAW_SCHEMA, orient="row")
