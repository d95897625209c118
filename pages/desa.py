"""Desa/kelurahan: how is this village doing against its kecamatan and the kabupaten, and how many are left?"""

import math

import polars as pl
import streamlit as st

from sensus.app import ui
from sensus.app.charts import monitoring
from sensus.core import config, i18n

ui.frame_guard()

cfg = config.load()
bahasa, ukuran, tanggal = ui.bahasa(), ui.ukuran(), ui.tanggal()
TERAKHIR = "_kec_terakhir"  # shared with the kecamatan page: open on the kecamatan viewed last

# ---- which village: ?desa=33.16.01.2001 (dotted or not), or ?kec= to open a kecamatan, or the pickers ----------
opsi_kec = ui.kecamatan_options()
diminta = ui.parse_area_param("desa", "desa")
if diminta is not None and diminta[:8] not in opsi_kec:
    st.warning(ui.t("kode_url_salah", nilai=ui.literal(st.query_params.get("desa")), tingkat=ui.t("desa")))
    diminta = None
kec_diminta = diminta[:8] if diminta else None
if kec_diminta is None and "desa" not in st.query_params and "kec" in st.query_params:
    kec_diminta = ui.parse_area_param("kec", "kecamatan")
    if kec_diminta not in opsi_kec:
        kec_diminta = None

if st.session_state.get("desa_kec") not in opsi_kec:
    ingat = st.session_state.get(TERAKHIR)
    st.session_state["desa_kec"] = kec_diminta or (ingat if ingat in opsi_kec else next(iter(opsi_kec)))
kode_kec = st.session_state["desa_kec"]
desa_kec = ui.capaian(tanggal, "desa", kode_kec)
opsi_desa = dict(zip(desa_kec["kode"], desa_kec["nama"], strict=True))
if diminta is not None and diminta not in opsi_desa:
    st.warning(ui.t("kode_url_salah", nilai=ui.literal(st.query_params.get("desa")), tingkat=ui.t("desa")))
    diminta = None
if st.session_state.get("desa") not in opsi_desa:
    st.session_state["desa"] = diminta or next(iter(opsi_desa))
kode_desa = st.session_state["desa"]
# the URL keeps the village code only (it names its kecamatan too), so a shared link opens this village
st.query_params["desa"] = kode_desa
if "kec" in st.query_params:
    del st.query_params["kec"]
st.session_state[TERAKHIR] = kode_kec
nama_kec, nama_desa = opsi_kec[kode_kec], opsi_desa[kode_desa]
jenis = "kelurahan" if kode_desa[9] == "1" else "desa"  # 33.16.NN.XNNN: X = 1 kelurahan, 2 desa
terikat = ui.scope().bound_kec is not None

st.title(ui.t(f"judul_{jenis}", nama=nama_desa))
left, right, _ = st.columns([1, 1, 1])
left.selectbox(ui.t("pilih_kecamatan"), list(opsi_kec), key="desa_kec", format_func=opsi_kec.get)
right.selectbox(ui.t("pilih_desa"), list(opsi_desa), key="desa", format_func=opsi_desa.get)

row = desa_kec.filter(pl.col("kode") == kode_desa)
desa = row.row(0, named=True)
kemarin = ui.capaian(ui.previous_day(tanggal), "desa", kode_kec).filter(pl.col("kode") == kode_desa).row(0, named=True)
kec = ui.capaian(tanggal, "kecamatan", kode_kec).row(0, named=True)
aktivitas = ui.sql("reports/aktivitas_desa", tanggal=tanggal, kode_kec=kode_kec)
aktif = aktivitas.filter(pl.col("kode") == kode_desa).row(0, named=True)
st.caption(
    ui.t(
        "desa_sub",
        kec=nama_kec,
        kode=kode_desa,
        tanggal=i18n.tanggal(tanggal, bahasa, "full"),
    )
)
st.page_link(
    "pages/kecamatan.py",
    label=ui.t("ke_kecamatan", nama=nama_kec),
    icon=":material/arrow_back:",
    query_params={"kec": kode_kec},
)

status = ui.status_data()
if not status["jumlah_rumah_tangga"]:
    st.info(ui.t("info_belum_ada_submisi"))
elif not desa["kk_respon"]:
    st.info(ui.t("info_desa_belum_respon", tanggal=i18n.tanggal(tanggal, bahasa)))
if desa["kk_target"] is None:
    st.info(ui.t("info_desa_tanpa_target"))

# ---- headline ------------------------------------------------------------------------------------------
persen = desa[f"persen_{ukuran}"]
delta = None
if persen is not None and kec[f"persen_{ukuran}"] is not None:
    delta = (
        ("+" if persen >= kec[f"persen_{ukuran}"] else "")
        + i18n.angka(persen - kec[f"persen_{ukuran}"], bahasa, 2)
        + " pp"
    )
