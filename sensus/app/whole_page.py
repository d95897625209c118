"""One screen instead of the dashboard, at whatever page path the URL asked for (sign-in, first build, a store
that cannot be read): the URL stays as sent, no "page not found" pop-up, and after it the same link opens its view."""

from collections.abc import Callable

import streamlit as st

from sensus.auth import roles


def _at(path: str, draw: Callable[[], None]) -> Callable[[], None]:
    def screen() -> None:
        draw()

    # Streamlit tells pages apart by their function's name
    screen.__name__ = screen.__qualname__ = f"{draw.__name__}_{path}"
    return screen


def show(draw: Callable[[], None], title: str, default_path: str) -> None:
    """Run `draw` as the whole page, at "/" and at every page's path, in a hidden navigation (without one Streamlit
    would list the pages/ folder's file names in the sidebar); the run stops here."""
    screens = [st.Page(draw, title=title, url_path=default_path, default=True)]
    screens += [st.Page(_at(path, draw), title=title, url_path=path) for path in roles.PAGE_ORDER]
    st.navigation(screens, position="hidden").run()
    st.stop()
