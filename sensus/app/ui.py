"""The dashboard's only link to the store: shared controls and st.cache_* wrappers keyed on the store version.

Pages call these functions and the chart builders; they never hold SQL or open connections.
"""

import re
from datetime import date, timedelta
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from sensus.app import exports
from sensus.core import config, i18n, wilayah
from sensus.core.scope import BadScope, Scope, kecamatan_names
from sensus.store import database, reports

UKURAN = ("penduduk", "kk")


# ---- store and caches ------------------------------------------------------------------------


def store_path():
    return config.load().store_path


def version() -> tuple[int, int, int]:
    """Changes with every publish; part of every cache key, so a new import shows on the next rerun."""
    return database.version_key(store_path())


@st.cache_resource(max_entries=2, show_spinner=False)
def _reader(path: str, store_version: tuple[int, int, int]) -> duckdb.DuckDBPyConnection:
    # one read-only connection per published version; older ones fall out of the cache
    return database.connect_reader(Path(path))


def _cursor() -> duckdb.DuckDBPyConnection:
    # a cursor per call: Streamlit serves sessions on threads, a DuckDB connection is not shared
    return database.cursor(_reader(str(store_path()), version()))


@st.cache_data(max_entries=256, show_spinner=False)
def _capaian(store_version, tanggal: date, tingkat: str, kode_kec: str | None, scope: Scope) -> pl.DataFrame:
    return reports.capaian(_cursor(), tanggal, tingkat, kode_kec, scope)


@st.cache_data(max_entries=256, show_spinner=False)
def _kurva(store_version, kode_kec: str | None, kode_desa: str | None, scope: Scope) -> pl.DataFrame:
    return reports.kurva_harian(_cursor(), kode_kec, kode_desa, scope)


@st.cache_data(max_entries=8, show_spinner=False)
def _status(store_version, scope_: Scope) -> dict:
    return reports.status_data(_cursor(), scope_)


@st.cache_data(max_entries=8, show_spinner=False)
def _meta(store_version) -> dict[str, str]:
    return database.read_meta(_cursor())


@st.cache_data(max_entries=64, show_spinner=False)
def _sql(store_version, name: str, params: tuple, scope: Scope) -> pl.DataFrame:
    return reports.run(_cursor(), name, scope, **dict(params))


@st.cache_data(max_entries=32, show_spinner=False)
def _backtest(store_version, tanggal: date, tingkat: str, ukuran_: str, scope_: Scope) -> pl.DataFrame:
    from sensus.analysis import forecast

    harian = reports.run(_cursor(), "reports/rencana_harian", scope_, kode_kec=None)
    return forecast.backtest(harian, tanggal, tingkat, ukuran_)


def backtest(tanggal: date, tingkat: str, ukuran_: str) -> pl.DataFrame:
    """Forecasts from every earlier cut-off against what happened: a second of work, so cached per version."""
    return _backtest(version(), tanggal, tingkat, ukuran_, scope())


def server_scope_or_stop() -> Scope:
    """PANTAU_KECAMATAN binds the whole server; a bad value stops every page with a clear message."""
    try:
        return Scope.from_env()
    except BadScope as bad:
        st.error(t("cakupan_salah", pesan=""))
        st.text(str(bad))
        st.stop()


def scope() -> Scope:
    """The signed-in viewer's scope (within the server's); no viewer, no data: the run stops."""
    from sensus.app import signin

    session = signin.current()
    if session is None:
        st.stop()
    return session.user.scope.within(server_scope_or_stop())


def capaian(tanggal: date, tingkat: str = "kecamatan", kode_kec: str | None = None) -> pl.DataFrame:
    return _capaian(version(), tanggal, tingkat, kode_kec, scope())


def kurva(kode_kec: str | None = None, kode_desa: str | None = None) -> pl.DataFrame:
    return _kurva(version(), kode_kec, kode_desa, scope())


def status_data() -> dict:
    return _status(version(), scope())


def meta() -> dict[str, str]:
    return _meta(version())


def sql(name: str, **params) -> pl.DataFrame:
    """Any named query under queries/, cached on the store version, within the viewer's scope."""
    return _sql(version(), name, tuple(sorted(params.items())), scope())


def is_demo() -> bool:
    return meta().get("demo") == "true"


