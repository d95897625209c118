-- rumah_tangga: the households that responded inside the window, as counted in every rate
-- reads: perubahan
-- writes: none (a query: its caller names the table it fills)
-- grain: one row per household (its salted no_kk hash, else its id_submisi)
-- params: none. Reads the temp table `perubahan` (perubahan_rumah_tangga.sql over every household for the full
--         build, over the touched ones for an import).
-- Submissions outside the window are kept in `submisi` but count for nothing here.
select
    rumah_tangga,
    -- a household belongs to the village and the day of its first submission
    any_value(kode_desa) as kode_desa,
    min(tanggal) as tanggal_respon,
    -- and has the persons and the status of its latest one: its changes summed
    sum(delta_penduduk)::smallint as jumlah_art,
    sum(delta_clean) = 1 as is_clean,
    count(*) as jumlah_submisi
from perubahan
group by rumah_tangga
