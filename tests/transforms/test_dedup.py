"""Tests for transforms.dedup: hashing, sketches, near-duplicate rule, clustering, incremental plans.

All text is synthetic (benchmarks.synth, written for this project) or written here.
"""

from __future__ import annotations

import hashlib
import random
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import polars as pl
import pytest

from benchmarks.synth import SpeechFactory, edit_chars, reformat, truncate
from transforms import dedup

ROOT = Path(__file__).resolve().parents[2]

EXISTING_SCHEMA = {"speech_id": pl.String, "canonical_speech_id": pl.String, "content_hash": pl.String,
                   "char_count": pl.Int64, "source_script": pl.String, "repair_count": pl.Int64,
                   "seen_rank": pl.Int64}
BANDS_SCHEMA = {"speech_id": pl.String, "band_no": pl.Int32, "band_hash": pl.Int64}


def make_batch(rows: list[tuple]) -> pl.DataFrame:
    """rows: (speech_id, text[, source_script[, repair_count]]); seen_rank from a global counter."""
    out = []
    for r in rows:
        sid, text = r[0], r[1]
        script = r[2] if len(r) > 2 else "simplified"
        repairs = r[3] if len(r) > 3 else 0
        out.append({"speech_id": sid, "body_text": text, "char_count": len(text), "source_script": script,
                    "repair_count": repairs, "seen_rank": next(_SEEN)})
    return pl.DataFrame(out, schema={"speech_id": pl.String, "body_text": pl.String, "char_count": pl.Int64,
                                     "source_script": pl.String, "repair_count": pl.Int64, "seen_rank": pl.Int64})


def _counter():
    i = 0
    while True:
        i += 1
        yield i


_SEEN = _counter()


def plan_alone(batch: pl.DataFrame) -> dedup.DedupPlan:
    return dedup.plan_dedup(batch, pl.DataFrame(schema=EXISTING_SCHEMA), pl.DataFrame(schema=BANDS_SCHEMA))


def canon_map(plan: dedup.DedupPlan) -> dict[str, str]:
    a = plan.assignments
    return dict(zip(a["speech_id"].to_list(), a["canonical_speech_id"].to_list()))


def exact_jaccard(a: str, b: str) -> float:
    na, nb = dedup.normalise_for_dedup(a), dedup.normalise_for_dedup(b)
    sa = {na[i:i + 5] for i in range(len(na) - 4)}
    sb = {nb[i:i + 5] for i in range(len(nb) - 4)}
    return len(sa & sb) / len(sa | sb)


class Warehouse:
    """In-memory stand-in for the warehouse: selects `existing` the way the contract says."""

    def __init__(self) -> None:
        self.speeches = pl.DataFrame(schema=EXISTING_SCHEMA)
        self.bands = pl.DataFrame(schema=BANDS_SCHEMA)
        self.sigs: pl.DataFrame | None = None

    def load(self, batch: pl.DataFrame, with_signatures: bool = True) -> dedup.DedupPlan:
        sk = dedup.sketch_batch(batch["speech_id"].to_list(), batch["body_text"].to_list())
        hit = self.bands.join(sk.bands.select("band_no", "band_hash"), on=["band_no", "band_hash"])
        touched = self.speeches.filter(pl.col("content_hash").is_in(list(sk.content_hashes))
                                       | pl.col("speech_id").is_in(hit["speech_id"].implode()))
        existing = self.speeches.filter(pl.col("canonical_speech_id").is_in(touched["canonical_speech_id"].implode()))
        ids = existing["speech_id"].implode()
        sigs = self.sigs.filter(pl.col("speech_id").is_in(ids)) if (self.sigs is not None and with_signatures) else None
        plan = dedup.plan_dedup(batch, existing, self.bands.filter(pl.col("speech_id").is_in(ids)), sigs, sketch=sk)
        a = plan.assignments
        batch_ids = batch["speech_id"].implode()
        repoint = dict(zip(*[a.filter(~pl.col("speech_id").is_in(batch_ids))[c].to_list()
                             for c in ("speech_id", "canonical_speech_id")]))
        self.speeches = self.speeches.with_columns(
            pl.col("speech_id").replace_strict(repoint, default=pl.col("canonical_speech_id")).alias("canonical_speech_id"))
        new = batch.join(a, on="speech_id").select(list(EXISTING_SCHEMA))
        self.speeches = pl.concat([self.speeches, new])
        self.bands = pl.concat([self.bands, plan.bands])
        self.sigs = plan.signatures if self.sigs is None else pl.concat([self.sigs, plan.signatures])
        return plan

    def canon(self) -> dict[str, str]:
        return dict(zip(self.speeches["speech_id"].to_list(), self.speeches["canonical_speech_id"].to_list()))


