"""Reading the store: read-only connections on the published file, the SQL under queries/, and the meta table.

Readers attach the published file read-only and keep seeing the version they opened until they reopen: a
writer publishes a whole new file instead of changing the one they read (sensus.store.writer).
"""

from functools import cache
from pathlib import Path

import duckdb
import polars as pl

from sensus.core import wilayah_indonesia
from sensus.core.config import WIB
from sensus.core.paths import QUERIES
from sensus.core.wilayah_indonesia import Kabupaten
from sensus.store import files
from sensus.store.errors import StoreError, StoreMissing, store_error

# meta key of a store born as the demo (sensus.demo.builder writes it in the store's first version); a store without
# it is real. A demo store takes no real exports, targets, events or users; one-click demo users exist only on one.
DEMO_KEY = "demo"
# meta key of the region (kabupaten/kota code) a store was built for: its reference areas are that region's
KABUPATEN_KEY = "kabupaten"
# every store written before the region was recorded (schema 5 and older) served Kabupaten Blora
KABUPATEN_TANPA_CATATAN = "33.16"


@cache
def quote_identifier(name: str) -> str:
    """The one way an identifier (a table or column name) enters SQL text: values are always bound instead."""
    return '"' + name.replace('"', '""') + '"'


def sql_text(name: str) -> str:
    """The text of queries/<name>.sql, e.g. 'reports/laporan_desa'."""
    return (QUERIES / f"{name}.sql").read_text(encoding="utf-8")


def run_sql(con: duckdb.DuckDBPyConnection, name: str, **params) -> pl.DataFrame:
    """Run a named query with bound parameters and return a polars DataFrame."""
    return con.sql(sql_text(name), params=params or None).pl()


def read_meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.sql("select kunci, nilai from meta").fetchall())


def stored_region(meta: dict[str, str]) -> str:
    """The code of the region a store was built for, from its meta table."""
    return meta.get(KABUPATEN_KEY, KABUPATEN_TANPA_CATATAN)


def check_region(meta: dict[str, str], path: Path, region: Kabupaten) -> None:
    """StoreError 'wilayah_berbeda' naming both regions when the store was built for another region than `region`:
    its areas, targets and figures are another kabupaten's."""
    recorded = stored_region(meta)
    if recorded == region.kode:
        return
    try:
        nama_data = wilayah_indonesia.nama_wilayah(recorded)
    except wilayah_indonesia.WilayahTidakDikenal:
        nama_data = "?"
    raise StoreError(
        "wilayah_berbeda",
        path,
        kode_data=recorded,
        wilayah_data=nama_data,
        kode_konfigurasi=region.kode,
        wilayah_konfigurasi=region.nama,
    )


def connect_reader(path: Path, *, region: Kabupaten | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory connection with the published store attached read-only as its default catalog.

    With `region`, a store built for another region is refused (StoreError 'wilayah_berbeda'); the composition
    roots pass the configured one, tests and tools that only inspect a file may leave it out."""
    if not path.is_file():
        raise StoreMissing(path)
    for private in (path, files.salt_path(path)):
        files.warn_if_loose(private)
    con = duckdb.connect()
    # global, so the cursors of this connection count days in WIB too
    con.execute(f"set global TimeZone = '{WIB}'")
    try:
        # ATTACH rather than connect(path): DuckDB caches instances per path within a process, which
        # would hand back the old version after os.replace
        con.execute("attach $path as store (read_only)", {"path": str(path)})
        con.execute("use store")
    except duckdb.Error as error:
        con.close()
        raise store_error(error, path) or StoreError("penyimpanan_rusak", path) from None
    if region is not None:
        try:
            check_region(read_meta(con), path, region)
        except duckdb.Error:  # no meta table: not a store of ours
            con.close()
            raise StoreError("penyimpanan_rusak", path) from None
        except StoreError:
            con.close()
            raise
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of a reader for one thread, reading the attached store like its parent."""
    cur = con.cursor()
    cur.execute("use store")
    return cur


def is_demo_store(path: Path) -> bool:
    """True for a store born as the demo; False for a real one, a missing one or one that cannot be read."""
    try:
        con = connect_reader(path)
    except (StoreMissing, StoreError):
        return False
    try:
        return read_meta(con).get(DEMO_KEY) == "true"
    except duckdb.Error:
        return False
    finally:
        con.close()
