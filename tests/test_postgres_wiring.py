"""With PostgreSQL configured, the command line and the dashboard use it: users move in with one command, user
changes and sign-ins are audited there per kabupaten, and a server that cannot reach it says so to the viewer
instead of a traceback."""

import io
import socket
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest

from sensus.__main__ import main
from sensus.app import signin
from sensus.auth import audit, users
from sensus.core import config, i18n
from tests.apptest import open_dashboard, use_users_file

PASSWORD = "sandi-yang-cukup-panjang"


def cli(*args: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as ended:
                code = ended.code
    finally:
        sys.stdin = saved
    return code or 0, out.getvalue(), err.getvalue()


def test_users_move_into_postgresql_and_their_changes_are_audited_there(monkeypatch, tmp_path, postgres):
    use_users_file(monkeypatch, tmp_path)
    store = tmp_path / "sensus.duckdb"
    # first on files, as a deployment was before PostgreSQL
    assert cli("--store", store, "users", "add", "bu-kepala", "--role", "pimpinan", stdin=PASSWORD + "\n")[0] == 0
    monkeypatch.setenv("PANTAU_POSTGRES", postgres)
    code, out, _ = cli("users", "migrate-to-postgres")
    assert code == 0 and "1 users copied" in out and "bu-kepala" in out
    # again: nothing new
    assert "0 users copied" in cli("users", "migrate-to-postgres")[1]
    # the users file could now go: every replica reads the table
    (tmp_path / "users.json").unlink()
    assert "bu-kepala" in cli("users", "list")[1]
    assert cli("--store", store, "users", "passwd", "bu-kepala", stdin=PASSWORD + "-2\n")[0] == 0
    assert users.verify("bu-kepala", PASSWORD + "-2", config.read().auth, client="x").name == "bu-kepala"
    log = audit.read(store, postgres=postgres, kabupaten="33.16")
    assert "pengguna_sandi" in log["aksi"].to_list()
    # on files nothing was written for it: the journal beside the store holds only the add of before
    assert audit.read(store)["aksi"].to_list() == ["pengguna_tambah"]


def test_migrating_without_postgresql_is_refused_with_the_setting_to_set(monkeypatch, tmp_path):
    use_users_file(monkeypatch, tmp_path)
    monkeypatch.delenv("PANTAU_POSTGRES", raising=False)
    code, _, err = cli("users", "migrate-to-postgres")
    assert code == 1 and "PANTAU_POSTGRES" in err


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.slow
def test_the_sign_in_page_says_the_shared_database_is_down_without_a_traceback(monkeypatch, fixture_store, tmp_path):
    monkeypatch.setenv("PANTAU_POSTGRES", f"postgresql://postgres@127.0.0.1:{closed_port()}/pantau")
    app = open_dashboard(monkeypatch, fixture_store[0], role=None)
    assert not app.exception
    # nobody can be checked: the page says why instead of a form that could only fail
    assert not [field for field in app.text_input if field.key == "masuk_nama"]
    shown = " ".join(e.value for e in app.error)
    assert i18n.t("basis_data_bersama_mati", "id") in shown
    assert "127.0.0.1" not in shown and "postgresql://" not in shown
    assert signin.TOKEN not in app.session_state
