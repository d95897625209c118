"""The dashboard's read-only link to the published store: one connection per published version.

Below the viewer's scope on purpose: the sign-in needs to know whether the store is a demo before anyone is
signed in, and the scoped report cache (sensus.app.cache) needs the viewer; both stand on this module.
"""

import functools
import threading
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sensus.app import this_run
from sensus.app.configured import configuration, deployment
from sensus.province import replica
from sensus.province.read import ProvinceReader
from sensus.province.versions import PublishedRootUnsafe
from sensus.store import database


def store_path() -> Path:
    """The store this run's pages read: the kabupaten's own; with PostgreSQL, this replica's copy of it as last
    published (a replica shares no disk with the importer). Writes (the upload page) go to configuration()'s."""
    cfg = configuration()
    if cfg.postgres is None:
        return cfg.store_path
    published_root()
    return replica.store_path(deployment(), cfg.kode_kab)


def published_root() -> Path | None:
    """The published marts the province's pages read: the deployment's folder; with PostgreSQL, this replica's
    local copy, brought to the versions published now once a run (one query when nothing changed)."""
    cfg = deployment()
    if cfg.postgres is None:
        return cfg.terbit_path
    return this_run.once(("replika",), lambda: replica.published_root(cfg))


def version() -> tuple[str, int, int, int]:
    """The store's path and its version: changes with every publish and names the store, so two kabupaten of a
    province (whose files' versions could be equal) never share a cached report; part of every cache key, so a new
    import shows on the next rerun."""
    path = store_path()
    return (str(path), *database.version_key(path))


SERVER_READER_THREADS = 1


# a province's sessions may serve several kabupaten at once: a few stores' connections stay open
@st.cache_resource(max_entries=6, show_spinner=False)
def _opened(path: str, store_version: tuple) -> duckdb.DuckDBPyConnection | database.StoreError:
    """One read-only connection per published version; older ones fall out of the cache. A store from an older
    Pantau is brought to this schema first: its pages would otherwise query tables it does not have yet. A store
    that cannot be opened is remembered as its error until the file changes: every rerun of every viewer would
    otherwise copy and try to upgrade it again."""
    try:
        con = database.connect_current(Path(path), configuration())
    except database.StoreError as error:
        return error
    # one DuckDB thread: the server already runs each viewer's queries on a thread of its own, and every store
    # opened is an instance with its own worker pool; a page's queries are small (bench/results/load_province_33.md)
    con.execute(f"set threads = {SERVER_READER_THREADS}")
    return con


def _reader(path: str, store_version: tuple) -> duckdb.DuckDBPyConnection:
    opened = _opened(path, store_version)
    if isinstance(opened, database.StoreError):
        # a new exception each time: raising the cached one again would lengthen its traceback on every rerun
        raise database.StoreError(opened.code, Path(opened.path), **opened.detail)
    return opened


def cursor() -> duckdb.DuckDBPyConnection:
    # a cursor per call: Streamlit serves sessions on threads, a DuckDB connection is not shared
    return cursor_at(version())


def cursor_at(store_version: tuple) -> duckdb.DuckDBPyConnection:
    """A cursor of the store `store_version` (a `version()` taken earlier) names: for work done outside the script
    run (a download built on click), where the session's kabupaten is not known."""
    return database.cursor(_reader(store_version[0], store_version))


# one small dict per store version: a province's 35 kabupaten all stay (8 made every visit to a ninth reopen its store)
@st.cache_data(max_entries=256, show_spinner=False)
def _meta(store_version) -> dict[str, str]:
    return database.read_meta(cursor())


def meta() -> dict[str, str]:
    return _meta(version())


def is_demo() -> bool:
    """Whether the data shown is simulated: the store's flag, or on the province's page (which reads no store) any
    published kabupaten's."""
    if on_province_page():
        return province_is_demo(published_root())
    return meta().get("demo") == "true"


# session state, written by the frame every run: this run draws the province's page
HALAMAN_PROVINSI = "halaman_provinsi_aktif"


def on_province_page() -> bool:
    return get_script_run_ctx(suppress_warning=True) is not None and bool(st.session_state.get(HALAMAN_PROVINSI))


class SharedProvince:
    """The province reader one server process shares between its sessions: `refresh()` moves it to the versions
    published now and changes its views, so a lock keeps a refresh from running beside another session's query.

    Its answers are remembered until the versions change: they depend on the snapshot alone, and every viewer of
    the province page asks the same few questions on every run."""

    ANSWERS_KEPT = 512  # (query, day) pairs: a kabupaten's kecamatan on each day of the window, for 35 kabupaten

    def __init__(self, published_root: Path):
        self._reader = ProvinceReader(published_root)
        self._lock = threading.Lock()
        self._answers = self._new_answers()

    def _new_answers(self):
        return functools.lru_cache(maxsize=self.ANSWERS_KEPT)(self._ask)

    def _ask(self, query: str, *args) -> pl.DataFrame:
        return getattr(self._reader, query)(*args)

    def refresh(self) -> None:
        with self._lock:
            if self._reader.refresh():
                self._answers = self._new_answers()

    @property
    def published(self) -> dict[str, int]:
        """kode_kab → the version read now, for the kabupaten that have published."""
        return dict(self._reader.snapshot)

    def _answer(self, query: str, *args) -> pl.DataFrame:
        with self._lock:
            return self._answers(query, *args)

    def peringkat(self, tanggal: date) -> pl.DataFrame:
        return self._answer("peringkat", tanggal)

    def kurva_provinsi(self) -> pl.DataFrame:
        return self._answer("kurva_provinsi")

    def data_terakhir(self) -> pl.DataFrame:
        return self._answer("data_terakhir")

    def kecamatan(self, kode_kab: str, tanggal: date) -> pl.DataFrame:
        return self._answer("kecamatan", kode_kab, tanggal)


@st.cache_resource(max_entries=4, show_spinner=False)
def _province(published_root: str) -> SharedProvince:
    return SharedProvince(Path(published_root))


def province(published_root: Path) -> SharedProvince:
    """The reader of the marts the province's kabupaten published under `published_root`, moved to the versions
    published now (cheap when nothing changed: it reads each kabupaten's CURRENT)."""
    root = str(Path(published_root).resolve())
    shared = _province(root)
    # once a run: the page, its charts' demo mark and the sidebar's day all ask
    this_run.once(("provinsi_refresh", root), shared.refresh)
    return shared


# what a published folder a reader cannot take raises: a path DuckDB would read as a pattern, a CURRENT that names no
# number, a Parquet file that cannot be read
PROVINCE_UNREADABLE = (PublishedRootUnsafe, ValueError, OSError, duckdb.Error)


def province_last_day(published_root: Path | None) -> date | None:
    """The last day with a new household in any kabupaten the province's pages read; None before any published one
    (or when the published folder cannot be read: the page says why)."""
    if published_root is None:
        return None
    try:
        return province(published_root).data_terakhir()["hari_data_terakhir"].max()
    except PROVINCE_UNREADABLE:
        return None


def province_is_demo(published_root: Path | None) -> bool:
    """Whether any kabupaten the province's pages read published from a demo store (the page then says so)."""
    if published_root is None:
        return False

    def any_demo() -> bool:
        try:
            return bool(province(published_root).data_terakhir()["demo"].any())
        except PROVINCE_UNREADABLE:
            return False

    return this_run.once(("provinsi_demo", str(published_root)), any_demo)
