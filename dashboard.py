"""Pantau SP2020: the entry point. A router and a frame; the pages live in pages/."""

import re
import runpy
from pathlib import Path

import streamlit as st

from sensus.app import access, cache, first_start, frame, heap, panels, reader, signin, state, store_check
from sensus.app.configured import configuration, deployment
from sensus.app.context import short_name
from sensus.app.state import t
from sensus.app.views import upload
from sensus.auth import roles
from sensus.core import calendar

# the region this server serves, named in the browser's tab (the one place the app builds its configuration); a
# province deployment names its province until the viewer's kabupaten is known
cfg = configuration()
is_province = deployment().is_province
# decided again after the sign-in: until then this run draws no province page
st.session_state[reader.HALAMAN_PROVINSI] = False
st.set_page_config(
    page_title=f"Pantau SP2020 · {deployment().nama_provinsi if is_province else short_name(cfg.wilayah)}",
    page_icon=":material/groups:",
    layout="wide",
)
# the very first start: build the demo store, showing progress rather than a frozen page (a province that is no
# demo asks after the sign-in, for the viewer's kabupaten: its own page needs no store)
if not is_province or deployment().demo:
    first_start.build_demo_if_missing()
# signed out: the sign-in form is the whole page; the URL is kept, so after sign-in it opens as asked
session = signin.gate()
# a province serves one of its kabupaten per run (?kab=, kept in the session): every module below reads its store
if state.choose_kabupaten(session.user) is not None:
    cfg = configuration()
# only the pages the viewer's roles offer exist for them: another page's URL is not found, not shown
offered = roles.pages(session.user.roles, province=is_province)
asked = frame.requested_path()
# the province's page reads only the published marts: it needs no kabupaten store to be there
requested = frame.requested_page(offered)
# (a viewer without the page who asks for it by URL gets their first page, which is no province page)
on_province_page = (
    is_province
    and "provinsi" in offered
    and (requested == "provinsi" or (offered[0] == "provinsi" and requested not in offered))
)
st.session_state[reader.HALAMAN_PROVINSI] = on_province_page
if not on_province_page:
    if is_province:
        # the session's kabupaten may not be the one the first start looked at
        first_start.build_demo_if_missing()
    # a damaged store, or one a newer Pantau wrote: the reason and the remedy (to the signed-in only: it names the path)
    store_check.readable_or_stop()
# an upload a killed server left mid-save (0600 in a 0700 folder) goes at this process's first run
upload.swept_at_start(cfg.store_path)
access.server_scope_or_stop()
state.sidebar_controls(
    calendar.as_of_default(reader.province_last_day(reader.published_root()), cfg) if on_province_page else None
)
# the province page covers every kabupaten and opens one by its ranking, map or table: a sidebar choice there
# changed nothing the viewer could see
if not on_province_page:
    state.kabupaten_switcher(session.user)
signin.sidebar(session)

PAGES = {
    "provinsi": ("halaman_provinsi", ":material/map:"),
    "ringkasan": ("halaman_ringkasan", ":material/dashboard:"),
    "kecamatan": ("halaman_kecamatan", ":material/location_city:"),
    "desa": ("halaman_desa", ":material/home_pin:"),
    "sosialisasi": ("halaman_sosialisasi", ":material/campaign:"),
    "data": ("halaman_data", ":material/database:"),
    "unggah": ("halaman_unggah", ":material/upload_file:"),
    "audit": ("halaman_audit", ":material/policy:"),
    "pengguna": ("halaman_pengguna", ":material/group:"),
}
SECTIONS = {
    "bagian_pantau": ("provinsi", "ringkasan", "kecamatan", "desa"),
    "bagian_tindak": ("sosialisasi",),
    "bagian_kelola": ("data", "unggah", "audit", "pengguna"),
}
# the overview (the province's, in a province, for its head) is served at "/"; a viewer without it (a camat) gets a
# hidden start page there instead, so every real page keeps its own path (Streamlit serves its default page at "/"
# only: /kecamatan would be "not found"). In a province the kabupaten overview keeps its path too: the province
# head's drill links to /ringkasan?kab=, and a head bound to that kabupaten may be sent the same link
has_overview = offered[0] == "provinsi" or (offered[0] == "ringkasan" and not is_province)


def page(file: str) -> st.Page:
    key, icon = PAGES[file]
    is_default = has_overview and file == offered[0]
    return st.Page(f"pages/{file}.py", title=t(key), icon=icon, url_path=file, default=is_default)


def start() -> None:
    """The role's first page, drawn in place: a page switch here would end the run before the session cookie
    written after a sign-in reaches the browser."""
    runpy.run_path(str(Path(__file__).with_name("pages") / f"{offered[0]}.py"), run_name="__main__")


sections = {
    t(section): [page(f) for f in files if f in offered]
    for section, files in SECTIONS.items()
    if any(f in offered for f in files)
}
if not has_overview:
    sections[""] = [st.Page(start, title=t(PAGES[offered[0]][0]), url_path="mulai", default=True, visibility="hidden")]


def not_found() -> None:
    """A path no page of this viewer has (mistyped, or another role's page): the role's first page, under a
    warning in the viewer's language, instead of Streamlit's English "Page not found" dialog over it."""
    st.warning(t("halaman_tidak_ada", nama=state.literal(asked)))
    start()


if asked and asked not in (*offered, "mulai") and re.fullmatch(r"[\w-]{1,60}", asked):
    served = st.Page(not_found, title=t(PAGES[offered[0]][0]), url_path=asked, visibility="hidden")
    sections.setdefault("", []).append(served)
navigation = st.navigation(sections)
if on_province_page:
    # the province's page: the province's name in the tab, its own freshness line (panels.freshness_line reads a
    # kabupaten's store); published demo data is labelled as any demo store is
    st.set_page_config(page_title=f"Pantau SP2020 · {deployment().nama_provinsi}")
    if reader.is_demo():
        st.sidebar.caption(t("label_demo_semua"))
        st.caption(t("label_demo_singkat"))
else:
    if is_province:
        st.set_page_config(page_title=f"Pantau SP2020 · {short_name(cfg.wilayah)}")
    if cache.is_demo():
        # Blora's demo holds the real rakor of 20 Feb 2020; another region's demo is simulated through and through
        st.sidebar.caption(
            t("label_demo_semua" if cache.meta().get("demo_kegiatan_nyata") == "false" else "label_demo")
        )
        # in the main area too: on a phone the sidebar is folded away
        st.caption(t("label_demo_singkat"))
    # how fresh the data is, above every page (it was on the data page only)
    panels.freshness_line(state.view_context())
panels.page_style()
frame.run_in_scope(navigation)
# after the first run has loaded the libraries: their objects leave the garbage collector's full walks
heap.freeze_long_lived()
