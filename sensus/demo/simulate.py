"""Deterministic simulator of SP2020 Online submissions in any kabupaten/kota, the demo store's raw material.

It only produces polars frames and writes export files (CSV, Parquet, XLSX) like those a BPS kabupaten/kota
office received; it never touches the store, so the demo is loaded through the same import path as real exports,
personal columns and broken rows included. The region is the one the villages of the `wilayah` frame belong to
(or `region`, which must agree with them); the window is given, SP2020 Online's own (15 Feb–31 Mar 2020) by
default.

Calibration (facts and sources in data/NOTICE.md):
- Kabupaten Blora (33.16), the one region with published kecamatan figures: registered persons (Dukcapil 2019,
  925,642), SP2010 household size 3.49, the households that had responded on 31 Mar 2020 in the seven kecamatan
  BPS Blora published and their clean/respon ratios;
- every other region: village populations DERIVED from the SP2020 population of its province (Jawa Tengah) or of
  Indonesia spread over that area's villages, a kelurahan denser than a desa; the response level at the window's
  end from the province's published progress (Jawa Tengah) or Indonesia's (12.5 % on 31 Mar 2020). The targets
  say so in their `sumber` column;
- the shape of the curve: launch on Saturday 15 Feb, site errors on the evening of 17 Feb, the rush before the
  deadline and the overloaded site on that day.
Everything else (weekend rhythm, lift after a rakor, village propensities, the spread between kecamatan outside
Blora) is an assumption and is marked as such where it is set.
"""

import zlib
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl
from xlsxwriter import Workbook

from sensus.core import wilayah_indonesia
from sensus.core.config import WIB
from sensus.core.wilayah_indonesia import Kabupaten

# SP2020 Online's original window, the default when the caller gives none
WINDOW_START = date(2020, 2, 15)
WINDOW_END = date(2020, 3, 31)
Window = tuple[date, date]
# the day of the last export, a few days after the window: a full snapshot of every submission with its final status
FINAL_EXPORT_AFTER_DAYS = 3
# the region whose published kecamatan figures calibrate the constants keyed by its codes below: Kabupaten Blora
KODE_TERBIT = "33.16"

# --- targets -----------------------------------------------------------------------------------
PENDUDUK_DUKCAPIL_2019 = 925_642
PENDUDUK_SP2020 = 884_333
# the six kecamatan whose SP2020 population was found (bloranews, wikipedia)
PENDUDUK_SP2020_KECAMATAN = {
    "33.16.02": 77_649,  # Randublatung
    "33.16.05": 76_370,  # Cepu
    "33.16.13": 66_189,  # Kunduran
    "33.16.14": 63_030,  # Todanan
    "33.16.01": 49_143,  # Jati
    "33.16.07": 38_374,  # Jiken
}
# The other ten kecamatan share what is left of the SP2020 total. Nothing better than their number
# of villages was found, and a kelurahan (the town quarters of Blora and Cepu) is denser than a desa,
# so a kelurahan weighs 1.6 desa: a rough density ratio, an assumption.
KELURAHAN_WEIGHT_KECAMATAN = 1.6
ORANG_PER_KK_SP2010 = 3.49
# within a kecamatan, village sizes vary; a kelurahan is larger than a desa
VILLAGE_SIZE_SIGMA = 0.35
KELURAHAN_SIZE_FACTOR = 1.8

# --- households that responded by 31 Mar 2020 (blorakab.go.id, 31 Mar 2020) ---------------------
KK_RESPON_31_MARET = {
    "33.16.09": 3_625,  # Blora
    "33.16.05": 2_769,  # Cepu
    "33.16.16": 1_458,  # Japah
    "33.16.08": 1_055,  # Jepon
    "33.16.02": 1_042,  # Randublatung
    "33.16.14": 886,  # Todanan
    "33.16.01": 847,  # Jati
}
KK_CLEAN_31_MARET = {
    "33.16.09": 3_232,
    "33.16.05": 2_484,
    "33.16.16": 1_394,
    "33.16.08": 932,
    "33.16.02": 923,
    "33.16.14": 806,
    "33.16.01": 752,
}
# The nine kecamatan not shown in the published table ranked below Jati (the last one shown).
# Their level relative to Jati is an assumption: lowest in the forest areas, where the Kepala BPS
# Blora blamed weak internet for the low response.
SHARE_OF_JATI = {
    "33.16.03": 0.50,  # Kradenan, forest
    "33.16.04": 0.78,  # Kedungtuban
    "33.16.06": 0.55,  # Sambong, forest
    "33.16.07": 0.46,  # Jiken, forest
    "33.16.10": 0.74,  # Tunjungan
    "33.16.11": 0.66,  # Banjarejo
    "33.16.12": 0.86,  # Ngawen
    "33.16.13": 0.88,  # Kunduran
    "33.16.15": 0.52,  # Bogorejo, forest
}
CALIBRATION_NOISE = 0.03  # sd of the seeded relative noise on each kecamatan's total; clipped at 2 sd
CLEAN_SHARE_OTHERS = 0.89  # clean/respon of the kabupaten, for kecamatan without a published figure

# --- any other region: DERIVED denominators and level (sources in data/NOTICE.md) ---------------------------
# SP2020 population (BPS, released 21 Jan 2021): Jawa Tengah 36.52 million, Indonesia 270.20 million. A village's
# population is its area's population over that area's villages, a kelurahan weighing KELURAHAN_SIZE_FACTOR desa.
PENDUDUK_SP2020_PROVINSI = {"33": 36_520_000}
PENDUDUK_SP2020_INDONESIA = 270_200_000
# Share of the population responding online by the window's end (31 Mar 2020). Indonesia: 12.5 % (BPS, 31 Mar).
# Jawa Tengah published 12.29 % on 8 May, when Indonesia stood at 15.35 % (interpolated between 15.0 % on 5 May and
# 16.63 % on 19 May): the same ratio on 31 Mar gives 12.5 x 12.29 / 15.35 = 10.0 % (derived). Its final 27.62 %
# (Indonesia 19 %) came in the late rush of May, after this window.
RESPON_31_MARET_INDONESIA = 0.125
_INDONESIA_8_MEI = 15.0 + (16.63 - 15.0) * 3 / 14
RESPON_31_MARET_PROVINSI = {"33": RESPON_31_MARET_INDONESIA * 12.29 / _INDONESIA_8_MEI}
# how much kecamatan differ in their response (lognormal sd around their share of households): an assumption,
# about the spread of Blora's published kecamatan
KECAMATAN_LEVEL_SIGMA = 0.3
SUMBER_TURUNAN = "demo (turunan: penduduk SP2020 {wilayah} per desa/kelurahan)"

