"""Hostile exports, one test (or a parametrized family) per numbered example of the strict-import issue.

Each starts from test_bad_input's `base` store (targets, one event, one small export) and checks the outcome
and that nothing already stored was lost.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import pytest

from sensus.__main__ import main
from sensus.core import config, i18n
from sensus.core.paths import ROOT
from sensus.core.scope import KABUPATEN
from sensus.ingest import importer
from sensus.ingest.sources import ImportRefused
from sensus.store import database, reports
from tests.helpers.imports import (
    HEADER,
    PERSONAL,
    assert_kept,
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

pytestmark = pytest.mark.slow  # servers or command-line subprocesses


@pytest.fixture
def base(tmp_path):
    """test_bad_input's store: targets, one event and one small export (3 valid rows, 1 rejected)."""
    return small_import_store(tmp_path)


def run_cli(store_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(store_path), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def messages(refused: ImportRefused) -> list[str]:
    return [i18n.t(refused.code, bahasa, berkas=refused.berkas, **refused.detail) for bahasa in i18n.BAHASA]


# --- 1. instants no reader can convert ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("20200-02-20 08:00:00", "waktu_submit_tidak_terbaca"),  # five-digit year
        ("infinity", "waktu_submit_tidak_terbaca"),
        ("-infinity", "waktu_submit_tidak_terbaca"),
        ("epoch", "waktu_submit_tidak_terbaca"),
        ("1999-12-31 23:59:59", "waktu_submit_di_luar_rentang"),
        ("2101-01-01 00:00:00", "waktu_submit_di_luar_rentang"),
    ],
)
def test_implausible_instant_is_rejected_and_reports_still_run(base, value, code, capsys):
    store_path, folder, before, counts = base
    path = write_csv(folder / "waktu_aneh.csv", [row("W1"), row("W2", waktu_submit=value), row("W3")])
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak) == (2, 1)
    assert new_rejects(store_path) == [(3, code, value, "W2")]
    assert_kept(store_path, before, counts)
    # the report without --date reads the last day with data: it used to overflow on such a row
    assert main(["--store", str(store_path), "report", "--format", "json"]) == 0
    con = database.connect_reader(store_path)
    try:
        assert reports.status_data(con, scope=KABUPATEN)["hari_data_terakhir"] == date(2020, 3, 2)
    finally:
        con.close()


def test_plausible_range_edges_load(base):
    store_path, folder, _before, _counts = base
    rows = [row("E1", waktu_submit="2000-01-01 00:00:00"), row("E2", waktu_submit="2100-12-31T23:59:59+07:00")]
    summary = importer.load_submissions(write_csv(folder / "tepi.csv", rows), store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak, summary.luar_jendela) == (2, 0, 2)


# --- 2. a file name is never a pattern ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "decoy"),
    [("ekspor[1].csv", "ekspor1.csv"), ("e?.csv", "ea.csv"), ("*.csv", "a.csv"), ("e?.parquet", "ea.parquet")],
)
def test_a_name_with_pattern_characters_loads_that_file_and_no_other(base, name, decoy):
    store_path, folder, _before, _counts = base
    sub = folder / "unduhan"
    sub.mkdir()

    def write(path: Path, ids: list[str]) -> Path:
        rows = [row(i) for i in ids]
        if path.suffix == ".parquet":
            pl.DataFrame(rows, schema=list(HEADER), orient="row").write_parquet(path)
            return path
        return write_csv(path, rows)

    # the decoy is written first, so a glob would find it (alone, or before the real file)
    write(sub / decoy, ["D1", "D2", "D3"])
    real = write(sub / name, ["R1"])
    summary = importer.load_submissions(real, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru) == (1, 1)
    assert stored_submission(store_path, "R1") and stored_submission(store_path, "D1") is None
    # and the other file, hashed differently, still loads afterwards
    summary = importer.load_submissions(sub / decoy, store_path, cfg=CFG)
    assert (summary.sudah_diimpor, summary.submisi_baru) == (False, 3)


def test_a_quote_in_the_file_name_is_not_sql(base):
    store_path, folder, _, _ = base
    path = write_csv(folder / "ekspor'); drop table submisi; --.csv", [row("Q1")])
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert summary.submisi_baru == 1
    assert stored_submission(store_path, "A001") is not None


