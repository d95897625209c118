"""Uplift of outreach events: a lift injected into a synthetic village × day frame is recovered, none is invented."""

from datetime import date, timedelta

import numpy as np
import polars as pl
import pytest

from sensus.analysis import uplift
from sensus.app import wording
from sensus.core.scope import KABUPATEN
from sensus.store import database, reports
from tests.fixtures import CFG

MULAI = date(2020, 2, 15)
HARI = 46
EVENT_DAY = date(2020, 2, 27)
LIFT = 0.6  # +60 % new households per day in the 7 days after the event
KECAMATAN = [f"33.16.{k:02d}" for k in range(1, 13)]
TREATED = KECAMATAN[:3]
UNLIFTED = KECAMATAN[3:6]  # a rakor was held there too, but nothing was injected


def synthetic(seed: int, lift: float = LIFT, treated=TREATED, level: float = 4.0) -> pl.DataFrame:
    """12 kecamatan × 5 villages × 46 days of Poisson counts sharing a launch decay and a weekend dip,
    each kecamatan with its own day-to-day wobble; `treated` get ×(1 + lift) from the day after EVENT_DAY."""
    rng = np.random.default_rng(seed)
    days = [MULAI + timedelta(days=d) for d in range(HARI)]
    common = np.array(
        [(1 + 2 * np.exp(-d / 2.5)) * (0.75 if day.weekday() >= 5 else 1.0) for d, day in enumerate(days)]
    )
    rows = []
    for kec in KECAMATAN:
        wobble = rng.lognormal(0, 0.1, HARI)
        boost = np.array(
            [1 + lift if kec in treated and EVENT_DAY < day <= EVENT_DAY + timedelta(days=10) else 1.0 for day in days]
        )
        for v in range(5):
            size = rng.uniform(0.6, 1.4)
            counts = rng.poisson(level * size * common * wobble * boost)
            rows += [
                (f"{kec}.2{v:03d}", kec, f"Kec {kec[-2:]}", day, int(n)) for day, n in zip(days, counts, strict=True)
            ]
    return pl.DataFrame(rows, schema=["kode_desa", "kode_kec", "nama_kec", "tanggal", "kk_baru"], orient="row")


def events(codes, day=EVENT_DAY) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "kegiatan_id": list(range(1, len(codes) + 1)),
            "tanggal": [day] * len(codes),
            "jenis": ["rakor"] * len(codes),
            "kode": list(codes),
            "nama_wilayah": list(codes),
            "keterangan": [""] * len(codes),
            "simulasi": [False] * len(codes),
        },
        schema_overrides={"kegiatan_id": pl.Int32},
    )


def truth(lift: float = LIFT, after: int = uplift.SESUDAH) -> float:
    """The injected lift over the after-window, in percent."""
    return 100 * lift if after <= 10 else 100 * lift * 10 / after


def test_injected_lift_is_recovered_within_its_interval_and_none_is_found_elsewhere():
    """Six kecamatan hold a rakor on the same day; only three of them get a lift.

    One store with a fixed seed. Six 90 % intervals all hold their truth together in about 0.9⁶ ≈ half of the
    seeds, so this one is a chosen example; the calibration test below is the statistical check."""
    harian = synthetic(seed=12)
    hasil = uplift.per_kegiatan(harian, events(TREATED + UNLIFTED))
    assert hasil.height == 6
    for row in hasil.iter_rows(named=True):
        assert row["jumlah_pembanding"] == len(KECAMATAN) - 6
        if row["kode"] in TREATED:
            assert row["status"] == uplift.NAIK, row
            assert row["bawah"] < truth() < row["atas"], row
        else:
            assert row["status"] == uplift.TIDAK_JELAS, row
            assert row["bawah"] < 0 < row["atas"], row
            assert abs(row["efek"]) < truth() / 2


def test_the_interval_is_calibrated_over_many_synthetic_stores():
    """Over 30 independent stores the 90 % interval holds the injected lift, and zero where nothing was
    injected, in most cases; the estimates centre on the truth."""
    hits, nulls, estimates = [], [], []
    for seed in range(30):
        harian = synthetic(seed=100 + seed)
        lifted = uplift.untuk_wilayah(harian, events(TREATED), TREATED[0], EVENT_DAY)
        nothing = uplift.untuk_wilayah(harian, events(TREATED), KECAMATAN[-1], EVENT_DAY)
        hits.append(lifted.bawah < truth() < lifted.atas)
        nulls.append(nothing.bawah < 0 < nothing.atas)
        estimates.append(lifted.efek)
    # 90 % nominal; measured 0.91 and 0.89 over 100 stores
    assert np.mean(hits) >= 0.8
    assert np.mean(nulls) >= 0.8
    assert abs(np.median(estimates) - truth()) < 15


