"""Checks on the staged warehouse: the validate step (pipeline/steps.py) as Dagster asset checks.

Blocking checks (integrity, systemic signals, reconciliation): a failure stops published_warehouse
in the same run, so analysts never see a batch that did not pass. Warning checks (row rules, speech
quality): the batch publishes, and the metadata gives the rows set aside per rule with sample
sentences. Metadata names each failing expectation with sample rows.
"""

import dagster as dg

from expectations import tiers
from orchestration.defs.assets import WAREHOUSE_POOL, metadata, session, staged_warehouse
from orchestration.defs.resources import PipelineSettings
from pipeline import steps

_DESCRIPTIONS = {
    tiers.RECONCILIATION: "Every file this run's scan found has a fate (loaded, duplicate or quarantined, with its "
                          "detail); every canonical speech has statements or a reason.",
}
SPECS = [
    dg.AssetCheckSpec(
        name, asset=staged_warehouse, blocking=tiers.is_blocking(name),
        description=_DESCRIPTIONS.get(name) or (
            f"Great Expectations suite {name.removeprefix('gx_')} (expectations/suites.py) on this run's staged rows"
            + ("." if tiers.is_blocking(name) else "; warns, never blocks.")),
    )
    for name in tiers.check_names()
]


@dg.multi_asset_check(specs=SPECS, pool=WAREHOUSE_POOL)
def staged_warehouse_checks(context: dg.AssetCheckExecutionContext, settings: PipelineSettings):
    """Validate the staged increment with every suite, then reconcile the file accounting."""
    for c in steps.validate(session(context, settings, partitioned=False)).checks:
        yield dg.AssetCheckResult(
            check_name=c.name, passed=c.passed, metadata=metadata(c.metadata), description=c.description,
            severity=dg.AssetCheckSeverity.ERROR if c.blocking else dg.AssetCheckSeverity.WARN,
        )
