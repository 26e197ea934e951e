"""Body of the kill -9 tests' child processes: run the pipeline once, and stop dead at a chosen point.

`child(phase, raw_dir, warehouse, marker)` runs in a process forked from a multiprocessing
forkserver that preloaded this module (importing the pipeline costs ~9 s; forking costs
nothing); `python crash_driver.py PHASE RAW_DIR WAREHOUSE MARKER` does the same standalone.
PHASE: staging | validation | publish_before_replace | publish_after_replace | none.
At that point the child writes MARKER and sleeps; the test kills it with SIGKILL.
Importing this module only imports (no thread, no connection), so forking after it is safe.
Not a test module (no test_ prefix); the repository root is put on sys.path.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def stop_here(marker: str) -> None:
    Path(marker).write_text(str(os.getpid()))
    time.sleep(300)  # the parent kills us long before
    os._exit(3)  # never reached in a passing test: the parent sees exit code 3


os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
import dagster as dg  # noqa: E402  (preloaded by the forkserver)
import jieba  # noqa: E402
import jieba.posseg  # noqa: E402,F401
import opencc  # noqa: E402,F401

from orchestration.defs.resources import PipelineSettings  # noqa: E402
from orchestration.run import run_once  # noqa: E402

jieba.setLogLevel(60)
jieba.initialize()  # the dictionary, loaded once in the forkserver instead of in every child


def child(phase: str, raw: str, warehouse: str, marker: str) -> None:
    os.environ["SPEECH_LOG_LEVEL"] = "CRITICAL"
    published = str(Path(warehouse).resolve())
    if phase == "staging":
        from warehouse import load

        real_apply = load._apply

        class Proxy:
            """The working connection, killed after a few of the load's statements ran."""

            def __init__(self, con):
                self._con, self._n = con, 0

            def execute(self, *args, **kwargs):
                self._n += 1
                if self._n == 6:
                    stop_here(marker)
                return self._con.execute(*args, **kwargs)

            def __getattr__(self, name):
                return getattr(self._con, name)

        load._apply = lambda con, inc, now: real_apply(Proxy(con), inc, now)
    elif phase == "validation":
        from expectations import runner

        def run_suites(*args, **kwargs):
            stop_here(marker)

        runner.run_suites = run_suites  # the validate step imports it when it runs
    elif phase.startswith("publish_"):
        real_replace = os.replace

        def replace(src, dst, *args, **kwargs):
            is_publish = str(dst) == published
            if is_publish and phase == "publish_before_replace":
                stop_here(marker)
            real_replace(src, dst, *args, **kwargs)
            if is_publish and phase == "publish_after_replace":
                stop_here(marker)

        os.replace = replace
    ok, summary = run_once(PipelineSettings(raw_dir=raw, warehouse=warehouse), dg.DagsterInstance.ephemeral())
    print(ok, summary.get("errors"))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    child(*sys.argv[1:5])
