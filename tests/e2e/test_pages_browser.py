"""The kecamatan, desa and data pages in headless Chromium on the demo store, as a camat and a data officer use them.

Figures are checked against `python -m sensus report`; the rakor list is downloaded and checked row by row.
"""

import io
import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from playwright.sync_api import Page, expect

from harness import browser
from sensus.app import columns
from sensus.core import i18n
from sensus.store import database

ROOT = Path(__file__).resolve().parents[2]


def report(store_path, level: str, day: str | None = None) -> pl.DataFrame:
    args = [sys.executable, "-m", "sensus", "--store", str(store_path), "report", "--level", level]
    out = subprocess.run([*args, *(["--date", day] if day else [])], capture_output=True, text=True, check=True)
    return pl.read_csv(io.StringIO(out.stdout), schema_overrides={"kode": pl.String})


def open_url(page: Page, url: str) -> None:
    page.goto(url)
    browser.wait_until_settled(page)


def pick(page: Page, label: str, option: str) -> None:
    """Choose `option` in the selectbox labelled `label`, as a user does, and wait for the rerun."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    browser.wait_until_settled(page)


def card(page: Page, label: str):
    return page.get_by_test_id("stMetric").filter(has_text=label).first


# ---- kecamatan ----------------------------------------------------------------------------------------


def test_kecamatan_page_paints_and_follows_the_picker(page, app_url, demo_store, shoot):
    open_url(page, app_url + "/kecamatan")
    expect(page.get_by_role("heading", name="Kecamatan Jati")).to_be_visible()
    kecamatan = report(demo_store, "kecamatan").filter(pl.col("kode").is_in(["33.16.01", "33.16.13"]))
    jati, kunduran = kecamatan.sort("kode").iter_rows(named=True)
    expect(card(page, "Rumah tangga respon")).to_contain_text(i18n.angka(jati["kk_respon"]))
    expect(card(page, "Respon penduduk")).to_contain_text(i18n.persen(jati["persen_penduduk"], "id", 2))
    # curve, daily bars, ranking, heatmap as SVG charts; the village map on a canvas, offline
    assert page.locator(".js-plotly-plot").count() >= 5
    assert page.locator(".js-plotly-plot canvas").count() >= 1
    shoot("kecamatan_jati_id")

    pick(page, "Kecamatan", "Kunduran")
    expect(page.get_by_role("heading", name="Kecamatan Kunduran")).to_be_visible()
    expect(card(page, "Rumah tangga respon")).to_contain_text(i18n.angka(kunduran["kk_respon"]))
    assert "kec=33.16.13" in page.url  # the link now opens Kunduran for whoever it is sent to


def test_kecamatan_in_english(page, app_url, shoot):
    open_url(page, app_url + "/kecamatan?kec=33.16.05")
    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    browser.wait_until_settled(page)
    expect(page.get_by_role("heading", name="Cepu district")).to_be_visible()
    expect(card(page, "Persons responded")).to_be_visible()
    expect(page.get_by_text("Villages ranked")).to_be_visible()
    expect(page.get_by_text("Stalled villages")).to_be_visible()
    assert "kec=33.16.05" in page.url and "bahasa=en" in page.url
    shoot("kecamatan_cepu_en")


def test_rakor_list_download_matches_the_report(page, app_url, demo_store, tmp_path):
    day = "2020-03-10"
    open_url(page, f"{app_url}/kecamatan?kec=33.16.05&tanggal={day}")
    with page.expect_download() as download_info:
        page.get_by_test_id("stDownloadButton").filter(has_text="Unduh CSV").first.click()
    download = download_info.value
    assert download.suggested_filename == f"daftar_desa_cepu_{day}.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    note, text = saved.read_bytes().decode("utf-8-sig").split("\n", 1)
    # a demo store's export says so on its first line; its headers are in the viewer's language
    assert "simula" in note.lower()
    header = {i18n.t(key, "id"): column for column, key in columns.KOLOM.items()}
    rakor = pl.read_csv(io.StringIO(text), schema_overrides={i18n.t("kolom_kode", "id"): pl.String})
    rakor = rakor.rename({name: header.get(name, name) for name in rakor.columns})

    expected = report(demo_store, "desa", day).filter(pl.col("kode").str.starts_with("33.16.05."))
    assert sorted(rakor["kode"]) == sorted(expected["kode"])
    joined = rakor.join(expected, on="kode", suffix="_report")
    for column in ("kk_target", "penduduk_target", "kk_respon", "penduduk_respon", "kk_clean"):
        assert (joined[column] == joined[f"{column}_report"]).all(), column
    for column in ("persen_kk", "persen_penduduk"):
        assert ((joined[column] - joined[f"{column}_report"]).abs() <= 0.005).all(), column
    assert (joined["sisa_kk"] == (joined["kk_target"] - joined["kk_respon"]).clip(lower_bound=0)).all()
    assert set(rakor["macet"]) <= {"ya", "tidak"}
    # lagging villages first: the list a camat reads top-down at the rakor
    assert rakor["persen_penduduk"].to_list() == sorted(rakor["persen_penduduk"].to_list())


def test_clicking_a_village_row_opens_its_page(page, app_url):
    open_url(page, app_url + "/kecamatan?kec=33.16.05")
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    # the first data row's selection box: below the 35 px header, in the narrow leftmost column
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.wait_for_url(re.compile(r"/desa\?desa=33\.16\.05\.\d{4}"), timeout=30_000)
    browser.wait_until_settled(page)
    expect(page.get_by_text("Kembali ke Kecamatan Cepu")).to_be_visible()


def test_a_village_row_click_keeps_language_measure_and_date(page, app_url):
    open_url(page, app_url + "/kecamatan?kec=33.16.05&bahasa=en&ukuran=kk&tanggal=2020-03-10")
    grid = page.get_by_test_id("stDataFrame").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    page.wait_for_url(re.compile(r"/desa\?desa=33\.16\.05\.\d{4}"), timeout=30_000)
    browser.wait_until_settled(page)
    assert "bahasa=en" in page.url and "ukuran=kk" in page.url and "tanggal=2020-03-10" in page.url
    expect(page.get_by_text("Back to Cepu district")).to_be_visible()
    expect(page.get_by_text("Responding households").first).to_be_visible()


# ---- a shared link as the first visit after the server starts ------------------------------------------


@pytest.fixture
def fresh_app_url(served_store):
    """A server no one has visited yet: Streamlit treats pages/ as an old-style page folder until
    dashboard.py's st.navigation runs once, so the first deep link is the one that can go wrong."""
    with browser.serving(ROOT, served_store) as url:
        yield url


