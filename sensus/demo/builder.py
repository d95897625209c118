"""Build the demo store of the configured region: simulated exports imported through the same path as real ones."""

import fcntl
import glob
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from sensus.core import i18n, wilayah_indonesia
from sensus.core.config import Config
from sensus.demo import simulate
from sensus.ingest import importer
from sensus.store import database, files

# the stages `build` reports to `stage` with the share of the work done when each begins
STAGES = ("simulasi", "referensi", "impor", "terbit")
Stage = Callable[..., None]  # stage(name, done: float 0–1, **values for its text)


def _no_stage(name: str, done: float, **values) -> None:
    pass


def build(
    store_path: Path,
    cfg: Config,
    seed: int = 2020,
    progress: Callable[[str], None] = print,
    bahasa: str = "id",
    stage: Stage = _no_stage,
) -> None:
    """Simulate SP2020 Online exports for the region of `cfg` over its window and import them into a new store at
    `store_path`.

    The store is built beside its place and moved in at the end, so a running dashboard sees the
    old store (or none) until the demo is whole. `progress` gets a line of text per step (the command line's
    log, file names included); `stage` gets the stage's name from STAGES and the share done (a progress bar).
    """
    if store_path.exists() and not database.is_demo_store(store_path):
        # a real store (or one that cannot be read) is never replaced by the demo
        raise database.StoreError("demo_atas_penyimpanan_nyata", store_path)
    store_path.parent.mkdir(parents=True, exist_ok=True)
    building = store_path.with_name(f".{store_path.stem}-demo-{os.getpid()}.duckdb")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        stage("simulasi", 0.0)
        progress(i18n.t("demo_simulasi", bahasa, wilayah=cfg.nama_kab))
        wilayah = wilayah_indonesia.wilayah(cfg.kode_kab)
        targets, events, exports = simulate.simulate(
            wilayah, folder / "ekspor", seed=seed, region=cfg.wilayah, window=cfg.window
        )
        targets.write_csv(folder / "target_demo.csv")
        events.write_csv(folder / "kegiatan.csv")
        try:
            # born a demo: its first version says so, before any simulated file goes in
            with database.open_writer(building, cfg) as w:
                w.con.execute(
                    "insert or replace into meta values ($key, 'true'), ('demo_seed', $seed), "
                    "('demo_kegiatan_nyata', $real)",
                    {
                        "key": database.DEMO_KEY,
                        "seed": str(seed),
                        # the demo's label says whether any event in it is real
                        "real": str(simulate.has_real_events(cfg.wilayah)).lower(),
                    },
                )
            stage("referensi", 0.15)
            importer.ingest_targets(folder / "target_demo.csv", building, cfg=cfg)
            importer.ingest_events(folder / "kegiatan.csv", building, cfg=cfg)
            for number, export in enumerate(exports, start=1):
                stage("impor", 0.2 + 0.7 * (number - 1) / len(exports), n=number, total=len(exports))
                progress(i18n.t("demo_impor", bahasa, n=number, total=len(exports), berkas=export.name))
                importer.load_submissions(export, building, cfg=cfg)
            stage("terbit", 0.9)
            os.replace(files.salt_path(building), files.salt_path(store_path))
            os.replace(building, store_path)
        finally:
            for leftover in (building, files.salt_path(building), files.lock_path(building)):
                leftover.unlink(missing_ok=True)
    stage("terbit", 1.0)
    progress(i18n.t("demo_selesai", bahasa))


def ensure(
    store_path: Path,
    cfg: Config,
    progress: Callable[[str], None] = print,
    stage: Stage = _no_stage,
    seed: int = 2020,
) -> bool:
    """Build the demo store of `cfg`'s region if there is no store yet; True if it was built by this call."""
    if store_path.exists():
        return False
    store_path.parent.mkdir(parents=True, exist_ok=True)
    with open(store_path.with_name(store_path.name + ".demo-lock"), "w") as lock:
        # two first visitors at once: the second waits for the first's build
        fcntl.flock(lock, fcntl.LOCK_EX)
        if store_path.exists():
            return False
        remove_killed_builds(store_path)
        build(store_path, cfg, seed=seed, progress=progress, stage=stage)
        return True


def remove_killed_builds(store_path: Path) -> list[Path]:
    """Delete what builds of `store_path` killed mid-way left beside it (the draft store, its salt, lock and the
    writer's temporary copies), named after a process that no longer runs; returns what was removed."""
    removed = []
    stem = glob.escape(store_path.stem)
    for pattern in (f".{stem}-demo-*", f"..{stem}-demo-*"):
        for leftover in store_path.parent.glob(pattern):
            pid = re.search(r"-demo-([0-9]+)\.", leftover.name)
            if pid is None or _is_running(int(pid.group(1))):
                continue
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink(missing_ok=True)
            removed.append(leftover)
    return removed


def _is_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: running
        return True
    return True