# --- shape of the curve ----------------------------------------------------------------------------
LAUNCH_BOOST, LAUNCH_DECAY_DAYS = 2.2, 2.5  # novelty of the launch fades over the first week
# No source gives a weekday/weekend pattern: a weekend day at 0.75 of a weekday is an assumption.
WEEKEND_FACTOR = 0.75
TREND_PER_DAY = 0.01  # slow word-of-mouth growth from March on (assumption)
# rising rush in the last week; the deadline overrides the weekend rhythm
# (days before the deadline: factor), e.g. 25 Mar to 31 Mar 2020
DEADLINE_RUSH = {6: 1.3, 5: 1.5, 4: 1.8, 3: 2.1, 2: 2.5, 1: 3.0, 0: 4.2}
DAY_NOISE_SIGMA = 0.12  # day-to-day wobble of each kecamatan
# relative submissions per hour of the day (WIB): before work, and after the evening meal
HOUR_PROFILE = np.array(
    [0.20, 0.10, 0.06, 0.06, 0.10, 0.25, 0.40, 0.70, 1.00, 1.40, 1.50, 1.30,
     0.90, 0.90, 0.90, 0.80, 0.80, 0.70, 0.90, 1.40, 1.60, 1.30, 0.80, 0.40]
)  # fmt: skip
SITE_ERRORS_DAY, SITE_ERRORS_HOURS, SITE_ERRORS_FACTOR = date(2020, 2, 17), range(19, 24), 0.2
# 31 Mar: people came early, and from noon the site was "penuh" and most attempts failed
DEADLINE_MORNING_FACTOR, DEADLINE_AFTERNOON_FACTOR = 1.5, 0.3
# A rakor lifts its kecamatan from the next day, x1.8, fading linearly over 10 days (assumption);
# the kabupaten rakor at the Pendopo lifts every kecamatan a little.
RAKOR_LIFT, KABUPATEN_LIFT, LIFT_DAYS = 0.8, 0.25, 10

# --- villages and households --------------------------------------------------------------------
# town quarters respond more (better internet, more civil servants); desa vary more among themselves
KELURAHAN_PROPENSITY, KELURAHAN_PROPENSITY_SIGMA = 3.0, 0.2
DESA_PROPENSITY_SIGMA = 0.5
PERSONS_PER_HOUSEHOLD = np.array([0.10, 0.21, 0.25, 0.23, 0.12, 0.05, 0.03, 0.01])  # 1..8, mean 3.38
REPEAT_SHARE = 0.03  # households that sent a second submission
REPEAT_MAX_DAYS = 10
REPEAT_CHANGES_ART = 0.4  # share of second submissions with another number of members
# trials in the 5 days before the launch (10–14 Feb 2020); late ones between the deadline and the last export
TRIAL_HOUSEHOLDS, TRIAL_DAYS_BEFORE = 12, 5
LATE_HOUSEHOLDS = 18

