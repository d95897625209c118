"""Scope in a province deployment: no viewer sees a kabupaten/kota (or a camat another kecamatan) they may not open.

On DI Yogyakarta's five demo stores (fixture province_demo), each viewer opens each page they are offered, once
with ?kab= of a kabupaten they may open and once with one they may not (and with ?kec= / ?desa= of an area outside
their scope); the province page is asked for by URL by every role without it. Every text the run drew (tables,
chart specs, option lists, warnings and errors), the bytes of every download (CSV, XLSX, HTML) and every tab of
the planning page (with its daily message) must name no kabupaten, kecamatan or code the viewer may not open, and
a viewer bound to a kabupaten never sees the province's ranking or its totals.
"""

import re
from dataclasses import dataclass

import polars as pl
import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from harness import apptest_frame
from sensus.app import configured, state
from sensus.auth import roles, users
from sensus.core import i18n, wilayah_indonesia
from sensus.core.scope import Scope
from sensus.store import database, reports
from tests.apptest import open_tab
from tests.province import DASHBOARD, KABUPATEN, open_province
from tests.test_scope_leak import download_text, downloads, rendered_text  # noqa: F401  (downloads: a fixture, below)

PROVINSI = "34"
PASSWORD = "sandi-uji-yang-cukup-panjang"


@dataclass(frozen=True)
class Viewer:
    name: str
    roles: tuple[str, ...]
    kabupaten: str | None = None
    kecamatan: str | None = None

    @property
    def allowed(self) -> tuple[str, ...]:
        return roles.kabupaten_open(self.roles, self.kabupaten, self.kecamatan, KABUPATEN)

    @property
    def forbidden(self) -> tuple[str, ...]:
        return tuple(kode for kode in KABUPATEN if kode not in self.allowed)

    @property
    def own_kabupaten(self) -> str:
        return self.allowed[0]


VIEWERS = {
    "kepala_provinsi": Viewer("uji-kepala-provinsi", ("kepala_provinsi",)),
    "pimpinan": Viewer("uji-pimpinan-bantul", ("pimpinan",), kabupaten="34.02"),
    "perencana": Viewer("uji-perencana-gunungkidul", ("perencana",), kabupaten="34.03"),
    "operator": Viewer("uji-operator-sleman", ("operator",), kabupaten="34.04"),
    # Tegalrejo, a kecamatan of Kota Yogyakarta
    "camat": Viewer("uji-camat-tegalrejo", ("camat",), kecamatan="34.71.01"),
}
# a kabupaten each bound viewer may not open, asked for by ?kab=
OTHER_KAB = {"pimpinan": "34.01", "perencana": "34.71", "operator": "34.02", "camat": "34.04"}
# another kecamatan of the camat's own kabupaten (Jetis, whose name a kecamatan of Bantul bears too)
CAMAT_OTHER_KEC = "34.71.02"


@pytest.fixture(scope="module")
def viewers(province_demo, tmp_path_factory) -> dict[str, users.User]:
    """The viewers as `users add` binds them in this province (refusing a wrong binding), by role."""
    path = tmp_path_factory.mktemp("pengguna") / "users.json"
    return {
        role: users.add(
            viewer.name,
            list(viewer.roles),
            viewer.kecamatan,
            PASSWORD,
            path,
            region=province_demo.cfg.wilayah,
            kabupaten=viewer.kabupaten,
            provinsi=PROVINSI,
        )
        for role, viewer in VIEWERS.items()
    }


@pytest.fixture
def offered(request) -> list[tuple[bytes, str]]:
    """Every file the run offers for download, as (bytes, mimetype): the one-region leak test's recorder."""
    return request.getfixturevalue("downloads")


def _short_name(kode: str) -> str:
    # "Kabupaten Bantul" is named "Bantul" in a table; a kota keeps "Kota" ("Yogyakarta" is the province's name too)
    nama = wilayah_indonesia.nama_wilayah(kode)
    return nama.removeprefix("Kabupaten ")


