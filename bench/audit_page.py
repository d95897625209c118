"""What the audit page costs as the journal grows: server memory of one AppTest run of the page, per journal length.

    python -m bench.audit_page                       # 1,000 · 70,000 · 700,000 events, the page as shipped
    python -m bench.audit_page --events 70000        # one length

Each run is a fresh Python (bench.common.in_child) on a one-row store whose journal holds N synthetic events
(written straight to the file, as months of sign-ins would leave it). "whole journal" sets the page to read and
show every event, as it did before it was bounded: the page then fails on Streamlit's cell limit, after reading
everything. RSS before = after the imports, the store and the journal are ready; peak = the process's VmHWM.
"""

import argparse
import json
import os
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench import common


def render(events: str, mode: str) -> dict:
    """One AppTest run of the audit page as an operator, over a journal of `events` events."""
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    from harness import apptest_frame
    from sensus.app import configured, signin
    from sensus.app.views import audit as audit_view
    from sensus.auth import audit, sessions, users
    from sensus.core import config
    from sensus.ingest import importer

    folder = Path(tempfile.mkdtemp(prefix="audit-page-", dir=common.scratch("audit_page")))
    store = folder / "sensus.duckdb"
    # the dashboard in this process reads the same configuration: this store and this users file
    os.environ["PANTAU_STORE"] = str(store)
    os.environ["PANTAU_USERS"] = str(folder / "users.json")
    cfg = config.read()
    village = common.region_villages(cfg.kode_kab)["kode_desa"][0]
    export = folder / "ekspor.csv"
    export.write_text(f"id_submisi,kode_desa,waktu_submit,jumlah_art\nA1,{village},{cfg.mulai} 10:00,3\n")
    importer.load_submissions(export, store, cfg=cfg)
    start = datetime(2020, 3, 1, tzinfo=UTC)
    with open(audit.journal_path(store), "w", encoding="utf-8") as journal:
        for i in range(int(events)):
            waktu = (start + timedelta(seconds=i)).isoformat()
            journal.write(json.dumps({"waktu": waktu, "pengguna": "u", "aksi": "masuk_gagal", "rincian": "salah"}))
            journal.write("\n")
    configured.configuration.clear()
    users.add("bench-operator", ["operator"], None, "bench-kata-sandi-panjang", cfg.auth.users_path, region=cfg.wilayah)
    if mode == "whole":
        audit_view.SHOWN = None  # read and show every event, as the page did before
    apptest_frame.every_run_through_the_frame()
    PagesManager.uses_pages_directory = False
    st.cache_data.clear()
    before = common.rss_mib()
    app = AppTest.from_file(str(common.ROOT / "dashboard.py"), default_timeout=300)
    app.session_state[signin.TOKEN] = sessions.issue("bench-operator", cfg.auth)
    app.switch_page("pages/audit.py")
    began = time.perf_counter()
    app.run()
    return {
        "events": int(events),
        "mode": mode,
        "journal_mib": round(audit.journal_path(store).stat().st_size / 2**20, 1),
        "rss_before_mib": before,
        "rss_after_mib": common.rss_mib(),
        "run_s": round(time.perf_counter() - began, 2),
        "rows_shown": len(app.dataframe[0].value) if app.dataframe else 0,
        "exception": bool(app.exception),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", default="1000,70000,700000")
    args = parser.parse_args()
    # by its module's name: run as `python -m`, this module is __main__, which the child cannot import
    from bench.audit_page import render as in_its_module

    runs = []
    for events in args.events.split(","):
        for mode in ("bounded", "whole"):
            runs.append(common.in_child(in_its_module, events, mode))
            print(runs[-1])
    rows = [
        [
            f"{r['events']:,}",
            r["journal_mib"],
            "newest 1,000 (shipped)" if r["mode"] == "bounded" else "whole journal (before)",
            r["rows_shown"],
            "yes" if r["exception"] else "no",
            r["rss_before_mib"],
            r["rss_after_mib"],
            r["peak_rss_mib"],
            r["run_s"],
        ]
        for r in runs
    ]
    header = ["events", "journal MiB", "page reads", "rows shown", "exception", "RSS before", "RSS after", "peak", "s"]
    markdown = "\n\n".join(
        [
            "## Audit page memory (`python -m bench.audit_page`)",
            "One AppTest run of the audit page (operator) per fresh process, over a journal of N events; RSS in MiB "
            "(before = imports, store and journal ready; peak = VmHWM of the process).",
            common.table_md(header, rows),
        ]
    )
    common.save("audit_page", {"runs": runs}, markdown)


if __name__ == "__main__":
    main()
