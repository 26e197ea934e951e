"""Every setting the pipeline takes from the environment, read here and nowhere else (issue #19).

Each `SPEECH_*` variable has one getter below that parses and checks it, raising `ConfigError` with
one line that names the variable and what is wrong. `check()` runs every getter and the checks on
the paths (the landing directory exists, the warehouse's folder can be written, a file already at
SPEECH_WAREHOUSE is a DuckDB database) before a run touches anything: `python -m orchestration.run`
prints its lines and exits 2. The getters read the environment on every call (tests and the Dagster
UI change it between runs); each read costs microseconds.

Getters take an optional mapping instead of the process environment (tests, the executor's config).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RAW_DIR = REPO_ROOT / "data" / "sample"
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "speeches.duckdb"
BACKENDS = ("duckdb", "ducklake")
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
_DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


class ConfigError(ValueError):
    """A setting is wrong: the message is one line naming the variable."""


def environment() -> Mapping[str, str]:
    """The process environment: the one place the pipeline reads it."""
    return os.environ


def _text(env: Mapping[str, str] | None, name: str, default: str = "") -> str:
    return ((environment() if env is None else env).get(name) or "").strip() or default


def _number(env: Mapping[str, str] | None, name: str, default: float, low: float, high: float,
            cast: Callable[[str], float] = float) -> float:
    text = _text(env, name)
    if not text:
        return default
    try:
        value = cast(text)
    except ValueError:
        kind = "an integer" if cast is int else "a number"
        raise ConfigError(f"{name}={text!r}: not {kind}") from None
    if not low <= value <= high:
        bound = f"be at least {low:g}" if high == float("inf") else f"lie in [{low:g}, {high:g}]"
        raise ConfigError(f"{name}={text!r}: must {bound}")
    return value


# ---------------------------------------------------------------- where things are

def raw_dir(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_RAW_DIR: the landing directory (searched recursively); the bundled sample by default."""
    return _text(env, "SPEECH_RAW_DIR", str(DEFAULT_RAW_DIR))


