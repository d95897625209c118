"""A province deployment for the tests: DI Yogyakarta (34), whose five kabupaten/kota have no boundary maps.

`province_demo` (a session fixture, registered in conftest) builds a demo store for each kabupaten with
sensus.demo.builder.build and publishes each with sensus.province.publish into a published folder holding all
five, and into a second one holding all but the last (a kabupaten that has not published yet). The build is
cached across runs under the test runs' temporary root, keyed on the code, SQL and reference data (as the demo
store's is), and copied into the session's folder: a page may write its audit file beside a store.
`open_province` opens the dashboard on it, signed in as a given user.
"""

import hashlib
import json
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from harness import apptest_frame
from sensus.app import configured, signin
from sensus.auth import sessions, users
from sensus.core import config
from sensus.core.config import Config
from sensus.core.paths import ROOT
from sensus.demo import builder
from sensus.province import publish
from tests.helpers import build_cache

PROVINSI = "34"
KABUPATEN = ("34.01", "34.02", "34.03", "34.04", "34.71")
# the kabupaten left out of the second published folder
BELUM_TERBIT = "34.71"
DASHBOARD = str(ROOT / "dashboard.py")
CACHE_DAYS = 2


@dataclass(frozen=True)
class ProvinceDemo:
    folder: Path
    cfg: Config  # the deployment's configuration (PANTAU_PROVINSI=34, the stores' template, every kabupaten published)
    provinsi: str = PROVINSI  # the province the dashboard serves (a test may serve another over the same stores)

    @property
    def store_template(self) -> str:
        return str(self.folder / "stores" / "{kabupaten}.duckdb")

    def store(self, kode: str) -> Path:
        return Path(self.store_template.format(kabupaten=kode))

    @property
    def terbit(self) -> Path:
        """Every kabupaten published."""
        return self.folder / "terbit"

    @property
    def terbit_partial(self) -> Path:
        """All but BELUM_TERBIT published."""
        return self.folder / "terbit_sebagian"

    def environ(self, terbit: Path | None = None) -> dict[str, str]:
        return {
            "PANTAU_PROVINSI": self.provinsi,
            "PANTAU_STORE": self.store_template,
            "PANTAU_TERBIT": str(terbit or self.terbit),
            "PANTAU_USERS": str(self.folder / "users" / "users.json"),
        }


def _build_key() -> str:
    """A digest of what the build reads: code, SQL, reference data, pantau.toml, and the day (a store records when
    it was imported)."""
    inputs = hashlib.sha256(datetime.now(UTC).date().isoformat().encode())
    files = [*ROOT.glob("sensus/**/*.py"), *ROOT.glob("queries/**/*.sql"), ROOT / "pantau.toml"]
    files += [p for p in (ROOT / "data").rglob("*") if p.suffix in {".csv", ".parquet"}]
    for path in sorted(files):
        inputs.update(str(path.relative_to(ROOT)).encode())
        inputs.update(path.read_bytes())
    return inputs.hexdigest()[:16]


def _build(folder: Path) -> None:
    cfg = config.read(
        environ={"PANTAU_PROVINSI": PROVINSI, "PANTAU_STORE": str(folder / "stores" / "{kabupaten}.duckdb")}
    )
    for kode in KABUPATEN:
        store = folder / "stores" / f"{kode}.duckdb"
        builder.build(store, cfg.for_kabupaten(kode), progress=lambda _line: None)
        publish.publish(store, kode, folder / "terbit")
        if kode != BELUM_TERBIT:
            publish.publish(store, kode, folder / "terbit_sebagian")


def _cached_build(cache: Path) -> Path:
    """The build for the current inputs, from an earlier run or built now (tests/helpers/build_cache.py)."""
    return build_cache.cached_build(cache, _build_key(), _build, CACHE_DAYS)


@pytest.fixture(scope="session")
def province_demo(tmp_path_factory) -> ProvinceDemo:
    built = _cached_build(tmp_path_factory.getbasetemp().parent / "pantau-province-cache")
    folder = tmp_path_factory.mktemp("provinsi") / "34"
    shutil.copytree(built, folder)
    (folder / "users").mkdir()
    environ = {"PANTAU_PROVINSI": PROVINSI, "PANTAU_STORE": str(folder / "stores" / "{kabupaten}.duckdb")}
    return ProvinceDemo(folder, config.read(environ=environ | {"PANTAU_TERBIT": str(folder / "terbit")}))


def save_user(demo: ProvinceDemo, user: users.User) -> None:
    """Write `user` into the province's users file (a token names the user; the password is never asked)."""
    path = Path(demo.environ()["PANTAU_USERS"])
    raw = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"users": {}}
    raw["users"][user.name] = {
        "roles": list(user.roles),
        "kecamatan": user.kecamatan,
        "hash": "-",
        "kabupaten": user.kabupaten,
    }
    path.write_text(json.dumps(raw), encoding="utf-8")
    path.chmod(0o600)


def open_province(
    monkeypatch,
    demo: ProvinceDemo,
    user: users.User,
    page: str | None = None,
    terbit: Path | None = None,
    **query_params: str,
) -> AppTest:
    """Open dashboard.py of the province deployment (or arrive on pages/<page>.py by a link), signed in as `user`,
    with the link's query parameters there before the first run."""
    for name in ("PANTAU_KABUPATEN", "PANTAU_DEMO", "PANTAU_KECAMATAN", "PANTAU_POSTGRES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in demo.environ(terbit).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(PagesManager, "__init__", apptest_frame.framed(PagesManager.__init__))
    # the sidebar names a viewer's roles; the province head's name lands with the sign-in's own change (a stand-in
    # until then, so these tests exercise the pages and not the sign-in)
    if "kepala_provinsi" not in signin.ROLE_KEY:
        monkeypatch.setitem(signin.ROLE_KEY, "kepala_provinsi", "halaman_provinsi")
    configured.configuration.clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    save_user(demo, user)
    app = AppTest.from_file(DASHBOARD, default_timeout=90)
    app.session_state[signin.TOKEN] = sessions.issue(user.name, config.read().auth)
    for name, value in query_params.items():
        app.query_params[name] = value
    if page is not None:
        app.switch_page(f"pages/{page}.py")
    return app.run()
