"""The typed reports as the views read them: each cached with st.cache_data on the store version and the
viewer's scope (`scoped_report`), within which the report runs on a fresh cursor of the published store.

Views call these and the chart builders; they never hold SQL or open connections.
"""

import importlib
from collections.abc import Callable
from datetime import date
from typing import Any

import duckdb
import polars as pl
import streamlit as st

from sensus.analysis import forecast, kegiatan_desa, uplift
from sensus.app import access
from sensus.app.configured import configuration
from sensus.app.reader import cursor, cursor_at, is_demo, meta, store_path, version
from sensus.core import frames
from sensus.core.scope import KABUPATEN, Scope
from sensus.store import reports

__all__ = ["is_demo", "meta", "store_path", "version"]  # the store's own facts, read through sensus.app.reader


def scope() -> Scope:
    """The signed-in viewer's scope, within the server's binding (sensus.app.access)."""
    return access.viewer_scope()


class ScopedReport:
    """A report cached per store version and scope; called with the report's own arguments, for the viewer."""

    def __init__(self, cached: Callable[..., Any], doc: str | None):
        self._cached = cached
        self.__doc__ = doc

    def __call__(self, *args, **kwargs):
        return self._cached(version(), scope(), *args, **kwargs)

    def for_scope(self, scope_: Scope, *args, **kwargs):
        """The same report for a scope other than the viewer's (the forecast learns from the whole kabupaten)."""
        return self._cached(version(), scope_, *args, **kwargs)


def scoped_report(max_entries: int) -> Callable[[Callable[..., Any]], ScopedReport]:
    """Cache `report(cur, scope, *args, **kwargs)` on the store version, the scope and its arguments; the
    decorated name is then called with the arguments alone, for the signed-in viewer."""

    def decorate(report: Callable[..., Any]) -> ScopedReport:
        def cached(store_version, scope_: Scope, *args, **kwargs):
            return report(cursor(), scope_, *args, **kwargs)

        # st.cache_data keys a function on its module and qualified name: one cache per report
        cached.__module__, cached.__qualname__ = report.__module__, f"scoped_report.{report.__qualname__}"
        cached.__name__ = report.__name__
        return ScopedReport(st.cache_data(max_entries=max_entries, show_spinner=False)(cached), report.__doc__)

    return decorate


Cursor = duckdb.DuckDBPyConnection


@scoped_report(max_entries=256)
def capaian(cur: Cursor, scope_: Scope, tanggal: date, tingkat: str = "kecamatan", kode_kec: str | None = None):
    return reports.capaian(cur, tanggal, tingkat, kode_kec, scope=scope_, region=configuration().wilayah)


@scoped_report(max_entries=256)
def kurva_harian(cur: Cursor, scope_: Scope, kode_kec: str | None = None, kode_desa: str | None = None):
    return reports.kurva_harian(cur, kode_kec, kode_desa, scope=scope_)


@scoped_report(max_entries=64)
def rencana_harian(cur: Cursor, scope_: Scope, kode_kec: str | None = None) -> pl.DataFrame:
    return reports.rencana_harian(cur, kode_kec, scope=scope_)


@scoped_report(max_entries=64)
def harian_desa(cur: Cursor, scope_: Scope, kode_kec: str | None = None) -> pl.DataFrame:
    return reports.harian_desa(cur, kode_kec, scope=scope_)


@scoped_report(max_entries=64)
def kegiatan(cur: Cursor, scope_: Scope, kode_kec: str | None = None) -> pl.DataFrame:
    return reports.kegiatan(cur, kode_kec, scope=scope_, region=configuration().wilayah)


@scoped_report(max_entries=64)
def baris_ditolak(cur: Cursor, scope_: Scope, kode_kec: str | None = None) -> pl.DataFrame:
    return reports.baris_ditolak(cur, kode_kec, scope=scope_)


@scoped_report(max_entries=64)
def kelengkapan_desa(cur: Cursor, scope_: Scope, kode_kec: str | None = None) -> pl.DataFrame:
    return reports.kelengkapan_desa(cur, kode_kec, scope=scope_)


@scoped_report(max_entries=64)
def aktivitas_desa(cur: Cursor, scope_: Scope, tanggal: date, kode_kec: str | None = None) -> pl.DataFrame:
    return reports.aktivitas_desa(cur, tanggal, kode_kec, scope=scope_)


# every page asks for the freshness and a few for the imports: one entry per kabupaten and scope (a province's
# 35 kabupaten, a kabupaten's camat) must stay, each a few hundred bytes; 8 entries made a province reopen stores
@scoped_report(max_entries=128)
def impor(cur: Cursor, scope_: Scope) -> pl.DataFrame:
    return reports.impor(cur, scope=scope_)


@scoped_report(max_entries=256)
def status_data(cur: Cursor, scope_: Scope, tanggal: date | None = None) -> dict:
    """The store's freshness (reports.status_data); with a day, as of that day (the data page)."""
    return reports.status_data(cur, tanggal, scope=scope_)


# the rejected rows are counted and paged in DuckDB: a store may hold millions of them
@scoped_report(max_entries=16)
def ringkasan_ditolak(cur: Cursor, scope_: Scope) -> pl.DataFrame:
    """Rejected rows per import and reason, within the viewer's scope (reports.ringkasan_ditolak)."""
    return reports.ringkasan_ditolak(cur, scope=scope_)


