"""One giant line: extraction time must grow linearly with the line (the size limit is 64 MB).

It extracts ~1.4 MB of text (a few seconds). _Doc.department_at once scanned back to the line start
for every quantity (O(n²) on one line); line starts and department positions are now bisected.
"""

from __future__ import annotations

import gc
import time

import pytest

from conftest import CITY, CIV, COMPILATION, GREEN, WATER
from transforms.extract import extract_statements

LINE = "".join(t.replace("\n", "") for t in (CITY, GREEN, CIV, COMPILATION, WATER))


@pytest.mark.robustness_slow
def test_extraction_time_is_linear_in_the_length_of_one_giant_line():
    extract_statements(CITY)  # warm up (jieba)
    times = {}
    for mult in (32, 128):
        text = LINE * mult
        best = float("inf")
        for _ in range(3):  # CPU time, best of three: the ratio must not depend on machine load
            gc.collect()  # a collection of the previous pass's garbage is not this pass's cost
            t0 = time.process_time()
            n = len(extract_statements(text))
            best = min(best, time.process_time() - t0)
        times[mult] = best
        assert n > mult  # it does find statements
    # 4x the text: linear ~4x, quadratic ~16x. The bound leaves room for a busy machine (the suite runs on two
    # processes, which share caches: 6.3 was seen once) and still fails anything quadratic.
    assert times[128] / times[32] < 9, times
