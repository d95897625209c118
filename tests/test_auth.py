"""Users file, password hashing, lockout, signed sessions, scope values and plain-text rendering of outside text."""

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import plotly.io
import polars as pl
import pytest

from sensus.app import signin, state
from sensus.app.charts import monitoring, outreach
from sensus.app.charts.base import ChartContext
from sensus.auth import sessions, users
from sensus.core import config
from sensus.core.scope import BadScope, OutOfScope, Scope
from tests.apptest import open_dashboard, use_users_file

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "sandi-yang-cukup-panjang"


@pytest.fixture
def users_file(monkeypatch, tmp_path):
    return use_users_file(monkeypatch, tmp_path)


@pytest.fixture
def auth(users_file):
    """The [auth] settings of the configuration, with the test's users file."""
    return config.read(environ={"PANTAU_USERS": str(users_file)}).auth


REGION = config.read(environ={}).wilayah
KODE_KAB = REGION.kode


def cli(*args, stdin: str = "", env_users: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sensus", "users", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        # a store beside the users file: the audit log of the changes goes there, not into the project's data/
        env={
            "PANTAU_USERS": str(env_users),
            "PANTAU_STORE": str(env_users.parent / "sensus.duckdb"),
            "PATH": "/usr/bin:/bin",
        },
    )


# ---- users file and command line ------------------------------------------------------------------------------


def test_users_cli_adds_lists_changes_and_removes_with_the_password_on_stdin_only(users_file, auth):
    added = cli(
        "add",
        "camat-cepu",
        "--role",
        "camat",
        "--kecamatan",
        "331605",
        "--password-stdin",
        stdin=PASSWORD + "\n",
        env_users=users_file,
    )
    assert added.returncode == 0, added.stderr
    raw = users_file.read_text()
    assert PASSWORD not in raw and "$argon2id$" in raw
    assert users_file.stat().st_mode & 0o777 == 0o600
    listed = cli("list", env_users=users_file)
    assert listed.stdout.strip() == "camat-cepu\tcamat\t33.16.05"
    assert users.verify("camat-cepu", PASSWORD, auth).kecamatan == "33.16.05"
    changed = cli("passwd", "camat-cepu", "--password-stdin", stdin="sandi-baru-juga-panjang\n", env_users=users_file)
    assert changed.returncode == 0
    with pytest.raises(users.SignInRefused):
        users.verify("camat-cepu", PASSWORD, auth, users.Lockout())
    assert cli("remove", "camat-cepu", env_users=users_file).returncode == 0
    assert users.load_all(users_file) == {}


def test_there_is_no_password_argument(users_file):
    refused = cli("add", "x1", "--role", "admin", "--password", PASSWORD, env_users=users_file)
    assert refused.returncode != 0 and "unrecognized arguments" in refused.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "camat"], "needs --kecamatan"),
        (["--role", "camat", "--kecamatan", "33.16.99"], "not a kecamatan code"),
        (["--role", "camat", "--kecamatan", "abc"], "not a kecamatan code"),
    ],
)
def test_bad_user_values_are_clear_messages(users_file, args, message):
    result = cli("add", "baru", *args, "--password-stdin", stdin=PASSWORD + "\n", env_users=users_file)
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_short_passwords_and_demo_names_are_refused(users_file):
    with pytest.raises(users.UserError, match="at least"):
        users.add("pendek", ["admin"], None, "123", users_file, region=REGION)
    with pytest.raises(users.UserError):
        users.add("demo-pimpinan", ["pimpinan"], None, PASSWORD, users_file, region=REGION)


# ---- sign-in and lockout ----------------------------------------------------------------------------------


def test_repeated_failures_lock_the_name_and_the_right_password_waits(users_file, auth):
    users.add("operator", ["operator"], None, PASSWORD, users_file, region=REGION)
    lockout = users.Lockout()
    for _ in range(auth.max_failures):
        with pytest.raises(users.SignInRefused) as refused:
            users.verify("operator", "salah-salah-salah", auth, lockout=lockout)
        assert refused.value.code == "salah"
    with pytest.raises(users.SignInRefused) as locked:
        users.verify("operator", PASSWORD, auth, lockout=lockout)
    assert locked.value.code == "terkunci"
    # after the lockout window the right password works again
    later = time.time() + auth.lockout_minutes * 60 + 1
    assert lockout.locked_until("operator", now=later, limits=auth) is None


