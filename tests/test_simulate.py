"""The demo simulator: deterministic, calibrated on what BPS Blora published, shaped like the real curve.

Every figure here is recomputed from the frames and files with polars, independently of the
simulator's own helpers.
"""

import hashlib
from datetime import date, timedelta

import polars as pl
import pytest

from sensus.core import wilayah_indonesia
from sensus.demo import simulate

WIB = "Asia/Jakarta"
PUBLISHED_31_MARET = {
    "33.16.09": 3_625,
    "33.16.05": 2_769,
    "33.16.16": 1_458,
    "33.16.08": 1_055,
    "33.16.02": 1_042,
    "33.16.14": 886,
    "33.16.01": 847,
}
SP2020_KECAMATAN = {
    "33.16.02": 77_649,
    "33.16.05": 76_370,
    "33.16.13": 66_189,
    "33.16.14": 63_030,
    "33.16.01": 49_143,
    "33.16.07": 38_374,
}
RAKOR_20_FEB = ["33.16.03", "33.16.07", "33.16.12", "33.16.16", "33.16.13", "33.16.14", "33.16.09"]
PERSONAL = ["nama", "nik", "alamat"]


def wib_time(column: str) -> pl.Expr:
    """An export timestamp as WIB wall time: naive text is WIB, an offset or Z is converted."""
    text = pl.col(column)
    naive = text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
    zoned = (
        text.str.replace("Z$", "+00:00")
        .str.to_datetime("%Y-%m-%dT%H:%M:%S%z", strict=False)
        .dt.convert_time_zone(WIB)
        .dt.replace_time_zone(None)
    )
    return pl.coalesce(naive, zoned)


def dotted(column: str) -> pl.Expr:
    digits = pl.col(column).str.replace_all(".", "", literal=True)
    return pl.concat_str(
        [digits.str.slice(0, 2), digits.str.slice(2, 2), digits.str.slice(4, 2), digits.str.slice(6, 4)],
        separator=".",
    )


@pytest.fixture(scope="module")
def wilayah():
    return wilayah_indonesia.wilayah("33.16")


@pytest.fixture(scope="module")
def targets(wilayah):
    return simulate.demo_targets(wilayah)


@pytest.fixture(scope="module")
def events(wilayah):
    return simulate.demo_events(wilayah)


@pytest.fixture(scope="module")
def submissions(wilayah, targets, events):
    return simulate.simulate_submissions(wilayah, targets, events)


@pytest.fixture(scope="module")
def valid(submissions, wilayah):
    """The rows an importer accepts, with their WIB time, dotted village and kecamatan."""
    rows = submissions.filter(~pl.col("_rusak")).with_columns(
        waktu=wib_time("waktu_submit"), kode_desa=dotted("kode_desa")
    )
    return rows.with_columns(kode_kec=pl.col("kode_desa").str.slice(0, 8))


@pytest.fixture(scope="module")
def households(valid):
    """One row per household (no_kk): time and area of its first submission, values of its latest."""
    return (
        valid.sort("waktu")
        .group_by("no_kk")
        .agg(
            pertama=pl.col("waktu").first(),
            kode_desa=pl.col("kode_desa").first(),
            kode_kec=pl.col("kode_kec").first(),
            status=pl.col("status").last(),
            jumlah_art=pl.col("jumlah_art").last().cast(pl.Int64),
            submisi=pl.len(),
        )
        .with_columns(hari=pl.col("pertama").dt.date())
    )


@pytest.fixture(scope="module")
def in_window(households):
    return households.filter(pl.col("hari").is_between(simulate.WINDOW_START, simulate.WINDOW_END))


@pytest.fixture(scope="module")
def exports(tmp_path_factory, submissions):
    return simulate.write_exports(submissions, tmp_path_factory.mktemp("ekspor"))


def read_export(path):
    if path.suffix == ".parquet":
        return pl.read_parquet(path)
    if path.suffix == ".xlsx":
        return pl.read_excel(path, infer_schema_length=0)
    return pl.read_csv(path, infer_schema=False)


# --- determinism ------------------------------------------------------------------------------


