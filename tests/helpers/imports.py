"""The import path's small store and its probes: rows and files to feed it, fingerprints to compare before/after.

The store holds targets, one event and one small export (3 valid rows in two villages of Jati, 1 rejected);
later rows go to the kelurahan Cepu so the base villages' figures must not move.
"""

import atexit
import csv
import functools
import io
import shutil
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest
import xlsxwriter

from sensus.core import config, i18n, wilayah_indonesia
from sensus.core.scope import KABUPATEN
from sensus.ingest import importer
from sensus.ingest.sources import ImportRefused
from sensus.store import database, reports

CFG = config.read()

HEADER = ("id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "no_kk", "status", "nama", "nik", "alamat")

# the first export, in two villages of Jati; its last row is rejected (jumlah_art_bukan_angka, line 5)
BASE_ROWS = (
    (
        "A001",
        "3316012001",
        "2020-02-20 08:00:00",
        "3",
        "3316010101010001",
        "respon",
        "Siti Aminah",
        "3316015807880001",
        "Jl. Gatot Subroto No. 7",
    ),
    (
        "A002",
        "33.16.01.2002",
        "2020-02-21T09:30:00+07:00",
        "4",
        "3316010101010002",
        "clean",
        "Bambang Sutrisno",
        "3316011203750002",
        "Dukuh Krajan RT 02",
    ),
    ("A003", "3316012001", "2020-02-22 10:00:00", "2", "", "respon", "Sri Wahyuni", "", "Jl. Pemuda 12"),
    (
        "A004",
        "3316012002",
        "2020-02-23 11:00:00",
        "banyak",
        "",
        "respon",
        "Joko Susilo",
        "3316011111110004",
        "Gg. Mawar",
    ),
)
BASE_VILLAGES = ("33.16.01.2001", "33.16.01.2002")
# later exports put their valid rows in the kelurahan Cepu, so the base villages' figures must not move
CEPU = "3316051014"
PERSONAL = tuple(value for row in BASE_ROWS for value in (row[4], *row[6:]) if value)

REASON = {  # a fragment of each refusal's message that says why
    "berkas_kosong": "kosong",
    "bukan_berkas": "folder",
    "berkas_tidak_ada": "tidak ditemukan",
    "format_tidak_dikenal": "tidak dikenal",
    "kolom_wajib_hilang": "kolom wajib tidak ada",
    "tidak_ada_baris": "tidak ada baris data",
    "berkas_tidak_terbaca": "tidak dapat dibaca",
}


# --- helpers -------------------------------------------------------------------------------------------


def row(
    id_submisi: str,
    kode_desa: str = CEPU,
    waktu_submit: str = "2020-03-02 08:00:00",
    jumlah_art: str = "2",
    no_kk: str = "",
    status: str = "respon",
    nama: str = "Rina Marlina",
    nik: str = "3316054404900007",
    alamat: str = "Jl. Diponegoro 5",
) -> tuple[str, ...]:
    return (id_submisi, kode_desa, waktu_submit, jumlah_art, no_kk, status, nama, nik, alamat)


def write_csv(
    path: Path, rows, header=HEADER, delimiter: str = ",", encoding: str = "utf-8", newline: str = "\n"
) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list]) -> Path:
    """One worksheet per item; a row is a sequence of cells (None = empty cell) or None for an empty row."""
    workbook = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        sheet = workbook.add_worksheet(name)
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells or ()):
                if value is not None and value != "":
                    sheet.write_string(r, c, str(value))
    workbook.close()
    return path


def fingerprint(store_path: Path) -> dict:
    """Every table of the store, sorted, plus meta 'versi' and the file's version key."""
    con = database.connect_reader(store_path)
    try:
        tables = [name for (name,) in con.sql("select table_name from duckdb_tables() order by 1").fetchall()]
        result = {name: sorted(con.sql(f'select * from "{name}"').fetchall(), key=repr) for name in tables}
        result["versi"] = database.read_meta(con).get("versi")
    finally:
        con.close()
    result["version_key"] = database.version_key(store_path)
    return result


def base_counts(store_path: Path) -> list[tuple]:
    """The base villages' figures as the reports count them, at the window's end."""
    con = database.connect_reader(store_path)
    try:
        table = reports.capaian(con, date(2020, 3, 31), "desa", scope=KABUPATEN, region=CFG.wilayah)
    finally:
        con.close()
    return table.filter(pl.col("kode").is_in(BASE_VILLAGES)).sort("kode").rows()


