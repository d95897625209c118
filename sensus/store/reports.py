"""One typed function per queries/reports/*.sql: connection and the viewer's scope in, polars DataFrame out.

The scope is a required keyword: a report cannot run without saying whose view it serves, and an area
outside a bound scope raises OutOfScope before any SQL runs.
"""

from collections.abc import Sequence
from datetime import date

import duckdb
import polars as pl

from sensus.core.scope import OutOfScope, Scope
from sensus.core.wilayah_indonesia import Kabupaten
from sensus.store.database import run_sql, sql_text

TINGKAT = ("kabupaten", "kecamatan", "desa")


def capaian(
    con: duckdb.DuckDBPyConnection,
    tanggal: date,
    tingkat: str = "kecamatan",
    kode_kec: str | None = None,
    *,
    scope: Scope,
    region: Kabupaten,
) -> pl.DataFrame:
    """Targets, responses and rates of every area of `tingkat` as of `tanggal`; the region's row carries the code
    and name of `region`. The region's row is refused to a bound viewer (OutOfScope): their whole-scope total is
    tingkat=scope.total_level(), their kecamatan's row."""
    if tingkat not in TINGKAT:
        raise ValueError(f"tingkat must be one of {TINGKAT}, not {tingkat!r}")
    kode_kec = scope.kecamatan(kode_kec)
    if scope.is_bound and tingkat == "kabupaten":
        raise OutOfScope(f"the kabupaten's totals are outside the bound kecamatan {scope.bound_kec}")
    return run_sql(
        con,
        "reports/capaian",
        tanggal=tanggal,
        tingkat=tingkat,
        kode_kec=kode_kec,
        kode_kab=region.kode,
        nama_kab=region.nama,
    )


def kurva_harian(
    con: duckdb.DuckDBPyConnection,
    kode_kec: str | None = None,
    kode_desa: str | None = None,
    *,
    scope: Scope,
) -> pl.DataFrame:
    """Daily new and cumulative responses over the window for the kabupaten, a kecamatan or a village."""
    kode_kec = scope.kecamatan(kode_kec if kode_desa is None else kode_desa[:8])
    return run_sql(con, "reports/kurva_harian", kode_kec=kode_kec, kode_desa=kode_desa)


def rencana_harian(con: duckdb.DuckDBPyConnection, kode_kec: str | None = None, *, scope: Scope) -> pl.DataFrame:
    """Every village's daily and cumulative responses with its targets (outreach planning, alerts, forecasts)."""
    return run_sql(con, "reports/rencana_harian", kode_kec=scope.kecamatan(kode_kec))


def harian_desa(con: duckdb.DuckDBPyConnection, kode_kec: str | None = None, *, scope: Scope) -> pl.DataFrame:
    """New responses of every village on every day, for the village × day heatmap."""
    return run_sql(con, "reports/harian_desa", kode_kec=scope.kecamatan(kode_kec))


def aktivitas_desa(
    con: duckdb.DuckDBPyConnection, tanggal: date, kode_kec: str | None = None, *, scope: Scope
) -> pl.DataFrame:
    """When each village last gained a household as of `tanggal`, and what it gained in the last 7 days."""
    return run_sql(con, "reports/aktivitas_desa", tanggal=tanggal, kode_kec=scope.kecamatan(kode_kec))


def kegiatan(
    con: duckdb.DuckDBPyConnection, kode_kec: str | None = None, *, scope: Scope, region: Kabupaten
) -> pl.DataFrame:
    """Outreach events the scope sees: its own, its villages' and the region-wide ones (named as `region`)."""
    return run_sql(
        con,
        "reports/kegiatan",
        kode_kec=scope.kecamatan(kode_kec),
        kode_kab=region.kode,
        nama_kab=region.nama,
    )


def baris_ditolak(con: duckdb.DuckDBPyConnection, kode_kec: str | None = None, *, scope: Scope) -> pl.DataFrame:
    """Rows that failed validation, with file, line and reason, within the scope."""
    return run_sql(con, "reports/baris_ditolak", kode_kec=scope.kecamatan(kode_kec))


