"""The overview's kecamatan ranking in headless Chromium on the demo store: a click on a bar or a table row opens
that kecamatan's page in the viewer's language, measure and date, as a click on the map does."""

import io
import re
import subprocess
import sys

import polars as pl
from playwright.sync_api import expect

from harness import browser

DAY = "2020-03-10"


def top_kecamatan(store_path) -> dict:
    """The kecamatan with the highest household rate on DAY, from the command line's report."""
    out = subprocess.run(
        [sys.executable, "-m", "sensus", "--store", str(store_path), "report", "--level", "kecamatan", "--date", DAY],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return (
        pl.read_csv(io.StringIO(out), infer_schema=False).sort(pl.col("persen_kk").cast(pl.Float64)).row(-1, named=True)
    )


def click_centre(page, element) -> None:
    """A click where a user clicks: plotly's drag layer lies over the bars and takes the pointer, as it should."""
    element.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = element.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def opened_kecamatan(page, kode: str) -> None:
    page.wait_for_url(re.compile(r"/kecamatan\?"))
    browser.wait_until_settled(page)
    query = page.url.split("?", 1)[1]
    assert f"kec={kode}" in query and "bahasa=en" in query and "ukuran=kk" in query, page.url
    # the date is carried by its URL-bound widget, and the page shows that day
    assert f"tanggal={DAY}" in query, page.url
    expect(page.get_by_text("10 March 2020").first).to_be_visible()


def test_a_click_on_a_ranking_bar_opens_its_kecamatan(page, app_url, demo_store, shoot):
    page.goto(app_url)
    browser.wait_until_settled(page)
    page.goto(f"{app_url}/?bahasa=en&ukuran=kk&tanggal={DAY}")
    browser.wait_until_settled(page)
    top = top_kecamatan(demo_store)
    # bars are drawn in rank order from the bottom: the last one is the highest rate
    bar = page.locator(".st-key-peringkat_kecamatan g.trace.bars g.point").last
    click_centre(page, bar)
    opened_kecamatan(page, top["kode"])
    expect(page.get_by_role("heading", name=re.compile(top["nama"]))).to_be_visible()
    shoot("klik_peringkat_kecamatan")


def test_selecting_a_ranking_table_row_opens_its_kecamatan(page, app_url, demo_store):
    page.goto(app_url)
    browser.wait_until_settled(page)
    page.goto(f"{app_url}/?bahasa=en&ukuran=kk&tanggal={DAY}")
    browser.wait_until_settled(page)
    grid = page.locator(".st-key-tabel_kecamatan")
    grid.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = grid.bounding_box()
    # the selection box of the first row (the highest rate, as the table is ranked): the grid's leftmost column,
    # one header row down
    page.mouse.click(box["x"] + 18, box["y"] + 35 + 17)
    opened_kecamatan(page, top_kecamatan(demo_store)["kode"])
