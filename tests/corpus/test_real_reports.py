"""Real documents nobody here wrote publish: the 31 provincial and 49 national work reports of ../shared/corpus.

Each folder goes through the whole pipeline (make run's own loop) into a fresh warehouse; it must
publish, load every file, and set aside fewer than 2% of its statements, all queryable.
"""

from __future__ import annotations

import os

import dagster as dg
import duckdb
import pytest

from orchestration.defs.resources import PipelineSettings
from orchestration.run import run_until_done
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"


@pytest.mark.parametrize("folder", ["provincial_2026", "national"])
def test_real_reports_publish_with_few_statements_set_aside(folder, tmp_path):
    src = CORPUS / folder
    if not src.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{src} is missing: CI must prove that real documents publish")
        pytest.skip(f"{src} is not present")
    files = sum(1 for p in src.rglob("*") if p.is_file())
    settings = PipelineSettings(raw_dir=str(src), warehouse=str(tmp_path / "speeches.duckdb"))
    ok, summary, _ = run_until_done(settings, dg.DagsterInstance.ephemeral())
    assert ok, (summary["failed_checks"], summary["errors"])
    assert summary["files_seen"] == files and summary["loaded"] + summary["duplicate"] == files
    published, set_aside = summary["statements"], summary["set_aside"]
    assert published >= 30 * summary["canonical_speeches"]  # reports are dense with numbers
    assert set_aside / (published + set_aside) < 0.02, summary["set_aside_by_rule"]
    con = duckdb.connect(str(settings.warehouse_path), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM v_rejected_statements").fetchone()[0] == set_aside
        # no report is left without published statements
        (per_speech,) = con.execute("SELECT min(statement_count) FROM v_speeches WHERE speech_id = canonical_speech_id").fetchone()
        assert per_speech > 0
    finally:
        con.close()
