"""The executor is configuration: SPEECH_EXECUTOR (and friends) pick it; nothing else changes.

Unit level only. The real celery run (Redis + two workers + one ingest_job run) is
scripts/celery_local.sh; `test_celery_local_script` runs it only when SPEECH_TEST_CELERY=1,
redis-server is on PATH and dagster-celery is importable (`uv sync --inexact --group scale`).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs import executors
from orchestration.defs.executors import ExecutorConfigError, executor_from_env

REPO = Path(__file__).resolve().parents[2]
HAS_CELERY = importlib.util.find_spec("dagster_celery") is not None


def _config(executor: dg.ExecutorDefinition) -> dict:
    """The config a `.configured(...)` executor will run with (defaults filled in)."""
    return executor.apply_config_mapping({}).value["config"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, "multiprocess"), ("", "multiprocess"), ("multiprocess", "multiprocess"), ("MULTI-PROCESS", "multiprocess"),
     ("in_process", "in_process"), ("in-process", "in_process"), ("celery", "celery"), ("kubernetes", "k8s")],
)
def test_executor_name(value, expected):
    env = {} if value is None else {"SPEECH_EXECUTOR": value}
    assert executors.executor_name(env) == expected


def test_default_is_plain_multiprocess():
    ex = executor_from_env({})
    assert ex is dg.multiprocess_executor


def test_in_process():
    assert executor_from_env({"SPEECH_EXECUTOR": "in_process"}) is dg.in_process_executor


def test_multiprocess_max_concurrent():
    ex = executor_from_env({"SPEECH_EXECUTOR": "multiprocess", "SPEECH_MAX_CONCURRENT": "2"})
    assert ex.name == "multiprocess"
    assert _config(ex)["max_concurrent"] == 2


@pytest.mark.parametrize("bad", ["0", "-1", "two"])
def test_bad_max_concurrent_is_refused(bad):
    with pytest.raises(ExecutorConfigError, match="SPEECH_MAX_CONCURRENT"):
        executor_from_env({"SPEECH_MAX_CONCURRENT": bad})


def test_unknown_executor_is_refused():
    with pytest.raises(ExecutorConfigError, match="expected one of"):
        executor_from_env({"SPEECH_EXECUTOR": "spark"})


def test_celery_config_from_env_defaults():
    cfg = executors.celery_config_from_env({})
    assert cfg["broker"] == "redis://127.0.0.1:6379/0"
    assert cfg["backend"] == cfg["broker"]
    assert cfg["config_source"]["broker_transport_options"]["visibility_timeout"] == executors.DEFAULT_VISIBILITY_TIMEOUT_S


def test_celery_config_from_env_overrides():
    env = {"SPEECH_CELERY_BROKER": "redis://10.0.0.5:6380/2", "SPEECH_CELERY_BACKEND": "redis://10.0.0.5:6380/3",
           "SPEECH_CELERY_VISIBILITY_TIMEOUT": "60"}
    cfg = executors.celery_config_from_env(env)
    assert (cfg["broker"], cfg["backend"]) == ("redis://10.0.0.5:6380/2", "redis://10.0.0.5:6380/3")
    transport = cfg["config_source"]["broker_transport_options"]
    assert transport["visibility_timeout"] == 60
    assert transport["max_retries"] == 3  # dagster-celery's own defaults are kept


def test_celery_without_the_scale_group_says_how_to_get_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "dagster_celery", None)  # import fails as if not installed
    with pytest.raises(ExecutorConfigError, match="uv sync --group scale"):
        executor_from_env({"SPEECH_EXECUTOR": "celery"})


def test_k8s_without_dagster_k8s_says_so(monkeypatch):
    monkeypatch.setitem(sys.modules, "dagster_k8s", None)
    with pytest.raises(ExecutorConfigError, match="dagster-k8s"):
        executor_from_env({"SPEECH_EXECUTOR": "k8s"})


@pytest.mark.skipif(not HAS_CELERY, reason="dagster-celery not installed (uv group 'scale')")
def test_celery_executor_carries_broker_and_backend():
    env = {"SPEECH_EXECUTOR": "celery", "SPEECH_CELERY_BROKER": "redis://127.0.0.1:6399/0"}
    ex = executor_from_env(env)
    assert ex.name == "celery"
    cfg = _config(ex)
    assert cfg["broker"] == cfg["backend"] == "redis://127.0.0.1:6399/0"
    assert cfg["config_source"]["result_expires"] == 3600


@pytest.mark.skipif(not HAS_CELERY, reason="dagster-celery not installed (uv group 'scale')")
def test_worker_yaml_is_what_dagster_celery_accepts(tmp_path):
    """Workers and executor read one config: the YAML validates against the executor's schema."""
    from dagster_celery.cli import get_validated_config

    env = {"SPEECH_CELERY_BROKER": "redis://127.0.0.1:6399/0", "SPEECH_CELERY_BACKEND": "redis://127.0.0.1:6399/1"}
    path = tmp_path / "celery.yaml"
    path.write_text(executors.celery_worker_yaml(env))
    cfg = get_validated_config(str(path))
    assert cfg["broker"] == "redis://127.0.0.1:6399/0"
    assert cfg["backend"] == "redis://127.0.0.1:6399/1"
    assert cfg["config_source"] == executors.celery_config_from_env(env)["config_source"]


@pytest.mark.parametrize("name", ["in_process", "multiprocess"] + (["celery"] if HAS_CELERY else []))
def test_definitions_follow_the_environment(monkeypatch, tmp_path, name):
    from orchestration.definitions import build_definitions
    from orchestration.defs.resources import PipelineSettings

    monkeypatch.setenv("SPEECH_EXECUTOR", name)
    defs = build_definitions(PipelineSettings(raw_dir=str(tmp_path), warehouse=str(tmp_path / "w.duckdb")))
    assert defs.resolve_job_def("ingest_job").executor_def.name == name


@pytest.mark.skipif(not HAS_CELERY, reason="dagster-celery not installed (uv group 'scale')")
def test_execute_in_process_ignores_the_configured_executor():
    """`make run` and the tests use execute_in_process, which must keep working when SPEECH_EXECUTOR=celery."""

    @dg.op
    def one() -> int:
        return 1

    @dg.job(executor_def=executor_from_env({"SPEECH_EXECUTOR": "celery", "SPEECH_CELERY_BROKER": "redis://127.0.0.1:1/0"}))
    def tiny():
        one()

    assert tiny.execute_in_process().success


@pytest.mark.skipif(
    os.environ.get("SPEECH_TEST_CELERY") == "0"
    or not (shutil.which("redis-server") or (os.geteuid() == 0 and shutil.which("apt-get"))),
    reason="real celery run: needs redis-server on PATH (or root, to apt-get it); SPEECH_TEST_CELERY=0 skips it",
)
def test_celery_local_script():
    """Redis on loopback, two workers, one ingest_job run on data/sample: succeeds, rows in the warehouse."""
    proc = subprocess.run(["bash", str(REPO / "scripts" / "celery_local.sh")], cwd=REPO, capture_output=True, text=True,
                          timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "[celery_local] OK" in proc.stdout
    assert "celery tasks across" in proc.stdout
