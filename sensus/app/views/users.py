"""Users: who may sign in, with which roles and kecamatan (managed with `python -m sensus users`)."""

import polars as pl
import streamlit as st

from sensus.app import access, tables
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.auth import users

COLUMNS = {"nama": "kolom_pengguna_nama", "peran": "kolom_pengguna_peran", "kecamatan": "kolom_pengguna_kecamatan"}


def render(view: ViewContext) -> None:
    st.title(t("halaman_pengguna"))
    st.caption(t("pengguna_sub"))
    # an example kecamatan of this region, so the command can be copied as it stands
    contoh = f"{view.wilayah.kode}.01"
    st.code(f"python -m sensus users add NAMA --role camat --kecamatan {contoh} --password-stdin", language="bash")
    daftar = pl.DataFrame(
        [
            {"nama": u.name, "peran": ", ".join(u.roles), "kecamatan": u.kecamatan or view.wilayah.kode}
            for u in users.load_all(view.cfg.auth.users_path).values()
        ],
        schema={"nama": pl.String, "peran": pl.String, "kecamatan": pl.String},
    )
    tables.table(daftar, formats={}, labels={column: t(key) for column, key in COLUMNS.items()}, key="tabel_pengguna")
    _unlock(sorted(users.load_all(view.cfg.auth.users_path)), view)


def _unlock(names: list[str], view: ViewContext) -> None:
    """Lift a lockout after failed sign-ins: the count stops mattering in every server process (users.unlock)."""
    if not names:
        return
    st.subheader(t("buka_kunci_judul"))
    st.caption(t("buka_kunci_sub"))
    with st.form("form_buka_kunci", border=False):
        name = st.selectbox(t("kolom_pengguna_nama"), names, key="buka_kunci_nama")
        submitted = st.form_submit_button(t("buka_kunci_tombol"), icon=":material/lock_open:")
    if submitted and name in names:
        users.unlock(name, view.cfg.auth.users_path)
        access.audit("pengguna_buka_kunci", name)
        st.success(t("buka_kunci_selesai", nama=name))
