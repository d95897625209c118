"""The layout of the published marts and the views a province connection reads them through.

    <published_root>/<kode_kab>/v<N>/<table>.parquet   one immutable version of a kabupaten's marts
    <published_root>/<kode_kab>/CURRENT                 the number of the version readers use ("3\\n")
    <published_root>/summary.parquet                   one row per kabupaten and day, from every CURRENT version

A version folder is complete before its name exists (built under a temporary name, then renamed), and CURRENT is
replaced whole, so whoever reads CURRENT and then the folder it names sees one whole version.
"""

import os
import re
from pathlib import Path

import duckdb

from sensus.core.paths import QUERIES

# the published tables, each written by queries/province/terbit_<name>.sql
TABLES = ("capaian_harian_desa", "desa", "kecamatan", "kabupaten", "ringkasan")
CURRENT = "CURRENT"
SUMMARY = "summary.parquet"
VERSION_NAME = re.compile(r"v([0-9]+)")
KABUPATEN_FOLDER = re.compile(r"[0-9]{2}\.[0-9]{2}")
# DuckDB's read_parquet takes a path as a glob pattern: a folder holding these could match other files
GLOB_CHARACTERS = re.compile(r"[*?\[\]{}]")

# the columns of each published table when no kabupaten has published yet (empty views keep the queries valid)
EMPTY = {
    "capaian_harian_desa": "kode_kab varchar, kode_desa varchar, kode_kec varchar, tanggal date, kk_baru integer, "
    "penduduk_baru integer, kk_respon integer, penduduk_respon integer, kk_clean integer",
    "desa": "kode_kab varchar, kode_desa varchar, nama_desa varchar, jenis varchar, kode_kec varchar, "
    "kk_target bigint, penduduk_target bigint",
    "kecamatan": "kode_kab varchar, kode_kec varchar, nama_kec varchar",
    "kabupaten": "kode_kab varchar, nama_kab varchar, versi integer, versi_penyimpanan integer, jendela varchar, "
    "demo boolean, diterbitkan timestamptz",
}
# the province summary and each version's own rows of it have one shape
EMPTY["summary"] = EMPTY["ringkasan"] = (
    "kode_kab varchar, nama_kab varchar, versi integer, tanggal date, kk_target bigint, penduduk_target bigint, "
    "kk_respon bigint, penduduk_respon bigint, kk_clean bigint, kk_baru bigint, penduduk_baru bigint, "
    "persen_kk double, persen_penduduk double"
)


class PublishedRootUnsafe(ValueError):
    """A published folder whose path DuckDB would read as a pattern; the message names it."""


def checked_root(published_root: Path) -> Path:
    root = Path(published_root).resolve()
    if GLOB_CHARACTERS.search(str(root)):
        raise PublishedRootUnsafe(f"{root}: the published folder's path may not contain any of * ? [ ] {{ }}")
    return root


def sql_text(name: str) -> str:
    """The text of queries/province/<name>.sql."""
    return (QUERIES / "province" / f"{name}.sql").read_text(encoding="utf-8")


def version_folder(root: Path, kode_kab: str, versi: int) -> Path:
    return root / kode_kab / f"v{versi}"


def current_version(root: Path, kode_kab: str) -> int | None:
    """The version CURRENT names, or None when the kabupaten has published nothing yet."""
    try:
        text = (root / kode_kab / CURRENT).read_text(encoding="ascii").strip()
    except FileNotFoundError:
        return None
    if not text.isdigit():
        raise ValueError(f"{root / kode_kab / CURRENT}: holds {text[:20]!r}, not a version number")
    return int(text)


def versions(root: Path, kode_kab: str) -> list[int]:
    """The numbers of the version folders present, ascending (temporary folders are not versions)."""
    folder = root / kode_kab
    if not folder.is_dir():
        return []
    found = (VERSION_NAME.fullmatch(entry.name) for entry in os.scandir(folder) if entry.is_dir())
    return sorted(int(match.group(1)) for match in found if match)


def published_kabupaten(root: Path) -> list[str]:
    """The codes of the kabupaten with a CURRENT version, sorted."""
    if not root.is_dir():
        return []
    names = (entry.name for entry in os.scandir(root) if KABUPATEN_FOLDER.fullmatch(entry.name))
    return sorted(name for name in names if (root / name / CURRENT).exists())


def current_files(root: Path) -> dict[str, list[Path]]:
    """For each published table, the files of every kabupaten's CURRENT version (a kabupaten that has not published
    is absent). CURRENT is read once per kabupaten, so the lists never mix two versions of one kabupaten."""
    files: dict[str, list[Path]] = {table: [] for table in TABLES}
    for kode_kab in published_kabupaten(root):
        versi = current_version(root, kode_kab)
        if versi is None:  # removed since the listing
            continue
        folder = version_folder(root, kode_kab, versi)
        for table in TABLES:
            files[table].append(folder / f"{table}.parquet")
    return files


def create_views(con: duckdb.DuckDBPyConnection, files: dict[str, list[Path]]) -> None:
    """Views named after the published tables over exactly `files` (`ringkasan_terbit` over each version's own
    summary rows). A table without files is an empty view."""
    for table, paths in files.items():
        view = "ringkasan_terbit" if table == "ringkasan" else table
        con.execute(f"create or replace view {view} as {_select(table, paths)}")


def load_summary(con: duckdb.DuckDBPyConnection, summary: Path | None) -> None:
    """The table `ringkasan` of the in-memory database: a copy of the summary file (a few thousand rows), or of
    nothing. A copy, so a summary replaced later does not change what this connection answers until it loads again;
    not a temp table, so the connection's cursors (one per thread) see it too."""
    paths = [summary] if summary is not None else []
    con.execute(f"create or replace table ringkasan as {_select('summary', paths)}")


def _select(table: str, paths: list[Path]) -> str:
    if not paths:
        return f"select * from (select {_nulls(EMPTY[table])}) where false"
    # the paths are checked (no pattern characters) and quoted; a view cannot take bound parameters
    listed = ", ".join("'" + str(path).replace("'", "''") + "'" for path in paths)
    return f"select * from read_parquet([{listed}])"


def _nulls(columns: str) -> str:
    return ", ".join(f"null::{kind} as {name}" for name, kind in (part.split() for part in columns.split(", ")))


def problems(published_root: Path) -> list[str]:
    """What is not whole in a published folder, as sentences naming the file: a CURRENT naming no version, a version
    folder missing a table, a file Parquet cannot read, a summary that cannot be read. Empty when all is well."""
    root = checked_root(published_root)
    found = []
    con = duckdb.connect()
    try:
        for kode_kab in published_kabupaten(root):
            try:
                current = current_version(root, kode_kab)
            except ValueError as error:
                found.append(str(error))
                continue
            numbers = versions(root, kode_kab)
            if current not in numbers:
                found.append(f"{root / kode_kab / CURRENT}: names v{current}, which is not there")
            for number in numbers:
                for table in TABLES:
                    path = version_folder(root, kode_kab, number) / f"{table}.parquet"
                    found.extend(_unreadable(con, path))
        if (root / SUMMARY).exists():
            found.extend(_unreadable(con, root / SUMMARY))
    finally:
        con.close()
    return found


def _unreadable(con: duckdb.DuckDBPyConnection, path: Path) -> list[str]:
    if not path.is_file():
        return [f"{path}: missing"]
    try:
        con.sql(f"select count(*) from ({_select('summary', [path])})").fetchall()
    except duckdb.Error as error:
        return [f"{path}: cannot be read ({type(error).__name__})"]
    return []
