"""Stalled alerts: villages and kecamatan with no new household in N days, or falling behind the target path.

- macet (stalled): no new household for `hari` days or more up to the as-of day; an area that never responded
  counts from the window's first day, so early in the window nothing is called stalled for days not yet lived;
- tertinggal (falling behind): below the target path today *and* its last 7 days added fewer percentage points
  than the path asks for in 7 days, so the gap is growing.
"""

from datetime import date, timedelta

import polars as pl

from sensus.core.calendar import STALLED_DAYS, WEEK, path_per_week, path_percent


def is_stalled(hari_tanpa_respon: pl.Expr, hari: int = STALLED_DAYS) -> pl.Expr:
    """The stalled rule, the only copy: no new household for `hari` days or more."""
    return hari_tanpa_respon >= hari


def is_falling_behind(persen: pl.Expr, jalur: pl.Expr, naik_7_hari: pl.Expr, per_week: float) -> pl.Expr:
    """Below the path today and the last week added less than the path climbs in a week: the gap grows."""
    return (persen < jalur) & (naik_7_hari < per_week)


def peringatan(
    harian: pl.DataFrame,
    tanggal: date,
    target_persen: float,
    jumlah_hari: int,
    tingkat: str = "desa",
    hari: int = STALLED_DAYS,
    ukuran: str = "penduduk",
) -> pl.DataFrame:
    """One row per area of `tingkat` ('desa' or 'kecamatan') with its flags, stalled and most behind first.

    Columns kode, nama, kode_kec, nama_kec, persen, jalur, hari_tanpa_respon, naik_7_hari (pp), macet, tertinggal.
    """
    shown = harian.filter(pl.col("tanggal") <= tanggal)
    if shown.is_empty():
        return pl.DataFrame()
    mulai, sampai = shown["tanggal"].min(), shown["tanggal"].max()
    jalur = path_percent(mulai, sampai, target_persen, jumlah_hari)
    per_week = path_per_week(target_persen, jumlah_hari)
    key, name = ("kode_desa", "nama_desa") if tingkat == "desa" else ("kode_kec", "nama_kec")
    groups = list(dict.fromkeys([key, name, "kode_kec", "nama_kec"]))
    per_day = shown.group_by(*groups, "tanggal").agg(
        pl.col("kk_baru").sum(),
        pl.col(f"{ukuran}_respon").sum().alias("respon"),
        pl.col(f"{ukuran}_target").sum().alias("target"),
    )
    week_ago = sampai - timedelta(days=WEEK)
    return (
        per_day.group_by(*groups)
        .agg(
            terakhir=pl.col("tanggal").filter(pl.col("kk_baru") > 0).max(),
            respon=pl.col("respon").filter(pl.col("tanggal") == sampai).first(),
            respon_lalu=pl.col("respon").filter(pl.col("tanggal") == week_ago).first(),
            target=pl.col("target").first(),
        )
        .filter(pl.col("target") > 0)
        .with_columns(
            persen=100 * pl.col("respon") / pl.col("target"),
            naik_7_hari=100 * (pl.col("respon") - pl.col("respon_lalu").fill_null(0)) / pl.col("target"),
            jalur=pl.lit(jalur),
            hari_tanpa_respon=(pl.lit(sampai) - pl.col("terakhir").fill_null(mulai - timedelta(days=1)))
            .dt.total_days()
            .cast(pl.Int64),
        )
        .with_columns(
            macet=is_stalled(pl.col("hari_tanpa_respon"), hari),
            tertinggal=is_falling_behind(pl.col("persen"), pl.col("jalur"), pl.col("naik_7_hari"), per_week),
        )
        .select(
            pl.col(key).alias("kode"),
            pl.col(name).alias("nama"),
            pl.col(key).str.head(8).alias("kode_kec_"),
            "nama_kec",
            "persen",
            "jalur",
            "hari_tanpa_respon",
            "naik_7_hari",
            "macet",
            "tertinggal",
        )
        .rename({"kode_kec_": "kode_kec"})
        .sort(["macet", "hari_tanpa_respon", "persen"], descending=[True, True, False])
    )
