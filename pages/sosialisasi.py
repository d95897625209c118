"""Sosialisasi & Rencana: where should the next rakor go, did the last ones lift responses, will we make it?"""

from datetime import timedelta

import polars as pl
import streamlit as st

from sensus.analysis import daily_message, forecast, priority, uplift
from sensus.app import panels, ui
from sensus.app.charts import monitoring, outreach
from sensus.app.views import kegiatan_edit as kegiatan_view
from sensus.core import config, i18n
from sensus.ingest import kegiatan

ui.frame_guard()

cfg = config.load()
bahasa, ukuran, tanggal = ui.bahasa(), ui.ukuran(), ui.tanggal()
scope = ui.scope()

st.title(ui.t("sos_judul"))
st.caption(
    ui.t(
        "sos_sub",
        tanggal=i18n.tanggal(tanggal, bahasa, "full"),
        hari=ui.days_left(tanggal),
        selesai=i18n.tanggal(cfg.selesai, bahasa),
    )
)

# everything below uses only the days up to the as-of day: a forecast or an uplift never peeks ahead
harian = ui.sql("reports/rencana_harian", kode_kec=None).filter(pl.col("tanggal") <= tanggal)
semua_kegiatan = ui.sql("reports/kegiatan", kode_kec=None)
kegiatan_lalu = semua_kegiatan.filter(pl.col("tanggal") <= tanggal)
if harian.is_empty():
    st.info(ui.t("belum_ada_respon"))
    st.stop()

# ---- computed once per run, shown in the answers and the tabs ----------------------------------------
sebelum = st.session_state.get("uplift_sebelum", uplift.SEBELUM)
sesudah = st.session_state.get("uplift_sesudah", uplift.SESUDAH)
dampak = uplift.per_kegiatan(harian, kegiatan_lalu, sebelum, sesudah)
dampak = dampak.with_columns(
    vonis=pl.Series([uplift.kalimat(row, bahasa) for row in dampak.iter_rows(named=True)], dtype=pl.String)
)
bobot = {name: st.session_state.get(f"bobot_{name}", weight) for name, weight in priority.BOBOT.items()}
jalur_hari_ini = ui.target_path(tanggal)
daftar = priority.daftar(harian, kegiatan_lalu, tanggal, jalur_hari_ini, bobot, ukuran, bahasa)
tingkat_atas = "kecamatan" if scope.bound_kec else "kabupaten"
utama = forecast.perkiraan(harian, tanggal, cfg.selesai, cfg.target_persen, tingkat_atas, ukuran).row(0, named=True)

# ---- the three questions, answered at the top -----------------------------------------------------------
kartu = st.columns(3)
with kartu[0].container(border=True, height="stretch"):
    st.markdown(f"**{ui.t('tanya_ke_mana')}**")
    rollup = priority.per_kecamatan(daftar) if not daftar.is_empty() else pl.DataFrame()
    if rollup.is_empty():
        st.write(ui.t("prioritas_kosong"))
    else:
        for row in rollup.head(3).iter_rows(named=True):
            st.markdown(
                ui.t(
                    "jawab_ke_mana",
                    kecamatan=row["nama_kec"],
                    n=row["desa_teratas"],
                    sisa=i18n.angka(row["sisa_kk"], bahasa),
                    contoh=row["contoh"],
                )
            )
        st.caption(ui.t("jawab_ke_mana_bantuan"))
with kartu[1].container(border=True, height="stretch"):
    st.markdown(f"**{ui.t('tanya_dampak')}**")
    dinilai = dampak.filter(pl.col("efek").is_not_null())
    if dinilai.is_empty():
        st.write(ui.t("dampak_tidak_ada"))
    else:
        for (hari,), group in dinilai.group_by("tanggal", maintain_order=True):
            naik = group.filter(pl.col("status") == uplift.NAIK)
            if group.height >= 2 or hari == dinilai["tanggal"].min():
                st.markdown(
                    ui.t(
                        "jawab_dampak",
                        tanggal=i18n.tanggal(hari, bahasa, "d MMM"),
                        naik=naik.height,
                        n=group.height,
                        efek=i18n.persen(group["efek"].median(), bahasa, 0),
                    )
                )
        semua_naik = dinilai.filter(pl.col("status") == uplift.NAIK).height
        st.markdown(ui.t("jawab_dampak_semua", naik=semua_naik, n=dinilai.height))
        st.caption(ui.t("jawab_dampak_bantuan"))