def test_a_deep_link_opens_the_kecamatan_with_the_frame_even_as_the_first_visit(page, fresh_app_url, shoot):
    open_url(page, fresh_app_url + "/kecamatan?kec=33.16.13&bahasa=en")
    expect(page.get_by_role("heading", name="Kunduran district")).to_be_visible()
    sidebar = page.get_by_test_id("stSidebar")
    # the frame ran: the language, measure and date controls and the sectioned navigation are there
    expect(sidebar.get_by_text("Bahasa / Language")).to_be_visible()
    expect(sidebar.get_by_text("Regency overview")).to_be_visible()
    shoot("kecamatan_kunduran_deep_link")


def test_a_bad_kecamatan_link_says_so(page, app_url):
    open_url(page, app_url + "/kecamatan?kec=9999")
    expect(page.get_by_text("Kode kecamatan di tautan tidak dikenal: '9999'")).to_be_visible()
    expect(page.get_by_role("heading", name="Kecamatan Jati")).to_be_visible()


# ---- desa ----------------------------------------------------------------------------------------------


def test_desa_page_from_an_undotted_link(page, app_url, demo_store, shoot):
    open_url(page, app_url + "/desa?desa=3316131017")
    expect(page.get_by_role("heading", name="Kelurahan Kunduran")).to_be_visible()
    village = report(demo_store, "desa").filter(pl.col("kode") == "33.16.13.1017").row(0, named=True)
    expect(card(page, "Rumah tangga respon")).to_contain_text(i18n.angka(village["kk_respon"]))
    expect(card(page, "Rumah tangga belum respon")).to_contain_text(
        i18n.angka(village["kk_target"] - village["kk_respon"])
    )
    expect(card(page, "Respon penduduk")).to_contain_text(i18n.persen(village["persen_penduduk"], "id", 2))
    assert page.locator(".js-plotly-plot").count() == 4
    assert "desa=33.16.13.1017" in page.url
    shoot("desa_kunduran_id")

    pick(page, "Desa/kelurahan", "Buloh")
    expect(page.get_by_role("heading", name="Desa Buloh")).to_be_visible()
    assert "desa=33.16.13.2002" in page.url


