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
    "berkas_kosong": ("{berkas}: berkas kosong, tidak ada isinya", "{berkas}: the file is empty"),
    "format_tidak_dikenal": (
        "{berkas}: format '{akhiran}' tidak dikenal; gunakan CSV, Parquet atau XLSX",
        "{berkas}: unknown format '{akhiran}'; use CSV, Parquet or XLSX",
    ),
    "kolom_wajib_hilang": (
        "{berkas}: kolom wajib tidak ada: {kolom} (kolom yang ada: {ada})",
        "{berkas}: required columns missing: {kolom} (columns found: {ada})",
    ),
    "berkas_tidak_terbaca": ("{berkas}: berkas tidak dapat dibaca: {sebab}", "{berkas}: cannot read the file: {sebab}"),
    "berkas_berubah": (
        "{berkas}: berkas berubah saat dibaca (masih disalin?); tunggu sampai selesai lalu impor lagi",
        "{berkas}: the file changed while being read (still being copied?); wait until it is complete, then retry",
    ),
    "disk_penuh": (
        "{berkas}: disk penuh; kosongkan ruang lalu impor lagi (data yang sudah ada tidak berubah)",
        "{berkas}: the disk is full; free some space and retry (the stored data did not change)",
    ),
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
    # shared by the three pages
    "info_belum_ada_submisi": (
        "Belum ada submisi di store. Muat ekspor dengan `python -m sensus ingest BERKAS` (atau `demo`).",
        "No submissions in the store yet. Load exports with `python -m sensus ingest FILE` (or `demo`).",
    ),
    "info_tidak_ada_target": (
        "Belum ada target penduduk/KK, jadi persentase belum bisa dihitung: "
        "muat dengan `python -m sensus targets BERKAS`.",
        "No targets yet, so no rates can be computed: load them with `python -m sensus targets FILE`.",
    ),
    "pilih_kecamatan": ("Kecamatan", "District"),
    "pilih_desa": ("Desa/kelurahan", "Village"),
    "kec_nama": ("Kec. {nama}", "{nama} district"),
    "x_dari_y": ("{x} dari {y}", "{x} of {y}"),
    "ya": ("ya", "yes"),
    "tidak": ("tidak", "no"),
    "kk_belum": ("Rumah tangga belum respon", "Households still to reach"),
    "kk_belum_bantuan": ("Target KK dikurangi KK yang sudah respon", "Target households minus responding ones"),
    "rumah_tangga": ("Rumah tangga", "Households"),
    "kolom_kode": ("Kode", "Code"),
    "kolom_nama": ("Nama", "Name"),
    "kolom_tanggal": ("Tanggal", "Date"),
    "kolom_jenis": ("Jenis", "Kind"),
    "kolom_keterangan": ("Keterangan", "Description"),
    "kolom_sisa_kk": ("KK belum respon", "Households to reach"),
    "kolom_sisa_penduduk": ("Penduduk belum respon", "Persons to reach"),
    "kolom_hari_tanpa_respon": ("Hari tanpa KK baru", "Days without new household"),
    "kolom_hari_respon_terakhir": ("KK baru terakhir", "Last new household"),
    "kolom_kk_baru": ("KK baru", "New households"),
    "kolom_penduduk_baru": ("Penduduk baru", "New persons"),
    "kolom_kk_baru_7_hari": ("KK baru 7 hari", "New households, 7 days"),
    # kecamatan
    "kecamatan_judul": ("Kecamatan {nama}", "{nama} district"),
    "kecamatan_sub": (
        "Data per {tanggal} (WIB) · {desa} desa/kelurahan",
        "Data as of {tanggal} (WIB) · {desa} villages",
    ),
    "peringkat_ke": ("peringkat {ke} dari {dari} kecamatan", "ranked {ke} of {dari} districts"),
    "di_atas_jalur": ("{poin} poin di atas jalur target", "{poin} pp above the target path"),
    "di_bawah_jalur_poin": ("{poin} poin di bawah jalur target", "{poin} pp below the target path"),
    "info_belum_ada_respon_tanggal": (
        "Belum ada respon di kecamatan ini sampai {tanggal}. Pilih tanggal yang lebih akhir di samping.",
        "No responses in this district up to {tanggal}. Pick a later date in the sidebar.",
    ),
    "dibanding_kabupaten": ("dibanding kabupaten", "vs the regency"),
    "kabupaten_nilai": ("Kabupaten: {nilai}", "Regency: {nilai}"),
    "menuju_target": ("{jumlah} lagi menuju {target}", "{jumlah} more to reach {target}"),
    "desa_macet": ("Desa tanpa KK baru", "Villages without new households"),
    "tanpa_kk_baru_n_hari": ("dalam {n} hari terakhir", "in the last {n} days"),
    "peringkat_desa": ("Peringkat desa/kelurahan", "Villages ranked"),
    "peta_desa": ("Peta capaian desa/kelurahan", "Village coverage map"),
    "klik_desa": ("Klik desa di peta untuk membuka halamannya.", "Click a village on the map to open it."),
    "pilih_baris_desa": (
        "Pilih satu baris untuk membuka halaman desa/kelurahan itu.",
        "Select a row to open that village's page.",
    ),
    "macet": ("macet", "stalled"),
    "kolom_status_macet": ("Status", "Status"),
    "daftar_rakor": ("Daftar desa untuk rakor", "Village list for the coordination meeting"),
    "daftar_rakor_bantuan": (
        "Semua desa/kelurahan kecamatan ini, yang tertinggal di atas: target, respon, persentase, "
        "rumah tangga yang belum respon, dan tanda macet (tanpa KK baru {n} hari).",
        "Every village of this district, lagging ones first: targets, responses, rates, households still to "
        "reach, and a stalled flag (no new household in {n} days).",
    ),
    "heatmap_desa": ("Respon baru per desa per hari", "New responses per village per day"),
    "judul_heatmap": ("Respon baru per hari (WIB); putih = tidak ada", "New responses per day (WIB); white = none"),
    "desa_macet_judul": ("Desa/kelurahan yang macet", "Stalled villages"),
    "hari_macet": ("Macet bila tanpa KK baru selama (hari)", "Stalled after days without a new household"),
    "tidak_ada_desa_macet": (
        "Tidak ada desa/kelurahan tanpa KK baru dalam {n} hari terakhir.",
        "No village went {n} days without a new household.",
    ),
    "macet_bantuan": (
        "Desa yang belum pernah respon dihitung sejak awal masa SP Online.",
        "A village that never responded counts from the first day of the SP Online window.",
    ),
    "kegiatan_kecamatan": ("Kegiatan (rakor, sosialisasi)", "Events (rakor, outreach)"),
    "tidak_ada_kegiatan": ("Belum ada kegiatan tercatat untuk kecamatan ini.", "No events recorded for this district."),
    "kolom_nama_wilayah": ("Wilayah", "Area"),
    "kolom_simulasi": ("Simulasi", "Simulated"),
    # desa
    "judul_desa": ("Desa {nama}", "{nama} village"),
    "judul_kelurahan": ("Kelurahan {nama}", "{nama} urban village"),
    "desa_sub": (
        "Kec. {kec} · kode {kode} · data per {tanggal} (WIB)",
        "{kec} district · code {kode} · data as of {tanggal} (WIB)",
    ),
    "ke_kecamatan": ("Kembali ke Kecamatan {nama}", "Back to {nama} district"),
    "info_desa_belum_respon": (
        "Belum ada rumah tangga yang respon di desa/kelurahan ini sampai {tanggal}.",
        "No household of this village has responded up to {tanggal}.",
    ),
    "info_desa_tanpa_target": (
        "Desa/kelurahan ini belum punya target, jadi persentasenya belum bisa dihitung.",
        "This village has no target yet, so its rate cannot be computed.",
    ),
    "dibanding_kecamatan": ("dibanding kecamatan", "vs the district"),
    "kecamatan_nilai": ("Kec. {nama}: {nilai}", "{nama} district: {nilai}"),
    "menuju_target_judul": ("KK lagi untuk target {target}", "Households to go for {target}"),
    "menuju_target_bantuan": (
        "Rumah tangga yang masih perlu respon agar desa ini mencapai target SP Online pada {selesai}",
        "Households still needed for this village to reach the SP Online target by {selesai}",
    ),
    "per_hari": ("≈ {n} KK per hari selama {hari} hari", "≈ {n} households a day for {hari} days"),
    "hari_tanpa_kk_baru": ("Hari tanpa KK baru", "Days without a new household"),
    "terakhir": ("terakhir {tanggal}", "last on {tanggal}"),
    "belum_pernah": ("belum pernah ada", "none yet"),
    "judul_respon_clean": ("Rumah tangga respon dan clean (kumulatif)", "Responding and clean households (cumulative)"),
    "judul_sisa_target": ("Target rumah tangga: clean, respon, belum", "Target households: clean, responded, to reach"),
    "segmen_clean": ("clean", "clean"),
    "segmen_respon": ("respon, belum clean", "responded, not yet clean"),
    "segmen_belum": ("belum respon", "still to reach"),
    "angka_harian": ("Angka harian desa/kelurahan ini", "This village's daily figures"),
    # data
    "data_judul": ("Data: impor, kelengkapan, kesegaran", "Data: imports, completeness, freshness"),
    "data_sub": (
        "Untuk petugas data: apakah ekspor sudah dimuat, lengkap dan bersih? Waktu dalam WIB.",
        "For the data officer: are the exports loaded, complete and clean? Times in WIB.",
    ),
    "submisi_terakhir": ("Submisi terakhir", "Latest submission"),
    "impor_terakhir": ("Impor terakhir", "Latest import"),
    "hari_data_terakhir": ("Hari terakhir ada respon", "Last day with responses"),
    "hari_data_terakhir_bantuan": (
        "Hari (WIB) terakhir di dalam masa SP Online yang punya rumah tangga baru",
        "The last day (WIB) inside the SP Online window with a new household",
    ),
    "desa_bertarget": ("Desa/kelurahan bertarget", "Villages with a target"),
    "jumlah_tersimpan": (
        "Tersimpan: {submisi} submisi, {rumah_tangga} rumah tangga dihitung di masa SP Online.",
        "Stored: {submisi} submissions, {rumah_tangga} households counted inside the SP Online window.",
    ),
    "data_basi_tanggal": (
        "Data hanya sampai {terakhir}, lebih dari {hari} hari sebelum tanggal yang dilihat ({tanggal}): "
        "angka hari-hari terakhir belum lengkap. Muat ekspor terbaru.",
        "The data runs only to {terakhir}, more than {hari} days before the date viewed ({tanggal}): "
        "the last days' figures are incomplete. Load the latest export.",
    ),
    "data_basi_impor": (
        "Impor terakhir {hari} hari yang lalu (batas {batas} hari). Muat ekspor terbaru.",
        "The latest import was {hari} days ago (limit {batas} days). Load the latest export.",
    ),
    "riwayat_impor": ("Riwayat impor", "Import history"),
    "belum_ada_impor": ("Belum ada impor.", "No imports yet."),
    "jenis_impor_submisi": ("submisi", "submissions"),
    "jenis_impor_target": ("target", "targets"),
    "jenis_impor_kegiatan": ("kegiatan", "events"),
    "kolom_waktu_impor": ("Waktu (WIB)", "When (WIB)"),
    "kolom_berkas": ("Berkas", "File"),
    "kolom_baris_dibaca": ("Baris", "Rows"),
    "kolom_submisi_baru": ("Baru", "New"),
    "kolom_rumah_tangga_baru": ("KK baru", "New households"),
    "kolom_diperbarui": ("Diperbarui", "Updated"),
    "kolom_sama": ("Sudah ada", "Already stored"),
    "kolom_duplikat": ("Duplikat", "Duplicates"),
    "kolom_ditolak": ("Ditolak", "Rejected"),
    "kolom_luar_jendela": ("Di luar masa", "Outside window"),
    "kolom_kolom_dibuang": ("Kolom dibuang", "Columns dropped"),
    "baris_ditolak_judul": ("Baris yang ditolak", "Rejected rows"),
    "tidak_ada_baris_ditolak": ("Tidak ada baris yang ditolak.", "No rejected rows."),
    "saring_berkas": ("Berkas", "File"),
    "saring_alasan": ("Alasan", "Reason"),
    "semua": ("semua", "all"),
    "baris_ditampilkan": ("{n} dari {dari} baris", "{n} of {dari} rows"),
    "kolom_baris": ("Baris ke", "Line"),
    "kolom_alasan": ("Alasan", "Reason"),
    "kolom_nilai": ("Nilai", "Value"),
    "kolom_id_submisi": ("id_submisi", "id_submisi"),
    "kolom_kode_desa": ("kode_desa", "kode_desa"),
    "kolom_waktu_submit": ("waktu_submit", "waktu_submit"),
    "kolom_jumlah_art": ("jumlah_art", "jumlah_art"),
    "kolom_status": ("status", "status"),
    "ditolak_bantuan": (
        "Baris ditolak tidak dihitung. Kolom pribadi (no_kk, nama, NIK, alamat) tidak pernah disimpan.",
        "Rejected rows are not counted. Personal columns (no_kk, name, NIK, address) are never stored.",
    ),
    "desa_tanpa_target": ("Desa/kelurahan tanpa target", "Villages without a target"),
    "semua_desa_bertarget": ("Semua desa/kelurahan punya target.", "Every village has a target."),
    "desa_tanpa_target_bantuan": (
        "{n} desa/kelurahan tanpa target: responnya tidak masuk persentase.",
        "{n} villages without a target: their responses are left out of the rates.",
    ),
    "desa_tanpa_submisi": ("Desa/kelurahan tanpa submisi", "Villages without submissions"),
    "semua_desa_ada_submisi": ("Semua desa/kelurahan punya submisi.", "Every village has submissions."),
    "desa_tanpa_submisi_bantuan": (
        "{n} desa/kelurahan tanpa satu pun submisi: periksa ekspor atau kode wilayah.",
        "{n} villages without a single submission: check the exports or the area codes.",
    ),
    "kolom_nama_kec": ("Kecamatan", "District"),
    "kolom_jumlah_submisi": ("Submisi", "Submissions"),
    # --- sosialisasi & rencana (issue 5) ---
    # priority list: the reasons beside each village
    "alasan_sisa": ("{n} KK belum respon", "{n} households not yet responded"),
    "alasan_bawah_kecamatan": ("{poin} poin di bawah Kec. {kecamatan}", "{poin} pp below {kecamatan} district"),
    "alasan_bawah_jalur": ("baru {persen}, di bawah jalur target", "only {persen}, below the target path"),
    "alasan_tanpa_kegiatan": ("{hari} hari tanpa kegiatan", "{hari} days without an event"),
    "alasan_belum_pernah": ("belum pernah ada kegiatan", "no event yet"),
    "alasan_macet": ("tidak ada KK baru 7 hari terakhir", "no new household in the last 7 days"),
    "alasan_melambat": (
        "melambat: {kini} KK baru minggu ini, {lalu} minggu lalu",
        "slowing: {kini} new this week, {lalu} the week before",
    ),
    # forecast flags
    "status_sesuai": ("sesuai jalur", "on track"),
    "status_berisiko": ("berisiko", "at risk"),
    "status_meleset": ("meleset", "off track"),
    # the daily WhatsApp summary
    "wa_judul": ("*SP2020 Online · {wilayah}*", "*SP2020 Online · {wilayah}*"),
    "wa_per_tanggal": ("Data per {tanggal} (WIB)", "Data as of {tanggal} (WIB)"),
    "wa_respon": (
        "Respon penduduk: *{persen}* ({delta} poin dari kemarin) · {penduduk} jiwa",
        "Persons responded: *{persen}* ({delta} pp since yesterday) · {penduduk} persons",
    ),
    "wa_kk": ("Rumah tangga respon: {kk} (+{baru} kemarin)", "Households responded: {kk} (+{baru} yesterday)"),
    "wa_jalur_di_atas": (
        "Jalur target hari ini {jalur}: *di atas jalur* (+{poin} poin)",
        "Target path today {jalur}: *ahead* (+{poin} pp)",
    ),
    "wa_jalur_di_bawah": (
        "Jalur target hari ini {jalur}: *di bawah jalur* (-{poin} poin)",
        "Target path today {jalur}: *behind* (-{poin} pp)",
    ),
    "wa_tertinggi": ("Tertinggi: {daftar}", "Highest: {daftar}"),
    "wa_terendah": ("Terendah: {daftar}", "Lowest: {daftar}"),
    "wa_macet": (
        "Desa/kelurahan macet (tanpa KK baru ≥ {hari} hari): {n} dari {total}",
        "Stalled villages (no new household for ≥ {hari} days): {n} of {total}",
    ),
    "wa_sisa_hari": ("Sisa waktu: {hari} hari (sampai {selesai})", "Time left: {hari} days (until {selesai})"),
    "wa_perkiraan": (
        "Perkiraan {selesai}: *{persen}* ({bawah}–{atas}), target {target}: *{status}*",
        "Forecast for {selesai}: *{persen}* ({bawah}–{atas}), target {target}: *{status}*",
    ),
    "wa_target_tercapai": (
        "Dengan laju sekarang target tercapai sekitar {tanggal}",
        "At the current pace the target is reached around {tanggal}",
    ),
    "wa_target_tidak_tercapai": (
        "Dengan laju sekarang target tidak tercapai dalam setahun",
        "At the current pace the target is not reached within a year",
    ),
    "wa_penutup": (
        "Ayo ajak warga isi sensus.bps.go.id sebelum batas waktu!",
        "Let's ask everyone to fill in sensus.bps.go.id before the deadline!",
    ),
    # outreach page: frame and the three answers
    "sos_judul": ("Sosialisasi & Rencana", "Outreach & planning"),
    "sos_sub": (
        "Data per {tanggal} (WIB) · {hari} hari lagi sampai {selesai}",
        "Data as of {tanggal} (WIB) · {hari} days left until {selesai}",
    ),
    "tanya_ke_mana": ("Ke mana rakor berikutnya?", "Where should the next rakor go?"),
    "jawab_ke_mana": (
        "**Kec. {kecamatan}**: {n} desa prioritas, {sisa} KK belum respon ({contoh})",
        "**{kecamatan}**: {n} priority villages, {sisa} households to reach ({contoh})",
    ),
    "jawab_ke_mana_bantuan": (
        "Kecamatan yang memuat paling banyak dari 30 desa teratas daftar prioritas; alasannya di tab Prioritas.",
        "Districts holding most of the top 30 villages of the priority list; the reasons are in the Priorities tab.",
    ),
    "tanya_dampak": ("Apakah kegiatan menaikkan respon?", "Did the events lift responses?"),
    "jawab_dampak": (
        "**{tanggal}**: naik di {naik} dari {n} wilayah (median {efek})",
        "**{tanggal}**: up in {naik} of {n} areas (median {efek})",
    ),
    "jawab_dampak_semua": (
        "Semua kegiatan yang bisa dinilai: naik di {naik} dari {n}",
        "All events that can be assessed: up in {naik} of {n}",
    ),
    "jawab_dampak_bantuan": (
        "Dibanding wilayah tanpa kegiatan pada hari yang sama; rincian per wilayah di tab Dampak kegiatan.",
        "Against areas without an event on the same days; each area in the Event impact tab.",
    ),
    "tanya_target": ("Target tercapai pada {selesai}?", "Will we reach the target by {selesai}?"),
    "perkiraan_akhir": ("Perkiraan {selesai}", "Forecast for {selesai}"),
    "rentang_bantuan": ("Rentang 80 %: {bawah} – {atas}", "80% range: {bawah} – {atas}"),
    "jawab_target": (
        "Rentang {bawah} – {atas}; target {target}.",
        "Range {bawah} – {atas}; target {target}.",
    ),
    "target_tercapai_pada": (
        "Dengan laju sekarang target tercapai sekitar {tanggal}.",
        "At the current pace the target is reached around {tanggal}.",
    ),
    "target_tidak": (
        "Dengan laju sekarang target tidak tercapai dalam setahun.",
        "At the current pace the target is not reached within a year.",
    ),
    "tab_prioritas": ("Prioritas desa", "Village priorities"),
    "tab_dampak": ("Dampak kegiatan", "Event impact"),
    "tab_perkiraan": ("Perkiraan", "Forecast"),
    "tab_kegiatan": ("Kegiatan", "Events"),
    "tab_pesan": ("Pesan harian", "Daily message"),
    # outreach page: priority list
    "prioritas_penjelasan": (
        "Desa diurutkan menurut apa yang bisa didapat dari pertemuan di sana. Skor 0–100 = rata-rata berbobot "
        "lima bagian; geser bobotnya sesuai pertimbangan Anda. Kolom *Alasan* menyebut bagian yang paling "
        "membedakan desa itu dari desa lain.",
        "Villages ranked by what a meeting there could gain. Score 0–100 = weighted mean of five parts; move the "
        "weights to match your judgement. The *Reason* column names the parts that set the village apart most.",
    ),
    "bobot_judul": ("Bobot skor", "Score weights"),
    "bobot_sisa": ("KK belum respon", "Households left"),
    "bobot_sisa_bantuan": (
        "Jumlah KK terdaftar yang belum respon, dibanding desa dengan sisa terbanyak",
        "Registered households not yet responded, relative to the village with the most left",
    ),
    "bobot_bawah_kecamatan": ("Di bawah kecamatan", "Below its district"),
    "bobot_bawah_kecamatan_bantuan": (
        "Seberapa jauh capaian desa di bawah capaian kecamatannya",
        "How far the village's rate lies below its district's",
    ),
    "bobot_bawah_jalur": ("Di bawah jalur target", "Below the target path"),
    "bobot_bawah_jalur_bantuan": (
        "Seberapa jauh capaian desa di bawah jalur target hari ini",
        "How far the village's rate lies below today's target path",
    ),
    "bobot_lama_kegiatan": ("Lama tanpa kegiatan", "Time since an event"),
    "bobot_lama_kegiatan_bantuan": (
        "Hari sejak kegiatan terakhir di desa, kecamatan atau kabupaten; penuh setelah 14 hari",
        "Days since the last event in the village, its district or the regency; full after 14 days",
    ),
    "bobot_macet": ("Macet / melambat", "Stalled / slowing"),
    "bobot_macet_bantuan": (
        "Penuh bila tidak ada KK baru 7 hari terakhir; selain itu sebesar penurunan dibanding 7 hari sebelumnya",
        "Full when no household came in the last 7 days; else how much it fell against the 7 days before",
    ),
    "semua_kecamatan": ("Semua kecamatan", "All districts"),
    "saring_kecamatan": ("Kecamatan", "District"),
    "jumlah_baris": ("Jumlah desa ditampilkan", "Villages shown"),
    "prioritas_kosong": ("Belum ada desa bertarget untuk diurutkan.", "No village with targets to rank yet."),
    "kolom_peringkat": ("No.", "No."),
    "kolom_skor": ("Skor", "Score"),
    "kolom_hari_tanpa_kegiatan": ("Hari tanpa kegiatan", "Days since an event"),
    "kolom_kk_baru_7": ("KK baru 7 hari", "New households, 7 days"),
    "kolom_desa_teratas": ("Desa di 30 teratas", "Villages in the top 30"),
    "kolom_contoh": ("Contoh desa", "Example villages"),
    "rollup_judul": ("Per kecamatan: di mana rakor menjangkau paling banyak desa prioritas", "Per district"),
    "unduh_cetak": ("Versi cetak (HTML)", "Printable version (HTML)"),
    "unduh_cetak_bantuan": (
        "Buka berkasnya di peramban lalu cetak (Ctrl+P), untuk camat",
        "Open the file in a browser and print it (Ctrl+P), for the district head",
    ),
    "cetak_judul": ("Daftar prioritas desa untuk sosialisasi · {wilayah}", "Village priority list · {wilayah}"),
    "cetak_keterangan": ("Data per {tanggal} (WIB). Bobot: {bobot}.", "Data as of {tanggal} (WIB). Weights: {bobot}."),
    # stalled alerts (sensus.rencana.panel)
    "peringatan_judul": (
        "Peringatan: {n} dari {total} desa macet (tanpa KK baru ≥ {hari} hari) · {tertinggal} makin tertinggal",
        "Alerts: {n} of {total} villages stalled (no new household for ≥ {hari} days) · {tertinggal} falling behind",
    ),
    "peringatan_bantuan": (
        "Macet: tidak ada KK baru {hari} hari atau lebih. Makin tertinggal: di bawah jalur target dan 7 hari "
        "terakhir naik lebih sedikit daripada yang diminta jalur.",
        "Stalled: no new household for {hari} days or more. Falling behind: below the target path and the last "
        "7 days added less than the path asks for.",
    ),
    "peringatan_kecamatan": ("**Kecamatan macet atau makin tertinggal**", "**Districts stalled or falling behind**"),
    "tidak_ada_macet": (
        "Tidak ada desa tanpa KK baru {hari} hari terakhir.",
        "No village went {hari} days without a new household.",
    ),
    # outreach page: uplift
    "dampak_penjelasan": (
        "Untuk setiap kegiatan: rata-rata **KK baru per hari** di wilayahnya sesudah vs sebelum kegiatan, "
        "dibanding perubahan di wilayah tanpa kegiatan pada hari yang sama (*difference in differences*). "
        "Garis menunjukkan rentang 90 %; bila rentang memotong 0, hasilnya belum jelas.",
        "For each event: the mean **new households per day** in its area after vs before the event, against the "
        "change in areas without an event on the same days (difference in differences). Bars show the 90% "
        "range; when it crosses 0 the result is unclear.",
    ),
    "hari_sebelum": ("Hari sebelum kegiatan", "Days before the event"),
    "hari_sesudah": ("Hari sesudah kegiatan", "Days after the event"),
    "judul_dampak": ("Kenaikan KK baru per hari dibanding wilayah tanpa kegiatan", "Lift in new households per day"),
    "sumbu_dampak": ("Perubahan dibanding pembanding (%)", "Change against comparison areas (%)"),
    "jumlah_pembanding_hover": ("wilayah pembanding", "comparison areas"),
    "dampak_tidak_ada": ("Belum ada kegiatan yang bisa dinilai.", "No event can be assessed yet."),
    "kolom_vonis": ("Hasil", "Verdict"),
    "kolom_peluang_naik": ("Peluang naik", "Chance it rose"),
    "kolom_jumlah_pembanding": ("Wilayah pembanding", "Comparison areas"),
    "pilih_kegiatan": ("Lihat satu kegiatan", "Look at one event"),
    "kk_baru_wilayah": ("KK baru per hari, {nama}", "New households per day, {nama}"),
    "seandainya_tanpa": (
        "Seandainya bergerak seperti wilayah tanpa kegiatan",
        "Had it moved like areas without an event",
    ),
    "hari_kegiatan": ("kegiatan", "event"),
    "judul_seri_kegiatan": ("{nama}: sebelum dan sesudah kegiatan", "{nama}: before and after the event"),
    "rincian_wilayah": (
        "KK baru per hari di {nama}: {sebelum} sebelum → {sesudah} sesudah.",
        "New households per day in {nama}: {sebelum} before → {sesudah} after.",
    ),
    "rincian_pembanding": (
        "Rata-rata {n} {pembanding} tanpa kegiatan: {sebelum} → {sesudah}.",
        "Mean of {n} {pembanding} without an event: {sebelum} → {sesudah}.",
    ),
    "plasebo_judul": (
        "Uji pembanding: kecamatan tanpa kegiatan sekitar {tanggal} (seharusnya tidak naik)",
        "Check: districts without an event around {tanggal} (should show no lift)",
    ),
    "plasebo_bantuan": (
        "Cara yang sama diterapkan pada kecamatan yang tidak mengadakan kegiatan, seolah-olah ada kegiatan pada "
        'hari itu. Bila cara ini jujur, hasilnya "tidak jelas" untuk hampir semuanya.',
        "The same method applied to districts without an event, as if they had one that day. If the method is "
        'sound, nearly all of them come out "unclear".',
    ),
    "pembanding_kecamatan": ("kecamatan", "districts"),
    "pembanding_desa": ("desa", "villages"),
    "pembanding_kabupaten": ("kecamatan", "districts"),
    "vonis_naik": (
        "naik sekitar {efek} ({bawah}–{atas}) dibanding {pembanding} tanpa {jenis}",
        "up about {efek} ({bawah}–{atas}) against {pembanding} without a {jenis}",
    ),
    "vonis_turun": (
        "turun sekitar {efek} ({bawah}–{atas}) dibanding {pembanding} tanpa {jenis}",
        "down about {efek} ({bawah}–{atas}) against {pembanding} without a {jenis}",
    ),
    "vonis_tidak_jelas": (
        "tidak jelas: {efek} ({bawah} s.d. {atas}) dibanding {pembanding} tanpa {jenis}, bisa kebetulan",
        "unclear: {efek} ({bawah} to {atas}) against {pembanding} without a {jenis}, could be chance",
    ),
    "vonis_hari_kurang": (
        "belum bisa dinilai: {sebelum} hari sebelum dan {sesudah} hari sesudah (perlu ≥ {min} di tiap sisi)",
        "cannot be assessed yet: {sebelum} days before and {sesudah} after (needs ≥ {min} on each side)",
    ),
    "vonis_data_kurang": (
        "belum bisa dinilai: terlalu sedikit KK baru di wilayah ini",
        "cannot be assessed: too few new households in this area",
    ),
    "vonis_tanpa_pembanding": (
        "tidak ada {pembanding} pembanding tanpa kegiatan pada hari-hari itu; sesudah vs sebelum: {perubahan}",
        "no {pembanding} without an event on those days to compare with; after vs before: {perubahan}",
    ),
    "vonis_kabupaten": (
        "kegiatan tingkat kabupaten menyentuh semua {pembanding}, tidak ada pembanding; sesudah vs sebelum: "
        "{perubahan} (bisa juga karena sebab lain)",
        "a regency-wide event touches every district, so nothing to compare with; after vs before: "
        "{perubahan} (could have other causes)",
    ),
    "cara_baca_dampak": ("Cara menghitung", "How it is computed"),
    "metode_dampak": (
        "- **Jendela**: {sebelum} hari sebelum kegiatan dan {sesudah} hari sesudahnya; hari kegiatan sendiri "
        "tidak dihitung (pesan rakor sampai ke desa mulai esok harinya). Perlu minimal {min} hari di tiap sisi.\n"
        "- **Pembanding**: wilayah setingkat (kecamatan untuk rakor kecamatan, desa untuk kegiatan desa) yang "
        "tidak tersentuh kegiatan kecamatan/desa dalam kedua jendela. Kegiatan tingkat kabupaten menyentuh semua "
        "wilayah sama rata, jadi tidak mengurangi pembanding.\n"
        "- **Kenaikan** = (sesudah ÷ sebelum di wilayah) ÷ (sesudah ÷ sebelum di pembanding) - 1. Perubahan yang "
        "dialami semua wilayah (akhir pekan, hilangnya efek peluncuran) saling meniadakan.\n"
        "- **Rentang 90 %**: hari-hari di tiap jendela dan wilayah pembanding diundi ulang 2.000 kali (bootstrap); "
        "rentang memuat 90 % hasil undian. *Peluang naik* = bagian undian yang menunjukkan kenaikan.",
        "- **Windows**: {sebelum} days before the event and {sesudah} after; the event day itself is left out "
        "(a rakor's message reaches the villages from the next day). At least {min} days are needed on each side.\n"
        "- **Comparison**: areas of the same level (districts for a district rakor, villages for a village event) "
        "that no district or village event touched in either window. A regency-wide event touches every area "
        "alike, so it removes none.\n"
        "- **Lift** = (after ÷ before in the area) ÷ (after ÷ before in the comparison) - 1. Changes every area "
        "shared (weekends, the launch novelty fading) cancel out.\n"
        "- **90% range**: the days of each window and the comparison areas are redrawn 2,000 times (bootstrap); "
        "the range holds 90% of the redraws. *Chance it rose* = the share of redraws that show a lift.",
    ),
    # outreach page: forecast
    "judul_perkiraan": ("Capaian dan perkiraan sampai akhir masa", "Coverage and forecast to the end"),
    "perkiraan": ("Perkiraan (laju sekarang)", "Forecast (current pace)"),
    "rentang_perkiraan": ("Rentang 80 %", "80% range"),
    "tingkat_perkiraan": ("Perkiraan per", "Forecast by"),
    "kolom_persen_kini": ("Capaian kini", "Rate now"),
    "kolom_laju_penduduk": ("Penduduk baru/hari (7 hari)", "New persons/day (7 days)"),
    "kolom_laju_kk": ("KK baru/hari (7 hari)", "New households/day (7 days)"),
    "kolom_persen_akhir": ("Perkiraan {selesai}", "Forecast {selesai}"),
    "kolom_bawah": ("Batas bawah", "Low"),
    "kolom_atas": ("Batas atas", "High"),
    "kolom_tanggal_target": ("Target tercapai", "Target reached"),
    "kolom_status_perkiraan": ("Status", "Status"),
    "backtest_judul": ("Seberapa tepat perkiraan ini? (backtest)", "How good is this forecast? (backtest)"),
    "backtest_bantuan": (
        "Perkiraan yang dibuat dengan cara yang sama pada hari-hari sebelumnya, dibanding yang kemudian terjadi. "
        "MAE = rata-rata selisih mutlak, dalam poin persen.",
        "Forecasts made the same way on earlier days, against what then happened. MAE = mean absolute error, in "
        "percentage points.",
    ),
    "mae_label": ("MAE {tingkat} · {n} hari", "MAE {tingkat} · {n} days"),
    "poin_nilai": ("{nilai} poin", "{nilai} pp"),
    "mae_bantuan": (
        "Dari {jumlah} perkiraan; hasil jatuh dalam rentang 80 % pada {cakupan} kasus; rata-rata selisih "
        "(perkiraan - hasil) {bias} poin.",
        "From {jumlah} forecasts; the outcome fell in the 80% range in {cakupan} of them; mean error "
        "(forecast - outcome) {bias} pp.",
    ),
    "judul_backtest": ("Selisih perkiraan - hasil, menurut hari perkiraan dibuat", "Forecast - outcome by cut-off"),
    "hari_ke_depan": ("{n} hari ke depan", "{n} days ahead"),
    "hari_potong": ("Hari perkiraan dibuat", "Day the forecast was made"),
    "sumbu_meleset": ("Selisih (poin persen)", "Error (pp)"),
    "backtest_kurang": ("Belum cukup hari untuk backtest.", "Not enough days for a backtest yet."),
    "cara_baca_perkiraan": ("Cara menghitung", "How it is computed"),
    "metode_perkiraan": (
        "- **Laju**: respon baru 7 hari terakhir ÷ 7 (satu minggu memuat setiap hari sekali, jadi akhir pekan "
        "tidak membuatnya miring).\n"
        "- **Pola hari**: hari-hari ke depan mengikuti pola mingguan kabupaten (dekomposisi musiman statsmodels, "
        "tanpa minggu peluncuran), misalnya Sabtu ≈ 0,8 hari biasa.\n"
        "- **Perkiraan** = capaian hari ini + laju × pola hari sampai akhir masa ÷ target.\n"
        "- **Rentang 80 %**: selebar meleset-nya perkiraan serupa pada hari-hari sebelumnya (untuk jarak hari "
        "yang sama); di awal masa, laju minggu terlambat dan tercepat dari tiga minggu terakhir.\n"
        "- **Status**: *sesuai jalur* bila perkiraan mencapai target; *berisiko* bila hanya batas atas yang "
        "mencapainya; *meleset* bila batas atas pun tidak.\n"
        "- Model ini tidak tahu lonjakan menjelang batas waktu atau kegiatan yang akan datang: ia menjawab "
        '"bila laju seperti minggu ini".',
        "- **Pace**: new responses of the last 7 days ÷ 7 (a week holds each weekday once, so weekends do not "
        "tilt it).\n"
        "- **Weekday pattern**: the days ahead follow the regency's weekly pattern (statsmodels' seasonal "
        "decomposition, launch week left out), e.g. Saturday ≈ 0.8 of a weekday.\n"
        "- **Forecast** = today's coverage + pace × weekday pattern up to the end ÷ target.\n"
        "- **80% range**: as wide as the misses of the same forecasts on earlier days (for the same number of "
        "days ahead); early on, the slowest and fastest weekly pace of the last three weeks.\n"
        "- **Status**: *on track* when the forecast reaches the target; *at risk* when only the high end does; "
        "*off track* when not even that.\n"
        '- The model knows nothing of a rush before the deadline or of events to come: it answers "if the pace '
        "stays like this week's\".",
    ),
    # outreach page: events and the form
    "judul_linimasa": ("Linimasa kegiatan (tanda kosong = simulasi)", "Event timeline (hollow = simulated)"),
    "belum_ada_kegiatan": ("Belum ada kegiatan tercatat.", "No event recorded yet."),
    "grafik_harian_untuk": ("Grafik harian dengan tanda kegiatan untuk", "Daily chart with event markers for"),
    "tambah_kegiatan": ("Tambah kegiatan", "Add an event"),
    "jenis_rakor": ("rakor", "rakor (coordination meeting)"),
    "jenis_sosialisasi": ("sosialisasi", "sosialisasi (outreach)"),
    "jenis_pendampingan": ("pendampingan", "pendampingan (assisted filling-in)"),
    "jenis_lainnya": ("lainnya", "other"),
    "label_kec": ("Kec. {nama}", "{nama} district"),
    "label_desa": ("{nama} (Kec. {kecamatan})", "{nama} ({kecamatan})"),
    "keterangan_contoh": ("mis. Rakor SP2020 Online bersama kades se-kecamatan", "e.g. rakor with all village heads"),
    "simpan_kegiatan": ("Simpan kegiatan", "Save the event"),
    "kegiatan_tersimpan": (
        "Tersimpan: kegiatan di {wilayah} pada {tanggal}.",
        "Saved: event in {wilayah} on {tanggal}.",
    ),
    "kegiatan_sudah_ada": (
        "Kegiatan yang sama (tanggal, jenis, wilayah, keterangan) sudah tercatat; tidak ditambah lagi.",
        "The same event (date, kind, area, description) is already recorded; not added again.",
    ),
    "kegiatan_tanggal_jauh": (
        "Tanggal terlalu jauh dari masa SP Online (paling jauh 14 hari sebelum atau sesudahnya).",
        "The date is too far from the SP Online window (at most 14 days before or after).",
    ),
    "kegiatan_jenis_tidak_dikenal": ("Jenis kegiatan tidak dikenal.", "Unknown kind of event."),
    "kegiatan_keterangan_kosong": ("Isi keterangan kegiatan.", "Fill in a description."),
    "kegiatan_keterangan_panjang": ("Keterangan terlalu panjang (maks. 300 huruf).", "Description too long (300 max)."),
    # outreach page: the daily message
    "pesan_bantuan": (
        "Salin pesan ini (tombol salin di pojok kanan atas kotak) untuk grup WhatsApp BPS dan camat. Sama dengan "
        "`python -m sensus report --format text`.",
        "Copy this message (copy button at the top right of the box) for the BPS and district WhatsApp groups. "
        "Same as `python -m sensus report --format text`.",
    ),
    "buat_png": ("Buat gambar grafik (PNG)", "Make a chart image (PNG)"),
    "buat_png_bantuan": ("Butuh beberapa detik", "Takes a few seconds"),
    "membuat_png": ("Membuat gambar …", "Making the image …"),
    "unduh_png": ("Unduh PNG", "Download PNG"),
    # --- end of issue 5 keys ---
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
