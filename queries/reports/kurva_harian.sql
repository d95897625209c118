-- kurva_harian: daily new and cumulative responses over the window, for the curves and daily bars
-- grain: one row per day of the window (46 for 15 Feb – 31 Mar 2020), for the scope
-- params: $kode_kec VARCHAR (NULL = whole kabupaten), $kode_desa VARCHAR (NULL = all villages of the scope)
select
    c.tanggal,
    sum(c.kk_baru)::bigint as kk_baru,
    sum(c.penduduk_baru)::bigint as penduduk_baru,
    sum(c.kk_respon)::bigint as kk_respon,
    sum(c.penduduk_respon)::bigint as penduduk_respon,
    sum(c.kk_clean)::bigint as kk_clean,
    sum(t.kk)::bigint as kk_target,
    sum(t.penduduk)::bigint as penduduk_target
from capaian_harian_desa as c
left join target as t using (kode_desa)
where ($kode_kec is null or c.kode_kec = $kode_kec)
    and ($kode_desa is null or c.kode_desa = $kode_desa)
group by c.tanggal
order by c.tanggal
