"""Every text a user reads, in Bahasa Indonesia and English, and numbers and dates as each reads them.

t("kunci") looks a text up; formatting goes through babel (id_ID: 12.345 and 12,3 %).
"""

from datetime import date, datetime

from babel import dates as babel_dates
from babel import numbers as babel_numbers

BAHASA = ("id", "en")
LOCALE = {"id": "id_ID", "en": "en_GB"}

TEXT: dict[str, tuple[str, str]] = {
    # import: files refused whole
    "berkas_tidak_ada": ("{berkas}: berkas tidak ditemukan", "{berkas}: file not found"),
    "bukan_berkas": ("{berkas}: ini folder, bukan berkas", "{berkas}: this is a folder, not a file"),
    "berkas_kosong": ("{berkas}: berkas kosong (0 byte)", "{berkas}: the file is empty (0 bytes)"),
    "format_tidak_dikenal": (
        "{berkas}: format '{akhiran}' tidak dikenal; gunakan CSV, Parquet atau XLSX",
        "{berkas}: unknown format '{akhiran}'; use CSV, Parquet or XLSX",
    ),
    "kolom_wajib_hilang": (
        "{berkas}: kolom wajib tidak ada: {kolom} (kolom yang ada: {ada})",
        "{berkas}: required columns missing: {kolom} (columns found: {ada})",
    ),
    "berkas_tidak_terbaca": ("{berkas}: berkas tidak dapat dibaca: {sebab}", "{berkas}: cannot read the file: {sebab}"),
    "tidak_ada_baris": ("{berkas}: hanya judul kolom, tidak ada baris data", "{berkas}: header only, no data rows"),
    # import: rejected rows
    "id_submisi_kosong": ("id_submisi kosong", "id_submisi is empty"),
    "kode_desa_kosong": ("kode_desa kosong", "kode_desa is empty"),
    "kode_desa_tidak_sah": ("kode_desa bukan kode wilayah 10 digit", "kode_desa is not a 10-digit area code"),
    "kode_desa_tidak_dikenal": ("kode_desa tidak ada di daftar wilayah Blora", "kode_desa is not in Blora's list"),
    "kode_desa_luar_kabupaten": ("kode_desa dari luar Kabupaten Blora", "kode_desa is outside Kabupaten Blora"),
    "waktu_submit_kosong": ("waktu_submit kosong", "waktu_submit is empty"),
    "waktu_submit_tidak_terbaca": ("waktu_submit tidak terbaca", "waktu_submit cannot be read"),
    "jumlah_art_kosong": ("jumlah_art kosong", "jumlah_art is empty"),
    "jumlah_art_bukan_angka": ("jumlah_art bukan angka", "jumlah_art is not a number"),
    "jumlah_art_di_luar_1_99": ("jumlah_art di luar 1–99", "jumlah_art outside 1–99"),
    "no_kk_tidak_16_digit": ("no_kk tidak 16 digit", "no_kk is not 16 digits"),
    "status_tidak_dikenal": ("status bukan 'respon' atau 'clean'", "status is not 'respon' or 'clean'"),
    "duplikat_id_submisi": (
        "id_submisi ganda dalam berkas; baris terakhir dipakai",
        "id_submisi repeated in the file; the last line counts",
    ),
    "penduduk_tidak_sah": ("penduduk bukan bilangan bulat positif", "penduduk is not a positive whole number"),
    "kk_tidak_sah": ("kk bukan bilangan bulat positif", "kk is not a positive whole number"),
    "kk_melebihi_penduduk": ("kk lebih besar dari penduduk", "kk exceeds penduduk"),
    "kode_desa_ganda": ("kode_desa muncul lebih dari sekali", "kode_desa appears more than once"),
    "tanggal_tidak_terbaca": ("tanggal tidak terbaca", "tanggal cannot be read"),
    "jenis_kosong": ("jenis kegiatan kosong", "event kind is empty"),
    "kode_wilayah_tidak_dikenal": ("kode wilayah tidak dikenal", "unknown area code"),
    # import: summary
    "ringkasan_impor": (
        "{berkas}: {baris_dibaca} baris dibaca · {submisi_baru} submisi baru · {rumah_tangga_baru} rumah tangga baru"
        " · {diperbarui} diperbarui · {sama} sudah ada · {duplikat} duplikat · {ditolak} ditolak"
        " · {luar_jendela} di luar jendela",
        "{berkas}: {baris_dibaca} rows read · {submisi_baru} new submissions · {rumah_tangga_baru} new households"
        " · {diperbarui} updated · {sama} already stored · {duplikat} duplicates · {ditolak} rejected"
        " · {luar_jendela} outside the window",
    ),
    "sudah_diimpor": (
        "{berkas}: berkas ini sudah pernah diimpor; tidak ada yang berubah",
        "{berkas}: this file was already imported; nothing changed",
    ),
    "kolom_dibuang": ("kolom dibuang (tidak disimpan): {kolom}", "columns dropped (not stored): {kolom}"),
    "baris_ditolak_contoh": ("  baris {baris}: {alasan}{nilai}", "  line {baris}: {alasan}{nilai}"),
    # dashboard: frame and shared controls
    "judul_aplikasi": ("Pantau SP2020 · Kabupaten Blora", "Pantau SP2020 · Kabupaten Blora"),
    "membangun_demo": (
        "Belum ada data: membangun data demo (simulasi) …",
        "No data yet: building the demo store (simulated) …",
    ),
    "demo_siap": ("Data demo siap", "Demo store ready"),
    "label_demo": (
        '**Data simulasi.** Target dan submisi di sini adalah simulasi untuk demo (target: "demo"); '
        "hanya rakor 20 Feb 2020 yang nyata.",
        '**Simulated data.** Targets and submissions here are simulated for the demo (targets: "demo"); '
        "only the 20 Feb 2020 rakor are real.",
    ),
    "ukuran": ("Ukuran", "Measure"),
    "ukuran_penduduk": ("Penduduk", "Persons"),
    "ukuran_kk": ("Rumah tangga (KK)", "Households (KK)"),
    "per_tanggal": ("Data per tanggal", "Data as of"),
    "per_tanggal_bantuan": (
        "Hari (WIB) terakhir yang dihitung; bawaan: hari terakhir yang ada datanya",
        "Last day (WIB) counted; default: the last day with data",
    ),
    "tanggal_url_salah": (
        "Tanggal di tautan tidak terbaca: '{nilai}'. Ditampilkan hari terakhir yang ada datanya.",
        "The date in the link cannot be read: '{nilai}'. Showing the last day with data.",
    ),
    "tanggal_di_luar_jendela": (
        "Tanggal {nilai} di luar masa SP Online ({mulai} – {selesai}). Ditampilkan hari terakhir yang ada datanya.",
        "{nilai} is outside the SP Online window ({mulai} – {selesai}). Showing the last day with data.",
    ),
    "kode_url_salah": (
        "Kode {tingkat} di tautan tidak dikenal: '{nilai}'. Pilih dari daftar.",
        "Unknown {tingkat} code in the link: '{nilai}'. Pick one from the list.",
    ),
    "kabupaten": ("kabupaten", "regency"),
    "kecamatan": ("kecamatan", "district"),
    "desa": ("desa/kelurahan", "village"),
    "halaman_ringkasan": ("Ringkasan Kabupaten", "Regency overview"),
    "halaman_kecamatan": ("Kecamatan", "District"),
    "halaman_desa": ("Desa/Kelurahan", "Village"),
    "halaman_sosialisasi": ("Sosialisasi & Rencana", "Outreach & planning"),
    "halaman_data": ("Data", "Data"),
    "bagian_pantau": ("Pantau", "Monitor"),
    "bagian_tindak": ("Tindak lanjut", "Act"),
    "bagian_kelola": ("Kelola", "Manage"),
    "store_tidak_ada": ("Store tidak ditemukan: {path}", "Store not found: {path}"),
    # charts
    "tidak_ada_target": (
        "Belum ada target penduduk/KK: muat dengan `python -m sensus targets BERKAS`",
        "No targets yet: load them with `python -m sensus targets FILE`",
    ),
    "belum_ada_respon": ("Belum ada respon pada tanggal ini", "No responses yet on this date"),
    "peta_tidak_ada": ("Batas wilayah tidak tersedia", "Boundaries not available"),
    "jalur_target": ("Jalur target", "Target path"),
    "capaian": ("Capaian", "Coverage"),
    "persen_penduduk": ("Respon penduduk (%)", "Persons responded (%)"),
    "persen_kk": ("Respon rumah tangga (%)", "Households responded (%)"),
    "baru_penduduk": ("Penduduk baru per hari", "New persons per day"),
    "baru_kk": ("Rumah tangga baru per hari", "New households per day"),
    "rata_7_hari": ("Rata-rata 7 hari", "7-day mean"),
    "kegiatan": ("Kegiatan (rakor/sosialisasi)", "Events (rakor/outreach)"),
    "judul_kurva": ("Capaian kumulatif terhadap jalur target", "Cumulative coverage against the target path"),
    "judul_harian": ("Respon baru per hari (WIB)", "New responses per day (WIB)"),
    # overview
    "ringkasan_judul": ("SP2020 Online · Kabupaten Blora", "SP2020 Online · Kabupaten Blora"),
    "ringkasan_sub": (
        "Data per {tanggal} (WIB) · {hari} hari lagi sampai {selesai}",
        "Data as of {tanggal} (WIB) · {hari} days left until {selesai}",
    ),
    "respon_penduduk": ("Respon penduduk", "Persons responded"),
    "respon_kk": ("Respon rumah tangga", "Households responded"),
    "kk_respon": ("Rumah tangga respon", "Responding households"),
    "kk_clean": ("Rumah tangga clean", "Clean households"),
    "sisa_hari": ("Sisa hari", "Days left"),
    "selisih_target": ("Selisih dengan jalur target", "Gap to the target path"),
    "dibanding_kemarin": ("dibanding kemarin", "vs yesterday"),
    "vs_minggu_lalu": ("{nilai} dalam 7 hari", "{nilai} in 7 days"),
    "dari_target": ("dari {target}", "of {target}"),
    "persen_clean": ("{nilai} dari yang respon", "{nilai} of responding"),
    "target_akhir": ("Target {target} pada {selesai}", "Target {target} on {selesai}"),
    "peringkat_kecamatan": ("Peringkat 16 kecamatan", "Ranking of the 16 districts"),
    "peta_kecamatan": ("Peta capaian kecamatan", "District coverage map"),
    "klik_peta": ("Klik kecamatan di peta untuk membuka halamannya.", "Click a district on the map to open it."),
    "nama": ("Nama", "Name"),
    "kode": ("Kode", "Code"),
    "kolom_kk_target": ("Target KK", "Target households"),
    "kolom_penduduk_target": ("Target penduduk", "Target persons"),
    "kolom_kk_respon": ("KK respon", "Households responded"),
    "kolom_penduduk_respon": ("Penduduk respon", "Persons responded"),
    "kolom_kk_clean": ("KK clean", "Clean households"),
    "kolom_persen_kk": ("% KK", "% households"),
    "kolom_persen_penduduk": ("% penduduk", "% persons"),
    "kolom_naik_7_hari": ("Naik 7 hari (poin %)", "7-day change (pp)"),
    "kolom_status_jalur": ("Terhadap jalur target", "Against target path"),
    "sesuai_jalur": ("sesuai jalur", "on track"),
    "di_bawah_jalur": ("di bawah jalur", "behind"),
    "sumber_target": ("Sumber target: {sumber}", "Targets from: {sumber}"),
    "unduh_csv": ("Unduh CSV", "Download CSV"),
    "unduh_xlsx": ("Unduh XLSX", "Download XLSX"),
    # --- halaman kecamatan, desa, data (issue 4) ---
    # --- sosialisasi & rencana (issue 5) ---
}


def t(key: str, bahasa: str = "id", **values) -> str:
    """The text for `key` in `bahasa` ('id' or 'en'), with {placeholders} filled."""
    indonesian, english = TEXT[key]
    text = english if bahasa == "en" else indonesian
    return text.format(**values) if values else text


def angka(value: float | int | None, bahasa: str = "id", digits: int = 0) -> str:
    """12345 → '12.345' (id) or '12,345' (en); None → '–'."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=LOCALE[bahasa])


def persen(value: float | None, bahasa: str = "id", digits: int = 1) -> str:
    """12.34 (already in percent) → '12,3 %' (id) or '12.3%' (en)."""
    if value is None:
        return "–"
    number = angka(value, bahasa, digits)
    return f"{number} %" if bahasa == "id" else f"{number}%"


def tanggal(day: date | datetime | None, bahasa: str = "id", format: str = "d MMM yyyy") -> str:
    """date(2020, 2, 20) → '20 Feb 2020'; format='full' → 'Kamis, 20 Februari 2020'."""
    if day is None:
        return "–"
    if format == "full":
        return babel_dates.format_date(day, format="full", locale=LOCALE[bahasa])
    return babel_dates.format_date(day, format=format, locale=LOCALE[bahasa])
