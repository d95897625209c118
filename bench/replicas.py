"""Two replica groups on one PostgreSQL, no shared file: how long an import takes to show on each.

    python -m bench.replicas            # a 200,000-row store, 8 imports
    python -m bench.replicas --quick    # a 20,000-row store, 3 imports

An importer (a real store through the importer, Blora's villages) imports a 1,000-row delta and publishes it with
`publish(..., postgres=DSN)`, again and again. Two replica processes, each with its own folder
(`sensus.province.replica.LocalCopy`), rerun back to back as a busy dashboard would: at the start of each run the
copy's refresh (one query when nothing changed), then the province reader's refresh, the ranking and the curve,
and the kabupaten's own report from the store snapshot (queries/reports/capaian.sql). Each replica notes when it
first shows a version; the figure is the time from the end of the publish to that run's end. Each replica
process's peak RSS (the copy, the reader and a store reader; a Streamlit server adds its own) is reported too.
PostgreSQL is a throwaway server of deploy/postgres_local.py unless --postgres names a maintenance database.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import psycopg

from bench import common
from deploy import postgres_local
from sensus.province import postgres as province_postgres
from sensus.province import publish, read, replica, versions

BLORA = "33.16"
DAY = date(2020, 3, 20)


def replica_loop(dsn: str, folder: str, out: str, last: str) -> dict:
    """One replica group: rerun until it shows version `last` of Blora; each version's first sight to `out`."""
    from sensus.store import database

    copy = replica.LocalCopy(dsn, Path(folder))
    copy.refresh()
    reader = read.ProvinceReader(copy.root)
    seen, runs, refresh_s, changed_s = {}, 0, [], []
    with open(out, "a") as log:
        while seen.get(BLORA, 0) < int(last):
            started = time.perf_counter()
            changed = copy.refresh()
            refreshed = time.perf_counter()
            reader.refresh()
            reader.peringkat(DAY)
            reader.kurva_provinsi()
            con = database.connect_reader(copy.store(BLORA))
            try:
                own = database.run_sql(
                    con, "reports/capaian", tanggal=DAY, tingkat="kabupaten", kode_kec=None, kode_kab=BLORA,
                    nama_kab="Kabupaten Blora",
                )  # fmt: skip
            finally:
                con.close()
            done = time.time()
            (changed_s if changed else refresh_s).append(refreshed - started)
            runs += 1
            versi = reader.snapshot.get(BLORA, 0)
            if versi > seen.get(BLORA, 0):
                seen[BLORA] = versi
                assert own["kk_respon"].item() == reader.peringkat(DAY)["kk_respon"].item(), "copy and store differ"
                log.write(json.dumps({"versi": versi, "at": done}) + "\n")
                log.flush()
    reader.close()
    copy.close()
    return {
        "runs": runs,
        "refresh_nothing_changed_ms": common.percentiles(refresh_s) if refresh_s else None,
        "refresh_with_download_ms": common.percentiles(changed_s) if changed_s else None,
        "rss_mib": common.rss_mib(),
    }


def sightings(path: Path) -> dict[int, float]:
    if not path.exists():
        return {}
    return {row["versi"]: row["at"] for row in map(json.loads, path.read_text().splitlines())}


def store_share(dsn: str, version_folder: Path, store: Path, repeats: int) -> dict:
    """The PostgreSQL part of a publish with the store's bytes and without them (marts only), alternated, on a
    database of its own: what sending the store snapshot costs."""
    province_postgres.last_version(dsn, BLORA)  # the schema, outside the timing
    samples: dict[str, list[float]] = {"with_store": [], "marts_only": []}
    fd = os.open(store, os.O_RDONLY)
    try:
        for versi in range(1, 2 * repeats + 1):
            case = "with_store" if versi % 2 else "marts_only"
            started = time.perf_counter()
            province_postgres.publish_version(
                dsn, BLORA, versi, version_folder, fd if case == "with_store" else None, keep=3
            )
            samples[case].append(time.perf_counter() - started)
    finally:
        os.close(fd)
    return {case: common.percentiles(values) for case, values in samples.items()}


