-- capaian_harian_desa: daily and cumulative responses of every village on every day of the window
-- reads: desa, kontribusi_semua
-- writes: none (a query: its caller names the table it fills)
-- grain: one row per desa per day (295 × 46 for Blora), dense: a quiet day has a row of zeros
-- params: $mulai DATE, $selesai DATE. Reads the temp table `kontribusi_semua`: kontribusi_harian.sql over every
--         submission, which holds the counting rule; this file only lays it out densely and sums it up.
with days as (
    select unnest(generate_series($mulai::date, $selesai::date, interval 1 day))::date as tanggal
)

select
    d.kode_desa,
    d.kode_kec,
    days.tanggal,
    coalesce(k.kk_baru, 0)::integer as kk_baru,
    coalesce(k.penduduk_baru, 0)::integer as penduduk_baru,
    sum(coalesce(k.kk_baru, 0)) over cumulative::integer as kk_respon,
    sum(coalesce(k.delta_penduduk, 0)) over cumulative::integer as penduduk_respon,
    sum(coalesce(k.delta_clean, 0)) over cumulative::integer as kk_clean
from desa as d
cross join days
left join kontribusi_semua as k on k.kode_desa = d.kode_desa and k.tanggal = days.tanggal
window cumulative as (partition by d.kode_desa order by days.tanggal)
order by d.kode_desa, days.tanggal
