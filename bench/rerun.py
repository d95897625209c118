"""Rerun time per page under AppTest, what the slowest rerun spends its time on, and the server's memory.

    python -m bench.rerun                      # all three parts, on the demo store
    python -m bench.rerun --only apptest       # or profile, server, browser
    python -m bench.rerun --reruns 30

- apptest: each page through dashboard.py (AppTest, then switch_page), two warm-up reruns, then `--reruns`
  reruns of the same session with the caches kept: p50 / p95 (target p95 ≤ 150 ms). Also the bytes of plotly
  figure specs one rerun sends (the payload), and the rerun p95 after changing the as-of date (two dates in
  turn, so both are cached after the first pass: what a user flipping between days gets).
- profile: cProfile over 10 reruns of the slowest page; time grouped by where it is spent (plotly figure
  building and validation, figure serialisation, polars, DuckDB, statsmodels, Streamlit itself, the
  project's own code) and the top functions by cumulative time.
- server: `streamlit run dashboard.py` on the demo store, every page opened once in headless Chromium
  (Debian's), then the server's RSS (target ≤ 350 MB).
- browser: the same server, a signed-in Chromium tab; each control (the measure in the sidebar, the maps' colouring,
  the planning page's tabs, a priority weight moved by the keyboard) clicked in turn `--clicks` times: from the
  click reaching the page to the moment the main area last changed before staying still (script run over, charts
  drawn), timed in the page, p50 / p95 (target ≤ 0.5 s).
Results: bench/results/rerun.{json,md}; `python -m bench.results` folds them into bench/RESULTS.md. For another
region, `PANTAU_KABUPATEN=33.74 python -m bench.rerun` reads that region's demo store and writes rerun_33.74.{json,md}.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from datetime import date
from pathlib import Path

from bench import common
from sensus.core import config

PAGES = ("ringkasan", "kecamatan", "desa", "sosialisasi", "data")
RERUNS = 20
PROFILE_RERUNS = 10
DATES = (date(2020, 3, 10), date(2020, 3, 24))
# where a profiled second goes: the first pattern found in a function's file path names its group
GROUPS = (
    ("polars (collect and other native calls)", ("polars/", "PyLazyFrame", "PyDataFrame", "PySeries", "PyExpr")),
    ("plotly figure building and validation", ("plotly/",)),
    ("figure serialisation (JSON)", ("/json/", "_json.py", "orjson")),
    ("statsmodels", ("statsmodels/",)),
    ("script recompiled with Streamlit magic (AppTest only)", ("/ast.py", "streamlit/runtime/scriptrunner/magic")),
    ("copy.deepcopy (plotly figures and templates)", ("/copy.py",)),
    ("duckdb", ("duckdb",)),
    ("pandas (table styling)", ("pandas/",)),
    ("babel (number and date formats)", ("babel/",)),
    ("streamlit", ("streamlit/",)),
    ("numpy", ("numpy/",)),
    ("project code", ("/sensus/", "/pages/", "dashboard.py")),
    ("other C built-ins (isinstance, getattr, str, compile …)", ("~",)),
)


VIEWER = "demo-pimpinan"  # the one-click head of office of the demo store: every page of the monitoring


def _use_bench_users(store_path: Path) -> config.AuthSettings:
    """Users file and cookie key beside the bench's store, never the project's data/users.json: the auth settings
    this process signs cookies with, and the servers and AppTest runs started after this read."""
    os.environ["PANTAU_USERS"] = str(store_path.parent / "users.json")
    return config.read().auth


def _open(page: str, store_path: Path):
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from harness import apptest_frame

    apptest_frame.every_run_through_the_frame()  # see its docstring: else every other run skips the frame

    from sensus.app import signin
    from sensus.auth import sessions

    os.environ["PANTAU_STORE"] = str(store_path)
    auth = _use_bench_users(store_path)
    st.cache_data.clear()
    # the dashboard's configuration is a cached resource: cleared, it is read again with this store and users file
    st.cache_resource.clear()
    app = AppTest.from_file(str(common.ROOT / "dashboard.py"), default_timeout=120)
    app.session_state[signin.TOKEN] = sessions.issue(VIEWER, auth)
    app.run()
    if page != "ringkasan":
        app.switch_page(f"pages/{page}.py").run()
    return app


def _payload_bytes(app) -> int:
    """Bytes of plotly figure specs in the last run's element tree (what travels to the browser)."""
    return sum(len(element.proto.spec) for element in app.get("plotly_chart"))


