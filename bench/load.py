"""Concurrent viewers against the real server, speaking Streamlit's websocket protocol.

    python -m bench.load                          # 1, 10, 25, 50, 100 sessions on one server, then during imports
    python -m bench.load --replicas 3             # the same behind nginx with 3 server processes, an import landing
    python -m bench.load --sessions 10 --quick    # short reading times, no import runs

Why the protocol and not browsers: 100 headless Chromium tabs would need more CPU than the server under test on
this 2-core machine, and every figure would then measure the browsers. A viewer here is what a browser tab does on
the wire: it opens `/_stcore/stream` (subprotocol `streamlit`, an Origin header), sends `BackMsg.rerun_script` with
the page and the URL's query string, and receives the run's ForwardMsgs up to `script_finished`. It does not paint
(plotly and the data grid draw in the browser, not on the server), so the times are server times plus the wire.

The morning modelled: viewers arrive spread over `--arrival` seconds, each reads a page for 5–15 s (uniform) before
its next request, cycling pages (ringkasan, kecamatan?kec=, desa?desa=, sosialisasi, data), as-of dates and the
measure. An error is an `exception` element in a run's deltas, a compile error, a page-not-found, a dropped socket
or a run that does not finish within `--timeout`.
"""

import argparse
import asyncio
import json
import os
import random
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import AsyncExitStack, ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.TextInput_pb2 import TextInput

from bench import common
from sensus.auth import sessions as auth_sessions
from sensus.core import config

SESSIONS = (1, 10, 25, 50, 100)
P95_LIMIT_S = 2.0
# share of requests without a date: a morning link opens on the latest day
LATEST_SHARE = 0.67
IMPORT_ROWS = 400_000
PAGES = ("ringkasan", "kecamatan", "desa", "sosialisasi", "data")
# the url path of each page (ringkasan is the default page, at "/")
URL_PATH = {"ringkasan": ""}
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
# who the viewers are: the demo store's one-click head of office, who may open every page
VIEWER = auth_sessions.DEMO_PREFIX + "pimpinan"
# the head of office of fresh_store's real store (imports land in it)
BENCH_VIEWER = "bench-pimpinan"


# ---- what a viewer asks for -------------------------------------------------------------------------------


def villages() -> list[str]:
    """The village codes of the region the servers serve (the configured one)."""
    return common.region_villages(config.read().kode_kab)["kode_desa"].to_list()


def plan(
    rng: random.Random, requests: int, desa: list[str], latest_share: float, window: tuple[date, date]
) -> list[tuple[str, str]]:
    """(page_name, query_string) per request: pages in turn from a random start, each with a date and measure.

    A share `latest_share` of the requests carry no date (the page opens on the last day with data, as a morning
    link does); the others ask for a day drawn from the whole census `window` (first, last day), each a likely
    cache miss.
    """
    mulai, selesai = window
    start = rng.randrange(len(PAGES))
    steps = []
    for number in range(requests):
        page = PAGES[(start + number) % len(PAGES)]
        params = {}
        if rng.random() >= latest_share:
            params["tanggal"] = (mulai + timedelta(days=rng.randrange((selesai - mulai).days + 1))).isoformat()
        if rng.random() < 0.5:
            params["ukuran"] = "kk"
        village = rng.choice(desa)
        if page == "kecamatan":
            params["kec"] = village[:8]
        elif page == "desa":
            params["desa"] = village
        steps.append((page, "&".join(f"{k}={v}" for k, v in params.items())))
    return steps


# ---- one viewer --------------------------------------------------------------------------------------------


@dataclass
class Request:
    session: int
    page: str
    started: float
    seconds: float | None
    error: str | None = None
    texts: list[str] = field(default_factory=list, repr=False)


def connect(base_url: str, sticky: str, timeout: float = 60):
    """A tab's websocket as a signed-in browser opens it: the session cookie the sign-in wrote, and nginx's sticky
    cookie from the page load. Without the session cookie every run would draw the sign-in page."""
    # signed with the key of the configured users file: the one start_server names to the servers
    token = auth_sessions.issue(VIEWER, config.read().auth)
    cookies = f"{auth_sessions.COOKIE}={token}; pantau_sticky={sticky}"
    return websockets.connect(
        base_url.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],
        origin=base_url,
        additional_headers={"Cookie": cookies},
        max_size=None,
        ping_interval=None,  # browsers do not ping; the server pings them
        open_timeout=timeout,
    )


