"""Sign-in as an attacker and a careless operator try it: nobody locks a named user out from elsewhere, the lockout's
memory and the audit log stay bounded, `passwd`, `unlock` and the admin lift a lock, user changes are audited, and
a damaged users file, a bad key, a truncated store or a full disk is a message, never a traceback or a path."""

import errno
import io
import json
import logging
import time
from contextlib import redirect_stderr
from pathlib import Path

import pytest

from sensus.__main__ import main
from sensus.app import signin
from sensus.auth import audit, sessions, users
from sensus.core import config, i18n
from tests import fixtures
from tests.apptest import open_dashboard, use_users_file

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

PASSWORD = "sandi-yang-cukup-panjang"
REGION = config.read(environ={}).wilayah


def auth() -> config.AuthSettings:
    """The [auth] settings with the users file the test points PANTAU_USERS at."""
    return config.read().auth


@pytest.fixture
def users_file(monkeypatch, tmp_path):
    path = use_users_file(monkeypatch, tmp_path)
    users.add("bu-kepala", ["pimpinan"], None, PASSWORD, auth().users_path, region=REGION)
    return path


def fail_times(name: str, client: str, lockout: users.Lockout, n: int | None = None) -> None:
    for _ in range(n or auth().max_failures):
        with pytest.raises(users.SignInRefused) as refused:
            users.verify(name, "salah-salah-salah", auth(), lockout=lockout, client=client)
        assert refused.value.code == "salah"


# ---- lockout per client --------------------------------------------------------------------------------------


def test_failures_from_one_client_never_refuse_the_right_password_from_another(users_file):
    lockout = users.Lockout()
    # README's own example, typed as a careless (or hostile) visitor would
    fail_times(" BU-KEPALA ", "203.0.113.9", lockout)
    with pytest.raises(users.SignInRefused) as locked:
        users.verify("bu-kepala", PASSWORD, auth(), lockout=lockout, client="203.0.113.9")
    assert locked.value.code == "terkunci"
    assert users.verify("bu-kepala", PASSWORD, auth(), lockout=lockout, client="198.51.100.7").name == "bu-kepala"


def test_a_client_with_too_many_failures_on_any_names_is_refused_unchecked(users_file):
    lockout = users.Lockout()
    for n in range(auth().max_failures_client):
        with pytest.raises(users.SignInRefused):
            users.verify(f"tebak-{n}", "salah-salah-salah", auth(), lockout=lockout, client="203.0.113.9")
    with pytest.raises(users.SignInRefused) as refused:
        users.verify("bu-kepala", PASSWORD, auth(), lockout=lockout, client="203.0.113.9")
    assert refused.value.code == "dibatasi" and refused.value.until > time.time()
    assert users.verify("bu-kepala", PASSWORD, auth(), lockout=lockout, client="198.51.100.7").name == "bu-kepala"


def test_the_lockout_memory_is_bounded_and_keeps_no_impossible_name(users_file):
    lockout = users.Lockout(max_entries=50)
    for n in range(400):
        lockout.fail(f"nama-{n}", client=f"10.0.{n // 250}.{n % 250}", limits=auth())
    assert len(lockout) <= 100
    fresh = users.Lockout()
    for _ in range(3):
        with pytest.raises(users.SignInRefused):
            users.verify("x" * 4_000_000, "salah-salah-salah", auth(), lockout=fresh, client="a")
    # counted for the client, never stored under the 4 MB name
    assert len(fresh._by_name) == 0 and len(fresh._by_client) == 1


def test_passwd_unlock_and_the_admin_lift_a_lock_in_every_process(users_file, monkeypatch, tmp_path):
    monkeypatch.setenv("PANTAU_STORE", str(tmp_path / "sensus.duckdb"))
    lockout = users.Lockout()
    fail_times("bu-kepala", "c", lockout)
    users.passwd("bu-kepala", PASSWORD + "-baru", auth().users_path)
    assert users.verify("bu-kepala", PASSWORD + "-baru", auth(), lockout=lockout, client="c").name == "bu-kepala"
    fail_times("bu-kepala", "c", lockout)
    assert cli("users", "unlock", "bu-kepala")[0] == 0
    assert users.verify("bu-kepala", PASSWORD + "-baru", auth(), lockout=lockout, client="c").name == "bu-kepala"


