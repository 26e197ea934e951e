"""The Dagster definitions, one module per kind (as in dagster's project template's defs/ folder).

assets.py: one asset per step of pipeline/steps.py, a few lines each; checks.py: the validate step as
asset checks; resources.py: the settings and the IO manager; automation.py: job, schedule, sensor,
lake upkeep; executors.py: the executor SPEECH_EXECUTOR names. orchestration/definitions.py puts them together.
"""
