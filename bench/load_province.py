"""Signed-in viewers of a province deployment against the real server, over Streamlit's websocket protocol.

    python -m bench.load_province                     # Jawa Tengah's demo, 50 viewers, one server
    python -m bench.load_province --provinsi 34 --sessions 10 --quick

The morning modelled: a fifth of the viewers are the province's head (kepala_provinsi) opening the province page
and drilling into kabupaten; the others are kabupaten heads, each bound to one kabupaten of the province, cycling
their kabupaten's pages (ringkasan, kecamatan?kec=, desa?desa=, sosialisasi, data). Each viewer carries its own
signed session (the demo's one-click users), so every run is scoped as in the browser. Times and errors are
measured as bench/load.py measures them (request sent → script_finished; an exception element, a sign-in page
instead of the page, a page-not-found or a run past the timeout is an error).
"""

import argparse
import asyncio
import os
import random
import subprocess
import time
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path

import websockets

from bench import common
from bench.load import Request, Sampler, proxy, run_once, wait_healthy
from sensus.auth import sessions as auth_sessions
from sensus.core import config
from sensus.demo import province as province_demo

P95_LIMIT_S = 2.0
KABUPATEN_PAGES = ("ringkasan", "kecamatan", "desa", "sosialisasi", "data")
HEAD_SHARE = 0.2  # viewers who are the province's head


def province_config(provinsi: str, folder: Path) -> config.Config:
    return config.read(environ=environment(provinsi, folder))


def environment(provinsi: str, folder: Path) -> dict[str, str]:
    return {
        "PANTAU_PROVINSI": provinsi,
        "PANTAU_DEMO": "1",
        "PANTAU_STORE": str(folder / "stores" / "{kabupaten}.duckdb"),
        "PANTAU_TERBIT": str(folder / "terbit"),
        "PANTAU_USERS": str(folder / "users.json"),
    }


def build(cfg: config.Config) -> float:
    started = time.perf_counter()
    province_demo.ensure(cfg, stage=lambda *_a, **_k: None, progress=lambda _text: None)
    return time.perf_counter() - started


def plan(rng: random.Random, cfg: config.Config, head: bool, requests: int) -> tuple[str, list[tuple[str, str]]]:
    """(the viewer's demo user name, [(page, query)]): a head drills from the province into kabupaten, a kabupaten
    head cycles the pages of their own kabupaten."""
    kode_kab = rng.choice(cfg.daftar_kabupaten)
    villages = common.region_villages(kode_kab)["kode_desa"].to_list()
    mulai, selesai = cfg.window
    steps = []
    start = rng.randrange(len(KABUPATEN_PAGES))
    for number in range(requests):
        if head and number % 2 == 0:
            page, params = "provinsi", {}
        else:
            page = KABUPATEN_PAGES[(start + number) % len(KABUPATEN_PAGES)]
            params = {"kab": kode_kab}
            village = rng.choice(villages)
            if page == "kecamatan":
                params["kec"] = village[:8]
            elif page == "desa":
                params["desa"] = village
        if rng.random() < 0.33:
            params["tanggal"] = (mulai + timedelta(days=rng.randrange((selesai - mulai).days + 1))).isoformat()
        steps.append((page, "&".join(f"{k}={v}" for k, v in params.items())))
        if head:
            kode_kab = rng.choice(cfg.daftar_kabupaten)
            villages = common.region_villages(kode_kab)["kode_desa"].to_list()
    role = "kepala_provinsi" if head else "pimpinan"
    user = auth_sessions.demo_user(role, kode_kab, province=True)
    return user.name, steps


def url_path(user_name: str, page: str) -> str:
    # each role's first page is served at "/": the province page for its head, the overview for a kabupaten head
    first = "provinsi" if "kepala_provinsi" in user_name else "ringkasan"
    return "" if page == first else page


def connect(url: str, user_name: str, cfg: config.Config, timeout: float):
    token = auth_sessions.issue(user_name, cfg.auth)
    return websockets.connect(
        url.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],
        origin=url,
        additional_headers={"Cookie": f"{auth_sessions.COOKIE}={token}"},
        max_size=None,
        ping_interval=None,
        open_timeout=timeout,
    )


