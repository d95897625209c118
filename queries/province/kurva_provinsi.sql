-- kurva_provinsi: the province's daily curve: new and cumulative responses summed over its published kabupaten
-- grain: one row per day; kabupaten counts how many kabupaten the day's figures cover
-- params: none. Reads the view `ringkasan` (summary.parquet) only.
select
    tanggal,
    count(*)::integer as kabupaten,
    sum(kk_baru)::bigint as kk_baru,
    sum(penduduk_baru)::bigint as penduduk_baru,
    sum(kk_respon)::bigint as kk_respon,
    sum(penduduk_respon)::bigint as penduduk_respon,
    sum(kk_clean)::bigint as kk_clean,
    sum(kk_target)::bigint as kk_target,
    sum(penduduk_target)::bigint as penduduk_target,
    100.0 * sum(kk_respon) / nullif(sum(kk_target), 0) as persen_kk,
    100.0 * sum(penduduk_respon) / nullif(sum(penduduk_target), 0) as persen_penduduk
from ringkasan
group by tanggal
order by tanggal
