"""Downloads: headers in the viewer's language, rounded percentages, real dates, the demo note, no formulas."""

import io
from datetime import date, datetime

import openpyxl
import polars as pl
import pytest

from sensus.app import exports

TABLE = pl.DataFrame(
    {
        "nama": ["Cepu", '=HYPERLINK("http://x")'],
        "persen_penduduk": [6.081122859086131, 12.3456],
        "kk_respon": [2769, 0],
        "tanggal": [date(2020, 3, 10), date(2020, 3, 31)],
        # 07:03 UTC is 14:03 WIB
        "waktu_impor": [datetime(2020, 3, 10, 7, 3), datetime(2020, 3, 31, 16, 59, 30)],
    }
).with_columns(pl.col("waktu_impor").dt.replace_time_zone("UTC"))
LABELS_ID = {"nama": "Nama", "persen_penduduk": "% penduduk", "kk_respon": "KK respon", "tanggal": "Tanggal"}
LABELS_EN = {"nama": "Name", "persen_penduduk": "% persons", "kk_respon": "Households responded", "tanggal": "Date"}


def csv_lines(data: bytes) -> list[str]:
    assert data.startswith(b"\xef\xbb\xbf")
    return data.decode("utf-8-sig").splitlines()


def sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data)).active


@pytest.mark.parametrize("labels", [LABELS_ID, LABELS_EN])
def test_headers_are_in_the_chosen_language(labels):
    assert csv_lines(exports.csv_bytes(TABLE, labels))[0] == ",".join([*labels.values(), "waktu_impor"])
    header = next(sheet(exports.xlsx_bytes(TABLE, labels=labels)).iter_rows(values_only=True))
    assert list(header) == [*labels.values(), "waktu_impor"]


def test_two_columns_with_one_header_are_refused():
    with pytest.raises(ValueError, match="share a header"):
        exports.csv_bytes(TABLE, {"nama": "X", "kk_respon": "X"})


def test_percentages_are_rounded_to_two_decimals():
    row = csv_lines(exports.csv_bytes(TABLE))[1].split(",")
    assert row[1] == "6.08"
    cells = list(sheet(exports.xlsx_bytes(TABLE)).iter_rows(min_row=2, values_only=True))
    assert [c[1] for c in cells] == [6.08, 12.35]
    # counts stay whole numbers
    assert [c[2] for c in cells] == [2769, 0]


def test_csv_dates_are_iso_text_and_times_carry_the_wib_offset():
    rows = [line.split(",") for line in csv_lines(exports.csv_bytes(TABLE))[1:]]
    assert [r[3] for r in rows] == ["2020-03-10", "2020-03-31"]
    assert [r[4] for r in rows] == ["2020-03-10T14:03:00+07:00", "2020-03-31T23:59:30+07:00"]


def test_xlsx_dates_and_times_are_date_cells_in_wib():
    ws = sheet(exports.xlsx_bytes(TABLE))
    day, instant = ws.cell(2, 4), ws.cell(3, 5)
    assert day.is_date and day.value == datetime(2020, 3, 10)
    assert day.number_format == "yyyy-mm-dd"
    assert instant.is_date and instant.value == datetime(2020, 3, 31, 23, 59, 30)
    assert "hh:mm" in instant.number_format


@pytest.mark.parametrize("bahasa, word", [("id", "SIMULASI"), ("en", "SIMULATED")])
def test_a_demo_export_says_it_is_simulated_first(bahasa, word):
    note = exports.catatan_demo(bahasa)
    lines = csv_lines(exports.csv_bytes(TABLE, catatan=note))
    assert lines[0] == note and word in lines[0]
    assert lines[1].startswith("nama,")
    ws = sheet(exports.xlsx_bytes(TABLE, catatan=note))
    assert ws["A1"].value == note and ws["A1"].font.b
    assert ws["A3"].value == "nama" and ws["A4"].value == "Cepu"


def test_without_a_note_the_header_comes_first():
    assert csv_lines(exports.csv_bytes(TABLE))[0].startswith("nama,")
    assert sheet(exports.xlsx_bytes(TABLE))["A1"].value == "nama"


def test_formula_cells_are_still_neutralised():
    assert csv_lines(exports.csv_bytes(TABLE, LABELS_ID, "catatan"))[3].startswith("\"'=HYPERLINK")
    ws = sheet(exports.xlsx_bytes(TABLE, catatan="catatan"))
    assert ws["A5"].value == '\'=HYPERLINK("http://x")' and ws["A5"].data_type == "s"


def test_a_note_with_commas_and_quotes_stays_one_csv_field():
    lines = csv_lines(exports.csv_bytes(TABLE, catatan='Data "simulasi", bukan asli'))
    assert lines[0] == '"Data ""simulasi"", bukan asli"'


def test_every_decimal_is_rounded_as_shown_and_yes_no_are_words():
    table = pl.DataFrame({"naik_7_hari": [1.3005214452], "skor": [73.598523], "macet": [True], "simulasi": [False]})
    for bahasa, (yes, no) in (("id", ("ya", "tidak")), ("en", ("yes", "no"))):
        rows = csv_lines(exports.csv_bytes(table, bahasa=bahasa, desimal={"skor": 0}))
        assert rows[1].split(",") == ["1.3", "74", yes, no]
        cells = next(
            sheet(exports.xlsx_bytes(table, bahasa=bahasa, desimal={"skor": 0})).iter_rows(min_row=2, values_only=True)
        )
        assert list(cells) == [1.3, 74, yes, no]
