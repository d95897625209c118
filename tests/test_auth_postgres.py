"""Sign-in state in PostgreSQL: users, the session key, the lockout and the audit log shared by every replica.

Each "replica" here is what a second server process holds: its own settings object, its own lockout instance and no
cache of the first one's. With PostgreSQL off nothing of it is touched: the files serve as before.
"""

import os
import shutil
import signal
import socket
import threading
import time
from pathlib import Path

import psycopg
import pytest

from deploy import postgres_local
from sensus.auth import audit, sessions, shared_state, users
from sensus.core import config
from sensus.core.users_source import UsersTable

PASSWORD = "sandi-yang-cukup-panjang"
REGION = config.read(environ={}).wilayah


def settings(tmp: Path, dsn: str | None) -> config.AuthSettings:
    """The [auth] settings of a replica whose own folder is `tmp` (a users file there is never shared)."""
    environ = {"PANTAU_USERS": str(tmp / "users.json")}
    if dsn:
        environ["PANTAU_POSTGRES"] = dsn
    return config.read(environ=environ).auth


@pytest.fixture
def replica_a(postgres, tmp_path) -> config.AuthSettings:
    return settings(tmp_path / "a", postgres)


@pytest.fixture
def replica_b(postgres, tmp_path) -> config.AuthSettings:
    return settings(tmp_path / "b", postgres)


def fail_times(name: str, client: str, auth: config.AuthSettings, lockout, n: int) -> None:
    for _ in range(n):
        with pytest.raises(users.SignInRefused) as refused:
            users.verify(name, "salah-salah-salah", auth, lockout=lockout, client=client)
        assert refused.value.code == "salah"


# ---- users ----------------------------------------------------------------------------------------------------


def test_the_settings_name_the_table_with_postgres_and_the_file_without(replica_a, tmp_path):
    assert replica_a.users == UsersTable(replica_a.postgres)
    assert settings(tmp_path, None).users == tmp_path / "users.json"
    # the DSN may carry a password: it is never in a repr or a message
    assert "rahasia" not in repr(UsersTable("postgresql://pantau:rahasia@db/pantau"))


def test_users_add_passwd_unlock_end_sessions_and_remove_in_postgres(replica_a, replica_b):
    table = replica_a.users
    added = users.add("bu-kepala", ["pimpinan"], None, PASSWORD, table, email="Kepala@BPS.go.id", region=REGION)
    users.add("camat-cepu", ["camat"], "33.16.05", PASSWORD, table, region=REGION)
    # another replica reads the same users, whole
    seen = users.load_all(replica_b.users)
    assert sorted(seen) == ["bu-kepala", "camat-cepu"]
    assert seen["bu-kepala"] == added and seen["bu-kepala"].email == "kepala@bps.go.id"
    assert seen["camat-cepu"].roles == ("camat",) and seen["camat-cepu"].kecamatan == "33.16.05"
    assert users.by_email("KEPALA@bps.go.id", replica_b.users).name == "bu-kepala"
    with pytest.raises(users.UserError, match="exists"):
        users.add("bu-kepala", ["admin"], None, PASSWORD, table, region=REGION)
    assert users.get("bu-kepala", table).roles == ("pimpinan",)

    users.passwd("bu-kepala", PASSWORD + "-baru", table)
    after = users.get("bu-kepala", replica_b.users)
    assert after.hash != added.hash and after.sessions_since > added.sessions_since and after.unlocked_at > 0
    assert users.verify("bu-kepala", PASSWORD + "-baru", replica_b, client="c").name == "bu-kepala"
    users.unlock("camat-cepu", table)
    users.end_sessions("camat-cepu", table)
    camat = users.get("camat-cepu", replica_b.users)
    assert camat.unlocked_at > 0 and camat.sessions_since >= camat.unlocked_at

    users.remove("camat-cepu", table)
    assert list(users.load_all(replica_b.users)) == ["bu-kepala"]
    with pytest.raises(users.UserError, match="no user"):
        users.remove("camat-cepu", table)
    # nothing went to a file
    assert not replica_a.users_path.exists() and not replica_b.users_path.exists()