def frame_guard() -> None:
    """Call first on every page: a deep link as the first visit after a server start runs the page alone.

    Streamlit sees pages/ beside dashboard.py and treats it as a v1 pages folder until some session runs
    st.navigation; rerunning sends this visit through dashboard.py's frame (sidebar, sections, layout).
    """
    from streamlit.runtime.pages_manager import PagesManager  # no public switch for this mode

    # the frame ran in this session when its controls exist (AppTest raises the flag again on every run)
    if PagesManager.uses_pages_directory and "bahasa" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    from sensus.app import signin

    # a page never renders for a signed-out session, whichever way it was reached
    if signin.current() is None:
        st.stop()


def require_role(*allowed: str, kabupaten: bool = False) -> None:
    """Stop a page unless the viewer holds one of `allowed` (and, with kabupaten=True, is not bound)."""
    from sensus.app import signin

    session = signin.current()
    if session is None or not set(allowed) & set(session.user.roles) or (kabupaten and scope().is_bound):
        st.error(t("tidak_berhak"))
        st.stop()


def scope_caption() -> None:
    """For a viewer bound to a kecamatan: say which one the page's figures cover."""
    bound = scope().bound_kec
    if bound:
        st.caption(t("cakupan_kecamatan", nama=kecamatan_names()[bound], kode=bound))


def has_role(role: str) -> bool:
    from sensus.app import signin

    session = signin.current()
    return session is not None and role in session.user.roles


def viewer_name() -> str:
    from sensus.app import signin

    session = signin.current()
    return session.user.name if session else ""


# ---- shared controls (rendered by dashboard.py, read by the pages) -----------------------------


def bahasa() -> str:
    return st.session_state.get("bahasa") or "id"


def t(key: str, **values) -> str:
    return i18n.t(key, bahasa(), **values)


def ukuran() -> str:
    """'penduduk' (persons) or 'kk' (households): the measure every rate and chart uses."""
    return st.session_state.get("ukuran") or "penduduk"


def hari_terakhir() -> date:
    """The last day with data inside the window (the default as-of date)."""
    cfg = config.load()
    last = status_data()["hari_data_terakhir"]
    return min(max(last, cfg.mulai), cfg.selesai) if last else cfg.mulai


def tanggal() -> date:
    return st.session_state.get("tanggal") or hari_terakhir()


def url_choice(key: str, options: tuple[str, ...], default: str) -> None:
    """Start a widget's state from the URL parameter `key` when valid, so a shared link opens the same view.

    Streamlit's own bind="query-params" writes the *label* to the URL, which changes with the language;
    these parameters must hold stable codes (?ukuran=kk), so the page keeps them in sync itself.
    """
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else default


def keep_in_url(key: str, default: str) -> None:
    value = st.session_state.get(key)
    if value and value != default:
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]


def sidebar_controls() -> None:
    """Language, measure and as-of date, each kept in a URL query parameter so a shared link opens the same view."""
    cfg = config.load()
    url_choice("bahasa", i18n.BAHASA, "id")
    url_choice("ukuran", UKURAN, "penduduk")
    with st.sidebar:
        st.segmented_control(
            "Bahasa / Language",
            i18n.BAHASA,
            key="bahasa",
            required=True,
            format_func={"id": "Bahasa Indonesia", "en": "English"}.get,
        )
        st.segmented_control(t("ukuran"), UKURAN, key="ukuran", required=True, format_func=lambda u: t(f"ukuran_{u}"))
        _warn_bad_date_param(cfg)
        st.date_input(
            t("per_tanggal"),
            value=hari_terakhir(),
            min_value=cfg.mulai,
            max_value=cfg.selesai,
            key="tanggal",
            format="DD/MM/YYYY",
            bind="query-params",
            help=t("per_tanggal_bantuan"),
        )
    keep_in_url("bahasa", "id")
    keep_in_url("ukuran", "penduduk")


def _warn_bad_date_param(cfg: config.Config) -> None:
    raw = st.query_params.get("tanggal")
    if raw is None:
        return
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        st.warning(t("tanggal_url_salah", nilai=literal(raw)))
        return
    if not cfg.mulai <= day <= cfg.selesai:
        st.warning(
            t(
                "tanggal_di_luar_jendela",
                nilai=i18n.tanggal(day, bahasa()),
                mulai=i18n.tanggal(cfg.mulai, bahasa()),
                selesai=i18n.tanggal(cfg.selesai, bahasa()),
            )
        )


