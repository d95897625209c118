"""The counting rules of the import (docs/IMPORT.md), one small export at a time."""

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from sensus.__main__ import _print_summary
from sensus.core import config, i18n
from sensus.core.scope import KABUPATEN, OutOfScope, Scope
from sensus.ingest import importer
from sensus.store import database, reports

CFG = config.read()

HEADER = "id_submisi,kode_desa,waktu_submit,jumlah_art,no_kk,status,nama,nik\n"
KK_A = "3316010101010001"
KK_B = "3316010101010002"


def write(path: Path, *lines: str) -> Path:
    path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def desa_counts(store_path: Path, day: date, kode: str = "33.16.01.2001") -> tuple[int, int, int]:
    table = reports.capaian(database.connect_reader(store_path), day, "desa", scope=KABUPATEN, region=CFG.wilayah)
    row = table.filter(pl.col("kode") == kode).row(0, named=True)
    return row["kk_respon"], row["penduduk_respon"], row["kk_clean"]


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "sensus.duckdb"


def test_household_counts_once_on_its_first_day_with_its_latest_persons(tmp_path, store_path):
    export = write(
        tmp_path / "a.csv",
        f"A1,3316012001,2020-02-20 08:00:00,3,{KK_A},respon,Budi,3316010101010009",
        f"A2,3316012001,2020-02-25 10:00:00,5,{KK_A},clean,Budi,3316010101010009",
        "A3,33.16.01.2001,2020-02-21 09:00:00,2,,respon,Siti,",
    )
    summary = importer.load_submissions(export, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.submisi_baru, summary.rumah_tangga_baru) == (3, 3, 2)
    assert desa_counts(store_path, date(2020, 2, 19)) == (0, 0, 0)
    assert desa_counts(store_path, date(2020, 2, 20)) == (1, 3, 0)
    # as of day D: the persons and status of the latest submission up to D
    assert desa_counts(store_path, date(2020, 2, 24)) == (2, 5, 0)
    assert desa_counts(store_path, date(2020, 2, 25)) == (2, 7, 1)


def test_a_household_already_stored_is_not_new_again(tmp_path, store_path):
    """The summary's new households: a second submission of a stored KK brings none; a new KK one."""
    importer.load_submissions(
        write(tmp_path / "a.csv", f"B1,3316012001,2020-02-20 08:00:00,3,{KK_A},respon,Budi,"), store_path, cfg=CFG
    )
    summary = importer.load_submissions(
        write(
            tmp_path / "b.csv",
            f"B2,3316012001,2020-02-22 08:00:00,4,{KK_A},respon,Budi,",
            f"B3,3316012001,2020-02-22 09:00:00,2,{KK_B},respon,Ani,",
        ),
        store_path,
        cfg=CFG,
    )
    assert (summary.submisi_baru, summary.rumah_tangga_baru) == (2, 1)


def test_offsets_are_converted_and_plain_times_are_wib(tmp_path, store_path):
    export = write(
        tmp_path / "tz.csv",
        "Z1,3316012001,2020-02-29T20:00:00Z,1,,respon,,",  # 03:00 WIB on 1 Mar
        "Z2,3316012001,2020-02-29T23:30:00+07:00,1,,respon,,",  # still 29 Feb in WIB
        "Z3,3316012001,2020-02-29 23:59:59,1,,respon,,",  # no offset: WIB
    )
    importer.load_submissions(export, store_path, cfg=CFG)
    con = database.connect_reader(store_path)
    days = dict(con.sql("select id_submisi, tanggal from submisi").fetchall())
    assert days == {"Z1": date(2020, 3, 1), "Z2": date(2020, 2, 29), "Z3": date(2020, 2, 29)}


def test_reimport_overlap_and_snapshot_updates(tmp_path, store_path):
    first = write(
        tmp_path / "w1.csv",
        f"B1,3316012001,2020-02-20 08:00:00,3,{KK_A},respon,,",
        f"B2,3316012001,2020-02-21 08:00:00,4,{KK_B},respon,,",
    )
    importer.load_submissions(first, store_path, cfg=CFG)
    version = database.version_key(store_path)
    again = importer.load_submissions(first, store_path, cfg=CFG)
    assert again.sudah_diimpor and database.version_key(store_path) == version

    # the next export repeats B1 unchanged, carries B2 now clean with 6 persons, and adds B3
    second = write(
        tmp_path / "w2.csv",
        f"B1,3316012001,2020-02-20 08:00:00,3,{KK_A},respon,,",
        f"B2,3316012001,2020-02-21 08:00:00,6,{KK_B},clean,,",
        "B3,3316012002,2020-02-22 08:00:00,2,,respon,,",
    )
    summary = importer.load_submissions(second, store_path, cfg=CFG)
    assert (summary.sama, summary.diperbarui, summary.submisi_baru, summary.rumah_tangga_baru) == (1, 1, 1, 1)
    assert desa_counts(store_path, date(2020, 3, 31)) == (2, 9, 1)
    con = database.connect_reader(store_path)
    assert con.sql("select impor_pertama, impor_terakhir from submisi where id_submisi = 'B2'").fetchall() == [(1, 2)]


