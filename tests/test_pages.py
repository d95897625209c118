"""The kecamatan, desa and data pages under AppTest on the tiny store: no traceback, and the report's figures.

Every page is opened through dashboard.py (the frame: sidebar, language, measure, date), with and without
query parameters, bad ones included; figures are compared with sensus.reports for the same day and scope.
"""

from datetime import date

import polars as pl
import pytest

from sensus.analysis import headline
from sensus.core import config, i18n
from sensus.ingest import importer
from sensus.store import database
from tests import fixtures
from tests.apptest import Counted, metrics, open_dashboard
from tests.helpers.elements import dataframe, plotly_spec

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

CFG = config.read()


@pytest.fixture(scope="module")
def con(fixture_store):
    return database.connect_reader(fixture_store[0])


@pytest.fixture(scope="module")
def counted(fixture_store) -> Counted:
    return Counted(fixture_store[1])


@pytest.fixture(scope="module")
def as_of(counted) -> date:
    """The default as-of day: the last day with a new household, within the window."""
    return counted.last_day()


def warnings(app) -> str:
    return " ".join(w.value for w in app.warning)


def infos(app) -> str:
    return " ".join(i.value for i in app.info)


def empty_store(path) -> None:
    """A store with the reference areas and nothing else: no targets, no submissions, no events."""
    with database.open_writer(path, CFG):
        pass


# ---- kecamatan ----------------------------------------------------------------------------------------


def test_kecamatan_opens_on_the_first_kecamatan_with_the_reports_figures(
    monkeypatch, fixture_store, con, as_of, counted
):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan")
    assert not app.exception
    assert app.selectbox(key="kec").value == "33.16.01"
    assert app.query_params["kec"] == "33.16.01"
    assert app.title[0].value == "Kecamatan Jati"
    kec = counted.area(as_of, "33.16.01")
    shown = metrics(app)
    assert shown["Respon penduduk"] == i18n.persen(kec["persen_penduduk"], "id", 2)
    assert shown["Respon rumah tangga"] == i18n.persen(kec["persen_kk"], "id", 2)
    assert shown["Rumah tangga respon"] == i18n.angka(kec["kk_respon"], "id")
    assert shown["Rumah tangga clean"] == i18n.angka(kec["kk_clean"], "id")
    assert shown["Rumah tangga belum respon"] == i18n.angka(kec["kk_target"] - kec["kk_respon"], "id")


def test_kecamatan_village_table_holds_the_reports_villages(monkeypatch, fixture_store, con, as_of, counted):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", kec="33.16.05")
    assert not app.exception
    table = pl.from_pandas(dataframe(app, "kode", "nama", "persen_penduduk", "sisa_kk"))
    expected = counted.desa(as_of, "33.16.05")
    assert sorted(table["kode"]) == sorted(expected["kode"])
    joined = table.join(expected, on="kode", suffix="_report")
    assert (joined["penduduk_respon"] == joined["penduduk_respon_report"]).all()
    # ranked: the best rate first, villages without a target last
    rates = table["persen_penduduk"].drop_nulls().to_list()
    assert rates == sorted(rates, reverse=True)
    assert table["persen_penduduk"].is_null().sum() == expected["persen_penduduk"].is_null().sum()


@pytest.mark.parametrize("link", ["33.16.05", "331605"])
def test_kecamatan_from_the_link_dotted_or_not(monkeypatch, fixture_store, con, as_of, link, counted):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", kec=link)
    assert not app.exception
    assert not app.warning
    assert app.selectbox(key="kec").value == "33.16.05"
    assert app.query_params["kec"] == "33.16.05"  # the link is rewritten dotted, as a code, not a name
    kec = counted.area(as_of, "33.16.05")
    assert metrics(app)["Rumah tangga respon"] == i18n.angka(kec["kk_respon"], "id")


