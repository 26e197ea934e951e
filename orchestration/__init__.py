"""Dagster wiring: assets, checks, resources, schedules and sensors over the transforms."""
