"""A straight-line census for the forecast: every kecamatan gains the same number of persons every day."""

from datetime import date, timedelta

import polars as pl

MULAI, SELESAI = date(2020, 2, 15), date(2020, 3, 31)
DAYS = [MULAI + timedelta(days=d) for d in range((SELESAI - MULAI).days + 1)]


def linear(per_day: dict[str, int], target: int = 10_000) -> pl.DataFrame:
    """One village per kecamatan, each gaining a constant number of persons (and households) every day."""
    rows = []
    for kode_kec, n in per_day.items():
        for i, day in enumerate(DAYS):
            rows.append(
                (f"{kode_kec}.2001", "Desa", kode_kec, "Kec", day, n, n, n * (i + 1), n * (i + 1), target, target)
            )
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
    return pl.DataFrame(rows, schema=columns, orient="row")
