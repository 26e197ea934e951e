"""`make bench`: time every pipeline stage and the whole pipeline on a synthetic corpus.

    python -m benchmarks.run                         # default size (~2,000 files, ~25 MB), a few minutes
    python -m benchmarks.run --mb 100                # a larger corpus
    python -m benchmarks.run --raw-dir DIR           # an existing landing dir instead of a generated one
    python -m benchmarks.run --inc-speeches 100000   # incremental run against a 100k-speech warehouse (long setup)
    python -m benchmarks.run --skip stages,e2e       # only some parts: stages, e2e, inc
    python -m benchmarks.run --profile clean         # also cProfile one stage (top functions to benchmarks/out/)

Stages run one after another, each in its own subprocess (so each has its own peak RSS,
VmHWM from /proc/self/status), calling the step functions of pipeline/steps.py that the Dagster
assets call, on step outputs handed over with pipeline/frames.py (as the IO manager does; that
I/O is not in the timings), the whole landing dir as one batch:

    ingest     steps.ingest: scan, hash and decode against an empty warehouse (creates the run's working database)
    clean      steps.clean
    dedup      steps.dedup: sketches, candidates from the (empty) warehouse, plan
    extract    steps.extract on the speeches that are canonical, row rules included
    load       steps.load into the run's working DuckDB
    validate   steps.validate: the GX suites on the staged batch, Data Docs, reconciliation
    publish    steps.publish (checkpoint, fsync, atomic replace)

Then the whole pipeline end to end through orchestration.run.run_once (Dagster in process,
ephemeral instance) on the same landing dir, and the incremental measurement: a warehouse
holding --inc-speeches speeches (built once, cached under benchmarks/out/cache/), one new
file added, one run timed; pipeline work (sum of Dagster step durations) is reported apart
from Dagster's fixed start-up (the rest of the wall time). A no-op run on the same warehouse
is timed too.

Results print as a table and go to benchmarks/out/<timestamp>.json (gitignored) for
comparison across commits. Figures depend on machine load: the 1-minute load average
before and after each part is recorded with them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import subprocess
import threading
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
STAGES = ["ingest", "clean", "dedup", "extract", "load", "validate", "publish"]
PROFILABLE = ("ingest", "clean", "dedup", "extract", "validate")
RUN_ID = "bench0000-0000-0000-0000-000000000000"
GOALS = {  # issue 8
    "ingest": ("MB/s", 50.0), "clean": ("MB/s", 10.0), "dedup": ("docs/s", 2500.0), "extract": ("MB/s", 20.0),
    "load": ("statements/s", 200_000.0), "end to end": ("MB/s", 10.0),
}
RSS_GOAL_MB = 2048.0
# The stages read the whole landing dir as one batch (the end-to-end run keeps SPEECH_BATCH_MB's batches).
_ONE_BATCH = {"SPEECH_BATCH_MB": "1000000", "SPEECH_BATCH_FILES": "1000000000"}


# --------------------------------------------------------------------------------------------
# Measurement helpers (used in the subprocesses too)
# --------------------------------------------------------------------------------------------

def _status_mb(field: str) -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    """Peak memory of this process and its workers, MiB: the larger of this process's VmHWM and the
    sampled peak of the whole process tree's PSS (clean and extract fork workers; PSS shares the
    pages they inherit instead of counting them once per process, as summed RSS would)."""
    return max(_status_mb("VmHWM"), TREE_SAMPLER.peak_mb)


class TreeMemorySampler(threading.Thread):
    """Samples the summed PSS of this process and all its descendants every `interval` seconds."""

    def __init__(self, interval: float = 0.05) -> None:
        super().__init__(daemon=True)
        self.interval = interval
        self.peak_mb = 0.0

    @staticmethod
    def _tree(pid: int) -> list[int]:
        out = [pid]
        try:
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    for child in fh.read().split():
                        out += TreeMemorySampler._tree(int(child))
        except OSError:
            pass
        return out

    @staticmethod
    def _pss_mb(pid: int) -> float:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                for line in fh:
                    if line.startswith("Pss:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def run(self) -> None:
        while True:
            self.peak_mb = max(self.peak_mb, sum(self._pss_mb(p) for p in self._tree(os.getpid())))
            time.sleep(self.interval)


TREE_SAMPLER = TreeMemorySampler()


def rss_mb() -> float:
    return _status_mb("VmRSS")


def loadavg() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def _cpu_s() -> float:
    """CPU time of this process and of its finished workers (forked by clean and extract)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class Timer:
    def __enter__(self):
        self.t0, self.c0 = time.perf_counter(), _cpu_s()
        return self

    def __exit__(self, *exc):
        self.s = time.perf_counter() - self.t0
        self.cpu = _cpu_s() - self.c0


