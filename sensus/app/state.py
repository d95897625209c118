"""The shared controls, bound to the URL so a shared link opens the same view: bahasa, ukuran, tanggal, areas.

dashboard.py renders them (sidebar_controls); views read them.
"""

import re
from collections.abc import Callable
from datetime import date

import streamlit as st

from sensus.app import cache
from sensus.app.charts.base import ChartContext
from sensus.core import calendar, config, i18n, wilayah

UKURAN = ("penduduk", "kk")
UKURAN_KEY = {"penduduk": "ukuran_penduduk", "kk": "ukuran_kk"}
TINGKAT_KEY = {"kecamatan": "kecamatan", "desa": "desa"}
DEFAULTS = {"bahasa": "id", "ukuran": "penduduk"}
# the date picker's field: day first in Indonesian, ISO order in English; Streamlit's date_input takes only these
# orders (no locale): its calendar's month names follow the browser's language, not this one (README)
DATE_FORMAT = {"id": "DD/MM/YYYY", "en": "YYYY/MM/DD"}


def bahasa() -> str:
    return st.session_state.get("bahasa") or "id"


def t(key: str, **values) -> str:
    return i18n.t(key, bahasa(), **values)


def ukuran() -> str:
    """'penduduk' (persons) or 'kk' (households): the measure every rate and chart uses."""
    return st.session_state.get("ukuran") or "penduduk"


def choice(where, label: str, options: dict, key: str, **kwargs):
    """A selectbox of `options` (value → the text shown, in the viewer's language) at `where` (st or a column).

    A keyed selectbox keeps showing the text its choice had when it was made, so after a language switch it showed
    Indonesian on the English page ("Semua kecamatan"): there is one widget per language, and the latest choice is
    carried over to the other when the language changes."""
    own = f"{key}_{bahasa()}"
    others = [f"{key}_{other}" for other in i18n.BAHASA if other != bahasa()]
    if own not in st.session_state:
        carried = [st.session_state[other] for other in others if other in st.session_state]
        if carried:
            st.session_state[own] = carried[0]
    # the other language's widget is not drawn in this run: dropped, so switching back carries the latest choice
    for other in others:
        st.session_state.pop(other, None)
    return where.selectbox(label, list(options), format_func=options.get, key=own, **kwargs)


def last_data_day() -> date:
    """The last day with data inside the window (the default as-of date)."""
    return calendar.as_of_default(cache.status_data()["hari_data_terakhir"])


def tanggal() -> date:
    return st.session_state.get("tanggal") or last_data_day()


def chart_context() -> ChartContext:
    """The window, the as-of day, the measure and the language every chart of this run draws for."""
    return ChartContext.of(tanggal(), ukuran(), bahasa())


def link_params(**area: str) -> dict[str, str]:
    """Query parameters for a link or a page switch: the area asked for plus the viewer's language and measure,
    so a click on a map, a bar or a table row opens the other page in the same settings."""
    params = {"bahasa": bahasa(), "ukuran": ukuran()}
    params = {key: value for key, value in params.items() if value != DEFAULTS[key]}
    # the date is not added: its widget is bound to the URL (bind="query-params"), so Streamlit carries it across
    # pages itself, and a page switch that names a bound parameter is not carried out
    return area | params


MAP_MODE_KEY = {"persen": "peta_mode_persen", "jalur": "peta_mode_jalur", "naik_7": "peta_mode_naik_7"}


