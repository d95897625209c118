"""Desa/kelurahan: how is this village doing against its kecamatan and the kabupaten, and how many are left?"""

import polars as pl
import streamlit as st

from sensus.analysis import headline, kegiatan_desa
from sensus.app import cache, columns, figures, state, tables
from sensus.app.charts import monitoring as monitoring_charts
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.core import calendar, i18n

TERAKHIR = "_kec_terakhir"  # shared with the kecamatan page: open on the kecamatan viewed last
# the title by the village's jenis as the reference list stores it
JUDUL = {"desa": "judul_desa", "kelurahan": "judul_kelurahan"}
RESPON = {"penduduk": "respon_penduduk", "kk": "respon_kk"}


def render(view: ViewContext) -> None:
    bahasa, tanggal = view.bahasa, view.tanggal

    # ---- which village: ?desa=33.16.01.2001 (dotted or not), or ?kec= to open a kecamatan, or the pickers ----------
    opsi_kec = state.kecamatan_options()
    # a village is offered when its kecamatan is (its code's first 8 characters)
    diminta = state.area_from_link("desa", "desa", lambda kode: kode[:8] in opsi_kec)
    kec_diminta = diminta[:8] if diminta else None
    if kec_diminta is None and "desa" not in st.query_params and "kec" in st.query_params:
        kec_diminta = state.area_from_link("kec", "kecamatan", opsi_kec.__contains__)

    if st.session_state.get("desa_kec") not in opsi_kec:
        ingat = st.session_state.get(TERAKHIR)
        st.session_state["desa_kec"] = kec_diminta or (ingat if ingat in opsi_kec else next(iter(opsi_kec)))
    kode_kec = st.session_state["desa_kec"]
    desa_kec = cache.capaian(tanggal, "desa", kode_kec)
    opsi_desa = dict(zip(desa_kec["kode"], desa_kec["nama"], strict=True))
    if diminta is not None and diminta not in opsi_desa:
        st.warning(t("kode_url_salah", nilai=state.literal(st.query_params.get("desa")), tingkat=t("desa")))
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
    terikat = view.scope.bound_kec is not None
    aktivitas = cache.aktivitas_desa(tanggal=tanggal, kode_kec=kode_kec)
    aktif = aktivitas.filter(pl.col("kode") == kode_desa).row(0, named=True)

    st.title(t(JUDUL[aktif["jenis"]], nama=nama_desa))
    left, right, _ = st.columns([1, 1, 1])
    left.selectbox(t("pilih_kecamatan"), list(opsi_kec), key="desa_kec", format_func=opsi_kec.get)
    right.selectbox(t("pilih_desa"), list(opsi_desa), key="desa", format_func=opsi_desa.get)

    row = desa_kec.filter(pl.col("kode") == kode_desa)
    desa = row.row(0, named=True)
    kemarin = (
        cache.capaian(calendar.previous_day(tanggal), "desa", kode_kec)
        .filter(pl.col("kode") == kode_desa)
        .row(0, named=True)
    )
    kec = cache.capaian(tanggal, "kecamatan", kode_kec).row(0, named=True)
    st.caption(
        t(
            "desa_sub",
            kec=nama_kec,
            kode=kode_desa,
            tanggal=i18n.tanggal(tanggal, bahasa, "full"),
        )
    )
    st.page_link(
        "pages/kecamatan.py",
        label=t("ke_kecamatan", nama=nama_kec),
        icon=":material/arrow_back:",
        query_params=state.link_params(kec=kode_kec),
    )

    status_data = cache.status_data()
    if not status_data["jumlah_rumah_tangga"]:
        st.info(t("info_belum_ada_submisi"))
    elif not desa["kk_respon"]:
        st.info(t("info_desa_belum_respon", tanggal=i18n.tanggal(tanggal, bahasa)))
    if desa["kk_target"] is None:
        st.info(t("info_desa_tanpa_target"))

    _cards(view, desa, kemarin, kec, aktif, nama_kec)
    _charts(view, row, kode_kec, kode_desa, nama_kec, nama_desa, terikat)


