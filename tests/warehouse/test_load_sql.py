"""The staged load's SQL files (warehouse/sql/load/): each phase file read, each statement a single one, used once."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from warehouse import load

LOAD_DIR = Path(load.__file__).resolve().parent / "sql" / "load"
TEMPLATES = {"delete_replaced", "delete_demoted_facts", "delete_extracted_facts"}


def test_every_load_file_is_a_phase_in_order():
    assert sorted(p.stem for p in LOAD_DIR.glob("*.sql")) == list(load.LOAD_PHASES)


@pytest.mark.parametrize("name", sorted(load._SQL))
def test_each_named_statement_is_exactly_one_statement(name):
    sql = load._SQL[name]
    assert ("{table}" in sql) == (name in TEMPLATES)
    assert "{" not in sql.replace("{table}", "")
    assert len(duckdb.extract_statements(sql.replace("{table}", "t"))) == 1


def test_each_statement_is_used_by_the_load():
    src = Path(load.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r'_SQL\["(\w+)"\]', src)) | set(re.findall(r'_any\(con, "(\w+)"\)', src))
    assert used == set(load._SQL)


def test_per_table_statements_take_only_identifiers():
    assert load._DELETE_REPLACED["dim_speech"].startswith("DELETE FROM dim_speech WHERE")
    assert set(load._DELETE_DEMOTED_FACTS) == set(load._DELETE_EXTRACTED_FACTS) == set(load.STATEMENT_TABLES)
    with pytest.raises(ValueError):
        load._per_table(load._SQL["delete_replaced"], ("dim_speech; DROP TABLE raw_file",))
    with pytest.raises(ValueError):
        load._per_table(load._SQL["insert_bands"], ("speech_band",))
