"""Data: are the exports loaded, complete and clean? For the data officer."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import streamlit as st

from sensus.app import ui
from sensus.core import config, i18n

ui.frame_guard()

cfg = config.load()
bahasa, tanggal = ui.bahasa(), ui.tanggal()
WIB = ZoneInfo(config.WIB)


def waktu(value: datetime | None) -> str:
    """A timestamp as the officer reads it, in WIB: '24 Nov 2026 09:33 WIB'."""
    if value is None:
        return "–"
    value = value.astimezone(WIB) if value.tzinfo else value
    return f"{i18n.tanggal(value, bahasa)} {value:%H:%M} WIB"


def sebagai_teks(table: pl.DataFrame, *columns: str) -> pl.DataFrame:
    return table.with_columns(pl.col(c).map_elements(waktu, return_dtype=pl.String) for c in columns)


st.title(ui.t("data_judul"))
ui.scope_caption()
st.caption(ui.t("data_sub"))

status = ui.status_data()
impor = ui.sql("reports/impor")

# ---- freshness -----------------------------------------------------------------------------------------
cards = st.columns(4)
for column, key in ((cards[0], "submisi_terakhir"), (cards[1], "impor_terakhir")):
    # the day as the value, the time below it: a whole timestamp is clipped in a quarter of the page
    saat = status[key].astimezone(WIB) if status[key] else None
    column.metric(
        ui.t(key),
        i18n.tanggal(saat, bahasa),
        delta=None if saat is None else f"{saat:%H:%M} WIB",
        delta_color="off",
        delta_arrow="off",
        border=True,
    )
cards[2].metric(
    ui.t("hari_data_terakhir"),
    i18n.tanggal(status["hari_data_terakhir"], bahasa),
    help=ui.t("hari_data_terakhir_bantuan"),
    border=True,
)
cards[3].metric(
    ui.t("desa_bertarget"),
    ui.t("x_dari_y", x=i18n.angka(status["desa_bertarget"], bahasa), y=i18n.angka(status["jumlah_desa"], bahasa)),
    border=True,
)
st.caption(
    ui.t(
        "jumlah_tersimpan",
        submisi=i18n.angka(status["jumlah_submisi"], bahasa),
        rumah_tangga=i18n.angka(status["jumlah_rumah_tangga"], bahasa),
    )
)

batas = cfg.basi_setelah_hari
terakhir = status["hari_data_terakhir"]
if not status["jumlah_submisi"]:
    st.info(ui.t("info_belum_ada_submisi"))
elif terakhir is None or (tanggal - terakhir).days > batas:
    # the as-of day runs past the data: the figures of the last days are not complete
    st.warning(
        ui.t(
            "data_basi_tanggal",
            terakhir=i18n.tanggal(terakhir, bahasa),
            tanggal=i18n.tanggal(tanggal, bahasa),
            hari=batas,
        )
    )
if status["impor_terakhir"] is not None and not ui.is_demo():
    # during the census an export arrives every day; after the window an old import is expected
    hari_ini = datetime.now(WIB).date()
    umur = (hari_ini - status["impor_terakhir"].astimezone(WIB).date()).days
    if umur > batas and hari_ini <= cfg.selesai + timedelta(days=batas):
        st.warning(ui.t("data_basi_impor", hari=umur, batas=batas))
if not status["desa_bertarget"]:
    st.info(ui.t("info_tidak_ada_target"))

# ---- import history ------------------------------------------------------------------------------------
st.subheader(ui.t("riwayat_impor"))
if impor.is_empty():
    st.info(ui.t("belum_ada_impor"))
else:
    jenis = {j: ui.t(f"jenis_impor_{j}") for j in ("submisi", "target", "kegiatan")}
    riwayat = sebagai_teks(impor, "waktu_impor").with_columns(pl.col("jenis").replace(jenis)).drop("impor_id")
    angka = [c for c in riwayat.columns if riwayat[c].dtype.is_integer()]
    ui.tabel(
        riwayat,
        formats=dict.fromkeys(angka, "angka"),
        labels={c: ui.t(f"kolom_{c}") for c in riwayat.columns},
        key="tabel_impor",
        placeholder="–",
    )
    ui.unduh(riwayat, "riwayat_impor", key="unduh_impor")

# ---- rejected rows ------------------------------------------------------------------------------------
st.subheader(ui.t("baris_ditolak_judul"))
ditolak = ui.sql("reports/baris_ditolak", kode_kec=None)
if ditolak.is_empty():
    st.success(ui.t("tidak_ada_baris_ditolak"))
else:
    alasan = ditolak.with_columns(
        alasan_teks=pl.col("alasan").map_elements(
            lambda kode: i18n.t(kode, bahasa) if kode in i18n.catalog() else kode, return_dtype=pl.String
        )
    )
    left, right = st.columns(2)
    berkas = left.multiselect(
        ui.t("saring_berkas"),
        alasan["berkas"].unique(maintain_order=True).to_list(),
        key="saring_berkas",
        placeholder=ui.t("semua"),
    )
    sebab = right.multiselect(
        ui.t("saring_alasan"),
        sorted(alasan["alasan"].unique().to_list()),
        key="saring_alasan",
        format_func=lambda kode: i18n.t(kode, bahasa) if kode in i18n.catalog() else kode,
        placeholder=ui.t("semua"),
    )
    saring = alasan.filter(
        (pl.col("berkas").is_in(berkas) if berkas else pl.lit(True))
        & (pl.col("alasan").is_in(sebab) if sebab else pl.lit(True))
    )
    shown = saring.select(
        "berkas",
        "baris",
        pl.col("alasan_teks").alias("alasan"),
        "nilai",
        "id_submisi",
        "kode_desa",
        "waktu_submit",
        "jumlah_art",
        "status",
    )
    st.caption(ui.t("baris_ditampilkan", n=i18n.angka(shown.height, bahasa), dari=i18n.angka(ditolak.height, bahasa)))
    ui.tabel(
        shown,
        formats={"baris": "angka"},
        labels={c: ui.t(f"kolom_{c}") for c in shown.columns},
        key="tabel_ditolak",
        placeholder="–",
    )
    ui.unduh(shown, "baris_ditolak", key="unduh_ditolak")
    st.caption(ui.t("ditolak_bantuan"))

# ---- villages without a target or without submissions --------------------------------------------------------
kelengkapan = ui.sql("reports/kelengkapan_desa", kode_kec=None)
left, right = st.columns(2)
with left:
    st.subheader(ui.t("desa_tanpa_target"))
    tanpa_target = kelengkapan.filter(~pl.col("is_bertarget")).select("kode", "nama", "nama_kec", "jumlah_submisi")
    if tanpa_target.is_empty():
        st.success(ui.t("semua_desa_bertarget"))
    else:
        st.caption(ui.t("desa_tanpa_target_bantuan", n=tanpa_target.height))
        ui.tabel(
            tanpa_target,
            formats={"jumlah_submisi": "angka"},
            labels={c: ui.t(f"kolom_{c}") for c in tanpa_target.columns},
            key="tabel_tanpa_target",
            placeholder="–",
            height=320,
        )
        ui.unduh(tanpa_target, "desa_tanpa_target", key="unduh_tanpa_target")
with right:
    st.subheader(ui.t("desa_tanpa_submisi"))
    tanpa_submisi = kelengkapan.filter(pl.col("jumlah_submisi") == 0).select(
        "kode", "nama", "nama_kec", "kk_target", "penduduk_target"
    )
    if tanpa_submisi.is_empty():
        st.success(ui.t("semua_desa_ada_submisi"))
    else:
        st.caption(ui.t("desa_tanpa_submisi_bantuan", n=tanpa_submisi.height))
        ui.tabel(
            tanpa_submisi,
            formats={"kk_target": "angka", "penduduk_target": "angka"},
            labels={c: ui.t(f"kolom_{c}") for c in tanpa_submisi.columns},
            key="tabel_tanpa_submisi",
            placeholder="–",
            height=320,
        )
        ui.unduh(tanpa_submisi, "desa_tanpa_submisi", key="unduh_tanpa_submisi")