def test_an_unknown_name_fails_like_a_wrong_password(users_file, auth):
    with pytest.raises(users.SignInRefused) as refused:
        users.verify("tidak-ada", PASSWORD, auth, lockout=users.Lockout())
    assert refused.value.code == "salah"


# ---- session tokens ---------------------------------------------------------------------------------------


def test_a_token_names_its_user_and_a_changed_byte_voids_it(users_file, auth):
    users.add("pimpinan", ["pimpinan"], None, PASSWORD, users_file, region=REGION)
    token = sessions.issue("pimpinan", auth)
    assert sessions.read(token, False, auth, kode_kab=KODE_KAB).user.roles == ("pimpinan",)
    payload, signature = token.split(".")
    claims = json.loads(sessions._unb64(payload))
    forged_payload = sessions._b64(json.dumps({**claims, "u": "admin"}).encode())
    for forged in (f"{forged_payload}.{signature}", f"{payload}.{signature[:-2]}xx", "a.b", "", "x" * 500):
        assert sessions.read(forged, False, auth, kode_kab=KODE_KAB) is None


def test_a_token_of_another_key_is_void(users_file, tmp_path, auth):
    users.add("pimpinan", ["pimpinan"], None, PASSWORD, users_file, region=REGION)
    token = sessions.issue("pimpinan", auth)
    auth.key_path.write_text("00" * 32)
    assert sessions.read(token, False, auth, kode_kab=KODE_KAB) is None


def test_idle_and_old_sessions_expire(users_file, auth):
    users.add("pimpinan", ["pimpinan"], None, PASSWORD, users_file, region=REGION)
    cfg = auth
    start = time.time()
    fresh = sessions.issue("pimpinan", auth, now=start)
    assert sessions.read(fresh, False, auth, now=start + 60, kode_kab=KODE_KAB) is not None
    assert sessions.read(fresh, False, auth, now=start + cfg.idle_minutes * 60 + 5, kode_kab=KODE_KAB) is None
    # active all along (seen a minute ago) but signed in longer than a session may last
    end = start + cfg.session_hours * 3600 + 5
    kept_alive = sessions.issue("pimpinan", auth, now=end - 60, issued=start)
    assert sessions.read(kept_alive, False, auth, now=end, kode_kab=KODE_KAB) is None


def test_sign_out_password_change_and_removal_end_sessions(users_file, auth):
    users.add("perencana", ["perencana"], None, PASSWORD, users_file, region=REGION)
    token = sessions.issue("perencana", auth, now=time.time() - 2)
    users.end_sessions("perencana", users_file)
    assert sessions.read(token, False, auth, kode_kab=KODE_KAB) is None
    token = sessions.issue("perencana", auth, now=time.time() + 1)
    users.remove("perencana", users_file)
    assert sessions.read(token, False, auth, kode_kab=KODE_KAB) is None


def test_demo_users_exist_only_on_a_demo_store(users_file, auth):
    token = sessions.issue("demo-camat", auth)
    assert sessions.read(token, True, auth, kode_kab=KODE_KAB).user.kecamatan == "33.16.05"  # Cepu
    assert sessions.read(token, False, auth, kode_kab=KODE_KAB) is None


# ---- scope -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["33.16.99", "abc", "33.16.05.2001", "33.17.01"])
def test_a_bad_scope_value_is_a_clear_message(raw):
    with pytest.raises(BadScope, match="is not a kecamatan code of Kabupaten Blora"):
        Scope.parse(raw, REGION, "PANTAU_KECAMATAN")


def test_a_server_scope_narrows_a_kabupaten_user_and_refuses_another_kecamatan():
    assert Scope().within(Scope("33.16.05")) == Scope("33.16.05")
    with pytest.raises(OutOfScope):
        Scope("33.16.01").within(Scope("33.16.05"))


@pytest.mark.parametrize("raw", ["33.16.99", "abc"])
def test_a_bad_pantau_kecamatan_is_a_message_in_the_browser_not_a_traceback(monkeypatch, fixture_store, raw):
    monkeypatch.setenv("PANTAU_KECAMATAN", raw)
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan")
    assert not app.exception
    assert any(raw in t.value for t in app.text)
    assert not app.metric


