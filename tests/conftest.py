import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from tests import fixtures

ROOT = Path(__file__).resolve().parents[1]
DEMO_SEED = 2020  # the seed `python -m sensus demo` uses


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/reports/*.csv from the fixture store instead of comparing with them",
    )


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory):
    """(store path, export paths) of the tiny store, built once per test session."""
    folder = tmp_path_factory.mktemp("fixture")
    paths = fixtures.build_store(folder / "exports", folder / "sensus.duckdb")
    return folder / "sensus.duckdb", paths


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The demo store, built once per session through the CLI as a user would. Read it, never write it: a test
    that writes works on `fixtures.copy_store(demo_store, folder)`. The session checks at its end that nobody wrote."""
    path = tmp_path_factory.mktemp("demo") / "sensus.duckdb"
    subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(path), "demo"], cwd=ROOT, check=True, capture_output=True
    )
    built = _digest(path)
    yield path
    assert _digest(path) == built, "a test wrote into the shared demo store; copy it first (copy_store)"


@pytest.fixture(scope="session")
def demo_exports(tmp_path_factory) -> list[Path]:
    """The demo's seven export files in import order, as `python -m sensus demo` simulates and imports them."""
    import polars as pl

    from sensus.demo import simulate

    wilayah = pl.read_csv(ROOT / "data" / "wilayah_blora.csv", infer_schema=False)
    _, _, exports = simulate.simulate(wilayah, tmp_path_factory.mktemp("demo_exports"), seed=DEMO_SEED)
    return exports
