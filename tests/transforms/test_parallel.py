"""The process fan-out of clean and extract: same output whatever the worker count, and no lost batch."""

from __future__ import annotations

import os

import polars as pl
import pytest
from hypothesis import given, strategies as st

from transforms import parallel, clean_batch, extract_batch
from transforms.ingest import RAW_SCHEMA


@given(st.lists(st.integers(min_value=0, max_value=10_000), max_size=60), st.integers(min_value=1, max_value=8))
def test_split_by_weight_covers_every_index_once_in_order(weights, parts):
    ranges = parallel.split_by_weight(weights, parts)
    flat = [i for r in ranges for i in r]
    assert flat == list(range(len(weights)))
    assert all(len(r) > 0 for r in ranges)
    assert len(ranges) <= max(1, parts) or not weights


def test_split_by_weight_balances_heavy_items():
    ranges = parallel.split_by_weight([100] * 10 + [1] * 10, 2)
    assert [len(r) for r in ranges] == [5, 15]


def _square_all(xs):
    return [x * x for x in xs]


def _phase1(xs):
    return xs, sum(xs)


def _phase2(xs, total):
    return [x / total for x in xs]


def _die_in_child(xs):
    if os.getpid() != _PARENT:
        os._exit(3)  # a worker killed mid-batch (OOM killer, a crash in a C extension)
    return [x + 1 for x in xs]


_PARENT = os.getpid()


def test_run_phased_keeps_state_between_phases_and_order():
    chunks = [[1, 2], [3], [4, 5, 6]]
    partials, results = parallel.run_phased(chunks, _phase1, sum, _phase2, workers=2)
    assert partials == [3, 3, 15]
    assert results == [[1 / 21, 2 / 21], [3 / 21], [4 / 21, 5 / 21, 6 / 21]]
    assert parallel.run_phased(chunks, _phase1, sum, _phase2, workers=1) == (partials, results)


def test_map_chunks_in_workers_equals_in_process():
    chunks = [list(range(i, i + 50)) for i in range(0, 300, 50)]
    assert parallel.map_chunks(_square_all, chunks, workers=3) == [_square_all(c) for c in chunks]


def test_a_dead_worker_is_recomputed_in_process(caplog):
    out = parallel.map_chunks(_die_in_child, [[1], [2]], workers=2)
    assert out == [[2], [3]]
    assert "computing 2 chunks in process" in caplog.text


def test_worker_count_from_environment(monkeypatch):
    monkeypatch.setenv("SPEECH_WORKERS", "3")
    assert parallel.worker_count() == 3
    monkeypatch.setenv("SPEECH_WORKERS", "0")
    assert parallel.worker_count() == 1
    monkeypatch.delenv("SPEECH_WORKERS")
    assert parallel.worker_count() >= 1


@pytest.fixture(scope="module")
def raw_batch() -> pl.DataFrame:
    """A batch big enough to be split: 60 speeches sharing a site footer, one Traditional copy."""
    footer = "版权所有：某某市人民政府办公室 网站标识码1234567890"
    rows = []
    places = [a + b for a in "东西南北中上下新" for b in "湖山城江桥港园林"]  # 64 distinct district names
    for i in range(60):
        body = "\n".join(
            [f"在{places[i]}区城市管理工作会议上的讲话", "同志们：", f"{places[i]}区今年重点推进{places[-1 - i]}片区改造提升工程。",
             f"今年以来，{places[i]}区建成区绿化覆盖率达到{30 + i % 10}.5%，比上年提高1.{i % 9}个百分点。",
             f"年底前，由{places[i]}区执法局负责，主次干道机械清扫率要达到{80 + i % 15}%以上。" * 40, footer]
        )
        rows.append({"source_file": f"f{i:03d}.txt", "original_text": body, "quarantine_reason": None})
    rows.append({"source_file": "tw.txt", "original_text": "在全市會議上的講話\n同志們：\n全市專案建設完成率達到95%，巨集觀形勢穩定。" * 20,
                 "quarantine_reason": None})
    rows.append({"source_file": "bad.bin", "original_text": None, "quarantine_reason": "binary file"})
    frame = pl.DataFrame(rows, schema={"source_file": pl.String, "original_text": pl.String, "quarantine_reason": pl.String})
    assert set(frame.columns) <= set(RAW_SCHEMA)
    return frame


def test_clean_files_is_the_same_with_two_workers(raw_batch, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_WEIGHT", 0)
    one, failed_one = clean_batch.clean_files(raw_batch, workers=1)
    two, failed_two = clean_batch.clean_files(raw_batch, workers=2)
    assert one.height == 61
    assert one.equals(two) and failed_one.equals(failed_two)
    # the batch-frequency chrome rule saw the whole batch, not one worker's half of it
    assert not one["body_text"].str.contains("版权所有").any()


def test_extract_frame_is_the_same_with_two_workers(raw_batch, monkeypatch):
    monkeypatch.setattr(parallel, "MIN_PARALLEL_WEIGHT", 0)
    sp, _ = clean_batch.clean_files(raw_batch, workers=1)
    one = extract_batch.extract_frame(sp, workers=1)
    two = extract_batch.extract_frame(sp, workers=2)
    assert one[0].height > 100
    assert one[0].equals(two[0]) and one[1].equals(two[1])


def _inside_a_daemon(_):
    # a daemonic process (e.g. a worker of another pool) may not start children
    return parallel.map_chunks(_square_all, [[1, 2], [3]], workers=2)


def test_workers_refused_inside_a_daemon_process_fall_back_to_in_process():
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(1) as pool:  # pool workers are daemonic
        assert pool.map(_inside_a_daemon, [0]) == [[[1, 4], [9]]]


def test_small_batches_stay_in_process_large_ones_are_split():
    assert parallel.plan_chunks([10, 10, 10], workers=4) == ([range(0, 3)], 1)
    big = parallel.MIN_PARALLEL_WEIGHT
    assert parallel.plan_chunks([big, big, big, big], workers=2) == ([range(0, 2), range(2, 4)], 2)


def test_columns_round_trip_to_the_frame_rows_would_give():
    """Workers hand results back column-wise; the frame must equal the row-wise one, empty chunks included."""
    schema = {"id": pl.String, "n": pl.Int32, "x": pl.Float64, "note": pl.String}
    chunks = [[("a", 1, 0.5, None), ("b", None, 2.0, "二")], [], [("c", 3, None, "三")]]
    got = parallel.frame_from_columns([parallel.columns(rows, len(schema)) for rows in chunks], schema)
    want = pl.DataFrame([r for rows in chunks for r in rows], schema=schema, orient="row")
    assert got.equals(want) and got.schema == want.schema
    assert parallel.frame_from_columns([], schema).schema == want.schema
    assert parallel.frame_from_columns([parallel.columns([], len(schema))], schema).height == 0
