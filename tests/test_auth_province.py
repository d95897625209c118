"""Roles one level up: users, the command line, sessions, demo users and the users page of a province deployment.

DI Yogyakarta (34: 34.01 … 34.04 and Kota Yogyakarta 34.71) is the small province; Jawa Tengah (33) the large one.
"""

import argparse
import io
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from sensus.app import configured, signin
from sensus.app.views import users as users_page
from sensus.auth import cli, roles, sessions, users
from sensus.core import config

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "sandi-yang-cukup-panjang"
DIY = ("34.01", "34.02", "34.03", "34.04", "34.71")


def deployment(tmp_path, **environ) -> config.Config:
    """The configuration with the test's users file and one store per kabupaten in `tmp_path`."""
    base = {"PANTAU_USERS": str(tmp_path / "users.json"), "PANTAU_STORE": str(tmp_path / "s-{kabupaten}.duckdb")}
    return config.read(environ=base | environ)


@pytest.fixture
def diy(tmp_path) -> config.Config:
    return deployment(tmp_path, PANTAU_PROVINSI="34")


@pytest.fixture
def blora(tmp_path) -> config.Config:
    return deployment(tmp_path)


def add(cfg: config.Config, name: str, roles_: list[str], kecamatan=None, kabupaten=None) -> users.User:
    return users.add(
        name,
        roles_,
        kecamatan,
        PASSWORD,
        cfg.auth.users_path,
        region=cfg.wilayah,
        kabupaten=kabupaten,
        provinsi=cfg.provinsi,
    )


# ---- who may be added, bound to what ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("roles_", "kecamatan", "kabupaten", "message"),
    [
        (["pimpinan"], None, None, "the pimpinan role needs --kabupaten KODE"),
        (["perencana"], None, None, "e.g. --kabupaten 34.01"),
        (["operator", "perencana"], None, None, "the perencana/operator role needs --kabupaten"),
        (["camat"], "34.71.01", "34.01", "--kabupaten 34.01 disagrees with --kecamatan 34.71.01"),
        (["camat"], "34.71.01", "34.01", "a kecamatan of Kota Yogyakarta (34.71)"),
        (["kepala_provinsi"], None, "34.71", "the kepala_provinsi role has the whole provinsi 34"),
        (["kepala_provinsi", "camat"], "34.71.01", None, "give no --kabupaten or --kecamatan"),
        (["pimpinan"], None, "33.16", "--kabupaten '33.16' (Kabupaten Blora) is not served here"),
        (["pimpinan"], None, "9999", "'9999' is not a kabupaten/kota code of Indonesia"),
        (["camat"], "33.16.05", None, "--kecamatan='33.16.05' is not a kecamatan code of provinsi 34"),
        (["camat"], "34.71.99", None, "'34.71.99' is not a kecamatan code of Kota Yogyakarta"),
        (["camat"], None, "34.71", "the camat role needs --kecamatan KODE (a kecamatan of Kota Yogyakarta"),
    ],
)
def test_a_province_refuses_a_user_bound_wrongly_with_a_clear_message(diy, roles_, kecamatan, kabupaten, message):
    with pytest.raises(users.UserError) as refused:
        add(diy, "baru", roles_, kecamatan, kabupaten)
    assert message in str(refused.value)
    assert users.load_all(diy.auth.users_path) == {}


def test_a_province_stores_each_binding(diy):
    assert add(diy, "kepala", ["kepala_provinsi"]).kabupaten is None
    # '3471' as typed is Kota Yogyakarta's code
    assert add(diy, "kepala-kota", ["pimpinan"], kabupaten="3471").kabupaten == "34.71"
    camat = add(diy, "camat-kota", ["camat"], kecamatan="347105")
    assert (camat.kecamatan, camat.kabupaten) == ("34.71.05", "34.71")
    assert add(diy, "admin", ["admin"]).kabupaten is None
    stored = users.load_all(diy.auth.users_path)
    assert {name: (u.kabupaten, u.kecamatan) for name, u in stored.items()} == {
        "admin": (None, None),
        "camat-kota": ("34.71", "34.71.05"),
        "kepala": (None, None),
        "kepala-kota": ("34.71", None),
    }


def test_a_camat_may_be_of_any_kecamatan_of_jawa_tengah(tmp_path):
    jateng = deployment(tmp_path, PANTAU_PROVINSI="33")
    assert jateng.wilayah.kode == "33.16"  # pantau.toml's Blora is the configured region; Semarang is another
    semarang = add(jateng, "camat-semarang", ["camat"], kecamatan="33.74.01")
    assert (semarang.kecamatan, semarang.kabupaten) == ("33.74.01", "33.74")
    # a kabupaten of another province is not served
    with pytest.raises(users.UserError, match="is not served here; this deployment serves provinsi 33"):
        add(jateng, "kepala-kulon-progo", ["pimpinan"], kabupaten="34.01")


