"""Every page, as each role opens it, for four regions: Blora, Kota Semarang (a kota of kelurahan), Cilacap (a large
kabupaten) and Kota Banda Aceh (outside Jawa Tengah, no boundaries), each on its own demo store. No page raises,
every page has its title, and outside Blora no element of any page (texts, tables, charts) says "Blora"."""

from datetime import date

import pytest

from sensus.app import context
from sensus.core import wilayah_indonesia
from tests import regions
from tests.apptest import open_dashboard

pytestmark = pytest.mark.slow  # builds four demo stores and renders every page of each

# what each role opens (the operator's and admin's pages hold no region figures beyond these)
ROLE_PAGES = {
    "pimpinan": ("ringkasan", "kecamatan", "desa", "sosialisasi", "data"),
    "camat": ("kecamatan", "desa", "sosialisasi", "data"),
}
DAYS = (date(2020, 2, 16), date(2020, 3, 31))


def _everything_shown(node) -> str:
    """The text of every element under `node` as its protobuf prints it: labels, values, table cells and chart
    specs alike (an English caption and a plotly title are both in there)."""
    proto = getattr(node, "proto", None)
    shown = [str(proto)] if proto is not None else []
    children = getattr(node, "children", None) or {}
    shown += [_everything_shown(child) for child in children.values()]
    return "\n".join(shown)


def _words_shown(app) -> str:
    """The words a viewer reads: titles, headings, paragraphs, captions, notices and metric labels."""
    kinds = (app.title, app.header, app.subheader, app.markdown, app.caption, app.info, app.warning, app.error)
    texts = [element.value for kind in kinds for element in kind]
    texts += [metric.label for metric in app.metric]
    return "\n".join(str(text) for text in texts)


def _camat_kecamatan(kode: str) -> str:
    return wilayah_indonesia.wilayah(kode)["kode_kec"].unique().sort()[0]


@pytest.mark.parametrize("kode", regions.REGIONS)
@pytest.mark.parametrize("role", sorted(ROLE_PAGES))
def test_every_page_opens_for_the_region_and_names_no_other(monkeypatch, region_store, kode, role):
    built = region_store(kode)
    monkeypatch.setenv("PANTAU_KABUPATEN", kode)
    kecamatan = _camat_kecamatan(kode) if role == "camat" else None
    for bahasa in ("id", "en"):
        for day in DAYS:
            for page in ROLE_PAGES[role]:
                app = open_dashboard(
                    monkeypatch,
                    built.store,
                    page=page,
                    role=role,
                    kecamatan=kecamatan,
                    bahasa=bahasa,
                    tanggal=day.isoformat(),
                )
                where = f"{kode} {role} {page} {bahasa} {day}"
                assert not app.exception, f"{where}: {app.exception[0].value}"
                assert app.title, f"{where}: no title"
                shown = _everything_shown(app.main) + _everything_shown(app.sidebar)
                if kode != "33.16":
                    assert "Blora" not in shown, f"{where} names Blora"


@pytest.mark.parametrize("kode", ("33.74", "11.71"))
def test_the_overview_names_the_region_and_its_own_words(monkeypatch, region_store, kode):
    built = region_store(kode)
    monkeypatch.setenv("PANTAU_KABUPATEN", kode)
    app = open_dashboard(monkeypatch, built.store, bahasa="id")
    assert not app.exception
    title = app.title[0].value
    assert built.cfg.nama_kab in title
    # a kota is a kota on its overview, never a kabupaten
    words = _words_shown(app).lower().replace("kabupaten/kota", "")
    assert "kota" in words and "kabupaten" not in words, "a kota's overview says kabupaten"
    # no source published its kecamatan: one sentence says so, not "0 of 16" under an empty chart
    nothing = context.text("terbit_kecamatan_tidak_ada_sama_sekali", "id", built.cfg)
    assert nothing in [caption.value for caption in app.caption]
    assert not any("0 dari" in caption.value for caption in app.caption)


def test_blora_keeps_its_published_kecamatan_chart(monkeypatch, region_store):
    built = region_store("33.16")
    monkeypatch.setenv("PANTAU_KABUPATEN", "33.16")
    app = open_dashboard(monkeypatch, built.store, bahasa="id")
    assert not app.exception
    nothing = context.text("terbit_kecamatan_tidak_ada_sama_sekali", "id", built.cfg)
    assert nothing not in [caption.value for caption in app.caption]
    assert any("7 dari 16" in caption.value for caption in app.caption)


@pytest.mark.parametrize("kode", ("33.16", "11.71"))
def test_the_ranking_counts_the_regions_own_kecamatan(monkeypatch, region_store, kode):
    built = region_store(kode)
    monkeypatch.setenv("PANTAU_KABUPATEN", kode)
    app = open_dashboard(monkeypatch, built.store, bahasa="id")
    n = wilayah_indonesia.wilayah(kode)["kode_kec"].n_unique()
    assert f"Peringkat {n} kecamatan" in [s.value for s in app.subheader]
