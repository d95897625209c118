"""Data: are the exports loaded, complete and clean? For the data officer."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl
import streamlit as st

from sensus.app import access, cache, columns, tables
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.core import calendar, config, frames, i18n

WIB = ZoneInfo(config.WIB)
JENIS_IMPOR = {"submisi": "jenis_impor_submisi", "target": "jenis_impor_target", "kegiatan": "jenis_impor_kegiatan"}


def waktu(value: datetime | None, bahasa: str) -> str:
    """A timestamp as the officer reads it, in WIB: '24 Nov 2026 09:33 WIB'."""
    if value is None:
        return "–"
    value = value.astimezone(WIB) if value.tzinfo else value
    return f"{i18n.tanggal(value, bahasa)} {value:%H:%M} WIB"


def as_text(frame: pl.DataFrame, bahasa: str, *names: str) -> pl.DataFrame:
    return frame.with_columns(frames.map_distinct(frame[c], lambda v: waktu(v, bahasa), pl.String) for c in names)


def reason(kode: str, bahasa: str) -> str:
    """A rejection reason's text; a code this version has no text for is shown as stored."""
    return i18n.t(kode, bahasa) if kode in i18n.catalog() else kode


def is_sesudah(tanggal, cfg: config.Config) -> pl.Expr:
    """An import that carries data after the as-of day `tanggal` (its hari_data, within the window) could not
    have been there on that day: the data page marks it as later and leaves its rejected rows out."""
    mulai, selesai = calendar.window(cfg)
    return pl.col("hari_data").clip(mulai, selesai) > tanggal


def render(view: ViewContext) -> None:
    st.title(t("data_judul"))
    st.caption(t("data_sub"))
    access.scope_caption()
    tanggal = view.tanggal
    impor = cache.impor().with_columns(is_sesudah=is_sesudah(tanggal, view.cfg).fill_null(False))
    _freshness(view, cache.status_data(tanggal), impor.filter(~pl.col("is_sesudah")))
    _import_history(view, impor)
    _rejected_rows(view, impor.filter(pl.col("is_sesudah"))["impor_id"].to_list())
    _completeness(view)


def _freshness(view: ViewContext, status_data: dict, impor_ada: pl.DataFrame) -> None:
    """Freshness as of the as-of day: the last submission and import up to it, and what the store holds up to it.
    `impor_ada`: the imports already there on that day."""
    cfg = view.cfg
    bahasa = view.bahasa
    tanggal = view.tanggal
    cards = st.columns(4)
    terakhir_ada = {
        "submisi_terakhir": status_data["submisi_terakhir"],
        "impor_terakhir": impor_ada["waktu_impor"].max(),
    }
    for column, key in ((cards[0], "submisi_terakhir"), (cards[1], "impor_terakhir")):
        # the day as the value, the time below it: a whole timestamp is clipped in a quarter of the page
        saat = terakhir_ada[key].astimezone(WIB) if terakhir_ada[key] else None
        column.metric(
            t(key),
            i18n.tanggal(saat, bahasa),
            delta=None if saat is None else f"{saat:%H:%M} WIB",
            delta_color="off",
            delta_arrow="off",
            border=True,
        )
    cards[2].metric(
        t("hari_data_terakhir"),
        i18n.tanggal(status_data["hari_data_terakhir"], bahasa),
        help=t("hari_data_terakhir_bantuan"),
        border=True,
    )
    cards[3].metric(
        t("desa_bertarget"),
        t(
            "x_dari_y",
            x=i18n.angka(status_data["desa_bertarget"], bahasa),
            y=i18n.angka(status_data["jumlah_desa"], bahasa),
        ),
        border=True,
    )
    st.caption(
        t(
            "jumlah_tersimpan",
            submisi=i18n.angka(status_data["jumlah_submisi"], bahasa),
            rumah_tangga=i18n.angka(status_data["jumlah_rumah_tangga"], bahasa),
            tanggal=i18n.tanggal(tanggal, bahasa),
        )
    )

    batas = cfg.basi_setelah_hari
    terakhir = status_data["hari_data_terakhir"]
    if not status_data["jumlah_submisi"]:
        st.info(t("info_belum_ada_submisi"))
    elif terakhir is None or (tanggal - terakhir).days > batas:
        # the as-of day runs past the data: the figures of the last days are not complete
        st.warning(
            t(
                "data_basi_tanggal",
                terakhir=i18n.tanggal(terakhir, bahasa),
                tanggal=i18n.tanggal(tanggal, bahasa),
                hari=batas,
            )
        )
    if status_data["impor_terakhir"] is not None and not cache.is_demo():
        # during the census an export arrives every day; after the window an old import is expected. This one is
        # about today's clock, not the as-of day: the last import whatever the day
        hari_ini = datetime.now(WIB).date()
        umur = (hari_ini - status_data["impor_terakhir"].astimezone(WIB).date()).days
        if umur > batas and hari_ini <= cfg.selesai + timedelta(days=batas):
            st.warning(t("data_basi_impor", hari=umur, batas=batas))
    if not status_data["desa_bertarget"]:
        st.info(t("info_tidak_ada_target"))


