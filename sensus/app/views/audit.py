"""The audit log: who signed in, imported, undid, changed events or downloaded, and when."""

import polars as pl
import streamlit as st

from sensus.app import cache, exports, tables
from sensus.app.context import ViewContext
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

# each audit action's words (sensus.auth.audit.ACTIONS), written out
AKSI = {
    "masuk_ok": "aksi_masuk_ok",
    "masuk_gagal": "aksi_masuk_gagal",
    "keluar": "aksi_keluar",
    "impor": "aksi_impor",
    "impor_ditolak": "aksi_impor_ditolak",
    "batal_impor": "aksi_batal_impor",
    "kegiatan_tambah": "aksi_kegiatan_tambah",
    "kegiatan_ubah": "aksi_kegiatan_ubah",
    "kegiatan_hapus": "aksi_kegiatan_hapus",
    "unduh": "aksi_unduh",
    "pengguna_tambah": "aksi_pengguna_tambah",
    "pengguna_hapus": "aksi_pengguna_hapus",
    "pengguna_sandi": "aksi_pengguna_sandi",
    "pengguna_buka_kunci": "aksi_pengguna_buka_kunci",
}


def _where(cfg) -> dict[str, str | None]:
    # files: the journal and table of the kabupaten's store; PostgreSQL: that kabupaten's rows of the shared log
    return {"postgres": cfg.postgres, "kabupaten": cfg.kode_kab}


def render(view: ViewContext) -> None:
    st.title(t("halaman_audit"))
    st.caption(t("audit_sub"))
    log = audit.read(cache.store_path(), newest=SHOWN, **_where(view.cfg))
    if log.is_empty():
        st.info(t("audit_kosong"))
        return
    total = audit.count(cache.store_path(), **_where(view.cfg))
    if total > log.height:
        st.caption(t("audit_ditampilkan", n=log.height, total=total))
    shown = _as_shown(log)
    labels = {column: t(key) for column, key in COLUMNS.items() if column in shown.columns}
    tables.table(shown, formats={}, labels=labels, key="tabel_audit")
    # through tables.download_button like every download: taking the whole log is itself written to the log; the
    # store is named now, in the run (the file is built on the web thread, which knows no session's kabupaten)
    store_path, where = cache.store_path(), _where(view.cfg)
    tables.download_button(
        t("audit_unduh_semua"),
        lambda: exports.csv_bytes(_as_shown(audit.read(store_path, **where)), labels, None),
        "log_audit.csv",
        "text/csv",
        key="unduh_audit",
        icon=":material/download:",
    )


def _as_shown(log: pl.DataFrame) -> pl.DataFrame:
    """The log as the viewer reads it, on the page and in its download: times in WIB, actions in words."""
    return log.with_columns(
        pl.col("waktu").dt.convert_time_zone("Asia/Jakarta").dt.strftime("%Y-%m-%d %H:%M:%S WIB"),
        # the action in words of the viewer's language, not its stored code (masuk_ok, batal_impor)
        pl.col("aksi").replace_strict({aksi: t(key) for aksi, key in AKSI.items()}, default=pl.col("aksi")),
    )
