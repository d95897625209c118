"""Sosialisasi & Rencana: where should the next rakor go, did the last ones lift responses, will we make it?"""

from dataclasses import dataclass, replace
from datetime import timedelta

import polars as pl
import streamlit as st

from sensus.analysis import daily_message, forecast, kegiatan_desa, labels, priority, uplift
from sensus.app import access, cache, columns, exports, figures, frame, panels, state, tables
from sensus.app.charts import base as base_charts
from sensus.app.charts import monitoring as monitoring_charts
from sensus.app.charts import outreach as outreach_charts
from sensus.app.state import t
from sensus.app.views import kegiatan_edit as kegiatan_view
from sensus.core import calendar, config, frames, i18n
from sensus.ingest import kegiatan

# figure builders served from Streamlit's cache (sensus.app.figures)
monitoring = figures.cached(monitoring_charts)
outreach = figures.cached(outreach_charts)

# the tabs' widget (its value: the open tab's name) and the open tab's position (0: priorities … 4: the message)
TAB = "tab_sosialisasi"
OPEN_TAB = "tab_sosialisasi_terbuka"
# the page draws only its open tab, and Streamlit forgets the value of a widget it did not draw: the settings of
# the closed tabs are kept while the viewer stays on the page (the answers at the top use the priority weights)
KEEP = "page"

# text keys of the priority weights (label, help) and of the event kinds, written out as literals
BOBOT = {
    "sisa": ("bobot_sisa", "bobot_sisa_bantuan"),
    "bawah_kecamatan": ("bobot_bawah_kecamatan", "bobot_bawah_kecamatan_bantuan"),
    "bawah_jalur": ("bobot_bawah_jalur", "bobot_bawah_jalur_bantuan"),
    "lama_kegiatan": ("bobot_lama_kegiatan", "bobot_lama_kegiatan_bantuan"),
    "macet": ("bobot_macet", "bobot_macet_bantuan"),
}
JENIS = i18n.JENIS_KEY


@dataclass(frozen=True)
class Outreach:
    """What the page computes once per run, from the days up to the as-of day only: a forecast or an uplift
    never peeks ahead. The answers at the top and the tabs show it."""

    harian: pl.DataFrame
    semua_kegiatan: pl.DataFrame
    kegiatan_lalu: pl.DataFrame
    sebelum: int
    sesudah: int
    dampak: pl.DataFrame
    bobot: dict[str, float]
    daftar: pl.DataFrame
    rollup: pl.DataFrame
    tingkat_atas: str
    utama: dict
    jalur: pl.DataFrame


def _outreach(harian: pl.DataFrame, semua_kegiatan: pl.DataFrame) -> Outreach:
    bahasa, ukuran, tanggal = state.bahasa(), state.ukuran(), state.tanggal()
    scope = cache.scope()
    # a planned event (after the as-of day) is neither weighed in the priorities nor judged for uplift
    kegiatan_lalu = semua_kegiatan.filter(~kegiatan_desa.is_direncanakan(tanggal))
    sebelum = st.session_state.get("uplift_sebelum", uplift.SEBELUM)
    sesudah = st.session_state.get("uplift_sesudah", uplift.SESUDAH)
    dampak = cache.uplift_per_kegiatan(tanggal, sebelum, sesudah)
    dampak = dampak.with_columns(
        vonis=pl.Series([uplift.kalimat(row, bahasa) for row in dampak.iter_rows(named=True)], dtype=pl.String)
    ).join(semua_kegiatan.select("kegiatan_id", "label_wilayah"), on="kegiatan_id", how="left")
    bobot = _weights()
    daftar = cache.derived(
        priority.daftar, harian, kegiatan_lalu, tanggal, calendar.target_path(tanggal), bobot, ukuran, bahasa
    )
    tingkat_atas = "kecamatan" if scope.bound_kec else "kabupaten"
    # one forecast per area and day, whoever asks: the card, the tab, its table and the message read these
    utama = cache.forecast_main(tanggal, ukuran)
    jalur = cache.forecast_path(tanggal, ukuran)
    return Outreach(
        harian=harian,
        semua_kegiatan=semua_kegiatan,
        kegiatan_lalu=kegiatan_lalu,
        sebelum=sebelum,
        sesudah=sesudah,
        dampak=dampak,
        bobot=bobot,
        daftar=daftar,
        rollup=priority.per_kecamatan(daftar) if not daftar.is_empty() else pl.DataFrame(),
        tingkat_atas=tingkat_atas,
        utama=utama,
        jalur=jalur,
    )


