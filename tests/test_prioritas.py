"""Priority list and stalled alerts on small hand-made frames whose right answer is known."""

from datetime import date, timedelta

import polars as pl
import pytest

from sensus.analysis import priority, stalled
from sensus.app import wording

MULAI = date(2020, 2, 15)
TODAY = date(2020, 3, 10)
DAYS = [MULAI + timedelta(days=d) for d in range((TODAY - MULAI).days + 1)]


def village(kode: str, target: int, per_day, nama: str | None = None) -> list[tuple]:
    """Rows of one village: `per_day(i)` new households on day i, 3 persons each."""
    rows, total = [], 0
    for i, day in enumerate(DAYS):
        n = per_day(i)
        total += n
        rows.append(
            (kode, nama or kode, kode[:8], f"Kec {kode[6:8]}", day, n, 3 * n, total, 3 * total, target, 3 * target)
        )
    return rows


def frame(*villages) -> pl.DataFrame:
    columns = [
        "kode_desa",
        "nama_desa",
        "kode_kec",
        "nama_kec",
        "tanggal",
        "kk_baru",
        "penduduk_baru",
        "kk_respon",
        "penduduk_respon",
        "kk_target",
        "penduduk_target",
    ]
    return pl.DataFrame([row for v in villages for row in v], schema=columns, orient="row")


def events(*rows) -> pl.DataFrame:
    return pl.DataFrame(
        [(i + 1, day, "rakor", kode, kode, "", False) for i, (day, kode) in enumerate(rows)],
        schema=["kegiatan_id", "tanggal", "jenis", "kode", "nama_wilayah", "keterangan", "simulasi"],
        orient="row",
    )


# far behind: 900 of 1,000 households left, nothing for the last 10 days, no event ever
TERTINGGAL = village("33.16.01.2001", 1000, lambda i: 4 if i < 15 else 0, "Tertinggal")
# nearly done: 30 of 400 left, still coming in, a rakor in its kecamatan 3 days ago
HAMPIR = village("33.16.02.2001", 400, lambda i: 15 if i < 24 else 1, "Hampir")
BIASA = village("33.16.01.2002", 600, lambda i: 5, "Biasa")
EVENTS = events((TODAY - timedelta(days=3), "33.16.02"))


def test_a_village_with_much_left_and_no_recent_event_ranks_above_a_nearly_done_one():
    ranked = priority.daftar(frame(TERTINGGAL, HAMPIR, BIASA), EVENTS, TODAY, jalur_persen=10.0)
    order = ranked["nama_desa"].to_list()
    assert order.index("Tertinggal") < order.index("Hampir")
    first = ranked.row(0, named=True)
    assert first["nama_desa"] == "Tertinggal" and first["peringkat"] == 1
    assert first["sisa_kk"] == 1000 - 60
    assert first["hari_tanpa_kegiatan"] == (TODAY - MULAI).days + 1  # never touched: counted from the start
    assert first["b_macet"] == 1.0 and first["b_sisa"] == 1.0
    # the reasons name what sets it apart, with its numbers
    assert "940 KK belum respon" in first["alasan"]
    assert "tidak ada KK baru 7 hari terakhir" in first["alasan"]
    nearly = ranked.filter(pl.col("nama_desa") == "Hampir").row(0, named=True)
    assert nearly["hari_tanpa_kegiatan"] == 3
    assert 0 <= nearly["skor"] < first["skor"] <= 100


def test_the_weights_decide():
    data = frame(TERTINGGAL, HAMPIR, BIASA)
    only_recent_event = {name: 0.0 for name in priority.BOBOT} | {"lama_kegiatan": 1.0}
    ranked = priority.daftar(data, EVENTS, TODAY, 10.0, only_recent_event)
    assert ranked["nama_desa"].to_list()[-1] == "Hampir"  # the only one with a recent event
    assert ranked.filter(pl.col("nama_desa") == "Hampir")["skor"].item() == pytest.approx(100 * 3 / 14)
    # an event in the kabupaten counts for every village; in a village, for that village only
    kabupaten = events((TODAY, "33.16"))
    assert priority.daftar(data, kabupaten, TODAY, 10.0)["hari_tanpa_kegiatan"].to_list() == [0, 0, 0]
    desa = events((TODAY - timedelta(days=1), "33.16.01.2002"))
    days = dict(priority.daftar(data, desa, TODAY, 10.0).select("nama_desa", "hari_tanpa_kegiatan").rows())
    assert days["Biasa"] == 1 and days["Tertinggal"] == len(DAYS)


def test_events_after_the_as_of_day_do_not_count():
    future = events((TODAY + timedelta(days=2), "33.16.01"))
    ranked = priority.daftar(frame(TERTINGGAL, BIASA), future, TODAY, 10.0)
    assert ranked["kegiatan_terakhir"].null_count() == 2


def test_per_kecamatan_rolls_up_the_top_villages():
    ranked = priority.daftar(frame(TERTINGGAL, HAMPIR, BIASA), EVENTS, TODAY, 10.0)
    rollup = priority.per_kecamatan(ranked, teratas=2)
    assert rollup.row(0, named=True)["kode_kec"] == "33.16.01"
    assert rollup.row(0, named=True)["desa_teratas"] == 2


