"""Sign-in, roles and hostile links in Chromium, and the operator's upload → dry run → save → undo on the demo."""

import http.server
import re
import shutil
import subprocess
import sys
import threading
import typing
import urllib.parse

import duckdb
import pytest
from playwright.sync_api import expect

from harness import browser as harness
from tests.e2e.helpers import E2E_PASSWORD, ROOT, session_cookie
from tests.fixtures import DESA

# the page each role opens on: words of its title
FIRST_TITLE = {
    "pimpinan": "SP2020 Online · Kabupaten Blora",
    "camat": "Kecamatan Cepu",
    "perencana": "SP2020 Online · Kabupaten Blora",
    "operator": "Data: impor",
    "admin": "Pengguna",
}


def sign_in(page, name: str, password: str = E2E_PASSWORD) -> None:
    page.get_by_label("Nama pengguna").fill(name)
    page.get_by_label("Kata sandi").fill(password)
    # Enter in the form's last field commits both values and submits in one step (a click right after
    # fill could beat the commit of the typed value on a loaded machine)
    page.get_by_label("Kata sandi").press("Enter")


def signed_in(page, name: str) -> str:
    """Sign in with the right password and return the title of the page it leads to. Waits for the sign-in form to
    go first: until the submit reaches the server, the sign-in page itself looks settled."""
    sign_in(page, name)
    expect(page.get_by_label("Kata sandi")).to_have_count(0, timeout=60_000)
    return settled_title(page)


def settled_title(page) -> str:
    harness.wait_until_settled(page)
    return page.locator("h1").first.inner_text()


