"""Progress of `make run` over its batches: batch i of ~N, files and MB done, MB/s, time left.

Before the first batch the landing dir is surveyed (pipeline.steps.survey: a stat scan and a read-only
look at the published warehouse); after each batch it is surveyed again, so what is done is what the
published warehouse now holds. On a terminal a tqdm bar (tqdm comes with Dagster); under CI or when
stderr is not a terminal, one plain line per batch (SPEECH_PROGRESS chooses: auto, bar, lines, off).
"""

from __future__ import annotations

import math
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Iterator

import config
from pipeline.session import RunSession
from pipeline.steps import Survey, survey


@dataclass
class Progress:
    """What the run set out to read, and how to show what it has read so far."""

    session: RunSession  # the landing dir and warehouse of the runs (any run id: a survey reads only)
    mode: str  # "bar", "lines" or "off"
    total: Survey
    started: float = field(default_factory=time.perf_counter)
    bar: object = None

    @classmethod
    @contextmanager
    def start(cls, mode: str, session: RunSession) -> Iterator["Progress | None"]:
        """A progress reporter for the batches ahead (None when off or when the survey cannot be made)."""
        if mode == "auto":
            mode = "bar" if sys.stderr.isatty() else "lines"
        total = survey(session) if mode != "off" else None
        if total is None or total.files == 0:
            yield None
            return
        progress = cls(session, mode, total)
        if mode == "bar":
            from tqdm import tqdm

            progress.bar = tqdm(total=total.bytes, unit="B", unit_scale=True, unit_divisor=1000, file=sys.stderr,
                                desc=f"batch 1/~{progress.batches}", dynamic_ncols=True)
        else:
            progress.line(f"{total.files:,} files, {total.bytes / 1e6:,.1f} MB to read in ~{progress.batches} batches")
        try:
            yield progress
        finally:
            if progress.bar is not None:
                progress.bar.close()

    @property
    def batches(self) -> int:
        """Batches the budget (SPEECH_BATCH_FILES, SPEECH_BATCH_MB) needs for the whole survey, at least 1."""
        return max(1, math.ceil(self.total.files / config.batch_files()),
                   math.ceil(self.total.bytes / (config.batch_mb() * 1e6)))

    def batch_done(self, i: int) -> None:
        """After batch i: survey again and show files and MB done, MB/s and time left."""
        left = survey(self.session) or Survey(0, 0)
        files, done = self.total.files - left.files, max(0, self.total.bytes - left.bytes)
        secs = time.perf_counter() - self.started
        rate = done / secs if secs > 0 else 0.0
        eta = left.bytes / rate if rate > 0 else float("nan")
        if self.bar is not None:
            self.bar.set_description(f"batch {i}/~{max(i, self.batches)}")
            self.bar.set_postfix_str(f"{files:,}/{self.total.files:,} files")
            self.bar.update(done - self.bar.n)
        else:
            self.line(f"batch {i}/~{max(i, self.batches)}: {files:,}/{self.total.files:,} files, "
                      f"{done / 1e6:,.1f}/{self.total.bytes / 1e6:,.1f} MB, {rate / 1e6:.2f} MB/s"
                      + (f", ~{eta:.0f} s left" if left.files and not math.isnan(eta) else ""))

    @staticmethod
    def line(text: str) -> None:
        print(f"progress: {text}", file=sys.stderr, flush=True)
