"""Sosialisasi & Rencana: where should the next rakor go, did the last ones lift responses, will we make it?

The preamble every tab reads (outreach.build) runs once; each tab is a module of its own."""

from dataclasses import replace

import polars as pl
import streamlit as st

from sensus.analysis import forecast, labels, priority, uplift
from sensus.app import cache, frame, wording
from sensus.app.context import ViewContext
from sensus.app.state import t
from sensus.app.views.planning import dampak, kegiatan, perkiraan, pesan, prioritas
from sensus.app.views.planning.outreach import OPEN_TAB, TAB, Outreach, build, ranking, weights
from sensus.app.views.planning.outreach import rollup as outreach_rollup
from sensus.core import calendar, i18n

__all__ = ["OPEN_TAB", "TAB", "render"]


def render(view: ViewContext) -> None:
    cfg = view.cfg
    bahasa, tanggal = view.bahasa, view.tanggal
    st.title(t("sos_judul"))
    st.caption(
        t(
            "sos_sub",
            tanggal=i18n.tanggal(tanggal, bahasa, "full"),
            hari=calendar.days_left(tanggal, view.cfg),
            selesai=i18n.tanggal(cfg.selesai, bahasa),
        )
    )
    harian = cache.rencana_harian(kode_kec=None).filter(pl.col("tanggal") <= tanggal)
    if harian.is_empty():
        st.info(t("belum_ada_respon"))
        st.stop()
    o = build(view, harian, labels.with_wilayah_label(cache.kegiatan(kode_kec=None), bahasa))
    where_next = _answers(view, o)
    _tabs(view, o, where_next)


@frame.fragment
def _tabs(view: ViewContext, o: Outreach, where_next) -> None:
    """The tabs, a fragment: opening a tab or moving a priority weight redraws the open tab (and the "where next"
    answer, which the weights decide, in its card `where_next` above), not the whole page."""
    if o.bobot != (bobot := weights()):
        # a weight moved since the page ran: the list and the answer follow it
        daftar = ranking(view, o.harian, o.kegiatan_lalu, bobot)
        rollup = outreach_rollup(daftar)
        o = replace(o, bobot=bobot, daftar=daftar, rollup=rollup)
    with where_next:
        _where_next(view, o)
    # only the open tab is drawn (the five took ≈ 100 ms of every rerun, most of it for tabs nobody was looking at);
    # its position is kept too, so the same tab stays open when the language, and with it its name, changes
    names = [t("tab_prioritas"), t("tab_dampak"), t("tab_perkiraan"), t("tab_kegiatan"), t("tab_pesan")]
    if st.session_state.get(TAB) not in names:
        st.session_state[TAB] = names[st.session_state.get(OPEN_TAB, 0)]
    tabs = st.tabs(names, key=TAB, on_change=_remember_tab, args=(names,))
    for tab, show in zip(
        tabs, (prioritas.render, dampak.render, perkiraan.render, kegiatan.render, pesan.render), strict=True
    ):
        if tab.open:
            with tab:
                show(view, o)


def _remember_tab(names: list[str]) -> None:
    st.session_state[OPEN_TAB] = names.index(st.session_state[TAB])


def _where_next(view: ViewContext, o: Outreach) -> None:
    """The answer to "where next": the kecamatan the priority list, with the viewer's weights, puts first."""
    bahasa = view.bahasa
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


def _answers(view: ViewContext, o: Outreach):
    """The page's three questions, answered at the top: where next, did events lift responses, will we make it.
    Returns the container under "where next": the tabs' fragment writes its answer (the weights decide it)."""
    cfg = view.cfg
    bahasa = view.bahasa
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
            reasons = wording.belum_dinilai(dampak, bahasa, kab=view.kab)
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
            st.info(t("perkiraan_terlalu_dini", hari=(view.tanggal - cfg.mulai).days + 1))
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