def _weights() -> dict[str, float]:
    """The priority weights the viewer set (the sliders show whole percent; the score takes fractions)."""
    return {
        name: st.session_state.get(f"bobot_{name}", round(default * 100)) / 100
        for name, default in priority.BOBOT.items()
    }


def render() -> None:
    cfg = config.load()
    bahasa, tanggal = state.bahasa(), state.tanggal()
    st.title(t("sos_judul"))
    st.caption(
        t(
            "sos_sub",
            tanggal=i18n.tanggal(tanggal, bahasa, "full"),
            hari=calendar.days_left(tanggal),
            selesai=i18n.tanggal(cfg.selesai, bahasa),
        )
    )
    harian = cache.rencana_harian(kode_kec=None).filter(pl.col("tanggal") <= tanggal)
    if harian.is_empty():
        st.info(t("belum_ada_respon"))
        st.stop()
    o = _outreach(harian, labels.with_wilayah_label(cache.kegiatan(kode_kec=None), bahasa))
    where_next = _answers(o)
    _tabs(o, where_next)


@frame.fragment
def _tabs(o: Outreach, where_next) -> None:
    """The tabs, a fragment: opening a tab or moving a priority weight redraws the open tab (and the "where next"
    answer, which the weights decide, in its card `where_next` above), not the whole page."""
    if o.bobot != (bobot := _weights()):
        # a weight moved since the page ran: the list and the answer follow it
        daftar = cache.derived(
            priority.daftar,
            o.harian,
            o.kegiatan_lalu,
            state.tanggal(),
            calendar.target_path(state.tanggal()),
            bobot,
            state.ukuran(),
            state.bahasa(),
        )
        rollup = priority.per_kecamatan(daftar) if not daftar.is_empty() else pl.DataFrame()
        o = replace(o, bobot=bobot, daftar=daftar, rollup=rollup)
    with where_next:
        _where_next(o)
    # only the open tab is drawn (the five took ≈ 100 ms of every rerun, most of it for tabs nobody was looking at);
    # its position is kept too, so the same tab stays open when the language, and with it its name, changes
    names = [t("tab_prioritas"), t("tab_dampak"), t("tab_perkiraan"), t("tab_kegiatan"), t("tab_pesan")]
    if st.session_state.get(TAB) not in names:
        st.session_state[TAB] = names[st.session_state.get(OPEN_TAB, 0)]
    tabs = st.tabs(names, key=TAB, on_change=_remember_tab, args=(names,))
    for tab, show in zip(tabs, (_priority_tab, _uplift_tab, _forecast_tab, _events_tab, _message_tab), strict=True):
        if tab.open:
            with tab:
                show(o)


def _remember_tab(names: list[str]) -> None:
    st.session_state[OPEN_TAB] = names.index(st.session_state[TAB])


def _where_next(o: Outreach) -> None:
    """The answer to "where next": the kecamatan the priority list, with the viewer's weights, puts first."""
    bahasa = state.bahasa()
    if no_ranking := priority.alasan_kosong(o.bobot, bahasa):
        st.write(no_ranking)
    elif o.rollup.is_empty():
        st.write(t("prioritas_kosong"))
    else:
        for row in o.rollup.head(3).iter_rows(named=True):
            st.markdown(
                t(
                    "jawab_ke_mana",
                    kecamatan=row["nama_kec"],
                    n=row["desa_teratas"],
                    sisa=i18n.angka(row["sisa_kk"], bahasa),
                    contoh=row["contoh"],
                )
            )
        st.caption(t("jawab_ke_mana_bantuan"))


