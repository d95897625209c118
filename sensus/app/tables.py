"""Tables, downloads and charts on the page: numbers as the viewer reads them, files safe for a spreadsheet."""

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import polars as pl
import streamlit as st

from sensus.analysis import headline
from sensus.app import access, cache, columns, exports, figures, state
from sensus.app.charts import base, maps
from sensus.app.state import bahasa, t
from sensus.core import frames, i18n

# pandas carries only the tables' Styler here: Streamlit writes each column's texts into a copy of the frame as
# strings, column by column, ≈ 2× faster into Python-backed strings than into Arrow-backed ones (pandas 3's default)
pd.options.mode.string_storage = "python"


def _shown(column: pl.Series, kind: str, bahasa: str) -> pl.Series:
    """The text a table cell shows for each kind of column, for the whole column at once (no babel call per cell)."""
    if kind == "angka":
        return i18n.angka_column(column, bahasa)
    if kind == "persen":
        return i18n.angka_column(column, bahasa, 2) + i18n.tanda_persen(bahasa)
    if kind == "poin":
        sign = pl.select(pl.when(pl.lit(column) > 0).then(pl.lit("+")).otherwise(pl.lit(""))).to_series()
        return sign + i18n.angka_column(column, bahasa, 2)
    if kind == "tanggal":
        # a few distinct days per table: babel names the month once per day
        return frames.map_distinct(column, lambda day: i18n.tanggal(day, bahasa), pl.String)
    raise ValueError(f"unknown table format {kind!r}")


def cell_texts(frame: pl.DataFrame, formats: dict[str, str], bahasa: str) -> pl.DataFrame:
    """The text of every formatted cell (`formats`: column → angka, persen, poin or tanggal), computed by polars
    a column at a time; null cells stay null (the table shows them as –)."""
    return pl.DataFrame(
        [_shown(frame[column], kind, bahasa).alias(column) for column, kind in formats.items() if column in frame]
    )


def _grid(frame: pl.DataFrame, formats: dict[str, str], bahasa: str) -> tuple:
    """The table as pandas and, per formatted column, each value's text."""
    texts = cell_texts(frame, formats, bahasa)
    shown = frame.to_pandas()
    return shown, {column: dict(zip(shown[column], texts[column], strict=True)) for column in texts.columns}


# a rerun that shows the same table again (a click elsewhere on the page) looks its texts up instead of formatting
# every cell again (≈ 5–10 ms a table); a table longer than the pages' own (the rejected rows of a hostile file)
# is formatted each time rather than kept, 256 of them, for hours
_cached_grid = st.cache_data(
    max_entries=256, ttl=6 * 3600, show_spinner=False, hash_funcs={pl.DataFrame: frames.content_key}
)(_grid)
CACHED_ROWS = 2_000


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
    shown, texts = (_cached_grid if frame.height <= CACHED_ROWS else _grid)(frame, formats, bahasa())
    # the Styler only looks each value's text up, so the grid shows the text while sorting on the value
    styled = shown.style.format({column: text.get for column, text in texts.items()}, na_rep="–")
    labels = labels or {}
    pinned = pinned_columns(list(kwargs.get("column_order") or frame.columns))
    column_config = {
        column: st.column_config.Column(labels.get(column), pinned=column in pinned or None)
        for column in {*labels, *pinned}
    }
    column_config |= kwargs.pop("column_config", None) or {}
    kwargs.setdefault("placeholder", "–")
    return st.dataframe(styled, hide_index=True, height=height, key=key, column_config=column_config, **kwargs)


# rows one table shows at a time: a store's rejected rows or import history grow with the input, and Streamlit refuses
# a styled table past 262,144 cells (and holds every shown cell in the browser); the download carries them all
ROWS_PER_PAGE = 500


