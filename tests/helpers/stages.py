"""Two versions of one small Blora store, as the province's publish and read tests take them."""

from datetime import date
from pathlib import Path

import polars as pl

from sensus.ingest import importer
from sensus.store import database
from tests import fixtures


def two_versions(folder: Path) -> dict[str, Path]:
    """'first' after the fixture's first export, 'second' after both (a copy taken on), and the exports' paths."""
    paths = fixtures.write_exports(folder / "exports")
    first = folder / "first" / "sensus.duckdb"
    importer.ingest_targets(paths["targets"], first, cfg=fixtures.CFG)
    importer.load_submissions(paths["export_1"], first, cfg=fixtures.CFG)
    second = fixtures.copy_store(first, folder / "second")
    importer.load_submissions(paths["export_2"], second, cfg=fixtures.CFG)
    return {"first": first, "second": second, **paths}


def store_report(store: Path, tanggal: date, tingkat: str) -> pl.DataFrame:
    """The store's own figures: queries/reports/capaian.sql on the store itself."""
    con = database.connect_reader(store)
    try:
        return database.run_sql(
            con,
            "reports/capaian",
            tanggal=tanggal,
            tingkat=tingkat,
            kode_kec=None,
            kode_kab=fixtures.CFG.kode_kab,
            nama_kab=fixtures.CFG.nama_kab,
        )
    finally:
        con.close()
