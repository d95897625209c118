"""Publish a kabupaten's marts for the province, and rebuild the province summary.

A kabupaten's import writes its own store; publishing then reads that store read-only and writes its marts as
Parquet into a new version folder (sensus.province.versions describes the layout). Order of a publish, under the
kabupaten's lock:

1. write every table into a temporary folder, fsync each file and the folder;
2. rename the folder to v<N> (it is whole before the name exists);
3. replace CURRENT with N (readers switch here, and only here);
4. prune versions older than the last `keep` (a reader that listed an older version before the switch keeps its
   files until then);
5. rebuild summary.parquet from every kabupaten's CURRENT version, under the province's lock, by replace: the
   previous summary's rows of the kabupaten that did not change, this kabupaten's own summary rows.

A process killed at any step leaves CURRENT naming a whole version: before 3 the old one, after it the new one.
Its leftovers (a temporary folder, a version folder CURRENT never named) are removed by the next publish.

With a PostgreSQL DSN (`postgres=`), the same version is then also written into PostgreSQL in one transaction,
with the store file's bytes for replicas without a shared disk (sensus.province.postgres). The files come first:
a server that is down or goes away fails the publish with a clear message after the files are switched, and the
next publish brings PostgreSQL up to date (its version numbers continue from the higher of the two).
A publish reads only its own store, the previous summary and one small file per changed kabupaten, so its cost
does not grow with the number of kabupaten beyond the summary's rows (46 a kabupaten) and a CURRENT read each.
"""

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from sensus.core import wilayah_indonesia
from sensus.province import postgres as pg
from sensus.province import versions
from sensus.province.versions import CURRENT, SUMMARY, TABLES

KEEP = 3  # versions kept per kabupaten: the current one and the two before it


class PublishFailed(Exception):
    """A store that cannot be published; the message names the store and the reason."""


def publish(
    store_path: Path,
    kode_kab: str,
    published_root: Path,
    *,
    postgres: str | None = None,
    nama_kab: str | None = None,
    keep: int = KEEP,
    is_summary_rebuilt: bool = True,
    is_region_checked: bool = True,
) -> int:
    """Publish the marts of the store at `store_path` as the next version of `kode_kab`; returns its number.

    `nama_kab` defaults to the reference areas' name of the code. The summary is rebuilt afterwards unless
    `is_summary_rebuilt` is False (a caller publishing many kabupaten at once rebuilds it once, at the end).
    A store holding a village outside `kode_kab` is refused (PublishFailed) unless `is_region_checked` is False
    (a copy of one region's store published under several codes, to try the mechanics).

    With `postgres` (a DSN) the version is also written there, with the store's bytes read from the very file the
    marts came from; PublishFailed when that fails (the files are published by then)."""
    kode_kab = wilayah_indonesia.kode_kabupaten(kode_kab)
    nama_kab = nama_kab or wilayah_indonesia.nama_wilayah(kode_kab)
    if keep < 1:
        raise ValueError(f"keep must be at least 1, not {keep}")
    root = versions.checked_root(published_root)
    folder = root / kode_kab
    folder.mkdir(parents=True, exist_ok=True)
    # one in-memory connection for the version and the summary: opening one costs more than either's queries
    with duckdb.connect() as con, _locked(folder / ".lock"), contextlib.ExitStack() as held:
        current = versions.current_version(root, kode_kab) or 0
        _remove_leftovers(folder, current)
        versi = max([current, *versions.versions(root, kode_kab)]) + 1
        unreachable = None
        if postgres is not None:
            try:
                versi = max(versi, pg.last_version(postgres, kode_kab) + 1)
            except pg.PostgresUnavailable as error:
                unreachable = error  # the files are published all the same
        draft = folder / f".tmp-v{versi}-{os.getpid()}"
        try:
            store_fd = _open_store(held, Path(store_path)) if postgres is not None and unreachable is None else None
            _write_version(con, Path(store_path), kode_kab, nama_kab, versi, draft, is_region_checked)
            if store_fd is not None and not _is_same_file(store_fd, Path(store_path)):
                # an import replaced the store between opening its bytes and reading its marts: read both again
                store_fd = _open_store(held, Path(store_path))
                shutil.rmtree(draft)
                _write_version(con, Path(store_path), kode_kab, nama_kab, versi, draft, is_region_checked)
            os.replace(draft, versions.version_folder(root, kode_kab, versi))
            _fsync(folder)
            _replace_text(folder / CURRENT, f"{versi}\n")
        except BaseException:
            shutil.rmtree(draft, ignore_errors=True)
            raise
        _prune(root, kode_kab, versi, keep)
        if is_summary_rebuilt:
            _rebuild_summary(con, root)
        if postgres is not None:
            if unreachable is None:
                try:
                    pg.publish_version(
                        postgres, kode_kab, versi, versions.version_folder(root, kode_kab, versi), store_fd, keep=keep
                    )
                except (pg.PostgresUnavailable, ValueError) as error:
                    unreachable = error
            if unreachable is not None:
                raise PublishFailed(
                    f"{store_path}: version {versi} of {kode_kab} is published as files only: {unreachable}"
                )
    return versi


