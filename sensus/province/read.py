"""The province reader: one in-memory DuckDB connection over the published marts, never over a kabupaten's store.

Opening (or `refresh()`) reads every kabupaten's CURRENT once and points views at exactly those versions' files;
the summary is copied into the connection. Until the next refresh the reader answers from that one snapshot, even
while kabupaten publish newer versions (their older folders are kept for a few versions, see publish.KEEP). A
kabupaten that has not published yet is simply absent. Its queries may run from several threads at once (each on a
cursor of its own); `refresh()` belongs to one thread.
"""

from datetime import date
from pathlib import Path

import duckdb
import polars as pl

from sensus.province import versions
from sensus.province.versions import SUMMARY


class ProvinceReader:
    def __init__(self, published_root: Path):
        self.root = versions.checked_root(published_root)
        self.con = duckdb.connect()
        self.snapshot: dict[str, int] = {}  # kode_kab → the version this reader reads
        self.is_summary_stale = False  # the summary file lagged CURRENT (a publish stopped before its rebuild)
        self._summary_key: tuple[int, int, int] | None = None
        self._is_open = False
        self.refresh()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "ProvinceReader":
        return self

    def __exit__(self, *_) -> None:
        self.close()

    def refresh(self) -> bool:
        """Move to the versions CURRENT names now; True when anything changed. Cheap when nothing did: one small
        file read per kabupaten and one stat."""
        snapshot = {
            kode_kab: versi
            for kode_kab in versions.published_kabupaten(self.root)
            if (versi := versions.current_version(self.root, kode_kab)) is not None
        }
        summary_key = _file_key(self.root / SUMMARY)
        if self._is_open and snapshot == self.snapshot and summary_key == self._summary_key:
            return False
        folders = [versions.version_folder(self.root, kode, versi) for kode, versi in snapshot.items()]
        files = {table: [folder / f"{table}.parquet" for folder in folders] for table in versions.TABLES}
        versions.create_views(self.con, files)
        versions.load_summary(self.con, self.root / SUMMARY if summary_key is not None else None)
        summarised = dict(self.con.sql("select distinct kode_kab, versi from ringkasan").fetchall())
        self.is_summary_stale = summarised != snapshot
        if self.is_summary_stale:
            # each version's own summary rows are a small file: the summary is built here from exactly this snapshot
            self.con.execute("create or replace table ringkasan as select * from ringkasan_terbit")
        self.snapshot, self._summary_key, self._is_open = snapshot, summary_key, True
        return True

    def peringkat(self, tanggal: date) -> pl.DataFrame:
        """The kabupaten ranked by household response rate as of `tanggal` (queries/province/peringkat.sql)."""
        return self._run("peringkat", tanggal=tanggal)

    def kurva_provinsi(self) -> pl.DataFrame:
        """The province's daily new and cumulative responses (queries/province/kurva_provinsi.sql)."""
        return self._run("kurva_provinsi")

    def data_terakhir(self) -> pl.DataFrame:
        """Each published kabupaten's last day with a new household (queries/province/data_terakhir.sql)."""
        return self._run("data_terakhir")

    def kecamatan(self, kode_kab: str, tanggal: date) -> pl.DataFrame:
        """One kabupaten's kecamatan as of `tanggal`; empty when it has not published
        (queries/province/kecamatan_kabupaten.sql)."""
        return self._run("kecamatan_kabupaten", kode_kab=kode_kab, tanggal=tanggal)

    def _run(self, name: str, **params) -> pl.DataFrame:
        # a cursor per query: a DuckDB connection serves one thread at a time, its cursors one each
        with self.con.cursor() as cur:
            return cur.sql(versions.sql_text(name), params=params or None).pl()


def _file_key(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)