def _answers(o: Outreach):
    """The page's three questions, answered at the top: where next, did events lift responses, will we make it.
    Returns the container under "where next": the tabs' fragment writes its answer (the weights decide it)."""
    cfg = config.load()
    bahasa = state.bahasa()
    dampak, utama = o.dampak, o.utama
    kartu = st.columns(3)
    where_next = kartu[0].container(border=True, height="stretch")
    where_next.markdown(f"**{t('tanya_ke_mana')}**")
    with kartu[1].container(border=True, height="stretch"):
        st.markdown(f"**{t('tanya_dampak')}**")
        dinilai = dampak.filter(pl.col("efek").is_not_null())
        if dinilai.is_empty():
            st.write(t("dampak_tidak_ada"))
            # why: each recent event's own verdict (too few days after it, nothing to compare with, ...)
            reasons = uplift.belum_dinilai(dampak, bahasa)
            st.caption("  \n".join(reasons) if reasons else t("dampak_belum_ada_kegiatan"))
        else:
            for (hari,), group in dinilai.group_by("tanggal", maintain_order=True):
                naik = group.filter(pl.col("status") == uplift.NAIK)
                if group.height >= 2 or hari == dinilai["tanggal"].min():
                    st.markdown(
                        t(
                            "jawab_dampak",
                            tanggal=i18n.tanggal(hari, bahasa, "d MMM"),
                            naik=naik.height,
                            n=group.height,
                            efek=i18n.persen(group["efek"].median(), bahasa, 0),
                        )
                    )
            semua_naik = dinilai.filter(pl.col("status") == uplift.NAIK).height
            st.markdown(t("jawab_dampak_semua", naik=semua_naik, n=dinilai.height))
            st.caption(t("jawab_dampak_bantuan"))
    with kartu[2].container(border=True, height="stretch"):
        st.markdown(f"**{t('tanya_target', selesai=i18n.tanggal(cfg.selesai, bahasa, 'd MMM'))}**")
        if utama["terlalu_dini"]:
            st.info(t("perkiraan_terlalu_dini", hari=(state.tanggal() - cfg.mulai).days + 1))
        elif utama["persen_akhir"] is None:
            st.write(t("tidak_ada_target"))
        else:
            # once the window is over: what was reached, not a forecast with a range of zero width
            is_over = utama["hasil"]
            bawah, atas = (i18n.persen(utama[k], bahasa, 1) for k in ("bawah", "atas"))
            is_good = utama["status"] in (forecast.SESUAI, forecast.TERCAPAI)
            st.metric(
                t(
                    "capaian_akhir" if is_over else "perkiraan_akhir",
                    selesai=i18n.tanggal(cfg.selesai, bahasa, "d MMM"),
                ),
                i18n.persen(utama["persen_akhir"], bahasa, 1),
                delta=t(labels.FORECAST_STATUS[utama["status"]]),
                delta_color="normal" if is_good else "inverse",
                delta_arrow="off",
                help=None if is_over else t("rentang_bantuan", bawah=bawah, atas=atas),
            )
            target = i18n.persen(cfg.target_persen, bahasa, 1)
            reach = utama["tanggal_target"]
            st.caption(
                t("jawab_target_akhir", target=target)
                if is_over
                else (
                    t("jawab_target", bawah=bawah, atas=atas, target=target)
                    + " "
                    + (t("target_tercapai_pada", tanggal=i18n.tanggal(reach, bahasa)) if reach else t("target_tidak"))
                )
            )
    return where_next


def _priority_tab(o: Outreach) -> None:
    """The priority list of villages, its weights, its downloads and the stalled alerts."""
    bahasa = state.bahasa()
    ukuran = state.ukuran()
    tanggal = state.tanggal()
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
                format="%d %%" if state.bahasa() == "id" else "%d%%",
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
        # the viewer's scope: a camat's list is their kecamatan's, not "Kabupaten Blora"
        bound = cache.scope().bound_kec
        semua = t("kec_nama", nama=pilihan_kec.get(bound, bound)) if bound else config.NAMA_KAB
        judul = t("cetak_judul", wilayah=t("kec_nama", nama=pilihan_kec[kec]) if kec else semua)
        catatan = exports.catatan_demo(bahasa) if cache.is_demo() else None

        def cetak() -> str:
            # built only when clicked, like the CSV and XLSX beside it: every text it needs is read above
            rows = table.with_columns(
                pl.col("skor").round(0).cast(pl.Int64),
                frames.map_distinct(table["persen"], lambda v: i18n.persen(v, bahasa, 2), pl.String),
            )
            return priority.cetak_html(rows, judul, keterangan, kolom, bahasa, catatan)

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
    panels.stalled_alerts()


