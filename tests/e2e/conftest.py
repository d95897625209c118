"""Browser tests: `streamlit run dashboard.py` on a free port against a store built for the session."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from sensus import browser

ROOT = Path(__file__).resolve().parents[2]
# not test-results/: pytest-playwright empties that folder at the start of every run
ARTEFACTS = ROOT / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory):
    """The demo store, built once for the browser tests through the CLI, as a user would."""
    path = tmp_path_factory.mktemp("e2e") / "sensus.duckdb"
    subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(path), "demo"], cwd=ROOT, check=True, capture_output=True
    )
    return path


@pytest.fixture(scope="session")
def app_url(demo_store):
    port = _free_port()
    env = {**os.environ, "PANTAU_STORE": str(demo_store)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("streamlit did not start")
    yield url
    process.terminate()
    process.wait(timeout=20)


@pytest.fixture
def shoot(page):
    """Save a screenshot of the current page as a test artefact."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = ARTEFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
