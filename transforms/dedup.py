"""Exact and near-duplicate detection for cleaned speeches (pure functions, no IO).

Pipeline
--------
1. :func:`normalise_for_dedup` — the cleaned Simplified body with list markers
   (一、 （一） 1. (1) ①), whitespace, punctuation, symbols and control characters
   removed, full-width ASCII folded and Latin letters lower-cased, so that chrome,
   punctuation, numbering style and line-ending differences vanish.
2. :func:`content_hash` — sha256 of that text: exact duplicates.
3. Character 5-gram shingles, hashed in numpy (a vectorised polynomial hash over
   the code points + a splitmix64 finaliser), fed to rensa's prehashed R-MinHash
   (``RMinHash.digest_matrix_from_flat_token_hashes``: one flat buffer + row
   offsets, no Python object per shingle) → 128-slot signatures, fixed seed.
4. LSH bands, stored by the warehouse and joined on ``(band_no, band_hash)``:

   * ``band_no`` 0–15: 16 bands × 8 rows of the full signature (the classic
     S-curve: P(candidate) ≈ 0.95 at J=0.8, 0.61 at J=0.7, 0.24 at J=0.6);
   * ``band_no`` 16–19 / 20–23: 4 bands × 8 rows of a 32-slot MinHash of the first
     / last :data:`EDGE_WINDOW` shingles. A truncated copy (the first 60% of a
     speech has J≈0.6 with it, so the full-signature bands mostly miss it) has the
     same opening window, so its head bands collide with the full speech's.

5. Candidates are verified on the full signatures (:func:`is_near_duplicate`)
   and clustered transitively (union-find) together with the existing clusters;
   the canonical copy of each cluster is chosen by :func:`canonical_order`.

Thresholds (why)
----------------
* ``JACCARD_THRESHOLD = 0.70`` on the *estimated* Jaccard. The estimate from 128
  slots has σ ≈ 0.035 near J=0.8, so copies with true J ≥ 0.8 pass with
  probability > 0.998; unrelated speeches on the same topic measure J ≈ 0.15–0.35
  on our formulaic synthetic genre (heavy shared boilerplate), ≥ 10σ below.
* Containment (truncated copies): with n = shingle counts (5-gram positions of
  the normalised text, a proxy for the set sizes; char_count when unknown),
  ``C = J·(n_a+n_b) / ((1+J)·min(n_a, n_b))`` estimates |A∩B|/|smaller|.
  A pair is also a near duplicate when ``C ≥ 0.90`` *and* ``J ≥ 0.35`` (the
  smaller copy holds at least about a third of the larger). The J floor keeps
  the noisy C estimate of very unequal sizes (short notice vs. long speech
  sharing stock phrases) from merging unrelated texts. Known limitation: a
  speech that reuses all of an earlier shorter one verbatim and adds < ~2/3 new
  text is indistinguishable from a truncated copy and is merged.
* Speeches whose normalised text is shorter than :data:`MIN_NEAR_CHARS` only
  take part in exact dedup (their 5-gram sets are too small to estimate).

Canonical rule (stable, documented in :func:`canonical_order`): complete before
truncated (char_count ≥ 90% of the longest in the cluster), originally
Simplified before mixed before converted from Traditional, fewer cleaning
repairs, seen first (seen_rank), then speech_id. A better copy arriving later
therefore takes over and every member of its cluster is re-pointed to it.

What the warehouse stores (see :class:`DedupPlan`): per speech its
``content_hash`` and ``canonical_speech_id``; ``bands`` (speech_id, band_no,
band_hash) and ``signatures`` (speech_id, signature list[u64] of 128, n_shingles)
for every speech, plus :data:`SKETCH_VERSION` (rebuild bands and signatures when
it changes — e.g. a rensa upgrade changes its algorithm version).

Caller flow: ``sk = sketch_batch(batch["speech_id"], batch["body_text"])``; select
the existing speeches whose content_hash is in ``sk.content_hashes`` or whose
stored band matches a row of ``sk.bands`` on (band_no, band_hash) — *all* band
numbers, 0–23 — plus their clusters; then ``plan_dedup(batch, existing,
existing_bands, existing_signatures, sketch=sk)``.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl
import regex
import rensa

NUM_PERM = 128
BANDS = 16
ROWS = 8
SHINGLE = 5  # character 5-grams

EDGE_WINDOW = 256  # shingles at the start / end of a speech sketched separately
EDGE_PERM = 32
EDGE_BANDS = EDGE_PERM // ROWS  # 4 head bands (band_no 16-19) and 4 tail bands (20-23)
HEAD_BAND0 = BANDS
TAIL_BAND0 = BANDS + EDGE_BANDS

JACCARD_THRESHOLD = 0.70
CONTAINMENT_THRESHOLD = 0.90
CONTAINMENT_MIN_JACCARD = 0.35
MIN_NEAR_CHARS = 50
COMPLETE_RATIO = 0.9
FALLBACK_MIN_BANDS = 2  # without stored signatures: shared main bands needed to estimate J at all
BUCKET_CAP = 200  # LSH buckets larger than this are chained instead of fully paired

SEED = 20240611
_HEAD_SEED = SEED + 1
_TAIL_SEED = SEED + 2
SKETCH_VERSION = (
    f"char{SHINGLE}-rensa{rensa.RMinHash.ALGORITHM_VERSION}-rminhash{NUM_PERM}-b{BANDS}x{ROWS}"
    f"-edge{EDGE_WINDOW}x{EDGE_PERM}-seed{SEED}-v1"
)
_CHUNK = 1024  # speeches sketched per numpy pass (bounds memory)

SCRIPT_RANK = {"simplified": 0, "mixed": 1, "traditional": 2}

# ----------------------------------------------------------------------------------------------
# Normalisation
# ----------------------------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
_BOUNDARY = r"\s。；;：:！!？?）)"
# List markers: 一、 / 1. / 1、 at the start of a line or sentence, (一) / (1) anywhere. The
# pattern is anchored on the separator (a fast literal scan); the numeral run before it is
# checked by the lookbehind and removed by _strip_markers (3x faster than a leading lookbehind).
_MARKER_RE = regex.compile(
    rf"(?<=(?:^|[{_BOUNDARY}])(?:[{_CN_NUM}]{{1,3}}|\d{{1,2}}))[、．.](?!\d)"
    rf"|[（(]\s*(?:[{_CN_NUM}]{{1,3}}|\d{{1,2}})\s*[)）]"
)


def _strip_markers(text: str) -> str:
    """Remove list markers (see _MARKER_RE) from ``text``."""
    out: list[str] = []
    last = 0
    for m in _MARKER_RE.finditer(text):
        start = m.start()
        if text[start] not in "（(":
            # Walk back over the numeral run the lookbehind accepted (all of one kind).
            cn = text[start - 1] in _CN_NUM
            while start > 0 and (text[start - 1] in _CN_NUM if cn else text[start - 1].isdecimal()):
                start -= 1
        out.append(text[last:start])
        last = m.end()
    if not out:
        return text
    out.append(text[last:])
    return "".join(out)


def _build_keep_table() -> np.ndarray:
    keep = np.ones(0x110000, dtype=bool)
    for cp in range(0x10000):
        if unicodedata.category(chr(cp))[0] in "PSZC":
            keep[cp] = False
    keep[0xD800:0xE000] = False
    keep[0x2460:0x24A0] = False  # ① ⑴ ⒈ … enclosed numerals: list markers
    keep[0x2776:0x2794] = False  # ❶ …
    keep[0x3220:0x322A] = False  # ㈠ …
    keep[0x1F000:0x1FB00] = False  # emoji and pictographs
    keep[0xE0000:0xE0080] = False  # tags
    return keep


_KEEP = _build_keep_table()


def _normalise_codepoints(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Normalised code points of all ``texts`` concatenated, and row offsets (len n+1)."""
    stripped = [_strip_markers(t) if t else "" for t in texts]
    lengths = np.fromiter((len(t) for t in stripped), dtype=np.int64, count=len(stripped))
    cps = np.frombuffer("".join(stripped).encode("utf-32-le"), dtype=np.uint32)
    fw = (cps >= 0xFF01) & (cps <= 0xFF5E)
    if fw.any():
        cps = cps.copy()
        cps[fw] -= 0xFEE0
    upper = (cps >= 0x41) & (cps <= 0x5A)
    if upper.any():
        cps = cps if cps.flags.writeable else cps.copy()
        cps[upper] += 32
    keep = _KEEP[cps]
    # Kept characters per row (np.cumsum over a bool array of this size is ~10x slower).
    kept = np.zeros(len(lengths), dtype=np.int64)
    nonempty = lengths > 0
    if nonempty.any():
        starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))[nonempty]
        kept[nonempty] = np.add.reduceat(keep.view(np.uint8), starts, dtype=np.int64)
    return cps[keep], np.concatenate(([0], np.cumsum(kept)))