def test_kecamatan_in_english_on_another_date_and_measure(monkeypatch, fixture_store, con, counted):
    day = date(2020, 3, 1)
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", kec="33.16.05", tanggal="2020-03-01", bahasa="en")
    assert not app.exception
    assert app.title[0].value == "Cepu district"
    kec = counted.area(day, "33.16.05")
    kab = counted.area(day)
    shown = metrics(app)
    assert shown["Persons responded"] == i18n.persen(kec["persen_penduduk"], "en", 2)
    assert shown["Responding households"] == i18n.angka(kec["kk_respon"], "en")
    gap = next(m for m in app.metric if m.label == "Persons responded").delta
    assert gap.endswith(i18n.angka(abs(kec["persen_penduduk"] - kab["persen_penduduk"]), "en", 2) + " pp")


@pytest.mark.parametrize("bad", ["9999", "33.16.99", "abc", "33.16.05.1014", "33.17.01"])
def test_kecamatan_a_bad_code_in_the_link_gets_a_message_not_a_traceback(monkeypatch, fixture_store, bad):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", kec=bad)
    assert not app.exception
    assert bad in warnings(app)
    assert app.selectbox(key="kec").value == "33.16.01"  # the page still shows, on the first kecamatan
    assert metrics(app)


def test_kecamatan_picker_changes_the_page_and_the_link(monkeypatch, fixture_store, con, as_of, counted):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan")
    app.selectbox(key="kec").set_value("33.16.05").run()
    assert not app.exception
    assert app.title[0].value == "Kecamatan Cepu"
    assert app.query_params["kec"] == "33.16.05"
    kec = counted.area(as_of, "33.16.05")
    assert metrics(app)["Rumah tangga respon"] == i18n.angka(kec["kk_respon"], "id")


def stalled(con, kode_kec: str, day: date, days: int) -> int:
    """Villages without a new household in (day - days, day], counted from the daily table directly."""
    daily = database.run_sql(con, "reports/harian_desa", kode_kec=kode_kec)
    # the window's first days cannot make a village stalled: it had no chance yet
    if (day - CFG.mulai).days + 1 < days:
        return 0
    recent = daily.filter((pl.col("tanggal") <= day) & (pl.col("tanggal") > date.fromordinal(day.toordinal() - days)))
    active = recent.group_by("kode").agg(pl.col("kk_baru").sum()).filter(pl.col("kk_baru") > 0).height
    return daily["kode"].n_unique() - active


@pytest.mark.parametrize("days", [1, 3, 10])
def test_kecamatan_stalled_villages_follow_the_number_of_days(monkeypatch, fixture_store, con, as_of, days, counted):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", kec="33.16.01")
    app.number_input(key="hari_macet").set_value(days).run()
    assert not app.exception
    total = counted.desa(as_of, "33.16.01").height
    assert metrics(app)["Desa tanpa KK baru"] == f"{stalled(con, '33.16.01', as_of, days)} dari {total}"
    listed = dataframe(app, "hari_respon_terakhir", "hari_tanpa_respon")
    assert (0 if listed is None else len(listed)) == stalled(con, "33.16.01", as_of, days)


def test_kecamatan_heatmap_shows_the_daily_new_responses(monkeypatch, fixture_store, con, as_of):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", kec="33.16.05", ukuran="kk")
    assert not app.exception
    (trace,) = plotly_spec(app, "heatmap_desa")["data"]
    daily = database.run_sql(con, "reports/harian_desa", kode_kec="33.16.05").filter(pl.col("tanggal") <= as_of)
    assert sum(map(sum, trace["z"])) == daily["kk_baru"].sum()
    assert len(trace["y"]) == daily["kode"].n_unique()


