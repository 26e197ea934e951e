"""DuckDB warehouse: schema, working database, staged load and atomic publish."""
