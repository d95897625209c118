"""One typed function per queries/reports/*.sql: connection and scope in, polars DataFrame out."""

from datetime import date

import duckdb
import polars as pl

from sensus.scope import KABUPATEN, Scope
from sensus.store import run_sql

TINGKAT = ("kabupaten", "kecamatan", "desa")


def capaian(
    con: duckdb.DuckDBPyConnection,
    tanggal: date,
    tingkat: str = "kecamatan",
    kode_kec: str | None = None,
    scope: Scope = KABUPATEN,
) -> pl.DataFrame:
    """Targets, responses and rates of every area of `tingkat` as of `tanggal`."""
    if tingkat not in TINGKAT:
        raise ValueError(f"tingkat must be one of {TINGKAT}, not {tingkat!r}")
    kode_kec = scope.kecamatan(kode_kec)
    if scope.bound_kec and tingkat == "kabupaten":
        tingkat = "kecamatan"  # a camat's total is the kecamatan's
    return run_sql(con, "reports/capaian", tanggal=tanggal, tingkat=tingkat, kode_kec=kode_kec)


def kurva_harian(
    con: duckdb.DuckDBPyConnection,
    kode_kec: str | None = None,
    kode_desa: str | None = None,
    scope: Scope = KABUPATEN,
) -> pl.DataFrame:
    """Daily new and cumulative responses over the window for the kabupaten, a kecamatan or a village."""
    kode_kec = scope.kecamatan(kode_kec if kode_desa is None else kode_desa[:8])
    return run_sql(con, "reports/kurva_harian", kode_kec=kode_kec, kode_desa=kode_desa)


def run(con: duckdb.DuckDBPyConnection, name: str, scope: Scope = KABUPATEN, **params) -> pl.DataFrame:
    """Any named query under queries/, its $kode_kec / $kode_desa checked against the viewer's scope."""
    if "kode_kec" in params:
        params["kode_kec"] = scope.kecamatan(params["kode_kec"])
    if params.get("kode_desa"):
        scope.desa(params["kode_desa"])
    return run_sql(con, name, **params)


def status_data(con: duckdb.DuckDBPyConnection) -> dict:
    """Freshness and completeness of the store, as one dict."""
    return run_sql(con, "reports/status_data").row(0, named=True)