def test_same_seed_gives_the_same_frames_and_byte_identical_files(wilayah, tmp_path):
    first = simulate.simulate(wilayah, tmp_path / "a", seed=7)
    second = simulate.simulate(wilayah, tmp_path / "b", seed=7)
    assert first[0].equals(second[0]) and first[1].equals(second[1])
    assert [p.name for p in first[2]] == [p.name for p in second[2]]
    for a, b in zip(first[2], second[2], strict=True):
        assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest(), a.name
    events = simulate.demo_events(wilayah)
    assert simulate.simulate_submissions(wilayah, first[0], events, 7).equals(
        simulate.simulate_submissions(wilayah, first[0], events, 7)
    )


def test_another_seed_gives_other_data(wilayah, targets, events, submissions):
    other_targets = simulate.demo_targets(wilayah, seed=1)
    assert not other_targets.equals(targets)
    assert other_targets["penduduk"].sum() == targets["penduduk"].sum()
    other = simulate.simulate_submissions(wilayah, targets, events, seed=1)
    assert not other.equals(submissions)
    assert other.height != submissions.height or not other["no_kk"].equals(submissions["no_kk"])


# --- targets ------------------------------------------------------------------------------------


def test_targets_cover_every_village_and_sum_to_the_registered_population(targets, wilayah):
    assert targets.columns == ["kode_desa", "penduduk", "kk", "sumber"]
    assert targets.schema["penduduk"] == pl.Int64 and targets.schema["kk"] == pl.Int64
    assert sorted(targets["kode_desa"]) == sorted(wilayah["kode_desa"])
    assert targets["penduduk"].sum() == 925_642
    assert set(targets["sumber"]) == {"demo"}
    assert (targets["penduduk"] > 0).all()


def test_households_follow_the_sp2010_household_size(targets):
    expected = (targets["penduduk"] / 3.49).round().cast(pl.Int64).clip(lower_bound=1)
    assert (targets["kk"] == expected).all()
    assert (targets["kk"] >= 1).all()


def test_kecamatan_shares_follow_sp2020(targets, wilayah):
    per_kecamatan = dict(
        targets.join(wilayah.select("kode_desa", "kode_kec"), on="kode_desa")
        .group_by("kode_kec")
        .agg(pl.col("penduduk").sum())
        .iter_rows()
    )
    scale = 925_642 / 884_333
    for kode, sp2020 in SP2020_KECAMATAN.items():
        assert abs(per_kecamatan[kode] - sp2020 * scale) <= 1, kode
    # the other ten share the rest by villages, a kelurahan weighing 1.6 desa
    villages = wilayah.group_by("kode_kec").agg(
        weight=pl.when(pl.col("jenis") == "kelurahan").then(1.6).otherwise(1.0).sum()
    )
    others = villages.filter(~pl.col("kode_kec").is_in(list(SP2020_KECAMATAN)))
    rest = (884_333 - sum(SP2020_KECAMATAN.values())) * scale
    for kode, weight in others.iter_rows():
        assert abs(per_kecamatan[kode] - rest * weight / others["weight"].sum()) <= 1, kode


def test_kelurahan_are_larger_than_desa(targets, wilayah):
    size = (
        targets.join(wilayah.select("kode_desa", "jenis"), on="kode_desa")
        .group_by("jenis")
        .agg(pl.col("penduduk").median())
    )
    median = dict(size.iter_rows())
    assert median["kelurahan"] > 1.3 * median["desa"]


# --- events ---------------------------------------------------------------------------------------


def test_events_real_rakor_and_labelled_simulated_ones(events, wilayah):
    assert events.schema == pl.Schema(
        {"tanggal": pl.Date, "jenis": pl.String, "kode": pl.String, "keterangan": pl.String, "simulasi": pl.Boolean}
    )
    real = events.filter(~pl.col("simulasi"))
    assert sorted(real["kode"]) == sorted(RAKOR_20_FEB)
    assert set(real["tanggal"]) == {date(2020, 2, 20)} and set(real["jenis"]) == {"rakor"}
    assert date(2020, 2, 20).weekday() == 3  # a Thursday

    simulated = events.filter(pl.col("simulasi"))
    assert simulated["keterangan"].str.contains("(simulasi)", literal=True).all()
    assert not real["keterangan"].str.contains("simulasi").any()
    later_rakor = simulated.filter((pl.col("jenis") == "rakor") & (pl.col("kode").str.len_chars() == 8))
    kecamatan = set(wilayah["kode_kec"])
    assert set(later_rakor["kode"]) == kecamatan - set(RAKOR_20_FEB)
    assert later_rakor["tanggal"].is_between(date(2020, 2, 26), date(2020, 3, 12)).all()
    assert (later_rakor["tanggal"].dt.weekday() <= 5).all()
    assert simulated.filter(pl.col("kode") == "33.16").height == 1
    codes = set(wilayah["kode_desa"]) | kecamatan | {"33.16"}
    assert set(events["kode"]) <= codes


