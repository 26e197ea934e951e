"""The pipeline on the real seeds (../shared/seeds), scored by the shared extraction scorer."""

from __future__ import annotations

import re
import subprocess
import sys

import dagster as dg
import pytest

from orchestration.defs.resources import PipelineSettings
from orchestration.run import run_once
from tests.conftest import SHARED


@pytest.fixture(scope="module")
def seeds_warehouse(tmp_path_factory):
    seeds = SHARED / "seeds"
    if not seeds.is_dir() or not (SHARED / "eval" / "score_extraction.py").exists():
        pytest.skip("../shared/seeds or the scorer is not present")
    wh = tmp_path_factory.mktemp("seeds_wh") / "seeds.duckdb"
    ok, summary = run_once(PipelineSettings(raw_dir=str(seeds), warehouse=str(wh)), dg.DagsterInstance.ephemeral())
    assert ok, summary["failed_checks"]
    return wh, summary


def score(wh) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score_extraction.py"), "--db", str(wh),
         "--gold", str(SHARED / "gold" / "seed_statements.jsonl")],
        capture_output=True, text=True, timeout=300, check=True,
    ).stdout
    figures = {m.group(1): float(m.group(2)) for m in re.finditer(r"^(\w+) accuracy on matched rows: \d+/\d+ = ([0-9.]+)$", out, re.M)}
    figures["F1"] = float(re.search(r"^F1 .*: ([0-9.]+)$", out, re.M).group(1))
    figures["recall"] = float(re.search(r"^recall .*= ([0-9.]+)$", out, re.M).group(1))
    return figures


def test_seeds_load_with_every_file_accounted(seeds_warehouse):
    wh, summary = seeds_warehouse
    assert summary["files_seen"] == 5
    assert summary["loaded"] + summary["duplicate"] + summary["quarantined"] == 5
    assert summary["speeches"] >= 9  # 003 is a compilation of five


def test_extraction_meets_the_publishing_bar_on_the_seeds(seeds_warehouse):
    """Issue #5's bar, scored by the shared scorer on the warehouse the pipeline built."""
    figures = score(seeds_warehouse[0])
    assert figures["F1"] >= 0.95, figures
    for attribute in ("deadline", "department", "subject", "comparator"):
        assert figures[attribute] >= 0.95, (attribute, figures)