def _picker(app):
    return next((w for w in app.date_input if w.key == "tanggal"), None)


def apptest(store_path: Path, reruns: int) -> list[dict]:
    from sensus.app.views import planning

    results = []
    # the planning page draws only its open tab: each of its five tabs is a row of its own
    views = [(page, None) for page in PAGES if page != "sosialisasi"] + [("sosialisasi", tab) for tab in range(5)]
    for page, tab in views:
        app = _open(page, store_path)
        if tab is not None:
            app.session_state[planning.TAB] = [t.label for t in app.tabs][tab]
            app.session_state[planning.OPEN_TAB] = tab
        for _ in range(2):
            app.run()
        assert app.sidebar, "a run without the frame: the samples would not be of what a browser gets"
        samples, cpu = [], []
        for _ in range(reruns):
            began, began_cpu = time.perf_counter(), time.process_time()
            app.run()
            samples.append(time.perf_counter() - began)
            # CPU seconds of this process (every thread): what a rerun costs, whatever else the machine runs
            cpu.append(time.process_time() - began_cpu)
        payload = _payload_bytes(app)
        # the first change to each of the two dates fills the caches (cold); after it, what flipping back gets
        cold, warm = [], []
        for i in range(reruns + 2 if _picker(app) else 0):
            _picker(app).set_value(DATES[i % 2])
            began = time.perf_counter()
            app.run()
            (cold if i < 2 else warm).append(time.perf_counter() - began)
        results.append(
            {
                "page": page if tab is None else f"{page} (tab {tab + 1}: {[t.label for t in app.tabs][tab]})",
                **common.percentiles(samples),
                "cpu_p50_ms": common.percentiles(cpu)["p50_ms"],
                "cpu_p95_ms": common.percentiles(cpu)["p95_ms"],
                "date_change_p95_ms": common.percentiles(warm)["p95_ms"] if warm else None,
                "date_change_cold_ms": [round(s * 1000) for s in cold],
                "plotly_payload_kb": round(payload / 1000),
                "charts": len(app.get("plotly_chart")),
                "exceptions": [e.value for e in app.exception][:2],
            }
        )
        print(results[-1], file=sys.stderr)
    return results


def profile(store_path: Path, page: str) -> dict:
    from streamlit.runtime.scriptrunner import script_runner

    app = _open(page, store_path)
    app.run()
    profiler = cProfile.Profile()
    original = script_runner.exec_func_with_error_handling

    def profiled(func, ctx):
        # AppTest runs the script in a thread of its own: profile there, around the script's run only
        return original(lambda: profiler.runcall(func), ctx)

    script_runner.exec_func_with_error_handling = profiled
    try:
        began = time.perf_counter()
        for _ in range(PROFILE_RERUNS):
            app.run()
        wall = (time.perf_counter() - began) / PROFILE_RERUNS
    finally:
        script_runner.exec_func_with_error_handling = original
    stats = pstats.Stats(profiler)
    grouped: dict[str, float] = {name: 0.0 for name, _ in GROUPS}
    grouped["other"] = 0.0
    for (filename, _, function), (_, _, tottime, _, _) in stats.stats.items():
        # a C function's "file" is "~": its name says whose it is (e.g. <method 'collect' of 'PyLazyFrame'>)
        where = filename + function if filename == "~" else filename
        name = next((n for n, patterns in GROUPS if any(p in where for p in patterns)), "other")
        grouped[name] += tottime
    total = sum(grouped.values()) or 1.0
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(r"/(sensus|pages)/|plotly_chart", 30)
    pstats.Stats(profiler, stream=text).sort_stats("tottime").print_stats(20)
    pstats.Stats(profiler, stream=text).print_callers(r"harian_bar|_layout|tabel|\(dampak\)")
    return {
        "page": page,
        "rerun_wall_ms": round(wall * 1000),
        "self_time_ms_per_rerun": {k: round(v / PROFILE_RERUNS * 1000, 1) for k, v in grouped.items()},
        "self_time_share": {k: round(v / total, 3) for k, v in grouped.items()},
        "top_cumulative": text.getvalue(),
    }


