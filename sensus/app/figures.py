"""Chart builders served from Streamlit's cache: a rerun that draws the same chart does not build it again.

A builder in sensus.app.charts is a pure function of its arguments (frames from sensus.app.cache, which are
keyed on the store version and the viewer's scope, the ChartContext with the as-of day, measure and
language, the area's names). A view asks for a cached figure explicitly, `figures.figure(builder, *args)`: the
figure is cached on the builder's name and those arguments (polars frames keyed on every row:
frames.content_key) as a plain figure dict, and rebuilt from it without plotly's validation.
"""

import importlib
from collections.abc import Callable

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from sensus.core import frames


def _dict_key(value: dict):
    """A GeoJSON layer is keyed on its features' ids and identity (it comes from sensus.app.charts.maps'
    load cache, one object per file and prefix for the life of the process), not by hashing every coordinate,
    which costs more than drawing the map."""
    if value.get("type") == "FeatureCollection":
        return ("FeatureCollection", id(value), tuple(str(f.get("id")) for f in value.get("features", ())))
    return tuple(value.items())


# frames keyed on every row (frames.content_key), not on Streamlit's first and last ten
@st.cache_data(
    max_entries=256,
    ttl=6 * 3600,
    show_spinner=False,
    hash_funcs={dict: _dict_key, pl.DataFrame: frames.content_key},
)
def _spec(builder: str, args: tuple, kwargs: dict) -> dict:
    module, name = builder.rsplit(":", 1)
    return getattr(importlib.import_module(module), name)(*args, **kwargs).to_dict()


def figure(builder: Callable[..., go.Figure], *args, **kwargs) -> go.Figure:
    """`builder(*args, **kwargs)`, from the cache when the same arguments were drawn before.

    The figure is new on every call (st.cache_data hands out copies): a view may add to it.
    """
    spec = _spec(f"{builder.__module__}:{builder.__name__}", args, kwargs)
    # the dict came out of a validated figure (to_dict): plotly builds its own templates the same way
    return go.Figure(spec, _validate=False)