async def viewer(number, url, cfg, user_name, steps, delay, think, rng, timeout, results, hold) -> None:
    await asyncio.sleep(delay)
    try:
        async with connect(url, user_name, cfg, timeout) as ws:
            for index, (page, query) in enumerate(steps):
                if index:
                    await asyncio.sleep(rng.uniform(*think))
                began = time.perf_counter()
                try:
                    seconds, error, _ = await run_once(ws, page, query, timeout, False, url_path(user_name, page))
                except TimeoutError:
                    results.append(Request(number, page, began, None, f"no script_finished within {timeout:.0f} s"))
                    return
                results.append(Request(number, page, began, seconds, error))
            await hold.wait()
    except (OSError, websockets.WebSocketException, TimeoutError) as failure:
        results.append(Request(number, "connect", time.perf_counter(), None, f"socket: {failure!r}"[:200]))


async def drive(url: str, cfg: config.Config, args: argparse.Namespace) -> list[Request]:
    rng = random.Random(args.seed)
    results: list[Request] = []
    hold = asyncio.Event()
    tasks = []
    for number in range(args.sessions):
        head = number < max(1, round(args.sessions * HEAD_SHARE))
        user_name, steps = plan(random.Random(args.seed * 1000 + number), cfg, head, args.requests)
        tasks.append(
            asyncio.create_task(
                viewer(
                    number,
                    url,
                    cfg,
                    user_name,
                    steps,
                    rng.uniform(0, args.arrival),
                    args.think,
                    random.Random(args.seed * 7 + number),
                    args.timeout,
                    results,
                    hold,
                )
            )
        )
    while len(results) < args.sessions * args.requests and not all(t.done() for t in tasks):
        await asyncio.sleep(0.1)
    hold.set()
    await asyncio.gather(*tasks)
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provinsi", default="33")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--requests", type=int, default=5)
    parser.add_argument("--arrival", type=float, default=10.0)
    parser.add_argument("--think", default="5,15", help="reading time between requests, seconds: min,max")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--quick", action="store_true", help="reading 0.5–1.5 s, arrival 2 s, 3 requests")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--replicas", default="0,2", help="comma-separated runs: 0 one server, N behind nginx")
    args = parser.parse_args(argv)
    args.think = tuple(float(x) for x in args.think.split(","))
    if args.quick:
        args.think, args.arrival, args.requests = (0.5, 1.5), 2.0, 3
    folder = common.WORK / f"province-{args.provinsi}"
    folder.mkdir(parents=True, exist_ok=True)
    cfg = province_config(args.provinsi, folder)
    build_s = build(cfg)
    runs = [run(cfg, folder, args, replicas) for replicas in (int(n) for n in args.replicas.split(","))]
    figures = {
        "machine": common.machine(),
        "provinsi": args.provinsi,
        "kabupaten": len(cfg.daftar_kabupaten),
        "sessions": args.sessions,
        "build_s": round(build_s, 1),
        "runs": runs,
        "settings": dict(vars(args)),
    }
    common.save(f"load_province_{args.provinsi}", figures, markdown(figures))


