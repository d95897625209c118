"""Published comparison points on a chart: markers with their source in the hover, no invented lines."""

from datetime import date, timedelta
from urllib.parse import urlparse

import plotly.graph_objects as go
import polars as pl

from sensus.app.charts import base
from sensus.core import i18n

# one marker per level of area, told apart by shape as well as colour (a printout in grey still separates them),
# widest first: the country (no code), a province ('33'), a kabupaten/kota ('33.16'), a kecamatan ('33.16.05')
GAYA = {
    "indonesia": ("diamond", "#6d4c41"),
    "provinsi": ("square", "#00897b"),
    "kabupaten": ("star", "#c0392b"),
}
GAYA_KECAMATAN = ("triangle-up", "#8e44ad")
ORDER = {level: i for i, level in enumerate((*GAYA, "kecamatan"))}


def tingkat(kode: str | None) -> str:
    """The level of a comparison point's area, from its code alone: whatever region the deployment serves."""
    if not kode:
        return "indonesia"
    return {1: "provinsi", 2: "kabupaten"}.get(kode.count(".") + 1, "kecamatan")


def of_region(titik: pl.DataFrame, kode_kab: str, extra: str | None = None) -> pl.DataFrame:
    """The points that belong beside region `kode_kab`: Indonesia's, its province's, its own and `extra`'s (a
    kecamatan of it); another province's or kabupaten's published points never stand in for the region's."""
    wanted = [kode_kab.split(".")[0], kode_kab, *([extra] if extra else [])]
    return titik.filter(pl.col("kode").is_null() | (pl.col("kode") == "") | pl.col("kode").is_in(wanted))


def gaya(kode: str | None) -> tuple[str, str]:
    return GAYA.get(tingkat(kode), GAYA_KECAMATAN)


# how a point's percent came about: published as such, or derived here from a published count
JENIS_KEY = {"terbit": "banding_terbit", "turunan": "banding_turunan"}


def tambah_titik_banding(figure: go.Figure, titik: pl.DataFrame, bahasa: str = "id", kolom: str = "persen") -> int:
    """Add `titik` (comparison.titik_banding) as markers on y = `kolom` ('persen' or 'nilai').

    One trace per area, named in the legend; the hover names the area, the date, the figure, whether it was
    published or derived here, and the source's site. Points without a value in `kolom` are left out.
    Returns the number of points drawn.
    """
    drawn = titik.filter(pl.col(kolom).is_not_null())
    # a fixed legend order, widest area first
    groups = sorted(drawn.group_by("wilayah", "kode", maintain_order=True), key=lambda g: ORDER[tingkat(g[0][1])])
    for (wilayah, kode), rows in groups:
        symbol, colour = gaya(kode)
        values = (
            [i18n.persen(v, bahasa, 2) for v in rows["persen"]]
            if kolom == "persen"
            else [i18n.angka(v, bahasa) for v in rows["nilai"]]
        )
        kinds = [i18n.t(JENIS_KEY[jenis or "terbit"], bahasa) for jenis in rows["jenis_persen"]]
        sources = [base.escape(urlparse(url).netloc.removeprefix("www.")) for url in rows["sumber"]]
        figure.add_trace(
            go.Scatter(
                x=rows["tanggal"].to_list(),
                y=rows[kolom].to_list(),
                mode="markers",
                # a point on the window's last day sits on the plot's edge: draw it whole
                cliponaxis=False,
                name=base.escape(wilayah),
                marker={"symbol": symbol, "size": 11, "color": colour, "line": {"width": 1, "color": "white"}},
                customdata=[
                    [i18n.tanggal(day, bahasa), value, kind, source]
                    for day, value, kind, source in zip(rows["tanggal"], values, kinds, sources, strict=True)
                ],
                hovertemplate=f"<b>{base.escape(wilayah)}</b> · %{{customdata[0]}}<br>"
                "%{customdata[1]} (%{customdata[2]})<br>"
                f"{i18n.t('banding_sumber', bahasa)}: %{{customdata[3]}}<extra></extra>",
            )
        )
    return drawn.height


def wilayah_digambar(titik: pl.DataFrame, kolom: str = "persen") -> list[str]:
    """The areas whose points `tambah_titik_banding` draws, in its legend order: what a caption may name."""
    areas = titik.filter(pl.col(kolom).is_not_null()).select("wilayah", "kode").unique().rows()
    return [name for name, _ in sorted(areas, key=lambda area: (ORDER[tingkat(area[1])], area[0]))]


