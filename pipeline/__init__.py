"""The run as seven plain steps, without Dagster: ingest → clean → dedup → extract → load → validate → publish.

Each step (pipeline/steps.py) takes a RunSession (pipeline/session.py) and the typed outputs of the
steps before it, and returns a frozen dataclass of frames plus metrics. The Dagster assets
(orchestration/defs/) are a few lines each that call these; tests and benchmarks call them directly.
"""
