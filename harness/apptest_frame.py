"""AppTest runs that all go through dashboard.py's frame, as every run in a browser does.

AppTest forgets before every run that dashboard.py's st.navigation ran (it resets Streamlit's pages-folder flag),
so Streamlit takes pages/ for a v1 pages folder again and every other run of a session opened on a page draws
that page alone, without the frame: no sidebar, so a click on a sidebar button is lost, and a bench would time a
cheaper run than any a browser gets (sensus/app/frame.py sends such a first visit through the frame in the real
server). Used by the rerun bench and by tests/apptest.open_dashboard.
"""

from collections.abc import Callable

from streamlit.runtime.pages_manager import PagesManager


def framed(init: Callable) -> Callable:
    """A PagesManager.__init__ that, after `init`, says the app uses st.navigation (no pages folder)."""

    def init_through_the_frame(self, *args, **kwargs):
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    init_through_the_frame.framed = True
    return init_through_the_frame


def every_run_through_the_frame() -> None:
    """For the rest of the process (the bench); tests use monkeypatch.setattr with `framed` instead."""
    if not getattr(PagesManager.__init__, "framed", False):
        PagesManager.__init__ = framed(PagesManager.__init__)
