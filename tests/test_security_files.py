"""Private files stay private: the store, its salt, the audit journal, the users file and the session key are born
0600 (whatever the umask), a store written again is 0600 even when copied in looser, and a looser file is warned
about in the server's log and on a command's stderr."""

import io
import logging
import os
import subprocess
import sys
from contextlib import redirect_stderr

import pytest

from sensus.__main__ import main
from sensus.auth import audit, sessions, users
from sensus.core import config
from sensus.core.paths import ROOT
from sensus.store import database
from tests import fixtures
from tests.apptest import use_users_file

pytestmark = pytest.mark.slow  # servers or command-line subprocesses

PASSWORD = "sandi-yang-cukup-panjang"


def mode(path) -> int:
    return path.stat().st_mode & 0o777


@pytest.fixture
def open_umask():
    old = os.umask(0o000)  # the careless operator's: every file would be world-writable
    yield
    os.umask(old)


def test_every_private_file_is_born_0600(monkeypatch, tmp_path, open_umask):
    use_users_file(monkeypatch, tmp_path)
    store = tmp_path / "data" / "sensus.duckdb"
    export = tmp_path / "ekspor.csv"
    export.write_text(
        "id_submisi,kode_desa,waktu_submit,jumlah_art,no_kk\nA1,3316012001,2020-03-01,3,3316010101010001\n"
    )
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["--store", str(store), "ingest", str(export)]) == 0
    auth = config.read().auth
    users.add("bu-kepala", ["pimpinan"], None, PASSWORD, auth.users_path, region=config.read().wilayah)
    sessions.check_key(auth)
    audit.record("bu-kepala", "masuk_ok", "", store)
    private = [store, database.salt_path(store), audit.journal_path(store), auth.users_path, auth.key_path]
    assert {str(p): mode(p) for p in private} == {str(p): 0o600 for p in private}


def test_a_store_copied_in_loose_is_warned_about_and_private_after_its_next_write(fixture_store, tmp_path, caplog):
    store = fixtures.copy_store(fixture_store[0], tmp_path / "longgar")
    os.chmod(store, 0o644)
    with caplog.at_level(logging.WARNING, logger="sensus.files"):
        database.connect_reader(store).close()
    assert any(str(store) in r.getMessage() and "644" in r.getMessage() for r in caplog.records)
    export = tmp_path / "ekspor.csv"
    export.write_text("id_submisi,kode_desa,waktu_submit,jumlah_art\nB1,3316012001,2020-03-01,3\n")
    with redirect_stderr(io.StringIO()):
        assert main(["--store", str(store), "ingest", str(export)]) == 0
    assert mode(store) == 0o600


def test_a_world_readable_users_file_is_warned_about_on_stderr(monkeypatch, tmp_path):
    path = use_users_file(monkeypatch, tmp_path)
    users.add("bu-kepala", ["pimpinan"], None, PASSWORD, path, region=config.read().wilayah)
    os.chmod(path, 0o644)
    env = {"PANTAU_USERS": str(path), "PANTAU_STORE": str(tmp_path / "s.duckdb"), "PATH": "/usr/bin:/bin"}
    listed = subprocess.run(
        [sys.executable, "-m", "sensus", "users", "list"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert listed.returncode == 0 and "bu-kepala" in listed.stdout
    assert f"{path} is mode 644" in listed.stderr