# --- 3. the salt ----------------------------------------------------------------------------------------


def kk_row(id_submisi: str, no_kk: str) -> tuple[str, ...]:
    return row(id_submisi, no_kk=no_kk)


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (lambda salt: salt.unlink(), "garam_hilang"),
        (lambda salt: salt.write_bytes(b""), "garam_kosong"),
        (lambda salt: salt.write_bytes(b"\n"), "garam_kosong"),
        (lambda salt: salt.write_bytes(b"abc123"), "garam_pendek"),
        (lambda salt: salt.write_bytes(os.urandom(32).hex().encode()), "garam_berbeda"),
    ],
    ids=["deleted", "empty", "newline_only", "short", "different"],
)
def test_a_salt_that_is_not_the_stores_is_refused_and_restoring_it_works(base, damage, code):
    store_path, folder, before, _counts = base
    salt = store_path.with_suffix(".salt")
    backup = salt.read_bytes()
    damage(salt)
    path = write_csv(folder / "dengan_kk.csv", [kk_row("S1", "3316010101010001")])
    refused = ingest_refused(path, store_path)
    assert refused.code == code
    for message in messages(refused):
        assert str(salt) in message and "{" not in message
    assert_unchanged(store_path, before)
    salt.write_bytes(backup)
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    # A001 carries the same no_kk: with the right salt it is the same household, not a new one
    assert (summary.submisi_baru, summary.rumah_tangga_baru) == (1, 0)


def test_cli_says_how_to_restore_a_missing_salt(base):
    store_path, folder, _before, _ = base
    store_path.with_suffix(".salt").unlink()
    result = run_cli(store_path, "ingest", str(write_csv(folder / "x.csv", [row("S1")])))
    assert result.returncode == 1
    assert "garam" in result.stderr and "cadangan" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "salt", [b"it's a salt with 'quotes' and \\ backslash", bytes(range(1, 256)), "garam ☕ é".encode() * 3]
)
def test_any_byte_in_the_salt_works_and_is_never_stored(tmp_path, salt):
    store_path = tmp_path / "sensus.duckdb"
    store_path.with_suffix(".salt").write_bytes(salt)
    path = write_csv(tmp_path / "e.csv", [kk_row("K1", "3316010101010001"), kk_row("K2", "3316010101010001")])
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.rumah_tangga_baru) == (2, 1)
    expected = "kk:" + hashlib.sha256(salt.decode("latin-1").encode("utf-8") + b"3316010101010001").hexdigest()
    assert stored_submission(store_path, "K1")[4] == expected
    con = database.connect_reader(store_path)
    try:
        assert database.read_meta(con)["garam_sidik"] == database.salt_fingerprint(salt)
    finally:
        con.close()
    assert salt not in store_path.read_bytes()


def test_cli_events_summary_names_what_changed(base):
    store_path, folder, _, _ = base
    events = folder / "acara.csv"
    events.write_text(
        "tanggal,jenis,kode,keterangan\n2020-02-20,rakor,33.16.01,Rakor camat Jati\n"
        "2020-02-26,sosialisasi,33.16.05,Balai desa\n2020-02-27,rakor,33.99,Salah\n",
        encoding="utf-8",
    )
    result = run_cli(store_path, "events", str(events))
    assert result.returncode == 0, result.stderr
    assert "acara.csv: 1 kegiatan baru · 1 sudah ada · 1 baris ditolak" in result.stdout


def test_targets_and_events_do_not_need_the_salt(base):
    store_path, folder, _, _ = base
    store_path.with_suffix(".salt").unlink()
    events = folder / "acara.csv"
    events.write_text("tanggal,jenis,kode,keterangan\n2020-02-25,sosialisasi,33.16.05,Balai desa\n", encoding="utf-8")
    assert importer.ingest_events(events, store_path, cfg=CFG).submisi_baru == 1
    assert not store_path.with_suffix(".salt").exists()


# --- 4. targets -----------------------------------------------------------------------------------------


def stored_targets(store_path: Path) -> dict[str, tuple[int, int]]:
    con = database.connect_reader(store_path)
    try:
        return {k: (p, kk) for k, p, kk in con.sql("select kode_desa, penduduk, kk from target").fetchall()}
    finally:
        con.close()