def test_desa_page_in_english(page, app_url, shoot):
    open_url(page, app_url + "/desa?desa=33.16.05.1014&bahasa=en&ukuran=kk")
    expect(page.get_by_role("heading", name="Cepu urban village")).to_be_visible()
    expect(card(page, "Households still to reach")).to_be_visible()
    expect(page.get_by_text("Responding and clean households (cumulative)")).to_be_visible()
    shoot("desa_cepu_en")


# ---- data ----------------------------------------------------------------------------------------------


def test_data_page_for_the_data_officer(page, app_url, demo_store, shoot):
    open_url(page, app_url + "/data")
    expect(page.get_by_role("heading", name="Riwayat impor")).to_be_visible()
    con = database.connect_reader(demo_store)
    rejected = con.sql("select count(*) from baris_ditolak").fetchall()[0][0]
    last_day = con.sql("select max(tanggal) from capaian_harian_desa where kk_baru > 0").fetchall()[0][0]
    con.close()
    shown = i18n.angka(rejected)
    expect(page.get_by_text(f"{shown} dari {shown} baris")).to_be_visible()
    expect(card(page, "Hari terakhir ada respon")).to_contain_text(i18n.tanggal(last_day))
    shoot("data_id")

    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    browser.wait_until_settled(page)
    expect(page.get_by_role("heading", name="Import history")).to_be_visible()
    expect(page.get_by_role("heading", name="Rejected rows")).to_be_visible()
    shoot("data_en")


@pytest.mark.parametrize(
    ("viewer", "path", "heading"),
    [("e2e-pimpinan", "/tidak-ada", "SP2020 Online · Kabupaten Blora"), ("e2e-camat", "/ringkasan", "Kecamatan Cepu")],
)
def test_a_path_no_page_has_is_said_in_the_viewers_language(page, context, app_url, viewer, path, heading):
    from tests.e2e.helpers import session_cookie

    context.add_cookies([session_cookie(app_url, viewer)])
    page.goto(app_url)
    browser.wait_until_settled(page)
    page.goto(app_url + path + "?bahasa=id")
    browser.wait_until_settled(page)
    # the role's first page, under our own warning: not Streamlit's English dialog over it
    expect(page.get_by_text("untuk peran lain", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page.get_by_role("dialog").count() == 0
    assert page.get_by_text("Page not found").count() == 0


# a table's toolbar (shown while the pointer or a finger is on the table) and the element just above the table
TOOLBAR_AND_ABOVE = """grid => {
    const box = e => {
        const r = e.getBoundingClientRect();
        return {l: r.left, r: r.right, t: r.top, b: r.bottom};
    };
    const above = grid.closest('[data-testid=stElementContainer]').previousElementSibling;
    return {toolbar: box(grid.querySelector('[data-testid=stElementToolbar]')),
            above: above ? box(above) : null, text: above ? above.innerText.slice(0, 40) : ''};
}"""


@pytest.mark.parametrize("path", ["/kecamatan?kec=33.16.05", "/?tanggal=2020-03-10", "/sosialisasi", "/data"])
def test_on_a_phone_no_table_toolbar_covers_the_text_above_it(page, context, app_url, path):
    from tests.e2e.helpers import session_cookie

    context.add_cookies([session_cookie(app_url, "e2e-operator")] if path == "/data" else [])
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(app_url)
    browser.wait_until_settled(page)
    page.goto(app_url + path)
    browser.wait_until_settled(page)
    grids = page.get_by_test_id("stMain").get_by_test_id("stDataFrame").filter(visible=True)
    assert grids.count()
    for position in range(grids.count()):
        grid = grids.nth(position)
        grid.scroll_into_view_if_needed()
        grid.hover()
        expect(grid.get_by_test_id("stElementToolbar")).to_have_css("opacity", "1")
        table = grid.evaluate(TOOLBAR_AND_ABOVE)
        above, toolbar = table["above"], table["toolbar"]
        if above is not None and above["b"] > above["t"]:
            assert toolbar["t"] >= above["b"] - 1, table
