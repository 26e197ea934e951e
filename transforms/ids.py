"""Stable surrogate keys derived from natural keys, so reruns and rebuilds give the same ids."""

from __future__ import annotations

import hashlib


def stable_id(*parts: object) -> str:
    """16-hex-digit id from the natural-key parts (None and values are rendered with repr-free str)."""
    joined = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]
