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
def serving(cwd: Path, store_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """A dashboard server on `store_path` for the duration of the block (with `env` added to its environment);
    yields its URL."""
    process, url = start_streamlit(cwd, {**os.environ, **(env or {}), "PANTAU_STORE": str(store_path)})
    try:
        wait_healthy(url)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


# Settled: Streamlit says its script run is over (stApp's data-test-script-state; a widget change moves it to
# "rerunRequested" at once), no status widget or skeleton shows, the main area has its title, every visible chart
# has drawn its SVG and every visible data grid its canvas, and the main area's markup has then stayed the same for
# QUIET_MS (plotly and the grid paint after the run ends). The last markup and when it changed are kept on
# `window`, so each poll compares with the one before; every wait starts them afresh.
QUIET_MS = 500
SETTLED = """(quietMs) => {
    // a grid in a closed tab or expander draws nothing until it is shown: only what is on the page counts
    const shown = (id) => [...document.querySelectorAll(`[data-testid="${id}"]`)].filter(e => e.checkVisibility());
    const app = document.querySelector('[data-testid="stApp"]');
    const main = document.querySelector('[data-testid="stMain"]');
    const ready = app?.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-testid="stSkeleton"]')
        && !!main?.querySelector('h1')
        && shown('stPlotlyChart').every(c => c.querySelector('.main-svg'))
        && shown('stDataFrame').every(g => g.querySelector('canvas'));
    const markup = main ? main.innerHTML : '';
    const now = performance.now();
    if (!ready || markup !== window.__pantauMarkup) {
        window.__pantauMarkup = markup;
        window.__pantauChanged = now;
        return false;
    }
    return now - window.__pantauChanged >= quietMs;
}"""


def wait_until_settled(page, timeout_ms: int = 60_000) -> None:
    """Wait until the app has finished its run and painted it (see SETTLED): DOM state, not a fixed delay."""
    page.wait_for_selector("[data-testid='stApp']", timeout=timeout_ms)
    page.evaluate("() => { window.__pantauMarkup = undefined; }")
    page.wait_for_function(SETTLED, arg=QUIET_MS, timeout=timeout_ms, polling=50)


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