# --- calibration ----------------------------------------------------------------------------------


def test_households_on_31_march_match_what_bps_published(in_window):
    counted = dict(in_window.group_by("kode_kec").len().iter_rows())
    for kode, published in PUBLISHED_31_MARET.items():
        assert abs(counted[kode] / published - 1) <= 0.10, (kode, counted[kode], published)
    jati = counted["33.16.01"]
    others = {kode: n for kode, n in counted.items() if kode not in PUBLISHED_31_MARET}
    assert len(others) == 9
    for kode, n in others.items():
        assert n < jati, kode
        assert 0.40 <= n / PUBLISHED_31_MARET["33.16.01"] <= 0.95, (kode, n)
    # forest kecamatan are among the lowest
    lowest = sorted(others, key=others.get)[:4]
    assert "33.16.07" in lowest


def test_no_village_responds_beyond_its_registered_households(households, targets):
    per_village = households.group_by("kode_desa").len().join(targets, on="kode_desa")
    assert per_village.height >= 250
    assert (per_village["len"] <= per_village["kk"]).all()


def test_kelurahan_respond_more_than_desa(in_window, targets, wilayah):
    rate = (
        targets.join(wilayah.select("kode_desa", "jenis"), on="kode_desa")
        .join(in_window.group_by("kode_desa").len(), on="kode_desa", how="left")
        .group_by("jenis")
        .agg(rate=pl.col("len").fill_null(0).sum() / pl.col("kk").sum())
    )
    rates = dict(rate.iter_rows())
    assert rates["kelurahan"] > 2 * rates["desa"]


def test_clean_share_is_about_what_bps_blora_showed(in_window):
    clean = (in_window["status"] == "clean").mean()
    assert 0.85 <= clean <= 0.93
    assert set(in_window["status"]) == {"clean", "respon"}


def test_a_few_households_submit_twice(households, valid):
    repeated = households.filter(pl.col("submisi") > 1)
    assert 0.02 <= repeated.height / households.height <= 0.04
    assert households["submisi"].max() == 2
    pairs = (
        valid.filter(pl.col("no_kk").is_in(repeated["no_kk"].implode()))
        .sort("waktu")
        .group_by("no_kk")
        .agg(
            jeda=pl.col("waktu").last() - pl.col("waktu").first(),
            desa=pl.col("kode_desa").n_unique(),
            art=pl.col("jumlah_art").n_unique(),
            id=pl.col("id_submisi").n_unique(),
        )
    )
    assert (pairs["jeda"] > timedelta(0)).all() and (pairs["jeda"] <= timedelta(days=11)).all()
    assert (pairs["desa"] == 1).all() and (pairs["id"] == 2).all()
    assert (pairs["art"] == 2).any()  # sometimes a member more or less


def test_persons_per_household(households):
    assert households["jumlah_art"].min() == 1 and households["jumlah_art"].max() == 8
    assert 3.2 <= households["jumlah_art"].mean() <= 3.55


def test_trials_before_the_launch_and_late_submissions_after_the_deadline(households):
    outside = households.filter(~pl.col("hari").is_between(simulate.WINDOW_START, simulate.WINDOW_END))
    assert 20 <= outside.height <= 40
    assert outside["hari"].is_between(date(2020, 2, 10), date(2020, 2, 14)).any()
    assert outside["hari"].is_between(date(2020, 4, 1), date(2020, 4, 3)).any()
    assert outside["hari"].is_between(date(2020, 2, 10), date(2020, 4, 3)).all()


# --- shape of the curve ---------------------------------------------------------------------------


def daily(frame: pl.DataFrame) -> dict[date, int]:
    return dict(frame.group_by("hari").len().iter_rows())


def mean_over(counts: dict[date, int], first: date, days: int) -> float:
    return sum(counts.get(first + timedelta(days=i), 0) for i in range(days)) / days


def test_rakor_lifts_responses_in_its_kecamatan(households):
    rakor = daily(households.filter(pl.col("kode_kec").is_in(RAKOR_20_FEB)))
    others = daily(households.filter(~pl.col("kode_kec").is_in(RAKOR_20_FEB)))
    before, after = date(2020, 2, 13), date(2020, 2, 21)
    lift_rakor = mean_over(rakor, after, 7) / mean_over(rakor, before, 7)
    lift_others = mean_over(others, after, 7) / mean_over(others, before, 7)
    assert lift_rakor > lift_others * 1.2, (lift_rakor, lift_others)


