"""The server's long-lived objects kept out of Python's full garbage collections."""

import atexit
import gc

import streamlit as st


@st.cache_resource(show_spinner=False)
def freeze_long_lived() -> bool:
    """Once per process, at the end of its first run: every object alive then (the libraries' modules, classes and
    functions) moves to the permanent generation, so a full collection walks only what is made later. What is
    frozen is still freed by reference counting when nothing holds it; a reference cycle alive at that moment (the
    first sessions' state and figures in the making) is never collected when it dies later, a one-off cost."""
    gc.collect()
    gc.freeze()
    # at exit they go back to the collector, so the last collections free them (duckdb reports any left as leaks)
    atexit.unregister(gc.unfreeze)
    atexit.register(gc.unfreeze)
    return True
