"""The operator's upload: file → dry run → save through the CLI's import path → history with undo."""

import streamlit as st

from sensus.app import ui


def render() -> None:
    st.title(ui.t("halaman_unggah"))
