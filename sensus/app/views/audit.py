"""The audit log: who signed in, imported, undid, changed events or downloaded, and when."""

import polars as pl
import streamlit as st

from sensus.app import cache, tables
from sensus.app.state import t
from sensus.auth import audit

COLUMNS = {
    "waktu": "kolom_audit_waktu",
    "pengguna": "kolom_audit_pengguna",
    "aksi": "kolom_audit_aksi",
    "rincian": "kolom_audit_rincian",
}


def render() -> None:
    st.title(t("halaman_audit"))
    st.caption(t("audit_sub"))
    log = audit.read(cache.store_path())
    if log.is_empty():
        st.info(t("audit_kosong"))
        return
    shown = log.with_columns(pl.col("waktu").dt.convert_time_zone("Asia/Jakarta").dt.strftime("%Y-%m-%d %H:%M:%S WIB"))
    labels = {column: t(key) for column, key in COLUMNS.items() if column in shown.columns}
    tables.table(shown, formats={}, labels=labels, key="tabel_audit")