def test_targets_read_indonesian_thousands_and_refuse_fractions(base):
    store_path, folder, _, _ = base
    path = folder / "target_ribuan.csv"
    path.write_text(
        "kode_desa;penduduk;kk;sumber\n"
        "3316012001;12.345;3.456;uji\n"  # twelve thousand …
        "3316012002;2400.7;690;uji\n"  # a fraction: refused, not rounded
        "3316051014;2400;1,5;uji\n",  # a comma: ambiguous, refused
        encoding="utf-8",
    )
    summary = importer.ingest_targets(path, store_path, cfg=CFG)
    assert summary.ditolak == 2
    assert stored_targets(store_path) == {"33.16.01.2001": (12345, 3456)}
    assert summary.target_perubahan == {"ditambah": 0, "diubah": 1, "dihapus": 2, "sama": 0}
    assert new_rejects(store_path) == [(3, "penduduk_tidak_sah", "2400.7", None), (4, "kk_tidak_sah", "1,5", None)]


def test_a_targets_file_without_one_valid_row_is_refused_and_targets_kept(base):
    store_path, folder, before, _ = base
    path = folder / "target_salah.csv"
    path.write_text("kode_desa,penduduk,kk\n3316999999,100,20\n3316012001,banyak,20\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        importer.ingest_targets(path, store_path, cfg=CFG)
    assert caught.value.code == "target_tanpa_baris_sah"
    assert "target yang tersimpan tidak berubah" in messages(caught.value)[0]
    assert_unchanged(store_path, before)
    result = run_cli(store_path, "targets", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr


def test_cli_targets_summary_names_what_changed(base):
    store_path, folder, _, _ = base
    path = folder / "target_baru.csv"
    path.write_text(
        "kode_desa,penduduk,kk\n3316012001,1200,340\n3316012002,950,260\n3316051013,3.100,800\n", encoding="utf-8"
    )
    result = run_cli(store_path, "targets", str(path))
    assert result.returncode == 0, result.stderr
    assert "1 desa/kelurahan baru · 1 diubah · 1 dihapus · 1 tetap · 0 baris ditolak" in result.stdout


# --- 5. every sheet of a workbook ------------------------------------------------------------------------


def test_every_matching_sheet_loads_and_others_are_named(base, capsys):
    store_path, folder, before, counts = base
    path = write_xlsx(
        folder / "tiga_sheet.xlsx",
        {
            "Cepu 1": [HEADER, row("X1"), row("X2", jumlah_art="0")],
            "Catatan": [["Diunduh 2 Maret 2020"], ["oleh operator"]],
            "Cepu 2": [["Ekspor lanjutan"], HEADER, row("X3"), row("X4")],
        },
    )
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert summary.lembar == (("Cepu 1", 2), ("Cepu 2", 2))
    assert summary.lembar_dilewati == ("Catatan",)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.ditolak) == (4, 3, 1)
    assert all(stored_submission(store_path, i) for i in ("X1", "X3", "X4"))
    con = database.connect_reader(store_path)
    try:
        assert con.sql("select berkas, baris from baris_ditolak where id_submisi = 'X2'").fetchall() == [
            ("tiga_sheet.xlsx [Cepu 1]", 3)
        ]
    finally:
        con.close()
    assert_kept(store_path, before, counts)
    result = run_cli(store_path, "ingest", str(write_xlsx(folder / "lagi.xlsx", {"A": [HEADER, row("Y1")], "B": []})))
    assert "lembar 'A': 1 baris dibaca" in result.stdout


# --- 6 and every refusal: no personal value in a message ----------------------------------------------------

SECRET_NAME, SECRET_NIK, SECRET_KK = "Sutarmi Handayani", "3316056607850003", "3316050202020002"


def secret_row(id_submisi: str = "P1") -> tuple[str, ...]:
    return row(id_submisi, no_kk=SECRET_KK, nama=SECRET_NAME, nik=SECRET_NIK, alamat="Jl. Rahasia 9")


def _headerless(folder: Path) -> Path:
    return write_csv(folder / "tanpa_judul.csv", [secret_row("P2")], header=secret_row("P1"))


def _shifted(folder: Path) -> Path:
    path = write_csv(folder / "bergeser.csv", [secret_row("P1")])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"P2,3316051014,2020-03-02 08:00,2,{SECRET_KK},respon,{SECRET_NAME}, S.Pd,{SECRET_NIK},Jl. X\n")
    return path


