"""The dashboard's read-only link to the published store: one connection per published version.

Below the viewer's scope on purpose: the sign-in needs to know whether the store is a demo before anyone is
signed in, and the scoped report cache (sensus.app.cache) needs the viewer; both stand on this module.
"""

from pathlib import Path

import duckdb
import streamlit as st

from sensus.app.configured import configuration
from sensus.store import database


def store_path() -> Path:
    return configuration().store_path


def version() -> tuple[int, int, int]:
    """Changes with every publish; part of every cache key, so a new import shows on the next rerun."""
    return database.version_key(store_path())


@st.cache_resource(max_entries=2, show_spinner=False)
def _opened(path: str, store_version: tuple[int, int, int]) -> duckdb.DuckDBPyConnection | database.StoreError:
    """One read-only connection per published version; older ones fall out of the cache. A store from an older
    Pantau is brought to this schema first: its pages would otherwise query tables it does not have yet. A store
    that cannot be opened is remembered as its error until the file changes: every rerun of every viewer would
    otherwise copy and try to upgrade it again."""
    try:
        return database.connect_current(Path(path), configuration())
    except database.StoreError as error:
        return error


def _reader(path: str, store_version: tuple[int, int, int]) -> duckdb.DuckDBPyConnection:
    opened = _opened(path, store_version)
    if isinstance(opened, database.StoreError):
        # a new exception each time: raising the cached one again would lengthen its traceback on every rerun
        raise database.StoreError(opened.code, Path(opened.path), **opened.detail)
    return opened


def cursor() -> duckdb.DuckDBPyConnection:
    # a cursor per call: Streamlit serves sessions on threads, a DuckDB connection is not shared
    return database.cursor(_reader(str(store_path()), version()))


@st.cache_data(max_entries=8, show_spinner=False)
def _meta(store_version) -> dict[str, str]:
    return database.read_meta(cursor())


def meta() -> dict[str, str]:
    return _meta(version())


def is_demo() -> bool:
    return meta().get("demo") == "true"
