"""Tables, downloads and charts on the page: numbers as the viewer reads them, files safe for a spreadsheet."""

import polars as pl
import streamlit as st

from sensus.analysis import headline
from sensus.app import cache, columns, exports, state
from sensus.app.state import bahasa, t
from sensus.core import i18n

FORMAT = {
    "angka": lambda v, b: i18n.angka(v, b),
    "persen": lambda v, b: i18n.persen(v, b, 2),
    "poin": lambda v, b: ("+" if v and v > 0 else "") + i18n.angka(v, b, 2) if v is not None else "–",
    "tanggal": lambda v, b: i18n.tanggal(v, b),
}


# the column that names a row, in order of preference: a table scrolled sideways (on a phone, every wide table)
# keeps it in sight, so a figure is never read without knowing whose it is
NAME_COLUMNS = ("nama", "nama_desa", "nama_wilayah", "nama_kec")


def pinned_columns(shown: list[str]) -> list[str]:
    """The columns a table pins at its left: the name column, with the one column shown before it if any (a code, a
    rank), so the page's order stays; further in, the name alone, which Streamlit then moves to the left (three
    pinned columns would leave a phone hardly any room to scroll the figures through)."""
    name = next((column for column in NAME_COLUMNS if column in shown), None)
    if name is None:
        return []
    return shown[: shown.index(name) + 1] if shown.index(name) <= 1 else [name]


def table(
    frame: pl.DataFrame,
    formats: dict[str, str],
    labels: dict[str, str] | None = None,
    height: int | str = "auto",
    key: str | None = None,
    **kwargs,
):
    """st.dataframe showing numbers as the viewer reads them (12.345 · 12,3 %) while sorting on the values; the name
    column stays in sight when the table scrolls sideways."""
    bahasa_ = bahasa()
    styled = frame.to_pandas().style.format(
        {column: (lambda v, f=FORMAT[kind]: f(v, bahasa_)) for column, kind in formats.items() if column in frame},
        na_rep="–",
    )
    labels = labels or {}
    pinned = pinned_columns(list(kwargs.get("column_order") or frame.columns))
    column_config = {
        column: st.column_config.Column(labels.get(column), pinned=column in pinned or None)
        for column in {*labels, *pinned}
    }
    column_config |= kwargs.pop("column_config", None) or {}
    kwargs.setdefault("placeholder", "–")
    return st.dataframe(styled, hide_index=True, height=height, key=key, column_config=column_config, **kwargs)


def downloads(frame: pl.DataFrame, nama_berkas: str, key: str, labels: dict[str, str] | None = None) -> None:
    """CSV and XLSX download buttons for a table, built only when clicked.

    Headers in the viewer's language (`labels`, else the shared column labels), percentages rounded as the page
    shows them, real dates; formula-looking cells neutralised; from a demo store the file says it is simulated.
    """
    headers = columns.labels(frame.columns, t) | (labels or {})
    note = exports.catatan_demo(bahasa()) if cache.is_demo() else None
    left, right = st.columns(2)
    left.download_button(
        t("unduh_csv"),
        lambda: exports.csv_bytes(frame, headers, note),
        f"{nama_berkas}.csv",
        "text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click="ignore",
    )
    right.download_button(
        t("unduh_xlsx"),
        lambda: exports.xlsx_bytes(frame, nama_berkas, headers, note),
        f"{nama_berkas}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/table_view:",
        on_click="ignore",
    )


# zoom buttons a drag, a pinch or "Reset axes" already cover: fewer buttons keep the toolbar short on a phone
TOOLBAR_NOT_NEEDED = ["zoomIn2d", "zoomOut2d", "autoScale2d"]


def chart(figure, key: str | None = None, **kwargs):
    """st.plotly_chart with a PNG download in the toolbar named after the chart (the toolbar keeps clear of the
    title: see charts.base.below_toolbar)."""
    return st.plotly_chart(
        figure,
        key=key,
        config={
            "displaylogo": False,
            "modeBarButtonsToRemove": TOOLBAR_NOT_NEEDED,
            "toImageButtonOptions": {"format": "png", "filename": key or "pantau_sp2020", "scale": 2},
        },
        **kwargs,
    )


def chart_opening(figure, key: str, page: str, param: str) -> None:
    """A map or a bar chart whose clicked area opens `page` for it (?param=code), in the viewer's language and
    measure. A map's point carries the code as its location, a bar (monitoring.ranking) as its last customdata."""
    selection = chart(figure, key=key, on_select="rerun", selection_mode="points")
    points = selection.selection.points if selection else []
    if points and (code := points[0].get("location") or (points[0].get("customdata") or [None])[-1]):
        st.switch_page(page, query_params=state.link_params(**{param: code}))


def table_opening(frame: pl.DataFrame, page: str, param: str, key: str, **kwargs) -> None:
    """`table` whose clicked row opens `page` for its area (?param=the row's kode), like chart_opening."""
    selection = table(frame, key=key, on_select="rerun", selection_mode="single-row", **kwargs)
    rows = selection.selection.rows if selection else []
    if rows:
        st.switch_page(page, query_params=state.link_params(**{param: frame["kode"][rows[0]]}))


def responding_card(column, now: dict, yesterday: dict, **extra) -> None:
    """Responding households with the day's gain; a day without a new one is not shown as a green +0."""
    gain = now["kk_respon"] - yesterday["kk_respon"]
    column.metric(
        t("kk_respon"),
        i18n.angka(now["kk_respon"], bahasa()),
        delta=f"+{i18n.angka(gain, bahasa())}",
        delta_color="normal" if gain else "off",
        delta_description=t("dibanding_kemarin"),
        border=True,
        **extra,
    )


def clean_card(column, now: dict) -> None:
    """Clean households and their share of the responding ones."""
    share = headline.clean_share(now["kk_clean"], now["kk_respon"])
    column.metric(
        t("kk_clean"),
        i18n.angka(now["kk_clean"], bahasa()),
        delta=t("persen_clean", nilai=i18n.persen(share, bahasa())),
        delta_color="off",
        border=True,
    )
