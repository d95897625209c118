"""Two replica groups sharing nothing but PostgreSQL, as real servers in Chromium (bench/replica_groups.py sets
them up): an import on the importer shows on both servers' next rerun, a lockout after failed sign-ins on one holds
on the other until `users unlock`, and neither server's folder holds anything but its own local copy."""

import uuid

import psycopg
import pytest

from bench import replica_groups as rg
from harness import browser as harness_browser
from sensus.core import i18n

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Sleman's kabupaten page: its households responded and clean, as numbers
KAB_KK, KAB_CLEAN = rg.KABUPATEN_KK, "Rumah tangga clean"


@pytest.fixture(scope="module")
def groups(postgres_server, tmp_path_factory):
    """The importer (DI Yogyakarta's five stores published), the users, and the groups' empty folders, on a
    database of their own."""
    name = f"t_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(postgres_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"{postgres_server.rsplit('/', 1)[0]}/{name}"
    made = rg.Groups(tmp_path_factory.mktemp("replika"), dsn)
    try:
        rg.prepare(made)
        yield made
    finally:
        with psycopg.connect(postgres_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def running(groups):
    with rg.servers(groups) as started:
        yield started


def new_page(browser):
    return browser.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID").new_page()


def sleman_page(page, url: str) -> dict[str, str]:
    page.goto(f"{url}/ringkasan?kab={rg.SLEMAN}")
    harness_browser.wait_until_settled(page)
    return rg.metrics(page)


def test_an_import_on_the_importer_shows_on_both_servers_next_rerun(groups, running, browser, tmp_path):
    before = rg.importer_report(groups)
    pages = {}
    for who in rg.GROUPS:
        pages[who] = new_page(browser)
        rg.signed_in(pages[who], running[who].url, rg.HEAD, rg.PASSWORD)
        shown = rg.metrics(pages[who])
        assert pages[who].locator("h1").first.inner_text() == "SP2020 Online · Provinsi Daerah Istimewa Yogyakarta"
        assert {k: shown[k] for k in (rg.PROVINCE_KK, rg.PROVINCE_PERSONS)} == rg.province_expected(before)
    kabupaten = pages["a"].context.new_page()
    assert sleman_page(kabupaten, running["a"].url)[KAB_KK] == i18n.angka(before[rg.SLEMAN]["kk_respon"])

    rg.ingest(groups, rg.new_export(tmp_path, 1, rows=1500))
    after = rg.importer_report(groups)
    expected = rg.province_expected(after)
    assert after[rg.SLEMAN]["kk_respon"] > before[rg.SLEMAN]["kk_respon"]
    assert {k: after[k] for k in rg.KABUPATEN if k != rg.SLEMAN} == {
        k: before[k] for k in rg.KABUPATEN if k != rg.SLEMAN
    }

    # the next rerun of each server: the importer's own report, nothing in between
    for who in rg.GROUPS:
        pages[who].reload()
        harness_browser.wait_until_settled(pages[who])
        shown = rg.metrics(pages[who])
        assert {k: shown[k] for k in (rg.PROVINCE_KK, rg.PROVINCE_PERSONS)} == expected, who
    kabupaten.reload()
    harness_browser.wait_until_settled(kabupaten)
    shown = rg.metrics(kabupaten)
    assert shown[KAB_KK] == i18n.angka(after[rg.SLEMAN]["kk_respon"])
    assert shown[KAB_CLEAN] == i18n.angka(after[rg.SLEMAN]["kk_clean"])


def test_a_lockout_on_one_server_holds_on_the_other_until_unlocked(groups, running, browser):
    on_a = new_page(browser)
    messages = [rg.refused(on_a, running["a"].url, rg.PIMPINAN, rg.WRONG) for _ in range(5)]
    assert all(message.startswith(rg.WRONG_PASSWORD) for message in messages), messages

    # the right password, from the same address (127.0.0.1), on the other server
    on_b = new_page(browser)
    assert rg.refused(on_b, running["b"].url, rg.PIMPINAN, rg.PASSWORD).startswith(rg.LOCKED)
    on_a_again = new_page(browser)
    assert rg.refused(on_a_again, running["a"].url, rg.PIMPINAN, rg.PASSWORD).startswith(rg.LOCKED)

    rg.sensus(groups, "admin", "users", "unlock", rg.PIMPINAN)
    for who in ("b", "a"):
        page = new_page(browser)
        rg.signed_in(page, running[who].url, rg.PIMPINAN, rg.PASSWORD)
        # the pimpinan bound to Sleman lands on Sleman's pages
        assert KAB_KK in sleman_page(page, running[who].url), who


def test_each_server_holds_only_its_own_copy(groups, running, browser):
    for who in rg.GROUPS:  # both have served a signed-in page (and refreshed their copies)
        rg.signed_in(new_page(browser), running[who].url, rg.HEAD, rg.PASSWORD)
    held = {who: rg.listing(groups.path(who)) for who in rg.GROUPS}
    for who, files in held.items():
        assert files, who
        # nothing but the local copy of the published marts and of the stores: no store, users file or audit log
        assert all(name.startswith("terbit-replika/") for name in files), (who, files)
        assert not (groups.path(who) / "users.json").exists()
        assert "terbit-replika/stores/34.04.duckdb" in files
    assert rg.listing(groups.path("admin")) == []
    importer = rg.inodes(groups.path("importer"))
    copies = {who: rg.inodes(groups.path(who)) for who in rg.GROUPS}
    assert not copies["a"] & copies["b"]
    assert not (copies["a"] | copies["b"]) & importer
