"""Every page on a phone (390 × 844, as a WhatsApp link opens it), in both languages: cards, chart toolbars, the
outreach charts' axes and legends, the village heatmap, sideways-scrolled tables and a bad link's warning."""

import re

import pytest
from playwright.sync_api import Page, expect

from harness import browser
from sensus.core import i18n

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 1000}


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def open_url(page: Page, url: str) -> None:
    page.goto(url)
    browser.wait_until_settled(page)


# ---- 1. cards -------------------------------------------------------------------------------------------------

CARD_CUT = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stMetric]')].map(card => {
    const box = card.getBoundingClientRect();
    // a text is cut when it is wider than its box (an ellipsis) or reaches out of the card
    const cut = [...card.querySelectorAll('*')].filter(e => !e.children.length && e.textContent.trim()
        && (e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > box.right + 1));
    return {width: box.width, cut: cut.map(e => e.textContent)};
})"""


def _check_cards(page: Page) -> None:
    # Streamlit stacks st.columns below 640 px: this held before the phone work too and guards it
    cards = page.evaluate(CARD_CUT)
    assert len(cards) == 6
    main = page.get_by_test_id("stMain").locator("[data-testid=stVerticalBlock]").first.bounding_box()
    for card in cards:
        assert card["width"] >= 0.95 * main["width"], card  # one to a row, the whole width
        assert card["cut"] == [], card


# ---- 2. chart toolbars keep clear of the titles ----------------------------------------------------------------

TOOLBARS = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stPlotlyChart]')]
    .filter(chart => chart.checkVisibility()).map(chart => {
        const box = e => {
            const b = e.getBoundingClientRect();
            return {l: b.left, r: b.right, t: b.top, b: b.bottom};
        };
        const title = chart.querySelector('.gtitle');
        return {
            chart: box(chart),
            title: title && title.textContent ? box(title) : null,
            text: title ? title.textContent : '',
            labels: [...chart.querySelectorAll('.annotation')].map(box),
            toolbar: box(chart.querySelector('.modebar')),
            png: !!chart.querySelector('.modebar-btn[data-title="Download plot as a PNG"]'),
        };
    })"""


def _overlaps(a: dict, b: dict) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


def _check_toolbars(page: Page) -> int:
    """Assert on every visible chart; return how many titles were checked."""
    charts = page.evaluate(TOOLBARS)
    assert charts
    for chart in charts:
        assert chart["png"], chart  # the PNG download stays in the toolbar
        if chart["title"]:
            assert not _overlaps(chart["title"], chart["toolbar"]), chart["text"]
            assert chart["title"]["r"] <= chart["chart"]["r"] + 1, chart["text"]  # the title is not cut off
        # nor a label drawn above the plot (the ranking's target line)
        assert not any(_overlaps(label, chart["toolbar"]) for label in chart["labels"]), chart
    return sum(1 for chart in charts if chart["title"])


@pytest.mark.parametrize("bahasa", ["id", "en"])
@pytest.mark.parametrize(
    ("path", "titles"), [("/", 2), ("/kecamatan?kec=33.16.05", 3), ("/desa?desa=33.16.05.2001", 4)]
)
def test_area_pages_cards_read_whole_and_no_chart_toolbar_covers_a_title(phone, app_url, path, titles, bahasa):
    open_url(phone, f"{app_url}{path}{'&' if '?' in path else '?'}bahasa={bahasa}")
    _check_cards(phone)
    assert _check_toolbars(phone) >= titles


# The axes' titles, the x axis's labels and the legend lie whole inside the chart (the uplift chart's x-axis title
# ran past its right edge on a phone), and the legend lies below the x axis's labels and title (the backtest's x-axis
# title shared a line with its legend, across it on a phone; an event's upright dates reached into its legend).
AXES = """() => [...document.querySelectorAll('[data-testid=stMain] [data-testid=stPlotlyChart]')]
    .filter(chart => chart.checkVisibility()).map(chart => {
        const box = e => {
            const b = e.getBoundingClientRect();
            return {l: b.left, r: b.right, t: b.top, b: b.bottom};
        };
        const all = selector => [...chart.querySelectorAll(selector)].filter(e => e.textContent.trim()).map(box);
        const legend = chart.querySelector('.legend');
        return {
            text: chart.querySelector('.gtitle')?.textContent ?? '',
            svg: box(chart.querySelector('.main-svg')),
            titles: all('.xtitle, .ytitle'),
            xtitles: all('.xtitle'),
            xlabels: all('.xaxislayer-above'),
            legend: legend && legend.textContent ? box(legend) : null,
        };
    })"""


