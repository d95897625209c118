"""Kecamatan: how are the villages of my district doing, and which kades/lurah need a push?"""

from urllib.parse import urlparse

import polars as pl
import streamlit as st

from sensus.analysis import comparison, headline, labels
from sensus.app import cache, columns, figures, frame, state, tables
from sensus.app.charts import comparison as comparison_charts
from sensus.app.charts import monitoring as monitoring_charts
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.core import calendar, i18n

TERAKHIR = "_kec_terakhir"  # the kecamatan last viewed, so the desa page and a return visit open on it


def render(view: ViewContext) -> None:
    bahasa, ukuran, tanggal = view.bahasa, view.ukuran, view.tanggal

    # ---- which kecamatan: from the link, the picker, or the one viewed last ------------------------------------
    opsi = state.kecamatan_options()
    diminta = state.area_from_link("kec", "kecamatan", opsi.__contains__)
    if st.session_state.get("kec") not in opsi:
        ingat = st.session_state.get(TERAKHIR)
        st.session_state["kec"] = diminta or (ingat if ingat in opsi else next(iter(opsi)))
    # the URL keeps the code (?kec=33.16.05), not the name the picker shows, so a shared link opens this kecamatan
    # in either language; Streamlit's bind="query-params" would write the shown name instead
    kode_kec = st.session_state["kec"]
    st.query_params["kec"] = kode_kec
    st.session_state[TERAKHIR] = kode_kec
    nama_kec = opsi[kode_kec]
    terikat = view.scope.bound_kec is not None  # a camat's deployment: no kabupaten to compare with

    st.title(t("kecamatan_judul", nama=nama_kec))
    pilih, _ = st.columns([1, 2])
    pilih.selectbox(t("pilih_kecamatan"), list(opsi), key="kec", format_func=opsi.get)

    kec = cache.capaian(tanggal, "kecamatan", kode_kec).row(0, named=True)
    kemarin = cache.capaian(calendar.previous_day(tanggal), "kecamatan", kode_kec).row(0, named=True)
    kab = cache.capaian(tanggal, view.scope.total_level()).row(0, named=True)
    hari_macet = st.session_state.get("hari_macet", calendar.STALLED_DAYS)
    desa = headline.daftar_desa(
        cache.capaian(tanggal, "desa", kode_kec),
        cache.capaian(calendar.previous_day(tanggal, calendar.WEEK), "desa", kode_kec),
        cache.aktivitas_desa(tanggal=tanggal, kode_kec=kode_kec),
        hari_macet,
    )
    jalur = calendar.target_path(tanggal, view.cfg)
    persen = kec[f"persen_{ukuran}"]

    sub = [t("kecamatan_sub", tanggal=i18n.tanggal(tanggal, bahasa, "full"), desa=desa.height)]
    if persen is not None:
        if not terikat:
            semua = cache.capaian(tanggal, "kecamatan").sort(f"persen_{ukuran}", descending=True, nulls_last=True)
            sub.append(t("peringkat_ke", ke=semua["kode"].index_of(kode_kec) + 1, dari=semua.height))
        sub.append(
            t(
                "di_atas_jalur" if headline.is_on_path(persen, jalur) else "di_bawah_jalur_poin",
                poin=i18n.angka(abs(persen - jalur), bahasa, 2),
            )
        )
    st.caption(" · ".join(sub))

    status_data = cache.status_data()
    if not status_data["jumlah_rumah_tangga"]:
        st.info(t("info_belum_ada_submisi"))
    elif not kec["kk_respon"]:
        st.info(t("info_belum_ada_respon_tanggal", tanggal=i18n.tanggal(tanggal, bahasa)))
    if not status_data["desa_bertarget"]:
        st.info(t("info_tidak_ada_target"))

    _cards(view, kec, kemarin, kab, desa, hari_macet, terikat)
    kegiatan = _trend(view, kode_kec, nama_kec, terikat)
    _published(view, kode_kec, nama_kec, kec)
    _villages(view, desa, kode_kec, nama_kec, jalur, hari_macet)
    _heatmap(view, kode_kec)
    _stalled(view, desa, hari_macet)
    _events(view, kegiatan)