def test_launch_spike_weekends_and_deadline_rush(in_window):
    counts = daily(in_window)
    assert counts[date(2020, 2, 15)] > 1.3 * mean_over(counts, date(2020, 2, 24), 5)  # launch vs a weekday week
    middle = in_window.filter(pl.col("hari").is_between(date(2020, 2, 24), date(2020, 3, 22)))
    by_weekday = middle.group_by(weekend=pl.col("hari").dt.weekday() >= 6).agg(
        per_day=pl.len() / pl.col("hari").n_unique()
    )
    per_day = dict(by_weekday.iter_rows())
    assert per_day[True] < 0.9 * per_day[False]
    rush = [counts[date(2020, 3, day)] for day in range(25, 32)]
    assert rush[-1] > 2 * rush[0] and mean_over(counts, date(2020, 3, 28), 4) > 2 * mean_over(
        counts, date(2020, 3, 17), 4
    )


def test_site_errors_on_the_evening_of_17_february(in_window):
    evening = pl.col("pertama").dt.hour() >= 19
    share = in_window.group_by("hari").agg(evening=evening.mean())
    shares = dict(share.iter_rows())
    usual = [shares[date(2020, 2, day)] for day in (18, 19, 20, 21, 24, 25)]
    assert shares[date(2020, 2, 17)] < 0.5 * min(usual)


def test_time_of_day_rhythm_and_overloaded_last_afternoon(valid):
    hours = dict(valid.group_by(pl.col("waktu").dt.hour()).len().iter_rows())
    night = sum(hours.get(h, 0) for h in range(0, 5))
    morning = sum(hours[h] for h in (9, 10, 11))
    evening = sum(hours[h] for h in (19, 20, 21))
    assert morning > 5 * night and evening > 5 * night and hours[20] > hours[15] and hours[10] > hours[15]
    last_day = valid.filter(pl.col("waktu").dt.date() == date(2020, 3, 31))
    before_noon = last_day.filter(pl.col("waktu").dt.hour() < 12).height
    assert last_day.height - before_noon < before_noon


# --- the look of an export ------------------------------------------------------------------------


def test_columns_and_formats_of_an_export(submissions):
    assert submissions.columns == [
        "id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "no_kk", "status", "nama", "nik", "alamat", "_rusak"
    ]  # fmt: skip
    assert all(dtype == pl.String for name, dtype in submissions.schema.items() if name != "_rusak")
    fine = submissions.filter(~pl.col("_rusak"))
    assert fine["id_submisi"].str.contains(r"^SP\d{10}$").all()
    assert (
        submissions["id_submisi"].n_unique()
        == submissions.filter(~pl.col("_rusak") | ~pl.col("id_submisi").is_duplicated()).height
    )
    undotted = fine["kode_desa"].str.contains(r"^\d{10}$").mean()
    with_offset = fine["waktu_submit"].str.ends_with("+07:00").mean()
    utc = fine["waktu_submit"].str.ends_with("Z").mean()
    assert 0.15 <= undotted <= 0.25 and 0.07 <= with_offset <= 0.13 and 0.03 <= utc <= 0.07
    assert fine["no_kk"].str.contains(r"^3316\d{12}$").all() and fine["nik"].str.contains(r"^3316\d{12}$").all()
    assert fine["alamat"].str.contains(r"^Dk\. [A-Z][a-z]+, RT \d{2}/RW \d{2}$").all()


def test_utc_timestamps_are_the_same_wib_instant(valid):
    # read as WIB by mistake, UTC times would move the morning and evening peaks 7 hours earlier
    utc = valid.filter(pl.col("waktu_submit").str.ends_with("Z"))
    wall = valid.filter(~pl.col("waktu_submit").str.ends_with("Z"))
    assert utc.height > 500
    for hours, tolerance in (([0, 1, 2, 3, 4], 0.03), ([9, 10, 11, 19, 20, 21], 0.05)):
        shares = [frame["waktu"].dt.hour().is_in(hours).mean() for frame in (utc, wall)]
        assert abs(shares[0] - shares[1]) < tolerance, (hours, shares)


