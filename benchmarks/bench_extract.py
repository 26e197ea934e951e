"""Throughput of the extract stage over the shared corpus (not a unit test).

Cleans every corpus file once with transforms.clean.clean_document (untimed), then times
extract_statements over all speech bodies and prints MB/s (UTF-8 bytes of clean text),
characters/s and statements/s, best of --repeat runs on one core, by wall clock and by process
CPU time (the latter is steadier on a shared machine).

    .venv/bin/python benchmarks/bench_extract.py [--corpus DIR] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def load_bodies(corpus: Path) -> list[str]:
    """Decode and clean every file under `corpus`; return the speech bodies."""
    from transforms.clean import clean_document
    from transforms.decode import decode_bytes

    bodies: list[str] = []
    for path in sorted(corpus.rglob("*")):
        if path.is_file() and path.suffix.lower() in (".txt", ".htm", ".html"):
            dec = decode_bytes(path.read_bytes())
            if dec.quarantine:
                continue
            bodies.extend(sp.body for sp in clean_document(dec.text))
    return bodies


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from transforms.extract import extract_statements, load_lexicon

    bodies = load_bodies(args.corpus)
    n_bytes = sum(len(b.encode("utf-8")) for b in bodies)
    n_chars = sum(len(b) for b in bodies)
    load_lexicon()
    for b in bodies[:3]:  # warm caches (regex compile, lexicon, lazy imports)
        extract_statements(b)
    best = best_cpu = float("inf")
    n_statements = 0
    for _ in range(max(1, args.repeat)):
        t0, c0 = time.perf_counter(), time.process_time()
        n_statements = sum(len(extract_statements(b)) for b in bodies)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    print(f"speeches: {len(bodies)}  clean text: {n_bytes / 1e6:.2f} MB ({n_chars} chars)")
    for label, t in (("wall", best), ("cpu", best_cpu)):
        print(f"extract ({label}): {t:.3f} s  →  {n_bytes / 1e6 / t:.1f} MB/s, {n_chars / t / 1e6:.2f} M chars/s, "
              f"{n_statements / t:,.0f} statements/s ({n_statements} statements)")


if __name__ == "__main__":
    main()
