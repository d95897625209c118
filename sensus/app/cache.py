"""The dashboard's only link to the store: one read-only reader per published version, and st.cache_data
wrappers of the typed reports, keyed on the store version and the viewer's scope.

Views call these and the chart builders; they never hold SQL or open connections.
"""

import importlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from sensus.core import config, frames
from sensus.core.scope import KABUPATEN, Scope
from sensus.store import database, reports


def store_path() -> Path:
    return config.load().store_path


def version() -> tuple[int, int, int]:
    """Changes with every publish; part of every cache key, so a new import shows on the next rerun."""
    return database.version_key(store_path())


def scope() -> Scope:
    """The signed-in viewer's scope, within the server's binding (sensus.app.access)."""
    from sensus.app import access

    return access.viewer_scope()


@st.cache_resource(max_entries=2, show_spinner=False)
def _opened(path: str, store_version: tuple[int, int, int]) -> duckdb.DuckDBPyConnection | database.StoreError:
    """One read-only connection per published version; older ones fall out of the cache. A store from an older
    Pantau is brought to this schema first: its pages would otherwise query tables it does not have yet. A store
    that cannot be opened is remembered as its error until the file changes: every rerun of every viewer would
    otherwise copy and try to upgrade it again."""
    try:
        return database.connect_current(Path(path))
    except database.StoreError as error:
        return error


def _reader(path: str, store_version: tuple[int, int, int]) -> duckdb.DuckDBPyConnection:
    opened = _opened(path, store_version)
    if isinstance(opened, database.StoreError):
        # a new exception each time: raising the cached one again would lengthen its traceback on every rerun
        raise database.StoreError(opened.code, Path(opened.path), **opened.detail)
    return opened


def _cursor() -> duckdb.DuckDBPyConnection:
    # a cursor per call: Streamlit serves sessions on threads, a DuckDB connection is not shared
    return database.cursor(_reader(str(store_path()), version()))


@st.cache_data(max_entries=256, show_spinner=False)
def _capaian(store_version, tanggal: date, tingkat: str, kode_kec: str | None, scope_: Scope) -> pl.DataFrame:
    return reports.capaian(_cursor(), tanggal, tingkat, kode_kec, scope=scope_)


@st.cache_data(max_entries=256, show_spinner=False)
def _kurva_harian(store_version, kode_kec: str | None, kode_desa: str | None, scope_: Scope) -> pl.DataFrame:
    return reports.kurva_harian(_cursor(), kode_kec, kode_desa, scope=scope_)


@st.cache_data(max_entries=64, show_spinner=False)
def _by_kecamatan(store_version, name: str, kode_kec: str | None, scope_: Scope) -> pl.DataFrame:
    # the reports whose only parameter is the kecamatan (None = the whole scope)
    report = {
        "rencana_harian": reports.rencana_harian,
        "harian_desa": reports.harian_desa,
        "kegiatan": reports.kegiatan,
        "baris_ditolak": reports.baris_ditolak,
        "kelengkapan_desa": reports.kelengkapan_desa,
    }[name]
    return report(_cursor(), kode_kec, scope=scope_)


@st.cache_data(max_entries=64, show_spinner=False)
def _aktivitas_desa(store_version, tanggal: date, kode_kec: str | None, scope_: Scope) -> pl.DataFrame:
    return reports.aktivitas_desa(_cursor(), tanggal, kode_kec, scope=scope_)


@st.cache_data(max_entries=8, show_spinner=False)
def _impor(store_version, scope_: Scope) -> pl.DataFrame:
    return reports.impor(_cursor(), scope=scope_)


@st.cache_data(max_entries=8, show_spinner=False)
def _status_data(store_version, scope_: Scope, tanggal: date | None = None) -> dict:
    return reports.status_data(_cursor(), tanggal, scope=scope_)


@st.cache_data(max_entries=8, show_spinner=False)
def _meta(store_version) -> dict[str, str]:
    return database.read_meta(_cursor())