def _cards(
    view: ViewContext, kec: dict, kemarin: dict, kab: dict, desa: pl.DataFrame, hari_macet: int, terikat: bool
) -> None:
    """Headline: this kecamatan against the kabupaten."""
    cfg = view.cfg
    bahasa = view.bahasa
    cards = [*st.columns(3), *st.columns(3)]
    for column, key, measure in ((cards[0], "respon_penduduk", "penduduk"), (cards[1], "respon_kk", "kk")):
        column.metric(
            t(key),
            i18n.persen(kec[f"persen_{measure}"], bahasa, 2),
            delta=None if terikat else i18n.selisih(kec[f"persen_{measure}"], kab[f"persen_{measure}"], bahasa),
            # a camat has no kabupaten figure to compare with: no comparison words without a value
            delta_description=None if terikat else t("dibanding_kabupaten"),
            help=t("dari_target", target=i18n.angka(kec[f"{measure}_target"], bahasa))
            + ("" if terikat else " · " + t("kabupaten_nilai", nilai=i18n.persen(kab[f"persen_{measure}"], bahasa, 2))),
            border=True,
        )
    tables.responding_card(cards[2], kec, kemarin)
    tables.clean_card(cards[3], kec)
    sisa = headline.households_left(kec["kk_target"], kec["kk_respon"])
    menuju_target = headline.households_to_target(kec["kk_target"], kec["kk_respon"], cfg.target_persen)
    cards[4].metric(
        t("kk_belum"),
        i18n.angka(sisa, bahasa),
        delta=None
        if menuju_target is None
        else t(
            "menuju_target", jumlah=i18n.angka(menuju_target, bahasa), target=i18n.persen(cfg.target_persen, bahasa)
        ),
        delta_color="off",
        delta_arrow="off",
        help=t("kk_belum_bantuan"),
        border=True,
    )
    macet = desa.filter(pl.col("is_macet"))
    cards[5].metric(
        t("desa_macet"),
        t("x_dari_y", x=macet.height, y=desa.height),
        delta=t("tanpa_kk_baru_n_hari", n=hari_macet),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )


def _trend(view: ViewContext, kode_kec: str, nama_kec: str, terikat: bool) -> pl.DataFrame:
    """Trend: the kecamatan's curve against the kabupaten's, and its daily responses with its events."""
    ctx = view.chart
    harian = cache.kurva_harian(kode_kec=kode_kec)
    kegiatan = cache.kegiatan(kode_kec=kode_kec)
    left, right = st.columns(2)
    with left:
        tables.chart(
            figures.figure(
                monitoring_charts.compared_curves,
                harian,
                t("kec_nama", nama=nama_kec),
                {} if terikat else {view.wilayah.nama: cache.kurva_harian()},
                ctx,
            ),
            key="kurva_kecamatan",
        )
    with right:
        tables.chart(figures.figure(monitoring_charts.daily_bars, harian, ctx, kegiatan), key="harian_kecamatan")
    return kegiatan


def _published(view: ViewContext, kode_kec: str, nama_kec: str, kec: dict) -> None:
    """The kecamatan's own published count (31 Mar 2020, when the source shows it) beside this store's, and the
    published points of Indonesia, the region's province and the region: public figures, shown to a camat too."""
    cfg = view.cfg
    bahasa, tanggal = view.bahasa, view.tanggal
    st.subheader(t("terbit_judul"))
    own = comparison.kecamatan_terbit(kode_kec, wilayah=view.wilayah)
    if own.is_empty():
        cakupan = comparison.cakupan_kecamatan_terbit(wilayah=view.wilayah)
        if cakupan["n"]:
            st.caption(t("terbit_kecamatan_tidak_ada", nama=nama_kec, n=cakupan["n"], total=cakupan["total"]))
        else:  # a region no source gave kecamatan figures for: no "0 of 16"
            st.caption(t("terbit_kecamatan_tidak_ada_sama_sekali"))
    else:
        row = own.row(0, named=True)
        st.markdown(
            t(
                "terbit_kecamatan_sendiri",
                nama=nama_kec,
                tanggal=i18n.tanggal(row["tanggal"], bahasa),
                nilai=i18n.angka(row["nilai"], bahasa),
                sumber=urlparse(row["sumber"]).netloc.removeprefix("www."),
                tanggal_dasbor=i18n.tanggal(tanggal, bahasa),
                dasbor=i18n.angka(kec["kk_respon"], bahasa),
            )
        )
    st.caption(t("terbit_keterangan"))
    tables.chart(
        comparison_charts.grafik_terbit(
            comparison_charts.of_region(comparison.titik_terbit(wilayah=view.wilayah), view.wilayah.kode),
            cfg.mulai,
            cfg.selesai,
            bahasa,
        ),
        key="grafik_terbit_kecamatan",
    )


