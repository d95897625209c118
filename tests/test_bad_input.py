"""Bad input on the import path: what a refused file, a rejected row or an odd format does to the store.

Every test starts from a fresh store holding targets, events and one small export (3 valid rows, 1 rejected),
takes a fingerprint of it, feeds the bad input and checks (a) the outcome: the refusal code and its message,
or the rejection code and its line, and (b) that nothing already stored is lost.
"""

import csv
import io
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter

from sensus.core import config, i18n
from sensus.core.paths import ROOT
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
        table = reports.capaian(con, date(2020, 3, 31), "desa", scope=KABUPATEN)
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


@pytest.fixture
def base(tmp_path):
    """(store path, input folder, fingerprint, base figures) of a fresh store with one small export loaded."""
    store_path = tmp_path / "store" / "sensus.duckdb"
    folder = tmp_path / "in"
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
    summary = importer._ingest_submissions(export, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak) == (3, 1)
    before = fingerprint(store_path)
    assert before["versi"] == "3"
    return store_path, folder, before, base_counts(store_path)


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
        importer._ingest_submissions(path, store_path, cfg=CFG)
    return caught.value


# --- files refused whole -------------------------------------------------------------------------------


def _empty(folder: Path) -> Path:
    path = folder / "kosong.csv"
    path.write_bytes(b"")
    return path


def _empty_xlsx(folder: Path) -> Path:
    path = folder / "kosong.xlsx"
    path.write_bytes(b"")
    return path


def _header_only_csv(folder: Path) -> Path:
    return write_csv(folder / "judul_saja.csv", [])


def _header_only_no_newline(folder: Path) -> Path:
    path = folder / "judul_saja_tanpa_enter.csv"
    path.write_text(",".join(HEADER), encoding="utf-8")
    return path


def _header_only_xlsx(folder: Path) -> Path:
    return write_xlsx(folder / "judul_saja.xlsx", {"Sheet1": [HEADER]})


def _header_only_parquet(folder: Path) -> Path:
    path = folder / "judul_saja.parquet"
    pl.DataFrame(schema=dict.fromkeys(HEADER, pl.String)).write_parquet(path)
    return path


def _directory(folder: Path) -> Path:
    path = folder / "ekspor.csv"
    path.mkdir()
    return path


def _missing(folder: Path) -> Path:
    return folder / "tidak_ada.csv"


def _json(folder: Path) -> Path:
    path = folder / "ekspor.json"
    path.write_text('[{"id_submisi": "J1", "kode_desa": "3316051014"}]', encoding="utf-8")
    return path


