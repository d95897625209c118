"""Published comparison points on a chart: markers with their source in the hover, no invented lines."""

from urllib.parse import urlparse

import plotly.graph_objects as go
import polars as pl

from sensus.core import i18n
from sensus.core.config import NAMA_KAB

# one marker per area, told apart by shape as well as colour (a printout in grey still separates them)
GAYA = {
    "Indonesia": ("diamond", "#6d4c41"),
    "Jawa Tengah": ("square", "#00897b"),
    NAMA_KAB: ("star", "#c0392b"),
}
GAYA_KECAMATAN = ("triangle-up", "#8e44ad")
# how a point's percent came about: published as such, or derived here from a published count
JENIS_KEY = {"terbit": "banding_terbit", "turunan": "banding_turunan"}


def _escape(text: str) -> str:
    return text.replace("<", "&lt;").replace(">", "&gt;")


def tambah_titik_banding(figure: go.Figure, titik: pl.DataFrame, bahasa: str = "id", kolom: str = "persen") -> int:
    """Add `titik` (comparison.titik_banding) as markers on y = `kolom` ('persen' or 'nilai').

    One trace per area, named in the legend; the hover names the area, the date, the figure, whether it was
    published or derived here, and the source's site. Points without a value in `kolom` are left out.
    Returns the number of points drawn.
    """
    drawn = titik.filter(pl.col(kolom).is_not_null())
    # a fixed legend order, widest area first
    order = {name: i for i, name in enumerate(GAYA)}
    groups = sorted(drawn.group_by("wilayah", maintain_order=True), key=lambda g: order.get(g[0][0], len(order)))
    for (wilayah,), rows in groups:
        symbol, colour = GAYA.get(wilayah, GAYA_KECAMATAN)
        values = (
            [i18n.persen(v, bahasa, 2) for v in rows["persen"]]
            if kolom == "persen"
            else [i18n.angka(v, bahasa) for v in rows["nilai"]]
        )
        kinds = [i18n.t(JENIS_KEY[jenis or "terbit"], bahasa) for jenis in rows["jenis_persen"]]
        sources = [_escape(urlparse(url).netloc.removeprefix("www.")) for url in rows["sumber"]]
        figure.add_trace(
            go.Scatter(
                x=rows["tanggal"].to_list(),
                y=rows[kolom].to_list(),
                mode="markers",
                # a point on the window's last day sits on the plot's edge: draw it whole
                cliponaxis=False,
                name=_escape(wilayah),
                marker={"symbol": symbol, "size": 11, "color": colour, "line": {"width": 1, "color": "white"}},
                customdata=[
                    [i18n.tanggal(day, bahasa), value, kind, source]
                    for day, value, kind, source in zip(rows["tanggal"], values, kinds, sources, strict=True)
                ],
                hovertemplate=f"<b>{_escape(wilayah)}</b> · %{{customdata[0]}}<br>"
                "%{customdata[1]} (%{customdata[2]})<br>"
                f"{i18n.t('banding_sumber', bahasa)}: %{{customdata[3]}}<extra></extra>",
            )
        )
    return drawn.height