def test_last_line_of_an_id_wins_inside_a_file(tmp_path, store_path):
    export = write(
        tmp_path / "dup.csv",
        "D1,3316012001,2020-02-20 08:00:00,3,,respon,,",
        "D1,3316012001,2020-02-20 08:00:00,4,,clean,,",
    )
    summary = importer.load_submissions(export, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.duplikat, summary.ditolak) == (1, 1, 0)
    assert desa_counts(store_path, date(2020, 3, 31)) == (1, 4, 1)
    con = database.connect_reader(store_path)
    assert con.sql("select baris, alasan from baris_ditolak").fetchall() == [(2, "duplikat_id_submisi")]


def test_outside_the_window_is_kept_and_reported_not_counted(tmp_path, store_path):
    export = write(
        tmp_path / "out.csv",
        "O1,3316012001,2020-02-14 23:00:00,3,,respon,,",
        "O2,3316012001,2020-04-01 00:00:01,3,,respon,,",
        "O3,3316012001,2020-03-31 23:59:59,2,,respon,,",
    )
    summary = importer.load_submissions(export, store_path, cfg=CFG)
    assert (summary.submisi_baru, summary.luar_jendela) == (3, 2)
    assert desa_counts(store_path, date(2020, 3, 31)) == (1, 2, 0)


def test_personal_data_never_reaches_the_store(tmp_path, store_path):
    nik, name, address = "3316019876543210", "Sutrisno Wibowo", "Dk. Kedungwungu RT 02"
    export = tmp_path / "personal.csv"
    export.write_text(
        "id_submisi,kode_desa,waktu_submit,jumlah_art,no_kk,nama,nik,alamat\n"
        f"P1,3316012001,2020-02-20 08:00:00,3,{KK_A},{name},{nik},{address}\n"
        f"P2,3316012001,2020-02-20 08:00:00,3 orang,{KK_B},{name},{nik},{address}\n",
        encoding="utf-8",
    )
    summary = importer.load_submissions(export, store_path, cfg=CFG)
    assert summary.kolom_dibuang == ("nama", "nik", "alamat")
    raw = store_path.read_bytes()
    for secret in (nik, name, address, KK_A, KK_B):
        assert secret.encode() not in raw, secret
    assert not store_path.with_name(store_path.name + ".wal").exists()
    salt = store_path.with_suffix(".salt").read_text().strip()
    assert len(salt) == 64 and salt.encode() not in raw  # the salt lives outside the store


def test_the_same_no_kk_hashes_differently_in_two_stores(tmp_path):
    export = write(tmp_path / "h.csv", f"H1,3316012001,2020-02-20 08:00:00,3,{KK_A},respon,,")
    hashes = []
    for name in ("one", "two"):
        path = tmp_path / name / "sensus.duckdb"
        importer.load_submissions(export, path, cfg=CFG)
        hashes.append(database.connect_reader(path).sql("select rumah_tangga from submisi").fetchall()[0][0])
    assert hashes[0] != hashes[1] and all(h.startswith("kk:") and len(h) == 67 for h in hashes)


@pytest.mark.parametrize("suffix", ["parquet", "xlsx"])
def test_parquet_and_xlsx_load_like_csv(tmp_path, suffix):
    rows = pl.DataFrame(
        {
            "ID_Submisi": ["F1", "F2", "F3"],
            "Kode_Desa": ["3316012001", "33.16.01.2002", "3316999999"],
            "Waktu_Submit": ["2020-02-20 08:00:00", "2020-02-21T08:00:00+07:00", "2020-02-21 08:00:00"],
            "Jumlah_ART": ["3", "2", "2"],
            "NIK": ["3316010101010009"] * 3,
        }
    )
    csv_store, other_store = tmp_path / "csv" / "s.duckdb", tmp_path / suffix / "s.duckdb"
    rows.write_csv(tmp_path / "f.csv")
    getattr(rows, f"write_{'excel' if suffix == 'xlsx' else suffix}")(tmp_path / f"f.{suffix}")
    from_csv = importer.load_submissions(tmp_path / "f.csv", csv_store, cfg=CFG)
    from_other = importer.load_submissions(tmp_path / f"f.{suffix}", other_store, cfg=CFG)
    assert (from_other.submisi_baru, from_other.ditolak) == (from_csv.submisi_baru, from_csv.ditolak) == (2, 1)
    assert (
        desa_counts(csv_store, date(2020, 3, 1), "33.16.01.2002")
        == desa_counts(other_store, date(2020, 3, 1), "33.16.01.2002")
        == (1, 2, 0)
    )


