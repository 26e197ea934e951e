"""Checks that the runtime resources every run needs (OpenCC's and jieba's dictionaries) load."""

from __future__ import annotations

from pathlib import Path


def preflight(cache_dir: Path | None = None) -> list[str]:
    """Load the language resources every run needs (OpenCC's and jieba's dictionaries); the problems found.

    Called before a run touches the warehouse, so a broken installation is a clear error
    rather than a batch of files quarantined for a reason that has nothing to do with them.
    cache_dir: where jieba may write its dictionary cache (by default it writes
    $TMPDIR/jieba.cache, outside the warehouse folder, and trusts whatever file it finds there).
    """
    problems = []
    if cache_dir is not None:
        try:
            import jieba

            if not jieba.dt.initialized:
                cache_dir.mkdir(parents=True, exist_ok=True)
                jieba.dt.tmp_dir = str(cache_dir)
        except Exception:  # noqa: BLE001 - the load below reports it
            pass
    try:
        from transforms import script

        script.to_simplified("這個城市們")  # Traditional: goes through OpenCC tw2s
    except Exception as exc:  # noqa: BLE001 - reported, the run does not start
        problems.append(f"OpenCC cannot load: {type(exc).__name__}: {exc}")
    try:
        import jieba.posseg

        jieba.setLogLevel(60)
        if not jieba.posseg.lcut("我市建成区绿化覆盖率"):
            raise RuntimeError("segmented nothing")
    except Exception as exc:  # noqa: BLE001
        problems.append(f"jieba cannot load: {type(exc).__name__}: {exc}")
    return problems