def element_texts(message: ForwardMsg) -> list[str]:
    element = message.delta.new_element
    kind = element.WhichOneof("type")
    if kind == "markdown":
        return [element.markdown.body]
    if kind == "metric":
        return [element.metric.label, element.metric.body]
    return []


def is_password_field(element) -> bool:
    return element.WhichOneof("type") == "text_input" and element.text_input.type == TextInput.PASSWORD


async def run_once(
    ws, page: str, query: str, timeout: float, keep_text: bool, url_path: str | None = None
) -> tuple[float, str | None, list]:
    """One run: send rerun_script, read ForwardMsgs until the run ends; (seconds, error or None, texts). The page
    is asked for by `url_path` when given (a role's default page is served at "/"), else by its usual path."""
    back = BackMsg()
    back.rerun_script.page_name = URL_PATH.get(page, page) if url_path is None else url_path
    back.rerun_script.query_string = query
    started = time.perf_counter()
    await ws.send(back.SerializeToString())
    error, texts = None, []
    deadline = started + timeout
    while True:
        raw = await asyncio.wait_for(ws.recv(), max(deadline - time.perf_counter(), 0.01))
        message = ForwardMsg()
        message.ParseFromString(raw)
        kind = message.WhichOneof("type")
        if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            if element.WhichOneof("type") == "exception" and error is None:
                error = f"exception: {element.exception.type}: {element.exception.message[:160]}"
            elif is_password_field(element):
                # the sign-in form: the run measured the gate, not the page asked for
                error = error or f"sign-in page instead of {page}"
            elif keep_text:
                texts += element_texts(message)
        elif kind == "page_not_found":
            error = error or f"page not found: {page}"
        elif kind == "script_finished":
            status = message.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                continue  # st.rerun / switch_page: the run goes on
            if status == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                error = error or "compile error"
            return time.perf_counter() - started, error, texts


async def viewer(
    number: int,
    base_url: str,
    steps: list[tuple[str, str]],
    delay: float,
    think: tuple[float, float],
    rng: random.Random,
    timeout: float,
    results: list[Request],
    hold: asyncio.Event,
    keep_text: bool = False,
) -> str | None:
    """Arrive after `delay`, make the requests with reading pauses, then keep the tab open until `hold` is set."""
    await asyncio.sleep(delay)
    upstream = None
    try:
        async with connect(base_url, f"viewer{number:04d}-{rng.randrange(10**9)}", timeout) as ws:
            upstream = ws.response.headers.get("X-Upstream")
            for index, (page, query) in enumerate(steps):
                if index:
                    await asyncio.sleep(rng.uniform(*think))
                began = time.perf_counter()
                try:
                    seconds, error, texts = await run_once(ws, page, query, timeout, keep_text)
                except TimeoutError:
                    results.append(Request(number, page, began, None, f"no script_finished within {timeout:.0f} s"))
                    return upstream
                results.append(Request(number, page, began, seconds, error, texts))
            await hold.wait()
    except (OSError, websockets.WebSocketException, TimeoutError) as failure:
        results.append(Request(number, "connect", time.perf_counter(), None, f"socket: {failure!r}"[:200]))
    return upstream