def store_files(store_path: Path) -> list[Path]:
    return sorted(p for p in store_path.parent.iterdir() if p.is_file())


def store_bytes(store_path: Path) -> bytes:
    """The bytes of every file beside the store (store, salt, any WAL or leftover draft)."""
    return b"".join(p.read_bytes() for p in store_files(store_path))


def text_hits(store_path: Path, needle: str) -> list[tuple[str, str]]:
    """(table, column) of every text column of the store holding `needle`."""
    con = database.connect_reader(store_path)
    try:
        columns = con.sql(
            "select table_name, column_name from duckdb_columns() where data_type = 'VARCHAR' and not internal"
        ).fetchall()
        return [
            (table, column)
            for table, column in columns
            if con.sql(
                f'select count(*) from "{table}" where contains("{column}", $s)', params={"s": needle}
            ).fetchall()[0][0]
        ]
    finally:
        con.close()


def assert_never_stored(store_path: Path, needle: str) -> None:
    raw = store_bytes(store_path)
    # control: text the store does hold is readable in its bytes, so the scan below can find a leak
    assert b"ekspor_awal.csv" in raw and b"Bangkleyan" in raw
    for encoding in ("utf-8", "latin-1", "utf-16-le"):
        try:
            encoded = needle.encode(encoding)
        except UnicodeEncodeError:
            continue
        assert encoded not in raw, f"{needle!r} ({encoding}) is in the store's bytes"
    assert text_hits(store_path, needle) == [], f"{needle!r} is in a text column"


def new_rejects(store_path: Path) -> list[tuple]:
    """(baris, alasan, nilai, id_submisi) of the rejected rows of the latest import, by line."""
    con = database.connect_reader(store_path)
    try:
        return con.sql(
            """
            select baris, alasan, nilai, id_submisi from baris_ditolak
            where impor_id = (select max(impor_id) from impor) order by baris, alasan
            """
        ).fetchall()
    finally:
        con.close()


def stored_submission(store_path: Path, id_submisi: str) -> tuple | None:
    con = database.connect_reader(store_path)
    try:
        rows = con.sql(
            "select kode_desa, tanggal, jumlah_art, status, rumah_tangga from submisi where id_submisi = $id",
            params={"id": id_submisi},
        ).fetchall()
    finally:
        con.close()
    assert len(rows) <= 1
    return rows[0] if rows else None


def assert_refused_message(refused: ImportRefused, path: Path) -> str:
    """The rendered message names the file and says why; it renders in both languages."""
    assert refused.berkas == str(path)
    message = i18n.t(refused.code, "id", berkas=refused.berkas, **refused.detail)
    assert str(path) in message
    assert REASON[refused.code] in message, message
    english = i18n.t(refused.code, "en", berkas=refused.berkas, **refused.detail)
    assert str(path) in english and "{" not in english
    return message


def small_import_store(tmp_path: Path) -> tuple[Path, Path, dict, list[tuple]]:
    """(store path, input folder, fingerprint, base figures) of a fresh store with one small export loaded.

    The store is built once per test process and copied into `tmp_path` (store, salt and input files): every
    test gets files of its own, the same as a fresh build."""
    template, counts = _small_import_template()
    shutil.copytree(template, tmp_path, dirs_exist_ok=True)
    store_path = tmp_path / "store" / "sensus.duckdb"
    # the fingerprint holds the file's version key (inode, mtime): taken on the copy, not the template
    return store_path, tmp_path / "in", fingerprint(store_path), list(counts)


@functools.cache
def _small_import_template() -> tuple[Path, list[tuple]]:
    root = Path(tempfile.mkdtemp(prefix="pantau-small-import-"))
    atexit.register(shutil.rmtree, root, True)
    store_path = root / "store" / "sensus.duckdb"
    folder = root / "in"
    folder.mkdir()
    targets = folder / "target.csv"
    targets.write_text(
        "kode_desa,penduduk,kk,sumber\n3316012001,1200,340,uji\n3316012002,900,260,uji\n3316051014,2400,690,uji\n",
        encoding="utf-8",
    )
    events = folder / "kegiatan.csv"
    events.write_text("tanggal,jenis,kode,keterangan\n2020-02-20,rakor,33.16.01,Rakor camat Jati\n", encoding="utf-8")
    importer.ingest_targets(targets, store_path, cfg=CFG)
    importer.ingest_events(events, store_path, cfg=CFG)
    export = write_csv(folder / "ekspor_awal.csv", BASE_ROWS)
    summary = importer.load_submissions(export, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak) == (3, 1)
    assert fingerprint(store_path)["versi"] == "3"
    return root, base_counts(store_path)