@pytest.fixture(scope="module")
def factory() -> SpeechFactory:
    return SpeechFactory(seed=11)


# ---------------------------------------------------------------------------------------------
# Normalisation and content hash
# ---------------------------------------------------------------------------------------------

def test_presentation_differences_give_the_same_content_hash(factory):
    rng = random.Random(3)
    for _ in range(10):
        text = factory.speech()
        variant = reformat(text, rng)
        assert variant != text
        assert dedup.content_hash(variant) == dedup.content_hash(text)


def test_hand_written_variants_normalise_identically():
    a = "一、总体要求\n要坚持问题导向，全面提升城市管理水平。\n二、重点任务\n（一）推进垃圾分类，覆盖率达到95%。"
    b = "1. 总体要求\r\n要坚持问题导向, 全面提升城市管理水平.\r\n2. 重点任务\r\n(1) 推进垃圾分类，覆盖率达到 95 %。"
    c = "　　一、总体要求　要坚持问题导向，全面提升城市管理水平。二、重点任务（一）推进垃圾分类，覆盖率达到９５％。"
    assert dedup.normalise_for_dedup(a) == "总体要求要坚持问题导向全面提升城市管理水平重点任务推进垃圾分类覆盖率达到95"
    assert dedup.content_hash(a) == dedup.content_hash(b) == dedup.content_hash(c)
    assert dedup.content_hash(a) == hashlib.sha256(dedup.normalise_for_dedup(a).encode()).hexdigest()


def test_content_changes_change_the_hash():
    a = "今年计划新建口袋公园12个，建成区绿化覆盖率达到41.5%。"
    assert dedup.content_hash(a) != dedup.content_hash(a.replace("12", "13"))
    assert dedup.content_hash(a) != dedup.content_hash(a.replace("口袋公园", "街头游园"))
    # decimals are not list markers
    assert dedup.normalise_for_dedup("提高1.5个百分点") == "提高15个百分点"
    assert dedup.normalise_for_dedup("的12、3") == "的123"


# ---------------------------------------------------------------------------------------------
# Sketches
# ---------------------------------------------------------------------------------------------

def test_signatures_and_bands_are_deterministic(factory):
    texts = [factory.speech() for _ in range(5)] + ["", "短", "城市管理"]
    s1 = dedup.minhash_signatures(texts)
    s2 = dedup.minhash_signatures(list(reversed(texts)))[::-1]
    assert s1.shape == (len(texts), dedup.NUM_PERM) and s1.dtype == np.uint64
    assert np.array_equal(s1, s2)
    b = dedup.band_hashes(s1)
    assert b.shape == (len(texts), dedup.BANDS) and b.dtype == np.int64
    assert np.array_equal(b, dedup.band_hashes(s1.copy()))
    sk = dedup.sketch_batch([f"x{i}" for i in range(len(texts))], texts)
    assert np.array_equal(sk.signatures, s1)
    assert np.array_equal(sk.band_matrix[:, : dedup.BANDS], b)


GOLDEN_TEXT = "同志们：今天我们召开全市城市管理工作会议。一是扎实推进垃圾分类，二是加快建设口袋公园12个。"


def _golden_digest() -> str:
    sig = dedup.minhash_signatures([GOLDEN_TEXT])
    return hashlib.sha256(sig.tobytes() + dedup.band_hashes(sig).tobytes()).hexdigest()


