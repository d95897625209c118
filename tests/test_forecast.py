"""Forecast of the final rate: exact on a straight line, checked against what happened on the demo (backtest)."""

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from sensus.analysis import forecast
from sensus.core import config
from sensus.core.paths import ROOT
from sensus.core.scope import KABUPATEN
from sensus.store import database, reports
from tests.helpers.forecast import DAYS, SELESAI, linear


def test_a_straight_line_without_a_rush_is_forecast_exactly_and_its_backtest_error_is_zero():
    harian = linear({"33.16.01": 50, "33.16.02": 20})
    no_rush = forecast.TANPA_LONJAKAN
    for tingkat in ("kabupaten", "kecamatan", "desa"):
        uji = forecast.backtest(harian, SELESAI, tingkat, selesai=SELESAI, lonjakan=no_rush)
        summary = forecast.mae(uji)
        assert summary["horizon"].to_list() == [7, 14]
        assert summary["mae"].to_list() == pytest.approx([0, 0], abs=1e-9)
        assert summary["cakupan"].to_list() == [1.0, 1.0]
    # as of 10 Mar (day 25), Jati has 1,250 of 10,000 and gains 50 a day: 22.9 % is reached after 21 more days
    result = forecast.perkiraan(harian, date(2020, 3, 10), SELESAI, 22.9, "kecamatan", lonjakan=no_rush).row(
        0, named=True
    )
    assert result["persen_kini"] == pytest.approx(12.5)
    assert result["persen_akhir"] == pytest.approx(100 * 50 * 46 / 10_000)
    # even a perfect past leaves a range: ±10 % of the 21 days still to come
    gain = result["persen_akhir"] - result["persen_kini"]
    assert result["bawah"] < result["persen_akhir"] < result["atas"]
    assert result["atas"] - result["bawah"] > 0.15 * gain
    assert result["tanggal_target"] == date(2020, 3, 10) + timedelta(days=21)
    assert result["status"] == forecast.SESUAI
    assert result["terlalu_dini"] is False


def test_the_deadline_rush_lifts_the_forecast_and_widens_the_range_upward():
    harian = linear({"33.16.01": 50})
    plain = forecast.perkiraan(harian, date(2020, 3, 10), SELESAI, 22.9, "kabupaten", lonjakan=forecast.TANPA_LONJAKAN)
    rush = forecast.perkiraan(harian, date(2020, 3, 10), SELESAI, 22.9, "kabupaten")
    plain, rush = plain.row(0, named=True), rush.row(0, named=True)
    # 11 ordinary days and 10 rush days counting 1.8 each: 29 days' worth of 50 persons
    assert rush["persen_akhir"] == pytest.approx(12.5 + 100 * 50 * (11 + 10 * 1.8) / 10_000)
    assert rush["atas"] - rush["persen_akhir"] > rush["persen_akhir"] - rush["bawah"]
    # the lower end allows for no rush at all
    assert rush["bawah"] <= plain["persen_akhir"]


def test_the_documented_rush_factor_is_the_published_progress():
    """3.25 = national pace in the 10 days before 29 May 2020 ÷ pace from 5 to 19 May (data/perbandingan)."""
    published = pl.read_csv(ROOT / "data" / "perbandingan_sp2020.csv").filter(
        (pl.col("wilayah") == "Indonesia") & (pl.col("ukuran") == "penduduk")
    )
    value = dict(zip(published["tanggal"].cast(pl.String), published["nilai"], strict=True))
    before = (value["2020-05-19"] - value["2020-05-05"]) / 14
    rush = (value["2020-05-29"] - value["2020-05-19"]) / 10
    assert forecast.LONJAKAN_SP2020.atas == pytest.approx(rush / before, rel=0.01)
    assert forecast.LONJAKAN_SP2020.tengah == pytest.approx((rush / before) ** 0.5, rel=0.01)