def _uplift_tab(o: Outreach) -> None:
    """The uplift of each event against comparable areas, one event in detail, and how to read it."""
    bahasa = state.bahasa()
    harian = o.harian
    kegiatan_lalu = o.kegiatan_lalu
    sebelum = o.sebelum
    sesudah = o.sesudah
    dampak = o.dampak
    st.markdown(t("dampak_penjelasan"))
    left, right = st.columns(2)
    left.slider(t("hari_sebelum"), 3, 14, uplift.SEBELUM, key="uplift_sebelum", persist_state=KEEP)
    right.slider(t("hari_sesudah"), 3, 14, uplift.SESUDAH, key="uplift_sesudah", persist_state=KEEP)
    tables.chart(outreach.dampak(dampak, bahasa), key="grafik_dampak")
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
        events = {row["kegiatan_id"]: outreach.label_kegiatan(row, bahasa) for row in dampak.iter_rows(named=True)}
        chosen = state.choice(st, t("pilih_kegiatan"), events, "dampak_kegiatan", persist_state=KEEP)
        row = dampak.filter(pl.col("kegiatan_id") == chosen).row(0, named=True)
        seri = cache.derived(uplift.seri, harian, kegiatan_lalu, row["kode"], row["tanggal"], sebelum, sesudah)
        tables.chart(outreach.seri_kegiatan(seri, row["label_wilayah"], row["tanggal"], bahasa), key="grafik_seri")
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
                uji = cache.uplift_plasebo(state.tanggal(), row["tanggal"], sebelum, sesudah)
                uji = uji.with_columns(tingkat=pl.lit("kecamatan"), jenis=pl.lit(row["jenis"]))
                uji = uji.with_columns(
                    vonis=pl.Series([uplift.kalimat(r, bahasa) for r in uji.iter_rows(named=True)], dtype=pl.String)
                )
                tables.table(
                    uji.select("nama_kec", "vonis"),
                    {},
                    {"nama_kec": t("kecamatan").capitalize(), "vonis": t("kolom_vonis")},
                    key="tabel_plasebo",
                )
    with st.expander(t("cara_baca_dampak")):
        st.markdown(t("metode_dampak", sebelum=sebelum, sesudah=sesudah, min=uplift.MIN_HARI))


