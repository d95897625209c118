"""The shared controls, bound to the URL so a shared link opens the same view: bahasa, ukuran, tanggal, areas.

dashboard.py renders them (sidebar_controls); the page frame reads them once per run into the ViewContext
(view_context) that every view's `render` takes.
"""

import re
from collections.abc import Callable
from datetime import date

import streamlit as st

from sensus.app import cache, context
from sensus.app.configured import KABUPATEN_AKTIF, configuration, deployment
from sensus.app.context import ViewContext
from sensus.auth import roles
from sensus.core import calendar, config, i18n, wilayah, wilayah_indonesia

UKURAN = ("penduduk", "kk")
UKURAN_KEY = {"penduduk": "ukuran_penduduk", "kk": "ukuran_kk"}
TINGKAT_KEY = {"kecamatan": "kecamatan", "desa": "desa"}
# the date picker's field: day first in Indonesian, ISO order in English; Streamlit's date_input takes only these
# orders (no locale): its calendar's month names follow the browser's language, not this one (README)
DATE_FORMAT = {"id": "DD/MM/YYYY", "en": "YYYY/MM/DD"}


def bahasa() -> str:
    return st.session_state.get("bahasa") if st.session_state.get("bahasa") in i18n.BAHASA else "id"


def t(key: str, **values) -> str:
    """The text in the viewer's language, the region's placeholders ({wilayah}, {kab}, {sebutan_desa}) filled."""
    return context.text(key, bahasa(), configuration(), **values)


def ukuran() -> str:
    """'penduduk' (persons) or 'kk' (households): the measure every rate and chart uses."""
    return st.session_state.get("ukuran") if st.session_state.get("ukuran") in UKURAN else "penduduk"


def choice(where, label: str, options: dict, key: str, **kwargs):
    """A selectbox of `options` (value → the text shown, in the viewer's language) at `where` (st or a column).

    A keyed selectbox keeps showing the text its choice had when it was made, whatever the language is now: there
    is one widget per language, and the latest choice is carried over to the other when the language changes."""
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
    return calendar.as_of_default(cache.status_data()["hari_data_terakhir"], configuration())


def tanggal() -> date:
    return st.session_state.get("tanggal") or last_data_day()


def view_context() -> ViewContext:
    """This run's settings for the views, read once (the page frame builds it and passes it to `render`)."""
    return ViewContext(configuration(), bahasa(), ukuran(), tanggal(), cache.scope())


def link_params(**area: str) -> dict[str, str]:
    """Query parameters for a link or a page switch: the area asked for plus the viewer's language, measure and day,
    so a click on a map, a bar or a table row opens the other page in the same settings (a link opened in a new tab
    too: the day is always named, so a link pins its day)."""
    params = {"bahasa": bahasa(), "ukuran": ukuran()}
    params = {key: value for key, value in params.items() if value != URL_SETTINGS[key][1]}
    # a province's link names its kabupaten too (a drill from the province page names its own)
    served = st.session_state.get(KABUPATEN_AKTIF) if deployment().is_province else None
    return ({"kab": served} if served else {}) | area | params | {"tanggal": tanggal().isoformat()}


# the sidebar's kabupaten switcher (a province deployment, a viewer who may open more than one)
KABUPATEN_WIDGET = "kab_pilihan"


def kabupaten_allowed(user) -> tuple[str, ...]:
    """The kabupaten/kota of the deployment `user` may open, in code order (sensus.auth.roles.kabupaten_open)."""
    return roles.kabupaten_open(user.roles, user.kabupaten, user.kecamatan, deployment().daftar_kabupaten)


def choose_kabupaten(user) -> str | None:
    """The kabupaten/kota this run serves in a province deployment, kept in the session and in the URL (?kab=) as
    the day is: the link's when the viewer may open it, else the session's, else the viewer's first. A link asking
    for one they may not open (another's, one the deployment does not serve, or no code at all) is said in the
    main area, in the viewer's language, and their first opens instead. None outside a province, or for a viewer
    who may open none (an admin's page needs no kabupaten)."""
    if not deployment().is_province:
        return None
    url_choice("bahasa")  # the warning below in the link's language, read before the sidebar draws it
    allowed = kabupaten_allowed(user)
    raw = st.query_params.get("kab")
    if not allowed:
        st.session_state.pop(KABUPATEN_AKTIF, None)
        if raw is not None:
            del st.query_params["kab"]
        return None
    if raw is not None:
        asked = _kabupaten_code(raw)
        chosen = asked if asked in allowed else allowed[0]
        if asked not in allowed:
            # before the choice: the warning's region words are the viewer's own kabupaten's, never the asked one's
            st.session_state[KABUPATEN_AKTIF] = chosen
            st.warning(t("kab_url_tidak_boleh", nilai=literal(raw)))
    else:
        remembered = st.session_state.get(KABUPATEN_AKTIF)
        chosen = remembered if remembered in allowed else allowed[0]
    st.session_state[KABUPATEN_AKTIF] = chosen
    st.query_params["kab"] = chosen
    return chosen


