-- perubahan_rumah_tangga: what each submission changes in its household's count. The counting rule of every
-- figure lives here and only here; both marts are sums of it (kontribusi_harian.sql per village and day,
-- rumah_tangga.sql per household).
-- reads: submisi_dihitung
-- writes: none (a query: its caller names the table it fills)
-- grain: one row per submission inside the window
-- params: $mulai DATE, $selesai DATE (the census window, WIB days, inclusive). Reads the temp view
--         `submisi_dihitung`: every submission (full build) or the touched households' (an import).
-- "As of day D" counts households whose first submission is on or before D, with the persons and the status
-- of their latest submission up to D. So the first submission brings the household and its persons; a later
-- one changes persons and status on its own day by the difference to the one before. A household's changes
-- depend on its own submissions only, which is what lets an import update the marts for the households it
-- touched alone. Summed over a household they telescope to its latest persons and status.
with in_window as (
    select *
    from submisi_dihitung
    where tanggal between $mulai and $selesai
)

select
    rumah_tangga,
    tanggal,
    -- the household stays in the village of its first submission
    first_value(kode_desa) over household_order as kode_desa,
    lag(id_submisi) over household_order is null as is_first,
    jumlah_art - coalesce(lag(jumlah_art) over household_order, 0) as delta_penduduk,
    (status = 'clean')::integer
        - coalesce((lag(status) over household_order = 'clean')::integer, 0) as delta_clean
from in_window
window household_order as (partition by rumah_tangga order by waktu_submit, id_submisi)
