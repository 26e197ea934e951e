#!/usr/bin/env bash
# One run of ingest_job through Dagster's celery executor on this machine, end to end:
# a loopback-only Redis (no persistence, in a temp dir), two `dagster-celery` workers, one
# arrival-batch run over SPEECH_RAW_DIR (default data/sample) into a temporary warehouse, checks
# that the run succeeded, that steps ran on the workers and that the warehouse has rows, then
# shuts everything down. Exit 0 only when all of that held. See docs/scaling.md.
#
#   scripts/celery_local.sh            # from the repo root
#   KEEP=1 scripts/celery_local.sh     # keep the temp dir (warehouse, logs, DAGSTER_HOME)
#   PARITY=1 scripts/celery_local.sh   # also run the same batch in process and compare the warehouses
#
# Needs: redis-server (installed with apt-get when missing and we are root) and the uv group
# "scale" (dagster-celery, redis), synced here without removing other groups.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO"
VENV="${UV_PROJECT_ENVIRONMENT:-$REPO/.venv}"
PY="$VENV/bin/python"
WORKERS="${CELERY_WORKERS:-2}"
TIMEOUT_S="${CELERY_RUN_TIMEOUT:-900}"   # seconds the run may take before it is stopped

log() { printf '[celery_local %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# --- prerequisites ---------------------------------------------------------------------------
if ! command -v redis-server >/dev/null; then
    if [ "$(id -u)" = 0 ]; then
        log "installing redis-server (Debian package)"
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    else
        echo "redis-server is missing: sudo apt-get install -y redis-server" >&2; exit 2
    fi
fi
if ! "$PY" -c "import dagster_celery, redis" 2>/dev/null; then
    UV="$(command -v uv || true)"; [ -x "$REPO/.uv-tools/bin/uv" ] && UV="$REPO/.uv-tools/bin/uv"
    [ -n "$UV" ] || { echo "uv not found: run 'make test' once, or install uv" >&2; exit 2; }
    log "syncing the uv group 'scale' (dagster-celery, redis)"
    UV_PROJECT_ENVIRONMENT="$VENV" "$UV" sync --locked --inexact --group scale --quiet
fi

# --- a private place for everything ----------------------------------------------------------
TMP="$(mktemp -d -t speech-celery.XXXXXX)"
PIDS=()
cleanup() {
    local rc=$?
    for pid in "${PIDS[@]}"; do   # each worker / redis was started in its own process group
        kill -TERM -- "-$pid" 2>/dev/null || true
    done
    for pid in "${PIDS[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL -- "-$pid" 2>/dev/null || true
    done
    if [ "${KEEP:-0}" = 1 ]; then log "kept $TMP"; else rm -rf "$TMP"; fi
    exit "$rc"
}
trap cleanup EXIT INT TERM

PORT="$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
export DAGSTER_HOME="$TMP/dagster_home"
mkdir -p "$DAGSTER_HOME" "$TMP/warehouse" "$TMP/redis"
sed "s#\.dagster_home#$DAGSTER_HOME#g" dagster.yaml > "$DAGSTER_HOME/dagster.yaml"
export SPEECH_EXECUTOR=celery
export SPEECH_CELERY_BROKER="redis://127.0.0.1:$PORT/0"
export SPEECH_CELERY_BACKEND="redis://127.0.0.1:$PORT/1"
export SPEECH_RAW_DIR="${SPEECH_RAW_DIR:-$REPO/data/sample}"
export SPEECH_WAREHOUSE="$TMP/warehouse/speeches.duckdb"
export GX_ANALYTICS_ENABLED=False PYTHONPATH="$REPO${PYTHONPATH:+:$PYTHONPATH}"
export PATH="$VENV/bin:$PATH"   # dagster-celery execs `celery` from PATH

# --- Redis: loopback only, nothing written to disk -------------------------------------------
setsid redis-server --bind 127.0.0.1 --port "$PORT" --protected-mode yes --save '' --appendonly no \
    --dir "$TMP/redis" --logfile "$TMP/redis/redis.log" --daemonize no &
PIDS+=($!)
up=0
for _ in $(seq 100); do
    "$PY" -c "import redis,sys; sys.exit(0 if redis.Redis(host='127.0.0.1', port=$PORT).ping() else 1)" 2>/dev/null && { up=1; break; }
    sleep 0.1
done
[ "$up" = 1 ] || { log "redis-server did not answer:"; tail -5 "$TMP/redis/redis.log" >&2; exit 1; }
log "redis-server $(redis-server --version | sed -n 's/.*v=\([0-9.]*\).*/\1/p') on 127.0.0.1:$PORT (no persistence)"

# --- workers: same broker/backend as the executor (one YAML from orchestration/executors.py) ---
# Create the instance's SQLite storage once, first: processes that find it missing at the same
# moment each stamp a schema version ("alembic_version has more than one head").
"$PY" -c "import dagster as dg; dg.DagsterInstance.get()"
"$PY" -c "from orchestration.defs.executors import celery_worker_yaml; print(celery_worker_yaml(), end='')" > "$TMP/celery.yaml"
for i in $(seq "$WORKERS"); do
    setsid "$VENV/bin/dagster-celery" worker start -A dagster_celery.app -y "$TMP/celery.yaml" -n "w$i" \
        --loglevel WARNING -- --concurrency=1 >"$TMP/worker$i.log" 2>&1 &
    PIDS+=($!)
done
if "$PY" - "$WORKERS" <<'EOF'
import os, sys, time
from celery import Celery
want = int(sys.argv[1])
app = Celery(broker=os.environ["SPEECH_CELERY_BROKER"], backend=os.environ["SPEECH_CELERY_BACKEND"])
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    replies = app.control.ping(timeout=1.0) or []
    if len(replies) >= want:
        print(f"[celery_local] workers up: {sorted(k for r in replies for k in r)}")
        break
else:
    sys.exit(f"only {len(replies)} of {want} workers answered within 120 s")
EOF
then :; else
    for i in $(seq "$WORKERS"); do log "worker$i.log:"; tail -5 "$TMP/worker$i.log" >&2; done
    exit 1
fi

# --- one run of ingest_job, launched through the job's (celery) executor ----------------------
timeout "$TIMEOUT_S" "$PY" - <<'EOF'
import datetime as dt, os, sys, time, uuid
import dagster as dg
import duckdb
from dagster._core.definitions.reconstruct import ReconstructableRepository
from orchestration.defs.assets import ARRIVAL_BATCHES
from orchestration.defs.automation import batch_key

instance = dg.DagsterInstance.get()
batch = batch_key("celery", dt.datetime.now(dt.UTC), uuid.uuid4().hex[:6])
instance.add_dynamic_partitions(ARRIVAL_BATCHES.name, [batch])
job = ReconstructableRepository.for_module("orchestration.definitions", "defs", os.getcwd()).get_reconstructable_job("ingest_job")
print(f"[celery_local] launching ingest_job, partition {batch}, executor {os.environ['SPEECH_EXECUTOR']}")
t0 = time.perf_counter()
log_level = os.environ.get("SPEECH_LOG_LEVEL", "WARNING")
with dg.execute_job(job, instance=instance, tags={"dagster/partition": batch}, raise_on_error=False,
                    run_config={"loggers": {"console": {"config": {"log_level": log_level}}}}) as result:
    secs = time.perf_counter() - t0
    run_id, ok = result.run_id, result.success
    events = result.all_events
on_worker, submitted, started, ended = {}, {}, {}, {}
for entry in instance.all_logs(run_id):  # the stored records carry the timestamps
    e = entry.dagster_event
    if e is not None and e.step_key and e.event_type_value == "ENGINE_EVENT" and (e.message or "").startswith("Submitting celery task"):
        submitted.setdefault(e.step_key, entry.timestamp)
    if e is not None and e.step_key and e.event_type_value == "STEP_START":
        started.setdefault(e.step_key, entry.timestamp)
    if e is not None and e.step_key and e.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
        ended[e.step_key] = entry.timestamp
for e in events:
    data = e.event_specific_data
    if e.event_type_value == "ENGINE_EVENT" and e.step_key and data is not None and "Celery worker" in (data.metadata or {}):
        on_worker[e.step_key] = data.metadata["Celery worker"].value
failures = [e.step_key for e in events if e.event_type_value == "STEP_FAILURE"]
checks = [e.event_specific_data for e in events if e.event_type_value == "ASSET_CHECK_EVALUATION"]
print(f"[celery_local] run {run_id}: {'SUCCESS' if ok else 'FAILURE'} in {secs:.1f} s; failed steps: {failures or 'none'}")
for step, worker in sorted(on_worker.items(), key=lambda kv: started.get(kv[0], 0)):
    if step in submitted and step in started and step in ended:
        took = f"task {ended[step] - submitted[step]:6.1f} s = start-up {started[step] - submitted[step]:5.1f} s + step {ended[step] - started[step]:6.1f} s"
    else:
        took = "(no timings)"
    print(f"    {step:<24} {took}  on {worker}")
print(f"[celery_local] checks passed {sum(c.passed for c in checks)}, failed {sum(not c.passed for c in checks)}")
wh = os.environ["SPEECH_WAREHOUSE"]
rows = {}
if os.path.exists(wh):
    con = duckdb.connect(wh, read_only=True)
    rows = dict(zip(["raw_file", "dim_speech", "v_indicator_statements", "statement_ids_md5"], con.execute(
        """SELECT (SELECT count(*) FROM raw_file), (SELECT count(*) FROM dim_speech), (SELECT count(*) FROM v_indicator_statements),
                  (SELECT md5(string_agg(statement_id, ',' ORDER BY statement_id)) FROM v_indicator_statements)"""
    ).fetchone()))
    con.close()
print(f"[celery_local] warehouse {wh}: {rows or 'absent'}")
workers = set(on_worker.values())
problems = []
if not ok:
    problems.append("the run failed")
if not on_worker:
    problems.append("no step reported running on a celery worker")
if not rows or rows["dim_speech"] == 0 or rows["v_indicator_statements"] == 0:
    problems.append("the published warehouse has no rows")
print(f"[celery_local] steps on {len(on_worker)} celery tasks across {len(workers)} worker(s): {sorted(workers)}")
if problems:
    sys.exit("[celery_local] FAILED: " + "; ".join(problems))
print("[celery_local] OK")
EOF

# --- optional: the same landing dir in process must give the same warehouse -------------------
if [ "${PARITY:-0}" = 1 ]; then
    "$PY" - <<'EOF'
import os, sys, time
import duckdb
from orchestration.defs.resources import PipelineSettings
from orchestration.run import run_once
import dagster as dg

q = """SELECT (SELECT count(*) FROM raw_file), (SELECT count(*) FROM dim_speech), (SELECT count(*) FROM fact_indicator_value),
              (SELECT count(*) FROM fact_target), (SELECT md5(string_agg(statement_id, ',' ORDER BY statement_id)) FROM v_indicator_statements)"""
celery_wh = os.environ["SPEECH_WAREHOUSE"]
local_wh = os.path.join(os.path.dirname(celery_wh), "in_process.duckdb")
t0 = time.perf_counter()
ok, _ = run_once(PipelineSettings(raw_dir=os.environ["SPEECH_RAW_DIR"], warehouse=local_wh), dg.DagsterInstance.ephemeral())
print(f"[celery_local] the same landing dir in process: {'SUCCESS' if ok else 'FAILURE'} in {time.perf_counter() - t0:.1f} s")
got = [duckdb.connect(p, read_only=True).execute(q).fetchone() for p in (celery_wh, local_wh)]
print(f"[celery_local] parity (files, speeches, values, targets, statement-id md5): celery {got[0]}  in_process {got[1]}")
sys.exit(0 if ok and got[0] == got[1] else "[celery_local] FAILED: the celery and in-process warehouses differ")
EOF
fi
