"""The uplift tab: did each event lift responses against comparable areas, one event in detail."""

import polars as pl
import streamlit as st

from sensus.analysis import uplift
from sensus.app import cache, figures, state, tables, wording
from sensus.app.charts import outreach as outreach_charts
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.app.views.planning.outreach import KEEP, Outreach
from sensus.core import i18n


def render(view: ViewContext, o: Outreach) -> None:
    """The uplift of each event against comparable areas, one event in detail, and how to read it."""
    bahasa = view.bahasa
    harian = o.harian
    kegiatan_lalu = o.kegiatan_lalu
    sebelum = o.sebelum
    sesudah = o.sesudah
    dampak = o.dampak
    st.markdown(t("dampak_penjelasan"))
    left, right = st.columns(2)
    left.slider(t("hari_sebelum"), 3, 14, uplift.SEBELUM, key="uplift_sebelum", persist_state=KEEP)
    right.slider(t("hari_sesudah"), 3, 14, uplift.SESUDAH, key="uplift_sesudah", persist_state=KEEP)
    tables.chart(figures.figure(outreach_charts.dampak, dampak, bahasa), key="grafik_dampak")
    vonis = dampak.select(
        "tanggal",
        "label_wilayah",
        i18n.jenis_column(dampak["jenis"], bahasa),
        "vonis",
        (pl.col("peluang_naik") * 100).alias("peluang_naik"),
        "jumlah_pembanding",
        pl.when(pl.col("simulasi")).then(pl.lit(t("ya"))).otherwise(pl.lit(t("tidak"))).alias("simulasi"),
    )
    tables.table(
        vonis,
        {"tanggal": "tanggal", "peluang_naik": "persen"},
        {
            "tanggal": t("kolom_tanggal"),
            "label_wilayah": t("kolom_nama_wilayah"),
            "jenis": t("kolom_jenis"),
            "vonis": t("kolom_vonis"),
            "peluang_naik": t("kolom_peluang_naik"),
            "jumlah_pembanding": t("kolom_jumlah_pembanding"),
            "simulasi": t("kolom_simulasi"),
        },
        key="tabel_vonis",
    )
    if not dampak.is_empty():
        events = {
            row["kegiatan_id"]: outreach_charts.label_kegiatan(row, bahasa) for row in dampak.iter_rows(named=True)
        }
        chosen = state.choice(st, t("pilih_kegiatan"), events, "dampak_kegiatan", persist_state=KEEP)
        row = dampak.filter(pl.col("kegiatan_id") == chosen).row(0, named=True)
        seri = cache.derived(uplift.seri, harian, kegiatan_lalu, row["kode"], row["tanggal"], sebelum, sesudah)
        tables.chart(
            figures.figure(outreach_charts.seri_kegiatan, seri, row["label_wilayah"], row["tanggal"], bahasa),
            key="grafik_seri",
        )
        st.markdown(f"**{row['label_wilayah']}: {row['vonis']}**")
        if row["rata_sebelum"] is not None and row["rata_sesudah"] is not None:
            text = t(
                "rincian_wilayah",
                nama=row["label_wilayah"],
                sebelum=i18n.angka(row["rata_sebelum"], bahasa, 1),
                sesudah=i18n.angka(row["rata_sesudah"], bahasa, 1),
            )
            if row["pembanding_sebelum"] is not None:
                text += " " + t(
                    "rincian_pembanding",
                    n=row["jumlah_pembanding"],
                    pembanding=t(uplift.PEMBANDING[row["tingkat"]]),
                    sebelum=i18n.angka(row["pembanding_sebelum"], bahasa, 1),
                    sesudah=i18n.angka(row["pembanding_sesudah"], bahasa, 1),
                )
            st.caption(text)
        if row["tingkat"] == "kecamatan":
            with st.expander(t("plasebo_judul", tanggal=i18n.tanggal(row["tanggal"], bahasa, "d MMM"))):
                st.caption(t("plasebo_bantuan"))
                uji = cache.uplift_plasebo(view.tanggal, row["tanggal"], sebelum, sesudah)
                uji = uji.with_columns(tingkat=pl.lit("kecamatan"), jenis=pl.lit(row["jenis"]))
                uji = uji.with_columns(
                    vonis=pl.Series(
                        [wording.vonis(r, bahasa, view.kab) for r in uji.iter_rows(named=True)], dtype=pl.String
                    )
                )
                tables.table(
                    uji.select("nama_kec", "vonis"),
                    {},
                    {"nama_kec": t("kecamatan").capitalize(), "vonis": t("kolom_vonis")},
                    key="tabel_plasebo",
                )
    with st.expander(t("cara_baca_dampak")):
        st.markdown(t("metode_dampak", sebelum=sebelum, sesudah=sesudah, min=uplift.MIN_HARI))