# ---- server processes and what they use ----------------------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Sampler:
    """RSS of each server process every 0.25 s, in a thread; CPU from /proc/<pid>/stat between two marks."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.peak = dict.fromkeys(pids, 0.0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            for pid in self.pids:
                with suppress(OSError):
                    self.peak[pid] = max(self.peak[pid], common.rss_mib(pid))

    def start(self) -> "Sampler":
        self.cpu0 = {pid: cpu_seconds(pid) for pid in self.pids}
        self.t0 = time.perf_counter()
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()
        self.wall = time.perf_counter() - self.t0
        self.cpu = {pid: cpu_seconds(pid) - self.cpu0[pid] for pid in self.pids}


def start_server(store: Path) -> tuple[subprocess.Popen, str]:
    from harness.browser import start_streamlit

    # as deployed (Dockerfile, compose.yaml, deploy/pantau@.service): fewer malloc arenas, lower and flatter RSS.
    # The users file named outright: the viewers' cookies are signed with the key beside the one this process
    # reads now (connect), whatever pantau.toml the server would otherwise resolve
    env = {
        **os.environ,
        "PANTAU_STORE": str(store),
        "MALLOC_ARENA_MAX": "2",
        "PANTAU_USERS": str(config.read().auth.users_path),
    }
    return start_streamlit(common.ROOT, env)


def wait_healthy(url: str, timeout: float = 120) -> None:
    from harness.browser import wait_healthy as healthy

    healthy(url, timeout)


@contextmanager
def servers(store: Path, count: int) -> Iterator[list[tuple[int, str]]]:
    """`count` streamlit processes on free loopback ports, all on one store; yields [(pid, url)]."""
    started = []
    try:
        for _ in range(count):
            started.append(start_server(store))
        for _, url in started:
            wait_healthy(url)
        yield [(process.pid, url) for process, url in started]
    finally:
        for process, _ in started:
            process.terminate()
        for process, _ in started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def nginx_conf(upstreams: list[str], listen: int, folder: Path) -> str:
    """deploy/nginx.conf with this run's upstreams, port and temp paths (same sticky rule and headers)."""
    template = (common.ROOT / "deploy" / "nginx.conf").read_text()
    servers_ = "\n".join(f"        server {u.removeprefix('http://')};" for u in upstreams)
    text = template.replace("        server app:8501;", servers_).replace("listen 8080;", f"listen 127.0.0.1:{listen};")
    # a foreground child with its own pid, logs and temp dirs, runnable without root
    head = (
        f"daemon off;\npid {folder}/nginx.pid;\nerror_log {folder}/error.log warn;\n"
        f"worker_processes 1;\nevents {{ worker_connections 1024; }}\n"
    )
    # the bench reads which replica took each session; the shipped config does not tell visitors
    upstream_header = "        add_header X-Upstream $upstream_addr always;\n"
    body = text.split("http {", 1)[1].replace(
        "        add_header Set-Cookie", upstream_header + "        add_header Set-Cookie"
    )
    temp = "".join(
        f"    {name}_temp_path {folder}/{name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return head + "http {\n" + temp + f"    access_log {folder}/access.log;\n" + body


def check_nginx() -> None:
    """`nginx -t` on deploy/nginx.conf as the bench runs it: 127.0.0.1 upstreams (compose's `app` does not resolve
    here), its own temp paths; everything else (sticky hash, websocket headers, timeouts) as shipped."""
    with tempfile.TemporaryDirectory(prefix="pantau-nginx-") as folder:
        conf = Path(folder) / "nginx.conf"
        conf.write_text(nginx_conf(["127.0.0.1:8501", "127.0.0.1:8502"], 8080, Path(folder)))
        done = subprocess.run([NGINX, "-t", "-c", str(conf), "-e", f"{folder}/error.log"], capture_output=True)
        print(done.stderr.decode().strip())
        if done.returncode:
            raise SystemExit(done.returncode)


@contextmanager
def proxy(upstreams: list[str]) -> Iterator[tuple[str, int]]:
    """nginx in front of the upstreams on a free loopback port; yields (url, nginx master pid)."""
    from harness.browser import free_port

    folder = Path(tempfile.mkdtemp(prefix="pantau-nginx-"))
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(upstreams, port, folder))
    check = subprocess.run([NGINX, "-t", "-c", str(conf), "-e", str(folder / "error.log")], capture_output=True)
    if check.returncode:
        raise RuntimeError(check.stderr.decode())
    process = subprocess.Popen([NGINX, "-c", str(conf), "-e", str(folder / "error.log")])
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, 30)
        yield url, process.pid
    finally:
        process.terminate()
        process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


# ---- imports during the load ------------------------------------------------------------------------------


def import_file(seed: int) -> Path:
    """A 400 k-row synthetic export over the region's villages (kept in the bench folder between runs)."""
    path = common.WORK / "load" / f"ekspor_{IMPORT_ROWS // 1000}k_{seed}.csv"
    if not path.exists():
        common.write_export(common.synthetic_export(villages(), IMPORT_ROWS, seed, id_prefix=f"L{seed}-"), path)
    return path


