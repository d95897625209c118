"""Before any page: the store opens, or the viewer reads why not and what to do, never a traceback."""

import streamlit as st

from sensus.app import cache, whole_page
from sensus.app.state import t
from sensus.store import database


def readable_or_stop() -> None:
    """Open the published store (an older Pantau's store is brought to this schema on the way: cache._reader). A
    damaged store, a newer schema or a folder the upgrade cannot write is the whole page, with its remedy."""
    try:
        cache.meta()
    except database.StoreError as error:
        message = t(error.code, berkas="Pantau", penyimpanan=error.path, **error.detail)

        def store_unreadable() -> None:
            st.title("Pantau SP2020")
            st.error(message, icon=":material/database_off:")

        whole_page.show(store_unreadable, "Pantau SP2020", "penyimpanan")