def test_kecamatan_without_responses_says_so(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", kec="33.16.02")
    assert not app.exception
    assert "Belum ada respon di kecamatan ini" in infos(app)


def test_kecamatan_events_are_listed(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", kec="33.16.01")
    events = dataframe(app, "keterangan", "label_wilayah")
    assert list(events["keterangan"]) == ["Rakor camat Jati"]
    assert list(events["label_wilayah"]) == ["Kec. Jati"]


# ---- desa ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("link", ["3316051014", "33.16.05.1014"])
def test_desa_from_the_link_with_the_reports_figures(monkeypatch, fixture_store, con, as_of, link, counted):
    app = open_dashboard(monkeypatch, fixture_store[0], "desa", desa=link)
    assert not app.exception
    assert not app.warning
    assert app.selectbox(key="desa_kec").value == "33.16.05"
    assert app.selectbox(key="desa").value == "33.16.05.1014"
    assert app.query_params["desa"] == "33.16.05.1014"
    assert app.title[0].value == "Kelurahan Cepu"
    desa = counted.desa(as_of, "33.16.05").filter(pl.col("kode") == "33.16.05.1014").row(0, named=True)
    shown = metrics(app)
    assert shown["Respon penduduk"] == i18n.persen(desa["persen_penduduk"], "id", 2)
    assert shown["Rumah tangga respon"] == i18n.angka(desa["kk_respon"], "id")
    assert shown["Rumah tangga clean"] == i18n.angka(desa["kk_clean"], "id")
    assert shown["Rumah tangga belum respon"] == i18n.angka(desa["kk_target"] - desa["kk_respon"], "id")


def test_desa_households_measure_and_daily_table(monkeypatch, fixture_store, con, as_of, counted):
    app = open_dashboard(monkeypatch, fixture_store[0], "desa", desa="33.16.01.2001", ukuran="kk")
    assert not app.exception
    desa = counted.desa(as_of, "33.16.01").filter(pl.col("kode") == "33.16.01.2001").row(0, named=True)
    assert metrics(app)["Respon rumah tangga"] == i18n.persen(desa["persen_kk"], "id", 2)
    daily = dataframe(app, "tanggal", "kk_baru", "kk_respon")
    assert int(daily["kk_baru"].sum()) == desa["kk_respon"]
    assert int(daily["kk_respon"].iloc[-1]) == desa["kk_respon"]


def test_desa_without_a_link_opens_a_village_and_follows_the_kecamatan_picker(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], "desa")
    assert not app.exception
    assert app.selectbox(key="desa").value.startswith("33.16.01.")
    app.selectbox(key="desa_kec").set_value("33.16.05").run()
    assert not app.exception
    village = app.selectbox(key="desa").value
    assert village.startswith("33.16.05.")
    assert app.query_params["desa"] == village


def test_desa_page_opens_on_a_kecamatan_from_the_link(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], "desa", kec="33.16.05")
    assert not app.exception
    assert app.selectbox(key="desa").value.startswith("33.16.05.")


@pytest.mark.parametrize("bad", ["33.16.01.9999", "3316999999", "33.16.05", "desa-ku", "33.17.01.2001"])
def test_desa_a_bad_code_in_the_link_gets_a_message_not_a_traceback(monkeypatch, fixture_store, bad):
    app = open_dashboard(monkeypatch, fixture_store[0], "desa", desa=bad)
    assert not app.exception
    assert bad in warnings(app)
    assert metrics(app)


# ---- data ----------------------------------------------------------------------------------------------


def test_data_page_shows_imports_rejects_and_freshness(monkeypatch, fixture_store, con, counted):
    app = open_dashboard(monkeypatch, fixture_store[0], "data")
    assert not app.exception
    desa_bertarget, jumlah_desa = fixtures.TARGETS.height, len(counted.desa_codes)
    shown = metrics(app)
    assert shown["Hari terakhir ada respon"] == i18n.tanggal(counted.last_day(), "id")
    assert shown["Desa/kelurahan bertarget"] == f"{desa_bertarget} dari {jumlah_desa}"
    assert not app.warning  # the default date is the last day with data: nothing stale

    history = dataframe(app, "berkas", "waktu_impor")
    assert len(history) == 4
    assert set(history["jenis"]) == {"submisi", "target", "kegiatan"}
    assert history["berkas"].iloc[0] == "export_2020-04-03.csv"  # newest first

    rejected = dataframe(app, "berkas", "baris", "alasan")
    stored = con.sql("select count(*) from baris_ditolak").fetchall()[0][0]
    assert len(rejected) == stored == 3  # the three broken rows of export_1; every fixture event is valid
    # reasons in the reader's language, not as codes
    assert "waktu_submit tidak terbaca" in set(rejected["alasan"])
    assert "waktu_submit_tidak_terbaca" not in set(rejected["alasan"])

    no_target = dataframe(app, "nama_kec", "jumlah_submisi")
    assert len(no_target) == jumlah_desa - desa_bertarget
    no_submission = dataframe(app, "nama_kec", "kk_target")
    with_submissions = counted.submissions["kode_desa"].n_unique()
    assert len(no_submission) == jumlah_desa - with_submissions