def ingest(store: Path, export: Path) -> dict:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(store), "ingest", str(export)],
        cwd=common.ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    return {"file": export.name, "seconds": round(time.perf_counter() - started, 1), "ended": time.perf_counter()}


def fresh_store(folder: Path) -> Path:
    """A copy of the demo's data as a real store, read by a real user: imports land in it while the viewers read,
    and a demo store takes no real exports (nor one-click users on a real one)."""
    import duckdb

    from bench import stores
    from sensus.auth import users

    global VIEWER
    stores.build_demo()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sensus.duckdb"
    shutil.copyfile(stores.DEMO, path)
    shutil.copyfile(stores.DEMO.with_suffix(".salt"), path.with_suffix(".salt"))
    # private, as the store's own writer leaves them (a copy takes the umask's mode, and the readers warn)
    path.chmod(0o600)
    path.with_suffix(".salt").chmod(0o600)
    con = duckdb.connect(str(path))
    con.execute("delete from meta where kunci = 'demo'")
    con.close()
    # the servers started after this read this users file (start_server names it), the cookies are signed for it
    os.environ["PANTAU_USERS"] = str(folder / "users.json")
    cfg = config.read()
    if users.get(BENCH_VIEWER, cfg.auth.users_path) is None:
        users.add(BENCH_VIEWER, ["pimpinan"], None, secrets.token_hex(16), cfg.auth.users_path, region=cfg.wilayah)
    VIEWER = BENCH_VIEWER
    return path


# ---- a level: N viewers --------------------------------------------------------------------------------------


async def warm(url: str, timeout: float) -> None:
    """One viewer visits every page once: the morning's first viewer, so the levels compare warm caches."""
    results: list[Request] = []
    hold = asyncio.Event()
    hold.set()
    steps = [(page, "") for page in PAGES]
    await viewer(-1, url, steps, 0, (0, 0), random.Random(0), timeout, results, hold)
    failed = [r.error for r in results if r.error]
    if failed:
        raise RuntimeError(f"warm-up failed: {failed}")


async def level(
    url: str,
    sessions: int,
    requests: int,
    arrival: float,
    think: tuple[float, float],
    timeout: float,
    seed: int,
    latest_share: float = 0.0,
) -> tuple[list[Request], list[asyncio.Task], asyncio.Event]:
    rng = random.Random(seed)
    desa = villages()
    window = config.read().window
    results: list[Request] = []
    hold = asyncio.Event()
    tasks = [
        asyncio.create_task(
            viewer(
                number,
                url,
                plan(random.Random(seed * 1000 + number), requests, desa, latest_share, window),
                rng.uniform(0, arrival),
                think,
                random.Random(seed * 7 + number),
                timeout,
                results,
                hold,
            )
        )
        for number in range(sessions)
    ]
    # every viewer keeps its tab open until all have made their requests: RSS is read with all N connected
    while sum(1 for r in results if r.page != "connect") < sessions * requests and not all(t.done() for t in tasks):
        await asyncio.sleep(0.1)
    await asyncio.sleep(0.5)
    return results, tasks, hold


def summarise(results: list[Request], sampler: Sampler, server_pids: list[int], rss_warm: dict, sessions: int) -> dict:
    times = [r.seconds for r in results if r.seconds is not None]
    errors = [r.error for r in results if r.error]
    rss_end = sum(common.rss_mib(pid) for pid in server_pids)
    warm_total = sum(rss_warm.values())
    cpu = sum(sampler.cpu[pid] for pid in server_pids)
    figures = {
        "sessions": sessions,
        "requests": len(times),
        "errors": len(errors),
        "error_kinds": sorted({e.split(":")[0] + ": " + e.split(":", 2)[-1].strip()[:80] for e in errors})[:5],
        "server_cpu_percent": round(100 * cpu / sampler.wall, 1),
        "server_cpu_s": round(cpu, 1),
        "wall_s": round(sampler.wall, 1),
        "rss_warm_mib": round(warm_total, 1),
        "rss_end_mib": round(rss_end, 1),
        "rss_peak_mib": round(sum(sampler.peak[pid] for pid in server_pids), 1),
        "rss_per_session_mib": round((rss_end - warm_total) / sessions, 2),
    }
    if times:
        figures |= common.percentiles(times)
        figures["by_page_p95_ms"] = {
            page: common.percentiles([r.seconds for r in results if r.page == page and r.seconds is not None])["p95_ms"]
            for page in PAGES
            if any(r.page == page and r.seconds is not None for r in results)
        }
    return figures


