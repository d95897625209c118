"""Ringkasan Kabupaten: is coverage on track, which kecamatan lag, will we reach the target by 31 March?"""

import polars as pl
import streamlit as st

from sensus.app import panels, ui
from sensus.app.charts import monitoring
from sensus.core import config, i18n

ui.frame_guard()

cfg = config.load()
bahasa, ukuran, tanggal = ui.bahasa(), ui.ukuran(), ui.tanggal()

st.title(ui.t("ringkasan_judul"))
st.caption(
    ui.t(
        "ringkasan_sub",
        tanggal=i18n.tanggal(tanggal, bahasa, "full"),
        hari=ui.days_left(tanggal),
        selesai=i18n.tanggal(cfg.selesai, bahasa),
    )
)

kabupaten = ui.capaian(tanggal, "kabupaten").row(0, named=True)
kemarin = ui.capaian(ui.previous_day(tanggal), "kabupaten").row(0, named=True)
minggu_lalu = ui.capaian(ui.previous_day(tanggal, 7), "kabupaten").row(0, named=True)
jalur = ui.target_path(tanggal)


def selisih(now: float | None, then: float | None, suffix: str = " pp") -> str | None:
    if now is None or then is None:
        return None
    return ("+" if now >= then else "") + i18n.angka(now - then, bahasa, 2) + suffix


# two rows of three: six cards in one row clip their labels on a laptop screen
cards = [*st.columns(3), *st.columns(3)]
for column, key, measure in ((cards[0], "respon_penduduk", "penduduk"), (cards[1], "respon_kk", "kk")):
    column.metric(
        ui.t(key),
        i18n.persen(kabupaten[f"persen_{measure}"], bahasa, 2),
        delta=selisih(kabupaten[f"persen_{measure}"], kemarin[f"persen_{measure}"]),
        delta_description=ui.t("dibanding_kemarin"),
        help=ui.t("dari_target", target=i18n.angka(kabupaten[f"{measure}_target"], bahasa)),
        border=True,
    )
cards[2].metric(
    ui.t("kk_respon"),
    i18n.angka(kabupaten["kk_respon"], bahasa),
    delta=f"+{i18n.angka(kabupaten['kk_respon'] - kemarin['kk_respon'], bahasa)}",
    delta_description=ui.t("dibanding_kemarin"),
    border=True,
    help=ui.t("vs_minggu_lalu", nilai="+" + i18n.angka(kabupaten["kk_respon"] - minggu_lalu["kk_respon"], bahasa)),
)
clean_share = 100 * kabupaten["kk_clean"] / kabupaten["kk_respon"] if kabupaten["kk_respon"] else None
cards[3].metric(
    ui.t("kk_clean"),
    i18n.angka(kabupaten["kk_clean"], bahasa),
    delta=ui.t("persen_clean", nilai=i18n.persen(clean_share, bahasa)),
    delta_color="off",
    border=True,
)
cards[4].metric(
    ui.t("sisa_hari"),
    ui.days_left(tanggal),
    border=True,
    help=ui.t("target_akhir", target=i18n.persen(cfg.target_persen, bahasa), selesai=i18n.tanggal(cfg.selesai, bahasa)),
)
gap = None if kabupaten[f"persen_{ukuran}"] is None else kabupaten[f"persen_{ukuran}"] - jalur
cards[5].metric(
    ui.t("selisih_target"),
    selisih(kabupaten[f"persen_{ukuran}"], jalur) or "–",
    delta=ui.t("sesuai_jalur") if gap is not None and gap >= 0 else ui.t("di_bawah_jalur"),
    delta_color="normal" if gap is not None and gap >= 0 else "inverse",
    delta_arrow="off",
    border=True,
)

harian = ui.kurva()
kegiatan = ui.sql("reports/kegiatan", kode_kec=None)
left, right = st.columns(2)
with left:
    ui.plotly(
        monitoring.kurva_kumulatif(harian, ukuran, cfg.target_persen, cfg.mulai, cfg.selesai, tanggal, bahasa),
        key="kurva_kabupaten",
    )
with right:
    ui.plotly(
        monitoring.harian_bar(harian, ukuran, cfg.mulai, cfg.selesai, tanggal, bahasa, kegiatan), key="harian_kabupaten"
    )

kecamatan = ui.capaian(tanggal, "kecamatan")
seminggu = ui.capaian(ui.previous_day(tanggal, 7), "kecamatan").select(
    "kode", pl.col(f"persen_{ukuran}").alias("persen_lalu")
)
ranked = (
    kecamatan.join(seminggu, on="kode")
    .with_columns(
        naik_7_hari=pl.col(f"persen_{ukuran}") - pl.col("persen_lalu"),
        status_jalur=pl.when(pl.col(f"persen_{ukuran}") >= jalur)
        .then(pl.lit(ui.t("sesuai_jalur")))
        .when(pl.col(f"persen_{ukuran}") < jalur)
        .then(pl.lit(ui.t("di_bawah_jalur"))),
    )
    .sort(f"persen_{ukuran}", descending=True, nulls_last=True)
)

left, right = st.columns([1, 1])
with left:
    st.subheader(ui.t("peringkat_kecamatan"))
    ui.plotly(monitoring.peringkat(kecamatan, ukuran, bahasa, jalur), key="peringkat_kecamatan")
with right:
    st.subheader(ui.t("peta_kecamatan"))
    st.caption(ui.t("klik_peta"))
    selection = ui.plotly(
        monitoring.peta(kecamatan, monitoring.load_geojson(cfg.peta_kecamatan), ukuran, bahasa),
        key="peta_kecamatan",
        on_select="rerun",
        selection_mode="points",
    )
    points = selection.selection.points if selection else []
    if points and points[0].get("location"):
        st.switch_page("pages/kecamatan.py", query_params={"kec": points[0]["location"]})

shown = ranked.select(
    "kode",
    "nama",
    f"{ukuran}_target",
    f"{ukuran}_respon",
    "kk_clean",
    f"persen_{ukuran}",
    "naik_7_hari",
    "status_jalur",
)
ui.tabel(
    shown,
    formats={
        f"{ukuran}_target": "angka",
        f"{ukuran}_respon": "angka",
        "kk_clean": "angka",
        f"persen_{ukuran}": "persen",
        "naik_7_hari": "poin",
    },
    labels={c: ui.t(f"kolom_{c}") for c in shown.columns if c not in ("kode", "nama")}
    | {"kode": ui.t("kode"), "nama": ui.t("nama")},
    key="tabel_kecamatan",
)
ui.unduh(shown, f"peringkat_kecamatan_{tanggal.isoformat()}", key="unduh_kecamatan")
panels.peringatan_macet()
status = ui.status_data()
if status["sumber_target"]:
    st.caption(ui.t("sumber_target", sumber=", ".join(status["sumber_target"])))
