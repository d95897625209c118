-- kontribusi_harian: what a set of households adds to capaian_harian_desa, per village and day
-- reads: perubahan
-- writes: none (a query: its caller names the table it fills)
-- grain: one row per desa per day on which a counted household changes something
-- params: none. Reads the temp table `perubahan` (perubahan_rumah_tangga.sql: every household's changes for the
--         full build, the touched households' for an import).
select
    kode_desa,
    tanggal,
    count(*) filter (where is_first) as kk_baru,
    coalesce(sum(delta_penduduk) filter (where is_first), 0) as penduduk_baru,
    sum(delta_penduduk) as delta_penduduk,
    sum(delta_clean) as delta_clean
from perubahan
group by kode_desa, tanggal