def run_level(store: Path, sessions: int, args: argparse.Namespace, with_import: bool, replicas: int = 0) -> dict:
    """A fresh server (or replicas behind nginx), warmed by one viewer, then `sessions` viewers; imports if asked."""
    with ExitStack() as stack:
        backends = stack.enter_context(servers(store, max(replicas, 1)))
        pids = [pid for pid, _ in backends]
        if replicas:
            url, _ = stack.enter_context(proxy([u for _, u in backends]))
        else:
            url = backends[0][1]
        for _, backend in backends:
            asyncio.run(warm(backend, args.timeout))
        rss_warm = {pid: common.rss_mib(pid) for pid in pids}
        imports: list[dict] = []
        stop_imports = threading.Event()

        def import_loop() -> None:
            # back to back for the whole level, each a new file (a repeated file is skipped in a second)
            for seed in range(args.import_seed, args.import_seed + args.max_imports):
                if stop_imports.is_set():
                    return
                imports.append({"started": time.perf_counter()} | ingest(store, import_file(seed)))

        importer = threading.Thread(target=import_loop, daemon=True)
        load_before = os.getloadavg()
        client_cpu0 = _self_cpu()

        async def drive():
            sampler = Sampler(pids).start()
            if with_import:
                importer.start()
            results, tasks, hold = await level(
                url,
                sessions,
                args.requests,
                args.arrival,
                args.think,
                args.timeout,
                args.seed + sessions,
                args.latest_share,
            )
            sampler.stop()
            figures = summarise(results, sampler, pids, rss_warm, sessions)
            hold.set()
            upstreams = [u for u in await asyncio.gather(*tasks) if u]
            return results, figures, upstreams

        results, figures, upstreams = asyncio.run(drive())
        stop_imports.set()
        if with_import:
            importer.join()
        figures["client_cpu_s"] = round(_self_cpu() - client_cpu0, 1)
        figures["loadavg_before"] = [round(x, 2) for x in load_before]
        figures["loadavg_after"] = [round(x, 2) for x in os.getloadavg()]
        if with_import:
            figures["imports"] = [{"file": i["file"], "seconds": i["seconds"]} for i in imports]
            spans = [(i["started"], i["ended"]) for i in imports]
            during = [r.seconds for r in results if r.seconds and any(a <= r.started <= b for a, b in spans)]
            figures["requests_during_import"] = len(during)
            if during:
                figures["during_import_p95_ms"] = common.percentiles(during)["p95_ms"]
        if replicas:
            figures["replicas"] = replicas
            figures["sessions_per_upstream"] = {u: upstreams.count(u) for u in sorted(set(upstreams))}
        return figures


def _self_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def rounds(url: str, sessions: int, steps: list[tuple[str, str]], count: int, after_round) -> list[Request]:
    """`sessions` tabs stay open while each makes the same `steps` `count` times over; `after_round(n)` runs
    between rounds (the CI test reads the server's RSS there). No pauses: each round waits for every run to end."""
    results: list[Request] = []
    async with AsyncExitStack() as stack:
        sockets = [await stack.enter_async_context(connect(url, f"round{number}")) for number in range(sessions)]

        async def walk(number: int, ws) -> None:
            for page, query in steps:
                began = time.perf_counter()
                try:
                    seconds, error, _ = await run_once(ws, page, query, 120, keep_text=False)
                except TimeoutError:
                    seconds, error = None, "no script_finished within 120 s"
                results.append(Request(number, page, began, seconds, error))

        for number in range(count):
            await asyncio.gather(*(walk(i, ws) for i, ws in enumerate(sockets)))
            after_round(number)
    return results


