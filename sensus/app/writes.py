"""What every page that changes a kabupaten's store does around the change: it writes only where the store lives,
and publishes the kabupaten afterwards so the province pages and the replicas see it.

With PostgreSQL, dashboard replicas read copies of what was published and hold no store of their own: a change
made there would start a second store beside the real one. Their upload and event forms say where changes are
made instead (the kabupaten's importer server, which holds the store).
"""

from pathlib import Path

import duckdb
import streamlit as st

from sensus.app import state
from sensus.app.configured import configuration
from sensus.province import publish
from sensus.province.versions import PublishedRootUnsafe

UNPUBLISHED = "_terbit_gagal"  # the warning of a change stored but not published, shown after the rerun
# a publish that fails for any of these leaves the change stored; the next publish catches up
PUBLISH_ERRORS = (publish.PublishFailed, PublishedRootUnsafe, OSError, duckdb.Error)


def own_store() -> Path:
    """The kabupaten's own store, the one a change is written to (the pages may read a replica's copy)."""
    return configuration().store_path


def is_read_only_here() -> bool:
    """A replica of a deployment on PostgreSQL that holds no store of this kabupaten: nothing may be written."""
    cfg = configuration()
    return cfg.postgres is not None and not cfg.store_path.exists()


def say_read_only() -> None:
    st.info(state.t("replika_hanya_baca", kab=configuration().nama_kab), icon=":material/sync_lock:")


def publish_change() -> None:
    """Publish the run's kabupaten after a change to its store, when the deployment publishes; a failure is kept
    for the next run to say (the change itself stays stored)."""
    cfg = configuration()
    if cfg.terbit_path is None:
        return
    try:
        publish.publish(own_store(), cfg.kode_kab, cfg.terbit_path, nama_kab=cfg.nama_kab, postgres=cfg.postgres)
    except PUBLISH_ERRORS as error:
        sebab = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        st.session_state[UNPUBLISHED] = state.t(
            "unggah_terbit_gagal", sebab=state.literal(sebab, 200), kode=cfg.kode_kab
        )


def say_unpublished() -> None:
    """The warning a publish that failed in the previous run left (once)."""
    if unpublished := st.session_state.pop(UNPUBLISHED, None):
        st.warning(unpublished)


def publish_and_say() -> None:
    """Publish after a change whose page goes on in the same run (an event saved or deleted): a failure is said now."""
    publish_change()
    say_unpublished()
