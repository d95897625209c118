"""The gate in front of every page: sign-in form, one-click demo users, the signed cookie, sign-out.

The browser keeps a signed token (sensus.auth.sessions) in a cookie so reloads and new tabs stay signed
in; Streamlit reads cookies (st.context.cookies) but cannot set them, so a two-line script does.
The token holds only the user's name and times: roles and kecamatan come from the users file each run.
"""

import ipaddress
import json
import logging
import time

import duckdb
import streamlit as st

from sensus.app import context, reader, this_run, whole_page
from sensus.app.configured import configuration, deployment
from sensus.auth import audit, roles, sessions, users
from sensus.core import i18n, wilayah_indonesia
from sensus.core.scope import kecamatan_names
from sensus.store.database import StoreError, StoreMissing

LOG = logging.getLogger("sensus.signin")
TOKEN = "_pantau_token"
REQUESTED = "_pantau_tujuan"
COOKIE_PENDING = "_pantau_cookie_baru"  # the page and query string a signed-out visit asked for
SIGNED_OUT = "_pantau_keluar"  # the cookie st.context read at connect time is stale after a sign-out
# what a sign-out leaves for whoever signs in next at the same browser: the language and what the URL holds
KEPT_AFTER_SIGN_OUT = ("bahasa", "ukuran", "tanggal")
# the cookie is rewritten at most this often while a viewer is active (each write is a script element)
REFRESH_SECONDS = 60

# each role's name, written out so every text key is a literal
ROLE_KEY = {
    "kepala_provinsi": "peran_kepala_provinsi",
    "pimpinan": "peran_pimpinan",
    "camat": "peran_camat",
    "perencana": "peran_perencana",
    "operator": "peran_operator",
    "admin": "peran_admin",
}


def _t(key: str, **values) -> str:
    bahasa = st.session_state.get("bahasa") or st.query_params.get("bahasa") or "id"
    return context.text(key, bahasa, configuration(), **values)


def _is_demo_store() -> bool:
    try:
        return reader.is_demo()
    except (StoreMissing, StoreError, duckdb.Error):
        # no store yet, or one that cannot be read, is never a demo: no one-click users
        return False


def client_id() -> str:
    """Where this browser connects from, for counting failed sign-ins per client (client_from)."""
    return client_from(st.context.ip_address, (st.context.headers or {}).get("X-Forwarded-For"))


def client_from(peer: str | None, forwarded: str | None) -> str:
    """The client of a connection from `peer` (None: loopback) carrying X-Forwarded-For `forwarded`. Behind
    deploy/nginx.conf the proxy replaces the header with the address it saw; the header is believed only from a
    proxy on this machine or a private network, never from a browser connecting directly (it could name a new
    client on every attempt and so never be throttled)."""
    try:
        from_proxy = peer is None or ipaddress.ip_address(peer).is_private
    except ValueError:
        from_proxy = False
    if forwarded and from_proxy:
        return forwarded.split(",")[-1].strip()[:64]
    return (peer or "lokal")[:64]


def broken_auth_file() -> str | None:
    """The text key saying why nobody can sign in (a damaged users file or session key), else None."""
    try:
        auth = configuration().auth
        users.load_all(auth.users)
        sessions.check_key(auth)
    except users.AuthFileBroken as broken:
        # the path and the reason for the server's log; the viewer reads a message without either
        LOG.error("sign-in unavailable: %s", broken)
        return broken.code
    return None


def current() -> sessions.Session | None:
    """The signed-in viewer of this browser session, or None (also when the users file or key cannot be read)."""
    token = st.session_state.get(TOKEN)
    if token is None and not st.session_state.get(SIGNED_OUT):
        token = st.context.cookies.get(sessions.COOKIE)
    # the token is the key: a sign-in or sign-out within the run changes it
    try:
        session = this_run.once(("session", token), lambda: _read_session(token))
    except users.AuthFileBroken as broken:
        LOG.error("session not read: %s", broken)
        session = None
    if session is None:
        st.session_state.pop(TOKEN, None)
        return None
    st.session_state[TOKEN] = token
    return session


def _read_session(token: str | None) -> sessions.Session | None:
    cfg = configuration()
    return sessions.read(token, _is_demo_store(), cfg.auth, kode_kab=cfg.kode_kab, provinsi=cfg.provinsi)


def _write_cookie(token: str | None) -> None:
    """Set (or with None, delete) the session cookie in the browser."""
    secure = "; Secure" if (st.context.url or "").startswith("https://") else ""
    if token is None:
        cookie = f"{sessions.COOKIE}=; Path=/; Max-Age=0; SameSite=Strict{secure}"
    else:
        max_age = configuration().auth.session_hours * 3600
        cookie = f"{sessions.COOKIE}={token}; Path=/; Max-Age={max_age}; SameSite=Strict{secure}"
    # the token is base64url and '.', so json.dumps is a complete escape for the script
    st.html(f"<script>document.cookie = {json.dumps(cookie)};</script>", unsafe_allow_javascript=True, width=1)


