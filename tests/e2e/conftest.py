"""Browser tests: `streamlit run dashboard.py` on a free port against a copy of the session's demo store."""

import os
from pathlib import Path

import pytest

from harness import browser
from sensus.auth import roles, users
from sensus.core import config
from tests import fixtures
from tests.e2e.helpers import E2E_KECAMATAN, E2E_PASSWORD, ROOT, session_cookie

# not test-results/: pytest-playwright empties that folder at the start of every run
ARTEFACTS = ROOT / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, **browser.LAUNCH_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {
        **browser_context_args,
        "viewport": {"width": 1400, "height": 1000},
        "locale": "id-ID",
        "accept_downloads": True,
    }


@pytest.fixture(scope="session")
def served_store(demo_store, tmp_path_factory):
    """The dashboard under test gets its own copy of the session's demo store: a server may write (events)."""
    return fixtures.copy_store(demo_store, tmp_path_factory.mktemp("e2e"))


@pytest.fixture(scope="session")
def users_file(tmp_path_factory):
    """A users file with one user per role (e2e-ROLE); the servers started after this read it."""
    path = tmp_path_factory.mktemp("users") / "users.json"
    os.environ["PANTAU_USERS"] = str(path)
    # session_cookie signs with the key beside this file: it reads the setting from the environment too
    region = config.read().wilayah
    # kepala_provinsi is a province's role: users.add refuses it in this one-region deployment
    for role in (r for r in roles.ROLES if r != "kepala_provinsi"):
        kecamatan = E2E_KECAMATAN if role == "camat" else None
        users.add(f"e2e-{role}", [role], kecamatan, E2E_PASSWORD, path=path, region=region)
    return path


@pytest.fixture(scope="session")
def app_url(served_store, users_file):
    with browser.serving(ROOT, served_store) as url:
        yield url


@pytest.fixture
def context(context, app_url):
    """Browser tests arrive signed in as pimpinan (a valid session cookie); auth tests open their own contexts."""
    context.add_cookies([session_cookie(app_url, "e2e-pimpinan")])
    return context


@pytest.fixture
def shoot(page):
    """Save a screenshot of the current page as a test artefact."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTEFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
