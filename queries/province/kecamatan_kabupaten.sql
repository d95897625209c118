-- kecamatan_kabupaten: the drill from the province into one kabupaten: its kecamatan as of a day
-- grain: one row per kecamatan of $kode_kab (none when the kabupaten has no published version)
-- params: $kode_kab VARCHAR, $tanggal DATE. Reads the views `capaian_harian_desa`, `desa` and `kecamatan` (the
--         kabupaten's CURRENT published version), never its store. Same counting as reports/capaian.sql.
with hari as (
    select max(tanggal) as tanggal
    from capaian_harian_desa
    where kode_kab = $kode_kab and tanggal <= $tanggal
),

per_kec as (
    select
        d.kode_kec,
        sum(d.kk_target) as kk_target,
        sum(d.penduduk_target) as penduduk_target,
        sum(coalesce(c.kk_respon, 0)) as kk_respon,
        sum(coalesce(c.penduduk_respon, 0)) as penduduk_respon,
        sum(coalesce(c.kk_clean, 0)) as kk_clean
    from desa as d
    left join capaian_harian_desa as c
        on c.kode_kab = d.kode_kab and c.kode_desa = d.kode_desa and c.tanggal = (select tanggal from hari)
    where d.kode_kab = $kode_kab
    group by d.kode_kec
)

select
    p.kode_kec,
    k.nama_kec,
    p.kk_target::bigint as kk_target,
    p.penduduk_target::bigint as penduduk_target,
    p.kk_respon::bigint as kk_respon,
    p.penduduk_respon::bigint as penduduk_respon,
    p.kk_clean::bigint as kk_clean,
    100.0 * p.kk_respon / nullif(p.kk_target, 0) as persen_kk,
    100.0 * p.penduduk_respon / nullif(p.penduduk_target, 0) as persen_penduduk
from per_kec as p
join kecamatan as k on k.kode_kab = $kode_kab and k.kode_kec = p.kode_kec
order by p.kode_kec
