import pytest

from tests import fixtures


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory):
    """(store path, export paths) of the tiny store, built once per test session."""
    folder = tmp_path_factory.mktemp("fixture")
    paths = fixtures.build_store(folder / "exports", folder / "sensus.duckdb")
    return folder / "sensus.duckdb", paths
