"""Step outputs between assets, one folder per asset and run (pipeline/frames.py: Parquet per frame).

dagster-polars' IO manager fails on polars 2 ('rechunk' was removed), and the steps return frozen
dataclasses of frames, so this small one stores them the way the benchmarks do. Keyed by run id,
so overlapping runs never read each other's intermediates.
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipeline import frames


class PolarsParquetIOManager(dg.ConfigurableIOManager):
    """Stores asset outputs under <base_dir>/<run_id>/<asset>/ (a step's dataclass: one Parquet file per frame)."""

    base_dir: str

    def _path(self, run_id: str, key: dg.AssetKey) -> Path:
        return Path(self.base_dir) / run_id / "__".join(key.path)

    def handle_output(self, context: dg.OutputContext, obj: object) -> None:
        if obj is None:
            return
        try:
            frames.save(obj, self._path(context.run_id, context.asset_key))
        except TypeError as e:
            raise TypeError(f"{context.asset_key.to_user_string()}: {e}") from None

    def load_input(self, context: dg.InputContext) -> object:
        upstream = context.upstream_output
        path = self._path(upstream.run_id, context.asset_key)
        if not path.is_dir():
            raise FileNotFoundError(f"no stored output for {context.asset_key.to_user_string()} of run {upstream.run_id}")
        return frames.load(path)