def test_data_page_filters_rejected_rows_by_reason_and_file(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], "data", bahasa="en")
    app.multiselect(key="saring_alasan").set_value(["jumlah_art_bukan_angka"]).run()
    assert not app.exception
    rejected = dataframe(app, "berkas", "baris", "alasan")
    assert list(rejected["alasan"]) == ["jumlah_art is not a number"]
    assert list(rejected["baris"]) == [99]
    app.multiselect(key="saring_alasan").set_value([]).run()
    app.multiselect(key="saring_berkas").set_value(["export_2020-03-06.csv"]).run()
    assert list(dataframe(app, "berkas", "baris", "alasan")["berkas"]) == ["export_2020-03-06.csv"] * 3


def test_data_page_warns_when_the_data_stops_before_the_date_viewed(monkeypatch, tmp_path, fixture_store):
    _, paths = fixture_store
    path = tmp_path / "sensus.duckdb"
    importer.ingest_targets(paths["targets"], path, cfg=CFG)
    importer.load_submissions(paths["export_1"], path, cfg=CFG)  # runs to 6 March
    last = Counted(paths, exports=("export_1",)).last_day()
    app = open_dashboard(monkeypatch, path, "data", tanggal="2020-03-20")
    assert not app.exception
    assert i18n.tanggal(last, "id") in warnings(app)
    fresh = open_dashboard(monkeypatch, path, "data", tanggal=last.isoformat())
    assert not fresh.warning


# ---- empty states and a camat's bound deployment --------------------------------------------------------------


@pytest.mark.parametrize("page", ["kecamatan", "desa", "data"])
def test_an_empty_store_says_what_to_do(monkeypatch, tmp_path, page):
    empty_store(tmp_path / "sensus.duckdb")
    app = open_dashboard(monkeypatch, tmp_path / "sensus.duckdb", page)
    assert not app.exception
    assert "python -m sensus ingest" in infos(app)


@pytest.mark.parametrize("page", ["kecamatan", "desa"])
def test_submissions_without_targets_say_so(monkeypatch, tmp_path, fixture_store, page):
    _, paths = fixture_store
    importer.load_submissions(paths["export_1"], tmp_path / "sensus.duckdb", cfg=CFG)
    app = open_dashboard(monkeypatch, tmp_path / "sensus.duckdb", page)
    assert not app.exception
    assert "target" in infos(app)
    assert metrics(app)["Respon penduduk"] == "–"


def test_a_camat_sees_only_the_bound_kecamatan(monkeypatch, fixture_store, con, as_of, counted):
    monkeypatch.setenv("PANTAU_KECAMATAN", "33.16.05")
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", kec="33.16.01")
    assert not app.exception
    assert "33.16.01" in warnings(app)
    assert app.selectbox(key="kec").options == ["Cepu"]
    kec = counted.area(as_of, "33.16.05")
    assert metrics(app)["Rumah tangga respon"] == i18n.angka(kec["kk_respon"], "id")

    desa = open_dashboard(monkeypatch, fixture_store[0], "desa", desa="33.16.01.2001")
    assert not desa.exception
    assert "33.16.01.2001" in warnings(desa)
    assert desa.selectbox(key="desa").value.startswith("33.16.05.")

    data = open_dashboard(monkeypatch, fixture_store[0], "data")
    assert not data.exception
    # the fixture's rejected rows lie in Jati or outside Blora: none of them is Cepu's
    assert dataframe(data, "berkas", "baris", "alasan") is None


