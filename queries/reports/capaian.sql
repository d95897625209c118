-- capaian: response of every area as of a day; the figures of `python -m sensus report`, the ranking and the maps
-- grain: one row per area of $tingkat ('kabupaten' → 1 row, 'kecamatan' → 16, 'desa' → 295), within the scope
-- params: $tanggal DATE (last day counted, WIB), $tingkat VARCHAR, $kode_kec VARCHAR (NULL = whole kabupaten),
--         $kode_kab VARCHAR ('33.16'), $nama_kab VARCHAR ('Kabupaten Blora', the configured region's)
-- a day after the window counts as its last day; a day before it, as nothing yet
with hari as (
    select max(tanggal) as tanggal from capaian_harian_desa where tanggal <= $tanggal
),

per_desa as (
    select
        d.kode_desa,
        d.kode_kec,
        t.kk as kk_target,
        t.penduduk as penduduk_target,
        coalesce(c.kk_respon, 0) as kk_respon,
        coalesce(c.penduduk_respon, 0) as penduduk_respon,
        coalesce(c.kk_clean, 0) as kk_clean
    from desa as d
    left join target as t using (kode_desa)
    left join capaian_harian_desa as c on c.kode_desa = d.kode_desa and c.tanggal = (select tanggal from hari)
    where $kode_kec is null or d.kode_kec = $kode_kec
),

per_area as (
    select
        case $tingkat when 'desa' then kode_desa when 'kecamatan' then kode_kec else $kode_kab end as kode,
        -- sum() of no targets stays NULL, so an area without targets shows no rate rather than 0 %
        sum(kk_target) as kk_target,
        sum(penduduk_target) as penduduk_target,
        sum(kk_respon) as kk_respon,
        sum(penduduk_respon) as penduduk_respon,
        sum(kk_clean) as kk_clean
    from per_desa
    group by 1
),

names as (
    select kode_desa as kode, nama_desa as nama from desa
    union all select kode_kec, nama_kec from kecamatan
    union all select $kode_kab, $nama_kab
)

select
    a.kode,
    n.nama,
    a.kk_target::bigint as kk_target,
    a.penduduk_target::bigint as penduduk_target,
    a.kk_respon::bigint as kk_respon,
    a.penduduk_respon::bigint as penduduk_respon,
    a.kk_clean::bigint as kk_clean,
    100.0 * a.kk_respon / nullif(a.kk_target, 0) as persen_kk,
    100.0 * a.penduduk_respon / nullif(a.penduduk_target, 0) as persen_penduduk
from per_area as a
join names as n using (kode)
order by a.kode