def _inside(inner: dict, outer: dict) -> bool:
    return (
        inner["l"] >= outer["l"] - 1
        and inner["r"] <= outer["r"] + 1
        and inner["t"] >= outer["t"] - 1
        and inner["b"] <= outer["b"] + 1
    )


def _axis_problems(page: Page) -> tuple[list[tuple], int]:
    """What is cut off or overlapped on the visible charts, and how many x-axis titles were checked."""
    charts = page.evaluate(AXES)
    problems = []
    for chart in charts:
        parts = chart["titles"] + chart["xlabels"]
        problems += [("cut off", chart["text"]) for part in parts if not _inside(part, chart["svg"])]
        if chart["legend"]:
            if not _inside(chart["legend"], chart["svg"]):
                problems.append(("legend cut off", chart["text"]))
            if any(chart["legend"]["t"] < part["b"] - 1 for part in chart["xtitles"] + chart["xlabels"]):
                problems.append(("legend not below the x axis", chart["text"]))
    return problems, sum(len(chart["xtitles"]) for chart in charts)


@pytest.mark.parametrize(("viewport", "bahasa"), [(PHONE, "id"), (PHONE, "en"), (DESKTOP, "id"), (DESKTOP, "en")])
def test_outreach_charts_keep_toolbar_and_title_and_axes_and_legend_apart(page, app_url, viewport, bahasa):
    page.set_viewport_size(viewport)
    open_url(page, f"{app_url}/sosialisasi?bahasa={bahasa}")
    tabs = page.get_by_test_id("stMain").get_by_role("tab")
    titles = axes = 0
    problems = []
    for index in range(tabs.count()):
        tabs.nth(index).click()
        browser.wait_until_settled(page)
        if page.evaluate(TOOLBARS):
            titles += _check_toolbars(page)
            found, checked = _axis_problems(page)
            problems += found
            axes += checked
    assert problems == [], problems
    assert titles >= 3
    assert axes >= 2  # the uplift chart's and the backtest's


# ---- 3. the village × day heatmap ------------------------------------------------------------------------------


@pytest.mark.parametrize(("kec", "bahasa"), [("33.16.05", "id"), ("33.16.11", "en")])
def test_the_village_heatmap_gets_most_of_a_phone_width(phone, app_url, kec, bahasa):
    open_url(phone, f"{app_url}/kecamatan?kec={kec}&bahasa={bahasa}")
    heatmap = phone.get_by_test_id("stPlotlyChart").filter(has_text=i18n.t("judul_heatmap", bahasa))
    expect(heatmap).to_have_count(1)
    grid = heatmap.locator(".nsewdrag").first.bounding_box()
    assert grid["width"] >= 0.6 * PHONE["width"]
    assert grid["x"] + grid["width"] <= PHONE["width"]  # inside the screen: no sideways scrolling needed


# ---- 4. tables keep the name column in sight -------------------------------------------------------------------


def _scroll_sideways(page: Page, grid, last_header: str) -> None:
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(2000, 0)
    # the grid's accessible table holds the cells drawn: the last column is drawn once it has scrolled there
    expect(grid.locator("table th").filter(has_text=last_header)).to_have_count(1)


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_a_village_table_keeps_its_names_in_sight_when_scrolled_sideways(phone, app_url, bahasa):
    open_url(phone, f"{app_url}/kecamatan?kec=33.16.05&bahasa={bahasa}")
    grid = phone.get_by_test_id("stDataFrame").first
    _scroll_sideways(phone, grid, i18n.t("kolom_status_macet", bahasa))
    expect(grid.locator("table th").filter(has_text=i18n.t("nama", bahasa))).to_have_count(1)
    expect(grid.locator("table td").filter(has_text="Karangboyo")).to_have_count(1)


def test_the_kecamatan_table_keeps_code_and_name_in_sight_when_scrolled_sideways(phone, app_url):
    open_url(phone, f"{app_url}/")
    grid = phone.get_by_test_id("stDataFrame").first
    _scroll_sideways(phone, grid, i18n.t("kolom_status_jalur", "id"))
    headers = grid.locator("table th")
    expect(headers.filter(has_text=i18n.t("kode", "id"))).to_have_count(1)
    expect(headers.filter(has_text=i18n.t("nama", "id"))).to_have_count(1)
    # the first row's code and, right after it, name cells are still drawn (a cell's id counts the grid's columns,
    # the row-selection marker included when the table has one: the overview's rows open their kecamatan)
    code_cell = grid.locator("[id^='glide-cell-'][id$='-0']").filter(has_text=re.compile(r"^33\.16\.\d\d$"))
    expect(code_cell).to_have_count(1)
    column = int(code_cell.get_attribute("id").split("-")[2])
    expect(grid.locator(f"#glide-cell-{column + 1}-0")).not_to_be_empty()


