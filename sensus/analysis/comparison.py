"""Published SP2020 Online figures to set Blora's curve against: Indonesia, Jawa Tengah, the kabupaten and
seven of its kecamatan, as dated points with their source (data/perbandingan_sp2020.csv, see data/NOTICE.md).

Points, never lines: nobody published a daily series, so drawing one between the points would invent it.
"""

from datetime import date
from pathlib import Path

import polars as pl

from sensus.core.config import KODE_KAB, ROOT

PERBANDINGAN = ROOT / "data" / "perbandingan_sp2020.csv"
SCHEMA = {
    "tanggal": pl.Date,
    "wilayah": pl.String,
    "kode": pl.String,
    "ukuran": pl.String,
    "nilai": pl.Int64,
    "persen": pl.Float64,
    "jenis_persen": pl.String,  # terbit (published) or turunan (derived here from a published count and base)
    "sumber": pl.String,
    "catatan": pl.String,
}
KODE_INDONESIA = ""
KODE_JATENG = "33"


def load_perbandingan(path: Path = PERBANDINGAN) -> pl.DataFrame:
    """Every published point, one row per date, area and measure."""
    return pl.read_csv(path, schema=SCHEMA)


def titik_banding(
    kode: str = KODE_KAB,
    sampai: date | None = None,
    ukuran: str = "penduduk",
    points: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The points to compare the area `kode` with: Indonesia, Jawa Tengah, Kabupaten Blora and, for a
    kecamatan, that kecamatan; only those published for `ukuran` and dated up to `sampai` (the as-of day, so
    a page set to an earlier day shows nothing it could not have known). Sorted by date, then area."""
    points = load_perbandingan() if points is None else points
    wanted = {KODE_INDONESIA, KODE_JATENG, KODE_KAB, kode}
    shown = points.filter(pl.col("kode").fill_null(KODE_INDONESIA).is_in(list(wanted)) & (pl.col("ukuran") == ukuran))
    if sampai is not None:
        shown = shown.filter(pl.col("tanggal") <= sampai)
    return shown.sort("tanggal", "kode", nulls_last=False)
