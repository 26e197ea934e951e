"""The DuckLake backend with a PostgreSQL catalog: a real server on loopback, started by the test.

Needs PostgreSQL's server binaries (Debian's postgresql package: initdb, pg_ctl; installed with
apt-get when missing and the tests run as root) and, as root, the package's 'postgres' user (the
server refuses to run as root). Skipped with the reason otherwise; SPEECH_TEST_POSTGRES=0 skips it.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs.resources import PipelineSettings
from orchestration.run import run_once
from warehouse import lake as lakes
from warehouse import workspace

SRC = Path(__file__).resolve().parents[2] / "data" / "sample_src"


def _pg_bin() -> Path | None:
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    return next((d for d in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True) if (d / "pg_ctl").exists()), None)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def postgres():
    """A throwaway PostgreSQL cluster on 127.0.0.1: yields the DuckLake catalog string of its database."""
    if os.environ.get("SPEECH_TEST_POSTGRES") == "0":
        pytest.skip("SPEECH_TEST_POSTGRES=0")
    bindir = _pg_bin()
    if bindir is None and os.geteuid() == 0 and shutil.which("apt-get"):
        # As the celery test does for redis-server: install Debian's server when we may.
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "postgresql"], capture_output=True,
                       env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        bindir = _pg_bin()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed (Debian: apt-get install postgresql)")
    as_user: list[str] = []
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run the server as")
        as_user = ["runuser", "-u", "postgres", "--"]
    root = Path(tempfile.mkdtemp(prefix="speech-pg-"))
    if as_user:
        os.chown(root, user.pw_uid, user.pw_gid)
    data, port = root / "data", _free_port()
    env = {**os.environ, "LC_ALL": "C.UTF-8"}
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "speeches", "-E", "UTF8"],
                   check=True, capture_output=True, env=env)
    subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o",
                    f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
                   check=True, capture_output=True, env=env)
    try:
        subprocess.run([*as_user, str(bindir / "psql") if (bindir / "psql").exists() else "psql", "-h", "127.0.0.1",
                        "-p", str(port), "-U", "speeches", "-d", "postgres", "-c", "CREATE DATABASE lake"],
                       check=True, capture_output=True, env=env)
        yield f"postgres:dbname=lake host=127.0.0.1 port={port} user=speeches"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, env=env)
        shutil.rmtree(root, ignore_errors=True)


def test_pipeline_on_a_postgres_catalog(postgres, tmp_path, sample_dir):
    landing = tmp_path / "landing"
    shutil.copytree(sample_dir, landing)
    settings = PipelineSettings(raw_dir=str(landing), warehouse=str(tmp_path / "speeches.duckdb"), backend="ducklake",
                                ducklake_catalog=postgres, ducklake_data_path=str(tmp_path / "lake_data"))
    instance = dg.DagsterInstance.ephemeral()
    ok, summary = run_once(settings, instance)
    assert ok, summary["errors"]
    assert (summary["loaded"], summary["duplicate"], summary["quarantined"], summary["statements"]) == (8, 4, 3, 138)

    # An analyst holds the published snapshot open while the next batch arrives and is published.
    reader = workspace.open_published(settings.store.lake)
    before = reader.execute("SELECT count(*) FROM v_speeches").fetchone()[0]
    shutil.copyfile(SRC / "speech_city_management.txt", landing / "incoming" / "city_again_copy.txt")
    (landing / "new_speech.txt").write_text((SRC / "speech_city_management.txt").read_text(encoding="utf-8")
                                            .replace("城市管理", "市容环境"), encoding="utf-8")
    ok, summary = run_once(settings, instance)
    assert ok, summary["errors"]
    assert summary["files_seen"] == 17
    assert reader.execute("SELECT count(*) FROM v_speeches").fetchone()[0] == before  # its snapshot does not move
    reader.close()
    con = workspace.open_published(settings.store.lake)
    try:
        assert con.execute("SELECT count(*) FROM v_speeches").fetchone()[0] == before + 2
        (publishes,) = con.execute("SELECT count(*) FROM snapshots() WHERE commit_message = 'publish'").fetchone()
        assert publishes == 2
    finally:
        con.close()
    meta = lakes.connect(settings.store.lake)
    try:
        assert lakes.latest_snapshot(meta) == lakes.published_snapshot(meta)
    finally:
        meta.close()
