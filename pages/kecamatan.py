"""Kecamatan: how are the villages of my district doing, and which kades/lurah need a push?"""

import math

import polars as pl
import streamlit as st

from sensus.app import ui
from sensus.app.charts import monitoring
from sensus.core import config, i18n
from sensus.store import reports

ui.frame_guard()

cfg = config.load()
bahasa, ukuran, tanggal = ui.bahasa(), ui.ukuran(), ui.tanggal()
TERAKHIR = "_kec_terakhir"  # the kecamatan last viewed, so the desa page and a return visit open on it

# ---- which kecamatan: from the link, the picker, or the one viewed last ------------------------------------
opsi = ui.kecamatan_options()
diminta = ui.parse_area_param("kec", "kecamatan")
if diminta is not None and diminta not in opsi:
    st.warning(ui.t("kode_url_salah", nilai=ui.literal(st.query_params.get("kec")), tingkat=ui.t("kecamatan")))
    diminta = None
if st.session_state.get("kec") not in opsi:
    ingat = st.session_state.get(TERAKHIR)
    st.session_state["kec"] = diminta or (ingat if ingat in opsi else next(iter(opsi)))
# the URL keeps the code (?kec=33.16.05), not the name the picker shows, so a shared link opens this kecamatan
# in either language; Streamlit's bind="query-params" would write the shown name instead
kode_kec = st.session_state["kec"]
st.query_params["kec"] = kode_kec
st.session_state[TERAKHIR] = kode_kec
nama_kec = opsi[kode_kec]
terikat = ui.scope().bound_kec is not None  # a camat's deployment: no kabupaten to compare with

st.title(ui.t("kecamatan_judul", nama=nama_kec))
pilih, _ = st.columns([1, 2])
pilih.selectbox(ui.t("pilih_kecamatan"), list(opsi), key="kec", format_func=opsi.get)

kec = ui.capaian(tanggal, "kecamatan", kode_kec).row(0, named=True)
kemarin = ui.capaian(ui.previous_day(tanggal), "kecamatan", kode_kec).row(0, named=True)
kab = ui.capaian(tanggal, "kabupaten").row(0, named=True)
hari_macet = st.session_state.get("hari_macet", 3)
desa = reports.daftar_desa(
    ui.capaian(tanggal, "desa", kode_kec),
    ui.capaian(ui.previous_day(tanggal, 7), "desa", kode_kec),
    ui.sql("reports/aktivitas_desa", tanggal=tanggal, kode_kec=kode_kec),
    hari_macet,
)
jalur = ui.target_path(tanggal)
persen = kec[f"persen_{ukuran}"]

sub = [ui.t("kecamatan_sub", tanggal=i18n.tanggal(tanggal, bahasa, "full"), desa=desa.height)]
if persen is not None:
    if not terikat:
        semua = ui.capaian(tanggal, "kecamatan").sort(f"persen_{ukuran}", descending=True, nulls_last=True)
        sub.append(ui.t("peringkat_ke", ke=semua["kode"].index_of(kode_kec) + 1, dari=semua.height))
    sub.append(
        ui.t(
            "di_atas_jalur" if persen >= jalur else "di_bawah_jalur_poin",
            poin=i18n.angka(abs(persen - jalur), bahasa, 2),
        )
    )
st.caption(" · ".join(sub))

status = ui.status_data()
if not status["jumlah_rumah_tangga"]:
    st.info(ui.t("info_belum_ada_submisi"))
elif not kec["kk_respon"]:
    st.info(ui.t("info_belum_ada_respon_tanggal", tanggal=i18n.tanggal(tanggal, bahasa)))
if not status["desa_bertarget"]:
    st.info(ui.t("info_tidak_ada_target"))


def selisih(now: float | None, then: float | None) -> str | None:
    if now is None or then is None:
        return None
    return ("+" if now >= then else "") + i18n.angka(now - then, bahasa, 2) + " pp"


# ---- headline: this kecamatan against the kabupaten ---------------------------------------------------
cards = [*st.columns(3), *st.columns(3)]
for column, key, measure in ((cards[0], "respon_penduduk", "penduduk"), (cards[1], "respon_kk", "kk")):
    column.metric(
        ui.t(key),
        i18n.persen(kec[f"persen_{measure}"], bahasa, 2),
        delta=None if terikat else selisih(kec[f"persen_{measure}"], kab[f"persen_{measure}"]),
        delta_description=ui.t("dibanding_kabupaten"),
        help=ui.t("dari_target", target=i18n.angka(kec[f"{measure}_target"], bahasa))
        + ("" if terikat else " · " + ui.t("kabupaten_nilai", nilai=i18n.persen(kab[f"persen_{measure}"], bahasa, 2))),
        border=True,
    )