def _kabupaten_code(raw: str) -> str | None:
    try:
        return wilayah_indonesia.kode_kabupaten(raw[:20])
    except ValueError:
        return None


def kabupaten_switcher(user) -> None:
    """A selectbox of the kabupaten/kota the viewer may open, in the sidebar, when there is more than one: a
    choice becomes the URL's ?kab= (choose_kabupaten reads it on the run it starts)."""
    allowed = kabupaten_allowed(user) if deployment().is_province else ()
    if len(allowed) < 2:
        return
    # written back before the widget each run (see url_choice): a link or a drill may have changed the kabupaten
    st.session_state[KABUPATEN_WIDGET] = st.session_state.get(KABUPATEN_AKTIF, allowed[0])
    st.sidebar.selectbox(
        t("kab_pilih"),
        allowed,
        key=KABUPATEN_WIDGET,
        format_func=wilayah_indonesia.nama_wilayah,
        on_change=_kabupaten_switched,
    )


def _kabupaten_switched() -> None:
    st.session_state[KABUPATEN_AKTIF] = st.session_state[KABUPATEN_WIDGET]
    st.query_params["kab"] = st.session_state[KABUPATEN_WIDGET]


MAP_MODE_KEY = {"persen": "peta_mode_persen", "jalur": "peta_mode_jalur", "naik_7": "peta_mode_naik_7"}
# every setting the URL holds as a code, with its codes and its default (the date and the areas are checked apart):
# a value outside these is never written to the URL ("?peta=None" crashed a page) and a link holding one is told so
URL_SETTINGS = {
    "bahasa": (i18n.BAHASA, "id"),
    "ukuran": (UKURAN, "penduduk"),
    "peta": (tuple(MAP_MODE_KEY), "persen"),
}
# the setting's name in the "bad link" warning
URL_SETTING_NAME = {"bahasa": "url_nama_bahasa", "ukuran": "url_nama_ukuran", "peta": "url_nama_peta"}


def valid(param: str, value) -> str:
    """`value` when it is one of the setting's codes, else the setting's default: never None, never "None"."""
    options, default = URL_SETTINGS[param]
    return value if value in options else default


def map_mode(page: str) -> str:
    """The map's colouring (rate, gap to the target path, change in 7 days), kept in the URL as ?peta=.

    One widget key per page: Streamlit does not carry a widget's value across pages that share its key. A value
    the widget returns that is not a mode (None after an interrupted run) reads as the default and is never
    written.
    """
    key = f"peta_{page}"
    # carried over as the sidebar's settings are (url_choice)
    current = st.session_state.get(key) if key in st.session_state else st.query_params.get("peta")
    st.session_state[key] = valid("peta", current)
    mode = valid(
        "peta",
        st.segmented_control(
            t("peta_mode"), tuple(MAP_MODE_KEY), key=key, required=True, format_func=lambda m: t(MAP_MODE_KEY[m])
        ),
    )
    keep_in_url("peta", mode)
    return mode


def url_choice(key: str) -> None:
    """Start a widget's state from the URL parameter `key` when valid, so a shared link opens the same view.

    Streamlit's own bind="query-params" writes the *label* to the URL, which changes with the language;
    these parameters must hold stable codes (?ukuran=kk), so the page keeps them in sync itself.
    The state is written back on every run, before its widget: Streamlit gives a widget a new identity when the
    page (or the date field's format) changes, and the old identity's value is not carried to the new one.
    """
    current = st.session_state.get(key) if key in st.session_state else st.query_params.get(key)
    st.session_state[key] = valid(key, current)


def keep_in_url(key: str, value=None) -> None:
    """Write the setting's code to the URL (the session state's, or `value`); the default and anything that is
    not one of its codes leave the URL without it."""
    options, default = URL_SETTINGS[key]
    value = st.session_state.get(key) if value is None else value
    if value in options and value != default:
        st.query_params[key] = value
    elif key in st.query_params:
        del st.query_params[key]


def bad_setting_params() -> list[str]:
    """What is wrong with the link's ?bahasa=, ?ukuran=, ?peta=, in the viewer's language: one line each."""
    problems = []
    for key, (options, _default) in URL_SETTINGS.items():
        raw = st.query_params.get(key)
        if raw is not None and raw not in options:
            problems.append(t("pengaturan_url_salah", nilai=literal(raw), nama=t(URL_SETTING_NAME[key])))
    return problems


