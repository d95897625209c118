"""The province deployment in headless Chromium, on a desktop (1400 px) and a phone (390 px): DI Yogyakarta's five
demo stores served by the real server, the province head's one-click sign-in, the province page and its drill into
a kabupaten; a demo head bound to one kabupaten is offered no province page and a link to another kabupaten shows a
warning and their own."""

import re
import shutil
from datetime import date

import pytest
from playwright.sync_api import expect

from harness import browser as harness
from sensus.auth import roles
from sensus.core import i18n, wilayah_indonesia
from sensus.province.read import ProvinceReader
from tests.e2e.conftest import ARTEFACTS
from tests.e2e.helpers import ROOT
from tests.province import KABUPATEN

DAY = date(2020, 3, 10)
PROVINCE_TITLE = "SP2020 Online · Provinsi Daerah Istimewa Yogyakarta"
SIZES = {"desktop": {"width": 1400, "height": 1000}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def province_url(province_demo, tmp_path_factory):
    """A dashboard server on a copy of the province's stores and published marts (the server writes beside them)."""
    folder = tmp_path_factory.mktemp("provinsi-e2e")
    shutil.copytree(province_demo.folder / "stores", folder / "stores")
    shutil.copytree(province_demo.terbit, folder / "terbit")
    (folder / "users").mkdir()
    environ = {
        "PANTAU_PROVINSI": province_demo.provinsi,
        "PANTAU_TERBIT": str(folder / "terbit"),
        "PANTAU_USERS": str(folder / "users" / "users.json"),
    }
    with harness.serving(ROOT, folder / "stores" / "{kabupaten}.duckdb", environ) as url:
        yield url


@pytest.fixture(params=list(SIZES))
def screen(request, browser):
    """A signed-out page of its own (no session cookie) at the parameter's size; yields (size name, page)."""
    context = browser.new_context(viewport=SIZES[request.param], locale="id-ID")
    yield request.param, context.new_page()
    context.close()


def shoot(page, name: str) -> None:
    """Save the whole page: Streamlit scrolls inside its own container, so a tall viewport for the shot shows it."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    page.set_viewport_size({"width": size["width"], "height": 4000})
    harness.wait_until_settled(page)
    page.screenshot(path=str(ARTEFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)
    harness.wait_until_settled(page)


def open_url(page, url: str) -> None:
    page.goto(url)
    harness.wait_until_settled(page)


def one_click_sign_in(page, role: str, title: str) -> None:
    """The sign-in page's demo button for `role`; waits for the page it leads to (its title)."""
    page.locator(f".st-key-demo_{role} button").click()
    expect(page.locator("h1").first).to_have_text(title, timeout=60_000)
    harness.wait_until_settled(page)


def top_kabupaten(published_root) -> str:
    """The kabupaten with the highest household rate on DAY, read from the published marts."""
    with ProvinceReader(published_root) as reader:
        ranking = reader.peringkat(DAY)
    return ranking.sort("persen_kk").row(-1, named=True)["kode_kab"]


def click_centre(page, element) -> None:
    """A click where a user clicks: plotly's drag layer lies over the bars and takes the pointer, as it should."""
    element.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = element.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def test_the_province_head_drills_from_the_province_into_a_kabupaten(screen, province_url, province_demo):
    size, page = screen
    open_url(page, province_url)
    one_click_sign_in(page, "kepala_provinsi", PROVINCE_TITLE)
    open_url(page, f"{province_url}/?ukuran=kk&tanggal={DAY.isoformat()}")
    expect(page.locator("h1").first).to_have_text(PROVINCE_TITLE)
    # the ranking's bars name all five kabupaten/kota
    bars = page.locator(".st-key-peringkat_kabupaten")
    for kode in KABUPATEN:
        expect(bars).to_contain_text(wilayah_indonesia.nama_wilayah(kode))
    shoot(page, f"provinsi_{size}")
    # bars are drawn in rank order from the bottom: the last one is the highest rate
    top = top_kabupaten(province_demo.terbit)
    click_centre(page, bars.locator("g.trace.bars g.point").last)
    page.wait_for_url(re.compile(r"/ringkasan\?"))
    harness.wait_until_settled(page)
    query = page.url.split("?", 1)[1]
    assert f"kab={top}" in query and f"tanggal={DAY.isoformat()}" in query, page.url
    expect(page.locator("h1").first).to_have_text(f"SP2020 Online · {wilayah_indonesia.nama_wilayah(top)}")
    shoot(page, f"provinsi_ke_kabupaten_{size}")


def test_a_head_bound_to_a_kabupaten_is_not_offered_the_province(screen, province_url):
    size, page = screen
    open_url(page, f"{province_url}/?kab=34.02")
    one_click_sign_in(page, "pimpinan", "SP2020 Online · Kabupaten Bantul")
    # the navigation offers their kabupaten's pages, not the province's
    links = page.locator("[data-testid=stSidebarNav] a")
    expect(links.first).to_be_attached()
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    # every page at its own path (a shared /ringkasan link works), and "/" opens the first
    assert hrefs == [f"{province_url}/{name}" for name in roles.pages(("pimpinan",), province=True)], hrefs
    names = links.all_inner_texts()
    assert names[0].endswith("Ringkasan Kabupaten"), names
    assert not [name for name in names if i18n.t("halaman_provinsi", "id") in name], names
    # a link to another kabupaten (as the province head's drill writes it): a warning, and their own kabupaten's
    # data, with no "Page not found" dialog over it
    open_url(page, f"{province_url}/ringkasan?kab=34.01")
    expect(page.locator("h1").first).to_have_text("SP2020 Online · Kabupaten Bantul")
    expect(page.get_by_role("dialog")).to_have_count(0)
    warning = page.get_by_test_id("stAlert").filter(has_text="tidak dapat Anda buka")
    expect(warning).to_be_visible()
    assert "kab=34.02" in page.url, page.url
    main = page.get_by_test_id("stMain")
    expect(main).not_to_contain_text("Kulon Progo")
    shoot(page, f"provinsi_terikat_kabupaten_lain_{size}")
    # the province page asked for by its address opens their own first page
    open_url(page, f"{province_url}/provinsi")
    expect(page.locator("h1").first).to_have_text("SP2020 Online · Kabupaten Bantul")
    expect(page.get_by_role("dialog")).to_have_count(0)
    shoot(page, f"provinsi_terikat_halaman_provinsi_{size}")
    expect(main).not_to_contain_text("Kulon Progo")
