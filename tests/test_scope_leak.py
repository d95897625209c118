"""A camat sees only their kecamatan: every page, table, chart, download and the daily message, on the demo store.

Each page is rendered with AppTest for a camat of Cepu (33.16.05); the test fails when the rendered elements
(text, tables, chart specs, option lists) or the bytes of any download name another kecamatan or its code,
or show a kabupaten-level total. The other roles open each of their pages without a traceback, and a page a
role is not offered does not render for it.
"""

import io
import json
import re
from pathlib import Path

import polars as pl
import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from sensus.app import context
from sensus.auth import roles
from sensus.core import config, i18n
from sensus.core.scope import KABUPATEN, kecamatan_names
from sensus.store import database, reports
from tests.apptest import open_dashboard, open_tab

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

ROOT = Path(__file__).resolve().parents[1]
CEPU = "33.16.05"
CFG = config.read()
# "Blora" is the kabupaten's name as well as a kecamatan's: that kecamatan is caught by its code instead
OTHER_NAMES = [nama for kode, nama in kecamatan_names(CFG.kode_kab).items() if kode != CEPU and nama != "Blora"]
OTHER_CODES = [kode for kode in kecamatan_names(CFG.kode_kab) if kode != CEPU]


@pytest.fixture(scope="module")
def kabupaten_totals(demo_store) -> list[str]:
    """The kabupaten's counts as the pages would print them (12.345) and as a download holds them (12345)."""
    con = database.connect_reader(demo_store)
    status = reports.status_data(con, scope=KABUPATEN)
    day = status["hari_data_terakhir"]
    totals = set()
    for tanggal in (day, CFG.selesai):
        row = reports.capaian(con, tanggal, "kabupaten", scope=KABUPATEN, region=CFG.wilayah).row(0, named=True)
        totals |= {row[k] for k in ("kk_target", "penduduk_target", "kk_respon", "penduduk_respon", "kk_clean")}
    totals |= {status["jumlah_submisi"], status["jumlah_rumah_tangga"]}
    # a file holds every kecamatan: its counts are kabupaten facts too
    impor = reports.impor(con, scope=KABUPATEN)
    counts = impor.select("baris_dibaca", "submisi_baru", "rumah_tangga_baru", "diperbarui", "ditolak")
    totals |= {n for column in counts.iter_columns() for n in column.to_list() if n >= 1000}
    shown = set()
    for total in totals:
        shown |= {i18n.angka(total, "id"), i18n.angka(total, "en"), str(total)}
    shown.add(i18n.t("x_dari_y", "id", x=i18n.angka(status["desa_bertarget"], "id"), y="295"))
    return sorted(shown)


@pytest.fixture(scope="module")
def kabupaten_files(demo_store) -> list[str]:
    """The names of the files imported for the whole kabupaten: a file holds every kecamatan, so its name, like
    its totals, is a kabupaten fact (and who imported it too)."""
    impor = reports.impor(database.connect_reader(demo_store), scope=KABUPATEN)
    return sorted(set(impor["berkas"].to_list()))