@pytest.mark.parametrize("day", [date(2020, 2, 16), date(2020, 2, 21), date(2020, 2, 27)])
def test_under_two_weeks_of_data_is_too_early_and_holds_no_forecast(day):
    harian = linear({"33.16.01": 50})
    result = forecast.perkiraan(harian, day, SELESAI, 22.9, "kabupaten").row(0, named=True)
    assert result["terlalu_dini"] is True
    # too early: no figure, no range, no status, no day the target is reached; what is known stays
    assert [result[k] for k in ("persen_akhir", "bawah", "atas", "status", "tanggal_target")] == [None] * 5
    assert result["persen_kini"] > 0 and result["laju"] == 50
    later = forecast.perkiraan(harian, date(2020, 2, 28), SELESAI, 22.9, "kabupaten").row(0, named=True)
    assert later["terlalu_dini"] is False


def test_flags_follow_the_interval():
    harian = linear({"33.16.01": 50, "33.16.02": 20, "33.16.03": 0})
    result = {
        r["kode"]: r for r in forecast.perkiraan(harian, date(2020, 3, 10), SELESAI, 22.9, "kecamatan").to_dicts()
    }
    assert result["33.16.01"]["status"] == forecast.SESUAI  # 23 % expected
    assert result["33.16.02"]["status"] == forecast.MELESET  # 9.2 %
    assert result["33.16.03"]["tanggal_target"] is None  # nothing comes in: never


def test_no_day_after_the_as_of_day_is_used():
    harian = linear({"33.16.01": 50})
    changed = harian.with_columns(
        penduduk_baru=pl.when(pl.col("tanggal") > date(2020, 3, 10)).then(999).otherwise(pl.col("penduduk_baru"))
    )
    before = forecast.perkiraan(harian, date(2020, 3, 10), SELESAI, 22.9, "kabupaten")
    after = forecast.perkiraan(changed, date(2020, 3, 10), SELESAI, 22.9, "kabupaten")
    assert before.equals(after)


def test_weekday_pattern_is_found():
    weekend = [0.6 if d.weekday() >= 5 else 1.0 for d in DAYS]
    factors = forecast.pola_hari(np.array([100 * w for w in weekend]), DAYS)
    assert factors.mean() == pytest.approx(1)
    assert factors[5] == pytest.approx(factors[6]) and factors[5] / factors[0] == pytest.approx(0.6, rel=0.01)


@pytest.fixture(scope="module")
def demo_harian(demo_store):
    return reports.rencana_harian(database.connect_reader(demo_store), scope=KABUPATEN)


def test_backtest_on_the_demo(demo_harian):
    """Forecasts from every cut-off after two weeks, against what then happened on the demo (31 Mar as of)."""
    summary = {
        tingkat: forecast.mae(forecast.backtest(demo_harian, SELESAI, tingkat, selesai=SELESAI)).rows_by_key(
            "horizon", named=True
        )
        for tingkat in ("kabupaten", "kecamatan", "desa")
    }
    kabupaten = summary["kabupaten"]
    # 26 forecasts 7 days ahead (cut-offs 28 Feb – 24 Mar) and 19 for 14 days ahead
    assert kabupaten[7][0]["jumlah"] == 26 and kabupaten[14][0]["jumlah"] == 19
    # measured: 0.15 and 0.27 pp for the kabupaten; the deadline rush of the last week makes most of it
    assert kabupaten[7][0]["mae"] < 0.3
    assert kabupaten[14][0]["mae"] < 0.5
    for tingkat in summary:
        assert summary[tingkat][7][0]["mae"] < summary[tingkat][14][0]["mae"]
        # the 80 % interval holds the outcome in most of the forecasts (measured 72–85 %)
        assert summary[tingkat][7][0]["cakupan"] > 0.6
    # far better than assuming nothing more comes in (the rate frozen at the cut-off day)
    uji = forecast.backtest(demo_harian, SELESAI, "kecamatan", horizons=(14,), selesai=SELESAI)
    s = forecast.seri(demo_harian, "kecamatan", "penduduk")
    day, area = {d: i for i, d in enumerate(s.hari)}, {k: i for i, k in enumerate(s.kode)}
    frozen = [
        abs(100 * s.kumulatif[area[kode], day[potong]] / s.target[area[kode]] - aktual)
        for kode, potong, aktual in uji.select("kode", "potong", "aktual").rows()
    ]
    assert summary["kecamatan"][14][0]["mae"] < np.mean(frozen) / 3