def normalise_for_dedup(text: str) -> str:
    """Text reduced to what identifies a speech's content.

    Input is the cleaned Simplified body. List markers (一、 （一） 1. (1) ① …),
    whitespace, punctuation, symbols and control characters are removed,
    full-width ASCII is folded and Latin letters are lower-cased, so copies that
    differ only in chrome, punctuation width, numbering style, spacing or line
    endings normalise identically.
    """
    cps, _ = _normalise_codepoints([text])
    return cps.tobytes().decode("utf-32-le")


def content_hash(text: str) -> str:
    """sha256 hex digest of :func:`normalise_for_dedup` (UTF-8): the exact-duplicate key."""
    return hashlib.sha256(normalise_for_dedup(text).encode("utf-8")).hexdigest()


# ----------------------------------------------------------------------------------------------
# Shingles and MinHash
# ----------------------------------------------------------------------------------------------

_POLY = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                  0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x27D4EB2F165667C5, 0x94D049BB133111EB],
                 dtype=np.uint64)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, in place on a uint64 array (wrap-around arithmetic)."""
    x ^= x >> np.uint64(30)
    x *= np.uint64(0xBF58476D1CE4E5B9)
    x ^= x >> np.uint64(27)
    x *= np.uint64(0x94D049BB133111EB)
    x ^= x >> np.uint64(31)
    return x


_BLOCK = 1 << 15  # elements per pass: keeps the temporaries in L2 cache (≈5x faster than whole-array ops)


def _gram_hashes(cps: np.ndarray) -> np.ndarray:
    """Hash of the SHINGLE code points starting at every position (len(cps) - SHINGLE + 1 values).

    Polynomial sum of the code points with odd 64-bit multipliers, then the splitmix64 finaliser;
    computed block by block with preallocated buffers.
    """
    m = len(cps) - SHINGLE + 1
    out = np.empty(m, dtype=np.uint64)
    tmp = np.empty(_BLOCK, dtype=np.uint64)
    buf = np.empty(_BLOCK + SHINGLE - 1, dtype=np.uint64)
    s30, s27, s31 = np.uint64(30), np.uint64(27), np.uint64(31)
    k1, k2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)
    for lo in range(0, m, _BLOCK):
        n = min(_BLOCK, m - lo)
        c = buf[: n + SHINGLE - 1]
        c[:] = cps[lo: lo + n + SHINGLE - 1]
        h = out[lo: lo + n]
        t = tmp[:n]
        np.multiply(c[:n], _POLY[0], out=h)
        for j in range(1, SHINGLE):
            np.multiply(c[j: j + n], _POLY[j], out=t)
            h += t
        np.right_shift(h, s30, out=t)
        h ^= t
        h *= k1
        np.right_shift(h, s27, out=t)
        h ^= t
        h *= k2
        np.right_shift(h, s31, out=t)
        h ^= t
    return out


def _shingle_hashes(cps: np.ndarray, offsets: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """64-bit hashes of every character 5-gram inside each row, flat, and their row offsets.

    Rows shorter than SHINGLE characters (but not empty) get one token: the hash
    of the whole row, so they still have a defined sketch.
    """
    n_rows = len(offsets) - 1
    lengths = np.diff(offsets)
    total = len(cps)
    if total >= SHINGLE:
        m = total - SHINGLE + 1
        h = _gram_hashes(cps)
        valid = np.ones(m, dtype=bool)
        ends = offsets[1:]
        bad = (ends[:, None] - np.arange(1, SHINGLE, dtype=np.int64)[None, :]).ravel()
        bad = bad[(bad >= 0) & (bad < m)]
        valid[bad] = False
        flat = h[valid]
    else:
        flat = np.zeros(0, dtype=np.uint64)
    counts = np.maximum(lengths - SHINGLE + 1, 0)
    short = np.flatnonzero((lengths > 0) & (lengths < SHINGLE))
    if len(short):
        # Whole-row token for the rare rows of 1-4 characters, spliced in at their place.
        tok = np.zeros(len(short), dtype=np.uint64)
        for k, r in enumerate(short):
            seg = cps[offsets[r]:offsets[r + 1]].astype(np.uint64)
            tok[k] = (seg * _POLY[:len(seg)]).sum() + np.uint64(len(seg))
        _mix64(tok)
        row_start = np.concatenate(([0], np.cumsum(counts)))
        flat = np.insert(flat, row_start[short], tok)
        counts[short] = 1
    row_offsets = np.concatenate(([0], np.cumsum(counts))).astype(np.uint64)
    return np.ascontiguousarray(flat), row_offsets


def _rminhash(flat: np.ndarray, row_offsets: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """(rows, num_perm) uint64 R-MinHash digests of prehashed token rows (empty row → all 0xFFFFFFFF-like)."""
    n = len(row_offsets) - 1
    if n == 0:
        return np.zeros((0, num_perm), dtype=np.uint64)
    m = rensa.RMinHash.digest_matrix_from_flat_token_hashes(flat, row_offsets, num_perm, seed)
    return np.asarray(m.to_rows(), dtype=np.uint64).reshape(n, num_perm)


def _window(flat: np.ndarray, row_offsets: np.ndarray, head: bool) -> tuple[np.ndarray, np.ndarray]:
    """The first (head) or last EDGE_WINDOW tokens of every row, as flat buffer + offsets."""
    starts = row_offsets[:-1].astype(np.int64)
    counts = np.diff(row_offsets.astype(np.int64))
    w = np.minimum(counts, EDGE_WINDOW)
    first = starts if head else starts + counts - w
    new_off = np.concatenate(([0], np.cumsum(w)))
    idx = np.arange(new_off[-1], dtype=np.int64) + np.repeat(first - new_off[:-1], w)
    return np.ascontiguousarray(flat[idx]), new_off.astype(np.uint64)


@dataclass(frozen=True)
class BatchSketch:
    """Everything dedup derives from the texts: hashes, signatures and band hashes.

    Row i describes ``speech_ids[i]``. Compute it once with :func:`sketch_batch`
    (the caller needs ``content_hashes`` and ``bands`` to select the existing
    speeches to pass to :func:`plan_dedup`) and hand it to ``plan_dedup(sketch=…)``.
    """

    speech_ids: tuple[str, ...]
    content_hashes: tuple[str, ...]
    signatures: np.ndarray  # (n, NUM_PERM) uint64
    n_shingles: np.ndarray  # (n,) int64: shingle count of the normalised text (0 = empty)
    band_matrix: np.ndarray  # (n, BANDS + 2 * EDGE_BANDS) int64, column = band_no

    def eligible(self) -> np.ndarray:
        """Rows long enough for near-duplicate detection."""
        return self.n_shingles >= MIN_NEAR_CHARS - SHINGLE + 1

    @property
    def bands(self) -> pl.DataFrame:
        """[speech_id, band_no, band_hash] for the eligible rows (what the warehouse stores)."""
        rows = np.flatnonzero(self.eligible())
        nb = self.band_matrix.shape[1]
        ids = pl.Series("speech_id", self.speech_ids, dtype=pl.String)
        return pl.DataFrame({
            "speech_id": ids.gather(np.repeat(rows, nb)),
            "band_no": np.tile(np.arange(nb, dtype=np.int32), len(rows)),
            "band_hash": self.band_matrix[rows].ravel(),
        }, schema={"speech_id": pl.String, "band_no": pl.Int32, "band_hash": pl.Int64})

    @property
    def signature_frame(self) -> pl.DataFrame:
        """[speech_id, signature list[u64], n_shingles] for every row."""
        return pl.DataFrame({
            "speech_id": pl.Series(self.speech_ids, dtype=pl.String),
            "signature": pl.Series(self.signatures).cast(pl.List(pl.UInt64)) if len(self.speech_ids)
            else pl.Series([], dtype=pl.List(pl.UInt64)),
            "n_shingles": pl.Series(self.n_shingles, dtype=pl.Int64),
        })


def _sketch_chunk(texts: Sequence[str]) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    cps, offsets = _normalise_codepoints(texts)
    normalised = cps.tobytes().decode("utf-32-le")
    hashes = [hashlib.sha256(normalised[offsets[i]:offsets[i + 1]].encode("utf-8")).hexdigest()
              for i in range(len(texts))]
    flat, row_offsets = _shingle_hashes(cps, offsets)
    sig = _rminhash(flat, row_offsets, NUM_PERM, SEED)
    head = _rminhash(*_window(flat, row_offsets, True), EDGE_PERM, _HEAD_SEED)
    tail = _rminhash(*_window(flat, row_offsets, False), EDGE_PERM, _TAIL_SEED)
    bands = np.concatenate([band_hashes(sig), _band_hash(head, HEAD_BAND0), _band_hash(tail, TAIL_BAND0)], axis=1)
    return hashes, sig, np.diff(row_offsets.astype(np.int64)), bands


def _chunk_texts(texts: Sequence[str] | pl.Series, lo: int) -> list[str]:
    part = texts[lo:lo + _CHUNK]
    if isinstance(part, pl.Series):  # materialise Python strings one chunk at a time
        return part.fill_null("").to_list()
    return list(part)


def sketch_batch(speech_ids: Sequence[str] | pl.Series, texts: Sequence[str] | pl.Series) -> BatchSketch:
    """Content hashes, MinHash signatures and all band hashes for a batch of cleaned bodies.

    ``texts`` may be a polars Series (e.g. ``batch["body_text"]``): it is then converted to
    Python strings chunk by chunk, which keeps memory flat for large batches.
    """
    if len(speech_ids) != len(texts):
        raise ValueError("speech_ids and texts differ in length")
    if isinstance(speech_ids, pl.Series):
        speech_ids = speech_ids.cast(pl.String).to_list()
    hashes: list[str] = []
    sigs, counts, bands = [], [], []
    for lo in range(0, len(texts), _CHUNK):
        h, s, c, b = _sketch_chunk(_chunk_texts(texts, lo))
        hashes += h
        sigs.append(s)
        counts.append(c)
        bands.append(b)
    nb = BANDS + 2 * EDGE_BANDS
    return BatchSketch(
        speech_ids=tuple(speech_ids),
        content_hashes=tuple(hashes),
        signatures=np.concatenate(sigs) if sigs else np.zeros((0, NUM_PERM), np.uint64),
        n_shingles=np.concatenate(counts) if counts else np.zeros(0, np.int64),
        band_matrix=np.concatenate(bands) if bands else np.zeros((0, nb), np.int64),
    )


def minhash_signatures(texts: Sequence[str] | pl.Series) -> np.ndarray:
    """(n, NUM_PERM) uint64 R-MinHash signatures of the texts' normalised character 5-grams.

    Deterministic across processes and runs (fixed seed, no Python ``hash``).
    Values fit in 32 bits (rensa's R-MinHash digest).
    """
    out = []
    for lo in range(0, len(texts), _CHUNK):
        cps, offsets = _normalise_codepoints(_chunk_texts(texts, lo))
        out.append(_rminhash(*_shingle_hashes(cps, offsets), NUM_PERM, SEED))
    return np.concatenate(out) if out else np.zeros((0, NUM_PERM), dtype=np.uint64)


def _band_hash(signatures: np.ndarray, band0: int) -> np.ndarray:
    sig = np.asarray(signatures).astype(np.uint64, copy=False)
    n, perm = sig.shape
    nb = perm // ROWS
    s = sig[:, : nb * ROWS].reshape(n, nb, ROWS)
    h = np.broadcast_to(
        _mix64((np.arange(band0, band0 + nb, dtype=np.uint64) + np.uint64(SEED)) * _POLY[7]), (n, nb)
    ).copy()
    for j in range(ROWS):
        h ^= s[:, :, j] * _POLY[j]
        _mix64(h)
    return h.view(np.int64)


def band_hashes(signatures: np.ndarray) -> np.ndarray:
    """(n, BANDS) int64 LSH band hashes: band b hashes signature slots [b*ROWS, (b+1)*ROWS).

    Deterministic (pure integer arithmetic); ``band_no`` in storage is the column index.
    """
    sig = np.asarray(signatures)
    if sig.ndim != 2 or sig.shape[1] != NUM_PERM:
        raise ValueError(f"signatures must have shape (n, {NUM_PERM})")
    return _band_hash(sig, 0)


# ----------------------------------------------------------------------------------------------
# Verification
# ----------------------------------------------------------------------------------------------

def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise share of equal signature slots: the MinHash estimate of Jaccard."""
    return (np.asarray(a) == np.asarray(b)).mean(axis=-1)


def estimated_containment(jaccard: np.ndarray, n_a: np.ndarray, n_b: np.ndarray) -> np.ndarray:
    """|A∩B| / min(|A|,|B|) from Jaccard and set sizes: J(|A|+|B|) / ((1+J) min(|A|,|B|)), capped at 1."""
    j = np.asarray(jaccard, dtype=np.float64)
    na = np.asarray(n_a, dtype=np.float64)
    nb = np.asarray(n_b, dtype=np.float64)
    small = np.maximum(np.minimum(na, nb), 1.0)
    return np.minimum(j * (na + nb) / ((1.0 + j) * small), 1.0)


def is_near_duplicate(jaccard: np.ndarray, n_a: np.ndarray, n_b: np.ndarray) -> np.ndarray:
    """The near-duplicate rule: J ≥ 0.70, or (J ≥ 0.35 and containment ≥ 0.90) for truncated copies."""
    j = np.asarray(jaccard, dtype=np.float64)
    c = estimated_containment(j, n_a, n_b)
    return (j >= JACCARD_THRESHOLD) | ((j >= CONTAINMENT_MIN_JACCARD) & (c >= CONTAINMENT_THRESHOLD))


# ----------------------------------------------------------------------------------------------
# Planning
# ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class DedupPlan:
    """What to write after deduplicating a batch.

    ``assignments``: [speech_id, content_hash, canonical_speech_id, dup_kind, similarity] for every
    batch speech and every existing speech whose canonical_speech_id changes. ``dup_kind`` is
    None for a canonical speech, 'exact' when its content_hash equals the canonical's, else 'near';
    ``similarity`` is 1.0 for exact, the estimated Jaccard to the canonical for near (None when the
    canonical's signature is unknown), None for a canonical.
    ``bands``: [speech_id, band_no, band_hash] for the batch speeches (band_no 0-23; speeches whose
    normalised text is shorter than MIN_NEAR_CHARS have none).
    ``signatures``: [speech_id, signature list[u64] (128), n_shingles] for the batch speeches.
    """

    assignments: pl.DataFrame
    bands: pl.DataFrame
    signatures: pl.DataFrame


ASSIGNMENT_SCHEMA = {"speech_id": pl.String, "content_hash": pl.String, "canonical_speech_id": pl.String,
                     "dup_kind": pl.String, "similarity": pl.Float64}


def canonical_order(members: pl.DataFrame) -> pl.DataFrame:
    """Sort cluster members best-first (column ``cluster`` groups them); the first row is canonical.

    Rule, in order: complete before truncated (char_count ≥ COMPLETE_RATIO × the cluster's longest),
    originally Simplified before mixed before Traditional-converted, fewer cleaning repairs, seen
    earlier (seen_rank), then speech_id. Every key is data, so reruns give the same answer.
    """
    big = np.iinfo(np.int64).max
    return (
        members.with_columns(
            (pl.col("char_count").fill_null(0) < COMPLETE_RATIO * pl.col("char_count").fill_null(0).max().over("cluster"))
            .alias("_trunc"),
            pl.col("source_script").replace_strict(SCRIPT_RANK, default=len(SCRIPT_RANK), return_dtype=pl.Int32)
            .alias("_script"),
            pl.col("repair_count").cast(pl.Int64).fill_null(big).alias("_rep"),
            pl.col("seen_rank").cast(pl.Int64).fill_null(big).alias("_seen"),
        )
        .sort(["cluster", "_trunc", "_script", "_rep", "_seen", "speech_id"])
        .drop(["_trunc", "_script", "_rep", "_seen"])
    )


def _union_find(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Component root (smallest node index) for each of n nodes given edges a–b."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(a.tolist(), b.tolist()):
        rx, ry = find(x), find(y)
        if rx != ry:
            if rx < ry:
                parent[ry] = rx
            else:
                parent[rx] = ry
    return np.fromiter((find(i) for i in range(n)), dtype=np.int64, count=n)


def _candidate_pairs(rows: pl.DataFrame, n_batch: int) -> pl.DataFrame:
    """Pairs (a < b) of nodes sharing a (band_no, band_hash) bucket, with the number of shared
    main bands; at least one side must be a batch node (nodes 0..n_batch-1). Buckets over
    BUCKET_CAP members (degenerate, e.g. a long shared header) are chained — each member is
    paired with its predecessor and the bucket's first member — instead of fully paired."""
    keys = ["band_no", "band_hash"]
    rows = rows.with_columns(pl.len().over(keys).alias("_size")).filter(pl.col("_size") > 1)
    small = rows.filter(pl.col("_size") <= BUCKET_CAP).drop("_size")
    pairs = (
        small.join(small, on=keys, suffix="_b")
        .filter((pl.col("node") < pl.col("node_b")) & (pl.col("batch") | pl.col("batch_b")))
        .select(pl.col("node").alias("a"), pl.col("node_b").alias("b"), "band_no")
    )
    big = rows.filter(pl.col("_size") > BUCKET_CAP).sort([*keys, "node"])
    if big.height:
        chained = big.with_columns(
            pl.col("node").shift(1).over(keys).alias("prev"), pl.col("node").first().over(keys).alias("head")
        )
        extra = pl.concat([
            chained.select(pl.col("prev").alias("a"), pl.col("node").alias("b"), "band_no"),
            chained.select(pl.col("head").alias("a"), pl.col("node").alias("b"), "band_no"),
        ]).filter(pl.col("a").is_not_null() & (pl.col("a") != pl.col("b")))
        pairs = pl.concat([pairs, extra.cast({"a": pl.Int64, "b": pl.Int64})])
    pairs = pairs.filter((pl.col("a") < n_batch) | (pl.col("b") < n_batch))
    return pairs.group_by(["a", "b"]).agg((pl.col("band_no") < BANDS).sum().alias("main_bands")).sort(["a", "b"])


def _signature_matrix(frame: pl.DataFrame | None, ids: pl.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Signatures, shingle counts and a has-signature mask for ``ids`` from a stored frame."""
    n = len(ids)
    sig = np.zeros((n, NUM_PERM), dtype=np.uint64)
    has = np.zeros(n, dtype=bool)
    nsh = np.full(n, -1, dtype=np.int64)
    if frame is None or frame.height == 0 or n == 0:
        return sig, nsh, has
    pos = pl.DataFrame({"speech_id": ids, "_pos": np.arange(n)})
    f = frame.unique("speech_id", keep="first").join(pos, on="speech_id", how="inner")
    if f.height == 0:
        return sig, nsh, has
    lists = f["signature"]
    if (lists.list.len() != NUM_PERM).any():
        raise ValueError(f"stored signatures must have {NUM_PERM} slots")
    p = f["_pos"].to_numpy()
    sig[p] = lists.explode().cast(pl.UInt64).to_numpy().reshape(-1, NUM_PERM)
    has[p] = True
    if "n_shingles" in f.columns:
        nsh[p] = f["n_shingles"].fill_null(-1).cast(pl.Int64).to_numpy()
    return sig, nsh, has


@dataclass(frozen=True)
class _NodeSketch:
    """Per-node signature data (row = node: batch speeches first, then existing)."""

    sig: np.ndarray  # (n, NUM_PERM) uint64
    has_sig: np.ndarray  # (n,) bool: signature known
    nsh: np.ndarray  # (n,) int64 shingle count, -1 when unknown
    char_count: np.ndarray  # (n,) int64, 0 when unknown


@dataclass(frozen=True)
class _Verified:
    """Verified near-duplicate pairs (a < b, sorted by a then b) and their estimated Jaccard."""

    a: np.ndarray
    b: np.ndarray
    jaccard: np.ndarray


_NODE_ATTRS = ["char_count", "source_script", "repair_count", "seen_rank"]


def _checked_sketch(batch: pl.DataFrame, existing: pl.DataFrame, sketch: BatchSketch | None) -> BatchSketch:
    """Batch, existing rows and optional sketch → the batch's sketch, after checking the input contract."""
    ids = batch["speech_id"].cast(pl.String)
    if ids.n_unique() != batch.height:
        raise ValueError("batch speech_id values must be unique")
    if sketch is None:
        sketch = sketch_batch(ids, batch["body_text"])
    elif list(sketch.speech_ids) != ids.to_list():
        raise ValueError("sketch rows do not match the batch rows")
    if existing.height and existing["speech_id"].is_in(ids.implode()).any():
        raise ValueError("batch speeches must be new to the warehouse")
    if existing["speech_id"].cast(pl.String).n_unique() != existing.height:
        raise ValueError("existing speech_id values must be unique")
    return sketch


def _node_table(batch: pl.DataFrame, existing: pl.DataFrame, sketch: BatchSketch) -> pl.DataFrame:
    """Batch + existing rows → one node per speech (batch first): node, speech_id, attrs, content_hash,
    old_canonical, batch."""
    return pl.concat([
        batch.select(pl.col("speech_id").cast(pl.String), *[pl.col(c) for c in _NODE_ATTRS]).with_columns(
            pl.Series("content_hash", sketch.content_hashes, dtype=pl.String),
            pl.lit(None, dtype=pl.String).alias("old_canonical"),
            pl.lit(True).alias("batch"),
        ),
        existing.select(pl.col("speech_id").cast(pl.String), *[pl.col(c) for c in _NODE_ATTRS]).with_columns(
            existing["content_hash"].cast(pl.String).alias("content_hash"),
            existing["canonical_speech_id"].cast(pl.String).alias("old_canonical"),
            pl.lit(False).alias("batch"),
        ),
    ], how="vertical_relaxed").with_row_index("node").with_columns(pl.col("node").cast(pl.Int64))


def _node_sketch(nodes: pl.DataFrame, sketch: BatchSketch, existing_signatures: pl.DataFrame | None) -> _NodeSketch:
    """Node table, batch sketch and stored signatures → signatures and sizes for every node."""
    nb_ = len(sketch.speech_ids)
    ex_sig, ex_nsh, ex_has = _signature_matrix(existing_signatures, nodes["speech_id"][nb_:])
    return _NodeSketch(
        sig=np.concatenate([sketch.signatures, ex_sig]) if nodes.height > nb_ else sketch.signatures,
        has_sig=np.concatenate([np.ones(nb_, bool), ex_has]),
        nsh=np.concatenate([sketch.n_shingles, ex_nsh]),
        char_count=nodes["char_count"].cast(pl.Int64).fill_null(0).to_numpy(),
    )


def _existing_cluster_edges(nodes: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Node table → edges (existing node, its old canonical's node): existing clusters stay together."""
    link = nodes.filter(~pl.col("batch")).join(
        nodes.select(pl.col("speech_id").alias("old_canonical"), pl.col("node").alias("canon_node")),
        on="old_canonical", how="left")
    if link["canon_node"].null_count():
        missing = link.filter(pl.col("canon_node").is_null())["old_canonical"].unique().to_list()[:5]
        raise ValueError(f"existing must include every cluster's canonical speech; missing {missing}")
    return link["node"].to_numpy(), link["canon_node"].to_numpy()


def _exact_reps(nodes: pl.DataFrame) -> np.ndarray:
    """Node table → per node the smallest node with the same content_hash (edges node–rep: exact duplicates)."""
    return nodes.with_columns(pl.col("node").min().over("content_hash").alias("rep"))["rep"].to_numpy()


def _band_candidates(
    nodes: pl.DataFrame, rep: np.ndarray, sketch: BatchSketch, existing_bands: pl.DataFrame
) -> pl.DataFrame:
    """Node table, exact reps, batch sketch and stored bands → LSH candidate pairs [a, b, main_bands].

    Only one representative per content hash takes part (its exact copies follow it).
    """
    nb_ = len(sketch.speech_ids)
    is_rep = rep == np.arange(len(rep))
    batch_rows = np.flatnonzero(sketch.eligible() & is_rep[:nb_])
    nbands = sketch.band_matrix.shape[1]
    band_rows = [pl.DataFrame({
        "node": np.repeat(batch_rows, nbands).astype(np.int64),
        "band_no": np.tile(np.arange(nbands, dtype=np.int32), len(batch_rows)),
        "band_hash": sketch.band_matrix[batch_rows].ravel(),
        "batch": np.ones(len(batch_rows) * nbands, dtype=bool),
    })]
    if existing_bands.height and nodes.height > nb_:
        ex_reps = nodes.slice(nb_).filter(pl.Series(is_rep[nb_:])).select("speech_id", "node")
        band_rows.append(
            existing_bands.select(pl.col("speech_id").cast(pl.String), pl.col("band_no").cast(pl.Int32),
                                  pl.col("band_hash").cast(pl.Int64))
            .join(ex_reps, on="speech_id", how="inner")
            .select("node", "band_no", "band_hash", pl.lit(False).alias("batch"))
        )
    return _candidate_pairs(pl.concat(band_rows), nb_)


def _verify(cand: pl.DataFrame, ns: _NodeSketch) -> _Verified:
    """Candidate pairs and node signatures → the pairs passing :func:`is_near_duplicate`, with their J."""
    a = cand["a"].to_numpy()
    b = cand["b"].to_numpy()
    j = estimated_jaccard(ns.sig[a], ns.sig[b])
    nosig = ~(ns.has_sig[a] & ns.has_sig[b])
    if nosig.any():
        # Coarse fallback: E[shared main bands] = BANDS * J**ROWS, inverted; a single shared band
        # (likely by chance among many same-topic speeches) is not enough evidence.
        m = cand["main_bands"].to_numpy()[nosig]
        j[nosig] = np.where(m >= FALLBACK_MIN_BANDS, (m / BANDS) ** (1.0 / ROWS), 0.0)
    use_sh = (ns.nsh[a] > 0) & (ns.nsh[b] > 0)
    size_a = np.where(use_sh, ns.nsh[a], ns.char_count[a])
    size_b = np.where(use_sh, ns.nsh[b], ns.char_count[b])
    ok = is_near_duplicate(j, size_a, size_b)
    return _Verified(a=a[ok], b=b[ok], jaccard=j[ok])


def _cluster(
    nodes: pl.DataFrame, links: tuple[np.ndarray, np.ndarray], rep: np.ndarray, near: _Verified
) -> pl.DataFrame:
    """Node table, existing-cluster links, exact reps and verified pairs → node table with ``cluster``
    (the smallest node of its connected component)."""
    roots = _union_find(nodes.height, np.concatenate([links[0], nodes["node"].to_numpy(), near.a]),
                        np.concatenate([links[1], rep, near.b]))
    return nodes.with_columns(pl.Series("cluster", roots))


def _choose_canonical(nodes: pl.DataFrame) -> pl.DataFrame:
    """Node table with ``cluster`` → per cluster its canonical: [cluster, canon_node, canonical_speech_id,
    canon_hash]."""
    return canonical_order(nodes).group_by("cluster", maintain_order=True).first().select(
        "cluster", pl.col("node").alias("canon_node"), pl.col("speech_id").alias("canonical_speech_id"),
        pl.col("content_hash").alias("canon_hash"))


def _edge_similarity(node_idx: np.ndarray, canon_idx: np.ndarray, ns: _NodeSketch, near: _Verified) -> np.ndarray:
    """Node and canonical indices → estimated Jaccard of each pair (NaN when unknown)."""
    sim = np.full(len(node_idx), np.nan)
    both = ns.has_sig[node_idx] & ns.has_sig[canon_idx]
    sim[both] = estimated_jaccard(ns.sig[node_idx[both]], ns.sig[canon_idx[both]])
    rest = np.flatnonzero(~both)
    if len(rest) and len(near.a):
        # Fall back to the verified edge estimate when it is direct (verified pairs are sorted by (a, b)).
        n = np.int64(len(ns.has_sig))
        lo = np.minimum(node_idx[rest], canon_idx[rest])
        hi = np.maximum(node_idx[rest], canon_idx[rest])
        keys = near.a * n + near.b
        want = lo * n + hi
        pos = np.minimum(np.searchsorted(keys, want), len(keys) - 1)
        hit = keys[pos] == want
        sim[rest[hit]] = near.jaccard[pos[hit]]
    return sim


def _assignments(nodes: pl.DataFrame, canon: pl.DataFrame, ns: _NodeSketch, near: _Verified) -> pl.DataFrame:
    """Clustered nodes and canonicals → assignment rows (ASSIGNMENT_SCHEMA) for every batch speech and every
    existing speech whose canonical changes, sorted by speech_id."""
    result = nodes.join(canon, on="cluster", how="left")
    result = result.filter(pl.col("batch") | (pl.col("canonical_speech_id") != pl.col("old_canonical")))
    sim = _edge_similarity(result["node"].to_numpy(), result["canon_node"].to_numpy(), ns, near)
    is_canon = pl.col("node") == pl.col("canon_node")
    is_exact = pl.col("content_hash") == pl.col("canon_hash")
    return result.with_columns(pl.Series("_sim", sim, nan_to_null=True)).select(
        "speech_id", "content_hash", "canonical_speech_id",
        pl.when(is_canon).then(None).when(is_exact).then(pl.lit("exact")).otherwise(pl.lit("near")).alias("dup_kind"),
        pl.when(is_canon).then(None).when(is_exact).then(pl.lit(1.0)).otherwise(pl.col("_sim")).alias("similarity"),
    ).cast(ASSIGNMENT_SCHEMA).sort("speech_id")


def plan_dedup(
    batch: pl.DataFrame,
    existing: pl.DataFrame,
    existing_bands: pl.DataFrame,
    existing_signatures: pl.DataFrame | None = None,
    *,
    sketch: BatchSketch | None = None,
) -> DedupPlan:
    """Decide content hash and canonical copy for every batch speech; re-point existing clusters.

    ``batch``: speech_id, body_text, char_count, source_script, repair_count, seen_rank (all new).
    ``existing``: speech_id, canonical_speech_id, content_hash, char_count, source_script,
    repair_count, seen_rank — the existing speeches sharing a content hash or a band with the batch,
    plus every member of their clusters. ``existing_bands``: their speech_id, band_no, band_hash.
    ``existing_signatures``: their speech_id, signature (list of 128 ints), optionally n_shingles;
    needed to verify near-duplicate candidates against existing speeches (without them the estimate
    falls back to k shared main bands: (k/16)**(1/8) when k ≥ 2, else no match — coarse, it misses
    many copies at J≈0.8 and all truncated ones; store the signatures).
    ``sketch``: the batch's :func:`sketch_batch` result, if the caller already computed it.

    Edges: existing speech ↔ its canonical (clusters are never split), equal content_hash, and LSH
    candidates passing :func:`is_near_duplicate`; clusters are connected components; the canonical
    is the first member under :func:`canonical_order`. Output rows are sorted by speech_id.
    """
    sketch = _checked_sketch(batch, existing, sketch)
    nodes = _node_table(batch, existing, sketch)
    ns = _node_sketch(nodes, sketch, existing_signatures)
    # candidates: existing clusters, exact duplicates, LSH band pairs
    links = _existing_cluster_edges(nodes) if existing.height else (np.zeros(0, np.int64),) * 2
    rep = _exact_reps(nodes)
    cand = _band_candidates(nodes, rep, sketch, existing_bands)
    near = _verify(cand, ns)
    clustered = _cluster(nodes, links, rep, near)
    canon = _choose_canonical(clustered)
    return DedupPlan(assignments=_assignments(clustered, canon, ns, near), bands=sketch.bands,
                     signatures=sketch.signature_frame)