def run(cfg: config.Config, folder: Path, args: argparse.Namespace, replicas: int) -> dict:
    """One server (replicas 0), or `replicas` servers behind nginx (deploy/nginx.conf, sticky per browser), warmed
    by one viewer each, then the morning's viewers."""
    from harness.browser import start_streamlit

    env = {**os.environ, **environment(args.provinsi, folder), "MALLOC_ARENA_MAX": "2"}
    with ExitStack() as stack:
        started = [start_streamlit(common.ROOT, env) for _ in range(max(replicas, 1))]
        for process, _ in started:
            stack.callback(stop, process)
        for _, backend in started:
            wait_healthy(backend)
            # the morning's first viewer on each: one head visits the province and a kabupaten page of each kind
            warm = argparse.Namespace(**{**vars(args), "sessions": 1, "requests": 6, "arrival": 0, "think": (0, 0)})
            asyncio.run(drive(backend, cfg, warm))
        url = stack.enter_context(proxy([u for _, u in started]))[0] if replicas else started[0][1]
        pids = [process.pid for process, _ in started]
        rss_warm = sum(common.rss_mib(pid) for pid in pids)
        speed_before = common.cpu_speed_s()
        sampler = Sampler(pids).start()
        load_before = os.getloadavg()
        results = asyncio.run(drive(url, cfg, args))
        sampler.stop()
        speed_after = common.cpu_speed_s()
        rss_end = sum(common.rss_mib(pid) for pid in pids)
    times = [r.seconds for r in results if r.seconds is not None]
    errors = [r.error for r in results if r.error]
    by_page = {
        page: common.percentiles([r.seconds for r in results if r.page == page and r.seconds is not None])
        for page in ("provinsi", *KABUPATEN_PAGES)
        if any(r.page == page and r.seconds is not None for r in results)
    }
    return {
        "replicas": replicas,
        "requests": len(times),
        "errors": len(errors),
        "error_kinds": sorted({e[:120] for e in errors})[:5],
        "rss_warm_mib": round(rss_warm, 1),
        "rss_end_mib": round(rss_end, 1),
        "server_cpu_s": round(sum(sampler.cpu[pid] for pid in pids), 1),
        "wall_s": round(sampler.wall, 1),
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "cpu_speed_s": [speed_before, speed_after],
        **(common.percentiles(times) if times else {}),
        "by_page": by_page,
    }


def stop(process) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def markdown(figures: dict) -> str:
    m = figures["machine"]
    rows = []
    for r in figures["runs"]:
        p95 = r.get("p95_ms")
        holds = p95 is not None and p95 <= P95_LIMIT_S * 1000 and not r["errors"]
        servers = f"{r['replicas']} behind nginx" if r["replicas"] else "1"
        rows.append(
            f"| {servers} | {r['requests']} | {r['errors']} | {r.get('p50_ms', '–')} | {p95} | {r.get('max_ms', '–')} "
            f"| {'holds' if holds else 'does not hold'} | {r['rss_warm_mib']} → {r['rss_end_mib']} "
            f"| {r['server_cpu_s']} / {r['wall_s']} | {r['loadavg_before'][0]} → {r['loadavg_after'][0]} "
            f"| {' → '.join(map(str, r.get('cpu_speed_s', ['–'])))} |"
        )
    pages = []
    for r in figures["runs"]:
        for page, f in r["by_page"].items():
            pages.append(
                f"| {r['replicas'] or 1} | {page} | {f['p50_ms']:.0f} | {f['p95_ms']:.0f} | {f['max_ms']:.0f} |"
            )
    errors = sorted({e for r in figures["runs"] for e in r["error_kinds"]})
    bar = f"bar: p95 ≤ {P95_LIMIT_S * 1000:.0f} ms, no error"
    header = (
        f"| servers | requests | errors | p50 ms | p95 ms | max ms | {bar} | RSS MiB | CPU s / wall s | load "
        "| core speed s |"
    )
    return f"""## A province on one machine: {figures["sessions"]} signed-in viewers (provinsi {figures["provinsi"]})

`python -m bench.load_province --provinsi {figures["provinsi"]} --sessions {figures["sessions"]}` on {m["date"]}
({m["nproc"]} cores; git {m["git"]}). The province demo ({figures["kabupaten"]} kabupaten/kota, one store each,
published) took {figures["build_s"]} s to build or check. A fifth of the viewers are the province's head (the
province page and drills into other kabupaten), the others kabupaten heads bound to one kabupaten each (spread
over all of the province's kabupaten, so most of their first requests miss the caches); 5–15 s of reading between
requests; a third ask for a random day of the window. Each server is warmed by one viewer; the load client runs
on the same 2 cores. Time = request sent → `script_finished`. Core speed: seconds a fixed Python loop took just
before and after the viewers (bench.common.cpu_speed_s; lower is faster): the host is shared, and this machine's
cores ran the same work up to 1.7× slower from one hour to the next.

{header}
|---|---|---|---|---|---|---|---|---|---|---|
{chr(10).join(rows)}

| servers | page | p50 ms | p95 ms | max ms |
|---|---|---|---|---|
{chr(10).join(pages)}

Errors: {errors or "none"}.
"""


if __name__ == "__main__":
    main()