def warehouse(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_WAREHOUSE: the DuckDB warehouse file; warehouse/speeches.duckdb by default."""
    return _text(env, "SPEECH_WAREHOUSE", str(DEFAULT_WAREHOUSE))


def backend(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_WAREHOUSE_BACKEND: 'duckdb' (the file SPEECH_WAREHOUSE, default) or 'ducklake' (docs/scaling.md)."""
    value = _text(env, "SPEECH_WAREHOUSE_BACKEND", "duckdb")
    if value not in BACKENDS:
        raise ConfigError(f"SPEECH_WAREHOUSE_BACKEND={value!r}: use one of {', '.join(BACKENDS)}")
    return value


def ducklake_catalog(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_DUCKLAKE_CATALOG: the lake's catalog (a DuckDB file or postgres:…); beside the warehouse when empty."""
    return _text(env, "SPEECH_DUCKLAKE_CATALOG")


def ducklake_data_path(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_DUCKLAKE_DATA_PATH: the lake's Parquet folder; beside the warehouse when empty."""
    return _text(env, "SPEECH_DUCKLAKE_DATA_PATH")


# ---------------------------------------------------------------- validation thresholds

def max_set_aside_share(env: Mapping[str, str] | None = None, default: float = 0.05) -> float:
    """SPEECH_MAX_SET_ASIDE_SHARE: the share of a batch's statements row rules may set aside before it blocks."""
    return _number(env, "SPEECH_MAX_SET_ASIDE_SHARE", default, 0, 1)


def density_band(env: Mapping[str, str] | None = None, default: float = 10.0) -> float:
    """SPEECH_DENSITY_BAND: how far (×/÷) a batch's statement density may stray from the warehouse's history."""
    return _number(env, "SPEECH_DENSITY_BAND", default, 1, 1e6)


# ---------------------------------------------------------------- batches, runs and upkeep

def batch_files(env: Mapping[str, str] | None = None) -> int:
    """SPEECH_BATCH_FILES: new or changed files one run takes at most (the rest wait for the next)."""
    return int(_number(env, "SPEECH_BATCH_FILES", 5000, 1, 1e9, int))


def batch_mb(env: Mapping[str, str] | None = None) -> float:
    """SPEECH_BATCH_MB: megabytes of new or changed files one run takes at most."""
    return _number(env, "SPEECH_BATCH_MB", 24.0, 0.001, 1e9)


def verify_hashes(env: Mapping[str, str] | None = None) -> bool:
    """SPEECH_VERIFY_HASHES=1: re-hash every file instead of trusting an unchanged size and mtime."""
    value = _text(env, "SPEECH_VERIFY_HASHES", "0")
    if value not in ("0", "1"):
        raise ConfigError(f"SPEECH_VERIFY_HASHES={value!r}: use 1 (re-hash every file) or 0")
    return value == "1"


def keep_work_days(env: Mapping[str, str] | None = None) -> float:
    """SPEECH_KEEP_WORK_DAYS: days an abandoned working copy is kept before a run sweeps it."""
    return _number(env, "SPEECH_KEEP_WORK_DAYS", 3.0, 0, 36500)


def ducklake_keep_days(env: Mapping[str, str] | None = None) -> float:
    """SPEECH_DUCKLAKE_KEEP_DAYS: days of lake snapshots the weekly upkeep keeps."""
    return _number(env, "SPEECH_DUCKLAKE_KEEP_DAYS", 7.0, 0, 36500)


def ducklake_lock_wait(env: Mapping[str, str] | None = None, default: float = 10.0) -> float:
    """SPEECH_DUCKLAKE_LOCK_WAIT: seconds to wait for a file catalog another process holds."""
    return _number(env, "SPEECH_DUCKLAKE_LOCK_WAIT", default, 0, 86400)


def run_lock_timeout(env: Mapping[str, str] | None = None) -> float:
    """SPEECH_RUN_LOCK_TIMEOUT: seconds a run waits for another run on the same warehouse."""
    return _number(env, "SPEECH_RUN_LOCK_TIMEOUT", 1800.0, 0, 864000)


def dagster_home(env: Mapping[str, str] | None = None) -> str:
    """DAGSTER_HOME: Dagster's instance folder (runs, schedules); `make run` sets it, empty means an ephemeral instance."""
    return _text(env, "DAGSTER_HOME")


def log_level(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_LOG_LEVEL: the Dagster log level `make run` prints (WARNING by default)."""
    value = _text(env, "SPEECH_LOG_LEVEL", "WARNING").upper()
    if value not in LOG_LEVELS:
        raise ConfigError(f"SPEECH_LOG_LEVEL={value!r}: use one of {', '.join(LOG_LEVELS)}")
    return value


PROGRESS_MODES = ("auto", "bar", "lines", "off")


def progress(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_PROGRESS: how `make run` reports progress over batches: bar (tqdm, on a terminal), lines (one
    plain line per batch), off; auto (default) is lines under CI (CI set), else a bar when stderr is a terminal."""
    value = _text(env, "SPEECH_PROGRESS", "auto").lower()
    if value not in PROGRESS_MODES:
        raise ConfigError(f"SPEECH_PROGRESS={value!r}: use one of {', '.join(PROGRESS_MODES)}")
    if value == "auto" and _text(env, "CI"):
        return "lines"
    return value


def workers(env: Mapping[str, str] | None = None) -> int | None:
    """SPEECH_WORKERS: processes for cleaning and extraction (0 counts as 1); None (the CPUs available) when unset."""
    if not _text(env, "SPEECH_WORKERS"):
        return None
    return max(1, int(_number(env, "SPEECH_WORKERS", 1, 0, 4096, int)))


def duckdb_memory(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_DUCKDB_MEMORY: DuckDB's memory cap per connection (1GB by default; larger operations spill)."""
    value = _text(env, "SPEECH_DUCKDB_MEMORY", "1GB")
    number = value.upper().rstrip("IB").rstrip("KMGT").strip()
    try:
        ok = float(number) > 0 and value.upper().endswith(("B", "KB", "MB", "GB", "TB", "KIB", "MIB", "GIB", "TIB"))
    except ValueError:
        ok = False
    if not ok:
        raise ConfigError(f"SPEECH_DUCKDB_MEMORY={value!r}: a size such as 1GB or 512MB")
    return value


# ---------------------------------------------------------------- the engine that runs the steps (docs/scaling.md)

EXECUTORS = ("multiprocess", "in_process", "celery", "k8s")
DEFAULT_CELERY_BROKER = "redis://127.0.0.1:6379/0"
DEFAULT_VISIBILITY_TIMEOUT_S = 6 * 3600


def executor(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_EXECUTOR: multiprocess (default), in_process, celery or k8s (case and '-' / '_' forgiven)."""
    raw = _text(env, "SPEECH_EXECUTOR", "multiprocess").lower().replace("-", "_")
    name = {"inprocess": "in_process", "multi_process": "multiprocess", "kubernetes": "k8s"}.get(raw, raw)
    if name not in EXECUTORS:
        raise ConfigError(f"SPEECH_EXECUTOR={raw!r}: expected one of {', '.join(EXECUTORS)}")
    return name


def _positive_int(env: Mapping[str, str] | None, name: str) -> int | None:
    if not _text(env, name):
        return None
    return int(_number(env, name, 1, 1, float("inf"), int))


def max_concurrent(env: Mapping[str, str] | None = None) -> int | None:
    """SPEECH_MAX_CONCURRENT: steps the multiprocess executor runs at once; Dagster's default when unset."""
    return _positive_int(env, "SPEECH_MAX_CONCURRENT")


def celery_broker(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_CELERY_BROKER: the celery executor's broker URL (a local Redis by default)."""
    return _text(env, "SPEECH_CELERY_BROKER", DEFAULT_CELERY_BROKER)


def celery_backend(env: Mapping[str, str] | None = None) -> str:
    """SPEECH_CELERY_BACKEND: the celery result backend; the broker when unset."""
    return _text(env, "SPEECH_CELERY_BACKEND", celery_broker(env))


def celery_visibility_timeout(env: Mapping[str, str] | None = None) -> int:
    """SPEECH_CELERY_VISIBILITY_TIMEOUT: seconds before the broker hands an unacknowledged step to another worker."""
    return _positive_int(env, "SPEECH_CELERY_VISIBILITY_TIMEOUT") or DEFAULT_VISIBILITY_TIMEOUT_S


# ---------------------------------------------------------------- checked once, at start


def _path_problems(env: Mapping[str, str] | None) -> list[str]:
    problems = []
    raw = Path(raw_dir(env)).expanduser()
    if not raw.is_dir():
        problems.append(f"SPEECH_RAW_DIR={str(raw)!r}: " + ("not a directory" if raw.exists() else "does not exist"))
    wh = Path(warehouse(env)).expanduser()
    folder = next((p for p in (wh.parent, *wh.parent.parents) if p.exists()), None)
    if wh.is_dir():
        problems.append(f"SPEECH_WAREHOUSE={str(wh)!r}: is a directory; name the warehouse file")
    elif folder is None or not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        problems.append(f"SPEECH_WAREHOUSE={str(wh)!r}: cannot create or write its folder {str(wh.parent)!r}")
    elif not wh.parent.exists() and not problems:
        try:  # the run would create it first thing; root passes os.access even where mkdir fails (/proc)
            wh.parent.mkdir(parents=True)
        except OSError as exc:
            problems.append(f"SPEECH_WAREHOUSE={str(wh)!r}: cannot create its folder {str(wh.parent)!r} "
                            f"({exc.strerror})")
    elif wh.exists() and backend(env) == "duckdb":
        try:
            with wh.open("rb") as fh:
                head = fh.read(12)
        except OSError as exc:
            problems.append(f"SPEECH_WAREHOUSE={str(wh)!r}: cannot be read ({exc.strerror})")
        else:
            if head[8:12] != _DUCKDB_MAGIC:
                problems.append(f"SPEECH_WAREHOUSE={str(wh)!r}: exists but is not a DuckDB database "
                                "(left untouched; point SPEECH_WAREHOUSE elsewhere or move the file)")
    return problems


def check(env: Mapping[str, str] | None = None) -> list[str]:
    """Every setting parsed and the paths checked: one line per problem, [] when a run may start."""
    problems = []
    for getter in (raw_dir, warehouse, backend, ducklake_catalog, ducklake_data_path, max_set_aside_share,
                   density_band, batch_files, batch_mb, verify_hashes, keep_work_days, ducklake_keep_days,
                   ducklake_lock_wait, run_lock_timeout, log_level, progress, workers, duckdb_memory, executor,
                   max_concurrent, celery_broker, celery_backend, celery_visibility_timeout):
        try:
            getter(env)
        except ConfigError as exc:
            problems.append(str(exc))
    if not any(p.startswith(("SPEECH_RAW_DIR", "SPEECH_WAREHOUSE=")) for p in problems) \
            and not any(p.startswith("SPEECH_WAREHOUSE_BACKEND") for p in problems):
        problems += _path_problems(env)
    return problems
