"""Walk the dashboard as its users would and keep a screenshot of every view, for a person to look at.

    python -m harness.walk OUT_DIR [--store PATH] [--dates 2020-02-16,2020-03-10] [--widths 1400,390]
                                   [--kabupaten 33.74] [--forbid Blora]
    python -m harness.walk OUT_DIR --provinsi 34 [--kab 34.02] [--dates ...] [--widths ...] [--roles ...]

Starts `streamlit run dashboard.py` on a copy of the store (the demo store by default), signs in as each demo role
with the one-click buttons of the sign-in page, opens each page the role is offered (every tab of the planning
page) in both languages on each date and width, and saves `ROLE-PAGE[-TAB]-LANG-DATE-WIDTH.png`. Also saves
every download button's file it finds on the page, so the files can be opened too. Prints one line per view with
any exception text the page shows.

Without --store, the server runs with the demo on and no store: the first visit builds the demo as a fresh clone's
would (of the region --kabupaten names: PANTAU_KABUPATEN). With --forbid, each view's text and every downloaded file
(CSV, HTML, the text inside an XLSX) is searched for the word, and each place it occurs is printed as FORBIDDEN;
the exit status is 1 if there is any.

With --provinsi, the server runs that province's demo (every kabupaten/kota's store in a temporary folder, built
and published by the first visit): kepala_provinsi walks the province page (at "/", saved as `-provinsi-`) and the
kabupaten pages of --kab (the province's first by default), and the other roles sign in bound to --kab (the sign-in
page opened at `/?kab=K`). Every kabupaten page's URL carries `&kab=K`.
"""

import argparse
import os
import re
import shutil
import sys
import tempfile
import zipfile
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
# in a province: its head's "" is the province page; the bound roles' pages are those of the one-region walk,
# except that a kabupaten head's "" is their kabupaten's overview
PROVINCE_ROLE_PAGES = {
    "kepala_provinsi": ("", "ringkasan", "kecamatan", "desa", "sosialisasi", "data", "audit"),
    **ROLE_PAGES,
}
PLANNING_TABS = 5


def _page_name(role: str, path: str, province: bool) -> str:
    """A view's name in the screenshot file names: "" is the role's first page."""
    if path:
        return path
    return "provinsi" if province and role == "kepala_provinsi" else "ringkasan"


def _query(bahasa: str, tanggal: str, role: str, path: str, kab: str | None) -> str:
    """A view's query string; in a province every kabupaten page names the kabupaten (the province page none)."""
    query = f"?bahasa={bahasa}&tanggal={tanggal}"
    if kab is None or _page_name(role, path, True) == "provinsi":
        return query
    return f"{query}&kab={kab}"


def _sign_in(page, url: str, role: str, kab: str | None = None) -> None:
    """Click the role's one-click demo button (keyed demo_ROLE) on the sign-in page; in a province the page is
    opened at `?kab=KAB`, so a bound demo user is bound to that kabupaten."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    address = url if kab is None or role == "kepala_provinsi" else f"{url}/?kab={kab}"
    page.goto(address)
    button = page.locator(f".st-key-demo_{role} button")
    # the first visit may build a region's demo first (a province's 35 kabupaten take minutes on a busy machine); a
    # page left on the build's progress once it is over is opened again
    for attempt in range(BUILD_WAITS):
        try:
            button.wait_for(timeout=60_000)
            break
        except PlaywrightTimeout:
            if attempt == BUILD_WAITS - 1:
                raise
            page.goto(address)
    button.click()
    # the first page after the sign-in may be the first to read a province's published marts
    browser.wait_until_settled(page, timeout_ms=SETTLE_MS)


# minutes the sign-in page may take to show its demo buttons (the first visit builds the demo)
BUILD_WAITS = 20
# a view that has not settled by then is shot as it stands and named NOT SETTLED, and the walk goes on
SETTLE_MS = 180_000


# every map plotly drew (maplibre under a WebGL canvas: its SVG is there long before the shapes and the numbers are
# painted) reports loaded, and has for a second (it goes back to loading while it places its labels)
MAPS_DRAWN = """() => {
    const maps = [...document.querySelectorAll('.js-plotly-plot')]
        .filter(g => g.checkVisibility() && g._fullLayout && g._fullLayout.map)
        .map(g => g._fullLayout.map._subplot && g._fullLayout.map._subplot.map);
    const now = performance.now();
    if (!maps.every(m => m && m.loaded())) {
        window.__pantauMapsSince = undefined;
        return false;
    }
    window.__pantauMapsSince = window.__pantauMapsSince ?? now;
    return now - window.__pantauMapsSince >= 1000;
}"""


def _settle(page, name: str) -> bool:
    """Wait until the view has settled and its maps are painted; False (said on the output) when it did not within
    SETTLE_MS."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        browser.wait_until_settled(page, timeout_ms=SETTLE_MS)
        page.evaluate("() => { window.__pantauMapsSince = undefined; }")
        page.wait_for_function(MAPS_DRAWN, timeout=SETTLE_MS, polling=100)
    except PlaywrightTimeout:
        print(f"{name} NOT SETTLED within {SETTLE_MS // 1000} s", flush=True)
        return False
    return True


