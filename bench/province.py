"""The province roll-up at Jawa Tengah's size: 35 kabupaten, 576 kecamatan, 8,563 villages, 46 days.

    python -m bench.province            # the full run (≈ 1 min): 35 kabupaten, 50 runs, a 200,000-row store
    python -m bench.province --quick    # a trial: 5 kabupaten, 10 runs, a 20,000-row store

1. Read side. Each kabupaten gets a synthetic store holding only what publishing reads (its real villages and
   kecamatan from the reference areas, random targets, a dense village × day mart), then the real
   `sensus.province.publish.publish` runs on it: publish time per kabupaten, summary rebuild time, bytes per
   version. The province reader (`sensus.province.read.ProvinceReader`) then answers the overview's queries, 50
   warm runs each (p50 / p95); beside them, the ranking computed from the 394,000 village rows instead of the
   summary, and a reader's open and no-change refresh.
2. Write side. A real store (harness.drills.base_store: targets and a synthetic export through the importer) takes a
   1,000-row delta (`importer.ingest_submissions`) and is published, (a) alone, into an empty province, and (b)
   beside 34 other stores and the 35 kabupaten's published versions; alternated, the median of each, and their
   ratio (the issue's bar: ≤ 1.3×).
3. Drill. A publisher looping in a child process is killed (SIGKILL) at random moments; after each kill every
   version folder must be whole and CURRENT must name one of them (`versions.problems`).
4. PostgreSQL (unless --no-postgres; a throwaway server of deploy/postgres_local.py, or --postgres DSN of a
   maintenance database to create databases on): every kabupaten's publish also into PostgreSQL (cost, bytes a
   version takes there), a replica's local copy (`sensus.province.replica.LocalCopy`: first download of the
   province, a refresh when nothing changed, the overview read through the copy at each rerun), and the write
   side's delta with PostgreSQL too (alone: a fresh database each run; in the province: one holding all of them).
"""

import argparse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import duckdb
import psycopg

from bench import common
from deploy import postgres_local
from sensus.core import wilayah_indonesia
from sensus.province import postgres as province_postgres
from sensus.province import publish, read, replica, versions

MULAI, SELESAI = date(2020, 2, 15), date(2020, 3, 31)
DAY = date(2020, 3, 20)
BLORA = "33.16"

MART = """
create table kecamatan as select distinct kode_kec, nama_kec from villages;
create table desa as select kode_desa, nama_desa, jenis, kode_kec from villages;
create table target as
    select kode_desa, penduduk, greatest(penduduk // 3.49, 1)::integer as kk, 'sintetis' as sumber
    from (select kode_desa, (300 + floor(random() * 6000))::integer as penduduk from villages);
create table meta as select * from (values ('versi', '1'), ('skema', '5'), ('jendela_marts', $jendela)) t(kunci, nilai);
create table capaian_harian_desa as
with days as (select unnest(generate_series($mulai::date, $selesai::date, interval 1 day))::date as tanggal),
daily as (
    select v.kode_desa, v.kode_kec, days.tanggal, floor(random() * 9)::integer as kk_baru
    from villages as v cross join days
)
select
    kode_desa, kode_kec, tanggal, kk_baru, kk_baru * 3 as penduduk_baru,
    sum(kk_baru) over w::integer as kk_respon,
    sum(kk_baru * 3) over w::integer as penduduk_respon,
    sum(kk_baru // 2) over w::integer as kk_clean
from daily
window w as (partition by kode_desa order by tanggal);
"""


def synthetic_store(path: Path, kode_kab: str, seed: int) -> int:
    """A file with the tables publishing reads, for one kabupaten's real villages; returns its village count."""
    villages = wilayah_indonesia.wilayah(kode_kab).select("kode_desa", "nama_desa", "jenis", "kode_kec", "nama_kec")
    con = duckdb.connect(str(path))
    try:
        con.execute("select setseed($s)", {"s": (seed % 1000) / 1000}).fetchall()
        con.register("villages", villages)
        values = {"mulai": MULAI, "selesai": SELESAI, "jendela": f"{MULAI}/{SELESAI}"}
        for statement in filter(str.strip, MART.split(";")):
            con.execute(statement, {k: v for k, v in values.items() if f"${k}" in statement} or None)
    finally:
        con.close()
    return villages.height