def _forecast_tab(o: Outreach) -> None:
    """The forecast: the curve with its band, every area's outlook, and how earlier forecasts fared."""
    cfg = config.load()
    bahasa = state.bahasa()
    ukuran = state.ukuran()
    tanggal = state.tanggal()
    scope = cache.scope()
    ctx = state.chart_context()
    tingkat_atas = o.tingkat_atas
    jalur = o.jalur
    kurva = cache.kurva_harian(scope.bound_kec)
    tables.chart(
        outreach.forecast_curve(kurva, jalur, ctx),
        key="grafik_perkiraan",
    )
    uji_kab = cache.backtest(tanggal, tingkat_atas, ukuran)
    if not o.utama["terlalu_dini"] and not o.utama["hasil"]:
        st.caption(_range_meaning(uji_kab, tingkat_atas))
    selesai = i18n.tanggal(cfg.selesai, bahasa, "d MMM")
    if o.utama["terlalu_dini"]:
        # too early: no forecast and no status, here as on the card and in the message (nor a level to pick)
        st.info(t("perkiraan_terlalu_dini", hari=(tanggal - cfg.mulai).days + 1))
    else:
        tingkat = (
            st.segmented_control(
                t("tingkat_perkiraan"),
                ("kecamatan", "desa"),
                default="kecamatan",
                key="perkiraan_tingkat",
                format_func=lambda v: t(v).capitalize(),
                persist_state=KEEP,
            )
            or "kecamatan"
        )
        areas = (
            cache.forecast_areas(tanggal, tingkat, ukuran)
            .with_columns(
                pl.col("status").replace_strict(
                    {code: t(key) for code, key in labels.FORECAST_STATUS.items()}, default=None
                )
            )
            .sort("persen_akhir", descending=True, nulls_last=True)
        )
        is_over = o.utama["hasil"]
        kolom = {
            "kode": t("kode"),
            "nama": t("nama"),
            "persen_kini": t("kolom_persen_kini"),
            "laju": t(columns.LAJU[ukuran]),
            "persen_akhir": t("capaian_akhir" if is_over else "kolom_persen_akhir", selesai=selesai),
            "bawah": t("kolom_bawah"),
            "atas": t("kolom_atas"),
            "tanggal_target": t("kolom_tanggal_target"),
            "status": t("kolom_status_perkiraan"),
        }
        if is_over:
            # results: what was reached, the day the target was, and whether it was met; no range, no pace
            kolom = {k: v for k, v in kolom.items() if k not in ("persen_kini", "laju", "bawah", "atas")}
        tables.table(
            areas.select(list(kolom)),
            {
                k: v
                for k, v in {
                    "persen_kini": "persen",
                    "laju": "angka",
                    "persen_akhir": "persen",
                    "bawah": "persen",
                    "atas": "persen",
                    "tanggal_target": "tanggal",
                }.items()
                if k in kolom
            },
            kolom,
            key="tabel_perkiraan",
            # a camat's one kecamatan is one row: no block of empty rows under it
            height=420 if areas.height > 10 else "auto",
        )
    st.subheader(t("backtest_judul"))
    st.caption(t("backtest_bantuan"))
    ringkas = {
        level: forecast.mae(uji_kab if level == tingkat_atas else cache.backtest(tanggal, level, ukuran))
        for level in (tingkat_atas, "kecamatan")
    }
    cards = st.columns(4)
    position = 0
    for level, summary in ringkas.items():
        for horizon in (7, 14):
            found = summary.filter(pl.col("horizon") == horizon)
            value = found.row(0, named=True) if not found.is_empty() else None
            cards[position].metric(
                t("mae_label", tingkat=t(level).capitalize(), n=horizon),
                t("poin_nilai", nilai=i18n.angka(value["mae"], bahasa, 2)) if value else "–",
                help=t(
                    "mae_bantuan",
                    jumlah=value["jumlah"] if value else 0,
                    cakupan=i18n.persen(100 * value["cakupan"], bahasa, 0) if value else "–",
                    bias=i18n.angka(value["bias"], bahasa, 2) if value else "–",
                ),
                border=True,
            )
            position += 1
            if level == "kecamatan" and tingkat_atas == "kecamatan":
                break
        if level == tingkat_atas == "kecamatan":
            break
    coverage = cache.forecast_coverage(tanggal, tingkat_atas, ukuran)
    if coverage["cakupan"] is not None:
        st.caption(
            t(
                "perkiraan_cakupan",
                hari=i18n.tanggal(coverage["hari"], bahasa, "d MMM"),
                persen=i18n.persen(100 * coverage["cakupan"], bahasa, 0),
                jumlah=i18n.angka(coverage["jumlah"], bahasa),
                dari=i18n.tanggal(coverage["dari"], bahasa, "d MMM"),
                sampai=i18n.tanggal(coverage["sampai"], bahasa, "d MMM"),
            )
        )
    tables.chart(outreach.backtest(uji_kab, ctx), key="grafik_backtest")
    with st.expander(t("cara_baca_perkiraan")):
        st.markdown(t("metode_perkiraan"))


def _range_meaning(uji: pl.DataFrame, tingkat: str) -> str:
    """What the 80 % range means, in one sentence, with how often it held in this store's own backtest."""
    bahasa = state.bahasa()
    share = forecast.cakupan(uji)
    if share is None:
        return t("rentang_arti_belum")
    return t(
        "rentang_arti",
        persen=i18n.persen(100 * share, bahasa, 0),
        jumlah=i18n.angka(uji.height, bahasa),
        tingkat=t(tingkat),
    )


