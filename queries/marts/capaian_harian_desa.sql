-- capaian_harian_desa: daily and cumulative responses of every village on every day of the window
-- grain: one row per desa per day (295 × 46 for Blora), dense: a quiet day has a row of zeros
-- params: $mulai DATE, $selesai DATE
-- "as of day D" counts households whose first submission is on or before D, with the persons and
-- the status of their latest submission up to D. A later submission changes a household's
-- persons or status on its own day, so each submission contributes the change it makes.
with in_window as (
    select *
    from submisi
    where tanggal between $mulai and $selesai
),

changes as (
    select
        tanggal,
        -- the household stays in the village of its first submission
        first_value(kode_desa) over household_order as kode_desa,
        lag(id_submisi) over household_order is null as is_first,
        jumlah_art - coalesce(lag(jumlah_art) over household_order, 0) as delta_penduduk,
        (status = 'clean')::integer
            - coalesce((lag(status) over household_order = 'clean')::integer, 0) as delta_clean
    from in_window
    window household_order as (partition by rumah_tangga order by waktu_submit, id_submisi)
),

daily as (
    select
        kode_desa,
        tanggal,
        count(*) filter (where is_first) as kk_baru,
        sum(delta_penduduk) filter (where is_first) as penduduk_baru,
        sum(delta_penduduk) as delta_penduduk,
        sum(delta_clean) as delta_clean
    from changes
    group by kode_desa, tanggal
),

days as (
    select unnest(generate_series($mulai::date, $selesai::date, interval 1 day))::date as tanggal
)

select
    d.kode_desa,
    d.kode_kec,
    days.tanggal,
    coalesce(daily.kk_baru, 0)::integer as kk_baru,
    coalesce(daily.penduduk_baru, 0)::integer as penduduk_baru,
    sum(coalesce(daily.kk_baru, 0)) over cumulative::integer as kk_respon,
    sum(coalesce(daily.delta_penduduk, 0)) over cumulative::integer as penduduk_respon,
    sum(coalesce(daily.delta_clean, 0)) over cumulative::integer as kk_clean
from desa as d
cross join days
left join daily on daily.kode_desa = d.kode_desa and daily.tanggal = days.tanggal
window cumulative as (partition by d.kode_desa order by days.tanggal)
order by d.kode_desa, days.tanggal