def _short(folder: Path) -> Path:
    path = write_csv(folder / "pendek.csv", [secret_row("P1")])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"P2,3316051014,2020-03-02 08:00,2,{SECRET_KK},{SECRET_NAME}\n")
    return path


def _unclosed_quote(folder: Path) -> Path:
    path = write_csv(folder / "kutip.csv", [secret_row("P1")])
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f'P2,3316051014,2020-03-02 08:00,2,{SECRET_KK},respon,"{SECRET_NAME},{SECRET_NIK},Jl\n')
    return path


def _conflicting(folder: Path) -> Path:
    return write_csv(folder / "bentrok.csv", [(*secret_row("P1"), "P9")], header=(*HEADER, "ID_SUBMISI"))


def _xlsx_without_header(folder: Path) -> Path:
    return write_xlsx(folder / "tanpa_judul.xlsx", {"Sheet1": [secret_row("P1"), secret_row("P2")]})


def _parquet_without_header(folder: Path) -> Path:
    path = folder / "tanpa_judul.parquet"
    pl.DataFrame([secret_row("P2")], schema=list(secret_row("P1")), orient="row").write_parquet(path)
    return path


HOSTILE = {
    "headerless_csv": (_headerless, "kolom_wajib_hilang"),
    "row_shifted_by_a_comma": (_shifted, "jumlah_kolom_salah"),
    "short_row": (_short, "jumlah_kolom_salah"),
    "unclosed_quote": (_unclosed_quote, "baris_tidak_terbaca"),
    "conflicting_columns": (_conflicting, "kolom_bentrok"),
    "headerless_xlsx": (_xlsx_without_header, "kolom_wajib_hilang"),
    "headerless_parquet": (_parquet_without_header, "kolom_wajib_hilang"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_refusals_name_the_reason_and_never_a_personal_value(base, case):
    store_path, folder, before, _ = base
    make, code = HOSTILE[case]
    path = make(folder)
    refused = ingest_refused(path, store_path)
    assert refused.code == code, (refused.code, refused.detail)
    rendered = [*messages(refused), repr(refused), str(refused.detail)]
    for secret in (SECRET_NAME, SECRET_NIK, SECRET_KK, "Jl. Rahasia 9", *PERSONAL):
        for text in rendered:
            assert secret not in text, (secret, text)
    assert_unchanged(store_path, before)
    result = run_cli(store_path, "ingest", str(path))
    assert result.returncode == 1 and str(path) in result.stderr and "Traceback" not in result.stderr
    for secret in (SECRET_NAME, SECRET_NIK, SECRET_KK):
        assert secret not in result.stderr + result.stdout


@pytest.mark.parametrize(("case", "line"), [("row_shifted_by_a_comma", 3), ("short_row", 3), ("unclosed_quote", 3)])
def test_a_broken_line_is_named_by_its_number(base, case, line):
    store_path, folder, _, _ = base
    refused = ingest_refused(HOSTILE[case][0](folder), store_path)
    assert refused.detail["baris"] == line


# --- 7. jumlah_art: digits only ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["2.5", "1e1", "0x10", "1_0", "+3", "3,0", "٣"])
def test_jumlah_art_that_is_not_digits_is_rejected(base, value):
    store_path, folder, _, _ = base
    path = write_csv(folder / "art.csv", [row("J1"), row("J2", jumlah_art=value)])
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak) == (1, 1)
    assert new_rejects(store_path) == [(3, "jumlah_art_bukan_angka", value, "J2")]


def test_parquet_float_jumlah_art_with_a_fraction_is_rejected_a_whole_one_loads(base):
    store_path, folder, _, _ = base
    path = folder / "art.parquet"
    frame = pl.DataFrame([row("F1"), row("F2")], schema=list(HEADER), orient="row")
    frame.with_columns(jumlah_art=pl.Series([2.5, 3.0])).write_parquet(path)
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak) == (1, 1)
    assert new_rejects(store_path) == [(1, "jumlah_art_bukan_angka", "2.5", "F1")]
    assert stored_submission(store_path, "F2")[2] == 3


