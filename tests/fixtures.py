"""The tiny store the tests share: 2 kecamatan, 6 villages, about 200 households, built through sensus.ingest;
and the stores tests derive from it: a private copy, one without submissions, one an older Pantau left, a damaged one.

Run `python -m tests.fixtures OUT_DIR` to write the export files and the store for inspection.
"""

import os
import random
import shutil
import sys
from datetime import datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from sensus.core import config
from sensus.ingest import importer

CFG = config.read()

# Jati (33.16.01) and Cepu (33.16.05, with kelurahan)
DESA = ("33.16.01.2001", "33.16.01.2002", "33.16.01.2003", "33.16.05.1014", "33.16.05.1011", "33.16.05.2001")
TARGETS = pl.DataFrame(
    {
        "kode_desa": list(DESA),
        "penduduk": [1200, 900, 1500, 2400, 2100, 800],
        "kk": [340, 260, 430, 690, 600, 230],
        "sumber": ["uji"] * 6,
    }
)
EVENTS = pl.DataFrame(
    {
        "tanggal": ["2020-02-20", "2020-03-05"],
        "jenis": ["rakor", "sosialisasi"],
        "kode": ["33.16.01", "3316051014"],
        "keterangan": ["Rakor camat Jati", "Sosialisasi kelurahan"],
    }
)


def submissions(seed: int = 7) -> pl.DataFrame:
    """Two weekly exports' worth of rows: repeats, updates, rows outside the window and broken rows."""
    rng = random.Random(seed)
    rows = []
    start = datetime(2020, 2, 15, 6, 0)
    for household in range(200):
        kode = rng.choice(DESA)
        no_kk = f"3316{rng.randrange(10**11, 10**12):012d}"
        when = start + timedelta(minutes=rng.randrange(0, 45 * 24 * 60))
        persons = rng.randint(1, 7)
        rows.append((f"S{household:05d}", kode, when, persons, no_kk, rng.choice(["respon", "clean"])))
        if household % 12 == 0:  # a second submission: same household, later, other size
            later = when + timedelta(days=rng.randint(0, 6), hours=2)
            rows.append((f"S{household:05d}b", kode, later, min(persons + 1, 9), no_kk, "clean"))
    # a trial before the window and one after it
    rows.append(("T00001", DESA[0], datetime(2020, 2, 12, 9), 3, "3316000000000001", "respon"))
    rows.append(("T00002", DESA[1], datetime(2020, 4, 2, 9), 2, "3316000000000002", "respon"))
    table = pl.DataFrame(
        rows, schema=["id_submisi", "kode_desa", "waktu", "jumlah_art", "no_kk", "status"], orient="row"
    )
    return table.with_columns(
        waktu_submit=pl.col("waktu").dt.strftime("%Y-%m-%d %H:%M:%S"),
        jumlah_art=pl.col("jumlah_art").cast(pl.String),
        nama=pl.lit("Siti Aminah"),
        nik=pl.col("no_kk").str.replace("^3316", "3317"),
    ).sort("waktu")


def write_exports(folder: Path) -> dict[str, Path]:
    """Targets, events and two overlapping export files; the second updates some statuses."""
    folder.mkdir(parents=True, exist_ok=True)
    table = submissions()
    cut = datetime(2020, 3, 7)
    first = table.filter(pl.col("waktu") < cut)
    # the second export repeats the last days of the first (overlap) and marks its rows clean (snapshot)
    second = table.filter(pl.col("waktu") >= cut - timedelta(days=3)).with_columns(
        status=pl.when(pl.col("waktu") < cut).then(pl.lit("clean")).otherwise(pl.col("status"))
    )
    broken = pl.DataFrame(
        {
            "id_submisi": ["X1", "X2", "X3"],
            "kode_desa": ["3316999999", DESA[0], DESA[1]],
            "waktu_submit": ["2020-03-01 10:00", "kemarin", "2020-03-01 10:00"],
            "jumlah_art": ["2", "2", "3 orang"],
            "no_kk": [None, None, None],
            "status": ["respon"] * 3,
            "nama": ["Budi"] * 3,
            "nik": [None] * 3,
        }
    )
    columns = ["id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "no_kk", "status", "nama", "nik"]
    paths = {
        "targets": folder / "target.csv",
        "events": folder / "kegiatan.csv",
        "export_1": folder / "export_2020-03-06.csv",
        "export_2": folder / "export_2020-04-03.csv",
    }
    TARGETS.write_csv(paths["targets"])
    EVENTS.write_csv(paths["events"])
    pl.concat([first.select(columns), broken]).write_csv(paths["export_1"])
    second.select(columns).write_csv(paths["export_2"])
    return paths


def build_store(folder: Path, store_path: Path) -> dict[str, Path]:
    paths = write_exports(folder)
    importer.ingest_targets(paths["targets"], store_path, cfg=CFG)
    importer.ingest_events(paths["events"], store_path, cfg=CFG)
    importer.load_submissions(paths["export_1"], store_path, cfg=CFG)
    importer.load_submissions(paths["export_2"], store_path, cfg=CFG)
    return paths


def copy_store(store_path: Path, folder: Path) -> Path:
    """A private copy of a store (with its salt) for a test that writes."""
    folder.mkdir(parents=True, exist_ok=True)
    for item in (store_path, store_path.with_suffix(".salt")):
        if item.exists():
            shutil.copy2(item, folder / item.name)
    return folder / store_path.name


def schema_3(store) -> None:
    """Turn a store into one a Pantau of schema 3 left: its command-line import had no undo record; only the
    importer's list of replaced rows; the dashboard's upload recorded in a second write."""
    con = duckdb.connect(str(store))
    con.execute("alter table kegiatan drop column impor_id")
    con.execute("drop table kegiatan_sama")
    con.execute("drop table target_sebelum")
    con.execute("delete from impor_oleh where pengguna = 'sistem'")
    con.execute("alter table impor_oleh drop column alasan")
    con.execute("alter table impor_oleh alter column pengguna set not null")
    cli = con.sql("select min(impor_id) from impor where jenis = 'submisi'").fetchall()[0][0]
    con.execute(f"delete from impor_oleh where impor_id = {cli}")
    con.execute(f"delete from batch_submisi where impor_id = {cli}")
    con.execute(f"delete from batch_sebelum where impor_id = {cli}")
    con.execute("create table submisi_diganti as select impor_terakhir as diganti_oleh, * from submisi limit 0")
    con.execute("update meta set nilai = '3' where kunci = 'skema'")
    con.close()


def base_store(folder, exports, salt: str = "ab" * 32):
    """Targets and events, no submissions; every store of a test shares one salt so no_kk hashes compare."""
    path = folder / "sensus.duckdb"
    path.with_suffix(".salt").write_text(salt)
    importer.ingest_targets(exports["targets"], path, cfg=CFG)
    importer.ingest_events(exports["events"], path, cfg=CFG)
    return path


def damage(store) -> None:
    """Overwrite 8 KiB of a store file with random bytes, past its header: a store a crash or a bad copy left."""
    data = bytearray(store.read_bytes())
    data[4096:12288] = os.urandom(8192)
    store.write_bytes(bytes(data))


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "fixture_out")
    build_store(out, out / "sensus.duckdb")
    print(f"{out}: exports and store written")
