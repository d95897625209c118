"""Drills: the store under concurrent readers, kill -9, hostile files and a scan for personal data.

    python -m bench.drills                       # the large forms: 20 readers on a 2 M-row import, 50 kills, …
    python -m bench.drills --only crash --kills 50

tests/test_drills.py runs the same functions in their short form in CI. Every drill returns a dict of
what it found; the runner writes them to bench/results/drills.{json,md}.
"""

import argparse
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl

from bench import common

BLORA = None


def villages() -> list[str]:
    global BLORA
    if BLORA is None:
        BLORA = common.blora_villages()["kode_desa"].to_list()
    return BLORA


def base_store(folder: Path, rows: int = 20_000, seed: int = 3) -> Path:
    """A store with targets and one export, through the real import path."""
    from bench.stores import synthetic_targets
    from sensus.ingest import importer

    folder.mkdir(parents=True, exist_ok=True)
    store_path = folder / "sensus.duckdb"
    areas = common.blora_villages()
    targets = folder / "target.csv"
    synthetic_targets(areas, seed).write_csv(targets)
    importer.ingest_targets(targets, store_path)
    export = common.write_export(common.synthetic_export(villages(), rows, seed, id_prefix="A"), folder / "awal.csv")
    importer.ingest_submissions(export, store_path)
    return store_path


def state(store_path: Path) -> dict:
    """What a whole import determines: version, submissions, batches (without their clock), rejects, marts."""
    from sensus.store import database

    con = database.connect_reader(store_path)
    try:
        return {
            "versi": database.read_meta(con).get("versi"),
            "submisi": con.sql("select count(*), sum(hash(s)) from submisi as s").fetchall()[0],
            "impor": con.sql(
                "select impor_id, jenis, berkas, sha256, baris_dibaca, submisi_baru, ditolak from impor order by 1"
            ).fetchall(),
            "ditolak": con.sql("select count(*), sum(hash(b)) from baris_ditolak as b").fetchall()[0],
            "rumah_tangga": con.sql("select count(*), sum(hash(r)) from rumah_tangga as r").fetchall()[0],
            "harian": con.sql("select count(*), sum(hash(c)) from capaian_harian_desa as c").fetchall()[0],
        }
    finally:
        con.close()


def without_version(snapshot: dict) -> dict:
    return {k: v for k, v in snapshot.items() if k != "versi"}


# ---- import while reading --------------------------------------------------------------------


def _reader(store_path: str, ready, stop, queue) -> None:
    """A dashboard-like reader: one read-only reader per published version (as sensus.ui keeps), the page
    queries on a cursor of it, and the figures that tie a version to its counts."""
    from datetime import date

    from sensus.core.scope import KABUPATEN
    from sensus.store import database, reports

    path = Path(store_path)
    observed, errors, loops, reader, key = set(), [], 0, None, None
    ready.release()
    while not stop.is_set():
        try:
            now = database.version_key(path)
            if now != key:
                if reader is not None:
                    reader.close()
                reader, key = database.connect_reader(path), now
            cur = database.cursor(reader)
            day = reports.status_data(cur, scope=KABUPATEN)["hari_data_terakhir"] or date(2020, 3, 31)
            kabupaten = reports.capaian(cur, day, "kabupaten", scope=KABUPATEN)
            reports.capaian(cur, day, "kecamatan", scope=KABUPATEN)
            reports.kurva_harian(cur, scope=KABUPATEN)
            reports.kegiatan(cur, scope=KABUPATEN)
            row = cur.sql(
                """select (select nilai from meta where kunci = 'versi'), (select count(*) from submisi),
                    (select coalesce(sum(submisi_baru), 0) from impor where jenis = 'submisi'),
                    (select count(*) from rumah_tangga),
                    (select sum(kk_respon) from capaian_harian_desa where tanggal = date '2020-03-31')"""
            ).fetchall()[0]
            observed.add((*row, int(kabupaten["kk_respon"][0]) if day == date(2020, 3, 31) else None))
            cur.close()
            loops += 1
        except Exception as error:  # noqa: BLE001 - a reader error is what this drill counts
            errors.append(f"{type(error).__name__}: {str(error)[:200]}")
    queue.put((observed, errors, loops))