# ---- 5. a bad link says so where a phone shows it --------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/?tanggal=2020-13-45", "Tanggal di tautan tidak terbaca"),
        ("/kecamatan?kec=33.16.05&tanggal=2019-01-01&bahasa=en", "outside the SP Online window"),
        ("/desa?desa=33.16.05.2001&tanggal=kemarin&bahasa=en", "The date in the link cannot be read"),
        ("/kecamatan?kec=33.16.99", "Kode kecamatan di tautan tidak dikenal"),  # held before: a guard
        ("/desa?kec=33.16.99&bahasa=en", "Unknown district code in the link"),
    ],
)
def test_a_bad_link_warns_in_the_main_area_on_the_first_screen(phone, app_url, path, message):
    open_url(phone, app_url + path)
    warning = phone.get_by_test_id("stMain").get_by_test_id("stAlert").filter(has_text=message)
    expect(warning).to_have_count(1)
    expect(warning).to_be_in_viewport()  # above the page, without opening the folded sidebar


# ---- 6. maps fit the screen and every area can be told ---------------------------------------------------------

# per map on the page: the screen box of each drawn area (projected by the map itself), the canvas, the numbers
MAP_AREAS = """() => [...document.querySelectorAll('[data-testid=stMain] .js-plotly-plot')]
    .filter(gd => gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot).map(gd => {
        const map = gd._fullLayout.map._subplot.map;
        const canvas = map.getCanvas().getBoundingClientRect();
        const areas = gd.data.find(trace => trace.type === 'choroplethmap');
        const boxes = areas.geojson.features.filter(f => areas.locations.includes(f.id)).map(f => {
            const box = {id: f.id, l: Infinity, r: -Infinity, t: Infinity, b: -Infinity};
            const walk = c => {
                if (typeof c[0] === 'number') {
                    const p = map.project(c);
                    box.l = Math.min(box.l, canvas.left + p.x); box.r = Math.max(box.r, canvas.left + p.x);
                    box.t = Math.min(box.t, canvas.top + p.y); box.b = Math.max(box.b, canvas.top + p.y);
                } else c.forEach(walk);
            };
            walk(f.geometry.coordinates);
            return box;
        });
        const numbers = gd.data.find(trace => trace.name === 'nomor');
        // the numbers MapLibre placed: a label that collides with another is dropped and not rendered
        const placed = new Set(map.queryRenderedFeatures()
            .filter(f => f.layer.type === 'symbol' && f.properties.text).map(f => f.properties.text));
        return {canvas: {l: canvas.left, r: canvas.right, t: canvas.top, b: canvas.bottom}, boxes,
                placed: [...placed].map(Number).sort((a, b) => a - b),
                numbered: numbers ? numbers.customdata.map(row => row[row.length - 1]).sort() : [],
                drawn: [...areas.locations].sort()};
    })"""


@pytest.mark.parametrize(
    ("path", "bahasa", "names"),
    [
        ("/?tanggal=2020-03-10", "id", ["Cepu", "Kedungtuban", "Todanan", "Sambong"]),
        ("/?tanggal=2020-02-21&peta=naik_7", "en", ["Cepu", "Kedungtuban"]),
        ("/kecamatan?kec=33.16.05&tanggal=2020-03-31", "id", ["Cabean", "Ngroto", "Ngelo", "Balun"]),
        ("/kecamatan?kec=33.16.01&tanggal=2020-02-16&peta=jalur", "en", ["Pengkoljagong"]),
        ("/kecamatan?kec=33.16.09&tanggal=2020-02-21", "id", ["Jejeruk", "Tegalgunung"]),  # the densest map
    ],
)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_each_map_fits_the_screen_and_numbers_every_area_with_a_list(page, app_url, path, bahasa, names, viewport):
    page.set_viewport_size(viewport)
    open_url(page, f"{app_url}{path}&bahasa={bahasa}")
    chart = page.get_by_test_id("stPlotlyChart").filter(has=page.locator(".maplibregl-canvas"))
    expect(chart).to_have_count(1)
    chart.scroll_into_view_if_needed()
    (shown,) = page.evaluate(MAP_AREAS)
    assert shown["numbered"] == shown["drawn"]  # every area carries its number
    assert shown["placed"] == list(range(1, len(shown["drawn"]) + 1))  # and every number is drawn
    for box in shown["boxes"]:
        # inside the map's canvas, and the canvas inside the screen: no area cut off
        assert box["l"] >= shown["canvas"]["l"] - 1 and box["r"] <= shown["canvas"]["r"] + 1, box
        assert box["t"] >= shown["canvas"]["t"] - 1 and box["b"] <= shown["canvas"]["b"] + 1, box
    assert shown["canvas"]["l"] >= 0 and shown["canvas"]["r"] <= viewport["width"]
    # the list number → name is on the page under the map
    listed = page.get_by_test_id("stMain").get_by_test_id("stCaptionContainer").filter(has_text=re.compile(r"^1\s"))
    expect(listed).to_have_count(1)
    for name in names:
        expect(listed).to_contain_text(name)


