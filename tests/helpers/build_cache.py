"""Builds the test sessions share across runs (the demo store, a province's stores), kept under a cache folder.

A build goes to a private folder first and is published by renaming it, so two runs never read a half-built one;
runs with the same key (other worktrees of the same code too) share one build, and builds older than a few days
are removed.
"""

import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path


def cached_build(cache: Path, key: str, build: Callable[[Path], None], keep_days: int) -> Path:
    """The folder of the build named `key` under `cache`: an earlier run's, or `build(folder)` run now."""
    cache.mkdir(parents=True, exist_ok=True)
    built = cache / key
    if not built.exists():
        draft = Path(tempfile.mkdtemp(prefix=".draft-", dir=cache))
        try:
            build(draft)
        except BaseException:
            shutil.rmtree(draft, ignore_errors=True)
            raise
        try:
            draft.rename(built)
        except OSError:  # another run published the same build first
            shutil.rmtree(draft, ignore_errors=True)
    too_old = time.time() - keep_days * 86400
    for other in cache.iterdir():
        if other != built and other.stat().st_mtime < too_old:
            shutil.rmtree(other, ignore_errors=True)
    return built
