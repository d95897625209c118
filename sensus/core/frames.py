"""Python functions over polars columns without a Python callback inside a polars plan.

Polars runs a plan's callbacks (map_elements, map_batches) on its own worker threads, and each takes the GIL
there. The dashboard serves every session on a thread of its own: with four viewers at once a worker held the
GIL while it waited for polars' pool and the whole server froze (found by bench/load.py; pola-rs/polars#10970
and #24448 are the same class). So a Python function runs here, in the calling thread, once per distinct
value, and polars only looks the results up.
"""

import hashlib
from collections.abc import Callable

import polars as pl


def map_distinct(column: pl.Series, function: Callable, return_dtype: pl.DataType) -> pl.Series:
    """`function` of each value of `column`, called once per distinct non-null value; null stays null. Values go
    through Python and back, so a type Python holds less precisely (nanosecond datetimes) would not match: the
    store's instants are microseconds."""
    values = column.unique().drop_nulls().to_list()
    return column.replace_strict(values, [function(v) for v in values], default=None, return_dtype=return_dtype)


def content_key(frame: pl.DataFrame) -> bytes:
    """A cache key for a frame's every value (st.cache_data's `hash_funcs`): Streamlit 1.67 hashes a polars frame by
    its shape, schema and only its first and last ten rows, so two frames that differ further in (a corrected day,
    one village's counts) would share a cached result. One digest: Streamlit hashes a tuple element by element."""
    rows = frame.hash_rows(seed=0).to_numpy().tobytes() if frame.width else b""
    return hashlib.blake2b(repr((frame.columns, frame.dtypes, frame.height)).encode() + rows).digest()