def keep_alive(session: sessions.Session) -> None:
    """Mark the viewer active: the idle limit counts from the last run."""
    if time.time() - session.seen >= REFRESH_SECONDS:
        token = sessions.refresh(session, configuration().auth)
        st.session_state[TOKEN] = token
        _write_cookie(token)


def _audit_where() -> dict[str, str | None]:
    cfg = configuration()
    return {"postgres": cfg.postgres, "kabupaten": cfg.kode_kab}


def sign_in_as(user: users.User) -> None:
    token = sessions.issue(user.name, configuration().auth)
    st.session_state[TOKEN] = token
    st.session_state.pop(SIGNED_OUT, None)
    # a full disk does not keep anyone out: the event goes to the server's log instead
    audit.record_or_log(user.name, "masuk_ok", ",".join(user.roles), configuration().store_path, **_audit_where())
    # written by the next run: this one ends in st.rerun, whose elements never reach the browser
    st.session_state[COOKIE_PENDING] = token


def sign_out(session: sessions.Session) -> None:
    if not session.user.name.startswith(sessions.DEMO_PREFIX):
        # every browser of this user: a token copied elsewhere stops working too
        try:
            users.end_sessions(session.user.name, configuration().auth.users)
        # a full disk or PostgreSQL down: this browser signs out; the others keep their tokens until expiry
        except (OSError, users.SharedStateDown) as failed:
            LOG.error("sessions of %s not ended everywhere: %s", session.user.name, failed)
    audit.record_or_log(session.user.name, "keluar", "", configuration().store_path, **_audit_where())
    # the next person to sign in at this browser starts afresh: no settings (priority weights, the open tab) of the
    # one who left; only the language and the view the URL holds stay
    for key in [key for key in st.session_state if key not in KEPT_AFTER_SIGN_OUT]:
        del st.session_state[key]
    st.session_state[SIGNED_OUT] = True
    if _oidc_configured() and st.user.is_logged_in:
        st.logout()  # else the provider's session would sign this browser straight back in


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except FileNotFoundError:  # no secrets file at all
        return False


def _oidc_user() -> users.User | None:
    """The users-file user of a browser signed in at the identity provider (st.login), matched by email."""
    if not _oidc_configured() or not st.user.is_logged_in:
        return None
    try:
        return users.by_email(st.user.get("email"), configuration().auth.users)
    except users.AuthFileBroken:  # the form says so (broken_auth_file)
        return None


def _minutes_until(until: float) -> int:
    return max(1, round((until - time.time()) / 60))


def _language() -> None:
    """The language, on the sign-in page too; the choice stays after sign-in (the session and the URL keep it)."""
    current = st.session_state.get("bahasa") if "bahasa" in st.session_state else st.query_params.get("bahasa")
    st.session_state["bahasa"] = current if current in i18n.BAHASA else "id"
    names = {"id": "Bahasa Indonesia", "en": "English"}
    chosen = st.segmented_control("Bahasa / Language", i18n.BAHASA, key="bahasa", required=True, format_func=names.get)
    if chosen == "en":
        st.query_params["bahasa"] = chosen
    elif "bahasa" in st.query_params:
        del st.query_params["bahasa"]


def form() -> None:
    """The sign-in page: nothing but the form (and the demo users on the demo store), and the language."""
    _language()
    st.title(_t("masuk_judul"))
    # a province deployment's sign-in is the whole province's, whichever kabupaten the run would serve
    st.caption(_t("masuk_sub_provinsi" if configuration().is_province else "masuk_sub"))
    if st.session_state.get(SIGNED_OUT):
        st.success(_t("keluar_berhasil"))
    if _oidc_configured():
        if st.user.is_logged_in and _oidc_user() is None:
            # signed in at the provider, but no user of this dashboard has that email
            audit.record_or_log("(tidak dikenal)", "masuk_gagal", "oidc", configuration().store_path, **_audit_where())
            st.error(_t("sso_tidak_dikenal"))
            st.logout()
        if st.button(_t("masuk_sso"), key="masuk_sso", icon=":material/key:"):
            st.login()
    broken = broken_auth_file()
    if broken is not None:
        st.error(_t(broken), icon=":material/lock:")
        return
    with st.form("form_masuk", border=True):
        name = st.text_input(
            _t("nama_pengguna"), key="masuk_nama", autocomplete="username", max_chars=users.MAX_NAME_INPUT
        )
        password = st.text_input(_t("kata_sandi"), type="password", key="masuk_sandi", autocomplete="current-password")
        submitted = st.form_submit_button(_t("masuk"), type="primary")
    if submitted:
        try:
            user = users.verify(name, password, configuration().auth, client=client_id())
        except users.SharedStateDown as down:
            # PostgreSQL unreachable: the viewer reads why, the log keeps the details (never the DSN)
            LOG.error("sign-in not checked: %s", down)
            st.error(_t(down.code), icon=":material/cloud_off:")
            return
        except users.SignInRefused as refused:
            if refused.code == "dibatasi":
                # not checked, not audited: one client cannot grow the audit log without bound
                st.error(_t("masuk_dibatasi", menit=_minutes_until(refused.until)))
                return
            audit.record_or_log(
                refused.name or "(tidak dikenal)",
                "masuk_gagal",
                refused.code,
                configuration().store_path,
                **_audit_where(),
            )
            if refused.code == "terkunci":
                st.error(_t("masuk_terkunci", menit=_minutes_until(refused.until)))
            else:
                st.error(_t("masuk_salah"))
        else:
            sign_in_as(user)
            # the same URL (page and query string) runs again, now signed in: a forwarded link opens its view
            st.rerun()
    if _is_demo_store():
        _demo_buttons()


