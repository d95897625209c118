"""Bounds on what grows from an input file (issue 18) and rejection reasons in the viewer's language (issue 19).

A file of a million bad rows keeps a bounded number of rejected lines plus the counts of all of them by reason; a
1 MB cell is echoed cut to 80 characters; an XLSX whose sheets hold millions of rows (a few MB zipped) is refused
before any sheet is loaded. The values kept with a rejection carry no words, so the reason reads in either language.
"""

import dataclasses
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest

from sensus.__main__ import _print_summary, main
from sensus.core import config
from sensus.core.config import Limits
from sensus.ingest import importer, sources
from sensus.ingest.sources import ImportRefused
from sensus.store import database

CFG = config.read()

HEADER = "id_submisi,kode_desa,waktu_submit,jumlah_art,no_kk,status,nama\n"
CEPU = "3316051014"


@pytest.fixture(scope="module")
def targets_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bounds_base")
    targets = folder / "target.csv"
    targets.write_text("kode_desa,penduduk,kk,sumber\n3316051014,2400,690,uji\n")
    store_path = folder / "store" / "sensus.duckdb"
    importer.ingest_targets(targets, store_path, cfg=CFG)
    return store_path


@pytest.fixture
def store(targets_store, tmp_path) -> Path:
    folder = tmp_path / "store"
    folder.mkdir()
    for item in targets_store.parent.iterdir():
        if item.suffix in (".duckdb", ".salt"):
            shutil.copy2(item, folder / item.name)
    return folder / targets_store.name


def kept(store_path: Path, impor_id: int) -> tuple[list[tuple], list[tuple]]:
    """(rejected lines kept, counts by reason) of one import."""
    con = database.connect_reader(store_path)
    try:
        lines = con.sql(
            "select baris, alasan, nilai, id_submisi, jumlah_art from baris_ditolak where impor_id = $id "
            "order by baris",
            params={"id": impor_id},
        ).fetchall()
        counts = con.sql(
            "select alasan, jumlah from ditolak_alasan where impor_id = $id order by alasan", params={"id": impor_id}
        ).fetchall()
    finally:
        con.close()
    return lines, counts


@pytest.mark.slow
def test_a_million_rejected_rows_store_the_cap_and_the_counts(store, tmp_path):
    path = tmp_path / "sejuta_salah.csv"
    body = "".join(f"X{i},3316999999,2020-03-02 08:00:00,2,,respon,Siti\n" for i in range(1_000_000))
    path.write_text(HEADER + body + f"OK1,{CEPU},2020-03-02 08:00:00,2,,respon,Siti\n")
    summary = importer.load_submissions(path, store, cfg=CFG)
    assert (summary.baris_dibaca, summary.ditolak, summary.submisi_baru) == (1_000_001, 1_000_000, 1)
    assert summary.alasan_ditolak == (("kode_desa_tidak_dikenal", 1_000_000),)
    lines, counts = kept(store, summary.impor_id)
    cap = CFG.impor.baris_ditolak_maks
    assert cap == 1_000
    # the first lines of the file, each with its line
    assert [line for line, *_ in lines] == list(range(2, 2 + cap))
    assert counts == [("kode_desa_tidak_dikenal", 1_000_000)]


def test_rejects_and_duplicates_together_keep_the_first_lines_and_count_all(store, tmp_path, capsys):
    rows = [f"D{i % 3},{CEPU},2020-03-02 08:00:00,{'x' if i % 2 else '2'},,respon,Siti\n" for i in range(20)]
    path = tmp_path / "campur.csv"
    path.write_text(HEADER + "".join(rows))
    five = dataclasses.replace(CFG, impor=Limits(baris_ditolak_maks=5))
    summary = importer.load_submissions(path, store, cfg=five)
    _print_summary(summary, store, "id")
    out = capsys.readouterr().out
    lines, counts = kept(store, summary.impor_id)
    assert [line for line, *_ in lines] == [2, 3, 4, 5, 6]
    assert counts == [("duplikat_id_submisi", 7), ("jumlah_art_bukan_angka", 10)]
    # the CLI prints the counts of every rejected line and says only the first are kept
    assert "jumlah_art bukan angka: 10" in out
    assert "hanya 5 baris ditolak pertama yang disimpan" in out


@pytest.mark.slow
def test_a_megabyte_value_is_echoed_cut_to_80_characters(store, tmp_path, capsys):
    huge = "9" * 1_048_576
    path = tmp_path / "sel_besar.csv"
    path.write_text(HEADER + f"B1,{CEPU},2020-03-02 08:00:00,{huge},,respon,Siti\n" + f"{'I' * 500},x,y,2,,,\n")
    assert main(["--store", str(store), "ingest", str(path)]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) < 200
    con = database.connect_reader(store)
    try:
        rows = con.sql(
            "select nilai, id_submisi, jumlah_art from baris_ditolak where impor_id = (select max(impor_id) from impor)"
            " order by baris"
        ).fetchall()
    finally:
        con.close()
    assert rows[0][0] == "9" * 79 + "…" and rows[0][2] == "9" * 79 + "…"
    assert rows[1][1] == "I" * 79 + "…"
    assert all(len(value) <= 80 for row in rows for value in row if value)