def import_while_reading(folder: Path, readers: int = 20, rows: int = 1_000_000, imports: int = 2) -> dict:
    """`imports` large exports imported one after another while `readers` processes run the page queries."""
    from sensus.ingest import importer

    store_path = base_store(folder)
    exports = [
        common.write_export(
            common.synthetic_export(villages(), rows, 50 + n, id_prefix=f"R{n}-"), folder / f"besar_{n}.csv"
        )
        for n in range(imports)
    ]
    context = multiprocessing.get_context("forkserver")
    # the fork server imports the store code once (and never opens DuckDB), so readers start fast
    context.set_forkserver_preload(["sensus.store.reports", "sensus.store.database"])
    queue, stop, ready = context.Queue(), context.Event(), context.Semaphore(0)
    procs = [context.Process(target=_reader, args=(str(store_path), ready, stop, queue)) for _ in range(readers)]
    for proc in procs:
        proc.start()
    for _ in procs:
        if not ready.acquire(timeout=300):
            raise RuntimeError("readers did not start")
    whole = {}

    def record() -> None:
        snap = state(store_path)
        from sensus.store import database

        con = database.connect_reader(store_path)
        whole[snap["versi"]] = con.sql(
            """select (select count(*) from submisi),
                (select coalesce(sum(submisi_baru), 0) from impor where jenis = 'submisi'),
                (select count(*) from rumah_tangga),
                (select sum(kk_respon) from capaian_harian_desa where tanggal = date '2020-03-31')"""
        ).fetchall()[0]
        con.close()

    record()
    durations = []
    time.sleep(1.0)
    for export in exports:
        began = time.perf_counter()
        importer.ingest_submissions(export, store_path)
        durations.append(round(time.perf_counter() - began, 2))
        record()
        time.sleep(1.0)
    stop.set()
    results = [queue.get(timeout=300) for _ in procs]
    for proc in procs:
        proc.join(timeout=60)
    errors = [e for _, errs, _ in results for e in errs]
    seen = set().union(*(obs for obs, _, _ in results))
    torn = []
    for versi, submissions, new_rows, households, kk_last, kk_report in seen:
        expected = whole.get(versi)
        if expected is None or (submissions, new_rows, households, kk_last) != expected:
            torn.append((versi, submissions, new_rows, households, kk_last))
        elif kk_report is not None and kk_report != kk_last:
            torn.append(("report", versi, kk_report, kk_last))
    return {
        "readers": readers,
        "rows_per_import": rows,
        "imports": imports,
        "import_seconds": durations,
        "reader_loops": sum(n for _, _, n in results),
        "errors": len(errors),
        "error_samples": errors[:5],
        "versions_seen": sorted({s[0] for s in seen}, key=int),
        "states_seen": len(seen),
        "states_not_whole": torn[:5],
        "ok": not errors and not torn and len({s[0] for s in seen}) >= 2,
    }


# ---- kill -9 ---------------------------------------------------------------------------------


def _cli(store_path: Path, export: Path) -> list[str]:
    return [sys.executable, "-m", "sensus", "--store", str(store_path), "ingest", str(export)]


