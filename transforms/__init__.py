"""Pure business logic: every pipeline arrow is a typed function here (no Dagster import)."""