def _utf8_mb(series) -> float:
    import polars as pl

    return float(series.cast(pl.String).str.len_bytes().sum() or 0) / 1e6


# --------------------------------------------------------------------------------------------
# Stage workers (each runs in a fresh `python -m benchmarks.run _stage NAME WORK RAW` process)
# --------------------------------------------------------------------------------------------

def _stage(name: str, work: Path, raw_dir: Path) -> dict:
    """Run one step of pipeline/steps.py (the functions the Dagster assets call) on the outputs the steps
    before it stored under `work` (pipeline/frames.py, as the IO manager stores them); time it."""
    import dataclasses

    import polars as pl

    from pipeline import frames, steps
    from pipeline.session import new_session

    ok = pl.col("quarantine_reason").is_null()
    session = new_session(raw_dir, work / "warehouse" / "speeches.duckdb", run_id=RUN_ID)
    got = lambda n: frames.load(work / n)  # noqa: E731
    res: dict = {"stage": name}

    def warm(fn) -> None:
        """One-time costs (OpenCC dictionaries, regex compilation, first numpy/polars/duckdb calls) outside the timing."""
        with Timer() as w:
            fn()
        res["warmup_s"] = w.s

    if name == "ingest":
        base_rss = rss_mb()
        with Timer() as t:
            out = steps.ingest(session)
        frames.save(out, work / "ingest")
        raw_mb = float(out.raw["size_bytes"].sum() or 0) / 1e6
        res["parts"] = {"ingest": {"s": t.s, "cpu": t.cpu, "mb": raw_mb, "docs": out.files_seen,
                                   "detail": f"scan, hash, decode; {out.metrics['quarantined']} quarantined; "
                                             "the run's working database created"}}
        res["quarantined"] = out.metrics["quarantined"]
    elif name == "clean":
        ingested = got("ingest")
        sample = dataclasses.replace(ingested, raw=ingested.raw.filter(ok).head(5))
        warm(lambda: steps.clean(session, sample))
        base_rss = rss_mb()
        with Timer() as t:
            out = steps.clean(session, ingested)
        frames.save(out, work / "clean")
        mb = _utf8_mb(ingested.raw.filter(ok)["original_text"])
        res["parts"] = {"clean": {"s": t.s, "cpu": t.cpu, "mb": mb, "docs": ingested.raw.height,
                                  "speeches": out.speeches.height,
                                  "detail": f"{out.speeches.height} speeches, {out.failed.height} files without speech"}}
    elif name == "dedup":
        ingested, cleaned = got("ingest"), got("clean")
        # on a session of its own (an in-memory-sized scratch warehouse), so the timed run starts from the real one
        scratch = new_session(raw_dir, work / "scratch" / "speeches.duckdb", run_id=RUN_ID)
        warm(lambda: steps.dedup(scratch, dataclasses.replace(ingested, raw=ingested.raw.head(0)),
                                 dataclasses.replace(cleaned, speeches=cleaned.speeches.head(20))))
        base_rss = rss_mb()
        with Timer() as t:
            out = steps.dedup(session, ingested, cleaned)
        frames.save(out, work / "dedup")
        res["dup_kinds"] = {str(k): int(v) for k, v in out.assignments["dup_kind"].value_counts().iter_rows()}
        res["parts"] = {"dedup": {"s": t.s, "cpu": t.cpu, "mb": _utf8_mb(out.speeches["body_text"]),
                                  "docs": out.assignments.height,
                                  "detail": f"{out.assignments.height - out.to_extract.height} duplicates"}}
    elif name == "extract":
        deduped = got("dedup")
        warm(lambda: steps.extract(session, dataclasses.replace(deduped, to_extract=deduped.to_extract.head(5))))
        base_rss = rss_mb()
        with Timer() as t:
            out = steps.extract(session, deduped)
        frames.save(out, work / "extract")
        res["parts"] = {"extract": {"s": t.s, "cpu": t.cpu, "mb": _utf8_mb(deduped.to_extract["body_text"]),
                                    "docs": deduped.to_extract.height, "statements": out.statements.height}}
    elif name == "load":
        ingested, deduped, extracted = got("ingest"), got("dedup"), got("extract")
        base_rss = rss_mb()
        with Timer() as t:
            out = steps.load(session, ingested, deduped, extracted)
        n_rows = sum(df.height for df in (ingested.raw, deduped.speeches, deduped.bands, deduped.signatures,
                                         extracted.statements))
        res["parts"] = {"load": {"s": t.s, "cpu": t.cpu,
                                 "mb": (_utf8_mb(ingested.raw["original_text"]) + _utf8_mb(deduped.speeches["body_text"])
                                        + _utf8_mb(deduped.speeches["original_text"])),
                                 "docs": deduped.speeches.height, "statements": extracted.statements.height,
                                 "detail": f"{n_rows:,} rows in all"}}
        res["counts"] = out.metrics
    elif name == "validate":
        warm(lambda: __import__("great_expectations"))
        base_rss = rss_mb()
        with Timer() as t:
            out = steps.validate(session)
        rows = sum(c.metadata.get("rows_validated", 0) for c in out.checks)
        res["suites"] = [(c.name, c.passed, c.metadata.get("rows_validated")) for c in out.checks]
        res["parts"] = {"validate": {"s": t.s, "cpu": t.cpu, "mb": 0.0, "docs": rows,
                                     "detail": f"{rows:,} rows; " + ", ".join(
                                         f"{c.name}={'ok' if c.passed else 'FAIL'}" for c in out.checks)}}
    elif name == "publish":
        work_file = Path(session.warehouse.session_location(RUN_ID))
        size = work_file.stat().st_size / 1e6
        base_rss = rss_mb()
        with Timer() as t:
            out = steps.publish(session)
        res["parts"] = {"publish": {"s": t.s, "cpu": t.cpu, "mb": size, "docs": 0,
                                    "detail": f"warehouse file {size:.0f} MB; published {out.published}"}}
        res["warehouse_mb"] = size
    else:
        raise SystemExit(f"unknown stage {name}")
    res["base_rss_mb"] = base_rss
    res["peak_rss_mb"] = peak_rss_mb()
    return res