# ---- the rakor list ---------------------------------------------------------------------------------------


def test_daftar_desa_adds_the_weeks_change_what_is_left_and_the_stalled_flag():
    now = pl.DataFrame(
        {
            "kode": ["a", "b", "c"],
            "nama": ["A", "B", "C"],
            "kk_target": [100, 50, None],
            "penduduk_target": [400, 200, None],
            "kk_respon": [30, 60, 4],
            "penduduk_respon": [120, 210, 12],
            "kk_clean": [10, 20, 0],
            "persen_kk": [30.0, 120.0, None],
            "persen_penduduk": [30.0, 105.0, None],
        }
    )
    before = now.with_columns(persen_kk=pl.lit(20.0), persen_penduduk=pl.lit(25.0))
    activity = pl.DataFrame(
        {
            "kode": ["a", "b", "c"],
            "hari_respon_terakhir": [date(2020, 3, 9), date(2020, 3, 5), None],
            "hari_tanpa_respon": [1, 5, 25],
            "kk_baru_7_hari": [4, 1, 0],
            "penduduk_baru_7_hari": [12, 3, 0],
        }
    )
    table = headline.daftar_desa(now, before, activity, hari_macet=5)
    assert table["naik_7_hari_kk"].to_list()[:2] == [10.0, 100.0]
    assert table["sisa_kk"].to_list() == [70, 0, None]  # more responses than target leaves 0, not -10
    assert table["sisa_penduduk"].to_list() == [280, 0, None]
    assert table["is_macet"].to_list() == [False, True, True]
    assert table.height == 3


def test_the_private_streamlit_flag_the_frame_guard_resets_still_exists():
    """sensus.app.frame relies on PagesManager.uses_pages_directory (no public switch): an upgrade that drops
    or renames it must fail here, not on the first deep link after a server start."""
    from streamlit.runtime.pages_manager import PagesManager

    assert isinstance(PagesManager.uses_pages_directory, (bool, type(None)))


def test_no_page_file_is_over_60_lines():
    from pathlib import Path

    pages = sorted((Path(__file__).resolve().parent.parent / "pages").glob("*.py"))
    assert pages
    assert {p.name: len(p.read_text().splitlines()) for p in pages if len(p.read_text().splitlines()) > 60} == {}


def test_kecamatan_opened_after_the_overview_draws_its_map(monkeypatch, fixture_store):
    # both pages have a map-colouring control: after the overview, the kecamatan page failed with
    # "unknown map mode None" (the overview's control shared its widget key)
    app = open_dashboard(monkeypatch, fixture_store[0])
    assert not app.exception
    app.switch_page("pages/kecamatan.py").run()
    assert not app.exception
    assert plotly_spec(app, "peta_desa")["data"][0]["type"] == "choroplethmap"


# ---- settings held in the URL (issue 19: "?peta=None" crashed a page) ---------------------------------------------


@pytest.mark.parametrize("page", [None, "kecamatan"])
@pytest.mark.parametrize(
    ("param", "bad"), [("peta", "None"), ("peta", "semua"), ("ukuran", "None"), ("bahasa", "None"), ("bahasa", "fr")]
)
def test_a_bad_setting_in_the_link_falls_back_with_a_message(monkeypatch, fixture_store, page, param, bad):
    app = open_dashboard(monkeypatch, fixture_store[0], page=page, **{param: bad})
    assert not app.exception
    assert bad in warnings(app)
    # the default is shown, and the bad value leaves the URL
    assert param not in app.query_params
    assert metrics(app)


@pytest.mark.parametrize("page", [None, "kecamatan"])
def test_a_setting_whose_widget_lost_its_value_never_becomes_none_in_the_url(monkeypatch, fixture_store, page):
    # an interrupted run left the map mode's and the measure's widgets without a value: the page crashed with
    # "unknown map mode None" and the URL held "peta=None"
    app = open_dashboard(monkeypatch, fixture_store[0], page=page, peta="jalur")
    key = "peta_ringkasan" if page is None else "peta_kecamatan"
    app.session_state[key] = None
    app.session_state["ukuran"] = None
    app.session_state["bahasa"] = None
    app.run()
    assert not app.exception
    assert "None" not in " ".join(str(value) for value in app.query_params.values())
    assert metrics(app)


