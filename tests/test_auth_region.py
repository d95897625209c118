"""The users command line and the sessions check a user's kecamatan against the configured region."""

import argparse
import dataclasses
import io

from sensus.auth import cli, sessions, users
from sensus.core import config, wilayah_indonesia

PASSWORD = "sandi-yang-cukup-panjang"


def configured(tmp_path, kode: str) -> config.Config:
    cfg = config.read(environ={"PANTAU_USERS": str(tmp_path / "users.json"), "PANTAU_STORE": str(tmp_path / "s.db")})
    return dataclasses.replace(cfg, wilayah=wilayah_indonesia.kabupaten(kode))


def add(cfg: config.Config, monkeypatch, capsys, kecamatan: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    args = argparse.Namespace(
        action="add",
        name="camat-satu",
        role=["camat"],
        kecamatan=kecamatan,
        kabupaten=None,
        email=None,
        password_stdin=True,
    )
    status = cli.run(args, cfg)
    return status, capsys.readouterr().err


def test_the_users_cli_takes_a_kecamatan_of_the_configured_region(tmp_path, monkeypatch, capsys):
    semarang = configured(tmp_path, "33.74")
    status, said = add(semarang, monkeypatch, capsys, "33.16.05")
    assert status == 1 and "'33.16.05' is not a kecamatan code of Kota Semarang" in said
    assert users.load_all(semarang.auth.users_path) == {}
    status, said = add(semarang, monkeypatch, capsys, "337401")
    assert status == 0, said
    assert users.get("camat-satu", semarang.auth.users_path).kecamatan == "33.74.01"


def test_a_session_of_a_user_bound_outside_the_region_is_void(tmp_path):
    blora = configured(tmp_path, "33.16")
    users.add("camat-cepu", ["camat"], "33.16.05", PASSWORD, blora.auth.users_path, region=blora.wilayah)
    token = sessions.issue("camat-cepu", blora.auth)
    assert sessions.read(token, False, blora.auth, kode_kab="33.16").user.kecamatan == "33.16.05"
    assert sessions.read(token, False, blora.auth, kode_kab="33.74") is None


def test_the_demo_camat_is_bound_to_a_kecamatan_of_the_region():
    assert sessions.demo_user("camat", "33.16").kecamatan == "33.16.05"  # Cepu
    assert sessions.demo_user("camat", "33.74").kecamatan.startswith("33.74.")
    assert sessions.demo_user("pimpinan", "33.74").kecamatan is None