def read_side(folder: Path, kabupaten: list[str], runs: int, postgres: str | None = None) -> dict:
    stores, root = folder / "stores", folder / "published"
    stores.mkdir(parents=True)
    villages, publish_s, sizes = 0, [], []
    for n, kode in enumerate(kabupaten):
        store = stores / f"{kode}.duckdb"
        villages += synthetic_store(store, kode, seed=n)
        started = time.perf_counter()
        versi = publish.publish(store, kode, root, is_summary_rebuilt=False)
        publish_s.append(time.perf_counter() - started)
        sizes.append(sum(p.stat().st_size for p in versions.version_folder(root, kode, versi).iterdir()))
    summary_s = common.timed(lambda: publish.rebuild_summary(root), repeat=max(5, runs // 5), warmup=1)

    def from_scratch():
        (root / versions.SUMMARY).unlink()
        publish.rebuild_summary(root)

    scratch_s = common.timed(from_scratch, repeat=max(5, runs // 5), warmup=1)
    # the real per-import cost in a full province: one kabupaten's publish with the summary of all of them
    whole_s = common.timed(lambda: publish.publish(stores / f"{kabupaten[0]}.duckdb", kabupaten[0], root), repeat=5)
    rng = random.Random(1)
    with read.ProvinceReader(root) as reader:
        kecamatan = [0]

        def drill():
            kecamatan[0] += reader.kecamatan(rng.choice(kabupaten), DAY).height

        def overview():
            reader.refresh()
            reader.peringkat(DAY)
            reader.kurva_provinsi()

        from_villages = re.sub(r"\bringkasan\b", "village_summary", versions.sql_text("peringkat"))
        reader.con.execute(
            "create or replace temp view village_summary as "
            "select c.kode_kab, k.nama_kab, k.versi, c.tanggal, sum(d.kk_target) as kk_target, "
            "sum(d.penduduk_target) as penduduk_target, sum(c.kk_respon) as kk_respon, "
            "sum(c.penduduk_respon) as penduduk_respon, sum(c.kk_clean) as kk_clean "
            "from capaian_harian_desa as c join desa as d using (kode_kab, kode_desa) "
            "join kabupaten as k using (kode_kab) "
            "group by all"
        )
        queries = {
            "peringkat (ranking, from the summary)": lambda: reader.peringkat(DAY),
            "kurva_provinsi (daily curve, from the summary)": reader.kurva_provinsi,
            "kecamatan_kabupaten (drill into one kabupaten)": drill,
            "overview: refresh + ranking + curve": overview,
            "refresh, nothing changed": reader.refresh,
            "ranking from the village × day rows instead": lambda: reader.con.sql(
                from_villages, params={"tanggal": DAY}
            ).pl(),
        }
        timings = {name: common.percentiles(common.timed(fn, repeat=runs)) for name, fn in queries.items()}
        ranked = reader.peringkat(DAY)
        assert ranked.height == len(kabupaten), ranked
        checked = reader.con.sql(from_villages, params={"tanggal": DAY}).pl()
        assert ranked.drop("versi").equals(checked.drop("versi")), "the summary disagrees with the village rows"
    timings["open a reader"] = common.percentiles(
        common.timed(lambda: read.ProvinceReader(root).close(), repeat=max(10, runs // 5))
    )
    figures = {"postgres": postgres_read_side(folder, kabupaten, runs, stores, postgres)} if postgres else {}
    return {
        **figures,
        "kabupaten": len(kabupaten),
        "villages": villages,
        "village_day_rows": villages * ((SELESAI - MULAI).days + 1),
        "publish_ms": common.percentiles(publish_s),
        "version_kib_median": round(statistics.median(sizes) / 1024),
        "summary_rebuild_ms": common.percentiles(summary_s),
        "summary_from_scratch_ms": common.percentiles(scratch_s),
        "publish_with_summary_ms": common.percentiles(whole_s),
        "queries": timings,
        "root": root,
        "stores": stores,
    }


def postgres_read_side(folder: Path, kabupaten: list[str], runs: int, stores: Path, dsn: str) -> dict:
    """Every kabupaten published into PostgreSQL too, one version each; a replica's copy of them; the overview read
    through it."""
    root = folder / "published_pg"
    size_before = database_bytes(dsn)
    publish_s = []
    for kode in kabupaten:
        started = time.perf_counter()
        publish.publish(stores / f"{kode}.duckdb", kode, root, postgres=dsn, is_summary_rebuilt=False)
        publish_s.append(time.perf_counter() - started)
    publish.rebuild_summary(root)
    size_after = database_bytes(dsn)
    with psycopg.connect(dsn) as con:
        baris, store_bytes = con.execute("select sum(baris), sum(store_bytes) from terbit_versi").fetchone()
    copy = replica.LocalCopy(dsn, folder / "replica")
    started = time.perf_counter()
    assert copy.refresh()
    first_download_s = time.perf_counter() - started
    with read.ProvinceReader(copy.root) as reader:
        assert len(reader.snapshot) == len(kabupaten)

        def overview():
            copy.refresh()
            reader.refresh()
            reader.peringkat(DAY)
            reader.kurva_provinsi()

        timings = {
            "LocalCopy.refresh, nothing changed (one query)": common.percentiles(common.timed(copy.refresh, runs)),
            "overview through the copy: copy refresh + reader refresh + ranking + curve": common.percentiles(
                common.timed(overview, runs)
            ),
        }
        # one kabupaten publishes again: the copy downloads that one version, the reader switches
        changed = []
        for _ in range(max(3, runs // 10)):
            publish.publish(stores / f"{kabupaten[0]}.duckdb", kabupaten[0], root, postgres=dsn)
            started = time.perf_counter()
            assert copy.refresh()
            reader.refresh()
            changed.append(time.perf_counter() - started)
        timings["one kabupaten changed: download + summary + reader switch"] = common.percentiles(changed)
    copy.close()
    return {
        "publish_files_and_postgres_ms": common.percentiles(publish_s),
        "database_kib_per_version": round((size_after - size_before) / len(kabupaten) / 1024),
        "mart_rows_per_version": round(baris / len(kabupaten)),
        "store_kib_per_version": round(store_bytes / len(kabupaten) / 1024),
        "replica_first_download_s": round(first_download_s, 2),
        "replica_folder_kib": round(sum(p.stat().st_size for p in copy.root.rglob("*") if p.is_file()) / 1024),
        "replica": timings,
    }


def database_bytes(dsn: str) -> int:
    with psycopg.connect(dsn) as con:
        return con.execute("select pg_database_size(current_database())").fetchone()[0]


def fresh_database(admin: str, name: str) -> str:
    """An empty database `name` on the server of `admin` (dropped first when there); its DSN."""
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f'drop database if exists "{name}" with (force)')
        con.execute(f'create database "{name}"')
    return f"{admin.rsplit('/', 1)[0]}/{name}"


def write_side(
    folder: Path,
    base_rows: int,
    repeats: int,
    province_root: Path,
    others: list[str],
    admin: str | None = None,
    province_pg: tuple[str, Path] | None = None,
) -> dict:
    from harness import drills, synthetic
    from sensus.ingest import importer

    cfg = drills.configured(None)

    base = drills.base_store(folder / "base", rows=base_rows)
    delta = synthetic.write_export(
        synthetic.synthetic_export(drills.villages(), 1_000, seed=77, id_prefix="D"), folder / "delta.csv"
    )
    alone, full = folder / "alone", folder / "province"
    (alone / "stores").mkdir(parents=True)
    (full / "stores").mkdir(parents=True)
    # (b): 34 other kabupaten's stores beside this one, and every kabupaten's published versions
    for kode in others:
        fixtures_copy(base, full / "stores" / kode)
    shutil.copytree(province_root, full / "published")
    publish.publish(base, BLORA, full / "published")
    cases = ["alone", "province"]
    dsn = {}
    if admin is not None and province_pg is not None:
        # with PostgreSQL: alone, a fresh database each run; in the province, the one every kabupaten published to
        cases += ["alone_pg", "province_pg"]
        dsn["province_pg"] = province_pg[0]
        shutil.copytree(province_pg[1], full / "published_pg")
        publish.publish(base, BLORA, full / "published_pg", postgres=province_pg[0])
    samples: dict[str, dict[str, list[float]]] = {case: {} for case in cases}
    for run in range(repeats):
        for case in cases[run % len(cases) :] + cases[: run % len(cases)]:
            where = alone if case.startswith("alone") else full
            store = fixtures_copy(base, where / "stores" / BLORA)
            root = where / ("published_pg" if case.endswith("_pg") else "published")
            if case.startswith("alone"):
                shutil.rmtree(root, ignore_errors=True)  # an empty province every time
            if case == "alone_pg":
                dsn[case] = fresh_database(admin, f"bench_alone_{run}")  # a new name: the schema step is per DSN
                province_postgres.last_version(dsn[case], BLORA)  # its schema, outside the timing
            started = time.perf_counter()
            summary = importer.load_submissions(delta, store, cfg=cfg)
            imported = time.perf_counter()
            publish.publish(store, BLORA, root, postgres=dsn.get(case))
            done = time.perf_counter()
            assert summary.submisi_baru == 1_000, summary
            for part, seconds in (
                ("import", imported - started),
                ("publish", done - imported),
                ("total", done - started),
            ):
                samples[case].setdefault(part, []).append(seconds)
            with read.ProvinceReader(root) as reader:
                assert len(reader.snapshot) == (1 if case.startswith("alone") else len(others) + 1)
    medians = {
        case: {part: round(statistics.median(values) * 1000, 1) for part, values in parts.items()}
        for case, parts in samples.items()
    }
    figures = {
        "base_rows": base_rows,
        "store_kib": round(base.stat().st_size / 1024),
        "repeats": repeats,
        "median_ms": medians,
        "ratio_total": round(medians["province"]["total"] / medians["alone"]["total"], 2),
        "ratio_publish": round(medians["province"]["publish"] / medians["alone"]["publish"], 2),
    }
    if "alone_pg" in medians:
        figures["ratio_total_pg"] = round(medians["province_pg"]["total"] / medians["alone_pg"]["total"], 2)
        figures["ratio_publish_pg"] = round(medians["province_pg"]["publish"] / medians["alone_pg"]["publish"], 2)
    return figures


def fixtures_copy(store: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for item in (store, store.with_suffix(".salt")):
        shutil.copyfile(item, folder / item.name)
    return folder / store.name


PUBLISHER = """
import sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from sensus.province import publish
store, root, dsn = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[4] or None
while True:
    publish.publish(store, "33.16", root, postgres=dsn)
"""


def drill(folder: Path, store: Path, kills: int, dsn: str | None = None) -> dict:
    """Kill -9 a looping publisher at random moments; with `dsn` it publishes into PostgreSQL too, and every version
    there must be whole as well (`postgres.problems`)."""
    root = folder / "published"
    current = root / BLORA / versions.CURRENT
    rng = random.Random(9)
    problems, in_flight, in_transaction = [], 0, 0
    for n in range(kills):
        child_dsn = f"{dsn}?application_name=drill-{n}" if dsn else ""
        child = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(store), str(root), str(common.ROOT), child_dsn])
        try:
            deadline = time.monotonic() + 120
            before = versions.current_version(root.resolve(), BLORA) if current.exists() else 0
            # the child has started and published once: from here on it is publishing, in a random phase
            while not current.exists() or versions.current_version(root.resolve(), BLORA) == before:
                assert child.poll() is None and time.monotonic() < deadline, "the publisher did not publish"
                time.sleep(0.005)
            time.sleep(rng.uniform(0, 0.5 if dsn else 0.2))
            in_flight += any(p.name.startswith(".tmp-") for p in (root / BLORA).iterdir())
            if dsn:
                in_transaction += writing_transactions(dsn, f"drill-{n}")
            os.kill(child.pid, signal.SIGKILL)
        finally:
            child.kill()
            child.wait()
        problems += versions.problems(root)
        if dsn:
            problems += province_postgres.problems(dsn)
        with read.ProvinceReader(root) as reader:
            reader.peringkat(DAY)
    figures = {"kills": kills, "kills_during_a_write": in_flight, "problems": problems}
    return figures | ({"kills_during_a_postgres_transaction": in_transaction} if dsn else {})


def writing_transactions(dsn: str, application: str) -> int:
    """The child's open transactions that have written a row: a version being written into PostgreSQL."""
    with psycopg.connect(dsn) as con:
        return con.execute(
            "select count(*) from pg_stat_activity where application_name = %s and backend_xid is not null",
            (application,),
        ).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="5 kabupaten, 10 runs, a 20,000-row store")
    parser.add_argument("--postgres", help="a maintenance database's DSN to create the bench's databases on")
    parser.add_argument("--no-postgres", action="store_true", help="files only")
    args = parser.parse_args()
    jateng = wilayah_indonesia.kabupaten_di_provinsi("33")["kode_kab"].to_list()
    kabupaten = [BLORA, *[k for k in jateng if k != BLORA]][: 5 if args.quick else None]
    runs, base_rows, repeats, kills = (10, 20_000, 2, 3) if args.quick else (50, 200_000, 6, 10)
    folder = common.scratch("province")
    server = Path(f"/tmp/pgb-{os.getpid()}")  # short: the socket path has a 107-byte limit
    admin = None
    try:
        if not args.no_postgres:
            admin = args.postgres or postgres_local.start(server)
        dsn = fresh_database(admin, "bench_province") if admin else None
        reading = read_side(folder / "read", kabupaten, runs, dsn)
        writing = write_side(
            folder / "write",
            base_rows,
            repeats,
            reading["root"],
            [k for k in kabupaten if k != BLORA],
            admin,
            (dsn, folder / "read" / "published_pg") if dsn else None,
        )
        drilled = drill(folder / "drill", reading["stores"] / f"{BLORA}.duckdb", kills)
        if admin:
            drilled["postgres"] = drill(
                folder / "drill_pg", reading["stores"] / f"{BLORA}.duckdb", kills, fresh_database(admin, "bench_drill")
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if admin is not None and not args.postgres:
            postgres_local.stop(server)
            shutil.rmtree(server, ignore_errors=True)
    for key in ("root", "stores"):
        reading.pop(key)
    figures = {"quick": args.quick, "read": reading, "write": writing, "drill": drilled}
    common.save("province" + ("_quick" if args.quick else ""), figures, markdown(figures))


def markdown(f: dict) -> str:
    r, w, d = f["read"], f["write"], f["drill"]
    q = r["queries"]
    rows = "\n".join(f"| {name} | {t['p50_ms']} | {t['p95_ms']} | {t['max_ms']} | {t['n']} |" for name, t in q.items())
    overview_p95 = q["overview: refresh + ranking + curve"]["p95_ms"]
    a, p = w["median_ms"]["alone"], w["median_ms"]["province"]
    return f"""## Province roll-up (`python -m bench.province{" --quick" if f["quick"] else ""}`)

{r["kabupaten"]} kabupaten, {r["villages"]:,} villages, {r["village_day_rows"]:,} village × day rows published as
Parquet (synthetic marts of the real villages; one version ≈ {r["version_kib_median"]:,} KiB).

**Publishing.** A kabupaten's publish (read its store read-only, write five Parquet files into a temporary folder,
rename, switch CURRENT): p50 {r["publish_ms"]["p50_ms"]} ms, p95 {r["publish_ms"]["p95_ms"]} ms. The province
summary: p50 {r["summary_rebuild_ms"]["p50_ms"]} ms when it already holds every CURRENT version (the incremental
rebuild reads the previous summary and no kabupaten's files), {r["summary_from_scratch_ms"]["p50_ms"]} ms from
scratch (every kabupaten's own summary rows). One kabupaten's publish including the incremental summary of all
{r["kabupaten"]}: p50 {r["publish_with_summary_ms"]["p50_ms"]} ms, p95 {r["publish_with_summary_ms"]["p95_ms"]} ms.

**The province's pages** ({q["peringkat (ranking, from the summary)"]["n"]} warm runs each, one reader):

| query | p50 ms | p95 ms | max ms | runs |
|---|---:|---:|---:|---:|
{rows}

Overview p95 {overview_p95} ms (bar: ≤ 50 ms): {"met" if overview_p95 <= 50 else "NOT met"}.

**A 1,000-row delta into one kabupaten** (a {w["base_rows"]:,}-row store, {w["repeats"]} runs per case, alternated,
medians): alone in an empty province, import {a["import"]} ms + publish {a["publish"]} ms = {a["total"]} ms; beside
{r["kabupaten"] - 1} other stores and {r["kabupaten"]} published kabupaten, import {p["import"]} ms + publish
{p["publish"]} ms = {p["total"]} ms. Ratio {w["ratio_total"]}× (bar: ≤ 1.3×; publish alone {w["ratio_publish"]}×).

**Drill.** {d["kills"]} kill -9 of a looping publisher at random moments ({d["kills_during_a_write"]} while a version
was being written): {len(d["problems"])} problems (every version folder whole, CURRENT naming one of them).
{postgres_markdown(r, w, d.get("postgres"))}"""


def postgres_markdown(r: dict, w: dict, d: dict | None) -> str:
    if "postgres" not in r:
        return ""
    g, a, p = r["postgres"], w["median_ms"]["alone_pg"], w["median_ms"]["province_pg"]
    rows = "\n".join(
        f"| {name} | {t['p50_ms']} | {t['p95_ms']} | {t['max_ms']} | {t['n']} |" for name, t in g["replica"].items()
    )
    publish_ms, runs = g["publish_files_and_postgres_ms"], next(iter(g["replica"].values()))["n"]
    return f"""
**With PostgreSQL** (`publish(..., postgres=DSN)`: the files, then the same version in one PostgreSQL transaction
with the store's bytes; PostgreSQL 15 from Debian on the same machine). A kabupaten's publish, files and
PostgreSQL: p50 {publish_ms["p50_ms"]} ms, p95 {publish_ms["p95_ms"]} ms (synthetic stores of marts only,
{g["store_kib_per_version"]:,} KiB each). One version in PostgreSQL: {g["mart_rows_per_version"]:,} mart rows,
≈ {g["database_kib_per_version"]:,} KiB of database with its store bytes.

A replica's local copy (`replica.LocalCopy`): the first download of {r["kabupaten"]} kabupaten
{g["replica_first_download_s"]} s ({g["replica_folder_kib"]:,} KiB on its disk); then, {runs} warm runs:

| through the replica's copy | p50 ms | p95 ms | max ms | runs |
|---|---:|---:|---:|---:|
{rows}

**The 1,000-row delta with PostgreSQL** (the {w["base_rows"]:,}-row store is {w["store_kib"]:,} KiB, all of it sent
as the store snapshot): alone in an empty province (a fresh database each run), import {a["import"]} ms + publish
{a["publish"]} ms = {a["total"]} ms; in a database holding every kabupaten, import {p["import"]} ms + publish
{p["publish"]} ms = {p["total"]} ms. Ratio {w["ratio_total_pg"]}× (bar: ≤ 1.3×; publish alone
{w["ratio_publish_pg"]}×).

**Drill with PostgreSQL.** {d["kills"]} kill -9 of a publisher looping with PostgreSQL at random moments
({d["kills_during_a_postgres_transaction"]} while its transaction had written rows, {d["kills_during_a_write"]} while
a version folder was being written): {len(d["problems"])} problems (every version folder and every version in
PostgreSQL whole, CURRENT naming one of them in both)."""


if __name__ == "__main__":
    main()