with kartu[2].container(border=True, height="stretch"):
    st.markdown(f"**{ui.t('tanya_target', selesai=i18n.tanggal(cfg.selesai, bahasa, 'd MMM'))}**")
    if utama["persen_akhir"] is None:
        st.write(ui.t("tidak_ada_target"))
    else:
        st.metric(
            ui.t("perkiraan_akhir", selesai=i18n.tanggal(cfg.selesai, bahasa, "d MMM")),
            i18n.persen(utama["persen_akhir"], bahasa, 1),
            delta=ui.t(f"status_{utama['status']}"),
            delta_color="normal" if utama["status"] == forecast.SESUAI else "inverse",
            delta_arrow="off",
            help=ui.t(
                "rentang_bantuan",
                bawah=i18n.persen(utama["bawah"], bahasa, 1),
                atas=i18n.persen(utama["atas"], bahasa, 1),
            ),
        )
        reach = utama["tanggal_target"]
        st.caption(
            ui.t(
                "jawab_target",
                bawah=i18n.persen(utama["bawah"], bahasa, 1),
                atas=i18n.persen(utama["atas"], bahasa, 1),
                target=i18n.persen(cfg.target_persen, bahasa, 1),
            )
            + " "
            + (ui.t("target_tercapai_pada", tanggal=i18n.tanggal(reach, bahasa)) if reach else ui.t("target_tidak"))
        )

tab_prioritas, tab_dampak, tab_perkiraan, tab_kegiatan, tab_pesan = st.tabs(
    [ui.t("tab_prioritas"), ui.t("tab_dampak"), ui.t("tab_perkiraan"), ui.t("tab_kegiatan"), ui.t("tab_pesan")]
)

