"""The warehouse's SQL, one file per statement (or per load phase), each written once.

read_sql("totals") is warehouse/sql/totals.sql; read_sql("load/01_replaced") a file of a subfolder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

SQL_DIR = Path(__file__).resolve().parent


@cache
def read_sql(name: str) -> str:
    """The text of warehouse/sql/<name>.sql (the suffix may be given or not), read once per process."""
    return (SQL_DIR / (name if name.endswith(".sql") else f"{name}.sql")).read_text(encoding="utf-8")
