"""Users: who may sign in, with which roles and kecamatan (managed with `python -m sensus users`)."""

import polars as pl
import streamlit as st

from sensus.app import tables
from sensus.app.state import t
from sensus.auth import users

COLUMNS = {"nama": "kolom_pengguna_nama", "peran": "kolom_pengguna_peran", "kecamatan": "kolom_pengguna_kecamatan"}


def render() -> None:
    st.title(t("halaman_pengguna"))
    st.caption(t("pengguna_sub"))
    st.code("python -m sensus users add NAMA --role camat --kecamatan 33.16.05 --password-stdin", language="bash")
    daftar = pl.DataFrame(
        [
            {"nama": u.name, "peran": ", ".join(u.roles), "kecamatan": u.kecamatan or "33.16"}
            for u in users.load_all().values()
        ],
        schema={"nama": pl.String, "peran": pl.String, "kecamatan": pl.String},
    )
    tables.table(daftar, formats={}, labels={column: t(key) for column, key in COLUMNS.items()}, key="tabel_pengguna")
