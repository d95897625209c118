"""Issue 19's crash, step by step in headless Chromium on the demo store: a date typed into the sidebar, a click on
another page in the menu, then a language switch. The click was lost, the URL gained "peta=None" and the page
showed "ValueError: unknown map mode None" with a traceback."""

import re

from playwright.sync_api import Page, expect

from harness import browser

TYPED = "10032020"  # 10/03/2020, as typed into the day-first field (Bahasa Indonesia)
DAY = "2020-03-10"


def type_date(page: Page) -> None:
    """Click the day segment of the sidebar's date field and type the whole day, as a user types it."""
    page.locator("[data-testid='stSidebar'] [data-testid='stDateInputField'] [data-type='day']").first.click()
    page.keyboard.type(TYPED)


def test_typed_date_then_menu_click_then_language_switch(page, app_url, shoot):
    page.goto(app_url)
    browser.wait_until_settled(page)
    type_date(page)
    # straight from typing to the menu: the field loses its focus to the click
    page.locator("[data-testid='stSidebarNav'] a[href$='/kecamatan']").click()
    page.wait_for_url(re.compile(r"/kecamatan\?"))
    browser.wait_until_settled(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kecamatan")
    assert f"tanggal={DAY}" in page.url and "kec=" in page.url, page.url
    page.get_by_text("English").click()
    page.wait_for_url(re.compile(r"bahasa=en"))
    browser.wait_until_settled(page)
    assert "None" not in page.url and f"tanggal={DAY}" in page.url and "kec=" in page.url, page.url
    assert page.get_by_test_id("stException").count() == 0
    expect(page.get_by_role("heading", level=1)).to_contain_text("district")
    expect(page.get_by_text("10 March 2020").first).to_be_visible()
    shoot("crash_tanggal_menu_bahasa")


def test_a_typed_date_applies_on_enter(page, app_url):
    page.goto(app_url)
    browser.wait_until_settled(page)
    type_date(page)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(f"tanggal={DAY}"))
    browser.wait_until_settled(page)
    expect(page.get_by_text("Selasa, 10 Maret 2020").first).to_be_visible()