def _e2e(raw_dir: Path, warehouse: Path) -> dict:
    """The whole landing dir through run_until_done (bounded batches) in this process; wall time, steps, peak RSS."""
    t0 = time.perf_counter()
    import dagster as dg

    from orchestration.defs.resources import settings_from_env
    from orchestration.run import run_until_done

    t_import = time.perf_counter() - t0
    instance = dg.DagsterInstance.ephemeral()
    t1 = time.perf_counter()
    # The backend as the environment gives it (--backend sets SPEECH_WAREHOUSE_BACKEND for these subprocesses).
    settings = settings_from_env(raw_dir=str(raw_dir), warehouse=str(warehouse))
    ok, summary, n_runs = run_until_done(settings, instance)
    wall = time.perf_counter() - t1
    steps: dict[str, float] = {}
    for record in instance.get_run_records():
        for st in instance.get_run_step_stats(record.dagster_run.run_id):
            steps[st.step_key] = round(steps.get(st.step_key, 0.0) + (st.end_time or 0) - (st.start_time or 0), 3)
    summary["batches"] = n_runs
    return {"ok": ok, "summary": {k: v for k, v in summary.items() if k != "failed_checks"},
            "failed_checks": [str(f)[:300] for f in summary.get("failed_checks", [])],
            "import_s": t_import, "wall_s": wall, "steps_s": steps, "steps_total_s": sum(steps.values()),
            "peak_rss_mb": peak_rss_mb()}


def _subprocess(args: list[str], timeout: float | None = None, env: dict[str, str] | None = None) -> dict:
    env = dict(os.environ, GX_ANALYTICS_ENABLED="False", SPEECH_LOG_LEVEL=os.environ.get("SPEECH_LOG_LEVEL", "ERROR"),
               **(env or {}))
    env.pop("DAGSTER_HOME", None)
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout)
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("@@RESULT ")]
    if proc.returncode != 0 or not lines:
        sys.stderr.write(proc.stderr[-4000:])
        raise RuntimeError(f"{' '.join(args[:2])} failed (exit {proc.returncode})")
    return json.loads(lines[-1][len("@@RESULT "):])


