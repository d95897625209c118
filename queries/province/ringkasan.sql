-- ringkasan: the province summary, rebuilt after every publish into summary.parquet
-- grain: one row per kabupaten and day (35 × 46 for Jawa Tengah), from each kabupaten's CURRENT version only
-- params: none. Reads the views `ringkasan_terbit` (every current version's own summary rows) and `kabupaten`
--         (their names and version numbers); a kabupaten with no published version has no rows.
select
    r.kode_kab,
    k.nama_kab,
    k.versi,
    r.tanggal,
    r.kk_target,
    r.penduduk_target,
    r.kk_respon,
    r.penduduk_respon,
    r.kk_clean,
    r.kk_baru,
    r.penduduk_baru,
    r.persen_kk,
    r.persen_penduduk
from ringkasan_terbit as r
join kabupaten as k using (kode_kab)
order by r.kode_kab, r.tanggal
