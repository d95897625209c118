"""Drill mechanics: the store under concurrent readers, kill -9, hostile files and a scan for personal data.

Each drill builds what it needs under `folder` and returns a dict of what it found. tests/test_drills.py
runs them in their short form; `python -m bench.drills` runs the large forms and reports them.
"""

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
from collections.abc import Callable
from functools import cache
from pathlib import Path

import polars as pl

from harness import synthetic
from sensus.core import config, spawn
from sensus.core.config import Config
from sensus.core.paths import ROOT


def configured(cfg: Config | None) -> Config:
    """The drills' configuration: the one given, else pantau.toml with the environment's overrides. The command
    line the drills start reads the same, so both sides serve one region and window."""
    return cfg if cfg is not None else config.read()


@cache
def villages(kode_kab: str | None = None) -> list[str]:
    """The village codes of the region `kode_kab` (default: the configured region)."""
    return synthetic.region_villages(kode_kab or configured(None).kode_kab)["kode_desa"].to_list()


def base_store(folder: Path, rows: int = 20_000, seed: int = 3, *, cfg: Config | None = None) -> Path:
    """A store with targets and one export, through the real import path."""
    from sensus.ingest import importer

    cfg = configured(cfg)
    folder.mkdir(parents=True, exist_ok=True)
    store_path = folder / "sensus.duckdb"
    targets = folder / "target.csv"
    synthetic.synthetic_targets(synthetic.region_villages(cfg.kode_kab), seed).write_csv(targets)
    importer.ingest_targets(targets, store_path, cfg=cfg)
    export = synthetic.write_export(
        synthetic.synthetic_export(villages(cfg.kode_kab), rows, seed, id_prefix="A"), folder / "awal.csv"
    )
    importer.load_submissions(export, store_path, cfg=cfg)
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


def _reader(store_path: str, cfg: Config, number: int, progress, ready, stop, queue) -> None:
    """A dashboard-like reader: one read-only reader per published version (as sensus.app.cache keeps), the page
    queries on a cursor of it, and the figures that tie a version to its counts."""
    from sensus.core.scope import KABUPATEN
    from sensus.store import database, reports

    path = Path(store_path)
    last_day = cfg.selesai
    observed, errors, loops, reader, key = set(), [], 0, None, None
    ready.release()
    while not stop.is_set():
        try:
            now = database.version_key(path)
            if now != key:
                if reader is not None:
                    reader.close()
                reader, key = database.connect_reader(path, region=cfg.wilayah), now
            cur = database.cursor(reader)
            day = reports.status_data(cur, scope=KABUPATEN)["hari_data_terakhir"] or last_day
            kabupaten = reports.capaian(cur, day, "kabupaten", scope=KABUPATEN, region=cfg.wilayah)
            reports.capaian(cur, day, "kecamatan", scope=KABUPATEN, region=cfg.wilayah)
            reports.kurva_harian(cur, scope=KABUPATEN)
            reports.kegiatan(cur, scope=KABUPATEN, region=cfg.wilayah)
            row = cur.sql(WHOLE_STATE, params={"hari": last_day}).fetchall()[0]
            observed.add((*row, int(kabupaten["kk_respon"][0]) if day == last_day else None))
            cur.close()
            loops += 1
        except Exception as error:  # noqa: BLE001 - a reader error is what this drill counts
            errors.append(f"{type(error).__name__}: {str(error)[:200]}")
        progress[number] += 1  # attempts, failed ones too: the importer waits on them
    queue.put((observed, errors, loops))


# what a version holds, read in one query: a reader that saw part of an import would see these disagree
WHOLE_STATE = """select (select nilai from meta where kunci = 'versi'), (select count(*) from submisi),
    (select coalesce(sum(submisi_baru), 0) from impor where jenis = 'submisi'),
    (select count(*) from rumah_tangga),
    (select sum(kk_respon) from capaian_harian_desa where tanggal = $hari)"""