def _cards(view: ViewContext, desa: dict, kemarin: dict, kec: dict, aktif: dict, nama_kec: str) -> None:
    """The village's headline figures against its kecamatan."""
    cfg = view.cfg
    bahasa = view.bahasa
    ukuran = view.ukuran
    tanggal = view.tanggal
    persen = desa[f"persen_{ukuran}"]
    delta = i18n.selisih(persen, kec[f"persen_{ukuran}"], bahasa)
    cards = [*st.columns(3), *st.columns(3)]
    cards[0].metric(
        t(RESPON[ukuran]),
        i18n.persen(persen, bahasa, 2),
        delta=delta,
        delta_description=t("dibanding_kecamatan"),
        help=t("kecamatan_nilai", nama=nama_kec, nilai=i18n.persen(kec[f"persen_{ukuran}"], bahasa, 2)),
        border=True,
    )
    tables.responding_card(cards[1], desa, kemarin, help=t("dari_target", target=i18n.angka(desa["kk_target"], bahasa)))
    tables.clean_card(cards[2], desa)
    sisa = headline.households_left(desa["kk_target"], desa["kk_respon"])
    cards[3].metric(
        t("kk_belum"),
        i18n.angka(sisa, bahasa),
        help=t("kk_belum_bantuan"),
        border=True,
    )
    menuju = headline.households_to_target(desa["kk_target"], desa["kk_respon"], cfg.target_persen)
    hari_lagi = calendar.days_left(tanggal, view.cfg)
    cards[4].metric(
        t("menuju_target_judul", target=i18n.persen(cfg.target_persen, bahasa)),
        i18n.angka(menuju, bahasa),
        delta=None
        if not menuju or not hari_lagi
        else t("per_hari", n=i18n.angka(menuju / hari_lagi, bahasa, 1), hari=hari_lagi),
        delta_color="off",
        delta_arrow="off",
        help=t("menuju_target_bantuan", selesai=i18n.tanggal(cfg.selesai, bahasa)),
        border=True,
    )
    cards[5].metric(
        t("hari_tanpa_kk_baru"),
        i18n.angka(aktif["hari_tanpa_respon"], bahasa),
        delta=t("terakhir", tanggal=i18n.tanggal(aktif["hari_respon_terakhir"], bahasa))
        if aktif["hari_respon_terakhir"]
        else t("belum_pernah"),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )


def _charts(
    view: ViewContext, row: pl.DataFrame, kode_kec: str, kode_desa: str, nama_kec: str, nama_desa: str, terikat: bool
) -> None:
    """Its curve against its kecamatan and the kabupaten, daily bars with the events that touched it, its figures."""
    bahasa = view.bahasa
    tanggal = view.tanggal
    ctx = view.chart
    harian = cache.kurva_harian(kode_desa=kode_desa)
    pembanding = {t("kec_nama", nama=nama_kec): cache.kurva_harian(kode_kec=kode_kec)}
    if not terikat:
        pembanding[view.wilayah.nama] = cache.kurva_harian()
    kegiatan = kegiatan_desa.touching(cache.kegiatan(kode_kec=kode_kec), kode_desa)
    left, right = st.columns(2)
    with left:
        tables.chart(
            figures.figure(monitoring_charts.compared_curves, harian, nama_desa, pembanding, ctx),
            key="kurva_desa",
        )
    with right:
        tables.chart(figures.figure(monitoring_charts.daily_bars, harian, ctx, kegiatan), key="harian_desa")

    left, right = st.columns(2)
    with left:
        tables.chart(figures.figure(monitoring_charts.respon_clean, harian, ctx), key="respon_clean_desa")
    with right:
        tables.chart(figures.figure(monitoring_charts.sisa_target, row, bahasa), key="sisa_target_desa")

    with st.expander(t("angka_harian")):
        hari = harian.filter(pl.col("tanggal") <= tanggal).select(
            "tanggal", "kk_baru", "penduduk_baru", "kk_respon", "penduduk_respon", "kk_clean"
        )
        tables.table(
            hari,
            formats={c: "angka" for c in hari.columns if c != "tanggal"} | {"tanggal": "tanggal"},
            labels=columns.labels(hari.columns, t),
            key="tabel_harian_desa",
            placeholder="–",
        )
        tables.downloads(hari, f"harian_{kode_desa}_{tanggal.isoformat()}", key="unduh_harian_desa")