# ---- priority list ---------------------------------------------------------------------------------------
with tab_prioritas:
    st.markdown(ui.t("prioritas_penjelasan"))
    with st.container(border=True):
        st.markdown(f"**{ui.t('bobot_judul')}**")
        sliders = st.columns(len(priority.BOBOT))
        for column, name in zip(sliders, priority.BOBOT, strict=True):
            column.slider(
                ui.t(f"bobot_{name}"),
                0.0,
                1.0,
                value=priority.BOBOT[name],
                step=0.05,
                key=f"bobot_{name}",
                help=ui.t(f"bobot_{name}_bantuan"),
            )
    pilihan_kec = {"": ui.t("semua_kecamatan")} | ui.kecamatan_options()
    left, right = st.columns([2, 1])
    kec = left.selectbox(ui.t("saring_kecamatan"), list(pilihan_kec), format_func=pilihan_kec.get, key="prioritas_kec")
    jumlah = right.number_input(ui.t("jumlah_baris"), 5, 295, 30, step=5, key="prioritas_n")
    shown = daftar.filter(pl.col("kode_kec") == kec) if kec else daftar
    shown = shown.head(int(jumlah))
    kolom = {
        "peringkat": ui.t("kolom_peringkat"),
        "nama_desa": ui.t("desa").capitalize(),
        "nama_kec": ui.t("kecamatan").capitalize(),
        "skor": ui.t("kolom_skor"),
        # the reasons beside the score, before the figures they come from (those scroll to the right)
        "alasan": ui.t("kolom_alasan"),
        "sisa_kk": ui.t("kolom_sisa_kk"),
        "persen": ui.t(f"kolom_persen_{ukuran}"),
        "hari_tanpa_kegiatan": ui.t("kolom_hari_tanpa_kegiatan"),
        "kk_baru_7": ui.t("kolom_kk_baru_7"),
    }
    table = shown.select(list(kolom)) if not shown.is_empty() else pl.DataFrame()
    if table.is_empty():
        st.info(ui.t("prioritas_kosong"))
    else:
        ui.tabel(
            table.with_columns(pl.col("skor").round(0)),
            {"skor": "angka", "sisa_kk": "angka", "persen": "persen", "kk_baru_7": "angka"},
            kolom,
            key="tabel_prioritas",
        )
        nama_berkas = f"prioritas_desa_{tanggal.isoformat()}"
        ui.unduh(table, nama_berkas, key="unduh_prioritas")
        keterangan = ui.t(
            "cetak_keterangan",
            tanggal=i18n.tanggal(tanggal, bahasa, "full"),
            bobot=", ".join(f"{ui.t(f'bobot_{n}')} {i18n.angka(w, bahasa, 2)}" for n, w in bobot.items()),
        )
        cetak = table.with_columns(
            pl.col("skor").round(0).cast(pl.Int64),
            pl.col("persen").map_elements(lambda v: i18n.persen(v, bahasa, 2), return_dtype=pl.String),
        )
        st.download_button(
            ui.t("unduh_cetak"),
            priority.cetak_html(
                cetak, ui.t("cetak_judul", wilayah=pilihan_kec[kec] if kec else "Kabupaten Blora"), keterangan, kolom
            ),
            f"{nama_berkas}.html",
            "text/html",
            key="unduh_cetak",
            icon=":material/print:",
            on_click="ignore",
            help=ui.t("unduh_cetak_bantuan"),
        )
    with st.expander(ui.t("rollup_judul")):
        if not rollup.is_empty():
            ui.tabel(
                rollup.select("nama_kec", "desa_teratas", "sisa_kk", "contoh"),
                {"sisa_kk": "angka"},
                {
                    "nama_kec": ui.t("kecamatan").capitalize(),
                    "desa_teratas": ui.t("kolom_desa_teratas"),
                    "sisa_kk": ui.t("kolom_sisa_kk"),
                    "contoh": ui.t("kolom_contoh"),
                },
                key="tabel_rollup",
            )
    panels.peringatan_macet()