def _forecast_inputs(store_version, scope_: Scope) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The viewer's village × day frame, and for a view bound to one kecamatan the whole kabupaten's, which the
    forecast's model learns its parameters from (weekday pattern, earlier misses), so a kecamatan's forecast is
    the same whoever asks. Only the scope's own rows ever leave sensus.analysis.forecast. Both read through the
    cached frame, so the five forecast reports do not each query them again."""
    harian = _by_kecamatan(store_version, "rencana_harian", None, scope_)
    return harian, None if scope_.bound_kec is None else _by_kecamatan(store_version, "rencana_harian", None, KABUPATEN)


@st.cache_data(max_entries=32, show_spinner=False)
def _forecast(store_version, tanggal: date, tingkat: str, ukuran: str, scope_: Scope) -> pl.DataFrame:
    from sensus.analysis import forecast

    cfg = config.load()
    harian, dasar = _forecast_inputs(store_version, scope_)
    return forecast.perkiraan(harian, tanggal, cfg.selesai, cfg.target_persen, tingkat, ukuran, dasar=dasar)


def forecast_areas(tanggal: date, tingkat: str, ukuran: str) -> pl.DataFrame:
    """Every area's forecast of `tingkat` in the viewer's scope (sensus.analysis.forecast.perkiraan, cached)."""
    return _forecast(version(), tanggal, tingkat, ukuran, scope())


@st.cache_data(max_entries=32, show_spinner=False)
def _forecast_main(store_version, tanggal: date, ukuran: str, scope_: Scope) -> dict:
    from sensus.analysis import forecast

    cfg = config.load()
    harian, dasar = _forecast_inputs(store_version, scope_)
    return forecast.utama(harian, tanggal, cfg.selesai, cfg.target_persen, ukuran, scope_.bound_kec, dasar)


def forecast_main(tanggal: date, ukuran: str) -> dict:
    """The viewer's own area's forecast (the kabupaten, or a camat's kecamatan): the card's and the message's."""
    return _forecast_main(version(), tanggal, ukuran, scope())


@st.cache_data(max_entries=32, show_spinner=False)
def _forecast_path(store_version, tanggal: date, ukuran: str, scope_: Scope) -> pl.DataFrame:
    from sensus.analysis import forecast

    cfg = config.load()
    harian, dasar = _forecast_inputs(store_version, scope_)
    return forecast.jalur(harian, tanggal, cfg.selesai, cfg.target_persen, ukuran, scope_.bound_kec, dasar)


def forecast_path(tanggal: date, ukuran: str) -> pl.DataFrame:
    """The viewer's own area's expected rate on each day to the window's end (empty when there is none)."""
    return _forecast_path(version(), tanggal, ukuran, scope())


@st.cache_data(max_entries=32, show_spinner=False)
def _backtest(store_version, tanggal: date, tingkat: str, ukuran: str, scope_: Scope) -> pl.DataFrame:
    from sensus.analysis import forecast

    harian, dasar = _forecast_inputs(store_version, scope_)
    return forecast.backtest(harian, tanggal, tingkat, ukuran, dasar=dasar)


@st.cache_data(max_entries=32, show_spinner=False)
def _forecast_coverage(store_version, tanggal: date, tingkat: str, ukuran: str, scope_: Scope) -> dict:
    from sensus.analysis import forecast

    harian, dasar = _forecast_inputs(store_version, scope_)
    return forecast.cakupan_akhir(harian, tanggal, tingkat, ukuran, dasar=dasar)


def forecast_coverage(tanggal: date, tingkat: str, ukuran: str) -> dict:
    """How often the 80 % range of the forecasts made daily held the value reached on `tanggal` (cached)."""
    return _forecast_coverage(version(), tanggal, tingkat, ukuran, scope())


@st.cache_data(max_entries=64, show_spinner=False)
def _uplift(store_version, tanggal: date, sebelum: int, sesudah: int, hari: date | None, scope_: Scope) -> pl.DataFrame:
    from sensus.analysis import kegiatan_desa, uplift

    harian = reports.rencana_harian(_cursor(), scope=scope_).filter(pl.col("tanggal") <= tanggal)
    # a planned event (after the as-of day) is not judged, nor does it take comparison areas away
    kegiatan = reports.kegiatan(_cursor(), scope=scope_).filter(~kegiatan_desa.is_direncanakan(tanggal))
    if hari is None:
        return uplift.per_kegiatan(harian, kegiatan, sebelum, sesudah)
    return uplift.plasebo(harian, kegiatan, hari, sebelum, sesudah)


def uplift_per_kegiatan(tanggal: date, sebelum: int, sesudah: int) -> pl.DataFrame:
    """Every event's lift up to the as-of day: a fifth of the planning page's run, so cached per version and day."""
    return _uplift(version(), tanggal, sebelum, sesudah, None, scope())


def uplift_plasebo(tanggal: date, hari: date, sebelum: int, sesudah: int) -> pl.DataFrame:
    """The placebo check of the event on `hari`, cached like uplift_per_kegiatan."""
    return _uplift(version(), tanggal, sebelum, sesudah, hari, scope())


def capaian(tanggal: date, tingkat: str = "kecamatan", kode_kec: str | None = None) -> pl.DataFrame:
    return _capaian(version(), tanggal, tingkat, kode_kec, scope())


def kurva_harian(kode_kec: str | None = None, kode_desa: str | None = None) -> pl.DataFrame:
    return _kurva_harian(version(), kode_kec, kode_desa, scope())


def rencana_harian(kode_kec: str | None = None) -> pl.DataFrame:
    return _by_kecamatan(version(), "rencana_harian", kode_kec, scope())


def harian_desa(kode_kec: str | None = None) -> pl.DataFrame:
    return _by_kecamatan(version(), "harian_desa", kode_kec, scope())


def kegiatan(kode_kec: str | None = None) -> pl.DataFrame:
    return _by_kecamatan(version(), "kegiatan", kode_kec, scope())


def baris_ditolak(kode_kec: str | None = None) -> pl.DataFrame:
    return _by_kecamatan(version(), "baris_ditolak", kode_kec, scope())


def kelengkapan_desa(kode_kec: str | None = None) -> pl.DataFrame:
    return _by_kecamatan(version(), "kelengkapan_desa", kode_kec, scope())


def aktivitas_desa(tanggal: date, kode_kec: str | None = None) -> pl.DataFrame:
    return _aktivitas_desa(version(), tanggal, kode_kec, scope())


def impor() -> pl.DataFrame:
    return _impor(version(), scope())


def status_data(tanggal: date | None = None) -> dict:
    """The store's freshness (reports.status_data); with a day, as of that day (the data page)."""
    return _status_data(version(), scope(), tanggal)


def meta() -> dict[str, str]:
    return _meta(version())


def is_demo() -> bool:
    return meta().get("demo") == "true"


def backtest(tanggal: date, tingkat: str, ukuran: str) -> pl.DataFrame:
    """Forecasts from every earlier cut-off against what happened: a second of work, so cached per version."""
    return _backtest(version(), tanggal, tingkat, ukuran, scope())


# frames keyed on every row (frames.content_key), not on Streamlit's first and last ten
@st.cache_data(max_entries=64, ttl=6 * 3600, show_spinner=False, hash_funcs={pl.DataFrame: frames.content_key})
def _derived(name: str, args: tuple, kwargs: dict):
    module, function = name.rsplit(":", 1)
    return getattr(importlib.import_module(module), function)(*args, **kwargs)


def derived(function: Callable, *args, **kwargs):
    """`function(*args, **kwargs)` for a pure function of sensus.analysis (frames from this module and plain
    values in, a frame or a text out), cached on its name and arguments (frames keyed on every row): the
    planning page's priority list and forecasts are not computed again on a rerun that changes nothing in them."""
    return _derived(f"{function.__module__}:{function.__name__}", args, kwargs)


# the rejected rows are counted and paged in DuckDB: a store may hold millions of them (issue 18)
@st.cache_data(max_entries=16, show_spinner=False)
def _ringkasan_ditolak(store_version, scope_: Scope) -> pl.DataFrame:
    return reports.ringkasan_ditolak(_cursor(), scope=scope_)


def ringkasan_ditolak() -> pl.DataFrame:
    """Rejected rows per import and reason, within the viewer's scope (reports.ringkasan_ditolak)."""
    return _ringkasan_ditolak(version(), scope())


@st.cache_data(max_entries=16, show_spinner=False)
def _ditolak_dipotong(store_version, scope_: Scope) -> pl.DataFrame:
    return reports.ditolak_dipotong(_cursor(), scope=scope_)


def ditolak_dipotong() -> pl.DataFrame:
    """The imports that kept only their first rejected lines (reports.ditolak_dipotong; the kabupaten's viewers)."""
    return _ditolak_dipotong(version(), scope())


@st.cache_data(max_entries=32, show_spinner=False)
def _halaman_ditolak(store_version, impor: tuple, alasan: tuple, mulai: int, batas: int, scope_: Scope):
    return reports.halaman_ditolak(_cursor(), impor, alasan, mulai, batas, scope=scope_)


def halaman_ditolak(impor: tuple[int, ...], alasan: tuple[str, ...], mulai: int, batas: int) -> pl.DataFrame:
    """One page of the rejected rows of `impor` (reports.halaman_ditolak)."""
    return _halaman_ditolak(version(), impor, alasan, mulai, batas, scope())


def semua_ditolak(impor: tuple[int, ...], alasan: tuple[str, ...]) -> Callable[[], pl.DataFrame]:
    """What reads every rejected row of `impor`, uncached, when called: a download builds its file on click, on the
    server's web thread (so the viewer's scope is read now)."""
    scope_ = scope()
    return lambda: reports.halaman_ditolak(_cursor(), impor, alasan, scope=scope_)
