"""Which engine runs the steps: configuration (the environment), not code. See docs/scaling.md.

SPEECH_EXECUTOR                      engine
-----------------------------------  ---------------------------------------------------------------
multiprocess (default)               one process per step on this machine (what `make dev` launches)
in_process                           every step in the run's own process (debugging, tiny batches)
celery                               steps as Celery tasks on `dagster-celery` workers (group "scale")
k8s                                  one Kubernetes Job per step (`dagster-k8s`, not installed here)

Other variables:
SPEECH_MAX_CONCURRENT                multiprocess / k8s: steps at once (default: CPU count / unlimited)
SPEECH_CELERY_BROKER                 celery: broker URL (default redis://127.0.0.1:6379/0)
SPEECH_CELERY_BACKEND                celery: result backend URL (default: the broker URL)
SPEECH_CELERY_VISIBILITY_TIMEOUT     celery on Redis: seconds before an unacknowledged step is
                                     handed to another worker (default 21600; must exceed the
                                     longest step, or a slow step runs twice)

`make run` (orchestration/run.py) and the tests call `execute_in_process`, which always runs in
process whatever is chosen here; the choice applies to runs launched by the UI, the daemon
(schedule, sensor) and `dagster job execute`. Celery workers must be started with the same broker
and backend: `celery_worker_yaml()` writes the config file `dagster-celery worker start -y` reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg

import config

EXECUTORS = config.EXECUTORS
DEFAULT_EXECUTOR = "multiprocess"
DEFAULT_CELERY_BROKER = config.DEFAULT_CELERY_BROKER
DEFAULT_VISIBILITY_TIMEOUT_S = config.DEFAULT_VISIBILITY_TIMEOUT_S
# dagster-celery's own defaults for the broker connection (dagster_celery.defaults); kept when we
# add the visibility timeout, because config_source replaces the whole broker_transport_options.
_DAGSTER_CELERY_TRANSPORT = {"max_retries": 3, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


class ExecutorConfigError(config.ConfigError):
    """SPEECH_EXECUTOR (or a variable it needs) is wrong, or the engine's package is missing."""


def _checked(getter, env: Mapping[str, str] | None):
    try:
        return getter(env)
    except config.ConfigError as exc:
        raise ExecutorConfigError(str(exc)) from None


def executor_name(env: Mapping[str, str] | None = None) -> str:
    """The engine SPEECH_EXECUTOR names (case and '-' / '_' forgiven); multiprocess when unset."""
    return _checked(config.executor, env)


def celery_config_from_env(env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The `celery` executor's config (broker, backend, config_source) from the environment."""
    return {
        "broker": config.celery_broker(env),
        "backend": config.celery_backend(env),
        "config_source": {
            "broker_transport_options": {**_DAGSTER_CELERY_TRANSPORT,
                                         "visibility_timeout": _checked(config.celery_visibility_timeout, env)},
            # The run process polls task results; results are not needed once read.
            "result_expires": 3600,
        },
    }


def celery_worker_yaml(env: Mapping[str, str] | None = None) -> str:
    """YAML for `dagster-celery worker start -y FILE`: the same broker/backend as the executor."""
    import yaml

    return yaml.safe_dump({"execution": {"config": celery_config_from_env(env)}}, sort_keys=False)


def executor_from_env(env: Mapping[str, str] | None = None) -> dg.ExecutorDefinition:
    """The executor definition the environment asks for (see the module docstring)."""
    name = executor_name(env)
    max_concurrent = _checked(config.max_concurrent, env)
    if name == "in_process":
        return dg.in_process_executor
    if name == "multiprocess":
        if max_concurrent is None:
            return dg.multiprocess_executor
        return dg.multiprocess_executor.configured({"max_concurrent": max_concurrent}, name="multiprocess")
    if name == "celery":
        try:
            from dagster_celery import celery_executor
        except ImportError:
            raise ExecutorConfigError(
                "SPEECH_EXECUTOR=celery needs dagster-celery: `uv sync --group scale` (see docs/scaling.md)"
            ) from None
        return celery_executor.configured(celery_config_from_env(env), name="celery")
    try:  # k8s
        from dagster_k8s import k8s_job_executor
    except ImportError:
        raise ExecutorConfigError(
            "SPEECH_EXECUTOR=k8s needs dagster-k8s in the image (matching dagster 1.13: 0.29.x); see docs/scaling.md"
        ) from None
    k8s_config = {"max_concurrent": max_concurrent} if max_concurrent else {}
    return k8s_job_executor.configured(k8s_config, name="k8s") if k8s_config else k8s_job_executor