@pytest.mark.parametrize(
    ("peer", "forwarded", "client"),
    [
        (None, None, "lokal"),  # loopback, no proxy
        (None, "203.0.113.9", "203.0.113.9"),  # nginx on this machine
        ("172.18.0.5", "203.0.113.9", "203.0.113.9"),  # nginx in compose's network
        ("172.18.0.5", "1.1.1.1, 203.0.113.9", "203.0.113.9"),  # the address the nearest proxy added
        ("93.184.216.34", "10.9.9.9", "93.184.216.34"),  # a browser straight to Streamlit cannot choose its client
        ("93.184.216.34", None, "93.184.216.34"),
        (None, "x" * 5000, "x" * 64),  # bounded, whatever the header holds
    ],
)
def test_the_client_is_the_address_a_trusted_proxy_saw(peer, forwarded, client):
    assert signin.client_from(peer, forwarded) == client


# ---- names and passwords --------------------------------------------------------------------------------------


@pytest.mark.parametrize("password", [" " * 10, "\t" * 12, " \u00a0\u2003" * 5])
def test_a_password_of_only_blanks_is_refused(users_file, password):
    with pytest.raises(users.UserError, match="only spaces"):
        users.add("pak-camat", ["pimpinan"], None, password, auth().users_path, region=REGION)
    with pytest.raises(users.UserError, match="only spaces"):
        users.passwd("bu-kepala", password, auth().users_path)


def test_the_sign_in_form_takes_a_bounded_name(monkeypatch, fixture_store, users_file):
    app = open_dashboard(monkeypatch, fixture_store[0], role=None)
    assert app.text_input(key="masuk_nama").max_chars == users.MAX_NAME_INPUT
    assert users.MAX_NAME_INPUT <= 64


def test_a_huge_user_name_is_refused_without_being_echoed_whole(monkeypatch, tmp_path):
    use_users_file(monkeypatch, tmp_path)
    status, stderr = cli("--store", tmp_path / "s.duckdb", "users", "add", "a" * 100_000, "--role", "admin",
                         stdin=PASSWORD + "\n")  # fmt: skip
    assert status == 1 and "2–32 characters" in stderr and len(stderr) < 500


# ---- audit of user changes ------------------------------------------------------------------------------------


def cli(*argv, stdin: str = "") -> tuple[int, str]:
    err = io.StringIO()
    with redirect_stderr(err):
        import sys

        saved = sys.stdin
        sys.stdin = io.StringIO(stdin)
        try:
            status = main([str(a) for a in argv])
        finally:
            sys.stdin = saved
    return status, err.getvalue()


def test_users_add_remove_passwd_and_unlock_are_audited_as_the_cli_user(monkeypatch, tmp_path):
    use_users_file(monkeypatch, tmp_path)
    store = tmp_path / "sensus.duckdb"
    assert cli("--store", store, "users", "add", "pak-camat", "--role", "camat", "--kecamatan", "33.16.05",
               stdin=PASSWORD + "\n")[0] == 0  # fmt: skip
    assert cli("--store", store, "users", "passwd", "pak-camat", stdin=PASSWORD + "-2\n")[0] == 0
    assert cli("--store", store, "users", "unlock", "pak-camat")[0] == 0
    assert cli("--store", store, "users", "remove", "pak-camat")[0] == 0
    log = audit.read(store).sort("waktu")
    assert log["aksi"].to_list() == ["pengguna_tambah", "pengguna_sandi", "pengguna_buka_kunci", "pengguna_hapus"]
    assert all(who.startswith("cli") for who in log["pengguna"])
    assert log["rincian"][0] == "pak-camat: camat 33.16.05"
    assert PASSWORD not in audit.journal_path(store).read_text()


# ---- the sign-in page: bounded audit, full disk, damaged files ---------------------------------------------------


def submit(app, name: str, password: str):
    app.text_input(key="masuk_nama").input(name)
    app.text_input(key="masuk_sandi").input(password)
    masuk = next(button for button in app.button if button.form_id == "form_masuk")
    return masuk.click().run()


def journal_lines(store: Path) -> list[dict]:
    path = audit.journal_path(store)
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@pytest.fixture
def real_store(fixture_store, tmp_path):
    return fixtures.copy_store(fixture_store[0], tmp_path / "nyata")


@pytest.fixture
def fresh_lockout(monkeypatch):
    monkeypatch.setattr(users, "LOCKOUT", users.Lockout())
    monkeypatch.setattr(users.verify, "__defaults__", (users.LOCKOUT, ""))


def test_five_anonymous_failures_then_the_right_password_from_another_client(
    monkeypatch, real_store, users_file, fresh_lockout
):
    monkeypatch.setattr(signin, "client_id", lambda: "203.0.113.9")
    app = open_dashboard(monkeypatch, real_store, role=None)
    use_users_file(monkeypatch, users_file.parent)
    for _ in range(auth().max_failures):
        app = submit(app, "bu-kepala", "salah-salah-salah")
    app = submit(app, "bu-kepala", PASSWORD)
    assert i18n.t("masuk_terkunci", "id", menit=15) in [e.value for e in app.error]
    monkeypatch.setattr(signin, "client_id", lambda: "198.51.100.7")
    other = open_dashboard(monkeypatch, real_store, role=None)
    use_users_file(monkeypatch, users_file.parent)
    other = submit(other, " BU-KEPALA ", PASSWORD)
    assert not other.exception and not other.error
    assert signin.TOKEN in other.session_state


