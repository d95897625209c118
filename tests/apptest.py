"""Helpers to run the dashboard under Streamlit's AppTest against a given store, signed in as a given role."""

from pathlib import Path

import streamlit as st
from streamlit.testing.v1 import AppTest

from sensus.app import signin
from sensus.auth import sessions, settings, users
from sensus.core import config

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
TEST_PASSWORD = "uji-kata-sandi-panjang"
# the camat of the tests is bound to the first kecamatan, which the tiny fixture store covers
TEST_KECAMATAN = "33.16.01"


def use_users_file(monkeypatch, folder: Path) -> Path:
    """Point the app at a users file in `folder` (created empty when missing)."""
    path = Path(folder) / "users.json"
    monkeypatch.setenv("PANTAU_USERS", str(path))
    settings.load.cache_clear()
    return path


def test_user(role: str, kecamatan: str | None = None) -> users.User:
    """A user of the users file holding `role` (created on first use), named after role and kecamatan."""
    kecamatan = kecamatan or (TEST_KECAMATAN if role == "camat" else None)
    name = f"uji-{role}" + (f"-{kecamatan.replace('.', '')}" if kecamatan else "")
    return users.get(name) or users.add(name, [role], kecamatan, TEST_PASSWORD)


def open_dashboard(
    monkeypatch, store_path, page: str | None = None, role: str | None = "pimpinan", kecamatan=None, **query_params
) -> AppTest:
    """Open dashboard.py, or arrive on pages/<page>.py by a link as a URL shared on WhatsApp opens it.

    The viewer is signed in as a user holding `role` (role=None: signed out), as a browser with a valid
    session cookie arrives. The query parameters are there before the first run, and the page runs inside
    dashboard.py's frame.
    """
    monkeypatch.setenv("PANTAU_STORE", str(store_path))
    config.load.cache_clear()
    use_users_file(monkeypatch, Path(store_path).parent)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    if role is not None:
        app.session_state[signin.TOKEN] = sessions.issue(test_user(role, kecamatan).name)
    for name, value in query_params.items():
        app.query_params[name] = value
    if page is not None:
        app.switch_page(f"pages/{page}.py")
    return app.run()


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}