def grafik_terbit(titik: pl.DataFrame, mulai: date, selesai: date, bahasa: str = "id") -> go.Figure:
    """Every published percentage (comparison.titik_terbit) on an axis from the window's first day to the last
    published point (29 May 2020, when the extended online census closed), each point labelled with its
    value; the dashboard window's end is marked, so a point after it reads as "published later"."""
    figure = go.Figure()
    if titik.is_empty():
        return base.empty(i18n.t("terbit_kosong", bahasa), bahasa)
    tambah_titik_banding(figure, titik, bahasa)
    for trace in figure.data:
        trace.update(
            mode="markers+text",
            text=[row[1] for row in trace.customdata],
            textposition="top center",
            textfont={"size": 11, "color": trace.marker.color},
        )
    last = max(titik["tanggal"].max(), selesai)
    figure.add_vline(x=selesai, line={"color": base.ABU, "dash": "dot", "width": 1})
    figure.add_annotation(
        x=selesai,
        y=1,
        yref="paper",
        xanchor="left",
        yanchor="top",
        showarrow=False,
        text=base.escape(i18n.t("terbit_akhir_jendela", bahasa, tanggal=i18n.tanggal(selesai, bahasa, "d MMM"))),
        font={"size": 11, "color": base.ABU},
    )
    ticks = [mulai + timedelta(days=d) for d in range(0, (last - mulai).days + 1, 14)]
    figure.update_xaxes(
        tickvals=ticks,
        ticktext=[i18n.tanggal(day, bahasa, "d MMM") for day in ticks],
        tickfont={"size": base.DATE_TICK_SIZE},
        range=[mulai - timedelta(days=2), last + timedelta(days=4)],
    )
    top = titik["persen"].max() or 1.0
    figure.update_yaxes(ticksuffix=i18n.tanda_persen(bahasa), rangemode="tozero", range=[0, top * 1.25])
    # published figures only: no "simulated" label on a demo store (base.tanda_simulasi); the legend names the
    # area even when only Indonesia's points are drawn (plotly hides a legend of one trace)
    figure.update_layout(meta=base.TERBIT, showlegend=True)
    return base.layout(figure, bahasa, title={"text": i18n.t("terbit_grafik_judul", bahasa)}, height=380)


def grafik_kecamatan_terbit(terbit: pl.DataFrame, dasbor: pl.DataFrame, tanggal: date, bahasa: str = "id") -> go.Figure:
    """The kecamatan's published counts of responding families (comparison.kecamatan_terbit) as bars, with this
    dashboard's count of the same kecamatan on `tanggal` (`dasbor`: kode, kk_respon) as a marker beside each."""
    if terbit.is_empty():
        return base.empty(i18n.t("terbit_kosong", bahasa), bahasa)
    rows = terbit.sort("nilai").join(dasbor.select("kode", "kk_respon"), on="kode", how="left", maintain_order="left")
    names = [base.escape(name) for name in rows["wilayah"]]
    published_day = i18n.tanggal(rows["tanggal"][0], bahasa, "d MMM yyyy")
    figure = go.Figure(
        go.Bar(
            y=names,
            x=rows["nilai"].to_list(),
            orientation="h",
            name=base.escape(i18n.t("terbit_kecamatan_terbit", bahasa, tanggal=published_day)),
            marker={"color": GAYA_KECAMATAN[1]},
            text=[i18n.angka(v, bahasa) for v in rows["nilai"]],
            textposition="auto",
            customdata=[[base.escape(urlparse(url).netloc.removeprefix("www."))] for url in rows["sumber"]],
            hovertemplate="<b>%{y}</b><br>%{text} · " + i18n.t("banding_sumber", bahasa) + ": %{customdata[0]}"
            "<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            y=names,
            x=rows["kk_respon"].to_list(),
            mode="markers",
            name=base.escape(i18n.t("terbit_kecamatan_dasbor", bahasa, tanggal=i18n.tanggal(tanggal, bahasa, "d MMM"))),
            marker={"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": base.BIRU}},
            hovertemplate="<b>%{y}</b><br>%{x:,d}<extra></extra>",
        )
    )
    base.count_axis(figure, rows["nilai"].max(), axis="x")
    return base.layout(
        figure,
        bahasa,
        title={"text": i18n.t("terbit_kecamatan_judul", bahasa, tanggal=published_day)},
        height=120 + 34 * rows.height,
        showlegend=True,
    )
