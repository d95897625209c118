"""Settings that outlive the runs in which their widget is not drawn.

The planning page draws only its open tab (the other four would cost ≈ 100 ms of every rerun), and Streamlit forgets
a widget's value at the end of a run that did not draw it: the priority weights would reset when the viewer looked
at the forecast tab, and the answers at the top of the page, which use them, would change with the tab. So each such
setting is held under a key of its own, written by the widget's change and given back to the widget when it is
drawn again.
"""

from typing import Any

import streamlit as st

_HELD = "_disimpan_"


def value(key: str, default: Any) -> Any:
    """The setting's value, whether or not its widget is drawn in this run."""
    return st.session_state.get(_HELD + key, default)


def widget(key: str, default: Any) -> dict[str, Any]:
    """Keyword arguments for the widget of the setting `key` (pass no value or default of its own: the widget
    starts from the held value)."""
    st.session_state.setdefault(_HELD + key, default)
    if key not in st.session_state:  # not drawn in the last run: Streamlit dropped it
        st.session_state[key] = st.session_state[_HELD + key]
    return {"key": key, "on_change": _hold, "args": (key,)}


def _hold(key: str) -> None:
    st.session_state[_HELD + key] = st.session_state[key]