def test_outside_a_province_nothing_changes(blora):
    with pytest.raises(users.UserError, match="the kepala_provinsi role belongs to a province deployment"):
        add(blora, "kepala", ["kepala_provinsi"])
    with pytest.raises(users.UserError, match=r"serves Kabupaten Blora \(33.16\) only"):
        add(blora, "kepala-semarang", ["pimpinan"], kabupaten="33.74")
    # unbound as before, or bound to the region's own code
    assert add(blora, "kepala", ["pimpinan"]).kabupaten is None
    assert add(blora, "kepala-blora", ["pimpinan"], kabupaten="3316").kabupaten == "33.16"
    assert add(blora, "camat-cepu", ["camat"], kecamatan="33.16.05").kabupaten is None


def test_what_each_user_of_a_province_may_open(diy):
    def opened(user: users.User) -> tuple[str, ...]:
        return roles.kabupaten_open(user.roles, user.kabupaten, user.kecamatan, diy.daftar_kabupaten)

    assert diy.daftar_kabupaten == DIY
    assert opened(add(diy, "kepala", ["kepala_provinsi"])) == DIY
    assert opened(add(diy, "kepala-bantul", ["pimpinan"], kabupaten="34.02")) == ("34.02",)
    assert opened(add(diy, "operator-bantul", ["operator", "perencana"], kabupaten="34.02")) == ("34.02",)
    assert opened(add(diy, "camat-kota", ["camat"], kecamatan="34.71.01")) == ("34.71",)
    assert opened(add(diy, "admin", ["admin"])) == ()


# ---- the command line -----------------------------------------------------------------------------------------


def run_cli(cfg: config.Config, monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:
    """`python -m sensus users ARGV` through the users command's own parser, the password on stdin."""
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command", required=True))
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    status = cli.run(parser.parse_args(["users", *argv]), cfg)
    said = capsys.readouterr()
    return status, said.out, said.err


def test_the_cli_adds_and_lists_the_users_of_a_province(diy, monkeypatch, capsys):
    for argv in (
        ("add", "kepala", "--role", "kepala_provinsi"),
        ("add", "kepala-kota", "--role", "pimpinan", "--kabupaten", "3471"),
        ("add", "camat-kota", "--role", "camat", "--kecamatan", "34.71.05"),
        ("add", "admin", "--role", "admin"),
    ):
        status, _, err = run_cli(diy, monkeypatch, capsys, *argv, "--password-stdin")
        assert status == 0, err
    status, out, _ = run_cli(diy, monkeypatch, capsys, "list")
    assert status == 0
    assert out.splitlines() == [
        "admin\tadmin\t-\t-",
        "camat-kota\tcamat\t34.71\t34.71.05",
        "kepala\tkepala_provinsi\t34 (provinsi)\t-",
        "kepala-kota\tpimpinan\t34.71\t-",
    ]
    status, _, err = run_cli(diy, monkeypatch, capsys, "add", "kepala-lain", "--role", "operator", "--password-stdin")
    assert status == 1 and "the operator role needs --kabupaten KODE" in err
    assert "kepala-lain" not in users.load_all(diy.auth.users_path)


def test_the_cli_of_one_region_lists_as_before(blora, monkeypatch, capsys):
    status, _, err = run_cli(
        blora, monkeypatch, capsys, "add", "camat-cepu", "--role", "camat", "--kecamatan", "331605"
    )
    assert status == 0, err
    assert run_cli(blora, monkeypatch, capsys, "list")[1] == "camat-cepu\tcamat\t33.16.05\n"


def test_python_m_sensus_users_add_kepala_provinsi_and_kabupaten(tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "PANTAU_PROVINSI": "34",
        "PANTAU_USERS": str(tmp_path / "users.json"),
        "PANTAU_STORE": str(tmp_path / "s-{kabupaten}.duckdb"),
    }

    def sensus(*argv: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "sensus", "users", *argv],
            input=PASSWORD + "\n",
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
        )

    added = sensus("add", "kepala", "--role", "kepala_provinsi", "--password-stdin")
    assert added.returncode == 0, added.stderr
    bound = sensus("add", "kepala-kota", "--role", "pimpinan", "--kabupaten", "3471", "--password-stdin")
    assert bound.returncode == 0 and "added kepala-kota: pimpinan · 34.71" in bound.stdout, bound.stderr
    unbound = sensus("add", "perencana", "--role", "perencana", "--password-stdin")
    assert unbound.returncode == 1 and "the perencana role needs --kabupaten KODE" in unbound.stderr
    assert "Traceback" not in unbound.stderr
    listed = sensus("list")
    assert listed.stdout.splitlines() == [
        "kepala\tkepala_provinsi\t34 (provinsi)\t-",
        "kepala-kota\tpimpinan\t34.71\t-",
    ]