# --- the look of an export ------------------------------------------------------------------------
UNDOTTED_SHARE = 0.20
WITH_OFFSET_SHARE, UTC_SHARE = 0.10, 0.05
BROKEN_SHARE = 0.01  # of the rows, duplicate lines included
DUPLICATE_LINES = 8
# weekly cuts from the launch (Saturdays in 2020: 22 Feb … 28 Mar) in these formats, then CSV; then the snapshot
EXPORT_FORMATS = ("csv", "csv", "parquet", "xlsx")
# BPS's checks took a few days: a submission shows "clean" in an export only once checked
MAX_CHECK_DAYS = 6
PERSONAL_COLUMNS = ("nama", "nik", "alamat")
COLUMNS = ("id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "no_kk", "status", *PERSONAL_COLUMNS)

# --- fake personal data ---------------------------------------------------------------------------
MALE_NAMES = (
    "Sutrisno", "Suparman", "Slamet", "Bambang", "Joko", "Agus", "Budi", "Sugeng", "Wahyudi", "Supriyadi",
    "Mulyono", "Sumarno", "Teguh", "Darmanto", "Sukirno", "Puji", "Eko", "Hadi", "Warsito", "Kusnadi",
    "Ngatimin", "Sarmin", "Tarno", "Rahmat", "Ahmad", "Muhammad", "Imam", "Yanto", "Sumadi", "Karmin",
)  # fmt: skip
FEMALE_NAMES = (
    "Siti", "Sri", "Suparmi", "Sumiati", "Lestari", "Wahyuni", "Endang", "Tutik", "Sulastri", "Ngatini",
    "Darsih", "Kasmini", "Rukmini", "Yuliani", "Dewi", "Eni", "Rina", "Sarmi", "Painem", "Tumini",
)  # fmt: skip
MALE_SECOND_NAMES = (
    "Purwanto", "Santoso", "Setiawan", "Prasetyo", "Nugroho", "Hidayat", "Susanto", "Riyadi", "Haryanto",
    "Utomo", "Wibowo", "Kurniawan", "Wijaya", "Saputra", "Hartono", "Subagyo", "Widodo", "Sutrisno",
)  # fmt: skip
FEMALE_SECOND_NAMES = (
    "Rahayu", "Aminah", "Handayani", "Mulyani", "Sholikhah", "Fatimah", "Astuti", "Lestari", "Wulandari",
    "Rahmawati", "Purwaningsih", "Suryani",
)  # fmt: skip
DUKUH = (
    "Krajan", "Ngablak", "Sendang", "Kedungwungu", "Wotrangkul", "Ngelo", "Gondang", "Karangjati", "Jetak",
    "Sumber", "Balong", "Kalisari", "Tegalrejo", "Ngampel", "Mlangi", "Pojok", "Banyuurip", "Pucung",
    "Tawang", "Gedong", "Kemiri", "Randu", "Jambean", "Bendo",
)  # fmt: skip
MALE_HEAD_SHARE = 0.8
TWO_WORD_NAME_SHARE = 0.45

# --- outreach events --------------------------------------------------------------------------------
# Blora's: the 20 Feb 2020 rakor are real, the rest simulated
REAL_RAKOR_DAY = date(2020, 2, 20)
REAL_RAKOR = {
    "33.16.03": "Kradenan",
    "33.16.07": "Jiken",
    "33.16.12": "Ngawen",
    "33.16.16": "Japah",
    "33.16.13": "Kunduran",
    "33.16.14": "Todanan",
    "33.16.09": "Blora Kota",
}
SIMULATED_RAKOR = (
    (date(2020, 2, 26), "33.16.05", "Cepu"),
    (date(2020, 2, 28), "33.16.02", "Randublatung"),
    (date(2020, 3, 2), "33.16.08", "Jepon"),
    (date(2020, 3, 4), "33.16.04", "Kedungtuban"),
    (date(2020, 3, 5), "33.16.01", "Jati"),
    (date(2020, 3, 6), "33.16.11", "Banjarejo"),
    (date(2020, 3, 9), "33.16.10", "Tunjungan"),
    (date(2020, 3, 11), "33.16.06", "Sambong"),
    (date(2020, 3, 12), "33.16.15", "Bogorejo"),
)
KABUPATEN_RAKOR_DAY = date(2020, 3, 16)
SIMULATED_SOSIALISASI = (
    (date(2020, 3, 3), "33.16.07.2002", "Desa Cabak, Jiken"),
    (date(2020, 3, 10), "33.16.03.2003", "Desa Getas, Kradenan"),
    (date(2020, 3, 18), "33.16.06.2003", "Desa Gadu, Sambong"),
    (date(2020, 3, 19), "33.16.15.2001", "Desa Gombang, Bogorejo"),
    (date(2020, 3, 24), "33.16.09.1013", "Kelurahan Kauman, Blora"),
)
# any other region (simulated, as Blora's schedule): a rakor per kecamatan on the weekdays of days 5–27 of the
# window, the region's own on day 30, a sosialisasi in five villages of different kecamatan on these days
RAKOR_DAYS = (5, 27)
REGION_RAKOR_DAY = 30
SOSIALISASI_DAYS = (17, 24, 32, 33, 38)


def _rng(seed: int, purpose: str) -> np.random.Generator:
    """An independent random stream per purpose, so changing one stage does not reshuffle the others."""
    return np.random.default_rng([seed, zlib.crc32(purpose.encode())])


def _largest_remainder(total: pl.Expr, weight: pl.Expr, group: str) -> pl.Expr:
    """Split `total` over the rows of each `group` in proportion to `weight`, in integers summing exactly."""
    quota = total * weight / weight.sum().over(group)
    floor = quota.floor()
    shortfall = (total - floor.sum().over(group)).round()
    rank = (quota - floor).rank("ordinal", descending=True).over(group)
    return (floor + (rank <= shortfall).cast(pl.Float64)).cast(pl.Int64)


def _villages(wilayah: pl.DataFrame) -> pl.DataFrame:
    return wilayah.select("kode_desa", "jenis", "kode_kec").sort("kode_desa")


def region_of(wilayah: pl.DataFrame, region: Kabupaten | None = None) -> Kabupaten:
    """The kabupaten/kota the villages of `wilayah` belong to; `region`, if given, must be it."""
    codes = set(wilayah["kode_desa"].str.slice(0, 5).unique())
    if len(codes) != 1:
        raise ValueError(
            f"the villages belong to {len(codes)} kabupaten/kota ({', '.join(sorted(codes)[:5])}), not one"
        )
    found = wilayah_indonesia.kabupaten(codes.pop())
    if region is not None and region.kode != found.kode:
        raise ValueError(f"the villages are of {found.kode} ({found.nama}), not of {region.kode} ({region.nama})")
    return found


def _is_published(region: Kabupaten) -> bool:
    return region.kode == KODE_TERBIT


def has_real_events(region: Kabupaten) -> bool:
    """Whether the region's demo carries real events beside the simulated ones (Blora's rakor of 20 Feb 2020)."""
    return _is_published(region)


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def final_export_day(window: Window) -> date:
    return window[1] + timedelta(days=FINAL_EXPORT_AFTER_DAYS)


def export_schedule(window: Window) -> list[tuple[date, str]]:
    """(file day, format) of every export: a weekly cut from the launch while before the deadline, then the
    snapshot after it."""
    start, end = window
    cuts = [start + timedelta(weeks=k) for k in range(1, (end - start).days // 7 + 1)]
    cuts = [cut for cut in cuts if cut < end]
    schedule = [(cut, EXPORT_FORMATS[k] if k < len(EXPORT_FORMATS) else "csv") for k, cut in enumerate(cuts)]
    return [*schedule, (final_export_day(window), "csv")]


# --- targets -----------------------------------------------------------------------------------


def demo_targets(wilayah: pl.DataFrame, seed: int = 2020, *, region: Kabupaten | None = None) -> pl.DataFrame:
    """Registered persons and households per village of the region.

    Columns kode_desa, penduduk (Int64), kk (Int64), sumber (str): "demo" for Blora's published calibration;
    for any other region it says the figures are derived, and from what.
    """
    region = region_of(wilayah, region)
    villages = _villages(wilayah)
    kelurahan = villages["jenis"] == "kelurahan"
    size = _rng(seed, "targets").lognormal(0.0, VILLAGE_SIZE_SIGMA, villages.height)
    size = np.where(kelurahan.to_numpy(), size * KELURAHAN_SIZE_FACTOR, size)
    if not _is_published(region):
        return _derived_targets(villages, size, region)
    return (
        villages.with_columns(size=pl.Series(size))
        .join(_kecamatan_population(villages), on="kode_kec")
        .sort("kode_desa")  # the rounding breaks ties by row order
        .with_columns(penduduk=_largest_remainder(pl.col("penduduk_kec"), pl.col("size"), "kode_kec"))
        .select(
            "kode_desa",
            "penduduk",
            kk=(pl.col("penduduk") / ORANG_PER_KK_SP2010).round().cast(pl.Int64).clip(lower_bound=1),
            sumber=pl.lit("demo"),
        )
    )


def _derived_targets(villages: pl.DataFrame, size: np.ndarray, region: Kabupaten) -> pl.DataFrame:
    """Village populations of a region without published ones: the SP2020 population of its province (where known)
    or of Indonesia, per village of that area (a kelurahan counting KELURAHAN_SIZE_FACTOR desa), times the
    village's drawn size."""
    area = wilayah_indonesia.daftar_kabupaten()
    if region.kode_prov in PENDUDUK_SP2020_PROVINSI:
        area, population, name = (
            area.filter(pl.col("kode_prov") == region.kode_prov),
            PENDUDUK_SP2020_PROVINSI[region.kode_prov],
            region.nama_prov,
        )
    else:
        population, name = PENDUDUK_SP2020_INDONESIA, "Indonesia"
    per_desa = population / (area["jumlah_desa"].sum() + KELURAHAN_SIZE_FACTOR * area["jumlah_kelurahan"].sum())
    # `size` already carries the kelurahan factor; its mean is about 1 (lognormal sd 0.35: e^(0.35²/2) = 1.06)
    return villages.select(
        "kode_desa",
        penduduk=pl.Series(np.maximum(1, np.round(per_desa * size)).astype(np.int64)),
    ).with_columns(
        kk=(pl.col("penduduk") / ORANG_PER_KK_SP2010).round().cast(pl.Int64).clip(lower_bound=1),
        sumber=pl.lit(SUMBER_TURUNAN.format(wilayah=name)),
    )


def _kecamatan_population(villages: pl.DataFrame) -> pl.DataFrame:
    """Registered persons per kecamatan (kode_kec, penduduk_kec): SP2020 shares scaled to Dukcapil 2019."""
    known = pl.DataFrame(
        {"kode_kec": list(PENDUDUK_SP2020_KECAMATAN), "sp2020": list(PENDUDUK_SP2020_KECAMATAN.values())},
        schema={"kode_kec": pl.String, "sp2020": pl.Float64},
    )
    rest = PENDUDUK_SP2020 - sum(PENDUDUK_SP2020_KECAMATAN.values())
    village_weight = pl.when(pl.col("jenis") == "kelurahan").then(KELURAHAN_WEIGHT_KECAMATAN).otherwise(1.0)
    return (
        villages.group_by("kode_kec")
        .agg(weight=village_weight.sum())
        .sort("kode_kec")
        .join(known, on="kode_kec", how="left")
        .with_columns(unknown_weight=pl.when(pl.col("sp2020").is_null()).then(pl.col("weight")).otherwise(0.0))
        .with_columns(sp2020=pl.col("sp2020").fill_null(rest * pl.col("weight") / pl.col("unknown_weight").sum()))
        .with_columns(kabupaten=pl.lit(KODE_TERBIT))
        .select(
            "kode_kec",
            penduduk_kec=_largest_remainder(pl.lit(PENDUDUK_DUKCAPIL_2019), pl.col("sp2020"), "kabupaten"),
        )
    )


# --- events ----------------------------------------------------------------------------------------


EVENT_SCHEMA = {
    "tanggal": pl.Date,
    "jenis": pl.String,
    "kode": pl.String,
    "keterangan": pl.String,
    "simulasi": pl.Boolean,
}


def demo_events(
    wilayah: pl.DataFrame, seed: int = 2020, *, region: Kabupaten | None = None, window: Window | None = None
) -> pl.DataFrame:
    """Outreach events of the region.

    Columns tanggal (pl.Date), jenis (str), kode (str: the region's code, a dotted kecamatan code or a village
    code), keterangan (str), simulasi (bool). Blora's 20 Feb 2020 rakor are real; every other event is simulated,
    in the region's own kecamatan and villages, on days counted from the window's first day.
    """
    region = region_of(wilayah, region)
    if not _is_published(region):
        return _simulated_events(wilayah, region, window or (WINDOW_START, WINDOW_END), seed)
    rows = [
        (REAL_RAKOR_DAY, "rakor", kode, f"Rakor SP2020 Online bersama camat, kades dan lurah, Kecamatan {nama}", False)
        for kode, nama in REAL_RAKOR.items()
    ]
    rows += [
        (day, "rakor", kode, f"Rakor SP2020 Online bersama camat, kades dan lurah, Kecamatan {nama} (simulasi)", True)
        for day, kode, nama in SIMULATED_RAKOR
    ]
    rows.append((KABUPATEN_RAKOR_DAY, "rakor", region.kode, _region_rakor_text(region), True))
    rows += [
        (day, "sosialisasi", kode, f"Sosialisasi SP2020 Online di balai {tempat} (simulasi)", True)
        for day, kode, tempat in SIMULATED_SOSIALISASI
    ]
    return pl.DataFrame(rows, schema=EVENT_SCHEMA, orient="row").sort("tanggal", "kode")


def _region_rakor_text(region: Kabupaten) -> str:
    # a kabupaten meets at the bupati's Pendopo, a kota at the Balai Kota
    tempat = "Balai Kota" if region.is_kota else "Pendopo"
    return f"Rakor SP2020 Online tingkat {region.jenis} di {tempat} (simulasi)"


def _participants(kinds: Sequence[str]) -> str:
    """Who a kecamatan rakor gathers: the camat and the heads of its villages (kades of a desa, lurah of a
    kelurahan)."""
    heads = [head for kind, head in (("desa", "kades"), ("kelurahan", "lurah")) if kind in kinds]
    return "camat, " + " dan ".join(heads) if len(heads) > 1 else f"camat dan {heads[0]}"


def _window_day(window: Window, offset: int) -> date:
    """The window's day `offset` days after its first, or its last day if the window is shorter."""
    return min(window[0] + timedelta(days=offset), window[1])


def _simulated_events(wilayah: pl.DataFrame, region: Kabupaten, window: Window, seed: int) -> pl.DataFrame:
    """Blora's schedule of events laid over another region's kecamatan and villages, all simulated."""
    rng = _rng(seed, "events")
    kecamatan = wilayah.group_by("kode_kec", "nama_kec").agg(pl.col("jenis").unique().sort()).sort("kode_kec").rows()
    first, last = (_window_day(window, offset) for offset in RAKOR_DAYS)
    days = [day for day in _days(first, last) if day.weekday() < 5] or _days(first, last)
    rows = [
        (
            days[rank * len(days) // len(kecamatan)],
            "rakor",
            kode,
            f"Rakor SP2020 Online bersama {_participants(kinds)}, Kecamatan {nama} (simulasi)",
            True,
        )
        for rank, (kode, nama, kinds) in zip(rng.permutation(len(kecamatan)), kecamatan, strict=True)
    ]
    rows.append((_window_day(window, REGION_RAKOR_DAY), "rakor", region.kode, _region_rakor_text(region), True))
    chosen = rng.permutation(len(kecamatan))[: len(SOSIALISASI_DAYS)]
    for offset, index in zip(SOSIALISASI_DAYS, chosen, strict=False):
        kode_kec, nama_kec, _ = kecamatan[index]
        villages = wilayah.filter(pl.col("kode_kec") == kode_kec).sort("kode_desa")
        kode, nama, jenis = villages.select("kode_desa", "nama_desa", "jenis").row(int(rng.integers(villages.height)))
        tempat = f"{jenis.capitalize()} {nama}, {nama_kec}"
        rows.append(
            (
                _window_day(window, offset),
                "sosialisasi",
                kode,
                f"Sosialisasi SP2020 Online di balai {tempat} (simulasi)",
                True,
            )
        )
    return pl.DataFrame(rows, schema=EVENT_SCHEMA, orient="row").sort("tanggal", "kode")


# --- submissions -------------------------------------------------------------------------------------


def simulate_submissions(
    wilayah: pl.DataFrame,
    targets: pl.DataFrame,
    events: pl.DataFrame,
    seed: int = 2020,
    *,
    region: Kabupaten | None = None,
    window: Window | None = None,
) -> pl.DataFrame:
    """One row per submission, as in a real export (before any validation), in the window (default SP2020
    Online's own) and a few days around it.

    Rows come in the order they were sent. `_rusak` marks the rows broken on purpose (the importer
    must reject them); drop it before writing anything.
    """
    region = region_of(wilayah, region)
    window = window or (WINDOW_START, WINDOW_END)
    villages = _villages(wilayah).join(targets.select("kode_desa", "kk"), on="kode_desa").sort("kode_desa")
    kecamatan = villages["kode_kec"].unique().sort().to_list()
    if _is_published(region):
        totals = _calibrated_totals(kecamatan, seed)
    else:
        totals = _derived_totals(villages.join(targets.select("kode_desa", "penduduk"), on="kode_desa"), region, seed)
    households = pl.concat(
        [
            _window_households(villages, kecamatan, events, totals, region, window, seed),
            _households_outside_window(villages, window, seed),
        ]
    )
    households = _with_personal_data(households, seed)
    submissions = _submissions(households, final_export_day(window), seed)
    return _as_exported(submissions, region, seed)


def _calibrated_totals(kecamatan: list[str], seed: int) -> np.ndarray:
    """Households responding in the window per kecamatan: the published figures with a few percent of noise."""
    jati = KK_RESPON_31_MARET["33.16.01"]
    published = np.array([KK_RESPON_31_MARET.get(kode) or SHARE_OF_JATI[kode] * jati for kode in kecamatan])
    noise = _rng(seed, "totals").normal(0.0, CALIBRATION_NOISE, len(kecamatan))
    noise = np.clip(noise, -2 * CALIBRATION_NOISE, 2 * CALIBRATION_NOISE)
    return np.round(published * (1.0 + noise)).astype(np.int64)


def _derived_totals(villages: pl.DataFrame, region: Kabupaten, seed: int) -> np.ndarray:
    """Households responding in the window per kecamatan of a region without published kecamatan figures: the
    response level of its province (or Indonesia) at the window's end, in households of the mean size, spread
    over the kecamatan by their households with a seeded spread (an assumption)."""
    level = RESPON_31_MARET_PROVINSI.get(region.kode_prov, RESPON_31_MARET_INDONESIA)
    persons_per_household = float(np.arange(1, 9) @ PERSONS_PER_HOUSEHOLD)
    per_kecamatan = villages.group_by("kode_kec").agg(pl.col("kk").sum(), pl.col("penduduk").sum()).sort("kode_kec")
    total = round(level * per_kecamatan["penduduk"].sum() / persons_per_household)
    weight = per_kecamatan["kk"].to_numpy() * _rng(seed, "totals").lognormal(
        0.0, KECAMATAN_LEVEL_SIGMA, per_kecamatan.height
    )
    return _rng(seed, "totals-split").multinomial(total, weight / weight.sum()).astype(np.int64)


def _window_days(window: Window) -> list[date]:
    return _days(*window)


def _day_factors(days: list[date]) -> np.ndarray:
    """Region-wide demand per day (launch, weekends, trend, deadline rush); the last day is the deadline."""
    offset = np.arange(len(days))
    launch = 1.0 + LAUNCH_BOOST * np.exp(-offset / LAUNCH_DECAY_DAYS)
    trend = 1.0 + TREND_PER_DAY * np.maximum(0, offset - 14)
    weekend = np.array([WEEKEND_FACTOR if day.weekday() >= 5 else 1.0 for day in days])
    rush = np.array([DEADLINE_RUSH.get((days[-1] - day).days, 0.0) for day in days])
    return np.where(rush > 0, rush * trend, launch * trend * weekend)


def _hour_weights(days: list[date]) -> np.ndarray:
    """(day, hour) share of each day's demand, with the site errors of 17 Feb 2020 (when in the window) and the
    overload of the deadline day (the last)."""
    weights = np.tile(HOUR_PROFILE / HOUR_PROFILE.sum(), (len(days), 1))
    if SITE_ERRORS_DAY in days:
        weights[days.index(SITE_ERRORS_DAY), list(SITE_ERRORS_HOURS)] *= SITE_ERRORS_FACTOR
    weights[-1, :12] *= DEADLINE_MORNING_FACTOR
    weights[-1, 12:] *= DEADLINE_AFTERNOON_FACTOR
    return weights


def _event_lift(kecamatan: list[str], days: list[date], events: pl.DataFrame, region: Kabupaten) -> np.ndarray:
    """(kecamatan, day) multiplier from the rakor in each kecamatan and the region's own rakor."""
    day_index = np.array([(day - days[0]).days for day in days])
    lift = np.ones((len(kecamatan), len(days)))
    for event_day, kode in events.filter(pl.col("jenis") == "rakor").select("tanggal", "kode").iter_rows():
        since = day_index - (event_day - days[0]).days
        fading = np.where(since >= 1, np.clip(1.0 - (since - 1) / LIFT_DAYS, 0.0, 1.0), 0.0)
        if kode == region.kode:
            lift *= 1.0 + KABUPATEN_LIFT * fading
        elif kode in kecamatan:
            lift[kecamatan.index(kode)] *= 1.0 + RAKOR_LIFT * fading
    return lift


def _village_propensity(villages: pl.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """Expected responding households per village, up to a factor: registered households x propensity."""
    kelurahan = (villages["jenis"] == "kelurahan").to_numpy()
    sigma = np.where(kelurahan, KELURAHAN_PROPENSITY_SIGMA, DESA_PROPENSITY_SIGMA)
    propensity = rng.lognormal(0.0, sigma) * np.where(kelurahan, KELURAHAN_PROPENSITY, 1.0)
    return villages["kk"].to_numpy() * propensity


def _allocate_capped(total: int, weights: np.ndarray, caps: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Multinomial draw of `total` over `weights` where no cell exceeds its cap; overflow is redrawn."""
    if total > caps.sum():
        raise ValueError(f"{total} households do not fit in {caps.sum()} registered ones")
    counts = np.zeros_like(caps)
    while (missing := total - counts.sum()) > 0:
        room = caps - counts
        open_weights = np.where(room > 0, weights, 0.0)
        counts += np.minimum(rng.multinomial(missing, open_weights / open_weights.sum()), room)
    return counts


def _window_households(
    villages: pl.DataFrame,
    kecamatan: list[str],
    events: pl.DataFrame,
    totals: np.ndarray,
    region: Kabupaten,
    window: Window,
    seed: int,
) -> pl.DataFrame:
    """Households whose first submission falls in the window: village and time of that submission."""
    rng = _rng(seed, "window")
    days = _window_days(window)
    day_noise = rng.lognormal(0.0, DAY_NOISE_SIGMA, (len(kecamatan), len(days)))
    lift = _event_lift(kecamatan, days, events, region)
    demand = (_day_factors(days) * day_noise * lift)[:, :, None] * _hour_weights(days)
    demand = demand.reshape(len(kecamatan), -1)
    # exact totals per kecamatan, spread over the hours of the window by demand
    per_hour = rng.multinomial(totals, demand / demand.sum(axis=1, keepdims=True))
    cell = np.repeat(np.arange(per_hour.size), per_hour.ravel())
    hour_of_window = cell % per_hour.shape[1]
    sent = (
        np.datetime64(window[0], "s")
        + hour_of_window * np.timedelta64(3600, "s")
        + rng.integers(0, 3600, cell.size) * np.timedelta64(1, "s")
    )

    # villages: each kecamatan's households split over its villages, none above its registered kk
    village_kecamatan = np.searchsorted(kecamatan, villages["kode_kec"].to_numpy())
    propensity = _village_propensity(villages, rng)
    caps = villages["kk"].to_numpy()
    per_village = np.zeros(villages.height, dtype=np.int64)
    for index, total in enumerate(totals):
        mine = village_kecamatan == index
        per_village[mine] = _allocate_capped(int(total), propensity[mine], caps[mine], rng)
    # households and village slots are both grouped by kecamatan; shuffle the slots within each one
    village_slots = np.repeat(np.arange(villages.height), per_village)
    shuffled = np.lexsort((rng.random(village_slots.size), village_kecamatan[village_slots]))
    return pl.DataFrame(
        {
            "kode_desa": villages["kode_desa"].to_numpy()[village_slots[shuffled]],
            "waktu": sent.astype("datetime64[ms]"),
            "dalam_jendela": np.ones(cell.size, dtype=bool),
        }
    )


def _households_outside_window(villages: pl.DataFrame, window: Window, seed: int) -> pl.DataFrame:
    """A few trial submissions before the launch and a few after the deadline, up to the last export."""
    rng = _rng(seed, "outside")
    frames = []
    trial_days = (window[0] - timedelta(days=TRIAL_DAYS_BEFORE), window[0] - timedelta(days=1))
    late_days = (window[1] + timedelta(days=1), final_export_day(window))
    for count, (first, last) in ((TRIAL_HOUSEHOLDS, trial_days), (LATE_HOUSEHOLDS, late_days)):
        propensity = _village_propensity(villages, rng)
        village = rng.choice(villages.height, count, p=propensity / propensity.sum())
        day = rng.integers(0, (last - first).days + 1, count)
        hour = rng.choice(24, count, p=HOUR_PROFILE / HOUR_PROFILE.sum())
        seconds = day * 86_400 + hour * 3600 + rng.integers(0, 3600, count)
        frames.append(
            pl.DataFrame(
                {
                    "kode_desa": villages["kode_desa"].to_numpy()[village],
                    "waktu": (np.datetime64(first, "s") + seconds * np.timedelta64(1, "s")).astype("datetime64[ms]"),
                    "dalam_jendela": np.zeros(count, dtype=bool),
                }
            )
        )
    return pl.concat(frames)


def _draw_unique_codes(draw: Callable[[np.ndarray], np.ndarray], count: int, taken: np.ndarray) -> np.ndarray:
    """Codes for rows 0..count-1 from `draw(rows)`, distinct from each other and from `taken`; clashes are redrawn."""
    codes = draw(np.arange(count))
    while True:
        _, first_seen = np.unique(codes, return_index=True)
        clash = np.ones(count, dtype=bool)
        clash[first_seen] = False
        clash |= np.isin(codes, taken)
        if not clash.any():
            return codes
        rows = np.flatnonzero(clash)
        codes[rows] = draw(rows)


def _dukcapil_number(
    region: np.ndarray, day: np.ndarray, month: np.ndarray, year: np.ndarray, serial: np.ndarray
) -> np.ndarray:
    """16 digits the way Dukcapil builds a KK number or a NIK: region (6), date DDMMYY (6), serial (4)."""
    return (((region * 100 + day) * 100 + month) * 100 + year) * 10_000 + serial


def _ddmmyy(rng: np.random.Generator, count: int, first: date, last: date) -> tuple[np.ndarray, ...]:
    """Random dates between `first` and `last` as (day, month, two-digit year) arrays."""
    dates = np.datetime64(first, "D") + rng.integers(0, (last - first).days + 1, count)
    months = dates.astype("datetime64[M]")
    day = (dates - months).astype(np.int64) + 1
    month = months.astype(np.int64) % 12 + 1
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    return day, month, year % 100


def _with_personal_data(households: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Members, final status, KK number and the head's name, NIK and address (all fake)."""
    rng = _rng(seed, "personal")
    count = households.height
    # Dukcapil's 6-digit region of issue: province, kabupaten, kecamatan ('33.16.05.…' → 331605)
    kode = pl.col("kode_desa")
    region = (
        households.select(
            pl.concat_str(kode.str.slice(0, 2), kode.str.slice(3, 2), kode.str.slice(6, 2)).cast(pl.Int64)
        )
        .to_series()
        .to_numpy()
    )

    def kk_numbers(rows: np.ndarray) -> np.ndarray:
        # issued before Dukcapil's June 2019 cut-off, which SP2020 Online checked against
        day, month, year = _ddmmyy(rng, rows.size, date(2006, 1, 1), date(2019, 6, 30))
        return _dukcapil_number(region[rows], day, month, year, rng.integers(1, 3000, rows.size))

    no_kk = _draw_unique_codes(kk_numbers, count, np.array([], dtype=np.int64))
    male = rng.random(count) < MALE_HEAD_SHARE

    def niks(rows: np.ndarray) -> np.ndarray:
        # the head's birth date; a woman's day of birth is written plus 40
        day, month, year = _ddmmyy(rng, rows.size, date(1940, 1, 1), date(1998, 12, 31))
        day = np.where(male[rows], day, day + 40)
        return _dukcapil_number(region[rows], day, month, year, rng.integers(1, 5000, rows.size))

    # a NIK never doubles as a KK number: that would make a personal value look like a household key
    nik = _draw_unique_codes(niks, count, no_kk)

    first_name = np.where(male, rng.choice(MALE_NAMES, count), rng.choice(FEMALE_NAMES, count))
    second_name = np.where(male, rng.choice(MALE_SECOND_NAMES, count), rng.choice(FEMALE_SECOND_NAMES, count))
    two_words = rng.random(count) < TWO_WORD_NAME_SHARE
    clean_share = {kode: KK_CLEAN_31_MARET[kode] / KK_RESPON_31_MARET[kode] for kode in KK_CLEAN_31_MARET}
    return households.with_columns(
        rumah_tangga=pl.int_range(pl.len()),
        jumlah_art=pl.Series(rng.choice(np.arange(1, 9), count, p=PERSONS_PER_HOUSEHOLD)),
        clean=pl.Series(rng.random(count))
        < pl.col("kode_desa").str.slice(0, 8).replace_strict(clean_share, default=CLEAN_SHARE_OTHERS),
        no_kk=pl.Series(no_kk).cast(pl.String),
        nik=pl.Series(nik).cast(pl.String),
        nama=pl.when(pl.Series(two_words))
        .then(pl.concat_str(pl.Series(first_name), pl.Series(second_name), separator=" "))
        .otherwise(pl.Series(first_name)),
        alamat=pl.format(
            "Dk. {}, RT {}/RW {}",
            pl.Series(rng.choice(DUKUH, count)),
            pl.Series(rng.integers(1, 9, count)).cast(pl.String).str.zfill(2),
            pl.Series(rng.integers(1, 6, count)).cast(pl.String).str.zfill(2),
        ),
    )


def _submissions(households: pl.DataFrame, final_export: date, seed: int) -> pl.DataFrame:
    """Each household's first submission, and for a few a second one; id_submisi follows sending order."""
    rng = _rng(seed, "submissions")
    repeats = households.filter(pl.Series(rng.random(households.height) < REPEAT_SHARE) & pl.col("dalam_jendela"))
    count = repeats.height
    first_day = repeats["waktu"].dt.date().to_numpy().astype("datetime64[D]")
    # the second one comes 0-10 days later, at an ordinary hour, but before the final export
    max_days = np.minimum(REPEAT_MAX_DAYS, (np.datetime64(final_export, "D") - first_day).astype(np.int64))
    later_day = first_day + np.floor(rng.random(count) * (max_days + 1)).astype(np.int64)
    hour = rng.choice(24, count, p=HOUR_PROFILE / HOUR_PROFILE.sum())
    second = later_day.astype("datetime64[s]") + (hour * 3600 + rng.integers(0, 3600, count)) * np.timedelta64(1, "s")
    first = repeats["waktu"].to_numpy().astype("datetime64[s]")
    too_early = second <= first
    second[too_early] = first[too_early] + rng.integers(300, 3 * 3600, int(too_early.sum())) * np.timedelta64(1, "s")
    art_change = np.where(rng.random(count) < REPEAT_CHANGES_ART, rng.choice([-1, 1], count), 0)

    final_status = pl.when(pl.col("clean")).then(pl.lit("clean")).otherwise(pl.lit("respon"))
    was_repeated = pl.col("rumah_tangga").is_in(repeats["rumah_tangga"].implode())
    firsts = households.with_columns(status=pl.when(was_repeated).then(pl.lit("respon")).otherwise(final_status))
    seconds = repeats.with_columns(
        waktu=pl.Series(second.astype("datetime64[ms]")),
        jumlah_art=(pl.col("jumlah_art") + pl.Series(art_change)).clip(1, 8),
        status=final_status,
    )
    ordered = pl.concat([firsts, seconds]).sort("waktu", "rumah_tangga")
    # ids are issued by the national site in sending order, with other regions' submissions in between
    serial = 1_000_000_000 + np.cumsum(rng.integers(1, 400, ordered.height))
    return ordered.with_columns(id_submisi=pl.format("SP{}", pl.Series(serial)))


def _as_exported(submissions: pl.DataFrame, region: Kabupaten, seed: int) -> pl.DataFrame:
    """Text columns as in an export: mixed code and time formats, a few broken rows and duplicate lines."""
    rng = _rng(seed, "export")
    count = submissions.height
    style = rng.random(count)
    waktu = pl.col("waktu")
    as_text = submissions.select(
        "id_submisi",
        kode_desa=pl.when(pl.Series(rng.random(count) < UNDOTTED_SHARE))
        .then(pl.col("kode_desa").str.replace_all(".", "", literal=True))
        .otherwise(pl.col("kode_desa")),
        # most exports carry WIB wall time; some an explicit offset; some the same instant in UTC
        waktu_submit=pl.when(pl.Series(style < UTC_SHARE))
        .then((waktu - pl.duration(hours=7)).dt.strftime("%Y-%m-%dT%H:%M:%SZ"))
        .when(pl.Series(style < UTC_SHARE + WITH_OFFSET_SHARE))
        .then(waktu.dt.strftime("%Y-%m-%dT%H:%M:%S+07:00"))
        .otherwise(waktu.dt.strftime("%Y-%m-%d %H:%M:%S")),
        jumlah_art=pl.col("jumlah_art").cast(pl.String),
        no_kk="no_kk",
        status="status",
        nama="nama",
        nik="nik",
        alamat="alamat",
    )
    return _broken(as_text, region, rng)


def _broken(submissions: pl.DataFrame, region: Kabupaten, rng: np.random.Generator) -> pl.DataFrame:
    """Break about 1 % of the rows the way real exports break, and repeat a few lines exactly."""
    digits = region.kode.replace(".", "")
    # the same village number under the next code, another kabupaten/kota (Blora's: Rembang, 33.17)
    neighbour = f"{int(digits) + 1:04d}"
    count = submissions.height
    broken_count = round(BROKEN_SHARE * (count + DUPLICATE_LINES)) - DUPLICATE_LINES
    chosen = rng.choice(count, broken_count + DUPLICATE_LINES, replace=False)
    broken, duplicated = chosen[:broken_count], chosen[broken_count:]
    kind = np.full(count, "", dtype=object)
    kind[broken] = rng.choice(
        ["art_nol", "art_teks", "art_kosong", "kk_15", "desa_tak_dikenal", "desa_luar", "waktu_mustahil", "waktu_teks"],
        broken_count,
    )
    how = pl.col("_rusak_cara")
    undotted = pl.col("kode_desa").str.replace_all(".", "", literal=True)
    damaged = submissions.with_columns(
        _rusak_cara=pl.Series(kind, dtype=pl.String), _urutan=pl.int_range(pl.len()) * 2
    ).with_columns(
        jumlah_art=pl.when(how == "art_nol")
        .then(pl.lit("0"))
        .when(how == "art_teks")
        .then(pl.format("{} orang", "jumlah_art"))
        .when(how == "art_kosong")
        .then(pl.lit(""))
        .otherwise("jumlah_art"),
        no_kk=pl.when(how == "kk_15").then(pl.col("no_kk").str.slice(0, 15)).otherwise("no_kk"),
        kode_desa=pl.when(how == "desa_tak_dikenal")
        .then(pl.lit(f"{digits}999999"))
        .when(how == "desa_luar")
        .then(pl.concat_str(pl.lit(neighbour), undotted.str.slice(4)))
        .otherwise("kode_desa"),
        waktu_submit=pl.when(how == "waktu_mustahil")
        .then(pl.lit("31/02/2020 10:00"))
        .when(how == "waktu_teks")
        .then(pl.lit("kemarin"))
        .otherwise("waktu_submit"),
        _rusak=how != "",
    )
    # an exact copy of a line, right after it (an export tool writing a row twice)
    copies = damaged[np.sort(duplicated)].with_columns(_urutan=pl.col("_urutan") + 1, _rusak=pl.lit(True))
    return pl.concat([damaged, copies]).sort("_urutan").select(*COLUMNS, "_rusak")


# --- exports ---------------------------------------------------------------------------------------


def _wib(waktu_submit: pl.Expr) -> pl.Expr:
    """The WIB wall time of an export timestamp: without offset it is WIB, with one it is converted."""
    text = waktu_submit.str.strip_chars()
    local = text.str.to_datetime("%Y-%m-%d %H:%M:%S", strict=False)
    with_offset = (
        text.str.replace(r"Z$", "+00:00")
        .str.to_datetime("%Y-%m-%dT%H:%M:%S%z", strict=False)
        .dt.convert_time_zone(WIB)
        .dt.replace_time_zone(None)
    )
    return pl.coalesce(local, with_offset)


def write_exports(submissions: pl.DataFrame, out_dir: Path, window: Window | None = None) -> list[Path]:
    """Write the submissions as the office would receive them: weekly snapshot export files.

    Returns their paths in import order.

    Each weekly file (export_schedule: cut a week after the launch and weekly on, Saturdays in 2020) holds the
    submissions sent up to that day that were not in an earlier file, with the status they had then; the last
    file, after the deadline, is a snapshot of all of them with their final status. `submissions` must be in
    sending order, as simulate_submissions returns them: a row whose time is unreadable is filed with the row
    before it.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    sent_at = _wib(pl.col("waktu_submit")).forward_fill().backward_fill()
    rows = submissions.drop("_rusak", strict=False).with_columns(_waktu=sent_at)
    # checking took 0-6 days; drawn from the id so that the same rows always give the same files
    check_days = pl.col("id_submisi").str.slice(-3).cast(pl.Int64, strict=False).fill_null(0) % (MAX_CHECK_DAYS + 1)
    rows = rows.with_columns(_diperiksa=pl.col("_waktu").dt.date() + pl.duration(days=check_days))

    paths = []
    previous_cut = None
    schedule = export_schedule(window or (WINDOW_START, WINDOW_END))
    for cut, file_format in schedule:
        sent = pl.col("_waktu").dt.date() <= cut
        if (cut, file_format) == schedule[-1]:
            snapshot = rows
        else:
            new = sent if previous_cut is None else sent & (pl.col("_waktu").dt.date() > previous_cut)
            checked = (pl.col("status") == "clean") & (pl.col("_diperiksa") <= cut)
            snapshot = rows.filter(new).with_columns(
                status=pl.when(checked).then(pl.lit("clean")).otherwise(pl.lit("respon"))
            )
        snapshot = snapshot.sort("_waktu", maintain_order=True).select(COLUMNS)
        path = out_dir / f"export_{cut.isoformat()}.{file_format}"
        _write(snapshot, path, file_format, cut)
        paths.append(path)
        previous_cut = cut
    return paths


def _write(frame: pl.DataFrame, path: Path, file_format: str, cut: date) -> None:
    if file_format == "csv":
        frame.write_csv(path)
    elif file_format == "parquet":
        frame.write_parquet(path)
    else:
        # a fixed creation time keeps the workbook byte-identical from run to run
        with Workbook(str(path)) as workbook:
            workbook.set_properties({"created": datetime(cut.year, cut.month, cut.day, 18, 0)})
            frame.write_excel(workbook, worksheet="ekspor", autofit=False)


def simulate(
    wilayah: pl.DataFrame,
    out_dir: Path,
    seed: int = 2020,
    *,
    region: Kabupaten | None = None,
    window: Window | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame, list[Path]]:
    """The demo of the region of `wilayah` (its villages: wilayah_indonesia.wilayah(kode)) over `window`
    (default SP2020 Online's own). Returns (targets, events, export paths)."""
    region = region_of(wilayah, region)
    window = window or (WINDOW_START, WINDOW_END)
    targets = demo_targets(wilayah, seed, region=region)
    events = demo_events(wilayah, seed, region=region, window=window)
    submissions = simulate_submissions(wilayah, targets, events, seed, region=region, window=window)
    return targets, events, write_exports(submissions, Path(out_dir), window)