def _import_history(view: ViewContext, impor: pl.DataFrame) -> None:
    """Import history, newest first; an import carrying data after the as-of day marked as later."""
    bahasa = view.bahasa
    tanggal = view.tanggal
    st.subheader(t("riwayat_impor"))
    if impor.is_empty():
        st.info(t("belum_ada_impor"))
    else:
        jenis = {code: t(key) for code, key in JENIS_IMPOR.items()}
        sesudah = impor.filter(pl.col("is_sesudah")).height
        if sesudah:
            st.caption(t("impor_sesudah_bantuan", n=sesudah, tanggal=i18n.tanggal(tanggal, bahasa)))
        # the download keeps the import's time as a real time (a date-time cell in XLSX, WIB); the table shows text
        lengkap = impor.with_columns(
            pl.col("jenis").replace(jenis),
            pl.when(pl.col("is_sesudah"))
            .then(pl.lit(t("impor_sesudah")))
            .otherwise(pl.lit(t("impor_sudah_ada")))
            .alias("per_tanggal"),
        ).select("per_tanggal", pl.exclude("per_tanggal", "impor_id", "is_sesudah"))
        riwayat = as_text(lengkap, bahasa, "waktu_impor")
        angka = [c for c in riwayat.columns if riwayat[c].dtype.is_integer()]
        tanggal_pendek = i18n.tanggal(tanggal, bahasa, "d MMM")
        labels = columns.labels(riwayat.columns, t) | {"per_tanggal": t("kolom_per_tanggal", tanggal=tanggal_pendek)}
        tables.table(
            tables.page_of(riwayat, "tabel_impor"),
            formats=dict.fromkeys(angka, "angka") | {"hari_data": "tanggal"},
            labels=labels,
            key="tabel_impor",
            placeholder="–",
        )
        tables.downloads(lengkap, "riwayat_impor", key="unduh_impor", labels=labels)


def _rejected_rows(view: ViewContext, impor_sesudah: list[int]) -> None:
    """Rejected rows with file, line and reason, filterable by file and reason; those of the imports after the
    as-of day (`impor_sesudah`) left out, and said so. Counted and paged in DuckDB, a page at a time: a store may
    hold millions of them."""
    bahasa = view.bahasa
    st.subheader(t("baris_ditolak_judul"))
    ringkas = cache.ringkasan_ditolak()
    ada = ringkas.filter(~pl.col("impor_id").is_in(impor_sesudah))
    if disembunyikan := int(ringkas["n"].sum()) - int(ada["n"].sum()):
        st.caption(
            t(
                "ditolak_sesudah",
                n=i18n.angka(disembunyikan, bahasa),
                tanggal=i18n.tanggal(view.tanggal, bahasa),
            )
        )
    if ada.is_empty():
        st.success(t("tidak_ada_baris_ditolak"))
        return
    # a file holds every kecamatan: its name is a kabupaten fact, like its totals; a bound viewer sees the number
    is_bound = access.viewer_scope().is_bound
    nama_impor = {
        impor_id: f"#{impor_id}" if is_bound else berkas
        for impor_id, berkas in ada.select("impor_id", "berkas").unique(maintain_order=True).iter_rows()
    }
    left, right = st.columns(2)
    berkas = left.multiselect(
        t("saring_berkas"), list(dict.fromkeys(nama_impor.values())), key="saring_berkas", placeholder=t("semua")
    )
    sebab = right.multiselect(
        t("saring_alasan"),
        sorted(ada["alasan"].unique().to_list()),
        key="saring_alasan",
        format_func=lambda kode: reason(kode, bahasa),
        placeholder=t("semua"),
    )
    impor = tuple(impor_id for impor_id, nama in nama_impor.items() if not berkas or nama in berkas)
    sebab = tuple(sebab)
    dipilih = pl.col("impor_id").is_in(impor) & (pl.col("alasan").is_in(sebab) if sebab else pl.lit(True))
    jumlah = int(ada.filter(dipilih)["n"].sum())
    st.caption(t("baris_ditampilkan", n=i18n.angka(jumlah, bahasa), dari=i18n.angka(int(ada["n"].sum()), bahasa)))
    if not is_bound:
        # an import keeps its first rejected lines only (pantau.toml [impor] baris_ditolak_maks): say what it counted
        for impor_id, berkas_impor, ditolak, disimpan in cache.ditolak_dipotong().iter_rows():
            if impor_id not in impor_sesudah:
                st.caption(
                    t(
                        "ditolak_dipotong",
                        berkas=berkas_impor,
                        ditolak=i18n.angka(ditolak, bahasa),
                        disimpan=i18n.angka(disimpan, bahasa),
                    )
                )
    mulai, batas = tables.page_rows(jumlah, "tabel_ditolak")
    shown = _as_shown(cache.halaman_ditolak(impor, sebab, mulai, batas), nama_impor, bahasa)
    tables.table(
        shown,
        formats={"baris": "angka"},
        labels=columns.labels(shown.columns, t),
        key="tabel_ditolak",
        placeholder="–",
    )
    semua = cache.semua_ditolak(impor, sebab)
    tables.downloads(
        lambda: _as_shown(semua(), nama_impor, bahasa), "baris_ditolak", "unduh_ditolak", kolom=shown.columns
    )
    st.caption(t("ditolak_bantuan"))