def forbidden_words(viewer: Viewer) -> tuple[list[str], list[str]]:
    """(names, code prefixes) of what `viewer` may not see: every kabupaten they may not open with its kecamatan,
    and for a camat the other kecamatan of their own kabupaten. A name the viewer's own area also bears (a
    village or kecamatan of theirs named like another's kecamatan) cannot tell a leak and is left out."""
    names, codes = set(), set()
    for kode in viewer.forbidden:
        names.add(_short_name(kode))
        codes.add(kode)
        names |= set(wilayah_indonesia.wilayah(kode)["nama_kec"].to_list())
    own = wilayah_indonesia.wilayah(viewer.own_kabupaten)
    if viewer.kecamatan:
        others = own.filter(own["kode_kec"] != viewer.kecamatan)
        names |= set(others["nama_kec"].to_list())
        codes |= set(others["kode_kec"].to_list())
        own = own.filter(own["kode_kec"] == viewer.kecamatan)
    names -= {_short_name(viewer.own_kabupaten), *own["nama_kec"].to_list(), *own["nama_desa"].to_list()}
    return sorted(names), sorted(codes)


# a row of the viewer's own file refused for a village code of another kabupaten/kota names that code: it is what
# their file holds (its office must correct it), not another kabupaten's data
OWN_REFUSED_ROW = [i18n.t("kode_desa_luar_kabupaten", bahasa) for bahasa in ("id", "en")]