REFUSALS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty_0_bytes": (_empty, "berkas_kosong"),
    "empty_xlsx_0_bytes": (_empty_xlsx, "berkas_kosong"),
    "header_only": (_header_only_csv, "tidak_ada_baris"),
    "header_only_without_newline": (_header_only_no_newline, "tidak_ada_baris"),
    "header_only_xlsx": (_header_only_xlsx, "tidak_ada_baris"),
    "header_only_parquet": (_header_only_parquet, "tidak_ada_baris"),
    "directory": (_directory, "bukan_berkas"),
    "path_does_not_exist": (_missing, "berkas_tidak_ada"),
    "unknown_extension_json": (_json, "format_tidak_dikenal"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_file_changes_nothing(base, case):
    store_path, folder, before, _ = base
    make, code = REFUSALS[case]
    path = make(folder)
    refused = ingest_refused(path, store_path)
    assert refused.code == code
    message = assert_refused_message(refused, path)
    if code == "format_tidak_dikenal":
        assert refused.detail == {"akhiran": ".json"} and "'.json'" in message
    assert_unchanged(store_path, before)


@pytest.mark.parametrize("content", [b"   \n\n  \n", b" \r\n\t\r\n", b"\n"], ids=["spaces", "crlf_tab", "newline"])
def test_whitespace_only_file_is_refused_as_empty(base, content):
    store_path, folder, before, _ = base
    path = folder / "spasi.csv"
    path.write_bytes(content)
    refused = ingest_refused(path, store_path)
    # a file of blanks holds no header and no rows: it is empty, not "missing columns (found: column0)"
    assert refused.code in ("berkas_kosong", "tidak_ada_baris"), (refused.code, refused.detail)
    message = assert_refused_message(refused, path)
    assert "column0" not in message
    assert_unchanged(store_path, before)


@pytest.mark.parametrize(
    ("kind", "missing"),
    [
        ("csv", ("waktu_submit",)),
        ("csv", ("kode_desa", "jumlah_art")),
        ("parquet", ("waktu_submit",)),
        ("xlsx", ("waktu_submit",)),
    ],
    ids=["csv_one", "csv_two", "parquet_one", "xlsx_one"],
)
def test_missing_required_column_is_refused_naming_it(base, kind, missing):
    store_path, folder, before, _ = base
    header = tuple(h for h in HEADER if h not in missing)
    rows = [tuple(v for h, v in zip(HEADER, row(f"M{i}"), strict=True) if h not in missing) for i in range(2)]
    path = folder / f"kurang_kolom.{kind}"
    if kind == "csv":
        write_csv(path, rows, header=header)
    elif kind == "parquet":
        pl.DataFrame(rows, schema=list(header), orient="row").write_parquet(path)
    else:
        write_xlsx(path, {"Sheet1": [header, *rows]})
    refused = ingest_refused(path, store_path)
    assert refused.code == "kolom_wajib_hilang"
    message = assert_refused_message(refused, path)
    for column in missing:
        assert column in message
    # exactly the missing ones: a column that is there is not reported as missing
    assert set(refused.detail["kolom"].split(", ")) == set(missing)
    assert "id_submisi" in refused.detail["ada"]
    assert_unchanged(store_path, before)


def _random(name: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(os.urandom(4096))
        return path

    return make


def _truncated_xlsx(folder: Path) -> Path:
    whole = write_xlsx(folder / "utuh.xlsx", {"Sheet1": [HEADER, row("K1"), row("K2")]})
    path = folder / "terpotong.xlsx"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return path


def _csv_named_xlsx(folder: Path) -> Path:
    return write_csv(folder / "sebenarnya_csv.xlsx", [row("K1")])


def _truncated_parquet(folder: Path) -> Path:
    whole = folder / "utuh.parquet"
    pl.DataFrame([row("K1"), row("K2")], schema=list(HEADER), orient="row").write_parquet(whole)
    path = folder / "terpotong.parquet"
    path.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    return path


def _parquet_magic_around_garbage(folder: Path) -> Path:
    path = folder / "rusak.parquet"
    path.write_bytes(b"PAR1" + os.urandom(4096) + b"PAR1")
    return path


CORRUPT = {
    "xlsx_random_bytes": _random("acak.xlsx"),
    "xlsx_truncated": _truncated_xlsx,
    "xlsx_that_is_csv_text": _csv_named_xlsx,
    "parquet_random_bytes": _random("acak.parquet"),
    "parquet_truncated": _truncated_parquet,
    "parquet_magic_around_garbage": _parquet_magic_around_garbage,
}


@pytest.mark.parametrize("case", list(CORRUPT))
def test_corrupt_file_is_refused_as_unreadable(base, case):
    store_path, folder, before, _ = base
    path = CORRUPT[case](folder)
    refused = ingest_refused(path, store_path)
    assert refused.code == "berkas_tidak_terbaca"
    assert refused.detail.get("sebab")
    assert_refused_message(refused, path)
    assert_unchanged(store_path, before)


# --- the command line ----------------------------------------------------------------------------------


def run_cli(store_path: Path, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(store_path), "ingest", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


@pytest.mark.parametrize(
    "case",
    ["empty_0_bytes", "missing_column", "path_does_not_exist", "directory", "unknown_extension_json", "xlsx_random"],
)
def test_cli_refusal_exits_1_naming_file_and_reason(base, case):
    store_path, folder, before, _ = base
    makers = {
        "empty_0_bytes": (_empty, "berkas kosong"),
        "missing_column": (
            lambda f: write_csv(f / "tanpa_waktu.csv", [row("C1")[:2] + row("C1")[3:]], header=HEADER[:2] + HEADER[3:]),
            "kolom wajib tidak ada: waktu_submit",
        ),
        "path_does_not_exist": (_missing, "tidak ditemukan"),
        "directory": (_directory, "bukan berkas"),
        "unknown_extension_json": (_json, "'.json' tidak dikenal"),
        "xlsx_random": (_random("acak.xlsx"), "tidak dapat dibaca"),
    }
    make, reason = makers[case]
    path = make(folder)
    result = run_cli(store_path, path)
    assert result.returncode == 1, result
    assert str(path) in result.stderr
    assert reason in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert_unchanged(store_path, before)


def test_cli_loaded_with_rejects_and_reimport_exit_0(base):
    store_path, folder, before, counts = base
    path = write_csv(folder / "sebagian_salah.csv", [row("L1"), row("L2", jumlah_art="3 orang"), row("L3")])
    loaded = run_cli(store_path, path)
    assert loaded.returncode == 0, loaded
    assert "2 submisi baru" in loaded.stdout and "1 ditolak" in loaded.stdout
    assert "baris 3: jumlah_art bukan angka (3 orang)" in loaded.stdout
    assert "kolom dibuang (tidak disimpan): nama, nik, alamat" in loaded.stdout
    after = assert_kept(store_path, before, counts)
    again = run_cli(store_path, path)
    assert again.returncode == 0, again
    assert "sudah pernah diimpor" in again.stdout
    assert fingerprint(store_path) == after


# --- formats and encodings that load --------------------------------------------------------------------


def test_semicolon_separated_csv_loads(base):
    store_path, folder, before, counts = base
    rows = [row("S1", alamat="Jl. Pemuda, Blora"), row("S2", kode_desa="33.16.05.1014", jumlah_art="5")]
    path = write_csv(folder / "titik_koma.csv", rows, delimiter=";")
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (2, 2, 0)
    assert summary.kolom_dibuang == ("nama", "nik", "alamat")
    assert stored_submission(store_path, "S2")[:4] == ("33.16.05.1014", date(2020, 3, 2), 5, "respon")
    assert_kept(store_path, before, counts)
    assert_never_stored(store_path, "Jl. Pemuda, Blora")


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_utf8_bom_header_is_recognised(base, newline):
    store_path, folder, before, counts = base
    path = write_csv(folder / "bom.csv", [row("B1"), row("B2", jumlah_art="0")], encoding="utf-8-sig", newline=newline)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfid_submisi,")
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    # the first column is id_submisi, not an unknown '\ufeffid_submisi' dropped at the door
    assert summary.kolom_dibuang == ("nama", "nik", "alamat")
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (2, 1, 1)
    assert stored_submission(store_path, "B1") is not None
    assert new_rejects(store_path) == [(3, "jumlah_art_di_luar_1_99", "0", "B2")]
    assert_kept(store_path, before, counts)


def test_latin1_name_loads_and_is_never_stored(base):
    store_path, folder, before, counts = base
    rows = [row("L1", nama="José Sánchez"), row("L2", nama="Ana Müller", alamat="Jl. Kartini Nº 3")]
    path = write_csv(folder / "latin1.csv", rows, encoding="latin-1")
    assert b"Jos\xe9" in path.read_bytes()
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (2, 2, 0)
    assert summary.kolom_dibuang == ("nama", "nik", "alamat")
    assert_kept(store_path, before, counts)
    for secret in ("José", "Sánchez", "Müller", "Nº 3", "Jos"):
        assert_never_stored(store_path, secret)


def test_latin1_byte_late_in_a_kept_column_does_not_make_the_file_unreadable(base):
    """A valid Latin-1 file whose first non-ASCII byte sits past DuckDB's sniffing sample, in a kept column."""
    store_path, folder, before, counts = base
    rows = [row(f"F{i:05d}", nama="Ani") for i in range(6000)]
    rows.append(row("F-late", waktu_submit="2 févr. 2020 08:00", nama="José"))
    path = write_csv(folder / "latin1_panjang.csv", rows, encoding="latin-1")
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (6001, 6000, 1)
    assert new_rejects(store_path) == [(6002, "waktu_submit_tidak_terbaca", "2 févr. 2020 08:00", "F-late")]
    assert_kept(store_path, before, counts)


def test_parquet_loads(base):
    store_path, folder, before, counts = base
    path = folder / "ekspor.parquet"
    pl.DataFrame(
        {
            "id_submisi": ["P1", "P2", "P3"],
            "kode_desa": [CEPU, "3316999999", "33.16.05.1014"],
            "waktu_submit": [
                datetime(2020, 3, 1, 20, tzinfo=UTC),  # 03:00 WIB on 2 March
                datetime(2020, 3, 2, 8, tzinfo=UTC),
                datetime(2020, 3, 3, 8, tzinfo=UTC),
            ],
            "jumlah_art": [3, 2, 4],
            "no_kk": ["3316050101010001", None, "3316050101010003"],
            "nama": ["Dewi Lestari"] * 3,
        }
    ).write_parquet(path)
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (3, 2, 1)
    assert summary.kolom_dibuang == ("nama",)
    # Parquet has no lines: baris is the row, counting from 1
    assert new_rejects(store_path) == [(2, "kode_desa_tidak_dikenal", "33.16.99.9999", "P2")]
    p1 = stored_submission(store_path, "P1")
    assert p1[:4] == ("33.16.05.1014", date(2020, 3, 2), 3, "respon") and p1[4].startswith("kk:")
    assert_kept(store_path, before, counts)
    for secret in ("Dewi Lestari", "3316050101010001"):
        assert_never_stored(store_path, secret)


def test_column_names_in_other_case(base):
    store_path, folder, before, counts = base
    header = ("ID_SUBMISI", "Kode_Desa", "WAKTU_SUBMIT", "Jumlah_ART", "No_KK", "Status", "NAMA", "Nik", "ALAMAT")
    rows = [row("U1", no_kk="3316050101010009", status="CLEAN"), row("U2", kode_desa="3317012001")]
    path = write_csv(folder / "huruf_besar.csv", rows, header=header)
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert summary.kolom_dibuang == ("NAMA", "Nik", "ALAMAT")
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (2, 1, 1)
    u1 = stored_submission(store_path, "U1")
    assert u1[3] == "clean" and u1[4].startswith("kk:")
    assert new_rejects(store_path) == [(3, "kode_desa_luar_kabupaten", "33.17.01.2001", "U2")]
    assert_kept(store_path, before, counts)
    assert_never_stored(store_path, "3316050101010009")


# --- rows rejected with their line ---------------------------------------------------------------------


def load_with_bad_row(base, bad: tuple[str, ...], name: str = "satu_salah.csv"):
    """Load valid line 2, `bad` on line 3, valid line 4; return (summary, rejects, fingerprint after)."""
    store_path, folder, before, counts = base
    path = write_csv(folder / name, [row("G1"), bad, row("G3")])
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak, summary.duplikat) == (3, 2, 1, 0)
    after = assert_kept(store_path, before, counts)
    assert stored_submission(store_path, "G1") and stored_submission(store_path, "G3")
    assert stored_submission(store_path, bad[0]) is None
    return summary, new_rejects(store_path), after


@pytest.mark.parametrize(
    ("kode", "code", "nilai"),
    [
        ("3316999999", "kode_desa_tidak_dikenal", "33.16.99.9999"),
        ("3317012001", "kode_desa_luar_kabupaten", "33.17.01.2001"),
        ("33.17.01.2001", "kode_desa_luar_kabupaten", "33.17.01.2001"),
    ],
)
def test_kode_desa_rejected(base, kode, code, nilai):
    summary, rejects, _ = load_with_bad_row(base, row("G2", kode_desa=kode))
    assert rejects == [(3, code, nilai, "G2")]
    assert summary.alasan_ditolak == ((code, 1),)
    assert code in i18n.catalog()


@pytest.mark.parametrize(
    ("value", "code"),
    [("0", "jumlah_art_di_luar_1_99"), ("100", "jumlah_art_di_luar_1_99"), ("3 orang", "jumlah_art_bukan_angka")],
)
def test_jumlah_art_rejected(base, value, code):
    summary, rejects, _ = load_with_bad_row(base, row("G2", jumlah_art=value))
    assert rejects == [(3, code, value, "G2")]
    assert summary.alasan_ditolak == ((code, 1),)
    assert code in i18n.catalog()


@pytest.mark.parametrize("value", ["31/02/2020 10:00", "kemarin", "2020-02-31 10:00:00"])
def test_malformed_waktu_submit_rejected(base, value):
    summary, rejects, _ = load_with_bad_row(base, row("G2", waktu_submit=value))
    assert rejects == [(3, "waktu_submit_tidak_terbaca", value, "G2")]
    assert summary.alasan_ditolak == (("waktu_submit_tidak_terbaca", 1),)


def test_no_kk_of_15_digits_rejected_and_never_stored(base):
    store_path = base[0]
    no_kk = "331605777666555"
    _, rejects, after = load_with_bad_row(base, row("G2", no_kk=no_kk))
    # the value shown is its length, never the number
    assert rejects == [(3, "no_kk_tidak_16_digit", "15", "G2")]
    assert no_kk not in repr(after)
    assert_never_stored(store_path, no_kk)


def test_same_id_twice_in_one_file_last_line_wins(base):
    store_path, folder, before, counts = base
    rows = [
        row("D1", jumlah_art="3", status="respon", waktu_submit="2020-03-02 08:00:00"),
        row("D2"),
        row("D1", jumlah_art="5", status="clean", waktu_submit="2020-03-03 09:00:00"),
    ]
    path = write_csv(folder / "ganda.csv", rows)
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.duplikat, summary.ditolak) == (3, 2, 1, 0)
    assert stored_submission(store_path, "D1")[:4] == ("33.16.05.1014", date(2020, 3, 3), 5, "clean")
    assert new_rejects(store_path) == [(2, "duplikat_id_submisi", "4", "D1")]
    assert summary.alasan_ditolak == (("duplikat_id_submisi", 1),)
    assert_kept(store_path, before, counts)


@pytest.mark.parametrize("copy", [False, True], ids=["same_file", "same_bytes_other_name"])
def test_file_already_imported_changes_nothing(base, copy):
    store_path, folder, before, _ = base
    path = folder / "ekspor_awal.csv"
    if copy:
        path = folder / "ekspor_awal_salinan.csv"
        path.write_bytes((folder / "ekspor_awal.csv").read_bytes())
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert summary.sudah_diimpor
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (0, 0, 0)
    assert_unchanged(store_path, before)


def test_rejected_rows_keep_no_personal_columns(base):
    store_path, folder, before, counts = base
    people = [
        ("Wahyu Hidayat", "3316052208810001", "Jl. Ronggolawe 21"),
        ("Endang Purwati", "3316054106850002", "Dk. Ngelo RT 03 RW 01"),
        ("Slamet Riyadi", "3316051512700003", "Perum Cepu Indah B-7"),
        ("Tri Handayani", "3316055009920004", "Jl. Sorogo 9"),
        ("Agus Salim", "3316050303030005", "Gg. Melati 2"),
    ]
    bad = [
        {"kode_desa": "3316999999"},
        {"jumlah_art": "tiga"},
        {"waktu_submit": "besok pagi"},
        {"no_kk": "3316051234"},
        {},
    ]
    rows = [
        row(f"R{i}", nama=nama, nik=nik, alamat=alamat, **change)
        for i, ((nama, nik, alamat), change) in enumerate(zip(people, bad, strict=True))
    ]
    path = write_csv(folder / "data_pribadi.csv", rows)
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak) == (1, 4)
    assert [r[:2] for r in new_rejects(store_path)] == [
        (2, "kode_desa_tidak_dikenal"),
        (3, "jumlah_art_bukan_angka"),
        (4, "waktu_submit_tidak_terbaca"),
        (5, "no_kk_tidak_16_digit"),
    ]
    assert_kept(store_path, before, counts)
    con = database.connect_reader(store_path)
    try:
        columns = {
            c
            for (c,) in con.sql(
                "select column_name from duckdb_columns() where table_name = 'baris_ditolak'"
            ).fetchall()
        }
    finally:
        con.close()
    assert not columns & {"nama", "nik", "alamat", "no_kk"}
    for secret in (*(value for person in people for value in person), "3316051234", *PERSONAL):
        assert_never_stored(store_path, secret)