cards[2].metric(
    ui.t("kk_respon"),
    i18n.angka(kec["kk_respon"], bahasa),
    delta=f"+{i18n.angka(kec['kk_respon'] - kemarin['kk_respon'], bahasa)}",
    delta_description=ui.t("dibanding_kemarin"),
    border=True,
)
clean_share = 100 * kec["kk_clean"] / kec["kk_respon"] if kec["kk_respon"] else None
cards[3].metric(
    ui.t("kk_clean"),
    i18n.angka(kec["kk_clean"], bahasa),
    delta=ui.t("persen_clean", nilai=i18n.persen(clean_share, bahasa)),
    delta_color="off",
    border=True,
)
sisa = None if kec["kk_target"] is None else max(kec["kk_target"] - kec["kk_respon"], 0)
menuju_target = (
    None
    if kec["kk_target"] is None
    else max(math.ceil(kec["kk_target"] * cfg.target_persen / 100) - kec["kk_respon"], 0)
)
cards[4].metric(
    ui.t("kk_belum"),
    i18n.angka(sisa, bahasa),
    delta=None
    if menuju_target is None
    else ui.t("menuju_target", jumlah=i18n.angka(menuju_target, bahasa), target=i18n.persen(cfg.target_persen, bahasa)),
    delta_color="off",
    delta_arrow="off",
    help=ui.t("kk_belum_bantuan"),
    border=True,
)
macet = desa.filter(pl.col("is_macet"))
cards[5].metric(
    ui.t("desa_macet"),
    ui.t("x_dari_y", x=macet.height, y=desa.height),
    delta=ui.t("tanpa_kk_baru_n_hari", n=hari_macet),
    delta_color="off",
    delta_arrow="off",
    border=True,
)

# ---- trend: the kecamatan's curve against the kabupaten's, and its daily responses with its events --------
harian = ui.kurva(kode_kec=kode_kec)
kegiatan = ui.sql("reports/kegiatan", kode_kec=kode_kec)
left, right = st.columns(2)
with left:
    ui.plotly(
        monitoring.kurva_banding(
            harian,
            ui.t("kec_nama", nama=nama_kec),
            {} if terikat else {"Kabupaten Blora": ui.kurva()},
            ukuran,
            cfg.target_persen,
            cfg.mulai,
            cfg.selesai,
            tanggal,
            bahasa,
        ),
        key="kurva_kecamatan",
    )
with right:
    ui.plotly(
        monitoring.harian_bar(harian, ukuran, cfg.mulai, cfg.selesai, tanggal, bahasa, kegiatan), key="harian_kecamatan"
    )

# ---- its villages: ranking, map, table (a click opens the village) ------------------------------------------
left, right = st.columns(2)
with left:
    st.subheader(ui.t("peringkat_desa"))
    ui.plotly(monitoring.peringkat(desa, ukuran, bahasa, jalur, tinggi_per_baris=24), key="peringkat_desa")
with right:
    st.subheader(ui.t("peta_desa"))
    st.caption(ui.t("klik_desa"))
    peta = ui.plotly(
        monitoring.peta(desa, monitoring.load_geojson_bagian(cfg.peta_desa, kode_kec + "."), ukuran, bahasa),
        key="peta_desa",
        on_select="rerun",
        selection_mode="points",
    )
    points = peta.selection.points if peta else []
    if points and points[0].get("location"):
        st.switch_page("pages/desa.py", query_params={"desa": points[0]["location"]})