@pytest.mark.parametrize("tingkat", ["kabupaten", "kecamatan"])
def test_the_80_percent_range_holds_the_final_value_in_most_daily_forecasts_on_the_demo(demo_harian, tingkat):
    """Forecasts made on every day from 1 to 24 Mar for 31 Mar: the demo's rush must fall inside the range."""
    result = forecast.cakupan_akhir(
        demo_harian, SELESAI, tingkat, dari=date(2020, 3, 1), sampai_potong=date(2020, 3, 24), selesai=SELESAI
    )
    areas = 1 if tingkat == "kabupaten" else 16
    assert result["jumlah"] == 24 * areas
    # honest: a nominal 80 % range holds 75–90 % of the outcomes (measured 83 % and 80 %; before the rush was
    # modelled 46 % and 38 %; with the rush as an 80 % range and misses widened from 2-day horizons 100 % and
    # 98.7 %, the range 57 % of the value wide)
    assert 0.75 <= result["cakupan"] <= 0.90
    # and sharp: the median range is under half the value reached (measured 45 % and 43 %)
    assert result["lebar"] < 0.50


def test_a_forecast_in_the_rush_is_no_longer_short_of_the_demo_final(demo_harian):
    """At 24 Mar the demo stood at 4.28 %, ended at 6.03 %; the old range stopped at 5.5 %."""
    result = forecast.perkiraan(demo_harian, date(2020, 3, 24), SELESAI, 22.9, "kabupaten").row(0, named=True)
    final = forecast.perkiraan(demo_harian, SELESAI, SELESAI, 22.9, "kabupaten")["persen_kini"].item()
    assert result["bawah"] < final < result["atas"]
    assert result["atas"] - result["bawah"] < 3.0  # honest, not boundless


def test_coverage_without_forecasts_to_check_says_none(demo_harian):
    result = forecast.cakupan_akhir(demo_harian, date(2020, 2, 20), "kabupaten", selesai=SELESAI)
    assert result["cakupan"] is None and result["jumlah"] == 0


def test_the_daily_message_says_too_early_then_gives_a_range_that_is_not_zero_wide(demo_store):
    from sensus.analysis import daily_message

    con = database.connect_reader(demo_store)
    cfg = config.read()
    early = daily_message.pesan_harian(con, date(2020, 2, 21), cfg=cfg)
    assert "Perkiraan 31 Mar: *terlalu dini* (data kurang dari dua minggu)" in early.splitlines()
    assert "rentang" not in early and "Dengan laju sekarang" not in early
    assert "*too early*" in daily_message.pesan_harian(con, date(2020, 2, 16), "en", cfg=cfg)
    line = next(
        x for x in daily_message.pesan_harian(con, date(2020, 3, 10), cfg=cfg).splitlines() if x.startswith("Perkiraan")
    )
    # "Perkiraan 31 Mar: *5,7 %* (4,3–8,4 %), …": the range is wider than a point and holds the 6,03 % reached
    low, high = line.split("(")[1].split(")")[0].replace(" %", "").split("–")
    low, high = float(low.replace(",", ".")), float(high.replace(",", "."))
    assert low < 6.03 < high


def test_the_forecast_does_not_load_statsmodels():
    """statsmodels (and scipy with it) would cost the dashboard's server about 64 MB for a weekday pattern."""
    import subprocess
    import sys

    code = (
        "import sys; from datetime import date, timedelta; import numpy as np; from sensus.analysis import forecast;"
        "days = [date(2020, 2, 15) + timedelta(days=d) for d in range(46)];"
        "f = forecast.pola_hari(np.array([100.0 - 40 * (d.weekday() >= 5) for d in days]), days);"
        "assert abs(f[5] / f[0] - 0.6) < 0.01; print('statsmodels' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
