"""One forecast per area and day, whoever asks (issue 19): the camat's card, the planner's table and the message
read the same numbers; "too early" holds no figure anywhere; after the window's last day, results; and a range
whose nominal 80 % holds about 80 % of the outcomes."""

import json
from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from sensus.analysis import daily_message, forecast
from sensus.app.charts import base as base_charts
from sensus.core import config, i18n
from sensus.core.scope import KABUPATEN, Scope
from sensus.store import database, reports
from tests import fixtures
from tests.apptest import open_dashboard, open_tab

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

CEPU = "33.16.05"
SELESAI = date(2020, 3, 31)
TARGET = 22.9
TAB_PERKIRAAN, TAB_PESAN = 2, 4


@pytest.fixture(scope="module")
def store(demo_store, tmp_path_factory):
    # the pages sign viewers in (users file, audit): on a copy, the shared demo store stays untouched
    return fixtures.copy_store(demo_store, tmp_path_factory.mktemp("forecast_one"))


@pytest.fixture(scope="module")
def harian(store):
    return reports.rencana_harian(database.connect_reader(store), scope=KABUPATEN)


def _cepu_row(frame: pl.DataFrame) -> dict:
    return frame.filter(pl.col("kode") == CEPU).row(0, named=True)


def test_a_kecamatan_forecast_is_the_same_from_the_kabupaten_and_from_its_own_villages(harian):
    """The camat's view holds Cepu's villages only; its model still learns from the whole kabupaten."""
    day = date(2020, 3, 10)
    planner = _cepu_row(forecast.perkiraan(harian, day, SELESAI, TARGET, "kecamatan"))
    own = harian.filter(pl.col("kode_kec") == CEPU)
    camat = forecast.utama(own, day, SELESAI, TARGET, "penduduk", CEPU, dasar=harian)
    assert camat == planner
    # the village table too: a village's row does not depend on which villages were asked for
    villages = forecast.perkiraan(harian, day, SELESAI, TARGET, "desa").filter(pl.col("kode").str.starts_with(CEPU))
    assert forecast.perkiraan(own, day, SELESAI, TARGET, "desa", dasar=harian).equals(villages)


def test_the_message_of_a_camat_gives_the_forecast_of_the_kecamatan_table(store, harian):
    day = date(2020, 3, 10)
    row = _cepu_row(forecast.perkiraan(harian, day, SELESAI, TARGET, "kecamatan"))
    text = daily_message.pesan_harian(database.connect_reader(store), day, scope=Scope(CEPU), cfg=config.read())
    expected = f"*{i18n.persen(row['persen_akhir'], 'id', 1)}* ({i18n.angka(row['bawah'], 'id', 1)}–"
    assert expected + f"{i18n.persen(row['atas'], 'id', 1)})" in text


def _forecast_table(app) -> pl.DataFrame:
    return pl.from_pandas(app.dataframe[0].value)


def test_the_camat_card_the_planner_table_and_the_message_agree(monkeypatch, store):
    """10 Mar: the camat of Cepu saw "10,6 % (7,2–25,3 %) berisiko" where the planner's table said Cepu "10,64 %
    (8,14–15,68 %) meleset"."""
    day = "2020-03-10"
    planner = open_tab(open_dashboard(monkeypatch, store, page="sosialisasi", role="perencana", tanggal=day), 2)
    row = _cepu_row(_forecast_table(planner))
    camat = open_dashboard(monkeypatch, store, page="sosialisasi", role="camat", kecamatan=CEPU, tanggal=day)
    assert not camat.exception
    card = next(m for m in camat.metric if m.label == "Perkiraan 31 Mar")
    assert card.value == i18n.persen(row["persen_akhir"], "id", 1)
    low, high = (i18n.persen(row[k], "id", 1) for k in ("bawah", "atas"))
    assert any(c.value.startswith(f"Rentang {low} – {high}; target 22,9 %.") for c in camat.caption)
    # the camat's own table row is the planner's, to the last digit
    assert _cepu_row(_forecast_table(open_tab(camat, TAB_PERKIRAAN))) == row
    # the chart's forecast line ends on the card's figure
    spec = json.loads(open_tab(camat, TAB_PERKIRAAN).get("plotly_chart")[0].proto.spec)
    # (the demo store's "DATA SIMULASI" watermark is an annotation too, named apart)
    labels = [a["text"] for a in spec["layout"]["annotations"] if a.get("name") != base_charts.SIMULASI]
    assert labels == [card.value]
    message = open_tab(camat, TAB_PESAN).code[0].value
    assert f"*{card.value}* ({i18n.angka(row['bawah'], 'id', 1)}–{high})" in message
    assert f"*{row['status']}*" in message