# --- 8. placeholder KK ---------------------------------------------------------------------------------------


def test_placeholder_kk_is_no_household_identity(base, capsys):
    store_path, folder, _, _ = base
    rows = [
        row("Z1", no_kk="0000000000000000"),
        row("Z2", kode_desa="3316012002", no_kk="0000000000000000"),
        row("Z3", no_kk="9999999999999999"),
        row("Z4", no_kk="3316050303030003"),
    ]
    path = write_csv(folder / "kk_nol.csv", rows)
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.rumah_tangga_baru, summary.kk_placeholder, summary.ditolak) == (4, 4, 3, 0)
    assert stored_submission(store_path, "Z1")[4] == "id:Z1"
    assert stored_submission(store_path, "Z2")[4] == "id:Z2"
    result = run_cli(store_path, "ingest", str(write_csv(folder / "kk_nol2.csv", [row("Z5", no_kk="1" * 16)])))
    assert "1 baris dengan no_kk pengisi" in result.stdout


# --- 9. two columns claiming one field ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "column"),
    [("ID_SUBMISI", "id_submisi"), ("jml_art", "jumlah_art"), ("Kode Desa", "kode_desa"), ("nokk", "no_kk")],
)
def test_two_columns_for_one_field_refuse_the_file_naming_both(base, extra, column):
    store_path, folder, before, _ = base
    path = write_csv(folder / "dua_kolom.csv", [(*row("C1"), "9")], header=(*HEADER, extra))
    refused = ingest_refused(path, store_path)
    assert refused.code == "kolom_bentrok"
    assert refused.detail["kolom"] == column
    message = messages(refused)[0]
    assert f"'{extra}'" in message and f"'{column}'" in message
    assert_unchanged(store_path, before)


# --- 10. quoted cells spanning lines; whitespace inside codes --------------------------------------------------


def test_quoted_multiline_cells_keep_line_numbers_and_codes_lose_their_whitespace(base):
    store_path, folder, before, counts = base
    path = folder / "multi.csv"
    text = (
        ",".join(HEADER)
        + "\n"
        + 'M1,3316051014,2020-03-02 08:00,2,,respon,Rina,,"Jl. Pemuda\nRT 01\nRW 02"\n'  # lines 2-4
        + 'M2," 33.16.05.1014\n",2020-03-02 08:00,2,"3316050101\u00a0010009",respon,Rina,,x\n'  # lines 5-6
        + "M3,3316999999,2020-03-02 08:00,2,,respon,Rina,,x\n"  # line 7
    )
    path.write_text(text, encoding="utf-8")
    summary = importer.load_submissions(path, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.ditolak) == (2, 1)
    assert new_rejects(store_path) == [(7, "kode_desa_tidak_dikenal", "33.16.99.9999", "M3")]
    assert stored_submission(store_path, "M2")[0] == "33.16.05.1014"
    assert stored_submission(store_path, "M2")[4].startswith("kk:")
    assert_kept(store_path, before, counts)


# --- 11. the store, the folder and odd files: a message, never a traceback ---------------------------------------