@scoped_report(max_entries=16)
def ditolak_dipotong(cur: Cursor, scope_: Scope) -> pl.DataFrame:
    """The imports that kept only their first rejected lines (reports.ditolak_dipotong; the kabupaten's viewers)."""
    return reports.ditolak_dipotong(cur, scope=scope_)


@scoped_report(max_entries=32)
def halaman_ditolak(
    cur: Cursor, scope_: Scope, impor: tuple[int, ...], alasan: tuple[str, ...], mulai: int, batas: int
) -> pl.DataFrame:
    """One page of the rejected rows of `impor` (reports.halaman_ditolak)."""
    return reports.halaman_ditolak(cur, impor, alasan, mulai, batas, scope=scope_)


def semua_ditolak(impor: tuple[int, ...], alasan: tuple[str, ...]) -> Callable[[], pl.DataFrame]:
    """What reads every rejected row of `impor`, uncached, when called: a download builds its file on click, on the
    server's web thread (so the viewer's scope and store, in a province the session's kabupaten's, are read now)."""
    scope_, store_version = scope(), version()
    return lambda: reports.halaman_ditolak(cursor_at(store_version), impor, alasan, scope=scope_)


def _forecast_inputs(scope_: Scope) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """The viewer's village × day frame, and for a view bound to one kecamatan the whole kabupaten's, which the
    forecast's model learns its parameters from (weekday pattern, earlier misses), so a kecamatan's forecast is
    the same whoever asks. Only the scope's own rows ever leave sensus.analysis.forecast. Both read through the
    cached frame, so the forecast reports do not each query them again."""
    harian = rencana_harian.for_scope(scope_)
    return harian, None if scope_.bound_kec is None else rencana_harian.for_scope(KABUPATEN)


@scoped_report(max_entries=32)
def forecast_areas(_cur: Cursor, scope_: Scope, tanggal: date, tingkat: str, ukuran: str) -> pl.DataFrame:
    """Every area's forecast of `tingkat` in the viewer's scope (sensus.analysis.forecast.perkiraan)."""
    cfg = configuration()
    harian, dasar = _forecast_inputs(scope_)
    return forecast.perkiraan(harian, tanggal, cfg.selesai, cfg.target_persen, tingkat, ukuran, dasar=dasar)


@scoped_report(max_entries=32)
def forecast_main(_cur: Cursor, scope_: Scope, tanggal: date, ukuran: str) -> dict:
    """The viewer's own area's forecast (the kabupaten, or a camat's kecamatan): the card's and the message's."""
    cfg = configuration()
    harian, dasar = _forecast_inputs(scope_)
    return forecast.utama(harian, tanggal, cfg.selesai, cfg.target_persen, ukuran, scope_.bound_kec, dasar)


@scoped_report(max_entries=32)
def forecast_path(_cur: Cursor, scope_: Scope, tanggal: date, ukuran: str) -> pl.DataFrame:
    """The viewer's own area's expected rate on each day to the window's end (empty when there is none)."""
    cfg = configuration()
    harian, dasar = _forecast_inputs(scope_)
    return forecast.jalur(harian, tanggal, cfg.selesai, cfg.target_persen, ukuran, scope_.bound_kec, dasar)


@scoped_report(max_entries=32)
def backtest(_cur: Cursor, scope_: Scope, tanggal: date, tingkat: str, ukuran: str) -> pl.DataFrame:
    """Forecasts from every earlier cut-off against what happened: a second of work, so cached per version."""
    harian, dasar = _forecast_inputs(scope_)
    return forecast.backtest(harian, tanggal, tingkat, ukuran, dasar=dasar, selesai=configuration().selesai)


@scoped_report(max_entries=32)
def forecast_coverage(_cur: Cursor, scope_: Scope, tanggal: date, tingkat: str, ukuran: str) -> dict:
    """How often the 80 % range of the forecasts made daily held the value reached on `tanggal`."""
    harian, dasar = _forecast_inputs(scope_)
    return forecast.cakupan_akhir(harian, tanggal, tingkat, ukuran, dasar=dasar, selesai=configuration().selesai)


@scoped_report(max_entries=64)
def _uplift(cur: Cursor, scope_: Scope, tanggal: date, sebelum: int, sesudah: int, hari: date | None):
    harian = reports.rencana_harian(cur, scope=scope_).filter(pl.col("tanggal") <= tanggal)
    # a planned event (after the as-of day) is not judged, nor does it take comparison areas away
    kegiatan_ = reports.kegiatan(cur, scope=scope_, region=configuration().wilayah).filter(
        ~kegiatan_desa.is_direncanakan(tanggal)
    )
    if hari is None:
        return uplift.per_kegiatan(harian, kegiatan_, sebelum, sesudah)
    return uplift.plasebo(harian, kegiatan_, hari, sebelum, sesudah)


def uplift_per_kegiatan(tanggal: date, sebelum: int, sesudah: int) -> pl.DataFrame:
    """Every event's lift up to the as-of day, cached per version and day."""
    return _uplift(tanggal, sebelum, sesudah, None)


def uplift_plasebo(tanggal: date, hari: date, sebelum: int, sesudah: int) -> pl.DataFrame:
    """The placebo check of the event on `hari`, cached like uplift_per_kegiatan."""
    return _uplift(tanggal, sebelum, sesudah, hari)


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