def _trace_names(app) -> list[str]:
    spec = json.loads(app.get("plotly_chart")[0].proto.spec)
    return [trace.get("name") for trace in spec["data"]]


@pytest.mark.parametrize("role", ["pimpinan", "camat"])
@pytest.mark.parametrize("day", ["2020-02-16", "2020-02-21"])
def test_too_early_means_no_forecast_and_no_status_anywhere(monkeypatch, store, role, day):
    """At 16 and 21 Feb the card said "terlalu dini" while the tab drew a forecast and rated every kecamatan."""
    kecamatan = CEPU if role == "camat" else None
    app = open_dashboard(monkeypatch, store, page="sosialisasi", role=role, kecamatan=kecamatan, tanggal=day)
    assert not app.exception
    assert any(i.value.startswith("Terlalu dini untuk perkiraan") for i in app.info)
    assert not [m for m in app.metric if m.label.startswith("Perkiraan")]
    tab = open_tab(app, TAB_PERKIRAAN)
    assert any(i.value.startswith("Terlalu dini untuk perkiraan") for i in tab.info)
    assert not tab.dataframe  # no table of forecasts, statuses or target days
    names = _trace_names(tab)
    assert "Rentang 80 %" not in names and not any(str(n).startswith("Perkiraan") for n in names)
    message = open_tab(app, TAB_PESAN).code[0].value
    assert "*terlalu dini*" in message
    assert "Dengan laju sekarang" not in message and "sesuai jalur" not in message and "meleset" not in message


@pytest.mark.parametrize("role", ["pimpinan", "camat"])
def test_after_the_window_results_not_forecasts(monkeypatch, store, role):
    """At 31 Mar the table showed forecast = low = high and "target tercapai 21 Apr 2020 · meleset"."""
    kecamatan = CEPU if role == "camat" else None
    app = open_dashboard(monkeypatch, store, page="sosialisasi", role=role, kecamatan=kecamatan, tanggal="2020-03-31")
    assert not app.exception
    card = next(m for m in app.metric if m.label == "Capaian 31 Mar")
    tab = open_tab(app, TAB_PERKIRAAN)
    table = _forecast_table(tab)
    assert not {"bawah", "atas", "laju", "persen_kini"} & set(table.columns)
    assert set(table["status"]) <= {"target tercapai", "target tidak tercapai"}
    reached = table["tanggal_target"].drop_nulls()
    assert reached.is_empty() or reached.max() <= SELESAI
    # a kecamatan's line is what it reached: the card of the camat is its row
    if role == "camat":
        assert card.value == i18n.persen(_cepu_row(table)["persen_akhir"], "id", 1)
    names = _trace_names(tab)
    assert "Rentang 80 %" not in names and not any(str(n).startswith("Perkiraan") for n in names)
    message = open_tab(app, TAB_PESAN).code[0].value
    assert "Perkiraan" not in message and "Dengan laju sekarang" not in message
    assert f"Capaian 31 Mar: *{card.value}*, target 22,9 %: *{card.delta}*" in message.splitlines()


def test_the_forecast_tab_says_what_the_range_means_with_the_backtest_figure(monkeypatch, store, harian):
    app = open_tab(open_dashboard(monkeypatch, store, page="sosialisasi", tanggal="2020-03-20"), TAB_PERKIRAAN)
    uji = forecast.backtest(harian, date(2020, 3, 20), "kabupaten", selesai=SELESAI)
    share = i18n.persen(100 * forecast.cakupan(uji), "id", 0)
    sentence = (
        "Rentang 80 % berarti 8 dari 10 perkiraan semestinya memuat nilai yang kemudian tercapai; dalam uji "
        f"ulang pada data ini, rentang memuatnya pada {share} dari {uji.height} perkiraan (kabupaten, 7 dan 14 "
        "hari ke depan)."
    )
    assert sentence in [c.value for c in app.caption]
    english = open_tab(
        open_dashboard(monkeypatch, store, page="sosialisasi", tanggal="2020-03-20", bahasa="en"), TAB_PERKIRAAN
    )
    assert any(c.value.startswith("An 80% range means 8 in 10 forecasts") for c in english.caption)