# ---- sessions and demo users ------------------------------------------------------------------------------------


def test_a_session_whose_binding_is_not_served_reads_as_signed_out(diy, tmp_path):
    add(diy, "kepala", ["kepala_provinsi"])
    add(diy, "kepala-kota", ["pimpinan"], kabupaten="34.71")
    add(diy, "camat-kota", ["camat"], kecamatan="34.71.05")
    auth = diy.auth

    def who(name: str, kode_kab: str, provinsi: str | None) -> str | None:
        session = sessions.read(sessions.issue(name, auth), False, auth, kode_kab=kode_kab, provinsi=provinsi)
        return None if session is None else session.user.name

    # in DIY every binding is served, whichever kabupaten the run shows
    for name in ("kepala", "kepala-kota", "camat-kota"):
        assert who(name, "34.01", "34") == name
    # the same users file served as Jawa Tengah, or as Blora alone: their kabupaten is not served
    assert who("kepala-kota", "33.01", "33") is None
    assert who("camat-kota", "33.01", "33") is None
    assert who("kepala-kota", "33.16", None) is None
    assert who("camat-kota", "33.16", None) is None
    # one region that is their kabupaten still serves them; kepala_provinsi needs a province
    assert who("kepala-kota", "34.71", None) == "kepala-kota"
    assert who("kepala", "34.71", None) is None
    assert who("kepala", "33.01", "33") == "kepala"


def test_demo_users_of_a_province_are_bound_to_the_runs_kabupaten():
    kepala = sessions.demo_user("kepala_provinsi", "34.71", province=True)
    assert (kepala.roles, kepala.kabupaten, kepala.kecamatan) == (("kepala_provinsi",), None, None)
    for role in ("pimpinan", "perencana", "operator"):
        user = sessions.demo_user(role, "34.71", province=True)
        assert (user.name, user.kabupaten, user.kecamatan) == (f"demo-{role}@34.71", "34.71", None)
    camat = sessions.demo_user("camat", "34.71", province=True)
    assert camat.kabupaten == "34.71" and camat.kecamatan.startswith("34.71.")
    assert sessions.demo_user("admin", "34.71", province=True).kabupaten is None
    # one region: as before, no binding but the camat's kecamatan
    assert sessions.demo_user("pimpinan", "33.16") == users.User("demo-pimpinan", ("pimpinan",))
    assert sessions.demo_user("camat", "33.16").kecamatan == "33.16.05"


def test_a_demo_session_keeps_its_kabupaten_and_is_refused_where_not_served(diy):
    auth = diy.auth

    def demo(name: str, kode_kab: str, provinsi: str | None, is_demo: bool = True) -> users.User | None:
        session = sessions.read(sessions.issue(name, auth), is_demo, auth, kode_kab=kode_kab, provinsi=provinsi)
        return None if session is None else session.user

    # signed in on Kota Yogyakarta, now on a page of Kulon Progo: still bound to the city
    assert demo("demo-pimpinan@34.71", "34.01", "34").kabupaten == "34.71"
    assert demo("demo-camat@34.71", "34.01", "34").kecamatan.startswith("34.71.")
    assert demo("demo-kepala_provinsi", "34.01", "34").roles == ("kepala_provinsi",)
    refused = [
        ("demo-pimpinan@34.71", "34.71", "34", False),  # not a demo store
        ("demo-pimpinan@33.16", "34.01", "34", True),  # not a kabupaten of DIY
        ("demo-pimpinan", "34.01", "34", True),  # a province's kabupaten head is bound
        ("demo-kepala_provinsi@34.71", "34.01", "34", True),  # the head of a province is never bound
        ("demo-kepala_provinsi", "33.16", None, True),  # no province
        ("demo-pimpinan@33.16", "33.16", None, True),  # one region's demo users carry no binding
    ]
    for name, kode_kab, provinsi, is_demo in refused:
        assert demo(name, kode_kab, provinsi, is_demo) is None, name
    assert demo("demo-pimpinan", "33.16", None).kabupaten is None


