"""Every table download of every page, in both languages, reads as the page does: headers in the viewer's language
(no internal column name), numbers rounded as shown, yes/no words instead of true/false, dates as date cells."""

import csv
import io
import re
from datetime import date, datetime

import openpyxl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from sensus.app import exports
from sensus.app.views import planning as sosialisasi
from tests.apptest import open_dashboard

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

DAY = "2020-03-10"
INTERNAL = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")  # a column's name as the code knows it: kk_baru_7, macet, skor
LONG_FLOAT = re.compile(r"-?\d+\.\d{3,}")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
# the rejected rows keep the columns of the officer's own export file under their names there (docs/CONTRACTS.md)
FILE_COLUMNS = {"id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "status"}
# page, role, query, the sosialisasi tab to open, the downloads expected there
PAGES = [
    (None, "pimpinan", {}, None, {"unduh_kecamatan"}),
    ("kecamatan", "pimpinan", {"kec": "33.16.05"}, None, {"unduh_rakor"}),
    ("desa", "pimpinan", {"desa": "33.16.05.2001"}, None, {"unduh_harian_desa"}),
    ("sosialisasi", "perencana", {}, 0, {"unduh_prioritas", "unduh_cetak"}),
    ("sosialisasi", "perencana", {}, 3, {"unduh_kegiatan"}),
    ("data", "operator", {}, None, {"unduh_impor", "unduh_ditolak"}),
]


def capture(monkeypatch) -> dict:
    """The callables the download buttons register (AppTest's runtime keeps them only for one run)."""
    registered = {}
    add_deferred = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        registered[file_id] = (data_callable, file_name, mimetype)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    return registered


def table_downloads(monkeypatch, store, page, role, query, tab, bahasa) -> dict[str, tuple]:
    registered = capture(monkeypatch)
    app = open_dashboard(monkeypatch, store, page, role=role, tanggal=DAY, bahasa=bahasa, **query)
    if tab is not None:
        app.session_state[sosialisasi.OPEN_TAB] = tab
        app.session_state[sosialisasi.TAB] = None
        app.run()
    assert not app.exception
    found = {}
    for button in app.get("download_button"):
        key = button.proto.id.rsplit("-", 1)[-1]
        if button.proto.deferred_file_id in registered:
            found[key] = registered[button.proto.deferred_file_id]
    return found


def csv_rows(data: bytes, demo_note: str) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [demo_note]  # the demo store's files say so
    return rows[1:]


# cells that are words of the other language than the viewer's: yes/no, and an event's kind and state
OTHER_WORDS = {"id": {"yes", "no"}, "en": {"ya", "tidak", "rakor", "sosialisasi", "terlaksana", "direncanakan"}}


def check_cells(name: str, header: list, rows: list[list], bahasa: str) -> None:
    for label in header:
        assert label and (label in FILE_COLUMNS or not INTERNAL.fullmatch(str(label))), (name, label)
    for row in rows:
        for label, cell in zip(header, row, strict=True):
            assert str(cell).lower() not in {"true", "false", *OTHER_WORDS[bahasa]}, (name, label, cell)
            assert not LONG_FLOAT.fullmatch(str(cell)), (name, label, cell)


@pytest.mark.parametrize("bahasa", ["id", "en"])
@pytest.mark.parametrize(("page", "role", "query", "tab", "expected"), PAGES, ids=lambda v: str(v))
def test_every_download_reads_as_the_page(monkeypatch, demo_store, page, role, query, tab, expected, bahasa):
    found = table_downloads(monkeypatch, demo_store, page, role, query, tab, bahasa)
    keys = {key.removesuffix("_csv").removesuffix("_xlsx") for key in found}
    assert expected <= keys, keys
    note = exports.catatan_demo(bahasa)
    for make, file_name, mimetype in found.values():
        data = make()
        if mimetype == "text/csv":
            header, *rows = csv_rows(data, note)
            check_cells(file_name, header, rows, bahasa)
        elif file_name.endswith(".xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(data)).active
            cells = list(sheet.iter_rows(values_only=True))
            assert cells[0][0] == note
            header, *rows = cells[exports.BARIS_TABEL :]
            check_cells(file_name, list(header), [list(r) for r in rows], bahasa)
            for row in rows:
                for label, cell in zip(header, row, strict=True):
                    # a day or a time is a date cell, not text (a rejected row keeps its file's text as written)
                    assert label in FILE_COLUMNS or not (isinstance(cell, str) and ISO_DAY.match(cell)), (
                        file_name,
                        label,
                        cell,
                    )
                    assert not isinstance(cell, float) or round(cell, 2) == cell, (file_name, label, cell)
            assert any(isinstance(c, (date, datetime)) for r in rows for c in r) or not any(
                "tanggal" in str(h).lower() or "date" in str(h).lower() for h in header
            ), file_name
        elif mimetype == "text/html":
            text = data.decode("utf-8") if isinstance(data, bytes) else data
            assert not re.search(r"\d[.,]\d{4,}", text)  # no unrounded score (73.598523…)
            assert note in text  # the print of a demo list says it is simulated


def test_a_camats_printed_priority_list_is_titled_with_their_kecamatan(monkeypatch, demo_store):
    found = table_downloads(monkeypatch, demo_store, "sosialisasi", "camat", {}, 0, "id")
    make = found["unduh_cetak"][0]
    page = make()
    title = re.search(r"<h1>(.*?)</h1>", page).group(1)
    assert title.endswith("· Kec. Jati") and "Kabupaten" not in title