def leaks(text: str, viewer: Viewer, totals: list[str] = ()) -> list[str]:
    names, codes = forbidden_words(viewer)
    text = "\n".join(line for line in text.splitlines() if not any(reason in line for reason in OWN_REFUSED_ROW))
    found = [name for name in names if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    # a code with its dots, or a village code written without them (10 digits); not a part of a longer number
    found += [kode for kode in codes if re.search(rf"(?<![\d.,]){re.escape(kode)}(?!\d)", text)]
    digits = re.sub(r"\D", " ", text).split()
    found += [kode for kode in codes if any(len(d) == 10 and d.startswith(kode.replace(".", "")) for d in digits)]
    found += [t for t in totals if re.search(rf"(?<!\d)(?<!\d[.,]){re.escape(t)}(?!\d)(?![.,]\d{{3}}(?!\d))", text)]
    return found


def store_row(demo, kode: str, tanggal) -> dict:
    con = database.connect_reader(demo.store(kode))
    try:
        region = wilayah_indonesia.kabupaten(kode)
        return reports.capaian(con, tanggal, "kabupaten", scope=Scope(), region=region).row(0, named=True)
    finally:
        con.close()


@pytest.fixture(scope="module")
def province_totals(province_demo) -> list[str]:
    """The province's household and person counts on the stores' last day, as a page prints them: only the
    province page (kepala_provinsi's) may show them."""
    con = database.connect_reader(province_demo.store(KABUPATEN[0]))
    try:
        day = reports.status_data(con, scope=Scope())["hari_data_terakhir"]
    finally:
        con.close()
    rows = [store_row(province_demo, kode, day) for kode in KABUPATEN]
    shown = set()
    for column in ("kk_respon", "penduduk_respon", "kk_target", "penduduk_target"):
        total = sum(row[column] for row in rows)
        shown |= {i18n.angka(total, "id"), str(total)}
    return sorted(shown)


@pytest.fixture(scope="module")
def camat_kabupaten_totals(province_demo) -> list[str]:
    """Kota Yogyakarta's own counts on its last day: a camat of one of its kecamatan sees only their kecamatan's."""
    con = database.connect_reader(province_demo.store("34.71"))
    try:
        day = reports.status_data(con, scope=Scope())["hari_data_terakhir"]
    finally:
        con.close()
    row = store_row(province_demo, "34.71", day)
    shown = set()
    for column in ("kk_respon", "penduduk_respon", "kk_target", "penduduk_target", "kk_clean"):
        shown |= {i18n.angka(row[column], "id"), str(row[column])}
    return sorted(shown)


def without_the_askers_own_words(text: str, asked: dict[str, str]) -> str:
    """The run's text with the link's own values, which a warning repeats as the viewer wrote them (in a code
    span), blanked: repeating what the viewer typed tells them nothing; any other mention still counts."""
    for value in asked.values():
        text = text.replace(state.literal(value), "`?`")
    return text


def out_of_scope_links(role: str, page: str) -> dict[str, str]:
    """Query parameters asking `page` for an area outside the viewer's scope."""
    viewer = VIEWERS[role]
    other = OTHER_KAB[role]
    asked = {"kab": other}
    if page == "kecamatan":
        asked["kec"] = CAMAT_OTHER_KEC if viewer.kecamatan else f"{other}.01"
    if page == "desa":
        kec = CAMAT_OTHER_KEC if viewer.kecamatan else f"{other}.01"
        asked["desa"] = wilayah_indonesia.wilayah(kec[:5]).filter(pl.col("kode_kec") == kec)["kode_desa"][0]
    return asked


def page_texts(app) -> list[str]:
    texts = [rendered_text(app)]
    if app.tabs:  # the planning page draws only its open tab: each tab, with what it offers to download
        for tab in range(1, len(app.tabs)):
            texts.append(rendered_text(open_tab(app, tab)))
            assert not app.exception, tab
    return texts


BOUND_CASES = [
    (role, page, link)
    for role in OTHER_KAB
    for page in roles.pages(VIEWERS[role].roles, province=True)
    for link in ("own", "other")
]


@pytest.mark.slow
@pytest.mark.parametrize(("role", "page", "link"), BOUND_CASES)
def test_a_bound_viewer_sees_nothing_outside_their_scope(
    monkeypatch, province_demo, viewers, province_totals, camat_kabupaten_totals, offered, role, page, link
):
    viewer = VIEWERS[role]
    totals = province_totals + (camat_kabupaten_totals if viewer.kecamatan else [])
    asked = {"kab": viewer.own_kabupaten} if link == "own" else out_of_scope_links(role, page)
    app = open_province(monkeypatch, province_demo, viewers[role], page=page, **asked)
    assert not app.exception
    # the run serves the viewer's own kabupaten whatever the link asked
    assert app.query_params["kab"] == viewer.own_kabupaten
    assert [t.value for t in app.title], "the page drew its title"
    if link == "other":
        assert app.warning, "a link asking for another kabupaten is said"
    text = without_the_askers_own_words("\n".join(page_texts(app)), asked)
    # the page did draw the viewer's own area
    assert ("Tegalrejo" if viewer.kecamatan else _short_name(viewer.own_kabupaten)) in text
    assert leaks(text, viewer, totals) == []
    assert offered or page in ("unggah", "audit"), "the page offers downloads"
    for data, mimetype in offered:
        content = without_the_askers_own_words(download_text(data, mimetype), asked)
        assert leaks(content, viewer, totals) == [], mimetype


@pytest.mark.slow
@pytest.mark.parametrize("role", list(OTHER_KAB))
def test_the_province_page_asked_for_by_a_bound_viewer_is_not_drawn(
    monkeypatch, province_demo, viewers, province_totals, offered, role
):
    viewer = VIEWERS[role]
    assert "provinsi" not in roles.pages(viewer.roles, province=True)
    app = open_province(monkeypatch, province_demo, viewers[role], page="provinsi")
    assert not app.exception
    # Streamlit falls back to the viewer's first page, of their own kabupaten
    titles = [t.value for t in app.title]
    assert titles and not any("Provinsi" in title for title in titles), titles
    assert app.query_params["kab"] == viewer.own_kabupaten
    assert not any("peringkat" in frame.value.columns for frame in app.dataframe)
    assert not any(chart.proto.id and "peringkat_kabupaten" in chart.proto.id for chart in app.get("plotly_chart"))
    text = "\n".join(page_texts(app))
    assert leaks(text, viewer, province_totals) == []
    for data, mimetype in offered:
        assert leaks(download_text(data, mimetype), viewer, province_totals) == [], mimetype


@pytest.mark.slow
def test_kepala_provinsi_sees_every_kabupaten_on_the_province_page(monkeypatch, province_demo, viewers, offered):
    app = open_province(monkeypatch, province_demo, viewers["kepala_provinsi"])
    assert not app.exception
    assert app.title[0].value == "SP2020 Online · Provinsi Daerah Istimewa Yogyakarta"
    ranking = next(frame.value for frame in app.dataframe if "peringkat" in frame.value.columns)
    assert sorted(ranking["kode"]) == list(KABUPATEN)
    text = rendered_text(app)
    for kode in KABUPATEN:
        assert _short_name(kode) in text, kode
    # what the page offers to download holds them all too
    assert offered
    content = "\n".join(download_text(data, mimetype) for data, mimetype in offered)
    for kode in KABUPATEN:
        assert _short_name(kode) in content, kode


@pytest.mark.slow
@pytest.mark.parametrize("page", roles.pages(VIEWERS["kepala_provinsi"].roles, province=True))
def test_kepala_provinsi_opens_each_page_of_any_kabupaten(monkeypatch, province_demo, viewers, page):
    app = open_province(monkeypatch, province_demo, viewers["kepala_provinsi"], page=page, kab="34.03")
    assert not app.exception and not app.warning
    assert app.query_params["kab"] == "34.03"
    for tab in range(1, len(app.tabs)):
        assert not open_tab(app, tab).exception, tab


def test_the_leak_check_catches_the_province_page(monkeypatch, province_demo, viewers, province_totals):
    """The same check, for a viewer bound to Bantul, finds the other kabupaten and the province's totals on
    kepala_provinsi's province page: it can fail."""
    app = open_province(monkeypatch, province_demo, viewers["kepala_provinsi"])
    found = leaks(rendered_text(app), VIEWERS["pimpinan"], province_totals)
    assert {"Kulon Progo", "Gunungkidul", "Sleman", "Kota Yogyakarta", "34.01", "34.71"} <= set(found)
    assert set(found) & set(province_totals)


def test_the_leak_check_catches_a_camats_neighbours(monkeypatch, province_demo, viewers, camat_kabupaten_totals):
    """For the camat of Tegalrejo, the kabupaten head's overview of Kota Yogyakarta names the other kecamatan and
    shows the kota's totals."""
    app = open_province(monkeypatch, province_demo, viewers["kepala_provinsi"], page="ringkasan", kab="34.71")
    found = leaks(rendered_text(app), VIEWERS["camat"], camat_kabupaten_totals)
    assert {"Jetis", "Kraton", CAMAT_OTHER_KEC} <= set(found)
    assert set(found) & set(camat_kabupaten_totals)
    assert "Tegalrejo" not in found


def test_a_demo_link_to_a_kabupaten_signs_in_that_kabupatens_demo_users(monkeypatch, province_demo):
    """Signed out at /?kab=34.02, the one-click demo head is Bantul's: bound to the kabupaten the link names (not
    the deployment's first), so the link opens as asked, with no warning and nothing of Kulon Progo."""
    for name in ("PANTAU_KABUPATEN", "PANTAU_DEMO", "PANTAU_KECAMATAN", "PANTAU_POSTGRES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in province_demo.environ().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(PagesManager, "__init__", apptest_frame.framed(PagesManager.__init__))
    configured.configuration.clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(DASHBOARD, default_timeout=90)
    app.query_params["kab"] = "34.02"
    app.run()
    assert not app.exception
    assert any("Kabupaten Bantul" in caption.value for caption in app.caption)
    app.button(key="demo_pimpinan").click().run()
    assert not app.exception and not app.warning
    assert app.title[0].value == "SP2020 Online · Kabupaten Bantul"
    assert app.query_params["kab"] == "34.02"
    assert leaks(rendered_text(app), VIEWERS["pimpinan"]) == []
