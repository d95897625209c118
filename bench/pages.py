"""Page server time (AppTest), server memory and first paint in headless Chromium, and a fresh clone's first paint.

    python -m bench.pages                  # all three parts
    python -m bench.pages --only apptest   # or browser, fresh

- apptest: each page of pages/ through dashboard.py under streamlit.testing.v1.AppTest on the demo store:
  a cold first run (caches cleared), then reruns of the same session with nothing cleared (the
  version-keyed cache is part of the design): p50 / p95.
- browser: `streamlit run dashboard.py` on the demo store, driven by Playwright with Debian's
  chromium: time from navigation to the painted overview (metrics and a plotly chart drawn), then
  every page visited once; the server's RSS after that.
- fresh: `git clone` of the repository plus the work tree's uncommitted files (no store, no
  data/sensus.duckdb), `streamlit run` started, the browser opened at once: time until the overview
  is painted, the demo build included. Target ≤ 20 s.
"""

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from bench import common, stores

PAGES = ("ringkasan", "kecamatan", "desa", "sosialisasi", "data")
RERUNS = 20
VIEWER = "demo-pimpinan"  # the one-click head of office of the demo store: every page of the monitoring
# the overview is painted when its script run is over and its cards and first chart are drawn
PAINTED = """() => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState === 'notRunning'
    && document.querySelector('[data-testid="stMetric"]')
    && document.querySelector('[data-testid="stPlotlyChart"] .main-svg')"""


def _bench_auth(store_path: Path):
    """The auth settings of a users file (and cookie key) beside the bench's store, never the project's
    data/users.json; set in the environment, so the servers and AppTest runs started after this read them too."""
    from sensus.core import config

    os.environ["PANTAU_USERS"] = str(store_path.parent / "users.json")
    return config.read().auth


def _signed_in(context, url: str, auth) -> None:
    """A browser context that arrives signed in as VIEWER: the session cookie a sign-in would have written."""
    from sensus.auth import sessions

    context.add_cookies([{"name": sessions.COOKIE, "value": sessions.issue(VIEWER, auth), "url": url}])


def apptest(store_path: Path) -> list[dict]:
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from sensus.app import signin
    from sensus.auth import sessions

    # the dashboard reads its configuration again once st.cache_resource is cleared: this store and users file
    os.environ["PANTAU_STORE"] = str(store_path)
    auth = _bench_auth(store_path)
    results = []
    for page in PAGES:
        st.cache_data.clear()
        st.cache_resource.clear()
        app = AppTest.from_file(str(common.ROOT / "dashboard.py"), default_timeout=120)
        # signed in, as every viewer is: without a session every page is the sign-in form
        app.session_state[signin.TOKEN] = sessions.issue(VIEWER, auth)
        began = time.perf_counter()
        app.run()
        if page != "ringkasan":
            app.switch_page(f"pages/{page}.py").run()
        cold = time.perf_counter() - began
        errors = [e.value for e in app.exception]
        samples = []
        for _ in range(RERUNS):
            began = time.perf_counter()
            app.run()
            samples.append(time.perf_counter() - began)
        errors += [e.value for e in app.exception]
        # a second visitor: a new session, the caches warm from the first
        began = time.perf_counter()
        other = AppTest.from_file(str(common.ROOT / "dashboard.py"), default_timeout=120)
        other.session_state[signin.TOKEN] = sessions.issue(VIEWER, auth)
        other.run()
        if page != "ringkasan":
            other.switch_page(f"pages/{page}.py").run()
        new_session = time.perf_counter() - began
        results.append(
            {
                "page": page,
                "cold_ms": round(cold * 1000),
                "new_session_ms": round(new_session * 1000),
                **common.percentiles(samples),
                "exceptions": errors[:2],
            }
        )
        print(results[-1], file=sys.stderr)
    return results


# a page is settled when Streamlit says its script run is over (stApp's data-test-script-state), it has a
# title, every chart has drawn, and its main area then stays unchanged for a moment
SETTLED = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const state = document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState;
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
    const drawn = charts.every(c => c.querySelector('.main-svg'));
    const busy = document.querySelector('[data-testid="stSkeleton"]');
    return [state === 'notRunning' && !!(main && main.querySelector('h1')) && drawn && !busy,
            main ? main.innerHTML.length : 0];
}"""


def wait_settled(page, quiet_s: float = 0.3, timeout_s: float = 120) -> float:
    """The moment the page's main area last changed before staying unchanged (and idle) for `quiet_s`."""
    deadline = time.perf_counter() + timeout_s
    last_size, changed_at = None, time.perf_counter()
    while time.perf_counter() < deadline:
        ready, size = page.evaluate(SETTLED)
        now = time.perf_counter()
        if size != last_size or not ready:
            last_size, changed_at = size, now
        elif now - changed_at >= quiet_s:
            return changed_at
        time.sleep(0.02)
    raise TimeoutError("page did not settle")


