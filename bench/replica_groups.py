"""Two dashboard replica groups that share nothing but PostgreSQL, as real Streamlit servers seen in Chromium.

    python -m bench.replica_groups              # 4 imports
    python -m bench.replica_groups --imports 2  # shorter

Setup (also what tests/e2e/test_replica_groups.py uses): a throwaway PostgreSQL (deploy/postgres_local.py); an
importer folder with a real store for each of DI Yogyakarta's five kabupaten/kota (the province demo's simulated
files, imported: a demo store refuses real imports), published to PostgreSQL; the users (a kepala_provinsi and a
pimpinan bound to Sleman, 34.04) added with `python -m sensus users add` into PostgreSQL; two servers A and B,
each with a folder of its own (PANTAU_TERBIT, PANTAU_STORE and PANTAU_USERS point into it, and neither a store
nor a users file is ever there: a server keeps only its local copy of what was published).

Measured: an import of a new export into Sleman on the importer (`python -m sensus ingest`), then both province
pages reloaded; the time from the ingest's end until each page shows the importer's own report (the moment the
figure first appears, as the page itself records it), the first rerun's length with a new version to fetch
against one with nothing new, the local copy's refresh alone (a third copy in this process), and each server's
memory.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bench import common
from deploy import postgres_local
from harness import browser
from harness.synthetic import region_villages, synthetic_export, write_export
from sensus.core import i18n

PROVINSI = "34"
SLEMAN = "34.04"
KABUPATEN = ("34.01", "34.02", "34.03", "34.04", "34.71")
PASSWORD = "replika-kata-sandi-panjang"
WRONG = "bukan-kata-sandinya-sama-sekali"
HEAD = "kepala-diy"
PIMPINAN = "pimpinan-sleman"
GROUPS = ("a", "b")
# what the pages show, in Bahasa Indonesia (the default), from the catalogs the pages read
PROVINCE_KK = i18n.t("provinsi_kk_respon", "id")
PROVINCE_PERSONS = i18n.t("provinsi_penduduk_respon", "id")
KABUPATEN_KK = i18n.t("kk_respon", "id")  # a kabupaten's overview: its households responded
LOCKED = i18n.t("masuk_terkunci", "id").split("{")[0].strip()
WRONG_PASSWORD = i18n.t("masuk_salah", "id").rstrip(".")

# Each page notes when each metric's value first showed (label=value → epoch ms), polling its own DOM: the time an
# import became visible on a server does not depend on which page the driver looks at first.
WATCH_METRICS = """
window.__pantauSeen = {};
setInterval(() => {
    for (const metric of document.querySelectorAll('[data-testid="stMetric"]')) {
        const label = metric.querySelector('[data-testid="stMetricLabel"]')?.innerText.trim();
        const value = metric.querySelector('[data-testid="stMetricValue"]')?.innerText.trim();
        const key = label + '=' + value;
        if (label && value && !(key in window.__pantauSeen)) window.__pantauSeen[key] = Date.now();
    }
}, 20);
"""


@dataclass(frozen=True)
class Groups:
    """The folders of one run: the importer's, an administrator's (the users command) and one per replica group."""

    folder: Path
    dsn: str

    def path(self, who: str) -> Path:
        return self.folder / who

    def environ(self, who: str, **extra: str) -> dict[str, str]:
        """The environment of `who` ("importer", "admin", "a", "b"): the province, PostgreSQL, and the stores, the
        published folder and the users file inside its own folder (nothing inherited from the caller's PANTAU_*)."""
        own = self.path(who)
        settings = {
            "PANTAU_PROVINSI": PROVINSI,
            "PANTAU_POSTGRES": self.dsn,
            "PANTAU_STORE": str(own / "{kabupaten}.duckdb"),
            "PANTAU_TERBIT": str(own / "terbit"),
            "PANTAU_USERS": str(own / "users.json"),
            **extra,
        }
        return {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")} | settings


@contextmanager
def postgres(folder: Path) -> Iterator[str]:
    """A throwaway PostgreSQL in `folder` (short: its socket path is limited); its DSN."""
    dsn = postgres_local.start(folder)
    try:
        yield dsn
    finally:
        postgres_local.stop(folder)


def sensus(groups: Groups, who: str, *argv: str, stdin: str | None = None, **extra: str) -> str:
    """`python -m sensus ARGV` as `who`; its output (a failure raises with its stderr)."""
    done = subprocess.run(
        [sys.executable, "-m", "sensus", *argv],
        cwd=common.ROOT,
        env=groups.environ(who, **extra),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if done.returncode != 0:
        raise RuntimeError(f"python -m sensus {' '.join(argv)} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def build_stores(groups: Groups, seed: int = 2020) -> None:
    """A real store (not a demo: a demo store refuses real imports) for each kabupaten in the importer's folder:
    the province demo's simulated targets, events and exports, through the importer as an office would load them."""
    from sensus.core import config, wilayah_indonesia
    from sensus.demo import simulate
    from sensus.ingest import importer

    deployment = config.read(environ=groups.environ("importer"))
    for kode in deployment.daftar_kabupaten:
        cfg = deployment.for_kabupaten(kode)
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            targets, events, exports = simulate.simulate(
                wilayah_indonesia.wilayah(kode), folder / "ekspor", seed=seed, region=cfg.wilayah, window=cfg.window
            )
            targets.write_csv(folder / "target.csv")
            events.write_csv(folder / "kegiatan.csv")
            importer.ingest_targets(folder / "target.csv", cfg.store_path, cfg=cfg)
            importer.ingest_events(folder / "kegiatan.csv", cfg.store_path, cfg=cfg)
            for export in exports:
                importer.load_submissions(export, cfg.store_path, cfg=cfg)


def prepare(groups: Groups) -> None:
    """The importer's stores built and published to PostgreSQL (`python -m sensus publish`), and the two users
    added to PostgreSQL by an administrator's `python -m sensus users add` (in a folder of its own)."""
    for who in ("importer", "admin", *GROUPS):
        groups.path(who).mkdir(parents=True)
    build_stores(groups)
    sensus(groups, "importer", "publish")
    sensus(groups, "admin", "users", "add", HEAD, "--role", "kepala_provinsi", "--password-stdin", stdin=PASSWORD)
    sensus(groups, "admin", "users", "add", PIMPINAN, "--role", "pimpinan", "--kabupaten", SLEMAN,
           "--password-stdin", stdin=PASSWORD)  # fmt: skip


@dataclass(frozen=True)
class Server:
    url: str
    process: subprocess.Popen


@contextmanager
def servers(groups: Groups) -> Iterator[dict[str, Server]]:
    """Dashboard servers A and B, each on its own folder; stopped at the end."""
    started: dict[str, Server] = {}
    try:
        for who in GROUPS:
            process, url = browser.start_streamlit(common.ROOT, groups.environ(who))
            started[who] = Server(url, process)
        for server in started.values():
            browser.wait_healthy(server.url)
        yield started
    finally:
        for server in started.values():
            server.process.terminate()
        for server in started.values():
            server.process.wait(timeout=30)


def new_export(folder: Path, number: int, rows: int) -> Path:
    """A new export of Sleman's villages: `rows` submissions no earlier import holds (a seed and ids per number)."""
    villages = region_villages(SLEMAN)["kode_desa"].to_list()
    table = synthetic_export(villages, rows, seed=500 + number, id_prefix=f"REPLIKA{number}-")
    return write_export(table, folder / f"ekspor-sleman-{number}.csv")


def ingest(groups: Groups, export: Path) -> float:
    """The export imported (and published) on the importer; the epoch second the command ended."""
    sensus(groups, "importer", "ingest", str(export))
    return time.time()


def importer_report(groups: Groups) -> dict[str, dict]:
    """Each kabupaten's own report on the importer's store (kabupaten level, its last day with data)."""
    figures = {}
    for kode in KABUPATEN:
        out = sensus(groups, "importer", "report", "--level", "kabupaten", "--kabupaten", kode, "--format", "json")
        figures[kode] = json.loads(out)[0]
    return figures


def province_expected(report: dict[str, dict]) -> dict[str, str]:
    """The province page's totals as its cards write them, from the importer's own reports."""
    return {
        PROVINCE_KK: i18n.angka(sum(r["kk_respon"] for r in report.values())),
        PROVINCE_PERSONS: i18n.angka(sum(r["penduduk_respon"] for r in report.values())),
    }


# ---- in the browser ------------------------------------------------------------------------------------------


def watch(context) -> None:
    """Every page of `context` records when each metric value first shows (see WATCH_METRICS)."""
    context.add_init_script(WATCH_METRICS)


def sign_in_form(page, url: str, name: str, password: str) -> None:
    """Open `url` and submit the sign-in form (no wait for the outcome)."""
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(name)
    page.get_by_label("Kata sandi", exact=True).fill(password)
    page.get_by_role("button", name="Masuk", exact=True).click()


def refused(page, url: str, name: str, password: str) -> str:
    """Submit the form with a password the server refuses; the error the page shows."""
    sign_in_form(page, url, name, password)
    alert = page.locator("[data-testid='stAlertContentError']")
    alert.wait_for(timeout=60_000)
    return alert.inner_text()


def signed_in(page, url: str, name: str, password: str) -> None:
    """Sign in through the form and wait until the page behind it has settled."""
    sign_in_form(page, url, name, password)
    page.get_by_label("Nama pengguna").wait_for(state="detached", timeout=60_000)
    browser.wait_until_settled(page)


def metrics(page) -> dict[str, str]:
    """label → value of every metric card on the page."""
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('[data-testid="stMetric"]')].map(m => [
            m.querySelector('[data-testid="stMetricLabel"]').innerText.trim(),
            m.querySelector('[data-testid="stMetricValue"]').innerText.trim()]))"""
    )


def first_shown(page, label: str, value: str, timeout_ms: int = 120_000) -> float:
    """The epoch second the page first showed `value` on the card `label` (waits for it)."""
    key = f"{label}={value}"
    page.wait_for_function("(key) => window.__pantauSeen && key in window.__pantauSeen", arg=key, timeout=timeout_ms)
    return page.evaluate("(key) => window.__pantauSeen[key]", key) / 1000


def reload_settled(page) -> float:
    """Reload (a new run of the page) and wait until it has settled; the seconds from the reload until then."""
    started = time.perf_counter()
    page.reload()
    browser.wait_until_settled(page)
    return time.perf_counter() - started


# ---- what each folder holds ------------------------------------------------------------------------------------


def listing(folder: Path) -> list[str]:
    """Every file under `folder`, relative to it, sorted."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def inodes(folder: Path) -> set[tuple[int, int]]:
    return {(p.stat().st_dev, p.stat().st_ino) for p in folder.rglob("*") if p.is_file()}


# ---- the benchmark -------------------------------------------------------------------------------------------


def measure(groups: Groups, imports: int, rows: int) -> dict:
    from playwright.sync_api import sync_playwright

    from sensus.province import replica

    # a third copy, in this process: the refresh alone, with and without a version to fetch
    third = replica.LocalCopy(groups.dsn, groups.folder / "c" / "terbit-replika")
    third.refresh()
    visible: dict[str, list[float]] = {who: [] for who in (*GROUPS, "kabupaten")}
    rerun_new: dict[str, list[float]] = {who: [] for who in GROUPS}
    rerun_same: dict[str, list[float]] = {who: [] for who in GROUPS}
    refresh_download, refresh_same = [], []
    with servers(groups) as running, sync_playwright() as playwright:
        chromium = playwright.chromium.launch(**browser.LAUNCH_ARGS)
        pages = {}
        for who in GROUPS:
            context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
            watch(context)
            pages[who] = context.new_page()
            signed_in(pages[who], running[who].url, HEAD, PASSWORD)
        # Sleman's kabupaten page on A, read from A's copy of Sleman's store
        pages["kabupaten"] = pages["a"].context.new_page()
        pages["kabupaten"].goto(f"{running['a'].url}/ringkasan?kab={SLEMAN}")
        browser.wait_until_settled(pages["kabupaten"])
        for number in range(1, imports + 1):
            ended = ingest(groups, new_export(groups.folder / "ekspor", number, rows))
            reloaded = {}
            for who, page in pages.items():  # all reloaded before any is waited on: each page notes its own moment
                reloaded[who] = time.time()
                page.reload(wait_until="commit")
            for page in pages.values():
                browser.wait_until_settled(page)
            # the importer's own report, taken once the pages are done (its commands would compete for the CPU)
            report = importer_report(groups)
            # per page: the province's card and the kabupaten's overview card may carry the same words
            province_kk = province_expected(report)[PROVINCE_KK]
            expected = {"a": province_kk, "b": province_kk, "kabupaten": i18n.angka(report[SLEMAN]["kk_respon"])}
            label = {"a": PROVINCE_KK, "b": PROVINCE_KK, "kabupaten": KABUPATEN_KK}
            for who, page in pages.items():
                if metrics(page)[label[who]] != expected[who]:
                    raise AssertionError(f"{who} shows {metrics(page)}, the importer's report {expected[who]}")
                shown = first_shown(page, label[who], expected[who])
                visible[who].append(shown - ended)
                if who in GROUPS:
                    rerun_new[who].append(shown - reloaded[who])
            for who in GROUPS:
                again = time.time()
                pages[who].reload(wait_until="commit")
                rerun_same[who].append(first_shown(pages[who], PROVINCE_KK, expected[who]) - again)
                browser.wait_until_settled(pages[who])
            started = time.perf_counter()
            if not third.refresh():
                raise AssertionError("the third copy saw no new version")
            refresh_download.append(time.perf_counter() - started)
            started = time.perf_counter()
            third.refresh()
            refresh_same.append(time.perf_counter() - started)
        memory = {
            who: {"rss_mib": common.rss_mib(s.process.pid), "peak_rss_mib": common.peak_rss_mib(s.process.pid)}
            for who, s in running.items()
        }
        chromium.close()
    third.close()
    return {
        # the machine is shared: how busy it was while the figures were taken
        "loadavg_1_5_15": os.getloadavg(),
        "imports": imports,
        "rows_per_import": rows,
        "visible_s": {who: [round(v, 3) for v in seen] for who, seen in visible.items()},
        "visible": {who: common.percentiles(seen) for who, seen in visible.items()},
        "rerun_with_new_version": {who: common.percentiles(rerun_new[who]) for who in GROUPS},
        "rerun_nothing_new": {who: common.percentiles(rerun_same[who]) for who in GROUPS},
        "refresh_download": common.percentiles(refresh_download),
        "refresh_nothing_new": common.percentiles(refresh_same),
        "servers": memory,
    }


def markdown(figures: dict) -> str:
    def ms(p: dict) -> str:
        return f"{p['p50_ms']:.0f} / {p['max_ms']:.0f}"

    load = ", ".join(f"{value:.1f}" for value in figures["loadavg_1_5_15"])

    rows = [
        [
            who.upper(),
            ms(figures["visible"][who]),
            ms(figures["rerun_with_new_version"][who]),
            ms(figures["rerun_nothing_new"][who]),
            f"{figures['servers'][who]['rss_mib']:.0f} / {figures['servers'][who]['peak_rss_mib']:.0f}",
        ]
        for who in GROUPS
    ]
    return "\n\n".join(
        [
            "## Two replica groups sharing only PostgreSQL (`python -m bench.replica_groups`)",
            f"Two Streamlit servers, each with a folder of its own (no shared file), read DI Yogyakarta's five "
            f"kabupaten published in a local PostgreSQL; an importer imports a new {figures['rows_per_import']}-row "
            f"export into Sleman {figures['imports']} times (`python -m sensus ingest`, which publishes), and both "
            "province pages (kepala_provinsi, signed in through the form in Chromium) are reloaded. Visible: from "
            "the ingest command's end until the page first shows the importer's own report (the page notes the "
            "moment itself). Rerun: from the reload until the page shows the figure; the first after an import (the "
            "server fetches the new version first) runs beside the other server's and Sleman's page on A (all three "
            "reloaded at once), the one with nothing new alone. ms p50 / max; memory MiB now / peak. "
            f"Load average at the end (1, 5, 15 min, 2 cores): {load}.",
            common.table_md(
                ["server", "import visible after", "rerun, new version", "rerun, nothing new", "RSS / peak MiB"], rows
            ),
            f"The local copy's refresh alone (a third copy in the benchmark's process): "
            f"{ms(figures['refresh_download'])} ms with a version to fetch (the marts and Sleman's store), "
            f"{ms(figures['refresh_nothing_new'])} ms with nothing new (one query). Sleman's kabupaten page on A "
            f"(from A's copy of Sleman's store) showed the import {ms(figures['visible']['kabupaten'])} ms after the "
            "ingest ended. The sign-in lockout holding across the two servers is tested in "
            "tests/e2e/test_replica_groups.py.",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--imports", type=int, default=4)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args()
    folder = common.scratch("replica-groups")
    # a folder of its own, which the postgres user can reach (a scratch folder's parents may be root's only)
    server = Path(tempfile.mkdtemp(prefix="rgpg-", dir="/tmp"))
    try:
        with postgres(server) as dsn:
            groups = Groups(folder, dsn)
            prepare(groups)
            figures = measure(groups, args.imports, args.rows)
    finally:
        shutil.rmtree(server, ignore_errors=True)
        shutil.rmtree(folder, ignore_errors=True)
    common.save("replica_groups", figures, markdown(figures))


if __name__ == "__main__":
    main()