# ---- the multi-replica check: an import lands while every replica serves ----------------------------------------


async def data_page_texts(url: str, timeout: float) -> tuple[list[str], str | None]:
    results: list[Request] = []
    hold = asyncio.Event()
    hold.set()
    await viewer(0, url, [("data", "")], 0, (0, 0), random.Random(1), timeout, results, hold, keep_text=True)
    return (results[0].texts, results[0].error) if results else ([], "no result")


def stored_submissions(store: Path) -> int:
    """The submissions the data page shows without a date in its URL: those up to the last day with data in the
    window (calendar.as_of_default), as its caption counts them since the page follows the as-of day."""
    from sensus.core import calendar
    from sensus.core.scope import KABUPATEN
    from sensus.store import database, reports

    cfg = config.read()
    con = database.connect_reader(store, region=cfg.wilayah)
    try:
        day = calendar.as_of_default(reports.status_data(con, scope=KABUPATEN)["hari_data_terakhir"], cfg)
        return reports.status_data(con, day, scope=KABUPATEN)["jumlah_submisi"]
    finally:
        con.close()


def replica_import_check(store: Path, replicas: int, args: argparse.Namespace) -> dict:
    """Sessions open on every replica (and through nginx) before an import; each reruns after it lands."""
    from sensus.core import i18n

    with servers(store, replicas) as backends, proxy([u for _, u in backends]) as (proxy_url, _):

        async def check() -> dict:
            urls = [u for _, u in backends] + [proxy_url]
            before = i18n.angka(stored_submissions(store), "id")
            hold = asyncio.Event()
            # one open tab per replica plus one through the proxy: rerun the data page before and after
            opened = []
            for index, url in enumerate(urls):
                results: list[Request] = []
                after = asyncio.Event()
                steps = [("data", ""), ("data", "")]
                task = asyncio.create_task(_two_runs(index, url, steps, results, after, args.timeout))
                opened.append((url, results, after, task))
            await asyncio.sleep(0)
            while any(len(r) < 1 and not t.done() for _, r, _, t in opened):
                await asyncio.sleep(0.05)
            shown_before = [any(before in text for text in r[0].texts) if r else False for _, r, _, _ in opened]
            landed = await asyncio.to_thread(ingest, store, import_file(args.import_seed + 50))
            now = i18n.angka(stored_submissions(store), "id")
            for _, _, after, _ in opened:
                after.set()
            await asyncio.gather(*(t for *_, t in opened))
            hold.set()
            rows = []
            for (url, results, _, _), saw_before in zip(opened, shown_before, strict=True):
                second = results[1] if len(results) > 1 else None
                fresh_texts, fresh_error = await data_page_texts(url, args.timeout)
                rows.append(
                    {
                        "url": url if url != proxy_url else f"{url} (nginx)",
                        "showed_old_count_before": saw_before,
                        "open_session_rerun_shows_new_count": bool(second and any(now in t for t in second.texts)),
                        "new_session_shows_new_count": any(now in t for t in fresh_texts),
                        "errors": [r.error for r in results if r.error] + ([fresh_error] if fresh_error else []),
                    }
                )
            return {"submissions_before": before, "submissions_after": now, "import": landed, "replicas": rows}

        figures = asyncio.run(check())
    figures["import"].pop("ended", None)
    figures["all_replicas_see_new_version"] = all(
        r["open_session_rerun_shows_new_count"] and r["new_session_shows_new_count"] for r in figures["replicas"]
    )
    figures["errors"] = sum(len(r["errors"]) for r in figures["replicas"])
    return figures


async def _two_runs(index, url, steps, results, after: asyncio.Event, timeout) -> None:
    async with connect(url, f"check{index}", timeout) as ws:
        for number, (page, query) in enumerate(steps):
            if number:
                await after.wait()
            began = time.perf_counter()
            seconds, error, texts = await run_once(ws, page, query, timeout, keep_text=True)
            results.append(Request(index, page, began, seconds, error, texts))


# ---- the command -------------------------------------------------------------------------------------------


def holds(row: dict) -> bool:
    return row.get("errors", 1) == 0 and row.get("p95_ms", 1e9) <= P95_LIMIT_S * 1000