def browser(store_path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from harness import browser as launch

    auth = _bench_auth(store_path)
    env = {**os.environ, "PANTAU_STORE": str(store_path)}
    process, url = launch.start_streamlit(common.ROOT, env)
    try:
        launch.wait_healthy(url)
        rss_idle = common.rss_mib(process.pid)
        visits = []
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(**launch.LAUNCH_ARGS)
            for round_ in ("first visit (cold cache)", "second session (warm cache)"):
                context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
                _signed_in(context, url, auth)
                page = context.new_page()
                began = time.perf_counter()
                page.goto(url)
                page.wait_for_function(PAINTED, timeout=120_000)
                visits.append(
                    {"page": f"ringkasan, {round_}", "painted_ms": round((time.perf_counter() - began) * 1000)}
                )
                if round_.startswith("first"):
                    for name in PAGES[1:]:
                        began = time.perf_counter()
                        page.goto(f"{url}/{name}")
                        settled = wait_settled(page) - began
                        visits.append({"page": name, "settled_ms": round(settled * 1000)})
                context.close()
            chromium.close()
        return {
            "server_rss_idle_mib": rss_idle,
            "server_rss_after_all_pages_mib": common.rss_mib(process.pid),
            "server_peak_rss_mib": common.peak_rss_mib(process.pid),
            "visits": visits,
        }
    finally:
        process.terminate()
        process.wait(timeout=30)


def fresh_clone() -> dict:
    from playwright.sync_api import sync_playwright

    from harness import browser as launch
    from sensus.core import config

    fresh = common.WORK / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    subprocess.run(["git", "clone", "-q", str(common.ROOT), str(fresh)], check=True)
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=fresh, capture_output=True, text=True).stdout
    # the work tree as it is (other sessions' uncommitted files included), without any built store
    dirty = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"], cwd=common.ROOT, capture_output=True, text=True
    ).stdout.splitlines()
    copied = 0
    for line in dirty:
        name = line[3:]
        source = common.ROOT / name
        if source.is_file() and not name.startswith(("data/sensus", "bench/results")) and ".duckdb" not in name:
            (fresh / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, fresh / name)
            copied += 1
    assert not list((fresh / "data").glob("*.duckdb")), "a fresh clone has no store"
    # README's first command: the demo on a fresh clone, with the clone's own store and users file
    env = {k: v for k, v in os.environ.items() if k not in ("PANTAU_STORE", "PANTAU_USERS")} | {"PANTAU_DEMO": "1"}
    cfg = config.read(fresh / "pantau.toml", environ=env)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**launch.LAUNCH_ARGS)
        context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
        page = context.new_page()
        began = time.perf_counter()
        process, url = launch.start_streamlit(fresh, env)
        try:
            # the demo's one-click head of office, signed in (the key beside the clone's users file, made here)
            _signed_in(context, url, cfg.auth)
            launch.wait_healthy(url)
            healthy = time.perf_counter() - began
            page.goto(url)
            page.wait_for_function(PAINTED, timeout=300_000)
            painted = time.perf_counter() - began
            shot = common.RESULTS / "fresh_overview.png"
            common.RESULTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot))
        finally:
            process.terminate()
            process.wait(timeout=30)
            chromium.close()
    return {
        "head": head.strip(),
        "uncommitted_files_copied": copied,
        "server_healthy_s": round(healthy, 1),
        "overview_painted_s": round(painted, 1),
        "store_built": cfg.demo_store_path.exists(),
    }


def markdown(figures: dict) -> str:
    parts = ["## Pages (`python -m bench.pages`)"]
    if "apptest" in figures:
        parts.append(
            "AppTest on the demo store (non-default pages: dashboard.py run, then switch_page): cold = first run with "
            "caches cleared; new session = a second AppTest with the caches warm; reruns = the first session rerun "
            f"{RERUNS} times, caches kept."
        )
        parts.append(
            common.table_md(
                [
                    "page",
                    "cold first run ms",
                    "new session, warm cache ms",
                    "rerun p50 ms",
                    "rerun p95 ms",
                    "exceptions",
                ],
                [
                    [r["page"], r["cold_ms"], r["new_session_ms"], r["p50_ms"], r["p95_ms"], r["exceptions"] or "none"]
                    for r in figures["apptest"]
                ],
            )
        )
    if "browser" in figures:
        b = figures["browser"]
        parts.append(
            "Real server (`streamlit run`, demo store) in headless Chromium: server RSS idle "
            f"{b['server_rss_idle_mib']} MiB, after visiting every page once {b['server_rss_after_all_pages_mib']} MiB "
            f"(peak {b['server_peak_rss_mib']} MiB)."
        )
        parts.append(
            common.table_md(
                ["visit", "time"],
                [[v["page"], f"{v.get('painted_ms', v.get('settled_ms'))} ms"] for v in b["visits"]],
            )
        )
    if "fresh" in figures:
        f = figures["fresh"]
        parts.append(
            f"Fresh clone (HEAD {f['head']} + {f['uncommitted_files_copied']} uncommitted files of the work tree, "
            "no store): "
            f"`streamlit run` healthy after {f['server_healthy_s']} s, overview painted (demo built on the way) after "
            f"**{f['overview_painted_s']} s** (target ≤ 20 s; {'met' if f['overview_painted_s'] <= 20 else 'NOT met'})."
        )
    return "\n\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=("apptest", "browser", "fresh"))
    args = parser.parse_args()
    stores.build_demo()
    figures = {}
    if args.only in (None, "apptest"):
        figures["apptest"] = apptest(stores.DEMO)
    if args.only in (None, "browser"):
        figures["browser"] = browser(stores.DEMO)
    if args.only in (None, "fresh"):
        figures["fresh"] = fresh_clone()
    name = "pages" if args.only is None else f"pages_{args.only}"
    common.save(name, figures, markdown(figures))


if __name__ == "__main__":
    main()