def assert_unchanged(store_path: Path, before: dict) -> None:
    assert fingerprint(store_path) == before
    # no draft copy or WAL left behind by the refused import
    names = {p.name for p in store_files(store_path)}
    assert names <= {"sensus.duckdb", "sensus.salt", "sensus.duckdb.lock"}, names


def assert_kept(store_path: Path, before: dict, counts_before: list[tuple]) -> dict:
    """After an import that loaded: every earlier row is still there, and the base villages count the same."""
    after = fingerprint(store_path)
    for table in ("submisi", "impor", "baris_ditolak", "kecamatan", "desa"):
        missing = set(before[table]) - set(after[table])
        assert not missing, f"{table}: rows lost {missing}"
    assert after["target"] == before["target"]
    assert after["kegiatan"] == before["kegiatan"]
    assert int(after["versi"]) == int(before["versi"]) + 1
    assert base_counts(store_path) == counts_before
    return after


def ingest_refused(path: Path, store_path: Path) -> ImportRefused:
    with pytest.raises(ImportRefused) as caught:
        importer.load_submissions(path, store_path, cfg=CFG)
    return caught.value


# --- the marts and the figures, to compare with a rebuild or the independent counter ---------------------

KNOWN_DESA = set(wilayah_indonesia.wilayah(CFG.kode_kab)["kode_desa"])


def marts_rebuilt(store_path: Path) -> tuple[list, list]:
    """(incremental marts as stored, the same marts computed from scratch) of a published store."""
    con = duckdb.connect()
    con.execute(f"set TimeZone = '{config.WIB}'")
    con.execute("attach $p as store (read_only)", {"p": str(store_path)})
    con.execute("use store")
    stored = (
        con.sql("select * from store.rumah_tangga order by all").fetchall(),
        con.sql("select * from store.capaian_harian_desa order by all").fetchall(),
    )
    mulai, selesai = config.read().window
    database.build_marts(con, mulai, selesai, temp=True)
    fresh = (
        con.sql("select * from temp.rumah_tangga order by all").fetchall(),
        con.sql("select * from temp.capaian_harian_desa order by all").fetchall(),
    )
    con.close()
    return stored, fresh


def desa_figures(store: Path, day: date) -> dict[str, tuple[int, int, int]]:
    con = database.connect_reader(store)
    try:
        table = reports.capaian(con, day, "desa", scope=KABUPATEN, region=CFG.wilayah)
    finally:
        con.close()
    return {
        r["kode"]: (r["kk_respon"], r["penduduk_respon"], r["kk_clean"])
        for r in table.iter_rows(named=True)
        if r["kk_respon"]
    }


# three imports in a row: updates, a household changing, a row leaving the window
KK = "3316050101010001"
BATCHES = [
    # new households, one with two submissions, a clean one, one outside the window
    [
        row("I1", no_kk=KK, waktu_submit="2020-02-20 08:00"),
        row("I2", no_kk=KK, waktu_submit="2020-02-25 08:00", jumlah_art="5"),
        row("I3", kode_desa="3316012001", status="clean"),
        row("I4", waktu_submit="2020-04-02 08:00"),
        row("I5", no_kk="0000000000000000"),
    ],
    # an update moves the household's first submission earlier and into another village; a status turns clean
    [
        row("I2", no_kk=KK, waktu_submit="2020-02-18 08:00", kode_desa="3316012002", jumlah_art="6"),
        row("I3", kode_desa="3316012001", status="respon"),
        row("I6", kode_desa="3316051013", jumlah_art="9"),
    ],
    # a submission leaves its household (another no_kk) and one leaves the window
    [row("I1", no_kk="3316050101010002", waktu_submit="2020-02-20 08:00"), row("I6", waktu_submit="2019-12-31 10:00")],
]
