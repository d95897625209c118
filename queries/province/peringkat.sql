-- peringkat: the province's kabupaten ranked by household response rate as of a day
-- grain: one row per kabupaten with a published version (best first; a kabupaten without targets last)
-- params: $tanggal DATE (last day counted). Reads the view `ringkasan` (summary.parquet) only: no village rows.
--         Counted as reports/capaian.sql counts a kabupaten: a day after its window counts as its last day; a day
--         before it, as nothing yet (targets, zero responses, tanggal NULL).
with per_kab as (
    select
        kode_kab,
        any_value(nama_kab) as nama_kab,
        any_value(versi) as versi,
        -- a version's targets are the same on every day
        any_value(kk_target) as kk_target,
        any_value(penduduk_target) as penduduk_target,
        max(tanggal) filter (where tanggal <= $tanggal) as tanggal
    from ringkasan
    group by kode_kab
),

hari as (
    select
        p.*,
        coalesce(r.kk_respon, 0) as kk_respon,
        coalesce(r.penduduk_respon, 0) as penduduk_respon,
        coalesce(r.kk_clean, 0) as kk_clean
    from per_kab as p
    left join ringkasan as r on r.kode_kab = p.kode_kab and r.tanggal = p.tanggal
)

select
    row_number() over (order by 100.0 * kk_respon / nullif(kk_target, 0) desc nulls last, kode_kab) as peringkat,
    kode_kab,
    nama_kab,
    tanggal,
    kk_target,
    penduduk_target,
    kk_respon,
    penduduk_respon,
    kk_clean,
    100.0 * kk_respon / nullif(kk_target, 0) as persen_kk,
    100.0 * penduduk_respon / nullif(penduduk_target, 0) as persen_penduduk,
    versi
from hari
order by peringkat
