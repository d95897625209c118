-- terbit_capaian_harian_desa: a kabupaten's village × day mart as published for the province
-- grain: one row per desa per day of the window (the store's capaian_harian_desa), each carrying the kabupaten's code
-- params: $kode_kab VARCHAR. Reads the kabupaten's store (attached read-only), never writes it.
select
    $kode_kab::varchar as kode_kab,
    kode_desa,
    kode_kec,
    tanggal,
    kk_baru,
    penduduk_baru,
    kk_respon,
    penduduk_respon,
    kk_clean
from capaian_harian_desa
order by kode_desa, tanggal
