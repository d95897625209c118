"""The outreach page in headless Chromium on the demo store: the three answers, the Kunduran verdict, English, and
the open tab kept when the language changes."""

import re
from datetime import date

import polars as pl
from playwright.sync_api import expect

from harness import browser
from sensus.analysis import uplift
from sensus.app import wording
from sensus.core.scope import KABUPATEN
from sensus.store import database, reports
from tests.fixtures import CFG


def kunduran_verdict(store_path, bahasa: str) -> str:
    con = database.connect_reader(store_path)
    harian = reports.rencana_harian(con, scope=KABUPATEN)
    kegiatan = reports.kegiatan(con, scope=KABUPATEN, region=CFG.wilayah)
    row = uplift.per_kegiatan(harian, kegiatan).filter(
        pl.col("nama_wilayah") == "Kunduran", pl.col("tanggal") == date(2020, 2, 20)
    )
    return wording.vonis(row.row(0, named=True), bahasa)


def test_outreach_page_answers_and_reads_the_kunduran_verdict_in_both_languages(page, app_url, demo_store, shoot):
    # a fresh server serves its very first visitor the old pages/ folder mode; the root sets up st.navigation
    page.goto(app_url)
    browser.wait_until_settled(page)
    page.goto(app_url + "/sosialisasi")
    browser.wait_until_settled(page)
    expect(page.get_by_role("heading", name="Sosialisasi & Rencana")).to_be_visible()
    expect(page.get_by_text("Ke mana rakor berikutnya?")).to_be_visible()
    expect(page.get_by_text("20 Feb: naik di 7 dari 7 wilayah", exact=False)).to_be_visible()
    expect(page.get_by_text("Target tercapai pada 31 Mar?")).to_be_visible()
    shoot("sosialisasi_id")

    page.get_by_role("tab", name="Dampak kegiatan", exact=True).click()
    browser.wait_until_settled(page)
    chooser = page.get_by_test_id("stSelectbox").filter(has_text="Lihat satu kegiatan")
    chooser.scroll_into_view_if_needed()
    chooser.get_by_role("combobox").click()
    # typing filters the list, so the option is on screen however long the list of events grows
    page.keyboard.type("Kunduran")
    page.get_by_role("option", name="20 Feb · Kec. Kunduran (rakor)").click()
    browser.wait_until_settled(page)
    verdict = kunduran_verdict(demo_store, "id")
    assert verdict.startswith("naik sekitar")
    expect(page.get_by_text(f"Kec. Kunduran: {verdict}")).to_be_visible()
    assert page.locator(".js-plotly-plot").count() >= 2
    shoot("sosialisasi_dampak_id")

    page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
    browser.wait_until_settled(page)
    expect(page.get_by_role("heading", name="Outreach & planning")).to_be_visible()
    # the page draws only its open tab; the language changed the tab's name, not which tab is open
    expect(page.get_by_role("tab", name="Event impact", exact=True)).to_have_attribute("aria-selected", "true")
    verdict_en = kunduran_verdict(demo_store, "en")
    assert verdict_en.startswith("up about")
    expect(page.get_by_text(f"Kunduran district: {verdict_en}")).to_be_visible()
    # the chosen event keeps its place and reads in English too (a keyed selectbox kept its Indonesian text)
    chosen = page.get_by_test_id("stSelectbox").filter(has_text="Look at one event").locator("input")
    expect(chosen).to_have_value(re.compile(r"^20 Feb · Kunduran district"))
    page.get_by_test_id("stSidebar").get_by_text("Bahasa Indonesia", exact=True).click()
    browser.wait_until_settled(page)
    chosen = page.get_by_test_id("stSelectbox").filter(has_text="Lihat satu kegiatan").locator("input")
    expect(chosen).to_have_value(re.compile(r"^20 Feb · Kec\. Kunduran"))
    shoot("sosialisasi_dampak_en")


def test_a_tab_or_a_priority_weight_reruns_the_tabs_only_and_the_answer_follows_the_weights(page, app_url):
    from tests.e2e.helpers import record_reruns

    asked = record_reruns(page)
    page.goto(app_url)
    browser.wait_until_settled(page)
    page.goto(app_url + "/sosialisasi?tanggal=2020-03-10")
    browser.wait_until_settled(page)
    where_next = page.get_by_test_id("stVerticalBlock").filter(has_text="Ke mana rakor berikutnya?").last
    answer = where_next.inner_text()

    before = len(asked)
    page.get_by_role("tab", name="Perkiraan", exact=True).click()
    browser.wait_until_settled(page)
    page.get_by_role("tab", name="Prioritas desa/kelurahan", exact=True).click()
    browser.wait_until_settled(page)
    assert len(asked) == before + 2 and all(asked[before:]), asked

    # every weight but "villages stalled" to zero: the list, and the answer above the tabs, rank by stalling alone
    before = len(asked)
    sliders = page.get_by_test_id("stMain").get_by_role("slider")
    for position in range(4):
        sliders.nth(position).focus()
        page.keyboard.press("Home")
        browser.wait_until_settled(page)
    assert len(asked) == before + 4 and all(asked[before:]), asked
    assert where_next.inner_text() != answer
    assert page.get_by_test_id("stException").count() == 0
