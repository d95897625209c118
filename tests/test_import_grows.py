"""A file that grows while it is read: the half line the reader meets is not the file's fault, it is still being
written. The import says the file changed (berkas_berubah), whatever reading the half line made of it, and leaves
the store as it was."""

import pytest

from sensus.ingest import importer, sources
from tests.helpers.imports import CFG, assert_unchanged, fingerprint, row, small_import_store, write_csv


@pytest.mark.parametrize("kode_desa", ["33.16.05.1014", "3316051014"])
def test_a_file_growing_under_the_reader_is_refused_as_changed(monkeypatch, tmp_path, kode_desa):
    store_path, folder, _, _ = small_import_store(tmp_path)
    before = fingerprint(store_path)
    path = write_csv(folder / "tumbuh.csv", [row(f"G{i}", kode_desa) for i in range(50)])
    real_stage = sources.stage

    def stage_while_the_writer_appends(*args, **kwargs):
        # the exporter is still writing: half a line, cut in the middle of its village code
        with open(path, "a", encoding="utf-8") as export:
            export.write(f"G50,{kode_desa[:6]}")
        return real_stage(*args, **kwargs)

    monkeypatch.setattr(sources, "stage", stage_while_the_writer_appends)
    with pytest.raises(sources.ImportRefused) as refused:
        importer.load_submissions(path, store_path, cfg=CFG)
    assert refused.value.code == "berkas_berubah"
    assert_unchanged(store_path, before)
