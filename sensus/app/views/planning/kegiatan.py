"""The events tab: timeline, daily chart with markers, the table, and the planner's form."""

from datetime import timedelta

import polars as pl
import streamlit as st

from sensus.analysis import kegiatan_desa, labels
from sensus.app import access, cache, figures, state, tables, writes
from sensus.app.charts import monitoring as monitoring_charts
from sensus.app.charts import outreach as outreach_charts
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.app.views import kegiatan_edit as kegiatan_view
from sensus.app.views.planning.outreach import JENIS, KEEP, Outreach
from sensus.core import i18n
from sensus.ingest import kegiatan


def render(view: ViewContext, o: Outreach) -> None:
    """Events: timeline, daily chart with markers, and the form to add one."""
    cfg = view.cfg
    bahasa = view.bahasa
    tanggal = view.tanggal
    scope = view.scope
    ctx = view.chart
    semua_kegiatan = o.semua_kegiatan
    tables.chart(figures.figure(outreach_charts.timeline, semua_kegiatan, ctx), key="grafik_linimasa")
    pilihan_kec = {"": t("semua_kecamatan")} | state.kecamatan_options()
    if scope.bound_kec:
        pilihan_kec = {scope.bound_kec: pilihan_kec.get(scope.bound_kec, scope.bound_kec)}
    kec_grafik = state.choice(st, t("grafik_harian_untuk"), pilihan_kec, "kegiatan_kec", persist_state=KEEP)
    menyentuh = kegiatan_desa.touching(semua_kegiatan, kec_grafik)
    # in the sidebar's measure, like every other daily chart
    tables.chart(
        figures.figure(monitoring_charts.daily_bars, cache.kurva_harian(kec_grafik or None), ctx, menyentuh),
        key="grafik_harian_kegiatan",
    )
    daftar = labels.with_pelaksanaan(semua_kegiatan, tanggal, bahasa)
    # events come from files too: a page at a time, the download holds them all
    halaman = tables.page_of(daftar, "tabel_kegiatan")
    tables.table(
        halaman.select(
            "tanggal",
            "pelaksanaan",
            i18n.jenis_column(halaman["jenis"], bahasa),
            "label_wilayah",
            "keterangan",
            "simulasi",
        ).with_columns(
            pl.when(pl.col("simulasi")).then(pl.lit(t("ya"))).otherwise(pl.lit(t("tidak"))).alias("simulasi")
        ),
        {"tanggal": "tanggal"},
        {
            "tanggal": t("kolom_tanggal"),
            "pelaksanaan": t("kolom_pelaksanaan"),
            "jenis": t("kolom_jenis"),
            "label_wilayah": t("kolom_nama_wilayah"),
            "keterangan": t("kolom_keterangan"),
            "simulasi": t("kolom_simulasi"),
        },
        key="tabel_kegiatan",
    )
    # the kind in the viewer's words, as the table shows it (an English file said "rakor")
    tables.downloads(
        daftar.drop("nama_wilayah", "nama_kec", "jenis_desa").with_columns(i18n.jenis_column(daftar["jenis"], bahasa)),
        "kegiatan",
        key="unduh_kegiatan",
    )

    # adding, correcting and deleting events is the planner's; the other roles read them
    if not access.has_role("perencana"):
        return
    if writes.is_read_only_here():
        writes.say_read_only()
        return
    st.subheader(t("tambah_kegiatan"))
    wilayah = cache.kelengkapan_desa(kode_kec=scope.bound_kec).with_columns(kode_kec=pl.col("kode").str.head(8))
    area_labels = {} if scope.bound_kec else {view.wilayah.kode: view.wilayah.nama}
    for (kode_kec, nama_kec), villages in wilayah.group_by("kode_kec", "nama_kec", maintain_order=True):
        area_labels[kode_kec] = labels.wilayah_label(kode_kec, nama_kec, bahasa)
        for kode_desa, nama_desa, jenis_desa in villages.select("kode", "nama", "jenis_desa").rows():
            area_labels[kode_desa] = labels.wilayah_label(kode_desa, nama_desa, bahasa, nama_kec, jenis_desa)
    with st.form("form_kegiatan", clear_on_submit=False, border=True):
        first, second = st.columns(2)
        hari = first.date_input(
            t("kolom_tanggal"),
            value=min(tanggal + timedelta(days=1), cfg.selesai),
            min_value=cfg.mulai - timedelta(days=kegiatan.HARI_LONGGAR),
            max_value=cfg.selesai + timedelta(days=kegiatan.HARI_LONGGAR),
            format=state.DATE_FORMAT[bahasa],
        )
        jenis = second.selectbox(t("kolom_jenis"), kegiatan.JENIS, format_func=lambda j: t(JENIS[j]))
        kode = st.selectbox(t("kolom_nama_wilayah"), list(area_labels), format_func=area_labels.get)
        keterangan = st.text_input(t("kolom_keterangan"), max_chars=300, placeholder=t("keterangan_contoh"))
        kirim = st.form_submit_button(t("simpan_kegiatan"), icon=":material/add:")
    if kirim:
        baru = kegiatan.Kegiatan(hari, jenis, kode, keterangan)
        problems = kegiatan.periksa(baru, cfg.mulai, cfg.selesai, kode_kab=cfg.kode_kab)
        if problems:
            for problem in problems:
                st.error(t(problem))
        else:
            summary = kegiatan.tambah(baru, cfg.store_path, access.viewer_name(), scope=scope, cfg=cfg)
            if summary.submisi_baru:
                st.success(t("kegiatan_tersimpan", wilayah=area_labels[kode], tanggal=i18n.tanggal(hari, bahasa)))
                # the province pages and the replicas read the kabupaten as published
                writes.publish_and_say()
            elif summary.ditolak:
                st.error(t("kode_wilayah_tidak_dikenal"))
            else:
                st.info(t("kegiatan_sudah_ada"))
    kegiatan_view.render(view, semua_kegiatan, area_labels)