def test_targets_replace_and_reject_bad_rows(tmp_path, store_path):
    targets = tmp_path / "t.csv"
    targets.write_text(
        "kode_desa,penduduk,kk,sumber\n3316012001,1000,290,Dukcapil\n3316999999,5,2,x\n"
        "33.16.01.2002,abc,3,x\n33.16.01.2003,100,200,x\n",
        encoding="utf-8",
    )
    summary = importer.ingest_targets(targets, store_path, cfg=CFG)
    assert (summary.baris_dibaca, summary.ditolak) == (4, 3)
    con = database.connect_reader(store_path)
    assert con.sql("select * from target").fetchall() == [("33.16.01.2001", 1000, 290, "Dukcapil")]
    assert [r[0] for r in con.sql("select alasan from baris_ditolak order by baris").fetchall()] == [
        "kode_desa_tidak_dikenal",
        "penduduk_tidak_sah",
        "kk_melebihi_penduduk",
    ]


def test_events_validate_codes_and_skip_repeats(tmp_path, store_path):
    events = tmp_path / "k.csv"
    events.write_text(
        "tanggal,jenis,kode,keterangan\n2020-02-20,Rakor,331603,Rakor Kradenan\n"
        "20/02/2020,rakor,33.16,Rakor Pendopo\n2020-02-21,rakor,3399,x\nbesok,rakor,33.16,x\n",
        encoding="utf-8",
    )
    first = importer.ingest_events(events, store_path, cfg=CFG)
    assert (first.submisi_baru, first.ditolak) == (2, 2)
    events_again = tmp_path / "k2.csv"
    events_again.write_text(
        "tanggal,jenis,kode,keterangan\n2020-02-20,rakor,33.16.03,Rakor Kradenan\n", encoding="utf-8"
    )
    assert importer.ingest_events(events_again, store_path, cfg=CFG).submisi_baru == 0
    con = database.connect_reader(store_path)
    assert con.sql("select tanggal, jenis, kode from kegiatan order by kode").fetchall() == [
        (date(2020, 2, 20), "rakor", "33.16"),
        (date(2020, 2, 20), "rakor", "33.16.03"),
    ]


def test_a_bound_scope_refuses_other_kecamatan(fixture_store):
    con = database.connect_reader(fixture_store[0])
    camat = Scope("33.16.01")
    own = reports.capaian(con, date(2020, 3, 31), "desa", scope=camat, region=CFG.wilayah)
    assert set(own["kode"].str.slice(0, 8)) == {"33.16.01"}
    with pytest.raises(OutOfScope):  # README: a query without the kecamatan is refused for a bound viewer
        reports.capaian(con, date(2020, 3, 31), "kabupaten", scope=camat, region=CFG.wilayah)
    assert reports.capaian(con, date(2020, 3, 31), camat.total_level(), scope=camat, region=CFG.wilayah)[
        "kode"
    ].to_list() == ["33.16.01"]
    with pytest.raises(OutOfScope):
        reports.capaian(con, date(2020, 3, 31), "desa", kode_kec="33.16.05", scope=camat, region=CFG.wilayah)
    with pytest.raises(OutOfScope):
        reports.kurva_harian(con, kode_desa="33.16.05.1014", scope=camat)


def test_the_command_line_prints_the_rejected_lines_of_its_own_import(tmp_path, store_path, capsys):
    """The summary of an import lists that import's rejected lines, even when another import was published after
    it (another operator's upload, between this import's publish and its report)."""
    first = importer.load_submissions(
        write(tmp_path / "a.csv", "A1,3316012001,2020-02-20 08:00:00,x,,respon,,", "A2,3316012001,2020-02-20,2,,,,"),
        store_path,
        cfg=CFG,
    )
    second = importer.load_submissions(
        write(tmp_path / "b.csv", "B1,3316999999,2020-02-21 08:00:00,2,,respon,,"), store_path, cfg=CFG
    )
    assert (first.impor_id, first.ditolak, second.impor_id, second.ditolak) == (1, 1, 2, 1)
    _print_summary(first, store_path, "en")
    out = capsys.readouterr().out
    own = i18n.t("baris_ditolak_contoh", "en", baris=2, alasan=i18n.t("jumlah_art_bukan_angka", "en"), nilai=" (x)")
    assert own in out.splitlines()
    assert i18n.t("kode_desa_tidak_dikenal", "en") not in out
    _print_summary(second, store_path, "en")
    out = capsys.readouterr().out
    other = i18n.t("baris_ditolak_contoh", "en", baris=2, alasan=i18n.t("kode_desa_tidak_dikenal", "en"), nilai="")
    assert other.rstrip() in out
    assert own not in out.splitlines()