def table(rows: list[dict]) -> str:
    header = [
        "sessions",
        "requests",
        "p50 ms",
        "p95 ms",
        "max ms",
        "errors",
        "server CPU %",
        "CPU s / request",
        "RSS warm → end MiB",
        "peak MiB",
        "MiB / extra session",
        "load avg before → after",
    ]
    body = [
        [
            r["sessions"],
            r["requests"],
            r.get("p50_ms", "–"),
            r.get("p95_ms", "–"),
            r.get("max_ms", "–"),
            r["errors"],
            r["server_cpu_percent"],
            round(r["server_cpu_s"] / r["requests"], 3) if r["requests"] else "–",
            f"{r['rss_warm_mib']:.0f} → {r['rss_end_mib']:.0f}",
            f"{r['rss_peak_mib']:.0f}",
            r["rss_per_session_mib"],
            f"{r['loadavg_before'][0]:.1f} → {r['loadavg_after'][0]:.1f}",
        ]
        for r in rows
    ]
    return common.table_md(header, body)


def largest_holding(rows: list[dict]) -> int | None:
    held = [r["sessions"] for r in rows if holds(r)]
    return max(held) if held else None


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default=",".join(map(str, SESSIONS)), help="comma-separated levels")
    parser.add_argument("--requests", type=int, default=5, help="requests per viewer")
    parser.add_argument("--arrival", type=float, default=10.0, help="viewers arrive over this many seconds")
    parser.add_argument("--think", default="5,15", help="reading time between requests, seconds: min,max")
    parser.add_argument(
        "--latest-share",
        type=float,
        default=LATEST_SHARE,
        help="share of requests on the latest day (no date in the URL)",
    )
    parser.add_argument("--timeout", type=float, default=60.0, help="a run not finished by then is an error")
    parser.add_argument("--replicas", type=int, default=0, help="server processes behind nginx (0: one, direct)")
    parser.add_argument("--no-import", action="store_true", help="skip the levels with imports running")
    parser.add_argument("--max-imports", type=int, default=3, help="imports back to back per level, at most")
    parser.add_argument("--quick", action="store_true", help="reading 0.5–1.5 s, arrival 2 s, 3 requests")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--name", default=None, help="results name (default load or load_replicas)")
    parser.add_argument("--render", metavar="NAME", help="only rewrite bench/results/NAME.md from its JSON")
    parser.add_argument("--check-nginx", action="store_true", help="only `nginx -t` deploy/nginx.conf (for CI)")
    args = parser.parse_args(argv)
    if args.check_nginx:
        check_nginx()
        return
    if args.render:
        render(args.render)
        return
    args.think = tuple(float(x) for x in args.think.split(","))
    args.import_seed = 700
    if args.quick:
        args.think, args.arrival, args.requests = (0.5, 1.5), 2.0, 3
    levels = [int(x) for x in args.sessions.split(",")]
    name = args.name or ("load_replicas" if args.replicas else "load")
    work = Path(tempfile.mkdtemp(prefix="load-", dir=common.WORK))
    if not args.no_import:
        for seed in range(args.import_seed, args.import_seed + args.max_imports):
            import_file(seed)
    if args.replicas:
        import_file(args.import_seed + 50)

    figures: dict = {"settings": {k: v for k, v in vars(args).items()}, "levels": [], "with_import": []}
    for sessions in levels:
        row = run_level(fresh_store(work / f"n{sessions}"), sessions, args, False, args.replicas)
        print(json.dumps(row), flush=True)
        figures["levels"].append(row)
    if not args.no_import:
        for sessions in levels:
            row = run_level(fresh_store(work / f"i{sessions}"), sessions, args, True, args.replicas)
            print(json.dumps(row), flush=True)
            figures["with_import"].append(row)
    if args.replicas:
        figures["replica_check"] = check = replica_import_check(fresh_store(work / "check"), args.replicas, args)
        print(json.dumps(check), flush=True)
    shutil.rmtree(work, ignore_errors=True)
    figures["largest_holding"] = largest_holding(figures["levels"])
    figures["largest_holding_with_import"] = largest_holding(figures["with_import"])
    save(name, figures, args)