def test_a_link_always_names_its_day(monkeypatch, fixture_store, as_of):
    # the day the viewer sees is in the URL even when it is the default (the last day with data): a link copied
    # then keeps showing that day after the next import
    app = open_dashboard(monkeypatch, fixture_store[0])
    assert app.query_params["tanggal"] == as_of.isoformat()
    app.switch_page("pages/kecamatan.py").run()
    assert app.query_params["tanggal"] == as_of.isoformat()


# ---- freshness on every page ---------------------------------------------------------------------------------------

PAGES_BY_ROLE = {
    "ringkasan": "pimpinan",
    "kecamatan": "pimpinan",
    "desa": "pimpinan",
    "sosialisasi": "perencana",
    "data": "operator",
    "unggah": "operator",
    "audit": "operator",
    "pengguna": "admin",
}


@pytest.mark.parametrize("bahasa", ["id", "en"])
@pytest.mark.parametrize("page", list(PAGES_BY_ROLE))
def test_every_page_says_how_fresh_the_data_is(monkeypatch, fixture_store, page, bahasa):
    store_path, paths = fixture_store
    app = open_dashboard(monkeypatch, store_path, page=page, role=PAGES_BY_ROLE[page], bahasa=bahasa)
    assert not app.exception
    with database.connect_reader(store_path) as con:
        last_import = con.sql("SELECT max(waktu_impor) FROM impor").fetchall()[0][0]
    last_day = Counted(paths).last_day()
    expected = i18n.t(
        "kesegaran_baris",
        bahasa,
        hari=i18n.tanggal(last_day, bahasa),
        impor=f"{i18n.tanggal(last_import, bahasa)} {last_import:%H:%M} WIB",
    )
    assert expected in [caption.value for caption in app.caption]


def test_the_private_streamlit_attribute_the_frame_reads_for_a_path_still_exists():
    """sensus.app.frame.requested_path reads PagesManager.intended_page_name (no public API): an upgrade that drops
    it must fail here, not bring back Streamlit's English "Page not found"."""
    from streamlit.runtime.pages_manager import PagesManager

    assert isinstance(PagesManager.intended_page_name, property)


# ---- the sign-in page ----------------------------------------------------------------------------------------------


def test_the_sign_in_page_offers_the_language_and_keeps_it_after_sign_in(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], role=None)
    assert not app.exception
    assert app.title[0].value == i18n.t("masuk_judul", "id")
    language = next(widget for widget in app.button_group if widget.key == "bahasa")
    language.set_value("en").run()
    assert app.title[0].value == i18n.t("masuk_judul", "en")
    assert app.query_params["bahasa"] == "en"


def test_signing_out_says_so_on_the_sign_in_page(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], bahasa="en")
    app.sidebar.button(key="keluar").click().run()
    assert not app.exception
    assert app.title[0].value == i18n.t("masuk_judul", "en")
    assert [notice.value for notice in app.success] == [i18n.t("keluar_berhasil", "en")]


@pytest.mark.parametrize("bahasa", ["id", "en"])
def test_a_users_page_without_users_says_so_in_the_viewers_language(monkeypatch, fixture_store, bahasa):
    """No registered user yet (the demo's one-click users are not stored): a sentence, not Streamlit's English
    "empty" grid."""
    from sensus.app.views import users as users_view

    store_path, _ = fixture_store
    # the signed-in admin is a user of the file; the page is shown the list a file of no users gives
    real_listing = users_view.listing
    monkeypatch.setattr(users_view, "listing", lambda _all, cfg: real_listing([], cfg))
    app = open_dashboard(monkeypatch, store_path, page="pengguna", role="admin", bahasa=bahasa)
    assert not app.exception
    assert [info.value for info in app.info] == [i18n.t("pengguna_belum_ada", bahasa)]
    assert not app.dataframe