def _events_tab(o: Outreach) -> None:
    """Events: timeline, daily chart with markers, and the form to add one."""
    cfg = config.load()
    bahasa = state.bahasa()
    tanggal = state.tanggal()
    scope = cache.scope()
    ctx = state.chart_context()
    semua_kegiatan = o.semua_kegiatan
    tables.chart(outreach.timeline(semua_kegiatan, ctx), key="grafik_linimasa")
    pilihan_kec = {"": t("semua_kecamatan")} | state.kecamatan_options()
    if scope.bound_kec:
        pilihan_kec = {scope.bound_kec: pilihan_kec.get(scope.bound_kec, scope.bound_kec)}
    kec_grafik = state.choice(st, t("grafik_harian_untuk"), pilihan_kec, "kegiatan_kec", persist_state=KEEP)
    menyentuh = kegiatan_desa.touching(semua_kegiatan, kec_grafik)
    # in the sidebar's measure, like every other daily chart
    tables.chart(
        monitoring.daily_bars(cache.kurva_harian(kec_grafik or None), ctx, menyentuh),
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
    st.subheader(t("tambah_kegiatan"))
    wilayah = cache.kelengkapan_desa(kode_kec=scope.bound_kec).with_columns(kode_kec=pl.col("kode").str.head(8))
    area_labels = {} if scope.bound_kec else {config.KODE_KAB: config.NAMA_KAB}
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
        problems = kegiatan.periksa(baru, cfg.mulai, cfg.selesai)
        if problems:
            for problem in problems:
                st.error(t(problem))
        else:
            summary = kegiatan.tambah(baru, pengguna=access.viewer_name(), scope=scope)
            if summary.submisi_baru:
                st.success(t("kegiatan_tersimpan", wilayah=area_labels[kode], tanggal=i18n.tanggal(hari, bahasa)))
            elif summary.ditolak:
                st.error(t("kode_wilayah_tidak_dikenal"))
            else:
                st.info(t("kegiatan_sudah_ada"))
    kegiatan_view.render(semua_kegiatan, area_labels)


def _message_tab(o: Outreach) -> None:
    """The daily WhatsApp message, ready to copy, and its chart as a PNG."""
    bahasa = state.bahasa()
    ukuran = state.ukuran()
    tanggal = state.tanggal()
    scope = cache.scope()
    ctx = state.chart_context()
    harian = o.harian
    jalur = o.jalur
    st.caption(t("pesan_bantuan"))
    pesan = cache.derived(
        daily_message.susun_pesan,
        cache.capaian(tanggal, scope.total_level()),
        cache.capaian(calendar.previous_day(tanggal), scope.total_level()),
        cache.capaian(tanggal, "kecamatan"),
        harian,
        tanggal,
        bahasa,
        outlook=cache.forecast_main(tanggal, daily_message.UKURAN),
        is_demo=cache.is_demo(),
    )
    st.code(pesan, language=None, wrap_lines=True)
    # the shared image says which area and day it shows, and that a demo's data is simulated: a picture
    # forwarded on WhatsApp loses its message
    # the viewer's own area: the kabupaten, or a camat's kecamatan
    wilayah = cache.capaian(tanggal, scope.total_level()).row(0, named=True)
    figure = base_charts.untuk_gambar(
        outreach.forecast_curve(cache.kurva_harian(scope.bound_kec), jalur, ctx),
        f"{t('judul_perkiraan')} · {daily_message.wilayah_pesan(wilayah['kode'], wilayah['nama'], bahasa)}",
        i18n.t("peta_png_per", bahasa, tanggal=i18n.tanggal(tanggal, bahasa, "full")),
        bahasa,
        cache.is_demo(),
    )
    png_key = (tanggal.isoformat(), bahasa, ukuran, cache.version())
    if st.button(t("buat_png"), icon=":material/image:", help=t("buat_png_bantuan")):
        with st.spinner(t("membuat_png")):
            st.session_state["png_pesan"] = (
                png_key,
                figure.to_image(format="png", width=1100, height=520, scale=2),
            )
    stored = st.session_state.get("png_pesan")
    if stored and stored[0] == png_key:
        tables.download_button(
            t("unduh_png"),
            stored[1],
            f"pantau_sp2020_{tanggal.isoformat()}.png",
            "image/png",
            key="unduh_png",
            icon=":material/download:",
        )
