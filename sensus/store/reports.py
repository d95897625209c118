"""One typed function per queries/reports/*.sql: connection and scope in, polars DataFrame out."""

from datetime import date

import duckdb
import polars as pl

from sensus.core.scope import KABUPATEN, OutOfScope, Scope
from sensus.store.database import run_sql, sql_text

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
    """Any named query under queries/, its $kode_kec / $kode_desa checked against the viewer's scope.

    A query that declares $kode_kec in its text always gets it: a caller that leaves it out still
    gets the viewer's kecamatan, never the whole kabupaten by omission.
    """
    if "kode_kec" in params or "$kode_kec" in sql_text(name):
        params["kode_kec"] = scope.kecamatan(params.get("kode_kec"))
    elif scope.is_bound:
        raise OutOfScope(f"{name} has no kecamatan dimension: not offered to a viewer bound to {scope.bound_kec}")
    if params.get("kode_desa"):
        scope.desa(params["kode_desa"])
    return run_sql(con, name, **params)


def status_data(con: duckdb.DuckDBPyConnection, scope: Scope = KABUPATEN) -> dict:
    """Freshness and completeness of the store (of the viewer's kecamatan when bound), as one dict."""
    return run_sql(con, "reports/status_data", kode_kec=scope.kecamatan(None)).row(0, named=True)


# ---- kecamatan, desa and data pages (issue 4) ----------------------------------------------------


def daftar_desa(
    capaian_: pl.DataFrame, capaian_lalu: pl.DataFrame, aktivitas: pl.DataFrame, hari_macet: int = 3
) -> pl.DataFrame:
    """The villages of a kecamatan for its ranking table and the rakor list; frames in, frame out.

    `capaian_` and `capaian_lalu` are capaian frames at desa level as of the day and 7 days before,
    `aktivitas` an aktivitas_desa frame for the same day. A village is stalled (`is_macet`) when it
    gained no household in the last `hari_macet` days.
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
            is_macet=pl.col("hari_tanpa_respon") >= hari_macet,
        )
        .drop("persen_kk_lalu", "persen_penduduk_lalu")
    )