def _villages(
    view: ViewContext, desa: pl.DataFrame, kode_kec: str, nama_kec: str, jalur: float, hari_macet: int
) -> None:
    """Its villages: ranking, map, table (a click opens the village)."""
    bahasa = view.bahasa
    ukuran = view.ukuran
    tanggal = view.tanggal
    left, right = st.columns(2)
    with left:
        st.subheader(t("peringkat_desa"))
        st.caption(t("klik_batang_desa"))
        # a bar opens its village, as a kecamatan's bar on the overview opens its kecamatan
        tables.chart_opening(
            figures.figure(monitoring_charts.ranking, desa, ukuran, bahasa, jalur, tinggi_per_baris=24),
            key="peringkat_desa",
            page="pages/desa.py",
            param="desa",
        )
    with right:
        _map(view, desa, kode_kec, nama_kec, jalur)

    ranked = desa.sort(f"persen_{ukuran}", descending=True, nulls_last=True).with_columns(
        status_macet=pl.when(pl.col("is_macet")).then(pl.lit(t("macet"))).otherwise(pl.lit(""))
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
    st.caption(t("pilih_baris_desa"))
    picked = tables.table(
        shown,
        formats={
            f"persen_{ukuran}": "persen",
            f"{ukuran}_respon": "angka",
            f"naik_7_hari_{ukuran}": "poin",
            "sisa_kk": "angka",
            "hari_tanpa_respon": "angka",
        },
        labels=columns.labels(shown.columns, t) | {"kode": t("kode"), "nama": t("nama")},
        key="tabel_desa",
        on_select="rerun",
        selection_mode="single-row",
        height=38 + 35 * shown.height,  # every village at once: a kecamatan has at most 28
        column_order=shown.columns[1:],  # the code stays in the rakor list; on screen the name says enough
        placeholder="–",
    )
    if picked is not None and picked.selection.rows:
        st.switch_page("pages/desa.py", query_params=state.link_params(desa=shown["kode"][picked.selection.rows[0]]))

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
        macet=pl.when(pl.col("is_macet")).then(pl.lit(t("ya"))).otherwise(pl.lit(t("tidak"))),
    )
    st.markdown(f"**{t('daftar_rakor')}**")
    st.caption(t("daftar_rakor_bantuan", n=hari_macet))
    tables.downloads(
        rakor, f"daftar_desa_{nama_kec.lower().replace(' ', '_')}_{tanggal.isoformat()}", key="unduh_rakor"
    )


@frame.fragment
def _map(view: ViewContext, desa: pl.DataFrame, kode_kec: str, nama_kec: str, jalur: float) -> None:
    """Its village map and the map's colouring: a fragment, so switching the colouring redraws this map only (the
    URL's ?peta= is still kept: the fragment writes it)."""
    cfg = view.cfg
    bahasa, ukuran, tanggal = view.bahasa, view.ukuran, view.tanggal
    tables.area_map(
        desa.with_columns(naik_7_hari=pl.col(f"naik_7_hari_{ukuran}")),
        cfg.peta_desa,
        "desa",
        awalan=kode_kec + ".",
        ukuran=ukuran,
        bahasa_=bahasa,
        halaman="kecamatan",
        jalur=jalur,
        key="peta_desa",
        page="pages/desa.py",
        param="desa",
        judul=f"{t('peta_desa')} · {t('kec_nama', nama=nama_kec)}",
        nama_berkas=f"peta_desa_{nama_kec.lower().replace(' ', '_')}_{tanggal.isoformat()}",
    )


def _heatmap(view: ViewContext, kode_kec: str) -> None:
    """Every village every day."""
    ctx = view.chart
    st.subheader(t("heatmap_desa"))
    tables.chart(
        figures.figure(monitoring_charts.desa_heatmap, cache.harian_desa(kode_kec=kode_kec), ctx),
        key="heatmap_desa",
    )


def _stalled(view: ViewContext, desa: pl.DataFrame, hari_macet: int) -> None:
    """Stalled villages."""
    cfg = view.cfg
    ukuran = view.ukuran
    macet = desa.filter(pl.col("is_macet"))
    st.subheader(t("desa_macet_judul"))
    pilih, _ = st.columns([1, 2])
    pilih.number_input(
        t("hari_macet"), min_value=1, max_value=cfg.jumlah_hari, value=calendar.STALLED_DAYS, step=1, key="hari_macet"
    )
    if macet.is_empty():
        st.success(t("tidak_ada_desa_macet", n=hari_macet))
    else:
        macet_shown = macet.sort(
            "hari_tanpa_respon", f"persen_{ukuran}", descending=[True, False], nulls_last=True
        ).select(
            "kode", "nama", "hari_respon_terakhir", "hari_tanpa_respon", f"persen_{ukuran}", "kk_respon", "sisa_kk"
        )
        tables.table(
            macet_shown,
            formats={
                "hari_respon_terakhir": "tanggal",
                "hari_tanpa_respon": "angka",
                f"persen_{ukuran}": "persen",
                "kk_respon": "angka",
                "sisa_kk": "angka",
            },
            labels=columns.labels(macet_shown.columns, t) | {"kode": t("kode"), "nama": t("nama")},
            key="tabel_macet",
            placeholder="–",
        )
        st.caption(t("macet_bantuan"))


def _events(view: ViewContext, kegiatan: pl.DataFrame) -> None:
    """Its events."""
    st.subheader(t("kegiatan_kecamatan"))
    if kegiatan.is_empty():
        st.info(t("tidak_ada_kegiatan"))
    else:
        bahasa = view.bahasa
        daftar = labels.with_pelaksanaan(labels.with_wilayah_label(kegiatan, bahasa), view.tanggal, bahasa)
        acara = daftar.select(
            "tanggal",
            "pelaksanaan",
            i18n.jenis_column(daftar["jenis"], bahasa),
            "label_wilayah",
            "keterangan",
            simulasi=pl.when(pl.col("simulasi")).then(pl.lit(t("ya"))).otherwise(pl.lit(t("tidak"))),
        )
        tables.table(
            acara,
            formats={"tanggal": "tanggal"},
            labels=columns.labels(acara.columns, t),
            key="tabel_kegiatan",
            placeholder="–",
        )
