"""Pantau SP2020: the entry point. A router and a frame; the pages live in pages/."""

import streamlit as st

from sensus.app import cache, state
from sensus.app.state import t
from sensus.demo import builder

st.set_page_config(page_title="Pantau SP2020 · Blora", page_icon=":material/groups:", layout="wide")
if not cache.store_path().exists():
    # the very first start: build the demo store, showing progress rather than a frozen page
    with st.status(t("membangun_demo"), expanded=True) as building:
        builder.ensure(cache.store_path(), progress=building.write)
        building.update(label=t("demo_siap"), state="complete", expanded=False)
state.sidebar_controls()


def page(file: str, key: str, icon: str, **options) -> st.Page:
    return st.Page(f"pages/{file}.py", title=t(key), icon=icon, url_path=file, **options)


navigation = st.navigation(
    {
        t("bagian_pantau"): [
            page("ringkasan", "halaman_ringkasan", ":material/dashboard:", default=True),
            page("kecamatan", "halaman_kecamatan", ":material/location_city:"),
            page("desa", "halaman_desa", ":material/home_pin:"),
        ],
        t("bagian_tindak"): [page("sosialisasi", "halaman_sosialisasi", ":material/campaign:")],
        t("bagian_kelola"): [page("data", "halaman_data", ":material/database:")],
    }
)
if cache.is_demo():
    st.sidebar.caption(t("label_demo"))
navigation.run()
