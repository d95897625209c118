"""Demo stores of several kabupaten/kota for the tests, built through the command line as a user would.

`region_store(kode)` (a session fixture: import it into a test module) builds the demo of a region once per test
session, with `python -m sensus demo` and the region in PANTAU_KABUPATEN, in a folder of the session's temporary
directory, and returns a RegionStore: its Config, the store and the very export files it imported (simulated again
with the same seed: the simulator is deterministic), for an independent count.
"""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from sensus.core import config, wilayah_indonesia
from sensus.core.config import Config
from sensus.core.paths import ROOT
from sensus.demo import simulate

SEED = 2020
# Blora (the published calibration), a dense kota of kelurahan, a large kabupaten, and a kota outside Jawa Tengah
# whose villages are desa and which has no boundaries
REGIONS = ("33.16", "33.74", "33.01", "11.71")


@dataclass(frozen=True)
class RegionStore:
    cfg: Config
    store: Path
    exports: list[Path]

    @property
    def known_desa(self) -> set[str]:
        return set(wilayah_indonesia.wilayah(self.cfg.kode_kab)["kode_desa"])


def environment(kode: str) -> dict[str, str]:
    """The process environment of a command run for region `kode` (nothing of the test process's own region)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    return env | {"PANTAU_KABUPATEN": kode}


def region_config(kode: str, store: Path) -> Config:
    return config.read(environ={"PANTAU_KABUPATEN": kode, "PANTAU_STORE": str(store)})


def sensus(kode: str, store: Path, *args: str) -> subprocess.CompletedProcess:
    """`python -m sensus --store STORE ARGS` for region `kode`; raises with its stderr when it fails."""
    done = subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(store), *args],
        cwd=ROOT,
        env=environment(kode),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise AssertionError(f"sensus {' '.join(args)} for {kode} failed ({done.returncode}):\n{done.stderr}")
    return done


def build(kode: str, folder: Path) -> RegionStore:
    store = folder / "sensus.duckdb"
    cfg = region_config(kode, store)
    sensus(kode, store, "demo", "--seed", str(SEED))
    villages = wilayah_indonesia.wilayah(kode)
    _, _, exports = simulate.simulate(villages, folder / "ekspor", seed=SEED, region=cfg.wilayah, window=cfg.window)
    return RegionStore(cfg, store, exports)


@pytest.fixture(scope="session")
def region_store(tmp_path_factory):
    """kode → RegionStore, each region built at most once per session."""
    built: dict[str, RegionStore] = {}

    def get(kode: str) -> RegionStore:
        if kode not in built:
            built[kode] = build(kode, tmp_path_factory.mktemp(f"wilayah_{kode.replace('.', '_')}"))
        return built[kode]

    return get
