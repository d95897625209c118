"""Before any page: the store opens, or the viewer reads why not and what to do, never a traceback or a path."""

from pathlib import Path

import streamlit as st

from sensus.app import reader, whole_page
from sensus.app.state import t
from sensus.store import database


def readable_or_stop() -> None:
    """Open the published store (an older Pantau's store is brought to this schema on the way: sensus.app.reader). A
    damaged store, a newer schema or a folder the upgrade cannot write is the whole page, with its remedy."""
    try:
        reader.meta()
    except database.StoreError as error:
        # the read side's own text for a damaged store, as `python -m sensus report` prints it; the others name the
        # store's file where an import's text would name the export
        key = "penyimpanan_rusak_baca" if error.code == "penyimpanan_rusak" else error.code
        # the file's name, never the server's path (a viewer has no use for it, an attacker would)
        message = t(key, berkas=Path(error.path).name, penyimpanan=Path(error.path).name, **error.detail)

        def store_unreadable() -> None:
            st.title("Pantau SP2020")
            st.error(message, icon=":material/database_off:")

        whole_page.show(store_unreadable, "Pantau SP2020", "penyimpanan")
