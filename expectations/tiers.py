"""The checks' tiers and thresholds, without Great Expectations: what blocks a publish and what warns.

Light on purpose: the Dagster definitions and the run's steps name the checks at import time,
while GX and pandas load only when a validation runs (expectations/runner.py, expectations/suites.py).
"""

from __future__ import annotations

from dataclasses import dataclass

# Suites in the order they run (expectations.suites.SUITES has one function per name).
SUITE_NAMES = ("raw_file", "dim_speech", "fact_indicator_value", "fact_target", "batch_signals",
               "statement_rules", "speech_quality")
# Suites whose failure keeps the batch unpublished; the others warn.
BLOCKING = ("raw_file", "dim_speech", "fact_indicator_value", "fact_target", "batch_signals")
WARNING = ("statement_rules", "speech_quality")
RECONCILIATION = "file_reconciliation"  # the file accounting check (warehouse/sql/reconciliation.sql): blocking


def check_names() -> list[str]:
    """Every check a validation reports, in order: gx_<suite> for each suite, then the reconciliation."""
    return [*(f"gx_{t}" for t in SUITE_NAMES), RECONCILIATION]


def is_blocking(check_name: str) -> bool:
    """True when a failure of this check keeps the batch unpublished."""
    return check_name == RECONCILIATION or check_name.removeprefix("gx_") in BLOCKING


@dataclass(frozen=True)
class Thresholds:
    """The systemic signals' bounds (configuration: SPEECH_MAX_SET_ASIDE_SHARE, SPEECH_DENSITY_BAND).

    max_set_aside_share: the largest share of a batch's statements row rules may set aside. The
    real corpora set aside 0% (31 provincial and 49 national reports); before the extractor read
    sectioned Chinese numerals, the national reports set aside 4.7%, every row a misread value: 5%
    lets such a partial regression publish its good rows (with a warning) and still stops an
    extractor that misreads a whole batch (docs/validation.md). density_band: the batch's statements per character may be at most
    this many times above or below the warehouse's history; genres differ by up to ≈ 7× (our
    speeches 28, provincial reports 10, national reports 4 statements per 1,000 characters).
    """

    max_set_aside_share: float = 0.05
    density_band: float = 10.0

    def parameters(self) -> dict[str, float]:
        """The suite parameters of batch_signals_suite."""
        return {"max_set_aside_share": self.max_set_aside_share,
                "min_density_ratio": 1.0 / self.density_band, "max_density_ratio": self.density_band}