def test_about_one_percent_of_rows_are_broken_and_only_those(submissions, wilayah):
    broken_share = submissions["_rusak"].mean()
    assert 0.007 <= broken_share <= 0.013
    known = set(wilayah["kode_desa"])
    checked = submissions.with_columns(
        waktu=wib_time("waktu_submit"),
        art=pl.col("jumlah_art").cast(pl.Int64, strict=False),
        known=dotted("kode_desa").is_in(list(known)) & pl.col("kode_desa").str.contains(r"^[\d.]+$"),
        kk_ok=pl.col("no_kk").str.contains(r"^\d{16}$"),
    ).with_columns(
        valid=(
            pl.col("waktu").is_not_null() & pl.col("art").is_between(1, 99) & pl.col("known") & pl.col("kk_ok")
        ).fill_null(False)
    )
    assert checked.filter(~pl.col("_rusak"))["valid"].all()
    broken = checked.filter(pl.col("_rusak"))
    duplicate_lines = submissions.filter(pl.col("id_submisi").is_duplicated()).height // 2
    assert 3 <= duplicate_lines <= 15
    assert broken.filter(~pl.col("valid")).height + duplicate_lines == broken.height
    wrong = set(broken["jumlah_art"]) | set(broken["waktu_submit"]) | set(broken["kode_desa"])
    assert {"0", "", "31/02/2020 10:00", "kemarin", "3316999999"} <= wrong
    assert broken["kode_desa"].str.starts_with("3317").any()
    assert broken["jumlah_art"].str.ends_with(" orang").any()
    assert (broken["no_kk"].str.len_chars() == 15).any()


def test_personal_values_stay_in_the_personal_columns(submissions, targets, events):
    for frame in (targets, events):
        assert not set(PERSONAL) & set(frame.columns)
    fine = submissions.filter(~pl.col("_rusak"))
    assert fine["nama"].str.contains(r"^[A-Z][a-z]+( [A-Z][a-z]+)?$").all()
    personal_values = set(fine["nik"]) | set(fine["nama"]) | set(fine["alamat"])
    for column in ("id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "no_kk", "status"):
        assert not personal_values & set(submissions[column]), column
    assert not personal_values & set(events["keterangan"])
    assert not set(fine["nik"]) & set(fine["no_kk"])


# --- export files ---------------------------------------------------------------------------------


def test_weekly_files_then_a_full_snapshot(exports, submissions):
    names = [path.name for path in exports]
    assert names == [
        "export_2020-02-22.csv",
        "export_2020-02-29.csv",
        "export_2020-03-07.parquet",
        "export_2020-03-14.xlsx",
        "export_2020-03-21.csv",
        "export_2020-03-28.csv",
        "export_2020-04-03.csv",
    ]
    frames = [read_export(path) for path in exports]
    expected_columns = [c for c in submissions.columns if c != "_rusak"]
    for path, frame in zip(exports, frames, strict=True):
        assert frame.columns == expected_columns, path.name

    weekly, final = frames[:-1], frames[-1]
    ids = [set(frame["id_submisi"]) for frame in weekly]
    for index, earlier in enumerate(ids):
        for later in ids[index + 1 :]:
            assert not earlier & later
    assert set().union(*ids) | set(final["id_submisi"]) == set(submissions["id_submisi"])
    assert set(final["id_submisi"]) == set(submissions["id_submisi"])
    assert final.height == submissions.height  # every line, the duplicated ones too
    final_status = dict(final.unique("id_submisi").select("id_submisi", "status").iter_rows())
    assert final.sort("id_submisi").equals(submissions.drop("_rusak").sort("id_submisi"))

    # weekly cuts: what was sent up to each Saturday and after the previous one
    previous = date(2020, 2, 1)
    for path, frame in zip(exports[:-1], weekly, strict=True):
        cut = date.fromisoformat(path.stem.removeprefix("export_"))
        sent = frame.with_columns(waktu=wib_time("waktu_submit")).drop_nulls("waktu")
        assert sent["waktu"].dt.date().is_between(previous + timedelta(days=1), cut).all(), path.name
        assert sent["waktu"].is_sorted(), path.name
        previous = cut

    # a submission can be "respon" in a weekly file and "clean" in the snapshot, never the reverse
    statuses = pl.concat([frame.select("id_submisi", "status") for frame in weekly]).unique()
    pairs = [(status, final_status[id_submisi]) for id_submisi, status in statuses.iter_rows()]
    assert ("respon", "clean") in pairs and ("clean", "respon") not in pairs