def _open_store(held: contextlib.ExitStack, store_path: Path) -> int | None:
    """The store file opened for its bytes, closed with `held`: an import replaces the path, never this file's
    contents, so the bytes stay those of the version the marts are read from. None: no store (refused later)."""
    try:
        fd = os.open(store_path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    held.callback(os.close, fd)
    return fd


def _is_same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def rebuild_summary(published_root: Path) -> Path:
    """Write summary.parquet (queries/province/ringkasan.sql) from every kabupaten's CURRENT version; returns it.

    Incremental: the previous summary's rows stay for each kabupaten whose CURRENT version they already are, and
    only the other kabupaten's own summary rows are read, so a publish reads one small file of its own plus the
    previous summary, however many kabupaten the province holds. Under the province's lock, so two publishes never
    interleave: each reads CURRENT after taking it, so the last one to finish includes both."""
    root = versions.checked_root(published_root)
    root.mkdir(parents=True, exist_ok=True)
    with duckdb.connect() as con:
        return _rebuild_summary(con, root)


def _rebuild_summary(con: duckdb.DuckDBPyConnection, root: Path) -> Path:
    target = root / SUMMARY
    with _locked(root / ".summary.lock"):
        current = {
            kode_kab: versi
            for kode_kab in versions.published_kabupaten(root)
            if (versi := versions.current_version(root, kode_kab)) is not None
        }
        draft = root / f".tmp-{SUMMARY}-{os.getpid()}"
        try:
            versions.load_summary(con, target if target.exists() else None)
            held = dict(con.sql("select distinct kode_kab, versi from ringkasan").fetchall())
            kept = [kode_kab for kode_kab, versi in current.items() if held.get(kode_kab) == versi]
            con.execute(
                "create or replace temp table ringkasan_lama as "
                "select * from ringkasan where list_contains($kept, kode_kab)",
                {"kept": kept},
            )
            changed = {k: v for k, v in current.items() if k not in kept}
            own_rows = [versions.version_folder(root, k, v) / "ringkasan.parquet" for k, v in changed.items()]
            versions.create_views(con, {"ringkasan": own_rows})
            con.sql(versions.sql_text("ringkasan")).write_parquet(str(draft))
            _fsync(draft)
            os.replace(draft, target)
            _fsync(root)
        except BaseException:
            draft.unlink(missing_ok=True)
            raise
    return target


def _write_version(
    con: duckdb.DuckDBPyConnection,
    store_path: Path,
    kode_kab: str,
    nama_kab: str,
    versi: int,
    draft: Path,
    is_region_checked: bool,
) -> None:
    if not store_path.is_file():
        raise PublishFailed(f"{store_path}: no store to publish")
    draft.mkdir()
    try:
        # ATTACH, not connect(path): within a process DuckDB reuses an instance per path, which would hand back the
        # version the store had before its last os.replace
        con.execute("attach $path as store (read_only)", {"path": str(store_path)})
        con.execute("use store")
        if is_region_checked:
            outside = con.sql(
                "select count(*), min(kode_desa) from desa where not starts_with(kode_desa, $prefix)",
                params={"prefix": kode_kab + "."},
            ).fetchall()[0]
            if outside[0]:
                raise PublishFailed(
                    f"{store_path}: {outside[0]} villages are outside {kode_kab} (e.g. {outside[1]}); not published"
                )
        who = {"nama_kab": nama_kab, "versi": versi, "diterbitkan": datetime.now(UTC)}
        for table in TABLES:
            params = {"kode_kab": kode_kab, **(who if table == "kabupaten" else {})}
            if table == "ringkasan":
                params.update(nama_kab=nama_kab, versi=versi)
            con.sql(versions.sql_text(f"terbit_{table}"), params=params).write_parquet(str(draft / f"{table}.parquet"))
    except duckdb.Error as error:
        raise PublishFailed(f"{store_path}: cannot be read as a store ({type(error).__name__}: {error})") from None
    finally:
        with contextlib.suppress(duckdb.Error):  # never attached when the ATTACH itself failed
            con.execute("use memory")
            con.execute("detach store")
    for table in TABLES:
        _fsync(draft / f"{table}.parquet")
    _fsync(draft)


def _remove_leftovers(folder: Path, current: int) -> None:
    """Under the lock, a temporary folder is a killed publish's, and a version above CURRENT one it never named."""
    for entry in os.scandir(folder):
        match = versions.VERSION_NAME.fullmatch(entry.name)
        if entry.name.startswith(".tmp-") and not entry.is_dir():
            os.unlink(entry.path)  # a CURRENT never switched to
        elif entry.is_dir() and entry.name.startswith(".tmp-"):
            shutil.rmtree(entry.path, ignore_errors=True)
        elif entry.is_dir() and match and int(match.group(1)) > current:
            _remove_version(Path(entry.path))


def _prune(root: Path, kode_kab: str, current: int, keep: int) -> None:
    for old in versions.versions(root, kode_kab):
        if old <= current - keep:
            _remove_version(versions.version_folder(root, kode_kab, old))


def _remove_version(folder: Path) -> None:
    """Rename a version folder to a temporary name, then delete it: a process killed while deleting leaves a
    temporary folder the next publish removes, never a version folder missing some of its files."""
    doomed = folder.with_name(f".tmp-rm-{folder.name}-{os.getpid()}")
    try:
        os.rename(folder, doomed)
    except FileNotFoundError:
        return
    shutil.rmtree(doomed, ignore_errors=True)


def _replace_text(path: Path, text: str) -> None:
    draft = path.with_name(f".tmp-{path.name}-{os.getpid()}")
    try:
        with open(draft, "w", encoding="ascii") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(draft, path)
    except BaseException:
        draft.unlink(missing_ok=True)
        raise
    _fsync(path.parent)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
