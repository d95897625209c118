"""Published SP2020 Online figures to set a region's curve against: Indonesia, the region's province, the
kabupaten/kota itself and its kecamatan, whichever were published, as dated points with their source
(data/perbandingan_sp2020.csv, see data/NOTICE.md). Jawa Tengah, Kabupaten Blora and seven of Blora's kecamatan
have points; any other region gets Indonesia's alone, and no error.

Points, never lines: nobody published a daily series, so drawing one between the points would invent it.
"""

from datetime import date
from pathlib import Path
from urllib.parse import urlparse

import polars as pl

from sensus.core import wilayah_indonesia
from sensus.core.paths import DATA
from sensus.core.wilayah_indonesia import Kabupaten

PERBANDINGAN = DATA / "perbandingan_sp2020.csv"
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


def load_perbandingan(path: Path = PERBANDINGAN) -> pl.DataFrame:
    """Every published point, one row per date, area and measure."""
    return pl.read_csv(path, schema=SCHEMA)


def titik_banding(
    kode: str,
    sampai: date | None = None,
    ukuran: str = "penduduk",
    points: pl.DataFrame | None = None,
    *,
    wilayah: Kabupaten,
) -> pl.DataFrame:
    """The points to compare the area `kode` of the region `wilayah` with: Indonesia, the region's province, the
    region and, for a kecamatan, that kecamatan; only those published for `ukuran` and dated up to `sampai` (the
    as-of day, so a page set to an earlier day shows nothing it could not have known). Sorted by date, then
    area. An area without published points simply has none here."""
    points = load_perbandingan() if points is None else points
    wanted = {*_wilayah_terbit(wilayah), kode}
    shown = points.filter(pl.col("kode").fill_null(KODE_INDONESIA).is_in(list(wanted)) & (pl.col("ukuran") == ukuran))
    if sampai is not None:
        shown = shown.filter(pl.col("tanggal") <= sampai)
    return shown.sort("tanggal", "kode", nulls_last=False)


def _wilayah_terbit(wilayah: Kabupaten) -> list[str]:
    """The codes of the areas above and of the region whose points are shown: Indonesia, province, region."""
    return [KODE_INDONESIA, wilayah.kode_prov, wilayah.kode]


def titik_terbit(ukuran: str = "penduduk", points: pl.DataFrame | None = None, *, wilayah: Kabupaten) -> pl.DataFrame:
    """Every published percentage of Indonesia, the province of `wilayah` and the region itself, whatever its
    date: the online census was extended to 29 May 2020 and most points date from then. Public figures: a camat
    may see them too (they are not the dashboard's own kabupaten totals)."""
    points = load_perbandingan() if points is None else points
    wanted = _wilayah_terbit(wilayah)
    return points.filter(
        pl.col("kode").fill_null(KODE_INDONESIA).is_in(wanted)
        & (pl.col("ukuran") == ukuran)
        & pl.col("persen").is_not_null()
    ).sort("tanggal", "kode", nulls_last=False)


def cakupan_kecamatan_terbit(points: pl.DataFrame | None = None, *, wilayah: Kabupaten) -> dict:
    """What the per-kecamatan source covers, for the sentence under its chart: the source's site, how many
    kecamatan it gives a figure for, and how many the region has (not written into the texts: they follow the
    data)."""
    shown = kecamatan_terbit(points=points, wilayah=wilayah)
    sites = {urlparse(url).netloc.removeprefix("www.") for url in shown["sumber"]}
    total = wilayah_indonesia.wilayah(wilayah.kode)["kode_kec"].n_unique()
    return {"sumber": ", ".join(sorted(sites)), "n": shown.height, "total": total}


def kecamatan_terbit(
    kode_kec: str | None = None, points: pl.DataFrame | None = None, *, wilayah: Kabupaten
) -> pl.DataFrame:
    """The published counts of families responding per kecamatan of `wilayah` (for Blora: 31 Mar 2020, 7 of 16
    in the source; none for most regions), or of one kecamatan: kode, wilayah, tanggal, nilai, sumber."""
    points = load_perbandingan() if points is None else points
    shown = points.filter(
        pl.col("kode").str.starts_with(wilayah.kode + ".") & (pl.col("ukuran") == "kk") & pl.col("nilai").is_not_null()
    )
    if kode_kec is not None:
        shown = shown.filter(pl.col("kode") == kode_kec)
    return shown.select("kode", "wilayah", "tanggal", "nilai", "sumber").sort("nilai", descending=True)
