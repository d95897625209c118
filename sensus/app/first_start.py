"""The very first start without a store: the demo store is built while the viewer watches one progress bar."""

import streamlit as st

from sensus.app import cache, whole_page
from sensus.app.state import t
from sensus.demo import builder

# the builder's stages (sensus.demo.builder.STAGES) as the viewer reads them, written out so every key is a literal
STAGE_KEY = {
    "simulasi": "demo_tahap_simulasi",
    "referensi": "demo_tahap_referensi",
    "impor": "demo_tahap_impor",
    "terbit": "demo_tahap_terbit",
}


def build_demo_if_missing() -> None:
    """Build the demo store when there is none yet, showing one progress bar with the stage in plain words (no
    file names), then run the dashboard afresh: the bar is gone and the page draws as on any later visit.

    The build is the whole page at whatever path was asked (whole_page): the link opens its view when it is done.
    """
    if cache.store_path().exists():
        return
    whole_page.show(_build, t("membangun_demo"), "membangun")


def _build() -> None:
    screen = st.empty()
    bar = screen.progress(0.0, text=t("membangun_demo"))

    def stage(name: str, done: float, **values) -> None:
        bar.progress(done, text=f"{t('membangun_demo')} · {t(STAGE_KEY[name], **values)}")

    builder.ensure(cache.store_path(), progress=lambda _text: None, stage=stage)
    screen.empty()
    st.rerun()
