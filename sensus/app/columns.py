"""Table column labels: each column name with its text key, written out so every key is a literal."""

from collections.abc import Callable, Iterable

KOLOM = {
    "kode": "kolom_kode",
    "nama": "kolom_nama",
    "tanggal": "kolom_tanggal",
    "jenis": "kolom_jenis",
    "keterangan": "kolom_keterangan",
    "sisa_kk": "kolom_sisa_kk",
    "sisa_penduduk": "kolom_sisa_penduduk",
    "hari_tanpa_respon": "kolom_hari_tanpa_respon",
    "hari_respon_terakhir": "kolom_hari_respon_terakhir",
    "kk_baru": "kolom_kk_baru",
    "penduduk_baru": "kolom_penduduk_baru",
    "kk_baru_7_hari": "kolom_kk_baru_7_hari",
    "waktu_impor": "kolom_waktu_impor",
    "hari_data": "kolom_hari_data",
    "berkas": "kolom_berkas",
    "baris_dibaca": "kolom_baris_dibaca",
    "submisi_baru": "kolom_submisi_baru",
    "rumah_tangga_baru": "kolom_rumah_tangga_baru",
    "diperbarui": "kolom_diperbarui",
    "sama": "kolom_sama",
    "duplikat": "kolom_duplikat",
    "ditolak": "kolom_ditolak",
    "luar_jendela": "kolom_luar_jendela",
    "kolom_dibuang": "kolom_kolom_dibuang",
    "baris": "kolom_baris",
    "alasan": "kolom_alasan",
    "pengguna": "kolom_pengguna",
    "is_dibatalkan": "kolom_is_dibatalkan",
    "nilai": "kolom_nilai",
    "id_submisi": "kolom_id_submisi",
    "kode_desa": "kolom_kode_desa",
    "waktu_submit": "kolom_waktu_submit",
    "jumlah_art": "kolom_jumlah_art",
    "status": "kolom_status",
    "nama_kec": "kolom_nama_kec",
    "jumlah_submisi": "kolom_jumlah_submisi",
    "status_macet": "kolom_status_macet",
    "nama_wilayah": "kolom_nama_wilayah",
    "label_wilayah": "kolom_nama_wilayah",
    "pelaksanaan": "kolom_pelaksanaan",
    "simulasi": "kolom_simulasi",
    "kk_target": "kolom_kk_target",
    "penduduk_target": "kolom_penduduk_target",
    "kk_respon": "kolom_kk_respon",
    "penduduk_respon": "kolom_penduduk_respon",
    "kk_clean": "kolom_kk_clean",
    "persen_kk": "kolom_persen_kk",
    "persen_penduduk": "kolom_persen_penduduk",
    "naik_7_hari": "kolom_naik_7_hari",
    "naik_7_hari_kk": "kolom_naik_7_hari",
    "naik_7_hari_penduduk": "kolom_naik_7_hari",
    "status_jalur": "kolom_status_jalur",
    # the priority list, the rakor list and the events file (every download has a header)
    "peringkat": "kolom_peringkat",
    "nama_desa": "kolom_nama_desa",
    "skor": "kolom_skor",
    "persen": "kolom_persen",
    "hari_tanpa_kegiatan": "kolom_hari_tanpa_kegiatan",
    "kk_baru_7": "kolom_kk_baru_7",
    "macet": "kolom_macet",
    "kegiatan_id": "kolom_kegiatan_id",
}
# decimal places a download keeps where the page shows fewer than the usual 2 (exports rounds every decimal column)
DESIMAL = {"skor": 0}
# by measure
PERSEN = {"penduduk": "kolom_persen_penduduk", "kk": "kolom_persen_kk"}
LAJU = {"penduduk": "kolom_laju_penduduk", "kk": "kolom_laju_kk"}


def labels(columns: Iterable[str], t: Callable[[str], str]) -> dict[str, str]:
    """column → its label in the viewer's language, for the columns that have one."""
    return {column: t(KOLOM[column]) for column in columns if column in KOLOM}