def _simulated(rng: np.random.Generator, areas: int = 16, days: int = 46) -> pl.DataFrame:
    """Areas whose daily pace walks randomly (log steps of 4 % a day), counts drawn around it: the truth is known."""
    start = date(2020, 2, 15)
    pace = 40 * np.exp(np.cumsum(rng.normal(0, 0.04, (areas, days)), axis=1))
    baru = rng.poisson(pace)
    rows = []
    for a in range(areas):
        kode = f"33.16.{a + 1:02d}"
        cumulative = np.cumsum(baru[a])
        for d in range(days):
            n, c = int(baru[a, d]), int(cumulative[d])
            rows.append((f"{kode}.2001", "Desa", kode, "Kec", start + timedelta(days=d), n, n, c, c, 20_000, 20_000))
    columns = ["kode_desa", "nama_desa", "kode_kec", "nama_kec", "tanggal", "kk_baru", "penduduk_baru"]
    columns += ["kk_respon", "penduduk_respon", "kk_target", "penduduk_target"]
    return pl.DataFrame(rows, schema=columns, orient="row")


def test_the_80_percent_range_holds_about_80_percent_of_simulated_outcomes():
    """Forecasts made on 10 Mar for 31 Mar, no deadline rush, over many simulated kabupaten: the range is
    honest (70–90 % inside), neither boundless nor a point."""
    rng = np.random.default_rng(19)
    inside, widths = [], []
    for _ in range(30):
        harian = _simulated(rng)
        made = forecast.perkiraan(
            harian, date(2020, 3, 10), SELESAI, TARGET, "kecamatan", lonjakan=forecast.TANPA_LONJAKAN
        )
        final = forecast.perkiraan(harian, SELESAI, SELESAI, TARGET, "kecamatan")
        both = made.join(final.select("kode", pl.col("persen_akhir").alias("akhir")), on="kode")
        inside += both.select(pl.col("akhir").is_between("bawah", "atas")).to_series().to_list()
        widths += both.select((pl.col("atas") - pl.col("bawah")) / pl.col("akhir")).to_series().to_list()
    assert 0.70 <= np.mean(inside) <= 0.90
    assert 0.02 < np.median(widths) < 0.5


def test_on_the_last_day_a_result_says_what_was_reached_and_when_the_target_was():
    """Two kecamatan gaining 50 and 20 persons of 10,000 a day: at 31 Mar 23 % (the target reached that very day)
    and 9.2 % (not reached), with no range and no forecast status."""
    from tests.helpers.forecast import linear

    rows = {
        r["kode"]: r
        for r in forecast.perkiraan(
            linear({"33.16.01": 50, "33.16.02": 20}), SELESAI, SELESAI, TARGET, "kecamatan"
        ).to_dicts()
    }
    assert rows["33.16.01"]["hasil"] and rows["33.16.01"]["persen_akhir"] == pytest.approx(23.0)
    assert (rows["33.16.01"]["status"], rows["33.16.01"]["tanggal_target"]) == (forecast.TERCAPAI, SELESAI)
    assert (rows["33.16.02"]["status"], rows["33.16.02"]["tanggal_target"]) == (forecast.TIDAK_TERCAPAI, None)
    assert rows["33.16.02"]["persen_akhir"] == pytest.approx(9.2)
    assert all(r["bawah"] is None and r["atas"] is None for r in rows.values())


@pytest.mark.parametrize("day", [date(2020, 3, 1), date(2020, 3, 10), date(2020, 3, 24)])
def test_every_village_range_holds_its_forecast_and_a_quiet_village_may_pick_up(harian, day):
    """The range is never upside down (a village's high end fell under its low end) and a village quiet for a
    week keeps room for its best recent week."""
    rows = forecast.perkiraan(harian, day, SELESAI, TARGET, "desa").filter(pl.col("persen_akhir").is_not_null())
    assert rows.filter(~pl.col("persen_akhir").is_between("bawah", "atas")).is_empty()
    assert rows.filter(pl.col("bawah") < pl.col("persen_kini") - 1e-9).is_empty()
    quiet = rows.filter(pl.col("laju") == 0)
    s = forecast.seri(harian.filter(pl.col("tanggal") <= day), "desa")
    recent = dict(zip(s.kode, s.baru[:, -21:].sum(axis=1) > 0, strict=True))
    assert quiet.filter(pl.col("kode").replace_strict(recent) & (pl.col("atas") <= pl.col("persen_kini"))).is_empty()