# ---- uplift of each event ----------------------------------------------------------------------------------
with tab_dampak:
    st.markdown(ui.t("dampak_penjelasan"))
    left, right = st.columns(2)
    left.slider(ui.t("hari_sebelum"), 3, 14, uplift.SEBELUM, key="uplift_sebelum")
    right.slider(ui.t("hari_sesudah"), 3, 14, uplift.SESUDAH, key="uplift_sesudah")
    ui.plotly(outreach.dampak(dampak, bahasa), key="grafik_dampak")
    vonis = dampak.select(
        "tanggal",
        "nama_wilayah",
        "jenis",
        "vonis",
        (pl.col("peluang_naik") * 100).alias("peluang_naik"),
        "jumlah_pembanding",
        pl.when(pl.col("simulasi")).then(pl.lit(ui.t("ya"))).otherwise(pl.lit(ui.t("tidak"))).alias("simulasi"),
    )
    ui.tabel(
        vonis,
        {"tanggal": "tanggal", "peluang_naik": "persen"},
        {
            "tanggal": ui.t("kolom_tanggal"),
            "nama_wilayah": ui.t("kolom_nama_wilayah"),
            "jenis": ui.t("kolom_jenis"),
            "vonis": ui.t("kolom_vonis"),
            "peluang_naik": ui.t("kolom_peluang_naik"),
            "jumlah_pembanding": ui.t("kolom_jumlah_pembanding"),
            "simulasi": ui.t("kolom_simulasi"),
        },
        key="tabel_vonis",
    )
    if not dampak.is_empty():
        labels = {row["kegiatan_id"]: outreach.label_kegiatan(row, bahasa) for row in dampak.iter_rows(named=True)}
        chosen = st.selectbox(ui.t("pilih_kegiatan"), list(labels), format_func=labels.get, key="dampak_kegiatan")
        row = dampak.filter(pl.col("kegiatan_id") == chosen).row(0, named=True)
        seri = uplift.seri(harian, kegiatan_lalu, row["kode"], row["tanggal"], sebelum, sesudah)
        ui.plotly(outreach.seri_kegiatan(seri, row["nama_wilayah"], row["tanggal"], bahasa), key="grafik_seri")
        st.markdown(f"**{row['nama_wilayah']}: {row['vonis']}**")
        if row["rata_sebelum"] is not None and row["rata_sesudah"] is not None:
            text = ui.t(
                "rincian_wilayah",
                nama=row["nama_wilayah"],
                sebelum=i18n.angka(row["rata_sebelum"], bahasa, 1),
                sesudah=i18n.angka(row["rata_sesudah"], bahasa, 1),
            )
            if row["pembanding_sebelum"] is not None:
                text += " " + ui.t(
                    "rincian_pembanding",
                    n=row["jumlah_pembanding"],
                    pembanding=ui.t(f"pembanding_{row['tingkat']}"),
                    sebelum=i18n.angka(row["pembanding_sebelum"], bahasa, 1),
                    sesudah=i18n.angka(row["pembanding_sesudah"], bahasa, 1),
                )
            st.caption(text)
        if row["tingkat"] == "kecamatan":
            with st.expander(ui.t("plasebo_judul", tanggal=i18n.tanggal(row["tanggal"], bahasa, "d MMM"))):
                st.caption(ui.t("plasebo_bantuan"))
                uji = uplift.plasebo(harian, kegiatan_lalu, row["tanggal"], sebelum, sesudah)
                uji = uji.with_columns(tingkat=pl.lit("kecamatan"), jenis=pl.lit(row["jenis"]))
                uji = uji.with_columns(
                    vonis=pl.Series([uplift.kalimat(r, bahasa) for r in uji.iter_rows(named=True)], dtype=pl.String)
                )
                ui.tabel(
                    uji.select("nama_kec", "vonis"),
                    {},
                    {"nama_kec": ui.t("kecamatan").capitalize(), "vonis": ui.t("kolom_vonis")},
                    key="tabel_plasebo",
                )
    with st.expander(ui.t("cara_baca_dampak")):
        st.markdown(ui.t("metode_dampak", sebelum=sebelum, sesudah=sesudah, min=uplift.MIN_HARI))