# --- spreadsheets -------------------------------------------------------------------------------------


def test_xlsx_with_the_data_on_the_second_sheet(base):
    store_path, folder, before, counts = base
    path = write_xlsx(
        folder / "dua_sheet.xlsx",
        {
            "Catatan": [["Ekspor SP2020 Online Kabupaten Blora"], ["Diunduh 2 Maret 2020"], None, ["Lihat sheet Data"]],
            "Data": [HEADER, row("X1"), row("X2", kode_desa="3316999999"), row("X3", jumlah_art="100"), row("X4")],
        },
    )
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (4, 2, 2)
    assert summary.kolom_dibuang == ("nama", "nik", "alamat")
    assert new_rejects(store_path) == [
        (3, "kode_desa_tidak_dikenal", "33.16.99.9999", "X2"),
        (4, "jumlah_art_di_luar_1_99", "100", "X3"),
    ]
    assert_kept(store_path, before, counts)
    assert_never_stored(store_path, "Rina Marlina")


@pytest.mark.parametrize("blank_rows_above", [0, 2], ids=["title_on_row_1", "two_empty_rows_then_title"])
def test_xlsx_title_row_above_the_header_keeps_sheet_row_numbers(base, blank_rows_above):
    store_path, folder, before, counts = base
    title = [["Daftar submisi SP2020 Online · Kecamatan Cepu"]]
    sheet = [None] * blank_rows_above + title + [HEADER, row("T1"), row("T2", waktu_submit="kemarin"), row("T3")]
    path = write_xlsx(folder / "dengan_judul.xlsx", {"Sheet1": sheet})
    bad_row = blank_rows_above + 4  # title, header, T1, then T2 on this sheet row
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (3, 2, 1)
    assert new_rejects(store_path) == [(bad_row, "waktu_submit_tidak_terbaca", "kemarin", "T2")]
    assert_kept(store_path, before, counts)


# --- line numbers in CSV ------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["blank_line_between_rows", "title_line_above_header"])
def test_csv_rejected_line_is_the_line_in_the_file(base, case):
    """baris is 'line in the file (header = line 1)': a skipped blank or title line still counts."""
    store_path, folder, before, counts = base
    body = io.StringIO()
    csv.writer(body, lineterminator="\n").writerows([HEADER, row("N1"), row("N2", kode_desa="3316999999")])
    lines = body.getvalue().splitlines(keepends=True)
    if case == "blank_line_between_rows":
        text = "".join([lines[0], lines[1], "\n", lines[2]])  # N2 on line 4
    else:
        text = "Ekspor SP2020 Online Kabupaten Blora\n" + "".join(lines)  # header on line 2, N2 on line 4
    path = folder / f"{case}.csv"
    path.write_text(text, encoding="utf-8")
    summary = importer._ingest_submissions(path, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak) == (1, 1)
    assert new_rejects(store_path) == [(4, "kode_desa_tidak_dikenal", "33.16.99.9999", "N2")]
    assert_kept(store_path, before, counts)