cards = [*st.columns(3), *st.columns(3)]
cards[0].metric(
    ui.t(f"respon_{ukuran}"),
    i18n.persen(persen, bahasa, 2),
    delta=delta,
    delta_description=ui.t("dibanding_kecamatan"),
    help=ui.t("kecamatan_nilai", nama=nama_kec, nilai=i18n.persen(kec[f"persen_{ukuran}"], bahasa, 2)),
    border=True,
)
cards[1].metric(
    ui.t("kk_respon"),
    i18n.angka(desa["kk_respon"], bahasa),
    delta=f"+{i18n.angka(desa['kk_respon'] - kemarin['kk_respon'], bahasa)}",
    delta_description=ui.t("dibanding_kemarin"),
    help=ui.t("dari_target", target=i18n.angka(desa["kk_target"], bahasa)),
    border=True,
)
clean_share = 100 * desa["kk_clean"] / desa["kk_respon"] if desa["kk_respon"] else None
cards[2].metric(
    ui.t("kk_clean"),
    i18n.angka(desa["kk_clean"], bahasa),
    delta=ui.t("persen_clean", nilai=i18n.persen(clean_share, bahasa)),
    delta_color="off",
    border=True,
)
sisa = None if desa["kk_target"] is None else max(desa["kk_target"] - desa["kk_respon"], 0)
cards[3].metric(
    ui.t("kk_belum"),
    i18n.angka(sisa, bahasa),
    help=ui.t("kk_belum_bantuan"),
    border=True,
)
menuju = (
    None
    if desa["kk_target"] is None
    else max(math.ceil(desa["kk_target"] * cfg.target_persen / 100) - desa["kk_respon"], 0)
)
hari_lagi = ui.days_left(tanggal)
cards[4].metric(
    ui.t("menuju_target_judul", target=i18n.persen(cfg.target_persen, bahasa)),
    i18n.angka(menuju, bahasa),
    delta=None
    if not menuju or not hari_lagi
    else ui.t("per_hari", n=i18n.angka(menuju / hari_lagi, bahasa, 1), hari=hari_lagi),
    delta_color="off",
    delta_arrow="off",
    help=ui.t("menuju_target_bantuan", selesai=i18n.tanggal(cfg.selesai, bahasa)),
    border=True,
)
cards[5].metric(
    ui.t("hari_tanpa_kk_baru"),
    i18n.angka(aktif["hari_tanpa_respon"], bahasa),
    delta=ui.t("terakhir", tanggal=i18n.tanggal(aktif["hari_respon_terakhir"], bahasa))
    if aktif["hari_respon_terakhir"]
    else ui.t("belum_pernah"),
    delta_color="off",
    delta_arrow="off",
    border=True,
)

# ---- its curve against its kecamatan and the kabupaten; daily bars with the events that touched it -----------
harian = ui.kurva(kode_desa=kode_desa)
pembanding = {ui.t("kec_nama", nama=nama_kec): ui.kurva(kode_kec=kode_kec)}
if not terikat:
    pembanding["Kabupaten Blora"] = ui.kurva()
kegiatan = ui.sql("reports/kegiatan", kode_kec=kode_kec).filter(pl.col("kode").is_in(["33.16", kode_kec, kode_desa]))
left, right = st.columns(2)
with left:
    ui.plotly(
        monitoring.kurva_banding(
            harian, nama_desa, pembanding, ukuran, cfg.target_persen, cfg.mulai, cfg.selesai, tanggal, bahasa
        ),
        key="kurva_desa",
    )
with right:
    ui.plotly(
        monitoring.harian_bar(harian, ukuran, cfg.mulai, cfg.selesai, tanggal, bahasa, kegiatan), key="harian_desa"
    )

left, right = st.columns(2)
with left:
    ui.plotly(monitoring.respon_clean(harian, cfg.mulai, cfg.selesai, tanggal, bahasa), key="respon_clean_desa")
with right:
    ui.plotly(monitoring.sisa_target(row, bahasa), key="sisa_target_desa")

with st.expander(ui.t("angka_harian")):
    hari = harian.filter(pl.col("tanggal") <= tanggal).select(
        "tanggal", "kk_baru", "penduduk_baru", "kk_respon", "penduduk_respon", "kk_clean"
    )
    ui.tabel(
        hari,
        formats={c: "angka" for c in hari.columns if c != "tanggal"} | {"tanggal": "tanggal"},
        labels={c: ui.t(f"kolom_{c}") for c in hari.columns},
        key="tabel_harian_desa",
        placeholder="–",
    )
    ui.unduh(hari, f"harian_{kode_desa}_{tanggal.isoformat()}", key="unduh_harian_desa")