# --------------------------------------------------------------------------------------------
# Corpus handling
# --------------------------------------------------------------------------------------------

def corpus_dir(files: int | None, mb: float | None, seed: int, dense: bool = False) -> Path:
    """A generated landing dir, cached under benchmarks/out/cache/ (same size, seed and density → same bytes)."""
    from benchmarks import corpus

    tag = f"files{files}" if mb is None else f"mb{mb:g}"
    out = OUT / "cache" / f"corpus-{tag}-seed{seed}-{'dense' if dense else 'real'}"
    if corpus.manifest_path(out).exists() and out.is_dir():
        return out
    corpus.manifest_path(out).unlink(missing_ok=True)
    if out.exists():
        shutil.rmtree(out)
    print(f"generating corpus {out.name} …", flush=True)
    m = corpus.generate(out, files=files, mb=mb, seed=seed, dense=dense)
    print(f"  {m.files} files, {m.bytes / 1e6:.1f} MB, {m.speeches} speeches in {m.seconds:.1f}s", flush=True)
    return out


def _hardlink_tree(src: Path, dst: Path) -> None:
    for dirpath, _dirs, files in os.walk(src):
        rel = Path(dirpath).relative_to(src)
        (dst / rel).mkdir(parents=True, exist_ok=True)
        for f in files:
            os.link(Path(dirpath) / f, dst / rel / f)


def _describe_base(landing: Path, wh: Path) -> dict:
    import duckdb

    con = duckdb.connect(str(wh), read_only=True)
    try:
        (speeches,) = con.execute("SELECT count(*) FROM dim_speech").fetchone()
    finally:
        con.close()
    sizes = [p.stat().st_size for p in landing.rglob("*") if p.is_file()]
    return {"files": len(sizes), "mb": sum(sizes) / 1e6, "speeches": speeches, "warehouse_mb": wh.stat().st_size / 1e6,
            "landing": str(landing), "warehouse": str(wh)}