def test_one_client_adds_a_bounded_number_of_audit_events(monkeypatch, real_store, users_file, fresh_lockout):
    monkeypatch.setattr(signin, "client_id", lambda: "203.0.113.9")
    app = open_dashboard(monkeypatch, real_store, role=None)
    use_users_file(monkeypatch, users_file.parent)
    limit = auth().max_failures_client
    for n in range(limit + 10):
        app = submit(app, f"tebak-{n}", "salah-salah-salah")
    failed = [e for e in journal_lines(real_store) if e["aksi"] == "masuk_gagal"]
    assert len(failed) == limit
    assert i18n.t("masuk_dibatasi", "id", menit=15) in [e.value for e in app.error]


def test_a_full_disk_does_not_keep_anyone_out(monkeypatch, real_store, users_file, fresh_lockout, caplog):
    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(audit, "record", disk_full)
    app = open_dashboard(monkeypatch, real_store, role=None)
    use_users_file(monkeypatch, users_file.parent)
    with caplog.at_level(logging.ERROR, logger="sensus.audit"):
        app = submit(app, "bu-kepala", PASSWORD)
    assert not app.exception and signin.TOKEN in app.session_state
    assert any("audit log not written" in r.getMessage() and "masuk_ok" in r.getMessage() for r in caplog.records)


def page_text(app) -> str:
    return repr(app.main) + repr(app.sidebar)


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        (lambda u, k: u.write_text("{ bukan json"), "berkas_pengguna_rusak"),
        # an entry without its hash
        (lambda u, k: u.write_text(json.dumps({"users": {"bu-kepala": {"roles": ["x"]}}})), "berkas_pengguna_rusak"),
        (lambda u, k: u.write_text(json.dumps({"users": ["bu-kepala"]})), "berkas_pengguna_rusak"),
        (lambda u, k: k.write_text("bukan-heksadesimal"), "kunci_sesi_rusak"),
        (lambda u, k: k.write_text(""), "kunci_sesi_rusak"),
    ],
)  # fmt: skip
def test_a_damaged_users_file_or_key_is_a_message_without_a_path(monkeypatch, real_store, damage, code):
    # the users file the dashboard reads: open_dashboard points it beside the store
    users_file = use_users_file(monkeypatch, real_store.parent)
    users.add("bu-kepala", ["pimpinan"], None, PASSWORD, auth().users_path, region=REGION)
    sessions.check_key(auth())
    damage(users_file, auth().key_path)
    for cookie in (False, True):
        app = open_dashboard(monkeypatch, real_store, role=None)
        if cookie:
            app.session_state[signin.TOKEN] = "eyJ1IjoiYnUta2VwYWxhIn0.x"
            app = app.run()
        assert not app.exception
        assert i18n.t(code, "id") in [e.value for e in app.error]
        assert str(users_file.parent) not in page_text(app) and "Traceback" not in page_text(app)


def test_the_users_cli_names_a_damaged_file_without_a_traceback(monkeypatch, tmp_path, users_file):
    users_file.write_text("{ bukan json")
    status, stderr = cli("--store", tmp_path / "s.duckdb", "users", "list")
    assert status == 1 and str(users_file) in stderr and "Traceback" not in stderr


def test_the_admin_unlocks_a_user_on_the_users_page(monkeypatch, real_store, fresh_lockout):
    app = open_dashboard(monkeypatch, real_store, "pengguna", role="admin")
    users.add("bu-kepala", ["pimpinan"], None, PASSWORD, auth().users_path, region=REGION)
    fail_times("bu-kepala", "c", users.LOCKOUT)
    app = app.run()
    app.selectbox(key="buka_kunci_nama").set_value("bu-kepala")
    app = next(button for button in app.button if button.form_id == "form_buka_kunci").click().run()
    assert not app.exception
    assert i18n.t("buka_kunci_selesai", "id", nama="bu-kepala") in [s.value for s in app.success]
    assert users.verify("bu-kepala", PASSWORD, auth(), client="c").name == "bu-kepala"
    (event,) = [e for e in journal_lines(real_store) if e["aksi"] == "pengguna_buka_kunci"]
    assert event["pengguna"] == "uji-admin" and event["rincian"] == "bu-kepala"