@pytest.fixture
def signed_out(browser, app_url):
    """A browser context with no cookie."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
    yield context
    context.close()


@pytest.mark.parametrize("role", list(FIRST_TITLE))
def test_each_role_signs_in_and_sees_its_pages(signed_out, app_url, role):
    page = signed_out.new_page()
    page.goto(app_url)
    assert settled_title(page) == "Masuk ke Pantau SP2020"
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    assert FIRST_TITLE[role] in signed_in(page, f"e2e-{role}")
    # a role with one page has no menu at all
    menu = page.locator("[data-testid='stSidebarNav']")
    nav = menu.inner_text() if menu.count() else ""
    assert ("Ringkasan" in nav) == (role in ("pimpinan", "perencana"))
    assert ("Unggah" in nav) == (role == "operator")
    if role == "camat":
        body = page.locator("[data-testid='stMain']").inner_text()
        # no other kecamatan and none of the store's kabupaten figures; the published SP2020 points (Indonesia,
        # Jawa Tengah, Kabupaten Blora) are public and shown to a camat for comparison (issue 19)
        assert "Cepu" in body and "Jati" not in body
        assert "SP2020 Online · Kabupaten Blora" not in body and "Peringkat 16 kecamatan" not in body
        assert "Kabupaten Blora" in body


def test_a_wrong_password_is_refused_and_repeated_failures_lock_the_name(signed_out, app_url):
    page = signed_out.new_page()
    page.goto(app_url)
    harness.wait_until_settled(page)
    for _ in range(5):
        sign_in(page, "e2e-admin", "bukan-sandinya-1234")
        harness.wait_until_settled(page)
        expect(page.get_by_text("Nama pengguna atau kata sandi salah.")).to_be_visible()
    # locked now: even the right password is refused until the lockout passes
    sign_in(page, "e2e-admin")
    harness.wait_until_settled(page)
    expect(page.get_by_text("Terlalu banyak percobaan gagal", exact=False)).to_be_visible()
    assert page.locator("h1").first.inner_text() == "Masuk ke Pantau SP2020"


def test_a_session_survives_reloads_and_new_tabs_until_sign_out(signed_out, app_url):
    page = signed_out.new_page()
    page.goto(app_url)
    harness.wait_until_settled(page)
    assert "SP2020 Online" in signed_in(page, "e2e-perencana")
    page.reload()
    assert "SP2020 Online" in settled_title(page)
    tab = signed_out.new_page()
    tab.goto(app_url + "/sosialisasi")
    assert "Masuk" not in settled_title(tab)
    tab.get_by_role("button", name="Keluar").click()
    expect(tab.get_by_label("Kata sandi")).to_have_count(1, timeout=60_000)
    assert settled_title(tab) == "Masuk ke Pantau SP2020"
    # sign-out ends the user's sessions: the other tab's next load is signed out too
    page.reload()
    assert settled_title(page) == "Masuk ke Pantau SP2020"


def test_a_link_opened_signed_out_leads_to_its_view_after_sign_in(signed_out, app_url):
    page = signed_out.new_page()
    page.goto(app_url + "/desa?desa=33.16.05.1011&ukuran=kk")
    assert settled_title(page) == "Masuk ke Pantau SP2020"
    assert signed_in(page, "e2e-pimpinan") == "Kelurahan Tambakromo"
    assert "/desa?" in page.url and "desa=33.16.05.1011" in page.url and "ukuran=kk" in page.url
    page.reload()  # and the session cookie was written on the way
    assert settled_title(page) == "Kelurahan Tambakromo"


def test_a_forged_or_foreign_cookie_is_not_a_session(signed_out, app_url):
    good = session_cookie(app_url, "e2e-pimpinan")
    payload, signature = good["value"].split(".")
    forged = {**good, "value": f"{payload}.{signature[::-1]}"}
    signed_out.add_cookies([forged])
    page = signed_out.new_page()
    page.goto(app_url)
    assert settled_title(page) == "Masuk ke Pantau SP2020"


def test_a_camat_cannot_open_another_kecamatan_or_a_kabupaten_page(signed_out, app_url):
    signed_out.add_cookies([session_cookie(app_url, "e2e-camat")])
    page = signed_out.new_page()
    page.goto(app_url + "/kecamatan?kec=33.16.01")
    assert settled_title(page) == "Kecamatan Cepu"
    assert "Jati" not in page.locator("[data-testid='stMain']").inner_text()
    page.goto(app_url + "/ringkasan")
    assert settled_title(page) == "Kecamatan Cepu"
    assert "Peringkat 16 kecamatan" not in page.locator("[data-testid='stMain']").inner_text()


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: typing.ClassVar[list[str]] = []

    def do_GET(self):
        self.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """An HTTP server on 127.0.0.1 recording every request: a crafted link must not make the page call it."""
    _Recorder.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Recorder.hits
    server.shutdown()


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("ringkasan", "tanggal"),
        ("kecamatan", "kec"),
        ("desa", "desa"),
        ("ringkasan", "bahasa"),
        ("ringkasan", "ukuran"),
    ],
)
def test_markup_in_a_link_is_shown_as_text_and_fetches_nothing(page, app_url, listener, path, parameter):
    outside, hits = listener
    crafted = f"![x]({outside}/img.png) [klik]({outside}/link) <img src='{outside}/html.png'> **tebal**"
    page.goto(f"{app_url}/{path}?{urllib.parse.urlencode({parameter: crafted})}")
    harness.wait_until_settled(page)
    main = page.locator("[data-testid='stApp']")
    assert main.locator(f"img[src^='{outside}']").count() == 0
    assert main.locator(f"a[href^='{outside}']").count() == 0
    assert main.locator("strong", has_text="tebal").count() == 0
    if parameter in ("tanggal", "kec", "desa"):
        # the refused value is echoed, literally
        expect(page.get_by_text(f"![x]({outside}/img.png)", exact=False).first).to_be_visible()
    assert hits == []


@pytest.fixture
def operator_app(tmp_path, fixture_store, users_file):
    """A server of its own on a copy of a real store, as the upload changes it (the demo store takes no uploads)."""
    store = tmp_path / "sensus.duckdb"
    shutil.copyfile(fixture_store[0], store)
    shutil.copyfile(fixture_store[0].with_suffix(".salt"), store.with_suffix(".salt"))
    with harness.serving(ROOT, store) as url:
        yield url, store


def test_upload_dry_run_save_and_undo(browser, operator_app, tmp_path):
    url, store = operator_app
    export = tmp_path / "ekspor_unggah.csv"
    lines = ["id_submisi,kode_desa,waktu_submit,jumlah_art,no_kk,nama"]
    lines += [
        f"UP{i:04d},{DESA[i % 3]},2020-03-20 10:{i % 60:02d},{1 + i % 5},3316{i:012d},Warga {i}" for i in range(40)
    ]
    lines += ["UP9999,3316999999,2020-03-20 11:00,2,,Luar"]
    export.write_text("\n".join(lines) + "\n")
    before = _count(store)

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="id-ID")
    context.add_cookies([session_cookie(url, "e2e-operator")])
    page = context.new_page()
    page.goto(url + "/unggah")
    assert settled_title(page) == "Unggah ekspor"
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(str(export))
    expect(page.get_by_text("Uji coba: yang akan terjadi bila disimpan")).to_be_visible(timeout=60_000)
    harness.wait_until_settled(page)
    metrics = page.locator("[data-testid='stMetric']").all_inner_texts()
    assert any("Baris dibaca" in m and "41" in m for m in metrics)
    assert any("Ditolak" in m and "1" in m for m in metrics)
    assert _count(store) == before  # the dry run stored nothing

    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tersimpan.").first).to_be_visible(timeout=60_000)
    assert _count(store) == before + 40
    # what was stored replaces the dry run: no "nothing stored yet" above it, nothing left to save
    expect(page.get_by_text("Belum ada yang disimpan.")).to_have_count(0)
    expect(page.get_by_role("button", name="Simpan")).to_have_count(0)

    harness.wait_until_settled(page)
    # the undo list offers the batch just saved first, named after the file and the operator
    expect(page.get_by_role("combobox", name="Impor")).to_have_value(re.compile(r"ekspor_unggah\.csv · e2e-operator$"))
    page.get_by_text("Saya yakin ingin membatalkan impor ini").click()
    page.get_by_role("button", name="Batalkan impor").click()
    # 40 new submissions taken back: removed, not "restored"; the form no longer holds the undone batch, unticked
    expect(page.get_by_text("40 submisi dihapus.", exact=False).first).to_be_visible(timeout=60_000)
    assert _count(store) == before
    harness.wait_until_settled(page)
    expect(page.get_by_role("combobox", name="Impor")).not_to_have_value(re.compile(r"ekspor_unggah\.csv"))
    expect(page.get_by_role("checkbox", name="Saya yakin ingin membatalkan impor ini")).not_to_be_checked()
    context.close()

    con = duckdb.connect(str(store), read_only=True)
    # the upload is recorded as the operator who saved it, the undo as the one who undid it
    oleh = "select pengguna from impor_oleh join impor using (impor_id) where berkas = 'ekspor_unggah.csv'"
    assert con.sql(oleh).fetchall() == [("e2e-operator",)]
    assert con.sql("select pengguna from impor_batal").fetchall() == [("e2e-operator",)]
    con.close()


COUNT = (
    "import duckdb, sys; "
    "print(duckdb.connect(sys.argv[1], read_only=True).sql('select count(*) from submisi').fetchall()[0][0])"
)


def _count(store) -> int:
    """Submissions in the published store, read by another process as an outside observer would."""
    out = subprocess.run([sys.executable, "-c", COUNT, str(store)], capture_output=True, text=True, check=True)
    return int(out.stdout)