def sidebar_controls(default_day: date | None = None) -> None:
    """Language, measure and as-of date, each kept in a URL query parameter so a shared link opens the same view.
    `default_day`: the day shown without one in the link, when not the store's last day with data (the province's
    page reads its published marts, not a kabupaten's store)."""
    cfg = configuration()
    url_choice("bahasa")
    url_choice("ukuran")
    # read before the widgets, which rewrite their parameters; in the link's language when it names a good one
    bad_date = _bad_date_param(cfg)
    bad_links = [*bad_setting_params(), *filter(None, [bad_date])]
    with st.sidebar:
        st.segmented_control(
            "Bahasa / Language",
            i18n.BAHASA,
            key="bahasa",
            required=True,
            format_func={"id": "Bahasa Indonesia", "en": "English"}.get,
        )
        st.segmented_control(t("ukuran"), UKURAN, key="ukuran", required=True, format_func=lambda u: t(UKURAN_KEY[u]))
        # the link's day, else the last day with data; kept in the URL by the page itself (not by Streamlit's
        # bind="query-params", which leaves the day out while it equals the default: a link copied then did not
        # pin its day and moved on with the next import); a cleared field starts again on the last day with data
        day = st.session_state.get("tanggal") if "tanggal" in st.session_state else _link_date(bad_date)
        # written back every run (see url_choice): a page switch or a language switch gives the field a new identity
        st.session_state["tanggal"] = day or default_day or last_data_day()
        st.date_input(
            t("per_tanggal"),
            value=None,
            min_value=cfg.mulai,
            max_value=cfg.selesai,
            key="tanggal",
            format=DATE_FORMAT[bahasa()],
            help=t("per_tanggal_bantuan"),
        )
        st.html(DATE_FIELD_KEYS, unsafe_allow_javascript=True, width=1)
    st.query_params["tanggal"] = tanggal().isoformat()
    keep_in_url("bahasa")
    keep_in_url("ukuran")
    for problem in bad_links:
        # in the main area, above the page: on a phone the sidebar is folded away, and the page would silently show
        # another view than the link asked for
        st.warning(problem)


# Streamlit's date field (1.67) applies a typed date only when the field loses focus, and that commit reaches the
# server just after a click that took the focus away: a menu click right after typing was overtaken by the date's
# rerun on the old page and lost. Enter now ends the typing (the field gives up its focus, so the date applies), and
# a click on a page link while a typed date is pending waits until the date's run is over, then goes through.
DATE_FIELD_KEYS = """<script>
(() => {
  if (window.__pantauDateKeys) return;
  window.__pantauDateKeys = true;
  const field = (el) => el && el.closest ? el.closest('[data-testid="stDateInputField"]') : null;
  const scriptState = () => document.querySelector('[data-testid="stApp"]')?.dataset.testScriptState;
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !field(event.target)) return;
    // focus elsewhere: a blur to nowhere leaves an open calendar open and the date pending
    event.preventDefault();
    const sink = document.querySelector('[data-testid="stSidebarContent"]') || document.body;
    if (!sink.hasAttribute('tabindex')) sink.setAttribute('tabindex', '-1');
    sink.focus({preventScroll: true});
  }, true);
  let typing = false;
  document.addEventListener('pointerdown', (event) => {
    typing = !!field(document.activeElement) && !field(event.target);
  }, true);
  document.addEventListener('click', (event) => {
    const link = event.target.closest ? event.target.closest('a[href]') : null;
    if (!typing || !link || field(event.target)) return;
    typing = false;
    event.preventDefault();
    event.stopPropagation();
    // the date's run starts within a moment of the blur; follow the link once it is over (or when none came)
    const started = performance.now();
    let ran = false;
    const wait = () => {
      const state = scriptState();
      if (state && state !== 'notRunning') ran = true;
      if ((ran && state === 'notRunning') || (!ran && performance.now() - started > 400)) link.click();
      else setTimeout(wait, 30);
    };
    wait();
  }, true);
})();
</script>"""


def _link_date(bad_date: str | None) -> date | None:
    """The link's ?tanggal= when it is a day of the window (`bad_date`, from _bad_date_param, says otherwise)."""
    if bad_date:
        return None
    try:
        return date.fromisoformat(st.query_params.get("tanggal") or "")
    except ValueError:
        return None


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
    table = cache.capaian(configuration().selesai, "kecamatan")
    return dict(zip(table["kode"], table["nama"], strict=True))


def parse_area_param(name: str, expected_level: str) -> str | None:
    """A kecamatan/desa code from the URL, dotted; shows a clear message and returns None when it is bad."""
    raw = st.query_params.get(name)
    if not raw:
        return None
    kode = wilayah.dotted(raw)
    if kode is None or wilayah.level(kode, configuration().kode_kab) != expected_level:
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
