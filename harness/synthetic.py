"""Synthetic SP2020 Online-like exports and targets, for the drills (tests and bench) and the benchmarks.

Shaped like a real export (the contract's six columns plus nama, nik, alamat) but drawn at any size:
`synthetic_export(villages, rows, seed)`; `synthetic_targets(areas, seed)` gives a target per village.
"""

from pathlib import Path

import numpy as np
import polars as pl

from sensus.core import wilayah_indonesia

# what a real SP2020 Online export carries besides the contract: personal columns, dropped at the door
EXPORT_COLUMNS = ("id_submisi", "kode_desa", "waktu_submit", "jumlah_art", "no_kk", "status", "nama", "nik", "alamat")
NAMES = np.array(
    ["Siti Aminah", "Bambang Sutrisno", "Sri Wahyuni", "Agus Salim", "Dewi Lestari", "Budi Santoso", "Tri Rahayu"]
)


def region_villages(kode_kab: str) -> pl.DataFrame:
    """The villages of the region `kode_kab` (kode_desa, nama_desa, jenis, kode_kec, nama_kec), by code."""
    return wilayah_indonesia.wilayah(kode_kab)


def synthetic_targets(villages: pl.DataFrame, seed: int) -> pl.DataFrame:
    """A target per village: lognormal registered persons, households at the SP2010 size of 3.49."""
    rng = np.random.default_rng(seed)
    penduduk = rng.lognormal(8.0, 0.6, villages.height).clip(300, 60_000).astype(np.int64)
    return pl.DataFrame(
        {
            "kode_desa": villages["kode_desa"],
            "penduduk": penduduk,
            "kk": np.maximum(penduduk // 3.49, 1).astype(np.int64),
            "sumber": ["sintetis"] * villages.height,
        }
    )


def synthetic_export(
    villages: list[str], rows: int, seed: int, id_prefix: str = "S", repeat_share: float = 0.03
) -> pl.DataFrame:
    """An SP2020 Online-like export: `rows` submissions over `villages`, with personal columns.

    About `repeat_share` of the rows are a household's second submission (same no_kk, later, other
    size); kode_desa comes dotted or not; times spread over the window with a daytime rhythm; 89 %
    clean. Vectorised (numpy + polars): 10 M rows take about half a minute.
    """
    rng = np.random.default_rng(seed)
    village = rng.integers(0, len(villages), rows)
    # households of different seeds never meet: each seed has its own range of 20 M numbers
    first = seed * 20_000_000
    household = np.arange(first, first + rows, dtype=np.int64)
    repeat = rng.random(rows) < repeat_share
    household[repeat] = first + rng.integers(0, rows, int(repeat.sum()))
    seconds = rng.integers(0, 46 * 86400, rows)
    seconds = (seconds // 86400) * 86400 + rng.normal(14 * 3600, 4 * 3600, rows).clip(0, 86399).astype(np.int64)
    table = pl.DataFrame(
        {
            "n": np.arange(rows, dtype=np.int64),
            "household": household,
            "kode": pl.Series(list(villages)).gather(village),
            "waktu": pl.Series((seconds + 1_581_724_800) * 1_000_000).cast(pl.Datetime("us")),
            "art": rng.integers(1, 9, rows),
            "clean": rng.random(rows) < 0.89,
            "dots": rng.random(rows) < 0.5,
            "nama": NAMES[rng.integers(0, len(NAMES), rows)],
        }
    )
    # a repeated household's village is its first one's
    first_village = table.group_by("household").agg(pl.col("kode").first().alias("kode_rt"))
    table = table.join(first_village, on="household", how="left", maintain_order="left")
    return table.select(
        id_submisi=pl.lit(id_prefix) + pl.col("n").cast(pl.String).str.zfill(9),
        kode_desa=pl.when(pl.col("dots"))
        .then(pl.col("kode_rt"))
        .otherwise(pl.col("kode_rt").str.replace_all(".", "", literal=True)),
        waktu_submit=pl.col("waktu").dt.strftime("%Y-%m-%d %H:%M:%S"),
        jumlah_art=pl.col("art").cast(pl.String),
        # 16 digits, distinct per household (7919 is prime to 10^12)
        no_kk=pl.lit("3316") + ((pl.col("household") * 7919 + 12345) % 10**12).cast(pl.String).str.zfill(12),
        status=pl.when(pl.col("clean")).then(pl.lit("clean")).otherwise(pl.lit("respon")),
        nama=pl.col("nama"),
        nik=pl.lit("3317") + ((pl.col("n") * 104729 + 777) % 10**12).cast(pl.String).str.zfill(12),
        alamat=pl.lit("Dukuh Krajan RT ") + (pl.col("n") % 20).cast(pl.String).str.zfill(2),
    )


def write_export(table: pl.DataFrame, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        table.write_csv(path)
    elif path.suffix == ".parquet":
        table.write_parquet(path)
    elif path.suffix == ".xlsx":
        table.write_excel(path, autofit=False)
    else:
        raise ValueError(path)
    return path