def bomb_xlsx(path: Path, rows: int) -> Path:
    """A workbook whose one sheet holds `rows` rows (a multiple of 10,000) of one cell, streamed as written."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/></Types>',
        )
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            '<sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>',
        )
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0"?><worksheet><dimension ref="A1"/><sheetData>')
            # rows without their `r` number (it is optional): the same bytes repeated, as a zip bomb packs them
            block = b"<row><c><v>1</v></c></row>" * 10_000
            for _ in range(rows // 10_000):
                sheet.write(block)
            sheet.write(b"</sheetData></worksheet>")
    return path


def test_an_xlsx_of_millions_of_rows_is_refused_before_any_sheet_is_loaded(store, tmp_path, monkeypatch):
    path = bomb_xlsx(tmp_path / "bom.xlsx", 5_000_000)
    assert path.stat().st_size < 4_000_000  # the workbook: 3.6 MB, 5 M rows

    def never(*args, **kwargs):
        raise AssertionError("a sheet was loaded")

    monkeypatch.setattr(sources.fastexcel, "read_excel", never)
    with pytest.raises(ImportRefused) as caught:
        importer.load_submissions(path, store, cfg=CFG)
    assert caught.value.code == "xlsx_terlalu_banyak_baris"
    assert caught.value.detail == {"maks": 2_000_000}


def test_an_xlsx_that_unzips_over_the_limit_is_refused(store, tmp_path):
    path = bomb_xlsx(tmp_path / "besar.xlsx", 100_000)
    with pytest.raises(ImportRefused) as caught:
        importer.load_submissions(path, store, cfg=dataclasses.replace(CFG, impor=Limits(xlsx_mb_maks=1)))
    assert caught.value.code == "xlsx_terlalu_besar"
    assert caught.value.detail["maks"] == 1 and caught.value.detail["mb"] >= 2


@pytest.mark.parametrize(
    ("bahasa", "expected"),
    [
        (
            "en",
            [
                "line 3: id_submisi repeated in the file; its last line (the value) counts (4)",
                "line 5: no_kk is not 16 digits (value: how many it has) (15)",
            ],
        ),
        (
            "id",
            [
                "baris 3: id_submisi ganda dalam berkas; baris terakhirnya (nilai) yang dipakai (4)",
                "baris 5: no_kk tidak 16 digit (nilai: banyaknya digit) (15)",
            ],
        ),
    ],
)
def test_rejection_reasons_read_in_the_viewers_language(store, tmp_path, capsys, bahasa, expected):
    path = tmp_path / "ulang.csv"
    path.write_text(
        HEADER
        + f"U1,{CEPU},2020-03-02 08:00:00,2,,respon,Siti\n"  # line 2
        + f"U2,{CEPU},2020-03-02 08:00:00,2,,respon,Siti\n"  # line 3, repeated on line 4
        + f"U2,{CEPU},2020-03-03 08:00:00,3,,respon,Siti\n"
        + f"U3,{CEPU},2020-03-02 08:00:00,2,331605101401234,respon,Siti\n"  # line 5: 15 digits
    )
    assert main(["--store", str(store), "--lang", bahasa, "ingest", str(path)]) == 0
    out = capsys.readouterr().out
    for line in expected:
        assert line in out
    # the values carry no words of their own: nothing Indonesian in the English lines
    assert "(baris 4)" not in out and "(15 digit)" not in out
    if bahasa == "en":
        assert "baris" not in out


def test_an_older_stores_worded_values_read_in_either_language_after_the_upgrade(store, tmp_path):
    path = tmp_path / "lama.csv"
    path.write_text(
        HEADER
        + f"L1,{CEPU},2020-03-02 08:00:00,2,,respon,Siti\n"
        + f"L1,{CEPU},2020-03-03 08:00:00,2,,respon,Siti\n"
        + f"L2,{CEPU},2020-03-02 08:00:00,2,12345,respon,Siti\n"
    )
    summary = importer.load_submissions(path, store, cfg=CFG)
    # what a schema-4 store held: values with Indonesian words, long values whole, no counts by reason
    con = duckdb.connect(str(store))
    con.execute("update baris_ditolak set nilai = 'baris 3' where alasan = 'duplikat_id_submisi'")
    con.execute("update baris_ditolak set nilai = '5 digit' where alasan = 'no_kk_tidak_16_digit'")
    con.execute("update baris_ditolak set id_submisi = repeat('L', 300) where alasan = 'no_kk_tidak_16_digit'")
    con.execute("drop table ditolak_alasan")
    con.execute("update meta set nilai = '4' where kunci = 'skema'")
    con.close()
    # the next import upgrades the store
    later = tmp_path / "baru.csv"
    later.write_text(HEADER + f"N1,{CEPU},2020-03-02 08:00:00,2,,respon,Siti\n")
    importer.load_submissions(later, store, cfg=CFG)
    lines, counts = kept(store, summary.impor_id)
    assert [(line, alasan, nilai) for line, alasan, nilai, *_ in lines] == [
        (2, "duplikat_id_submisi", "3"),
        (4, "no_kk_tidak_16_digit", "5"),
    ]
    assert lines[1][3] == "L" * 79 + "…"
    assert counts == [("duplikat_id_submisi", 1), ("no_kk_tidak_16_digit", 1)]


def test_a_long_column_name_is_reported_cut(store, tmp_path):
    path = tmp_path / "kolom_panjang.csv"
    name = "catatan_" + "x" * 5_000
    path.write_text(HEADER.strip() + f",{name}\n" + f"K1,{CEPU},2020-03-02 08:00:00,2,,respon,Siti,-\n")
    summary = importer.load_submissions(path, store, cfg=CFG)
    assert summary.kolom_dibuang == ("nama", name[:79] + "…")
    con = database.connect_reader(store)
    try:
        recorded = con.sql("select kolom_dibuang from impor where impor_id = $id", params={"id": summary.impor_id})
        assert max(len(n) for n in recorded.fetchall()[0][0].split(", ")) == 80
    finally:
        con.close()