def save(name: str, figures: dict, args: argparse.Namespace) -> None:
    common.save(name, figures, markdown(figures, args))


def render(name: str) -> None:
    """Rewrite bench/results/<name>.md from its JSON (after a change of layout; the figures stay as measured)."""
    figures = json.loads((common.RESULTS / f"{name}.json").read_text())
    # runs before --latest-share existed drew every date at random
    args = argparse.Namespace(**({"latest_share": 0.0} | figures["settings"]))
    (common.RESULTS / f"{name}.md").write_text(markdown(figures, args).rstrip() + "\n")


def markdown(figures: dict, args: argparse.Namespace) -> str:
    where = f"{args.replicas} server processes behind nginx" if args.replicas else "one server process"
    lines = [
        f"## Load: concurrent viewers, {where} (`python -m bench.load"
        + (f" --replicas {args.replicas}" if args.replicas else "")
        + (" --quick" if args.quick else "")
        + (f" --latest-share {args.latest_share:g}" if getattr(args, "latest_share", 0.0) != LATEST_SHARE else "")
        + "`)",
        "",
        f"Viewers speak Streamlit's websocket protocol (no browser paints). They arrive over {args.arrival:g} s, "
        f"make {args.requests} requests each with {args.think[0]:g}–{args.think[1]:g} s of reading between them, "
        "cycling ringkasan, kecamatan, desa, sosialisasi and data, half of them in households (`ukuran=kk`); "
        f"{getattr(args, 'latest_share', 0.0):.0%} of the requests open on the latest day (a morning link), the "
        "others on a random day of the window (most of these miss the caches). Each level "
        "starts a fresh server on a copy of the demo store, warmed by one viewer visiting every page. Time = "
        "request sent → `script_finished`. RSS is the server's (all replicas summed), read with every viewer still "
        "connected; per extra session = (end - warm) / N. The load client runs on the same 2 cores; other sessions' "
        "tests may have been running too: the load average before and after each level is in the table.",
        "",
        table(figures["levels"]),
        "",
        f"Largest N with p95 ≤ {P95_LIMIT_S:g} s and no error: **{figures['largest_holding']}**.",
    ]
    if figures["with_import"]:
        lines += [
            "",
            f"While {IMPORT_ROWS:,}-row imports run back to back (`python -m sensus ingest`, a separate process, "
            f"up to {args.max_imports} per level; each publishes a new version, so caches miss after each):",
            "",
            table(figures["with_import"]),
            "",
            "Imports per level (seconds each): "
            + "; ".join(
                f"N={r['sessions']}: "
                + ", ".join(str(i["seconds"]) for i in r.get("imports", []))
                + f" ({r.get('requests_during_import', 0)} requests during an import, p95 "
                f"{r.get('during_import_p95_ms', '–')} ms)"
                for r in figures["with_import"]
            ),
            "",
            f"Largest N holding with imports running: **{figures['largest_holding_with_import']}**.",
        ]
    for row in figures["levels"] + figures["with_import"]:
        if row["error_kinds"]:
            lines.append(f"\nErrors at N={row['sessions']}: " + "; ".join(row["error_kinds"]))
    if "replica_check" in figures:
        check = figures["replica_check"]
        lines += [
            "",
            f"Import landing while {args.replicas} replicas serve: submissions shown {check['submissions_before']} → "
            f"{check['submissions_after']} (import {check['import']['seconds']} s). Every replica's open session "
            f"shows the new count on its next rerun and a new session does too: "
            f"**{check['all_replicas_see_new_version']}**; errors: {check['errors']}.",
            "",
            common.table_md(
                ["where", "old count before", "open session, next rerun", "new session", "errors"],
                [
                    [
                        r["url"],
                        r["showed_old_count_before"],
                        r["open_session_rerun_shows_new_count"],
                        r["new_session_shows_new_count"],
                        len(r["errors"]),
                    ]
                    for r in check["replicas"]
                ],
            ),
        ]
    if args.replicas:
        spread = [r.get("sessions_per_upstream") for r in figures["levels"]]
        lines += ["", f"Sessions per replica (nginx `hash $cookie_pantau_sticky consistent`): {spread}"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