# ---- forecast -------------------------------------------------------------------------------------------------
with tab_perkiraan:
    kurva = ui.kurva(scope.bound_kec)
    jalur = forecast.jalur(
        harian if not scope.bound_kec else harian.filter(pl.col("kode_kec") == scope.bound_kec),
        tanggal,
        cfg.selesai,
        cfg.target_persen,
        ukuran,
    )
    ui.plotly(
        outreach.perkiraan(kurva, jalur, ukuran, cfg.target_persen, cfg.mulai, cfg.selesai, tanggal, bahasa),
        key="grafik_perkiraan",
    )
    tingkat = (
        st.segmented_control(
            ui.t("tingkat_perkiraan"),
            ("kecamatan", "desa"),
            default="kecamatan",
            key="perkiraan_tingkat",
            format_func=lambda v: ui.t(v).capitalize(),
        )
        or "kecamatan"
    )
    areas = forecast.perkiraan(harian, tanggal, cfg.selesai, cfg.target_persen, tingkat, ukuran)
    areas = areas.with_columns(
        pl.col("status").replace_strict(
            {s: ui.t(f"status_{s}") for s in (forecast.SESUAI, forecast.RISIKO, forecast.MELESET)}, default=None
        )
    ).sort("persen_akhir", descending=True, nulls_last=True)
    ui.tabel(
        areas.select(
            "kode", "nama", "persen_kini", "laju", "persen_akhir", "bawah", "atas", "tanggal_target", "status"
        ),
        {
            "persen_kini": "persen",
            "laju": "angka",
            "persen_akhir": "persen",
            "bawah": "persen",
            "atas": "persen",
            "tanggal_target": "tanggal",
        },
        {
            "kode": ui.t("kode"),
            "nama": ui.t("nama"),
            "persen_kini": ui.t("kolom_persen_kini"),
            "laju": ui.t(f"kolom_laju_{ukuran}"),
            "persen_akhir": ui.t("kolom_persen_akhir", selesai=i18n.tanggal(cfg.selesai, bahasa, "d MMM")),
            "bawah": ui.t("kolom_bawah"),
            "atas": ui.t("kolom_atas"),
            "tanggal_target": ui.t("kolom_tanggal_target"),
            "status": ui.t("kolom_status_perkiraan"),
        },
        key="tabel_perkiraan",
        height=420,
    )
    st.subheader(ui.t("backtest_judul"))
    st.caption(ui.t("backtest_bantuan"))
    uji_kab = ui.backtest(tanggal, tingkat_atas, ukuran)
    ringkas = {
        level: forecast.mae(uji_kab if level == tingkat_atas else ui.backtest(tanggal, level, ukuran))
        for level in (tingkat_atas, "kecamatan")
    }
    cards = st.columns(4)
    position = 0
    for level, summary in ringkas.items():
        for horizon in (7, 14):
            found = summary.filter(pl.col("horizon") == horizon)
            value = found.row(0, named=True) if not found.is_empty() else None
            cards[position].metric(
                ui.t("mae_label", tingkat=ui.t(level).capitalize(), n=horizon),
                ui.t("poin_nilai", nilai=i18n.angka(value["mae"], bahasa, 2)) if value else "–",
                help=ui.t(
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
    ui.plotly(outreach.backtest(uji_kab, cfg.mulai, cfg.selesai, bahasa), key="grafik_backtest")
    with st.expander(ui.t("cara_baca_perkiraan")):
        st.markdown(ui.t("metode_perkiraan"))

# ---- events: timeline, daily chart with markers, and the form to add one ----------------------------------
with tab_kegiatan:
    ui.plotly(outreach.linimasa(semua_kegiatan, cfg.mulai, cfg.selesai, bahasa), key="grafik_linimasa")
    pilihan_kec = {"": ui.t("semua_kecamatan")} | ui.kecamatan_options()
    if scope.bound_kec:
        pilihan_kec = {scope.bound_kec: pilihan_kec.get(scope.bound_kec, scope.bound_kec)}
    kec_grafik = st.selectbox(
        ui.t("grafik_harian_untuk"), list(pilihan_kec), format_func=pilihan_kec.get, key="kegiatan_kec"
    )
    menyentuh = semua_kegiatan.filter(
        (pl.col("kode") == config.KODE_KAB) | (pl.col("kode").str.head(8) == kec_grafik) | (pl.lit(kec_grafik) == "")
    )
    ui.plotly(
        monitoring.harian_bar(ui.kurva(kec_grafik or None), "kk", cfg.mulai, cfg.selesai, tanggal, bahasa, menyentuh),
        key="grafik_harian_kegiatan",
    )
    ui.tabel(
        semua_kegiatan.select("tanggal", "jenis", "nama_wilayah", "keterangan", "simulasi").with_columns(
            pl.when(pl.col("simulasi")).then(pl.lit(ui.t("ya"))).otherwise(pl.lit(ui.t("tidak"))).alias("simulasi")
        ),
        {"tanggal": "tanggal"},
        {
            "tanggal": ui.t("kolom_tanggal"),
            "jenis": ui.t("kolom_jenis"),
            "nama_wilayah": ui.t("kolom_nama_wilayah"),
            "keterangan": ui.t("kolom_keterangan"),
            "simulasi": ui.t("kolom_simulasi"),
        },
        key="tabel_kegiatan",
    )
    ui.unduh(semua_kegiatan, "kegiatan", key="unduh_kegiatan")

    # adding, correcting and deleting events is the planner's; the other roles read them
    if ui.has_role("perencana"):
        st.subheader(ui.t("tambah_kegiatan"))
        wilayah = harian.select("kode_kec", "nama_kec", "kode_desa", "nama_desa").unique().sort("kode_kec", "kode_desa")
        area_labels = {} if scope.bound_kec else {config.KODE_KAB: "Kabupaten Blora"}
        for (kode_kec, nama_kec), villages in wilayah.group_by("kode_kec", "nama_kec", maintain_order=True):
            area_labels[kode_kec] = ui.t("label_kec", nama=nama_kec)
            for kode_desa, nama_desa in villages.select("kode_desa", "nama_desa").rows():
                area_labels[kode_desa] = ui.t("label_desa", nama=nama_desa, kecamatan=nama_kec)
        with st.form("form_kegiatan", clear_on_submit=False, border=True):
            first, second = st.columns(2)
            hari = first.date_input(
                ui.t("kolom_tanggal"),
                value=min(tanggal + timedelta(days=1), cfg.selesai),
                min_value=cfg.mulai - timedelta(days=kegiatan.HARI_LONGGAR),
                max_value=cfg.selesai + timedelta(days=kegiatan.HARI_LONGGAR),
                format="DD/MM/YYYY",
            )
            jenis = second.selectbox(ui.t("kolom_jenis"), kegiatan.JENIS, format_func=lambda j: ui.t(f"jenis_{j}"))
            kode = st.selectbox(ui.t("kolom_nama_wilayah"), list(area_labels), format_func=area_labels.get)
            keterangan = st.text_input(ui.t("kolom_keterangan"), max_chars=300, placeholder=ui.t("keterangan_contoh"))
            kirim = st.form_submit_button(ui.t("simpan_kegiatan"), icon=":material/add:")
        if kirim:
            baru = kegiatan.Kegiatan(hari, jenis, kode, keterangan)
            problems = kegiatan.periksa(baru, cfg.mulai, cfg.selesai)
            if problems:
                for problem in problems:
                    st.error(ui.t(problem))
            else:
                summary = kegiatan.tambah(baru)
                if summary.submisi_baru:
                    ui.audit("kegiatan_tambah", f"{hari} {jenis} {kode}")
                    st.success(
                        ui.t("kegiatan_tersimpan", wilayah=area_labels[kode], tanggal=i18n.tanggal(hari, bahasa))
                    )
                elif summary.ditolak:
                    st.error(ui.t("kode_wilayah_tidak_dikenal"))
                else:
                    st.info(ui.t("kegiatan_sudah_ada"))
        kegiatan_view.render(semua_kegiatan, area_labels)

# ---- the daily message -------------------------------------------------------------------------------------------
with tab_pesan:
    st.caption(ui.t("pesan_bantuan"))
    pesan = daily_message.susun_pesan(
        ui.capaian(tanggal, "kabupaten"),
        ui.capaian(ui.previous_day(tanggal), "kabupaten"),
        ui.capaian(tanggal, "kecamatan"),
        harian,
        tanggal,
        bahasa,
    )
    st.code(pesan, language=None, wrap_lines=True)
    figure = outreach.perkiraan(
        ui.kurva(scope.bound_kec), jalur, ukuran, cfg.target_persen, cfg.mulai, cfg.selesai, tanggal, bahasa
    )
    # the shared image says which day it shows: a picture forwarded on WhatsApp loses its message
    figure.update_layout(title={"text": f"{ui.t('judul_perkiraan')} · {i18n.tanggal(tanggal, bahasa)}"})
    png_key = (tanggal.isoformat(), bahasa, ukuran, ui.version())
    if st.button(ui.t("buat_png"), icon=":material/image:", help=ui.t("buat_png_bantuan")):
        with st.spinner(ui.t("membuat_png")):
            st.session_state["png_pesan"] = (png_key, figure.to_image(format="png", width=1100, height=520, scale=2))
    stored = st.session_state.get("png_pesan")
    if stored and stored[0] == png_key:
        st.download_button(
            ui.t("unduh_png"),
            stored[1],
            f"pantau_sp2020_{tanggal.isoformat()}.png",
            "image/png",
            key="unduh_png",
            icon=":material/download:",
            on_click="ignore",
        )
