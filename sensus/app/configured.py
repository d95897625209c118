"""The app's composition root: the one place the dashboard builds its configuration (sensus.core.config.read).

Every other app module takes the object from here (or from the view context) and passes what a function needs
down; nothing below the app reads a setting on its own.

A province deployment serves one of its kabupaten/kota per run: `deployment()` is the whole deployment's
configuration, `configuration()` that of the run's kabupaten (chosen by sensus.app.state.choose_kabupaten and kept
in the session), so every module asking for `configuration()` serves the active kabupaten's store and maps.
Outside a province both are the same object.
"""

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from sensus.core import config, paths

# session state: the kabupaten/kota code this session's runs serve in a province deployment
KABUPATEN_AKTIF = "kabupaten_aktif"


@st.cache_resource(show_spinner=False)
def deployment() -> config.Config:
    """pantau.toml (paths.PANTAU_TOML, looked up when called) with the environment's overrides, read once per
    server process (tests clear the cache)."""
    return config.read(paths.PANTAU_TOML)


def active_kabupaten() -> str | None:
    """The kabupaten/kota this session serves in a province deployment; None outside one, outside a script run, or
    before a kabupaten was chosen for the session."""
    cfg = deployment()
    if not cfg.is_province or get_script_run_ctx(suppress_warning=True) is None:
        return None
    kode = st.session_state.get(KABUPATEN_AKTIF)
    return kode if kode in cfg.daftar_kabupaten else None


def configuration() -> config.Config:
    """The configuration this run serves: the deployment's, or in a province that of the session's kabupaten
    (before one is chosen, the deployment's own default kabupaten)."""
    kode = active_kabupaten()
    return deployment() if kode is None else deployment().for_kabupaten(kode)


# callers (tests, benchmarks) clear the configuration as they cleared the cached function it used to be
configuration.clear = deployment.clear
