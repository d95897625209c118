"""Drive Debian's Chromium with Playwright: for the browser tests and for looking at pages by hand.

Playwright's own browser download is not reachable here, so it launches /usr/bin/chromium.
`python -m sensus.browser URL OUT.png` takes a full-page screenshot once the app has settled.
"""

import os
import sys

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