def test_two_replicas_adding_users_at_once_both_land(replica_a, replica_b):
    start = threading.Barrier(2)
    failures: list[BaseException] = []

    def adder(prefix: str, auth: config.AuthSettings) -> None:
        try:
            start.wait()
            for n in range(6):
                users.add(f"{prefix}-{n}", ["operator"], None, PASSWORD, auth.users, region=REGION)
                # each also changes a user the other is adding around it: a lost update would drop one of them
                users.end_sessions(f"{prefix}-{n}", auth.users)
        except BaseException as failed:  # noqa: BLE001  (reported by the assertion below)
            failures.append(failed)

    threads = [threading.Thread(target=adder, args=(p, a)) for p, a in (("a", replica_a), ("b", replica_b))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert sorted(users.load_all(replica_a.users)) == sorted(f"{p}-{n}" for p in "ab" for n in range(6))


def test_the_users_file_moves_into_postgres_once(replica_a, tmp_path):
    path = tmp_path / "lama" / "users.json"
    users.add("bu-kepala", ["pimpinan"], None, PASSWORD, path, region=REGION)
    users.add("operator", ["operator"], None, PASSWORD, path, region=REGION)
    assert users.migrate_to_postgres(path, replica_a.users) == ["bu-kepala", "operator"]
    assert users.load_all(replica_a.users) == users.load_all(path)
    # the same password signs in against the table; a second run copies nothing
    assert users.verify("operator", PASSWORD, replica_a, client="c").name == "operator"
    assert users.migrate_to_postgres(path, replica_a.users) == []
    users.passwd("operator", PASSWORD + "-lain", replica_a.users)
    with pytest.raises(users.UserError, match="operator"):
        users.migrate_to_postgres(path, replica_a.users)


# ---- the session key ------------------------------------------------------------------------------------------


def test_a_cookie_signed_by_one_replica_is_good_on_another(replica_a, replica_b):
    users.add("bu-kepala", ["pimpinan"], None, PASSWORD, replica_a.users, region=REGION)
    shared_state.session_key.cache_clear()
    first = sessions._key(replica_a)
    shared_state.session_key.cache_clear()  # the other replica: a process of its own, nothing cached
    assert sessions._key(replica_b) == first and len(first) == shared_state.KEY_BYTES
    issued = time.time()
    token = sessions.issue("bu-kepala", replica_a, now=issued)
    shared_state.session_key.cache_clear()
    session = sessions.read(token, False, replica_b, kode_kab=REGION.kode)
    assert session is not None and session.user.name == "bu-kepala"
    # signing out on one replica ends the cookie on the other (sessions_since is in the shared table)
    wait_for(lambda: time.time() > issued)  # sessions_since must come after the token's instant
    users.end_sessions("bu-kepala", replica_b.users)
    assert sessions.read(token, False, replica_a, kode_kab=REGION.kode) is None
    assert not replica_a.key_path.exists() and not replica_b.key_path.exists()


# ---- the lockout ----------------------------------------------------------------------------------------------


def test_five_failures_on_one_replica_lock_the_name_on_another_for_that_client_only(replica_a, replica_b):
    users.add("bu-kepala", ["pimpinan"], None, PASSWORD, replica_a.users, region=REGION)
    on_a, on_b = shared_state.PostgresLockout(replica_a.postgres), shared_state.PostgresLockout(replica_b.postgres)
    fail_times("bu-kepala", "203.0.113.9", replica_a, on_a, replica_a.max_failures)
    with pytest.raises(users.SignInRefused) as locked:
        users.verify("bu-kepala", PASSWORD, replica_b, lockout=on_b, client="203.0.113.9")
    assert locked.value.code == "terkunci" and locked.value.until > time.time()
    # the default lockout of PostgreSQL settings is the shared one too
    with pytest.raises(users.SignInRefused):
        users.verify("bu-kepala", PASSWORD, replica_b, client="203.0.113.9")
    assert users.verify("bu-kepala", PASSWORD, replica_b, lockout=on_b, client="198.51.100.7").name == "bu-kepala"

    last_failure = time.time()
    wait_for(lambda: time.time() > last_failure)  # unlocked_at must come after the failures' instants
    users.unlock("bu-kepala", replica_b.users)
    for auth, lockout in ((replica_a, on_a), (replica_b, on_b)):
        assert users.verify("bu-kepala", PASSWORD, auth, lockout=lockout, client="203.0.113.9").name == "bu-kepala"


def test_a_client_failing_on_many_names_is_throttled_on_every_replica(replica_a, replica_b):
    limits = replica_a
    on_a, on_b = shared_state.PostgresLockout(replica_a.postgres), shared_state.PostgresLockout(replica_b.postgres)
    for n in range(limits.max_failures_client):
        on_a.fail(f"tebak-{n}", "203.0.113.9", limits=limits)
    assert on_b.throttled_until("203.0.113.9", limits=limits) is not None
    assert on_b.throttled_until("198.51.100.7", limits=limits) is None
    with pytest.raises(users.SignInRefused) as refused:
        users.verify("tebak-0", PASSWORD, replica_b, lockout=on_b, client="203.0.113.9")
    assert refused.value.code == "dibatasi"


def test_the_failures_table_stays_bounded(replica_a):
    lockout = shared_state.PostgresLockout(replica_a.postgres, max_entries=30)
    now = time.time()
    for n in range(60):
        lockout.fail(f"nama-{n}", f"klien-{n}", now=now + n, limits=replica_a)
    assert len(lockout) <= 30
    # failures past the window go as new ones come in
    lockout.fail("nama", "klien", now=now + 60 + replica_a.lockout_minutes * 60 + 120, limits=replica_a)
    assert len(lockout) == 1


# ---- the audit log --------------------------------------------------------------------------------------------


def test_audit_events_go_to_postgres_per_kabupaten_and_read_back_newest_first(replica_a, tmp_path):
    store = tmp_path / "33.16.duckdb"
    dsn = replica_a.postgres
    audit.record("bu-kepala", "masuk_ok", "pimpinan", store, postgres=dsn, kabupaten="33.16")
    audit.record("operator", "impor", "ekspor.csv: 12 baris", store, postgres=dsn, kabupaten="33.16")
    assert audit.record_or_log("operator", "keluar", "", store, postgres=dsn, kabupaten="33.16")
    audit.record("operator", "impor", "lain.csv: 3 baris", tmp_path / "34.71.duckdb", postgres=dsn, kabupaten="34.71")

    log = audit.read(store, postgres=dsn, kabupaten="33.16")
    assert log.schema == audit.SCHEMA
    assert log["aksi"].to_list() == ["keluar", "impor", "masuk_ok"]
    assert log["rincian"].to_list()[1] == "ekspor.csv: 12 baris"
    assert audit.read(store, newest=1, postgres=dsn, kabupaten="33.16")["aksi"].to_list() == ["keluar"]
    assert audit.count(store, postgres=dsn, kabupaten="33.16") == 3
    assert audit.count(store, postgres=dsn) == 4 and audit.read(store, postgres=dsn).height == 4
    # nothing was written beside the store
    assert not audit.journal_path(store).exists()
    with pytest.raises(ValueError, match="unknown audit action"):
        audit.record("x", "hapus_semua", "", store, postgres=dsn)


# ---- PostgreSQL off, or down ----------------------------------------------------------------------------------


def test_without_postgres_no_connection_is_attempted_and_files_serve(monkeypatch, tmp_path):
    attempts = []
    monkeypatch.setattr(psycopg, "connect", lambda *a, **k: attempts.append(a) or pytest.fail("PostgreSQL contacted"))
    auth = settings(tmp_path, None)
    assert auth.postgres is None and users.lockout_of(auth) is users.LOCKOUT
    users.add("bu-kepala", ["pimpinan"], None, PASSWORD, auth.users, region=REGION)
    assert users.verify("bu-kepala", PASSWORD, auth, lockout=users.Lockout(), client="c").name == "bu-kepala"
    token = sessions.issue("bu-kepala", auth)
    assert sessions.read(token, False, auth, kode_kab=REGION.kode).user.name == "bu-kepala"
    store = tmp_path / "33.16.duckdb"
    audit.record("bu-kepala", "masuk_ok", "pimpinan", store)
    assert audit.read(store)["aksi"].to_list() == ["masuk_ok"] and audit.count(store) == 1
    assert auth.users_path.exists() and auth.key_path.exists() and audit.journal_path(store).exists()
    assert attempts == []


def test_postgres_down_is_a_message_that_names_no_password(tmp_path, caplog):
    port = unused_port()
    dsn = f"postgresql://pantau:rahasia-sekali@127.0.0.1:{port}/pantau?connect_timeout=2"
    auth = settings(tmp_path, dsn)
    shared_state.session_key.cache_clear()
    for attempt in (
        lambda: users.verify("bu-kepala", PASSWORD, auth, client="c"),
        lambda: users.load_all(auth.users),
        lambda: sessions.check_key(auth),
        lambda: audit.read(tmp_path / "s.duckdb", postgres=dsn),
    ):
        with pytest.raises(users.AuthFileBroken) as down:
            attempt()
        assert isinstance(down.value, shared_state.SharedStateDown)
        assert down.value.code == "basis_data_bersama_mati"
        assert "PostgreSQL" in str(down.value) and "rahasia" not in str(down.value)
    # a sign-in event is not lost silently: the server's log has it
    assert not audit.record_or_log("bu-kepala", "masuk_ok", "pimpinan", tmp_path / "s.duckdb", postgres=dsn)
    assert "audit log not written" in caplog.text and "rahasia" not in caplog.text


def unused_port() -> int:
    """A loopback port nothing listens on (bound by the system for us, then closed)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---- drill: PostgreSQL killed during a sign-in burst -----------------------------------------------------------


@pytest.mark.slow
def test_postgres_killed_during_a_sign_in_burst_then_restarted(monkeypatch, tmp_path):
    folder = Path(f"/tmp/pantau-pgkill-{os.getpid()}")
    dsn = postgres_local.start(folder)
    try:
        auth = settings(tmp_path, dsn)
        for n in range(3):
            users.add(f"petugas-{n}", ["operator"], None, PASSWORD, auth.users, region=REGION)
        outcomes: list[str] = []
        added: list[str] = []
        stop = threading.Event()

        def signer(n: int) -> None:
            while not stop.is_set():
                try:
                    users.verify(f"petugas-{n % 3}", PASSWORD, auth, client=f"klien-{n}")
                    outcomes.append("ok")
                except shared_state.SharedStateDown:
                    outcomes.append("down")
                except BaseException as other:  # noqa: BLE001  (anything else is the failure this drill looks for)
                    outcomes.append(f"{type(other).__name__}: {other}")

        def adder() -> None:
            n = 0
            while not stop.is_set():
                try:
                    users.add(f"baru-{n}", ["operator"], None, PASSWORD, auth.users, region=REGION)
                    added.append(f"baru-{n}")
                except shared_state.SharedStateDown:
                    pass
                n += 1

        threads = [threading.Thread(target=signer, args=(n,)) for n in range(3)] + [threading.Thread(target=adder)]
        for thread in threads:
            thread.start()
        wait_for(lambda: outcomes.count("ok") >= 6 and len(added) >= 2)
        postmaster = int((folder / "data" / "postmaster.pid").read_text().split()[0])
        os.kill(postmaster, signal.SIGKILL)
        wait_for(lambda: outcomes.count("down") >= 3)
        stop.set()
        for thread in threads:
            thread.join()
        # while it was down: a clear refusal, never another exception, and nobody let in
        assert set(outcomes) <= {"ok", "down"}, sorted(set(outcomes) - {"ok", "down"})
        with pytest.raises(shared_state.SharedStateDown):
            users.verify("petugas-0", PASSWORD, auth, client="c")

        # restarted on the same address, the same settings work again and no user is lost
        port = int((folder / "port").read_text())
        monkeypatch.setattr(postgres_local, "_free_port", lambda: port)
        wait_for(lambda: _restarted(folder))
        assert users.verify("petugas-0", PASSWORD, auth, client="c").name == "petugas-0"
        names = set(users.load_all(auth.users))
        assert {"petugas-0", "petugas-1", "petugas-2", *added} <= names
    finally:
        postgres_local.stop(folder, mode="immediate")
        shutil.rmtree(folder, ignore_errors=True)


def _restarted(folder: Path) -> bool:
    # the killed server's backends leave within moments; until then a new postmaster refuses to start
    try:
        postgres_local.start(folder)
    except Exception:  # noqa: BLE001  (tried again until wait_for gives up)
        return False
    return True


def wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the state waited for never came"
        time.sleep(0.05)
