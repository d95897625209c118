"""The priority tab: the villages to visit next, its weights, its printout and the stalled alerts."""

import polars as pl
import streamlit as st

from sensus.analysis import priority
from sensus.app import cache, columns, exports, panels, state, tables, wording
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.app.views.planning.outreach import BOBOT, KEEP, Outreach
from sensus.core import frames, i18n


def render(view: ViewContext, o: Outreach) -> None:
    """The priority list of villages, its weights, its downloads and the stalled alerts."""
    bahasa = view.bahasa
    ukuran = view.ukuran
    tanggal = view.tanggal
    bobot = o.bobot
    daftar = o.daftar
    rollup = o.rollup
    st.markdown(t("prioritas_penjelasan"))
    with st.container(border=True):
        st.markdown(f"**{t('bobot_judul')}**")
        sliders = st.columns(len(priority.BOBOT))
        for column, name in zip(sliders, priority.BOBOT, strict=True):
            column.slider(
                t(BOBOT[name][0]),
                0,
                100,
                value=round(priority.BOBOT[name] * 100),
                step=5,
                # whole percent: Streamlit's slider formats numbers printf-style, which knows no decimal comma
                format="%d %%" if view.bahasa == "id" else "%d%%",
                key=f"bobot_{name}",
                help=t(BOBOT[name][1]),
                persist_state=KEEP,
            )
    pilihan_kec = {"": t("semua_kecamatan")} | state.kecamatan_options()
    left, right = st.columns([2, 1])
    kec = state.choice(left, t("saring_kecamatan"), pilihan_kec, "prioritas_kec", persist_state=KEEP)
    jumlah = right.number_input(t("jumlah_baris"), 5, 295, 30, step=5, key="prioritas_n", persist_state=KEEP)
    shown = daftar.filter(pl.col("kode_kec") == kec) if kec else daftar
    shown = shown.head(int(jumlah))
    kolom = {
        "peringkat": t("kolom_peringkat"),
        "nama_desa": t("desa").capitalize(),
        "nama_kec": t("kecamatan").capitalize(),
        "skor": t("kolom_skor"),
        # the reasons beside the score, before the figures they come from (those scroll to the right)
        "alasan": t("kolom_alasan"),
        "sisa_kk": t("kolom_sisa_kk"),
        "persen": t(columns.PERSEN[ukuran]),
        "hari_tanpa_kegiatan": t("kolom_hari_tanpa_kegiatan"),
        "kk_baru_7": t("kolom_kk_baru_7"),
    }
    table = shown.select(list(kolom)) if not shown.is_empty() else pl.DataFrame()
    if no_ranking := priority.alasan_kosong(bobot, bahasa):
        st.warning(no_ranking)
    elif table.is_empty():
        st.info(t("prioritas_kosong"))
    else:
        tables.table(
            table.with_columns(pl.col("skor").round(0)),
            {"skor": "angka", "sisa_kk": "angka", "persen": "persen", "kk_baru_7": "angka"},
            kolom,
            key="tabel_prioritas",
        )
        nama_berkas = f"prioritas_desa_{tanggal.isoformat()}"
        tables.downloads(table, nama_berkas, key="unduh_prioritas", labels=kolom)
        keterangan = t(
            "cetak_keterangan",
            tanggal=i18n.tanggal(tanggal, bahasa, "full"),
            bobot=", ".join(f"{t(BOBOT[n][0])} {i18n.persen(w * 100, bahasa, 0)}" for n, w in bobot.items()),
        )
        # the viewer's scope: a camat's list is titled with their kecamatan, not the region
        bound = view.scope.bound_kec
        semua = t("kec_nama", nama=pilihan_kec.get(bound, bound)) if bound else view.wilayah.nama
        judul = t("cetak_judul", wilayah=t("kec_nama", nama=pilihan_kec[kec]) if kec else semua)
        catatan = exports.catatan_demo(bahasa) if cache.is_demo() else None

        def cetak() -> str:
            # built only when clicked, like the CSV and XLSX beside it: every text it needs is read above
            rows = table.with_columns(
                pl.col("skor").round(0).cast(pl.Int64),
                frames.map_distinct(table["persen"], lambda v: i18n.persen(v, bahasa, 2), pl.String),
            )
            return wording.cetak_html(rows, judul, keterangan, kolom, bahasa, catatan)

        tables.download_button(
            t("unduh_cetak"),
            cetak,
            f"{nama_berkas}.html",
            "text/html",
            key="unduh_cetak",
            icon=":material/print:",
            help=t("unduh_cetak_bantuan"),
        )
    with st.expander(t("rollup_judul")):
        if not rollup.is_empty():
            tables.table(
                rollup.select("nama_kec", "desa_teratas", "sisa_kk", "contoh"),
                {"sisa_kk": "angka"},
                {
                    "nama_kec": t("kecamatan").capitalize(),
                    "desa_teratas": t("kolom_desa_teratas"),
                    "sisa_kk": t("kolom_sisa_kk"),
                    "contoh": t("kolom_contoh"),
                },
                key="tabel_rollup",
            )
    panels.stalled_alerts(view)
