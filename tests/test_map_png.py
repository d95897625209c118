"""The map PNG beside each map: a download made only when clicked, carrying the title, the date, every area's
name and, on the demo store, the simulated-data label."""

from datetime import date

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

from sensus.app.charts import maps
from sensus.core import i18n
from tests.apptest import open_dashboard

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

DAY = date(2020, 3, 10)


def download(app, key: str):
    return next(button for button in app.get("download_button") if button.proto.id.endswith(key))


@pytest.mark.parametrize(
    ("page", "key", "judul", "prefix"),
    [
        (None, "png_peta_kecamatan", "Peta capaian kecamatan · Kabupaten Blora", "33.16"),
        ("kecamatan", "png_peta_desa", "Peta capaian desa/kelurahan · Kec. Cepu", "33.16.05"),
    ],
)
def test_each_map_downloads_as_a_png_with_title_date_names_and_the_demo_label(
    monkeypatch, demo_store, page, key, judul, prefix
):
    # AppTest's runtime lives for one run: keep the callables the download buttons register, as a click would run them
    registered = {}
    add_deferred = MediaFileManager.add_deferred

    def keep(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        file_id = add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)
        registered[file_id] = (data_callable, file_name, mimetype)
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", keep)
    app = open_dashboard(monkeypatch, demo_store, page, tanggal=DAY.isoformat(), kec="33.16.05")
    assert not app.exception
    button = download(app, key)
    # made on click only: a rerun builds no picture
    assert button.label == i18n.t("unduh_peta_png") and button.proto.deferred_file_id
    pictures, files = [], []
    figur_png, png_peta = maps.figur_png, maps.png_peta
    monkeypatch.setattr(maps, "figur_png", lambda *a, **kw: pictures.append(figur_png(*a, **kw)) or pictures[-1])
    monkeypatch.setattr(maps, "png_peta", lambda *a, **kw: files.append(png_peta(*a, **kw)) or files[-1])
    make, file_name, mimetype = registered[button.proto.deferred_file_id]
    assert file_name.endswith(f"_{DAY.isoformat()}.png") and mimetype == "image/png"
    make()

    (png,), (picture,) = files, pictures
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (1000, 1000)
    assert judul in picture.layout.title.text and "10 Maret 2020" in picture.layout.title.text
    notes = {a.name: a.text for a in picture.layout.annotations}
    assert notes["simulasi"] == "DATA SIMULASI"
    # every area numbered on the map and named with its number in the list beside it
    choropleth = next(t for t in picture.data if t.type == "choroplethmap")
    listed = maps.daftar_figur(picture)
    assert sorted(name for _, name, _ in listed) == sorted(row[0] for row in choropleth.customdata)
    assert all(f"<b>{n}</b>  {name}" in notes["daftar"] for n, name, _ in listed)
    assert len(listed) == len(choropleth.locations) and all(k.startswith(prefix + ".") for k in choropleth.locations)