def incremental(k: int, seed: int, work: Path, given: tuple[Path, Path] | None = None, repeat: int = 1) -> dict:
    """Warehouse with ~k speeches (cached), then a no-op run and an add-one-file run on a copy of it.

    given = (landing dir, published warehouse loaded from it) uses that pair as the base instead.
    """
    from benchmarks import corpus

    base = OUT / "cache" / f"inc-{k}-seed{seed}-real"
    landing, wh = base / "landing", base / "warehouse" / "speeches.duckdb"
    info_path = base / "base.json"
    if given is not None:
        landing, wh = given
        info_path = work / "given_base.json"
        info_path.write_text(json.dumps({**_describe_base(landing, wh), "build": None}))
    if not info_path.exists():
        if base.exists():
            shutil.rmtree(base)
        # ~1.06 speeches per file (compilations), minus quarantined files: aim a little above k.
        files = int(k / 1.04)
        print(f"building the incremental base: {files} files → warehouse (once, cached in {base}) …", flush=True)
        m = corpus.generate(landing, files=files, seed=seed + 1000, quiet=True)
        r = _subprocess(["_e2e", str(landing), str(wh)], env={"SPEECH_WAREHOUSE_BACKEND": "duckdb"})  # lake: imported below
        if not r["ok"]:
            raise RuntimeError(f"base build failed: {r['failed_checks']}")
        info = {"files": m.files, "mb": m.bytes / 1e6, "speeches": r["summary"].get("speeches"),
                "build": r, "warehouse_mb": wh.stat().st_size / 1e6}
        info_path.write_text(json.dumps(info, indent=1))
    info = json.loads(info_path.read_text())
    run_landing, run_wh = work / "inc_landing", work / "inc_warehouse" / "speeches.duckdb"
    _hardlink_tree(landing, run_landing)
    run_wh.parent.mkdir(parents=True)
    env: dict[str, str] = {}
    if os.environ.get("SPEECH_WAREHOUSE_BACKEND") == "ducklake":
        # The base imported once into a lake (cached beside the file base). Each benchmark gets a
        # copy of its catalog and a hard-linked copy of its data folder (DuckLake never rewrites a
        # data file in place, and the upkeep's deletions then remove only the copy's links), and the
        # copy's catalog is pointed at that folder (benchmark only: a lake's data path is fixed).
        from warehouse import lake as lakes

        lake_base = lakes.make_lake(base / "lake" / "speeches.duckdb")
        if not (base / "lake" / "imported.json").exists():
            shutil.rmtree(base / "lake", ignore_errors=True)
            t0 = time.perf_counter()
            counts = lakes.import_file(lake_base, wh)
            (base / "lake" / "imported.json").write_text(json.dumps({"s": time.perf_counter() - t0, "rows": counts}))
        import duckdb

        run_data = run_wh.parent / "speeches.lake"
        _hardlink_tree(Path(lake_base.data_path), run_data)
        shutil.copyfile(lake_base.catalog, run_wh.with_suffix(".ducklake"))
        cat = duckdb.connect(str(run_wh.with_suffix(".ducklake")))
        try:
            cat.execute("UPDATE ducklake_metadata SET value = ? WHERE key = 'data_path'", [f"{run_data}/"])
        finally:
            cat.close()
        env = {"SPEECH_DUCKLAKE_CATALOG": str(run_wh.with_suffix(".ducklake")), "SPEECH_DUCKLAKE_DATA_PATH": f"{run_data}/"}
    else:
        # As published: a clone where the filesystem allows, and on disk. A byte copy left 3.5 GB of dirty
        # pages, and the run's first clone of it waited for their writeback (3 s billed to raw_files);
        # workspace.publish fsyncs every file it publishes.
        from warehouse.workspace import copy_database

        copy_database(wh, run_wh)
        fd = os.open(run_wh, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    os.environ.update(env)
    load0 = loadavg()
    noop = _subprocess(["_e2e", str(run_landing), str(run_wh)])
    # One new speech page (a seed the base never used), dropped into the landing dir.
    w = corpus.CorpusWriter(work / "unused", seed=seed + 2000)
    sp = w.new_speech()
    (run_landing / "incoming").mkdir(exist_ok=True)
    new_file = run_landing / "incoming" / "new_speech.txt"
    new_file.write_bytes(w.page(sp).encode("utf-8"))
    add = _subprocess(["_e2e", str(run_landing), str(run_wh)])
    # --inc-repeat: more single-file runs after the first, then (on a lake) the upkeep and one more:
    # how the per-run cost drifts as runs pile up, and what the upkeep gives back.
    series: list[float] = []
    upkeep: dict | None = None
    for i in range(1, repeat):
        (run_landing / "incoming" / f"new_speech_{i}.txt").write_bytes(w.page(w.new_speech()).encode("utf-8"))
        series.append(_subprocess(["_e2e", str(run_landing), str(run_wh)])["steps_total_s"])
    if repeat > 1 and env:
        from warehouse import lake as lakes
        from warehouse import workspace

        t0 = time.perf_counter()
        counts = workspace.maintain_lake(lakes.make_lake(run_wh, env["SPEECH_DUCKLAKE_CATALOG"],
                                                         env["SPEECH_DUCKLAKE_DATA_PATH"]), 0)
        upkeep = {"s": time.perf_counter() - t0, **counts}
        (run_landing / "incoming" / "after_upkeep.txt").write_bytes(w.page(w.new_speech()).encode("utf-8"))
        upkeep["add_one_after"] = _subprocess(["_e2e", str(run_landing), str(run_wh)])["steps_total_s"]
    return {"base": {k2: v for k2, v in info.items() if k2 != "build"}, "base_build": info["build"],
            "noop": noop, "add_one": add, "new_file_bytes": new_file.stat().st_size, "load_before": load0,
            "load_after": loadavg(), "repeat_steps_s": series, "upkeep": upkeep}


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------

def _row(name: str, part: dict, peak: float | None) -> dict:
    s = part["s"]
    return {"stage": name, "s": s, "cpu_s": part.get("cpu"), "mb": part.get("mb", 0.0),
            "mb_s": part.get("mb", 0.0) / s if part.get("mb") else None,
            "docs": part.get("docs", 0), "docs_s": part.get("docs", 0) / s if part.get("docs") else None,
            "statements_s": part["statements"] / s if part.get("statements") else None,
            "peak_rss_mb": peak, "detail": part.get("detail", "")}


def _cpu_rate(row: dict) -> float | None:
    """The goal's metric per CPU-second of this process (steadier than wall clock on a shared machine)."""
    g = GOALS.get(row["stage"])
    if not g or not row.get("cpu_s"):
        return None
    key = {"MB/s": "mb", "docs/s": "docs", "statements/s": None}[g[0]]
    amount = row[key] if key else (row["statements_s"] or 0) * row["s"]
    return amount / row["cpu_s"]


def _goal(row: dict) -> str:
    g = GOALS.get(row["stage"])
    if not g:
        return ""
    unit, floor = g
    key = {"MB/s": "mb_s", "docs/s": "docs_s", "statements/s": "statements_s"}[unit]
    v = row.get(key) or 0.0
    ok = v >= floor and (row["stage"] != "end to end" or (row["peak_rss_mb"] or 0) <= RSS_GOAL_MB)
    return f"{'ok ' if ok else 'MISS'} (≥{floor:,.0f} {unit}{', ≤2 GiB' if row['stage'] == 'end to end' else ''})"


def print_table(rows: list[dict]) -> None:
    f = lambda v, spec: "" if v is None else format(v, spec)  # noqa: E731
    print(f"\n{'stage':<12}{'s':>8}{'cpu s':>8}{'MB':>9}{'MB/s':>8}{'docs':>9}{'docs/s':>9}{'stmts/s':>10}{'peak RSS':>10}"
          f"{'goal/cpu-s':>12}  goal (by wall clock)")
    for r in rows:
        print(f"{r['stage']:<12}{r['s']:>8.2f}{f(r['cpu_s'], '8.2f'):>8}{f(r['mb'], '9.1f'):>9}{f(r['mb_s'], '8.1f'):>8}"
              f"{r['docs']:>9,}{f(r['docs_s'], ',.0f'):>9}{f(r['statements_s'], ',.0f'):>10}"
              f"{f(r['peak_rss_mb'], ',.0f'):>8}MB{f(_cpu_rate(r), ',.1f'):>12}  {_goal(r)}")
    for r in rows:
        if r.get("detail"):
            print(f"  {r['stage']}: {r['detail']}")


def _git() -> dict:
    def run(*a):
        try:
            return subprocess.run(["git", *a], cwd=ROOT, capture_output=True, text=True, timeout=20).stdout.rstrip("\n")
        except Exception:  # noqa: BLE001
            return ""
    return {"commit": run("rev-parse", "HEAD"), "dirty": sorted(ln[3:] for ln in run("status", "--porcelain").splitlines())}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in ("_stage", "_e2e"):
        TREE_SAMPLER.start()
    if argv and argv[0] == "_stage":
        name, work, raw = argv[1], Path(argv[2]), Path(argv[3])
        prof = argv[4] if len(argv) > 4 else None
        if prof:
            import cProfile
            import pstats

            pr = cProfile.Profile()
            res = pr.runcall(_stage, name, work, raw)
            with open(prof, "w") as fh:
                pstats.Stats(pr, stream=fh).sort_stats("cumulative").print_stats(45)
                pstats.Stats(pr, stream=fh).sort_stats("tottime").print_stats(30)
        else:
            res = _stage(name, work, raw)
        print("@@RESULT " + json.dumps(res, default=str))
        return 0
    if argv and argv[0] == "_e2e":
        print("@@RESULT " + json.dumps(_e2e(Path(argv[1]), Path(argv[2])), default=str))
        return 0

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--files", type=int, help="corpus size in files (default 2000)")
    size.add_argument("--mb", type=float, help="corpus size in MB of raw files")
    size.add_argument("--raw-dir", type=Path, help="use this landing dir instead of a generated corpus")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--backend", choices=["duckdb", "ducklake"], default="duckdb",
                    help="warehouse backend of the end-to-end and incremental runs (docs/scaling.md)")
    ap.add_argument("--dense", action="store_true",
                    help="number-dense synthetic speeches (≈ 3× the statements per character of real ones): a stress case")
    ap.add_argument("--inc-speeches", type=int, default=5000, help="speeches in the warehouse for the incremental run")
    ap.add_argument("--inc-base", nargs=2, type=Path, metavar=("LANDING", "WAREHOUSE"),
                    help="incremental run on this landing dir and the warehouse loaded from it (copied, never changed)")
    ap.add_argument("--inc-repeat", type=int, default=1,
                    help="single-file runs in a row on the incremental warehouse (then, on a lake, the upkeep and one more)")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: stages, e2e, inc")
    ap.add_argument("--profile", default="", help="comma list of stages to run under cProfile (slower; separate file)")
    ap.add_argument("--work", type=Path, help="reuse this work dir (frames of an earlier --keep run) instead of a new one")
    ap.add_argument("--stages", default=",".join(STAGES), help="comma list of stages to run (later ones need the frames of "
                                                                "earlier ones in --work)")
    ap.add_argument("--keep", action="store_true", help="keep the work dir (frames, warehouses) after the run")
    args = ap.parse_args(argv)
    os.environ["SPEECH_WAREHOUSE_BACKEND"] = args.backend  # read by the _e2e subprocesses
    skip = {s for s in args.skip.split(",") if s}
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    OUT.mkdir(parents=True, exist_ok=True)
    work = args.work.resolve() if args.work else OUT / f"work-{stamp}"
    work.mkdir(exist_ok=bool(args.work))
    out_json = OUT / f"{stamp}.json"
    files = args.files if (args.files or args.mb or args.raw_dir) else 2000
    raw_dir = args.raw_dir.resolve() if args.raw_dir else corpus_dir(files, args.mb, args.seed, args.dense)
    result: dict = {"timestamp": stamp, "backend": args.backend, "git": _git(), "python": sys.version.split()[0], "cpus": os.cpu_count(),
                    "raw_dir": str(raw_dir), "corpus": None, "stages": [], "e2e": None, "incremental": None,
                    "load": {"start": loadavg()}}
    try:
        from benchmarks.corpus import manifest_path

        mp = manifest_path(raw_dir)
        if mp.exists():
            result["corpus"] = json.loads(mp.read_text())
    except Exception:  # noqa: BLE001
        pass
    rows: list[dict] = []
    if "stages" not in skip:
        for name in [n for n in STAGES if n in args.stages.split(",")]:
            print(f"stage {name} …", flush=True)
            la = loadavg()
            res = _subprocess(["_stage", name, str(work), str(raw_dir)], env=_ONE_BATCH)
            res["load_before"], res["load_after"] = la, loadavg()
            if name in args.profile.split(","):  # a second, untimed run under cProfile (the timed one is unprofiled)
                if name in PROFILABLE:
                    prof = OUT / f"profile-{stamp}-{name}.txt"
                    _subprocess(["_stage", name, str(work), str(raw_dir), str(prof)], env=_ONE_BATCH)
                    print(f"  profile: {prof.relative_to(ROOT)}", flush=True)
                else:
                    print(f"  (--profile {name}: only {', '.join(PROFILABLE)} can be re-run without changing state)")
            result["stages"].append(res)
            if res.get("warmup_s"):
                last = list(res["parts"].values())[-1]
                last["detail"] = (last.get("detail", "") + f"; one-time warm-up {res['warmup_s']:.2f}s not timed").lstrip("; ")
            for part_name, part in res["parts"].items():
                rows.append(_row(part_name, part, res["peak_rss_mb"]))
            result["table"] = rows
            out_json.write_text(json.dumps(result, indent=1, default=str, ensure_ascii=False))  # partial, in case of a crash
        total = sum(r["s"] for r in rows)
        raw_mb = rows[0]["mb"]
        if len(rows) == len(STAGES):
            rows.append({"stage": "sum", "s": total, "cpu_s": sum(r["cpu_s"] or 0 for r in rows), "mb": raw_mb,
                     "mb_s": raw_mb / total, "docs": rows[0]["docs"], "docs_s": rows[0]["docs"] / total,
                     "statements_s": None, "peak_rss_mb": max(r["peak_rss_mb"] for r in rows),
                     "detail": "sum of the stage timings above (no Dagster, no Parquet hand-over)"})
    if "e2e" not in skip:
        print("end to end (run_once) …", flush=True)
        la = loadavg()
        e2e = _subprocess(["_e2e", str(raw_dir), str(work / "e2e_warehouse" / "speeches.duckdb")])
        e2e["load_before"], e2e["load_after"] = la, loadavg()
        result["e2e"] = e2e
        out_json.write_text(json.dumps(result, indent=1, default=str, ensure_ascii=False))
        raw_mb = float(result["corpus"]["bytes"]) / 1e6 if result["corpus"] else (rows[0]["mb"] if rows else 0.0)
        steps = e2e["steps_s"]
        rows.append({"stage": "end to end", "s": e2e["wall_s"], "cpu_s": None, "mb": raw_mb, "mb_s": raw_mb / e2e["wall_s"],
                     "docs": e2e["summary"].get("files_seen") or 0,
                     "docs_s": (e2e["summary"].get("files_seen") or 0) / e2e["wall_s"],
                     "statements_s": (e2e["summary"].get("statements") or 0) / e2e["wall_s"],
                     "peak_rss_mb": e2e["peak_rss_mb"],
                     "detail": f"{'OK' if e2e['ok'] else 'FAILED ' + '; '.join(e2e['failed_checks'])}; steps "
                               + ", ".join(f"{k} {v:.1f}s" for k, v in steps.items())
                               + f"; outside steps {e2e['wall_s'] - e2e['steps_total_s']:.1f}s; imports {e2e['import_s']:.1f}s"})
    if "inc" not in skip and (args.inc_speeches > 0 or args.inc_base):
        print(f"incremental (warehouse of ~{args.inc_speeches:,} speeches) …" if not args.inc_base else
              f"incremental (base {args.inc_base[1]}) …", flush=True)
        inc = incremental(args.inc_speeches, args.seed, work,
                          tuple(p.resolve() for p in args.inc_base) if args.inc_base else None, args.inc_repeat)
        result["incremental"] = inc
    result["load"]["end"] = loadavg()
    for r in rows:
        r["goal_metric_per_cpu_s"] = _cpu_rate(r)
    result["table"] = rows
    out_json.write_text(json.dumps(result, indent=1, default=str, ensure_ascii=False))

    c = result["corpus"]
    if c:
        print(f"\ncorpus {raw_dir.name}: {c['files']} files, {c['bytes'] / 1e6:.1f} MB raw, {c['speeches']} speeches "
              f"({c['originals']} originals); load average {result['load']['start']:.2f} → {result['load']['end']:.2f} on {os.cpu_count()} cores")
    if rows:
        print_table(rows)
    inc = result["incremental"]
    if inc:
        b = inc["base"]
        print(f"\nincremental: warehouse of {b['speeches']:,} speeches ({b['files']:,} files, {b['mb']:.0f} MB raw, "
              f"db {b['warehouse_mb']:.0f} MB)")
        for label in ("noop", "add_one"):
            r = inc[label]
            steps = r["steps_s"]
            print(f"  {label:<8} pipeline work (sum of steps) {r['steps_total_s']:6.2f}s; Dagster fixed start-up "
                  f"{r['import_s'] + r['wall_s'] - r['steps_total_s']:5.2f}s (imports {r['import_s']:.1f}s + run set-up/teardown "
                  f"{r['wall_s'] - r['steps_total_s']:.2f}s); peak RSS {r['peak_rss_mb']:,.0f} MB; {'OK' if r['ok'] else 'FAILED'}")
            print("           " + ", ".join(f"{k} {v:.2f}s" for k, v in steps.items()))
        if inc.get("repeat_steps_s"):
            print("  more single-file runs: " + ", ".join(f"{v:.2f}" for v in inc["repeat_steps_s"]) + " s")
        if inc.get("upkeep"):
            u = inc["upkeep"]
            print(f"  upkeep {u['s']:.1f}s ({u['files_merged']} merges, {u['snapshots_expired']} snapshots expired, "
                  f"{u['files_deleted']} files deleted); the next single-file run {u['add_one_after']:.2f}s")
        ok = inc["add_one"]["steps_total_s"] < 5.0
        print(f"  goal: add one file to a 100k-speech warehouse < 5 s of pipeline work — here {b['speeches']:,} speeches: "
              f"{inc['add_one']['steps_total_s']:.2f}s ({'ok' if ok else 'MISS'} at this size)")
    print(f"\nJSON: {out_json.relative_to(ROOT)}")
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
