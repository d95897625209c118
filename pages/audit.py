"""Audit log: who signed in, imported, undid, changed events or downloaded, and when. For pimpinan and operator."""

import polars as pl
import streamlit as st

from sensus.app import ui
from sensus.auth import audit

ui.frame_guard()
ui.require_role("pimpinan", "operator", kabupaten=True)

st.title(ui.t("halaman_audit"))
st.caption(ui.t("audit_sub"))
log = audit.read(ui.store_path())
if log.is_empty():
    st.info(ui.t("audit_kosong"))
else:
    shown = log.with_columns(pl.col("waktu").dt.convert_time_zone("Asia/Jakarta").dt.strftime("%Y-%m-%d %H:%M:%S WIB"))
    ui.tabel(shown, formats={}, labels={c: ui.t(f"kolom_audit_{c}") for c in shown.columns}, key="tabel_audit")
