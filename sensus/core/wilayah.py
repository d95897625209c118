"""Reference areas of the configured region in a store, and the codes of its areas.

A new store is filled with its region's kecamatan and villages from the reference areas of Indonesia
(sensus.core.wilayah_indonesia, idn-area-data, ODbL).
"""

import re

import duckdb

from sensus.core import wilayah_indonesia


def ensure_loaded(con: duckdb.DuckDBPyConnection, kode_kab: str) -> None:
    """Fill the kecamatan and desa tables of a new store with the areas of the region `kode_kab`."""
    if con.sql("select count(*) from desa").fetchall()[0][0]:
        return
    con.register("areas", wilayah_indonesia.wilayah(kode_kab).to_arrow())
    try:
        con.execute("insert into kecamatan select distinct kode_kec, nama_kec from areas order by kode_kec")
        con.execute("insert into desa select kode_desa, nama_desa, jenis, kode_kec from areas order by kode_desa")
    finally:
        con.unregister("areas")


def dotted(code: str) -> str | None:
    """'3316012001' or '33.16.01.2001' → '33.16.01.2001'; '331601' → '33.16.01'; None if not a code."""
    digits = re.sub(r"[.\s]", "", str(code))
    if not re.fullmatch(r"\d{4}|\d{6}|\d{10}", digits):
        return None
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(part for part in parts if part)


def level(code: str, kode_kab: str) -> str | None:
    """'kabupaten', 'kecamatan' or 'desa' for a dotted code of the region `kode_kab`, else None."""
    if code == kode_kab:
        return "kabupaten"
    if not code.startswith(kode_kab + "."):
        return None
    return {8: "kecamatan", 13: "desa"}.get(len(code))


def tingkat_kode(code: str) -> str | None:
    """'kabupaten', 'kecamatan' or 'desa' by the shape of a dotted code alone ('33.74', '33.74.01',
    '33.74.01.1001'): for codes already checked against a region, as a store's are."""
    return {5: "kabupaten", 8: "kecamatan", 13: "desa"}.get(len(code))
