"""The frame every page runs in: the one place that touches a private Streamlit API (sending a deep link through
dashboard.py's frame), and the one place a request outside the viewer's scope becomes a message."""

import functools

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.util import calc_hash

from sensus.app import access, signin, state
from sensus.app.configured import configuration
from sensus.app.context import ViewContext
from sensus.core.scope import OutOfScope, kecamatan_names


def requested_path() -> str | None:
    """The page path the browser asked for by URL (/kecamatan → "kecamatan"), before st.navigation resolves it.

    Streamlit answers a path no page has with its own English "Page not found" dialog over the default page; the
    frame serves such a path itself, in the viewer's language. Read from the run's pages manager (private: see
    frame_guard; tests/test_pages.py checks it still exists)."""
    ctx = get_script_run_ctx()
    return ctx.pages_manager.intended_page_name if ctx is not None else None


def requested_page(offered: tuple[str, ...]) -> str | None:
    """The page this run opens when a page switch or the browser named one (its url path: one of `offered`, or the
    path asked for by URL); None when the run opens the default page. A page switch names its page by the hash of
    its url path (Streamlit's own rule for st.Page), a URL by its path (requested_path)."""
    ctx = get_script_run_ctx()
    if ctx is None:
        return None
    wanted = ctx.pages_manager.intended_page_script_hash
    if wanted:
        return next((page for page in offered if calc_hash(page) == wanted), None)
    return requested_path() or None


def frame_guard() -> ViewContext:
    """Call first on every page: a deep link as the first visit after a server start runs the page alone.

    Streamlit sees pages/ beside dashboard.py and treats it as a v1 pages folder until some session runs
    st.navigation; rerunning sends this visit through dashboard.py's frame (sidebar, sections, layout).
    Streamlit offers no public switch for this mode (the top level must keep pages/, and no config option
    turns the folder scan off), so the private flag is read and reset here only; tests/test_pages.py checks
    that it still exists, so a Streamlit upgrade that drops it fails a test instead of the first visitor.
    """
    # the frame ran in this session when its controls exist (AppTest raises the flag again on every run)
    if PagesManager.uses_pages_directory and "bahasa" not in st.session_state:
        PagesManager.uses_pages_directory = False
        st.rerun()
    # a page never renders for a signed-out session, whichever way it was reached
    if signin.current() is None:
        st.stop()
    return state.view_context()


def run_in_scope(navigation) -> None:
    """Run the page the viewer asked for. The query layer and the writes refuse anything outside a bound viewer's
    kecamatan with OutOfScope, wherever a page asks: the page ends there with one clear message, never a traceback
    (its text names codes and is for the log, not the viewer)."""
    try:
        navigation.run()
    except OutOfScope:
        _out_of_scope()


def fragment(draw):
    """st.fragment for a part of a page, with the page's rule for OutOfScope: a fragment's own rerun runs outside
    run_in_scope, so a refusal there must become the same message, not a traceback."""

    @functools.wraps(draw)
    def scoped(*args, **kwargs):
        try:
            return draw(*args, **kwargs)
        except OutOfScope:
            _out_of_scope()

    return st.fragment(scoped)


def _out_of_scope() -> None:
    bound = access.viewer_scope().bound_kec or ""
    st.error(state.t("di_luar_cakupan", nama=kecamatan_names(configuration().kode_kab).get(bound, ""), kode=bound))