def _text_of(path: Path) -> str:
    """The words a person would read in a downloaded file: an XLSX's cells, or a text file's contents."""
    if path.suffix == ".xlsx":
        with zipfile.ZipFile(path) as book:
            return " ".join(book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml"))
    if path.suffix in (".png", ".jpg"):
        return ""
    return path.read_bytes().decode("utf-8", "replace")


def _forbidden(where: str, text: str, words: list[str]) -> list[str]:
    found = []
    for word in words:
        for match in re.finditer(re.escape(word), text, re.IGNORECASE):
            found.append(f"FORBIDDEN {word!r} in {where}: …{text[max(match.start() - 60, 0) : match.end() + 60]!r}…")
    return found


def _shoot(page, out: Path, name: str, downloads: bool, forbid: list[str]) -> list[str]:
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)
    errors = page.locator("[data-testid='stException']")
    note = f" EXCEPTION: {errors.first.inner_text()[:200]!r}" if errors.count() else ""
    print(f"{name}{note}", flush=True)
    text = page.locator("body").inner_text()
    (out / f"{name}.txt").write_text(text, encoding="utf-8")
    found = _forbidden(name, text + " " + page.title(), forbid)
    if not downloads:
        return found
    for index, button in enumerate(page.locator("[data-testid='stDownloadButton'] button").all()):
        if not button.is_visible():
            continue
        with page.expect_download(timeout=30_000) as waiting:
            button.click()
        download = waiting.value
        saved = out / f"{name}-dl{index}-{download.suggested_filename}"
        download.save_as(saved)
        found += _forbidden(saved.name, saved.name + " " + _text_of(saved), forbid)
    return found


def walk(
    out: Path,
    store: Path,
    dates: list[str],
    widths: list[int],
    roles: list[str],
    env: dict[str, str] | None = None,
    forbid: list[str] = (),
    kab: str | None = None,
) -> list[str]:
    """Every view of every role; returns the FORBIDDEN lines (empty when no forbidden word was seen). With `kab`
    (a province's walk) the roles sign in and open the kabupaten pages of that kabupaten."""
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    found: list[str] = []
    with browser.serving(ROOT, store, env) as url, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**browser.LAUNCH_ARGS)
        for role in roles:
            for width in widths:
                context = chromium.new_context(
                    # Streamlit scrolls inside its own container: a tall viewport shows the whole page in one picture
                    # (a province page on a phone is longer still)
                    viewport={"width": width, "height": (5200 if kab else 3200) if width < 600 else 2600},
                    locale="id-ID",
                    accept_downloads=True,
                )
                page = context.new_page()
                _sign_in(page, url, role, kab)
                for bahasa in ("id", "en"):
                    for tanggal in dates:
                        for path in (ROLE_PAGES if kab is None else PROVINCE_ROLE_PAGES)[role]:
                            page.goto(f"{url}/{path}{_query(bahasa, tanggal, role, path, kab)}")
                            name = f"{role}-{_page_name(role, path, kab is not None)}-{bahasa}-{tanggal}-{width}"
                            settled = _settle(page, name)
                            first = tanggal == dates[-1] and width == widths[0] and settled
                            found += _shoot(page, out, name, first, forbid)
                            if path != "sosialisasi":
                                continue
                            for tab in range(1, PLANNING_TABS):
                                page.get_by_test_id("stMain").get_by_role("tab").nth(tab).click()
                                settled = _settle(page, f"{name}-tab{tab}")
                                found += _shoot(page, out, f"{name}-tab{tab}", first and settled, forbid)
                context.close()
        chromium.close()
    for line in found:
        print(line, flush=True)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--store", type=Path, default=None)
    parser.add_argument("--dates", default="2020-02-16,2020-02-21,2020-03-10,2020-03-31")
    parser.add_argument("--widths", default="1400,390")
    parser.add_argument("--roles", default=None, help="default: every role (the province's head too with --provinsi)")
    parser.add_argument("--kabupaten", help="the region's code; its demo is built by the first visit")
    parser.add_argument("--provinsi", help="a province's code: walk its demo (built by the first visit)")
    parser.add_argument("--kab", help="with --provinsi: the kabupaten the bound roles and kabupaten pages use")
    parser.add_argument("--forbid", action="append", default=[], help="a word no view or download may hold")
    args = parser.parse_args()
    if args.provinsi:
        return _walk_province(args)
    # without a store, the first visit builds the demo (of --kabupaten's region) as on a fresh clone
    env = {"PANTAU_DEMO": "1"} if args.store is None else {}
    if args.kabupaten:
        env["PANTAU_KABUPATEN"] = args.kabupaten
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "sensus.duckdb"
        if args.store is not None:
            shutil.copy(args.store, store)
            if args.store.with_suffix(".salt").exists():
                shutil.copy(args.store.with_suffix(".salt"), store.with_suffix(".salt"))
        found = walk(
            args.out,
            store,
            args.dates.split(","),
            [int(w) for w in args.widths.split(",")],
            (args.roles or ",".join(ROLE_PAGES)).split(","),
            env,
            args.forbid,
        )
    return 1 if found else 0


def _walk_province(args) -> int:
    """The province's demo in a temporary folder: one store per kabupaten/kota and the published roll-up."""
    from sensus.core import config

    with tempfile.TemporaryDirectory() as folder:
        env = {"PANTAU_DEMO": "1", "PANTAU_PROVINSI": args.provinsi, "PANTAU_TERBIT": str(Path(folder) / "terbit")}
        kab = args.kab or config.read(environ={**os.environ, **env}).daftar_kabupaten[0]
        found = walk(
            args.out,
            Path(folder) / "{kabupaten}.duckdb",
            args.dates.split(","),
            [int(w) for w in args.widths.split(",")],
            (args.roles or ",".join(PROVINCE_ROLE_PAGES)).split(","),
            env,
            args.forbid,
            kab,
        )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