@pytest.fixture
def downloads(monkeypatch) -> list[tuple[bytes, str]]:
    """Every file the run offers for download, as (bytes, mimetype)."""
    offered = []
    original = MemoryMediaFileStorage.load_and_get_id

    def recording(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes):
            offered.append((path_or_data, mimetype))
        return original(self, path_or_data, mimetype, kind, filename)

    # downloads built on click (a callable): built here at once, so their contents are checked too
    original_deferred = MediaFileManager.add_deferred

    def recording_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        data = data_callable()
        offered.append((data.encode("utf-8") if isinstance(data, str) else data, mimetype))
        return original_deferred(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", recording)
    monkeypatch.setattr(MediaFileManager, "add_deferred", recording_deferred)
    return offered


def rendered_text(app) -> str:
    """Everything an AppTest run put on the page that a reader can see, as one text."""
    parts = []
    for node in app._tree.main, app._tree.sidebar:
        for element in _walk(node):
            proto = getattr(element, "proto", None)
            if proto is None:
                continue
            if element.type == "dataframe":
                parts.append(element.value.to_csv(sep="\t"))
            elif element.type == "plotly_chart":
                parts.append(json.dumps(json.loads(proto.spec), ensure_ascii=False))
            elif element.type == "download_button":
                parts.append(proto.label)  # its bytes are checked apart, from the download itself
            else:
                parts.append(str(proto))
    return "\n".join(parts)


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def download_text(data: bytes, mimetype: str) -> str:
    if "spreadsheetml" in mimetype:
        return pl.read_excel(io.BytesIO(data)).write_csv(separator="\t")
    if mimetype == "text/csv":
        # a demo store's export starts with one line saying it is simulated, above the header
        lines = data.decode("utf-8-sig").splitlines(keepends=True)
        note, table = (lines[0], lines[1:]) if lines and "simula" in lines[0].lower() else ("", lines)
        return note + pl.read_csv(io.StringIO("".join(table)), infer_schema=False).write_csv(separator="\t")
    if mimetype.startswith("image/"):
        return ""  # a chart image: its data is the page's chart spec, checked there
    return data.decode("utf-8", errors="replace")


def leaks(text: str, totals: list[str], files: list[str] = ()) -> list[str]:
    found = [n for n in OTHER_NAMES if re.search(rf"\b{n}\b", text)]
    found += [f for f in files if f in text]
    found += [k for k in OTHER_CODES if k in text or k.replace(".", "") in re.sub(r"\D", " ", text).split()]
    # a whole number, not a part of a longer one: 12.345 holds 345 and 2.345.678 holds 345 (tables come tab-separated)
    found += [t for t in totals if re.search(rf"(?<!\d)(?<!\d[.,]){re.escape(t)}(?!\d)(?![.,]\d{{3}}(?!\d))", text)]
    return found


CAMAT_PAGES = roles.pages(("camat",))


@pytest.mark.parametrize("page", CAMAT_PAGES)
def test_a_camat_sees_only_their_kecamatan(monkeypatch, demo_store, kabupaten_totals, kabupaten_files, downloads, page):
    check_bound_page(monkeypatch, demo_store, kabupaten_totals, kabupaten_files, downloads, page, "camat")


# an operator bound to a kecamatan (README's `--role camat --role operator --kecamatan 33.16.05`): the pages that
# write, with their lists of imports, are bound like the pages that read
@pytest.mark.parametrize("page", roles.pages(("operator",)))
def test_a_bound_operator_sees_only_their_kecamatan(
    monkeypatch, demo_store, kabupaten_totals, kabupaten_files, downloads, page
):
    if page == "audit":  # a kabupaten page: not offered to a bound user at all
        app = open_dashboard(monkeypatch, demo_store, page, role="operator", kecamatan=CEPU)
        assert not app.exception and [e.value for e in app.error] == [i18n.t("tidak_berhak", "id")]
        return
    check_bound_page(monkeypatch, demo_store, kabupaten_totals, kabupaten_files, downloads, page, "operator")


def refused(app) -> list[str]:
    """The out-of-scope messages the run showed: a page offered to a bound viewer must never ask beyond their
    kecamatan (the frame turns such a request into this message, so `app.exception` alone would not see it)."""
    message = i18n.t("di_luar_cakupan", "id", nama="Cepu", kode=CEPU)
    return [e.value for e in app.error if e.value == message]


def check_bound_page(monkeypatch, demo_store, kabupaten_totals, kabupaten_files, downloads, page, role):
    app = open_dashboard(monkeypatch, demo_store, page, role=role, kecamatan=CEPU)
    assert not app.exception and not refused(app)
    texts = [rendered_text(app)]
    if page == "sosialisasi":  # it draws only its open tab: each tab, and what each offers to download
        for tab in range(1, len(app.tabs)):
            texts.append(rendered_text(open_tab(app, tab)))
            assert not app.exception and not refused(app), tab
    text = "\n".join(texts)
    assert "Cepu" in text  # the page did render the camat's kecamatan
    assert leaks(text, kabupaten_totals, kabupaten_files) == []
    assert downloads or page == "unggah", "the page offers downloads"
    for data, mimetype in downloads:
        assert leaks(download_text(data, mimetype), kabupaten_totals, kabupaten_files) == [], mimetype


def test_the_leak_check_catches_a_kabupaten_view(monkeypatch, demo_store, kabupaten_totals, downloads):
    """The same check on pimpinan's overview finds other kecamatan and the kabupaten totals: it can fail."""
    app = open_dashboard(monkeypatch, demo_store, "ringkasan", role="pimpinan")
    found = leaks(rendered_text(app), kabupaten_totals)
    assert "Jati" in found and "33.16.16" in found
    assert set(found) & set(kabupaten_totals)


def test_the_leak_check_catches_a_kabupaten_operators_upload_page(monkeypatch, demo_store, kabupaten_files):
    """On the kabupaten operator's Unggah page the check finds the kabupaten's files: it can fail there too."""
    app = open_dashboard(monkeypatch, demo_store, "unggah", role="operator")
    assert set(leaks(rendered_text(app), [], kabupaten_files)) & set(kabupaten_files)


def test_a_request_outside_the_scope_is_a_message_not_a_traceback(monkeypatch, demo_store):
    """A page asking the kabupaten's row for a camat (as one did before the query layer refused it): OutOfScope
    ends the page with one clear message wherever it is raised."""
    from sensus.core.scope import Scope

    monkeypatch.setattr(Scope, "total_level", lambda self: "kabupaten")
    app = open_dashboard(monkeypatch, demo_store, "kecamatan", role="camat", kecamatan=CEPU)
    assert not app.exception
    assert [e.value for e in app.error] == [i18n.t("di_luar_cakupan", "id", nama="Cepu", kode=CEPU)]
    assert "Traceback" not in rendered_text(app) and "OutOfScope" not in rendered_text(app)


# kepala_provinsi is a province's role: users.add refuses it in this one-region deployment
@pytest.mark.parametrize(
    ("role", "page"),
    [(role, page) for role in roles.ROLES for page in roles.PAGE_ORDER if role not in ("camat", "kepala_provinsi")],
)
def test_every_role_opens_its_pages_and_no_other(monkeypatch, demo_store, role, page):
    app = open_dashboard(monkeypatch, demo_store, page, role=role)
    assert not app.exception
    if page == "sosialisasi" and page in roles.pages((role,)):
        for tab in range(1, len(app.tabs)):
            assert not open_tab(app, tab).exception, tab
    titles = [t.value for t in app.title]
    if page in roles.pages((role,)):
        assert titles, f"{role} sees no title on {page}"
    else:
        # Streamlit falls back to the role's first page: the asked-for page's title is not shown
        first = roles.pages((role,))[0]
        assert titles == [t.value for t in open_dashboard(monkeypatch, demo_store, first, role=role).title]


def test_signed_out_sees_only_the_sign_in_form(monkeypatch, demo_store):
    app = open_dashboard(monkeypatch, demo_store, "kecamatan", role=None, kec=CEPU)
    assert not app.exception
    assert [t.value for t in app.title] == ["Masuk ke Pantau SP2020"]
    assert [w.label for w in app.text_input] == ["Nama pengguna", "Kata sandi"]
    assert not app.metric and not app.dataframe and not app.get("plotly_chart")


def test_a_camat_is_not_told_of_a_kabupaten_comparison_without_a_value(monkeypatch, demo_store):
    app = open_dashboard(monkeypatch, demo_store, "kecamatan", role="camat", kecamatan=CEPU)
    assert not app.exception
    descriptions = [metric.proto.delta_description for metric in app.main.metric]
    assert context.text("dibanding_kabupaten", "id", config.read()) not in descriptions
