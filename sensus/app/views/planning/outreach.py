"""The planning page's preamble: what every tab reads, computed once per run from the days up to the as-of day."""

from dataclasses import dataclass

import polars as pl
import streamlit as st

from sensus.analysis import planning_rules, priority, uplift
from sensus.app import cache, wording
from sensus.app.context import ViewContext
from sensus.core import calendar, i18n

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


def build(view: ViewContext, harian: pl.DataFrame, semua_kegiatan: pl.DataFrame) -> Outreach:
    bahasa, ukuran, tanggal = view.bahasa, view.ukuran, view.tanggal
    scope = view.scope
    # a planned event (after the as-of day) is neither weighed in the priorities nor judged for uplift
    kegiatan_lalu = planning_rules.kegiatan_terlaksana(semua_kegiatan, tanggal)
    sebelum = st.session_state.get("uplift_sebelum", uplift.SEBELUM)
    sesudah = st.session_state.get("uplift_sesudah", uplift.SESUDAH)
    dampak = cache.uplift_per_kegiatan(tanggal, sebelum, sesudah)
    dampak = dampak.with_columns(
        vonis=pl.Series([wording.vonis(row, bahasa, view.kab) for row in dampak.iter_rows(named=True)], dtype=pl.String)
    ).join(semua_kegiatan.select("kegiatan_id", "label_wilayah"), on="kegiatan_id", how="left")
    bobot = weights()
    daftar = ranking(view, harian, kegiatan_lalu, bobot)
    tingkat_atas = planning_rules.tingkat_atas(scope.bound_kec)
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
        rollup=rollup(daftar),
        tingkat_atas=tingkat_atas,
        utama=utama,
        jalur=jalur,
    )


def weights() -> dict[str, float]:
    """The priority weights the viewer set (the sliders show whole percent; the score takes fractions)."""
    return planning_rules.bobot_dari_persen(
        {name: st.session_state.get(f"bobot_{name}", round(default * 100)) for name, default in priority.BOBOT.items()}
    )


def ranking(view: ViewContext, harian: pl.DataFrame, kegiatan_lalu: pl.DataFrame, bobot: dict[str, float]):
    """The villages by priority under `bobot` (sensus.analysis.priority.daftar, cached)."""
    jalur = calendar.target_path(view.tanggal, view.cfg)
    return cache.derived(priority.daftar, harian, kegiatan_lalu, view.tanggal, jalur, bobot, view.ukuran, view.bahasa)


def rollup(daftar: pl.DataFrame) -> pl.DataFrame:
    """The kecamatan by how many of the top villages they hold (empty without a ranking)."""
    return priority.per_kecamatan(daftar) if not daftar.is_empty() else pl.DataFrame()