def demo_roles(is_province: bool) -> tuple[str, ...]:
    """The roles with a one-click demo user: every role in a province, all but kepala_provinsi elsewhere."""
    return tuple(r for r in roles.ROLES if is_province or r != "kepala_provinsi")


def _demo_buttons() -> None:
    """One button per role; in a province the demo users other than its head are bound to this run's kabupaten."""
    cfg = configuration()
    asked = st.query_params.get("kab")
    if cfg.is_province and asked != cfg.kode_kab and asked in deployment().daftar_kabupaten:
        # a link to a kabupaten (?kab=) signs in that kabupaten's demo users: the run has chosen none before sign-in
        cfg = deployment().for_kabupaten(asked)
    st.divider()
    st.subheader(_t("demo_pengguna_judul"))
    if cfg.is_province:
        camat = sessions.demo_kecamatan(cfg.kode_kab)
        # {provinsi} and {wilayah} are the bound kabupaten's region, filled by context.text
        bahasa = st.session_state.get("bahasa") or st.query_params.get("bahasa") or "id"
        kecamatan = kecamatan_names(cfg.kode_kab)[camat]
        st.caption(context.text("demo_pengguna_sub_provinsi", bahasa, cfg, kecamatan=kecamatan))
    else:
        st.caption(_t("demo_pengguna_sub"))
    shown = demo_roles(cfg.is_province)
    for column, role in zip(st.columns(len(shown)), shown, strict=True):
        if column.button(_t("demo_masuk_sebagai", peran=_t(ROLE_KEY[role])), key=f"demo_{role}"):
            sign_in_as(sessions.demo_user(role, cfg.kode_kab, province=cfg.is_province))
            st.rerun()


def gate() -> sessions.Session:
    """The signed-in viewer; otherwise the sign-in form is the whole page and the run stops here."""
    session = current()
    if session is None and not st.session_state.get(SIGNED_OUT) and (oidc := _oidc_user()) is not None:
        sign_in_as(oidc)
        st.rerun()
    if session is None:
        if st.session_state.get(SIGNED_OUT) or sessions.COOKIE in st.context.cookies:
            _write_cookie(None)
        # every page path shows the sign-in form and nothing else: no page's name in a menu, no page file runs,
        # and the URL (path and query string) stays as asked, so after sign-in the same view opens
        whole_page.show(form, _t("masuk"), "masuk")
    pending = st.session_state.pop(COOKIE_PENDING, None)
    if pending is not None:
        _write_cookie(pending)
    else:
        keep_alive(session)
    return session


def sidebar(session: sessions.Session) -> None:
    """Who is signed in, with what roles and scope, and the sign-out button."""
    user = session.user
    with st.sidebar:
        label = user.name + (f" · {_t('label_demo_pengguna')}" if user.name.startswith(sessions.DEMO_PREFIX) else "")
        st.text(label)
        peran = ", ".join(_t(ROLE_KEY[r]) for r in user.roles)
        st.caption(peran + _binding(user))
        if st.button(_t("keluar"), key="keluar", icon=":material/logout:"):
            sign_out(session)
            st.rerun()


def _binding(user: users.User) -> str:
    """' · ' and the area the user is bound to (kecamatan, else kabupaten/kota), or '' for none."""
    if user.kecamatan:
        # the kecamatan's own kabupaten: in a province it need not be the one this run shows
        return f" · {kecamatan_names(user.kecamatan[:5])[user.kecamatan]} ({user.kecamatan})"
    if user.kabupaten and configuration().is_province:
        return f" · {wilayah_indonesia.nama_wilayah(user.kabupaten)} ({user.kabupaten})"
    return ""
