-- peringkat: the province's kabupaten ranked by household response rate as of a day
-- grain: one row per kabupaten with a published version (best first; a kabupaten without targets last)
-- params: $tanggal DATE (last day counted). Reads the view `ringkasan` (summary.parquet) only: no village rows.
--         A day after a kabupaten's window counts as its last day; a day before it, as nothing yet (no row).
with hari as (
    select kode_kab, max(tanggal) as tanggal
    from ringkasan
    where tanggal <= $tanggal
    group by kode_kab
)

select
    row_number() over (order by r.persen_kk desc nulls last, r.kode_kab) as peringkat,
    r.kode_kab,
    r.nama_kab,
    r.tanggal,
    r.kk_target,
    r.penduduk_target,
    r.kk_respon,
    r.penduduk_respon,
    r.kk_clean,
    r.persen_kk,
    r.persen_penduduk,
    r.versi
from ringkasan as r
join hari as h using (kode_kab, tanggal)
order by peringkat