def import_while_reading(
    folder: Path, readers: int = 20, rows: int = 1_000_000, imports: int = 2, *, cfg: Config | None = None
) -> dict:
    """`imports` large exports imported one after another while `readers` processes run the page queries."""
    from sensus.ingest import importer

    cfg = configured(cfg)
    store_path = base_store(folder, cfg=cfg)
    exports = [
        synthetic.write_export(
            synthetic.synthetic_export(villages(cfg.kode_kab), rows, 50 + n, id_prefix=f"R{n}-"),
            folder / f"besar_{n}.csv",
        )
        for n in range(imports)
    ]
    context = multiprocessing.get_context("forkserver")
    # the fork server imports the store code once (and never opens DuckDB), so readers start fast
    context.set_forkserver_preload(["sensus.store.reports", "sensus.store.database"])
    queue, stop, ready = context.Queue(), context.Event(), context.Semaphore(0)
    progress = context.Array("q", readers, lock=False)  # loops finished by each reader
    procs = [
        context.Process(target=_reader, args=(str(store_path), cfg, n, progress, ready, stop, queue))
        for n in range(readers)
    ]
    with spawn.bare_main():
        for proc in procs:
            proc.start()
    # on a busy machine twenty interpreters take long to start: wait while they are alive, not for a set time
    started, deadline = 0, time.monotonic() + 3600
    while started < len(procs):
        if ready.acquire(timeout=1):
            started += 1
        elif not all(proc.is_alive() for proc in procs) or time.monotonic() > deadline:
            raise RuntimeError(f"readers did not start ({started} of {len(procs)} reading)")
    whole = {}

    def record() -> None:
        snap = state(store_path)
        from sensus.store import database

        con = database.connect_reader(store_path)
        whole[snap["versi"]] = con.sql(WHOLE_STATE, params={"hari": cfg.selesai}).fetchall()[0][1:]
        con.close()

    def every_reader_read_again() -> None:
        # two more loops: the second started after this moment, so it read the version now published
        start = list(progress)
        deadline = time.monotonic() + 3600
        while any(now < then + 2 for now, then in zip(progress, start, strict=True)):
            if time.monotonic() > deadline or not all(proc.is_alive() for proc in procs):
                raise RuntimeError("a reader stopped reading")
            time.sleep(0.01)

    record()
    durations = []
    every_reader_read_again()
    for export in exports:
        began = time.perf_counter()
        importer.load_submissions(export, store_path, cfg=cfg)
        durations.append(round(time.perf_counter() - began, 2))
        record()
        every_reader_read_again()
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


def cli_import(store_path: Path, export: Path) -> list[str]:
    """The command line a user runs to import `export`."""
    return [sys.executable, "-m", "sensus", "--store", str(store_path), "ingest", str(export)]


def cli_env(cfg: Config) -> dict[str, str]:
    """The environment of that command line: this one, with the region of `cfg` (the store was built for it)."""
    return {**os.environ, "PANTAU_KABUPATEN": cfg.kode_kab}


def writer_files(store_path: Path) -> dict[str, int]:
    """The writer's draft copy and its WAL beside the store: name → size in bytes (empty when no writer runs)."""
    prefix = f".{store_path.name}.tmp-"
    sizes = {}
    for item in store_path.parent.iterdir():
        if item.name.startswith(prefix) and not item.is_dir():
            try:
                sizes[item.name] = item.stat().st_size
            except FileNotFoundError:  # published or removed between listing and stat
                continue
    return sizes


def wait_for_writer(
    store_path: Path, proc: subprocess.Popen, condition: Callable[[dict[str, int]], bool], timeout: float = 300
) -> bool:
    """Poll the writer's files until `condition(files)` holds; False if the import ended first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition(writer_files(store_path)):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.001)
    raise RuntimeError(f"the import into {store_path} never reached the awaited state")


def writer_trace(store_path: Path, proc: subprocess.Popen) -> list[int]:
    """Bytes the writer has on disk (draft + WAL) at each poll, from its draft's first appearance to its end."""
    wait_for_writer(store_path, proc, bool)
    trace = []
    while proc.poll() is None:
        files = writer_files(store_path)
        if files:
            trace.append(sum(files.values()))
        time.sleep(0.001)
    return trace


