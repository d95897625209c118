"""Walk the dashboard as its users would and keep a screenshot of every view, for a person to look at.

    python -m harness.walk OUT_DIR [--store PATH] [--dates 2020-02-16,2020-03-10] [--widths 1400,390]

Starts `streamlit run dashboard.py` on a copy of the store (the demo store by default), signs in as each demo role
with the one-click buttons of the sign-in page, opens each page the role is offered (every tab of the planning
page) in both languages on each date and width, and saves `ROLE-PAGE[-TAB]-LANG-DATE-WIDTH.png`. Also saves
every download button's file it finds on the page, so the files can be opened too. Prints one line per view with
any exception text the page shows.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from harness import browser

ROOT = Path(__file__).resolve().parents[1]
ROLE_PAGES = {
    "pimpinan": ("", "kecamatan", "desa", "sosialisasi", "data", "audit"),
    "camat": ("kecamatan", "desa", "sosialisasi", "data"),
    "perencana": ("sosialisasi",),
    "operator": ("data", "unggah", "audit"),
    "admin": ("pengguna",),
}
PLANNING_TABS = 5


def _sign_in(page, url: str, role: str) -> None:
    """Click the role's one-click demo button (keyed demo_ROLE) on the sign-in page."""
    page.goto(url)
    button = page.locator(f".st-key-demo_{role} button")
    button.wait_for(timeout=120_000)
    button.click()
    browser.wait_until_settled(page)


def _shoot(page, out: Path, name: str, downloads: bool) -> None:
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    errors = page.locator("[data-testid='stException']")
    note = f" EXCEPTION: {errors.first.inner_text()[:200]!r}" if errors.count() else ""
    print(f"{name}{note}", flush=True)
    if not downloads:
        return
    for index, button in enumerate(page.locator("[data-testid='stDownloadButton'] button").all()):
        if not button.is_visible():
            continue
        with page.expect_download(timeout=30_000) as waiting:
            button.click()
        download = waiting.value
        download.save_as(out / f"{name}-dl{index}-{download.suggested_filename}")


def walk(out: Path, store: Path, dates: list[str], widths: list[int], roles: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    with browser.serving(ROOT, store) as url, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**browser.LAUNCH_ARGS)
        for role in roles:
            for width in widths:
                context = chromium.new_context(
                    # Streamlit scrolls inside its own container: a tall viewport shows the whole page in one picture
                    viewport={"width": width, "height": 3200 if width < 600 else 2600},
                    locale="id-ID",
                    accept_downloads=True,
                )
                page = context.new_page()
                _sign_in(page, url, role)
                for bahasa in ("id", "en"):
                    for tanggal in dates:
                        for path in ROLE_PAGES[role]:
                            query = f"?bahasa={bahasa}&tanggal={tanggal}"
                            page.goto(f"{url}/{path}{query}")
                            browser.wait_until_settled(page)
                            name = f"{role}-{path or 'ringkasan'}-{bahasa}-{tanggal}-{width}"
                            first = tanggal == dates[-1] and width == widths[0]
                            _shoot(page, out, name, downloads=first)
                            if path != "sosialisasi":
                                continue
                            for tab in range(1, PLANNING_TABS):
                                page.get_by_test_id("stMain").get_by_role("tab").nth(tab).click()
                                browser.wait_until_settled(page)
                                _shoot(page, out, f"{name}-tab{tab}", downloads=first)
                context.close()
        chromium.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--dates", default="2020-02-16,2020-02-21,2020-03-10,2020-03-31")
    parser.add_argument("--widths", default="1400,390")
    parser.add_argument("--roles", default=",".join(ROLE_PAGES))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "sensus.duckdb"
        if args.store is None:
            from sensus.demo import builder

            builder.build(store, progress=lambda _line: None)
        else:
            shutil.copy(args.store, store)
        walk(
            args.out,
            store,
            args.dates.split(","),
            [int(w) for w in args.widths.split(",")],
            args.roles.split(","),
        )


if __name__ == "__main__":
    sys.exit(main())
