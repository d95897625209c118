"""Users: who may sign in, with which roles and kecamatan. Managed with `python -m sensus users` (admin)."""

import polars as pl
import streamlit as st

from sensus.app import ui
from sensus.auth import users

ui.frame_guard()
ui.require_role("admin", kabupaten=True)

st.title(ui.t("halaman_pengguna"))
st.caption(ui.t("pengguna_sub"))
st.code("python -m sensus users add NAMA --role camat --kecamatan 33.16.05 --password-stdin", language="bash")
daftar = pl.DataFrame(
    [
        {"nama": u.name, "peran": ", ".join(u.roles), "kecamatan": u.kecamatan or "33.16"}
        for u in users.load_all().values()
    ],
    schema={"nama": pl.String, "peran": pl.String, "kecamatan": pl.String},
)
ui.tabel(daftar, formats={}, labels={c: ui.t(f"kolom_pengguna_{c}") for c in daftar.columns}, key="tabel_pengguna")