def kill_points(trace: list[int], kills: int) -> list[tuple[str, Callable[[dict[str, int]], bool]]]:
    """`kills` states of the writer to kill it in, spread over its block: the draft just created, the draft and
    WAL grown to a share of the most they reached in the unkilled run, and the draft gone (just published)."""
    peak = max(trace, default=0)
    points: list[tuple[str, Callable[[dict[str, int]], bool]]] = [("draft created", bool)]
    growing = max(kills - 2, 0)
    for n in range(1, growing + 1):
        share = n / (growing + 1)
        points.append((f"draft + WAL at {share:.0%} of peak", lambda f, at=share * peak: sum(f.values()) >= at))
    points.append(("published", lambda f: not f))
    return points[:kills]


def crash(folder: Path, kills: int = 10, rows: int = 200_000, *, cfg: Config | None = None) -> dict:
    """Kill the CLI import with SIGKILL in states of its writer block, from the draft's creation to the publish;
    check that the store is as before or as after an unkilled import, then rerun and check it completes."""
    from sensus.ingest import importer

    cfg = configured(cfg)
    store_path = base_store(folder / "store", cfg=cfg)
    export = synthetic.write_export(
        synthetic.synthetic_export(villages(cfg.kode_kab), rows, 77, id_prefix="K"), folder / "kill_me.csv"
    )
    pristine = folder / "pristine"
    pristine.mkdir()
    for item in store_path.parent.iterdir():
        if item.is_file():
            shutil.copy2(item, pristine / item.name)
    before = state(store_path)
    # the reference: the same import, unkilled, on a copy; the bytes its writer holds as it goes
    reference_dir = folder / "reference"
    shutil.copytree(pristine, reference_dir)
    reference_store = reference_dir / store_path.name
    proc = subprocess.Popen(
        cli_import(reference_store, export), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=cli_env(cfg)
    )
    trace = writer_trace(reference_store, proc)
    proc.wait()
    after = state(reference_store)
    outcomes = {"before": 0, "after": 0}
    killed_at: dict[str, str] = {}
    problems = []
    for kill, (label, condition) in enumerate(kill_points(trace, kills)):
        for item in store_path.parent.iterdir():
            if item.is_file():
                item.unlink()
        for item in pristine.iterdir():
            shutil.copy2(item, store_path.parent / item.name)
        proc = subprocess.Popen(
            cli_import(store_path, export),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
            env=cli_env(cfg),
        )
        # the draft first, so "published" means this writer's publish, not the time before it started
        wait_for_writer(store_path, proc, bool)
        wait_for_writer(store_path, proc, condition)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        try:
            now = state(store_path)
        except Exception as error:  # noqa: BLE001 - a store that does not open is the failure we look for
            problems.append(f"kill {kill} ({label}): store does not open: {error}")
            continue
        if now == before:
            outcomes["before"] += 1
            killed_at[label] = "before"
        elif without_version(now) == without_version(after):
            outcomes["after"] += 1
            killed_at[label] = "after"
        else:
            problems.append(f"kill {kill} ({label}): state neither before nor after")
        salt = store_path.with_suffix(".salt")
        if not salt.exists() or len(salt.read_text().strip()) != 64:
            size = salt.stat().st_size if salt.exists() else "missing"
            problems.append(f"kill {kill} ({label}): salt file damaged ({size})")
        try:
            importer.load_submissions(export, store_path, cfg=cfg)
        except Exception as error:  # noqa: BLE001
            problems.append(f"kill {kill} ({label}): rerun failed: {type(error).__name__}: {error}")
            continue
        rerun = state(store_path)
        if without_version(rerun) != without_version(after):
            problems.append(f"kill {kill} ({label}): rerun does not equal the unkilled import")
        leftovers = [p.name for p in store_path.parent.iterdir() if ".tmp-" in p.name]
        if leftovers:
            problems.append(f"kill {kill} ({label}): leftovers after rerun: {leftovers}")
    return {
        "kills": kills,
        "rows": rows,
        "writer_peak_bytes": max(trace, default=0),
        "outcomes": outcomes,
        "killed_at": killed_at,
        "problems": problems,
        "ok": not problems,
    }


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


