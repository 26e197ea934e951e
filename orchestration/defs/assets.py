"""The asset graph: raw files → speeches → canonical speeches → statements → staged warehouse → published warehouse.

One asset per step of pipeline/steps.py, each a few lines: build the run's session, call the step,
show its metrics. Frames travel between assets through the Parquet IO manager (pipeline/frames.py);
warehouse state lives in the run's private session of the warehouse.
"""

import dagster as dg
import polars as pl

from orchestration.defs.resources import PipelineSettings
from pipeline import steps
from pipeline.session import RunSession

WAREHOUSE_POOL = "warehouse"  # at most one writer: see dagster.yaml
GROUP = "speech_pipeline"  # one group, so the UI shows the whole flow at once
# One partition per arrival batch (a sensor tick, a scheduled run, a `make run`), never one per file:
# the UI shows each batch's lineage and a batch can be re-run on its own.
ARRIVAL_BATCHES = dg.DynamicPartitionsDefinition(name="arrival_batch")
_IO_RETRY = dg.RetryPolicy(max_retries=3, delay=1.0, backoff=dg.Backoff.EXPONENTIAL)


def session(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext, settings: PipelineSettings,
            partitioned: bool = True) -> RunSession:
    """The step session of this Dagster run: its id, its arrival-batch partition, the configured warehouse."""
    batch = context.partition_key if partitioned and context.has_partition_key else None
    return RunSession(context.run.run_id, settings.raw_path, settings.store, batch, settings.thresholds)


def metadata(metrics: dict) -> dict:
    """A step's metrics as Dagster metadata: dicts and lists as JSON, paths to Data Docs as paths."""
    out: dict = {}
    for k, v in metrics.items():
        if isinstance(v, (dict, list, tuple)):
            out[k] = dg.MetadataValue.json(v)
        elif k in ("data_docs", "working_db") and isinstance(v, str) and v.endswith((".html", ".duckdb")):
            out[k] = dg.MetadataValue.path(v)
        else:
            out[k] = v
    return out


def _preview(df: pl.DataFrame, columns: list[str], n: int = 10) -> dg.MetadataValue:
    if df.is_empty():
        return dg.MetadataValue.md("_(none)_")
    head = df.select([c for c in columns if c in df.columns]).head(n)
    lines = ["| " + " | ".join(head.columns) + " |", "|" + "---|" * len(head.columns)]
    for row in head.iter_rows():
        lines.append("| " + " | ".join("" if v is None else str(v).replace("|", "/")[:60] for v in row) + " |")
    return dg.MetadataValue.md("\n".join(lines))


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"python"}, retry_policy=_IO_RETRY, pool=WAREHOUSE_POOL)
def raw_files(context: dg.AssetExecutionContext, settings: PipelineSettings) -> steps.Ingested:
    """Files of the landing directory that are new or changed since the last published load, hashed and decoded.

    Unchanged files (same path and SHA-256) are skipped: an unchanged landing directory gives an empty frame.
    """
    out = steps.ingest(session(context, settings))
    context.add_output_metadata(metadata(out.metrics))
    return out


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"python"})
def speeches(context: dg.AssetExecutionContext, settings: PipelineSettings, raw_files: steps.Ingested) -> steps.Cleaned:
    """Cleaned speeches, one per 篇: Simplified text, metadata, original text and a cleaning report."""
    out = steps.clean(session(context, settings), raw_files)
    context.add_output_metadata({**metadata(out.metrics), "preview": _preview(
        out.speeches, ["source_file", "part_no", "title", "char_count", "source_script", "speech_date"])})
    return out


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"python", "duckdb"}, pool=WAREHOUSE_POOL)
def canonical_speeches(context: dg.AssetExecutionContext, settings: PipelineSettings, raw_files: steps.Ingested,
                       speeches: steps.Cleaned) -> steps.Deduplicated:
    """Speeches with their canonical copy (exact hash, then MinHash LSH against everything loaded before).

    Also re-resolves speeches whose canonical copy is being replaced (a changed file), and
    marks which speeches need statements extracted (canonical after this run, without facts).
    """
    out = steps.dedup(session(context, settings), raw_files, speeches)
    context.add_output_metadata(metadata(out.metrics))
    return out


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"python"})
def statements(context: dg.AssetExecutionContext, settings: PipelineSettings,
               canonical_speeches: steps.Deduplicated) -> steps.Extracted:
    """Indicator and target statements of every speech that is canonical after this run and has none yet.

    Row rules (transforms/row_rules.py) set aside the statements that cannot be right, with the rules they fail.
    """
    out = steps.extract(session(context, settings), canonical_speeches)
    context.add_output_metadata({**metadata(out.metrics), "preview": _preview(
        out.statements, ["indicator_name", "subject", "value", "unit", "statement_kind", "comparator",
                         "deadline_text", "department"])})
    return out


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"duckdb"}, pool=WAREHOUSE_POOL)
def staged_warehouse(context: dg.AssetExecutionContext, settings: PipelineSettings, raw_files: steps.Ingested,
                     canonical_speeches: steps.Deduplicated, statements: steps.Extracted) -> None:
    """The run's increment merged into its private working database (not yet visible to analysts)."""
    out = steps.load(session(context, settings), raw_files, canonical_speeches, statements)
    context.add_output_metadata(metadata(out.metrics))


@dg.asset(group_name=GROUP, partitions_def=ARRIVAL_BATCHES, kinds={"duckdb"}, deps=[staged_warehouse], pool=WAREHOUSE_POOL)
def published_warehouse(context: dg.AssetExecutionContext, settings: PipelineSettings) -> None:
    """The analysts' warehouse, atomically replaced by the validated working copy.

    Runs only when every blocking check on the staged warehouse passed.
    """
    out = steps.publish(session(context, settings))
    context.add_output_metadata({**metadata(out.metrics), "data_docs": dg.MetadataValue.path(
        str(settings.docs_dir / "index.html"))})
