"""Shared fixtures and the test tiers: `slow` marks what the fast tier (`pytest -m "not slow"`) leaves out."""

import hashlib
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests import fixtures
from tests.helpers import build_cache
from tests.pg import postgres, postgres_server  # noqa: F401  (a PostgreSQL server a run, a database a test)
from tests.province import province_demo  # noqa: F401  (one session fixture: DI Yogyakarta's stores, published)
from tests.regions import region_store  # noqa: F401  (one session fixture: each region's demo built once a run)

ROOT = Path(__file__).resolve().parents[1]
DEMO_SEED = 2020  # the seed `python -m sensus demo` uses
DEMO_INPUTS = {".csv", ".geojson", ".parquet"}  # the reference data in data/; stores and user files there are not
DEMO_CACHE_DAYS = 2  # cached builds older than this are removed


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/reports/*.csv from the fixture store instead of comparing with them",
    )


def pytest_collection_modifyitems(items):
    # a browser test is slow wherever it lives
    for item in items:
        if item.get_closest_marker("browser") and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory):
    """(store path, export paths) of the tiny store, built once per test session."""
    folder = tmp_path_factory.mktemp("fixture")
    paths = fixtures.build_store(folder / "exports", folder / "sensus.duckdb")
    return folder / "sensus.duckdb", paths


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _demo_build_key() -> str:
    """A digest of what the demo build reads: code, SQL, reference data, pantau.toml, PANTAU_* settings, the day.

    The day is in the key because the store records when it was imported: a build from yesterday is not reused."""
    inputs = hashlib.sha256(datetime.now(UTC).date().isoformat().encode())
    for name, value in sorted(os.environ.items()):
        if name.startswith("PANTAU_"):
            inputs.update(f"{name}={value}\n".encode())
    files = [*ROOT.glob("sensus/**/*.py"), *ROOT.glob("queries/**/*.sql"), ROOT / "pantau.toml"]
    files += [p for p in (ROOT / "data").rglob("*") if p.suffix in DEMO_INPUTS]
    for path in sorted(files):
        inputs.update(str(path.relative_to(ROOT)).encode())
        inputs.update(path.read_bytes())
    return inputs.hexdigest()[:16]


def _cached_demo_build(cache: Path) -> Path:
    """The demo store built for the current inputs through the command line, from the cache of earlier runs or
    built now and cached (tests/helpers/build_cache.py)."""

    def build(folder: Path) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "sensus", "--store", str(folder / "sensus.duckdb"), "demo"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            pytest.fail(f"python -m sensus demo exited {done.returncode}:\n{done.stderr}")

    return build_cache.cached_build(cache, _demo_build_key(), build, DEMO_CACHE_DAYS) / "sensus.duckdb"


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The demo store, built once per session through the CLI as a user would (or copied from an earlier run's
    build of the same code, data and settings). Read it, never write it: a test that writes takes
    `demo_store_copy`. The session checks at its end that nobody wrote."""
    if os.environ.get("PANTAU_TEST_DEMO_CACHE", "1") == "0":
        cache = tmp_path_factory.mktemp("demo_build")
    else:
        cache = tmp_path_factory.getbasetemp().parent / "pantau-demo-cache"
    path = fixtures.copy_store(_cached_demo_build(cache), tmp_path_factory.mktemp("demo"))
    built = _digest(path)
    yield path
    assert _digest(path) == built, "a test wrote into the shared demo store; take demo_store_copy instead"


@pytest.fixture
def demo_store_copy(demo_store, tmp_path) -> Path:
    """A private copy of the demo store (with its salt) for a test that writes, or runs a server that may."""
    return fixtures.copy_store(demo_store, tmp_path / "demo")


@pytest.fixture(scope="session")
def demo_exports(tmp_path_factory) -> list[Path]:
    """The demo's seven export files in import order, as `python -m sensus demo` simulates and imports them."""
    from sensus.core import config, wilayah_indonesia
    from sensus.demo import simulate

    # the region and window `python -m sensus demo` reads from the same configuration
    cfg = config.read()
    wilayah = wilayah_indonesia.wilayah(cfg.kode_kab)
    folder = tmp_path_factory.mktemp("demo_exports")
    _, _, exports = simulate.simulate(wilayah, folder, seed=DEMO_SEED, region=cfg.wilayah, window=cfg.window)
    return exports