def growing_file(folder: Path, base: Path, rows: int = 300_000, *, cfg: Config | None = None) -> dict:
    """Append to an export while it is imported: the import must take a whole snapshot or refuse."""
    from sensus.ingest import importer
    from sensus.ingest.sources import ImportRefused
    from sensus.store import database

    cfg = configured(cfg)
    shutil.copytree(base.parent, folder)
    store_path = folder / base.name
    export = folder / "tumbuh.csv"
    # written plain (3316012001), as the drill always appended it
    village = villages(cfg.kode_kab)[0].replace(".", "")
    synthetic.write_export(synthetic.synthetic_export(villages(cfg.kode_kab), rows, 91, id_prefix="G"), export)
    size0 = export.stat().st_size
    stop = threading.Event()
    appended = [0]

    def append() -> None:
        line = 0
        with open(export, "a") as handle:
            while not stop.is_set():
                # half lines on purpose: a writer that flushes mid-line, as an export job does
                handle.write(f"GX{line:07d},{village},2020-03-0")
                handle.flush()
                handle.write("2 08:00:00,3,,respon,Rina,,Jl\n")
                handle.flush()
                line += 1
                appended[0] = line
                time.sleep(0.0005)

    thread = threading.Thread(target=append)
    thread.start()
    try:
        summary = importer.load_submissions(export, store_path, cfg=cfg)
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


def disk_full(folder: Path, base: Path, size_mb: int = 20, rows: int = 400_000, *, cfg: Config | None = None) -> dict:
    """The store on a small tmpfs; an import that needs more room than there is must fail clearly, store intact."""
    cfg = configured(cfg)
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
        export = synthetic.write_export(
            synthetic.synthetic_export(villages(cfg.kode_kab), rows, 92, id_prefix="D"), folder / "penuh.csv"
        )
        cli = subprocess.run(cli_import(store_path, export), capture_output=True, text=True, cwd=ROOT, env=cli_env(cfg))
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


# ---- personal data ---------------------------------------------------------------------------

NAME_RE = re.compile(rb"Pribadi[A-Z]{8}")
DIGITS16_RE = re.compile(rb"(?<![0-9])[0-9]{16}(?![0-9])")


def personal_data(folder: Path, rows: int = 50_000, *, cfg: Config | None = None) -> dict:
    """Exports full of NIK, no_kk and unique names (valid, rejected and duplicate rows); then scan every byte."""
    from sensus.store import database

    cfg = configured(cfg)
    folder.mkdir(parents=True, exist_ok=True)
    store_path = base_store(folder / "store", rows=1_000, cfg=cfg)
    rng = random.Random(8)
    table = synthetic.synthetic_export(villages(cfg.kode_kab), rows, 93, id_prefix="P")
    names = ["Pribadi" + "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=8)) for _ in range(rows)]
    table = table.with_columns(nama=pl.Series(names), alamat=pl.Series(names).str.replace("Pribadi", "Jalan "))
    # a share of rows broken in ways that keep them as rejected rows, personal columns and all
    broken = table.head(rows // 10).with_columns(
        id_submisi=pl.col("id_submisi") + "x", jumlah_art=pl.lit("tiga"), no_kk=pl.col("no_kk").str.slice(0, 15)
    )
    duplicates = table.slice(rows // 10, rows // 20)
    exports = [
        synthetic.write_export(pl.concat([table, broken, duplicates]), folder / "pribadi.csv"),
        synthetic.write_export(
            table.head(rows // 5).with_columns(id_submisi=pl.col("id_submisi") + "p"), folder / "pribadi.parquet"
        ),
    ]
    logs = []
    for export in exports:
        done = subprocess.run(
            cli_import(store_path, export), capture_output=True, text=True, cwd=ROOT, env=cli_env(cfg)
        )
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