def demo_buttons():
    from sensus.app import signin

    signin._demo_buttons()


def test_the_demo_buttons_of_a_province_include_its_head_and_bind_the_rest(tmp_path, monkeypatch):
    for name, value in {
        "PANTAU_PROVINSI": "34",
        "PANTAU_KABUPATEN": "34.71",
        "PANTAU_DEMO": "1",
        "PANTAU_USERS": str(tmp_path / "users.json"),
        "PANTAU_STORE": str(tmp_path / "s-{kabupaten}.duckdb"),
    }.items():
        monkeypatch.setenv(name, value)
    configured.configuration.clear()
    app = AppTest.from_function(demo_buttons, default_timeout=30).run()
    assert [button.key for button in app.button] == [f"demo_{role}" for role in roles.ROLES]
    assert "Kepala BPS Provinsi" in app.button(key="demo_kepala_provinsi").label
    app.button(key="demo_operator").click().run()
    cfg = config.read()
    signed_in = sessions.read(app.session_state[signin.TOKEN], True, cfg.auth, kode_kab="34.01", provinsi="34")
    assert (signed_in.user.roles, signed_in.user.kabupaten) == (("operator",), "34.71")
    configured.configuration.clear()


def test_the_demo_buttons_of_one_region_are_as_before(tmp_path, monkeypatch):
    monkeypatch.setenv("PANTAU_DEMO", "1")
    monkeypatch.setenv("PANTAU_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("PANTAU_STORE", str(tmp_path / "s.duckdb"))
    configured.configuration.clear()
    app = AppTest.from_function(demo_buttons, default_timeout=30).run()
    shown = [button.key for button in app.button]
    assert shown == ["demo_pimpinan", "demo_camat", "demo_perencana", "demo_operator", "demo_admin"]
    assert signin.demo_roles(is_province=False) == tuple(key.removeprefix("demo_") for key in shown)
    configured.configuration.clear()


# ---- the users page -------------------------------------------------------------------------------------------


def test_the_users_page_lists_each_users_kabupaten_in_a_province(diy, blora):
    add(diy, "kepala", ["kepala_provinsi"])
    add(diy, "kepala-kota", ["pimpinan"], kabupaten="34.71")
    add(diy, "camat-bantul", ["camat"], kecamatan="34.02.01")
    listed = users_page.listing(users.load_all(diy.auth.users_path).values(), diy)
    assert listed.rows() == [
        ("camat-bantul", "camat", "Kabupaten Bantul (34.02)", "34.02.01"),
        ("kepala", "kepala_provinsi", "Daerah Istimewa Yogyakarta (34)", "-"),
        ("kepala-kota", "pimpinan", "Kota Yogyakarta (34.71)", "-"),
    ]
    commands = users_page.add_commands("34.71", "34.71.01")
    assert "--role kepala_provinsi" in commands and "--role pimpinan --kabupaten 34.71" in commands
    # one region: the kecamatan, or the region's code
    add(blora, "camat-cepu", ["camat"], kecamatan="33.16.05")
    one_region = users_page.listing(users.load_all(blora.auth.users_path).values(), blora)
    assert one_region.columns == ["nama", "peran", "kecamatan"]


def users_page_of_the_configuration():
    from datetime import date

    from sensus.app.configured import configuration
    from sensus.app.context import ViewContext
    from sensus.app.views import users as users_page
    from sensus.core.scope import Scope

    users_page.render(ViewContext(configuration(), "en", "penduduk", date(2020, 2, 15), Scope()))


def test_the_users_page_of_a_province_shows_its_commands_and_kabupaten(diy, tmp_path, monkeypatch):
    add(diy, "kepala-kota", ["pimpinan"], kabupaten="34.71")
    for name, value in {
        "PANTAU_PROVINSI": "34",
        "PANTAU_USERS": str(diy.auth.users_path),
        "PANTAU_STORE": str(tmp_path / "s-{kabupaten}.duckdb"),
    }.items():
        monkeypatch.setenv(name, value)
    configured.configuration.clear()
    app = AppTest.from_function(users_page_of_the_configuration, default_timeout=30).run()
    assert not app.exception
    assert "--role pimpinan --kabupaten 34.01" in app.code[0].value  # the configured region: DIY's first
    shown = app.dataframe[0].value
    assert list(shown.columns) == ["nama", "peran", "kabupaten", "kecamatan"]
    assert shown.values.tolist() == [["kepala-kota", "pimpinan", "Kota Yogyakarta (34.71)", "-"]]
    configured.configuration.clear()
