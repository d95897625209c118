"""The overview in headless Chromium on the demo store: it paints, its figures match the report, links work."""

import io
import re
import subprocess
import sys

import polars as pl
import pytest
from playwright.sync_api import expect

from harness import browser
from sensus.core import i18n
from tests.e2e.helpers import record_reruns


def report_kabupaten(store_path) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(store_path), "report", "--level", "kabupaten"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return pl.read_csv(io.StringIO(out)).row(0, named=True)


def test_overview_paints_with_the_reports_figures(page, app_url, demo_store, shoot):
    page.goto(app_url)
    browser.wait_until_settled(page)
    expect(page.get_by_text("SP2020 Online · Kabupaten Blora")).to_be_visible()
    expected = report_kabupaten(demo_store)
    cards = page.get_by_test_id("stMetric")
    assert cards.count() == 6
    expect(cards.filter(has_text="Respon penduduk").first).to_contain_text(
        i18n.persen(expected["persen_penduduk"], "id", 2)
    )
    expect(cards.filter(has_text="Rumah tangga respon").first).to_contain_text(i18n.angka(expected["kk_respon"]))
    # charts and the offline map are painted (plotly draws SVG for charts and a canvas for the map)
    assert page.locator(".js-plotly-plot").count() >= 4
    assert page.locator(".js-plotly-plot canvas").count() >= 1
    expect(page.get_by_text("Data simulasi.", exact=False)).to_be_visible()
    shoot("ringkasan_id")


def test_english_link_and_measure(page, app_url, shoot):
    page.goto(app_url + "/?bahasa=en&ukuran=kk&tanggal=2020-02-29")
    browser.wait_until_settled(page)
    expect(page.get_by_text("Data as of Saturday, 29 February 2020")).to_be_visible()
    expect(page.get_by_text("Households responded").first).to_be_visible()
    shoot("ringkasan_en")


def test_a_bad_date_link_says_so(page, app_url):
    page.goto(app_url + "/?tanggal=2020-13-45")
    browser.wait_until_settled(page)
    expect(page.get_by_text("Tanggal di tautan tidak terbaca")).to_be_visible()


@pytest.mark.parametrize(("path", "key"), [("/", "peta_kecamatan"), ("/kecamatan?kec=33.16.05", "peta_desa")])
def test_a_map_colouring_switch_redraws_the_map_only_and_keeps_the_url(page, app_url, path, key):
    asked = record_reruns(page)
    page.goto(app_url + path)
    browser.wait_until_settled(page)
    before = len(asked)
    page.get_by_test_id("stMain").get_by_test_id("stButtonGroup").get_by_text(
        "Selisih dari jalur target", exact=True
    ).click()
    page.wait_for_url(re.compile(r"peta=jalur"))
    browser.wait_until_settled(page)
    # one run, of the map's fragment only; the URL still says which colouring (a shared link opens it)
    assert len(asked) == before + 1 and asked[-1] != "", asked
    assert page.get_by_test_id("stException").count() == 0
    expect(page.locator(f".st-key-{key} .js-plotly-plot")).to_be_visible()
