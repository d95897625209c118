"""What every chart builder shares: the context it draws for, colours, layout, the date axis, the empty figure."""

import textwrap
from dataclasses import dataclass
from datetime import date, timedelta

import plotly.graph_objects as go

from sensus.core import config, i18n

BIRU = "#1f5fa8"
ABU = "#9aa5b1"
MERAH = "#c0392b"
HIJAU = "#2e7d32"
ORANYE = "#e67e22"
FONT = "Source Sans Pro, Arial, sans-serif"


@dataclass(frozen=True)
class ChartContext:
    """The window drawn, the as-of day (later days are not drawn), the measure, the language and the target."""

    mulai: date
    selesai: date
    tanggal: date
    ukuran: str = "penduduk"
    bahasa: str = "id"
    target_persen: float = 22.9

    @classmethod
    def of(cls, tanggal: date, ukuran: str, bahasa: str, cfg: config.Config) -> "ChartContext":
        """The context of the configuration's window."""
        return cls(cfg.mulai, cfg.selesai, tanggal, ukuran, bahasa, cfg.target_persen)


def layout(figure: go.Figure, bahasa: str, **extra) -> go.Figure:
    """The house layout: Indonesian separators for 'id', legend below the plot, white background."""
    figure.update_layout(
        separators=",." if bahasa == "id" else ".,",
        font={"family": FONT, "size": 13},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        hoverlabel={"font_family": FONT},
        # below the plot: above it the legend collides with the title
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
        title={"x": 0, "xanchor": "left", "font": {"size": 16}},
        plot_bgcolor="white",
    )
    figure.update_layout(**extra)
    if figure.layout.margin.t != 0:  # a map, drawn to its top edge, has its toolbar over the map
        below_toolbar(figure)
    figure.update_xaxes(gridcolor="#eef1f4")
    figure.update_yaxes(gridcolor="#eef1f4", zerolinecolor="#d5dbe1")
    return figure


# Plotly's toolbar (modebar) sits in the top TOOLBAR pixels of a figure, at its right; on a phone it spans most of
# the width and covered the title (and a label drawn above the plot, such as the ranking's target line). A figure
# keeps that band free: its title starts below the toolbar, in a top margin (and a height) grown by the band, so
# the plot itself keeps its size. Plotly does not wrap a title: one longer than a phone's chart holds (~48
# characters at 16 px in its ~360 px) is broken into lines here.
TOOLBAR = 32
TITLE_LINE = 48
TITLE_LINE_PX = 21


