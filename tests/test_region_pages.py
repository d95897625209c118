"""The pages name the region the configuration serves, in its own words, and a region without boundaries gets
ranked bars where the maps would be: checked for a kota without boundaries (Banda Aceh, 11.71) beside Blora."""

import polars as pl
import pytest

from sensus.app import context
from sensus.app.charts import comparison as comparison_charts
from sensus.app.charts import maps
from sensus.core import config
from tests.apptest import open_dashboard

BLORA = config.read(environ={"PANTAU_KABUPATEN": "33.16"})
BANDA_ACEH = config.read(environ={"PANTAU_KABUPATEN": "11.71"})


def test_a_kota_is_a_kota_and_a_kabupaten_a_kabupaten_in_both_languages():
    assert context.text("halaman_ringkasan", "id", BLORA) == "Ringkasan Kabupaten"
    assert context.text("halaman_ringkasan", "en", BLORA) == "Regency overview"
    assert context.text("halaman_ringkasan", "id", BANDA_ACEH) == "Ringkasan Kota"
    assert context.text("halaman_ringkasan", "en", BANDA_ACEH) == "City overview"
    assert context.text("ringkasan_judul", "id", BANDA_ACEH) == "SP2020 Online · Kota Banda Aceh"
    assert context.text("masuk_sub", "en", BLORA).startswith("Kabupaten Blora · ")
    assert context.text("kabupaten_nilai", "id", BANDA_ACEH, nilai="3 %") == "Kota: 3 %"


def test_the_villages_are_named_as_the_region_names_them():
    assert context.text("desa", "id", BLORA) == "desa/kelurahan"
    assert context.text("peringkat_desa", "id", BLORA) == "Peringkat desa/kelurahan"
    assert context.region_values(BANDA_ACEH, "id")["sebutan_desa"] == "desa"


def test_a_text_whose_other_placeholders_are_not_given_keeps_them_as_written():
    assert context.text("kecamatan_sub", "id", BLORA) == "Data per {tanggal} (WIB) · {desa} desa/kelurahan"


def test_the_region_short_name_drops_its_kind():
    assert context.short_name(BLORA.wilayah) == "Blora"
    assert context.short_name(BANDA_ACEH.wilayah) == "Banda Aceh"


def points() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "wilayah": ["Indonesia", "Jawa Tengah", "Kabupaten Blora", "Kec. Cepu", "Aceh"],
            "kode": [None, "33", "33.16", "33.16.01", "11"],
            "persen": [12.5, 14.0, 16.0, 20.0, 11.0],
        }
    )


def test_the_comparison_keeps_only_the_regions_own_province_and_the_country():
    assert comparison_charts.of_region(points(), "33.16")["wilayah"].to_list() == [
        "Indonesia",
        "Jawa Tengah",
        "Kabupaten Blora",
    ]
    assert comparison_charts.of_region(points(), "33.16", "33.16.01")["wilayah"].to_list()[-1] == "Kec. Cepu"
    assert comparison_charts.of_region(points(), "11.71")["wilayah"].to_list() == ["Indonesia", "Aceh"]


def test_the_markers_follow_the_level_of_the_area_not_its_name():
    assert comparison_charts.wilayah_digambar(points()) == [
        "Indonesia",
        "Aceh",
        "Jawa Tengah",
        "Kabupaten Blora",
        "Kec. Cepu",
    ]
    assert comparison_charts.gaya("11") == comparison_charts.gaya("33") != comparison_charts.gaya("33.16")
    assert comparison_charts.gaya("11.71.01") == comparison_charts.GAYA_KECAMATAN


def areas() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "kode": ["11.71.01", "11.71.02", "11.71.03"],
            "nama": ["Baiturrahman", "Kuta <Alam>", "Meuraxa"],
            "penduduk_respon": [10, 30, 20],
            "penduduk_target": [100, 100, 100],
            "persen_penduduk": [10.0, 30.0, None],
            "naik_7_hari": [1.0, -2.0, 0.5],
        }
    )


@pytest.mark.parametrize("mode", maps.MODE)
def test_bars_instead_of_a_map_rank_the_areas_by_the_maps_value_and_open_them(mode):
    figure = maps.batang_tanpa_peta(areas(), "penduduk", "id", mode, jalur_persen=20.0)
    bar = figure.data[0]
    assert list(bar.x) == sorted(bar.x)
    assert [row[-1] for row in bar.customdata][-1] == {"persen": "11.71.02", "jalur": "11.71.02", "naik_7": "11.71.01"}[
        mode
    ]
    assert "Kuta &lt;Alam&gt;" in bar.y and "Kuta <Alam>" not in bar.y


def test_a_region_without_boundaries_gets_bars_and_one_sentence_instead_of_each_map(monkeypatch, region_store):
    # a store is served only to the region it was built for: Banda Aceh's own demo store, and Banda Aceh configured
    aceh = region_store("11.71")
    assert aceh.cfg.peta_kecamatan is None and aceh.cfg.peta_desa is None
    monkeypatch.setenv("PANTAU_KABUPATEN", "11.71")
    reason_id = context.text("tanpa_peta_alasan", "id", BANDA_ACEH, tingkat="kecamatan")
    app = open_dashboard(monkeypatch, aceh.store)
    assert not app.exception
    assert [c.value for c in app.caption].count(reason_id) == 1
    assert "Capaian kecamatan, berurutan" in [s.value for s in app.subheader]
    app = open_dashboard(monkeypatch, aceh.store, page="kecamatan")
    assert not app.exception
    assert any(c.value.startswith("Batas wilayah desa") for c in app.caption)
