"""Schedule and sensor evaluation, and a snapshot of the asset graph so it cannot change unnoticed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg

from orchestration.defs import automation
from orchestration.definitions import build_definitions

SNAPSHOT = Path(__file__).with_name("asset_graph_snapshot.json")


def test_sensor_requests_one_partitioned_run_per_landing_state(tmp_path, monkeypatch):
    monkeypatch.setenv("SPEECH_RAW_DIR", str(tmp_path))
    (tmp_path / "a.txt").write_text("同志们：今天召开会议。", encoding="utf-8")
    ctx = dg.build_sensor_context()
    first = automation.landing_dir_sensor(ctx)
    assert isinstance(first, dg.SensorResult)
    (request,) = first.run_requests
    (add,) = first.dynamic_partitions_requests
    assert add.partitions_def_name == "arrival_batch"
    assert list(add.partition_keys) == [request.partition_key]
    assert request.partition_key.startswith("arrival-")
    ctx2 = dg.build_sensor_context(cursor=ctx.cursor)
    assert isinstance(automation.landing_dir_sensor(ctx2), dg.SkipReason)

    (tmp_path / "b.txt").write_text("同志们：今天召开第二次会议。", encoding="utf-8")
    ctx3 = dg.build_sensor_context(cursor=ctx.cursor)
    second = automation.landing_dir_sensor(ctx3)
    assert isinstance(second, dg.SensorResult)
    assert second.run_requests[0].run_key != request.run_key


def test_sensor_skips_missing_landing_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("SPEECH_RAW_DIR", str(tmp_path / "absent"))
    assert isinstance(automation.landing_dir_sensor(dg.build_sensor_context()), dg.SkipReason)


def test_daily_schedule_requests_a_new_arrival_batch():
    import datetime as dt

    when = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
    with dg.instance_for_test() as instance:
        ctx = dg.build_schedule_context(instance=instance, scheduled_execution_time=when,
                                        repository_def=build_definitions().get_repository_def())
        data = automation.daily_schedule.evaluate_tick(ctx)
        assert len(data.run_requests) == 1
        assert data.run_requests[0].partition_key == "daily-20261122T020000"
        assert instance.has_dynamic_partition("arrival_batch", "daily-20261122T020000")
    assert automation.daily_schedule.job_name == "ingest_job"
    assert automation.daily_schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    assert automation.landing_dir_sensor.default_status == dg.DefaultSensorStatus.RUNNING


def graph_snapshot() -> dict:
    defs = build_definitions()
    graph = defs.resolve_asset_graph()
    out = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        out[key.to_user_string()] = {
            "deps": sorted(k.to_user_string() for k in node.parent_keys),
            "group": node.group_name,
            "kinds": sorted(node.kinds),
            "pool": sorted(node.pools) if node.pools else None,
            # blocking or warning: a check that stops blocking must not go unnoticed
            "checks": {c.name: "blocking" if graph.get_check_spec(c).blocking else "warns"
                       for c in sorted(node.check_keys, key=lambda c: c.name)},
            "partitions": node.partitions_def.name if node.partitions_def else None,
        }
    return out


def test_asset_graph_matches_snapshot():
    snap = graph_snapshot()
    if os.environ.get("UPDATE_SNAPSHOTS") or not SNAPSHOT.exists():
        SNAPSHOT.write_text(json.dumps(snap, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    assert snap == json.loads(SNAPSHOT.read_text(encoding="utf-8")), "asset graph changed: review, then UPDATE_SNAPSHOTS=1"


def test_sensor_requests_the_next_batch_when_the_last_run_left_files_pending(tmp_path, monkeypatch):
    from warehouse.connect import connect, ensure_schema

    wh = tmp_path / "w.duckdb"
    con = connect(wh)
    ensure_schema(con)
    con.execute("INSERT INTO load_run (run_id, published_at, more_pending) VALUES ('r1', now()::TIMESTAMP, TRUE)")
    con.close()
    monkeypatch.setenv("SPEECH_RAW_DIR", str(tmp_path / "landing"))
    monkeypatch.setenv("SPEECH_WAREHOUSE", str(wh))
    (tmp_path / "landing").mkdir()
    (tmp_path / "landing" / "a.txt").write_text("同志们：今天召开会议。", encoding="utf-8")
    first = automation.landing_dir_sensor(dg.build_sensor_context())
    again = automation.landing_dir_sensor(dg.build_sensor_context(cursor=automation.landing_fingerprint(str(tmp_path / "landing"))))
    assert isinstance(again, dg.SensorResult)
    assert again.run_requests[0].run_key.endswith("-after-r1")
    assert again.run_requests[0].run_key != first.run_requests[0].run_key

    con = connect(wh)
    con.execute("UPDATE load_run SET more_pending = FALSE")
    con.close()
    idle = automation.landing_dir_sensor(dg.build_sensor_context(cursor=automation.landing_fingerprint(str(tmp_path / "landing"))))
    assert isinstance(idle, dg.SkipReason)
