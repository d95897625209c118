"""The app's composition root: the one place the dashboard builds its configuration (sensus.core.config.read).

Every other app module takes the object from here (or from the view context) and passes what a function needs
down; nothing below the app reads a setting on its own.
"""

import streamlit as st

from sensus.core import config, paths


@st.cache_resource(show_spinner=False)
def configuration() -> config.Config:
    """pantau.toml (paths.PANTAU_TOML, looked up when called) with the environment's overrides, read once per
    server process (tests clear the cache)."""
    return config.read(paths.PANTAU_TOML)
