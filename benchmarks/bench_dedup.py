"""Benchmark transforms.dedup on synthetic speeches (not a unit test).

    python -m benchmarks.bench_dedup --n 20000
    python -m benchmarks.bench_dedup --n 100000 --increments 4

Prints throughput (docs/s for sketching + planning, on one core unless --threads),
peak RSS (resource.getrusage), and quality against the generator's ground truth:
true pairs = pairs of copies of the same original whose exact character 5-gram
Jaccard (on normalised text) is ≥ 0.8 / ≥ 0.7, truncated pairs (containment ≥ 0.9
and J ≥ 0.35), and how many of each ended in one cluster; false merges = pairs
in one cluster with different originals (unrelated speeches, often same topic).

With --increments k the corpus is loaded in k batches through a small in-memory
stand-in for the warehouse (it passes plan_dedup exactly the existing speeches
the contract asks for), and the final clustering is compared with a one-shot run.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from collections import defaultdict
from itertools import combinations


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _shingle_set(text: str):
    import numpy as np

    from transforms import dedup

    cps, off = dedup._normalise_codepoints([text])
    flat, _ = dedup._shingle_hashes(cps, off)
    return np.unique(flat)


def ground_truth(docs) -> dict[str, list[tuple[str, str, float, float]]]:
    """Pairs within each origin group with exact Jaccard and containment."""
    import numpy as np

    groups: dict[str, list] = defaultdict(list)
    for d in docs:
        groups[d.origin].append(d)
    out = []
    for members in groups.values():
        if len(members) < 2:
            continue
        sets = {m.speech_id: _shingle_set(m.text) for m in members}
        for a, b in combinations(sorted(sets), 2):
            sa, sb = sets[a], sets[b]
            inter = len(np.intersect1d(sa, sb, assume_unique=True))
            union = len(sa) + len(sb) - inter
            j = inter / union if union else 1.0
            c = inter / max(min(len(sa), len(sb)), 1)
            out.append((a, b, j, c))
    return out


class MemoryWarehouse:
    """Minimal stand-in for the warehouse side of the dedup contract (polars frames in memory)."""

    def __init__(self) -> None:
        import polars as pl

        self.speeches = pl.DataFrame(schema={"speech_id": pl.String, "canonical_speech_id": pl.String,
                                             "content_hash": pl.String, "char_count": pl.Int64,
                                             "source_script": pl.String, "repair_count": pl.Int64,
                                             "seen_rank": pl.Int64})
        self.bands = pl.DataFrame(schema={"speech_id": pl.String, "band_no": pl.Int32, "band_hash": pl.Int64})
        self.signatures = None

    def load(self, batch):
        import polars as pl

        from transforms import dedup

        sk = dedup.sketch_batch(batch["speech_id"], batch["body_text"])
        hashes = pl.Series(sk.content_hashes)
        hit_bands = self.bands.join(sk.bands.select("band_no", "band_hash").unique(), on=["band_no", "band_hash"])
        touched = self.speeches.filter(pl.col("content_hash").is_in(hashes.implode())
                                       | pl.col("speech_id").is_in(hit_bands["speech_id"].implode()))
        existing = self.speeches.filter(pl.col("canonical_speech_id").is_in(touched["canonical_speech_id"].implode()))
        ex_ids = existing["speech_id"].implode()
        ex_bands = self.bands.filter(pl.col("speech_id").is_in(ex_ids))
        ex_sigs = self.signatures.filter(pl.col("speech_id").is_in(ex_ids)) if self.signatures is not None else None
        plan = dedup.plan_dedup(batch, existing, ex_bands, ex_sigs, sketch=sk)
        a = plan.assignments
        new = batch.select("speech_id", "char_count", "source_script", "repair_count", "seen_rank").join(
            a.select("speech_id", "canonical_speech_id", "content_hash"), on="speech_id")
        repoint = a.filter(~pl.col("speech_id").is_in(batch["speech_id"].implode())).select("speech_id", "canonical_speech_id")
        sp = self.speeches.join(repoint, on="speech_id", how="left", suffix="_new").with_columns(
            pl.coalesce("canonical_speech_id_new", "canonical_speech_id").alias("canonical_speech_id")
        ).drop("canonical_speech_id_new")
        self.speeches = pl.concat([sp, new.select(sp.columns)], how="vertical_relaxed")
        self.bands = pl.concat([self.bands, plan.bands])
        self.signatures = plan.signatures if self.signatures is None else pl.concat([self.signatures, plan.signatures])
        return plan


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--dup-share", type=float, default=0.2)
    ap.add_argument("--boilerplate", type=float, default=0.15)
    ap.add_argument("--threads", type=int, default=1, help="RAYON_NUM_THREADS for rensa (default 1 = one core)")
    ap.add_argument("--increments", type=int, default=0, help="also load in k batches through MemoryWarehouse")
    ap.add_argument("--repeat", type=int, default=1, help="time sketch+plan this many times")
    ap.add_argument("--no-truth", action="store_true", help="skip the exact-Jaccard ground truth")
    args = ap.parse_args(argv)
    os.environ.setdefault("RAYON_NUM_THREADS", str(args.threads))

    import polars as pl

    from benchmarks.synth import make_corpus
    from transforms import dedup

    t0 = time.perf_counter()
    docs = make_corpus(args.n, seed=args.seed, dup_share=args.dup_share, boilerplate=args.boilerplate)
    gen_s = time.perf_counter() - t0
    mean_len = sum(len(d.text) for d in docs) / len(docs)
    print(f"corpus: {len(docs)} speeches, mean {mean_len:.0f} chars, generated in {gen_s:.1f}s; "
          f"RSS after generation {_rss_mb():.0f} MB")
    batch = pl.DataFrame({
        "speech_id": [d.speech_id for d in docs],
        "body_text": [d.text for d in docs],
        "char_count": [len(d.text) for d in docs],
        "source_script": ["simplified"] * len(docs),
        "repair_count": [0] * len(docs),
        "seen_rank": list(range(len(docs))),
    })
    empty = pl.DataFrame(schema={"speech_id": pl.String, "canonical_speech_id": pl.String, "content_hash": pl.String,
                                 "char_count": pl.Int64, "source_script": pl.String, "repair_count": pl.Int64,
                                 "seen_rank": pl.Int64})
    no_bands = pl.DataFrame(schema={"speech_id": pl.String, "band_no": pl.Int32, "band_hash": pl.Int64})

    rss_before = _rss_mb()
    totals = []
    for _ in range(max(args.repeat, 1)):
        t0 = time.perf_counter()
        sk = dedup.sketch_batch(batch["speech_id"], batch["body_text"])
        t1 = time.perf_counter()
        plan = dedup.plan_dedup(batch, empty, no_bands, sketch=sk)
        t2 = time.perf_counter()
        totals.append(t2 - t0)
        print(f"sketch {t1 - t0:.2f}s  plan {t2 - t1:.2f}s  total {t2 - t0:.2f}s  → {len(docs) / (t2 - t0):,.0f} docs/s "
              f"(RAYON_NUM_THREADS={os.environ['RAYON_NUM_THREADS']})")
    if len(totals) > 1:
        totals.sort()
        print(f"best {len(docs) / totals[0]:,.0f} docs/s, median {len(docs) / totals[len(totals) // 2]:,.0f} docs/s "
              f"over {len(totals)} runs")
    print(f"peak RSS {_rss_mb():.0f} MB (was {rss_before:.0f} MB with the corpus and its polars frame loaded)")
    a = plan.assignments
    canon = dict(zip(a["speech_id"].to_list(), a["canonical_speech_id"].to_list()))
    kinds = a["dup_kind"].value_counts().sort("dup_kind")
    print("dup_kind:", dict(zip(kinds["dup_kind"].to_list(), kinds["count"].to_list())),
          f"clusters {a['canonical_speech_id'].n_unique()}")

    origin = {d.speech_id: d.origin for d in docs}
    members: dict[str, list[str]] = defaultdict(list)
    for sid, c in canon.items():
        members[c].append(sid)
    false_pairs = 0
    mixed_clusters = 0
    for mem in members.values():
        origins: dict[str, int] = defaultdict(int)
        for s in mem:
            origins[origin[s]] += 1
        if len(origins) > 1:
            mixed_clusters += 1
            tot = len(mem)
            false_pairs += (tot * (tot - 1) - sum(v * (v - 1) for v in origins.values())) // 2
    print(f"false merges: {false_pairs} pairs of different originals in one cluster ({mixed_clusters} clusters)")

    if not args.no_truth:
        t0 = time.perf_counter()
        truth = ground_truth(docs)
        for label, cond in [("J>=0.8", lambda j, c: j >= 0.8), ("J>=0.7", lambda j, c: j >= 0.7),
                            ("0.7<=J<0.8", lambda j, c: 0.7 <= j < 0.8),
                            ("truncated (C>=0.9, 0.35<=J<0.7)", lambda j, c: c >= 0.9 and 0.35 <= j < 0.7),
                            ("same origin, J<0.5 and C<0.9 (joined only via other copies)", lambda j, c: j < 0.5 and c < 0.9)]:
            sel = [(x, y) for x, y, j, c in truth if cond(j, c)]
            found = sum(1 for x, y in sel if canon[x] == canon[y])
            print(f"pairs {label}: {found}/{len(sel)} in one cluster")
        print(f"(ground truth {time.perf_counter() - t0:.1f}s)")

    if args.increments:
        wh = MemoryWarehouse()
        k = args.increments
        size = -(-len(docs) // k)
        t0 = time.perf_counter()
        for i in range(k):
            wh.load(batch.slice(i * size, size))
        inc_s = time.perf_counter() - t0
        inc = dict(zip(wh.speeches["speech_id"].to_list(), wh.speeches["canonical_speech_id"].to_list()))
        diff = sum(1 for s in canon if canon[s] != inc[s])
        print(f"incremental ({k} batches): {inc_s:.1f}s ({len(docs) / inc_s:,.0f} docs/s incl. stand-in warehouse); "
              f"{diff} speeches with a different canonical than the one-shot run; peak RSS {_rss_mb():.0f} MB")


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    main()
