"""The quality bar on the seed speeches, scored by the shared scorer (skipped without ../shared)."""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
GOLD = SHARED / "gold" / "seed_statements.jsonl"
SCORER = SHARED / "eval" / "score_extraction.py"

pytestmark = [
    pytest.mark.seeds,
    pytest.mark.skipif(not (SEEDS.is_dir() and GOLD.is_file() and SCORER.is_file()), reason="../shared seeds absent"),
]


def test_seed_extraction_meets_the_bar():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import score_seeds

    code, out = score_seeds.run(SEEDS, GOLD, SCORER, verbose=False)
    assert code == 0, out
    f1 = float(re.search(r"^F1 .*: ([0-9.]+)$", out, re.M).group(1))
    assert f1 >= 0.95, out
    for label in ("deadline", "department", "subject", "comparator"):
        m = re.search(rf"^{label} accuracy on matched rows: (\d+)/(\d+)", out, re.M)
        hits, total = int(m.group(1)), int(m.group(2))
        assert total and hits / total >= 0.95, out