def run(folder: Path, dsn: str, rows: int, imports: int, share_dsn: str) -> dict:
    from harness import drills, synthetic
    from sensus.ingest import importer

    cfg = drills.configured(None)
    store = drills.base_store(folder / "importer", rows=rows, cfg=cfg)
    published = folder / "importer" / "terbit"
    first = publish.publish(store, BLORA, published, postgres=dsn)
    last = first + imports
    groups = {name: folder / name for name in ("group_a", "group_b")}
    logs = {name: folder / f"{name}.jsonl" for name in groups}
    children = {
        name: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "bench.child",
                "bench.replicas:replica_loop",
                dsn,
                str(path),
                str(logs[name]),
                str(last),
            ],
            cwd=common.ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, path in groups.items()
    }
    published_at, import_s, publish_s, latency = {}, [], [], {name: [] for name in groups}
    try:
        for versi in range(first, last + 1):
            if versi > first:
                delta = synthetic.write_export(
                    synthetic.synthetic_export(drills.villages(BLORA), 1_000, seed=100 + versi, id_prefix=f"D{versi}"),
                    folder / f"delta_{versi}.csv",
                )
                started = time.perf_counter()
                importer.load_submissions(delta, store, cfg=cfg)
                imported = time.perf_counter()
                assert publish.publish(store, BLORA, published, postgres=dsn) == versi
                published_at[versi] = time.time()
                import_s.append(imported - started)
                publish_s.append(time.perf_counter() - imported)
            deadline = time.monotonic() + 600
            # both groups show this version before the next import
            while not all(versi in sightings(log) for log in logs.values()):
                for child in children.values():
                    assert child.poll() is None, "a replica stopped"
                assert time.monotonic() < deadline, f"version {versi} not shown within 10 minutes"
                time.sleep(0.01)
            for name, log in logs.items():
                if versi in published_at:
                    latency[name].append(sightings(log)[versi] - published_at[versi])
        results = {}
        for name, child in children.items():
            out, _ = child.communicate(timeout=600)
            results[name] = json.loads(out.strip().splitlines()[-1])
    finally:
        for child in children.values():
            child.kill()
            child.wait()
    with psycopg.connect(dsn) as con:
        store_bytes = con.execute("select store_bytes from terbit_current join terbit_versi using (kode_kab, versi)")
        store_kib = round(store_bytes.fetchone()[0] / 1024)
        held = con.execute("select count(*) from terbit_versi").fetchone()[0]
        database_kib = round(con.execute("select pg_database_size(current_database())").fetchone()[0] / 1024)
    # the pruned versions' space is free for reuse once vacuumed (autovacuum does it in time; VACUUM FULL returns it)
    with psycopg.connect(dsn, autocommit=True) as con:
        con.execute("vacuum full")
        vacuumed_kib = round(con.execute("select pg_database_size(current_database())").fetchone()[0] / 1024)
    current = versions.current_version(published.resolve(), BLORA)
    share = store_share(share_dsn, versions.version_folder(published, BLORA, current), store, max(3, imports))
    return {
        "postgres_part_ms": share,
        "database_kib_vacuumed": vacuumed_kib,
        "versions_held": held,
        "database_kib": database_kib,
        "rows": rows,
        "imports": imports,
        "store_kib": store_kib,
        "import_ms": common.percentiles(import_s),
        "publish_files_and_postgres_ms": common.percentiles(publish_s),
        "publish_to_visible_ms": {name: common.percentiles(values) for name, values in latency.items()},
        "replicas": results,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="a 20,000-row store, 3 imports")
    parser.add_argument("--postgres", help="a maintenance database's DSN to create the bench's database on")
    args = parser.parse_args()
    rows, imports = (20_000, 3) if args.quick else (200_000, 8)
    folder = common.scratch("replicas")
    server = Path(f"/tmp/pgr-{os.getpid()}")  # short: the socket path has a 107-byte limit
    admin = args.postgres or postgres_local.start(server)
    try:
        with psycopg.connect(admin, autocommit=True) as con:
            for name in ("bench_replicas", "bench_store_share"):
                con.execute(f"drop database if exists {name} with (force)")
                con.execute(f"create database {name}")
        base = admin.rsplit("/", 1)[0]
        figures = {
            "quick": args.quick,
            **run(folder, f"{base}/bench_replicas", rows, imports, f"{base}/bench_store_share"),
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if not args.postgres:
            postgres_local.stop(server)
            shutil.rmtree(server, ignore_errors=True)
    common.save("replicas" + ("_quick" if args.quick else ""), figures, markdown(figures))


def markdown(f: dict) -> str:
    rows = []
    for name, seen in f["publish_to_visible_ms"].items():
        r = f["replicas"][name]
        idle, download = r["refresh_nothing_changed_ms"], r["refresh_with_download_ms"]
        rows.append(
            f"| {name} | {seen['p50_ms']} | {seen['p95_ms']} | {seen['max_ms']} | {r['runs']} | "
            f"{idle['p50_ms']} / {idle['p95_ms']} | {download['p50_ms']} / {download['p95_ms']} | {r['peak_rss_mib']} |"
        )
    table = "\n".join(rows)
    share = f["postgres_part_ms"]
    header = (
        "| replica | publish → shown p50 ms | p95 | max | runs | idle refresh p50 / p95 ms "
        "| refresh + download p50 / p95 ms | peak RSS MiB |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    )
    return f"""## Replica groups on PostgreSQL (`python -m bench.replicas{" --quick" if f["quick"] else ""}`)

One importer and two replica groups in separate folders (no shared file), one PostgreSQL. The importer imports a
1,000-row delta into a {f["rows"]:,}-row store ({f["store_kib"]:,} KiB) and publishes it, {f["imports"]} times:
import p50 {f["import_ms"]["p50_ms"]} ms; publish (files, then PostgreSQL with the store's bytes) p50
{f["publish_files_and_postgres_ms"]["p50_ms"]} ms, p95 {f["publish_files_and_postgres_ms"]["p95_ms"]} ms. Each
replica reruns back to back (copy refresh, reader refresh, ranking, curve, the kabupaten's report from its store
snapshot) and notes the first run showing each version. PostgreSQL then holds {f["versions_held"]} versions of
the kabupaten: the database takes {f["database_kib"]:,} KiB after {f["imports"] + 1} publishes (the pruned
versions' space awaits autovacuum to be reused), {f["database_kib_vacuumed"]:,} KiB after VACUUM FULL. Idle refresh:
a run's copy refresh when nothing changed (one query); refresh + download: when a version arrived.

{header}
{table}

A replica shows an import on its next rerun: the time above is the download of one kabupaten's version (its marts
and its store snapshot) plus what is left of the run in flight when the publish ends.

**What the store snapshot costs.** The PostgreSQL part of a publish alone (one transaction), alternated on a
database of its own: with the store's {f["store_kib"]:,} KiB p50 {share["with_store"]["p50_ms"]} ms, p95
{share["with_store"]["p95_ms"]} ms; the marts only p50 {share["marts_only"]["p50_ms"]} ms, p95
{share["marts_only"]["p95_ms"]} ms."""


if __name__ == "__main__":
    main()