def _as_shown(rows: pl.DataFrame, nama_impor: dict[int, str], bahasa: str) -> pl.DataFrame:
    """Rejected rows as the page and its download show them: the import's name, the reason in words."""
    return rows.select(
        pl.col("impor_id").replace_strict(nama_impor, return_dtype=pl.String).alias("berkas"),
        "baris",
        frames.map_distinct(rows["alasan"], lambda kode: reason(kode, bahasa), pl.String).alias("alasan"),
        "nilai",
        "id_submisi",
        "kode_desa",
        "waktu_submit",
        "jumlah_art",
        "status",
    )


def _completeness(view: ViewContext) -> None:
    """Villages without a target or without submissions."""
    kelengkapan = cache.kelengkapan_desa(kode_kec=None)
    left, right = st.columns(2)
    with left:
        st.subheader(t("desa_tanpa_target"))
        tanpa_target = kelengkapan.filter(~pl.col("is_bertarget")).select("kode", "nama", "nama_kec", "jumlah_submisi")
        if tanpa_target.is_empty():
            st.success(t("semua_desa_bertarget"))
        else:
            st.caption(t("desa_tanpa_target_bantuan", n=tanpa_target.height))
            tables.table(
                tanpa_target,
                formats={"jumlah_submisi": "angka"},
                labels=columns.labels(tanpa_target.columns, t),
                key="tabel_tanpa_target",
                placeholder="–",
                height=320,
            )
            tables.downloads(tanpa_target, "desa_tanpa_target", key="unduh_tanpa_target")
    with right:
        st.subheader(t("desa_tanpa_submisi"))
        # as of the page's day, like every figure on it: a village whose first household came later had none then
        tanggal = view.tanggal
        belum = cache.aktivitas_desa(tanggal=tanggal).filter(pl.col("hari_respon_terakhir").is_null())["kode"]
        tanpa_submisi = kelengkapan.filter(pl.col("kode").is_in(belum.implode())).select(
            "kode", "nama", "nama_kec", "kk_target", "penduduk_target"
        )
        hari = i18n.tanggal(tanggal, view.bahasa)
        if tanpa_submisi.is_empty():
            st.success(t("semua_desa_ada_submisi", tanggal=hari))
        else:
            st.caption(t("desa_tanpa_submisi_bantuan", n=tanpa_submisi.height, tanggal=hari))
            tables.table(
                tanpa_submisi,
                formats={"kk_target": "angka", "penduduk_target": "angka"},
                labels=columns.labels(tanpa_submisi.columns, t),
                key="tabel_tanpa_submisi",
                placeholder="–",
                height=320,
            )
            tables.downloads(tanpa_submisi, "desa_tanpa_submisi", key="unduh_tanpa_submisi")