def page_rows(total: int, key: str, per_page: int = ROWS_PER_PAGE) -> tuple[int, int]:
    """(first row, rows) of the page shown of a table of `total` rows, with a page number to move through the rest
    when there are more than one page holds."""
    if total <= per_page:
        return 0, total
    pages = -(-total // per_page)
    # keyed on the page count: a filter that shortens the table starts it again at its first page
    page = st.number_input(t("halaman_tabel", n=pages), 1, pages, 1, step=1, key=f"{key}_halaman_{pages}")
    first = (int(page) - 1) * per_page
    rows = min(per_page, total - first)
    st.caption(
        t(
            "baris_halaman",
            dari=i18n.angka(first + 1, bahasa()),
            sampai=i18n.angka(first + rows, bahasa()),
            jumlah=i18n.angka(total, bahasa()),
        )
    )
    return first, rows


def page_of(frame: pl.DataFrame, key: str, per_page: int = ROWS_PER_PAGE) -> pl.DataFrame:
    """The rows of `frame` one page shows (page_rows)."""
    first, rows = page_rows(frame.height, key, per_page)
    return frame.slice(first, rows)


def download_button(label: str, data, file_name: str, mime: str, key: str, **kwargs):
    """st.download_button for every file the pages offer: the file (bytes, or a function building them) is handed
    over on click, and that download is written to the audit log then (who, which file, their kecamatan)."""
    record = access.download_recorder(file_name)
    build = data if callable(data) else (lambda: data)

    def built():
        content = build()
        record()  # once the file exists: a build that failed is no download
        return content

    return st.download_button(label, built, file_name, mime, key=key, on_click="ignore", **kwargs)


def downloads(
    frame: pl.DataFrame | Callable[[], pl.DataFrame],
    nama_berkas: str,
    key: str,
    labels: dict[str, str] | None = None,
    kolom: list[str] | None = None,
) -> None:
    """CSV and XLSX download buttons for a table, built only when clicked. `frame` may be what reads the table
    when called (a table too long to hold for every rerun); `kolom` then names its columns.

    Headers in the viewer's language (`labels`, else the shared column labels), percentages rounded as the page
    shows them, real dates, yes/no cells in words; formula-looking cells neutralised; from a demo store the file
    says it is simulated.
    """
    names = kolom if callable(frame) else frame.columns
    headers = columns.labels(names, t) | (labels or {})
    # read now: the files are made on click, outside the page's run, where the viewer's language is not known
    language = bahasa()
    note = exports.catatan_demo(language) if cache.is_demo() else None
    read = frame if callable(frame) else (lambda: frame)
    left, right = st.columns(2)
    with left:
        download_button(
            t("unduh_csv"),
            lambda: exports.csv_bytes(read(), headers, note, bahasa=language, desimal=columns.DESIMAL),
            f"{nama_berkas}.csv",
            "text/csv",
            key=f"{key}_csv",
            icon=":material/download:",
        )
    with right:
        download_button(
            t("unduh_xlsx"),
            lambda: exports.xlsx_bytes(read(), nama_berkas, headers, note, bahasa=language, desimal=columns.DESIMAL),
            f"{nama_berkas}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
            icon=":material/table_view:",
        )


# zoom buttons a drag, a pinch or "Reset axes" already cover: fewer buttons keep the toolbar short on a phone
TOOLBAR_NOT_NEEDED = ["zoomIn2d", "zoomOut2d", "autoScale2d"]


def chart(figure, key: str | None = None, **kwargs):
    """st.plotly_chart with a PNG download in the toolbar named after the chart (the toolbar keeps clear of the
    title: see charts.base.below_toolbar); on a demo store the chart, and so its PNG, says the data is simulated."""
    if cache.is_demo():
        figure = base.tanda_simulasi(figure, bahasa())
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


def map_download(shown: go.Figure, judul: str, nama_berkas: str, key: str) -> None:
    """A PNG of the map shown beside it, made only when clicked (kaleido takes seconds): `judul`, the as-of date, every
    area's name and, on a demo store, the simulated-data label (maps.figur_png lays out a copy)."""
    tanggal, bahasa_, is_demo = state.tanggal(), bahasa(), cache.is_demo()
    download_button(
        t("unduh_peta_png"),
        lambda: maps.png_peta(shown, judul, tanggal, bahasa_, is_demo),
        f"{nama_berkas}.png",
        "image/png",
        key=key,
        icon=":material/map:",
    )


def map_panel(figure: go.Figure, key: str, page: str, param: str, judul: str, nama_berkas: str) -> None:
    """A map whose clicked area opens `page` (chart_opening), its list of every area's number → name and value
    (below it on a phone), and its PNG (map_download): every map shows all three, so none is left without names."""
    chart_opening(figure, key=key, page=page, param=param)
    st.caption(maps.markdown_daftar(maps.daftar_figur(figure)))
    map_download(figure, judul, nama_berkas, key=f"png_{key}")


# each level's texts: the map's heading, the heading where the region has no boundaries, where a click leads
TEKS_PETA = {
    "kecamatan": ("peta_kecamatan", "tanpa_peta_kecamatan", "klik_peta"),
    "desa": ("peta_desa", "tanpa_peta_desa", "klik_desa"),
}


def area_map(
    areas: pl.DataFrame,
    batas: Path | None,
    tingkat: str,
    *,
    awalan: str = "",
    ukuran: str,
    bahasa_: str,
    halaman: str,
    jalur: float,
    key: str,
    page: str,
    param: str,
    judul: str,
    nama_berkas: str,
) -> None:
    """The map of `areas` (kecamatan or desa, `tingkat`) on the boundary file `batas` (its features starting with
    `awalan`), in a map panel; for a region without boundaries (`batas` None) their ranked bars in the map's colours
    and modes, opening an area as the map does, under one sentence saying why there is no map. The colouring
    control is the page's (`halaman`, state.map_mode)."""
    judul_peta, judul_tanpa_peta, klik = TEKS_PETA[tingkat]
    if batas is None:
        st.subheader(t(judul_tanpa_peta))
        mode = state.map_mode(halaman)
        st.caption(t("tanpa_peta_alasan", tingkat=t(tingkat)))
        bars = figures.figure(maps.batang_tanpa_peta, areas, ukuran, bahasa_, mode, jalur)
        chart_opening(bars, key=key, page=page, param=param)
        return
    st.subheader(t(judul_peta))
    st.caption(t(klik))
    mode = state.map_mode(halaman)
    figure = figures.figure(
        maps.peta, areas, maps.load_batas_tampil(batas, awalan), ukuran, bahasa_, mode=mode, jalur_persen=jalur
    )
    map_panel(figure, key=key, page=page, param=param, judul=judul, nama_berkas=nama_berkas)


def chart_opening(figure, key: str, page: str, param: str, extra: dict[str, str] | None = None) -> None:
    """A map or a bar chart whose clicked area opens `page` for it (?param=code, with the `extra` parameters: a
    province's drill names the kabupaten too), in the viewer's language and measure. A map's point carries the code
    as its location, a bar (monitoring.ranking) as its last customdata."""
    selection = chart(figure, key=key, on_select="rerun", selection_mode="points")
    points = selection.selection.points if selection else []
    if points and (code := points[0].get("location") or (points[0].get("customdata") or [None])[-1]):
        st.switch_page(page, query_params=state.link_params(**(extra or {}), **{param: code}))


def table_opening(
    frame: pl.DataFrame, page: str, param: str, key: str, extra: dict[str, str] | None = None, **kwargs
) -> None:
    """`table` whose clicked row opens `page` for its area (?param=the row's kode), like chart_opening."""
    selection = table(frame, key=key, on_select="rerun", selection_mode="single-row", **kwargs)
    rows = selection.selection.rows if selection else []
    if rows:
        st.switch_page(page, query_params=state.link_params(**(extra or {}), **{param: frame["kode"][rows[0]]}))


def responding_card(column, now: dict, yesterday: dict, **extra) -> None:
    """Responding households with the day's gain; a day without a new one is not shown as a green +0."""
    gain = now["kk_respon"] - yesterday["kk_respon"]
    column.metric(
        t("kk_respon"),
        i18n.angka(now["kk_respon"], bahasa()),
        delta=f"+{i18n.angka(gain, bahasa())}",
        delta_color="normal" if gain else "off",
        # no arrow for a day without a new household: a grey "↑ +0" read as a rise
        delta_arrow="auto" if gain else "off",
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
