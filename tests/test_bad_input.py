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

from sensus.core import config, i18n
from sensus.core.paths import ROOT
from sensus.ingest import importer
from sensus.store import database
from tests.helpers.imports import (
    CEPU,
    HEADER,
    PERSONAL,
    assert_kept,
    assert_never_stored,
    assert_refused_message,
    assert_unchanged,
    fingerprint,
    ingest_refused,
    new_rejects,
    row,
    small_import_store,
    stored_submission,
    write_csv,
    write_xlsx,
)

CFG = config.read()


@pytest.fixture
def base(tmp_path):
    """(store path, input folder, fingerprint, base figures) of a fresh store with one small export loaded."""
    return small_import_store(tmp_path)


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


@pytest.mark.slow
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


@pytest.mark.slow
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert summary.sudah_diimpor
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (0, 0, 0)
    assert_unchanged(store_path, before)


@pytest.mark.slow
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
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
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak) == (1, 1)
    assert new_rejects(store_path) == [(4, "kode_desa_tidak_dikenal", "33.16.99.9999", "N2")]
    assert_kept(store_path, before, counts)