def server(store_path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    from bench.pages import wait_settled
    from harness import browser as launch
    from sensus.auth import sessions

    auth = _use_bench_users(store_path)
    process, url = launch.start_streamlit(common.ROOT, {**os.environ, "PANTAU_STORE": str(store_path)})
    try:
        launch.wait_healthy(url)
        idle = common.rss_mib(process.pid)
        visits = []
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(**launch.LAUNCH_ARGS)
            context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
            context.add_cookies([{"name": sessions.COOKIE, "value": sessions.issue(VIEWER, auth), "url": url}])
            tab = context.new_page()
            for page in PAGES:
                began = time.perf_counter()
                tab.goto(url if page == "ringkasan" else f"{url}/{page}")
                settled = wait_settled(tab) - began
                visits.append(
                    {"page": page, "settled_ms": round(settled * 1000), "rss_mib": common.rss_mib(process.pid)}
                )
            context.close()
            chromium.close()
        return {
            "server_rss_idle_mib": idle,
            "server_rss_after_all_pages_mib": common.rss_mib(process.pid),
            "server_peak_rss_mib": common.peak_rss_mib(process.pid),
            "visits": visits,
        }
    finally:
        process.terminate()
        process.wait(timeout=30)


# control → (page, the text of the two options clicked in turn, where they are); Indonesian labels (the default)
CONTROLS = {
    "ukuran (sidebar)": ("ringkasan", ("Rumah tangga (KK)", "Penduduk"), "stSidebar"),
    "peta: warna (ringkasan)": ("ringkasan", ("Selisih dari jalur target", "Capaian"), "stMain"),
    "peta: warna (kecamatan)": ("kecamatan", ("Selisih dari jalur target", "Capaian"), "stMain"),
    "tab (sosialisasi)": ("sosialisasi", ("Perkiraan", "Dampak kegiatan"), "stMain"),
    # the first priority weight's slider, moved one step up and back with the keyboard
    "bobot (sosialisasi)": ("sosialisasi", ("ArrowRight", "ArrowLeft"), "stMain"),
}
SLIDER_KEYS = ("ArrowRight", "ArrowLeft")
CLICKS = 10
TAB_NAMES = ("Perkiraan", "Dampak kegiatan")

# In the page, on the page's own clock: when the click reached the page, when Streamlit's script state last turned
# to notRunning, and when anything in the main area last changed (a chart drawn, an element no longer stale). The
# observer only stores a time, so it costs the page nothing worth measuring.
OBSERVE = """() => {
    const w = window;
    w.__rerun = {click: null, done: null, last: null};
    document.addEventListener('click', () => { w.__rerun = {click: performance.now(), done: null, last: null}; }, true);
    const app = document.querySelector('[data-testid="stApp"]');
    new MutationObserver(() => {
        if (app.dataset.testScriptState === 'notRunning') w.__rerun.done = performance.now();
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    new MutationObserver(() => { w.__rerun.last = performance.now(); })
        .observe(document.querySelector('[data-testid="stMain"]'),
                 {subtree: true, childList: true, attributes: true, characterData: true});
}"""


def _click(tab, where: str, option: str) -> None:
    if option in SLIDER_KEYS:
        thumb = tab.get_by_test_id(where).get_by_role("slider").first
        thumb.focus()
        # the observer times from a click: a key press starts the same clock
        tab.evaluate("() => document.dispatchEvent(new MouseEvent('click'))")
        thumb.press(option)
    elif option in TAB_NAMES:
        tab.get_by_test_id("stMain").get_by_role("tab", name=option, exact=True).click()
    else:
        buttons = tab.locator(f'[data-testid="{where}"] [data-testid="stButtonGroup"]')
        buttons.get_by_text(option, exact=True).first.click()


def browser(store_path: Path, clicks: int) -> dict:
    from playwright.sync_api import sync_playwright

    from bench.pages import wait_settled
    from harness import browser as launch
    from sensus.auth import sessions

    auth = _use_bench_users(store_path)
    process, url = launch.start_streamlit(common.ROOT, {**os.environ, "PANTAU_STORE": str(store_path)})
    results = []
    try:
        launch.wait_healthy(url)
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(**launch.LAUNCH_ARGS)
            context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
            context.add_cookies([{"name": sessions.COOKIE, "value": sessions.issue(VIEWER, auth), "url": url}])
            tab = context.new_page()
            for control, (page, options, where) in CONTROLS.items():
                tab.goto(url if page == "ringkasan" else f"{url}/{page}")
                wait_settled(tab)
                tab.evaluate(OBSERVE)
                harness, in_page, script = [], [], []
                for i in range(clicks + 2):
                    began = time.perf_counter()
                    _click(tab, where, options[i % 2])
                    settled = wait_settled(tab) - began
                    seen = tab.evaluate("window.__rerun")
                    if i >= 2:  # the first pass of each option fills the caches: what a user flipping back gets
                        harness.append(settled)
                        in_page.append((seen["last"] - seen["click"]) / 1000)
                        if seen["done"] is not None:  # the observer missed the state's turn (rare): no figure
                            script.append((seen["done"] - seen["click"]) / 1000)
                results.append(
                    {
                        "control": control,
                        **common.percentiles(in_page),
                        "script_over_p50_ms": common.percentiles(script)["p50_ms"],
                        "harness_p50_ms": common.percentiles(harness)["p50_ms"],
                        "harness_p95_ms": common.percentiles(harness)["p95_ms"],
                    }
                )
                print(results[-1], file=sys.stderr)
            context.close()
            chromium.close()
        return {"controls": results, "server_rss_after_mib": common.rss_mib(process.pid)}
    finally:
        process.terminate()
        process.wait(timeout=30)


def markdown(figures: dict) -> str:
    region = figures.get("wilayah")
    parts = [
        "## Reruns, profile and server memory (`python -m bench.rerun`)"
        + (f" · {region} (`PANTAU_KABUPATEN={figures['kode_wilayah']}`)" if figures.get("kode_wilayah") else "")
    ]
    if "apptest" in figures:
        parts += [
            "",
            f"AppTest on the demo store, caches kept, every run through dashboard.py's frame: {figures['reruns']} "
            "reruns per page after two warm-up reruns; date change = rerun after setting the as-of date, two dates in "
            "turn, after the first change to each (cold: the first two, in brackets). Target p95 ≤ 150 ms.",
            "",
            common.table_md(
                [
                    "page",
                    "rerun p50 ms",
                    "rerun p95 ms",
                    "CPU p50 / p95 ms",
                    "date change p95 ms",
                    "plotly specs per rerun",
                    "exceptions",
                ],
                [
                    [
                        r["page"],
                        r["p50_ms"],
                        r["p95_ms"],
                        f"{r.get('cpu_p50_ms', '–')} / {r.get('cpu_p95_ms', '–')}",
                        "–"
                        if r["date_change_p95_ms"] is None
                        else f"{r['date_change_p95_ms']} ({', '.join(map(str, r.get('date_change_cold_ms', [])))})",
                        f"{r['charts']} charts, {r['plotly_payload_kb']} kB",
                        "; ".join(map(str, r["exceptions"])) or "none",
                    ]
                    for r in figures["apptest"]
                ],
            ),
        ]
    if "profile" in figures:
        p = figures["profile"]
        shares = sorted(p["self_time_share"].items(), key=lambda kv: -kv[1])
        parts += [
            "",
            f"cProfile of `{p['page']}` ({PROFILE_RERUNS} reruns, {p['rerun_wall_ms']} ms each under the profiler): "
            "self time by library, per rerun.",
            "",
            common.table_md(
                ["where", "ms per rerun", "share"],
                [[k, p["self_time_ms_per_rerun"][k], f"{100 * v:.0f} %"] for k, v in shares if v > 0],
            ),
        ]
    if "browser" in figures:
        b = figures["browser"]
        parts += [
            "",
            "Browser rerun (`streamlit run`, demo store, Chromium 1400 px, signed in), target ≤ 0.5 s: from the click "
            "reaching the page to the last change of the main area (script run over, charts drawn, then no change "
            "for 0.3 s, not counted), on the page's clock; 'script over' is when Streamlit marked the run finished. "
            "The last columns time the same from before Playwright's click call (its checks that the element is "
            "visible and still add 50–250 ms a user does not wait for): the measure of earlier rounds.",
            "",
            common.table_md(
                ["control", "p50 ms", "p95 ms", "script over p50 ms", "clicks", "harness p50 / p95 ms"],
                [
                    [
                        r["control"],
                        r["p50_ms"],
                        r["p95_ms"],
                        r.get("script_over_p50_ms", "–"),
                        r["n"],
                        f"{r.get('harness_p50_ms', '–')} / {r.get('harness_p95_ms', '–')}",
                    ]
                    for r in b["controls"]
                ],
            ),
        ]
    if "server" in figures:
        s = figures["server"]
        parts += [
            "",
            f"Server (`streamlit run`, demo store, Chromium 1400 px): RSS idle {s['server_rss_idle_mib']} MiB, "
            f"after opening every page {s['server_rss_after_all_pages_mib']} MiB (peak {s['server_peak_rss_mib']} MiB; "
            "target ≤ 350 MB).",
            "",
            common.table_md(
                ["page", "settled ms", "server RSS after MiB"],
                [[v["page"], v["settled_ms"], v["rss_mib"]] for v in s["visits"]],
            ),
        ]
    findings = common.RESULTS / "_rerun_findings.md"
    if findings.exists() and not figures.get("kode_wilayah"):  # Blora's own story, not another region's
        parts += ["", findings.read_text().strip()]
    return "\n".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("apptest", "profile", "server", "browser"))
    parser.add_argument("--clicks", type=int, default=CLICKS)
    parser.add_argument("--reruns", type=int, default=RERUNS)
    parser.add_argument("--page", choices=PAGES, help="the page to profile (default: the slowest measured)")
    # the demo's own store of the configured region (README's first command builds it)
    parser.add_argument("--store", type=Path, default=config.read().demo_store_path)
    args = parser.parse_args()
    if not args.store.exists():
        sys.exit(f"{args.store}: no store; build the demo first (python -m sensus demo)")
    cfg = config.read()
    figures: dict = {"store": str(args.store), "reruns": args.reruns}
    # Blora's figures are the project's baseline (rerun.md); another region's go beside them (rerun_33.74.md)
    name = "rerun" if cfg.kode_kab == config.KABUPATEN_BAWAAN else f"rerun_{cfg.kode_kab}"
    if name != "rerun":
        figures |= {"wilayah": cfg.nama_kab, "kode_wilayah": cfg.kode_kab}
    if args.only in (None, "apptest"):
        figures["apptest"] = apptest(args.store, args.reruns)
    if args.only in (None, "profile"):
        slowest = max(figures.get("apptest", []), key=lambda r: r["p95_ms"], default={"page": "sosialisasi"})
        # a planning tab's row is named "sosialisasi (tab N: …)": the page is the name before the bracket
        figures["profile"] = profile(args.store, args.page or slowest["page"].split(" (")[0])
        print(figures["profile"]["top_cumulative"], file=sys.stderr)
    if args.only in (None, "server"):
        figures["server"] = server(args.store)
    if args.only in (None, "browser"):
        figures["browser"] = browser(args.store, args.clicks)
    previous = common.RESULTS / f"{name}.json"
    if args.only and previous.exists():
        # one part measured again: keep the others from the last run
        kept = json.loads(previous.read_text())
        figures = {k: v for k, v in kept.items() if k != "machine"} | figures
    common.save(name, figures, markdown(figures))


if __name__ == "__main__":
    main()
