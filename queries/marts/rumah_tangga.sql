-- rumah_tangga: the households that responded inside the window, as counted in every rate
-- grain: one row per household (its salted no_kk hash, else its id_submisi)
-- params: $mulai DATE, $selesai DATE (the census window, WIB days, inclusive), $semua BOOLEAN (every
--         household; false: only the touched ones, whose submissions are in the temp table `submisi_tersentuh`)
-- submissions outside the window are kept in `submisi` but count for nothing here
with in_window as (
    select *
    from submisi
    where $semua and tanggal between $mulai and $selesai
    union all
    select *
    from submisi_tersentuh
    where not $semua and tanggal between $mulai and $selesai
),

ordered as (
    select
        *,
        row_number() over household_order as urutan,
        count(*) over (partition by rumah_tangga) as jumlah_submisi
    from in_window
    window household_order as (partition by rumah_tangga order by waktu_submit, id_submisi)
)

select
    rumah_tangga,
    -- a household belongs to the village and the day of its first submission
    arg_min(kode_desa, urutan) as kode_desa,
    min(tanggal) as tanggal_respon,
    -- and has the persons and the status of its latest one
    arg_max(jumlah_art, urutan) as jumlah_art,
    arg_max(status, urutan) = 'clean' as is_clean,
    any_value(jumlah_submisi) as jumlah_submisi
from ordered
group by rumah_tangga