def ditolak_dipotong(con: duckdb.DuckDBPyConnection, *, scope: Scope) -> pl.DataFrame:
    """The imports that rejected more lines than they kept: impor_id, berkas, ditolak (all), disimpan (kept). A
    file's counts cover every kecamatan, so a bound viewer is refused (OutOfScope)."""
    if scope.is_bound:
        raise OutOfScope(f"an import's counts are outside the bound kecamatan {scope.bound_kec}")
    return run_sql(con, "reports/ditolak_dipotong")


def _unordered(name: str) -> str:
    """A report's SQL without its final ORDER BY, for counting or paging it: sorting a million rejected rows for an
    aggregate or one page cost ≈ 100 MB (bench/data_page_memory.py). Refuses a query whose last clause is not it."""
    head, found, tail = sql_text(name).rstrip().rpartition("\norder by ")
    if not found or any(c in tail for c in "()\n"):
        raise ValueError(f"{name}.sql does not end with one ORDER BY line")
    return head


def _ditolak(con: duckdb.DuckDBPyConnection, kode_kec: str | None, scope: Scope) -> duckdb.DuckDBPyRelation:
    """baris_ditolak's rows within the scope, not fetched yet: the store may hold millions of them, so counting and
    paging happen in DuckDB."""
    return con.sql(_unordered("reports/baris_ditolak"), params={"kode_kec": scope.kecamatan(kode_kec)})


def ringkasan_ditolak(con: duckdb.DuckDBPyConnection, kode_kec: str | None = None, *, scope: Scope) -> pl.DataFrame:
    """How many rejected rows each import holds per reason, within the scope: impor_id, berkas, alasan, n (a row
    per import and reason, whatever the number of rows)."""
    counts = _ditolak(con, kode_kec, scope).aggregate(
        "impor_id, berkas, alasan, count(*) as n", "impor_id, berkas, alasan"
    )
    return counts.order("impor_id desc, alasan").pl()


def halaman_ditolak(
    con: duckdb.DuckDBPyConnection,
    impor: Sequence[int],
    alasan: Sequence[str] = (),
    mulai: int = 0,
    batas: int | None = None,
    kode_kec: str | None = None,
    *,
    scope: Scope,
) -> pl.DataFrame:
    """The rejected rows of `impor` (and `alasan`, empty = all) within the scope, newest import first then by
    line: `batas` of them from row `mulai` (batas=None: all, for a download)."""
    rows = _ditolak(con, kode_kec, scope)
    if alasan:
        rows = rows.filter(_one_of("alasan", alasan))
    if batas is not None:
        # only the imports the page spans are sorted (a deep page of a million rows would sort them all to skip
        # them): their counts say where the page starts
        counts = rows.filter(_one_of("impor_id", impor)).aggregate("impor_id, count(*) as n", "impor_id")
        before, span = 0, []
        for impor_id, n in counts.order("impor_id desc").fetchall():
            if before + n > mulai and before < mulai + batas:
                span.append(impor_id)
            elif not span:
                before += n
        impor, mulai = span, mulai - before
    rows = rows.filter(_one_of("impor_id", impor)).order("impor_id desc, baris")
    return (rows.limit(batas, mulai) if batas is not None else rows).pl()


def _one_of(column: str, values: Sequence) -> duckdb.Expression | str:
    wanted = [duckdb.ConstantExpression(value) for value in values]
    return duckdb.ColumnExpression(column).isin(*wanted) if wanted else "false"


def kelengkapan_desa(con: duckdb.DuckDBPyConnection, kode_kec: str | None = None, *, scope: Scope) -> pl.DataFrame:
    """Every village's target and submission count: which ones lack either."""
    return run_sql(con, "reports/kelengkapan_desa", kode_kec=scope.kecamatan(kode_kec))


def impor(con: duckdb.DuckDBPyConnection, *, scope: Scope) -> pl.DataFrame:
    """The import history, newest first; for a kecamatan only its own rows per batch, no file names or totals."""
    return run_sql(con, "reports/impor", kode_kec=scope.kecamatan(None))


def status_data(con: duckdb.DuckDBPyConnection, tanggal: date | None = None, *, scope: Scope) -> dict:
    """Freshness and completeness of the store (of the viewer's kecamatan when bound), as one dict; with a day,
    the submissions, households and last day of data up to that day."""
    return run_sql(con, "reports/status_data", kode_kec=scope.kecamatan(None), tanggal=tanggal).row(0, named=True)