def map_mode(page: str) -> str:
    """The map's colouring (rate, gap to the target path, change in 7 days), kept in the URL as ?peta=.

    One widget key per page: a key shared by two pages' widgets came back as None after a page switch (the
    kecamatan page opened from the overview's map failed with "unknown map mode None").
    """
    key = f"peta_{page}"
    if key not in st.session_state:
        wanted = st.query_params.get("peta")
        st.session_state[key] = wanted if wanted in MAP_MODE_KEY else "persen"
    mode = st.segmented_control(
        t("peta_mode"), tuple(MAP_MODE_KEY), key=key, required=True, format_func=lambda mode: t(MAP_MODE_KEY[mode])
    )
    if mode != "persen":
        st.query_params["peta"] = mode
    elif "peta" in st.query_params:
        del st.query_params["peta"]
    return mode


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
    bad_date = _bad_date_param(cfg)  # read before the date widget, which is bound to the same parameter
    with st.sidebar:
        st.segmented_control(
            "Bahasa / Language",
            i18n.BAHASA,
            key="bahasa",
            required=True,
            format_func={"id": "Bahasa Indonesia", "en": "English"}.get,
        )
        st.segmented_control(t("ukuran"), UKURAN, key="ukuran", required=True, format_func=lambda u: t(UKURAN_KEY[u]))
        st.date_input(
            t("per_tanggal"),
            value=last_data_day(),
            min_value=cfg.mulai,
            max_value=cfg.selesai,
            key="tanggal",
            format=DATE_FORMAT[bahasa()],
            bind="query-params",
            help=t("per_tanggal_bantuan"),
        )
    keep_in_url("bahasa", "id")
    keep_in_url("ukuran", "penduduk")
    if bad_date:
        # in the main area, above the page: on a phone the sidebar is folded away, and the page would silently show
        # another day than the link asked for
        st.warning(bad_date)


def _bad_date_param(cfg: config.Config) -> str | None:
    """What is wrong with the link's ?tanggal=, in the viewer's language; None when it is absent or good."""
    raw = st.query_params.get("tanggal")
    if raw is None:
        return None
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        return t("tanggal_url_salah", nilai=literal(raw))
    if not cfg.mulai <= day <= cfg.selesai:
        return t(
            "tanggal_di_luar_jendela",
            nilai=i18n.tanggal(day, bahasa()),
            mulai=i18n.tanggal(cfg.mulai, bahasa()),
            selesai=i18n.tanggal(cfg.selesai, bahasa()),
        )
    return None


def kecamatan_options() -> dict[str, str]:
    """kode_kec → nama for every kecamatan the viewer may see."""
    table = cache.capaian(config.load().selesai, "kecamatan")
    return dict(zip(table["kode"], table["nama"], strict=True))


def parse_area_param(name: str, expected_level: str) -> str | None:
    """A kecamatan/desa code from the URL, dotted; shows a clear message and returns None when it is bad."""
    raw = st.query_params.get(name)
    if not raw:
        return None
    kode = wilayah.dotted(raw)
    if kode is None or wilayah.level(kode) != expected_level:
        st.warning(t("kode_url_salah", nilai=literal(raw), tingkat=t(TINGKAT_KEY[expected_level])))
        return None
    return kode


def area_from_link(name: str, tingkat: str, is_offered: Callable[[str], bool]) -> str | None:
    """The area a link asks for (?name=), dotted, when the viewer may open it; else None.

    A bad code, or a well-formed one the viewer cannot open (outside a camat's scope, or unknown), is said in the
    main area above the page, which then opens another area: never a silent replacement.
    """
    kode = parse_area_param(name, tingkat)
    if kode is None or is_offered(kode):
        return kode
    raw = literal(st.query_params.get(name))
    st.warning(
        t("luar_cakupan", nilai=raw)
        if cache.scope().is_bound
        else t("kode_url_salah", nilai=raw, tingkat=t(TINGKAT_KEY[tingkat]))
    )
    return None


def literal(value, limit: int = 60) -> str:
    """A value from a URL or a file, for a markdown text (st.warning, st.info): shown as written, never as markup.

    A code span renders its content literally (no link, image, HTML, emoji or colour directive); it is
    fenced with more backticks than the value holds, and line breaks, which would end it, become spaces.
    """
    text = " ".join(str(value).split())[:limit]
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if text else "–"
