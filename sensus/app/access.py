"""Who is looking: the signed-in viewer's scope, roles and name, and the audit trail of what they do.

The server's own binding (PANTAU_KECAMATAN) narrows every viewer further; a bad value stops every page with a
message, not a traceback.
"""

from collections.abc import Callable

import streamlit as st

from sensus.app import context, signin, this_run
from sensus.app.configured import configuration
from sensus.auth import audit as audit_log
from sensus.core.scope import BadScope, Scope, kecamatan_names


def _t(key: str, **values) -> str:
    return context.text(key, st.session_state.get("bahasa") or "id", configuration(), **values)


def server_scope_or_stop() -> Scope:
    """PANTAU_KECAMATAN binds the whole server; a bad value stops every page with a clear message."""
    try:
        return Scope.of_server(configuration().kecamatan, configuration().wilayah)
    except BadScope as bad:
        st.error(_t("cakupan_salah", pesan=""))
        st.text(str(bad))
        st.stop()


def viewer_scope() -> Scope:
    """The signed-in viewer's scope (within the server's); no viewer, no data: the run stops."""
    session = signin.current()
    if session is None:
        st.stop()
    return this_run.once(("scope", session), lambda: session.user.scope.within(server_scope_or_stop()))


def require_role(*allowed: str, kabupaten: bool = False) -> None:
    """Stop a page unless the viewer holds one of `allowed` (and, with kabupaten=True, is not bound)."""
    session = signin.current()
    if session is None or not set(allowed) & set(session.user.roles) or (kabupaten and viewer_scope().is_bound):
        st.error(_t("tidak_berhak"))
        st.stop()


def has_role(role: str) -> bool:
    session = signin.current()
    return session is not None and role in session.user.roles


def viewer_name() -> str:
    session = signin.current()
    return session.user.name if session else ""


def scope_caption() -> None:
    """For a viewer bound to a kecamatan: say which one the page's figures cover."""
    bound = viewer_scope().bound_kec
    if bound:
        st.caption(_t("cakupan_kecamatan", nama=kecamatan_names(configuration().kode_kab)[bound], kode=bound))


def audit(aksi: str, rincian: str = "") -> None:
    """Write an audit event as the signed-in viewer."""
    cfg = configuration()
    audit_log.record(viewer_name(), aksi, rincian, cfg.store_path, postgres=cfg.postgres, kabupaten=cfg.kode_kab)


def record_download(berkas: str) -> None:
    """Write now that the viewer downloaded `berkas` (with their kecamatan when bound)."""
    download_recorder(berkas)()


def download_recorder(berkas: str) -> Callable[[], None]:
    """What records, when called, that the viewer downloaded `berkas`. Who and where are read now, in the script
    run: a file built on click is built on the server's web thread, where there is no session to ask."""
    pengguna, bound, cfg = viewer_name(), viewer_scope().bound_kec, configuration()
    rincian = berkas + (f" ({bound})" if bound else "")
    where = {"postgres": cfg.postgres, "kabupaten": cfg.kode_kab}
    return lambda: audit_log.record(pengguna, "unduh", rincian, cfg.store_path, **where)