def crash(folder: Path, kills: int = 10, rows: int = 200_000, seed: int = 1) -> dict:
    """Kill the CLI import with SIGKILL at random moments of its writer block; check before-or-after, then rerun."""
    from sensus.ingest import importer

    store_path = base_store(folder / "store")
    export = common.write_export(common.synthetic_export(villages(), rows, 77, id_prefix="K"), folder / "kill_me.csv")
    pristine = folder / "pristine"
    pristine.mkdir()
    for item in store_path.parent.iterdir():
        if item.is_file():
            shutil.copy2(item, pristine / item.name)
    before = state(store_path)
    # the reference: the same import, unkilled, on a copy; how long its writer block lasts
    reference_dir = folder / "reference"
    shutil.copytree(pristine, reference_dir)
    reference_store = reference_dir / store_path.name
    proc = subprocess.Popen(_cli(reference_store, export), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    window_start = _wait_for_draft(reference_store, proc)
    proc.wait()
    window = time.perf_counter() - window_start
    after = state(reference_store)
    rng = random.Random(seed)
    outcomes = {"before": 0, "after": 0}
    problems = []
    for kill in range(kills):
        for item in store_path.parent.iterdir():
            if item.is_file():
                item.unlink()
        for item in pristine.iterdir():
            shutil.copy2(item, store_path.parent / item.name)
        proc = subprocess.Popen(
            _cli(store_path, export), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        _wait_for_draft(store_path, proc)
        # anywhere in the writer block, from the copy to the publish and a little after
        time.sleep(rng.uniform(0, window * 1.05))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        try:
            now = state(store_path)
        except Exception as error:  # noqa: BLE001 - a store that does not open is the failure we look for
            problems.append(f"kill {kill}: store does not open: {error}")
            continue
        if now == before:
            outcomes["before"] += 1
        elif without_version(now) == without_version(after):
            outcomes["after"] += 1
        else:
            problems.append(f"kill {kill}: state neither before nor after")
        salt = store_path.with_suffix(".salt")
        if not salt.exists() or len(salt.read_text().strip()) != 64:
            problems.append(f"kill {kill}: salt file damaged ({salt.stat().st_size if salt.exists() else 'missing'})")
        try:
            importer.ingest_submissions(export, store_path)
        except Exception as error:  # noqa: BLE001
            problems.append(f"kill {kill}: rerun failed: {type(error).__name__}: {error}")
            continue
        rerun = state(store_path)
        if without_version(rerun) != without_version(after):
            problems.append(f"kill {kill}: rerun does not equal the unkilled import")
        leftovers = [p.name for p in store_path.parent.iterdir() if ".tmp-" in p.name]
        if leftovers:
            problems.append(f"kill {kill}: leftovers after rerun: {leftovers}")
    return {
        "kills": kills,
        "rows": rows,
        "writer_window_s": round(window, 2),
        "outcomes": outcomes,
        "problems": problems,
        "ok": not problems,
    }


def _wait_for_draft(store_path: Path, proc: subprocess.Popen, timeout: float = 120) -> float:
    """The moment the writer's draft copy appears (the writer block starts)."""
    pattern = f".{store_path.name}.tmp-"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if any(p.name.startswith(pattern) for p in store_path.parent.iterdir()):
            return time.perf_counter()
        if proc.poll() is not None:
            return time.perf_counter()
        time.sleep(0.002)
    raise RuntimeError("the import never started its writer")


# ---- hostile files ---------------------------------------------------------------------------

HEADER = "id_submisi,kode_desa,waktu_submit,jumlah_art,no_kk,status,nama,nik,alamat\n"


def _line(i: int, kode: str = "3316012001", art: str = "3", nama: str = "Rina", extra: str = "") -> str:
    return f"H{i:08d},{kode},2020-03-02 08:00:00,{art},,respon,{nama},,Jl. Diponegoro{extra}\n"


def hostile_cases(folder: Path, duplicate_rows: int, columns: int) -> dict:
    """name → (path, what is expected). Each file also carries one valid row where it can."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = {}
    long_kode = "3316" + "9" * 100_000
    p = folder / "panjang.csv"
    p.write_text(HEADER + _line(1) + _line(2, kode=long_kode) + _line(3, nama="N" * 1_000_000))
    cases["very long fields (100 kB code, 1 MB name)"] = p
    p = folder / "panjang_3mb.csv"
    p.write_text(HEADER + _line(1) + _line(2, nama="N" * 3_000_000))
    cases["a 3 MB field (over DuckDB's 2 MB line limit)"] = p
    p = folder / "nul.csv"
    p.write_bytes((HEADER + _line(1) + _line(2, nama="Ri\x00na") + _line(3, art="3\x00")).encode())
    cases["NUL bytes in a dropped and a kept column"] = p
    p = folder / "rumus.csv"
    p.write_text(
        HEADER
        + "=cmd|' /C calc'!A0,3316012001,2020-03-02 08:00:00,3,,respon,=HYPERLINK(\"http://x\"),,\n"
        + "+62812,3316012001,2020-03-02 08:00:00,2,,respon,@SUM(A1),,\n"
        + "-2+3,=1+1,2020-03-02 08:00:00,2,,respon,x,,\n"
        + "@A1,3316012001,2020-03-02 08:00:00,=2+1,,respon,x,,\n"
        + "ok1,3316012001,2020-03-02 08:00:00,2,,=status,x,,\n"
    )
    cases["formula-looking cells (=cmd|…, +, -, @)"] = p
    p = folder / "kolom_5000.csv"
    extra = [f"k{i}" for i in range(columns)]
    with open(p, "w") as handle:
        handle.write(",".join([*HEADER.strip().split(","), *extra]) + "\n")
        filler = ",".join("x" for _ in extra)
        for i in range(20):
            handle.write(_line(i).rstrip("\n") + "," + filler + "\n")
    cases[f"a CSV of {columns + 9:,} columns"] = p
    p = folder / "kolom_5000_tanpa_wajib.csv"
    with open(p, "w") as handle:
        handle.write(",".join([f"k{i}" for i in range(columns)]) + "\n")
        handle.write(",".join("1" for _ in range(columns)) + "\n")
    cases[f"a CSV of {columns:,} columns, none required"] = p
    p = folder / "duplikat.csv"
    pl.DataFrame(
        {
            "id_submisi": ["SAMA"] * duplicate_rows,
            "kode_desa": ["3316012001"] * duplicate_rows,
            "waktu_submit": ["2020-03-02 08:00:00"] * duplicate_rows,
            "jumlah_art": ["3"] * duplicate_rows,
            "nama": ["Rina"] * duplicate_rows,
        }
    ).write_csv(p)
    cases[f"{duplicate_rows:,} rows of the same id_submisi"] = p
    return cases


def hostile(folder: Path, duplicate_rows: int = 1_000_000, columns: int = 5_000) -> dict:
    """Each hostile file imported into a copy of a base store: its outcome, and whether stored data survived."""
    from sensus.app import exports
    from sensus.ingest import importer
    from sensus.ingest.sources import ImportRefused
    from sensus.store import database

    base = base_store(folder / "base", rows=2_000)
    outcomes = {}
    for name, path in hostile_cases(folder / "files", duplicate_rows, columns).items():
        work = folder / f"case{len(outcomes)}"
        shutil.copytree(base.parent, work)
        store_path = work / base.name
        before = state(store_path)
        began = time.perf_counter()
        try:
            summary = importer.ingest_submissions(path, store_path)
            outcome = {
                "loaded": True,
                "baris_dibaca": summary.baris_dibaca,
                "submisi_baru": summary.submisi_baru,
                "duplikat": summary.duplikat,
                "ditolak": dict(summary.alasan_ditolak),
                "kolom_dibuang": len(summary.kolom_dibuang),
            }
        except ImportRefused as refused:
            from sensus.core import i18n

            outcome = {
                "loaded": False,
                "code": refused.code,
                "message": i18n.t(refused.code, "en", berkas=refused.berkas, **refused.detail)[:160],
            }
        except Exception as error:  # noqa: BLE001 - an unexpected exception is a finding, not a crash of the drill
            outcome = {"loaded": False, "unexpected": f"{type(error).__name__}: {str(error)[:200]}"}
        outcome["seconds"] = round(time.perf_counter() - began, 2)
        after = state(store_path)
        # nothing stored before may be lost; a refused file changes nothing at all
        con = database.connect_reader(store_path)
        kept = con.sql("select count(*) from submisi where id_submisi like 'A%'").fetchall()[0][0]
        if "formula" in name:
            text = exports.csv_bytes(con.sql("select * from submisi").pl()).decode()
            text += exports.csv_bytes(con.sql("select * from baris_ditolak").pl()).decode()
            cells = [c for line in text.splitlines()[1:] for c in line.split(",")]
            outcome["formula_cells_in_exports"] = [c for c in cells if c[:1] in ("=", "+", "@") or c.startswith("-2")]
            outcome["formula_ids_stored_as_given"] = sorted(
                r[0] for r in con.sql("select id_submisi from submisi where id_submisi not like 'A%'").fetchall()
            )
        con.close()
        outcome["earlier_data_kept"] = kept == before["submisi"][0] or kept == 2_000
        outcome["store_unchanged"] = after == before
        outcome["ok"] = ("unexpected" not in outcome) and (outcome["loaded"] or after == before)
        outcomes[name] = outcome
        shutil.rmtree(work)
    outcomes["file that grows while it is read"] = growing_file(folder / "growing", base)
    outcomes["disk full (20 MB tmpfs)"] = disk_full(folder / "diskfull", base)
    return outcomes


def growing_file(folder: Path, base: Path, rows: int = 300_000) -> dict:
    """Append to an export while it is imported: the import must take a whole snapshot or refuse."""
    from sensus.ingest import importer
    from sensus.ingest.sources import ImportRefused
    from sensus.store import database

    shutil.copytree(base.parent, folder)
    store_path = folder / base.name
    export = folder / "tumbuh.csv"
    common.write_export(common.synthetic_export(villages(), rows, 91, id_prefix="G"), export)
    size0 = export.stat().st_size
    stop = threading.Event()
    appended = [0]

    def append() -> None:
        line = 0
        with open(export, "a") as handle:
            while not stop.is_set():
                # half lines on purpose: a writer that flushes mid-line, as an export job does
                handle.write(f"GX{line:07d},3316012001,2020-03-0")
                handle.flush()
                handle.write("2 08:00:00,3,,respon,Rina,,Jl\n")
                handle.flush()
                line += 1
                appended[0] = line
                time.sleep(0.0005)

    thread = threading.Thread(target=append)
    thread.start()
    try:
        summary = importer.ingest_submissions(export, store_path)
        outcome = {"loaded": True, "baris_dibaca": summary.baris_dibaca, "ditolak": dict(summary.alasan_ditolak)}
    except ImportRefused as refused:
        outcome = {"loaded": False, "code": refused.code}
    except Exception as error:  # noqa: BLE001
        outcome = {"loaded": False, "unexpected": f"{type(error).__name__}: {str(error)[:200]}"}
    finally:
        stop.set()
        thread.join()
    outcome["rows_at_start"] = rows
    outcome["lines_appended_during_import"] = appended[0]
    if outcome.get("loaded"):
        con = database.connect_reader(store_path)
        sha = con.sql("select sha256 from impor order by impor_id desc limit 1").fetchall()[0][0]
        con.close()
        # the batch records the hash of some bytes; are they the bytes that were loaded?
        outcome["recorded_sha256_is_of_the_first_bytes"] = sha == _sha_prefix(export, size0)
        outcome["rows_loaded_beyond_hashed_bytes"] = outcome["baris_dibaca"] - rows
    outcome["ok"] = "unexpected" not in outcome and (
        not outcome.get("loaded") or outcome.get("rows_loaded_beyond_hashed_bytes", 0) == 0
    )
    return outcome


def _sha_prefix(path: Path, size: int) -> str:
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        digest.update(handle.read(size))
    return digest.hexdigest()


def disk_full(folder: Path, base: Path, size_mb: int = 20, rows: int = 400_000) -> dict:
    """The store on a small tmpfs; an import that needs more room than there is must fail clearly, store intact."""
    mount = folder / "mnt"
    mount.mkdir(parents=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        return {"skipped": f"mount not permitted: {done.stderr.strip()}", "ok": None}
    try:
        for item in base.parent.iterdir():
            if item.is_file():
                shutil.copy2(item, mount / item.name)
        store_path = mount / base.name
        before = state(store_path)
        export = common.write_export(common.synthetic_export(villages(), rows, 92, id_prefix="D"), folder / "penuh.csv")
        cli = subprocess.run(_cli(store_path, export), capture_output=True, text=True, cwd=common.ROOT)
        after = state(store_path)
        stderr = cli.stderr.strip().splitlines()
        leftovers = sorted(p.name for p in mount.iterdir() if ".tmp-" in p.name)
        free_mb = round(shutil.disk_usage(mount).free / 1e6, 1)
        return {
            "exit_status": cli.returncode,
            "stderr_last_line": stderr[-1][:200] if stderr else "",
            "traceback": any("Traceback" in line for line in stderr),
            "store_unchanged": after == before,
            "leftovers": leftovers,
            "free_mb_after": free_mb,
            "ok": cli.returncode == 1 and after == before and not leftovers,
        }
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


def big_file(folder: Path, gigabytes: float = 2.0) -> dict:
    """A ~2 GB export through the CLI: time, peak memory, outcome."""
    rows = int(gigabytes * 1e9 / 117)
    export = folder / "besar_2gb.csv"
    folder.mkdir(parents=True, exist_ok=True)
    # written in parts so the generator itself stays small
    with open(export, "wb") as handle:
        part = 2_000_000
        for n, start in enumerate(range(0, rows, part)):
            table = common.synthetic_export(villages(), min(part, rows - start), 500 + n, id_prefix=f"B{n:02d}-")
            handle.write(table.write_csv(include_header=n == 0).encode())
    store_path = base_store(folder / "store", rows=2_000)
    began = time.perf_counter()
    proc = subprocess.Popen(_cli(store_path, export), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    while proc.poll() is None:
        try:
            peak = max(peak, common.peak_rss_mib(proc.pid))
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.2)
    out, err = proc.communicate()
    return {
        "bytes": export.stat().st_size,
        "rows": rows,
        "exit_status": proc.returncode,
        "seconds": round(time.perf_counter() - began, 1),
        "peak_rss_mib": peak,
        "summary_first_line": out.strip().splitlines()[0][:200] if out.strip() else err.strip()[-300:],
        "ok": proc.returncode == 0,
    }


# ---- personal data ---------------------------------------------------------------------------

NAME_RE = re.compile(rb"Pribadi[A-Z]{8}")
DIGITS16_RE = re.compile(rb"(?<![0-9])[0-9]{16}(?![0-9])")


def personal_data(folder: Path, rows: int = 50_000) -> dict:
    """Exports full of NIK, no_kk and unique names (valid, rejected and duplicate rows); then scan every byte."""
    from sensus.store import database

    folder.mkdir(parents=True, exist_ok=True)
    store_path = base_store(folder / "store", rows=1_000)
    rng = random.Random(8)
    table = common.synthetic_export(villages(), rows, 93, id_prefix="P")
    names = ["Pribadi" + "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=8)) for _ in range(rows)]
    table = table.with_columns(nama=pl.Series(names), alamat=pl.Series(names).str.replace("Pribadi", "Jalan "))
    # a share of rows broken in ways that keep them as rejected rows, personal columns and all
    broken = table.head(rows // 10).with_columns(
        id_submisi=pl.col("id_submisi") + "x", jumlah_art=pl.lit("tiga"), no_kk=pl.col("no_kk").str.slice(0, 15)
    )
    duplicates = table.slice(rows // 10, rows // 20)
    exports = [
        common.write_export(pl.concat([table, broken, duplicates]), folder / "pribadi.csv"),
        common.write_export(
            table.head(rows // 5).with_columns(id_submisi=pl.col("id_submisi") + "p"), folder / "pribadi.parquet"
        ),
    ]
    logs = []
    for export in exports:
        done = subprocess.run(_cli(store_path, export), capture_output=True, text=True, cwd=common.ROOT)
        logs.append(done.stdout + done.stderr)
    nik = set(table["nik"].to_list())
    no_kk = set(table["no_kk"].to_list()) | set(broken["no_kk"].to_list())
    name_set = set(names)
    # the store, its WAL and lock, any leftover draft; not the salt (a random key) nor the exports beside them
    files = sorted(
        p
        for p in store_path.parent.iterdir()
        if p.is_file() and store_path.name in p.name and not p.name.endswith(".salt")
    )
    hits = {"nik": 0, "no_kk": 0, "nama": 0}
    scanned = 0
    for blob in [p.read_bytes() for p in files] + [log.encode() for log in logs]:
        scanned += len(blob)
        for match in DIGITS16_RE.findall(blob):
            text = match.decode()
            hits["nik"] += text in nik
            hits["no_kk"] += text in no_kk
        hits["nama"] += sum(1 for m in NAME_RE.findall(blob) if m.decode() in name_set)
    # compressed columns could hide a string from a byte scan: ask every text column too
    con = database.connect_reader(store_path)
    con.register("pribadi", pl.DataFrame({"v": sorted(nik | no_kk | name_set)}))
    columns = con.sql(
        "select table_name, column_name from duckdb_columns() where data_type = 'VARCHAR' and not internal "
        "and database_name = 'store'"
    ).fetchall()
    sql_hits = {}
    for table_name, column in columns:
        found = con.sql(
            f"""select count(*) from (
                select unnest(regexp_extract_all(t."{column}", '[0-9]{{16}}|Pribadi[A-Z]{{8}}')) as v
                from store.main."{table_name}" as t) join pribadi using (v)"""
        ).fetchall()[0][0]
        if found:
            sql_hits[f"{table_name}.{column}"] = found
    # the scan can see text: stored id_submisi and file names are in the bytes
    control = sum(p.read_bytes().count(b"pribadi.csv") for p in files if p.name == store_path.name)
    rejected = con.sql("select count(*) from baris_ditolak").fetchall()[0][0]
    con.close()
    return {
        "personal_values": len(nik | no_kk | name_set),
        "files_scanned": [p.name for p in files] + ["cli output"] * len(logs),
        "bytes_scanned": scanned,
        "rejected_rows_stored": rejected,
        "byte_hits": hits,
        "text_column_hits": sql_hits,
        "control_hits_of_file_name": control,
        "ok": not any(hits.values()) and not sql_hits and control > 0,
    }


# ---- runner ----------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=("reading", "crash", "hostile", "personal", "big"))
    parser.add_argument("--kills", type=int, default=50)
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--rows", type=int, default=2_000_000)
    args = parser.parse_args()
    results = {}
    folder = common.scratch("drills")
    if args.only in (None, "reading"):
        results["import while reading"] = import_while_reading(folder / "reading", args.readers, args.rows)
        print(results["import while reading"], flush=True)
    if args.only in (None, "crash"):
        results["kill -9"] = crash(folder / "crash", args.kills, rows=1_000_000)
        print(results["kill -9"], flush=True)
    if args.only in (None, "hostile"):
        results["hostile files"] = hostile(folder / "hostile", duplicate_rows=10_000_000)
        print(results["hostile files"], flush=True)
    if args.only in (None, "big"):
        results["2 GB file"] = big_file(folder / "big")
        print(results["2 GB file"], flush=True)
    if args.only in (None, "personal"):
        results["personal data"] = personal_data(folder / "personal", rows=500_000)
        print(results["personal data"], flush=True)
    lines = ["## Drills (`python -m bench.drills`)"]
    for name, result in results.items():
        lines.append(f"### {name}\n\n```\n{_pretty(result)}\n```")
    name = "drills" if args.only is None else f"drills_{args.only}"
    common.save(name, {"results": results}, "\n\n".join(lines))
    shutil.rmtree(folder, ignore_errors=True)


def _pretty(value, indent: int = 0) -> str:
    pad = "  " * indent
    if isinstance(value, dict):
        return "\n".join(
            f"{pad}{k}:\n{_pretty(v, indent + 1)}" if isinstance(v, dict) else f"{pad}{k}: {v}"
            for k, v in value.items()
        )
    return f"{pad}{value}"


if __name__ == "__main__":
    main()
