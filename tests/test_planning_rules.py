"""The planning page's rules (sensus.analysis.planning_rules), apart from the page."""

from datetime import date

import polars as pl

from sensus.analysis import planning_rules


def test_a_planned_event_is_not_counted_as_held():
    kegiatan = pl.DataFrame({"tanggal": [date(2020, 2, 20), date(2020, 3, 1), date(2020, 3, 2)]})
    held = planning_rules.kegiatan_terlaksana(kegiatan, date(2020, 3, 1))
    assert held["tanggal"].to_list() == [date(2020, 2, 20), date(2020, 3, 1)]


def test_the_viewers_own_level_and_weights():
    assert planning_rules.tingkat_atas(None) == "kabupaten"
    assert planning_rules.tingkat_atas("33.16.05") == "kecamatan"
    assert planning_rules.bobot_dari_persen({"sisa": 40, "macet": 0}) == {"sisa": 0.4, "macet": 0.0}


def test_a_kecamatan_viewer_sees_one_backtest_card_the_region_four():
    assert planning_rules.backtest_levels("kecamatan") == [("kecamatan", (7,))]
    assert planning_rules.backtest_levels("kabupaten") == [("kabupaten", (7, 14)), ("kecamatan", (7, 14))]
