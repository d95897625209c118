"""Helpers to run the dashboard under Streamlit's AppTest against a given store."""

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from sensus.core import config

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")


def open_dashboard(monkeypatch, store_path, page: str | None = None, **query_params) -> AppTest:
    """Open dashboard.py, or arrive on pages/<page>.py by a link as a URL shared on WhatsApp opens it.

    The query parameters are there before the first run, and the page runs inside dashboard.py's frame.
    """
    monkeypatch.setenv("PANTAU_STORE", str(store_path))
    config.load.cache_clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    for name, value in query_params.items():
        app.query_params[name] = value
    if page is not None:
        app.switch_page(f"pages/{page}.py")
    return app.run()


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}