def test_signatures_identical_in_a_fresh_process():
    code = (
        "import hashlib\nfrom transforms import dedup\n"
        f"sig = dedup.minhash_signatures([{GOLDEN_TEXT!r}])\n"
        "print(hashlib.sha256(sig.tobytes() + dedup.band_hashes(sig).tobytes()).hexdigest())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "123"})
    assert out.stdout.strip() == _golden_digest()


def test_sketch_version_names_the_scheme():
    # Stored bands and signatures are only comparable under the same SKETCH_VERSION.
    v = dedup.SKETCH_VERSION
    assert f"rensa{__import__('rensa').RMinHash.ALGORITHM_VERSION}" in v and "char5" in v and "b16x8" in v


# ---------------------------------------------------------------------------------------------
# Near-duplicate rule
# ---------------------------------------------------------------------------------------------

def test_edited_copies_with_jaccard_at_least_08_are_merged(factory):
    rng = random.Random(5)
    rows, pairs = [], []
    for i in range(12):
        orig = factory.speech(topic="垃圾分类", boilerplate=0.5)
        rows.append((f"o{i}", orig))
        for k, rate in enumerate((0.005, 0.01, 0.015, 0.02)):
            copy = edit_chars(orig, rate, rng)
            rows.append((f"o{i}e{k}", copy))
            pairs.append((f"o{i}", f"o{i}e{k}", exact_jaccard(orig, copy)))
    canon = canon_map(plan_alone(make_batch(rows)))
    strong = [(a, b) for a, b, j in pairs if j >= 0.8]
    assert len(strong) >= 30
    assert all(canon[a] == canon[b] for a, b in strong)
    # copies are within 10% of the original's length, so the original (seen first) stays canonical
    assert all(canon[f"o{i}"] == f"o{i}" for i in range(12))


def test_unrelated_speeches_on_the_same_topic_are_never_merged(factory):
    texts = [factory.speech(topic="城市管理", boilerplate=0.5) for _ in range(40)]
    texts += [factory.speech(topic="城市管理", boilerplate=0.5, target_chars=1000) for _ in range(20)]
    plan = plan_alone(make_batch([(f"u{i}", t) for i, t in enumerate(texts)]))
    assert plan.assignments["dup_kind"].is_null().all()
    sig = dedup.minhash_signatures(texts)
    est = [float((sig[a] == sig[b]).mean()) for a, b in combinations(range(len(texts)), 2)]
    assert max(est) < 0.5  # a wide margin under the 0.70 threshold despite heavy shared boilerplate


def test_rule_thresholds():
    n = np.array([1000])
    assert dedup.is_near_duplicate(np.array([0.70]), n, n).all()
    assert not dedup.is_near_duplicate(np.array([0.65]), n, n).any()
    # truncated to 60%: J = 0.6, containment 1.0
    assert dedup.is_near_duplicate(np.array([0.6]), np.array([600]), n).all()
    assert dedup.estimated_containment(np.array([0.6]), np.array([600]), n)[0] == pytest.approx(1.0)
    # a short text sharing stock phrases with a long one: J 0.15 → not merged whatever C says
    assert not dedup.is_near_duplicate(np.array([0.15]), np.array([150]), n).any()


def test_truncated_copy_is_a_near_duplicate_and_the_complete_copy_is_canonical(factory):
    rows = []
    for i in range(8):
        full = factory.speech(topic="园林绿化")
        rows.append((f"t{i}", truncate(full, 0.6)))  # truncated copy seen first
        rows.append((f"f{i}", full))
    plan = plan_alone(make_batch(rows))
    canon = canon_map(plan)
    for i in range(8):
        assert canon[f"t{i}"] == f"f{i}" and canon[f"f{i}"] == f"f{i}"
    a = plan.assignments.filter(pl.col("speech_id") == "t0").row(0, named=True)
    assert a["dup_kind"] == "near" and 0.45 < a["similarity"] < 0.75


def test_exact_duplicates_and_plan_shape(factory):
    text = factory.speech()
    rng = random.Random(9)
    batch = make_batch([("a", text), ("b", reformat(text, rng)), ("c", factory.speech()), ("d", ""), ("e", "")])
    plan = plan_alone(batch)
    a = plan.assignments
    assert a.columns == ["speech_id", "content_hash", "canonical_speech_id", "dup_kind", "similarity"]
    assert a.schema["similarity"] == pl.Float64
    rows = {r["speech_id"]: r for r in a.iter_rows(named=True)}
    assert rows["a"]["dup_kind"] is None and rows["a"]["similarity"] is None
    assert rows["b"]["canonical_speech_id"] == "a" and rows["b"]["dup_kind"] == "exact" and rows["b"]["similarity"] == 1.0
    assert rows["c"]["canonical_speech_id"] == "c"
    assert rows["e"]["canonical_speech_id"] == "d" and rows["e"]["dup_kind"] == "exact"
    assert set(plan.bands["speech_id"].unique()) == {"a", "b", "c"}  # empty texts get no bands
    assert plan.bands.height == 3 * (dedup.BANDS + 2 * dedup.EDGE_BANDS)
    assert plan.signatures.columns == ["speech_id", "signature", "n_shingles"]
    assert plan.signatures.height == 5 and plan.signatures["signature"].list.len().to_list() == [128] * 5


def test_plan_is_independent_of_row_order(factory):
    rng = random.Random(2)
    rows = []
    for i in range(10):
        t = factory.speech()
        rows += [(f"p{i}", t), (f"p{i}x", edit_chars(t, 0.01, rng)), (f"p{i}t", truncate(t, 0.7))]
    batch = make_batch(rows)
    p1 = plan_alone(batch)
    p2 = plan_alone(batch.sample(fraction=1.0, shuffle=True, seed=4))
    assert p1.assignments.equals(p2.assignments)
    assert p1.bands.sort(["speech_id", "band_no"]).equals(p2.bands.sort(["speech_id", "band_no"]))


# ---------------------------------------------------------------------------------------------
# Incremental
# ---------------------------------------------------------------------------------------------

def test_duplicate_arriving_later_points_to_the_existing_canonical(factory):
    wh = Warehouse()
    text = factory.speech()
    other = factory.speech()
    wh.load(make_batch([("a", text), ("z", other)]))
    rng = random.Random(1)
    plan = wh.load(make_batch([("b", reformat(text, rng)), ("c", edit_chars(text, 0.01, rng))]))
    rows = {r["speech_id"]: r for r in plan.assignments.iter_rows(named=True)}
    assert set(rows) == {"b", "c"}  # no existing speech changes
    assert rows["b"]["canonical_speech_id"] == "a" and rows["b"]["dup_kind"] == "exact"
    assert rows["c"]["canonical_speech_id"] == "a" and rows["c"]["dup_kind"] == "near"
    assert rows["c"]["similarity"] > 0.8


def test_better_copy_arriving_later_takes_over_the_cluster(factory):
    wh = Warehouse()
    full = factory.speech(topic="停车管理")
    rng = random.Random(8)
    trunc = truncate(full, 0.65)
    wh.load(make_batch([("t1", trunc), ("t2", reformat(trunc, rng)), ("t3", edit_chars(trunc, 0.005, rng))]))
    assert set(wh.canon().values()) == {"t1"}
    plan = wh.load(make_batch([("full", full)]))
    rows = {r["speech_id"]: r for r in plan.assignments.iter_rows(named=True)}
    assert set(rows) == {"full", "t1", "t2", "t3"}  # every old member re-pointed, none lost
    assert all(r["canonical_speech_id"] == "full" for r in rows.values())
    assert rows["full"]["dup_kind"] is None and rows["t1"]["dup_kind"] == "near"
    assert set(wh.canon().values()) == {"full"}


def test_originally_simplified_copy_takes_over_from_a_converted_one(factory):
    wh = Warehouse()
    text = factory.speech()
    wh.load(make_batch([("trad", text, "traditional", 3)]))
    plan = wh.load(make_batch([("simp", text, "simplified", 0)]))
    rows = {r["speech_id"]: r for r in plan.assignments.iter_rows(named=True)}
    assert rows["simp"]["canonical_speech_id"] == "simp"
    assert rows["trad"]["canonical_speech_id"] == "simp" and rows["trad"]["dup_kind"] == "exact"
    # rerunning the same decision gives the same answer: loading nothing new changes nothing
    again = wh.load(make_batch([("other", factory.speech())]))
    assert again.assignments["speech_id"].to_list() == ["other"]


def test_batch_bridging_two_existing_clusters_merges_them(factory):
    wh = Warehouse()
    full = factory.speech()
    head, tail = truncate(full, 0.7), full[int(len(full) * 0.3):]
    wh.load(make_batch([("h", head), ("t", tail)]))
    assert wh.canon() == {"h": "h", "t": "t"}  # overlap J ≈ 0.4: two clusters
    wh.load(make_batch([("full", full)]))
    assert set(wh.canon().values()) == {"full"}


def test_incremental_loading_matches_one_shot(factory):
    from benchmarks.synth import make_corpus

    docs = make_corpus(240, seed=21, dup_share=0.35)
    batch = make_batch([(d.speech_id, d.text) for d in docs])
    one_shot = canon_map(plan_alone(batch))
    wh = Warehouse()
    for i in range(4):
        wh.load(batch.slice(i * 60, 60))
    assert wh.canon() == one_shot
    origin = {d.speech_id: d.origin for d in docs}
    assert all(origin[s] == origin[c] for s, c in one_shot.items())  # no unrelated merges


def test_without_stored_signatures_falls_back_to_band_agreement(factory):
    wh = Warehouse()
    text = factory.speech()
    wh.load(make_batch([("a", text)]))
    plan = wh.load(make_batch([("b", edit_chars(text, 0.003, random.Random(4)))]), with_signatures=False)
    row = plan.assignments.row(0, named=True)
    assert row["canonical_speech_id"] == "a" and row["dup_kind"] == "near" and row["similarity"] > 0.7


def test_contract_violations_raise(factory):
    wh = Warehouse()
    text = factory.speech()
    wh.load(make_batch([("a", text)]))
    with pytest.raises(ValueError, match="new"):
        dedup.plan_dedup(make_batch([("a", text)]), wh.speeches, wh.bands, wh.sigs)
    with pytest.raises(ValueError, match="unique"):
        plan_alone(make_batch([("x", "甲"), ("x", "乙")]))
    orphan = wh.speeches.with_columns(pl.lit("gone").alias("canonical_speech_id"))
    with pytest.raises(ValueError, match="canonical"):
        dedup.plan_dedup(make_batch([("b", text)]), orphan, wh.bands, wh.sigs)


def test_empty_batch():
    plan = plan_alone(make_batch([]))
    assert plan.assignments.height == 0 and plan.bands.height == 0 and plan.signatures.height == 0


def test_oversized_lsh_buckets_are_chained_not_dropped(factory, monkeypatch):
    rng = random.Random(6)
    text = factory.speech()
    rows = [(f"c{i}", edit_chars(text, 0.004, rng)) for i in range(8)] + [("lone", factory.speech())]
    expected = canon_map(plan_alone(make_batch(rows)))
    monkeypatch.setattr(dedup, "BUCKET_CAP", 2)
    chained = canon_map(plan_alone(make_batch(rows)))
    assert chained == expected
    assert len({chained[f"c{i}"] for i in range(8)}) == 1 and chained["lone"] == "lone"


def test_without_stored_signatures_similarity_is_the_direct_edge_estimate(factory):
    wh = Warehouse()
    text = factory.speech()
    wh.load(make_batch([("a", text)]))
    rng = random.Random(8)
    batch = make_batch([("b", edit_chars(text, 0.003, rng)), ("c", edit_chars(text, 0.003, rng))])
    plan = wh.load(batch, with_signatures=False)
    bands = {sid: dict(zip(g["band_no"].to_list(), g["band_hash"].to_list()))
             for (sid,), g in wh.bands.group_by("speech_id")}
    got = dict(zip(plan.assignments["speech_id"].to_list(), plan.assignments["similarity"].to_list()))
    assert set(plan.assignments["canonical_speech_id"].to_list()) == {"a"}
    for sid in ("b", "c"):
        k = sum(bands[sid][i] == bands["a"][i] for i in range(dedup.BANDS))
        assert k >= dedup.FALLBACK_MIN_BANDS
        assert got[sid] == pytest.approx((k / dedup.BANDS) ** (1 / dedup.ROWS))