def literal(value, limit: int = 60) -> str:
    """A value from a URL or a file, for a markdown text (st.warning, st.info): shown as written, never as markup.

    A code span renders its content literally (no link, image, HTML, emoji or colour directive); it is
    fenced with more backticks than the value holds, and line breaks, which would end it, become spaces.
    """
    text = " ".join(str(value).split())[:limit]
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if text else "–"


def kecamatan_options() -> dict[str, str]:
    """kode_kec → nama for every kecamatan the viewer may see."""
    table = capaian(config.load().selesai, "kecamatan")
    return dict(zip(table["kode"], table["nama"], strict=True))


def parse_area_param(name: str, expected_level: str) -> str | None:
    """A kecamatan/desa code from the URL, dotted; shows a clear message and returns None when it is bad."""
    raw = st.query_params.get(name)
    if not raw:
        return None
    kode = wilayah.dotted(raw)
    if kode is None or wilayah.level(kode) != expected_level:
        st.warning(t("kode_url_salah", nilai=literal(raw), tingkat=t(expected_level)))
        return None
    return kode


def days_left(tanggal_: date) -> int:
    return max((config.load().selesai - tanggal_).days, 0)


def target_path(tanggal_: date) -> float:
    """The percent the target path asks for on a day: a straight line from 0 on the first day to the target."""
    cfg = config.load()
    elapsed = (min(max(tanggal_, cfg.mulai), cfg.selesai) - cfg.mulai).days + 1
    return cfg.target_persen * elapsed / cfg.jumlah_hari


def previous_day(tanggal_: date, days: int = 1) -> date:
    return tanggal_ - timedelta(days=days)


# ---- tables and downloads ----------------------------------------------------------------------

FORMAT = {
    "angka": lambda v, b: i18n.angka(v, b),
    "persen": lambda v, b: i18n.persen(v, b, 2),
    "poin": lambda v, b: ("+" if v and v > 0 else "") + i18n.angka(v, b, 2) if v is not None else "–",
    "tanggal": lambda v, b: i18n.tanggal(v, b),
}


def tabel(
    table: pl.DataFrame,
    formats: dict[str, str],
    labels: dict[str, str] | None = None,
    height: int | str = "auto",
    key: str | None = None,
    **kwargs,
):
    """st.dataframe showing numbers as the viewer reads them (12.345 · 12,3 %) while sorting on the values."""
    bahasa_ = bahasa()
    styled = table.to_pandas().style.format(
        {column: (lambda v, f=FORMAT[kind]: f(v, bahasa_)) for column, kind in formats.items() if column in table},
        na_rep="–",
    )
    column_config = {column: st.column_config.Column(label) for column, label in (labels or {}).items()}
    column_config |= kwargs.pop("column_config", None) or {}
    kwargs.setdefault("placeholder", "–")
    return st.dataframe(styled, hide_index=True, height=height, key=key, column_config=column_config, **kwargs)


def audit(aksi: str, rincian: str = "") -> None:
    """Write an audit event as the signed-in viewer."""
    from sensus.auth import audit as audit_log

    audit_log.record(viewer_name(), aksi, rincian, store_path())


def _record_download(berkas: str) -> None:
    bound = scope().bound_kec
    audit("unduh", berkas + (f" ({bound})" if bound else ""))


def unduh(table: pl.DataFrame, nama_berkas: str, key: str) -> None:
    """CSV and XLSX download buttons for a table; formula-looking cells are neutralised."""
    left, right = st.columns(2)
    left.download_button(
        t("unduh_csv"),
        exports.csv_bytes(table),
        f"{nama_berkas}.csv",
        "text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click=_record_download,
        args=(f"{nama_berkas}.csv",),
    )
    right.download_button(
        t("unduh_xlsx"),
        exports.xlsx_bytes(table, nama_berkas),
        f"{nama_berkas}.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=f"{key}_xlsx",
        icon=":material/table_view:",
        on_click=_record_download,
        args=(f"{nama_berkas}.xlsx",),
    )


def plotly(figure, key: str | None = None, **kwargs):
    """st.plotly_chart with a PNG download in the toolbar named after the chart."""
    return st.plotly_chart(
        figure,
        key=key,
        config={
            "displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": key or "pantau_sp2020", "scale": 2},
        },
        **kwargs,
    )
