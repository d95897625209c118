"""The very first start without a store: with the demo on (PANTAU_DEMO=1), the demo store is built while the viewer
watches one progress bar (in a province, every kabupaten/kota's store, counted on one bar); otherwise the page says
that no data has been imported yet, and what to do."""

import streamlit as st

from sensus.app import reader, whole_page
from sensus.app.configured import configuration
from sensus.app.state import t
from sensus.demo import builder, province

# the builder's stages (sensus.demo.builder.STAGES) as the viewer reads them, written out so every key is a literal
STAGE_KEY = {
    "simulasi": "demo_tahap_simulasi",
    "referensi": "demo_tahap_referensi",
    "impor": "demo_tahap_impor",
    "terbit": "demo_tahap_terbit",
}
# the province build's stages (sensus.demo.province.STAGES), the same way
PROVINCE_STAGE_KEY = {
    "mulai": "demo_provinsi_mulai",
    "kabupaten": "demo_provinsi_kemajuan",
}


def build_demo_if_missing() -> None:
    """Build the demo store when there is none yet, showing one progress bar with the stage in plain words (no
    file names), then run the dashboard afresh: the bar is gone and the page draws as on any later visit.

    The build is the whole page at whatever path was asked (whole_page): the link opens its view when it is done.
    """
    cfg = configuration()
    if province.is_province_demo(cfg):
        # a few stats per run: every served kabupaten's store and published version
        if province.missing(cfg):
            whole_page.show(_build_province, t("demo_provinsi_judul"), "membangun")
        return
    if reader.store_path().exists():
        return
    if not cfg.demo:
        # a real deployment's store is made by its first import, never as a demo
        whole_page.show(_no_store_yet, t("belum_ada_data_judul"), "belum-ada-data")
    whole_page.show(_build, t("membangun_demo"), "membangun")


def _no_store_yet() -> None:
    st.title(t("belum_ada_data_judul"))
    st.info(t("belum_ada_data"), icon=":material/database:")


def _build() -> None:
    screen = st.empty()
    bar = screen.progress(0.0, text=t("membangun_demo"))

    def stage(name: str, done: float, **values) -> None:
        bar.progress(done, text=f"{t('membangun_demo')} · {t(STAGE_KEY[name], **values)}")

    builder.ensure(reader.store_path(), configuration(), progress=lambda _text: None, stage=stage)
    screen.empty()
    st.rerun()


def province_progress_text(name: str, **values) -> str:
    """The bar's text for a stage of the province build: 'Membangun demo provinsi: 12 dari 35 kabupaten/kota ·
    Kabupaten Blora'."""
    return t(PROVINCE_STAGE_KEY[name], **values)


def _build_province() -> None:
    cfg = configuration()
    screen = st.empty()
    # the count comes with the build's first stage, once it knows what is done already
    bar = screen.progress(0.0, text=t("demo_provinsi_judul"))

    def stage(name: str, done: float, **values) -> None:
        bar.progress(done, text=province_progress_text(name, **values))

    # every kabupaten missing its store or its published version, in worker processes; the reasons of any that
    # fail go to the server's log, their names to the viewer
    result = province.ensure(cfg, stage=stage, progress=lambda _line: None)
    screen.empty()
    if not result.is_whole:
        names = ", ".join(cfg.for_kabupaten(kode).nama_kab for kode in result.failed)
        st.error(t("demo_provinsi_gagal_judul", nama=names), icon=":material/error:")
        return
    st.rerun()