def _truncate(store_path: Path) -> None:
    data = store_path.read_bytes()
    store_path.write_bytes(data[: len(data) // 3])


def _garble(store_path: Path) -> None:
    data = bytearray(store_path.read_bytes())
    data[4096:12288] = os.urandom(8192)
    store_path.write_bytes(bytes(data))


def _junk(store_path: Path) -> None:
    store_path.write_bytes(os.urandom(20000))


@pytest.mark.parametrize("damage", [_truncate, _garble, _junk], ids=["truncated", "garbled", "random_bytes"])
def test_a_damaged_store_is_named_with_what_to_do(base, damage):
    store_path, folder, _, _ = base
    damage(store_path)
    damaged = store_path.read_bytes()
    result = run_cli(store_path, "ingest", str(write_csv(folder / "x.csv", [row("D1")])))
    assert result.returncode == 1
    assert "rusak atau terpotong" in result.stderr and "cadangan" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert store_path.read_bytes() == damaged
    report = run_cli(store_path, "report")
    assert report.returncode == 1 and "rusak" in report.stderr and "Traceback" not in report.stderr


def test_a_store_folder_that_cannot_exist_is_named(base, tmp_path):
    _, folder, _, _ = base
    blocker = tmp_path / "bukan_folder"
    blocker.write_text("x")
    store_path = blocker / "sensus.duckdb"
    result = run_cli(store_path, "ingest", str(write_csv(folder / "x.csv", [row("D1")])))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "tidak ada atau tidak bisa ditulis" in result.stderr, result.stderr


def test_a_read_only_store_folder_is_named(base, monkeypatch):
    """Tests run as root, which writes anywhere: the folder's refusal is raised where the OS would raise it."""
    store_path, folder, before, _ = base
    real_open = open

    def read_only(file, mode="r", *args, **kwargs):
        if str(file).startswith(str(store_path.parent)) and "w" in mode:
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", read_only)
    refused = ingest_refused(write_csv(folder / "x.csv", [row("D1")]), store_path)
    monkeypatch.undo()
    assert refused.code == "folder_tidak_bisa_ditulis"
    assert str(store_path.parent) in messages(refused)[0]
    assert_unchanged(store_path, before)


def test_a_fifo_is_refused_without_blocking(base):
    store_path, folder, before, _ = base
    fifo = folder / "pipa.csv"
    os.mkfifo(fifo)
    outcome: list = []
    worker = threading.Thread(target=lambda: outcome.append(ingest_refused(fifo, store_path)), daemon=True)
    worker.start()
    worker.join(timeout=60)
    if worker.is_alive():
        # unblock the reader so the test ends, then fail: the import waited on the pipe
        with open(fifo, "w") as writer:
            writer.write("")
        pytest.fail("the import blocked on a FIFO")
    assert outcome[0].code == "bukan_berkas_biasa"
    assert "FIFO" in messages(outcome[0])[0]
    assert_unchanged(store_path, before)


def test_an_older_store_with_an_infinite_instant_is_repaired_by_migration(base):
    store_path, folder, _, _ = base
    # an import before strict parsing stored 'infinity'; the store is at schema 1
    con = duckdb.connect(str(store_path))
    con.execute("update submisi set waktu_submit = 'infinity' where id_submisi = 'A003'")
    con.execute("delete from meta where kunci = 'skema'")
    con.execute("alter table impor drop column kk_placeholder")
    # what migration 004 added
    con.execute("alter table kegiatan drop column impor_id")
    con.execute("alter table impor_oleh drop column alasan")
    con.execute("drop table kegiatan_sama")
    con.execute("drop table target_sebelum")
    con.close()
    summary = importer.load_submissions(write_csv(folder / "x.csv", [row("D1")]), store_path, cfg=CFG)
    assert summary.submisi_baru == 1
    assert stored_submission(store_path, "A003") is None
    con = database.connect_reader(store_path)
    try:
        assert database.read_meta(con)["skema"] == str(database.SCHEMA_VERSION)
        assert con.sql("select alasan from baris_ditolak where id_submisi = 'A003'").fetchall() == [
            ("waktu_submit_di_luar_rentang",)
        ]
    finally:
        con.close()
    assert run_cli(store_path, "report").returncode == 0


def test_a_store_from_a_newer_pantau_is_refused(base):
    store_path, folder, _before, _ = base
    con = duckdb.connect(str(store_path))
    con.execute("update meta set nilai = '99' where kunci = 'skema'")
    con.close()
    newer = store_path.read_bytes()
    refused = ingest_refused(write_csv(folder / "x.csv", [row("D1")]), store_path)
    assert refused.code == "skema_lebih_baru"
    assert "perbarui Pantau" in messages(refused)[0]
    assert store_path.read_bytes() == newer


def test_salt_file_copied_with_the_store_keeps_counting_the_same(base, tmp_path):
    """A restored backup (store + salt copied elsewhere) still recognises its households."""
    store_path, folder, _, _ = base
    copy = tmp_path / "cadangan" / "sensus.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(store_path, copy)
    shutil.copyfile(store_path.with_suffix(".salt"), copy.with_suffix(".salt"))
    summary = importer.load_submissions(write_csv(folder / "x.csv", [kk_row("B1", "3316010101010001")]), copy, cfg=CFG)
    assert summary.rumah_tangga_baru == 0
    assert fingerprint(copy)["versi"] == "4"