# ---- 7. a village's bar opens the village ----------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_click_on_a_village_bar_opens_that_village(page, app_url, viewport):
    """As a kecamatan's bar on the overview opens its kecamatan, keeping language, measure and date."""
    page.set_viewport_size(viewport)
    open_url(page, f"{app_url}/kecamatan?kec=33.16.05&tanggal=2020-03-10&bahasa=en&ukuran=kk")
    chart = page.locator(".st-key-peringkat_desa .js-plotly-plot")
    # bars are drawn in rank order from the bottom: the last one is the highest rate
    top = chart.evaluate("gd => ({name: gd.data[0].y.at(-1), kode: gd.data[0].customdata.at(-1).at(-1)})")
    bar = page.locator(".st-key-peringkat_desa g.trace.bars g.point").last
    bar.evaluate("element => element.scrollIntoView({block: 'center'})")
    box = bar.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/desa\?"))
    browser.wait_until_settled(page)
    query = page.url.split("?", 1)[1]
    assert f"desa={top['kode']}" in query and "bahasa=en" in query and "ukuran=kk" in query, page.url
    assert "tanggal=2020-03-10" in query, page.url
    expect(page.get_by_role("heading", name=re.compile(re.escape(top["name"])))).to_be_visible()


# ---- 8. a click on a map's number opens its area, as a click on the area does ----------------------------------


@pytest.mark.parametrize("where", ["area", "number"])
def test_a_click_on_a_map_number_or_area_opens_it(page, app_url, where):
    page.set_viewport_size(PHONE)
    # the page the click opens, once first: a cold server builds it for longer than a click is waited for
    open_url(page, f"{app_url}/kecamatan?kec=33.16.05&tanggal=2020-03-10&bahasa=en")
    open_url(page, f"{app_url}/?tanggal=2020-03-10&bahasa=en")
    chart = page.locator(".st-key-peta_kecamatan .js-plotly-plot")
    chart.scroll_into_view_if_needed()
    # the map takes clicks once MapLibre has loaded its style and drawn (a click before that is lost)
    page.wait_for_function(
        "() => { const gd = document.querySelector('.st-key-peta_kecamatan .js-plotly-plot');"
        " const map = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot"
        " && gd._fullLayout.map._subplot.map; return !!map && map.loaded() && !map.isMoving(); }"
    )
    # Cepu (33.16.05): its number's point, or a point of its area away from the number
    spot = chart.evaluate(
        """(gd, where) => {
            const map = gd._fullLayout.map._subplot.map;
            const canvas = map.getCanvas().getBoundingClientRect();
            const numbers = gd.data.find(trace => trace.name === 'nomor');
            const i = numbers.customdata.findIndex(row => row[row.length - 1] === '33.16.05');
            let lonlat = [numbers.lon[i], numbers.lat[i]];
            if (where === 'area') {
                const areas = gd.data.find(trace => trace.type === 'choroplethmap');
                const feature = areas.geojson.features.find(f => f.id === '33.16.05');
                const ring = feature.geometry.type === 'Polygon' ? feature.geometry.coordinates[0]
                    : feature.geometry.coordinates[0][0];
                // a point a third of the way from the number to a vertex: inside this convex-enough area
                const far = ring[Math.floor(ring.length / 3)];
                lonlat = [lonlat[0] + (far[0] - lonlat[0]) / 3, lonlat[1] + (far[1] - lonlat[1]) / 3];
            }
            const p = map.project(lonlat);
            return {x: canvas.left + p.x, y: canvas.top + p.y};
        }""",
        where,
    )
    page.mouse.click(spot["x"], spot["y"])
    page.wait_for_url(re.compile(r"/kecamatan\?"))
    browser.wait_until_settled(page)
    assert "kec=33.16.05" in page.url and "bahasa=en" in page.url, page.url
