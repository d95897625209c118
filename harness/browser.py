"""Drive Debian's Chromium with Playwright: for the browser tests and for looking at pages by hand.

Playwright's own browser download is not reachable here, so it launches /usr/bin/chromium.
`python -m harness.browser URL OUT.png` takes a full-page screenshot once the app has settled.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = os.environ.get("PANTAU_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = {
    "executable_path": CHROMIUM,
    # root in CI needs --no-sandbox; maps draw with WebGL, which needs the software renderer here;
    # the rest keeps Chromium off a network it cannot reach
    "args": [
        "--no-sandbox",
        "--use-angle=swiftshader",
        "--enable-unsafe-swiftshader",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_streamlit(cwd: Path, env: dict) -> tuple[subprocess.Popen, str]:
    """`streamlit run dashboard.py` on a free loopback port; returns the process and its URL."""
    port = free_port()
    options = ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.headless", "true", *options],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return process, f"http://127.0.0.1:{port}"


def wait_healthy(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/_stcore/health", timeout=2)
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("streamlit did not start")


@contextmanager
def serving(cwd: Path, store_path: Path) -> Iterator[str]:
    """A dashboard server on `store_path` for the duration of the block; yields its URL."""
    process, url = start_streamlit(cwd, {**os.environ, "PANTAU_STORE": str(store_path)})
    try:
        wait_healthy(url)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def wait_until_settled(page, timeout_ms: int = 60_000) -> None:
    """Wait for Streamlit to finish its run: no running status widget, the app view painted, charts drawn."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && document.querySelector('[data-testid=\"stMainBlockContainer\"]')",
        timeout=timeout_ms,
    )
    page.wait_for_timeout(3000)  # plotly and the data grid paint after the run ends
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout_ms)


def screenshot(url: str, out: str, width: int = 1400, height: int = 2600, locale: str = "id-ID") -> None:
    """Streamlit scrolls inside its own container, so a tall viewport shows the whole page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(**LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height}, locale=locale)
        page.goto(url)
        wait_until_settled(page)
        page.screenshot(path=out, full_page=True)
        browser.close()


if __name__ == "__main__":
    screenshot(sys.argv[1], sys.argv[2])