def test_the_cli_report_honours_kecamatan_and_refuses_a_bad_one(fixture_store):
    run = [sys.executable, "-m", "sensus", "--store", str(fixture_store[0]), "report", "--level", "desa"]
    scoped = subprocess.run([*run, "--kecamatan", "33.16.05"], capture_output=True, text=True, cwd=ROOT)
    codes = pl.read_csv(scoped.stdout.encode())["kode"]
    assert codes.len() > 0 and codes.str.starts_with("33.16.05.").all()
    bad = subprocess.run([*run, "--kecamatan", "abc"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "not a kecamatan code" in bad.stderr and "Traceback" not in bad.stderr


def test_a_signed_out_visit_gets_only_the_sign_in_form(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], "data", role=None)
    assert [t.value for t in app.title] == ["Masuk ke Pantau SP2020"]
    assert not app.metric and not app.dataframe


# ---- outside text is never markup ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["![x](http://127.0.0.1:9/a.png)", "[klik](http://127.0.0.1:9/)", "a`b", "x\n\n# judul", "<b>tebal</b>"]
)
def test_literal_puts_a_value_in_one_code_span(value):
    shown = state.literal(value)
    fence = shown.split(" ", 1)[0]
    assert set(fence) == {"`"} and shown.endswith(" " + fence)
    inner = shown[len(fence) + 1 : -len(fence) - 1]
    assert "\n" not in inner and fence not in inner


def test_event_and_area_text_reaches_plotly_escaped():
    kegiatan = pl.DataFrame(
        {
            "kegiatan_id": [1],
            "tanggal": [date(2020, 3, 1)],
            "jenis": ["<i>rakor</i>"],
            "kode": ["33.16.05"],
            "nama_wilayah": ["<a href='http://x'>Cepu</a>"],
            "label_wilayah": ["Kec. <a href='http://x'>Cepu</a>"],
            "keterangan": ["<b>Rapat</b><img src=http://x>"],
            "simulasi": [False],
        }
    )
    ctx = ChartContext(date(2020, 2, 15), date(2020, 3, 31), date(2020, 3, 31), "kk", "id")
    figure = outreach.timeline(kegiatan, ctx)
    spec = plotly.io.to_json(figure)
    assert "<b>" not in spec and "<a " not in spec and "<img" not in spec and "<i>" not in spec
    assert "&lt;b&gt;Rapat" in spec
    harian = pl.DataFrame(
        {
            "tanggal": [date(2020, 3, 1)],
            "kk_baru": [3],
            "penduduk_baru": [9],
            "kk_kumulatif": [3],
            "penduduk_kumulatif": [9],
        }
    )
    bar = plotly.io.to_json(monitoring.daily_bars(harian, ctx, kegiatan))
    assert "<b>Rapat" not in bar and "&lt;b&gt;Rapat" in bar


def test_the_cookie_is_checked_once_a_run_and_again_on_every_run(monkeypatch, fixture_store):
    app = open_dashboard(monkeypatch, fixture_store[0], "kecamatan", role="camat")
    viewer = sessions.read(app.session_state[signin.TOKEN], False, config.read().auth, kode_kab=KODE_KAB).user.name
    checks = []
    real_read = sessions.read
    monkeypatch.setattr(sessions, "read", lambda *a, **k: checks.append(a[0]) or real_read(*a, **k))
    app.run()
    assert not app.exception and app.metric
    assert len(checks) == 1  # the page asks who is looking many times a run
    # a session ended between two runs (signed out elsewhere, password changed) ends at the next run
    users.end_sessions(viewer, config.read().auth.users_path)
    app.run()
    assert len(checks) == 2
    assert [t.value for t in app.title] == ["Masuk ke Pantau SP2020"] and not app.metric


def test_the_per_run_memo_starts_empty_on_every_run_of_the_same_script_thread(monkeypatch):
    """In the real server a session's reruns can share one ScriptRunContext; Streamlit gives each run a new
    `cursors` dict, and the memo must not outlive it (AppTest makes a new context per run, so it cannot show this)."""
    from types import SimpleNamespace

    from sensus.app import this_run

    ctx = SimpleNamespace(cursors={})
    monkeypatch.setattr(this_run, "get_script_run_ctx", lambda suppress_warning=False: ctx)
    computed = []
    assert this_run.once("viewer", lambda: computed.append(1) or "pimpinan") == "pimpinan"
    assert this_run.once("viewer", lambda: computed.append(1) or "someone else") == "pimpinan"
    assert len(computed) == 1
    ctx.cursors = {}  # the next run of the same context
    assert this_run.once("viewer", lambda: computed.append(1) or "camat") == "camat"
    assert len(computed) == 2
    monkeypatch.setattr(this_run, "get_script_run_ctx", lambda suppress_warning=False: None)
    assert this_run.once("viewer", lambda: "outside a run") == "outside a run"  # nothing kept outside a run
