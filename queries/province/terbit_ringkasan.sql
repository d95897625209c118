-- terbit_ringkasan: a kabupaten's own rows of the province summary, written with each published version
-- grain: one row per day of the window; the kabupaten's totals as reports/capaian.sql counts them at tingkat
--        'kabupaten' (targets summed over villages that have one, responses over every village)
-- params: $kode_kab VARCHAR, $nama_kab VARCHAR, $versi INTEGER (the published version these rows belong to).
--         Reads the store's capaian_harian_desa, desa and target.
with per_hari as (
    select
        c.tanggal,
        sum(t.kk) as kk_target,
        sum(t.penduduk) as penduduk_target,
        sum(c.kk_respon) as kk_respon,
        sum(c.penduduk_respon) as penduduk_respon,
        sum(c.kk_clean) as kk_clean,
        sum(c.kk_baru) as kk_baru,
        sum(c.penduduk_baru) as penduduk_baru
    from capaian_harian_desa as c
    join desa as d using (kode_desa)
    left join target as t using (kode_desa)
    group by c.tanggal
)

select
    $kode_kab::varchar as kode_kab,
    $nama_kab::varchar as nama_kab,
    $versi::integer as versi,
    tanggal,
    kk_target::bigint as kk_target,
    penduduk_target::bigint as penduduk_target,
    kk_respon::bigint as kk_respon,
    penduduk_respon::bigint as penduduk_respon,
    kk_clean::bigint as kk_clean,
    kk_baru::bigint as kk_baru,
    penduduk_baru::bigint as penduduk_baru,
    100.0 * kk_respon / nullif(kk_target, 0) as persen_kk,
    100.0 * penduduk_respon / nullif(penduduk_target, 0) as persen_penduduk
from per_hari
order by tanggal
