"""The staged load's SQL files (warehouse/sql/load/): each phase file read, each statement a single one, used once."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from warehouse import stage

LOAD_DIR = Path(stage.__file__).resolve().parent / "sql" / "load"
TEMPLATES = {"delete_replaced", "delete_demoted_facts", "delete_extracted_facts"}


def test_every_load_file_is_a_phase_in_order():
    assert sorted(p.stem for p in LOAD_DIR.glob("*.sql")) == list(stage.LOAD_PHASES)


@pytest.mark.parametrize("name", sorted(stage._SQL))
def test_each_named_statement_is_exactly_one_statement(name):
    sql = stage._SQL[name]
    assert ("{table}" in sql) == (name in TEMPLATES)
    assert "{" not in sql.replace("{table}", "")
    assert len(duckdb.extract_statements(sql.replace("{table}", "t"))) == 1


def test_each_statement_is_used_by_the_load():
    src = Path(stage.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'_SQL\["(\w+)"\]', src)) | set(re.findall(r'_any\(con, "(\w+)"\)', src))
    assert used == set(stage._SQL)


def test_per_table_statements_take_only_identifiers():
    assert stage._DELETE_REPLACED["dim_speech"].startswith("DELETE FROM dim_speech WHERE")
    assert set(stage._DELETE_DEMOTED_FACTS) == set(stage._DELETE_EXTRACTED_FACTS) == set(stage.STATEMENT_TABLES)
    with pytest.raises(ValueError):
        stage._per_table(stage._SQL["delete_replaced"], ("dim_speech; DROP TABLE raw_file",))
    with pytest.raises(ValueError):
        stage._per_table(stage._SQL["insert_bands"], ("speech_band",))