def below_toolbar(figure: go.Figure) -> go.Figure:
    """Move the title and the top of the plot below the toolbar band, the title wrapped to a phone's width; once."""
    if figure.layout.title.yref == "container":
        return figure
    text = figure.layout.title.text or ""
    # a title with plotly markup of its own is left as written
    lines = [text] if "<" in text else textwrap.wrap(text, TITLE_LINE, break_long_words=False) or [text]
    grown = TOOLBAR + TITLE_LINE_PX * (len(lines) - 1)
    margin_t = 40 if figure.layout.margin.t is None else figure.layout.margin.t
    figure.update_layout(
        margin_t=margin_t + grown,
        # plotly centres the lines of a title on its anchor: each further line needs about half a line more pad
        title={
            "text": "<br>".join(lines),
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            "pad": {"t": TOOLBAR + 4 + (TITLE_LINE_PX * (len(lines) - 1) + 1) // 2 + 2 * (len(lines) - 1)},
        },
    )
    if figure.layout.height:
        figure.update_layout(height=figure.layout.height + grown)
    return figure


DATE_TICK_SIZE = 11


def date_axis(figure: go.Figure, mulai: date, selesai: date, bahasa: str) -> None:
    """Weekly ticks with month names in the viewer's language (plotly's own are English only)."""
    ticks = [mulai + timedelta(days=d) for d in range(0, (selesai - mulai).days + 1, 7)]
    figure.update_xaxes(
        tickvals=ticks,
        ticktext=[i18n.tanggal(day, bahasa, "d MMM") for day in ticks],
        # a size at which the seven labels fit side by side on a phone: tilted, they would reach into the legend
        tickfont={"size": DATE_TICK_SIZE},
        range=[mulai - timedelta(hours=12), selesai + timedelta(hours=12)],
    )


def empty(message: str, bahasa: str = "id") -> go.Figure:
    """A figure that says why there is nothing to draw."""
    figure = go.Figure()
    figure.add_annotation(
        text=message, showarrow=False, font={"size": 15, "color": ABU}, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    figure.update_xaxes(visible=False)
    figure.update_yaxes(visible=False)
    return layout(figure, bahasa, height=300)


# text keys by measure, written out so every key is a literal
PERSEN = {"penduduk": "persen_penduduk", "kk": "persen_kk"}
BARU = {"penduduk": "baru_penduduk", "kk": "baru_kk"}


def count_axis(figure: go.Figure, top: float | None, axis: str = "y") -> None:
    """An axis of whole households or persons: labels without decimals, from zero, and steps of one while the
    largest value is small (plotly's own step there is 0,5 and would show half a household)."""
    ticks = {"tickformat": ",d", "rangemode": "tozero", "dtick": 1 if (top or 0) <= SMALL_COUNT else None}
    (figure.update_yaxes if axis == "y" else figure.update_xaxes)(**ticks)


# up to this many the count axis steps by one; above it plotly's steps (1, 2, 5, 10, …) are whole already
SMALL_COUNT = 10


# ---- a demo store's charts say the data is simulated, on the page and in every picture of them ----------------

SIMULASI = "simulasi"  # the name of the label's annotation, so it is added once
TERBIT = {"data": "terbit"}  # layout.meta of a chart of published figures only: real data, never labelled simulated


def tanda_simulasi(figure: go.Figure, bahasa: str = "id") -> go.Figure:
    """A faint "DATA SIMULASI" across the middle of the chart, on a demo store: plotly's toolbar PNG is a picture
    of the chart as shown, so the picture carries it too. Across the middle and faint, it covers no title,
    legend, axis or toolbar and leaves the data readable. Once per figure; a figure without data keeps its
    message alone, and a chart of published figures only (layout.meta TERBIT) is real data."""
    if not figure.data or figure.layout.meta == TERBIT or any(a.name == SIMULASI for a in figure.layout.annotations):
        return figure
    figure.add_annotation(
        label_simulasi(
            bahasa, x=0.5, y=0.5, textangle=-18, font={"size": 34, "color": MERAH, "family": FONT}, opacity=0.16
        )
    )
    return figure


GAMBAR_JUDUL = 86  # px above a picture's plot for its two title lines


def untuk_gambar(figure: go.Figure, judul: str, subjudul: str, bahasa: str = "id", is_demo: bool = False) -> go.Figure:
    """A copy of a chart laid out for a picture shared on its own (the WhatsApp message's chart): a title naming
    the area, a second line (the date), room for the axis labels, and on a demo store the label in the corner."""
    image = go.Figure(figure)
    image.update_layout(
        title={
            "text": f"<b>{escape(judul)}</b><br><span style='font-size:14px;color:{ABU}'>{escape(subjudul)}</span>",
            "x": 0.01,
            "xanchor": "left",
            "yref": "container",
            "y": 1,
            "yanchor": "top",
            # plotly centres a two-line title on its anchor: half a line more keeps the first line whole
            "pad": {"t": 22},
        },
        margin={"l": 70, "r": 30, "t": GAMBAR_JUDUL + 10, "b": 10},
        paper_bgcolor="white",
    )
    # the labels of both axes whole: a picture has no toolbar band to leave and no panel to fit
    image.update_xaxes(automargin=True)
    image.update_yaxes(automargin=True)
    if is_demo:
        # in the title band, at the right: above the plot, clear of the title that starts at the left
        image.add_annotation(
            label_simulasi(
                bahasa,
                x=1,
                y=1,
                xanchor="right",
                yanchor="bottom",
                yshift=GAMBAR_JUDUL - 40,
                font={"size": 15, "color": MERAH},
                bgcolor="rgba(255,255,255,0.9)",
                **KOTAK_SIMULASI,
            )
        )
    return image


# the share of a bar chart's value span added beyond its longest bar: room for the value written outside the bar,
# which plotly neither counts in the axis range nor draws past the plot's edge ("12,34 %" needs nearly a third of
# a phone's plot, where long area names take half the chart's width)
TEXT_ROOM = 0.45


def room_for_bar_text(values, also: float | None = None) -> list[float]:
    """An x range holding `values` (and `also`, a line drawn on the chart) from zero, with TEXT_ROOM beyond the
    longest bar on each side that has bars, so a value written outside its bar is not cut off."""
    drawn = [float(v) for v in values if v is not None] + ([float(also)] if also is not None else [])
    low, high = min(0.0, *drawn), max(0.0, *drawn)
    span = (high - low) or 1.0
    return [low - (TEXT_ROOM * span if low < 0 else 0.0), high + (TEXT_ROOM * span if high > 0 else 0.0)]


def escape(text: str) -> str:
    """Plotly renders a subset of HTML in every text it draws: a name or title from a file or a user must not."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


def label_simulasi(bahasa: str = "id", **placement) -> dict:
    """The demo store's "DATA SIMULASI" as an annotation (named SIMULASI, so a figure gets it once), with its
    place and style: the faint watermark across a chart, or the boxed label in a shared picture's corner."""
    return {
        "name": SIMULASI,
        "text": i18n.t("peta_png_simulasi", bahasa).upper(),
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        **placement,
    }


# the boxed label of a picture shared on its own (the map PNG, the message's chart)
KOTAK_SIMULASI = {"bordercolor": MERAH, "borderwidth": 1.5, "borderpad": 4}
