"""Helpers to run the dashboard under Streamlit's AppTest against a given store, signed in as a given role."""

from pathlib import Path

import polars as pl
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from harness import apptest_frame
from sensus.app import configured, signin
from sensus.auth import sessions, users
from sensus.core import config, wilayah_indonesia

DASHBOARD = str(Path(__file__).resolve().parent.parent / "dashboard.py")
TEST_PASSWORD = "uji-kata-sandi-panjang"
# the camat of the tests is bound to the first kecamatan, which the tiny fixture store covers
TEST_KECAMATAN = "33.16.01"


def use_users_file(monkeypatch, folder: Path) -> Path:
    """Point the app at a users file in `folder` (created empty when missing)."""
    path = Path(folder) / "users.json"
    monkeypatch.setenv("PANTAU_USERS", str(path))
    configured.configuration.clear()
    return path


def test_user(role: str, kecamatan: str | None = None) -> users.User:
    """A user of the configured users file holding `role` (created on first use), named after role and kecamatan."""
    cfg = config.read()
    kecamatan = kecamatan or (TEST_KECAMATAN if role == "camat" else None)
    name = f"uji-{role}" + (f"-{kecamatan.replace('.', '')}" if kecamatan else "")
    path = cfg.auth.users_path
    return users.get(name, path) or users.add(name, [role], kecamatan, TEST_PASSWORD, path, region=cfg.wilayah)


def token(role: str, kecamatan: str | None = None) -> str:
    """A session token of the test user holding `role`, signed with the configured key, as the sign-in issues."""
    return sessions.issue(test_user(role, kecamatan).name, config.read().auth)


def open_dashboard(
    monkeypatch, store_path, page: str | None = None, role: str | None = "pimpinan", kecamatan=None, **query_params
) -> AppTest:
    """Open dashboard.py, or arrive on pages/<page>.py by a link as a URL shared on WhatsApp opens it.

    The viewer is signed in as a user holding `role` (role=None: signed out), as a browser with a valid
    session cookie arrives. The query parameters are there before the first run, and the page runs inside
    dashboard.py's frame.
    """
    monkeypatch.setenv("PANTAU_STORE", str(store_path))
    # every run through the frame, as in a browser (harness/apptest_frame.py): else every other run draws the page
    # alone, without its sidebar, and a click there or a form submitted from such a run is lost
    monkeypatch.setattr(PagesManager, "__init__", apptest_frame.framed(PagesManager.__init__))
    use_users_file(monkeypatch, Path(store_path).parent)
    st.cache_data.clear()
    st.cache_resource.clear()
    app = AppTest.from_file(DASHBOARD, default_timeout=60)
    if role is not None:
        app.session_state[signin.TOKEN] = token(role, kecamatan)
    for name, value in query_params.items():
        app.query_params[name] = value
    if page is not None:
        app.switch_page(f"pages/{page}.py")
    return app.run()


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


class Counted:
    """What a page should show, counted from the fixture's export files by tests/independent.py: no store,
    no SQL, no sensus code, so a page is not checked against the very function it calls."""

    def __init__(self, paths: dict[str, Path], exports: tuple[str, ...] = ("export_1", "export_2")):
        from tests import fixtures, independent

        self.cfg = config.read()
        wilayah = wilayah_indonesia.wilayah(self.cfg.kode_kab)
        self.desa_codes = sorted(wilayah["kode_desa"])
        self.submissions = independent.valid_submissions([paths[name] for name in exports], set(self.desa_codes))
        self.targets = {row["kode_desa"]: row for row in fixtures.TARGETS.iter_rows(named=True)}
        self._independent = independent

    def last_day(self):
        """The last day with a new household inside the window (the pages' default as-of day)."""
        first_days = self.submissions.group_by("household").agg(pl.col("tanggal").min())["tanggal"]
        inside = [day for day in first_days if self.cfg.mulai <= day <= self.cfg.selesai]
        return max(inside)

    def desa(self, day, prefix: str = "33.16") -> pl.DataFrame:
        """One row per village under `prefix` with its targets, responses and rates as of `day`."""
        counts = self._independent.counts_as_of(self.submissions, day, self.cfg.mulai, self.cfg.selesai)
        rows = []
        for kode in self.desa_codes:
            if not kode.startswith(prefix + "."):
                continue
            kk, penduduk, clean = counts.get(kode, (0, 0, 0))
            target = self.targets.get(kode)
            rows.append(
                {
                    "kode": kode,
                    "kk_target": target["kk"] if target else None,
                    "penduduk_target": target["penduduk"] if target else None,
                    "kk_respon": kk,
                    "penduduk_respon": penduduk,
                    "kk_clean": clean,
                    "persen_kk": 100 * kk / target["kk"] if target else None,
                    "persen_penduduk": 100 * penduduk / target["penduduk"] if target else None,
                }
            )
        return pl.DataFrame(rows)

    def area(self, day, prefix: str = "33.16") -> dict:
        """The totals of every village under `prefix` (a kecamatan, or the kabupaten) as of `day`."""
        villages = self.desa(day, prefix)
        total = {c: int(villages[c].sum()) for c in ("kk_respon", "penduduk_respon", "kk_clean")}
        for measure in ("kk", "penduduk"):
            target = villages[f"{measure}_target"].drop_nulls()
            total[f"{measure}_target"] = int(target.sum()) if target.len() else None
            total[f"persen_{measure}"] = (
                100 * total[f"{measure}_respon"] / total[f"{measure}_target"] if total[f"{measure}_target"] else None
            )
        return total


def open_tab(app: AppTest, position: int) -> AppTest:
    """Open the planning page's tab at `position` (0 priorities, 1 uplift, 2 forecast, 3 events, 4 message), as a
    click on it does: the page draws only its open tab."""
    from sensus.app.views import planning as sosialisasi

    app.session_state[sosialisasi.TAB] = [tab.label for tab in app.tabs][position]
    app.session_state[sosialisasi.OPEN_TAB] = position
    return app.run()
