"""Users: who may sign in, with which roles, kecamatan and kabupaten (managed with `python -m sensus users`)."""

import polars as pl
import streamlit as st

from sensus.app import access, tables
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.auth import roles, users
from sensus.core import wilayah_indonesia
from sensus.core.config import Config

COLUMNS = {"nama": "kolom_pengguna_nama", "peran": "kolom_pengguna_peran", "kecamatan": "kolom_pengguna_kecamatan"}
# a province's list adds each user's kabupaten/kota
COLUMNS_PROVINCE = {
    "nama": "kolom_pengguna_nama",
    "peran": "kolom_pengguna_peran",
    "kabupaten": "kolom_pengguna_kabupaten",
    "kecamatan": "kolom_pengguna_kecamatan",
}


def render(view: ViewContext) -> None:
    st.title(t("halaman_pengguna"))
    st.caption(t("pengguna_sub"))
    # an example kecamatan of this region, so the command can be copied as it stands
    contoh = f"{view.wilayah.kode}.01"
    if view.cfg.is_province:
        st.caption(t("pengguna_sub_provinsi"))
        st.code(add_commands(view.wilayah.kode, contoh), language="bash")
    else:
        st.code(f"python -m sensus users add NAMA --role camat --kecamatan {contoh} --password-stdin", language="bash")
    all_users = users.load_all(view.cfg.auth.users).values()
    columns = COLUMNS_PROVINCE if view.cfg.is_province else COLUMNS
    listed = listing(all_users, view.cfg)
    if listed.is_empty():
        # an empty grid reads "empty" in Streamlit's own English
        st.info(t("pengguna_belum_ada"), icon=":material/group_off:")
        return
    tables.table(listed, formats={}, labels={column: t(key) for column, key in columns.items()}, key="tabel_pengguna")
    _unlock(sorted(users.load_all(view.cfg.auth.users)), view)


def add_commands(kode_kab: str, kecamatan: str) -> str:
    """The commands that add a province's users, with this region's codes so they can be copied as they stand."""
    add = "python -m sensus users add NAMA"
    return "\n".join(
        (
            f"{add} --role kepala_provinsi --password-stdin",
            f"{add} --role pimpinan --kabupaten {kode_kab} --password-stdin",
            f"{add} --role operator --kabupaten {kode_kab} --password-stdin",
            f"{add} --role camat --kecamatan {kecamatan} --password-stdin",
        )
    )


def listing(all_users, cfg: Config) -> pl.DataFrame:
    """One row per user: name, roles and scope. Outside a province the kecamatan, or the region's code for the
    whole region; in a province also the kabupaten/kota ('-' for none: such a user opens no kabupaten; the
    province's code for kepala_provinsi)."""
    if not cfg.is_province:
        return pl.DataFrame(
            [
                {"nama": u.name, "peran": ", ".join(u.roles), "kecamatan": u.kecamatan or cfg.wilayah.kode}
                for u in all_users
            ],
            schema={"nama": pl.String, "peran": pl.String, "kecamatan": pl.String},
        )
    rows = []
    for user in all_users:
        opened = roles.kabupaten_open(user.roles, user.kabupaten, user.kecamatan, cfg.daftar_kabupaten)
        kabupaten = user.kabupaten_bound
        shown = (
            f"{wilayah_indonesia.nama_wilayah(kabupaten)} ({kabupaten})"
            if kabupaten
            else (f"{cfg.nama_provinsi} ({cfg.provinsi})" if len(opened) > 1 else "-")
        )
        rows.append(
            {"nama": user.name, "peran": ", ".join(user.roles), "kabupaten": shown, "kecamatan": user.kecamatan or "-"}
        )
    return pl.DataFrame(
        rows, schema={"nama": pl.String, "peran": pl.String, "kabupaten": pl.String, "kecamatan": pl.String}
    )


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
        users.unlock(name, view.cfg.auth.users)
        access.audit("pengguna_buka_kunci", name)
        st.success(t("buka_kunci_selesai", nama=name))