def test_stalled_villages_and_kecamatan():
    data = frame(TERTINGGAL, HAMPIR, BIASA, village("33.16.03.2001", 500, lambda i: 0, "Belum"))
    alerts = stalled.peringatan(data, TODAY, 22.9, 46, "desa", hari=3)
    flags = {row["nama"]: row for row in alerts.to_dicts()}
    assert flags["Tertinggal"]["macet"] and flags["Tertinggal"]["hari_tanpa_respon"] == 10
    # a village that never responded counts from the window's first day
    assert flags["Belum"]["hari_tanpa_respon"] == len(DAYS)
    assert not flags["Biasa"]["macet"] and not flags["Hampir"]["macet"]
    assert alerts["nama"].to_list()[:2] == ["Belum", "Tertinggal"]  # longest stalled first
    # falling behind: below today's path (25 of 46 days → 12.4 %) and gaining less than the path asks in a week
    assert flags["Tertinggal"]["tertinggal"]  # 6 %, nothing in 7 days
    assert not flags["Biasa"]["tertinggal"]  # 20.8 %, and 5.8 pp a week
    assert not flags["Hampir"]["tertinggal"]  # 92.5 %
    assert flags["Tertinggal"]["jalur"] == pytest.approx(22.9 * 25 / 46)
    early = stalled.peringatan(data, MULAI + timedelta(days=1), 22.9, 46, "desa", hari=3)
    assert not early.filter(pl.col("nama") == "Belum")["macet"].item()  # two days are not yet three
    kecamatan = stalled.peringatan(data, TODAY, 22.9, 46, "kecamatan", hari=3)
    assert set(kecamatan["kode"]) == {"33.16.01", "33.16.02", "33.16.03"}
    assert kecamatan.filter(pl.col("kode") == "33.16.03")["macet"].item()


def test_all_weights_zero_gives_no_ranking_and_says_why():
    zero = {name: 0.0 for name in priority.BOBOT}
    ranked = priority.daftar(frame(TERTINGGAL, HAMPIR, BIASA), EVENTS, TODAY, 10.0, zero)
    assert ranked.is_empty()
    assert {"skor", "peringkat", "alasan", "nama_desa"} <= set(ranked.columns)
    assert priority.per_kecamatan(ranked).is_empty()
    assert "bobot 0" in priority.alasan_kosong(zero, "id")
    assert "weights are 0" in priority.alasan_kosong(zero, "en")
    assert priority.alasan_kosong(priority.BOBOT) is None


# an event after every as-of day of these tests: none has happened yet
LATER = events((date(2020, 3, 31), "33.16.05"))


def test_reasons_count_the_days_actually_elapsed():
    """Two days into the window a silent village has gone 2 days without a household, not 7."""
    quiet = village("33.16.01.2001", 1000, lambda i: 0, "Sepi")
    busy = village("33.16.01.2002", 1000, lambda i: 5, "Ramai")
    second_day = MULAI + timedelta(days=1)
    only_stalled = {name: 0.0 for name in priority.BOBOT} | {"macet": 1.0}
    ranked = priority.daftar(frame(quiet, busy), LATER, second_day, 10.0, only_stalled)
    reasons = dict(ranked.select("nama_desa", "alasan").rows())
    assert reasons["Sepi"] == "tidak ada KK baru 2 hari terakhir"
    english = priority.daftar(frame(quiet, busy), LATER, second_day, 10.0, only_stalled, bahasa="en")
    assert dict(english.select("nama_desa", "alasan").rows())["Sepi"] == "no new household in the last 2 days"
    # a full week on, it says 7
    later = priority.daftar(frame(quiet, busy), LATER, MULAI + timedelta(days=20), 10.0, only_stalled)
    assert dict(later.select("nama_desa", "alasan").rows())["Sepi"] == "tidak ada KK baru 7 hari terakhir"


def test_no_slowdown_is_claimed_before_two_full_weeks():
    """In week one the 'week before' is empty; a village slower than that is not slowing down."""
    fading = village("33.16.01.2001", 1000, lambda i: 10 if i < 3 else 1, "Pudar")
    parts = priority.bagian(frame(fading), LATER, MULAI + timedelta(days=9), 10.0)
    assert parts["b_macet"].to_list() == [0.0]
    # from week three on, a week well below the one before is a slowdown
    slowed = village("33.16.01.2001", 1000, lambda i: 10 if i < 10 else 1, "Melambat")
    parts = priority.bagian(frame(slowed), LATER, MULAI + timedelta(days=16), 10.0)
    assert parts["b_macet"].item() == pytest.approx(1 - 7 / 70)


def test_the_print_says_simulated_and_shows_numbers_as_the_page():
    table = pl.DataFrame({"peringkat": [1], "nama_desa": ["<Ngelo>"], "skor": [74], "sisa_kk": [1471], "b": [1.3]})
    kolom = {"peringkat": "No.", "nama_desa": "Desa", "skor": "Skor", "sisa_kk": "KK belum", "b": "Naik"}
    page = wording.cetak_html(table, "Daftar · Kec. Cepu", "Data per …", kolom, "id", "DATA SIMULASI")
    assert "<p class='catatan'>DATA SIMULASI</p>" in page and page.index("DATA SIMULASI") < page.index("<h1>")
    assert "<td>1.471</td>" in page and "<td>1,30</td>" in page and "&lt;Ngelo&gt;" in page
    english = wording.cetak_html(table, "List", "Data as of …", kolom, "en")
    assert "<td>1,471</td>" in english and "<td>1.30</td>" in english and "catatan" not in english.split("</style>")[1]
