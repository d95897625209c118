"""Reference areas of Kabupaten Blora: 16 kecamatan, 295 desa/kelurahan (data/wilayah_blora.csv).

The CSV is extracted from idn-area-data 3.1.2 (ODbL) by scripts/extract_wilayah.py.
"""

import re

import duckdb

from sensus.core.config import KODE_KAB, ROOT

WILAYAH_CSV = ROOT / "data" / "wilayah_blora.csv"


def ensure_loaded(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the kecamatan and desa tables of a new store from the committed reference file."""
    if con.sql("select count(*) from desa").fetchall()[0][0]:
        return
    con.execute(
        "create or replace temp table wilayah_csv as select * from read_csv($path, all_varchar = true)",
        {"path": str(WILAYAH_CSV)},
    )
    con.execute("insert into kecamatan select distinct kode_kec, nama_kec from wilayah_csv order by kode_kec")
    con.execute("insert into desa select kode_desa, nama_desa, jenis, kode_kec from wilayah_csv order by kode_desa")


def dotted(code: str) -> str | None:
    """'3316012001' or '33.16.01.2001' → '33.16.01.2001'; '331601' → '33.16.01'; None if not a code."""
    digits = re.sub(r"[.\s]", "", str(code))
    if not re.fullmatch(r"\d{4}|\d{6}|\d{10}", digits):
        return None
    parts = [digits[0:2], digits[2:4], digits[4:6], digits[6:10]]
    return ".".join(part for part in parts if part)


def level(code: str) -> str | None:
    """'kabupaten', 'kecamatan' or 'desa' for a dotted code of Blora, else None."""
    if code == KODE_KAB:
        return "kabupaten"
    if not code.startswith(KODE_KAB + "."):
        return None
    return {8: "kecamatan", 13: "desa"}.get(len(code))