def test_a_constant_doubling_gives_exactly_that():
    days = [MULAI + timedelta(days=d) for d in range(20)]
    rows = []
    for kec in KECAMATAN[:4]:
        for d in days:
            n = 40 if kec == KECAMATAN[0] and d > EVENT_DAY else 20
            rows.append((f"{kec}.2001", kec, kec, d, n))
    harian = pl.DataFrame(rows, schema=["kode_desa", "kode_kec", "nama_kec", "tanggal", "kk_baru"], orient="row")
    result = uplift.untuk_wilayah(harian, events([KECAMATAN[0]]), KECAMATAN[0], EVENT_DAY)
    assert result.rata_sebelum == 20 and result.rata_sesudah == 40
    assert result.efek == pytest.approx(100, abs=1)
    assert result.bawah == pytest.approx(result.efek) and result.atas == pytest.approx(result.efek)


def test_too_few_days_no_comparison_and_a_kabupaten_event_are_said_so():
    harian = synthetic(seed=3)
    last = harian["tanggal"].max()
    # two days after the event only
    recent = uplift.untuk_wilayah(
        harian, events([TREATED[0]], last - timedelta(days=2)), TREATED[0], last - timedelta(days=2)
    )
    assert recent.status == uplift.HARI_KURANG and recent.efek is None
    # every kecamatan had an event in the window: nobody to compare with
    everywhere = events(KECAMATAN)
    assert uplift.untuk_wilayah(harian, everywhere, TREATED[0], EVENT_DAY).status == uplift.TANPA_PEMBANDING
    # a kabupaten-wide rakor touches everyone alike: it removes no comparison area, and has none itself
    with_kab = pl.concat([events(TREATED), events(["33.16"]).with_columns(kegiatan_id=pl.lit(9, pl.Int32))])
    assert uplift.untuk_wilayah(harian, with_kab, TREATED[0], EVENT_DAY).jumlah_pembanding == 9
    rows = uplift.per_kegiatan(harian, with_kab).filter(pl.col("kode") == "33.16").to_dicts()
    assert rows[0]["status"] == uplift.TANPA_PEMBANDING
    assert "tidak ada pembanding" in wording.vonis(rows[0] | {"tingkat": "kabupaten"})


@pytest.fixture(scope="module")
def demo_frames(demo_store):
    con = database.connect_reader(demo_store)
    return reports.rencana_harian(con, scope=KABUPATEN), reports.kegiatan(con, scope=KABUPATEN, region=CFG.wilayah)


def test_on_the_demo_the_20_february_rakor_lift_and_quiet_kecamatan_do_not(demo_frames):
    harian, kegiatan = demo_frames
    hasil = uplift.per_kegiatan(harian, kegiatan).filter(pl.col("tanggal") == date(2020, 2, 20))
    assert sorted(hasil["nama_wilayah"]) == ["Blora", "Japah", "Jiken", "Kradenan", "Kunduran", "Ngawen", "Todanan"]
    assert (hasil["status"] == uplift.NAIK).all(), hasil
    placebo = uplift.plasebo(harian, kegiatan, date(2020, 2, 20))
    assert placebo.height >= 5
    assert (placebo["status"] == uplift.TIDAK_JELAS).all(), placebo


@pytest.mark.parametrize("n", [1, 7, 280])
def test_the_redraws_are_n_draws_with_replacement_each(n):
    """Each redraw row counts n draws of n items with equal chances: it sums to n, and over many rows each item is
    drawn once on average with the multinomial's variance 1 - 1/n."""
    counts = uplift._redraw_counts(np.random.default_rng(5), n, 4000)
    assert counts.shape == (4000, n)
    assert (counts.sum(axis=1) == n).all() and counts.min() >= 0
    assert counts.mean() == pytest.approx(1.0)
    assert counts.var(axis=0).mean() == pytest.approx(1 - 1 / n, abs=0.06)
