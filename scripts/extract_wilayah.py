"""Regenerate data/wilayah_blora.csv from the npm package idn-area-data (ODbL).

Usage: python scripts/extract_wilayah.py [PATH_TO_UNPACKED_PACKAGE]
Without a path it runs `npm pack idn-area-data@3.1.2` into a temporary folder.
"""

import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import polars as pl

VERSION = "3.1.2"
KODE_KAB = "33.16"
OUT = Path(__file__).resolve().parent.parent / "data" / "wilayah_blora.csv"


def unpack_package(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", f"idn-area-data@{VERSION}"], cwd=workdir, check=True)
    with tarfile.open(workdir / f"idn-area-data-{VERSION}.tgz") as archive:
        archive.extractall(workdir, filter="data")
    return workdir / "package"


def read_table(path: Path) -> pl.DataFrame:
    # names such as Soka"an carry a bare double quote: the files are not quoted CSV
    return pl.read_csv(path, infer_schema=False, quote_char=None)


def extract(package: Path) -> pl.DataFrame:
    kecamatan = read_table(package / "data" / "districts.csv").filter(pl.col("regency_code") == KODE_KAB)
    desa = read_table(package / "data" / "villages.csv")
    return (
        desa.join(kecamatan, left_on="district_code", right_on="code", suffix="_kec")
        .select(
            kode_desa=pl.col("code"),
            nama_desa=pl.col("name"),
            # Kemendagri: the 4-digit part starts with 1 for a kelurahan, 2 for a desa
            jenis=pl.when(pl.col("code").str.slice(9, 1) == "1").then(pl.lit("kelurahan")).otherwise(pl.lit("desa")),
            kode_kec=pl.col("district_code"),
            nama_kec=pl.col("name_kec"),
        )
        .sort("kode_desa")
    )


def main() -> None:
    if len(sys.argv) > 1:
        table = extract(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            table = extract(unpack_package(Path(tmp)))
    table.write_csv(OUT)
    print(f"{OUT}: {table.height} desa/kelurahan in {table['kode_kec'].n_unique()} kecamatan")


if __name__ == "__main__":
    main()
