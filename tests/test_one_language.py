"""One language: every page rendered in English shows no Indonesian word from the list of known leaks (event kinds,
audit actions as stored codes, the chart legend's "rakor/sosialisasi"), its date fields write the English order, and
no page writes a month another way than the others ("22 Sept" beside "31 Mar")."""

import json
from datetime import date

import pytest

from sensus.app.views import audit as audit_view
from sensus.app.views import upload
from sensus.auth import audit
from sensus.core import i18n
from sensus.ingest import kegiatan
from tests import fixtures
from tests.apptest import open_dashboard, open_tab

pytestmark = pytest.mark.slow  # every test renders pages with AppTest

# texts that reached English pages before: Indonesian phrases, and codes shown as stored in a table cell
PHRASES = ("rakor/sosialisasi", *upload.STAGES[1:], "poin %", "poin persen")
CODES = {*audit.ACTIONS, *kegiatan.JENIS}
ENGLISH_DATE_FIELD = "YYYY/MM/DD"


def page_texts(app) -> tuple[str, set[str]]:
    """Every text of the page (elements' protos, plotly specs) as one string, and every table cell and header, and
    every name a chart gives its traces (a legend entry)."""
    texts, cells = [], set()

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if type(node).__name__ == "Dataframe":
            frame = node.value
            cells.update(str(c) for c in frame.columns)
            for column in frame.columns:
                cells.update(str(v) for v in frame[column].tolist())
        elif proto is not None and getattr(proto, "spec", None):
            spec = json.loads(proto.spec)
            texts.append(json.dumps(spec, ensure_ascii=False))
            cells.update(str(trace.get("name")) for trace in spec.get("data", []))
        elif proto is not None:
            texts.append(str(proto))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(app._tree)
    return " ".join(texts), cells


def leaks_of(app) -> list[str]:
    text, cells = page_texts(app)
    return [phrase for phrase in PHRASES if phrase in text] + sorted(CODES & cells)


def date_fields(app) -> list[str]:
    return [field.proto.format for field in app.date_input]


@pytest.fixture(scope="module")
def store_with_audit(fixture_store, tmp_path_factory):
    """A copy of the tiny store whose audit log holds one entry of every action."""
    path = fixtures.copy_store(fixture_store[0], tmp_path_factory.mktemp("one_language"))
    for aksi in audit.ACTIONS:
        audit.record("uji", aksi, "", path)
    return path


PAGES = [
    ("ringkasan", "pimpinan"),
    ("kecamatan", "pimpinan"),
    ("desa", "pimpinan"),
    ("data", "operator"),
    ("unggah", "operator"),
    ("audit", "operator"),
    ("pengguna", "admin"),
]


@pytest.mark.parametrize(("page", "role"), PAGES)
def test_every_page_in_english_has_no_known_indonesian_leak(monkeypatch, store_with_audit, page, role):
    app = open_dashboard(monkeypatch, store_with_audit, page=page, role=role, bahasa="en")
    assert not app.exception
    assert leaks_of(app) == []
    assert set(date_fields(app)) <= {ENGLISH_DATE_FIELD}


@pytest.mark.parametrize("tab", range(5))
def test_every_planning_tab_in_english_has_no_known_indonesian_leak(monkeypatch, store_with_audit, tab):
    app = open_dashboard(monkeypatch, store_with_audit, page="sosialisasi", role="perencana", bahasa="en")
    app = open_tab(app, tab)
    assert not app.exception
    assert leaks_of(app) == []
    # the event form and the edit form write the day as the sidebar does
    assert set(date_fields(app)) == {ENGLISH_DATE_FIELD}


def test_the_audit_page_names_every_action_in_words_of_each_language(monkeypatch, store_with_audit):
    for bahasa in i18n.BAHASA:
        app = open_dashboard(monkeypatch, store_with_audit, page="audit", role="operator", bahasa=bahasa)
        shown = set(app.dataframe[0].value.iloc[:, 2])
        assert shown == {i18n.t(key, bahasa) for key in audit_view.AKSI.values()}
        assert set(audit_view.AKSI) == set(audit.ACTIONS)


def test_the_upload_names_each_stage_in_the_viewers_language():
    for stage in upload.STAGES:
        english = i18n.t(upload.STAGE_TEXT[stage], "en")
        assert english and english != stage and not any(word in english for word in ("berkas", "baris", "menyimpan"))


def test_a_short_month_is_three_letters_in_both_languages():
    for bahasa in i18n.BAHASA:
        for month in range(1, 13):
            day, name, year = i18n.tanggal(date(2020, month, 22), bahasa).split()
            assert (day, year, len(name)) == ("22", "2020", 3), (bahasa, name)
        assert i18n.tanggal(date(2020, 9, 22), bahasa, "d MMM") == "22 Sep"


def test_indonesian_says_poin_one_way():
    for key, texts in i18n.catalog().items():
        assert "poin %" not in texts["id"] and "poin persen" not in texts["id"], key


@pytest.mark.parametrize("bahasa", i18n.BAHASA)
def test_the_camats_impact_card_says_why_its_event_cannot_be_assessed(monkeypatch, fixture_store, bahasa):
    # bound to Jati, which held a rakor on 20 Feb: with no other kecamatan in view there is nothing to compare with
    app = open_dashboard(monkeypatch, fixture_store[0], page="sosialisasi", role="camat", bahasa=bahasa)
    assert not app.exception
    said = " ".join(element.value for element in [*app.markdown, *app.caption])
    assert i18n.t("dampak_tidak_ada", bahasa) in said
    assert "20 Feb · " in said and i18n.jenis_kegiatan("rakor", bahasa) in said
