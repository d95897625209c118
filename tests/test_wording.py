"""How the planning page words an event's verdict and why no event is judged yet (sensus.app.wording)."""

from datetime import date

import polars as pl

from sensus.analysis import uplift
from sensus.app import wording


def test_the_verdict_reads_like_a_sentence():
    row = {"status": "naik", "efek": 35.2, "bawah": 20.4, "atas": 50.1, "tingkat": "kecamatan", "jenis": "rakor"}
    assert wording.vonis(row) == "naik sekitar 35 % (20–50 %) dibanding kecamatan tanpa rakor"
    assert wording.vonis(row, "en") == "up about 35% (20–50%) against districts without a coordination meeting"
    down = row | {"status": "turun", "efek": -30.0, "bawah": -45.0, "atas": -12.0}
    assert wording.vonis(down) == "turun sekitar 30 % (12–45 %) dibanding kecamatan tanpa rakor"


def test_a_region_wide_event_says_it_has_nothing_to_compare_with():
    row = {
        "status": uplift.TANPA_PEMBANDING,
        "tingkat": "kabupaten",
        "jenis": "rakor",
        "rata_sebelum": 10.0,
        "rata_sesudah": 12.0,
    }
    said = wording.vonis(row)
    assert "tidak ada pembanding" in said and "+20 %" in said
    assert "–" in wording.vonis(row | {"rata_sebelum": None})


def test_when_no_event_can_be_assessed_each_recent_one_says_why():
    base = {"tingkat": "kecamatan", "jenis": "rakor", "label_wilayah": "Kec. Cepu", "efek": None}
    dampak = pl.DataFrame(
        [
            base
            | {
                "tanggal": date(2020, 2, 26),
                "status": uplift.TANPA_PEMBANDING,
                "rata_sebelum": 10.0,
                "rata_sesudah": 12.0,
                "hari_sebelum": 7,
                "hari_sesudah": 7,
            },
            base
            | {
                "tanggal": date(2020, 3, 9),
                "status": uplift.HARI_KURANG,
                "rata_sebelum": 10.0,
                "rata_sesudah": None,
                "hari_sebelum": 7,
                "hari_sesudah": 1,
            },
        ]
    )
    lines = wording.belum_dinilai(dampak, "id")
    assert lines == [
        "9 Mar · Kec. Cepu (rakor): " + wording.vonis(dampak.row(1, named=True), "id"),
        "26 Feb · Kec. Cepu (rakor): " + wording.vonis(dampak.row(0, named=True), "id"),
    ]
    assert "1 hari sesudah" in lines[0] and "pembanding" in lines[1]
    assert wording.belum_dinilai(dampak.clear()) == []


def test_a_region_wide_event_is_named_by_the_regions_own_word():
    row = {"tingkat": "kabupaten", "status": "tanpa_pembanding", "rata_sebelum": 100.0, "rata_sesudah": 128.0}
    assert "kegiatan tingkat kota menyentuh" in wording.vonis(row, "id", "kota")
    assert "a city-wide event" in wording.vonis(row, "en", "city")
    assert "kegiatan tingkat kabupaten menyentuh" in wording.vonis(row, "id")
