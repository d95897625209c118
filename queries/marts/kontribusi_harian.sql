-- kontribusi_harian: what the touched households add to capaian_harian_desa, per village and day
-- grain: one row per desa per day on which a touched household changes something
-- params: $mulai DATE, $selesai DATE
-- The same steps as capaian_harian_desa.sql, limited to the touched households' submissions (temp table
-- `submisi_tersentuh`, gathered with one pass over `submisi`):
-- a household's contribution depends on its own submissions only, so the mart can be updated by
-- subtracting its contribution before the import and adding the one after.
with in_window as (
    select *
    from submisi_tersentuh
    where tanggal between $mulai and $selesai
),

changes as (
    select
        tanggal,
        first_value(kode_desa) over household_order as kode_desa,
        lag(id_submisi) over household_order is null as is_first,
        jumlah_art - coalesce(lag(jumlah_art) over household_order, 0) as delta_penduduk,
        (status = 'clean')::integer
            - coalesce((lag(status) over household_order = 'clean')::integer, 0) as delta_clean
    from in_window
    window household_order as (partition by rumah_tangga order by waktu_submit, id_submisi)
)

select
    kode_desa,
    tanggal,
    count(*) filter (where is_first) as kk_baru,
    coalesce(sum(delta_penduduk) filter (where is_first), 0) as penduduk_baru,
    sum(delta_penduduk) as delta_penduduk,
    sum(delta_clean) as delta_clean
from changes
group by kode_desa, tanggal
