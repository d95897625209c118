"""The audit log: who signed in, imported, undid, changed events or downloaded, and when."""

import polars as pl
import streamlit as st

from sensus.app import cache, exports, tables
from sensus.app.state import t
from sensus.auth import audit

# the newest events the page shows; the rest is in the full log's download (made on click only), so a journal of
# any length costs the page the same memory
SHOWN = 1_000

COLUMNS = {
    "waktu": "kolom_audit_waktu",
    "pengguna": "kolom_audit_pengguna",
    "aksi": "kolom_audit_aksi",
    "rincian": "kolom_audit_rincian",
}


def render() -> None:
    st.title(t("halaman_audit"))
    st.caption(t("audit_sub"))
    log = audit.read(cache.store_path(), newest=SHOWN)
    if log.is_empty():
        st.info(t("audit_kosong"))
        return
    labels = {column: t(key) for column, key in COLUMNS.items() if column in log.columns}
    total = audit.count(cache.store_path())
    if total > log.height:
        st.caption(t("audit_ditampilkan", n=log.height, total=total))
    tables.table(_in_wib(log), formats={}, labels=labels, key="tabel_audit")
    # through tables.download_button like every download: taking the whole log is itself written to the log
    tables.download_button(
        t("audit_unduh_semua"),
        lambda: exports.csv_bytes(audit.read(cache.store_path()), labels, None),
        "log_audit.csv",
        "text/csv",
        key="unduh_audit",
        icon=":material/download:",
    )


def _in_wib(log: pl.DataFrame) -> pl.DataFrame:
    return log.with_columns(pl.col("waktu").dt.convert_time_zone("Asia/Jakarta").dt.strftime("%Y-%m-%d %H:%M:%S WIB"))