ranked = desa.sort(f"persen_{ukuran}", descending=True, nulls_last=True).with_columns(
    status_macet=pl.when(pl.col("is_macet")).then(pl.lit(ui.t("macet"))).otherwise(pl.lit(""))
)
shown = ranked.select(
    "kode",
    "nama",
    f"persen_{ukuran}",
    f"{ukuran}_respon",
    f"naik_7_hari_{ukuran}",
    "sisa_kk",
    "hari_tanpa_respon",
    "status_macet",
)
st.caption(ui.t("pilih_baris_desa"))
picked = ui.tabel(
    shown,
    formats={
        f"persen_{ukuran}": "persen",
        f"{ukuran}_respon": "angka",
        f"naik_7_hari_{ukuran}": "poin",
        "sisa_kk": "angka",
        "hari_tanpa_respon": "angka",
    },
    labels={c: ui.t(f"kolom_{c}") for c in shown.columns if c not in ("kode", "nama", f"naik_7_hari_{ukuran}")}
    | {"kode": ui.t("kode"), "nama": ui.t("nama"), f"naik_7_hari_{ukuran}": ui.t("kolom_naik_7_hari")},
    key="tabel_desa",
    on_select="rerun",
    selection_mode="single-row",
    height=38 + 35 * shown.height,  # every village at once: a kecamatan has at most 28
    column_order=shown.columns[1:],  # the code stays in the rakor list; on screen the name says enough
    placeholder="–",
)
if picked is not None and picked.selection.rows:
    st.switch_page("pages/desa.py", query_params={"desa": shown["kode"][picked.selection.rows[0]]})

# the list a camat prints for a rakor: lagging villages first, every figure the meeting needs
rakor = ranked.sort(f"persen_{ukuran}", nulls_last=True).select(
    "kode",
    "nama",
    "kk_target",
    "penduduk_target",
    "kk_respon",
    "penduduk_respon",
    "kk_clean",
    pl.col("persen_kk").round(2),
    pl.col("persen_penduduk").round(2),
    "sisa_kk",
    "sisa_penduduk",
    "kk_baru_7_hari",
    "hari_respon_terakhir",
    "hari_tanpa_respon",
    macet=pl.when(pl.col("is_macet")).then(pl.lit(ui.t("ya"))).otherwise(pl.lit(ui.t("tidak"))),
)
st.markdown(f"**{ui.t('daftar_rakor')}**")
st.caption(ui.t("daftar_rakor_bantuan", n=hari_macet))
ui.unduh(rakor, f"daftar_desa_{nama_kec.lower().replace(' ', '_')}_{tanggal.isoformat()}", key="unduh_rakor")

# ---- every village every day ------------------------------------------------------------------------
st.subheader(ui.t("heatmap_desa"))
ui.plotly(
    monitoring.heatmap_desa(
        ui.sql("reports/harian_desa", kode_kec=kode_kec), ukuran, cfg.mulai, cfg.selesai, tanggal, bahasa
    ),
    key="heatmap_desa",
)

# ---- stalled villages --------------------------------------------------------------------------------
st.subheader(ui.t("desa_macet_judul"))
pilih, _ = st.columns([1, 2])
pilih.number_input(ui.t("hari_macet"), min_value=1, max_value=cfg.jumlah_hari, value=3, step=1, key="hari_macet")
if macet.is_empty():
    st.success(ui.t("tidak_ada_desa_macet", n=hari_macet))
else:
    macet_shown = macet.sort("hari_tanpa_respon", f"persen_{ukuran}", descending=[True, False], nulls_last=True).select(
        "kode", "nama", "hari_respon_terakhir", "hari_tanpa_respon", f"persen_{ukuran}", "kk_respon", "sisa_kk"
    )
    ui.tabel(
        macet_shown,
        formats={
            "hari_respon_terakhir": "tanggal",
            "hari_tanpa_respon": "angka",
            f"persen_{ukuran}": "persen",
            "kk_respon": "angka",
            "sisa_kk": "angka",
        },
        labels={c: ui.t(f"kolom_{c}") for c in macet_shown.columns if c not in ("kode", "nama")}
        | {"kode": ui.t("kode"), "nama": ui.t("nama")},
        key="tabel_macet",
        placeholder="–",
    )
    st.caption(ui.t("macet_bantuan"))

# ---- its events ----------------------------------------------------------------------------------------
st.subheader(ui.t("kegiatan_kecamatan"))
if kegiatan.is_empty():
    st.info(ui.t("tidak_ada_kegiatan"))
else:
    acara = kegiatan.select(
        "tanggal",
        "jenis",
        "nama_wilayah",
        "keterangan",
        simulasi=pl.when(pl.col("simulasi")).then(pl.lit(ui.t("ya"))).otherwise(pl.lit(ui.t("tidak"))),
    )
    ui.tabel(
        acara,
        formats={"tanggal": "tanggal"},
        labels={c: ui.t(f"kolom_{c}") for c in acara.columns},
        key="tabel_kegiatan",
        placeholder="–",
    )
