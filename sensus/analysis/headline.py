"""Headline figures and area lists of the monitoring pages: each rule written once, frames and numbers in and out.

The views show what these return; the daily message and the CLI use the same functions.
"""

import math

import polars as pl

from sensus.analysis import stalled
from sensus.core import calendar


def clean_share(kk_clean: int | None, kk_respon: int | None) -> float | None:
    """Percent of responding households whose latest submission passed BPS's checks; None before any response."""
    return 100 * kk_clean / kk_respon if kk_respon else None


def households_left(kk_target: int | None, kk_respon: int) -> int | None:
    """Registered households not yet responded (never negative: a target out of date leaves nobody to reach)."""
    return None if kk_target is None else max(kk_target - kk_respon, 0)


def households_to_target(kk_target: int | None, kk_respon: int, target_persen: float) -> int | None:
    """Households still needed to reach `target_persen` of the registered ones (whole households, rounded up)."""
    if kk_target is None:
        return None
    return max(math.ceil(kk_target * target_persen / 100) - kk_respon, 0)


def is_on_path(persen: float | None, jalur: float) -> bool | None:
    """At or above the target path today; None when the area has no rate (no target)."""
    return None if persen is None else persen >= jalur


def ranked_kecamatan(kecamatan: pl.DataFrame, seminggu: pl.DataFrame, ukuran: str, jalur: float) -> pl.DataFrame:
    """The kecamatan ranked by rate, with their gain over 7 days (`naik_7_hari`, pp) and `is_on_path`.

    `kecamatan` and `seminggu` are capaian frames at kecamatan level as of the day and a week before.
    """
    kolom = f"persen_{ukuran}"
    lalu = seminggu.select("kode", pl.col(kolom).alias("persen_lalu"))
    return (
        kecamatan.join(lalu, on="kode")
        .with_columns(naik_7_hari=pl.col(kolom) - pl.col("persen_lalu"), is_on_path=pl.col(kolom) >= jalur)
        .sort(kolom, descending=True, nulls_last=True)
    )


def daftar_desa(
    capaian_: pl.DataFrame,
    capaian_lalu: pl.DataFrame,
    aktivitas: pl.DataFrame,
    hari_macet: int = calendar.STALLED_DAYS,
) -> pl.DataFrame:
    """The villages of a kecamatan for its ranking table and the rakor list; frames in, frame out.

    `capaian_` and `capaian_lalu` are capaian frames at desa level as of the day and 7 days before,
    `aktivitas` an aktivitas_desa frame for the same day. A village is stalled (`is_macet`) by
    stalled.is_stalled: no household gained in the last `hari_macet` days.
    """
    lalu = capaian_lalu.select("kode", persen_kk_lalu="persen_kk", persen_penduduk_lalu="persen_penduduk")
    return (
        capaian_.join(lalu, on="kode", how="left")
        .join(aktivitas, on="kode", how="left")
        .with_columns(
            naik_7_hari_kk=pl.col("persen_kk") - pl.col("persen_kk_lalu"),
            naik_7_hari_penduduk=pl.col("persen_penduduk") - pl.col("persen_penduduk_lalu"),
            # more responses than registered (a target out of date) leaves nobody to reach, not a negative
            sisa_kk=(pl.col("kk_target") - pl.col("kk_respon")).clip(lower_bound=0),
            sisa_penduduk=(pl.col("penduduk_target") - pl.col("penduduk_respon")).clip(lower_bound=0),
            is_macet=stalled.is_stalled(pl.col("hari_tanpa_respon"), hari_macet),
        )
        .drop("persen_kk_lalu", "persen_penduduk_lalu")
    )
